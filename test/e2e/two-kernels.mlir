// Two graph kernels in one module are independent: each has its own labels (both use
// label 0, at different places), and launching or resuming one does not disturb where
// the other resumes. A label of one kernel is unknown to the other.
// RUN: %ckpt_run_target %s 2> %target_tmp.err | FileCheck %s --match-full-lines
// RUN: FileCheck %s --match-full-lines --check-prefix=ERR --implicit-check-not=error < %target_tmp.err

// Tasks append their id to %log. In @a, label 0 raises %f when request[0] is non-zero,
// label 7 when request[1] is. In @b, task 13 counts %cond down and label 0 raises %g in
// the iteration that starts with %cond == request[2].
func.func @a(%log: memref<?xi32>, %request: memref<?xi32>, %f: memref<i32>)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %t1 = arith.constant 1 : i32
  %t2 = arith.constant 2 : i32
  %t3 = arith.constant 3 : i32
  %t4 = arith.constant 4 : i32
  scf.for %i = %c0 to %c1 step %c1 {
    %p = memref.load %log[%c0] : memref<?xi32>
    %pi = arith.index_cast %p : i32 to index
    memref.store %t1, %log[%pi] : memref<?xi32>
    %p1 = arith.addi %p, %one : i32
    memref.store %p1, %log[%c0] : memref<?xi32>
  }
  ckpt.checkpoint 0 "a0" yield_on %f : memref<i32> {
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
  ckpt.checkpoint 7 yield_on %f : memref<i32> {
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
  }
  scf.for %i = %c0 to %c1 step %c1 {
    %p = memref.load %log[%c0] : memref<?xi32>
    %pi = arith.index_cast %p : i32 to index
    memref.store %t4, %log[%pi] : memref<?xi32>
    %p1 = arith.addi %p, %one : i32
    memref.store %p1, %log[%c0] : memref<?xi32>
  }
  return
}

