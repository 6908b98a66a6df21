; Every compile-time rule of docs/semantics.md, and what else the plugin refuses, each
; with its diagnostic (the same texts as the MLIR passes where the rule is the same).
; RUN: split-file %s %t
; RUN: not %opt -passes=ckpt-graph-kernels -disable-output %t/opt-in.ll 2>&1 | FileCheck %t/opt-in.ll
; RUN: not %opt -passes=ckpt-graph-kernels -disable-output %t/checkpoints-without-graph.ll 2>&1 | FileCheck %t/checkpoints-without-graph.ll
; RUN: not %opt -passes=ckpt-graph-kernels -disable-output %t/outside-kernel.ll 2>&1 | FileCheck %t/outside-kernel.ll
; RUN: not %opt -passes=ckpt-graph-kernels -disable-output %t/nested.ll 2>&1 | FileCheck %t/nested.ll
; RUN: not %opt -passes=ckpt-graph-kernels -disable-output %t/in-task.ll 2>&1 | FileCheck %t/in-task.ll
; RUN: not %opt -passes=ckpt-graph-kernels -disable-output %t/do-while-in-checkpoint.ll 2>&1 | FileCheck %t/do-while-in-checkpoint.ll
; RUN: not %opt -passes=ckpt-graph-kernels -disable-output %t/task-in-task.ll 2>&1 | FileCheck %t/task-in-task.ll
; RUN: not %opt -passes=ckpt-graph-kernels -disable-output %t/branch.ll 2>&1 | FileCheck %t/branch.ll
; RUN: not %opt -passes=ckpt-graph-kernels -disable-output %t/loop.ll 2>&1 | FileCheck %t/loop.ll
; RUN: not %opt -passes=ckpt-graph-kernels -disable-output %t/duplicate.ll 2>&1 | FileCheck %t/duplicate.ll
; RUN: not %opt -passes=ckpt-graph-kernels -disable-output %t/flag.ll 2>&1 | FileCheck %t/flag.ll
; RUN: not %opt -passes=ckpt-graph-kernels -disable-output %t/label.ll 2>&1 | FileCheck %t/label.ll
; RUN: not %opt -passes=ckpt-graph-kernels -disable-output %t/cond.ll 2>&1 | FileCheck %t/cond.ll
; RUN: not %opt -passes=ckpt-graph-kernels -disable-output %t/bare.ll 2>&1 | FileCheck %t/bare.ll
; RUN: not %opt -passes=ckpt-graph-kernels -disable-output %t/calls-kernel.ll 2>&1 | FileCheck %t/calls-kernel.ll
; RUN: not %opt -passes=ckpt-graph-kernels -disable-output %t/calls-itself.ll 2>&1 | FileCheck %t/calls-itself.ll
; RUN: not %opt -passes=ckpt-graph-kernels -disable-output %t/indirect.ll 2>&1 | FileCheck %t/indirect.ll
; RUN: not %opt -passes=ckpt-graph-kernels -disable-output %t/launch-inside.ll 2>&1 | FileCheck %t/launch-inside.ll
; RUN: not %opt -passes=ckpt-graph-kernels -disable-output %t/value.ll 2>&1 | FileCheck %t/value.ll
; RUN: not %opt -passes=ckpt-graph-kernels -disable-output %t/local.ll 2>&1 | FileCheck %t/local.ll
; RUN: not %opt -passes=ckpt-graph-kernels -disable-output %t/result.ll 2>&1 | FileCheck %t/result.ll
; RUN: not %opt -passes=ckpt-graph-kernels -disable-output %t/parameter.ll 2>&1 | FileCheck %t/parameter.ll
; RUN: not %opt -passes=ckpt-graph-kernels -disable-output %t/unbalanced.ll 2>&1 | FileCheck %t/unbalanced.ll
; RUN: not %opt -passes=ckpt-graph-kernels -disable-output %t/launch-no-call.ll 2>&1 | FileCheck %t/launch-no-call.ll
; RUN: not %opt -passes=ckpt-graph-kernels -disable-output %t/launch-not-kernel.ll 2>&1 | FileCheck %t/launch-not-kernel.ll
; RUN: not %opt -passes=ckpt-graph-kernels -disable-output %t/signature.ll 2>&1 | FileCheck %t/signature.ll
; RUN: not %opt -passes=ckpt-graph-kernels -disable-output %t/share-outside-task.ll 2>&1 | FileCheck %t/share-outside-task.ll
; RUN: not %opt -passes=ckpt-graph-kernels -disable-output %t/parameter-copy-written.ll 2>&1 | FileCheck %t/parameter-copy-written.ll
; RUN: not %opt -passes=ckpt-graph-kernels -disable-output %t/byval.ll 2>&1 | FileCheck %t/byval.ll
; RUN: not %opt -passes=ckpt-graph-kernels -disable-output %t/pointer-size.ll 2>&1 | FileCheck %t/pointer-size.ll
; RUN: not %opt -passes=ckpt-graph-kernels -disable-output %t/launch-two-kernels.ll 2>&1 | FileCheck %t/launch-two-kernels.ll
; RUN: not %opt -passes=ckpt-graph-kernels -disable-output %t/launch-pointer.ll 2>&1 | FileCheck %t/launch-pointer.ll
; RUN: not %opt -passes=ckpt-graph-kernels -disable-output %t/launch-returns-value.ll 2>&1 | FileCheck %t/launch-returns-value.ll
; RUN: not %opt -passes=ckpt-graph-kernels -disable-output %t/longjmp.ll 2>&1 | FileCheck %t/longjmp.ll
; RUN: not %opt -passes=ckpt-graph-kernels -disable-output %t/throw.ll 2>&1 | FileCheck %t/throw.ll
; RUN: not %opt -passes='ckpt-graph-kernels<target=cuda>' -disable-output %t/opt-in.ll 2>&1 | FileCheck %s --check-prefix=TARGET
; TARGET: ckpt-graph-kernels: target=cuda is not supported by the LLVM plugin: it builds CPU plans only (target=cpu)

