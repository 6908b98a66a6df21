// What MLIR's one-shot bufferization makes of a tensor program (mlir-opt
// --one-shot-bufferize="bufferize-function-boundaries
// function-boundary-type-conversion=identity-layout-map" --canonicalize, then ckpt's
// attributes, a checkpoint and no result): scratch memref.allocs, a memref.copy into an
// alloc, linalg.matmul accumulating into it, a subview read by a linalg.generic into a
// second alloc, a memref.copy into a subview inside the checkpoint, and linalg.transpose
// into an argument. From:
//
//   %c = linalg.matmul ins(%a, %b) outs(%a)                      (tensor<8x8xf32>)
//   %s = tensor.extract_slice %c[2, 0] [4, 8] [1, 1]
//   %g = linalg.generic {%s + 1} -> tensor<4x8xf32>
//   %r = tensor.insert_slice %g into %c[4, 0] [4, 8] [1, 1]
//   %t = linalg.transpose ins(%r) outs(%b) permutation = [1, 0]
//
// The scratch keeps its contents from the yielding launch to the resume (--ckpt-kernel-buffers).
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
// RUN: %if target-cpu %{ %ckpt_opt %s --ckpt-lower-to-llvm=target=cpu | %mlir_runner -e main -entry-point-result=void -shared-libs=%runtime_lib,%c_runner_utils | FileCheck %s --match-full-lines %}

#map = affine_map<(d0, d1) -> (d0, d1)>
func.func @k(%arg0: memref<8x8xf32>, %arg1: memref<8x8xf32>, %flag: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  %cst = arith.constant 1.000000e+00 : f32
  %alloc = memref.alloc() {alignment = 64 : i64} : memref<8x8xf32>
  memref.copy %arg0, %alloc : memref<8x8xf32> to memref<8x8xf32>
  linalg.matmul ins(%arg0, %arg1 : memref<8x8xf32>, memref<8x8xf32>) outs(%alloc : memref<8x8xf32>)
  %subview = memref.subview %alloc[2, 0] [4, 8] [1, 1] : memref<8x8xf32> to memref<4x8xf32, strided<[8, 1], offset: 16>>
  %alloc_0 = memref.alloc() {alignment = 64 : i64} : memref<4x8xf32>
  linalg.generic {indexing_maps = [#map, #map], iterator_types = ["parallel", "parallel"]} ins(%subview : memref<4x8xf32, strided<[8, 1], offset: 16>>) outs(%alloc_0 : memref<4x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.addf %in, %cst : f32
    linalg.yield %0 : f32
  }
  ckpt.checkpoint 0 "grow" yield_on %flag : memref<i32> {
    %subview_1 = memref.subview %alloc[4, 0] [4, 8] [1, 1] : memref<8x8xf32> to memref<4x8xf32, strided<[8, 1], offset: 32>>
    memref.copy %alloc_0, %subview_1 : memref<4x8xf32> to memref<4x8xf32, strided<[8, 1], offset: 32>>
  }
  linalg.transpose ins(%alloc : memref<8x8xf32>) outs(%arg1 : memref<8x8xf32>) permutation = [1, 0]
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %a = memref.alloc() : memref<8x8xf32>
  %b = memref.alloc() : memref<8x8xf32>
  %flag = memref.alloc() : memref<i32>
  %z = arith.constant 0 : i32
  memref.store %z, %flag[] : memref<i32>
  scf.for %i = %c0 to %c8 step %c1 {
    scf.for %j = %c0 to %c8 step %c1 {
      %ii = arith.index_cast %i : index to i32
      %jj = arith.index_cast %j : index to i32
      %s = arith.addi %ii, %jj : i32
      %f = arith.sitofp %s : i32 to f32
      memref.store %f, %a[%i, %j] : memref<8x8xf32>
      %d = arith.subi %ii, %jj : i32
      %g = arith.sitofp %d : i32 to f32
      memref.store %g, %b[%i, %j] : memref<8x8xf32>
    }
  }
  // Yield at "grow", before the slice is copied back. The resume skips the copy into the
  // scratch, the matmul and the generic, so what it transposes is built from the scratch
  // the first launch left: c = a + a * b, rows 4-7 = rows 2-5 of c + 1, b = transpose(c).
  // CHECK: ckpt.status ok=1 yielded=1 label=0 name="grow"
  // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
  // CHECK-NEXT: 140 169 198 227 199 228 257 286
  // CHECK-NEXT: 113 134 155 176 156 177 198 219
  // CHECK-NEXT: 86 99 112 125 113 126 139 152
  // CHECK-NEXT: 59 64 69 74 70 75 80 85
  // CHECK-NEXT: 32 29 26 23 27 24 21 18
  // CHECK-NEXT: 5 -6 -17 -28 -16 -27 -38 -49
  // CHECK-NEXT: -22 -41 -60 -79 -59 -78 -97 -116
  // CHECK-NEXT: -49 -76 -103 -130 -102 -129 -156 -183
  %one = arith.constant 1 : i32
  memref.store %one, %flag[] : memref<i32>
  %st = ckpt.launch @k(%a, %b, %flag) : (memref<8x8xf32>, memref<8x8xf32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %st
  memref.store %z, %flag[] : memref<i32>
  %label = arith.constant 0 : i64
  %st2 = ckpt.launch @k(%a, %b, %flag) resume_from %label : (memref<8x8xf32>, memref<8x8xf32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %st2
  scf.for %i = %c0 to %c8 step %c1 {
    scf.for %j = %c0 to %c8 step %c1 {
      %v = memref.load %b[%i, %j] : memref<8x8xf32>
      vector.print %v : f32 punctuation <no_punctuation>
      vector.print str " "
    }
    vector.print punctuation <newline>
  }
  memref.dealloc %a : memref<8x8xf32>
  memref.dealloc %b : memref<8x8xf32>
  memref.dealloc %flag : memref<i32>
  return
}
