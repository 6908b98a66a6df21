// Vectors wider than SPIR-V's carried through control flow, as a vectorizer for CPUs
// leaves them: a loop accumulating an 8-lane sum and a 2x4 product, an scf.if choosing
// between two 8-lane vectors, and an 8-lane shuffle. On Vulkan the loop and the branch
// carry 4-lane pieces, and the shuffle takes its lanes from the pieces.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
//
// x[i] = i. Over the loop's two steps (x[0..8), then x[8..16)): sum[j] = j + (8 + j) =
// 2j + 8, product[j] = j * (8 + j). sum[0] = 8 > 5, so the branch takes the reversed sum;
// y = reversed sum, then the product's rows.
// CHECK: ckpt.status ok=1 yielded=0 label=-1
// CHECK-NEXT: ( 22, 20, 18, 16, 14, 12, 10, 8, 0, 9, 20, 33, 48, 65, 84, 105 )
module {
  func.func @k(%x: memref<16xf32>, %y: memref<16xf32>) attributes {ckpt.graph} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c8 = arith.constant 8 : index
    scf.parallel (%t) = (%c0) to (%c1) step (%c1) {
      %zero = arith.constant dense<0.0> : vector<8xf32>
      %ones = arith.constant dense<1.0> : vector<2x4xf32>
      %res:2 = scf.for %k = %c0 to %c2 step %c1 iter_args(%sum = %zero, %prod = %ones) -> (vector<8xf32>, vector<2x4xf32>) {
        %at = arith.muli %k, %c8 : index
        %v = vector.load %x[%at] : memref<16xf32>, vector<8xf32>
        %s = arith.addf %sum, %v : vector<8xf32>
        %w = vector.shape_cast %v : vector<8xf32> to vector<2x4xf32>
        %p = arith.mulf %prod, %w : vector<2x4xf32>
        scf.yield %s, %p : vector<8xf32>, vector<2x4xf32>
      }
      %reversed = vector.shuffle %res#0, %res#0 [7, 6, 5, 4, 3, 2, 1, 0] : vector<8xf32>, vector<8xf32>
      %first = vector.extract %res#0[0] : f32 from vector<8xf32>
      %five = arith.constant 5.0 : f32
      %big = arith.cmpf ogt, %first, %five : f32
      %chosen = scf.if %big -> vector<8xf32> {
        scf.yield %reversed : vector<8xf32>
      } else {
        scf.yield %res#0 : vector<8xf32>
      }
      vector.store %chosen, %y[%c0] : memref<16xf32>, vector<8xf32>
      %flat = vector.shape_cast %res#1 : vector<2x4xf32> to vector<8xf32>
      vector.store %flat, %y[%c8] : memref<16xf32>, vector<8xf32>
      scf.reduce
    }
    return
  }
  func.func @main() {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c16 = arith.constant 16 : index
    %x = memref.alloc() : memref<16xf32>
    %y = memref.alloc() : memref<16xf32>
    scf.for %i = %c0 to %c16 step %c1 {
      %ii = arith.index_cast %i : index to i32
      %f = arith.sitofp %ii : i32 to f32
      memref.store %f, %x[%i] : memref<16xf32>
    }
    %st = ckpt.launch @k(%x, %y) : (memref<16xf32>, memref<16xf32>) -> !ckpt.status
    ckpt.status_print %st
    %pad = arith.constant 0.0 : f32
    %out = vector.transfer_read %y[%c0], %pad {in_bounds = [true]} : memref<16xf32>, vector<16xf32>
    vector.print %out : vector<16xf32>
    memref.dealloc %x : memref<16xf32>
    memref.dealloc %y : memref<16xf32>
    return
  }
}
