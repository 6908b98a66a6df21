// memref.copy of rank 0 is a task of one iteration, also inside an explicit checkpoint
// that is resumed: the copy before the checkpoint runs once, the copies in and after it
// run again. A copy between dynamic rank-1 memrefs is one thread per element.
// RUN: %ckpt_run_target %s | FileCheck %s --match-full-lines
// RUN: %if target-cpu %{ %ckpt_opt %s --ckpt-lower-to-llvm=target=cpu | %mlir_runner -e main -entry-point-result=void -shared-libs=%runtime_lib,%c_runner_utils | FileCheck %s --match-full-lines %}

func.func @copy(%a: memref<i32>, %b: memref<i32>, %c: memref<i32>, %flag: memref<i32>,
                %x: memref<?xi32>, %y: memref<?xi32>) attributes {ckpt.graph, ckpt.checkpoints} {
  memref.copy %a, %b : memref<i32> to memref<i32>
  ckpt.checkpoint 4 "copies" yield_on %flag : memref<i32> {
    memref.copy %c, %a : memref<i32> to memref<i32>
    memref.copy %x, %y : memref<?xi32> to memref<?xi32>
  }
  memref.copy %a, %c : memref<i32> to memref<i32>
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %zero = arith.constant 0 : i32
  %one = arith.constant 1 : i32
  %v5 = arith.constant 5 : i32
  %v7 = arith.constant 7 : i32
  %v9 = arith.constant 9 : i32
  %a = memref.alloc() : memref<i32>
  %b = memref.alloc() : memref<i32>
  %c = memref.alloc() : memref<i32>
  %flag = memref.alloc() : memref<i32>
  %x = memref.alloc(%c3) : memref<?xi32>
  %y = memref.alloc(%c3) : memref<?xi32>
  memref.store %v5, %a[] : memref<i32>
  memref.store %zero, %b[] : memref<i32>
  memref.store %v7, %c[] : memref<i32>
  memref.store %one, %flag[] : memref<i32>
  scf.for %i = %c0 to %c3 step %c1 {
    %i32 = arith.index_cast %i : index to i32
    %v = arith.addi %i32, %v9 : i32
    memref.store %v, %x[%i] : memref<?xi32>
    memref.store %zero, %y[%i] : memref<?xi32>
  }

  // b = a = 5, then a = c = 7, y = x; the flag is up: the copy after the checkpoint waits.
  // CHECK: ckpt.status ok=1 yielded=1 label=4 name="copies"
  // CHECK-NEXT: a b c: 7 5 7
  // CHECK-NEXT: y: 9 10 11
  %first = ckpt.launch @copy(%a, %b, %c, %flag, %x, %y)
      : (memref<i32>, memref<i32>, memref<i32>, memref<i32>, memref<?xi32>, memref<?xi32>)
      -> !ckpt.status
  %first_label = ckpt.status_label %first : i64
  ckpt.status_print %first
  call @print_abc(%a, %b, %c) : (memref<i32>, memref<i32>, memref<i32>) -> ()
  call @print_vector(%y) : (memref<?xi32>) -> ()

  // Resumed with c = 9 and b = 0: a = c = 9 and c = a = 9; b keeps 0 (its copy is skipped).
  // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
  // CHECK-NEXT: a b c: 9 0 9
  // CHECK-NEXT: y: 9 10 11
  memref.store %zero, %flag[] : memref<i32>
  memref.store %zero, %b[] : memref<i32>
  memref.store %v9, %c[] : memref<i32>
  %second = ckpt.launch @copy(%a, %b, %c, %flag, %x, %y) resume_from %first_label
      : (memref<i32>, memref<i32>, memref<i32>, memref<i32>, memref<?xi32>, memref<?xi32>)
      -> !ckpt.status
  ckpt.status_print %second
  call @print_abc(%a, %b, %c) : (memref<i32>, memref<i32>, memref<i32>) -> ()
  call @print_vector(%y) : (memref<?xi32>) -> ()
  memref.dealloc %a : memref<i32>
  memref.dealloc %b : memref<i32>
  memref.dealloc %c : memref<i32>
  memref.dealloc %flag : memref<i32>
  memref.dealloc %x : memref<?xi32>
  memref.dealloc %y : memref<?xi32>
  return
}

func.func @print_abc(%a: memref<i32>, %b: memref<i32>, %c: memref<i32>) {
  %va = memref.load %a[] : memref<i32>
  %vb = memref.load %b[] : memref<i32>
  %vc = memref.load %c[] : memref<i32>
  vector.print str "a b c: "
  vector.print %va : i32 punctuation <no_punctuation>
  vector.print str " "
  vector.print %vb : i32 punctuation <no_punctuation>
  vector.print str " "
  vector.print %vc : i32
  return
}

func.func @print_vector(%v: memref<?xi32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = memref.dim %v, %c0 : memref<?xi32>
  vector.print str "y:"
  scf.for %i = %c0 to %n step %c1 {
    %e = memref.load %v[%i] : memref<?xi32>
    vector.print str " "
    vector.print %e : i32 punctuation <no_punctuation>
  }
  vector.print punctuation <newline>
  return
}
