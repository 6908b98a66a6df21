// When several checkpoints could report, the first in source order wins, and nothing
// after it runs. A checkpoint before the resume point is skipped along with its yield
// check, so its raised flag does not stop a resume from a later label.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines

// Tasks append their id to %log; label 5 raises %f when request[0] is non-zero, label 6
// raises %g when request[1] is.
func.func @step(%log: memref<?xi32>, %request: memref<?xi32>, %f: memref<i32>,
                %g: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %t1 = arith.constant 1 : i32
  %t2 = arith.constant 2 : i32
  %t3 = arith.constant 3 : i32
  ckpt.checkpoint 5 yield_on %f : memref<i32> {
    scf.for %i = %c0 to %c1 step %c1 {
      %p = memref.load %log[%c0] : memref<?xi32>
      %pi = arith.index_cast %p : i32 to index
      memref.store %t1, %log[%pi] : memref<?xi32>
      %p1 = arith.addi %p, %one : i32
      memref.store %p1, %log[%c0] : memref<?xi32>
      %r = memref.load %request[%c0] : memref<?xi32>
      %raise = arith.cmpi ne, %r, %zero : i32
      scf.if %raise {
        memref.store %r, %f[] : memref<i32>
      }
    }
  }
  ckpt.checkpoint 6 yield_on %g : memref<i32> {
    scf.for %i = %c0 to %c1 step %c1 {
      %p = memref.load %log[%c0] : memref<?xi32>
      %pi = arith.index_cast %p : i32 to index
      memref.store %t2, %log[%pi] : memref<?xi32>
      %p1 = arith.addi %p, %one : i32
      memref.store %p1, %log[%c0] : memref<?xi32>
      %r = memref.load %request[%c1] : memref<?xi32>
      %raise = arith.cmpi ne, %r, %zero : i32
      scf.if %raise {
        memref.store %r, %g[] : memref<i32>
      }
    }
  }
  scf.for %i = %c0 to %c1 step %c1 {
    %p = memref.load %log[%c0] : memref<?xi32>
    %pi = arith.index_cast %p : i32 to index
    memref.store %t3, %log[%pi] : memref<?xi32>
    %p1 = arith.addi %p, %one : i32
    memref.store %p1, %log[%c0] : memref<?xi32>
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %label_6 = arith.constant 6 : i64
  %log = call @new_log() : () -> memref<?xi32>
  %request = call @zeros(%c2) : (index) -> memref<?xi32>
  %f = memref.alloc() : memref<i32>
  %g = memref.alloc() : memref<i32>

  // Both bodies would raise their flag; label 6's never runs.
  // CHECK: status ok=1 yielded=1 label=5
  // CHECK-NEXT: log: 1
  // CHECK-NEXT: g: 0
  memref.store %zero, %f[] : memref<i32>
  memref.store %zero, %g[] : memref<i32>
  memref.store %one, %request[%c0] : memref<?xi32>
  memref.store %one, %request[%c1] : memref<?xi32>
  %both_raise = ckpt.launch @step(%log, %request, %f, %g)
      : (memref<?xi32>, memref<?xi32>, memref<i32>, memref<i32>) -> !ckpt.status
  %both_raise_ok = ckpt.status_ok %both_raise : i1
  %both_raise_yielded = ckpt.status_yielded %both_raise : i1
  %both_raise_label = ckpt.status_label %both_raise : i64
  call @print_status(%both_raise_ok, %both_raise_yielded, %both_raise_label) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()
  %v0 = memref.load %g[] : memref<i32>
  vector.print str "g: "
  vector.print %v0 : i32

  // Both flags already set before a fresh launch.
  // CHECK-NEXT: status ok=1 yielded=1 label=5
  // CHECK-NEXT: log: 1
  memref.store %zero, %request[%c0] : memref<?xi32>
  memref.store %zero, %request[%c1] : memref<?xi32>
  memref.store %one, %f[] : memref<i32>
  memref.store %one, %g[] : memref<i32>
  %both_set = ckpt.launch @step(%log, %request, %f, %g)
      : (memref<?xi32>, memref<?xi32>, memref<i32>, memref<i32>) -> !ckpt.status
  %both_set_ok = ckpt.status_ok %both_set : i1
  %both_set_yielded = ckpt.status_yielded %both_set : i1
  %both_set_label = ckpt.status_label %both_set : i64
  call @print_status(%both_set_ok, %both_set_yielded, %both_set_label) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()

  // Resuming from label 6 skips label 5, whose flag is still set.
  // CHECK-NEXT: status ok=1 yielded=1 label=6
  // CHECK-NEXT: log: 2
  %past_first = ckpt.launch @step(%log, %request, %f, %g) resume_from %label_6
      : (memref<?xi32>, memref<?xi32>, memref<i32>, memref<i32>) -> !ckpt.status
  %past_first_ok = ckpt.status_ok %past_first : i1
  %past_first_yielded = ckpt.status_yielded %past_first : i1
  %past_first_label = ckpt.status_label %past_first : i64
  call @print_status(%past_first_ok, %past_first_yielded, %past_first_label) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()

  // CHECK-NEXT: status ok=1 yielded=0 label=-1
  // CHECK-NEXT: log: 2 3
  memref.store %zero, %g[] : memref<i32>
  %done = ckpt.launch @step(%log, %request, %f, %g) resume_from %label_6
      : (memref<?xi32>, memref<?xi32>, memref<i32>, memref<i32>) -> !ckpt.status
  %done_ok = ckpt.status_ok %done : i1
  %done_yielded = ckpt.status_yielded %done : i1
  %done_label = ckpt.status_label %done : i64
  call @print_status(%done_ok, %done_yielded, %done_label) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()
  memref.dealloc %log : memref<?xi32>
  memref.dealloc %request : memref<?xi32>
  memref.dealloc %f : memref<i32>
  memref.dealloc %g : memref<i32>
  return
}

// Helpers shared, as copies, by the e2e tests.

// Prints "status ok=O yielded=Y label=L".
func.func @print_status(%ok: i1, %yielded: i1, %label: i64) {
  vector.print str "status ok="
  vector.print %ok : i1 punctuation <no_punctuation>
  vector.print str " yielded="
  vector.print %yielded : i1 punctuation <no_punctuation>
  vector.print str " label="
  vector.print %label : i64
  return
}

// A log of 64 entries, empty: log[0], the next free slot, is 1.
func.func @new_log() -> memref<?xi32> {
  %c0 = arith.constant 0 : index
  %c64 = arith.constant 64 : index
  %one = arith.constant 1 : i32
  %log = call @zeros(%c64) : (index) -> memref<?xi32>
  memref.store %one, %log[%c0] : memref<?xi32>
  return %log : memref<?xi32>
}

// Prints "log: A B C", the ids appended since the last call, and empties the log.
func.func @print_log(%log: memref<?xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1 : i32
  %end = memref.load %log[%c0] : memref<?xi32>
  %end_index = arith.index_cast %end : i32 to index
  vector.print str "log:"
  scf.for %i = %c1 to %end_index step %c1 {
    %id = memref.load %log[%i] : memref<?xi32>
    vector.print str " "
    vector.print %id : i32 punctuation <no_punctuation>
  }
  vector.print punctuation <newline>
  memref.store %one, %log[%c0] : memref<?xi32>
  return
}

func.func @zeros(%n: index) -> memref<?xi32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0 : i32
  %m = memref.alloc(%n) : memref<?xi32>
  scf.for %i = %c0 to %n step %c1 {
    memref.store %zero, %m[%i] : memref<?xi32>
  }
  return %m : memref<?xi32>
}

// Prints " a b c" and a newline, then zeroes the values.
func.func @print_and_clear(%values: memref<?xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0 : i32
  %n = memref.dim %values, %c0 : memref<?xi32>
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %values[%i] : memref<?xi32>
    vector.print str " "
    vector.print %v : i32 punctuation <no_punctuation>
    memref.store %zero, %values[%i] : memref<?xi32>
  }
  vector.print punctuation <newline>
  return
}
