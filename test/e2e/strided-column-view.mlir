// Views of matrices as graph kernel parameters: a column (dynamic stride and offset), a
// row (unit stride, dynamic offset) and a column with a static layout, next to a whole
// memref<?x?xi32> swept by a 2-D scf.parallel. The row and the column are views of one
// matrix, so they share bytes; the second task writes through the column. A second
// launch takes other views of the same matrix.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
// RUN: %if target-cpu %{ %ckpt_opt %s --ckpt-lower-to-llvm=target=cuda -o /dev/null %}

// m[i, j] = m[i, j] * col[i] + row[j]; then col[i] += 100 + fixed[i].
func.func @scale(%m: memref<?x?xi32>, %col: memref<?xi32, strided<[?], offset: ?>>,
                 %row: memref<?xi32, strided<[1], offset: ?>>,
                 %fixed: memref<3xi32, strided<[4], offset: 1>>) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %hundred = arith.constant 100 : i32
  %rows = memref.dim %m, %c0 : memref<?x?xi32>
  %cols = memref.dim %m, %c1 : memref<?x?xi32>
  scf.parallel (%i, %j) = (%c0, %c0) to (%rows, %cols) step (%c1, %c1) {
    %v = memref.load %m[%i, %j] : memref<?x?xi32>
    %c = memref.load %col[%i] : memref<?xi32, strided<[?], offset: ?>>
    %r = memref.load %row[%j] : memref<?xi32, strided<[1], offset: ?>>
    %p = arith.muli %v, %c : i32
    %s = arith.addi %p, %r : i32
    memref.store %s, %m[%i, %j] : memref<?x?xi32>
  }
  %n = memref.dim %col, %c0 : memref<?xi32, strided<[?], offset: ?>>
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    %c = memref.load %col[%i] : memref<?xi32, strided<[?], offset: ?>>
    %f = memref.load %fixed[%i] : memref<3xi32, strided<[4], offset: 1>>
    %a = arith.addi %c, %hundred : i32
    %b = arith.addi %a, %f : i32
    memref.store %b, %col[%i] : memref<?xi32, strided<[?], offset: ?>>
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %c10 = arith.constant 10 : index
  // w[i][j] = 10 i + j, m[i][j] = i + j (3 x 4), s[i][j] = 4 i + j (3 x 4, static).
  %w = memref.alloc(%c3, %c4) : memref<?x?xi32>
  %m = memref.alloc(%c3, %c4) : memref<?x?xi32>
  %s = memref.alloc() : memref<3x4xi32>
  scf.for %i = %c0 to %c3 step %c1 {
    scf.for %j = %c0 to %c4 step %c1 {
      %ten_i = arith.muli %i, %c10 : index
      %wv = arith.addi %ten_i, %j : index
      %wi = arith.index_cast %wv : index to i32
      memref.store %wi, %w[%i, %j] : memref<?x?xi32>
      %mv = arith.addi %i, %j : index
      %mi = arith.index_cast %mv : index to i32
      memref.store %mi, %m[%i, %j] : memref<?x?xi32>
      %four_i = arith.muli %i, %c4 : index
      %sv = arith.addi %four_i, %j : index
      %si = arith.index_cast %sv : index to i32
      memref.store %si, %s[%i, %j] : memref<3x4xi32>
    }
  }
  // col = w[., 2] = 2 12 22, row = w[1, .] = 10 11 12 13, fixed = s[., 1] = 1 5 9.
  %col = memref.subview %w[0, %c2] [%c3, 1] [1, 1]
      : memref<?x?xi32> to memref<?xi32, strided<[?], offset: ?>>
  %row = memref.subview %w[%c1, 0] [1, %c4] [1, 1]
      : memref<?x?xi32> to memref<?xi32, strided<[1], offset: ?>>
  %fixed = memref.subview %s[0, 1] [3, 1] [1, 1]
      : memref<3x4xi32> to memref<3xi32, strided<[4], offset: 1>>

  // m after the first task:
  //   0*2+10  1*2+11  2*2+12  3*2+13
  //   1*12+10 2*12+11 3*12+12 4*12+13
  //   2*22+10 3*22+11 4*22+12 5*22+13
  // CHECK: status ok=1 yielded=0 label=-1
  // CHECK-NEXT: m: 10 13 16 19
  // CHECK-NEXT: m: 22 35 48 61
  // CHECK-NEXT: m: 54 77 100 123
  // Column 2 of w becomes 2+100+1, 12+100+5, 22+100+9; the rest of w is untouched.
  // CHECK-NEXT: w: 0 1 103 3
  // CHECK-NEXT: w: 10 11 117 13
  // CHECK-NEXT: w: 20 21 131 23
  // CHECK-NEXT: s: 0 1 2 3
  %status = ckpt.launch @scale(%m, %col, %row, %fixed)
      : (memref<?x?xi32>, memref<?xi32, strided<[?], offset: ?>>,
         memref<?xi32, strided<[1], offset: ?>>, memref<3xi32, strided<[4], offset: 1>>)
      -> !ckpt.status
  %ok = ckpt.status_ok %status : i1
  %yielded = ckpt.status_yielded %status : i1
  %label = ckpt.status_label %status : i64
  call @print_status(%ok, %yielded, %label) : (i1, i1, i64) -> ()
  call @print_rows(%m) : (memref<?x?xi32>) -> ()
  vector.print str "w:"
  call @print_row(%w, %c0) : (memref<?x?xi32>, index) -> ()
  vector.print str "w:"
  call @print_row(%w, %c1) : (memref<?x?xi32>, index) -> ()
  vector.print str "w:"
  call @print_row(%w, %c2) : (memref<?x?xi32>, index) -> ()
  %s_dynamic = memref.cast %s : memref<3x4xi32> to memref<?x?xi32>
  vector.print str "s:"
  call @print_row(%s_dynamic, %c0) : (memref<?x?xi32>, index) -> ()

  // Other views of w, with no rebuild: col = w[., 0] = 0 10 20, row = w[2, .] =
  // 20 21 131 23. m becomes
  //   10*0+20  13*0+21  16*0+131  19*0+23
  //   22*10+20 35*10+21 48*10+131 61*10+23
  //   54*20+20 77*20+21 100*20+131 123*20+23
  // and column 0 of w 0+100+1, 10+100+5, 20+100+9.
  // CHECK-NEXT: status ok=1 yielded=0 label=-1
  // CHECK-NEXT: m: 20 21 131 23
  // CHECK-NEXT: m: 240 371 611 633
  // CHECK-NEXT: m: 1100 1561 2131 2483
  // CHECK-NEXT: w: 101 1 103 3
  // CHECK-NEXT: w: 115 11 117 13
  // CHECK-NEXT: w: 129 21 131 23
  %col0 = memref.subview %w[0, %c0] [%c3, 1] [1, 1]
      : memref<?x?xi32> to memref<?xi32, strided<[?], offset: ?>>
  %row2 = memref.subview %w[%c2, 0] [1, %c4] [1, 1]
      : memref<?x?xi32> to memref<?xi32, strided<[1], offset: ?>>
  %again = ckpt.launch @scale(%m, %col0, %row2, %fixed)
      : (memref<?x?xi32>, memref<?xi32, strided<[?], offset: ?>>,
         memref<?xi32, strided<[1], offset: ?>>, memref<3xi32, strided<[4], offset: 1>>)
      -> !ckpt.status
  %again_ok = ckpt.status_ok %again : i1
  %again_yielded = ckpt.status_yielded %again : i1
  %again_label = ckpt.status_label %again : i64
  call @print_status(%again_ok, %again_yielded, %again_label) : (i1, i1, i64) -> ()
  call @print_rows(%m) : (memref<?x?xi32>) -> ()
  vector.print str "w:"
  call @print_row(%w, %c0) : (memref<?x?xi32>, index) -> ()
  vector.print str "w:"
  call @print_row(%w, %c1) : (memref<?x?xi32>, index) -> ()
  vector.print str "w:"
  call @print_row(%w, %c2) : (memref<?x?xi32>, index) -> ()
  memref.dealloc %w : memref<?x?xi32>
  memref.dealloc %m : memref<?x?xi32>
  memref.dealloc %s : memref<3x4xi32>
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

// Prints " a b c" and a newline: row i of m.
func.func @print_row(%m: memref<?x?xi32>, %i: index) {
  %c1 = arith.constant 1 : index
  %c0 = arith.constant 0 : index
  %cols = memref.dim %m, %c1 : memref<?x?xi32>
  scf.for %j = %c0 to %cols step %c1 {
    %v = memref.load %m[%i, %j] : memref<?x?xi32>
    vector.print str " "
    vector.print %v : i32 punctuation <no_punctuation>
  }
  vector.print punctuation <newline>
  return
}

// Prints "m: a b c" for every row.
func.func @print_rows(%m: memref<?x?xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %rows = memref.dim %m, %c0 : memref<?x?xi32>
  scf.for %i = %c0 to %rows step %c1 {
    vector.print str "m:"
    func.call @print_row(%m, %i) : (memref<?x?xi32>, index) -> ()
  }
  return
}
