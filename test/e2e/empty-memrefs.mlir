// Tasks on memrefs with no elements: a parameter of static size 0 (filled, and indexed in
// a loop of no iterations), one of dynamic size 0, and a 0x4 view, beside a task that
// counts what it saw, inside a checkpoint that yields and is resumed. SPIR-V has no arrays
// of length 0: on Vulkan such a parameter reaches the shader with dynamic sizes.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines

func.func @k(%e: memref<0xf32>, %d: memref<?xf32>, %m: memref<0x4xi32>, %count: memref<2xi32>,
             %flag: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1.0 : f32
  %seven = arith.constant 7 : i32
  ckpt.checkpoint 0 "empty" yield_on %flag : memref<i32> {
    linalg.fill ins(%one : f32) outs(%e : memref<0xf32>)
    linalg.fill ins(%one : f32) outs(%d : memref<?xf32>)
    linalg.fill ins(%seven : i32) outs(%m : memref<0x4xi32>)
    scf.for %once = %c0 to %c1 step %c1 {
      %n = memref.dim %d, %c0 : memref<?xf32>
      %rows = memref.dim %m, %c0 : memref<0x4xi32>
      %all = arith.addi %n, %rows : index
      %seen = arith.index_cast %all : index to i32
      %runs = memref.load %count[%c1] : memref<2xi32>
      %more = arith.constant 1 : i32
      %runs1 = arith.addi %runs, %more : i32
      memref.store %seen, %count[%c0] : memref<2xi32>
      memref.store %runs1, %count[%c1] : memref<2xi32>
    }
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %e = memref.alloc() : memref<0xf32>
  %d = memref.alloc(%c0) : memref<?xf32>
  %m = memref.alloc() : memref<0x4xi32>
  %count = memref.alloc() : memref<2xi32>
  %flag = memref.alloc() : memref<i32>
  %start = arith.constant dense<[-1, 0]> : vector<2xi32>
  vector.store %start, %count[%c0] : memref<2xi32>, vector<2xi32>
  %raised = arith.constant 1 : i32
  %zero = arith.constant 0 : i32
  memref.store %raised, %flag[] : memref<i32>
  // CHECK: ckpt.status ok=1 yielded=1 label=0 name="empty"
  %st = ckpt.launch @k(%e, %d, %m, %count, %flag)
      : (memref<0xf32>, memref<?xf32>, memref<0x4xi32>, memref<2xi32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %st
  memref.store %zero, %flag[] : memref<i32>
  %label = ckpt.status_label %st : i64
  // No elements anywhere, and the counting task ran twice.
  // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
  // CHECK-NEXT: ( 0, 2 )
  %st2 = ckpt.launch @k(%e, %d, %m, %count, %flag) resume_from %label
      : (memref<0xf32>, memref<?xf32>, memref<0x4xi32>, memref<2xi32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %st2
  %v = vector.load %count[%c0] : memref<2xi32>, vector<2xi32>
  vector.print %v : vector<2xi32>
  memref.dealloc %e : memref<0xf32>
  memref.dealloc %d : memref<?xf32>
  memref.dealloc %m : memref<0x4xi32>
  memref.dealloc %count : memref<2xi32>
  memref.dealloc %flag : memref<i32>
  return
}
