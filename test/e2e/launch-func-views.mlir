// Kernels written by hand (gpu.func, launched with gpu.launch_func) take views: a column
// with a dynamic stride and offset, a row with a static offset, a whole matrix that the
// kernel views row by row and measures with memref.dim, and a plain memref<?xi32> it
// measures.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
// RUN: %if target-cpu %{ %ckpt_opt %s --ckpt-lower-to-llvm=target=cuda -o /dev/null %}

module attributes {gpu.container_module} {

gpu.module @kernels {
  // col[i] = 10 * col[i] + row[i] for i < n.
  gpu.func @axpy(%col: memref<?xi32, strided<[?], offset: ?>>,
                 %row: memref<4xi32, strided<[1], offset: 4>>, %n: index) kernel {
    %i = gpu.thread_id x
    %in = arith.cmpi slt, %i, %n : index
    scf.if %in {
      %ten = arith.constant 10 : i32
      %c = memref.load %col[%i] : memref<?xi32, strided<[?], offset: ?>>
      %r = memref.load %row[%i] : memref<4xi32, strided<[1], offset: 4>>
      %p = arith.muli %c, %ten : i32
      %s = arith.addi %p, %r : i32
      memref.store %s, %col[%i] : memref<?xi32, strided<[?], offset: ?>>
    }
    gpu.return
  }
  // out[i] = the sum of row i of m, one row per thread, for the rows out has room for.
  gpu.func @row_sums(%m: memref<?x?xi32>, %out: memref<?xi32>) kernel {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %zero = arith.constant 0 : i32
    %i = gpu.thread_id x
    %rows = memref.dim %m, %c0 : memref<?x?xi32>
    %cols = memref.dim %m, %c1 : memref<?x?xi32>
    %slots = memref.dim %out, %c0 : memref<?xi32>
    %in_rows = arith.cmpi slt, %i, %rows : index
    %in_slots = arith.cmpi slt, %i, %slots : index
    %in = arith.andi %in_rows, %in_slots : i1
    scf.if %in {
      %row = memref.subview %m[%i, 0] [1, %cols] [1, 1]
          : memref<?x?xi32> to memref<?xi32, strided<[1], offset: ?>>
      %sum = scf.for %j = %c0 to %cols step %c1 iter_args(%acc = %zero) -> (i32) {
        %v = memref.load %row[%j] : memref<?xi32, strided<[1], offset: ?>>
        %next = arith.addi %acc, %v : i32
        scf.yield %next : i32
      }
      memref.store %sum, %out[%i] : memref<?xi32>
    }
    gpu.return
  }
}

func.func @k(%w: memref<?x?xi32>, %col: memref<?xi32, strided<[?], offset: ?>>,
             %row: memref<4xi32, strided<[1], offset: 4>>, %out: memref<?xi32>)
    attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %n = memref.dim %col, %c0 : memref<?xi32, strided<[?], offset: ?>>
  gpu.launch_func @kernels::@axpy blocks in (%c1, %c1, %c1) threads in (%c4, %c1, %c1)
      args(%col : memref<?xi32, strided<[?], offset: ?>>,
           %row : memref<4xi32, strided<[1], offset: 4>>, %n : index)
  gpu.launch_func @kernels::@row_sums blocks in (%c1, %c1, %c1) threads in (%c4, %c1, %c1)
      args(%w : memref<?x?xi32>, %out : memref<?xi32>)
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %c10 = arith.constant 10 : index
  // w[i][j] = 10 i + j (3 x 4), s[i][j] = 4 i + j (3 x 4, static).
  %w = memref.alloc(%c3, %c4) : memref<?x?xi32>
  %s = memref.alloc() : memref<3x4xi32>
  scf.for %i = %c0 to %c3 step %c1 {
    scf.for %j = %c0 to %c4 step %c1 {
      %ten_i = arith.muli %i, %c10 : index
      %wv = arith.addi %ten_i, %j : index
      %wi = arith.index_cast %wv : index to i32
      memref.store %wi, %w[%i, %j] : memref<?x?xi32>
      %four_i = arith.muli %i, %c4 : index
      %sv = arith.addi %four_i, %j : index
      %si = arith.index_cast %sv : index to i32
      memref.store %si, %s[%i, %j] : memref<3x4xi32>
    }
  }
  // col = w[., 2] = 2 12 22; row = s[1, .] = 4 5 6 7.
  %col = memref.subview %w[0, %c2] [%c3, 1] [1, 1]
      : memref<?x?xi32> to memref<?xi32, strided<[?], offset: ?>>
  %row = memref.subview %s[1, 0] [1, 4] [1, 1]
      : memref<3x4xi32> to memref<4xi32, strided<[1], offset: 4>>
  // Room for two row sums only.
  %out = memref.alloc(%c2) : memref<?xi32>

  // Column 2 becomes 10*2+4, 10*12+5, 10*22+6; then the first two rows add up to
  // 0+1+24+3 and 10+11+125+13.
  // CHECK: status ok=1 yielded=0 label=-1
  // CHECK-NEXT: w: 0 1 24 3 10 11 125 13 20 21 226 23
  // CHECK-NEXT: sums: 28 159
  %status = ckpt.launch @k(%w, %col, %row, %out)
      : (memref<?x?xi32>, memref<?xi32, strided<[?], offset: ?>>,
         memref<4xi32, strided<[1], offset: 4>>, memref<?xi32>) -> !ckpt.status
  %ok = ckpt.status_ok %status : i1
  %yielded = ckpt.status_yielded %status : i1
  %label = ckpt.status_label %status : i64
  vector.print str "status ok="
  vector.print %ok : i1 punctuation <no_punctuation>
  vector.print str " yielded="
  vector.print %yielded : i1 punctuation <no_punctuation>
  vector.print str " label="
  vector.print %label : i64
  vector.print str "w:"
  scf.for %i = %c0 to %c3 step %c1 {
    scf.for %j = %c0 to %c4 step %c1 {
      %v = memref.load %w[%i, %j] : memref<?x?xi32>
      vector.print str " "
      vector.print %v : i32 punctuation <no_punctuation>
    }
  }
  vector.print punctuation <newline>
  vector.print str "sums:"
  scf.for %i = %c0 to %c2 step %c1 {
    %v = memref.load %out[%i] : memref<?xi32>
    vector.print str " "
    vector.print %v : i32 punctuation <no_punctuation>
  }
  vector.print punctuation <newline>
  memref.dealloc %w : memref<?x?xi32>
  memref.dealloc %s : memref<3x4xi32>
  memref.dealloc %out : memref<?xi32>
  return
}

}
