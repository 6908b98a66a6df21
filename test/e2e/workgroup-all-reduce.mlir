// gpu.all_reduce in tasks, the way GPU front ends write block reductions: an operation
// and a region form, a two-dimensional block whose size is not a power of two (12 x 4),
// integers and floats, and a reduction inside a loop (each round must see the buffer
// the round before left). CUDA and HIP lower it to shuffles (ckpt-lower-gpu-reductions),
// Vulkan to a tree through workgroup memory (ckpt-attach-spirv-abi). Then a yield at the
// checkpoint around the second task and the resume. The CPU target runs the threads of a
// block one after another and refuses it (convert-gpu-to-host-invalid.mlir).
// UNSUPPORTED: target-cpu
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines

module attributes {gpu.container_module} {
  gpu.module @kernels {
    // Three rounds: each thread adds the block's sum of (x + round) to its own element,
    // so a round that read a stale buffer would show in the totals.
    gpu.func @rounds(%x: memref<96xi32>, %out: memref<8xi32>) kernel {
      %c0 = arith.constant 0 : index
      %c1 = arith.constant 1 : index
      %c3 = arith.constant 3 : index
      %c12 = arith.constant 12 : index
      %c48 = arith.constant 48 : index
      %bx = gpu.block_id x
      %tx = gpu.thread_id x
      %ty = gpu.thread_id y
      %row = arith.muli %ty, %c12 : index
      %t = arith.addi %row, %tx : index
      %base = arith.muli %bx, %c48 : index
      %i = arith.addi %base, %t : index
      %v = memref.load %x[%i] : memref<96xi32>
      %total = scf.for %r = %c0 to %c3 step %c1 iter_args(%acc = %v) -> (i32) {
        %ri = arith.index_cast %r : index to i32
        %w = arith.addi %v, %ri : i32
        %s = gpu.all_reduce add %w uniform {} : (i32) -> i32
        %next = arith.addi %acc, %s : i32
        scf.yield %next : i32
      }
      %smallest = gpu.all_reduce minsi %total uniform {} : (i32) -> i32
      %first = arith.cmpi eq, %t, %c0 : index
      scf.if %first {
        %slot = arith.addi %bx, %c3 : index
        %slot2 = arith.addi %slot, %c3 : index
        memref.store %smallest, %out[%slot2] : memref<8xi32>
      }
      gpu.return
    }
  }

  func.func @reduce(%x: memref<96xi32>, %f: memref<96xf32>, %out: memref<8xi32>,
                    %fout: memref<4xf32>, %flag: memref<i32>)
      attributes {ckpt.graph, ckpt.checkpoints} {
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c4 = arith.constant 4 : index
    %c12 = arith.constant 12 : index
    %c48 = arith.constant 48 : index
    // Each block's float sum and largest value, written by its first thread.
    gpu.launch blocks(%bx, %by, %bz) in (%gx = %c2, %gy = %c1, %gz = %c1)
               threads(%tx, %ty, %tz) in (%sx = %c12, %sy = %c4, %sz = %c1) {
      %row = arith.muli %ty, %c12 : index
      %t = arith.addi %row, %tx : index
      %base = arith.muli %bx, %c48 : index
      %i = arith.addi %base, %t : index
      %v = memref.load %f[%i] : memref<96xf32>
      %sum = gpu.all_reduce add %v uniform {} : (f32) -> f32
      %max = gpu.all_reduce %v uniform {
      ^bb0(%a: f32, %b: f32):
        %m = arith.maximumf %a, %b : f32
        gpu.yield %m : f32
      } : (f32) -> f32
      %c0 = arith.constant 0 : index
      %first = arith.cmpi eq, %t, %c0 : index
      scf.if %first {
        memref.store %sum, %fout[%bx] : memref<4xf32>
        %slot = arith.addi %bx, %c2 : index
        memref.store %max, %fout[%slot] : memref<4xf32>
      }
      gpu.terminator
    }
    ckpt.checkpoint 0 "reduced" yield_on %flag : memref<i32> {
      gpu.launch_func @kernels::@rounds blocks in (%c2, %c1, %c1) threads in (%c12, %c4, %c1)
          args(%x : memref<96xi32>, %out : memref<8xi32>)
    }
    return
  }

  func.func @main() {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c4 = arith.constant 4 : index
    %c6 = arith.constant 6 : index
    %c8 = arith.constant 8 : index
    %c96 = arith.constant 96 : index
    %x = memref.alloc() : memref<96xi32>
    %f = memref.alloc() : memref<96xf32>
    %out = memref.alloc() : memref<8xi32>
    %fout = memref.alloc() : memref<4xf32>
    %flag = memref.alloc() : memref<i32>
    %z = arith.constant 0 : i32
    %raised = arith.constant 1 : i32
    scf.for %i = %c0 to %c8 step %c1 {
      memref.store %z, %out[%i] : memref<8xi32>
    }
    memref.store %raised, %flag[] : memref<i32>
    scf.for %i = %c0 to %c96 step %c1 {
      %ii = arith.index_cast %i : index to i32
      memref.store %ii, %x[%i] : memref<96xi32>
      %fi = arith.sitofp %ii : i32 to f32
      memref.store %fi, %f[%i] : memref<96xf32>
    }
    // CHECK: ckpt.status ok=1 yielded=1 label=0 name="reduced"
    // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
    // Float sums of 0..47 and 48..95, largest 47 and 95. Rounds: block 0's round sums
    // are 1128 + 48 r (r = 0, 1, 2), so its smallest total is x = 0's, 0 + 3528 = 3528;
    // block 1's are 3432 + 48 r, 10440 in all, plus its smallest x, 48: 10488.
    // CHECK-NEXT: 1128 3432 47 95 3528 10488
    %st = ckpt.launch @reduce(%x, %f, %out, %fout, %flag) : (memref<96xi32>, memref<96xf32>, memref<8xi32>, memref<4xf32>, memref<i32>) -> !ckpt.status
    ckpt.status_print %st
    memref.store %z, %flag[] : memref<i32>
    %label = arith.constant 0 : i64
    %st2 = ckpt.launch @reduce(%x, %f, %out, %fout, %flag) resume_from %label : (memref<96xi32>, memref<96xf32>, memref<8xi32>, memref<4xf32>, memref<i32>) -> !ckpt.status
    ckpt.status_print %st2
    scf.for %i = %c0 to %c4 step %c1 {
      %v = memref.load %fout[%i] : memref<4xf32>
      %n = arith.fptosi %v : f32 to i32
      vector.print %n : i32 punctuation <no_punctuation>
      vector.print str " "
    }
    %a = memref.load %out[%c6] : memref<8xi32>
    vector.print %a : i32 punctuation <no_punctuation>
    vector.print str " "
    %c7 = arith.constant 7 : index
    %b = memref.load %out[%c7] : memref<8xi32>
    vector.print %b : i32
    memref.dealloc %x : memref<96xi32>
    memref.dealloc %f : memref<96xf32>
    memref.dealloc %out : memref<8xi32>
    memref.dealloc %fout : memref<4xf32>
    memref.dealloc %flag : memref<i32>
    return
  }
}
