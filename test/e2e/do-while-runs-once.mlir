// A do-while runs its body before it first reads its condition: with the condition 0 on
// entry the body runs once, nested loops included; a body that clears a non-zero
// condition also runs once.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
// RUN: %if target-cpu %{ %ckpt_opt %s --ckpt-lower-to-llvm=target=cpu | %mlir_runner -e main -entry-point-result=void -shared-libs=%runtime_lib,%c_runner_utils | FileCheck %s --match-full-lines %}

// Tasks append their id to %log; bare statement k counts its runs in bare[k]. Only task
// 4 writes a condition: it clears %c.
func.func @step(%log: memref<?xi32>, %bare: memref<?xi32>, %f: memref<i32>,
                %outer: memref<i32>, %inner: memref<i32>, %c: memref<i32>)
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
  ckpt.do_while %outer : memref<i32> {
    scf.for %i = %c0 to %c1 step %c1 {
      %p = memref.load %log[%c0] : memref<?xi32>
      %pi = arith.index_cast %p : i32 to index
      memref.store %t1, %log[%pi] : memref<?xi32>
      %p1 = arith.addi %p, %one : i32
      memref.store %p1, %log[%c0] : memref<?xi32>
    }
    %b0 = memref.atomic_rmw addi %one, %bare[%c0] : (i32, memref<?xi32>) -> i32
    ckpt.do_while %inner : memref<i32> {
      scf.for %i = %c0 to %c1 step %c1 {
        %p = memref.load %log[%c0] : memref<?xi32>
        %pi = arith.index_cast %p : i32 to index
        memref.store %t2, %log[%pi] : memref<?xi32>
        %p1 = arith.addi %p, %one : i32
        memref.store %p1, %log[%c0] : memref<?xi32>
      }
      %b1 = memref.atomic_rmw addi %one, %bare[%c1] : (i32, memref<?xi32>) -> i32
    }
    ckpt.checkpoint 1 yield_on %f : memref<i32> {
      scf.for %i = %c0 to %c1 step %c1 {
        %p = memref.load %log[%c0] : memref<?xi32>
        %pi = arith.index_cast %p : i32 to index
        memref.store %t3, %log[%pi] : memref<?xi32>
        %p1 = arith.addi %p, %one : i32
        memref.store %p1, %log[%c0] : memref<?xi32>
      }
    }
  }
  ckpt.do_while %c : memref<i32> {
    scf.for %i = %c0 to %c1 step %c1 {
      %p = memref.load %log[%c0] : memref<?xi32>
      %pi = arith.index_cast %p : i32 to index
      memref.store %t4, %log[%pi] : memref<?xi32>
      %p1 = arith.addi %p, %one : i32
      memref.store %p1, %log[%c0] : memref<?xi32>
      memref.store %zero, %c[] : memref<i32>
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
  %c2 = arith.constant 2 : index
  %zero = arith.constant 0 : i32
  %five = arith.constant 5 : i32
  %log = call @new_log() : () -> memref<?xi32>
  %bare = call @zeros(%c2) : (index) -> memref<?xi32>
  %f = memref.alloc() : memref<i32>
  %outer = memref.alloc() : memref<i32>
  %inner = memref.alloc() : memref<i32>
  %c = memref.alloc() : memref<i32>

  // CHECK: status ok=1 yielded=0 label=-1
  // CHECK-NEXT: log: 1 2 3 4 5
  // CHECK-NEXT: bare: 1 1
  // CHECK-NEXT: c: 0
  memref.store %zero, %f[] : memref<i32>
  memref.store %zero, %outer[] : memref<i32>
  memref.store %zero, %inner[] : memref<i32>
  memref.store %five, %c[] : memref<i32>
  %once = ckpt.launch @step(%log, %bare, %f, %outer, %inner, %c)
      : (memref<?xi32>, memref<?xi32>, memref<i32>, memref<i32>, memref<i32>, memref<i32>) -> !ckpt.status
  %once_ok = ckpt.status_ok %once : i1
  %once_yielded = ckpt.status_yielded %once : i1
  %once_label = ckpt.status_label %once : i64
  call @print_status(%once_ok, %once_yielded, %once_label) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()
  vector.print str "bare:"
  call @print_and_clear(%bare) : (memref<?xi32>) -> ()
  %v2 = memref.load %c[] : memref<i32>
  vector.print str "c: "
  vector.print %v2 : i32
  memref.dealloc %log : memref<?xi32>
  memref.dealloc %bare : memref<?xi32>
  memref.dealloc %f : memref<i32>
  memref.dealloc %outer : memref<i32>
  memref.dealloc %inner : memref<i32>
  memref.dealloc %c : memref<i32>
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
