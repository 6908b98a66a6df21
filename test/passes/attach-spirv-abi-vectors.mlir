// --ckpt-attach-spirv-abi splits vectors wider than SPIR-V's (at most 4 elements) in an
// outlined kernel: elementwise ops and broadcasts into 4-lane pieces, an 8-lane reduction
// into two 4-lane ones; the 8-lane value gathered by --ckpt-prepare-spirv-tasks (4-lane
// pieces put together with vector.insert_strided_slice) folds away into its pieces. A
// 6-lane vector goes in 3-lane pieces, loaded and stored as such. A 2-D vector goes in
// rows: a vector.contract becomes a product and a reduction per row, and the 8 lanes of a
// transposed and flattened matrix are taken from the rows they came from, element by
// element (no upstream fold crosses the 2-lane pieces the transpose makes and the 4-lane
// ones the addition reads). A kernel whose vectors SPIR-V has is left as it is (no
// folding: its dead constant stays).
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
// CHECK-LABEL: gpu.func @matrix(
// CHECK-SAME:      %[[R0:.*]]: vector<4xf32>, %[[R1:.*]]: vector<4xf32>, %[[B:.*]]: vector<4xf32>,
// CHECK-NOT:     vector<2x4xf32>
// CHECK-NOT:     vector.contract
// CHECK:         %[[P0:.*]] = arith.mulf %[[R0]], %[[B]] : vector<4xf32>
// CHECK-NEXT:    %[[S0:.*]] = vector.reduction <add>, %[[P0]] : vector<4xf32> into f32
// CHECK-NEXT:    %[[P1:.*]] = arith.mulf %[[R1]], %[[B]] : vector<4xf32>
// CHECK-NEXT:    %[[S1:.*]] = vector.reduction <add>, %[[P1]] : vector<4xf32> into f32
// CHECK:         %[[A0:.*]] = vector.extract %[[R0]][0] : f32 from vector<4xf32>
// CHECK-NEXT:    %[[B0:.*]] = vector.extract %[[R1]][0] : f32 from vector<4xf32>
// CHECK-NEXT:    %[[A1:.*]] = vector.extract %[[R0]][1] : f32 from vector<4xf32>
// CHECK-NEXT:    %[[B1:.*]] = vector.extract %[[R1]][1] : f32 from vector<4xf32>
// CHECK:         vector.from_elements %[[A0]], %[[B0]], %[[A1]], %[[B1]] : vector<4xf32>
// CHECK-COUNT-2: arith.addf {{.*}} : vector<4xf32>
// CHECK-COUNT-2: vector.store {{.*}} : memref<8xf32>, vector<4xf32>
// CHECK-NOT:     vector<8xf32>
// CHECK-NOT:     vector<4x2xf32>
// CHECK:         gpu.return
// CHECK-LABEL: gpu.func @native(
// CHECK:         arith.constant 7 : index
// CHECK:         arith.addf {{.*}} : vector<4xf32>
#map_a = affine_map<(i, k) -> (i, k)>
#map_b = affine_map<(i, k) -> (k)>
#map_c = affine_map<(i, k) -> (i)>
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
    gpu.func @matrix(%r0: vector<4xf32>, %r1: vector<4xf32>, %b: vector<4xf32>, %out: memref<8xf32>) kernel
        attributes {known_block_size = array<i32: 1, 1, 1>} {
      %p = ub.poison : vector<2x4xf32>
      %a0 = vector.insert %r0, %p [0] : vector<4xf32> into vector<2x4xf32>
      %a = vector.insert %r1, %a0 [1] : vector<4xf32> into vector<2x4xf32>
      %acc = arith.constant dense<0.0> : vector<2xf32>
      %mv = vector.contract {indexing_maps = [#map_a, #map_b, #map_c], iterator_types = ["parallel", "reduction"], kind = #vector.kind<add>} %a, %b, %acc : vector<2x4xf32>, vector<4xf32> into vector<2xf32>
      %t = vector.transpose %a, [1, 0] : vector<2x4xf32> to vector<4x2xf32>
      %flat = vector.shape_cast %t : vector<4x2xf32> to vector<8xf32>
      %bm = vector.broadcast %mv : vector<2xf32> to vector<4x2xf32>
      %bf = vector.shape_cast %bm : vector<4x2xf32> to vector<8xf32>
      %sum = arith.addf %flat, %bf : vector<8xf32>
      %c0 = arith.constant 0 : index
      vector.store %sum, %out[%c0] : memref<8xf32>, vector<8xf32>
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
