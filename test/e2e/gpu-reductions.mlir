// Workgroup and subgroup reductions in tasks, as GPU front ends emit them: gpu.all_reduce
// (an operation and a region form) in a gpu.launch task, and gpu.subgroup_reduce
// (clusters of 32 and of 4 lanes, and a vector of f16 in one 32-bit shuffle) in a
// gpu.func, each cluster's first lane adding its result atomically, so the totals do not
// depend on the subgroup's size (32 lanes on NVIDIA, 64 or 32 on AMD chips). Then a
// yield at the checkpoint around the second task and the resume. CUDA and HIP lower both
// ops to shuffles (ckpt-lower-gpu-reductions); the CPU target and Vulkan refuse them with
// a diagnostic (convert-gpu-to-host-invalid.mlir, check-target-vulkan-invalid.mlir).
// UNSUPPORTED: target-cpu, target-vulkan
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines

module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @subgroup_sums(%x: memref<128xf32>, %out: memref<8xf32>, %iout: memref<4xi32>)
        kernel {
      %c0 = arith.constant 0 : index
      %c1 = arith.constant 1 : index
      %c2 = arith.constant 2 : index
      %c4 = arith.constant 4 : index
      %c32 = arith.constant 32 : index
      %c64 = arith.constant 64 : index
      %bx = gpu.block_id x
      %tx = gpu.thread_id x
      %lane = gpu.lane_id
      %base = arith.muli %bx, %c64 : index
      %i = arith.addi %base, %tx : index
      %v = memref.load %x[%i] : memref<128xf32>
      // Clusters of 32 lanes, i32: the sum of the global thread indices. (A whole
      // subgroup has 32 lanes on NVIDIA, 64 or 32 on AMD chips, which an AMD bundle
      // refuses: lower-gpu-reductions-amd-invalid.mlir.)
      %ii = arith.index_cast %i : index to i32
      %isum = gpu.subgroup_reduce add %ii cluster(size = 32) : (i32) -> i32
      %in32 = arith.remui %lane, %c32 : index
      %lane0 = arith.cmpi eq, %in32, %c0 : index
      scf.if %lane0 {
        %old = memref.atomic_rmw addi %isum, %iout[%c0] : (i32, memref<4xi32>) -> i32
      }
      // Clusters of 4 lanes, maxnumf: each cluster's largest value.
      %cmax = gpu.subgroup_reduce maxnumf %v uniform cluster(size = 4) : (f32) -> f32
      %q = arith.remui %tx, %c4 : index
      %first4 = arith.cmpi eq, %q, %c0 : index
      scf.if %first4 {
        %old = memref.atomic_rmw addf %cmax, %out[%c4] : (f32, memref<8xf32>) -> f32
      }
      // Clusters of 32 lanes, vector<2xf16>: [lane in cluster, 1] summed.
      %r = arith.remui %tx, %c32 : index
      %ri = arith.index_cast %r : index to i32
      %rf = arith.sitofp %ri : i32 to f16
      %one = arith.constant 1.0 : f16
      %pair = vector.from_elements %rf, %one : vector<2xf16>
      %psum = gpu.subgroup_reduce add %pair cluster(size = 32) : (vector<2xf16>) -> vector<2xf16>
      %first32 = arith.cmpi eq, %r, %c0 : index
      scf.if %first32 {
        %p0 = vector.extract %psum[0] : f16 from vector<2xf16>
        %p1 = vector.extract %psum[1] : f16 from vector<2xf16>
        %f0 = arith.extf %p0 : f16 to f32
        %f1 = arith.extf %p1 : f16 to f32
        %c5 = arith.constant 5 : index
        %c6 = arith.constant 6 : index
        %o0 = memref.atomic_rmw addf %f0, %out[%c5] : (f32, memref<8xf32>) -> f32
        %o1 = memref.atomic_rmw addf %f1, %out[%c6] : (f32, memref<8xf32>) -> f32
      }
      gpu.return
    }
  }

  func.func @reduce(%x: memref<128xf32>, %out: memref<8xf32>, %iout: memref<4xi32>,
                    %flag: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c64 = arith.constant 64 : index
    // Each block's sum and largest value, written by its first thread.
    gpu.launch blocks(%bx, %by, %bz) in (%gx = %c2, %gy = %c1, %gz = %c1)
               threads(%tx, %ty, %tz) in (%sx = %c64, %sy = %c1, %sz = %c1) {
      %base = arith.muli %bx, %c64 : index
      %i = arith.addi %base, %tx : index
      %v = memref.load %x[%i] : memref<128xf32>
      %sum = gpu.all_reduce add %v uniform {} : (f32) -> f32
      %max = gpu.all_reduce %v uniform {
      ^bb0(%a: f32, %b: f32):
        %m = arith.maximumf %a, %b : f32
        gpu.yield %m : f32
      } : (f32) -> f32
      %c0 = arith.constant 0 : index
      %first = arith.cmpi eq, %tx, %c0 : index
      scf.if %first {
        memref.store %sum, %out[%bx] : memref<8xf32>
        %slot = arith.addi %bx, %c2 : index
        memref.store %max, %out[%slot] : memref<8xf32>
      }
      gpu.terminator
    }
    ckpt.checkpoint 0 "reduced" yield_on %flag : memref<i32> {
      gpu.launch_func @kernels::@subgroup_sums blocks in (%c2, %c1, %c1)
          threads in (%c64, %c1, %c1)
          args(%x : memref<128xf32>, %out : memref<8xf32>, %iout : memref<4xi32>)
    }
    return
  }

  func.func @main() {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c8 = arith.constant 8 : index
    %c128 = arith.constant 128 : index
    %x = memref.alloc() : memref<128xf32>
    %out = memref.alloc() : memref<8xf32>
    %iout = memref.alloc() : memref<4xi32>
    %flag = memref.alloc() : memref<i32>
    %zf = arith.constant 0.0 : f32
    %z = arith.constant 0 : i32
    %raised = arith.constant 1 : i32
    scf.for %i = %c0 to %c8 step %c1 {
      memref.store %zf, %out[%i] : memref<8xf32>
    }
    memref.store %z, %iout[%c0] : memref<4xi32>
    memref.store %raised, %flag[] : memref<i32>
    scf.for %i = %c0 to %c128 step %c1 {
      %ii = arith.index_cast %i : index to i32
      %f = arith.sitofp %ii : i32 to f32
      memref.store %f, %x[%i] : memref<128xf32>
    }
    // CHECK: ckpt.status ok=1 yielded=1 label=0 name="reduced"
    // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
    // Sums 0..63 and 64..127, largest 63 and 127; the subgroup task ran twice (the
    // yielding launch and the resume): the clusters' largest values 2 x 2080, the f16
    // pairs 2 x (4 x 496, 4 x 32), the thread indices 2 x 8128.
    // CHECK-NEXT: 2016 6112 63 127 4160 3968 256 16256
    %st = ckpt.launch @reduce(%x, %out, %iout, %flag) : (memref<128xf32>, memref<8xf32>, memref<4xi32>, memref<i32>) -> !ckpt.status
    ckpt.status_print %st
    memref.store %z, %flag[] : memref<i32>
    %label = arith.constant 0 : i64
    %st2 = ckpt.launch @reduce(%x, %out, %iout, %flag) resume_from %label : (memref<128xf32>, memref<8xf32>, memref<4xi32>, memref<i32>) -> !ckpt.status
    ckpt.status_print %st2
    %c7 = arith.constant 7 : index
    scf.for %i = %c0 to %c7 step %c1 {
      %v = memref.load %out[%i] : memref<8xf32>
      %n = arith.fptosi %v : f32 to i32
      vector.print %n : i32 punctuation <no_punctuation>
      vector.print str " "
    }
    %n = memref.load %iout[%c0] : memref<4xi32>
    vector.print %n : i32
    memref.dealloc %x : memref<128xf32>
    memref.dealloc %out : memref<8xf32>
    memref.dealloc %iout : memref<4xi32>
    memref.dealloc %flag : memref<i32>
    return
  }
}
