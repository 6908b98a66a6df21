// Sibling do-whiles, at the top level and inside another do-while's body, run one after
// the other. A resume from a checkpoint in the second of two inner siblings skips the
// first sibling (it lies wholly before the checkpoint in the resumed iteration) and the
// top-level loop before them, although their conditions are non-zero; the next outer
// iteration runs both siblings again.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
// RUN: %if target-cpu %{ %ckpt_opt %s --ckpt-lower-to-llvm=target=cpu | %mlir_runner -e main -entry-point-result=void -shared-libs=%runtime_lib,%c_runner_utils | FileCheck %s --match-full-lines %}

// Tasks append their id to %log; every loop counts its own condition down. Task 9 ends
// an iteration of the %b loop and restarts %c and %d at 2. Label 1 raises %f in the %d
// iteration that starts with %d == request[0].
func.func @step(%log: memref<?xi32>, %request: memref<?xi32>, %f: memref<i32>,
                %a: memref<i32>, %b: memref<i32>, %c: memref<i32>, %d: memref<i32>)
    attributes {ckpt.graph, ckpt.checkpoints} {
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
  %t7 = arith.constant 7 : i32
  %t8 = arith.constant 8 : i32
  %t9 = arith.constant 9 : i32
  %t10 = arith.constant 10 : i32
  %two = arith.constant 2 : i32
  scf.for %i = %c0 to %c1 step %c1 {
    %p = memref.load %log[%c0] : memref<?xi32>
    %pi = arith.index_cast %p : i32 to index
    memref.store %t1, %log[%pi] : memref<?xi32>
    %p1 = arith.addi %p, %one : i32
    memref.store %p1, %log[%c0] : memref<?xi32>
  }
  ckpt.do_while %a : memref<i32> {
    scf.for %i = %c0 to %c1 step %c1 {
      %p = memref.load %log[%c0] : memref<?xi32>
      %pi = arith.index_cast %p : i32 to index
      memref.store %t2, %log[%pi] : memref<?xi32>
      %p1 = arith.addi %p, %one : i32
      memref.store %p1, %log[%c0] : memref<?xi32>
    }
    scf.for %i = %c0 to %c1 step %c1 {
      %p = memref.load %log[%c0] : memref<?xi32>
      %pi = arith.index_cast %p : i32 to index
      memref.store %t3, %log[%pi] : memref<?xi32>
      %p1 = arith.addi %p, %one : i32
      memref.store %p1, %log[%c0] : memref<?xi32>
      %v = memref.load %a[] : memref<i32>
      %dec = arith.subi %v, %one : i32
      %more = arith.cmpi sgt, %dec, %zero : i32
      %next = arith.select %more, %dec, %zero : i32
      memref.store %next, %a[] : memref<i32>
    }
  }
  ckpt.do_while %b : memref<i32> {
    ckpt.do_while %c : memref<i32> {
      scf.for %i = %c0 to %c1 step %c1 {
        %p = memref.load %log[%c0] : memref<?xi32>
        %pi = arith.index_cast %p : i32 to index
        memref.store %t4, %log[%pi] : memref<?xi32>
        %p1 = arith.addi %p, %one : i32
        memref.store %p1, %log[%c0] : memref<?xi32>
      }
      scf.for %i = %c0 to %c1 step %c1 {
        %p = memref.load %log[%c0] : memref<?xi32>
        %pi = arith.index_cast %p : i32 to index
        memref.store %t5, %log[%pi] : memref<?xi32>
        %p1 = arith.addi %p, %one : i32
        memref.store %p1, %log[%c0] : memref<?xi32>
        %v = memref.load %c[] : memref<i32>
        %dec = arith.subi %v, %one : i32
        %more = arith.cmpi sgt, %dec, %zero : i32
        %next = arith.select %more, %dec, %zero : i32
        memref.store %next, %c[] : memref<i32>
      }
    }
    ckpt.do_while %d : memref<i32> {
      scf.for %i = %c0 to %c1 step %c1 {
        %p = memref.load %log[%c0] : memref<?xi32>
        %pi = arith.index_cast %p : i32 to index
        memref.store %t6, %log[%pi] : memref<?xi32>
        %p1 = arith.addi %p, %one : i32
        memref.store %p1, %log[%c0] : memref<?xi32>
      }
      ckpt.checkpoint 1 yield_on %f : memref<i32> {
        scf.for %i = %c0 to %c1 step %c1 {
          %p = memref.load %log[%c0] : memref<?xi32>
          %pi = arith.index_cast %p : i32 to index
          memref.store %t7, %log[%pi] : memref<?xi32>
          %p1 = arith.addi %p, %one : i32
          memref.store %p1, %log[%c0] : memref<?xi32>
          %r = memref.load %request[%c0] : memref<?xi32>
          %now = memref.load %d[] : memref<i32>
          %raise = arith.cmpi eq, %now, %r : i32
          scf.if %raise {
            memref.store %one, %f[] : memref<i32>
          }
        }
      }
      scf.for %i = %c0 to %c1 step %c1 {
        %p = memref.load %log[%c0] : memref<?xi32>
        %pi = arith.index_cast %p : i32 to index
        memref.store %t8, %log[%pi] : memref<?xi32>
        %p1 = arith.addi %p, %one : i32
        memref.store %p1, %log[%c0] : memref<?xi32>
        %v = memref.load %d[] : memref<i32>
        %dec = arith.subi %v, %one : i32
        %more = arith.cmpi sgt, %dec, %zero : i32
        %next = arith.select %more, %dec, %zero : i32
        memref.store %next, %d[] : memref<i32>
      }
    }
    scf.for %i = %c0 to %c1 step %c1 {
      %p = memref.load %log[%c0] : memref<?xi32>
      %pi = arith.index_cast %p : i32 to index
      memref.store %t9, %log[%pi] : memref<?xi32>
      %p1 = arith.addi %p, %one : i32
      memref.store %p1, %log[%c0] : memref<?xi32>
      %v = memref.load %b[] : memref<i32>
      %dec = arith.subi %v, %one : i32
      %more = arith.cmpi sgt, %dec, %zero : i32
      %next = arith.select %more, %dec, %zero : i32
      memref.store %next, %b[] : memref<i32>
      memref.store %two, %c[] : memref<i32>
      memref.store %two, %d[] : memref<i32>
    }
  }
  scf.for %i = %c0 to %c1 step %c1 {
    %p = memref.load %log[%c0] : memref<?xi32>
    %pi = arith.index_cast %p : i32 to index
    memref.store %t10, %log[%pi] : memref<?xi32>
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
  %two = arith.constant 2 : i32
  %never = arith.constant -1 : i32
  %log = call @new_log() : () -> memref<?xi32>
  %request = call @zeros(%c1) : (index) -> memref<?xi32>
  %f = memref.alloc() : memref<i32>
  %a = memref.alloc() : memref<i32>
  %b = memref.alloc() : memref<i32>
  %c = memref.alloc() : memref<i32>
  %d = memref.alloc() : memref<i32>

  // Every loop runs twice; label 1 raises in the second %d iteration of the first %b
  // iteration.
  // CHECK: status ok=1 yielded=1 label=1
  // CHECK-NEXT: log: 1 2 3 2 3 4 5 4 5 6 7 8 6 7
  // CHECK-NEXT: a: 0
  // CHECK-NEXT: b: 2
  // CHECK-NEXT: c: 0
  // CHECK-NEXT: d: 1
  memref.store %zero, %f[] : memref<i32>
  memref.store %two, %a[] : memref<i32>
  memref.store %two, %b[] : memref<i32>
  memref.store %two, %c[] : memref<i32>
  memref.store %two, %d[] : memref<i32>
  memref.store %one, %request[%c0] : memref<?xi32>
  %first = ckpt.launch @step(%log, %request, %f, %a, %b, %c, %d)
      : (memref<?xi32>, memref<?xi32>, memref<i32>, memref<i32>, memref<i32>, memref<i32>, memref<i32>) -> !ckpt.status
  %first_ok = ckpt.status_ok %first : i1
  %first_yielded = ckpt.status_yielded %first : i1
  %first_label = ckpt.status_label %first : i64
  call @print_status(%first_ok, %first_yielded, %first_label) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()
  %v0 = memref.load %a[] : memref<i32>
  vector.print str "a: "
  vector.print %v0 : i32
  %v1 = memref.load %b[] : memref<i32>
  vector.print str "b: "
  vector.print %v1 : i32
  %v2 = memref.load %c[] : memref<i32>
  vector.print str "c: "
  vector.print %v2 : i32
  %v3 = memref.load %d[] : memref<i32>
  vector.print str "d: "
  vector.print %v3 : i32

  // The host leaves %a and %c non-zero; neither loop is entered.
  // CHECK-NEXT: status ok=1 yielded=0 label=-1
  // CHECK-NEXT: log: 7 8 9 4 5 4 5 6 7 8 6 7 8 9 10
  // CHECK-NEXT: a: 2
  // CHECK-NEXT: b: 0
  // CHECK-NEXT: c: 2
  // CHECK-NEXT: d: 2
  memref.store %zero, %f[] : memref<i32>
  memref.store %two, %a[] : memref<i32>
  memref.store %two, %c[] : memref<i32>
  memref.store %never, %request[%c0] : memref<?xi32>
  %resumed = ckpt.launch @step(%log, %request, %f, %a, %b, %c, %d) resume_from %first_label
      : (memref<?xi32>, memref<?xi32>, memref<i32>, memref<i32>, memref<i32>, memref<i32>, memref<i32>) -> !ckpt.status
  %resumed_ok = ckpt.status_ok %resumed : i1
  %resumed_yielded = ckpt.status_yielded %resumed : i1
  %resumed_label = ckpt.status_label %resumed : i64
  call @print_status(%resumed_ok, %resumed_yielded, %resumed_label) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()
  %v4 = memref.load %a[] : memref<i32>
  vector.print str "a: "
  vector.print %v4 : i32
  %v5 = memref.load %b[] : memref<i32>
  vector.print str "b: "
  vector.print %v5 : i32
  %v6 = memref.load %c[] : memref<i32>
  vector.print str "c: "
  vector.print %v6 : i32
  %v7 = memref.load %d[] : memref<i32>
  vector.print str "d: "
  vector.print %v7 : i32
  memref.dealloc %log : memref<?xi32>
  memref.dealloc %request : memref<?xi32>
  memref.dealloc %f : memref<i32>
  memref.dealloc %a : memref<i32>
  memref.dealloc %b : memref<i32>
  memref.dealloc %c : memref<i32>
  memref.dealloc %d : memref<i32>
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
