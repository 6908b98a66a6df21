// One flag serves two checkpoints, and the second raises it from every iteration of a
// parallel task of many thread blocks. Its check still comes after all of its work: every
// element is marked, and the launch yields at the second checkpoint. (On CUDA the first
// checkpoint's check must not move into that task, whose blocks would see the flag
// raised by each other.)
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines

// CHECK:      yielded 1
// CHECK-NEXT: label 2
// CHECK-NEXT: marked 1048576
func.func @mark(%a: memref<?xi32>, %f: memref<i32>, %n: index)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1 : i32
  %zero = arith.constant 0 : i32
  ckpt.checkpoint 1 yield_on %f : memref<i32> {
    scf.parallel (%i) = (%c0) to (%n) step (%c1) {
      memref.store %zero, %a[%i] : memref<?xi32>
      scf.reduce
    }
  }
  ckpt.checkpoint 2 yield_on %f : memref<i32> {
    scf.parallel (%i) = (%c0) to (%n) step (%c1) {
      memref.store %one, %a[%i] : memref<?xi32>
      memref.store %one, %f[] : memref<i32>
      scf.reduce
    }
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = arith.constant 1048576 : index
  %zero = arith.constant 0 : i32
  %a = memref.alloc(%n) : memref<?xi32>
  %f = memref.alloc() : memref<i32>
  memref.store %zero, %f[] : memref<i32>
  %s = ckpt.launch @mark(%a, %f, %n) : (memref<?xi32>, memref<i32>, index) -> !ckpt.status
  %y = ckpt.status_yielded %s : i1
  %l = ckpt.status_label %s : i64
  vector.print str "yielded "
  vector.print %y : i1
  vector.print str "label "
  vector.print %l : i64
  %sum = scf.for %i = %c0 to %n step %c1 iter_args(%acc = %zero) -> (i32) {
    %v = memref.load %a[%i] : memref<?xi32>
    %acc2 = arith.addi %acc, %v : i32
    scf.yield %acc2 : i32
  }
  vector.print str "marked "
  vector.print %sum : i32
  memref.dealloc %a : memref<?xi32>
  memref.dealloc %f : memref<i32>
  return
}
