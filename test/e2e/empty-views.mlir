// Empty memrefs and empty views are arguments like any other: tasks over them do no
// work, their sizes read 0, and the memory around them is untouched.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines

func.func @fill(%column: memref<?xi32, strided<[?], offset: ?>>, %none: memref<?xi32>,
                %sizes: memref<2xi32>) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %seven = arith.constant 7 : i32
  %n = memref.dim %column, %c0 : memref<?xi32, strided<[?], offset: ?>>
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    memref.store %seven, %column[%i] : memref<?xi32, strided<[?], offset: ?>>
  }
  %m = memref.dim %none, %c0 : memref<?xi32>
  scf.parallel (%i) = (%c0) to (%m) step (%c1) {
    memref.store %seven, %none[%i] : memref<?xi32>
  }
  scf.for %once = %c0 to %c1 step %c1 {
    %n_i32 = arith.index_cast %n : index to i32
    %m_i32 = arith.index_cast %m : index to i32
    memref.store %n_i32, %sizes[%c0] : memref<2xi32>
    memref.store %m_i32, %sizes[%c1] : memref<2xi32>
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %one = arith.constant 1 : i32
  %minus_one = arith.constant -1 : i32
  %grid = memref.alloc(%c3, %c3) : memref<?x?xi32>
  scf.for %i = %c0 to %c3 step %c1 {
    scf.for %j = %c0 to %c3 step %c1 {
      memref.store %one, %grid[%i, %j] : memref<?x?xi32>
    }
  }
  // No rows of column 2.
  %column = memref.subview %grid[0, %c2] [%c0, 1] [1, 1]
      : memref<?x?xi32> to memref<?xi32, strided<[?], offset: ?>>
  %none = memref.alloc(%c0) : memref<?xi32>
  %sizes = memref.alloc() : memref<2xi32>
  memref.store %minus_one, %sizes[%c0] : memref<2xi32>
  memref.store %minus_one, %sizes[%c1] : memref<2xi32>
  // CHECK: ckpt.status ok=1 yielded=0 label=-1
  // CHECK-NEXT: sizes: 0 0
  // CHECK-NEXT: grid: 1 1 1 1 1 1 1 1 1
  %status = ckpt.launch @fill(%column, %none, %sizes)
      : (memref<?xi32, strided<[?], offset: ?>>, memref<?xi32>, memref<2xi32>) -> !ckpt.status
  ckpt.status_print %status
  %n = memref.load %sizes[%c0] : memref<2xi32>
  %m = memref.load %sizes[%c1] : memref<2xi32>
  vector.print str "sizes: "
  vector.print %n : i32 punctuation <no_punctuation>
  vector.print str " "
  vector.print %m : i32
  vector.print str "grid:"
  scf.for %i = %c0 to %c3 step %c1 {
    scf.for %j = %c0 to %c3 step %c1 {
      %v = memref.load %grid[%i, %j] : memref<?x?xi32>
      vector.print str " "
      vector.print %v : i32 punctuation <no_punctuation>
    }
  }
  vector.print punctuation <newline>
  memref.dealloc %grid : memref<?x?xi32>
  memref.dealloc %none : memref<?xi32>
  memref.dealloc %sizes : memref<2xi32>
  return
}
