// Math functions in tasks, as numerical programs emit them: every math op the CPU, CUDA,
// HIP and Vulkan targets take on f32 (the transcendental ones checked against the same
// functions computed on the host, within 1e-3 relative; the exact ones printed), the f64
// ones Vulkan takes, the classification predicates (Vulkan does not preserve infinities
// and NaNs, so finite values only), and per-thread scratch (memref.alloca) read back with
// a computed index. The second task is in a checkpoint: the launch yields there and the
// resume runs it again.
//
// Vulkan has no GLSL.std.450 instruction for erf, erfc, cbrt, atan2, exp2 and fpowi (MLIR's
// f32 approximations and expansions stand in), none for trunc and isfinite (rewritten),
// and the CPU's math-to-llvm none for acosh, asinh and atanh (libm) or isinf and isnormal.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
//
// CHECK: ckpt.status ok=1 yielded=1 label=0 name="classify"
// CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
// CHECK-NEXT: sin: values off by more than 1e-3: 0
// CHECK-NEXT: cos: values off by more than 1e-3: 0
// CHECK-NEXT: tan: values off by more than 1e-3: 0
// CHECK-NEXT: asin: values off by more than 1e-3: 0
// CHECK-NEXT: acos: values off by more than 1e-3: 0
// CHECK-NEXT: atan: values off by more than 1e-3: 0
// CHECK-NEXT: sinh: values off by more than 1e-3: 0
// CHECK-NEXT: cosh: values off by more than 1e-3: 0
// CHECK-NEXT: tanh: values off by more than 1e-3: 0
// CHECK-NEXT: asinh: values off by more than 1e-3: 0
// CHECK-NEXT: acosh: values off by more than 1e-3: 0
// CHECK-NEXT: atanh: values off by more than 1e-3: 0
// CHECK-NEXT: exp: values off by more than 1e-3: 0
// CHECK-NEXT: exp2: values off by more than 1e-3: 0
// CHECK-NEXT: expm1: values off by more than 1e-3: 0
// CHECK-NEXT: log: values off by more than 1e-3: 0
// CHECK-NEXT: log2: values off by more than 1e-3: 0
// CHECK-NEXT: log10: values off by more than 1e-3: 0
// CHECK-NEXT: log1p: values off by more than 1e-3: 0
// CHECK-NEXT: sqrt: values off by more than 1e-3: 0
// CHECK-NEXT: rsqrt: values off by more than 1e-3: 0
// CHECK-NEXT: cbrt: values off by more than 1e-3: 0
// CHECK-NEXT: erf: values off by more than 1e-3: 0
// CHECK-NEXT: erfc: values off by more than 1e-3: 0
// CHECK-NEXT: floor: -200 -100 -100 0 0 0 100 200
// CHECK-NEXT: ceil: -100 0 0 0 100 100 200 300
// CHECK-NEXT: round: -200 -100 0 0 0 100 100 300
// CHECK-NEXT: roundeven: -200 -100 0 0 0 100 100 300
// CHECK-NEXT: trunc: -100 0 0 0 0 0 100 200
// CHECK-NEXT: absf: 175 60 20 0 35 80 125 270
// CHECK-NEXT: atan2: values off by more than 1e-3: 0
// CHECK-NEXT: powf: values off by more than 1e-3: 0
// CHECK-NEXT: copysign: -185 -70 -30 10 45 90 135 280
// CHECK-NEXT: fma: values off by more than 1e-3: 0
// CHECK-NEXT: fpowi: -535 -21 0 0 4 51 195 1968
// CHECK-NEXT: f64 sqrt: 136 77 54 31 63 94 161 189
// CHECK-NEXT: f64 floor: -200 -100 -100 0 0 0 200 300
// CHECK-NEXT: f64 ceil: -100 0 0 0 100 100 300 400
// CHECK-NEXT: f64 round: -200 -100 0 0 0 100 300 400
// CHECK-NEXT: f64 roundeven: -200 0 0 0 0 100 200 400
// CHECK-NEXT: f64 trunc: -100 0 0 0 0 0 200 300
// CHECK-NEXT: f64 absf: 175 50 20 0 30 80 250 350
// CHECK-NEXT: isinf isnan isnormal isfinite:
// CHECK-NEXT:  0 0 0 0 0 0 0 0
// CHECK-NEXT:  0 0 0 0 0 0 0 0
// CHECK-NEXT:  1 1 1 0 1 1 1 1
// CHECK-NEXT:  1 1 1 1 1 1 1 1

