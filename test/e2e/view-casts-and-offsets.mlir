// Views made inside tasks from graph kernel parameters that are themselves casts and
// views: rank-reducing subviews at offsets the task computes, memref.dim of dynamic
// views, memref.cast, memref.reinterpret_cast (on the host and in a task), a rank-0 view
// and memref.extract_strided_metadata. Writes through views leave the bytes around them.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
// RUN: %if target-cpu %{ %ckpt_opt %s --ckpt-lower-to-llvm=target=cuda -o /dev/null %}

func.func @views(%m: memref<?x?xi32>, %shift: index,
                 %sums: memref<3xi32, strided<[1], offset: ?>>,
                 %out: memref<?xi32, strided<[1], offset: ?>>, %info: memref<2xi32>)
    attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c10 = arith.constant 10 : index
  %zero = arith.constant 0 : i32
  %minus_one = arith.constant -1 : i32
  %hundred = arith.constant 100 : i32
  %rows = memref.dim %m, %c0 : memref<?x?xi32>
  %cols = memref.dim %m, %c1 : memref<?x?xi32>
  // sums[i] = row i of m from column %shift on.
  scf.parallel (%i) = (%c0) to (%rows) step (%c1) {
    %row = memref.subview %m[%i, 0] [1, %cols] [1, 1]
        : memref<?x?xi32> to memref<?xi32, strided<[1], offset: ?>>
    %n = memref.dim %row, %c0 : memref<?xi32, strided<[1], offset: ?>>
    %length = arith.subi %n, %shift : index
    %tail = memref.subview %row[%shift] [%length] [1]
        : memref<?xi32, strided<[1], offset: ?>> to memref<?xi32, strided<[1], offset: ?>>
    %any = memref.cast %tail
        : memref<?xi32, strided<[1], offset: ?>> to memref<?xi32, strided<[?], offset: ?>>
    %count = memref.dim %any, %c0 : memref<?xi32, strided<[?], offset: ?>>
    %sum = scf.for %k = %c0 to %count step %c1 iter_args(%acc = %zero) -> (i32) {
      %v = memref.load %any[%k] : memref<?xi32, strided<[?], offset: ?>>
      %next = arith.addi %acc, %v : i32
      scf.yield %next : i32
    }
    memref.store %sum, %sums[%i] : memref<3xi32, strided<[1], offset: ?>>
  }
  // out[k] = every other element of m in memory, from the second on.
  %total = arith.muli %rows, %cols : index
  %half = arith.divui %total, %c2 : index
  scf.parallel (%k) = (%c0) to (%half) step (%c1) {
    %flat = memref.reinterpret_cast %m to offset: [0], sizes: [%total], strides: [1]
        : memref<?x?xi32> to memref<?xi32>
    %odd = memref.subview %flat[1] [%half] [2]
        : memref<?xi32> to memref<?xi32, strided<[2], offset: 1>>
    %v = memref.load %odd[%k] : memref<?xi32, strided<[2], offset: 1>>
    memref.store %v, %out[%k] : memref<?xi32, strided<[1], offset: ?>>
  }
  // Columns 1 and 3 of m change sign.
  scf.parallel (%i, %k) = (%c0, %c0) to (%rows, %c2) step (%c1, %c1) {
    %pair = memref.subview %m[0, 1] [%rows, 2] [1, 2]
        : memref<?x?xi32> to memref<?x2xi32, strided<[?, 2], offset: 1>>
    %v = memref.load %pair[%i, %k] : memref<?x2xi32, strided<[?, 2], offset: 1>>
    %w = arith.muli %v, %minus_one : i32
    memref.store %w, %pair[%i, %k] : memref<?x2xi32, strided<[?, 2], offset: 1>>
  }
  // m[rows - 1][0] = 100; info = [its offset in m, 10 * rows + cols of m[1:, 1:]].
  scf.for %once = %c0 to %c1 step %c1 {
    %last = arith.subi %rows, %c1 : index
    %corner = memref.subview %m[%last, 0] [1, 1] [1, 1]
        : memref<?x?xi32> to memref<i32, strided<[], offset: ?>>
    memref.store %hundred, %corner[] : memref<i32, strided<[], offset: ?>>
    %base, %offset = memref.extract_strided_metadata %corner
        : memref<i32, strided<[], offset: ?>> -> memref<i32>, index
    %offset_i32 = arith.index_cast %offset : index to i32
    memref.store %offset_i32, %info[%c0] : memref<2xi32>
    %inner_cols = arith.subi %cols, %c1 : index
    %inner = memref.subview %m[1, 1] [%last, %inner_cols] [1, 1]
        : memref<?x?xi32> to memref<?x?xi32, strided<[?, 1], offset: ?>>
    %d0 = memref.dim %inner, %c0 : memref<?x?xi32, strided<[?, 1], offset: ?>>
    %d1 = memref.dim %inner, %c1 : memref<?x?xi32, strided<[?, 1], offset: ?>>
    %tens = arith.muli %d0, %c10 : index
    %shape = arith.addi %tens, %d1 : index
    %shape_i32 = arith.index_cast %shape : index to i32
    memref.store %shape_i32, %info[%c1] : memref<2xi32>
  }
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
  %c9 = arith.constant 9 : index
  %minus_one = arith.constant -1 : i32
  // m[i][j] = 4 i + j + 1: rows 1 2 3 4 / 5 6 7 8 / 9 10 11 12.
  %m = memref.alloc() : memref<3x4xi32>
  scf.for %i = %c0 to %c3 step %c1 {
    scf.for %j = %c0 to %c4 step %c1 {
      %four_i = arith.muli %i, %c4 : index
      %at = arith.addi %four_i, %j : index
      %v = arith.addi %at, %c1 : index
      %vi = arith.index_cast %v : index to i32
      memref.store %vi, %m[%i, %j] : memref<3x4xi32>
    }
  }
  %m_any = memref.cast %m : memref<3x4xi32> to memref<?x?xi32>
  // raw: 5 slots of -1, sums its slots 1 to 3; buffer: 9 slots of -1, out its slots 2 to 7.
  %raw = memref.alloc(%c5) : memref<?xi32>
  %buffer = memref.alloc(%c9) : memref<?xi32>
  %info = memref.alloc() : memref<2xi32>
  scf.for %i = %c0 to %c5 step %c1 {
    memref.store %minus_one, %raw[%i] : memref<?xi32>
  }
  scf.for %i = %c0 to %c9 step %c1 {
    memref.store %minus_one, %buffer[%i] : memref<?xi32>
  }
  %sums = memref.reinterpret_cast %raw to offset: [%c1], sizes: [3], strides: [1]
      : memref<?xi32> to memref<3xi32, strided<[1], offset: ?>>
  %out = memref.subview %buffer[%c2] [%c6] [1]
      : memref<?xi32> to memref<?xi32, strided<[1], offset: ?>>

  // CHECK: status ok=1 yielded=0 label=-1
  %status = ckpt.launch @views(%m_any, %c1, %sums, %out, %info)
      : (memref<?x?xi32>, index, memref<3xi32, strided<[1], offset: ?>>,
         memref<?xi32, strided<[1], offset: ?>>, memref<2xi32>) -> !ckpt.status
  %ok = ckpt.status_ok %status : i1
  %yielded = ckpt.status_yielded %status : i1
  %label = ckpt.status_label %status : i64
  call @print_status(%ok, %yielded, %label) : (i1, i1, i64) -> ()
  // Row sums from column 1: 2+3+4, 6+7+8, 10+11+12.
  // CHECK-NEXT: raw: -1 9 21 33 -1
  vector.print str "raw:"
  call @print(%raw) : (memref<?xi32>) -> ()
  // m's elements 1, 3, 5, 7, 9, 11 (0-based) before the signs changed.
  // CHECK-NEXT: buffer: -1 -1 2 4 6 8 10 12 -1
  vector.print str "buffer:"
  call @print(%buffer) : (memref<?xi32>) -> ()
  // CHECK-NEXT: m: 1 -2 3 -4 5 -6 7 -8 100 -10 11 -12
  %m_flat = memref.reinterpret_cast %m to offset: [0], sizes: [12], strides: [1]
      : memref<3x4xi32> to memref<12xi32>
  %m_print = memref.cast %m_flat : memref<12xi32> to memref<?xi32>
  vector.print str "m:"
  call @print(%m_print) : (memref<?xi32>) -> ()
  // m[2][0] is element 8; m[1:, 1:] is 2 x 3.
  // CHECK-NEXT: info: 8 23
  %info_print = memref.cast %info : memref<2xi32> to memref<?xi32>
  vector.print str "info:"
  call @print(%info_print) : (memref<?xi32>) -> ()
  memref.dealloc %m : memref<3x4xi32>
  memref.dealloc %raw : memref<?xi32>
  memref.dealloc %buffer : memref<?xi32>
  memref.dealloc %info : memref<2xi32>
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

// Prints " a b c" and a newline.
func.func @print(%values: memref<?xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %values, %c0 : memref<?xi32>
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %values[%i] : memref<?xi32>
    vector.print str " "
    vector.print %v : i32 punctuation <no_punctuation>
  }
  vector.print punctuation <newline>
  return
}
