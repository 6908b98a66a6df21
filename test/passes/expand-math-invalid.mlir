// Errors of --ckpt-expand-math, on every target and in host code alike. It takes apart
// vector accesses of memrefs of i1 (MLIR's LLVM lowering packs the vector into bits while
// the memref holds a byte per element); one it cannot take apart is an error rather than a
// silently wrong result: here a transposed 2-D read and a 2-D gather. And
// memref.generic_atomic_rmw on a float, which MLIR lowers to a compare-and-swap of the
// float that LLVM's dialect rejects.
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

func.func @float_atomic(%m: memref<4xf32>, %v: f32) {
  %c0 = arith.constant 0 : index
  // expected-error @+1 {{'memref.generic_atomic_rmw' on a float: MLIR lowers it to a compare-and-swap of the float value, which LLVM's dialect rejects: use memref.atomic_rmw (addf, maximumf, minimumf) or keep the value as integer bits in the memref}}
  %r = memref.generic_atomic_rmw %m[%c0] : memref<4xf32> {
  ^bb0(%cur: f32):
    %s = arith.mulf %cur, %v : f32
    memref.atomic_yield %s : f32
  }
  return
}
