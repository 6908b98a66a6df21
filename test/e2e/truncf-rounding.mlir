// arith.truncf with each rounding mode, f64 to f32 and f32 to f16: values between two
// narrow ones, exact ties, overflow past the largest finite value and underflow below
// the smallest subnormal, both signs; results as bits. Every target rounded to nearest
// whatever the mode said (and Vulkan drivers rejected the SPIR-V), so ckpt-expand-math
// computes the directed modes from the nearest value and one step of the bits.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines

module {
  func.func @k(%x: memref<7xf64>, %h: memref<2xf32>, %o: memref<5x7xi32>, %o16: memref<5x2xi16>,
               %flag: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c3 = arith.constant 3 : index
    %c4 = arith.constant 4 : index
    %c7 = arith.constant 7 : index
    ckpt.checkpoint 0 "rounded" yield_on %flag : memref<i32> {
      scf.parallel (%i) = (%c0) to (%c7) step (%c1) {
        %d = memref.load %x[%i] : memref<7xf64>
        %n = arith.truncf %d to_nearest_even : f64 to f32
        %dn = arith.truncf %d downward : f64 to f32
        %up = arith.truncf %d upward : f64 to f32
        %z = arith.truncf %d toward_zero : f64 to f32
        %aw = arith.truncf %d to_nearest_away : f64 to f32
        %bn = arith.bitcast %n : f32 to i32
        %bdn = arith.bitcast %dn : f32 to i32
        %bup = arith.bitcast %up : f32 to i32
        %bz = arith.bitcast %z : f32 to i32
        %baw = arith.bitcast %aw : f32 to i32
        memref.store %bn, %o[%c0, %i] : memref<5x7xi32>
        memref.store %bdn, %o[%c1, %i] : memref<5x7xi32>
        memref.store %bup, %o[%c2, %i] : memref<5x7xi32>
        memref.store %bz, %o[%c3, %i] : memref<5x7xi32>
        memref.store %baw, %o[%c4, %i] : memref<5x7xi32>
        scf.reduce
      }
      scf.parallel (%j) = (%c0) to (%c2) step (%c1) {
        %f = memref.load %h[%j] : memref<2xf32>
        %n = arith.truncf %f to_nearest_even : f32 to f16
        %dn = arith.truncf %f downward : f32 to f16
        %up = arith.truncf %f upward : f32 to f16
        %z = arith.truncf %f toward_zero : f32 to f16
        %aw = arith.truncf %f to_nearest_away : f32 to f16
        %bn = arith.bitcast %n : f16 to i16
        %bdn = arith.bitcast %dn : f16 to i16
        %bup = arith.bitcast %up : f16 to i16
        %bz = arith.bitcast %z : f16 to i16
        %baw = arith.bitcast %aw : f16 to i16
        memref.store %bn, %o16[%c0, %j] : memref<5x2xi16>
        memref.store %bdn, %o16[%c1, %j] : memref<5x2xi16>
        memref.store %bup, %o16[%c2, %j] : memref<5x2xi16>
        memref.store %bz, %o16[%c3, %j] : memref<5x2xi16>
        memref.store %baw, %o16[%c4, %j] : memref<5x2xi16>
        scf.reduce
      }
    }
    return
  }

  func.func @main() {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c3 = arith.constant 3 : index
    %c4 = arith.constant 4 : index
    // 1 + 3/4 ulp, its negation, 1 + 1/2 ulp (a tie), its negation, 1e39 (past the
    // largest f32), 1e-50 and -1e-50 (below the smallest subnormal).
    %x = memref.alloc() : memref<7xf64>
    %xs = arith.constant dense<[1.0000000894069672, -1.0000000894069672, 1.000000059604644775390625,
                                -1.000000059604644775390625, 1.0e39, 1.0e-50, -1.0e-50]> : vector<7xf64>
    vector.store %xs, %x[%c0] : memref<7xf64>, vector<7xf64>
    // f16: 1 + 1/2 ulp (a tie) and -(1 + 3/4 ulp).
    %h = memref.alloc() : memref<2xf32>
    %hs = arith.constant dense<[1.00048828125, -1.000732421875]> : vector<2xf32>
    vector.store %hs, %h[%c0] : memref<2xf32>, vector<2xf32>
    %o = memref.alloc() : memref<5x7xi32>
    %o16 = memref.alloc() : memref<5x2xi16>
    %flag = memref.alloc() : memref<i32>
    %raised = arith.constant 1 : i32
    %z = arith.constant 0 : i32
    memref.store %raised, %flag[] : memref<i32>
    // CHECK: ckpt.status ok=1 yielded=1 label=0 name="rounded"
    %st = ckpt.launch @k(%x, %h, %o, %o16, %flag)
        : (memref<7xf64>, memref<2xf32>, memref<5x7xi32>, memref<5x2xi16>, memref<i32>) -> !ckpt.status
    ckpt.status_print %st
    memref.store %z, %flag[] : memref<i32>
    %label = arith.constant 0 : i64
    // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
    %st2 = ckpt.launch @k(%x, %h, %o, %o16, %flag) resume_from %label
        : (memref<7xf64>, memref<2xf32>, memref<5x7xi32>, memref<5x2xi16>, memref<i32>) -> !ckpt.status
    ckpt.status_print %st2
    // f32 bits: 1.0 is 1065353216 and the next 1065353217; -1.0 -1082130432; the largest
    // finite 2139095039, infinity 2139095040; the smallest subnormals 1 and -2147483647,
    // and -0 -2147483648. Rows: nearest even, downward, upward, toward zero, nearest away.
    // CHECK-NEXT: ( 1065353217, -1082130431, 1065353216, -1082130432, 2139095040, 0, -2147483648 )
    // CHECK-NEXT: ( 1065353216, -1082130431, 1065353216, -1082130431, 2139095039, 0, -2147483647 )
    // CHECK-NEXT: ( 1065353217, -1082130432, 1065353217, -1082130432, 2139095040, 1, -2147483648 )
    // CHECK-NEXT: ( 1065353216, -1082130432, 1065353216, -1082130432, 2139095039, 0, -2147483648 )
    // CHECK-NEXT: ( 1065353217, -1082130431, 1065353217, -1082130431, 2139095040, 0, -2147483648 )
    %r0 = vector.load %o[%c0, %c0] : memref<5x7xi32>, vector<7xi32>
    vector.print %r0 : vector<7xi32>
    %r1 = vector.load %o[%c1, %c0] : memref<5x7xi32>, vector<7xi32>
    vector.print %r1 : vector<7xi32>
    %r2 = vector.load %o[%c2, %c0] : memref<5x7xi32>, vector<7xi32>
    vector.print %r2 : vector<7xi32>
    %r3 = vector.load %o[%c3, %c0] : memref<5x7xi32>, vector<7xi32>
    vector.print %r3 : vector<7xi32>
    %r4 = vector.load %o[%c4, %c0] : memref<5x7xi32>, vector<7xi32>
    vector.print %r4 : vector<7xi32>
    // f16 bits: 1.0 is 15360 and the next 15361; -1.0 -17408, the next below -17407.
    // CHECK-NEXT: ( 15360, -17407 )
    // CHECK-NEXT: ( 15360, -17407 )
    // CHECK-NEXT: ( 15361, -17408 )
    // CHECK-NEXT: ( 15360, -17408 )
    // CHECK-NEXT: ( 15361, -17407 )
    %s0 = vector.load %o16[%c0, %c0] : memref<5x2xi16>, vector<2xi16>
    vector.print %s0 : vector<2xi16>
    %s1 = vector.load %o16[%c1, %c0] : memref<5x2xi16>, vector<2xi16>
    vector.print %s1 : vector<2xi16>
    %s2 = vector.load %o16[%c2, %c0] : memref<5x2xi16>, vector<2xi16>
    vector.print %s2 : vector<2xi16>
    %s3 = vector.load %o16[%c3, %c0] : memref<5x2xi16>, vector<2xi16>
    vector.print %s3 : vector<2xi16>
    %s4 = vector.load %o16[%c4, %c0] : memref<5x2xi16>, vector<2xi16>
    vector.print %s4 : vector<2xi16>
    memref.dealloc %x : memref<7xf64>
    memref.dealloc %h : memref<2xf32>
    memref.dealloc %o : memref<5x7xi32>
    memref.dealloc %o16 : memref<5x2xi16>
    memref.dealloc %flag : memref<i32>
    return
  }
}
