// --ckpt-attach-spirv-abi on its own: a kernel argument with dynamic strides, which the
// pipeline's --ckpt-spirv-views would have turned into a flat buffer and indices.
// RUN: %ckpt_opt %s -verify-diagnostics --pass-pipeline='builtin.module(ckpt-attach-spirv-abi)' \
// RUN:   -o /dev/null

module attributes {gpu.container_module} {
  gpu.module @kernels {
    // expected-error @+1 {{argument 0 of kernel 'grid' is a memref with dynamic strides, which SPIR-V cannot index}}
    gpu.func @grid(%m: memref<?x?xi32>) kernel {
      gpu.return
    }
  }
  func.func @host(%m: memref<?x?xi32>) {
    %c1 = arith.constant 1 : index
    gpu.launch_func @kernels::@grid blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%m : memref<?x?xi32>)
    return
  }
}
