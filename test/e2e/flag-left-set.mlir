// The framework never clears a yield_on flag: the host clears it before each resume. A
// flag left non-zero yields again at once, at the first checkpoint that reads it: the
// resumed checkpoint (after re-running its body), or a later one, or, on a fresh
// launch, the first checkpoint it serves.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines

// Tasks append their id to %log; label 3 raises %f when request[0] is non-zero.
func.func @step(%log: memref<?xi32>, %request: memref<?xi32>, %f: memref<i32>,
                %g: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %t1 = arith.constant 1 : i32
  %t2 = arith.constant 2 : i32
  %t3 = arith.constant 3 : i32
  %t4 = arith.constant 4 : i32
  %t5 = arith.constant 5 : i32
  %t6 = arith.constant 6 : i32
  scf.for %i = %c0 to %c1 step %c1 {
    %p = memref.load %log[%c0] : memref<?xi32>
    %pi = arith.index_cast %p : i32 to index
    memref.store %t1, %log[%pi] : memref<?xi32>
    %p1 = arith.addi %p, %one : i32
    memref.store %p1, %log[%c0] : memref<?xi32>
  }
  ckpt.checkpoint 3 yield_on %f : memref<i32> {
    scf.for %i = %c0 to %c1 step %c1 {
      %p = memref.load %log[%c0] : memref<?xi32>
      %pi = arith.index_cast %p : i32 to index
      memref.store %t2, %log[%pi] : memref<?xi32>
      %p1 = arith.addi %p, %one : i32
      memref.store %p1, %log[%c0] : memref<?xi32>
      %r = memref.load %request[%c0] : memref<?xi32>
      %raise = arith.cmpi ne, %r, %zero : i32
      scf.if %raise {
        memref.store %r, %f[] : memref<i32>
      }
    }
    scf.for %i = %c0 to %c1 step %c1 {
      %p = memref.load %log[%c0] : memref<?xi32>
      %pi = arith.index_cast %p : i32 to index
      memref.store %t3, %log[%pi] : memref<?xi32>
      %p1 = arith.addi %p, %one : i32
      memref.store %p1, %log[%c0] : memref<?xi32>
    }
  }
  scf.for %i = %c0 to %c1 step %c1 {
    %p = memref.load %log[%c0] : memref<?xi32>
    %pi = arith.index_cast %p : i32 to index
    memref.store %t4, %log[%pi] : memref<?xi32>
    %p1 = arith.addi %p, %one : i32
    memref.store %p1, %log[%c0] : memref<?xi32>
  }
  ckpt.checkpoint 4 yield_on %g : memref<i32> {
    scf.for %i = %c0 to %c1 step %c1 {
      %p = memref.load %log[%c0] : memref<?xi32>
      %pi = arith.index_cast %p : i32 to index
      memref.store %t5, %log[%pi] : memref<?xi32>
      %p1 = arith.addi %p, %one : i32
      memref.store %p1, %log[%c0] : memref<?xi32>
    }
  }
  scf.for %i = %c0 to %c1 step %c1 {
    %p = memref.load %log[%c0] : memref<?xi32>
    %pi = arith.index_cast %p : i32 to index
    memref.store %t6, %log[%pi] : memref<?xi32>
    %p1 = arith.addi %p, %one : i32
    memref.store %p1, %log[%c0] : memref<?xi32>
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %nine = arith.constant 9 : i32
  %label_3 = arith.constant 3 : i64
  %log = call @new_log() : () -> memref<?xi32>
  %request = call @zeros(%c1) : (index) -> memref<?xi32>
  %f = memref.alloc() : memref<i32>
  %g = memref.alloc() : memref<i32>

  // CHECK: status ok=1 yielded=1 label=3
  // CHECK-NEXT: log: 1 2 3
  // CHECK-NEXT: f: 9
  memref.store %zero, %f[] : memref<i32>
  memref.store %zero, %g[] : memref<i32>
  memref.store %nine, %request[%c0] : memref<?xi32>
  %first = ckpt.launch @step(%log, %request, %f, %g)
      : (memref<?xi32>, memref<?xi32>, memref<i32>, memref<i32>) -> !ckpt.status
  %first_ok = ckpt.status_ok %first : i1
  %first_yielded = ckpt.status_yielded %first : i1
  %first_label = ckpt.status_label %first : i64
  call @print_status(%first_ok, %first_yielded, %first_label) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()
  %v0 = memref.load %f[] : memref<i32>
  vector.print str "f: "
  vector.print %v0 : i32

  // The body no longer raises the flag, but nobody cleared it.
  // CHECK-NEXT: status ok=1 yielded=1 label=3
  // CHECK-NEXT: log: 2 3
  // CHECK-NEXT: f: 9
  memref.store %zero, %request[%c0] : memref<?xi32>
  %again = ckpt.launch @step(%log, %request, %f, %g) resume_from %first_label
      : (memref<?xi32>, memref<?xi32>, memref<i32>, memref<i32>) -> !ckpt.status
  %again_ok = ckpt.status_ok %again : i1
  %again_yielded = ckpt.status_yielded %again : i1
  %again_label = ckpt.status_label %again : i64
  call @print_status(%again_ok, %again_yielded, %again_label) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()
  %v1 = memref.load %f[] : memref<i32>
  vector.print str "f: "
  vector.print %v1 : i32

  // %f cleared, %g left set: label 4 yields although its body never raised it.
  // CHECK-NEXT: status ok=1 yielded=1 label=4
  // CHECK-NEXT: log: 2 3 4 5
  memref.store %zero, %f[] : memref<i32>
  memref.store %one, %g[] : memref<i32>
  %later = ckpt.launch @step(%log, %request, %f, %g) resume_from %again_label
      : (memref<?xi32>, memref<?xi32>, memref<i32>, memref<i32>) -> !ckpt.status
  %later_ok = ckpt.status_ok %later : i1
  %later_yielded = ckpt.status_yielded %later : i1
  %later_label = ckpt.status_label %later : i64
  call @print_status(%later_ok, %later_yielded, %later_label) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()

  // A fresh launch with %f set yields at label 3, the first checkpoint that reads it.
  // CHECK-NEXT: status ok=1 yielded=1 label=3
  // CHECK-NEXT: log: 1 2 3
  memref.store %one, %f[] : memref<i32>
  memref.store %zero, %g[] : memref<i32>
  %fresh = ckpt.launch @step(%log, %request, %f, %g)
      : (memref<?xi32>, memref<?xi32>, memref<i32>, memref<i32>) -> !ckpt.status
  %fresh_ok = ckpt.status_ok %fresh : i1
  %fresh_yielded = ckpt.status_yielded %fresh : i1
  %fresh_label = ckpt.status_label %fresh : i64
  call @print_status(%fresh_ok, %fresh_yielded, %fresh_label) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()

  // Both cleared: the resume runs to the end.
  // CHECK-NEXT: status ok=1 yielded=0 label=-1
  // CHECK-NEXT: log: 2 3 4 5 6
  // CHECK-NEXT: f: 0
  // CHECK-NEXT: g: 0
  memref.store %zero, %f[] : memref<i32>
  %done = ckpt.launch @step(%log, %request, %f, %g) resume_from %label_3
      : (memref<?xi32>, memref<?xi32>, memref<i32>, memref<i32>) -> !ckpt.status
  %done_ok = ckpt.status_ok %done : i1
  %done_yielded = ckpt.status_yielded %done : i1
  %done_label = ckpt.status_label %done : i64
  call @print_status(%done_ok, %done_yielded, %done_label) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()
  %v2 = memref.load %f[] : memref<i32>
  vector.print str "f: "
  vector.print %v2 : i32
  %v3 = memref.load %g[] : memref<i32>
  vector.print str "g: "
  vector.print %v3 : i32
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
