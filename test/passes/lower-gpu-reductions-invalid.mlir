// Reductions --ckpt-lower-gpu-reductions cannot lower, reported at the op, alone and as
// the CUDA and HIP pipelines run it.
// RUN: %ckpt_opt %s -split-input-file -verify-diagnostics --pass-pipeline='builtin.module(ckpt-lower-gpu-reductions)'
// RUN: %ckpt_opt %s -split-input-file -verify-diagnostics --pass-pipeline='builtin.module(ckpt-lower-to-llvm{target=cuda})'
// RUN: %ckpt_opt %s -split-input-file -verify-diagnostics --pass-pipeline='builtin.module(ckpt-lower-to-llvm{target=hip chips=gfx942})'

// Without `uniform` MLIR has no lowering for gpu.all_reduce.
module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @not_uniform(%x: memref<64xf32>) kernel {
      %tx = gpu.thread_id x
      %v = memref.load %x[%tx] : memref<64xf32>
      // expected-error @+1 {{'gpu.all_reduce' without 'uniform' has no lowering in MLIR (the lowering synchronises the workgroup with gpu.barrier, so every work item must reach it): mark it 'uniform' if every work item of the workgroup reaches it, else reduce through workgroup memory}}
      %a = gpu.all_reduce add %v {} : (f32) -> f32
      memref.store %a, %x[%tx] : memref<64xf32>
      gpu.return
    }
  }
}

// -----

// 64-bit elements need two 32-bit shuffles each, which MLIR's lowering does not make.
module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @wide(%x: memref<64xf64>) kernel {
      %tx = gpu.thread_id x
      %v = memref.load %x[%tx] : memref<64xf64>
      // expected-error @+1 {{'gpu.subgroup_reduce' of f64 has no shuffle lowering: MLIR reduces elements of at most 32 bits (f32, i32, f16, i16, i8 and vectors of them) across a subgroup; reduce wider values through workgroup memory and gpu.barrier}}
      %r = gpu.subgroup_reduce add %v cluster(size = 16) : (f64) -> f64
      memref.store %r, %x[%tx] : memref<64xf64>
      gpu.return
    }
  }
}