func.func @b(%log: memref<?xi32>, %request: memref<?xi32>, %g: memref<i32>,
             %cond: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %t11 = arith.constant 11 : i32
  %t12 = arith.constant 12 : i32
  %t13 = arith.constant 13 : i32
  %t14 = arith.constant 14 : i32
  scf.for %i = %c0 to %c1 step %c1 {
    %p = memref.load %log[%c0] : memref<?xi32>
    %pi = arith.index_cast %p : i32 to index
    memref.store %t11, %log[%pi] : memref<?xi32>
    %p1 = arith.addi %p, %one : i32
    memref.store %p1, %log[%c0] : memref<?xi32>
  }
  ckpt.do_while %cond : memref<i32> {
    ckpt.checkpoint 0 "b0" yield_on %g : memref<i32> {
      scf.for %i = %c0 to %c1 step %c1 {
        %p = memref.load %log[%c0] : memref<?xi32>
        %pi = arith.index_cast %p : i32 to index
        memref.store %t12, %log[%pi] : memref<?xi32>
        %p1 = arith.addi %p, %one : i32
        memref.store %p1, %log[%c0] : memref<?xi32>
        %r = memref.load %request[%c2] : memref<?xi32>
        %now = memref.load %cond[] : memref<i32>
        %raise = arith.cmpi eq, %now, %r : i32
        scf.if %raise {
          memref.store %one, %g[] : memref<i32>
        }
      }
    }
    scf.for %i = %c0 to %c1 step %c1 {
      %p = memref.load %log[%c0] : memref<?xi32>
      %pi = arith.index_cast %p : i32 to index
      memref.store %t13, %log[%pi] : memref<?xi32>
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
    memref.store %t14, %log[%pi] : memref<?xi32>
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
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %two = arith.constant 2 : i32
  %never = arith.constant -1 : i32
  %label_0 = arith.constant 0 : i64
  %label_7 = arith.constant 7 : i64
  %log = call @new_log() : () -> memref<?xi32>
  %request = call @zeros(%c3) : (index) -> memref<?xi32>
  %f = memref.alloc() : memref<i32>
  %g = memref.alloc() : memref<i32>
  %cond = memref.alloc() : memref<i32>
  memref.store %zero, %f[] : memref<i32>
  memref.store %zero, %g[] : memref<i32>

  // CHECK: status ok=1 yielded=1 label=7
  // CHECK-NEXT: log: 1 2 3
  memref.store %one, %request[%c1] : memref<?xi32>
  %a_first = ckpt.launch @a(%log, %request, %f)
      : (memref<?xi32>, memref<?xi32>, memref<i32>) -> !ckpt.status
  %a_first_ok = ckpt.status_ok %a_first : i1
  %a_first_yielded = ckpt.status_yielded %a_first : i1
  %a_first_label = ckpt.status_label %a_first : i64
  call @print_status(%a_first_ok, %a_first_yielded, %a_first_label) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()

  // CHECK-NEXT: status ok=1 yielded=1 label=0
  // CHECK-NEXT: log: 11 12 13 12
  memref.store %two, %cond[] : memref<i32>
  memref.store %one, %request[%c2] : memref<?xi32>
  %b_first = ckpt.launch @b(%log, %request, %g, %cond)
      : (memref<?xi32>, memref<?xi32>, memref<i32>, memref<i32>) -> !ckpt.status
  %b_first_ok = ckpt.status_ok %b_first : i1
  %b_first_yielded = ckpt.status_yielded %b_first : i1
  %b_first_label = ckpt.status_label %b_first : i64
  call @print_status(%b_first_ok, %b_first_yielded, %b_first_label) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()

  // CHECK-NEXT: status ok=1 yielded=0 label=-1
  // CHECK-NEXT: log: 3 4
  memref.store %zero, %f[] : memref<i32>
  memref.store %zero, %request[%c1] : memref<?xi32>
  %a_resumed = ckpt.launch @a(%log, %request, %f) resume_from %a_first_label
      : (memref<?xi32>, memref<?xi32>, memref<i32>) -> !ckpt.status
  %a_resumed_ok = ckpt.status_ok %a_resumed : i1
  %a_resumed_yielded = ckpt.status_yielded %a_resumed : i1
  %a_resumed_label = ckpt.status_label %a_resumed : i64
  call @print_status(%a_resumed_ok, %a_resumed_yielded, %a_resumed_label) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()

  // CHECK-NEXT: status ok=1 yielded=0 label=-1
  // CHECK-NEXT: log: 12 13 14
  memref.store %zero, %g[] : memref<i32>
  memref.store %never, %request[%c2] : memref<?xi32>
  %b_resumed = ckpt.launch @b(%log, %request, %g, %cond) resume_from %b_first_label
      : (memref<?xi32>, memref<?xi32>, memref<i32>, memref<i32>) -> !ckpt.status
  %b_resumed_ok = ckpt.status_ok %b_resumed : i1
  %b_resumed_yielded = ckpt.status_yielded %b_resumed : i1
  %b_resumed_label = ckpt.status_label %b_resumed : i64
  call @print_status(%b_resumed_ok, %b_resumed_yielded, %b_resumed_label) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()

  // Label 7 belongs to @a only.
  // CHECK-NEXT: status ok=0 yielded=0 label=-1
  // CHECK-NEXT: log:{{$}}
  // ERR: ckpt: error: {{.*}}'b'{{.*}} 7;{{.*}}labels available: 0 ("b0"){{$}}
  %b_wrong = ckpt.launch @b(%log, %request, %g, %cond) resume_from %label_7
      : (memref<?xi32>, memref<?xi32>, memref<i32>, memref<i32>) -> !ckpt.status
  %b_wrong_ok = ckpt.status_ok %b_wrong : i1
  %b_wrong_yielded = ckpt.status_yielded %b_wrong : i1
  %b_wrong_label = ckpt.status_label %b_wrong : i64
  call @print_status(%b_wrong_ok, %b_wrong_yielded, %b_wrong_label) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()

  // Label 0 of @a is the checkpoint after task 1, not the one in @b's loop.
  // CHECK-NEXT: status ok=1 yielded=0 label=-1
  // CHECK-NEXT: log: 2 3 4
  %a_from_0 = ckpt.launch @a(%log, %request, %f) resume_from %label_0
      : (memref<?xi32>, memref<?xi32>, memref<i32>) -> !ckpt.status
  %a_from_0_ok = ckpt.status_ok %a_from_0 : i1
  %a_from_0_yielded = ckpt.status_yielded %a_from_0 : i1
  %a_from_0_label = ckpt.status_label %a_from_0 : i64
  call @print_status(%a_from_0_ok, %a_from_0_yielded, %a_from_0_label) : (i1, i1, i64) -> ()
  call @print_log(%log) : (memref<?xi32>) -> ()
  memref.dealloc %log : memref<?xi32>
  memref.dealloc %request : memref<?xi32>
  memref.dealloc %f : memref<i32>
  memref.dealloc %g : memref<i32>
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
