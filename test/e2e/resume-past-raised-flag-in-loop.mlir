// A resume inside a do-while iteration skips what precedes the resumed checkpoint in that
// iteration, yield checks included: checkpoint 1's flag, raised behind the host's back
// before the resume at label 2, does not yield in the resumed iteration, and yields at
// the first check of the next one.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines

// Launch 1: bare 9, checkpoint 1 (task 1), checkpoint 2 (task 2 raises g): yields at 2.
// Resume at 2: task 2, bare 7; the loop goes on (c = 1): bare 9, task 1, and the check of
// checkpoint 1 finds f raised: yields at 1.
// CHECK:      2
// CHECK-NEXT: 1
// CHECK-NEXT: 9
// CHECK-NEXT: 1
// CHECK-NEXT: 2
// CHECK-NEXT: 2
// CHECK-NEXT: 7
// CHECK-NEXT: 9
// CHECK-NEXT: 1
// CHECK-NOT:  {{.}}
func.func @k(%log: memref<?xi32>, %req: memref<?xi32>, %f: memref<i32>, %g: memref<i32>, %c: memref<i32>)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %one = arith.constant 1 : i32
  %zero = arith.constant 0 : i32
  ckpt.do_while %c : memref<i32> {
    %p = memref.load %log[%c0] : memref<?xi32>
    %pi = arith.index_cast %p : i32 to index
    %t9 = arith.constant 9 : i32
    memref.store %t9, %log[%pi] : memref<?xi32>
    %p1 = arith.addi %p, %one : i32
    memref.store %p1, %log[%c0] : memref<?xi32>
    ckpt.checkpoint 1 yield_on %f : memref<i32> {
      scf.for %i = %c0 to %c1 step %c1 {
        %q = memref.load %log[%c0] : memref<?xi32>
        %qi = arith.index_cast %q : i32 to index
        memref.store %one, %log[%qi] : memref<?xi32>
        %q1 = arith.addi %q, %one : i32
        memref.store %q1, %log[%c0] : memref<?xi32>
        %r = memref.load %req[%c0] : memref<?xi32>
        %raise = arith.cmpi ne, %r, %zero : i32
        scf.if %raise { memref.store %one, %f[] : memref<i32> }
      }
    }
    ckpt.checkpoint 2 yield_on %g : memref<i32> {
      scf.for %i = %c0 to %c1 step %c1 {
        %q = memref.load %log[%c0] : memref<?xi32>
        %qi = arith.index_cast %q : i32 to index
        %t2 = arith.constant 2 : i32
        memref.store %t2, %log[%qi] : memref<?xi32>
        %q1 = arith.addi %q, %one : i32
        memref.store %q1, %log[%c0] : memref<?xi32>
        %r = memref.load %req[%c1] : memref<?xi32>
        %raise = arith.cmpi ne, %r, %zero : i32
        scf.if %raise { memref.store %one, %g[] : memref<i32> }
        %n = memref.load %c[] : memref<i32>
        %n1 = arith.subi %n, %one : i32
        memref.store %n1, %c[] : memref<i32>
      }
    }
    %s = memref.load %log[%c0] : memref<?xi32>
    %si = arith.index_cast %s : i32 to index
    %t7 = arith.constant 7 : i32
    memref.store %t7, %log[%si] : memref<?xi32>
    %s1 = arith.addi %s, %one : i32
    memref.store %s1, %log[%c0] : memref<?xi32>
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c64 = arith.constant 64 : index
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %three = arith.constant 3 : i32
  %log = memref.alloc(%c64) : memref<?xi32>
  memref.store %one, %log[%c0] : memref<?xi32>
  %req = memref.alloc(%c2) : memref<?xi32>
  memref.store %zero, %req[%c0] : memref<?xi32>
  memref.store %one, %req[%c1] : memref<?xi32>
  %f = memref.alloc() : memref<i32>
  %g = memref.alloc() : memref<i32>
  %c = memref.alloc() : memref<i32>
  memref.store %zero, %f[] : memref<i32>
  memref.store %zero, %g[] : memref<i32>
  memref.store %three, %c[] : memref<i32>
  %s1 = ckpt.launch @k(%log, %req, %f, %g, %c) : (memref<?xi32>, memref<?xi32>, memref<i32>, memref<i32>, memref<i32>) -> !ckpt.status
  %l1 = ckpt.status_label %s1 : i64
  vector.print %l1 : i64
  // raise f behind the host's back, clear g, resume at 2: no yield at 1 this iteration.
  memref.store %one, %f[] : memref<i32>
  memref.store %zero, %g[] : memref<i32>
  memref.store %zero, %req[%c1] : memref<?xi32>
  %s2 = ckpt.launch @k(%log, %req, %f, %g, %c) resume_from %l1 : (memref<?xi32>, memref<?xi32>, memref<i32>, memref<i32>, memref<i32>) -> !ckpt.status
  %l2 = ckpt.status_label %s2 : i64
  vector.print %l2 : i64
  %end = memref.load %log[%c0] : memref<?xi32>
  %endi = arith.index_cast %end : i32 to index
  scf.for %i = %c1 to %endi step %c1 {
    %v = memref.load %log[%i] : memref<?xi32>
    vector.print %v : i32
  }
  memref.dealloc %log : memref<?xi32>
  memref.dealloc %req : memref<?xi32>
  memref.dealloc %f : memref<i32>
  memref.dealloc %g : memref<i32>
  memref.dealloc %c : memref<i32>
  return
}
