// A kernel written by hand (gpu.func, launched with gpu.launch_func) with vector
// transfers, one marked in bounds and one running past the memref's end: the CUDA and HIP
// kernels lower them with MLIR's vector conversions, Vulkan's take them apart into scalar
// accesses (--ckpt-prepare-spirv-tasks). The kernel then sums elements 0-3 with a
// vector.multi_reduction, which upstream's lowering pass (func.func only) does not reach
// in a gpu.func: ckpt-expand-math lowers it there.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @double(%x: memref<8xf32>, %sum: memref<1xf32>) kernel {
      %c0 = arith.constant 0 : index
      %pad = arith.constant 0.0 : f32
      %c6 = arith.constant 6 : index
      %v = vector.transfer_read %x[%c0], %pad {in_bounds = [true]} : memref<8xf32>, vector<4xf32>
      %w = arith.addf %v, %v : vector<4xf32>
      vector.transfer_write %w, %x[%c0] {in_bounds = [true]} : vector<4xf32>, memref<8xf32>
      %t = vector.transfer_read %x[%c6], %pad : memref<8xf32>, vector<4xf32>
      %u = arith.addf %t, %t : vector<4xf32>
      vector.transfer_write %u, %x[%c6] : vector<4xf32>, memref<8xf32>
      %zero = arith.constant 0.0 : f32
      %s = vector.multi_reduction <add>, %w, %zero [0] : vector<4xf32> to f32
      memref.store %s, %sum[%c0] : memref<1xf32>
      gpu.return
    }
  }
  func.func @k(%x: memref<8xf32>, %sum: memref<1xf32>) attributes {ckpt.graph} {
    %c1 = arith.constant 1 : index
    gpu.launch_func @kernels::@double blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%x : memref<8xf32>, %sum : memref<1xf32>)
    return
  }
  func.func @main() {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c8 = arith.constant 8 : index
    %x = memref.alloc() : memref<8xf32>
    %sum = memref.alloc() : memref<1xf32>
    scf.for %i = %c0 to %c8 step %c1 {
      %ii = arith.index_cast %i : index to i32
      %f = arith.sitofp %ii : i32 to f32
      memref.store %f, %x[%i] : memref<8xf32>
    }
    %st = ckpt.launch @k(%x, %sum) : (memref<8xf32>, memref<1xf32>) -> !ckpt.status
    // x = 0..7; elements 0-3 doubled by an in-bounds transfer, 6-7 by one that runs past
    // the end (lanes 8 and 9 read the padding and store nothing).
    // CHECK: ckpt.status ok=1 yielded=0 label=-1
    // CHECK-NEXT: 0
    // CHECK-NEXT: 2
    // CHECK-NEXT: 4
    // CHECK-NEXT: 6
    // CHECK-NEXT: 4
    // CHECK-NEXT: 5
    // CHECK-NEXT: 12
    // CHECK-NEXT: 14
    // CHECK-NEXT: 12
    ckpt.status_print %st
    scf.for %i = %c0 to %c8 step %c1 {
      %v = memref.load %x[%i] : memref<8xf32>
      vector.print %v : f32
    }
    %s = memref.load %sum[%c0] : memref<1xf32>
    vector.print %s : f32
    memref.dealloc %x : memref<8xf32>
    memref.dealloc %sum : memref<1xf32>
    return
  }
}
