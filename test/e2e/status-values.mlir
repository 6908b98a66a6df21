// A !ckpt.status is an ordinary SSA value: it can be passed to a function and carried
// through a loop, so a host loop can read "launch, and while it yielded, resume" the way
// it is said. Here label 2 counts %f down and yields while it is non-zero.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines

// Tasks append their id to %log.
func.func @step(%log: memref<?xi32>, %f: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
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
  ckpt.checkpoint 2 yield_on %f : memref<i32> {
    scf.for %i = %c0 to %c1 step %c1 {
      %p = memref.load %log[%c0] : memref<?xi32>
      %pi = arith.index_cast %p : i32 to index
      memref.store %t2, %log[%pi] : memref<?xi32>
      %p1 = arith.addi %p, %one : i32
      memref.store %p1, %log[%c0] : memref<?xi32>
      %v = memref.load %f[] : memref<i32>
      %dec = arith.subi %v, %one : i32
      %more = arith.cmpi sgt, %dec, %zero : i32
      %next = arith.select %more, %dec, %zero : i32
      memref.store %next, %f[] : memref<i32>
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

func.func @show(%s: !ckpt.status) {
  ckpt.status_print %s
  return
}

func.func @main() {
  %three = arith.constant 3 : i32
  %log = call @new_log() : () -> memref<?xi32>
  %f = memref.alloc() : memref<i32>
  memref.store %three, %f[] : memref<i32>

  // CHECK:      ckpt.status ok=1 yielded=1 label=2
  // CHECK-NEXT: ckpt.status ok=1 yielded=1 label=2
  // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
  // CHECK-NEXT: log: 1 2 2 2 3
  %first = ckpt.launch @step(%log, %f) : (memref<?xi32>, memref<i32>) -> !ckpt.status
  call @show(%first) : (!ckpt.status) -> ()
  %last = scf.while (%s = %first) : (!ckpt.status) -> !ckpt.status {
    %yielded = ckpt.status_yielded %s : i1
    scf.condition(%yielded) %s : !ckpt.status
  } do {
  ^bb0(%s: !ckpt.status):
    %label = ckpt.status_label %s : i64
    %next = ckpt.launch @step(%log, %f) resume_from %label : (memref<?xi32>, memref<i32>) -> !ckpt.status
    func.call @show(%next) : (!ckpt.status) -> ()
    scf.yield %next : !ckpt.status
  }
  call @print_log(%log) : (memref<?xi32>) -> ()
  memref.dealloc %log : memref<?xi32>
  memref.dealloc %f : memref<i32>
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
