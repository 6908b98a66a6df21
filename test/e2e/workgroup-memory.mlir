// Workgroup (shared) memory in tasks, the way GPU front ends write block reductions: a
// gpu.launch with a workgroup attribution and a hand-written gpu.func that allocates
// workgroup memory (memref.alloc in the workgroup address space), each filled by its
// threads, a gpu.barrier, then summed by the first thread; an atomic counter; a yield at
// the checkpoint around the second task, then the resume. On Vulkan both become allocs
// of the Workgroup storage class (shader globals). The CPU target refuses workgroup
// memory with a diagnostic (convert-gpu-to-host-invalid.mlir).
// UNSUPPORTED: target-cpu
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines

module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @block_sums(%x: memref<64xf32>, %out: memref<4xf32>) kernel {
      %c0 = arith.constant 0 : index
      %c1 = arith.constant 1 : index
      %c2 = arith.constant 2 : index
      %c32 = arith.constant 32 : index
      %shared = memref.alloc() : memref<32xf32, #gpu.address_space<workgroup>>
      %bx = gpu.block_id x
      %tx = gpu.thread_id x
      %base = arith.muli %bx, %c32 : index
      %i = arith.addi %base, %tx : index
      %v = memref.load %x[%i] : memref<64xf32>
      %twice = arith.addf %v, %v : f32
      memref.store %twice, %shared[%tx] : memref<32xf32, #gpu.address_space<workgroup>>
      gpu.barrier
      %first = arith.cmpi eq, %tx, %c0 : index
      scf.if %first {
        %zero = arith.constant 0.0 : f32
        %s = scf.for %k = %c0 to %c32 step %c1 iter_args(%acc = %zero) -> (f32) {
          %w = memref.load %shared[%k] : memref<32xf32, #gpu.address_space<workgroup>>
          %a = arith.addf %acc, %w : f32
          scf.yield %a : f32
        }
        %slot = arith.addi %bx, %c2 : index
        memref.store %s, %out[%slot] : memref<4xf32>
      }
      gpu.return
    }
  }

  func.func @sums(%x: memref<64xf32>, %out: memref<4xf32>, %count: memref<1xi32>,
                  %flag: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c32 = arith.constant 32 : index
    gpu.launch blocks(%bx, %by, %bz) in (%gx = %c2, %gy = %c1, %gz = %c1)
               threads(%tx, %ty, %tz) in (%sx = %c32, %sy = %c1, %sz = %c1)
               workgroup(%shared : memref<32xf32, #gpu.address_space<workgroup>>) {
      %base = arith.muli %bx, %c32 : index
      %i = arith.addi %base, %tx : index
      %v = memref.load %x[%i] : memref<64xf32>
      memref.store %v, %shared[%tx] : memref<32xf32, #gpu.address_space<workgroup>>
      gpu.barrier
      %first = arith.cmpi eq, %tx, %c0 : index
      scf.if %first {
        %zero = arith.constant 0.0 : f32
        %s = scf.for %k = %c0 to %c32 step %c1 iter_args(%acc = %zero) -> (f32) {
          %w = memref.load %shared[%k] : memref<32xf32, #gpu.address_space<workgroup>>
          %a = arith.addf %acc, %w : f32
          scf.yield %a : f32
        }
        memref.store %s, %out[%bx] : memref<4xf32>
      }
      %one = arith.constant 1 : i32
      %old = memref.atomic_rmw addi %one, %count[%c0] : (i32, memref<1xi32>) -> i32
      gpu.terminator
    }
    ckpt.checkpoint 0 "doubled" yield_on %flag : memref<i32> {
      gpu.launch_func @kernels::@block_sums blocks in (%c2, %c1, %c1) threads in (%c32, %c1, %c1)
          args(%x : memref<64xf32>, %out : memref<4xf32>)
    }
    return
  }

  func.func @main() {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c4 = arith.constant 4 : index
    %c64 = arith.constant 64 : index
    %x = memref.alloc() : memref<64xf32>
    %out = memref.alloc() : memref<4xf32>
    %count = memref.alloc() : memref<1xi32>
    %flag = memref.alloc() : memref<i32>
    %z = arith.constant 0 : i32
    %raised = arith.constant 1 : i32
    memref.store %z, %count[%c0] : memref<1xi32>
    memref.store %raised, %flag[] : memref<i32>
    scf.for %i = %c0 to %c64 step %c1 {
      %ii = arith.index_cast %i : index to i32
      %f = arith.sitofp %ii : i32 to f32
      memref.store %f, %x[%i] : memref<64xf32>
    }
    // CHECK: ckpt.status ok=1 yielded=1 label=0 name="doubled"
    // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
    // The resume skips the first task: 64 threads counted once.
    // CHECK-NEXT: 496 1520 992 3040 64
    %st = ckpt.launch @sums(%x, %out, %count, %flag) : (memref<64xf32>, memref<4xf32>, memref<1xi32>, memref<i32>) -> !ckpt.status
    ckpt.status_print %st
    memref.store %z, %flag[] : memref<i32>
    %label = arith.constant 0 : i64
    %st2 = ckpt.launch @sums(%x, %out, %count, %flag) resume_from %label : (memref<64xf32>, memref<4xf32>, memref<1xi32>, memref<i32>) -> !ckpt.status
    ckpt.status_print %st2
    scf.for %i = %c0 to %c4 step %c1 {
      %v = memref.load %out[%i] : memref<4xf32>
      %n = arith.fptosi %v : f32 to i32
      vector.print %n : i32 punctuation <no_punctuation>
      vector.print str " "
    }
    %n = memref.load %count[%c0] : memref<1xi32>
    vector.print %n : i32
    memref.dealloc %x : memref<64xf32>
    memref.dealloc %out : memref<4xf32>
    memref.dealloc %count : memref<1xi32>
    memref.dealloc %flag : memref<i32>
    return
  }
}
