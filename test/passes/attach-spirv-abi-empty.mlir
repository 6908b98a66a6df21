// --ckpt-attach-spirv-abi: a memref kernel argument with a static size of 0 becomes one of
// dynamic sizes, cast so at its launches (SPIR-V has no arrays of length 0, and the
// conversion failed to legalize the kernel); memref.dim of it folds to 0 first.
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-attach-spirv-abi)' | FileCheck %s

module attributes {gpu.container_module} {
  gpu.module @kernels {
    // CHECK-LABEL: gpu.func @fill(%arg0: memref<?x4xf32>, %arg1: memref<2xi32>)
    // CHECK: %[[ZERO:.*]] = arith.constant 0 : index
    // CHECK: arith.index_cast %[[ZERO]]
    gpu.func @fill(%e: memref<0x4xf32>, %out: memref<2xi32>) kernel attributes {known_block_size = array<i32: 1, 1, 1>} {
      %c0 = arith.constant 0 : index
      %n = memref.dim %e, %c0 : memref<0x4xf32>
      %ni = arith.index_cast %n : index to i32
      memref.store %ni, %out[%c0] : memref<2xi32>
      %i = gpu.thread_id x
      %one = arith.constant 1.0 : f32
      scf.for %r = %c0 to %n step %i {
        memref.store %one, %e[%r, %c0] : memref<0x4xf32>
      }
      gpu.return
    }
  }
  // CHECK-LABEL: func.func @host
  // CHECK: %[[CAST:.*]] = memref.cast %arg0 : memref<0x4xf32> to memref<?x4xf32>
  // CHECK: gpu.launch_func @kernels::@fill {{.*}} args(%[[CAST]] : memref<?x4xf32>, %arg1 : memref<2xi32>)
  func.func @host(%e: memref<0x4xf32>, %out: memref<2xi32>) {
    %c1 = arith.constant 1 : index
    gpu.launch_func @kernels::@fill blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1)
        args(%e : memref<0x4xf32>, %out : memref<2xi32>)
    return
  }
}
