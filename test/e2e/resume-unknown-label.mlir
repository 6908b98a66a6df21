// A resume from a label the kernel does not have fails: the status says not ok (and
// not yielded, label -1), nothing runs, and stderr gets a message that names the label
// asked for and lists the labels available, with their names. The label of a launch
// that did not yield (-1) is such a label. The kernel stays usable afterwards.
// RUN: %ckpt_run_target %s 2> %target_tmp.err | FileCheck %s --match-full-lines
// RUN: FileCheck %s --match-full-lines --check-prefix=ERR --implicit-check-not=error < %target_tmp.err
// RUN: %if target-cpu %{ %ckpt_opt %s --ckpt-lower-to-llvm=target=cpu | %mlir_runner -e main -entry-point-result=void -shared-libs=%runtime_lib,%c_runner_utils 2> %target_tmp.runner.err | FileCheck %s --match-full-lines %}
// RUN: %if target-cpu %{ FileCheck %s --match-full-lines --check-prefix=ERR --implicit-check-not=error < %target_tmp.runner.err %}

// Tasks append their id to %log; label 3 raises %f when request[0] is non-zero.
func.func @step(%log: memref<?xi32>, %request: memref<?xi32>, %f: memref<i32>)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %t1 = arith.constant 1 : i32
  %t2 = arith.constant 2 : i32
  %t3 = arith.constant 3 : i32
  scf.for %i = %c0 to %c1 step %c1 {
    %p = memref.load %log[%c0] : memref<?xi32>
    %pi = arith.index_cast %p : i32 to index
    memref.store %t1, %log[%pi] : memref<?xi32>
    %p1 = arith.addi %p, %one : i32
    memref.store %p1, %log[%c0] : memref<?xi32>
  }
  ckpt.checkpoint 3 "grow" yield_on %f : memref<i32> {
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
  ckpt.checkpoint 8 yield_on %f : memref<i32> {
    scf.for %i = %c0 to %c1 step %c1 {
      %p = memref.load %log[%c0] : memref<?xi32>
      %pi = arith.index_cast %p : i32 to index
      memref.store %t3, %log[%pi] : memref<?xi32>
      %p1 = arith.addi %p, %one : i32
      memref.store %p1, %log[%c0] : memref<?xi32>
    }
  }
  return
}

func.func @main() {
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0 : i32
  %label_5 = arith.constant 5 : i64
  %label_8 = arith.constant 8 : i64
  %log = call @new_log() : () -> memref<?xi32>
  %request = call @zeros(%c1) : (index) -> memref<?xi32>
  %f = memref.alloc() : memref<i32>
  memref.store %zero, %f[] : memref<i32>

  // CHECK: status ok=0 yielded=0 label=-1
  // CHECK-NEXT: log:{{$}}
  // ERR: ckpt: error: {{.*}}'step'{{.*}} 5;{{.*}}labels available: 3 ("grow"), 8{{$}}
  %unknown = ckpt.launch @step(%log, %request, %f) resume_from %label_5
      : (memref<?xi32>, memref<?xi32>, memref<i32>) -> !ckpt.status
  %unknown_ok = ckpt.status_ok %unknown : i1
  %unknown_yielded = ckpt.status_yielded %unknown : i1
  %unknown_label = ckpt.status_label %unknown : i64
  call @print_status(%unknown_ok, %unknown_yielded, %unknown_label) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()

  // CHECK-NEXT: status ok=1 yielded=0 label=-1
  // CHECK-NEXT: log: 1 2 3
  %completed = ckpt.launch @step(%log, %request, %f)
      : (memref<?xi32>, memref<?xi32>, memref<i32>) -> !ckpt.status
  %completed_ok = ckpt.status_ok %completed : i1
  %completed_yielded = ckpt.status_yielded %completed : i1
  %completed_label = ckpt.status_label %completed : i64
  call @print_status(%completed_ok, %completed_yielded, %completed_label) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()

  // CHECK-NEXT: status ok=0 yielded=0 label=-1
  // CHECK-NEXT: log:{{$}}
  // ERR-NEXT: ckpt: error: {{.*}}'step'{{.*}} -1;{{.*}}labels available: 3 ("grow"), 8{{$}}
  %not_yielded = ckpt.launch @step(%log, %request, %f) resume_from %completed_label
      : (memref<?xi32>, memref<?xi32>, memref<i32>) -> !ckpt.status
  %not_yielded_ok = ckpt.status_ok %not_yielded : i1
  %not_yielded_yielded = ckpt.status_yielded %not_yielded : i1
  %not_yielded_label = ckpt.status_label %not_yielded : i64
  call @print_status(%not_yielded_ok, %not_yielded_yielded, %not_yielded_label) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()

  // CHECK-NEXT: status ok=1 yielded=0 label=-1
  // CHECK-NEXT: log: 3
  %valid = ckpt.launch @step(%log, %request, %f) resume_from %label_8
      : (memref<?xi32>, memref<?xi32>, memref<i32>) -> !ckpt.status
  %valid_ok = ckpt.status_ok %valid : i1
  %valid_yielded = ckpt.status_yielded %valid : i1
  %valid_label = ckpt.status_label %valid : i64
  call @print_status(%valid_ok, %valid_yielded, %valid_label) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()
  memref.dealloc %log : memref<?xi32>
  memref.dealloc %request : memref<?xi32>
  memref.dealloc %f : memref<i32>
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
