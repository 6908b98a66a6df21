// --ckpt-nest-spirv-modules moves each spirv.module into its gpu.module, an empty
// gpu.module (no kernel yet) included.
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(convert-gpu-to-spirv{use-64bit-index=false},ckpt-nest-spirv-modules)' | FileCheck %s

module attributes {gpu.container_module} {
  // CHECK:      gpu.module @empty {
  // CHECK-NEXT:   spirv.module @__spv__empty Logical GLSL450 {
  // CHECK-NEXT:   }
  // CHECK-NEXT: }
  gpu.module @empty {
  }
}
