// A yield flag may move between launches (SPEC: arguments may differ between launches):
// a fresh launch with the flag in a new allocation, the old one freed, and a resume with
// it moved again. Each launch reads the flag it is given. On Vulkan the flag's place is
// recorded in the command buffer (a descriptor, or a conditional rendering scope), so
// this checks that the segment is recorded again when it moves.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
// RUN: %if target-cpu %{ %ckpt_opt %s --ckpt-lower-to-llvm=target=cpu | %mlir_runner -e main -entry-point-result=void -shared-libs=%runtime_lib,%c_runner_utils | FileCheck %s --match-full-lines %}

// Tasks append their id to %log; checkpoint k's first task copies request[k] into the
// flag when it is non-zero.
func.func @step(%log: memref<?xi32>, %request: memref<?xi32>, %f: memref<i32>)
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
  scf.for %i = %c0 to %c1 step %c1 {
    %p = memref.load %log[%c0] : memref<?xi32>
    %pi = arith.index_cast %p : i32 to index
    memref.store %t1, %log[%pi] : memref<?xi32>
    %p1 = arith.addi %p, %one : i32
    memref.store %p1, %log[%c0] : memref<?xi32>
  }
  ckpt.checkpoint 7 yield_on %f : memref<i32> {
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
  }
  ckpt.checkpoint 42 yield_on %f : memref<i32> {
    scf.for %i = %c0 to %c1 step %c1 {
      %p = memref.load %log[%c0] : memref<?xi32>
      %pi = arith.index_cast %p : i32 to index
      memref.store %t3, %log[%pi] : memref<?xi32>
      %p1 = arith.addi %p, %one : i32
      memref.store %p1, %log[%c0] : memref<?xi32>
      %r = memref.load %request[%c1] : memref<?xi32>
      %raise = arith.cmpi ne, %r, %zero : i32
      scf.if %raise {
        memref.store %r, %f[] : memref<i32>
      }
    }
    scf.for %i = %c0 to %c1 step %c1 {
      %p = memref.load %log[%c0] : memref<?xi32>
      %pi = arith.index_cast %p : i32 to index
      memref.store %t4, %log[%pi] : memref<?xi32>
      %p1 = arith.addi %p, %one : i32
      memref.store %p1, %log[%c0] : memref<?xi32>
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
  %three = arith.constant 3 : i32
  %five = arith.constant 5 : i32
  %log = call @new_log() : () -> memref<?xi32>
  %request = call @zeros(%c2) : (index) -> memref<?xi32>
  %f = memref.alloc() : memref<i32>

  // CHECK: status ok=1 yielded=1 label=42
  // CHECK-NEXT: log: 1 2 3 4
  memref.store %zero, %f[] : memref<i32>
  memref.store %five, %request[%c1] : memref<?xi32>
  %first = ckpt.launch @step(%log, %request, %f)
      : (memref<?xi32>, memref<?xi32>, memref<i32>) -> !ckpt.status
  %first_ok = ckpt.status_ok %first : i1
  %first_yielded = ckpt.status_yielded %first : i1
  %first_label = ckpt.status_label %first : i64
  call @print_status(%first_ok, %first_yielded, %first_label) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()
  memref.dealloc %f : memref<i32>

  // The flag moves: a new allocation, the old one freed.
  // CHECK-NEXT: status ok=1 yielded=1 label=7
  // CHECK-NEXT: log: 1 2
  // CHECK-NEXT: flag: 3
  %g = memref.alloc() : memref<i32>
  %big = call @zeros(%c2) : (index) -> memref<?xi32>
  memref.store %zero, %g[] : memref<i32>
  memref.store %three, %request[%c0] : memref<?xi32>
  memref.store %zero, %request[%c1] : memref<?xi32>
  %second = ckpt.launch @step(%log, %request, %g)
      : (memref<?xi32>, memref<?xi32>, memref<i32>) -> !ckpt.status
  %second_ok = ckpt.status_ok %second : i1
  %second_yielded = ckpt.status_yielded %second : i1
  %second_label = ckpt.status_label %second : i64
  call @print_status(%second_ok, %second_yielded, %second_label) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()
  %v1 = memref.load %g[] : memref<i32>
  vector.print str "flag: "
  vector.print %v1 : i32

  // A resume with the flag moved again: label 7 reruns, 42 yields.
  // CHECK-NEXT: status ok=1 yielded=1 label=42
  // CHECK-NEXT: log: 2 3 4
  %h = memref.alloc() : memref<i32>
  memref.store %zero, %request[%c0] : memref<?xi32>
  memref.store %five, %request[%c1] : memref<?xi32>
  memref.store %zero, %h[] : memref<i32>
  memref.dealloc %g : memref<i32>
  %third = ckpt.launch @step(%log, %request, %h) resume_from %second_label
      : (memref<?xi32>, memref<?xi32>, memref<i32>) -> !ckpt.status
  %third_ok = ckpt.status_ok %third : i1
  %third_yielded = ckpt.status_yielded %third : i1
  %third_label = ckpt.status_label %third : i64
  call @print_status(%third_ok, %third_yielded, %third_label) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()

  // CHECK-NEXT: status ok=1 yielded=0 label=-1
  // CHECK-NEXT: log: 1 2 3 4 5
  memref.store %zero, %request[%c1] : memref<?xi32>
  memref.store %zero, %h[] : memref<i32>
  %fourth = ckpt.launch @step(%log, %request, %h)
      : (memref<?xi32>, memref<?xi32>, memref<i32>) -> !ckpt.status
  %fourth_ok = ckpt.status_ok %fourth : i1
  %fourth_yielded = ckpt.status_yielded %fourth : i1
  %fourth_label = ckpt.status_label %fourth : i64
  call @print_status(%fourth_ok, %fourth_yielded, %fourth_label) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()
  memref.dealloc %log : memref<?xi32>
  memref.dealloc %request : memref<?xi32>
  memref.dealloc %h : memref<i32>
  memref.dealloc %big : memref<?xi32>
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
