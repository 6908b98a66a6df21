// A kernel over f16 buffers, on every target. On Vulkan it needs the device's
// shaderFloat16 and storageBuffer16BitAccess features (lavapipe and NVIDIA's driver
// have both); a device without one gets a status naming the capability and the fix,
// which CKPT_VULKAN_FEATURES_OFF shows here by running as if lavapipe lacked it.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
// RUN: %if target-vulkan %{ env CKPT_VULKAN_FEATURES_OFF=shaderFloat16 %ckpt_run_target %s 2>&1 | FileCheck %s --check-prefix=NO-FLOAT16 %}
// RUN: %if target-vulkan %{ env CKPT_VULKAN_FEATURES_OFF=storageBuffer16BitAccess %ckpt_run_target %s 2>&1 | FileCheck %s --check-prefix=NO-STORAGE16 %}

// x[i] = x[i] * 2 + 0.5 for i < 3: 1.5 -> 3.5, -2 -> -3.5, 0.25 -> 1 (all exact in f16).
// CHECK: ckpt.status ok=1 yielded=0 label=-1
// CHECK-NEXT: 3.5
// CHECK-NEXT: -3.5
// CHECK-NEXT: 1
// NO-FLOAT16: ckpt: error: device image 0 of kernel 'scale' uses the SPIR-V capability Float16, and Vulkan device '{{.*}}' does not offer shaderFloat16: compute in f32 (arith.extf the loads, arith.truncf the stores)
// NO-FLOAT16: ckpt.status ok=0 yielded=0 label=-1
// NO-FLOAT16-NEXT: 1.5
// NO-STORAGE16: ckpt: error: device image 0 of kernel 'scale' uses the SPIR-V capability StorageBuffer16BitAccess, and Vulkan device '{{.*}}' does not offer storageBuffer16BitAccess: pass 32-bit buffers (convert f16 and i16 data on the host)

func.func @scale(%x: memref<?xf16>) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %two = arith.constant 2.0 : f16
  %half = arith.constant 0.5 : f16
  %n = memref.dim %x, %c0 : memref<?xf16>
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %v = memref.load %x[%i] : memref<?xf16>
    %d = arith.mulf %v, %two : f16
    %r = arith.addf %d, %half : f16
    memref.store %r, %x[%i] : memref<?xf16>
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %a = arith.constant 1.5 : f16
  %b = arith.constant -2.0 : f16
  %q = arith.constant 0.25 : f16
  %x = memref.alloc(%c3) : memref<?xf16>
  memref.store %a, %x[%c0] : memref<?xf16>
  memref.store %b, %x[%c1] : memref<?xf16>
  memref.store %q, %x[%c2] : memref<?xf16>
  %s = ckpt.launch @scale(%x) : (memref<?xf16>) -> !ckpt.status
  ckpt.status_print %s
  scf.for %i = %c0 to %c3 step %c1 {
    %v = memref.load %x[%i] : memref<?xf16>
    vector.print %v : f16
  }
  memref.dealloc %x : memref<?xf16>
  return
}
