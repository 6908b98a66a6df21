// --ckpt-expand-float-ops: arith.maximumf / arith.minimumf become compares, selects and
// a tie on the bits that keep -0 < +0 and NaN propagation (arith-expand, which the host pipeline
// runs next, would make a single compare and select that return either zero of a tie);
// ops marked nsz or fast stay.
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-expand-float-ops)' | FileCheck %s

// CHECK-LABEL: func.func @maximum
// CHECK-SAME: (%[[A:.*]]: f32, %[[B:.*]]: f32)
// CHECK-NOT: arith.maximumf
// The tie on the bits: a driver may fold a float x + 0.0 to x, losing the zero's sign.
// CHECK: %[[AB:.*]] = arith.bitcast %[[A]] : f32 to i32
// CHECK: %[[BB:.*]] = arith.bitcast %[[B]] : f32 to i32
// CHECK: %[[AND:.*]] = arith.andi %[[AB]], %[[BB]] : i32
// CHECK: %[[TIE:.*]] = arith.bitcast %[[AND]] : i32 to f32
// CHECK: %[[SUM:.*]] = arith.addf %[[A]], %[[B]] : f32
// CHECK: %[[U:.*]] = arith.cmpf uno, %[[A]], %[[B]] : f32
// CHECK: %[[T1:.*]] = arith.select %[[U]], %[[SUM]], %[[TIE]] : f32
// CHECK: %[[BW:.*]] = arith.cmpf olt, %[[A]], %[[B]] : f32
// CHECK: %[[I:.*]] = arith.select %[[BW]], %[[B]], %[[T1]] : f32
// CHECK: %[[AW:.*]] = arith.cmpf ogt, %[[A]], %[[B]] : f32
// CHECK: %[[R:.*]] = arith.select %[[AW]], %[[A]], %[[I]] : f32
// CHECK: return %[[R]]
func.func @maximum(%a: f32, %b: f32) -> f32 {
  %r = arith.maximumf %a, %b : f32
  return %r : f32
}

// The minimum of two zeros is the negated sum of their negations; vectors elementwise.
// CHECK-LABEL: func.func @minimum
// CHECK-NOT: arith.minimumf
// CHECK: arith.bitcast %{{.*}} : vector<4xf32> to vector<4xi32>
// CHECK: arith.bitcast %{{.*}} : vector<4xf32> to vector<4xi32>
// CHECK: arith.ori %{{.*}}, %{{.*}} : vector<4xi32>
// CHECK: arith.bitcast %{{.*}} : vector<4xi32> to vector<4xf32>
// CHECK: arith.cmpf uno
// CHECK: arith.cmpf ogt
// CHECK: arith.cmpf olt
// CHECK: arith.select %{{.*}}, %{{.*}}, %{{.*}} : vector<4xi1>, vector<4xf32>
func.func @minimum(%a: vector<4xf32>, %b: vector<4xf32>) -> vector<4xf32> {
  %r = arith.minimumf %a, %b : vector<4xf32>
  return %r : vector<4xf32>
}

// CHECK-LABEL: func.func @unsigned_zeros
// CHECK: arith.maximumf %{{.*}}, %{{.*}} fastmath<nsz> : f32
// CHECK: arith.minimumf %{{.*}}, %{{.*}} fastmath<fast> : f32
func.func @unsigned_zeros(%a: f32, %b: f32) -> (f32, f32) {
  %r = arith.maximumf %a, %b fastmath<nsz> : f32
  %s = arith.minimumf %a, %b fastmath<fast> : f32
  return %r, %s : f32, f32
}

// math.expm1 and math.log1p by Kahan's corrections: the LLVM conversion would compute
// exp(x) - 1 and log(1 + x), which lose every digit near 0.
// CHECK-LABEL: func.func @near_zero
// CHECK-SAME: (%[[X:.*]]: f32)
// CHECK-NOT: math.expm1
// CHECK: %[[U:.*]] = math.exp %[[X]] : f32
// CHECK-DAG: %[[U1:.*]] = arith.subf %[[U]], %{{.*}} : f32
// CHECK-DAG: %[[L:.*]] = math.log %[[U]] : f32
// CHECK: %[[P:.*]] = arith.mulf %[[U1]], %[[X]] : f32
// CHECK: arith.divf %[[P]], %[[L]] : f32
// CHECK-NOT: math.log1p
// CHECK: %[[V:.*]] = arith.addf %{{.*}}, %[[X]] : f32
// CHECK-DAG: %[[V1:.*]] = arith.subf %[[V]], %{{.*}} : f32
// CHECK-DAG: %[[LV:.*]] = math.log %[[V]] : f32
// CHECK: %[[Q:.*]] = arith.mulf %[[LV]], %[[X]] : f32
// CHECK: arith.divf %[[Q]], %[[V1]] : f32
func.func @near_zero(%x: f32) -> (f32, f32) {
  %e = math.expm1 %x : f32
  %l = math.log1p %x : f32
  return %e, %l : f32, f32
}