;--- opt-in.ll
; CHECK: error: {{.*}}a checkpoint is only allowed in a graph kernel that opted in to checkpoints: add the `ckpt.checkpoints` attribute to @k
define void @k(ptr %f) "ckpt.graph" {
  call void @__ckpt_libCkptLLVMPlugin_checkpoint_begin(i64 1, ptr null, ptr %f)
  call void @__ckpt_libCkptLLVMPlugin_checkpoint_end()
  ret void
}
declare void @__ckpt_libCkptLLVMPlugin_checkpoint_begin(i64, ptr, ptr)
declare void @__ckpt_libCkptLLVMPlugin_checkpoint_end()

;--- checkpoints-without-graph.ll
; CHECK: error: {{.*}}`ckpt.checkpoints` is only valid on a graph kernel: add the `ckpt.graph` attribute to @k
define void @k(ptr %f) "ckpt.checkpoints" {
  ret void
}

;--- outside-kernel.ll
; CHECK: error: {{.*}}a task (CKPT_TASK) is only allowed in a graph kernel: mark @helper with CKPT_GRAPH_KERNEL
define void @helper() {
  call void @__ckpt_libCkptLLVMPlugin_task_begin()
  call void @__ckpt_libCkptLLVMPlugin_task_end()
  ret void
}
declare void @__ckpt_libCkptLLVMPlugin_task_begin()
declare void @__ckpt_libCkptLLVMPlugin_task_end()

;--- nested.ll
; CHECK: error: {{.*}}checkpoints cannot nest: this checkpoint is inside the checkpoint; move it to the kernel's top level or directly into a CKPT_DO_WHILE body
define void @k(ptr %f) "ckpt.graph" "ckpt.checkpoints" {
  call void @__ckpt_libCkptLLVMPlugin_checkpoint_begin(i64 1, ptr null, ptr %f)
  call void @__ckpt_libCkptLLVMPlugin_checkpoint_begin(i64 2, ptr null, ptr %f)
  call void @__ckpt_libCkptLLVMPlugin_checkpoint_end()
  call void @__ckpt_libCkptLLVMPlugin_checkpoint_end()
  ret void
}
declare void @__ckpt_libCkptLLVMPlugin_checkpoint_begin(i64, ptr, ptr)
declare void @__ckpt_libCkptLLVMPlugin_checkpoint_end()

