; The plan, the outlined units and the dispatch function of one kernel: a bare store, a
; task (auto-wrapped), and a do-while holding checkpoint 7 "room" with one task.
; Expected tables worked out by hand from runtime/include/ckpt/plan.h:
;   node = [kind, end, fn, cp_id, param, label, name, flags]
;   0 bare fn0 | 1 implicit cp0 {2 task fn1} | 3 do-while on param 3 {4 cp1 label 7 on
;   param 2, name at 7 ("kernel\0" is 7 bytes) {5 task fn2}}
;   param = [kind, rank, bits, type]: %x a plain pointer (memref, 8-bit other), %n an i64
;   scalar, %flag and %again int32 flags (memref, 32-bit int).
; RUN: %opt -passes=ckpt-graph-kernels -S %s | FileCheck %s
; RUN: %opt -passes='ckpt-graph-kernels<target=cpu>' -S %s | FileCheck %s
; The pass runs at the start of every default pipeline, with no flag naming it:
; RUN: %opt -passes='default<O0>' -S %s | FileCheck %s --check-prefix=PIPELINE
; RUN: %opt -passes='default<O2>' -S %s | FileCheck %s --check-prefix=PIPELINE
; PIPELINE: @kernel__ckpt_plan = internal constant
; PIPELINE-NOT: __ckpt_libCkptLLVMPlugin_task_begin

@.name = private constant [5 x i8] c"room\00"

; CHECK: @kernel__ckpt_params = internal constant [16 x i64] [i64 1, i64 0, i64 8, i64 0, i64 2, i64 0, i64 64, i64 1, i64 1, i64 0, i64 32, i64 1, i64 1, i64 0, i64 32, i64 1]
; CHECK: @kernel__ckpt_nodes = internal constant [48 x i64] [i64 2, i64 1, i64 0, i64 -1, i64 -1, i64 -1, i64 -1, i64 -1, i64 3, i64 3, i64 -1, i64 0, i64 -1, i64 -1, i64 -1, i64 0, i64 1, i64 3, i64 1, i64 -1, i64 -1, i64 -1, i64 -1, i64 -1, i64 4, i64 6, i64 -1, i64 -1, i64 3, i64 -1, i64 -1, i64 -1, i64 3, i64 6, i64 -1, i64 1, i64 2, i64 7, i64 7, i64 1, i64 1, i64 6, i64 2, i64 -1, i64 -1, i64 -1, i64 -1, i64 -1]
; CHECK: @kernel__ckpt_strings = internal constant [12 x i8] c"kernel\00room\00"
; The ckpt_task_share_t {index 0, count 1}: the whole loop.
; CHECK: @__ckpt_whole_share = internal constant [2 x i64] [i64 0, i64 1]
; ABI word: "CKPT" << 32 | version 3.
; CHECK: @kernel__ckpt_plan = internal constant { i64, i64, ptr, i64, ptr, i64, ptr, ptr, i64, ptr, ptr, i64 } { i64 4849057745501945859, i64 4, ptr @kernel__ckpt_params, i64 6, ptr @kernel__ckpt_nodes, i64 12, ptr @kernel__ckpt_strings, ptr @kernel__ckpt_dispatch, i64 0, ptr null, ptr null, i64 0 }
; CHECK: @__ckpt_context = internal global ptr null
; CHECK: @llvm.global_dtors = appending global {{.*}} @__ckpt_release
; CHECK: @kernel__ckpt_kernel = internal global ptr null

; The kernel is a fresh launch now.
; CHECK-LABEL: define void @kernel(ptr %x, i64 %n, ptr %flag, ptr %again)
; CHECK-NEXT:  entry:
; CHECK-NEXT:    call void @kernel__ckpt_launch(ptr null, i64 0, i64 0, ptr %x, i64 %n, ptr %flag, ptr %again)
; CHECK-NEXT:    ret void
define void @kernel(ptr %x, i64 %n, ptr %flag, ptr %again) "ckpt.graph" "ckpt.checkpoints" {
entry:
  %m = mul i64 %n, 2
  store i32 0, ptr %flag
  call void @__ckpt_libCkptLLVMPlugin_task_begin()
  store i64 %m, ptr %x
  call void @__ckpt_libCkptLLVMPlugin_task_end()
  call void @__ckpt_libCkptLLVMPlugin_do_while_begin(ptr %again)
  call void @__ckpt_libCkptLLVMPlugin_checkpoint_begin(i64 7, ptr @.name, ptr %flag)
  call void @__ckpt_libCkptLLVMPlugin_task_begin()
  %old = load i64, ptr %x
  %new = add i64 %old, %n
  store i64 %new, ptr %x
  call void @__ckpt_libCkptLLVMPlugin_task_end()
  call void @__ckpt_libCkptLLVMPlugin_checkpoint_end()
  call void @__ckpt_libCkptLLVMPlugin_do_while_end()
  ret void
}

