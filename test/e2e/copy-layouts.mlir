// memref.copy is a task on every target, between any layouts: a strided column of a
// static matrix into a contiguous vector, a window with a column step into a window of a
// dynamic matrix (both offset), a row of the source into a row of the target inside
// another task, and a view with dynamic strides and offset passed as a parameter.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
// RUN: %if target-cpu %{ %ckpt_opt %s --ckpt-lower-to-llvm=target=cpu | %mlir_runner -e main -entry-point-result=void -shared-libs=%runtime_lib,%c_runner_utils | FileCheck %s --match-full-lines %}

func.func @copies(%src: memref<4x6xi32>, %col: memref<4xi32>, %dst: memref<?x?xi32>,
                  %view: memref<?x?xi32, strided<[?, ?], offset: ?>>, %out: memref<?x?xi32>)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %column = memref.subview %src[0, 1] [4, 1] [1, 1]
      : memref<4x6xi32> to memref<4xi32, strided<[6], offset: 1>>
  memref.copy %column, %col : memref<4xi32, strided<[6], offset: 1>> to memref<4xi32>
  %window = memref.subview %src[1, 0] [2, 3] [1, 2]
      : memref<4x6xi32> to memref<2x3xi32, strided<[6, 2], offset: 6>>
  %into = memref.subview %dst[0, 1] [2, 3] [1, 1]
      : memref<?x?xi32> to memref<2x3xi32, strided<[?, 1], offset: 1>>
  memref.copy %window, %into
      : memref<2x3xi32, strided<[6, 2], offset: 6>> to memref<2x3xi32, strided<[?, 1], offset: 1>>
  scf.for %unused = %c0 to %c1 step %c1 {
    %row = memref.subview %src[3, 2] [1, 4] [1, 1]
        : memref<4x6xi32> to memref<4xi32, strided<[1], offset: 20>>
    %last = memref.subview %dst[2, 1] [1, 4] [1, 1]
        : memref<?x?xi32> to memref<4xi32, strided<[1], offset: ?>>
    memref.copy %row, %last
        : memref<4xi32, strided<[1], offset: 20>> to memref<4xi32, strided<[1], offset: ?>>
  }
  memref.copy %view, %out : memref<?x?xi32, strided<[?, ?], offset: ?>> to memref<?x?xi32>
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %c5 = arith.constant 5 : index
  %c6 = arith.constant 6 : index
  %zero = arith.constant 0 : i32
  %ten = arith.constant 10 : i32
  // src[i][j] = 10 i + j
  %src = memref.alloc() : memref<4x6xi32>
  scf.for %i = %c0 to %c4 step %c1 {
    scf.for %j = %c0 to %c6 step %c1 {
      %i32 = arith.index_cast %i : index to i32
      %j32 = arith.index_cast %j : index to i32
      %tens = arith.muli %i32, %ten : i32
      %v = arith.addi %tens, %j32 : i32
      memref.store %v, %src[%i, %j] : memref<4x6xi32>
    }
  }
  %col = memref.alloc() : memref<4xi32>
  %dst = call @matrix(%c3, %c5) : (index, index) -> memref<?x?xi32>
  %out = call @matrix(%c2, %c3) : (index, index) -> memref<?x?xi32>
  %rows = memref.subview %src[0, 3] [2, 3] [2, 1]
      : memref<4x6xi32> to memref<2x3xi32, strided<[12, 1], offset: 3>>
  %view = memref.cast %rows
      : memref<2x3xi32, strided<[12, 1], offset: 3>> to memref<?x?xi32, strided<[?, ?], offset: ?>>

  // CHECK: status ok=1 yielded=0 label=-1
  // CHECK-NEXT: col: 1 11 21 31
  // CHECK-NEXT: dst: 0 10 12 14 0
  // CHECK-NEXT: dst: 0 20 22 24 0
  // CHECK-NEXT: dst: 0 32 33 34 35
  // CHECK-NEXT: out: 3 4 5
  // CHECK-NEXT: out: 23 24 25
  %status = ckpt.launch @copies(%src, %col, %dst, %view, %out)
      : (memref<4x6xi32>, memref<4xi32>, memref<?x?xi32>,
         memref<?x?xi32, strided<[?, ?], offset: ?>>, memref<?x?xi32>) -> !ckpt.status
  %ok = ckpt.status_ok %status : i1
  %yielded = ckpt.status_yielded %status : i1
  %label = ckpt.status_label %status : i64
  call @print_status(%ok, %yielded, %label) : (i1, i1, i64) -> ()
  vector.print str "col:"
  scf.for %i = %c0 to %c4 step %c1 {
    %v = memref.load %col[%i] : memref<4xi32>
    vector.print str " "
    vector.print %v : i32 punctuation <no_punctuation>
  }
  vector.print punctuation <newline>
  scf.for %i = %c0 to %c3 step %c1 {
    vector.print str "dst:"
    func.call @print_row(%dst, %i) : (memref<?x?xi32>, index) -> ()
  }
  scf.for %i = %c0 to %c2 step %c1 {
    vector.print str "out:"
    func.call @print_row(%out, %i) : (memref<?x?xi32>, index) -> ()
  }
  memref.dealloc %src : memref<4x6xi32>
  memref.dealloc %col : memref<4xi32>
  memref.dealloc %dst : memref<?x?xi32>
  memref.dealloc %out : memref<?x?xi32>
  return
}

// Prints "status ok=O yielded=Y label=L".
func.func @print_status(%ok: i1, %yielded: i1, %label: i64) {
  vector.print str "status ok="
  vector.print %ok : i1 punctuation <no_punctuation>
  vector.print str " yielded="
  vector.print %yielded : i1 punctuation <no_punctuation>
  vector.print str " label="
  vector.print %label : i64
  return
}

// A rows x cols matrix of zeros.
func.func @matrix(%rows: index, %cols: index) -> memref<?x?xi32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %zero = arith.constant 0 : i32
  %m = memref.alloc(%rows, %cols) : memref<?x?xi32>
  scf.for %i = %c0 to %rows step %c1 {
    scf.for %j = %c0 to %cols step %c1 {
      memref.store %zero, %m[%i, %j] : memref<?x?xi32>
    }
  }
  return %m : memref<?x?xi32>
}

// Prints " a b c ..." for row i of m and a newline.
func.func @print_row(%m: memref<?x?xi32>, %i: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %cols = memref.dim %m, %c1 : memref<?x?xi32>
  scf.for %j = %c0 to %cols step %c1 {
    %v = memref.load %m[%i, %j] : memref<?x?xi32>
    vector.print str " "
    vector.print %v : i32 punctuation <no_punctuation>
  }
  vector.print punctuation <newline>
  return
}
