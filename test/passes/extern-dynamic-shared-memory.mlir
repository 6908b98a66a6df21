// --ckpt-extern-dynamic-shared-memory: the global convert-gpu-to-nvvm and
// convert-gpu-to-rocdl make for gpu.dynamic_shared_memory becomes external, the only form
// the backends place after the kernel's static shared memory; other globals stay as they
// are.
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(gpu.module(ckpt-extern-dynamic-shared-memory))' | FileCheck %s
// The CUDA pipeline's PTX declares it as CUDA's extern __shared__ arrays are; upstream's
// lowering alone gave a byte of static shared memory that the static buffers followed.
// RUN: %ckpt_opt %S/../e2e/dynamic-shared-memory.mlir --pass-pipeline='builtin.module(ckpt-lower-to-llvm{target=cuda})' | FileCheck %s --check-prefix=PTX
// PTX: .extern .shared .align 16 .b8 __dynamic_shmem__0[];
// PTX-NOT: .shared .align 16 .b8 __dynamic_shmem__0;

module attributes {gpu.container_module} {
  gpu.module @kernels {
    // CHECK: llvm.mlir.global external @__dynamic_shmem__0() {addr_space = 3 : i32, alignment = 16 : i64} : !llvm.array<0 x i8>
    llvm.mlir.global internal @__dynamic_shmem__0() {addr_space = 3 : i32, alignment = 16 : i64} : !llvm.array<0 x i8>
    // CHECK: llvm.mlir.global internal @__wg_k_0() {addr_space = 3 : i32, alignment = 16 : i64} : !llvm.array<64 x i32>
    llvm.mlir.global internal @__wg_k_0() {addr_space = 3 : i32, alignment = 16 : i64} : !llvm.array<64 x i32>
  }
}
