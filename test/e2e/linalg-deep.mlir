// linalg ops of any iterator shape are one task each: a generic with 4 parallel
// dimensions (a GPU grid takes 3: the outer one becomes a loop in each thread) and a
// reduction between two parallel dimensions (the inner parallel one becomes a loop too).
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
// RUN: %if target-cpu %{ %ckpt_opt %s --ckpt-lower-to-llvm=target=cpu | %mlir_runner -e main -entry-point-result=void -shared-libs=%runtime_lib,%c_runner_utils | FileCheck %s --match-full-lines %}

#m4 = affine_map<(a, b, c, d) -> (a, b, c, d)>
#in3 = affine_map<(i, r, j) -> (i, r, j)>
#out3 = affine_map<(i, r, j) -> (i, j)>

func.func @deep(%x: memref<2x2x2x3xi32>, %y: memref<2x3x4xi32>, %z: memref<2x4xi32>)
    attributes {ckpt.graph} {
  linalg.generic {indexing_maps = [#m4],
                  iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      outs(%x : memref<2x2x2x3xi32>) {
  ^bb0(%unused: i32):
    %a = linalg.index 0 : index
    %b = linalg.index 1 : index
    %c = linalg.index 2 : index
    %d = linalg.index 3 : index
    %c10 = arith.constant 10 : index
    %ab = arith.muli %a, %c10 : index
    %ab1 = arith.addi %ab, %b : index
    %abc = arith.muli %ab1, %c10 : index
    %abc1 = arith.addi %abc, %c : index
    %abcd = arith.muli %abc1, %c10 : index
    %abcd1 = arith.addi %abcd, %d : index
    %v = arith.index_cast %abcd1 : index to i32
    linalg.yield %v : i32
  }
  linalg.generic {indexing_maps = [#in3, #out3], iterator_types = ["parallel", "reduction", "parallel"]}
      ins(%y : memref<2x3x4xi32>) outs(%z : memref<2x4xi32>) {
  ^bb0(%v: i32, %acc: i32):
    %w = arith.addi %v, %acc : i32
    linalg.yield %w : i32
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %zero = arith.constant 0 : i32
  %ten = arith.constant 10 : i32
  %hundred = arith.constant 100 : i32
  %x = memref.alloc() : memref<2x2x2x3xi32>
  %y = memref.alloc() : memref<2x3x4xi32>
  %z = memref.alloc() : memref<2x4xi32>
  // y[i][r][j] = 100 i + 10 r + j, z = 0
  scf.for %i = %c0 to %c2 step %c1 {
    scf.for %r = %c0 to %c3 step %c1 {
      scf.for %j = %c0 to %c4 step %c1 {
        %i32 = arith.index_cast %i : index to i32
        %r32 = arith.index_cast %r : index to i32
        %j32 = arith.index_cast %j : index to i32
        %hi = arith.muli %i32, %hundred : i32
        %tr = arith.muli %r32, %ten : i32
        %s = arith.addi %hi, %tr : i32
        %v = arith.addi %s, %j32 : i32
        memref.store %v, %y[%i, %r, %j] : memref<2x3x4xi32>
        memref.store %zero, %z[%i, %j] : memref<2x4xi32>
      }
    }
  }

  // x[a][b][c][d] = 1000 a + 100 b + 10 c + d; z[i][j] = sum over r = 300 i + 30 + 3 j.
  // CHECK: ckpt.status ok=1 yielded=0 label=-1
  // CHECK-NEXT: x: 0 1 2 10 11 12 100 101 102 110 111 112 1000 1001 1002 1010 1011 1012 1100 1101 1102 1110 1111 1112
  // CHECK-NEXT: z: 30 33 36 39 330 333 336 339
  %status = ckpt.launch @deep(%x, %y, %z)
      : (memref<2x2x2x3xi32>, memref<2x3x4xi32>, memref<2x4xi32>) -> !ckpt.status
  ckpt.status_print %status
  %flat_x = memref.collapse_shape %x [[0, 1, 2, 3]] : memref<2x2x2x3xi32> into memref<24xi32>
  %dyn_x = memref.cast %flat_x : memref<24xi32> to memref<?xi32>
  vector.print str "x:"
  call @print_values(%dyn_x) : (memref<?xi32>) -> ()
  %flat_z = memref.collapse_shape %z [[0, 1]] : memref<2x4xi32> into memref<8xi32>
  %dyn_z = memref.cast %flat_z : memref<8xi32> to memref<?xi32>
  vector.print str "z:"
  call @print_values(%dyn_z) : (memref<?xi32>) -> ()
  memref.dealloc %x : memref<2x2x2x3xi32>
  memref.dealloc %y : memref<2x3x4xi32>
  memref.dealloc %z : memref<2x4xi32>
  return
}

// Prints " a b c ..." and a newline.
func.func @print_values(%values: memref<?xi32>) {
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
