// The HIP target's share of check-target-kernel-ops-cuda-invalid.mlir: subgroup ids
// other than gpu.subgroup_size (ROCDL lowers that one), printf, clusters.
// RUN: %ckpt_opt %s -verify-diagnostics --pass-pipeline='builtin.module(ckpt-check-target{target=hip})' -o /dev/null
// RUN: %ckpt_opt %s -verify-diagnostics --pass-pipeline='builtin.module(ckpt-lower-to-llvm{target=hip})' -o /dev/null

module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @ids(%x: memref<64xi32>) kernel {
      %c0 = arith.constant 0 : index
      // expected-error @+1 {{'gpu.subgroup_id' runs in a HIP kernel, and MLIR's ROCDL conversion has no lowering for it: compute it from gpu.thread_id and gpu.block_dim (a subgroup is 64 lanes on gfx9 chips, 32 on gfx10 and later and on NVIDIA)}}
      %sg = gpu.subgroup_id : index
      // expected-error @+1 {{'gpu.printf' runs in a HIP kernel, and only CUDA kernels print here}}
      gpu.printf "subgroup %d\n", %sg : index
      // expected-error @+1 {{'gpu.cluster_id' asks for a thread block cluster, which only the cuda target has}}
      %cluster = gpu.cluster_id x
      %c = arith.addi %sg, %cluster : index
      %v = arith.index_cast %c : index to i32
      memref.store %v, %x[%c0] : memref<64xi32>
      gpu.return
    }
  }
  func.func @k(%x: memref<64xi32>) attributes {ckpt.graph} {
    %c1 = arith.constant 1 : index
    %c64 = arith.constant 64 : index
    gpu.launch_func @kernels::@ids blocks in (%c1, %c1, %c1) threads in (%c64, %c1, %c1)
        args(%x : memref<64xi32>)
    return
  }
}
