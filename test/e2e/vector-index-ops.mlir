// Vector ops linalg's vectorizer and hand-vectorized kernels use for indices and lane
// permutations, on vectors wider than SPIR-V's 4 lanes: vector.step (what linalg.index
// vectorizes to), vector.interleave and vector.scan, in a task before a checkpoint and
// in one inside it. On Vulkan they are lowered before the vectors are split
// (ckpt-attach-spirv-abi); the other targets take them as LLVM vectors.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines

func.func @k(%x: memref<16xi32>, %y: memref<16xf32>, %z: memref<16xf32>, %flag: memref<i32>)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c8 = arith.constant 8 : index
  // x[i] = i, by 8-lane steps; y = x's first halves, each lane twice.
  scf.parallel (%i) = (%c0) to (%c2) step (%c1) {
    %base = arith.muli %i, %c8 : index
    %s = vector.step : vector<8xindex>
    %b = vector.broadcast %base : index to vector<8xindex>
    %idx = arith.addi %s, %b : vector<8xindex>
    %v = arith.index_cast %idx : vector<8xindex> to vector<8xi32>
    vector.store %v, %x[%base] : memref<16xi32>, vector<8xi32>
    %f = arith.sitofp %v : vector<8xi32> to vector<8xf32>
    %lo = vector.extract_strided_slice %f {offsets = [0], sizes = [4], strides = [1]} : vector<8xf32> to vector<4xf32>
    %il = vector.interleave %lo, %lo : vector<4xf32> -> vector<8xf32>
    vector.store %il, %y[%base] : memref<16xf32>, vector<8xf32>
    scf.reduce
  }
  // z = running sums of y, 8 lanes at a time.
  ckpt.checkpoint 0 "scanned" yield_on %flag : memref<i32> {
    scf.parallel (%i) = (%c0) to (%c2) step (%c1) {
      %base = arith.muli %i, %c8 : index
      %v = vector.load %y[%base] : memref<16xf32>, vector<8xf32>
      %zero = arith.constant 0.0 : f32
      %init = vector.broadcast %zero : f32 to vector<f32>
      %r, %total = vector.scan <add>, %v, %init {inclusive = true, reduction_dim = 0 : i64}
          : vector<8xf32>, vector<f32>
      vector.store %r, %z[%base] : memref<16xf32>, vector<8xf32>
      scf.reduce
    }
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %x = memref.alloc() : memref<16xi32>
  %y = memref.alloc() : memref<16xf32>
  %z = memref.alloc() : memref<16xf32>
  %flag = memref.alloc() : memref<i32>
  %zero = arith.constant 0 : i32
  memref.store %zero, %flag[] : memref<i32>
  // CHECK: ckpt.status ok=1 yielded=0 label=-1
  %st = ckpt.launch @k(%x, %y, %z, %flag) : (memref<16xi32>, memref<16xf32>, memref<16xf32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %st
  // CHECK-NEXT: ( 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 )
  // CHECK-NEXT: ( 0, 0, 1, 1, 2, 2, 3, 3, 8, 8, 9, 9, 10, 10, 11, 11 )
  // CHECK-NEXT: ( 0, 0, 1, 2, 4, 6, 9, 12, 8, 16, 25, 34, 44, 54, 65, 76 )
  %v = vector.load %x[%c0] : memref<16xi32>, vector<16xi32>
  vector.print %v : vector<16xi32>
  %w = vector.load %y[%c0] : memref<16xf32>, vector<16xf32>
  vector.print %w : vector<16xf32>
  %u = vector.load %z[%c0] : memref<16xf32>, vector<16xf32>
  vector.print %u : vector<16xf32>
  memref.dealloc %x : memref<16xi32>
  memref.dealloc %y : memref<16xf32>
  memref.dealloc %z : memref<16xf32>
  memref.dealloc %flag : memref<i32>
  return
}
