// Tensors in a graph kernel (linalg on tensors, or any op on them) are reported at the op by the rule checks
// (--ckpt-number), with the fix: bufferize first. linalg-tensors-pipeline-invalid.mlir
// runs the targets' pipelines.
// RUN: %ckpt_opt %s -split-input-file -verify-diagnostics --pass-pipeline='builtin.module(ckpt-number)'

func.func @matmul(%a: tensor<2x3xf32>, %b: tensor<3x2xf32>, %out: memref<2x2xf32>)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<2x2xf32>
  // expected-error @+1 {{'linalg.fill' works on tensors, but the tasks of a graph kernel read and write memrefs: bufferize first (e.g. `mlir-opt --one-shot-bufferize="bufferize-function-boundaries"`) and give ckpt the memref form}}
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<2x2xf32>) -> tensor<2x2xf32>
  // expected-error @+1 {{'linalg.matmul' works on tensors}}
  %c = linalg.matmul ins(%a, %b : tensor<2x3xf32>, tensor<3x2xf32>) outs(%init : tensor<2x2xf32>) -> tensor<2x2xf32>
  bufferization.materialize_in_destination %c in writable %out : (tensor<2x2xf32>, memref<2x2xf32>) -> ()
  return
}

// -----

// The result is unused, so the op would be auto-wrapped: still reported.
func.func @unused(%a: tensor<4xf32>, %flag: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  ckpt.checkpoint 0 yield_on %flag : memref<i32> {
    // expected-error @+1 {{'linalg.copy' works on tensors}}
    %b = linalg.copy ins(%a : tensor<4xf32>) outs(%a : tensor<4xf32>) -> tensor<4xf32>
  }
  return
}

// -----

// Nested in a task too.
func.func @nested(%a: tensor<4xf32>) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  scf.for %i = %c0 to %c1 step %c1 {
    // expected-error @+1 {{'linalg.copy' works on tensors}}
    %b = linalg.copy ins(%a : tensor<4xf32>) outs(%a : tensor<4xf32>) -> tensor<4xf32>
  }
  return
}

// -----

// Tensors without linalg: the first op on tensors of the kernel is reported, once, and a
// checkpoint body's op on tensors is not called a bare statement (wrapping it would not
// help).
func.func @elementwise(%in: memref<4xf32>, %out: memref<4xf32>, %flag: memref<i32>)
    attributes {ckpt.graph, ckpt.checkpoints} {
  // expected-error @+1 {{'bufferization.to_tensor' works on tensors, but the tasks of a graph kernel read and write memrefs: bufferize first (e.g. `mlir-opt --one-shot-bufferize="bufferize-function-boundaries"`) and give ckpt the memref form}}
  %t = bufferization.to_tensor %in restrict : memref<4xf32> to tensor<4xf32>
  %d = arith.addf %t, %t : tensor<4xf32>
  ckpt.checkpoint 0 yield_on %flag : memref<i32> {
    bufferization.materialize_in_destination %d in restrict writable %out : (tensor<4xf32>, memref<4xf32>) -> ()
  }
  return
}
