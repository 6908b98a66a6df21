// Every target's pipeline reports linalg on tensors in a graph kernel at the op; the
// parameters are memrefs here, so that no other rule is broken.
// RUN: %ckpt_opt %s -verify-diagnostics --pass-pipeline='builtin.module(ckpt-lower-to-llvm{target=cpu})'
// RUN: %ckpt_opt %s -verify-diagnostics --pass-pipeline='builtin.module(ckpt-lower-to-llvm{target=vulkan})'
// RUN: %ckpt_opt %s -verify-diagnostics --pass-pipeline='builtin.module(ckpt-lower-to-llvm{target=cuda})'

func.func @matmul(%am: memref<2x3xf32>, %bm: memref<3x2xf32>, %out: memref<2x2xf32>)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %zero = arith.constant 0.0 : f32
  %a = bufferization.to_tensor %am restrict : memref<2x3xf32> to tensor<2x3xf32>
  %b = bufferization.to_tensor %bm restrict : memref<3x2xf32> to tensor<3x2xf32>
  %empty = tensor.empty() : tensor<2x2xf32>
  // expected-error @+1 {{'linalg.fill' works on tensors, but the tasks of a graph kernel read and write memrefs: bufferize first (e.g. `mlir-opt --one-shot-bufferize="bufferize-function-boundaries"`) and give ckpt the memref form}}
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<2x2xf32>) -> tensor<2x2xf32>
  // expected-error @+1 {{'linalg.matmul' works on tensors}}
  %c = linalg.matmul ins(%a, %b : tensor<2x3xf32>, tensor<3x2xf32>) outs(%init : tensor<2x2xf32>) -> tensor<2x2xf32>
  bufferization.materialize_in_destination %c in writable %out : (tensor<2x2xf32>, memref<2x2xf32>) -> ()
  return
}
