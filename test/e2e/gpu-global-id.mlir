// gpu.global_id, as kernels written for a flat index space use it: a hand-written kernel
// on a 2-D grid of 2-D blocks writes its global x and y ids, and a gpu.launch task doubles
// the values at the checkpoint that yields, then resumes. The CPU target computes the id
// from the block and thread ids of its loops (ckpt-convert-gpu-to-host).
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines

module attributes {gpu.container_module} {
  gpu.module @kernels {
    // out[y * 8 + x] = 100 * y + x over an 8 x 4 index space of 2 x 2 blocks of 4 x 2.
    gpu.func @ids(%out: memref<32xi32>) kernel {
      %x = gpu.global_id x
      %y = gpu.global_id y
      %c8 = arith.constant 8 : index
      %c100 = arith.constant 100 : index
      %row = arith.muli %y, %c8 : index
      %i = arith.addi %row, %x : index
      %hy = arith.muli %y, %c100 : index
      %v = arith.addi %hy, %x : index
      %w = arith.index_cast %v : index to i32
      memref.store %w, %out[%i] : memref<32xi32>
      gpu.return
    }
  }

  func.func @k(%out: memref<32xi32>, %flag: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c4 = arith.constant 4 : index
    %c8 = arith.constant 8 : index
    gpu.launch_func @kernels::@ids blocks in (%c2, %c2, %c1) threads in (%c4, %c2, %c1)
        args(%out : memref<32xi32>)
    ckpt.checkpoint 0 "doubled" yield_on %flag : memref<i32> {
      gpu.launch blocks(%bx, %by, %bz) in (%gx = %c4, %gy = %c1, %gz = %c1)
                 threads(%tx, %ty, %tz) in (%sx = %c8, %sy = %c1, %sz = %c1) {
        %g = gpu.global_id x
        %v = memref.load %out[%g] : memref<32xi32>
        %d = arith.addi %v, %v : i32
        memref.store %d, %out[%g] : memref<32xi32>
        gpu.terminator
      }
    }
    return
  }

  func.func @main() {
    %c0 = arith.constant 0 : index
    %c8 = arith.constant 8 : index
    %c24 = arith.constant 24 : index
    %out = memref.alloc() : memref<32xi32>
    %flag = memref.alloc() : memref<i32>
    %raised = arith.constant 1 : i32
    %z = arith.constant 0 : i32
    memref.store %raised, %flag[] : memref<i32>
    // CHECK: ckpt.status ok=1 yielded=1 label=0 name="doubled"
    %st = ckpt.launch @k(%out, %flag) : (memref<32xi32>, memref<i32>) -> !ckpt.status
    ckpt.status_print %st
    // Rows 0 and 3, written and doubled.
    // CHECK-NEXT: ( 0, 2, 4, 6, 8, 10, 12, 14 )
    // CHECK-NEXT: ( 600, 602, 604, 606, 608, 610, 612, 614 )
    %r0 = vector.load %out[%c0] : memref<32xi32>, vector<8xi32>
    vector.print %r0 : vector<8xi32>
    %r3 = vector.load %out[%c24] : memref<32xi32>, vector<8xi32>
    vector.print %r3 : vector<8xi32>
    memref.store %z, %flag[] : memref<i32>
    %label = arith.constant 0 : i64
    // The resume doubles row 2 (200 + x) again, without rewriting it first.
    // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
    // CHECK-NEXT: ( 800, 804, 808, 812, 816, 820, 824, 828 )
    %st2 = ckpt.launch @k(%out, %flag) resume_from %label : (memref<32xi32>, memref<i32>) -> !ckpt.status
    ckpt.status_print %st2
    %c16 = arith.constant 16 : index
    %r2 = vector.load %out[%c16] : memref<32xi32>, vector<8xi32>
    vector.print %r2 : vector<8xi32>
    memref.dealloc %out : memref<32xi32>
    memref.dealloc %flag : memref<i32>
    return
  }
}
