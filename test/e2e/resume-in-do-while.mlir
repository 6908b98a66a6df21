// A resume inside a do-while enters the loop at the iteration that yielded, skips what
// precedes the resumed checkpoint in that iteration only (task 2 and the first bare
// statement), and runs every later iteration whole. The loop's condition is user memory:
// what the host leaves in it decides how many iterations follow.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
// RUN: %if target-cpu %{ %ckpt_opt %s --ckpt-lower-to-llvm=target=cpu | %mlir_runner -e main -entry-point-result=void -shared-libs=%runtime_lib,%c_runner_utils | FileCheck %s --match-full-lines %}

// Tasks append their id to %log; bare statement k counts its runs in bare[k]. Task 4
// counts %cond down to 0; label 5 raises %f in the iteration that starts with
// %cond == request[0].
func.func @step(%log: memref<?xi32>, %bare: memref<?xi32>, %request: memref<?xi32>,
                %f: memref<i32>, %cond: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %t1 = arith.constant 1 : i32
  %t2 = arith.constant 2 : i32
  %t3 = arith.constant 3 : i32
  %t4 = arith.constant 4 : i32
  %t5 = arith.constant 5 : i32
  scf.for %i = %c0 to %c1 step %c1 {
    %p = memref.load %log[%c0] : memref<?xi32>
    %pi = arith.index_cast %p : i32 to index
    memref.store %t1, %log[%pi] : memref<?xi32>
    %p1 = arith.addi %p, %one : i32
    memref.store %p1, %log[%c0] : memref<?xi32>
  }
  ckpt.do_while %cond : memref<i32> {
    scf.for %i = %c0 to %c1 step %c1 {
      %p = memref.load %log[%c0] : memref<?xi32>
      %pi = arith.index_cast %p : i32 to index
      memref.store %t2, %log[%pi] : memref<?xi32>
      %p1 = arith.addi %p, %one : i32
      memref.store %p1, %log[%c0] : memref<?xi32>
    }
    %b0 = memref.atomic_rmw addi %one, %bare[%c0] : (i32, memref<?xi32>) -> i32
    ckpt.checkpoint 5 yield_on %f : memref<i32> {
      scf.for %i = %c0 to %c1 step %c1 {
        %p = memref.load %log[%c0] : memref<?xi32>
        %pi = arith.index_cast %p : i32 to index
        memref.store %t3, %log[%pi] : memref<?xi32>
        %p1 = arith.addi %p, %one : i32
        memref.store %p1, %log[%c0] : memref<?xi32>
        %r = memref.load %request[%c0] : memref<?xi32>
        %now = memref.load %cond[] : memref<i32>
        %raise = arith.cmpi eq, %now, %r : i32
        scf.if %raise {
          memref.store %one, %f[] : memref<i32>
        }
      }
    }
    %b1 = memref.atomic_rmw addi %one, %bare[%c1] : (i32, memref<?xi32>) -> i32
    scf.for %i = %c0 to %c1 step %c1 {
      %p = memref.load %log[%c0] : memref<?xi32>
      %pi = arith.index_cast %p : i32 to index
      memref.store %t4, %log[%pi] : memref<?xi32>
      %p1 = arith.addi %p, %one : i32
      memref.store %p1, %log[%c0] : memref<?xi32>
      %v = memref.load %cond[] : memref<i32>
      %dec = arith.subi %v, %one : i32
      %more = arith.cmpi sgt, %dec, %zero : i32
      %next = arith.select %more, %dec, %zero : i32
      memref.store %next, %cond[] : memref<i32>
    }
  }
  scf.for %i = %c0 to %c1 step %c1 {
    %p = memref.load %log[%c0] : memref<?xi32>
    %pi = arith.index_cast %p : i32 to index
    memref.store %t5, %log[%pi] : memref<?xi32>
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
  %c2_i32 = arith.constant 2 : i32
  %c3_i32 = arith.constant 3 : i32
  %never = arith.constant -1 : i32
  %log = call @new_log() : () -> memref<?xi32>
  %bare = call @zeros(%c2) : (index) -> memref<?xi32>
  %request = call @zeros(%c1) : (index) -> memref<?xi32>
  %f = memref.alloc() : memref<i32>
  %cond = memref.alloc() : memref<i32>

  // Three iterations; the second yields.
  // CHECK: status ok=1 yielded=1 label=5
  // CHECK-NEXT: log: 1 2 3 4 2 3
  // CHECK-NEXT: bare: 2 1
  // CHECK-NEXT: cond: 2
  memref.store %zero, %f[] : memref<i32>
  memref.store %c3_i32, %cond[] : memref<i32>
  memref.store %c2_i32, %request[%c0] : memref<?xi32>
  %yield_in_2nd = ckpt.launch @step(%log, %bare, %request, %f, %cond)
      : (memref<?xi32>, memref<?xi32>, memref<?xi32>, memref<i32>, memref<i32>) -> !ckpt.status
  %yield_in_2nd_ok = ckpt.status_ok %yield_in_2nd : i1
  %yield_in_2nd_yielded = ckpt.status_yielded %yield_in_2nd : i1
  %yield_in_2nd_label = ckpt.status_label %yield_in_2nd : i64
  call @print_status(%yield_in_2nd_ok, %yield_in_2nd_yielded, %yield_in_2nd_label) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()
  vector.print str "bare:"
  call @print_and_clear(%bare) : (memref<?xi32>) -> ()
  %v2 = memref.load %cond[] : memref<i32>
  vector.print str "cond: "
  vector.print %v2 : i32

  // The rest of the second iteration, then the third, whole.
  // CHECK-NEXT: status ok=1 yielded=0 label=-1
  // CHECK-NEXT: log: 3 4 2 3 4 5
  // CHECK-NEXT: bare: 1 2
  // CHECK-NEXT: cond: 0
  memref.store %zero, %f[] : memref<i32>
  memref.store %never, %request[%c0] : memref<?xi32>
  %resumed = ckpt.launch @step(%log, %bare, %request, %f, %cond) resume_from %yield_in_2nd_label
      : (memref<?xi32>, memref<?xi32>, memref<?xi32>, memref<i32>, memref<i32>) -> !ckpt.status
  %resumed_ok = ckpt.status_ok %resumed : i1
  %resumed_yielded = ckpt.status_yielded %resumed : i1
  %resumed_label = ckpt.status_label %resumed : i64
  call @print_status(%resumed_ok, %resumed_yielded, %resumed_label) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()
  vector.print str "bare:"
  call @print_and_clear(%bare) : (memref<?xi32>) -> ()
  %v3 = memref.load %cond[] : memref<i32>
  vector.print str "cond: "
  vector.print %v3 : i32

  // CHECK-NEXT: status ok=1 yielded=1 label=5
  // CHECK-NEXT: log: 1 2 3 4 2 3
  // CHECK-NEXT: bare: 2 1
  // CHECK-NEXT: cond: 2
  memref.store %zero, %f[] : memref<i32>
  memref.store %c3_i32, %cond[] : memref<i32>
  memref.store %c2_i32, %request[%c0] : memref<?xi32>
  %again = ckpt.launch @step(%log, %bare, %request, %f, %cond)
      : (memref<?xi32>, memref<?xi32>, memref<?xi32>, memref<i32>, memref<i32>) -> !ckpt.status
  %again_ok = ckpt.status_ok %again : i1
  %again_yielded = ckpt.status_yielded %again : i1
  %again_label = ckpt.status_label %again : i64
  call @print_status(%again_ok, %again_yielded, %again_label) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()
  vector.print str "bare:"
  call @print_and_clear(%bare) : (memref<?xi32>) -> ()
  %v4 = memref.load %cond[] : memref<i32>
  vector.print str "cond: "
  vector.print %v4 : i32

  // The host sets %cond to 1: the resumed iteration is the last.
  // CHECK-NEXT: status ok=1 yielded=0 label=-1
  // CHECK-NEXT: log: 3 4 5
  // CHECK-NEXT: bare: 0 1
  // CHECK-NEXT: cond: 0
  memref.store %zero, %f[] : memref<i32>
  memref.store %one, %cond[] : memref<i32>
  memref.store %never, %request[%c0] : memref<?xi32>
  %last = ckpt.launch @step(%log, %bare, %request, %f, %cond) resume_from %again_label
      : (memref<?xi32>, memref<?xi32>, memref<?xi32>, memref<i32>, memref<i32>) -> !ckpt.status
  %last_ok = ckpt.status_ok %last : i1
  %last_yielded = ckpt.status_yielded %last : i1
  %last_label = ckpt.status_label %last : i64
  call @print_status(%last_ok, %last_yielded, %last_label) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()
  vector.print str "bare:"
  call @print_and_clear(%bare) : (memref<?xi32>) -> ()
  %v5 = memref.load %cond[] : memref<i32>
  vector.print str "cond: "
  vector.print %v5 : i32
  memref.dealloc %log : memref<?xi32>
  memref.dealloc %bare : memref<?xi32>
  memref.dealloc %request : memref<?xi32>
  memref.dealloc %f : memref<i32>
  memref.dealloc %cond : memref<i32>
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
