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

// A vector wider than SPIR-V's that the splitting cannot reach (a loop carries it) is
// reported at the op that carries it; the constant it starts from (copied into the kernel,
// without a location) is not.
module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @carried(%x: memref<8xf32>) kernel attributes {known_block_size = array<i32: 1, 1, 1>} {
      %c0 = arith.constant 0 : index
      %c1 = arith.constant 1 : index
      %c2 = arith.constant 2 : index
      %zero = arith.constant dense<0.0> : vector<8xf32>
      // expected-error @+1 {{'scf.for' works on a value of type 'vector<8xf32>' in a Vulkan kernel, and SPIR-V vectors have at most 4 elements: ckpt splits wider ones where elementwise ops, reductions, broadcasts, transposes and transfers use them, not here; keep vectors this op carries to 4 elements}}
      %sum = scf.for %i = %c0 to %c2 step %c1 iter_args(%acc = %zero) -> vector<8xf32> {
        %v = vector.load %x[%c0] : memref<8xf32>, vector<8xf32>
        %next = arith.addf %acc, %v : vector<8xf32>
        scf.yield %next : vector<8xf32>
      }
      vector.store %sum, %x[%c0] : memref<8xf32>, vector<8xf32>
      gpu.return
    }
  }
}
