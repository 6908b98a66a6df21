// --ckpt-convert-kernel-vectors: convert-vector-to-llvm for a CUDA or HIP gpu.module,
// with the GPU address spaces numbered as the target's conversion numbers them, so that
// vector accesses to workgroup and private memory convert here too. Upstream's pass
// printed "conversion of memref memory space ... failed" as an error on them (the
// compile went on), so the whole pipeline must print nothing either.
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(gpu.module(ckpt-convert-kernel-vectors{address-spaces=nvvm}))' 2>&1 | FileCheck %s --check-prefixes=CHECK,NVVM --implicit-check-not=error
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(gpu.module(ckpt-convert-kernel-vectors{address-spaces=rocdl}))' 2>&1 | FileCheck %s --check-prefixes=CHECK,ROCDL --implicit-check-not=error
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-lower-to-llvm{target=cuda})' -o /dev/null 2>&1 | count 0
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-lower-to-llvm{target=hip chips=sm_90})' -o /dev/null 2>&1 | count 0
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-lower-to-llvm{target=hip chips=gfx942})' -o /dev/null 2>&1 | count 0

module attributes {gpu.container_module} {
  gpu.module @kernels {
    // CHECK-LABEL: gpu.func @shared
    gpu.func @shared(%x: memref<16xf32>) workgroup(%w : memref<16xf32, #gpu.address_space<workgroup>>) private(%p : memref<4xf32, #gpu.address_space<private>>) kernel {
      %c0 = arith.constant 0 : index
      // CHECK: llvm.load %{{.*}} {alignment = 4 : i64} : !llvm.ptr -> vector<4xf32>
      %v = vector.load %x[%c0] : memref<16xf32>, vector<4xf32>
      // CHECK: llvm.store %{{.*}}, %{{.*}} {alignment = 4 : i64} : vector<4xf32>, !llvm.ptr<3>
      vector.store %v, %w[%c0] : memref<16xf32, #gpu.address_space<workgroup>>, vector<4xf32>
      gpu.barrier
      // CHECK: llvm.load %{{.*}} {alignment = 4 : i64} : !llvm.ptr<3> -> vector<4xf32>
      %u = vector.load %w[%c0] : memref<16xf32, #gpu.address_space<workgroup>>, vector<4xf32>
      // NVVM: llvm.store %{{.*}}, %{{.*}} {alignment = 4 : i64} : vector<4xf32>, !llvm.ptr{{$}}
      // ROCDL: llvm.store %{{.*}}, %{{.*}} {alignment = 4 : i64} : vector<4xf32>, !llvm.ptr<5>
      vector.store %u, %p[%c0] : memref<4xf32, #gpu.address_space<private>>, vector<4xf32>
      %q = vector.load %p[%c0] : memref<4xf32, #gpu.address_space<private>>, vector<4xf32>
      vector.store %q, %x[%c0] : memref<16xf32>, vector<4xf32>
      gpu.return
    }
  }
  func.func @k(%x: memref<16xf32>, %flag: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
    %c1 = arith.constant 1 : index
    %c4 = arith.constant 4 : index
    ckpt.checkpoint 0 "t" yield_on %flag : memref<i32> {
      gpu.launch_func @kernels::@shared blocks in (%c1, %c1, %c1) threads in (%c4, %c1, %c1)
          args(%x : memref<16xf32>)
    }
    return
  }
}
