// --ckpt-extern-dynamic-shared-memory on a gpu.module before its conversion, where no LLVM
// op is (and the LLVM dialect need not be loaded): nothing to do. It crashed, making the
// linkage attribute of a dialect that was not loaded.
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(gpu.module(ckpt-extern-dynamic-shared-memory))' | FileCheck %s

// CHECK-LABEL: gpu.module @m
// CHECK:         gpu.func @f() kernel
module attributes {gpu.container_module} {
  gpu.module @m {
    gpu.func @f() kernel {
      gpu.return
    }
  }
}
