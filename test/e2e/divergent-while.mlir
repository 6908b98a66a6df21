// A parallel task whose threads run an scf.while for different numbers of iterations,
// the loop's condition and results computed in an scf.if of its `before` region (the form
// lift-cf-to-scf gives a C function's loop). Each thread's results are those of its own
// last iteration. Lavapipe (Mesa 22.3, Debian 12) got this wrong from MLIR's form of the
// loop (valid SPIR-V): the threads that left first came out with a later iteration's
// values; ckpt-prepare-spirv-tasks now tests a carried flag first (docs/robustness.md).
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines

func.func @k(%b: memref<4xi32>, %steps: memref<4xi32>, %flag: memref<i32>)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  ckpt.checkpoint 0 "climb" yield_on %flag : memref<i32> {
    scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
      %x = memref.load %b[%i] : memref<4xi32>
      %zero = arith.constant 0 : i32
      %one = arith.constant 1 : i32
      %unset = arith.constant 77 : i32
      // Count up to the first non-negative value, and the steps taken.
      %r:3 = scf.while (%a = %x, %n = %zero, %out = %unset) : (i32, i32, i32) -> (i32, i32, i32) {
        %a1 = arith.addi %a, %one : i32
        %n1 = arith.addi %n, %one : i32
        %below = arith.cmpi slt, %a1, %zero : i32
        %next:3 = scf.if %below -> (i32, i32, i32) {
          scf.yield %a1, %unset, %one : i32, i32, i32
        } else {
          scf.yield %unset, %a1, %zero : i32, i32, i32
        }
        %again = arith.trunci %next#2 : i32 to i1
        scf.condition(%again) %next#0, %n1, %next#1 : i32, i32, i32
      } do {
      ^bb0(%u: i32, %v: i32, %w: i32):
        scf.yield %u, %v, %w : i32, i32, i32
      }
      memref.store %r#2, %b[%i] : memref<4xi32>
      memref.store %r#1, %steps[%i] : memref<4xi32>
      scf.reduce
    }
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %b = memref.alloc() : memref<4xi32>
  %steps = memref.alloc() : memref<4xi32>
  %flag = memref.alloc() : memref<i32>
  %start = arith.constant dense<[-7, -1, 0, 5]> : vector<4xi32>
  vector.store %start, %b[%c0] : memref<4xi32>, vector<4xi32>
  %raised = arith.constant 1 : i32
  %zero = arith.constant 0 : i32
  memref.store %raised, %flag[] : memref<i32>
  // CHECK: ckpt.status ok=1 yielded=1 label=0 name="climb"
  // CHECK-NEXT: ( 0, 0, 1, 6 )
  // CHECK-NEXT: ( 7, 1, 1, 1 )
  %st = ckpt.launch @k(%b, %steps, %flag) : (memref<4xi32>, memref<4xi32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %st
  %v = vector.load %b[%c0] : memref<4xi32>, vector<4xi32>
  vector.print %v : vector<4xi32>
  %s = vector.load %steps[%c0] : memref<4xi32>, vector<4xi32>
  vector.print %s : vector<4xi32>
  // The resume runs the checkpoint again on its own results: 0, 0, 1, 6 climb one step.
  // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
  // CHECK-NEXT: ( 1, 1, 2, 7 )
  // CHECK-NEXT: ( 1, 1, 1, 1 )
  memref.store %zero, %flag[] : memref<i32>
  %label = ckpt.status_label %st : i64
  %st2 = ckpt.launch @k(%b, %steps, %flag) resume_from %label : (memref<4xi32>, memref<4xi32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %st2
  %v2 = vector.load %b[%c0] : memref<4xi32>, vector<4xi32>
  vector.print %v2 : vector<4xi32>
  %s2 = vector.load %steps[%c0] : memref<4xi32>, vector<4xi32>
  vector.print %s2 : vector<4xi32>
  memref.dealloc %b : memref<4xi32>
  memref.dealloc %steps : memref<4xi32>
  memref.dealloc %flag : memref<i32>
  return
}
