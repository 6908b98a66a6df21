// --ckpt-fold-bitcasts: a bitcast of a bitcast back to the source type is the source (the
// bf16 emulation on Vulkan leaves i16 -> bf16 -> i16 pairs); casts to another type, and
// casts still used, stay. Nothing else is folded: a comparison of extended values keeps
// its extensions (the canonicalizer would narrow it).
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-fold-bitcasts)' | FileCheck %s

// CHECK-LABEL: func.func @pairs(
// CHECK-SAME:    %[[X:.*]]: i16, %[[Y:.*]]: f32, %[[A:.*]]: i8, %[[B:.*]]: i8)
// CHECK-NEXT:    %[[KEPT:.*]] = arith.bitcast %[[X]] : i16 to bf16
// CHECK-NEXT:    %[[HALF:.*]] = arith.bitcast %[[KEPT]] : bf16 to f16
// CHECK-NEXT:    %[[AW:.*]] = arith.extui %[[A]] : i8 to i32
// CHECK-NEXT:    %[[BW:.*]] = arith.extui %[[B]] : i8 to i32
// CHECK-NEXT:    %[[LT:.*]] = arith.cmpi ult, %[[AW]], %[[BW]] : i32
// CHECK-NEXT:    %[[I:.*]] = arith.bitcast %[[Y]] : f32 to i32
// CHECK-NEXT:    return %[[X]], %[[HALF]], %[[LT]], %[[KEPT]], %[[I]] : i16, f16, i1, bf16, i32
func.func @pairs(%x: i16, %y: f32, %a: i8, %b: i8) -> (i16, f16, i1, bf16, i32) {
  %0 = arith.bitcast %x : i16 to bf16
  %1 = arith.bitcast %0 : bf16 to i16
  %2 = arith.bitcast %0 : bf16 to f16
  %aw = arith.extui %a : i8 to i32
  %bw = arith.extui %b : i8 to i32
  %lt = arith.cmpi ult, %aw, %bw : i32
  %3 = arith.bitcast %y : f32 to i32
  return %1, %2, %lt, %0, %3 : i16, f16, i1, bf16, i32
}

// complex.re and complex.im of a complex.create are its parts (what
// convert-complex-to-standard leaves between the ops it rewrote); the pair goes.
// CHECK-LABEL: func.func @complex_parts
// CHECK-NOT: complex.
// CHECK: %[[SUM:.*]] = arith.addf %arg0, %arg1 : f32
// CHECK: return %[[SUM]]
func.func @complex_parts(%a: f32, %b: f32) -> f32 {
  %z = complex.create %a, %b : complex<f32>
  %r = complex.re %z : complex<f32>
  %i = complex.im %z : complex<f32>
  %s = arith.addf %r, %i : f32
  return %s : f32
}