func.func @math(%in: memref<8xf32>, %out: memref<35x8xf32>, %din: memref<8xf64>, %dout: memref<7x8xf64>, %cls: memref<4x8xi32>, %flag: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %c5 = arith.constant 5 : index
  %c6 = arith.constant 6 : index
  %c7 = arith.constant 7 : index
  %c8 = arith.constant 8 : index
  %c9 = arith.constant 9 : index
  %c10 = arith.constant 10 : index
  %c11 = arith.constant 11 : index
  %c12 = arith.constant 12 : index
  %c13 = arith.constant 13 : index
  %c14 = arith.constant 14 : index
  %c15 = arith.constant 15 : index
  %c16 = arith.constant 16 : index
  %c17 = arith.constant 17 : index
  %c18 = arith.constant 18 : index
  %c19 = arith.constant 19 : index
  %c20 = arith.constant 20 : index
  %c21 = arith.constant 21 : index
  %c22 = arith.constant 22 : index
  %c23 = arith.constant 23 : index
  %c24 = arith.constant 24 : index
  %c25 = arith.constant 25 : index
  %c26 = arith.constant 26 : index
  %c27 = arith.constant 27 : index
  %c28 = arith.constant 28 : index
  %c29 = arith.constant 29 : index
  %c30 = arith.constant 30 : index
  %c31 = arith.constant 31 : index
  %c32 = arith.constant 32 : index
  %c33 = arith.constant 33 : index
  %c34 = arith.constant 34 : index
  %c35 = arith.constant 35 : index
  %tenth = arith.constant 0.1 : f32
  %quarter = arith.constant 0.25 : f32
  %one = arith.constant 1.0 : f32
  %three = arith.constant 3 : i32
  %dtenth = arith.constant 0.1 : f64
  scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
    %x = memref.load %in[%i] : memref<8xf32>
    %a = math.absf %x : f32
    %p = arith.addf %a, %tenth : f32
    %q = arith.mulf %x, %quarter : f32
    %g = arith.addf %a, %one : f32
    %r0 = math.sin %x : f32
    memref.store %r0, %out[%c0, %i] : memref<35x8xf32>
    %r1 = math.cos %x : f32
    memref.store %r1, %out[%c1, %i] : memref<35x8xf32>
    %r2 = math.tan %q : f32
    memref.store %r2, %out[%c2, %i] : memref<35x8xf32>
    %r3 = math.asin %q : f32
    memref.store %r3, %out[%c3, %i] : memref<35x8xf32>
    %r4 = math.acos %q : f32
    memref.store %r4, %out[%c4, %i] : memref<35x8xf32>
    %r5 = math.atan %x : f32
    memref.store %r5, %out[%c5, %i] : memref<35x8xf32>
    %r6 = math.sinh %x : f32
    memref.store %r6, %out[%c6, %i] : memref<35x8xf32>
    %r7 = math.cosh %x : f32
    memref.store %r7, %out[%c7, %i] : memref<35x8xf32>
    %r8 = math.tanh %x : f32
    memref.store %r8, %out[%c8, %i] : memref<35x8xf32>
    %r9 = math.asinh %x : f32
    memref.store %r9, %out[%c9, %i] : memref<35x8xf32>
    %r10 = math.acosh %g : f32
    memref.store %r10, %out[%c10, %i] : memref<35x8xf32>
    %r11 = math.atanh %q : f32
    memref.store %r11, %out[%c11, %i] : memref<35x8xf32>
    %r12 = math.exp %x : f32
    memref.store %r12, %out[%c12, %i] : memref<35x8xf32>
    %r13 = math.exp2 %x : f32
    memref.store %r13, %out[%c13, %i] : memref<35x8xf32>
    %r14 = math.expm1 %x : f32
    memref.store %r14, %out[%c14, %i] : memref<35x8xf32>
    %r15 = math.log %p : f32
    memref.store %r15, %out[%c15, %i] : memref<35x8xf32>
    %r16 = math.log2 %p : f32
    memref.store %r16, %out[%c16, %i] : memref<35x8xf32>
    %r17 = math.log10 %p : f32
    memref.store %r17, %out[%c17, %i] : memref<35x8xf32>
    %r18 = math.log1p %p : f32
    memref.store %r18, %out[%c18, %i] : memref<35x8xf32>
    %r19 = math.sqrt %p : f32
    memref.store %r19, %out[%c19, %i] : memref<35x8xf32>
    %r20 = math.rsqrt %p : f32
    memref.store %r20, %out[%c20, %i] : memref<35x8xf32>
    %r21 = math.cbrt %x : f32
    memref.store %r21, %out[%c21, %i] : memref<35x8xf32>
    %r22 = math.erf %x : f32
    memref.store %r22, %out[%c22, %i] : memref<35x8xf32>
    %r23 = math.erfc %x : f32
    memref.store %r23, %out[%c23, %i] : memref<35x8xf32>
    %r24 = math.floor %x : f32
    memref.store %r24, %out[%c24, %i] : memref<35x8xf32>
    %r25 = math.ceil %x : f32
    memref.store %r25, %out[%c25, %i] : memref<35x8xf32>
    %r26 = math.round %x : f32
    memref.store %r26, %out[%c26, %i] : memref<35x8xf32>
    %r27 = math.roundeven %x : f32
    memref.store %r27, %out[%c27, %i] : memref<35x8xf32>
    %r28 = math.trunc %x : f32
    memref.store %r28, %out[%c28, %i] : memref<35x8xf32>
    %r29 = math.absf %x : f32
    memref.store %r29, %out[%c29, %i] : memref<35x8xf32>
    %r30 = math.atan2 %x, %p : f32
    memref.store %r30, %out[%c30, %i] : memref<35x8xf32>
    %r31 = math.powf %p, %x : f32
    memref.store %r31, %out[%c31, %i] : memref<35x8xf32>
    %r32 = math.copysign %p, %x : f32
    memref.store %r32, %out[%c32, %i] : memref<35x8xf32>
    %r33 = math.fma %x, %p, %q : f32
    memref.store %r33, %out[%c33, %i] : memref<35x8xf32>
    %r34 = math.fpowi %x, %three : f32, i32
    memref.store %r34, %out[%c34, %i] : memref<35x8xf32>
    scf.reduce
  }
  ckpt.checkpoint 0 "classify" yield_on %flag : memref<i32> {
    scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
      %y = memref.load %din[%i] : memref<8xf64>
      %ya = math.absf %y : f64
      %yp = arith.addf %ya, %dtenth : f64
      %d0 = math.sqrt %yp : f64
      memref.store %d0, %dout[%c0, %i] : memref<7x8xf64>
      %d1 = math.floor %y : f64
      memref.store %d1, %dout[%c1, %i] : memref<7x8xf64>
      %d2 = math.ceil %y : f64
      memref.store %d2, %dout[%c2, %i] : memref<7x8xf64>
      %d3 = math.round %y : f64
      memref.store %d3, %dout[%c3, %i] : memref<7x8xf64>
      %d4 = math.roundeven %y : f64
      memref.store %d4, %dout[%c4, %i] : memref<7x8xf64>
      %d5 = math.trunc %y : f64
      memref.store %d5, %dout[%c5, %i] : memref<7x8xf64>
      %d6 = math.absf %y : f64
      memref.store %d6, %dout[%c6, %i] : memref<7x8xf64>
      %x = memref.load %in[%i] : memref<8xf32>
      %scratch = memref.alloca() : memref<4xi32>
      %b0 = math.isinf %x : f32
      %b1 = math.isnan %x : f32
      %b2 = math.isnormal %x : f32
      %b3 = math.isfinite %x : f32
      %i0 = arith.extui %b0 : i1 to i32
      %i1 = arith.extui %b1 : i1 to i32
      %i2 = arith.extui %b2 : i1 to i32
      %i3 = arith.extui %b3 : i1 to i32
      memref.store %i0, %scratch[%c3] : memref<4xi32>
      memref.store %i1, %scratch[%c2] : memref<4xi32>
      memref.store %i2, %scratch[%c1] : memref<4xi32>
      memref.store %i3, %scratch[%c0] : memref<4xi32>
      scf.for %k = %c0 to %c4 step %c1 {
        %rk = arith.subi %c3, %k : index
        %v = memref.load %scratch[%rk] : memref<4xi32>
        memref.store %v, %cls[%k, %i] : memref<4x8xi32>
      }
      scf.reduce
    }
  }
  return
}

