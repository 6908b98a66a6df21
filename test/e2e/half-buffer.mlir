// A kernel over f16 buffers runs on the CPU; the Vulkan target enables no 16-bit float
// capability, so there it is a compile-time error at the kernel, not wrong numbers. The
// CUDA lowering accepts it; this file checks no CUDA run.
// RUN: %if target-cpu %{ %ckpt_run_target %s | FileCheck %s --match-full-lines %}
// RUN: %if target-vulkan %{ not %ckpt_run_target %s 2>&1 | FileCheck %s --check-prefix=VULKAN %}

// x[i] = x[i] * 2 + 0.5 for i < 3: 1.5 -> 3.5, -2 -> -3.5, 0.25 -> 1 (all exact in f16).
// CHECK: ckpt.status ok=1 yielded=0 label=-1
// CHECK-NEXT: 3.5
// CHECK-NEXT: -3.5
// CHECK-NEXT: 1
// VULKAN: error: parameter 0 of type 'memref<?xf16>' cannot be used on the Vulkan target: the Vulkan target enables no 16-bit float capability (Float16, 16-bit storage), so 16-bit floats would be read wrongly: use f32
// VULKAN: ckpt-run: lowering '{{.*}}' for target vulkan failed

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