;--- in-task.ll
; CHECK: error: {{.*}}a checkpoint cannot sit inside a task: place it at the kernel's top level or directly inside a CKPT_DO_WHILE body
define void @k(ptr %f) "ckpt.graph" "ckpt.checkpoints" {
  call void @__ckpt_libCkptLLVMPlugin_task_begin()
  call void @__ckpt_libCkptLLVMPlugin_checkpoint_begin(i64 1, ptr null, ptr %f)
  call void @__ckpt_libCkptLLVMPlugin_checkpoint_end()
  call void @__ckpt_libCkptLLVMPlugin_task_end()
  ret void
}
declare void @__ckpt_libCkptLLVMPlugin_task_begin()
declare void @__ckpt_libCkptLLVMPlugin_task_end()
declare void @__ckpt_libCkptLLVMPlugin_checkpoint_begin(i64, ptr, ptr)
declare void @__ckpt_libCkptLLVMPlugin_checkpoint_end()

;--- do-while-in-checkpoint.ll
; CHECK: error: {{.*}}a do-while cannot sit inside a checkpoint: place it at the kernel's top level or directly inside a CKPT_DO_WHILE body
define void @k(ptr %f, ptr %c) "ckpt.graph" "ckpt.checkpoints" {
  call void @__ckpt_libCkptLLVMPlugin_checkpoint_begin(i64 1, ptr null, ptr %f)
  call void @__ckpt_libCkptLLVMPlugin_do_while_begin(ptr %c)
  call void @__ckpt_libCkptLLVMPlugin_do_while_end()
  call void @__ckpt_libCkptLLVMPlugin_checkpoint_end()
  ret void
}
declare void @__ckpt_libCkptLLVMPlugin_checkpoint_begin(i64, ptr, ptr)
declare void @__ckpt_libCkptLLVMPlugin_checkpoint_end()
declare void @__ckpt_libCkptLLVMPlugin_do_while_begin(ptr)
declare void @__ckpt_libCkptLLVMPlugin_do_while_end()

;--- task-in-task.ll
; CHECK: error: {{.*}}a task cannot sit inside another task: end that task first
define void @k() "ckpt.graph" {
  call void @__ckpt_libCkptLLVMPlugin_task_begin()
  call void @__ckpt_libCkptLLVMPlugin_task_begin()
  call void @__ckpt_libCkptLLVMPlugin_task_end()
  call void @__ckpt_libCkptLLVMPlugin_task_end()
  ret void
}
declare void @__ckpt_libCkptLLVMPlugin_task_begin()
declare void @__ckpt_libCkptLLVMPlugin_task_end()

;--- branch.ll
; CHECK: error: {{.*}}graph kernel @k must be a sequence of tasks, checkpoints and do-whiles: this marker is under control flow (an if, a loop, an early return, or a break, continue, goto or return that leaves a task before its end); move the control flow into a task, and use CKPT_DO_WHILE for loops
define void @k(i1 %c) "ckpt.graph" {
entry:
  br i1 %c, label %then, label %done
then:
  call void @__ckpt_libCkptLLVMPlugin_task_begin()
  call void @__ckpt_libCkptLLVMPlugin_task_end()
  br label %done
done:
  ret void
}
declare void @__ckpt_libCkptLLVMPlugin_task_begin()
declare void @__ckpt_libCkptLLVMPlugin_task_end()

;--- loop.ll
; A C loop around a task: the walk meets the task's begin marker twice.
; CHECK: error: {{.*}}graph kernel @k must be a sequence of tasks, checkpoints and do-whiles: this marker is under control flow
define void @k(i64 %n) "ckpt.graph" {
entry:
  br label %loop
loop:
  %i = phi i64 [ 0, %entry ], [ %next, %loop ]
  call void @__ckpt_libCkptLLVMPlugin_task_begin()
  call void @__ckpt_libCkptLLVMPlugin_task_end()
  %next = add i64 %i, 1
  %again = icmp slt i64 %next, %n
  br i1 %again, label %loop, label %done
done:
  ret void
}
declare void @__ckpt_libCkptLLVMPlugin_task_begin()
declare void @__ckpt_libCkptLLVMPlugin_task_end()

;--- duplicate.ll
; CHECK: error: {{.*}}checkpoint label 3 is already used by the checkpoint before it; labels must be unique in a kernel: pick another label
define void @k(ptr %f) "ckpt.graph" "ckpt.checkpoints" {
  call void @__ckpt_libCkptLLVMPlugin_checkpoint_begin(i64 3, ptr null, ptr %f)
  call void @__ckpt_libCkptLLVMPlugin_checkpoint_end()
  call void @__ckpt_libCkptLLVMPlugin_checkpoint_begin(i64 3, ptr null, ptr %f)
  call void @__ckpt_libCkptLLVMPlugin_checkpoint_end()
  ret void
}
declare void @__ckpt_libCkptLLVMPlugin_checkpoint_begin(i64, ptr, ptr)
declare void @__ckpt_libCkptLLVMPlugin_checkpoint_end()

