// i1 (boolean) parameters of a graph kernel, used in a task and passed on to a
// hand-written kernel's i1 argument, launched with true and then false. A Vulkan shader
// cannot read a bool from a buffer, so such arguments travel as i32 compared with 0
// (ckpt-attach-spirv-abi); the other targets pass them as they are.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines

module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @negate_if(%x: memref<4xi32>, %negate: i1) kernel {
      %i = gpu.thread_id x
      %v = memref.load %x[%i] : memref<4xi32>
      %zero = arith.constant 0 : i32
      %n = arith.subi %zero, %v : i32
      %r = arith.select %negate, %n, %v : i32
      memref.store %r, %x[%i] : memref<4xi32>
      gpu.return
    }
  }

  func.func @k(%x: memref<4xi32>, %bump: i1, %negate: i1, %flag: memref<i32>)
      attributes {ckpt.graph, ckpt.checkpoints} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c4 = arith.constant 4 : index
    scf.parallel (%i) = (%c0) to (%c4) step (%c1) {
      %v = memref.load %x[%i] : memref<4xi32>
      %ten = arith.constant 10 : i32
      %w = arith.addi %v, %ten : i32
      %r = arith.select %bump, %w, %v : i32
      memref.store %r, %x[%i] : memref<4xi32>
    }
    ckpt.checkpoint 0 "signed" yield_on %flag : memref<i32> {
      gpu.launch_func @kernels::@negate_if blocks in (%c1, %c1, %c1) threads in (%c4, %c1, %c1)
          args(%x : memref<4xi32>, %negate : i1)
    }
    return
  }

  func.func @main() {
    %c0 = arith.constant 0 : index
    %x = memref.alloc() : memref<4xi32>
    %xv = arith.constant dense<[0, 1, 2, 3]> : vector<4xi32>
    vector.store %xv, %x[%c0] : memref<4xi32>, vector<4xi32>
    %flag = memref.alloc() : memref<i32>
    %z = arith.constant 0 : i32
    memref.store %z, %flag[] : memref<i32>
    %true = arith.constant true
    %false = arith.constant false
    // CHECK: ckpt.status ok=1 yielded=0 label=-1
    // CHECK-NEXT: ( -10, -11, -12, -13 )
    %st = ckpt.launch @k(%x, %true, %true, %flag) : (memref<4xi32>, i1, i1, memref<i32>) -> !ckpt.status
    ckpt.status_print %st
    %r = vector.load %x[%c0] : memref<4xi32>, vector<4xi32>
    vector.print %r : vector<4xi32>
    // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
    // CHECK-NEXT: ( -10, -11, -12, -13 )
    %st2 = ckpt.launch @k(%x, %false, %false, %flag) : (memref<4xi32>, i1, i1, memref<i32>) -> !ckpt.status
    ckpt.status_print %st2
    %r2 = vector.load %x[%c0] : memref<4xi32>, vector<4xi32>
    vector.print %r2 : vector<4xi32>
    // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
    // CHECK-NEXT: ( 10, 11, 12, 13 )
    %st3 = ckpt.launch @k(%x, %false, %true, %flag) : (memref<4xi32>, i1, i1, memref<i32>) -> !ckpt.status
    ckpt.status_print %st3
    %r3 = vector.load %x[%c0] : memref<4xi32>, vector<4xi32>
    vector.print %r3 : vector<4xi32>
    memref.dealloc %x : memref<4xi32>
    memref.dealloc %flag : memref<i32>
    return
  }
}
