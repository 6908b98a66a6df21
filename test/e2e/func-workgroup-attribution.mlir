// A hand-written kernel with a workgroup attribution on its gpu.func (and a private one
// where the target takes it: not on Vulkan, check-target-kernel-ops-vulkan-invalid.mlir),
// the form GPU front ends write shared memory in: each thread stores its index, a
// barrier, then reads its mirror's, inside a checkpoint that yields and is resumed. The
// gating arguments ckpt prepends must not count the attributions as inputs
// (ckpt-convert-tasks-to-gpu). The CPU target refuses attributions
// (convert-gpu-to-host-invalid.mlir).
// UNSUPPORTED: target-cpu
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines

module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @reverse(%y: memref<32xi32>)
        workgroup(%shared : memref<32xi32, #gpu.address_space<workgroup>>) kernel {
      %c31 = arith.constant 31 : index
      %tx = gpu.thread_id x
      %t = arith.index_cast %tx : index to i32
      memref.store %t, %shared[%tx] : memref<32xi32, #gpu.address_space<workgroup>>
      gpu.barrier
      %r = arith.subi %c31, %tx : index
      %v = memref.load %shared[%r] : memref<32xi32, #gpu.address_space<workgroup>>
      %old = memref.load %y[%tx] : memref<32xi32>
      %s = arith.addi %old, %v : i32
      memref.store %s, %y[%tx] : memref<32xi32>
      gpu.return
    }
  }

  func.func @k(%y: memref<32xi32>, %flag: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
    %c1 = arith.constant 1 : index
    %c32 = arith.constant 32 : index
    ckpt.checkpoint 0 "reversed" yield_on %flag : memref<i32> {
      gpu.launch_func @kernels::@reverse blocks in (%c1, %c1, %c1) threads in (%c32, %c1, %c1)
          args(%y : memref<32xi32>)
    }
    return
  }

  func.func @main() {
    %c0 = arith.constant 0 : index
    %y = memref.alloc() : memref<32xi32>
    %zeros = arith.constant dense<0> : vector<32xi32>
    vector.store %zeros, %y[%c0] : memref<32xi32>, vector<32xi32>
    %flag = memref.alloc() : memref<i32>
    %raised = arith.constant 1 : i32
    %z = arith.constant 0 : i32
    memref.store %raised, %flag[] : memref<i32>
    // CHECK: ckpt.status ok=1 yielded=1 label=0 name="reversed"
    %st = ckpt.launch @k(%y, %flag) : (memref<32xi32>, memref<i32>) -> !ckpt.status
    ckpt.status_print %st
    memref.store %z, %flag[] : memref<i32>
    %label = arith.constant 0 : i64
    // The checkpoint's kernel ran twice: y[t] = 2 (31 - t).
    // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
    // CHECK-NEXT: ( 62, 60, 58, 56 )
    %st2 = ckpt.launch @k(%y, %flag) resume_from %label : (memref<32xi32>, memref<i32>) -> !ckpt.status
    ckpt.status_print %st2
    %r = vector.load %y[%c0] : memref<32xi32>, vector<4xi32>
    vector.print %r : vector<4xi32>
    memref.dealloc %y : memref<32xi32>
    memref.dealloc %flag : memref<i32>
    return
  }
}
