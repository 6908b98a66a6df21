// --ckpt-prepare-rocdl-kernels: hand-written kernels may take up to 1024 threads per block on
// AMD chips (outlined kernels keep the exact size their known_block_size gives, and a
// limit set by hand stays), and memref.dim at a run-time index needs no stack array.
// RUN: %ckpt_opt %s -split-input-file --pass-pipeline='builtin.module(ckpt-prepare-rocdl-kernels)' | FileCheck %s
// RUN: %ckpt_opt %s -split-input-file --pass-pipeline='builtin.module(ckpt-prepare-rocdl-kernels,gpu.module(convert-gpu-to-rocdl))' \
// RUN:   | FileCheck %s --check-prefix=ROCDL

module attributes {gpu.container_module} {
  gpu.module @kernels {
    // CHECK-LABEL: gpu.func @by_hand(
    // CHECK-SAME:    rocdl.flat_work_group_size = "1,1024"
    // ROCDL-LABEL: llvm.func @by_hand(
    // ROCDL-SAME:    rocdl.flat_work_group_size = "1,1024"
    gpu.func @by_hand(%x: memref<?xf32>) kernel {
      gpu.return
    }
    // CHECK-LABEL: gpu.func @outlined(
    // CHECK-NOT:     rocdl.flat_work_group_size
    // CHECK-SAME:    known_block_size = array<i32: 64, 2, 1>
    // ROCDL-LABEL: llvm.func @outlined(
    // ROCDL-SAME:    rocdl.flat_work_group_size = "128,128"
    gpu.func @outlined(%x: memref<?xf32>) kernel attributes {known_block_size = array<i32: 64, 2, 1>} {
      gpu.return
    }
    // CHECK-LABEL: gpu.func @set_by_hand(
    // CHECK-SAME:    rocdl.flat_work_group_size = "1,64"
    gpu.func @set_by_hand(%x: memref<?xf32>) kernel attributes {rocdl.flat_work_group_size = "1,64"} {
      gpu.return
    }
    // Not a kernel: no limit to set.
    // CHECK-LABEL: gpu.func @helper(
    // CHECK-NOT:     rocdl.flat_work_group_size
    // CHECK:         gpu.return
    gpu.func @helper(%x: memref<?xf32>) {
      gpu.return
    }
  }
}

// -----

// memref.dim at an index the kernel receives becomes selects over constant dims (the
// last dim for the remaining case); a constant index is left alone.
// CHECK-LABEL: gpu.func @dims(
// CHECK-SAME:      %[[M:.*]]: memref<?x?x?xf32>, %[[I:.*]]: index, %[[OUT:.*]]: memref<2xindex>)
// CHECK-DAG:     %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG:     %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG:     %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG:     %[[D2:.*]] = memref.dim %[[M]], %[[C2]]
// CHECK-DAG:     %[[D1:.*]] = memref.dim %[[M]], %[[C1]]
// CHECK-DAG:     %[[IS1:.*]] = arith.cmpi eq, %[[I]], %[[C1]]
// CHECK-DAG:     %[[S1:.*]] = arith.select %[[IS1]], %[[D1]], %[[D2]]
// CHECK-DAG:     %[[D0:.*]] = memref.dim %[[M]], %[[C0]]
// CHECK-DAG:     %[[IS0:.*]] = arith.cmpi eq, %[[I]], %[[C0]]
// CHECK-DAG:     %[[S0:.*]] = arith.select %[[IS0]], %[[D0]], %[[S1]]
// CHECK:         memref.store %[[S0]], %[[OUT]]
// CHECK:         %[[FIXED:.*]] = memref.dim %[[M]], %{{.*}} : memref<?x?x?xf32>
// CHECK-NEXT:    memref.store %[[FIXED]], %[[OUT]]
// ROCDL-LABEL: llvm.func @dims(
// ROCDL-NOT:     llvm.alloca
// ROCDL:         llvm.return
module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @dims(%m: memref<?x?x?xf32>, %i: index, %out: memref<2xindex>) kernel
        attributes {known_block_size = array<i32: 1, 1, 1>} {
      %c0 = arith.constant 0 : index
      %c1 = arith.constant 1 : index
      %d = memref.dim %m, %i : memref<?x?x?xf32>
      memref.store %d, %out[%c0] : memref<2xindex>
      %fixed = memref.dim %m, %c1 : memref<?x?x?xf32>
      memref.store %fixed, %out[%c1] : memref<2xindex>
      gpu.return
    }
  }
}

// -----

// Per-thread scratch inside a gate and a loop: a private alloca in the entry block, cast
// back to the memref its users had, so the backend sees neither a generic-space nor a
// dynamic stack allocation (which it cannot select: an abort, not a diagnostic).
module attributes {gpu.container_module} {
  gpu.module @kernels {
    // CHECK-LABEL: gpu.func @scratch(
    // CHECK-NEXT:    %[[TILE:.*]] = memref.alloca() {alignment = 16 : i64} : memref<4xf32, #gpu.address_space<private>>
    // CHECK-NEXT:    %[[CAST:.*]] = memref.memory_space_cast %[[TILE]] : memref<4xf32, #gpu.address_space<private>> to memref<4xf32>
    // CHECK-NEXT:    %[[ROW:.*]] = memref.alloca() : memref<2xi32, #gpu.address_space<private>>
    // CHECK-NEXT:    %[[ROWCAST:.*]] = memref.memory_space_cast %[[ROW]]
    // CHECK-NOT:     memref.alloca
    // CHECK:         scf.if
    // CHECK:           memref.store %{{.*}}, %[[CAST]][%{{.*}}] : memref<4xf32>
    // CHECK:           scf.for
    // CHECK:             memref.store %{{.*}}, %[[ROWCAST]][%{{.*}}] : memref<2xi32>
    // ROCDL-LABEL: llvm.func @scratch(
    // ROCDL:         llvm.alloca %{{.*}} x f32 {alignment = 16 : i64} : (i64) -> !llvm.ptr<5>
    // ROCDL:         llvm.alloca %{{.*}} x i32 : (i64) -> !llvm.ptr<5>
    gpu.func @scratch(%x: memref<4xf32>, %open: i1, %n: index) kernel {
      %c0 = arith.constant 0 : index
      %c1 = arith.constant 1 : index
      scf.if %open {
        %tile = memref.alloca() {alignment = 16 : i64} : memref<4xf32>
        %v = memref.load %x[%c0] : memref<4xf32>
        memref.store %v, %tile[%c0] : memref<4xf32>
        scf.for %i = %c0 to %n step %c1 {
          %row = memref.alloca() : memref<2xi32>
          %z = arith.constant 0 : i32
          memref.store %z, %row[%c0] : memref<2xi32>
        }
        %w = memref.load %tile[%c0] : memref<4xf32>
        memref.store %w, %x[%c1] : memref<4xf32>
      }
      gpu.return
    }
  }
}
