// A complex value left in a Vulkan kernel after the pairs are folded (carried by a loop
// here) has no SPIR-V type: reported at the op that makes it.
// RUN: %ckpt_opt %s -verify-diagnostics --pass-pipeline='builtin.module(ckpt-fold-bitcasts)' -o /dev/null

module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @carried(%x: memref<4xf32>) kernel {
      %c0 = arith.constant 0 : index
      %c1 = arith.constant 1 : index
      %c4 = arith.constant 4 : index
      %a = memref.load %x[%c0] : memref<4xf32>
      %z = complex.create %a, %a : complex<f32>
      // expected-error @+1 {{'scf.for' makes a complex value in a Vulkan kernel, where complex numbers (no SPIR-V type) exist only between complex arithmetic ops: store and carry the real and imaginary parts as floats (complex.re, complex.im)}}
      %r = scf.for %i = %c0 to %c4 step %c1 iter_args(%acc = %z) -> (complex<f32>) {
        %n = complex.mul %acc, %acc : complex<f32>
        scf.yield %n : complex<f32>
      }
      %re = complex.re %r : complex<f32>
      memref.store %re, %x[%c0] : memref<4xf32>
      gpu.return
    }
  }
}
