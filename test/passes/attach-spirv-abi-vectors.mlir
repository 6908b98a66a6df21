// --ckpt-attach-spirv-abi splits vectors wider than SPIR-V's (at most 4 elements) in an
// outlined kernel: elementwise ops and broadcasts into 4-lane pieces, an 8-lane reduction
// into two 4-lane ones; the 8-lane value gathered by --ckpt-prepare-spirv-tasks (4-lane
// pieces put together with vector.insert_strided_slice) folds away into its pieces. A
// 6-lane vector goes in 3-lane pieces, loaded and stored as such. A kernel whose vectors SPIR-V has is left as it is
// (no folding: its dead constant stays).
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-attach-spirv-abi)' | FileCheck %s

// CHECK-LABEL: gpu.func @wide(
// CHECK-NOT:     vector<8xf32>
// CHECK-NOT:     vector.insert_strided_slice
// CHECK-COUNT-2: arith.mulf {{.*}} : vector<4xf32>
// CHECK-COUNT-2: vector.reduction <add>, {{.*}} : vector<4xf32> into f32
// CHECK-NOT:     vector<8xf32>
// CHECK:         gpu.return
// CHECK-LABEL: gpu.func @odd(
// CHECK-COUNT-2: vector.load {{.*}} : memref<6xf32>, vector<3xf32>
// CHECK-COUNT-2: arith.addf {{.*}} : vector<3xf32>
// CHECK-COUNT-2: vector.store {{.*}} : memref<6xf32>, vector<3xf32>
// CHECK-NOT:     vector<6xf32>
// CHECK:         gpu.return
// CHECK-LABEL: gpu.func @native(
// CHECK:         arith.constant 7 : index
// CHECK:         arith.addf {{.*}} : vector<4xf32>
module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @wide(%a: f32, %b: f32, %c: f32, %d: f32, %s: f32, %out: memref<1xf32>) kernel
        attributes {known_block_size = array<i32: 1, 1, 1>} {
      %zero = arith.constant dense<0.0> : vector<8xf32>
      %lo = vector.from_elements %a, %b, %c, %d : vector<4xf32>
      %hi = vector.from_elements %d, %c, %b, %a : vector<4xf32>
      %v0 = vector.insert_strided_slice %lo, %zero {offsets = [0], strides = [1]} : vector<4xf32> into vector<8xf32>
      %v = vector.insert_strided_slice %hi, %v0 {offsets = [4], strides = [1]} : vector<4xf32> into vector<8xf32>
      %scale = vector.broadcast %s : f32 to vector<8xf32>
      %m = arith.mulf %v, %scale : vector<8xf32>
      %sum = vector.reduction <add>, %m : vector<8xf32> into f32
      %c0 = arith.constant 0 : index
      memref.store %sum, %out[%c0] : memref<1xf32>
      gpu.return
    }
    gpu.func @odd(%in: memref<6xf32>, %out: memref<6xf32>) kernel
        attributes {known_block_size = array<i32: 1, 1, 1>} {
      %c0 = arith.constant 0 : index
      %x = vector.load %in[%c0] : memref<6xf32>, vector<6xf32>
      %y = arith.addf %x, %x : vector<6xf32>
      vector.store %y, %out[%c0] : memref<6xf32>, vector<6xf32>
      gpu.return
    }
    gpu.func @native(%x: vector<4xf32>, %out: memref<4xf32>) kernel
        attributes {known_block_size = array<i32: 1, 1, 1>} {
      %unused = arith.constant 7 : index
      %y = arith.addf %x, %x : vector<4xf32>
      %c0 = arith.constant 0 : index
      vector.store %y, %out[%c0] : memref<4xf32>, vector<4xf32>
      gpu.return
    }
  }
}
