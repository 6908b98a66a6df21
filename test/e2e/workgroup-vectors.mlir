// Workgroup (shared) memory read and written with vector.load and vector.store, as
// vectorizing GPU front ends emit them: each thread stores its value, a barrier, then
// thread 0 sums the buffer four lanes at a time, inside a checkpoint that yields and is
// resumed. On Vulkan the vector accesses go lane by lane (ckpt-prepare-spirv-tasks); the
// CPU target refuses workgroup memory (convert-gpu-to-host-invalid.mlir).
// UNSUPPORTED: target-cpu
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines

module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @sum(%x: memref<16xf32>, %out: memref<2xf32>) kernel {
      %shared = memref.alloc() : memref<16xf32, #gpu.address_space<workgroup>>
      %c0 = arith.constant 0 : index
      %c4 = arith.constant 4 : index
      %c16 = arith.constant 16 : index
      %tx = gpu.thread_id x
      %first = arith.cmpi eq, %tx, %c0 : index
      // Four threads, four lanes each.
      %base = arith.muli %tx, %c4 : index
      %v = vector.load %x[%base] : memref<16xf32>, vector<4xf32>
      %twice = arith.addf %v, %v : vector<4xf32>
      vector.store %twice, %shared[%base] : memref<16xf32, #gpu.address_space<workgroup>>, vector<4xf32>
      gpu.barrier
      scf.if %first {
        %zero = arith.constant dense<0.0> : vector<4xf32>
        %acc = scf.for %i = %c0 to %c16 step %c4 iter_args(%a = %zero) -> (vector<4xf32>) {
          %w = vector.load %shared[%i] : memref<16xf32, #gpu.address_space<workgroup>>, vector<4xf32>
          %s = arith.addf %a, %w : vector<4xf32>
          scf.yield %s : vector<4xf32>
        }
        %total = vector.reduction <add>, %acc : vector<4xf32> into f32
        %old = memref.load %out[%c0] : memref<2xf32>
        %new = arith.addf %old, %total : f32
        memref.store %new, %out[%c0] : memref<2xf32>
      }
      gpu.return
    }
  }

  func.func @k(%x: memref<16xf32>, %out: memref<2xf32>, %flag: memref<i32>)
      attributes {ckpt.graph, ckpt.checkpoints} {
    %c1 = arith.constant 1 : index
    %c4 = arith.constant 4 : index
    ckpt.checkpoint 0 "summed" yield_on %flag : memref<i32> {
      gpu.launch_func @kernels::@sum blocks in (%c1, %c1, %c1) threads in (%c4, %c1, %c1)
          args(%x : memref<16xf32>, %out : memref<2xf32>)
    }
    return
  }

  func.func @main() {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c16 = arith.constant 16 : index
    %x = memref.alloc() : memref<16xf32>
    %out = memref.alloc() : memref<2xf32>
    %flag = memref.alloc() : memref<i32>
    scf.for %i = %c0 to %c16 step %c1 {
      %ii = arith.index_cast %i : index to i32
      %f = arith.sitofp %ii : i32 to f32
      memref.store %f, %x[%i] : memref<16xf32>
    }
    %zero = arith.constant 0.0 : f32
    memref.store %zero, %out[%c0] : memref<2xf32>
    %raised = arith.constant 1 : i32
    %z = arith.constant 0 : i32
    memref.store %raised, %flag[] : memref<i32>
    // CHECK: ckpt.status ok=1 yielded=1 label=0 name="summed"
    %st = ckpt.launch @k(%x, %out, %flag) : (memref<16xf32>, memref<2xf32>, memref<i32>) -> !ckpt.status
    ckpt.status_print %st
    memref.store %z, %flag[] : memref<i32>
    %label = arith.constant 0 : i64
    // Twice the sum of 0..15 = 240, added by the yielding launch and by the resume.
    // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
    // CHECK-NEXT: 480
    %st2 = ckpt.launch @k(%x, %out, %flag) resume_from %label : (memref<16xf32>, memref<2xf32>, memref<i32>) -> !ckpt.status
    ckpt.status_print %st2
    %r = memref.load %out[%c0] : memref<2xf32>
    %ri = arith.fptosi %r : f32 to i32
    vector.print %ri : i32
    memref.dealloc %x : memref<16xf32>
    memref.dealloc %out : memref<2xf32>
    memref.dealloc %flag : memref<i32>
    return
  }
}
