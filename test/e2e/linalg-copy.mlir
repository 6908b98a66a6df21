// linalg.copy is a task: between 2-D dynamic memrefs one thread per element, between
// rank-0 memrefs one iteration, which may stand in a checkpoint body.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
// RUN: %if target-cpu %{ %ckpt_opt %s --ckpt-lower-to-llvm=target=cpu | %mlir_runner -e main -entry-point-result=void -shared-libs=%runtime_lib,%c_runner_utils | FileCheck %s --match-full-lines %}

func.func @copy(%x: memref<?x?xi32>, %y: memref<?x?xi32>, %s: memref<i32>, %t: memref<i32>,
                %flag: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  linalg.copy ins(%x : memref<?x?xi32>) outs(%y : memref<?x?xi32>)
  ckpt.checkpoint 1 yield_on %flag : memref<i32> {
    linalg.copy ins(%s : memref<i32>) outs(%t : memref<i32>)
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %zero = arith.constant 0 : i32
  %ten = arith.constant 10 : i32
  %v42 = arith.constant 42 : i32
  %x = memref.alloc(%c2, %c3) : memref<?x?xi32>
  %y = memref.alloc(%c2, %c3) : memref<?x?xi32>
  // x[i][j] = 10 i + j
  scf.for %i = %c0 to %c2 step %c1 {
    scf.for %j = %c0 to %c3 step %c1 {
      %i32 = arith.index_cast %i : index to i32
      %j32 = arith.index_cast %j : index to i32
      %tens = arith.muli %i32, %ten : i32
      %v = arith.addi %tens, %j32 : i32
      memref.store %v, %x[%i, %j] : memref<?x?xi32>
      memref.store %zero, %y[%i, %j] : memref<?x?xi32>
    }
  }
  %s = memref.alloc() : memref<i32>
  %t = memref.alloc() : memref<i32>
  %flag = memref.alloc() : memref<i32>
  memref.store %v42, %s[] : memref<i32>
  memref.store %zero, %t[] : memref<i32>
  memref.store %zero, %flag[] : memref<i32>

  // CHECK: ckpt.status ok=1 yielded=0 label=-1
  // CHECK-NEXT: y: 0 1 2 10 11 12
  // CHECK-NEXT: t: 42
  %status = ckpt.launch @copy(%x, %y, %s, %t, %flag)
      : (memref<?x?xi32>, memref<?x?xi32>, memref<i32>, memref<i32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %status
  vector.print str "y:"
  scf.for %i = %c0 to %c2 step %c1 {
    scf.for %j = %c0 to %c3 step %c1 {
      %v = memref.load %y[%i, %j] : memref<?x?xi32>
      vector.print str " "
      vector.print %v : i32 punctuation <no_punctuation>
    }
  }
  vector.print punctuation <newline>
  %tv = memref.load %t[] : memref<i32>
  vector.print str "t: "
  vector.print %tv : i32
  memref.dealloc %x : memref<?x?xi32>
  memref.dealloc %y : memref<?x?xi32>
  memref.dealloc %s : memref<i32>
  memref.dealloc %t : memref<i32>
  memref.dealloc %flag : memref<i32>
  return
}
