// --ckpt-lower-gpu-reductions: gpu.all_reduce and gpu.subgroup_reduce in kernels become
// gpu.shuffle steps over the subgroup's lanes, which the NVVM and ROCDL conversions take.
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-lower-gpu-reductions{subgroup-size=64})' | FileCheck %s --check-prefix=WAVE64
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-lower-gpu-reductions)' | FileCheck %s --check-prefix=WARP
// The whole pipeline takes both on CUDA and HIP for NVIDIA chips; AMD bundles take
// clusters of at most 32 lanes only (lower-gpu-reductions-invalid.mlir).
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-lower-to-llvm{target=cuda})' -o /dev/null
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(ckpt-lower-to-llvm{target=hip chips=sm_90})' -o /dev/null

module attributes {gpu.container_module} {
  gpu.module @kernels {
    // A whole subgroup: butterfly steps up to half its lanes, over its full width.
    // WAVE64-LABEL: gpu.func @whole
    // WAVE64-NOT: gpu.subgroup_reduce
    // WAVE64: gpu.shuffle xor %{{.*}}, %c1_i32{{[_0-9]*}}, %c64_i32{{[_0-9]*}} : f32
    // WAVE64: gpu.shuffle xor %{{.*}}, %c32_i32{{[_0-9]*}}, %c64_i32{{[_0-9]*}} : f32
    // WAVE64: arith.addf
    // WARP-LABEL: gpu.func @whole
    // WARP: gpu.shuffle xor %{{.*}}, %c16_i32{{[_0-9]*}}, %c32_i32{{[_0-9]*}} : f32
    // WARP-NOT: %c32_i32{{[_0-9]*}}, %c32_i32{{[_0-9]*}}
    // WARP: gpu.return
    gpu.func @whole(%x: memref<64xf32>) kernel {
      %tx = gpu.thread_id x
      %v = memref.load %x[%tx] : memref<64xf32>
      %r = gpu.subgroup_reduce add %v : (f32) -> f32
      memref.store %r, %x[%tx] : memref<64xf32>
      gpu.return
    }

    // Clusters of 4: two steps only; a vector of two f16 travels as one 32-bit shuffle.
    // WAVE64-LABEL: gpu.func @clustered
    // WAVE64-NOT: gpu.subgroup_reduce
    // WAVE64: gpu.shuffle xor %{{.*}}, %c1_i32{{[_0-9]*}}, %c64_i32{{[_0-9]*}} : f32
    // WAVE64: gpu.shuffle xor %{{.*}}, %c2_i32{{[_0-9]*}}, %c64_i32{{[_0-9]*}} : f32
    // WAVE64-NOT: %c4_i32{{[_0-9]*}}, %c64_i32{{[_0-9]*}} : f32
    // WAVE64: gpu.shuffle xor %{{.*}} : i32
    // WAVE64: gpu.return
    gpu.func @clustered(%x: memref<64xf32>, %h: memref<64xvector<2xf16>>) kernel {
      %tx = gpu.thread_id x
      %v = memref.load %x[%tx] : memref<64xf32>
      %m = gpu.subgroup_reduce maxnumf %v uniform cluster(size = 4) : (f32) -> f32
      memref.store %m, %x[%tx] : memref<64xf32>
      %p = memref.load %h[%tx] : memref<64xvector<2xf16>>
      %s = gpu.subgroup_reduce add %p cluster(size = 32) : (vector<2xf16>) -> vector<2xf16>
      memref.store %s, %h[%tx] : memref<64xvector<2xf16>>
      gpu.return
    }

    // gpu.all_reduce: the subgroup steps, the partial results through a workgroup
    // attribution, a barrier, then the reduction of those; the kernel's scf.if becomes
    // branches first.
    // WARP-LABEL: gpu.func @block
    // WARP-SAME: workgroup(%{{.*}} : memref<32xf32, #gpu.address_space<workgroup>>)
    // WARP-NOT: gpu.all_reduce
    // WARP-NOT: scf.if
    // WARP: gpu.shuffle xor
    // WARP: gpu.barrier
    // WARP: arith.maximumf
    gpu.func @block(%x: memref<64xf32>, %flag: i1) kernel {
      %tx = gpu.thread_id x
      scf.if %flag {
        %v = memref.load %x[%tx] : memref<64xf32>
        %r = gpu.all_reduce %v uniform {
        ^bb0(%a: f32, %b: f32):
          %m = arith.maximumf %a, %b : f32
          gpu.yield %m : f32
        } : (f32) -> f32
        memref.store %r, %x[%tx] : memref<64xf32>
      }
      gpu.return
    }
  }
}
