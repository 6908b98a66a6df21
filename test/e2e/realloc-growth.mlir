// The host grows a buffer with memref.realloc between a yield and the resume: a task
// appends into `out` while it has room, and raises the flag when it runs out; the host
// reallocates `out` twice as large (the contents so far carried over) and resumes. The
// pipeline expands memref.realloc into an allocation, a copy and a deallocation
// (expand-realloc); left alone, it reached LLVM as unrealized casts.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines

func.func @k(%n: index, %out: memref<?xi32>, %count: memref<i32>, %flag: memref<i32>)
    attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  ckpt.checkpoint 0 "append" yield_on %flag : memref<i32> {
    // Append 10 * i for i in [count, n) while there is room; raise the flag if not.
    scf.for %once = %c0 to %c1 step %c1 {
      %cap = memref.dim %out, %c0 : memref<?xi32>
      %start = memref.load %count[] : memref<i32>
      %first = arith.index_cast %start : i32 to index
      %room = arith.minui %n, %cap : index
      scf.for %i = %first to %room step %c1 {
        %ii = arith.index_cast %i : index to i32
        %ten = arith.constant 10 : i32
        %v = arith.muli %ii, %ten : i32
        memref.store %v, %out[%i] : memref<?xi32>
      }
      %end = arith.maxui %first, %room : index
      %endi = arith.index_cast %end : index to i32
      memref.store %endi, %count[] : memref<i32>
      %full = arith.cmpi ult, %room, %n : index
      %raise = arith.extui %full : i1 to i32
      memref.store %raise, %flag[] : memref<i32>
    }
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c2 = arith.constant 2 : index
  %n = arith.constant 7 : index
  %out = memref.alloc(%c2) : memref<?xi32>
  %count = memref.alloc() : memref<i32>
  %flag = memref.alloc() : memref<i32>
  %zero = arith.constant 0 : i32
  memref.store %zero, %count[] : memref<i32>
  memref.store %zero, %flag[] : memref<i32>
  // CHECK: ckpt.status ok=1 yielded=1 label=0 name="append"
  %st = ckpt.launch @k(%n, %out, %count, %flag)
      : (index, memref<?xi32>, memref<i32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %st
  %label = ckpt.status_label %st : i64
  %c4 = arith.constant 4 : index
  %bigger = memref.realloc %out(%c4) : memref<?xi32> to memref<?xi32>
  // CHECK-NEXT: ckpt.status ok=1 yielded=1 label=0 name="append"
  %st2 = ckpt.launch @k(%n, %bigger, %count, %flag) resume_from %label
      : (index, memref<?xi32>, memref<i32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %st2
  %c8 = arith.constant 8 : index
  %biggest = memref.realloc %bigger(%c8) : memref<?xi32> to memref<?xi32>
  // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
  // CHECK-NEXT: ( 0, 10, 20, 30, 40, 50, 60 )
  %st3 = ckpt.launch @k(%n, %biggest, %count, %flag) resume_from %label
      : (index, memref<?xi32>, memref<i32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %st3
  %v = vector.transfer_read %biggest[%c0], %zero : memref<?xi32>, vector<7xi32>
  vector.print %v : vector<7xi32>
  memref.dealloc %biggest : memref<?xi32>
  memref.dealloc %count : memref<i32>
  memref.dealloc %flag : memref<i32>
  return
}
