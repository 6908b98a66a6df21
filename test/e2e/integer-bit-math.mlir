// Integer math some conversion leaves alone (ckpt-expand-math, integer_math.c):
// math.ipowi, which no target takes, with negative bases and exponents, on scalars and
// vectors; math.ctpop and math.cttz on i8, i16, i32 and i64 and on vectors, and
// vector.reduction <and|or|xor> of 8 lanes with and without an accumulator, which the
// SPIR-V conversion does not take. The CPU computes the bit counts with LLVM's own
// intrinsics, so the Vulkan run checks ckpt's rewrite against them. A yield at the
// checkpoint, then the resume.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines

func.func @k(%a: memref<8xi32>, %b: memref<8xi32>, %w: memref<8xi64>, %out: memref<8xi32>,
             %wout: memref<8xi64>, %bits: memref<8xi32>, %flag: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  // out[i] = a[i] ** b[i]; wout[i] = ctpop(w[i]) * 100 + cttz(w[i]).
  scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
    %x = memref.load %a[%i] : memref<8xi32>
    %y = memref.load %b[%i] : memref<8xi32>
    %p = math.ipowi %x, %y : i32
    memref.store %p, %out[%i] : memref<8xi32>
    %v = memref.load %w[%i] : memref<8xi64>
    %pop = math.ctpop %v : i64
    %tz = math.cttz %v : i64
    %h = arith.constant 100 : i64
    %ph = arith.muli %pop, %h : i64
    %s = arith.addi %ph, %tz : i64
    memref.store %s, %wout[%i] : memref<8xi64>
  }
  ckpt.checkpoint 0 "bits" yield_on %flag : memref<i32> {
    scf.for %once = %c0 to %c1 step %c1 {
      %va = vector.load %a[%c0] : memref<8xi32>, vector<8xi32>
      %and = vector.reduction <and>, %va : vector<8xi32> into i32
      %or = vector.reduction <or>, %va : vector<8xi32> into i32
      %acc = arith.constant 1 : i32
      %xor = vector.reduction <xor>, %va, %acc : vector<8xi32> into i32
      %c2 = arith.constant 2 : index
      memref.store %and, %bits[%c0] : memref<8xi32>
      memref.store %or, %bits[%c1] : memref<8xi32>
      memref.store %xor, %bits[%c2] : memref<8xi32>
      // Narrow and vector bit counts, packed into one word each.
      %n8 = arith.trunci %xor : i32 to i8
      %p8 = math.ctpop %n8 : i8
      %t8 = math.cttz %n8 : i8
      %n16 = arith.trunci %or : i32 to i16
      %p16 = math.ctpop %n16 : i16
      %t16 = math.cttz %n16 : i16
      %e8 = arith.extui %p8 : i8 to i32
      %f8 = arith.extui %t8 : i8 to i32
      %e16 = arith.extui %p16 : i16 to i32
      %f16 = arith.extui %t16 : i16 to i32
      %sixteen = arith.constant 16 : i32
      %eight = arith.constant 8 : i32
      %s1 = arith.shli %e8, %eight : i32
      %s2 = arith.ori %s1, %f8 : i32
      %s3 = arith.shli %s2, %eight : i32
      %s4 = arith.ori %s3, %e16 : i32
      %s5 = arith.shli %s4, %eight : i32
      %s6 = arith.ori %s5, %f16 : i32
      %c3 = arith.constant 3 : index
      memref.store %s6, %bits[%c3] : memref<8xi32>
      %vp = math.ctpop %va : vector<8xi32>
      %vt = math.cttz %va : vector<8xi32>
      %vpow = math.ipowi %va, %vt : vector<8xi32>
      %sum_p = vector.reduction <add>, %vp : vector<8xi32> into i32
      %sum_t = vector.reduction <add>, %vt : vector<8xi32> into i32
      %sum_w = vector.reduction <add>, %vpow : vector<8xi32> into i32
      %c4 = arith.constant 4 : index
      %c5 = arith.constant 5 : index
      %c6 = arith.constant 6 : index
      memref.store %sum_p, %bits[%c4] : memref<8xi32>
      memref.store %sum_t, %bits[%c5] : memref<8xi32>
      memref.store %sum_w, %bits[%c6] : memref<8xi32>
    }
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %a = memref.alloc() : memref<8xi32>
  %b = memref.alloc() : memref<8xi32>
  %w = memref.alloc() : memref<8xi64>
  %out = memref.alloc() : memref<8xi32>
  %wout = memref.alloc() : memref<8xi64>
  %bits = memref.alloc() : memref<8xi32>
  %flag = memref.alloc() : memref<i32>
  %av = arith.constant dense<[0, 7, -1, -1, 2, -3, 1024, 12]> : vector<8xi32>
  %bv = arith.constant dense<[0, 7, -1, -4, -2, 3, 1024, 2]> : vector<8xi32>
  %wv = arith.constant dense<[0, 1, -1, 96, 4611686018427387904, -9223372036854775808, 255, 1099511627776]> : vector<8xi64>
  vector.store %av, %a[%c0] : memref<8xi32>, vector<8xi32>
  vector.store %bv, %b[%c0] : memref<8xi32>, vector<8xi32>
  vector.store %wv, %w[%c0] : memref<8xi64>, vector<8xi64>
  %zeros = arith.constant dense<0> : vector<8xi32>
  vector.store %zeros, %bits[%c0] : memref<8xi32>, vector<8xi32>
  %raised = arith.constant 1 : i32
  %z = arith.constant 0 : i32
  memref.store %raised, %flag[] : memref<i32>
  // CHECK: ckpt.status ok=1 yielded=1 label=0 name="bits"
  %st = ckpt.launch @k(%a, %b, %w, %out, %wout, %bits, %flag) : (memref<8xi32>, memref<8xi32>, memref<8xi64>, memref<8xi32>, memref<8xi64>, memref<8xi32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %st
  // The powers: 0^0, 7^7, (-1)^-1, (-1)^-4, 2^-2, (-3)^3, 1024^1024 (wraps to 0), 12^2.
  // CHECK-NEXT: ( 1, 823543, -1, 1, 0, -27, 0, 144 )
  %r1 = vector.load %out[%c0] : memref<8xi32>, vector<8xi32>
  vector.print %r1 : vector<8xi32>
  // ctpop * 100 + cttz of 0, 1, -1, 96, 2^62, 2^63, 255, 2^40.
  // CHECK-NEXT: ( 64, 100, 6400, 205, 162, 163, 800, 140 )
  %r2 = vector.load %wout[%c0] : memref<8xi64>, vector<8xi64>
  vector.print %r2 : vector<8xi64>
  memref.store %z, %flag[] : memref<i32>
  %label = arith.constant 0 : i64
  // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
  %st2 = ckpt.launch @k(%a, %b, %w, %out, %wout, %bits, %flag) resume_from %label : (memref<8xi32>, memref<8xi32>, memref<8xi64>, memref<8xi32>, memref<8xi64>, memref<8xi32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %st2
  // and, or, xor ^ 1 of a; the bit counts of xor's low byte and or's low half word; the
  // sums of a's bit counts, trailing zeros (32 for a[0] = 0) and a[i] ** cttz(a[i]).
  // CHECK-NEXT: ( 0, -1, -1035, 100667392, 102, 45, 150, 0 )
  %r3 = vector.load %bits[%c0] : memref<8xi32>, vector<8xi32>
  vector.print %r3 : vector<8xi32>
  memref.dealloc %a : memref<8xi32>
  memref.dealloc %b : memref<8xi32>
  memref.dealloc %w : memref<8xi64>
  memref.dealloc %out : memref<8xi32>
  memref.dealloc %wout : memref<8xi64>
  memref.dealloc %bits : memref<8xi32>
  memref.dealloc %flag : memref<i32>
  return
}
