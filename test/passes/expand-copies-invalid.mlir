// Every error of --ckpt-expand-copies, with its exact message, at the op that is wrong.
// RUN: %ckpt_opt %s -split-input-file -verify-diagnostics \
// RUN:   --pass-pipeline='builtin.module(ckpt-expand-copies)'

func.func @unranked(%a: memref<*xf32>, %b: memref<*xf32>) attributes {ckpt.graph} {
  // expected-error @+1 {{memref.copy of an unranked memref in a graph kernel: the copy loops need the rank; memref.cast both sides to a ranked type first}}
  memref.copy %a, %b : memref<*xf32> to memref<*xf32>
  return
}
