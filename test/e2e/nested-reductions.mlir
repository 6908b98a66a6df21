// Reductions inside tasks, as linalg and hand-written kernels produce them: a grid task
// whose thread reduces one row with a two-value scf.parallel (sum and max), and a
// one-thread task that reduces the whole matrix with a 2-d scf.parallel. On GPUs the
// task's outermost loop is the grid; a parallel loop inside a thread runs in that thread.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
// RUN: %if target-cpu %{ %ckpt_opt %s --ckpt-lower-to-llvm=target=cpu | %mlir_runner -e main -entry-point-result=void -shared-libs=%runtime_lib,%c_runner_utils | FileCheck %s --match-full-lines %}

func.func @reduce(%m: memref<3x4xi32>, %sums: memref<3xi32>, %maxs: memref<3xi32>,
                  %total: memref<i32>, %flag: memref<i32>)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %zero = arith.constant 0 : i32
  %lowest = arith.constant -2147483648 : i32
  scf.parallel (%i) = (%c0) to (%c3) step (%c1) {
    %s, %mx = scf.parallel (%j) = (%c0) to (%c4) step (%c1) init (%zero, %lowest) -> (i32, i32) {
      %v = memref.load %m[%i, %j] : memref<3x4xi32>
      scf.reduce(%v, %v : i32, i32) {
      ^bb0(%a: i32, %b: i32):
        %r = arith.addi %a, %b : i32
        scf.reduce.return %r : i32
      }, {
      ^bb0(%a: i32, %b: i32):
        %r = arith.maxsi %a, %b : i32
        scf.reduce.return %r : i32
      }
    }
    memref.store %s, %sums[%i] : memref<3xi32>
    memref.store %mx, %maxs[%i] : memref<3xi32>
  }
  ckpt.checkpoint 1 "total" yield_on %flag : memref<i32> {
    scf.for %once = %c0 to %c1 step %c1 {
      %t = scf.parallel (%i, %j) = (%c0, %c0) to (%c3, %c4) step (%c1, %c1) init (%zero) -> i32 {
        %v = memref.load %m[%i, %j] : memref<3x4xi32>
        scf.reduce(%v : i32) {
        ^bb0(%a: i32, %b: i32):
          %r = arith.addi %a, %b : i32
          scf.reduce.return %r : i32
        }
      }
      memref.store %t, %total[] : memref<i32>
    }
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c4 = arith.constant 4 : index
  %c5 = arith.constant 5 : i32
  %zero = arith.constant 0 : i32
  %m = memref.alloc() : memref<3x4xi32>
  %sums = memref.alloc() : memref<3xi32>
  %maxs = memref.alloc() : memref<3xi32>
  %total = memref.alloc() : memref<i32>
  %flag = memref.alloc() : memref<i32>
  memref.store %zero, %flag[] : memref<i32>
  // m[i][j] = (i * 4 + j) * 7 mod 5 - 2: rows -2 0 2 -1 / 1 -2 0 2 / -1 1 -2 0
  scf.for %i = %c0 to %c3 step %c1 {
    scf.for %j = %c0 to %c4 step %c1 {
      %row = arith.muli %i, %c4 : index
      %k = arith.addi %row, %j : index
      %ki = arith.index_cast %k : index to i32
      %seven = arith.constant 7 : i32
      %two = arith.constant 2 : i32
      %p = arith.muli %ki, %seven : i32
      %q = arith.remsi %p, %c5 : i32
      %v = arith.subi %q, %two : i32
      memref.store %v, %m[%i, %j] : memref<3x4xi32>
    }
  }
  // CHECK:      ckpt.status ok=1 yielded=0 label=-1
  // CHECK-NEXT: row 0: sum -1 max 2
  // CHECK-NEXT: row 1: sum 1 max 2
  // CHECK-NEXT: row 2: sum -2 max 1
  // CHECK-NEXT: total -2
  %s = ckpt.launch @reduce(%m, %sums, %maxs, %total, %flag)
      : (memref<3x4xi32>, memref<3xi32>, memref<3xi32>, memref<i32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %s
  scf.for %i = %c0 to %c3 step %c1 {
    %ii = arith.index_cast %i : index to i32
    %sum = memref.load %sums[%i] : memref<3xi32>
    %max = memref.load %maxs[%i] : memref<3xi32>
    vector.print str "row "
    vector.print %ii : i32 punctuation <no_punctuation>
    vector.print str ": sum "
    vector.print %sum : i32 punctuation <no_punctuation>
    vector.print str " max "
    vector.print %max : i32
  }
  %t = memref.load %total[] : memref<i32>
  vector.print str "total "
  vector.print %t : i32
  memref.dealloc %m : memref<3x4xi32>
  memref.dealloc %sums : memref<3xi32>
  memref.dealloc %maxs : memref<3xi32>
  memref.dealloc %total : memref<i32>
  memref.dealloc %flag : memref<i32>
  return
}
