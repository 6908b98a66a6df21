// GPU dialect ops a Vulkan kernel cannot run, reported by --ckpt-check-target at the op
// (alone and as the pipeline runs it): subgroup ids (SPIR-V 1.0 shaders have no
// subgroups; MLIR would emit builtins that need the GroupNonUniform capability), dynamic
// shared memory, 64-bit atomics (no Int64Atomics), printf, thread block clusters, private
// attributions of a gpu.func.
// RUN: %ckpt_opt %s -verify-diagnostics --pass-pipeline='builtin.module(ckpt-check-target{target=vulkan})' -o /dev/null
// RUN: %ckpt_opt %s -verify-diagnostics --pass-pipeline='builtin.module(ckpt-lower-to-llvm{target=vulkan})' -o /dev/null

module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @ops(%x: memref<64xi32>, %w: memref<64xi64>) kernel {
      %c0 = arith.constant 0 : index
      // expected-error @+1 {{'gpu.lane_id' runs in a Vulkan kernel, and ckpt's Vulkan kernels are SPIR-V 1.0 shaders without subgroups: compute from gpu.thread_id instead, or use the cuda or hip target}}
      %lane = gpu.lane_id
      // expected-error @+1 {{'gpu.subgroup_size' runs in a Vulkan kernel}}
      %size = gpu.subgroup_size : index
      %i = arith.addi %lane, %size : index
      // expected-error @+1 {{'gpu.dynamic_shared_memory' runs in a Vulkan kernel, and a shader's workgroup memory has a size fixed when it is compiled: allocate it with a static shape (a workgroup attribution or memref.alloc in the workgroup address space)}}
      %shared = gpu.dynamic_shared_memory : memref<?xi8, #gpu.address_space<workgroup>>
      %one = arith.constant 1 : i64
      // expected-error @+1 {{'memref.atomic_rmw' on 64-bit integers runs in a Vulkan kernel, and ckpt's Vulkan kernels have 32-bit atomics only (the Int64Atomics capability is not enabled): use i32 elements, or the cuda or hip target}}
      %old = memref.atomic_rmw addi %one, %w[%c0] : (i64, memref<64xi64>) -> i64
      // expected-error @+1 {{'gpu.printf' runs in a Vulkan kernel, and only CUDA kernels print here: store the values into a memref parameter and print them on the host after the launch}}
      gpu.printf "lane %d\n", %lane : index
      // expected-error @+1 {{'gpu.cluster_id' asks for a thread block cluster, which only the cuda target has: compute from gpu.block_id instead}}
      %cluster = gpu.cluster_id x
      %j = arith.addi %i, %cluster : index
      %v = arith.index_cast %j : index to i32
      memref.store %v, %x[%c0] : memref<64xi32>
      gpu.return
    }
  }
  gpu.module @scratch {
    // expected-error @+1 {{a private attribution runs in a Vulkan kernel, which ckpt does not lower: allocate the per-thread scratch with memref.alloca in the body instead}}
    gpu.func @keep(%x: memref<64xi32>) private(%mine : memref<1xi32, #gpu.address_space<private>>) kernel {
      %c0 = arith.constant 0 : index
      %v = memref.load %x[%c0] : memref<64xi32>
      memref.store %v, %mine[%c0] : memref<1xi32, #gpu.address_space<private>>
      gpu.return
    }
  }
  func.func @k(%x: memref<64xi32>, %w: memref<64xi64>) attributes {ckpt.graph} {
    %c1 = arith.constant 1 : index
    %c64 = arith.constant 64 : index
    gpu.launch_func @kernels::@ops blocks in (%c1, %c1, %c1) threads in (%c64, %c1, %c1)
        args(%x : memref<64xi32>, %w : memref<64xi64>)
    gpu.launch_func @scratch::@keep blocks in (%c1, %c1, %c1) threads in (%c64, %c1, %c1)
        args(%x : memref<64xi32>)
    return
  }
}