; The bare run: the store before the first task.
; Units are noinline: the dispatch function calls each once, and inlining thousands of
; them made one function the optimiser is quadratic in.
; CHECK-LABEL: define internal void @kernel__fn0(ptr %0, i64 %1, ptr %2, ptr %3, ptr %4)
; CHECK-SAME:    [[UNIT:#[0-9]+]]
; CHECK:         store i32 0, ptr %2
; CHECK-NOT:     store
; CHECK:         ret void

; The first task: %m is recomputed from the parameter inside it.
; CHECK-LABEL: define internal void @kernel__fn1(ptr %0, i64 %1, ptr %2, ptr %3, ptr %4)
; CHECK:         %[[M:.*]] = mul i64 %1, 2
; CHECK:         store i64 %[[M]], ptr %0
; CHECK:         ret void

; CHECK-LABEL: define internal void @kernel__fn2(ptr %0, i64 %1, ptr %2, ptr %3, ptr %4)
; CHECK:         %[[OLD:.*]] = load i64, ptr %0
; CHECK:         %[[NEW:.*]] = add i64 %[[OLD]], %1
; CHECK:         store i64 %[[NEW]], ptr %0

; args[i] points at a rank-0 memref descriptor {allocated, aligned, offset} for a
; pointer, at the value for a scalar; the pointer is aligned + offset * element size.
; A task runs the share the runtime passes as `recorder`, or the whole loop.
; CHECK-LABEL: define internal void @kernel__ckpt_dispatch(i64 %0, ptr %1, ptr %2)
; CHECK:         %[[NONE:.*]] = icmp eq ptr %2, null
; CHECK:         %share = select i1 %[[NONE]], ptr @__ckpt_whole_share, ptr %2
; CHECK:         %[[SLOT0:.*]] = getelementptr ptr, ptr %1, i64 0
; CHECK:         %[[DESC0:.*]] = load ptr, ptr %[[SLOT0]]
; CHECK:         %[[ALIGNED0:.*]] = getelementptr i8, ptr %[[DESC0]], i64 8
; CHECK:         %[[SLOT1:.*]] = getelementptr ptr, ptr %1, i64 1
; CHECK:         %[[STORAGE1:.*]] = load ptr, ptr %[[SLOT1]]
; CHECK:         %[[N:.*]] = load i64, ptr %[[STORAGE1]]
; CHECK:         mul i64 %{{.*}}, 4
; CHECK:         switch i64 %0, label %done [
; CHECK-NEXT:      i64 0, label %task
; CHECK-NEXT:      i64 1, label %task1
; CHECK-NEXT:      i64 2, label %task2
; CHECK:         call void @kernel__fn0(ptr %{{.*}}, i64 %[[N]], ptr %{{.*}}, ptr %{{.*}}, ptr %share)
; CHECK:         call void @kernel__fn1(
; CHECK:         call void @kernel__fn2(

; The launch function packs the arguments and calls the runtime with target 0 (cpu).
; CHECK-LABEL: define void @kernel__ckpt_launch(ptr %0, i64 %1, i64 %2, ptr %3, i64 %4, ptr %5, ptr %6)
; CHECK:         %args = alloca ptr, i64 4
; CHECK:         call void @ckpt_mlir_launch(ptr @__ckpt_context, ptr @kernel__ckpt_kernel, ptr @kernel__ckpt_plan, i64 0, ptr %args, i64 %1, i64 %2, ptr %0)

; CHECK-LABEL: define internal void @__ckpt_release()
; CHECK:         call void @ckpt_mlir_release(ptr @__ckpt_context)

declare void @__ckpt_libCkptLLVMPlugin_task_begin()
declare void @__ckpt_libCkptLLVMPlugin_task_end()
declare void @__ckpt_libCkptLLVMPlugin_checkpoint_begin(i64, ptr, ptr)
declare void @__ckpt_libCkptLLVMPlugin_checkpoint_end()
declare void @__ckpt_libCkptLLVMPlugin_do_while_begin(ptr)
declare void @__ckpt_libCkptLLVMPlugin_do_while_end()
; CHECK: attributes [[UNIT]] = { noinline }
