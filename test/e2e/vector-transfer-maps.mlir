// Vector transfers whose permutation maps transpose, broadcast or run down a column, as
// linalg's vectorizer emits them for transposed operands, broadcast biases and strided
// reads. On Vulkan ckpt takes the transposes and broadcasts out of the maps (MLIR's
// permutation-map lowering) and reads and writes element by element; the column read
// runs past the memref's end, where it gives the padding.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
//
// m[i][j] = 10i + j (4x2), b = 1 2 3 4. t = m transposed (2x4), s = t + b on each row:
// ( 1, 12, 23, 34 ), ( 2, 13, 24, 35 ); out = s transposed back (4x2). The column of m
// from [2][1] down, 3 elements: 21, 31, then past the end, the padding -1.
// CHECK: ckpt.status ok=1 yielded=0 label=-1
// CHECK-NEXT: ( ( 1, 2 ), ( 12, 13 ), ( 23, 24 ), ( 34, 35 ) )
// CHECK-NEXT: ( 21, 31, -1 )
module {
  func.func @k(%m: memref<4x2xf32>, %b: memref<4xf32>, %out: memref<4x2xf32>, %col: memref<3xf32>)
      attributes {ckpt.graph} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    scf.parallel (%t) = (%c0) to (%c1) step (%c1) {
      %pad = arith.constant 0.0 : f32
      %tt = vector.transfer_read %m[%c0, %c0], %pad {in_bounds = [true, true], permutation_map = affine_map<(d0, d1) -> (d1, d0)>} : memref<4x2xf32>, vector<2x4xf32>
      %bb = vector.transfer_read %b[%c0], %pad {in_bounds = [true, true], permutation_map = affine_map<(d0) -> (0, d0)>} : memref<4xf32>, vector<2x4xf32>
      %s = arith.addf %tt, %bb : vector<2x4xf32>
      vector.transfer_write %s, %out[%c0, %c0] {in_bounds = [true, true], permutation_map = affine_map<(d0, d1) -> (d1, d0)>} : vector<2x4xf32>, memref<4x2xf32>
      %minus = arith.constant -1.0 : f32
      %row = arith.addi %t, %c2 : index
      %cc = vector.transfer_read %m[%row, %c1], %minus {permutation_map = affine_map<(d0, d1) -> (d0)>} : memref<4x2xf32>, vector<3xf32>
      vector.transfer_write %cc, %col[%c0] {in_bounds = [true]} : vector<3xf32>, memref<3xf32>
      scf.reduce
    }
    return
  }
  func.func @main() {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c4 = arith.constant 4 : index
    %m = memref.alloc() : memref<4x2xf32>
    %b = memref.alloc() : memref<4xf32>
    %out = memref.alloc() : memref<4x2xf32>
    %col = memref.alloc() : memref<3xf32>
    scf.for %i = %c0 to %c4 step %c1 {
      scf.for %j = %c0 to %c2 step %c1 {
        %c10 = arith.constant 10 : index
        %i10 = arith.muli %i, %c10 : index
        %v = arith.addi %i10, %j : index
        %vi = arith.index_cast %v : index to i32
        %vf = arith.sitofp %vi : i32 to f32
        memref.store %vf, %m[%i, %j] : memref<4x2xf32>
      }
      %i1 = arith.addi %i, %c1 : index
      %ii = arith.index_cast %i1 : index to i32
      %if = arith.sitofp %ii : i32 to f32
      memref.store %if, %b[%i] : memref<4xf32>
    }
    %st = ckpt.launch @k(%m, %b, %out, %col) : (memref<4x2xf32>, memref<4xf32>, memref<4x2xf32>, memref<3xf32>) -> !ckpt.status
    ckpt.status_print %st
    %pad = arith.constant 0.0 : f32
    %o = vector.transfer_read %out[%c0, %c0], %pad {in_bounds = [true, true]} : memref<4x2xf32>, vector<4x2xf32>
    vector.print %o : vector<4x2xf32>
    %c = vector.transfer_read %col[%c0], %pad {in_bounds = [true]} : memref<3xf32>, vector<3xf32>
    vector.print %c : vector<3xf32>
    memref.dealloc %m : memref<4x2xf32>
    memref.dealloc %b : memref<4xf32>
    memref.dealloc %out : memref<4x2xf32>
    memref.dealloc %col : memref<3xf32>
    return
  }
}
