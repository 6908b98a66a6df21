// Loop and memory forms other MLIR front ends emit, in one graph kernel: scf.forall over
// a dynamic size (from tiling), a constant memref.global read in a task, affine.parallel
// on i8 with arith.select, an affine.for nest with per-iteration scratch
// (memref.alloca), memref.reinterpret_cast, and scf.while inside a parallel loop.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
//
// CHECK: ckpt.status ok=1 yielded=0 label=-1
// CHECK-NEXT:  0 2 6 12 4 10 18 28 8 18
// CHECK-NEXT:  0 3 6 9 12 15 18 21 24 27 30 33 36 39 42 45
// CHECK-NEXT:  2 5 6 7
// CHECK-NEXT:  4 7 10 11
// CHECK-NEXT:  4 8 12 15
// CHECK-NEXT:  5 9 13 17

memref.global "private" constant @weights : memref<4xf32> = dense<[1.0, 2.0, 3.0, 4.0]>
func.func @k(%a: memref<?xf32>, %b: memref<16xi8>, %m: memref<4x4xf32>, %flag: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %n = memref.dim %a, %c0 : memref<?xf32>
  %w = memref.get_global @weights : memref<4xf32>
  scf.forall (%i) in (%n) {
    %x = memref.load %a[%i] : memref<?xf32>
    %r = arith.remui %i, %c4 : index
    %y = memref.load %w[%r] : memref<4xf32>
    %z = arith.mulf %x, %y : f32
    memref.store %z, %a[%i] : memref<?xf32>
  }
  ckpt.checkpoint 0 "c" yield_on %flag : memref<i32> {
    affine.parallel (%i) = (0) to (16) {
      %v = affine.load %b[%i] : memref<16xi8>
      %one = arith.constant 3 : i8
      %s = arith.muli %v, %one : i8
      %neg = arith.constant 100 : i8
      %cmp = arith.cmpi sgt, %s, %neg : i8
      %sel = arith.select %cmp, %neg, %s : i8
      affine.store %sel, %b[%i] : memref<16xi8>
    }
  }
  affine.for %i = 0 to 4 {
    affine.for %j = 0 to 4 {
      %t = memref.alloca() : memref<2xf32>
      %v = affine.load %m[%i, %j] : memref<4x4xf32>
      affine.store %v, %t[0] : memref<2xf32>
      %u = affine.load %t[0] : memref<2xf32>
      %c = arith.constant 2.0 : f32
      %uu = arith.addf %u, %c : f32
      affine.store %uu, %m[%j, %i] : memref<4x4xf32>
    }
  }
  %rc = memref.reinterpret_cast %m to offset: [4], sizes: [3], strides: [1] : memref<4x4xf32> to memref<3xf32, strided<[1], offset: 4>>
  scf.parallel (%i) = (%c0) to (%c1) step (%c1) {
    %cnt = scf.while (%k = %c0) : (index) -> index {
      %lt = arith.cmpi ult, %k, %c4 : index
      scf.condition(%lt) %k : index
    } do {
    ^bb0(%k: index):
      %kk = arith.addi %k, %c1 : index
      scf.yield %kk : index
    }
    %ci = arith.index_cast %cnt : index to i32
    %cf = arith.sitofp %ci : i32 to f32
    memref.store %cf, %rc[%c0] : memref<3xf32, strided<[1], offset: 4>>
    scf.reduce
  }
  return
}
func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c10 = arith.constant 10 : index
  %c16 = arith.constant 16 : index
  %a = memref.alloc(%c10) : memref<?xf32>
  %b = memref.alloc() : memref<16xi8>
  %m = memref.alloc() : memref<4x4xf32>
  %flag = memref.alloc() : memref<i32>
  %z = arith.constant 0 : i32
  memref.store %z, %flag[] : memref<i32>
  scf.for %i = %c0 to %c10 step %c1 {
    %ii = arith.index_cast %i : index to i32
    %f = arith.sitofp %ii : i32 to f32
    memref.store %f, %a[%i] : memref<?xf32>
  }
  scf.for %i = %c0 to %c16 step %c1 {
    %ii = arith.index_cast %i : index to i8
    memref.store %ii, %b[%i] : memref<16xi8>
  }
  scf.for %i = %c0 to %c4 step %c1 {
    scf.for %j = %c0 to %c4 step %c1 {
      %ii = arith.index_cast %i : index to i32
      %jj = arith.index_cast %j : index to i32
      %c4i = arith.constant 4 : i32
      %s = arith.muli %ii, %c4i : i32
      %t = arith.addi %s, %jj : i32
      %f = arith.sitofp %t : i32 to f32
      memref.store %f, %m[%i, %j] : memref<4x4xf32>
    }
  }
  %st = ckpt.launch @k(%a, %b, %m, %flag) : (memref<?xf32>, memref<16xi8>, memref<4x4xf32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %st
  scf.for %i = %c0 to %c10 step %c1 {
    %v = memref.load %a[%i] : memref<?xf32>
    vector.print str " "
    vector.print %v : f32 punctuation <no_punctuation>
  }
  vector.print punctuation <newline>
  scf.for %i = %c0 to %c16 step %c1 {
    %v = memref.load %b[%i] : memref<16xi8>
    %vi = arith.extsi %v : i8 to i32
    vector.print str " "
    vector.print %vi : i32 punctuation <no_punctuation>
  }
  vector.print punctuation <newline>
  scf.for %i = %c0 to %c4 step %c1 {
    scf.for %j = %c0 to %c4 step %c1 {
      %v = memref.load %m[%i, %j] : memref<4x4xf32>
      vector.print str " "
      vector.print %v : f32 punctuation <no_punctuation>
    }
    vector.print punctuation <newline>
  }
  memref.dealloc %a : memref<?xf32>
  memref.dealloc %b : memref<16xi8>
  memref.dealloc %m : memref<4x4xf32>
  memref.dealloc %flag : memref<i32>
  return
}
