// --ckpt-expand-math: math.isinf and math.isnormal, which no target's conversion takes,
// become ordered comparisons of |x| (so NaN is neither), on scalars and vectors; other
// math ops stay.
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-expand-math)' | FileCheck %s

// CHECK-LABEL: func.func @scalar(
// CHECK-SAME:      %[[X:.*]]: f64)
// CHECK:         %[[ABS:.*]] = math.absf %[[X]] : f64
// CHECK-NEXT:    %[[INF:.*]] = arith.constant 0x7FF0000000000000 : f64
// CHECK-NEXT:    %[[ISINF:.*]] = arith.cmpf oeq, %[[ABS]], %[[INF]] : f64
// CHECK-NEXT:    %[[ABS2:.*]] = math.absf %[[X]] : f64
// CHECK-NEXT:    %[[MIN:.*]] = arith.constant 2.2250738585072014E-308 : f64
// CHECK-NEXT:    %[[BIG:.*]] = arith.cmpf oge, %[[ABS2]], %[[MIN]] : f64
// CHECK-NEXT:    %[[INF2:.*]] = arith.constant 0x7FF0000000000000 : f64
// CHECK-NEXT:    %[[FINITE:.*]] = arith.cmpf olt, %[[ABS2]], %[[INF2]] : f64
// CHECK-NEXT:    %[[NORMAL:.*]] = arith.andi %[[BIG]], %[[FINITE]] : i1
// CHECK-NEXT:    math.trunc %[[X]] : f64
// CHECK-NOT:     math.isinf
// CHECK-NOT:     math.isnormal
// CHECK:         return %[[ISINF]], %[[NORMAL]]
func.func @scalar(%x: f64) -> (i1, i1, f64) {
  %a = math.isinf %x : f64
  %b = math.isnormal %x : f64
  %t = math.trunc %x : f64
  return %a, %b, %t : i1, i1, f64
}

// CHECK-LABEL: func.func @vector(
// CHECK:         arith.constant dense<0x7F800000> : vector<4xf32>
// CHECK:         arith.cmpf oeq, %{{.*}}, %{{.*}} : vector<4xf32>
// CHECK:         arith.constant dense<1.17549435E-38> : vector<4xf32>
// CHECK:         arith.cmpf oge, %{{.*}}, %{{.*}} : vector<4xf32>
// CHECK:         arith.andi %{{.*}}, %{{.*}} : vector<4xi1>
func.func @vector(%x: vector<4xf32>) -> (vector<4xi1>, vector<4xi1>) {
  %a = math.isinf %x : vector<4xf32>
  %b = math.isnormal %x : vector<4xf32>
  return %a, %b : vector<4xi1>, vector<4xi1>
}

// math.ipowi, which no target takes: square-and-multiply over the exponent's bits in a
// loop of the type's width, and the integer part of 1 / a^-b for negative exponents.
// CHECK-LABEL: func.func @ipowi
// CHECK-NOT: math.ipowi
// CHECK: %[[POW:.*]]:3 = scf.for %{{.*}} = %{{.*}} to %c32{{.*}} step %{{.*}} iter_args(%[[R:.*]] = %{{.*}}, %[[P:.*]] = %{{.*}}, %[[E:.*]] = %{{.*}}) -> (vector<4xi32>, vector<4xi32>, vector<4xi32>)
// CHECK: arith.andi %[[E]]
// CHECK: arith.muli %[[R]], %[[P]]
// CHECK: arith.muli %[[P]], %[[P]]
// CHECK: arith.shrui %[[E]]
// CHECK: %[[NEG:.*]] = arith.cmpi slt
// CHECK: arith.select %[[NEG]], %{{.*}}, %[[POW]]#0
func.func @ipowi(%a: vector<4xi32>, %b: vector<4xi32>) -> vector<4xi32> {
  %p = math.ipowi %a, %b : vector<4xi32>
  return %p : vector<4xi32>
}

// arith.truncf with a rounding mode (which every target's conversion dropped): the
// nearest truncation, its exact extension compared with the operand, and one step of
// the bits where the mode rounds the other way; to_nearest_even just loses the mode.
// CHECK-LABEL: func.func @rounded_truncf
// CHECK-SAME: (%[[D:.*]]: f64)
// CHECK: %[[N:.*]] = arith.truncf %[[D]] : f64 to f32
// CHECK: %[[BITS:.*]] = arith.bitcast %[[N]] : f32 to i32
// CHECK: %[[BACK:.*]] = arith.extf %[[N]] : f32 to f64
// CHECK: arith.subi %[[BITS]], %{{.*}} : i32
// CHECK: arith.addi %[[BITS]], %{{.*}} : i32
// CHECK: %[[STEP:.*]] = arith.bitcast %{{.*}} : i32 to f32
// CHECK: %[[ABOVE:.*]] = arith.cmpf ogt, %[[BACK]], %[[D]] : f64
// CHECK: %[[DOWN:.*]] = arith.select %[[ABOVE]], %[[STEP]], %[[N]] : f32
// CHECK: %[[PLAIN:.*]] = arith.truncf %[[D]] : f64 to f32
// CHECK-NOT: downward
// CHECK-NOT: to_nearest_even
// CHECK: return %[[DOWN]], %[[PLAIN]]
func.func @rounded_truncf(%d: f64) -> (f32, f32) {
  %down = arith.truncf %d downward : f64 to f32
  %even = arith.truncf %d to_nearest_even : f64 to f32
  return %down, %even : f32, f32
}
