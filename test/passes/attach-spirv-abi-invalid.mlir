// --ckpt-attach-spirv-abi on its own, on what it cannot make a shader of: a kernel
// argument with dynamic strides (the pipeline's --ckpt-spirv-views would have turned it
// into a flat buffer and indices), a vector too wide for SPIR-V that it cannot split, and
// gpu.all_reduce it cannot reduce through workgroup memory.
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

// A vector wider than SPIR-V's that the splitting cannot reach (an element taken at a
// position known only at run time) is reported at that op, not at the slices the
// splitting put around the load before it.
module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @dynamic_extract(%x: memref<8xf32>, %y: memref<16xf32>, %i: index) kernel attributes {known_block_size = array<i32: 1, 1, 1>} {
      %c0 = arith.constant 0 : index
      %v = vector.load %x[%c0] : memref<8xf32>, vector<8xf32>
      // expected-error @+1 {{'vector.extract' works on a value of type 'vector<8xf32>' in a Vulkan kernel, and SPIR-V vectors have one dimension and at most 4 elements: ckpt splits others where elementwise ops, contractions, reductions, broadcasts, shuffles, transposes, shape casts, transfers, loops and branches use them, not here; keep the vectors this op works on to 4 elements}}
      %e = vector.extract %v[%i] : f32 from vector<8xf32>
      memref.store %e, %y[%c0] : memref<16xf32>
      gpu.return
    }
  }
}

// -----

// gpu.all_reduce it cannot reduce through workgroup memory.
module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @wrong(%x: memref<64xi32>, %h: memref<64xi8>) kernel
        attributes {known_block_size = array<i32: 64, 1, 1>} {
      %tx = gpu.thread_id x
      %i = memref.load %x[%tx] : memref<64xi32>
      // expected-error @+1 {{'gpu.all_reduce' without 'uniform' has no lowering in MLIR (the lowering synchronises the workgroup with gpu.barrier, so every work item must reach it): mark it 'uniform' if every work item of the workgroup reaches it, else reduce through workgroup memory}}
      %a = gpu.all_reduce add %i {} : (i32) -> i32
      %b = memref.load %h[%tx] : memref<64xi8>
      // expected-error @+1 {{'gpu.all_reduce' of integers narrower than 16 bits runs in a Vulkan kernel, whose workgroup memory holds them only with the Int8 capability, which the Vulkan target does not enable: extend the value to i16 or i32 first}}
      %c = gpu.all_reduce add %b uniform {} : (i8) -> i8
      gpu.return
    }
  }
}
