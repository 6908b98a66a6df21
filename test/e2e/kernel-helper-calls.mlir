// Hand-written kernels that call helper functions of their own gpu.module, as kernel
// libraries are written: a helper calling another, a helper with a loop, one helper shared
// by two kernels, one launched inside the checkpoint that yields, then the resume. CUDA
// and HIP compile the calls; the CPU target, which runs kernel bodies in host loops, and
// Vulkan, whose conversion takes no calls, inline them (inline_calls.c).
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines

module attributes {gpu.container_module} {
  gpu.module @kernels {
    func.func @square(%a: i32) -> i32 {
      %r = arith.muli %a, %a : i32
      return %r : i32
    }
    // 1 + a^2 + 2 (a^2) ... summed over 3 terms by a loop, through @square.
    func.func @series(%a: i32) -> i32 {
      %c0 = arith.constant 0 : index
      %c1 = arith.constant 1 : index
      %c3 = arith.constant 3 : index
      %one = arith.constant 1 : i32
      %s = scf.for %i = %c0 to %c3 step %c1 iter_args(%acc = %one) -> (i32) {
        %ii = arith.index_cast %i : index to i32
        %sq = func.call @square(%a) : (i32) -> i32
        %t = arith.muli %sq, %ii : i32
        %n = arith.addi %acc, %t : i32
        scf.yield %n : i32
      }
      return %s : i32
    }
    gpu.func @fill(%y: memref<4xi32>) kernel {
      %tx = gpu.thread_id x
      %t = arith.index_cast %tx : index to i32
      %v = func.call @series(%t) : (i32) -> i32
      memref.store %v, %y[%tx] : memref<4xi32>
      gpu.return
    }
    gpu.func @squares(%y: memref<4xi32>) kernel {
      %tx = gpu.thread_id x
      %v = memref.load %y[%tx] : memref<4xi32>
      %s = func.call @square(%v) : (i32) -> i32
      memref.store %s, %y[%tx] : memref<4xi32>
      gpu.return
    }
  }

  func.func @k(%y: memref<4xi32>, %flag: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
    %c1 = arith.constant 1 : index
    %c4 = arith.constant 4 : index
    gpu.launch_func @kernels::@fill blocks in (%c1, %c1, %c1) threads in (%c4, %c1, %c1)
        args(%y : memref<4xi32>)
    ckpt.checkpoint 0 "squared" yield_on %flag : memref<i32> {
      gpu.launch_func @kernels::@squares blocks in (%c1, %c1, %c1) threads in (%c4, %c1, %c1)
          args(%y : memref<4xi32>)
    }
    return
  }

  func.func @main() {
    %c0 = arith.constant 0 : index
    %y = memref.alloc() : memref<4xi32>
    %flag = memref.alloc() : memref<i32>
    %raised = arith.constant 1 : i32
    %z = arith.constant 0 : i32
    memref.store %raised, %flag[] : memref<i32>
    // 1 + 0 + a^2 + 2 a^2 = 1 + 3 a^2 for a = 0..3, then squared.
    // CHECK: ckpt.status ok=1 yielded=1 label=0 name="squared"
    // CHECK-NEXT: ( 1, 16, 169, 784 )
    %st = ckpt.launch @k(%y, %flag) : (memref<4xi32>, memref<i32>) -> !ckpt.status
    ckpt.status_print %st
    %r = vector.load %y[%c0] : memref<4xi32>, vector<4xi32>
    vector.print %r : vector<4xi32>
    // The resume squares again and leaves the first kernel's work alone.
    // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
    // CHECK-NEXT: ( 1, 256, 28561, 614656 )
    memref.store %z, %flag[] : memref<i32>
    %label = arith.constant 0 : i64
    %st2 = ckpt.launch @k(%y, %flag) resume_from %label : (memref<4xi32>, memref<i32>) -> !ckpt.status
    ckpt.status_print %st2
    %r2 = vector.load %y[%c0] : memref<4xi32>, vector<4xi32>
    vector.print %r2 : vector<4xi32>
    memref.dealloc %y : memref<4xi32>
    memref.dealloc %flag : memref<i32>
    return
  }
}