// The same functions on the host (MLIR's CPU lowering, libm), as the reference.
func.func @reference(%in: memref<8xf32>, %ref: memref<35x8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %c5 = arith.constant 5 : index
  %c6 = arith.constant 6 : index
  %c7 = arith.constant 7 : index
  %c8 = arith.constant 8 : index
  %c9 = arith.constant 9 : index
  %c10 = arith.constant 10 : index
  %c11 = arith.constant 11 : index
  %c12 = arith.constant 12 : index
  %c13 = arith.constant 13 : index
  %c14 = arith.constant 14 : index
  %c15 = arith.constant 15 : index
  %c16 = arith.constant 16 : index
  %c17 = arith.constant 17 : index
  %c18 = arith.constant 18 : index
  %c19 = arith.constant 19 : index
  %c20 = arith.constant 20 : index
  %c21 = arith.constant 21 : index
  %c22 = arith.constant 22 : index
  %c23 = arith.constant 23 : index
  %c24 = arith.constant 24 : index
  %c25 = arith.constant 25 : index
  %c26 = arith.constant 26 : index
  %c27 = arith.constant 27 : index
  %c28 = arith.constant 28 : index
  %c29 = arith.constant 29 : index
  %c30 = arith.constant 30 : index
  %c31 = arith.constant 31 : index
  %c32 = arith.constant 32 : index
  %c33 = arith.constant 33 : index
  %c34 = arith.constant 34 : index
  %c35 = arith.constant 35 : index
  %tenth = arith.constant 0.1 : f32
  %quarter = arith.constant 0.25 : f32
  %one = arith.constant 1.0 : f32
  %three = arith.constant 3 : i32
  %dtenth = arith.constant 0.1 : f64
  scf.for %i = %c0 to %c8 step %c1 {
    %x = memref.load %in[%i] : memref<8xf32>
    %a = math.absf %x : f32
    %p = arith.addf %a, %tenth : f32
    %q = arith.mulf %x, %quarter : f32
    %g = arith.addf %a, %one : f32
    %r0 = math.sin %x : f32
    memref.store %r0, %ref[%c0, %i] : memref<35x8xf32>
    %r1 = math.cos %x : f32
    memref.store %r1, %ref[%c1, %i] : memref<35x8xf32>
    %r2 = math.tan %q : f32
    memref.store %r2, %ref[%c2, %i] : memref<35x8xf32>
    %r3 = math.asin %q : f32
    memref.store %r3, %ref[%c3, %i] : memref<35x8xf32>
    %r4 = math.acos %q : f32
    memref.store %r4, %ref[%c4, %i] : memref<35x8xf32>
    %r5 = math.atan %x : f32
    memref.store %r5, %ref[%c5, %i] : memref<35x8xf32>
    %r6 = math.sinh %x : f32
    memref.store %r6, %ref[%c6, %i] : memref<35x8xf32>
    %r7 = math.cosh %x : f32
    memref.store %r7, %ref[%c7, %i] : memref<35x8xf32>
    %r8 = math.tanh %x : f32
    memref.store %r8, %ref[%c8, %i] : memref<35x8xf32>
    %r9 = math.asinh %x : f32
    memref.store %r9, %ref[%c9, %i] : memref<35x8xf32>
    %r10 = math.acosh %g : f32
    memref.store %r10, %ref[%c10, %i] : memref<35x8xf32>
    %r11 = math.atanh %q : f32
    memref.store %r11, %ref[%c11, %i] : memref<35x8xf32>
    %r12 = math.exp %x : f32
    memref.store %r12, %ref[%c12, %i] : memref<35x8xf32>
    %r13 = math.exp2 %x : f32
    memref.store %r13, %ref[%c13, %i] : memref<35x8xf32>
    %r14 = math.expm1 %x : f32
    memref.store %r14, %ref[%c14, %i] : memref<35x8xf32>
    %r15 = math.log %p : f32
    memref.store %r15, %ref[%c15, %i] : memref<35x8xf32>
    %r16 = math.log2 %p : f32
    memref.store %r16, %ref[%c16, %i] : memref<35x8xf32>
    %r17 = math.log10 %p : f32
    memref.store %r17, %ref[%c17, %i] : memref<35x8xf32>
    %r18 = math.log1p %p : f32
    memref.store %r18, %ref[%c18, %i] : memref<35x8xf32>
    %r19 = math.sqrt %p : f32
    memref.store %r19, %ref[%c19, %i] : memref<35x8xf32>
    %r20 = math.rsqrt %p : f32
    memref.store %r20, %ref[%c20, %i] : memref<35x8xf32>
    %r21 = math.cbrt %x : f32
    memref.store %r21, %ref[%c21, %i] : memref<35x8xf32>
    %r22 = math.erf %x : f32
    memref.store %r22, %ref[%c22, %i] : memref<35x8xf32>
    %r23 = math.erfc %x : f32
    memref.store %r23, %ref[%c23, %i] : memref<35x8xf32>
    %r24 = math.floor %x : f32
    memref.store %r24, %ref[%c24, %i] : memref<35x8xf32>
    %r25 = math.ceil %x : f32
    memref.store %r25, %ref[%c25, %i] : memref<35x8xf32>
    %r26 = math.round %x : f32
    memref.store %r26, %ref[%c26, %i] : memref<35x8xf32>
    %r27 = math.roundeven %x : f32
    memref.store %r27, %ref[%c27, %i] : memref<35x8xf32>
    %r28 = math.trunc %x : f32
    memref.store %r28, %ref[%c28, %i] : memref<35x8xf32>
    %r29 = math.absf %x : f32
    memref.store %r29, %ref[%c29, %i] : memref<35x8xf32>
    %r30 = math.atan2 %x, %p : f32
    memref.store %r30, %ref[%c30, %i] : memref<35x8xf32>
    %r31 = math.powf %p, %x : f32
    memref.store %r31, %ref[%c31, %i] : memref<35x8xf32>
    %r32 = math.copysign %p, %x : f32
    memref.store %r32, %ref[%c32, %i] : memref<35x8xf32>
    %r33 = math.fma %x, %p, %q : f32
    memref.store %r33, %ref[%c33, %i] : memref<35x8xf32>
    %r34 = math.fpowi %x, %three : f32, i32
    memref.store %r34, %ref[%c34, %i] : memref<35x8xf32>
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %c5 = arith.constant 5 : index
  %c6 = arith.constant 6 : index
  %c7 = arith.constant 7 : index
  %c8 = arith.constant 8 : index
  %c9 = arith.constant 9 : index
  %c10 = arith.constant 10 : index
  %c11 = arith.constant 11 : index
  %c12 = arith.constant 12 : index
  %c13 = arith.constant 13 : index
  %c14 = arith.constant 14 : index
  %c15 = arith.constant 15 : index
  %c16 = arith.constant 16 : index
  %c17 = arith.constant 17 : index
  %c18 = arith.constant 18 : index
  %c19 = arith.constant 19 : index
  %c20 = arith.constant 20 : index
  %c21 = arith.constant 21 : index
  %c22 = arith.constant 22 : index
  %c23 = arith.constant 23 : index
  %c24 = arith.constant 24 : index
  %c25 = arith.constant 25 : index
  %c26 = arith.constant 26 : index
  %c27 = arith.constant 27 : index
  %c28 = arith.constant 28 : index
  %c29 = arith.constant 29 : index
  %c30 = arith.constant 30 : index
  %c31 = arith.constant 31 : index
  %c32 = arith.constant 32 : index
  %c33 = arith.constant 33 : index
  %c34 = arith.constant 34 : index
  %c35 = arith.constant 35 : index
  %one = arith.constant 1.0 : f32
  %tolerance = arith.constant 1.0e-3 : f32
  %k100f32 = arith.constant 100.0 : f32
  %k100f64 = arith.constant 100.0 : f64
  %in = memref.alloc() : memref<8xf32>
  %out = memref.alloc() : memref<35x8xf32>
  %ref = memref.alloc() : memref<35x8xf32>
  %din = memref.alloc() : memref<8xf64>
  %dout = memref.alloc() : memref<7x8xf64>
  %cls = memref.alloc() : memref<4x8xi32>
  %flag = memref.alloc() : memref<i32>
  %x0 = arith.constant -1.750000e+00 : f32
  memref.store %x0, %in[%c0] : memref<8xf32>
  %x1 = arith.constant -6.000000e-01 : f32
  memref.store %x1, %in[%c1] : memref<8xf32>
  %x2 = arith.constant -2.000000e-01 : f32
  memref.store %x2, %in[%c2] : memref<8xf32>
  %x3 = arith.constant 0.000000e+00 : f32
  memref.store %x3, %in[%c3] : memref<8xf32>
  %x4 = arith.constant 3.500000e-01 : f32
  memref.store %x4, %in[%c4] : memref<8xf32>
  %x5 = arith.constant 8.000000e-01 : f32
  memref.store %x5, %in[%c5] : memref<8xf32>
  %x6 = arith.constant 1.250000e+00 : f32
  memref.store %x6, %in[%c6] : memref<8xf32>
  %x7 = arith.constant 2.700000e+00 : f32
  memref.store %x7, %in[%c7] : memref<8xf32>
  %y0 = arith.constant -1.750000e+00 : f64
  memref.store %y0, %din[%c0] : memref<8xf64>
  %y1 = arith.constant -5.000000e-01 : f64
  memref.store %y1, %din[%c1] : memref<8xf64>
  %y2 = arith.constant -2.000000e-01 : f64
  memref.store %y2, %din[%c2] : memref<8xf64>
  %y3 = arith.constant 0.000000e+00 : f64
  memref.store %y3, %din[%c3] : memref<8xf64>
  %y4 = arith.constant 3.000000e-01 : f64
  memref.store %y4, %din[%c4] : memref<8xf64>
  %y5 = arith.constant 8.000000e-01 : f64
  memref.store %y5, %din[%c5] : memref<8xf64>
  %y6 = arith.constant 2.500000e+00 : f64
  memref.store %y6, %din[%c6] : memref<8xf64>
  %y7 = arith.constant 3.500000e+00 : f64
  memref.store %y7, %din[%c7] : memref<8xf64>
  %z = arith.constant 0 : i32
  %raised = arith.constant 1 : i32
  memref.store %raised, %flag[] : memref<i32>
  %st = ckpt.launch @math(%in, %out, %din, %dout, %cls, %flag) : (memref<8xf32>, memref<35x8xf32>, memref<8xf64>, memref<7x8xf64>, memref<4x8xi32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %st
  memref.store %z, %flag[] : memref<i32>
  %label = arith.constant 0 : i64
  %st2 = ckpt.launch @math(%in, %out, %din, %dout, %cls, %flag) resume_from %label : (memref<8xf32>, memref<35x8xf32>, memref<8xf64>, memref<7x8xf64>, memref<4x8xi32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %st2
  call @reference(%in, %ref) : (memref<8xf32>, memref<35x8xf32>) -> ()
  vector.print str "sin: "
  %bad0 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %v = memref.load %out[%c0, %i] : memref<35x8xf32>
    %w = memref.load %ref[%c0, %i] : memref<35x8xf32>
    %diff = arith.subf %v, %w : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %w : f32
    %scale = arith.maximumf %aw, %one : f32
    %bound = arith.mulf %scale, %tolerance : f32
    %close = arith.cmpf ole, %ad, %bound : f32
    %inc = arith.select %close, %c0, %c1 : index
    %n2 = arith.addi %n, %inc : index
    scf.yield %n2 : index
  }
  %badi0 = arith.index_cast %bad0 : index to i64
  vector.print str "values off by more than 1e-3: "
  vector.print %badi0 : i64
  vector.print str "cos: "
  %bad1 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %v = memref.load %out[%c1, %i] : memref<35x8xf32>
    %w = memref.load %ref[%c1, %i] : memref<35x8xf32>
    %diff = arith.subf %v, %w : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %w : f32
    %scale = arith.maximumf %aw, %one : f32
    %bound = arith.mulf %scale, %tolerance : f32
    %close = arith.cmpf ole, %ad, %bound : f32
    %inc = arith.select %close, %c0, %c1 : index
    %n2 = arith.addi %n, %inc : index
    scf.yield %n2 : index
  }
  %badi1 = arith.index_cast %bad1 : index to i64
  vector.print str "values off by more than 1e-3: "
  vector.print %badi1 : i64
  vector.print str "tan: "
  %bad2 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %v = memref.load %out[%c2, %i] : memref<35x8xf32>
    %w = memref.load %ref[%c2, %i] : memref<35x8xf32>
    %diff = arith.subf %v, %w : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %w : f32
    %scale = arith.maximumf %aw, %one : f32
    %bound = arith.mulf %scale, %tolerance : f32
    %close = arith.cmpf ole, %ad, %bound : f32
    %inc = arith.select %close, %c0, %c1 : index
    %n2 = arith.addi %n, %inc : index
    scf.yield %n2 : index
  }
  %badi2 = arith.index_cast %bad2 : index to i64
  vector.print str "values off by more than 1e-3: "
  vector.print %badi2 : i64
  vector.print str "asin: "
  %bad3 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %v = memref.load %out[%c3, %i] : memref<35x8xf32>
    %w = memref.load %ref[%c3, %i] : memref<35x8xf32>
    %diff = arith.subf %v, %w : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %w : f32
    %scale = arith.maximumf %aw, %one : f32
    %bound = arith.mulf %scale, %tolerance : f32
    %close = arith.cmpf ole, %ad, %bound : f32
    %inc = arith.select %close, %c0, %c1 : index
    %n2 = arith.addi %n, %inc : index
    scf.yield %n2 : index
  }
  %badi3 = arith.index_cast %bad3 : index to i64
  vector.print str "values off by more than 1e-3: "
  vector.print %badi3 : i64
  vector.print str "acos: "
  %bad4 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %v = memref.load %out[%c4, %i] : memref<35x8xf32>
    %w = memref.load %ref[%c4, %i] : memref<35x8xf32>
    %diff = arith.subf %v, %w : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %w : f32
    %scale = arith.maximumf %aw, %one : f32
    %bound = arith.mulf %scale, %tolerance : f32
    %close = arith.cmpf ole, %ad, %bound : f32
    %inc = arith.select %close, %c0, %c1 : index
    %n2 = arith.addi %n, %inc : index
    scf.yield %n2 : index
  }
  %badi4 = arith.index_cast %bad4 : index to i64
  vector.print str "values off by more than 1e-3: "
  vector.print %badi4 : i64
  vector.print str "atan: "
  %bad5 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %v = memref.load %out[%c5, %i] : memref<35x8xf32>
    %w = memref.load %ref[%c5, %i] : memref<35x8xf32>
    %diff = arith.subf %v, %w : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %w : f32
    %scale = arith.maximumf %aw, %one : f32
    %bound = arith.mulf %scale, %tolerance : f32
    %close = arith.cmpf ole, %ad, %bound : f32
    %inc = arith.select %close, %c0, %c1 : index
    %n2 = arith.addi %n, %inc : index
    scf.yield %n2 : index
  }
  %badi5 = arith.index_cast %bad5 : index to i64
  vector.print str "values off by more than 1e-3: "
  vector.print %badi5 : i64
  vector.print str "sinh: "
  %bad6 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %v = memref.load %out[%c6, %i] : memref<35x8xf32>
    %w = memref.load %ref[%c6, %i] : memref<35x8xf32>
    %diff = arith.subf %v, %w : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %w : f32
    %scale = arith.maximumf %aw, %one : f32
    %bound = arith.mulf %scale, %tolerance : f32
    %close = arith.cmpf ole, %ad, %bound : f32
    %inc = arith.select %close, %c0, %c1 : index
    %n2 = arith.addi %n, %inc : index
    scf.yield %n2 : index
  }
  %badi6 = arith.index_cast %bad6 : index to i64
  vector.print str "values off by more than 1e-3: "
  vector.print %badi6 : i64
  vector.print str "cosh: "
  %bad7 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %v = memref.load %out[%c7, %i] : memref<35x8xf32>
    %w = memref.load %ref[%c7, %i] : memref<35x8xf32>
    %diff = arith.subf %v, %w : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %w : f32
    %scale = arith.maximumf %aw, %one : f32
    %bound = arith.mulf %scale, %tolerance : f32
    %close = arith.cmpf ole, %ad, %bound : f32
    %inc = arith.select %close, %c0, %c1 : index
    %n2 = arith.addi %n, %inc : index
    scf.yield %n2 : index
  }
  %badi7 = arith.index_cast %bad7 : index to i64
  vector.print str "values off by more than 1e-3: "
  vector.print %badi7 : i64
  vector.print str "tanh: "
  %bad8 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %v = memref.load %out[%c8, %i] : memref<35x8xf32>
    %w = memref.load %ref[%c8, %i] : memref<35x8xf32>
    %diff = arith.subf %v, %w : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %w : f32
    %scale = arith.maximumf %aw, %one : f32
    %bound = arith.mulf %scale, %tolerance : f32
    %close = arith.cmpf ole, %ad, %bound : f32
    %inc = arith.select %close, %c0, %c1 : index
    %n2 = arith.addi %n, %inc : index
    scf.yield %n2 : index
  }
  %badi8 = arith.index_cast %bad8 : index to i64
  vector.print str "values off by more than 1e-3: "
  vector.print %badi8 : i64
  vector.print str "asinh: "
  %bad9 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %v = memref.load %out[%c9, %i] : memref<35x8xf32>
    %w = memref.load %ref[%c9, %i] : memref<35x8xf32>
    %diff = arith.subf %v, %w : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %w : f32
    %scale = arith.maximumf %aw, %one : f32
    %bound = arith.mulf %scale, %tolerance : f32
    %close = arith.cmpf ole, %ad, %bound : f32
    %inc = arith.select %close, %c0, %c1 : index
    %n2 = arith.addi %n, %inc : index
    scf.yield %n2 : index
  }
  %badi9 = arith.index_cast %bad9 : index to i64
  vector.print str "values off by more than 1e-3: "
  vector.print %badi9 : i64
  vector.print str "acosh: "
  %bad10 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %v = memref.load %out[%c10, %i] : memref<35x8xf32>
    %w = memref.load %ref[%c10, %i] : memref<35x8xf32>
    %diff = arith.subf %v, %w : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %w : f32
    %scale = arith.maximumf %aw, %one : f32
    %bound = arith.mulf %scale, %tolerance : f32
    %close = arith.cmpf ole, %ad, %bound : f32
    %inc = arith.select %close, %c0, %c1 : index
    %n2 = arith.addi %n, %inc : index
    scf.yield %n2 : index
  }
  %badi10 = arith.index_cast %bad10 : index to i64
  vector.print str "values off by more than 1e-3: "
  vector.print %badi10 : i64
  vector.print str "atanh: "
  %bad11 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %v = memref.load %out[%c11, %i] : memref<35x8xf32>
    %w = memref.load %ref[%c11, %i] : memref<35x8xf32>
    %diff = arith.subf %v, %w : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %w : f32
    %scale = arith.maximumf %aw, %one : f32
    %bound = arith.mulf %scale, %tolerance : f32
    %close = arith.cmpf ole, %ad, %bound : f32
    %inc = arith.select %close, %c0, %c1 : index
    %n2 = arith.addi %n, %inc : index
    scf.yield %n2 : index
  }
  %badi11 = arith.index_cast %bad11 : index to i64
  vector.print str "values off by more than 1e-3: "
  vector.print %badi11 : i64
  vector.print str "exp: "
  %bad12 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %v = memref.load %out[%c12, %i] : memref<35x8xf32>
    %w = memref.load %ref[%c12, %i] : memref<35x8xf32>
    %diff = arith.subf %v, %w : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %w : f32
    %scale = arith.maximumf %aw, %one : f32
    %bound = arith.mulf %scale, %tolerance : f32
    %close = arith.cmpf ole, %ad, %bound : f32
    %inc = arith.select %close, %c0, %c1 : index
    %n2 = arith.addi %n, %inc : index
    scf.yield %n2 : index
  }
  %badi12 = arith.index_cast %bad12 : index to i64
  vector.print str "values off by more than 1e-3: "
  vector.print %badi12 : i64
  vector.print str "exp2: "
  %bad13 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %v = memref.load %out[%c13, %i] : memref<35x8xf32>
    %w = memref.load %ref[%c13, %i] : memref<35x8xf32>
    %diff = arith.subf %v, %w : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %w : f32
    %scale = arith.maximumf %aw, %one : f32
    %bound = arith.mulf %scale, %tolerance : f32
    %close = arith.cmpf ole, %ad, %bound : f32
    %inc = arith.select %close, %c0, %c1 : index
    %n2 = arith.addi %n, %inc : index
    scf.yield %n2 : index
  }
  %badi13 = arith.index_cast %bad13 : index to i64
  vector.print str "values off by more than 1e-3: "
  vector.print %badi13 : i64
  vector.print str "expm1: "
  %bad14 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %v = memref.load %out[%c14, %i] : memref<35x8xf32>
    %w = memref.load %ref[%c14, %i] : memref<35x8xf32>
    %diff = arith.subf %v, %w : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %w : f32
    %scale = arith.maximumf %aw, %one : f32
    %bound = arith.mulf %scale, %tolerance : f32
    %close = arith.cmpf ole, %ad, %bound : f32
    %inc = arith.select %close, %c0, %c1 : index
    %n2 = arith.addi %n, %inc : index
    scf.yield %n2 : index
  }
  %badi14 = arith.index_cast %bad14 : index to i64
  vector.print str "values off by more than 1e-3: "
  vector.print %badi14 : i64
  vector.print str "log: "
  %bad15 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %v = memref.load %out[%c15, %i] : memref<35x8xf32>
    %w = memref.load %ref[%c15, %i] : memref<35x8xf32>
    %diff = arith.subf %v, %w : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %w : f32
    %scale = arith.maximumf %aw, %one : f32
    %bound = arith.mulf %scale, %tolerance : f32
    %close = arith.cmpf ole, %ad, %bound : f32
    %inc = arith.select %close, %c0, %c1 : index
    %n2 = arith.addi %n, %inc : index
    scf.yield %n2 : index
  }
  %badi15 = arith.index_cast %bad15 : index to i64
  vector.print str "values off by more than 1e-3: "
  vector.print %badi15 : i64
  vector.print str "log2: "
  %bad16 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %v = memref.load %out[%c16, %i] : memref<35x8xf32>
    %w = memref.load %ref[%c16, %i] : memref<35x8xf32>
    %diff = arith.subf %v, %w : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %w : f32
    %scale = arith.maximumf %aw, %one : f32
    %bound = arith.mulf %scale, %tolerance : f32
    %close = arith.cmpf ole, %ad, %bound : f32
    %inc = arith.select %close, %c0, %c1 : index
    %n2 = arith.addi %n, %inc : index
    scf.yield %n2 : index
  }
  %badi16 = arith.index_cast %bad16 : index to i64
  vector.print str "values off by more than 1e-3: "
  vector.print %badi16 : i64
  vector.print str "log10: "
  %bad17 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %v = memref.load %out[%c17, %i] : memref<35x8xf32>
    %w = memref.load %ref[%c17, %i] : memref<35x8xf32>
    %diff = arith.subf %v, %w : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %w : f32
    %scale = arith.maximumf %aw, %one : f32
    %bound = arith.mulf %scale, %tolerance : f32
    %close = arith.cmpf ole, %ad, %bound : f32
    %inc = arith.select %close, %c0, %c1 : index
    %n2 = arith.addi %n, %inc : index
    scf.yield %n2 : index
  }
  %badi17 = arith.index_cast %bad17 : index to i64
  vector.print str "values off by more than 1e-3: "
  vector.print %badi17 : i64
  vector.print str "log1p: "
  %bad18 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %v = memref.load %out[%c18, %i] : memref<35x8xf32>
    %w = memref.load %ref[%c18, %i] : memref<35x8xf32>
    %diff = arith.subf %v, %w : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %w : f32
    %scale = arith.maximumf %aw, %one : f32
    %bound = arith.mulf %scale, %tolerance : f32
    %close = arith.cmpf ole, %ad, %bound : f32
    %inc = arith.select %close, %c0, %c1 : index
    %n2 = arith.addi %n, %inc : index
    scf.yield %n2 : index
  }
  %badi18 = arith.index_cast %bad18 : index to i64
  vector.print str "values off by more than 1e-3: "
  vector.print %badi18 : i64
  vector.print str "sqrt: "
  %bad19 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %v = memref.load %out[%c19, %i] : memref<35x8xf32>
    %w = memref.load %ref[%c19, %i] : memref<35x8xf32>
    %diff = arith.subf %v, %w : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %w : f32
    %scale = arith.maximumf %aw, %one : f32
    %bound = arith.mulf %scale, %tolerance : f32
    %close = arith.cmpf ole, %ad, %bound : f32
    %inc = arith.select %close, %c0, %c1 : index
    %n2 = arith.addi %n, %inc : index
    scf.yield %n2 : index
  }
  %badi19 = arith.index_cast %bad19 : index to i64
  vector.print str "values off by more than 1e-3: "
  vector.print %badi19 : i64
  vector.print str "rsqrt: "
  %bad20 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %v = memref.load %out[%c20, %i] : memref<35x8xf32>
    %w = memref.load %ref[%c20, %i] : memref<35x8xf32>
    %diff = arith.subf %v, %w : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %w : f32
    %scale = arith.maximumf %aw, %one : f32
    %bound = arith.mulf %scale, %tolerance : f32
    %close = arith.cmpf ole, %ad, %bound : f32
    %inc = arith.select %close, %c0, %c1 : index
    %n2 = arith.addi %n, %inc : index
    scf.yield %n2 : index
  }
  %badi20 = arith.index_cast %bad20 : index to i64
  vector.print str "values off by more than 1e-3: "
  vector.print %badi20 : i64
  vector.print str "cbrt: "
  %bad21 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %v = memref.load %out[%c21, %i] : memref<35x8xf32>
    %w = memref.load %ref[%c21, %i] : memref<35x8xf32>
    %diff = arith.subf %v, %w : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %w : f32
    %scale = arith.maximumf %aw, %one : f32
    %bound = arith.mulf %scale, %tolerance : f32
    %close = arith.cmpf ole, %ad, %bound : f32
    %inc = arith.select %close, %c0, %c1 : index
    %n2 = arith.addi %n, %inc : index
    scf.yield %n2 : index
  }
  %badi21 = arith.index_cast %bad21 : index to i64
  vector.print str "values off by more than 1e-3: "
  vector.print %badi21 : i64
  vector.print str "erf: "
  %bad22 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %v = memref.load %out[%c22, %i] : memref<35x8xf32>
    %w = memref.load %ref[%c22, %i] : memref<35x8xf32>
    %diff = arith.subf %v, %w : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %w : f32
    %scale = arith.maximumf %aw, %one : f32
    %bound = arith.mulf %scale, %tolerance : f32
    %close = arith.cmpf ole, %ad, %bound : f32
    %inc = arith.select %close, %c0, %c1 : index
    %n2 = arith.addi %n, %inc : index
    scf.yield %n2 : index
  }
  %badi22 = arith.index_cast %bad22 : index to i64
  vector.print str "values off by more than 1e-3: "
  vector.print %badi22 : i64
  vector.print str "erfc: "
  %bad23 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %v = memref.load %out[%c23, %i] : memref<35x8xf32>
    %w = memref.load %ref[%c23, %i] : memref<35x8xf32>
    %diff = arith.subf %v, %w : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %w : f32
    %scale = arith.maximumf %aw, %one : f32
    %bound = arith.mulf %scale, %tolerance : f32
    %close = arith.cmpf ole, %ad, %bound : f32
    %inc = arith.select %close, %c0, %c1 : index
    %n2 = arith.addi %n, %inc : index
    scf.yield %n2 : index
  }
  %badi23 = arith.index_cast %bad23 : index to i64
  vector.print str "values off by more than 1e-3: "
  vector.print %badi23 : i64
  vector.print str "floor:"
  scf.for %i = %c0 to %c8 step %c1 {
    %v = memref.load %out[%c24, %i] : memref<35x8xf32>
    %m = arith.mulf %v, %k100f32 : f32
    %s = arith.fptosi %m : f32 to i64
    vector.print str " "
    vector.print %s : i64 punctuation <no_punctuation>
  }
  vector.print punctuation <newline>
  vector.print str "ceil:"
  scf.for %i = %c0 to %c8 step %c1 {
    %v = memref.load %out[%c25, %i] : memref<35x8xf32>
    %m = arith.mulf %v, %k100f32 : f32
    %s = arith.fptosi %m : f32 to i64
    vector.print str " "
    vector.print %s : i64 punctuation <no_punctuation>
  }
  vector.print punctuation <newline>
  vector.print str "round:"
  scf.for %i = %c0 to %c8 step %c1 {
    %v = memref.load %out[%c26, %i] : memref<35x8xf32>
    %m = arith.mulf %v, %k100f32 : f32
    %s = arith.fptosi %m : f32 to i64
    vector.print str " "
    vector.print %s : i64 punctuation <no_punctuation>
  }
  vector.print punctuation <newline>
  vector.print str "roundeven:"
  scf.for %i = %c0 to %c8 step %c1 {
    %v = memref.load %out[%c27, %i] : memref<35x8xf32>
    %m = arith.mulf %v, %k100f32 : f32
    %s = arith.fptosi %m : f32 to i64
    vector.print str " "
    vector.print %s : i64 punctuation <no_punctuation>
  }
  vector.print punctuation <newline>
  vector.print str "trunc:"
  scf.for %i = %c0 to %c8 step %c1 {
    %v = memref.load %out[%c28, %i] : memref<35x8xf32>
    %m = arith.mulf %v, %k100f32 : f32
    %s = arith.fptosi %m : f32 to i64
    vector.print str " "
    vector.print %s : i64 punctuation <no_punctuation>
  }
  vector.print punctuation <newline>
  vector.print str "absf:"
  scf.for %i = %c0 to %c8 step %c1 {
    %v = memref.load %out[%c29, %i] : memref<35x8xf32>
    %m = arith.mulf %v, %k100f32 : f32
    %s = arith.fptosi %m : f32 to i64
    vector.print str " "
    vector.print %s : i64 punctuation <no_punctuation>
  }
  vector.print punctuation <newline>
  vector.print str "atan2: "
  %bad30 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %v = memref.load %out[%c30, %i] : memref<35x8xf32>
    %w = memref.load %ref[%c30, %i] : memref<35x8xf32>
    %diff = arith.subf %v, %w : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %w : f32
    %scale = arith.maximumf %aw, %one : f32
    %bound = arith.mulf %scale, %tolerance : f32
    %close = arith.cmpf ole, %ad, %bound : f32
    %inc = arith.select %close, %c0, %c1 : index
    %n2 = arith.addi %n, %inc : index
    scf.yield %n2 : index
  }
  %badi30 = arith.index_cast %bad30 : index to i64
  vector.print str "values off by more than 1e-3: "
  vector.print %badi30 : i64
  vector.print str "powf: "
  %bad31 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %v = memref.load %out[%c31, %i] : memref<35x8xf32>
    %w = memref.load %ref[%c31, %i] : memref<35x8xf32>
    %diff = arith.subf %v, %w : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %w : f32
    %scale = arith.maximumf %aw, %one : f32
    %bound = arith.mulf %scale, %tolerance : f32
    %close = arith.cmpf ole, %ad, %bound : f32
    %inc = arith.select %close, %c0, %c1 : index
    %n2 = arith.addi %n, %inc : index
    scf.yield %n2 : index
  }
  %badi31 = arith.index_cast %bad31 : index to i64
  vector.print str "values off by more than 1e-3: "
  vector.print %badi31 : i64
  vector.print str "copysign:"
  scf.for %i = %c0 to %c8 step %c1 {
    %v = memref.load %out[%c32, %i] : memref<35x8xf32>
    %m = arith.mulf %v, %k100f32 : f32
    %s = arith.fptosi %m : f32 to i64
    vector.print str " "
    vector.print %s : i64 punctuation <no_punctuation>
  }
  vector.print punctuation <newline>
  vector.print str "fma: "
  %bad33 = scf.for %i = %c0 to %c8 step %c1 iter_args(%n = %c0) -> (index) {
    %v = memref.load %out[%c33, %i] : memref<35x8xf32>
    %w = memref.load %ref[%c33, %i] : memref<35x8xf32>
    %diff = arith.subf %v, %w : f32
    %ad = math.absf %diff : f32
    %aw = math.absf %w : f32
    %scale = arith.maximumf %aw, %one : f32
    %bound = arith.mulf %scale, %tolerance : f32
    %close = arith.cmpf ole, %ad, %bound : f32
    %inc = arith.select %close, %c0, %c1 : index
    %n2 = arith.addi %n, %inc : index
    scf.yield %n2 : index
  }
  %badi33 = arith.index_cast %bad33 : index to i64
  vector.print str "values off by more than 1e-3: "
  vector.print %badi33 : i64
  vector.print str "fpowi:"
  scf.for %i = %c0 to %c8 step %c1 {
    %v = memref.load %out[%c34, %i] : memref<35x8xf32>
    %m = arith.mulf %v, %k100f32 : f32
    %s = arith.fptosi %m : f32 to i64
    vector.print str " "
    vector.print %s : i64 punctuation <no_punctuation>
  }
  vector.print punctuation <newline>
  vector.print str "f64 sqrt:"
  scf.for %i = %c0 to %c8 step %c1 {
    %v = memref.load %dout[%c0, %i] : memref<7x8xf64>
    %m = arith.mulf %v, %k100f64 : f64
    %s = arith.fptosi %m : f64 to i64
    vector.print str " "
    vector.print %s : i64 punctuation <no_punctuation>
  }
  vector.print punctuation <newline>
  vector.print str "f64 floor:"
  scf.for %i = %c0 to %c8 step %c1 {
    %v = memref.load %dout[%c1, %i] : memref<7x8xf64>
    %m = arith.mulf %v, %k100f64 : f64
    %s = arith.fptosi %m : f64 to i64
    vector.print str " "
    vector.print %s : i64 punctuation <no_punctuation>
  }
  vector.print punctuation <newline>
  vector.print str "f64 ceil:"
  scf.for %i = %c0 to %c8 step %c1 {
    %v = memref.load %dout[%c2, %i] : memref<7x8xf64>
    %m = arith.mulf %v, %k100f64 : f64
    %s = arith.fptosi %m : f64 to i64
    vector.print str " "
    vector.print %s : i64 punctuation <no_punctuation>
  }
  vector.print punctuation <newline>
  vector.print str "f64 round:"
  scf.for %i = %c0 to %c8 step %c1 {
    %v = memref.load %dout[%c3, %i] : memref<7x8xf64>
    %m = arith.mulf %v, %k100f64 : f64
    %s = arith.fptosi %m : f64 to i64
    vector.print str " "
    vector.print %s : i64 punctuation <no_punctuation>
  }
  vector.print punctuation <newline>
  vector.print str "f64 roundeven:"
  scf.for %i = %c0 to %c8 step %c1 {
    %v = memref.load %dout[%c4, %i] : memref<7x8xf64>
    %m = arith.mulf %v, %k100f64 : f64
    %s = arith.fptosi %m : f64 to i64
    vector.print str " "
    vector.print %s : i64 punctuation <no_punctuation>
  }
  vector.print punctuation <newline>
  vector.print str "f64 trunc:"
  scf.for %i = %c0 to %c8 step %c1 {
    %v = memref.load %dout[%c5, %i] : memref<7x8xf64>
    %m = arith.mulf %v, %k100f64 : f64
    %s = arith.fptosi %m : f64 to i64
    vector.print str " "
    vector.print %s : i64 punctuation <no_punctuation>
  }
  vector.print punctuation <newline>
  vector.print str "f64 absf:"
  scf.for %i = %c0 to %c8 step %c1 {
    %v = memref.load %dout[%c6, %i] : memref<7x8xf64>
    %m = arith.mulf %v, %k100f64 : f64
    %s = arith.fptosi %m : f64 to i64
    vector.print str " "
    vector.print %s : i64 punctuation <no_punctuation>
  }
  vector.print punctuation <newline>
  vector.print str "isinf isnan isnormal isfinite:"
  vector.print punctuation <newline>
  scf.for %k = %c0 to %c4 step %c1 {
    scf.for %i = %c0 to %c8 step %c1 {
      %v = memref.load %cls[%k, %i] : memref<4x8xi32>
      vector.print str " "
      vector.print %v : i32 punctuation <no_punctuation>
    }
    vector.print punctuation <newline>
  }
  memref.dealloc %in : memref<8xf32>
  memref.dealloc %out : memref<35x8xf32>
  memref.dealloc %ref : memref<35x8xf32>
  memref.dealloc %din : memref<8xf64>
  memref.dealloc %dout : memref<7x8xf64>
  memref.dealloc %cls : memref<4x8xi32>
  memref.dealloc %flag : memref<i32>
  return
}
