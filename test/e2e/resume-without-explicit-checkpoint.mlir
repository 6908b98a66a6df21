// A kernel with no explicit checkpoint cannot be resumed: neither one whose tasks all
// got implicit checkpoints, nor a graph kernel without `ckpt.checkpoints`. The resume
// fails with a status that says not ok, runs nothing, and stderr says the kernel has no
// label to resume from. Plain launches of both still work.
// RUN: %ckpt_run_target %s 2> %target_tmp.err | FileCheck %s --match-full-lines
// RUN: FileCheck %s --match-full-lines --check-prefix=ERR --implicit-check-not=error < %target_tmp.err

// Tasks append their id to %log; task 2 counts %cond down.
func.func @implicit_only(%log: memref<?xi32>, %cond: memref<i32>)
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
  ckpt.do_while %cond : memref<i32> {
    scf.for %i = %c0 to %c1 step %c1 {
      %p = memref.load %log[%c0] : memref<?xi32>
      %pi = arith.index_cast %p : i32 to index
      memref.store %t2, %log[%pi] : memref<?xi32>
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
    memref.store %t3, %log[%pi] : memref<?xi32>
    %p1 = arith.addi %p, %one : i32
    memref.store %p1, %log[%c0] : memref<?xi32>
  }
  return
}

func.func @no_checkpoints(%log: memref<?xi32>, %cond: memref<i32>) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %t4 = arith.constant 4 : i32
  %t5 = arith.constant 5 : i32
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
  }
  return
}

func.func @main() {
  %zero = arith.constant 0 : i32
  %two = arith.constant 2 : i32
  %label_0 = arith.constant 0 : i64
  %log = call @new_log() : () -> memref<?xi32>
  %cond = memref.alloc() : memref<i32>
  memref.store %zero, %cond[] : memref<i32>

  // CHECK: status ok=0 yielded=0 label=-1
  // CHECK-NEXT: log:{{$}}
  // ERR: ckpt: error: {{.*}}'implicit_only'{{.*}}no explicit checkpoint{{.*}}labels available: none{{(\. .*)?}}
  %implicit_resume = ckpt.launch @implicit_only(%log, %cond) resume_from %label_0
      : (memref<?xi32>, memref<i32>) -> !ckpt.status
  %implicit_resume_ok = ckpt.status_ok %implicit_resume : i1
  %implicit_resume_yielded = ckpt.status_yielded %implicit_resume : i1
  %implicit_resume_label = ckpt.status_label %implicit_resume : i64
  call @print_status(%implicit_resume_ok, %implicit_resume_yielded, %implicit_resume_label) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()

  // CHECK-NEXT: status ok=0 yielded=0 label=-1
  // CHECK-NEXT: log:{{$}}
  // ERR-NEXT: ckpt: error: {{.*}}'no_checkpoints'{{.*}}no explicit checkpoint{{.*}}labels available: none{{(\. .*)?}}
  %plain_resume = ckpt.launch @no_checkpoints(%log, %cond) resume_from %label_0
      : (memref<?xi32>, memref<i32>) -> !ckpt.status
  %plain_resume_ok = ckpt.status_ok %plain_resume : i1
  %plain_resume_yielded = ckpt.status_yielded %plain_resume : i1
  %plain_resume_label = ckpt.status_label %plain_resume : i64
  call @print_status(%plain_resume_ok, %plain_resume_yielded, %plain_resume_label) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()

  // CHECK-NEXT: status ok=1 yielded=0 label=-1
  // CHECK-NEXT: log: 1 2 2 3
  memref.store %two, %cond[] : memref<i32>
  %implicit_launch = ckpt.launch @implicit_only(%log, %cond)
      : (memref<?xi32>, memref<i32>) -> !ckpt.status
  %implicit_launch_ok = ckpt.status_ok %implicit_launch : i1
  %implicit_launch_yielded = ckpt.status_yielded %implicit_launch : i1
  %implicit_launch_label = ckpt.status_label %implicit_launch : i64
  call @print_status(%implicit_launch_ok, %implicit_launch_yielded, %implicit_launch_label) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()

  // CHECK-NEXT: status ok=1 yielded=0 label=-1
  // CHECK-NEXT: log: 4 5
  %plain_launch = ckpt.launch @no_checkpoints(%log, %cond)
      : (memref<?xi32>, memref<i32>) -> !ckpt.status
  %plain_launch_ok = ckpt.status_ok %plain_launch : i1
  %plain_launch_yielded = ckpt.status_yielded %plain_launch : i1
  %plain_launch_label = ckpt.status_label %plain_launch : i64
  call @print_status(%plain_launch_ok, %plain_launch_yielded, %plain_launch_label) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()
  memref.dealloc %log : memref<?xi32>
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