;--- flag.ll
; CHECK: error: {{.*}}the `yield_on` flag must be a parameter of @k of type int32_t * (memref<i32>), passed as is; the pointer parameters of @k are: 0 (x) 2 (flags)
define void @k(ptr %x, i64 %n, ptr %flags) "ckpt.graph" "ckpt.checkpoints" {
  %second = getelementptr i32, ptr %flags, i64 1
  call void @__ckpt_libCkptLLVMPlugin_checkpoint_begin(i64 1, ptr null, ptr %second)
  call void @__ckpt_libCkptLLVMPlugin_checkpoint_end()
  ret void
}
declare void @__ckpt_libCkptLLVMPlugin_checkpoint_begin(i64, ptr, ptr)
declare void @__ckpt_libCkptLLVMPlugin_checkpoint_end()

;--- label.ll
; CHECK: error: {{.*}}the label of a checkpoint must be an integer constant (it names the checkpoint to the host)
define void @k(ptr %f, i64 %label) "ckpt.graph" "ckpt.checkpoints" {
  call void @__ckpt_libCkptLLVMPlugin_checkpoint_begin(i64 %label, ptr null, ptr %f)
  call void @__ckpt_libCkptLLVMPlugin_checkpoint_end()
  ret void
}
declare void @__ckpt_libCkptLLVMPlugin_checkpoint_begin(i64, ptr, ptr)
declare void @__ckpt_libCkptLLVMPlugin_checkpoint_end()

;--- cond.ll
; CHECK: error: {{.*}}the condition of a do-while must be a parameter of @k of type int32_t * (memref<i32>), passed as is; @k has no pointer parameter: add an int32_t * parameter
@global_cond = global i32 0
define void @k() "ckpt.graph" {
  call void @__ckpt_libCkptLLVMPlugin_do_while_begin(ptr @global_cond)
  call void @__ckpt_libCkptLLVMPlugin_do_while_end()
  ret void
}
declare void @__ckpt_libCkptLLVMPlugin_do_while_begin(ptr)
declare void @__ckpt_libCkptLLVMPlugin_do_while_end()

;--- bare.ll
; CHECK: error: {{.*}}a bare statement: a checkpoint body holds only tasks and pure computations; wrap the statement in a task: CKPT_TASK(...);
define void @k(ptr %f, ptr %x) "ckpt.graph" "ckpt.checkpoints" {
  call void @__ckpt_libCkptLLVMPlugin_checkpoint_begin(i64 1, ptr null, ptr %f)
  store i32 1, ptr %x
  call void @__ckpt_libCkptLLVMPlugin_checkpoint_end()
  ret void
}
declare void @__ckpt_libCkptLLVMPlugin_checkpoint_begin(i64, ptr, ptr)
declare void @__ckpt_libCkptLLVMPlugin_checkpoint_end()

;--- calls-kernel.ll
; CHECK: error: {{.*}}graph kernel @k calls graph kernel @other; a graph kernel runs as a whole launch from the host, never inside a task: launch it from host code, before or after this kernel, or call a plain function instead
define void @other() "ckpt.graph" {
  ret void
}
define void @helper() {
  call void @other()
  ret void
}
define void @k() "ckpt.graph" {
  call void @__ckpt_libCkptLLVMPlugin_task_begin()
  call void @helper()
  call void @__ckpt_libCkptLLVMPlugin_task_end()
  ret void
}
declare void @__ckpt_libCkptLLVMPlugin_task_begin()
declare void @__ckpt_libCkptLLVMPlugin_task_end()

;--- calls-itself.ll
; CHECK: error: {{.*}}graph kernel @k calls graph kernel @k (itself); a graph kernel runs as a whole launch from the host, never inside a task: launch it again from host code once this launch returns (a CKPT_DO_WHILE repeats work within one launch)
define void @k() "ckpt.graph" {
  call void @__ckpt_libCkptLLVMPlugin_task_begin()
  call void @k()
  call void @__ckpt_libCkptLLVMPlugin_task_end()
  ret void
}
declare void @__ckpt_libCkptLLVMPlugin_task_begin()
declare void @__ckpt_libCkptLLVMPlugin_task_end()

