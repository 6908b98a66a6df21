// An index scalar that reaches a task: index is 64 bits on the host and the CPU target,
// 32 bits in Vulkan shaders. Within 32 bits every target computes the same; a value
// beyond them fails the launch on Vulkan, naming the fix, instead of being truncated.
// The checkpoint yields and is resumed with the small value.
// RUN: %ckpt_run_target %s > %target_tmp.out 2> %target_tmp.err; FileCheck %s --match-full-lines --check-prefixes=CHECK,%if target-vulkan %{VULKAN%} %else %{WIDE%} < %target_tmp.out
// RUN: %if target-vulkan %{ FileCheck %s --check-prefix=VULKAN-ERR < %target_tmp.err %}

func.func @k(%n: index, %o: memref<1xi64>, %flag: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  ckpt.checkpoint 0 "offset" yield_on %flag : memref<i32> {
    scf.for %i = %c0 to %c1 step %c1 {
      %base = arith.constant 1000 : index
      %d = arith.subi %n, %base : index
      %v = arith.index_cast %d : index to i64
      %old = memref.load %o[%c0] : memref<1xi64>
      %sum = arith.addi %old, %v : i64
      memref.store %sum, %o[%c0] : memref<1xi64>
    }
  }
  return
}

func.func @main() {
  %c0 = arith.constant 0 : index
  %o = memref.alloc() : memref<1xi64>
  %flag = memref.alloc() : memref<i32>
  %zero64 = arith.constant 0 : i64
  memref.store %zero64, %o[%c0] : memref<1xi64>
  %raised = arith.constant 1 : i32
  %zero = arith.constant 0 : i32
  memref.store %raised, %flag[] : memref<i32>
  %small = arith.constant 1234 : index
  // CHECK: ckpt.status ok=1 yielded=1 label=0 name="offset"
  %st = ckpt.launch @k(%small, %o, %flag) : (index, memref<1xi64>, memref<i32>) -> !ckpt.status
  ckpt.status_print %st
  memref.store %zero, %flag[] : memref<i32>
  %label = ckpt.status_label %st : i64
  // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
  // CHECK-NEXT: 468
  %st2 = ckpt.launch @k(%small, %o, %flag) resume_from %label : (index, memref<1xi64>, memref<i32>) -> !ckpt.status
  ckpt.status_print %st2
  %v = memref.load %o[%c0] : memref<1xi64>
  vector.print %v : i64
  // 3,000,000,000 does not fit Vulkan's 32-bit index.
  // WIDE-NEXT: ckpt.status ok=1 yielded=0 label=-1
  // WIDE-NEXT: 2999999468
  // VULKAN-NEXT: ckpt.status ok=0 yielded=0 label=-1
  // VULKAN-NEXT: 468
  // VULKAN-ERR: ckpt: error: an index value that a task of graph kernel 'k' receives (operand {{[0-9]+}} of its kernel '{{.*}}') is 3000000000, beyond the 32-bit index of the Vulkan target's shaders: keep index values that reach a Vulkan task below 2^31, or pass the value as i64 and compute with i64 inside the task
  %big = arith.constant 3000000000 : index
  %st3 = ckpt.launch @k(%big, %o, %flag) : (index, memref<1xi64>, memref<i32>) -> !ckpt.status
  ckpt.status_print %st3
  %w = memref.load %o[%c0] : memref<1xi64>
  vector.print %w : i64
  memref.dealloc %o : memref<1xi64>
  memref.dealloc %flag : memref<i32>
  return
}
