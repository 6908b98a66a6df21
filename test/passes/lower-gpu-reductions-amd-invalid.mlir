// --ckpt-lower-gpu-reductions{subgroup-size=0}, as the HIP pipeline runs it for AMD
// chips, alone and in the pipeline.
// RUN: %ckpt_opt %s -verify-diagnostics --pass-pipeline='builtin.module(ckpt-lower-gpu-reductions{subgroup-size=0})' -o /dev/null
// RUN: %ckpt_opt %s -verify-diagnostics --pass-pipeline='builtin.module(ckpt-lower-to-llvm{target=hip chips=gfx942,gfx1100})' -o /dev/null

// An AMD bundle's chips have subgroups of 64 lanes (gfx9) and 32 (gfx10 and later), and
// its kernels are lowered once for all: only clusters of at most 32 lanes mean the same.
module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @whole(%x: memref<64xf32>) kernel {
      %tx = gpu.thread_id x
      %v = memref.load %x[%tx] : memref<64xf32>
      // expected-error @+1 {{'gpu.subgroup_reduce' over a whole subgroup runs in a HIP kernel compiled for AMD chips whose subgroups differ (64 lanes on gfx9, 32 on gfx10 and later): reduce clusters of at most 32 lanes (cluster(size = 32)) and combine those through workgroup memory, or use gpu.all_reduce}}
      %r = gpu.subgroup_reduce add %v : (f32) -> f32
      // expected-error @+1 {{'gpu.subgroup_reduce' over a cluster of more than 32 lanes runs in a HIP kernel}}
      %w = gpu.subgroup_reduce add %v cluster(size = 64) : (f32) -> f32
      // Clusters of 32 lanes or fewer are fine.
      %c = gpu.subgroup_reduce add %v cluster(size = 32) : (f32) -> f32
      %s = arith.addf %r, %w : f32
      %t = arith.addf %s, %c : f32
      memref.store %t, %x[%tx] : memref<64xf32>
      gpu.return
    }
  }
}
