// --ckpt-workgroup-attributions: in CUDA and HIP kernels, memref.alloc of workgroup memory
// (which the NVVM and ROCDL conversions would make a heap allocation) becomes a workgroup
// attribution appended after the kernel's others, its deallocations go; every workgroup
// attribution gets a 16-byte alignment unless it has one. Other functions and dynamically
// sized allocs (ckpt-check-target reports those) are left alone.
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-workgroup-attributions)' | FileCheck %s

module attributes {gpu.container_module} {
  gpu.module @kernels {
    // CHECK-LABEL: gpu.func @sums(
    // CHECK-SAME:    %[[X:[^:]*]]: memref<64xf32>)
    // CHECK-SAME:    workgroup(%[[MINE:[^ ]*]] : memref<4xf32, #gpu.address_space<workgroup>> {llvm.align = 16 : i64, my.note},
    // CHECK-SAME:    %[[A:[^ ]*]] : memref<32xf32, #gpu.address_space<workgroup>> {llvm.align = 16 : i64},
    // CHECK-SAME:    %[[B:[^ ]*]] : memref<2x8xi32, #gpu.address_space<workgroup>> {llvm.align = 16 : i64})
    // CHECK-SAME:    private(%{{.*}} : memref<2xf32, #gpu.address_space<private>>)
    // CHECK-NOT:     memref.alloc
    // CHECK:         memref.store %{{.*}}, %[[A]][%{{.*}}] : memref<32xf32, #gpu.address_space<workgroup>>
    // CHECK:         memref.store %{{.*}}, %[[B]][%{{.*}}, %{{.*}}] : memref<2x8xi32, #gpu.address_space<workgroup>>
    // CHECK:         memref.store %{{.*}}, %[[MINE]][%{{.*}}] : memref<4xf32, #gpu.address_space<workgroup>>
    // CHECK-NOT:     memref.dealloc
    // CHECK:         gpu.return
    gpu.func @sums(%x: memref<64xf32>)
        workgroup(%mine : memref<4xf32, #gpu.address_space<workgroup>>)
        private(%p : memref<2xf32, #gpu.address_space<private>>)
        kernel attributes {workgroup_attrib_attrs = [{my.note}]} {
      %c0 = arith.constant 0 : index
      %c1 = arith.constant 1 : index
      %tx = gpu.thread_id x
      %v = memref.load %x[%tx] : memref<64xf32>
      %a = memref.alloc() : memref<32xf32, #gpu.address_space<workgroup>>
      memref.store %v, %a[%tx] : memref<32xf32, #gpu.address_space<workgroup>>
      scf.for %k = %c0 to %c1 step %c1 {
        %b = memref.alloc() : memref<2x8xi32, #gpu.address_space<workgroup>>
        %i = arith.constant 7 : i32
        memref.store %i, %b[%c0, %k] : memref<2x8xi32, #gpu.address_space<workgroup>>
        memref.dealloc %b : memref<2x8xi32, #gpu.address_space<workgroup>>
      }
      memref.store %v, %mine[%c0] : memref<4xf32, #gpu.address_space<workgroup>>
      memref.dealloc %a : memref<32xf32, #gpu.address_space<workgroup>>
      gpu.return
    }

    // An attribution with an alignment of its own keeps it.
    // CHECK-LABEL: gpu.func @aligned(
    // CHECK-SAME:    workgroup(%{{.*}} : memref<8xf32, #gpu.address_space<workgroup>> {llvm.align = 4 : i64})
    gpu.func @aligned() workgroup(%w : memref<8xf32, #gpu.address_space<workgroup>>)
        kernel attributes {workgroup_attrib_attrs = [{llvm.align = 4 : i64}]} {
      gpu.return
    }

    // CHECK-LABEL: gpu.func @dynamic(
    // CHECK-NOT:     workgroup(
    // CHECK:         memref.alloc(%{{.*}}) : memref<?xf32, #gpu.address_space<workgroup>>
    gpu.func @dynamic(%n: index) kernel {
      %d = memref.alloc(%n) : memref<?xf32, #gpu.address_space<workgroup>>
      gpu.return
    }

    // Not a kernel: no attribution to give.
    // CHECK-LABEL: gpu.func @helper(
    // CHECK-NOT:     workgroup(
    // CHECK:         memref.alloc() : memref<8xf32, #gpu.address_space<workgroup>>
    gpu.func @helper() {
      %h = memref.alloc() : memref<8xf32, #gpu.address_space<workgroup>>
      gpu.return
    }
  }
}
