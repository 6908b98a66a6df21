// --ckpt-expand-math lowers vector.multi_reduction inside gpu.func kernels (upstream's
// lower-vector-multi-reduction, which the pipeline runs afterwards, is anchored on
// func.func), with the pipeline's inner-reduction strategy: one vector.reduction per row,
// after a transpose when the reduced dimension is the outer one. A multi-reduction in a
// func.func is left to that pass.
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-expand-math)' | FileCheck %s

module attributes {gpu.container_module} {
  gpu.module @kernels {
    // CHECK-LABEL: gpu.func @inner(
    // CHECK-SAME:      %[[V:.*]]: vector<2x4xf32>, %[[ACC:.*]]: vector<2xf32>
    // CHECK-NOT:     vector.multi_reduction
    // CHECK-DAG:     %[[ROW0:.*]] = vector.extract %[[V]][0] : vector<4xf32> from vector<2x4xf32>
    // CHECK-DAG:     %[[ACC0:.*]] = vector.extract %[[ACC]][0] : f32 from vector<2xf32>
    // CHECK:         vector.reduction <add>, %[[ROW0]], %[[ACC0]] : vector<4xf32> into f32
    // CHECK:         vector.reduction <add>, {{.*}} : vector<4xf32> into f32
    // CHECK-NOT:     vector.multi_reduction
    // CHECK:         gpu.return
    gpu.func @inner(%v: vector<2x4xf32>, %acc: vector<2xf32>, %out: memref<2xf32>) kernel {
      %r = vector.multi_reduction <add>, %v, %acc [1] : vector<2x4xf32> to vector<2xf32>
      %c0 = arith.constant 0 : index
      vector.store %r, %out[%c0] : memref<2xf32>, vector<2xf32>
      gpu.return
    }

    // CHECK-LABEL: gpu.func @outer(
    // CHECK-SAME:      %[[V:.*]]: vector<2x4xf32>, %[[ACC:.*]]: vector<4xf32>
    // CHECK-NOT:     vector.multi_reduction
    // CHECK:         %[[T:.*]] = vector.transpose %[[V]], [1, 0] : vector<2x4xf32> to vector<4x2xf32>
    // CHECK-COUNT-4: vector.reduction <maximumf>, {{.*}} : vector<2xf32> into f32
    // CHECK-NOT:     vector.multi_reduction
    // CHECK:         gpu.return
    gpu.func @outer(%v: vector<2x4xf32>, %acc: vector<4xf32>, %out: memref<4xf32>) kernel {
      %r = vector.multi_reduction <maximumf>, %v, %acc [0] : vector<2x4xf32> to vector<4xf32>
      %c0 = arith.constant 0 : index
      vector.store %r, %out[%c0] : memref<4xf32>, vector<4xf32>
      gpu.return
    }
  }

  // CHECK-LABEL: func.func @host(
  // CHECK:         vector.multi_reduction <add>
  func.func @host(%v: vector<4xf32>, %acc: f32) -> f32 {
    %r = vector.multi_reduction <add>, %v, %acc [0] : vector<4xf32> to f32
    return %r : f32
  }
}
