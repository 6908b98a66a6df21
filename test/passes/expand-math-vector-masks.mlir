// --ckpt-expand-math folds vector.mask into the op it masks (upstream's lower-vector-mask,
// which is anchored on func.func and so never reaches a gpu.func): a masked transfer takes
// the mask as its own operand, in host functions and hand-written kernels alike. Without
// this, no target's conversion takes the vector.mask region (linalg's vectorizer writes it
// when given vector sizes).
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-expand-math)' | FileCheck %s

// CHECK-LABEL: func.func @host(
// CHECK-SAME:      %[[A:.*]]: memref<8xf32>, %[[N:.*]]: index)
// CHECK:         %[[M:.*]] = vector.create_mask %[[N]] : vector<8xi1>
// CHECK-NOT:     vector.mask
// CHECK:         %[[V:.*]] = vector.transfer_read %[[A]][%{{.*}}], %{{.*}}, %[[M]] {in_bounds = [true]} : memref<8xf32>, vector<8xf32>
// CHECK:         vector.transfer_write %[[V]], %[[A]][%{{.*}}], %[[M]] {in_bounds = [true]} : vector<8xf32>, memref<8xf32>
func.func @host(%a: memref<8xf32>, %n: index) {
  %c0 = arith.constant 0 : index
  %pad = arith.constant 0.0 : f32
  %m = vector.create_mask %n : vector<8xi1>
  %v = vector.mask %m { vector.transfer_read %a[%c0], %pad {in_bounds = [true]} : memref<8xf32>, vector<8xf32> } : vector<8xi1> -> vector<8xf32>
  vector.mask %m { vector.transfer_write %v, %a[%c0] {in_bounds = [true]} : vector<8xf32>, memref<8xf32> } : vector<8xi1>
  return
}

// CHECK-LABEL: gpu.func @kernel(
// CHECK-NOT:     vector.mask
// CHECK:         vector.transfer_read %{{.*}}[%{{.*}}], %{{.*}}, %{{.*}} {in_bounds = [true]} : memref<4xf32>, vector<4xf32>
// CHECK:         gpu.return
module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @kernel(%a: memref<4xf32>, %o: memref<4xf32>, %n: index) kernel {
      %c0 = arith.constant 0 : index
      %pad = arith.constant 0.0 : f32
      %m = vector.create_mask %n : vector<4xi1>
      %v = vector.mask %m { vector.transfer_read %a[%c0], %pad {in_bounds = [true]} : memref<4xf32>, vector<4xf32> } : vector<4xi1> -> vector<4xf32>
      vector.transfer_write %v, %o[%c0] {in_bounds = [true]} : vector<4xf32>, memref<4xf32>
      gpu.return
    }
  }
}

// vector.scan, which no conversion to LLVM or SPIR-V takes, becomes slices and
// elementwise ops (upstream's lowering), in host functions and kernels alike.
// CHECK-LABEL: func.func @scan
// CHECK-NOT: vector.scan
// CHECK: vector.extract_strided_slice
// CHECK: arith.addf
// CHECK: vector.insert_strided_slice
// CHECK: return
func.func @scan(%v: vector<8xf32>) -> vector<8xf32> {
  %zero = arith.constant 0.0 : f32
  %init = vector.broadcast %zero : f32 to vector<f32>
  %r, %total = vector.scan <add>, %v, %init {inclusive = true, reduction_dim = 0 : i64}
      : vector<8xf32>, vector<f32>
  return %r : vector<8xf32>
}
