// vector.multi_reduction over a 2-D vector in a kernel written by hand (gpu.func): row sums
// (the inner dimension) and column maxima (the outer one), each with an accumulator.
// Upstream's lower-vector-multi-reduction runs on func.func only; ckpt-expand-math lowers
// these. SPIR-V vectors are 1-D: on Vulkan the 2-D read becomes one read per row, and the
// 2-D vector is split into its rows, and so is the 2-D write.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
//
// x[i][j] = 4i + j - 3: rows (-3, -2, -1, 0) and (1, 2, 3, 4); row sums plus 0.5, column
// maxima against an accumulator of 2.5; then x doubled in place by a 2-D write.
// CHECK: ckpt.status ok=1 yielded=0 label=-1
// CHECK-NEXT: ( -5.5, 10.5 )
// CHECK-NEXT: ( 2.5, 2.5, 3, 4 )
// CHECK-NEXT: ( ( -6, -4, -2, 0 ), ( 2, 4, 6, 8 ) )
module attributes {gpu.container_module} {
  gpu.module @kernels {
    gpu.func @reduce(%x: memref<2x4xf32>, %rows: memref<2xf32>, %cols: memref<4xf32>) kernel {
      %c0 = arith.constant 0 : index
      %pad = arith.constant 0.0 : f32
      %v = vector.transfer_read %x[%c0, %c0], %pad {in_bounds = [true, true]} : memref<2x4xf32>, vector<2x4xf32>
      %half = arith.constant dense<0.5> : vector<2xf32>
      %sums = vector.multi_reduction <add>, %v, %half [1] : vector<2x4xf32> to vector<2xf32>
      vector.transfer_write %sums, %rows[%c0] {in_bounds = [true]} : vector<2xf32>, memref<2xf32>
      %floor = arith.constant dense<2.5> : vector<4xf32>
      %maxima = vector.multi_reduction <maximumf>, %v, %floor [0] : vector<2x4xf32> to vector<4xf32>
      vector.transfer_write %maxima, %cols[%c0] {in_bounds = [true]} : vector<4xf32>, memref<4xf32>
      %twice = arith.addf %v, %v : vector<2x4xf32>
      vector.transfer_write %twice, %x[%c0, %c0] {in_bounds = [true, true]} : vector<2x4xf32>, memref<2x4xf32>
      gpu.return
    }
  }
  func.func @k(%x: memref<2x4xf32>, %rows: memref<2xf32>, %cols: memref<4xf32>) attributes {ckpt.graph} {
    %c1 = arith.constant 1 : index
    gpu.launch_func @kernels::@reduce blocks in (%c1, %c1, %c1) threads in (%c1, %c1, %c1) args(%x : memref<2x4xf32>, %rows : memref<2xf32>, %cols : memref<4xf32>)
    return
  }
  func.func @main() {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c2 = arith.constant 2 : index
    %c4 = arith.constant 4 : index
    %x = memref.alloc() : memref<2x4xf32>
    %rows = memref.alloc() : memref<2xf32>
    %cols = memref.alloc() : memref<4xf32>
    scf.for %i = %c0 to %c2 step %c1 {
      scf.for %j = %c0 to %c4 step %c1 {
        %i4 = arith.muli %i, %c4 : index
        %ij = arith.addi %i4, %j : index
        %n = arith.index_cast %ij : index to i32
        %f = arith.sitofp %n : i32 to f32
        %three = arith.constant 3.0 : f32
        %v = arith.subf %f, %three : f32
        memref.store %v, %x[%i, %j] : memref<2x4xf32>
      }
    }
    %st = ckpt.launch @k(%x, %rows, %cols) : (memref<2x4xf32>, memref<2xf32>, memref<4xf32>) -> !ckpt.status
    ckpt.status_print %st
    %pad = arith.constant 0.0 : f32
    %r = vector.transfer_read %rows[%c0], %pad {in_bounds = [true]} : memref<2xf32>, vector<2xf32>
    vector.print %r : vector<2xf32>
    %c = vector.transfer_read %cols[%c0], %pad {in_bounds = [true]} : memref<4xf32>, vector<4xf32>
    vector.print %c : vector<4xf32>
    %xx = vector.transfer_read %x[%c0, %c0], %pad {in_bounds = [true, true]} : memref<2x4xf32>, vector<2x4xf32>
    vector.print %xx : vector<2x4xf32>
    memref.dealloc %x : memref<2x4xf32>
    memref.dealloc %rows : memref<2xf32>
    memref.dealloc %cols : memref<4xf32>
    return
  }
}
