// Boolean masks kept in memrefs of i1, as linalg's vectorizer emits them for a select: the
// mask read with a 4-lane vector.transfer_read inside the task, a comparison written back
// with a 4-lane vector.transfer_write, and on the host the result read back both ways
// (scalar loads, and an 8-lane transfer). MLIR's LLVM lowering packs a vector of i1 into
// bits while the memref holds a byte per element, so these gave wrong values on the CPU,
// CUDA and HIP until ckpt-expand-math took such accesses apart element by element.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
//
// x = (-2,-1,0,1,2,3,-4,5), mask m = (1,0,1,0,1,0,1,0):
// y = m ? x : 0 = (-2,0,0,0,2,0,-4,0); g = x > 0 = (0,0,0,1,1,1,0,1).
// CHECK: ckpt.status ok=1 yielded=0 label=-1
// CHECK-NEXT: ( -2, 0, 0, 0, 2, 0, -4, 0 )
// CHECK-NEXT:  0 0 0 1 1 1 0 1
// CHECK-NEXT: ( 0, 0, 0, 1, 1, 1, 0, 1 )
module {
  func.func @k(%x: memref<8xf32>, %m: memref<8xi1>, %y: memref<8xf32>, %g: memref<8xi1>) attributes {ckpt.graph} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c4 = arith.constant 4 : index
    scf.parallel (%t) = (%c0) to (%c2) step (%c1) {
      %o = arith.muli %t, %c4 : index
      %f = arith.constant false
      %p = arith.constant 0.0 : f32
      %mv = vector.transfer_read %m[%o], %f {in_bounds = [true]} : memref<8xi1>, vector<4xi1>
      %xv = vector.transfer_read %x[%o], %p {in_bounds = [true]} : memref<8xf32>, vector<4xf32>
      %z = arith.constant dense<0.0> : vector<4xf32>
      %s = arith.select %mv, %xv, %z : vector<4xi1>, vector<4xf32>
      vector.transfer_write %s, %y[%o] {in_bounds = [true]} : vector<4xf32>, memref<8xf32>
      %gt = arith.cmpf ogt, %xv, %z : vector<4xf32>
      vector.transfer_write %gt, %g[%o] {in_bounds = [true]} : vector<4xi1>, memref<8xi1>
      scf.reduce
    }
    return
  }
  memref.global "private" constant @x : memref<8xf32> = dense<[-2.0, -1.0, 0.0, 1.0, 2.0, 3.0, -4.0, 5.0]>
  func.func @print_bits(%b: memref<8xi1>) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c8 = arith.constant 8 : index
    scf.for %i = %c0 to %c8 step %c1 {
      %v = memref.load %b[%i] : memref<8xi1>
      vector.print str " "
      vector.print %v : i1 punctuation <no_punctuation>
    }
    vector.print punctuation <newline>
    return
  }
  func.func @main() {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c8 = arith.constant 8 : index
    %gx = memref.get_global @x : memref<8xf32>
    %x = memref.alloc() : memref<8xf32>
    memref.copy %gx, %x : memref<8xf32> to memref<8xf32>
    %m = memref.alloc() : memref<8xi1>
    %g = memref.alloc() : memref<8xi1>
    %y = memref.alloc() : memref<8xf32>
    %t = arith.constant true
    %f = arith.constant false
    scf.for %i = %c0 to %c8 step %c2 {
      memref.store %t, %m[%i] : memref<8xi1>
      %i1 = arith.addi %i, %c1 : index
      memref.store %f, %m[%i1] : memref<8xi1>
    }
    %st = ckpt.launch @k(%x, %m, %y, %g) : (memref<8xf32>, memref<8xi1>, memref<8xf32>, memref<8xi1>) -> !ckpt.status
    ckpt.status_print %st
    %p = arith.constant 0.0 : f32
    %v3 = vector.transfer_read %y[%c0], %p {in_bounds = [true]} : memref<8xf32>, vector<8xf32>
    vector.print %v3 : vector<8xf32>
    call @print_bits(%g) : (memref<8xi1>) -> ()
    %false = arith.constant false
    %gv = vector.transfer_read %g[%c0], %false {in_bounds = [true]} : memref<8xi1>, vector<8xi1>
    vector.print %gv : vector<8xi1>
    memref.dealloc %x : memref<8xf32>
    memref.dealloc %m : memref<8xi1>
    memref.dealloc %g : memref<8xi1>
    memref.dealloc %y : memref<8xf32>
    return
  }
}
