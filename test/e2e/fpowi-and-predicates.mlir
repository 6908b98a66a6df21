// math.fpowi with constant exponents (negative, zero, positive) and a run-time one on
// signed zeros and ordinary values, and arith.cmpf's constant predicates (false, true)
// beside the unordered ones on NaN and signed zeros, inside a checkpoint that yields and
// is resumed. On Vulkan MLIR's fpowi expansion told a zero's sign with an equality both
// zeros pass (0^-2 was -inf), and cmpf false/true failed to legalize; ckpt-expand-float-ops
// expands fpowi itself and folds the constant predicates.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines

module {
  func.func @k(%z: memref<4xf32>, %e: memref<4xi32>, %x: memref<4xf32>, %y: memref<4xf32>,
               %p: memref<6x4xf32>, %c: memref<6x4xi32>, %flag: memref<i32>)
      attributes {ckpt.graph, ckpt.checkpoints} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c3 = arith.constant 3 : index
    %c4 = arith.constant 4 : index
    %c5 = arith.constant 5 : index
    ckpt.checkpoint 0 "powers" yield_on %flag : memref<i32> {
      scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
        %b = memref.load %z[%i] : memref<4xf32>
        %n = memref.load %e[%i] : memref<4xi32>
        %m3 = arith.constant -3 : i32
        %m2 = arith.constant -2 : i32
        %m1 = arith.constant -1 : i32
        %z0 = arith.constant 0 : i32
        %p5 = arith.constant 5 : i32
        %r0 = math.fpowi %b, %m3 : f32, i32
        %r1 = math.fpowi %b, %m2 : f32, i32
        %r2 = math.fpowi %b, %m1 : f32, i32
        %r3 = math.fpowi %b, %z0 : f32, i32
        %r4 = math.fpowi %b, %p5 : f32, i32
        %r5 = math.fpowi %b, %n : f32, i32
        memref.store %r0, %p[%c0, %i] : memref<6x4xf32>
        memref.store %r1, %p[%c1, %i] : memref<6x4xf32>
        memref.store %r2, %p[%c2, %i] : memref<6x4xf32>
        memref.store %r3, %p[%c3, %i] : memref<6x4xf32>
        memref.store %r4, %p[%c4, %i] : memref<6x4xf32>
        memref.store %r5, %p[%c5, %i] : memref<6x4xf32>
        %a = memref.load %x[%i] : memref<4xf32>
        %d = memref.load %y[%i] : memref<4xf32>
        %f = arith.cmpf false, %a, %d : f32
        %t = arith.cmpf true, %a, %d : f32
        %ueq = arith.cmpf ueq, %a, %d : f32
        %une = arith.cmpf une, %a, %d : f32
        %uno = arith.cmpf uno, %a, %d : f32
        %ord = arith.cmpf ord, %a, %d : f32
        %wf = arith.extui %f : i1 to i32
        %wt = arith.extui %t : i1 to i32
        %wueq = arith.extui %ueq : i1 to i32
        %wune = arith.extui %une : i1 to i32
        %wuno = arith.extui %uno : i1 to i32
        %word = arith.extui %ord : i1 to i32
        memref.store %wf, %c[%c0, %i] : memref<6x4xi32>
        memref.store %wt, %c[%c1, %i] : memref<6x4xi32>
        memref.store %wueq, %c[%c2, %i] : memref<6x4xi32>
        memref.store %wune, %c[%c3, %i] : memref<6x4xi32>
        memref.store %wuno, %c[%c4, %i] : memref<6x4xi32>
        memref.store %word, %c[%c5, %i] : memref<6x4xi32>
        scf.reduce
      }
    }
    return
  }

  func.func @main() {
    %c0 = arith.constant 0 : index
    %z = memref.alloc() : memref<4xf32>
    %zs = arith.constant dense<[-0.0, 0.0, -2.0, 0.5]> : vector<4xf32>
    vector.store %zs, %z[%c0] : memref<4xf32>, vector<4xf32>
    %e = memref.alloc() : memref<4xi32>
    %es = arith.constant dense<[-2, -1, 3, -4]> : vector<4xi32>
    vector.store %es, %e[%c0] : memref<4xi32>, vector<4xi32>
    %x = memref.alloc() : memref<4xf32>
    %xs = arith.constant dense<[0x7FC00000, 1.0, -0.0, 2.0]> : vector<4xf32>
    vector.store %xs, %x[%c0] : memref<4xf32>, vector<4xf32>
    %y = memref.alloc() : memref<4xf32>
    %ys = arith.constant dense<[1.0, 0x7FC00000, 0.0, 2.0]> : vector<4xf32>
    vector.store %ys, %y[%c0] : memref<4xf32>, vector<4xf32>
    %p = memref.alloc() : memref<6x4xf32>
    %c = memref.alloc() : memref<6x4xi32>
    %flag = memref.alloc() : memref<i32>
    %raised = arith.constant 1 : i32
    %zero = arith.constant 0 : i32
    memref.store %raised, %flag[] : memref<i32>
    // CHECK: ckpt.status ok=1 yielded=1 label=0 name="powers"
    %st = ckpt.launch @k(%z, %e, %x, %y, %p, %c, %flag)
        : (memref<4xf32>, memref<4xi32>, memref<4xf32>, memref<4xf32>, memref<6x4xf32>,
           memref<6x4xi32>, memref<i32>) -> !ckpt.status
    ckpt.status_print %st
    memref.store %zero, %flag[] : memref<i32>
    %label = arith.constant 0 : i64
    // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
    %st2 = ckpt.launch @k(%z, %e, %x, %y, %p, %c, %flag) resume_from %label
        : (memref<4xf32>, memref<4xi32>, memref<4xf32>, memref<4xf32>, memref<6x4xf32>,
           memref<6x4xi32>, memref<i32>) -> !ckpt.status
    ckpt.status_print %st2
    // Powers -3, -2, -1, 0, 5 and (-2, -1, 3, -4) of (-0, +0, -2, 0.5).
    // CHECK-NEXT: ( ( -inf, inf, -0.125, 8 ), ( inf, inf, 0.25, 4 ), ( -inf, inf, -0.5, 2 ), ( 1, 1, 1, 1 ), ( -0, 0, -32, 0.03125 ), ( inf, inf, -8, 16 ) )
    // false, true, ueq, une, uno, ord of (NaN, 1), (1, NaN), (-0, +0), (2, 2).
    // CHECK-NEXT: ( ( 0, 0, 0, 0 ), ( 1, 1, 1, 1 ), ( 1, 1, 1, 1 ), ( 1, 1, 0, 0 ), ( 1, 1, 0, 0 ), ( 0, 0, 1, 1 ) )
    %fpad = arith.constant 0.0 : f32
    %pv = vector.transfer_read %p[%c0, %c0], %fpad : memref<6x4xf32>, vector<6x4xf32>
    vector.print %pv : vector<6x4xf32>
    %pad = arith.constant 0 : i32
    %cv = vector.transfer_read %c[%c0, %c0], %pad : memref<6x4xi32>, vector<6x4xi32>
    vector.print %cv : vector<6x4xi32>
    memref.dealloc %z : memref<4xf32>
    memref.dealloc %e : memref<4xi32>
    memref.dealloc %x : memref<4xf32>
    memref.dealloc %y : memref<4xf32>
    memref.dealloc %p : memref<6x4xf32>
    memref.dealloc %c : memref<6x4xi32>
    memref.dealloc %flag : memref<i32>
    return
  }
}
