// Checkpoint names with a quote, a backslash and non-ASCII text: a yield reports the name
// as written, and ckpt.status_print escapes the quote and the backslash, so the printed
// name reads back as the MLIR string it came from.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines

func.func @k(%x: memref<1xi32>, %a: memref<i32>, %b: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %one = arith.constant 1 : i32
  ckpt.checkpoint 7 "the \"big\" one" yield_on %a : memref<i32> {
    scf.for %i = %c0 to %c1 step %c1 {
      %v = memref.load %x[%c0] : memref<1xi32>
      %w = arith.addi %v, %one : i32
      memref.store %w, %x[%c0] : memref<1xi32>
    }
  }
  ckpt.checkpoint 8 "C:\\tmp — Größe" yield_on %b : memref<i32> {
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %x = memref.alloc() : memref<1xi32>
  %a = memref.alloc() : memref<i32>
  %b = memref.alloc() : memref<i32>
  %zero = arith.constant 0 : i32
  %raised = arith.constant 1 : i32
  memref.store %zero, %x[%c0] : memref<1xi32>
  memref.store %raised, %a[] : memref<i32>
  memref.store %raised, %b[] : memref<i32>
  // CHECK: ckpt.status ok=1 yielded=1 label=7 name="the \"big\" one"
  %st = ckpt.launch @k(%x, %a, %b) : (memref<1xi32>, memref<i32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %st
  memref.store %zero, %a[] : memref<i32>
  %l7 = ckpt.status_label %st : i64
  // CHECK-NEXT: ckpt.status ok=1 yielded=1 label=8 name="C:\\tmp — Größe"
  %st2 = ckpt.launch @k(%x, %a, %b) resume_from %l7 : (memref<1xi32>, memref<i32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %st2
  memref.store %zero, %b[] : memref<i32>
  %l8 = ckpt.status_label %st2 : i64
  // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
  // CHECK-NEXT: 2
  %st3 = ckpt.launch @k(%x, %a, %b) resume_from %l8 : (memref<1xi32>, memref<i32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %st3
  %v = memref.load %x[%c0] : memref<1xi32>
  vector.print %v : i32
  memref.dealloc %x : memref<1xi32>
  memref.dealloc %a : memref<i32>
  memref.dealloc %b : memref<i32>
  return
}
