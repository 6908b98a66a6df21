// Tasks that are one long sequential loop, each run by a single shader invocation on the
// device targets. Lavapipe ends every loop of an invocation once its loops have run
// 65,535 iterations in all, without an error; the Vulkan kernels count their iterations
// (ckpt-spirv-loop-budget) and the runtime fails such a launch on lavapipe, naming the
// cause. Two loops of 30,000 and 35,000 in one task, run by a checkpoint that yields and
// is resumed, stay below the limit everywhere; a loop of 70,000 gives its sum on every
// other target and driver, and the error on lavapipe.
// RUN: %ckpt_run_target %s > %target_tmp.out 2> %target_tmp.err; FileCheck %s --match-full-lines --check-prefixes=CHECK,%if vulkan-lavapipe %{LAVAPIPE%} %else %{FULL%} < %target_tmp.out
// RUN: %if vulkan-lavapipe %{ FileCheck %s --check-prefix=LAVAPIPE-ERR < %target_tmp.err %}

func.func @short(%acc: memref<i32>, %flag: memref<i32>) attributes {ckpt.graph, ckpt.checkpoints} {
  ckpt.checkpoint 0 "count" yield_on %flag : memref<i32> {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %n = arith.constant 30000 : index
    %m = arith.constant 35000 : index
    %one = arith.constant 1 : i32
    scf.for %once = %c0 to %c1 step %c1 {
      scf.for %i = %c0 to %n step %c1 {
        %v = memref.load %acc[] : memref<i32>
        %w = arith.addi %v, %one : i32
        memref.store %w, %acc[] : memref<i32>
      }
      scf.for %i = %c0 to %m step %c1 {
        %v = memref.load %acc[] : memref<i32>
        %w = arith.addi %v, %one : i32
        memref.store %w, %acc[] : memref<i32>
      }
    }
  }
  return
}

func.func @long(%acc: memref<i32>) attributes {ckpt.graph} {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %n = arith.constant 70000 : index
  %one = arith.constant 1 : i32
  scf.for %i = %c0 to %n step %c1 {
    %v = memref.load %acc[] : memref<i32>
    %w = arith.addi %v, %one : i32
    memref.store %w, %acc[] : memref<i32>
  }
  return
}

func.func @main() {
  %zero = arith.constant 0 : i32
  %raised = arith.constant 1 : i32
  %acc = memref.alloc() : memref<i32>
  %flag = memref.alloc() : memref<i32>
  memref.store %zero, %acc[] : memref<i32>
  memref.store %raised, %flag[] : memref<i32>
  // CHECK: ckpt.status ok=1 yielded=1 label=0 name="count"
  %st = ckpt.launch @short(%acc, %flag) : (memref<i32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %st
  memref.store %zero, %flag[] : memref<i32>
  %label = arith.constant 0 : i64
  // The checkpoint ran twice: 2 * (30,000 + 35,000).
  // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
  // CHECK-NEXT: 130000
  %st2 = ckpt.launch @short(%acc, %flag) resume_from %label : (memref<i32>, memref<i32>) -> !ckpt.status
  ckpt.status_print %st2
  %sum = memref.load %acc[] : memref<i32>
  vector.print %sum : i32

  memref.store %zero, %acc[] : memref<i32>
  // FULL-NEXT: ckpt.status ok=1 yielded=0 label=-1
  // FULL-NEXT: 70000
  // LAVAPIPE-NEXT: ckpt.status ok=0 yielded=0 label=-1
  // LAVAPIPE-ERR: ckpt: error: a task of kernel 'long' ran 65,535 or more loop iterations in one shader invocation on '{{.*}}' (lavapipe), which ends every loop of an invocation at that count without an error: its results may be incomplete. Run it on a GPU's Vulkan driver or the cpu target, or spread the loop over invocations (an scf.parallel task)
  %st3 = ckpt.launch @long(%acc) : (memref<i32>) -> !ckpt.status
  ckpt.status_print %st3
  %long = memref.load %acc[] : memref<i32>
  vector.print %long : i32
  memref.dealloc %acc : memref<i32>
  memref.dealloc %flag : memref<i32>
  return
}
