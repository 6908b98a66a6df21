// ckpt-run prints the passes' diagnostics as mlir-opt does, FILE:LINE:COL: error: ...,
// not MLIR's default for contexts without a source manager (loc("FILE":LINE:COL)).
// RUN: not %ckpt_run %s 2>&1 | FileCheck %s -DFILE=%s

func.func @k(%x: memref<4xf32>, %flag: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  ckpt.checkpoint 0 yield_on %flag : memref<i32> {
    %c0 = arith.constant 0 : index
    %v = arith.constant 1.0 : f32
    // CHECK: [[FILE]]:[[@LINE+1]]:5: error: 'memref.store' is a bare statement
    memref.store %v, %x[%c0] : memref<4xf32>
  }
  return
}

// CHECK-NOT: loc(
// CHECK: ckpt-run: lowering '[[FILE]]' for target cpu failed
func.func @main() {
  return
}
