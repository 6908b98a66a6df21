// A broken rule makes the pipeline fail (non-zero exit) and every broken rule is
// reported, at its op, in one run.
// RUN: not %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-auto-wrap,ckpt-number)' 2>&1 \
// RUN:   | FileCheck %s -DFILE=%s

func.func @kernel(%x: memref<?xf32>, %f: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  %local = memref.alloca() : memref<i32>
  %one = arith.constant 1 : i32
  // CHECK-DAG: [[FILE]]:[[@LINE+1]]:3: error: `yield_on` must be a parameter of @kernel of type memref<i32>; parameters that would do: %arg1
  ckpt.checkpoint 0 yield_on %local : memref<i32> {
    // CHECK-DAG: [[FILE]]:[[@LINE+1]]:5: error: 'memref.store' is a bare statement
    memref.store %one, %f[] : memref<i32>
  }
  // CHECK-DAG: [[FILE]]:[[@LINE+1]]:3: error: checkpoint label 0 is already used by the checkpoint at loc("[[FILE]]":[[@LINE-4]]:3)
  ckpt.checkpoint 0 yield_on %f : memref<i32> {
  }
  return
}

// CHECK-NOT: error:
// CHECK-NOT: module
