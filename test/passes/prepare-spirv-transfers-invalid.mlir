// --ckpt-prepare-spirv-tasks reports a transfer that ckpt-check-target let through for
// MLIR's permutation-map lowering but that the lowering leaves in a form it cannot take
// apart: a transposed 2-D read whose rows are not marked in bounds. Alone and as the
// Vulkan pipeline runs it.
// RUN: %ckpt_opt %s -verify-diagnostics --pass-pipeline='builtin.module(ckpt-prepare-spirv-tasks)' -o /dev/null
// RUN: %ckpt_opt %s -verify-diagnostics --pass-pipeline='builtin.module(ckpt-lower-to-llvm{target=vulkan})' -o /dev/null

module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @transposed(%t: memref<4x2xf32>, %o: memref<4xf32>, %i: index) kernel {
      %c0 = arith.constant 0 : index
      %pad = arith.constant 0.0 : f32
      // expected-error @+1 {{'vector.transfer_read' runs in a Vulkan kernel, where only transfers of the memref's element type along its last dimensions (a minor identity map, or any one dimension for a 1-D vector, after transposes and broadcasts are taken out of the map, which a masked transfer must already be), with no mask or one of the vector's shape, in rows of at most 64 elements and at most 64 rows, each row marked in bounds, lower to SPIR-V: split the transfer into such ones, or use memref.load and memref.store (the cpu, cuda and hip targets accept every transfer)}}
      %v = vector.transfer_read %t[%i, %c0], %pad {permutation_map = affine_map<(d0, d1) -> (d1, d0)>} : memref<4x2xf32>, vector<2x4xf32>
      %e = vector.extract %v[1, 1] : f32 from vector<2x4xf32>
      memref.store %e, %o[%c0] : memref<4xf32>
      gpu.return
    }
  }
  func.func @k(%t: memref<4x2xf32>, %o: memref<4xf32>, %i: index) attributes {ckpt.graph} {
    %c1 = arith.constant 1 : index
    gpu.launch_func @kernels::@transposed blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%t : memref<4x2xf32>, %o : memref<4xf32>, %i : index)
    return
  }
}
