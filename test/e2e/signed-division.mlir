// Signed division, remainder and rounded division with negative operands and the most
// negative integer (every case defined: nothing divides it by -1), in i8, i32 and i64,
// inside a checkpoint that yields and is resumed. MLIR's SPIR-V form of arith.remsi works
// on absolute values and gave INT_MIN % 7 = 2 (and floordivsi, ceildivsi built on it one
// off) on Vulkan; ckpt-prepare-spirv-tasks computes a - (a / b) * b.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines

module {
  func.func @k(%a: memref<4xi32>, %b: memref<4xi32>, %w: memref<2xi64>, %o: memref<4x4xi32>,
               %o64: memref<3xi64>, %o8: memref<3xi32>, %flag: memref<i32>)
      attributes {ckpt.graph, ckpt.checkpoints} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c3 = arith.constant 3 : index
    %c4 = arith.constant 4 : index
    ckpt.checkpoint 0 "divided" yield_on %flag : memref<i32> {
      scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
        %x = memref.load %a[%i] : memref<4xi32>
        %y = memref.load %b[%i] : memref<4xi32>
        %q = arith.divsi %x, %y : i32
        %r = arith.remsi %x, %y : i32
        %f = arith.floordivsi %x, %y : i32
        %c = arith.ceildivsi %x, %y : i32
        memref.store %q, %o[%c0, %i] : memref<4x4xi32>
        memref.store %r, %o[%c1, %i] : memref<4x4xi32>
        memref.store %f, %o[%c2, %i] : memref<4x4xi32>
        memref.store %c, %o[%c3, %i] : memref<4x4xi32>
        scf.reduce
      }
      scf.for %once = %c0 to %c1 step %c1 {
        %x = memref.load %w[%c0] : memref<2xi64>
        %y = memref.load %w[%c1] : memref<2xi64>
        %r = arith.remsi %x, %y : i64
        %f = arith.floordivsi %x, %y : i64
        %c = arith.ceildivsi %x, %y : i64
        memref.store %r, %o64[%c0] : memref<3xi64>
        memref.store %f, %o64[%c1] : memref<3xi64>
        memref.store %c, %o64[%c2] : memref<3xi64>
        // i8: -128 by 7.
        %m8 = arith.constant -128 : i8
        %s8 = arith.constant 7 : i8
        %r8 = arith.remsi %m8, %s8 : i8
        %f8 = arith.floordivsi %m8, %s8 : i8
        %c8 = arith.ceildivsi %m8, %s8 : i8
        %r8w = arith.extsi %r8 : i8 to i32
        %f8w = arith.extsi %f8 : i8 to i32
        %c8w = arith.extsi %c8 : i8 to i32
        memref.store %r8w, %o8[%c0] : memref<3xi32>
        memref.store %f8w, %o8[%c1] : memref<3xi32>
        memref.store %c8w, %o8[%c2] : memref<3xi32>
      }
    }
    return
  }

  func.func @main() {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c3 = arith.constant 3 : index
    %a = memref.alloc() : memref<4xi32>
    %b = memref.alloc() : memref<4xi32>
    %as = arith.constant dense<[-2147483648, -7, 7, -2147483648]> : vector<4xi32>
    %bs = arith.constant dense<[7, 2, -2, -7]> : vector<4xi32>
    vector.store %as, %a[%c0] : memref<4xi32>, vector<4xi32>
    vector.store %bs, %b[%c0] : memref<4xi32>, vector<4xi32>
    %w = memref.alloc() : memref<2xi64>
    %ws = arith.constant dense<[-9223372036854775808, 7]> : vector<2xi64>
    vector.store %ws, %w[%c0] : memref<2xi64>, vector<2xi64>
    %o = memref.alloc() : memref<4x4xi32>
    %o64 = memref.alloc() : memref<3xi64>
    %o8 = memref.alloc() : memref<3xi32>
    %flag = memref.alloc() : memref<i32>
    %raised = arith.constant 1 : i32
    %z = arith.constant 0 : i32
    memref.store %raised, %flag[] : memref<i32>
    // CHECK: ckpt.status ok=1 yielded=1 label=0 name="divided"
    %st = ckpt.launch @k(%a, %b, %w, %o, %o64, %o8, %flag)
        : (memref<4xi32>, memref<4xi32>, memref<2xi64>, memref<4x4xi32>, memref<3xi64>,
           memref<3xi32>, memref<i32>) -> !ckpt.status
    ckpt.status_print %st
    memref.store %z, %flag[] : memref<i32>
    %label = arith.constant 0 : i64
    // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
    %st2 = ckpt.launch @k(%a, %b, %w, %o, %o64, %o8, %flag) resume_from %label
        : (memref<4xi32>, memref<4xi32>, memref<2xi64>, memref<4x4xi32>, memref<3xi64>,
           memref<3xi32>, memref<i32>) -> !ckpt.status
    ckpt.status_print %st2
    // Quotients, remainders, floor and ceiling quotients of
    // INT_MIN / 7, -7 / 2, 7 / -2, INT_MIN / -7.
    // CHECK-NEXT: ( -306783378, -3, -3, 306783378 )
    // CHECK-NEXT: ( -2, -1, 1, -2 )
    // CHECK-NEXT: ( -306783379, -4, -4, 306783378 )
    // CHECK-NEXT: ( -306783378, -3, -3, 306783379 )
    %r0 = vector.load %o[%c0, %c0] : memref<4x4xi32>, vector<4xi32>
    vector.print %r0 : vector<4xi32>
    %r1 = vector.load %o[%c1, %c0] : memref<4x4xi32>, vector<4xi32>
    vector.print %r1 : vector<4xi32>
    %r2 = vector.load %o[%c2, %c0] : memref<4x4xi32>, vector<4xi32>
    vector.print %r2 : vector<4xi32>
    %r3 = vector.load %o[%c3, %c0] : memref<4x4xi32>, vector<4xi32>
    vector.print %r3 : vector<4xi32>
    // INT64_MIN by 7, then -128 by 7 in i8.
    // CHECK-NEXT: ( -1, -1317624576693539402, -1317624576693539401 )
    // CHECK-NEXT: ( -2, -19, -18 )
    %v64 = vector.load %o64[%c0] : memref<3xi64>, vector<3xi64>
    vector.print %v64 : vector<3xi64>
    %v8 = vector.load %o8[%c0] : memref<3xi32>, vector<3xi32>
    vector.print %v8 : vector<3xi32>
    memref.dealloc %a : memref<4xi32>
    memref.dealloc %b : memref<4xi32>
    memref.dealloc %w : memref<2xi64>
    memref.dealloc %o : memref<4x4xi32>
    memref.dealloc %o64 : memref<3xi64>
    memref.dealloc %o8 : memref<3xi32>
    memref.dealloc %flag : memref<i32>
    return
  }
}
