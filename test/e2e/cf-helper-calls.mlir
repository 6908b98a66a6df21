// Functions with several blocks (cf.br / cf.cond_br, as C front ends and lowered
// structured code give them), called from tasks: a clamp that returns from two blocks and
// a loop in branch form. The CPU, CUDA and HIP targets compile the branches as they are;
// a Vulkan shader takes structured control flow only, so the pipeline lifts the
// functions' branches into scf first (lift-cf-to-scf), and inlines them.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines

func.func @clamp(%x: i32) -> i32 {
  %zero = arith.constant 0 : i32
  %ten = arith.constant 10 : i32
  %negative = arith.cmpi slt, %x, %zero : i32
  cf.cond_br %negative, ^below, ^rest
^below:
  return %zero : i32
^rest:
  %big = arith.cmpi sgt, %x, %ten : i32
  cf.cond_br %big, ^done(%ten : i32), ^done(%x : i32)
^done(%v: i32):
  return %v : i32
}

// The sum of k * k for k in [0, n), as a loop of branches.
func.func @sum_of_squares(%n: i32) -> i32 {
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  cf.br ^head(%zero, %zero : i32, i32)
^head(%k: i32, %sum: i32):
  %more = arith.cmpi slt, %k, %n : i32
  cf.cond_br %more, ^body, ^exit
^body:
  %square = arith.muli %k, %k : i32
  %next_sum = arith.addi %sum, %square : i32
  %next_k = arith.addi %k, %one : i32
  cf.br ^head(%next_k, %next_sum : i32, i32)
^exit:
  return %sum : i32
}

func.func @k(%x: memref<6xi32>, %clamped: memref<6xi32>, %sums: memref<6xi32>, %flag: memref<i32>)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c6 = arith.constant 6 : index
  ckpt.checkpoint 0 "helpers" yield_on %flag : memref<i32> {
    scf.parallel (%i) = (%c0) to (%c6) step (%c1) {
      %v = memref.load %x[%i] : memref<6xi32>
      %c = func.call @clamp(%v) : (i32) -> i32
      memref.store %c, %clamped[%i] : memref<6xi32>
      scf.reduce
    }
    scf.for %i = %c0 to %c6 step %c1 {
      %v = memref.load %clamped[%i] : memref<6xi32>
      %s = func.call @sum_of_squares(%v) : (i32) -> i32
      memref.store %s, %sums[%i] : memref<6xi32>
    }
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %x = memref.alloc() : memref<6xi32>
  %clamped = memref.alloc() : memref<6xi32>
  %sums = memref.alloc() : memref<6xi32>
  %flag = memref.alloc() : memref<i32>
  %start = arith.constant dense<[-5, 0, 3, 10, 11, 100]> : vector<6xi32>
  vector.store %start, %x[%c0] : memref<6xi32>, vector<6xi32>
  %raised = arith.constant 1 : i32
  %zero = arith.constant 0 : i32
  memref.store %raised, %flag[] : memref<i32>
  // CHECK: ckpt.status ok=1 yielded=1 label=0 name="helpers"
  %st = ckpt.launch @k(%x, %clamped, %sums, %flag)
      : (memref<6xi32>, memref<6xi32>, memref<6xi32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %st
  memref.store %zero, %flag[] : memref<i32>
  %label = ckpt.status_label %st : i64
  // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
  // CHECK-NEXT: ( 0, 0, 3, 10, 10, 10 )
  // CHECK-NEXT: ( 0, 0, 5, 285, 285, 285 )
  %st2 = ckpt.launch @k(%x, %clamped, %sums, %flag) resume_from %label
      : (memref<6xi32>, memref<6xi32>, memref<6xi32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %st2
  %c = vector.load %clamped[%c0] : memref<6xi32>, vector<6xi32>
  vector.print %c : vector<6xi32>
  %s = vector.load %sums[%c0] : memref<6xi32>, vector<6xi32>
  vector.print %s : vector<6xi32>
  memref.dealloc %x : memref<6xi32>
  memref.dealloc %clamped : memref<6xi32>
  memref.dealloc %sums : memref<6xi32>
  memref.dealloc %flag : memref<i32>
  return
}
