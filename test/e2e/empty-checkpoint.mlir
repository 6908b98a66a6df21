// An explicit checkpoint with no tasks, between two tasks, whose flag only the host raises:
// a place where the host may stop the launch and resume it. The launch yields there after
// the first task, and the resume from its label runs only the second. Nothing in the
// pipeline may delete it as dead code.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines

func.func @k(%x: memref<2xi32>, %f: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1 : i32
  scf.for %i = %c0 to %c1 step %c1 {
    %v = memref.load %x[%c0] : memref<2xi32>
    %w = arith.addi %v, %one : i32
    memref.store %w, %x[%c0] : memref<2xi32>
  }
  ckpt.checkpoint 0 "host" yield_on %f : memref<i32> {
  }
  scf.for %i = %c0 to %c1 step %c1 {
    %v = memref.load %x[%c1] : memref<2xi32>
    %w = arith.addi %v, %one : i32
    memref.store %w, %x[%c1] : memref<2xi32>
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %x = memref.alloc() : memref<2xi32>
  %f = memref.alloc() : memref<i32>
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %zeros = arith.constant dense<0> : vector<2xi32>
  vector.store %zeros, %x[%c0] : memref<2xi32>, vector<2xi32>
  memref.store %one, %f[] : memref<i32>
  // CHECK: ckpt.status ok=1 yielded=1 label=0 name="host"
  // CHECK-NEXT: ( 1, 0 )
  %st = ckpt.launch @k(%x, %f) : (memref<2xi32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %st
  %v = vector.load %x[%c0] : memref<2xi32>, vector<2xi32>
  vector.print %v : vector<2xi32>
  memref.store %zero, %f[] : memref<i32>
  // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
  // CHECK-NEXT: ( 1, 1 )
  %label = ckpt.status_label %st : i64
  %st2 = ckpt.launch @k(%x, %f) resume_from %label : (memref<2xi32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %st2
  %v2 = vector.load %x[%c0] : memref<2xi32>, vector<2xi32>
  vector.print %v2 : vector<2xi32>
  memref.dealloc %x : memref<2xi32>
  memref.dealloc %f : memref<i32>
  return
}
