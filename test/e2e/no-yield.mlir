// A launch in which no flag is raised runs everything once, in source order: top-level
// tasks, explicit checkpoints, bare statements, and every iteration of a do-while. The
// status says ok, not yielded, label -1. A second fresh launch runs it all again.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
// RUN: %if target-cpu %{ %ckpt_opt %s --ckpt-lower-to-llvm=target=cpu | %mlir_runner -e main -entry-point-result=void -shared-libs=%runtime_lib,%c_runner_utils | FileCheck %s --match-full-lines %}

// The tasks append their id to %log (log[0] is the next free slot); bare statements
// count their runs in %bare. %cond counts down the do-while's iterations.
func.func @step(%log: memref<?xi32>, %bare: memref<?xi32>, %f1: memref<i32>,
                %f2: memref<i32>, %cond: memref<i32>)
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
  scf.for %i = %c0 to %c1 step %c1 {
    %p = memref.load %log[%c0] : memref<?xi32>
    %pi = arith.index_cast %p : i32 to index
    memref.store %t1, %log[%pi] : memref<?xi32>
    %p1 = arith.addi %p, %one : i32
    memref.store %p1, %log[%c0] : memref<?xi32>
  }
  %b0 = memref.atomic_rmw addi %one, %bare[%c0] : (i32, memref<?xi32>) -> i32
  ckpt.checkpoint 10 yield_on %f1 : memref<i32> {
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
    }
  }
  ckpt.do_while %cond : memref<i32> {
    scf.for %i = %c0 to %c1 step %c1 {
      %p = memref.load %log[%c0] : memref<?xi32>
      %pi = arith.index_cast %p : i32 to index
      memref.store %t4, %log[%pi] : memref<?xi32>
      %p1 = arith.addi %p, %one : i32
      memref.store %p1, %log[%c0] : memref<?xi32>
    }
    %b1 = memref.atomic_rmw addi %one, %bare[%c1] : (i32, memref<?xi32>) -> i32
    ckpt.checkpoint 20 "twenty" yield_on %f2 : memref<i32> {
      scf.for %i = %c0 to %c1 step %c1 {
        %p = memref.load %log[%c0] : memref<?xi32>
        %pi = arith.index_cast %p : i32 to index
        memref.store %t5, %log[%pi] : memref<?xi32>
        %p1 = arith.addi %p, %one : i32
        memref.store %p1, %log[%c0] : memref<?xi32>
        %v = memref.load %cond[] : memref<i32>
        %d = arith.subi %v, %one : i32
        %more = arith.cmpi sgt, %d, %zero : i32
        %next = arith.select %more, %d, %zero : i32
        memref.store %next, %cond[] : memref<i32>
      }
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
  %c2 = arith.constant 2 : index
  %zero = arith.constant 0 : i32
  %two = arith.constant 2 : i32
  %three = arith.constant 3 : i32
  %log = call @new_log() : () -> memref<?xi32>
  %bare = call @zeros(%c2) : (index) -> memref<?xi32>
  %f1 = memref.alloc() : memref<i32>
  %f2 = memref.alloc() : memref<i32>
  %cond = memref.alloc() : memref<i32>
  memref.store %zero, %f1[] : memref<i32>
  memref.store %zero, %f2[] : memref<i32>

  // CHECK: status ok=1 yielded=0 label=-1
  // CHECK-NEXT: log: 1 2 3 4 5 4 5 4 5 6
  // CHECK-NEXT: bare: 1 3
  // CHECK-NEXT: flags: 0 0 cond: 0
  memref.store %three, %cond[] : memref<i32>
  %s1 = ckpt.launch @step(%log, %bare, %f1, %f2, %cond)
      : (memref<?xi32>, memref<?xi32>, memref<i32>, memref<i32>, memref<i32>) -> !ckpt.status
  %ok1 = ckpt.status_ok %s1 : i1
  %y1 = ckpt.status_yielded %s1 : i1
  %l1 = ckpt.status_label %s1 : i64
  call @print_status(%ok1, %y1, %l1) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()
  vector.print str "bare:"
  call @print_and_clear(%bare) : (memref<?xi32>) -> ()
  call @print_flags(%f1, %f2, %cond) : (memref<i32>, memref<i32>, memref<i32>) -> ()

  // CHECK-NEXT: status ok=1 yielded=0 label=-1
  // CHECK-NEXT: log: 1 2 3 4 5 4 5 6
  // CHECK-NEXT: bare: 1 2
  // CHECK-NEXT: flags: 0 0 cond: 0
  memref.store %two, %cond[] : memref<i32>
  %s2 = ckpt.launch @step(%log, %bare, %f1, %f2, %cond)
      : (memref<?xi32>, memref<?xi32>, memref<i32>, memref<i32>, memref<i32>) -> !ckpt.status
  %ok2 = ckpt.status_ok %s2 : i1
  %y2 = ckpt.status_yielded %s2 : i1
  %l2 = ckpt.status_label %s2 : i64
  call @print_status(%ok2, %y2, %l2) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()
  vector.print str "bare:"
  call @print_and_clear(%bare) : (memref<?xi32>) -> ()
  call @print_flags(%f1, %f2, %cond) : (memref<i32>, memref<i32>, memref<i32>) -> ()
  memref.dealloc %log : memref<?xi32>
  memref.dealloc %bare : memref<?xi32>
  memref.dealloc %f1 : memref<i32>
  memref.dealloc %f2 : memref<i32>
  memref.dealloc %cond : memref<i32>
  return
}

func.func @print_flags(%f1: memref<i32>, %f2: memref<i32>, %cond: memref<i32>) {
  %v1 = memref.load %f1[] : memref<i32>
  %v2 = memref.load %f2[] : memref<i32>
  %vc = memref.load %cond[] : memref<i32>
  vector.print str "flags: "
  vector.print %v1 : i32 punctuation <no_punctuation>
  vector.print str " "
  vector.print %v2 : i32 punctuation <no_punctuation>
  vector.print str " cond: "
  vector.print %vc : i32
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