;--- indirect.ll
; CHECK: error: {{.*}}graph kernel @k calls through a function pointer; ckpt must see every function a task calls, to keep graph kernels out of tasks: call the function by name
define void @k(ptr %fn) "ckpt.graph" {
  call void @__ckpt_libCkptLLVMPlugin_task_begin()
  call void %fn()
  call void @__ckpt_libCkptLLVMPlugin_task_end()
  ret void
}
declare void @__ckpt_libCkptLLVMPlugin_task_begin()
declare void @__ckpt_libCkptLLVMPlugin_task_end()

;--- launch-inside.ll
; CHECK: error: {{.*}}graph kernel @k launches a graph kernel from inside itself; graph kernels cannot nest: launch it from host code, before or after @k
define void @other() "ckpt.graph" {
  ret void
}
define void @k(ptr %status) "ckpt.graph" {
  call void @__ckpt_libCkptLLVMPlugin_launch_next(ptr %status, i64 0, i64 0)
  call void @other()
  ret void
}
declare void @__ckpt_libCkptLLVMPlugin_launch_next(ptr, i64, i64)

;--- value.ll
; A value loaded by a bare statement reaches a task only through memory.
; CHECK: error: {{.*}}a task or statement of graph kernel @k uses a value computed outside it by a statement, another task or control flow (%n = load i64, ptr %x{{.*}}); tasks of a graph kernel communicate through memory
define void @k(ptr %x) "ckpt.graph" {
  %n = load i64, ptr %x
  call void @__ckpt_libCkptLLVMPlugin_task_begin()
  %twice = mul i64 %n, 2
  store i64 %twice, ptr %x
  call void @__ckpt_libCkptLLVMPlugin_task_end()
  ret void
}
declare void @__ckpt_libCkptLLVMPlugin_task_begin()
declare void @__ckpt_libCkptLLVMPlugin_task_end()

;--- local.ll
; A local that one task uses moves into it; one that two tasks share cannot.
; CHECK: error: {{.*}}a task uses a local variable of graph kernel @k that another task or the kernel's own code uses too, whose address is taken: the kernel's frame does not exist when the task runs; declare the variable inside the one task that uses it, or pass the memory through a pointer parameter
define void @k(ptr %x) "ckpt.graph" {
  %buffer = alloca [4 x i32]
  %own = alloca [4 x i32]
  call void @__ckpt_libCkptLLVMPlugin_task_begin()
  call void @fill(ptr %buffer)
  call void @fill(ptr %own)
  call void @__ckpt_libCkptLLVMPlugin_task_end()
  call void @__ckpt_libCkptLLVMPlugin_task_begin()
  call void @fill(ptr %buffer)
  call void @__ckpt_libCkptLLVMPlugin_task_end()
  ret void
}
declare void @fill(ptr)
declare void @__ckpt_libCkptLLVMPlugin_task_begin()
declare void @__ckpt_libCkptLLVMPlugin_task_end()

;--- result.ll
; CHECK: error: {{.*}}graph kernel @k returns a value; a graph kernel returns nothing: write results to memory a pointer parameter points at
define i32 @k() "ckpt.graph" {
  ret i32 0
}

;--- parameter.ll
; CHECK: error: {{.*}}parameter 1 of graph kernel @k has type <4 x float>: a graph kernel takes pointers, integers of up to 64 bits, float and double (pass a struct through a pointer)
define void @k(ptr %x, <4 x float> %v) "ckpt.graph" {
  ret void
}

;--- unbalanced.ll
; CHECK: error: {{.*}}the end of a checkpoint has no matching begin: every begin marker needs its end marker, properly nested
define void @k(ptr %f) "ckpt.graph" "ckpt.checkpoints" {
  call void @__ckpt_libCkptLLVMPlugin_task_begin()
  call void @__ckpt_libCkptLLVMPlugin_checkpoint_end()
  ret void
}
declare void @__ckpt_libCkptLLVMPlugin_task_begin()
declare void @__ckpt_libCkptLLVMPlugin_checkpoint_end()

