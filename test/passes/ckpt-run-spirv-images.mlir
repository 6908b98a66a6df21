// ckpt-run --emit-device-images writes a Vulkan image as the SPIR-V module alone: whole
// 32-bit words starting with SPIR-V's magic number (the plan stores it with a NUL after).
// RUN: rm -rf %t && mkdir -p %t
// RUN: %ckpt_run %s --target=vulkan --compile-only --emit-device-images=%t
// RUN: %python -c "import sys; b = open(sys.argv[1], 'rb').read(); assert len(b) %% 4 == 0 and b[:4] == bytes([3, 2, 0x23, 7]), len(b)" %t/image0.spv
// RUN: FileCheck %s < %t/kernels.txt
// CHECK: 0 k_kernel
func.func @k(%x: memref<8xf32>) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
    %v = memref.load %x[%i] : memref<8xf32>
    %w = arith.addf %v, %v : f32
    memref.store %w, %x[%i] : memref<8xf32>
    scf.reduce
  }
  return
}
