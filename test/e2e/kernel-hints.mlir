// Ops front ends leave in kernels that a shader does without: memref.assume_alignment (an
// alignment hint) and ub.poison (an unspecified value, here only in lanes never printed).
// Vulkan drops the hint and makes the poison a zero (ckpt-prepare-spirv-tasks); the other
// targets take both. A yield at the checkpoint, then the resume.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines

module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @fill(%y: memref<8xi32>) kernel {
      %tx = gpu.thread_id x
      %aligned = memref.assume_alignment %y, 16 : memref<8xi32>
      %p = ub.poison : i32
      %t = arith.index_cast %tx : index to i32
      %c4 = arith.constant 4 : index
      %low = arith.cmpi ult, %tx, %c4 : index
      %v = arith.select %low, %t, %p : i32
      memref.store %v, %aligned[%tx] : memref<8xi32>
      gpu.return
    }
  }

  func.func @k(%y: memref<8xi32>, %flag: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
    %c1 = arith.constant 1 : index
    %c8 = arith.constant 8 : index
    ckpt.checkpoint 0 "filled" yield_on %flag : memref<i32> {
      gpu.launch_func @kernels::@fill blocks in (%c1, %c1, %c1) threads in (%c8, %c1, %c1)
          args(%y : memref<8xi32>)
    }
    return
  }

  func.func @main() {
    %c0 = arith.constant 0 : index
    %y = memref.alloc() : memref<8xi32>
    %flag = memref.alloc() : memref<i32>
    %raised = arith.constant 1 : i32
    %z = arith.constant 0 : i32
    memref.store %raised, %flag[] : memref<i32>
    // CHECK: ckpt.status ok=1 yielded=1 label=0 name="filled"
    %st = ckpt.launch @k(%y, %flag) : (memref<8xi32>, memref<i32>) -> !ckpt.status
    ckpt.status_print %st
    memref.store %z, %flag[] : memref<i32>
    %label = arith.constant 0 : i64
    // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
    // CHECK-NEXT: ( 0, 1, 2, 3 )
    %st2 = ckpt.launch @k(%y, %flag) resume_from %label : (memref<8xi32>, memref<i32>) -> !ckpt.status
    ckpt.status_print %st2
    %r = vector.load %y[%c0] : memref<8xi32>, vector<4xi32>
    vector.print %r : vector<4xi32>
    memref.dealloc %y : memref<8xi32>
    memref.dealloc %flag : memref<i32>
    return
  }
}