;--- launch-no-call.ll
; CHECK: error: {{.*}}CKPT_LAUNCH and CKPT_RESUME must wrap a direct call of a graph kernel, e.g. CKPT_LAUNCH(&status, step(x, flag)); one kernel per launch (to choose between kernels, write one launch for each in an if)
define void @host(ptr %status) {
  call void @__ckpt_libCkptLLVMPlugin_launch_next(ptr %status, i64 0, i64 0)
  ret void
}
declare void @__ckpt_libCkptLLVMPlugin_launch_next(ptr, i64, i64)

;--- launch-not-kernel.ll
; CHECK: error: {{.*}}CKPT_LAUNCH and CKPT_RESUME launch graph kernels, but @plain is not one: mark it with CKPT_GRAPH_KERNEL
define void @plain() {
  ret void
}
define void @host(ptr %status) {
  call void @__ckpt_libCkptLLVMPlugin_launch_next(ptr %status, i64 0, i64 0)
  call void @plain()
  ret void
}
declare void @__ckpt_libCkptLLVMPlugin_launch_next(ptr, i64, i64)
;--- signature.ll
; CHECK: error: {{.*}}this call of @__ckpt_libCkptLLVMPlugin_checkpoint_begin does not match its declaration in ckpt/graph.h (docs/llvm-ir.md lists the markers' signatures)
define void @k(ptr %f) "ckpt.graph" "ckpt.checkpoints" {
  call void @__ckpt_libCkptLLVMPlugin_checkpoint_begin(i32 1, ptr %f)
  call void @__ckpt_libCkptLLVMPlugin_checkpoint_end()
  ret void
}
declare void @__ckpt_libCkptLLVMPlugin_checkpoint_begin(i32, ptr)
declare void @__ckpt_libCkptLLVMPlugin_checkpoint_end()
;--- share-outside-task.ll
; CHECK: error: {{.*}}the bounds of a parallel loop (CKPT_PARALLEL_FOR's share markers) are only allowed inside a task
define void @k(ptr %y, i64 %n) "ckpt.graph" {
  %lo = call i64 @__ckpt_libCkptLLVMPlugin_share_begin(i64 %n)
  store i64 %lo, ptr %y
  call void @__ckpt_libCkptLLVMPlugin_task_begin()
  call void @__ckpt_libCkptLLVMPlugin_task_end()
  ret void
}
declare i64 @__ckpt_libCkptLLVMPlugin_share_begin(i64)
declare void @__ckpt_libCkptLLVMPlugin_task_begin()
declare void @__ckpt_libCkptLLVMPlugin_task_end()
;--- parameter-copy-written.ll
; A parameter whose address a task takes gets a copy per task; a statement outside the
; tasks that writes it would not reach them.
; CHECK: error: {{.*}}graph kernel @k writes the memory of parameter 1 outside its tasks (through its address, or a struct parameter's field), which a task uses too: each task has its own copy of a parameter whose address it takes; make the write part of the task
define void @k(ptr %x, i64 %n) "ckpt.graph" {
  %n.addr = alloca i64
  store i64 %n, ptr %n.addr
  store i64 7, ptr %n.addr
  call void @__ckpt_libCkptLLVMPlugin_task_begin()
  call void @use(ptr %n.addr)
  call void @__ckpt_libCkptLLVMPlugin_task_end()
  ret void
}
declare void @use(ptr)
declare void @__ckpt_libCkptLLVMPlugin_task_begin()
declare void @__ckpt_libCkptLLVMPlugin_task_end()
;--- byval.ll
; CHECK: error: {{.*}}parameter 1 of graph kernel @k is a struct passed by value (byval): ckpt hands its tasks the caller's struct itself, not a copy, so they would change it; pass a pointer to the struct (to a copy, if the kernel must not change the caller's)
define void @k(ptr %x, ptr byval([8 x i64]) %big) "ckpt.graph" {
  call void @__ckpt_libCkptLLVMPlugin_task_begin()
  store i64 1, ptr %big
  call void @__ckpt_libCkptLLVMPlugin_task_end()
  ret void
}
declare void @__ckpt_libCkptLLVMPlugin_task_begin()
declare void @__ckpt_libCkptLLVMPlugin_task_end()
;--- pointer-size.ll
; CHECK: error: {{.*}}graph kernel @k is compiled for a target with 4-byte pointers; the ckpt runtime's ABI (ckpt/mlir_abi.h, ckpt/plan.h) is that of 64-bit hosts: compile for a 64-bit target
target datalayout = "e-p:32:32-i64:64"
define void @k(ptr %x) "ckpt.graph" {
  call void @__ckpt_libCkptLLVMPlugin_task_begin()
  store i32 1, ptr %x
  call void @__ckpt_libCkptLLVMPlugin_task_end()
  ret void
}
declare void @__ckpt_libCkptLLVMPlugin_task_begin()
declare void @__ckpt_libCkptLLVMPlugin_task_end()
;--- launch-two-kernels.ll
; CKPT_LAUNCH(&s, c ? a(x) : b(x)): two calls before the closing marker.
; CHECK: error: {{.*}}CKPT_LAUNCH and CKPT_RESUME must wrap a direct call of a graph kernel, e.g. CKPT_LAUNCH(&status, step(x, flag)); one kernel per launch
define void @host(ptr %status, i1 %c, ptr %x) {
  call void @__ckpt_libCkptLLVMPlugin_launch_next(ptr %status, i64 0, i64 0)
  br i1 %c, label %then, label %else
then:
  call void @a(ptr %x)
  br label %done
else:
  call void @b(ptr %x)
  br label %done
done:
  call void @__ckpt_libCkptLLVMPlugin_launch_end()
  ret void
}
declare void @a(ptr)
declare void @b(ptr)
declare void @__ckpt_libCkptLLVMPlugin_launch_next(ptr, i64, i64)
declare void @__ckpt_libCkptLLVMPlugin_launch_end()
;--- launch-pointer.ll
; CHECK: error: {{.*}}CKPT_LAUNCH and CKPT_RESUME launch a graph kernel called by name; this call goes through a function pointer: call the kernel directly (an if with one launch per kernel chooses among several)
define void @host(ptr %status, ptr %kernel, ptr %x) {
  call void @__ckpt_libCkptLLVMPlugin_launch_next(ptr %status, i64 0, i64 0)
  call void %kernel(ptr %x)
  call void @__ckpt_libCkptLLVMPlugin_launch_end()
  ret void
}
declare void @__ckpt_libCkptLLVMPlugin_launch_next(ptr, i64, i64)
declare void @__ckpt_libCkptLLVMPlugin_launch_end()
;--- launch-returns-value.ll
; CKPT_LAUNCH(&s, puts("x")): the call before the closing marker returns a value.
; CHECK: error: {{.*}}CKPT_LAUNCH and CKPT_RESUME launch graph kernels, but @puts is not one (a graph kernel returns nothing)
@text = private constant [2 x i8] c"x\00"
define void @host(ptr %status) {
  call void @__ckpt_libCkptLLVMPlugin_launch_next(ptr %status, i64 0, i64 0)
  %r = call i32 @puts(ptr @text)
  call void @__ckpt_libCkptLLVMPlugin_launch_end()
  ret void
}
declare i32 @puts(ptr)
declare void @__ckpt_libCkptLLVMPlugin_launch_next(ptr, i64, i64)
declare void @__ckpt_libCkptLLVMPlugin_launch_end()
;--- longjmp.ll
; CHECK: error: {{.*}}a task of graph kernel @k leaves by longjmp: a task must return normally, since the runtime runs the rest of the launch after it; catch the exception or land the jump inside the task, and report the failure through memory (a yield flag lets the host act on it)
@env = global [200 x i8] zeroinitializer
define void @k(ptr %x) "ckpt.graph" {
  call void @__ckpt_libCkptLLVMPlugin_task_begin()
  call void @longjmp(ptr @env, i32 1)
  call void @__ckpt_libCkptLLVMPlugin_task_end()
  ret void
}
declare void @longjmp(ptr, i32)
declare void @__ckpt_libCkptLLVMPlugin_task_begin()
declare void @__ckpt_libCkptLLVMPlugin_task_end()
;--- throw.ll
; CHECK: error: {{.*}}a task of graph kernel @k leaves by an exception: a task must return normally
define void @k(ptr %x) "ckpt.graph" {
  call void @__ckpt_libCkptLLVMPlugin_task_begin()
  %e = call ptr @__cxa_allocate_exception(i64 4)
  call void @__cxa_throw(ptr %e, ptr null, ptr null)
  call void @__ckpt_libCkptLLVMPlugin_task_end()
  ret void
}
declare ptr @__cxa_allocate_exception(i64)
declare void @__cxa_throw(ptr, ptr, ptr)
declare void @__ckpt_libCkptLLVMPlugin_task_begin()
declare void @__ckpt_libCkptLLVMPlugin_task_end()
