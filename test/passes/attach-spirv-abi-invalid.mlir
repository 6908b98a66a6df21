// --ckpt-attach-spirv-abi on its own, on what it cannot make a shader of: a kernel
// argument with dynamic strides (the pipeline's --ckpt-spirv-views would have turned it
// into a flat buffer and indices), and a vector too wide for SPIR-V that it cannot split.
// RUN: %ckpt_opt %s -split-input-file -verify-diagnostics --pass-pipeline='builtin.module(ckpt-attach-spirv-abi)' \
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

// -----

// A vector wider than SPIR-V's that the splitting cannot reach (vector.interleave has no
// unrolling) is reported at that op, not at the slices the splitting put around the load
// before it.
module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @interleave(%x: memref<8xf32>, %y: memref<16xf32>) kernel attributes {known_block_size = array<i32: 1, 1, 1>} {
      %c0 = arith.constant 0 : index
      %v = vector.load %x[%c0] : memref<8xf32>, vector<8xf32>
      // expected-error @+1 {{'vector.interleave' works on a value of type 'vector<16xf32>' in a Vulkan kernel, and SPIR-V vectors have one dimension and at most 4 elements: ckpt splits others where elementwise ops, contractions, reductions, broadcasts, shuffles, transposes, shape casts, transfers, loops and branches use them, not here; keep the vectors this op works on to 4 elements}}
      %r = vector.interleave %v, %v : vector<8xf32> -> vector<16xf32>
      vector.store %r, %y[%c0] : memref<16xf32>, vector<16xf32>
      gpu.return
    }
  }
}
