// Reshaping views inside tasks: memref.transpose, memref.collapse_shape and
// memref.expand_shape of a memref<?x?xi32> parameter.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
// RUN: %if target-cpu %{ %ckpt_opt %s --ckpt-lower-to-llvm=target=cuda -o /dev/null %}

func.func @shapes(%m: memref<?x?xi32>, %t: memref<?x?xi32>, %doubled: memref<?xi32>,
                  %pair_sums: memref<?xi32>) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %rows = memref.dim %m, %c0 : memref<?x?xi32>
  %cols = memref.dim %m, %c1 : memref<?x?xi32>
  %total = arith.muli %rows, %cols : index
  %pairs = arith.divui %total, %c2 : index
  // t = the transpose of m.
  scf.parallel (%j, %i) = (%c0, %c0) to (%cols, %rows) step (%c1, %c1) {
    %swapped = memref.transpose %m (r, c) -> (c, r)
        : memref<?x?xi32> to memref<?x?xi32, strided<[1, ?]>>
    %v = memref.load %swapped[%j, %i] : memref<?x?xi32, strided<[1, ?]>>
    memref.store %v, %t[%j, %i] : memref<?x?xi32>
  }
  // doubled[k] = 2 * (m as one row)[k].
  scf.parallel (%k) = (%c0) to (%total) step (%c1) {
    %line = memref.collapse_shape %m [[0, 1]] : memref<?x?xi32> into memref<?xi32>
    %v = memref.load %line[%k] : memref<?xi32>
    %w = arith.addi %v, %v : i32
    memref.store %w, %doubled[%k] : memref<?xi32>
  }
  // pair_sums[p] = the sum of the p-th pair of m's elements in memory order.
  scf.parallel (%p) = (%c0) to (%pairs) step (%c1) {
    %line = memref.collapse_shape %m [[0, 1]] : memref<?x?xi32> into memref<?xi32>
    %two_wide = memref.expand_shape %line [[0, 1]] output_shape [%pairs, 2]
        : memref<?xi32> into memref<?x2xi32>
    %a = memref.load %two_wide[%p, %c0] : memref<?x2xi32>
    %b = memref.load %two_wide[%p, %c1] : memref<?x2xi32>
    %s = arith.addi %a, %b : i32
    memref.store %s, %pair_sums[%p] : memref<?xi32>
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %c6 = arith.constant 6 : index
  %c12 = arith.constant 12 : index
  // m[i][j] = 4 i + j + 1: rows 1 2 3 4 / 5 6 7 8 / 9 10 11 12.
  %m = memref.alloc(%c3, %c4) : memref<?x?xi32>
  scf.for %i = %c0 to %c3 step %c1 {
    scf.for %j = %c0 to %c4 step %c1 {
      %four_i = arith.muli %i, %c4 : index
      %at = arith.addi %four_i, %j : index
      %v = arith.addi %at, %c1 : index
      %vi = arith.index_cast %v : index to i32
      memref.store %vi, %m[%i, %j] : memref<?x?xi32>
    }
  }
  %t = memref.alloc(%c4, %c3) : memref<?x?xi32>
  %doubled = memref.alloc(%c12) : memref<?xi32>
  %pair_sums = memref.alloc(%c6) : memref<?xi32>
  // CHECK: status ok=1 yielded=0 label=-1
  // CHECK-NEXT: t: 1 5 9 2 6 10 3 7 11 4 8 12
  // CHECK-NEXT: doubled: 2 4 6 8 10 12 14 16 18 20 22 24
  // CHECK-NEXT: pair sums: 3 7 11 15 19 23
  %status = ckpt.launch @shapes(%m, %t, %doubled, %pair_sums)
      : (memref<?x?xi32>, memref<?x?xi32>, memref<?xi32>, memref<?xi32>) -> !ckpt.status
  %ok = ckpt.status_ok %status : i1
  %yielded = ckpt.status_yielded %status : i1
  %label = ckpt.status_label %status : i64
  vector.print str "status ok="
  vector.print %ok : i1 punctuation <no_punctuation>
  vector.print str " yielded="
  vector.print %yielded : i1 punctuation <no_punctuation>
  vector.print str " label="
  vector.print %label : i64
  %t_line = memref.collapse_shape %t [[0, 1]] : memref<?x?xi32> into memref<?xi32>
  vector.print str "t:"
  call @print(%t_line) : (memref<?xi32>) -> ()
  vector.print str "doubled:"
  call @print(%doubled) : (memref<?xi32>) -> ()
  vector.print str "pair sums:"
  call @print(%pair_sums) : (memref<?xi32>) -> ()
  memref.dealloc %m : memref<?x?xi32>
  memref.dealloc %t : memref<?x?xi32>
  memref.dealloc %doubled : memref<?xi32>
  memref.dealloc %pair_sums : memref<?xi32>
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
