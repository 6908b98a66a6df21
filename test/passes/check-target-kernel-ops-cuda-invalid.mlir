// GPU dialect ops MLIR's NVVM and ROCDL conversions have no lowering for, reported by
// --ckpt-check-target at the op (alone and as the pipelines run it): subgroup ids on
// both (and gpu.subgroup_size on CUDA), printf and clusters on HIP, shuffles of values
// narrower than 32 bits on CUDA.
// RUN: %ckpt_opt %s -verify-diagnostics --pass-pipeline='builtin.module(ckpt-check-target{target=cuda})' -o /dev/null
// RUN: %ckpt_opt %s -verify-diagnostics --pass-pipeline='builtin.module(ckpt-lower-to-llvm{target=cuda})' -o /dev/null

module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @ids(%x: memref<64xi32>) kernel {
      %c0 = arith.constant 0 : index
      // expected-error @+1 {{'gpu.subgroup_id' runs in a CUDA kernel, and MLIR's NVVM conversion has no lowering for it: compute it from gpu.thread_id and gpu.block_dim (a subgroup is 32 lanes)}}
      %sg = gpu.subgroup_id : index
      // expected-error @+1 {{'gpu.num_subgroups' runs in a CUDA kernel}}
      %n = gpu.num_subgroups : index
      // expected-error @+1 {{'gpu.subgroup_size' runs in a CUDA kernel}}
      %size = gpu.subgroup_size : index
      %a = arith.addi %sg, %n : index
      %b = arith.addi %a, %size : index
      %f = arith.constant 1.0 : f16
      %one = arith.constant 1 : i32
      %width = arith.constant 32 : i32
      // expected-error @+1 {{'gpu.shuffle' of a value narrower than 32 bits runs in a CUDA kernel, and NVVM's shuffle takes 32-bit values (64-bit ones in halves): widen it first (arith.extf, or arith.bitcast and arith.extui) and narrow the result after}}
      %s, %ok = gpu.shuffle xor %f, %one, %width : f16
      // CUDA kernels print and know their cluster.
      gpu.printf "subgroup %d\n", %sg : index
      %cluster = gpu.cluster_id x
      %c = arith.addi %b, %cluster : index
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
