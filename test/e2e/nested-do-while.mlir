// Nested do-whiles: a resume enters both loops at the iterations that yielded, finishes
// the inner iteration from the resumed checkpoint, then runs the remaining inner
// iterations, the rest of the outer iteration, and every later outer iteration whole.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
// RUN: %if target-cpu %{ %ckpt_opt %s --ckpt-lower-to-llvm=target=cpu | %mlir_runner -e main -entry-point-result=void -shared-libs=%runtime_lib,%c_runner_utils | FileCheck %s --match-full-lines %}

// Tasks append their id to %log; the bare statement counts its runs in bare[0]. %outer
// and %inner count down; task 2 restarts the inner loop at 2 in every outer iteration.
// Label 1 raises %f when (%outer, %inner) == (request[0], request[1]).
func.func @step(%log: memref<?xi32>, %bare: memref<?xi32>, %request: memref<?xi32>,
                %f: memref<i32>, %outer: memref<i32>, %inner: memref<i32>)
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
  %two = arith.constant 2 : i32
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
      memref.store %two, %inner[] : memref<i32>
    }
    ckpt.do_while %inner : memref<i32> {
      scf.for %i = %c0 to %c1 step %c1 {
        %p = memref.load %log[%c0] : memref<?xi32>
        %pi = arith.index_cast %p : i32 to index
        memref.store %t3, %log[%pi] : memref<?xi32>
        %p1 = arith.addi %p, %one : i32
        memref.store %p1, %log[%c0] : memref<?xi32>
      }
      ckpt.checkpoint 1 yield_on %f : memref<i32> {
        scf.for %i = %c0 to %c1 step %c1 {
          %p = memref.load %log[%c0] : memref<?xi32>
          %pi = arith.index_cast %p : i32 to index
          memref.store %t4, %log[%pi] : memref<?xi32>
          %p1 = arith.addi %p, %one : i32
          memref.store %p1, %log[%c0] : memref<?xi32>
          %want_outer = memref.load %request[%c0] : memref<?xi32>
          %want_inner = memref.load %request[%c1] : memref<?xi32>
          %now_outer = memref.load %outer[] : memref<i32>
          %now_inner = memref.load %inner[] : memref<i32>
          %at_outer = arith.cmpi eq, %now_outer, %want_outer : i32
          %at_inner = arith.cmpi eq, %now_inner, %want_inner : i32
          %raise = arith.andi %at_outer, %at_inner : i1
          scf.if %raise {
            memref.store %one, %f[] : memref<i32>
          }
        }
      }
      %b0 = memref.atomic_rmw addi %one, %bare[%c0] : (i32, memref<?xi32>) -> i32
      scf.for %i = %c0 to %c1 step %c1 {
        %p = memref.load %log[%c0] : memref<?xi32>
        %pi = arith.index_cast %p : i32 to index
        memref.store %t5, %log[%pi] : memref<?xi32>
        %p1 = arith.addi %p, %one : i32
        memref.store %p1, %log[%c0] : memref<?xi32>
        %v = memref.load %inner[] : memref<i32>
        %dec = arith.subi %v, %one : i32
        %more = arith.cmpi sgt, %dec, %zero : i32
        %next = arith.select %more, %dec, %zero : i32
        memref.store %next, %inner[] : memref<i32>
      }
    }
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
  scf.for %i = %c0 to %c1 step %c1 {
    %p = memref.load %log[%c0] : memref<?xi32>
    %pi = arith.index_cast %p : i32 to index
    memref.store %t7, %log[%pi] : memref<?xi32>
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
  %two = arith.constant 2 : i32
  %c1_i32 = arith.constant 1 : i32
  %c2_i32 = arith.constant 2 : i32
  %never = arith.constant -1 : i32
  %log = call @new_log() : () -> memref<?xi32>
  %bare = call @zeros(%c1) : (index) -> memref<?xi32>
  %request = call @zeros(%c2) : (index) -> memref<?xi32>
  %f = memref.alloc() : memref<i32>
  %outer = memref.alloc() : memref<i32>
  %inner = memref.alloc() : memref<i32>

  // Yield in the second inner iteration of the second outer iteration.
  // CHECK: status ok=1 yielded=1 label=1
  // CHECK-NEXT: log: 1 2 3 4 5 3 4 5 6 2 3 4 5 3 4
  // CHECK-NEXT: bare: 3
  // CHECK-NEXT: outer: 1
  // CHECK-NEXT: inner: 1
  memref.store %zero, %f[] : memref<i32>
  memref.store %two, %outer[] : memref<i32>
  memref.store %c1_i32, %request[%c0] : memref<?xi32>
  memref.store %c1_i32, %request[%c1] : memref<?xi32>
  %late = ckpt.launch @step(%log, %bare, %request, %f, %outer, %inner)
      : (memref<?xi32>, memref<?xi32>, memref<?xi32>, memref<i32>, memref<i32>, memref<i32>) -> !ckpt.status
  %late_ok = ckpt.status_ok %late : i1
  %late_yielded = ckpt.status_yielded %late : i1
  %late_label = ckpt.status_label %late : i64
  call @print_status(%late_ok, %late_yielded, %late_label) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()
  vector.print str "bare:"
  call @print_and_clear(%bare) : (memref<?xi32>) -> ()
  %v1 = memref.load %outer[] : memref<i32>
  vector.print str "outer: "
  vector.print %v1 : i32
  %v2 = memref.load %inner[] : memref<i32>
  vector.print str "inner: "
  vector.print %v2 : i32

  // CHECK-NEXT: status ok=1 yielded=0 label=-1
  // CHECK-NEXT: log: 4 5 6 7
  // CHECK-NEXT: bare: 1
  // CHECK-NEXT: outer: 0
  // CHECK-NEXT: inner: 0
  memref.store %zero, %f[] : memref<i32>
  memref.store %never, %request[%c0] : memref<?xi32>
  %late_resumed = ckpt.launch @step(%log, %bare, %request, %f, %outer, %inner) resume_from %late_label
      : (memref<?xi32>, memref<?xi32>, memref<?xi32>, memref<i32>, memref<i32>, memref<i32>) -> !ckpt.status
  %late_resumed_ok = ckpt.status_ok %late_resumed : i1
  %late_resumed_yielded = ckpt.status_yielded %late_resumed : i1
  %late_resumed_label = ckpt.status_label %late_resumed : i64
  call @print_status(%late_resumed_ok, %late_resumed_yielded, %late_resumed_label) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()
  vector.print str "bare:"
  call @print_and_clear(%bare) : (memref<?xi32>) -> ()
  %v3 = memref.load %outer[] : memref<i32>
  vector.print str "outer: "
  vector.print %v3 : i32
  %v4 = memref.load %inner[] : memref<i32>
  vector.print str "inner: "
  vector.print %v4 : i32

  // Yield in the first inner iteration of the first outer iteration.
  // CHECK-NEXT: status ok=1 yielded=1 label=1
  // CHECK-NEXT: log: 1 2 3 4
  // CHECK-NEXT: bare: 0
  // CHECK-NEXT: outer: 2
  // CHECK-NEXT: inner: 2
  memref.store %zero, %f[] : memref<i32>
  memref.store %two, %outer[] : memref<i32>
  memref.store %c2_i32, %request[%c0] : memref<?xi32>
  memref.store %c2_i32, %request[%c1] : memref<?xi32>
  %early = ckpt.launch @step(%log, %bare, %request, %f, %outer, %inner)
      : (memref<?xi32>, memref<?xi32>, memref<?xi32>, memref<i32>, memref<i32>, memref<i32>) -> !ckpt.status
  %early_ok = ckpt.status_ok %early : i1
  %early_yielded = ckpt.status_yielded %early : i1
  %early_label = ckpt.status_label %early : i64
  call @print_status(%early_ok, %early_yielded, %early_label) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()
  vector.print str "bare:"
  call @print_and_clear(%bare) : (memref<?xi32>) -> ()
  %v5 = memref.load %outer[] : memref<i32>
  vector.print str "outer: "
  vector.print %v5 : i32
  %v6 = memref.load %inner[] : memref<i32>
  vector.print str "inner: "
  vector.print %v6 : i32

  // CHECK-NEXT: status ok=1 yielded=0 label=-1
  // CHECK-NEXT: log: 4 5 3 4 5 6 2 3 4 5 3 4 5 6 7
  // CHECK-NEXT: bare: 4
  // CHECK-NEXT: outer: 0
  // CHECK-NEXT: inner: 0
  memref.store %zero, %f[] : memref<i32>
  memref.store %never, %request[%c0] : memref<?xi32>
  %early_resumed = ckpt.launch @step(%log, %bare, %request, %f, %outer, %inner) resume_from %early_label
      : (memref<?xi32>, memref<?xi32>, memref<?xi32>, memref<i32>, memref<i32>, memref<i32>) -> !ckpt.status
  %early_resumed_ok = ckpt.status_ok %early_resumed : i1
  %early_resumed_yielded = ckpt.status_yielded %early_resumed : i1
  %early_resumed_label = ckpt.status_label %early_resumed : i64
  call @print_status(%early_resumed_ok, %early_resumed_yielded, %early_resumed_label) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()
  vector.print str "bare:"
  call @print_and_clear(%bare) : (memref<?xi32>) -> ()
  %v7 = memref.load %outer[] : memref<i32>
  vector.print str "outer: "
  vector.print %v7 : i32
  %v8 = memref.load %inner[] : memref<i32>
  vector.print str "inner: "
  vector.print %v8 : i32
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
