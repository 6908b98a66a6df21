// --ckpt-convert-kernel-vectors takes the numbering of one of the two targets it serves.
// RUN: %ckpt_opt %s --pass-pipeline='builtin.module(gpu.module(ckpt-convert-kernel-vectors{address-spaces=spirv}))' -verify-diagnostics

module attributes {gpu.container_module} {
  // expected-error @+1 {{ckpt-convert-kernel-vectors: address-spaces must be nvvm or rocdl, not 'spirv'}}
  gpu.module @kernels {
  }
}
