// --ckpt-expand-float-min-max: arith.maximumf / arith.minimumf become compares and
// selects that keep -0 < +0 and NaN propagation (arith-expand, which the host pipeline
// runs next, would make a single compare and select that return either zero of a tie);
// ops marked nsz or fast stay.
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-expand-float-min-max)' | FileCheck %s

// CHECK-LABEL: func.func @maximum
// CHECK-SAME: (%[[A:.*]]: f32, %[[B:.*]]: f32)
// CHECK-NOT: arith.maximumf
// CHECK: %[[SUM:.*]] = arith.addf %[[A]], %[[B]] : f32
// CHECK: %[[Z:.*]] = arith.cmpf oeq, %[[A]], %{{.*}} : f32
// CHECK: %[[T0:.*]] = arith.select %[[Z]], %[[SUM]], %[[A]] : f32
// CHECK: %[[U:.*]] = arith.cmpf uno, %[[A]], %[[B]] : f32
// CHECK: %[[T1:.*]] = arith.select %[[U]], %[[SUM]], %[[T0]] : f32
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
// CHECK: arith.addf %{{.*}}, %{{.*}} : vector<4xf32>
// CHECK: arith.negf %{{.*}} : vector<4xf32>
// CHECK: arith.negf %{{.*}} : vector<4xf32>
// CHECK: arith.addf
// CHECK: arith.negf
// CHECK: arith.cmpf oeq, %{{.*}}, %{{.*}} : vector<4xf32>
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
