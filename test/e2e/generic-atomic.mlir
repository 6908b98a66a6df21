// A compare-and-swap loop as compilers emit one for an atomic with no instruction of its own
// (memref.generic_atomic_rmw: here a product over a parallel loop). On the CPU it stayed
// unlowered (the memref lowering ran while its body still held arith ops) and failed in
// translation. Vulkan refuses it (check-target-vulkan-invalid.mlir): SPIR-V has no such loop.
// UNSUPPORTED: target-vulkan
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
//
// The product of x = (1, 2, 3, -1, 2, 1, 1, 2) is -24.
// CHECK: ckpt.status ok=1 yielded=0 label=-1
// CHECK-NEXT: -24
module {
  func.func @k(%x: memref<8xi32>, %p: memref<i32>) attributes {ckpt.graph} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c8 = arith.constant 8 : index
    %one = arith.constant 1 : i32
    linalg.fill ins(%one : i32) outs(%p : memref<i32>)
    scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
      %v = memref.load %x[%i] : memref<8xi32>
      %r = memref.generic_atomic_rmw %p[] : memref<i32> {
      ^bb0(%cur: i32):
        %m = arith.muli %cur, %v : i32
        memref.atomic_yield %m : i32
      }
      scf.reduce
    }
    return
  }
  memref.global "private" constant @x : memref<8xi32> = dense<[1, 2, 3, -1, 2, 1, 1, 2]>
  func.func @main() {
    %g = memref.get_global @x : memref<8xi32>
    %x = memref.alloc() : memref<8xi32>
    memref.copy %g, %x : memref<8xi32> to memref<8xi32>
    %p = memref.alloc() : memref<i32>
    %st = ckpt.launch @k(%x, %p) : (memref<8xi32>, memref<i32>) -> !ckpt.status
    ckpt.status_print %st
    %v = memref.load %p[] : memref<i32>
    vector.print %v : i32
    memref.dealloc %x : memref<8xi32>
    memref.dealloc %p : memref<i32>
    return
  }
}
