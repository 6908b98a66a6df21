// Once a checkpoint yields, nothing after it runs in that launch: no later checkpoint,
// no later bare statement, no further do-while iteration at any depth. A yield in the
// inner of two nested do-whiles leaves both loops although both conditions still ask
// for more.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
// RUN: %if target-cpu %{ %ckpt_opt %s --ckpt-lower-to-llvm=target=cpu | %mlir_runner -e main -entry-point-result=void -shared-libs=%runtime_lib,%c_runner_utils | FileCheck %s --match-full-lines %}

// Tasks append their id to %log; bare statement k counts its runs in bare[k]; label k
// raises %f when request[k-1] is non-zero. Tasks 4 and 6 count %inner and %outer down
// to 0.
func.func @step(%log: memref<?xi32>, %bare: memref<?xi32>, %request: memref<?xi32>,
                %f: memref<i32>, %outer: memref<i32>, %inner: memref<i32>)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
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
  scf.for %i = %c0 to %c1 step %c1 {
    %p = memref.load %log[%c0] : memref<?xi32>
    %pi = arith.index_cast %p : i32 to index
    memref.store %t1, %log[%pi] : memref<?xi32>
    %p1 = arith.addi %p, %one : i32
    memref.store %p1, %log[%c0] : memref<?xi32>
  }
  ckpt.do_while %outer : memref<i32> {
    scf.for %i = %c0 to %c1 step %c1 {
      %p = memref.load %log[%c0] : memref<?xi32>
      %pi = arith.index_cast %p : i32 to index
      memref.store %t2, %log[%pi] : memref<?xi32>
      %p1 = arith.addi %p, %one : i32
      memref.store %p1, %log[%c0] : memref<?xi32>
    }
    %b0 = memref.atomic_rmw addi %one, %bare[%c0] : (i32, memref<?xi32>) -> i32
    ckpt.do_while %inner : memref<i32> {
      ckpt.checkpoint 1 yield_on %f : memref<i32> {
        scf.for %i = %c0 to %c1 step %c1 {
          %p = memref.load %log[%c0] : memref<?xi32>
          %pi = arith.index_cast %p : i32 to index
          memref.store %t3, %log[%pi] : memref<?xi32>
          %p1 = arith.addi %p, %one : i32
          memref.store %p1, %log[%c0] : memref<?xi32>
          %r = memref.load %request[%c0] : memref<?xi32>
          %raise = arith.cmpi ne, %r, %zero : i32
          scf.if %raise {
            memref.store %r, %f[] : memref<i32>
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
        %v = memref.load %inner[] : memref<i32>
        %dec = arith.subi %v, %one : i32
        %more = arith.cmpi sgt, %dec, %zero : i32
        %next = arith.select %more, %dec, %zero : i32
        memref.store %next, %inner[] : memref<i32>
      }
    }
    ckpt.checkpoint 2 yield_on %f : memref<i32> {
      scf.for %i = %c0 to %c1 step %c1 {
        %p = memref.load %log[%c0] : memref<?xi32>
        %pi = arith.index_cast %p : i32 to index
        memref.store %t5, %log[%pi] : memref<?xi32>
        %p1 = arith.addi %p, %one : i32
        memref.store %p1, %log[%c0] : memref<?xi32>
        %r = memref.load %request[%c1] : memref<?xi32>
        %raise = arith.cmpi ne, %r, %zero : i32
        scf.if %raise {
          memref.store %r, %f[] : memref<i32>
        }
      }
    }
    %b2 = memref.atomic_rmw addi %one, %bare[%c2] : (i32, memref<?xi32>) -> i32
    scf.for %i = %c0 to %c1 step %c1 {
      %p = memref.load %log[%c0] : memref<?xi32>
      %pi = arith.index_cast %p : i32 to index
      memref.store %t6, %log[%pi] : memref<?xi32>
      %p1 = arith.addi %p, %one : i32
      memref.store %p1, %log[%c0] : memref<?xi32>
      %v = memref.load %outer[] : memref<i32>
      %dec = arith.subi %v, %one : i32
      %more = arith.cmpi sgt, %dec, %zero : i32
      %next = arith.select %more, %dec, %zero : i32
      memref.store %next, %outer[] : memref<i32>
    }
  }
  %b3 = memref.atomic_rmw addi %one, %bare[%c3] : (i32, memref<?xi32>) -> i32
  ckpt.checkpoint 3 yield_on %f : memref<i32> {
    scf.for %i = %c0 to %c1 step %c1 {
      %p = memref.load %log[%c0] : memref<?xi32>
      %pi = arith.index_cast %p : i32 to index
      memref.store %t7, %log[%pi] : memref<?xi32>
      %p1 = arith.addi %p, %one : i32
      memref.store %p1, %log[%c0] : memref<?xi32>
      %r = memref.load %request[%c2] : memref<?xi32>
      %raise = arith.cmpi ne, %r, %zero : i32
      scf.if %raise {
        memref.store %r, %f[] : memref<i32>
      }
    }
  }
  %b4 = memref.atomic_rmw addi %one, %bare[%c4] : (i32, memref<?xi32>) -> i32
  scf.for %i = %c0 to %c1 step %c1 {
    %p = memref.load %log[%c0] : memref<?xi32>
    %pi = arith.index_cast %p : i32 to index
    memref.store %t8, %log[%pi] : memref<?xi32>
    %p1 = arith.addi %p, %one : i32
    memref.store %p1, %log[%c0] : memref<?xi32>
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c5 = arith.constant 5 : index
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %c2_i32 = arith.constant 2 : i32
  %log = call @new_log() : () -> memref<?xi32>
  %bare = call @zeros(%c5) : (index) -> memref<?xi32>
  %request = call @zeros(%c3) : (index) -> memref<?xi32>
  %f = memref.alloc() : memref<i32>
  %outer = memref.alloc() : memref<i32>
  %inner = memref.alloc() : memref<i32>

  // A yield in the first inner iteration of the first outer iteration: both loops are
  // left with their conditions untouched.
  // CHECK: status ok=1 yielded=1 label=1
  // CHECK-NEXT: log: 1 2 3
  // CHECK-NEXT: bare: 1 0 0 0 0
  // CHECK-NEXT: outer: 2
  // CHECK-NEXT: inner: 2
  memref.store %zero, %f[] : memref<i32>
  memref.store %c2_i32, %outer[] : memref<i32>
  memref.store %c2_i32, %inner[] : memref<i32>
  memref.store %one, %request[%c0] : memref<?xi32>
  memref.store %zero, %request[%c1] : memref<?xi32>
  memref.store %zero, %request[%c2] : memref<?xi32>
  %in_inner = ckpt.launch @step(%log, %bare, %request, %f, %outer, %inner)
      : (memref<?xi32>, memref<?xi32>, memref<?xi32>, memref<i32>, memref<i32>, memref<i32>) -> !ckpt.status
  %in_inner_ok = ckpt.status_ok %in_inner : i1
  %in_inner_yielded = ckpt.status_yielded %in_inner : i1
  %in_inner_label = ckpt.status_label %in_inner : i64
  call @print_status(%in_inner_ok, %in_inner_yielded, %in_inner_label) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()
  vector.print str "bare:"
  call @print_and_clear(%bare) : (memref<?xi32>) -> ()
  %v5 = memref.load %outer[] : memref<i32>
  vector.print str "outer: "
  vector.print %v5 : i32
  %v6 = memref.load %inner[] : memref<i32>
  vector.print str "inner: "
  vector.print %v6 : i32

  // A yield in the outer body after the inner loop: no second outer iteration.
  // CHECK-NEXT: status ok=1 yielded=1 label=2
  // CHECK-NEXT: log: 1 2 3 4 3 4 5
  // CHECK-NEXT: bare: 1 2 0 0 0
  // CHECK-NEXT: outer: 2
  // CHECK-NEXT: inner: 0
  memref.store %zero, %f[] : memref<i32>
  memref.store %c2_i32, %outer[] : memref<i32>
  memref.store %c2_i32, %inner[] : memref<i32>
  memref.store %zero, %request[%c0] : memref<?xi32>
  memref.store %one, %request[%c1] : memref<?xi32>
  memref.store %zero, %request[%c2] : memref<?xi32>
  %in_outer = ckpt.launch @step(%log, %bare, %request, %f, %outer, %inner)
      : (memref<?xi32>, memref<?xi32>, memref<?xi32>, memref<i32>, memref<i32>, memref<i32>) -> !ckpt.status
  %in_outer_ok = ckpt.status_ok %in_outer : i1
  %in_outer_yielded = ckpt.status_yielded %in_outer : i1
  %in_outer_label = ckpt.status_label %in_outer : i64
  call @print_status(%in_outer_ok, %in_outer_yielded, %in_outer_label) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()
  vector.print str "bare:"
  call @print_and_clear(%bare) : (memref<?xi32>) -> ()
  %v7 = memref.load %outer[] : memref<i32>
  vector.print str "outer: "
  vector.print %v7 : i32
  %v8 = memref.load %inner[] : memref<i32>
  vector.print str "inner: "
  vector.print %v8 : i32

  // A yield after both loops: the bare statement and the task after it do not run.
  // CHECK-NEXT: status ok=1 yielded=1 label=3
  // CHECK-NEXT: log: 1 2 3 4 3 4 5 6 2 3 4 5 6 7
  // CHECK-NEXT: bare: 2 3 2 1 0
  // CHECK-NEXT: outer: 0
  // CHECK-NEXT: inner: 0
  memref.store %zero, %f[] : memref<i32>
  memref.store %c2_i32, %outer[] : memref<i32>
  memref.store %c2_i32, %inner[] : memref<i32>
  memref.store %zero, %request[%c0] : memref<?xi32>
  memref.store %zero, %request[%c1] : memref<?xi32>
  memref.store %one, %request[%c2] : memref<?xi32>
  %after_loops = ckpt.launch @step(%log, %bare, %request, %f, %outer, %inner)
      : (memref<?xi32>, memref<?xi32>, memref<?xi32>, memref<i32>, memref<i32>, memref<i32>) -> !ckpt.status
  %after_loops_ok = ckpt.status_ok %after_loops : i1
  %after_loops_yielded = ckpt.status_yielded %after_loops : i1
  %after_loops_label = ckpt.status_label %after_loops : i64
  call @print_status(%after_loops_ok, %after_loops_yielded, %after_loops_label) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()
  vector.print str "bare:"
  call @print_and_clear(%bare) : (memref<?xi32>) -> ()
  %v9 = memref.load %outer[] : memref<i32>
  vector.print str "outer: "
  vector.print %v9 : i32
  %v10 = memref.load %inner[] : memref<i32>
  vector.print str "inner: "
  vector.print %v10 : i32
  memref.dealloc %log : memref<?xi32>
  memref.dealloc %bare : memref<?xi32>
  memref.dealloc %request : memref<?xi32>
  memref.dealloc %f : memref<i32>
  memref.dealloc %outer : memref<i32>
  memref.dealloc %inner : memref<i32>
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
