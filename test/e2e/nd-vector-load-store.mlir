// vector.load and vector.store of 2-D and 3-D vectors, as vectorizers and constant
// initializers write them: in host code, in a task, and at an offset inside a larger
// memref, inside a checkpoint that yields and is resumed. MLIR lowers only 1-D ones (an
// n-D one reached LLVM as an unrealized cast of an array of vectors on the CPU, CUDA and
// HIP, and SPIR-V has 1-D vectors only): ckpt-expand-math splits them into rows.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines

func.func @k(%x: memref<2x3xi32>, %y: memref<4x5xi32>, %z: memref<2x2x2xf32>, %flag: memref<i32>)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  ckpt.checkpoint 0 "rows" yield_on %flag : memref<i32> {
    scf.for %once = %c0 to %c1 step %c1 {
      // y[1:3, 1:4] += 2 * x, through a 2x3 vector at an offset.
      %v = vector.load %x[%c0, %c0] : memref<2x3xi32>, vector<2x3xi32>
      %w = arith.addi %v, %v : vector<2x3xi32>
      %old = vector.load %y[%c1, %c1] : memref<4x5xi32>, vector<2x3xi32>
      %new = arith.addi %old, %w : vector<2x3xi32>
      vector.store %new, %y[%c1, %c1] : memref<4x5xi32>, vector<2x3xi32>
      // z = z * 2 as one 3-D vector.
      %a = vector.load %z[%c0, %c0, %c0] : memref<2x2x2xf32>, vector<2x2x2xf32>
      %b = arith.addf %a, %a : vector<2x2x2xf32>
      vector.store %b, %z[%c0, %c0, %c0] : memref<2x2x2xf32>, vector<2x2x2xf32>
    }
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %x = memref.alloc() : memref<2x3xi32>
  %y = memref.alloc() : memref<4x5xi32>
  %z = memref.alloc() : memref<2x2x2xf32>
  %flag = memref.alloc() : memref<i32>
  %xs = arith.constant dense<[[1, 2, 3], [4, 5, 6]]> : vector<2x3xi32>
  vector.store %xs, %x[%c0, %c0] : memref<2x3xi32>, vector<2x3xi32>
  %ys = arith.constant dense<0> : vector<4x5xi32>
  vector.store %ys, %y[%c0, %c0] : memref<4x5xi32>, vector<4x5xi32>
  %zs = arith.constant dense<[[[1.0, 2.0], [3.0, 4.0]], [[5.0, 6.0], [7.0, 8.0]]]> : vector<2x2x2xf32>
  vector.store %zs, %z[%c0, %c0, %c0] : memref<2x2x2xf32>, vector<2x2x2xf32>
  %raised = arith.constant 1 : i32
  %zero = arith.constant 0 : i32
  memref.store %raised, %flag[] : memref<i32>
  // CHECK: ckpt.status ok=1 yielded=1 label=0 name="rows"
  %st = ckpt.launch @k(%x, %y, %z, %flag)
      : (memref<2x3xi32>, memref<4x5xi32>, memref<2x2x2xf32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %st
  memref.store %zero, %flag[] : memref<i32>
  %label = ckpt.status_label %st : i64
  // The checkpoint ran twice.
  // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
  // CHECK-NEXT: ( ( 0, 0, 0, 0, 0 ), ( 0, 4, 8, 12, 0 ), ( 0, 16, 20, 24, 0 ), ( 0, 0, 0, 0, 0 ) )
  // CHECK-NEXT: ( ( ( 4, 8 ), ( 12, 16 ) ), ( ( 20, 24 ), ( 28, 32 ) ) )
  %st2 = ckpt.launch @k(%x, %y, %z, %flag) resume_from %label
      : (memref<2x3xi32>, memref<4x5xi32>, memref<2x2x2xf32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %st2
  %yv = vector.load %y[%c0, %c0] : memref<4x5xi32>, vector<4x5xi32>
  vector.print %yv : vector<4x5xi32>
  %zv = vector.load %z[%c0, %c0, %c0] : memref<2x2x2xf32>, vector<2x2x2xf32>
  vector.print %zv : vector<2x2x2xf32>
  memref.dealloc %x : memref<2x3xi32>
  memref.dealloc %y : memref<4x5xi32>
  memref.dealloc %z : memref<2x2x2xf32>
  memref.dealloc %flag : memref<i32>
  return
}
