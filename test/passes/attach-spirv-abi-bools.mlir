// --ckpt-attach-spirv-abi: an i1 kernel argument becomes an i32 compared with 0 at the
// kernel's entry, and its launches pass the value zero-extended (a shader cannot read a
// bool from a buffer: OpTypeBool is not externally visible).
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-attach-spirv-abi)' | FileCheck %s

module attributes {gpu.container_module} {
  gpu.module @kernels {
    // CHECK-LABEL: gpu.func @choose(%arg0: memref<4xi32>, %arg1: i32)
    // CHECK: %[[ZERO:.*]] = arith.constant 0 : i32
    // CHECK: %[[FLAG:.*]] = arith.cmpi ne, %arg1, %[[ZERO]] : i32
    // CHECK: arith.select %[[FLAG]]
    gpu.func @choose(%x: memref<4xi32>, %b: i1) kernel attributes {known_block_size = array<i32: 4, 1, 1>} {
      %i = gpu.thread_id x
      %v = memref.load %x[%i] : memref<4xi32>
      %zero = arith.constant 0 : i32
      %r = arith.select %b, %v, %zero : i32
      memref.store %r, %x[%i] : memref<4xi32>
      gpu.return
    }
  }
  // CHECK-LABEL: func.func @host
  // CHECK: %[[WIDE:.*]] = arith.extui %arg1 : i1 to i32
  // CHECK: gpu.launch_func @kernels::@choose {{.*}} args(%arg0 : memref<4xi32>, %[[WIDE]] : i32)
  func.func @host(%x: memref<4xi32>, %b: i1) {
    %c1 = arith.constant 1 : index
    %c4 = arith.constant 4 : index
    gpu.launch_func @kernels::@choose blocks in (%c1, %c1, %c1) threads in (%c4, %c1, %c1)
        args(%x : memref<4xi32>, %b : i1)
    return
  }
}
