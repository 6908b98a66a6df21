// --ckpt-expand-math takes apart vector accesses of memrefs of i1 (MLIR's LLVM lowering
// packs the vector into bits while the memref holds a byte per element); one it cannot take
// apart is an error rather than a silently wrong result: here a transposed 2-D read and a
// 2-D gather.
// RUN: %ckpt_opt %s -verify-diagnostics --pass-pipeline='builtin.module(ckpt-expand-math)' -o /dev/null

func.func @transposed(%m: memref<4x4xi1>) -> vector<2x2xi1> {
  %c0 = arith.constant 0 : index
  %f = arith.constant false
  // expected-error @+1 {{'vector.transfer_read' moves a vector of i1 to or from a memref of i1, which MLIR's LLVM lowering gets wrong (it packs the vector into bits, the memref holds a byte per element), and ckpt takes apart only such accesses of at most 64 elements per row and 64 rows along the memref's last dimensions, rows marked in bounds, and 1-D gathers: split it into such ones, or use memref.load and memref.store}}
  %v = vector.transfer_read %m[%c0, %c0], %f {in_bounds = [true, true], permutation_map = affine_map<(d0, d1) -> (d1, d0)>} : memref<4x4xi1>, vector<2x2xi1>
  return %v : vector<2x2xi1>
}

func.func @gather(%m: memref<16xi1>, %i: vector<2x2xi32>, %k: vector<2x2xi1>, %p: vector<2x2xi1>) -> vector<2x2xi1> {
  %c0 = arith.constant 0 : index
  // expected-error @+1 {{'vector.gather' moves a vector of i1 to or from a memref of i1}}
  %g = vector.gather %m[%c0][%i], %k, %p : memref<16xi1>, vector<2x2xi32>, vector<2x2xi1>, vector<2x2xi1> into vector<2x2xi1>
  return %g : vector<2x2xi1>
}
