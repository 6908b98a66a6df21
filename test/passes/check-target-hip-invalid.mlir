// What the HIP target cannot run, reported by --ckpt-check-target at the op (alone and as
// the pipeline runs it, for AMD and for NVIDIA chips): blocks of more than 1024 threads,
// the most an AMD kernel built by target=hip (and CUDA) takes.
// RUN: %ckpt_opt %s -split-input-file -verify-diagnostics --pass-pipeline='builtin.module(ckpt-check-target{target=hip})'
// RUN: %ckpt_opt %s -split-input-file -verify-diagnostics --pass-pipeline='builtin.module(ckpt-lower-to-llvm{target=hip})'
// RUN: %ckpt_opt %s -split-input-file -verify-diagnostics --pass-pipeline='builtin.module(ckpt-lower-to-llvm{target=hip chips=sm_90})'

func.func @big_block(%x: memref<?xi32>) attributes {ckpt.graph} {
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %c32 = arith.constant 32 : index
  // expected-error @+1 {{this launch asks for 2048 threads per block, but HIP allows at most 1024: use smaller blocks and more of them}}
  gpu.launch blocks(%bx, %by, %bz) in (%gx = %c1, %gy = %c1, %gz = %c1)
             threads(%tx, %ty, %tz) in (%sx = %c64, %sy = %c32, %sz = %c1) {
    %v = memref.load %x[%tx] : memref<?xi32>
    memref.store %v, %x[%tx] : memref<?xi32>
    gpu.terminator
  }
  return
}

// -----

module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @copy(%x: memref<?xi32>) kernel {
      gpu.return
    }
  }

  func.func @big_launch_func(%x: memref<?xi32>) attributes {ckpt.graph} {
    %c1 = arith.constant 1 : index
    %c1025 = arith.constant 1025 : index
    // expected-error @+1 {{this launch asks for 1025 threads per block, but HIP allows at most 1024}}
    gpu.launch_func @kernels::@copy blocks in (%c1, %c1, %c1) threads in (%c1025, %c1, %c1) args(%x : memref<?xi32>)
    return
  }
}
