// --ckpt-attach-spirv-abi splits vectors wider than SPIR-V's (at most 4 elements) in an
// outlined kernel: elementwise ops and broadcasts into 4-lane pieces, an 8-lane reduction
// into two 4-lane ones; the 8-lane value gathered by --ckpt-prepare-spirv-tasks (4-lane
// pieces put together with vector.insert_strided_slice) folds away into its pieces. A
// 6-lane vector goes in 3-lane pieces, loaded and stored as such. A 2-D vector goes in
// rows: a vector.contract becomes a product and a reduction per row, and the 8 lanes of a
// transposed and flattened matrix are taken from the rows they came from, element by
// element (no upstream fold crosses the 2-lane pieces the transpose makes and the 4-lane
// ones the addition reads). A loop carrying an 8-lane and a 2x4 vector carries their
// 4-lane pieces instead; a shuffle of 8 lanes is taken element by element from the pieces
// of its operands. A 0-D vector beside wide ones is a scalar to SPIR-V and stays whole
// (here it folds away). A kernel whose vectors SPIR-V has is left as it is (no folding:
// its dead constant stays).
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
// CHECK-LABEL: gpu.func @loop(
// CHECK-SAME:      %[[LX:.*]]: memref<8xf32>, %[[LM:.*]]: memref<2x4xf32>)
// CHECK-DAG:     %[[ZERO:.*]] = arith.constant dense<0.000000e+00> : vector<4xf32>
// CHECK-DAG:     %[[ONE:.*]] = arith.constant dense<1.000000e+00> : vector<4xf32>
// CHECK:         %[[SUM:.*]]:4 = scf.for {{.*}} iter_args(%[[A0:.*]] = %[[ZERO]], %[[A1:.*]] = %[[ZERO]], %[[B0:.*]] = %[[ONE]], %[[B1:.*]] = %[[ONE]]) -> (vector<4xf32>, vector<4xf32>, vector<4xf32>, vector<4xf32>)
// CHECK:           %[[V0:.*]] = vector.load %[[LX]][%{{.*}}] : memref<8xf32>, vector<4xf32>
// CHECK:           %[[V1:.*]] = vector.load %[[LX]][%{{.*}}] : memref<8xf32>, vector<4xf32>
// CHECK:           %[[N0:.*]] = arith.addf %[[A0]], %[[V0]] : vector<4xf32>
// CHECK:           %[[N1:.*]] = arith.addf %[[A1]], %[[V1]] : vector<4xf32>
// CHECK:           %[[M0:.*]] = arith.mulf %[[B0]], %[[V0]] : vector<4xf32>
// CHECK:           %[[M1:.*]] = arith.mulf %[[B1]], %[[V1]] : vector<4xf32>
// CHECK:           scf.yield %[[N0]], %[[N1]], %[[M0]], %[[M1]]
// CHECK:         vector.store %[[SUM]]#0, %[[LX]]
// CHECK:         vector.store %[[SUM]]#1, %[[LX]]
// CHECK:         vector.store %[[SUM]]#2, %[[LM]]
// CHECK-NOT:     vector<8xf32>
// CHECK-NOT:     vector<2x4xf32>
// CHECK:         gpu.return
// CHECK-LABEL: gpu.func @shuffle(
// CHECK:         %[[S0:.*]] = vector.load {{.*}} : memref<8xf32>, vector<4xf32>
// CHECK:         %[[S1:.*]] = vector.load {{.*}} : memref<8xf32>, vector<4xf32>
// CHECK:         %[[E7:.*]] = vector.extract %[[S1]][3] : f32 from vector<4xf32>
// CHECK:         vector.from_elements %[[E7]], {{.*}} : vector<4xf32>
// CHECK:         %[[E0:.*]] = vector.extract %[[S0]][0] : f32 from vector<4xf32>
// CHECK-NEXT:    vector.from_elements {{.*}}, %[[E0]] : vector<4xf32>
// CHECK-NOT:     vector.shuffle
// CHECK-NOT:     vector<8xf32>
// CHECK:         gpu.return
// CHECK-LABEL: gpu.func @zero_d(
// CHECK-SAME:      %[[OUT:.*]]: memref<4xf32>, %[[S:.*]]: f32)
// CHECK-COUNT-2: vector.reduction <add>, {{.*}} : vector<4xf32> into f32
// CHECK:         arith.addf %[[S]], %{{.*}} : f32
// CHECK-NOT:     vector<8xf32>
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
    gpu.func @loop(%x: memref<8xf32>, %m: memref<2x4xf32>) kernel attributes {known_block_size = array<i32: 1, 1, 1>} {
      %c0 = arith.constant 0 : index
      %c1 = arith.constant 1 : index
      %c2 = arith.constant 2 : index
      %zero = arith.constant dense<0.0> : vector<8xf32>
      %ones = arith.constant dense<1.0> : vector<2x4xf32>
      %sum:2 = scf.for %i = %c0 to %c2 step %c1 iter_args(%acc = %zero, %prod = %ones) -> (vector<8xf32>, vector<2x4xf32>) {
        %v = vector.load %x[%c0] : memref<8xf32>, vector<8xf32>
        %next = arith.addf %acc, %v : vector<8xf32>
        %w = vector.shape_cast %v : vector<8xf32> to vector<2x4xf32>
        %times = arith.mulf %prod, %w : vector<2x4xf32>
        scf.yield %next, %times : vector<8xf32>, vector<2x4xf32>
      }
      vector.store %sum#0, %x[%c0] : memref<8xf32>, vector<8xf32>
      %row = vector.extract %sum#1[0] : vector<4xf32> from vector<2x4xf32>
      vector.store %row, %m[%c0, %c0] : memref<2x4xf32>, vector<4xf32>
      gpu.return
    }
    gpu.func @shuffle(%x: memref<8xf32>) kernel attributes {known_block_size = array<i32: 1, 1, 1>} {
      %c0 = arith.constant 0 : index
      %v = vector.load %x[%c0] : memref<8xf32>, vector<8xf32>
      %r = vector.shuffle %v, %v [7, 6, 5, 4, 3, 2, 1, 0] : vector<8xf32>, vector<8xf32>
      vector.store %r, %x[%c0] : memref<8xf32>, vector<8xf32>
      gpu.return
    }
    gpu.func @zero_d(%x: memref<4xf32>, %s: f32) kernel attributes {known_block_size = array<i32: 1, 1, 1>} {
      %c0 = arith.constant 0 : index
      %b = vector.broadcast %s : f32 to vector<f32>
      %w = vector.broadcast %s : f32 to vector<8xf32>
      %e = vector.extract %b[] : f32 from vector<f32>
      %r = vector.reduction <add>, %w : vector<8xf32> into f32
      %t = arith.addf %e, %r : f32
      memref.store %t, %x[%c0] : memref<4xf32>
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
