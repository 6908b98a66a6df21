; A task with share markers is split (CKPT_PARALLEL_FOR): its plan node carries
; CKPT_NODE_FLAG_SPLIT (8) and its function narrows [0, n) to the share it is passed.
; node = [kind, end, fn, cp_id, param, label, name, flags]: no checkpoints here, so the
; two tasks stand alone; only the first is split.
; RUN: %opt -passes=ckpt-graph-kernels -S %s | FileCheck %s

; CHECK: @fill__ckpt_nodes = internal constant [16 x i64] [i64 1, i64 1, i64 0, i64 -1, i64 -1, i64 -1, i64 -1, i64 8, i64 1, i64 2, i64 1, i64 -1, i64 -1, i64 -1, i64 -1, i64 -1]
define void @fill(ptr %y, i64 %n) "ckpt.graph" {
entry:
  call void @__ckpt_libCkptLLVMPlugin_task_begin()
  %lo = call i64 @__ckpt_libCkptLLVMPlugin_share_begin(i64 %n)
  %hi = call i64 @__ckpt_libCkptLLVMPlugin_share_end(i64 %n)
  br label %loop
loop:
  %i = phi i64 [ %lo, %entry ], [ %next, %body ]
  %more = icmp slt i64 %i, %hi
  br i1 %more, label %body, label %done
body:
  %slot = getelementptr i64, ptr %y, i64 %i
  store i64 %i, ptr %slot
  %next = add i64 %i, 1
  br label %loop
done:
  call void @__ckpt_libCkptLLVMPlugin_task_end()
  call void @__ckpt_libCkptLLVMPlugin_task_begin()
  store i64 0, ptr %y
  call void @__ckpt_libCkptLLVMPlugin_task_end()
  ret void
}

; lo = min(index * block, n'), hi = min(lo + block, n'), block = ceil(n' / count),
; n' = max(n, 0), {index, count} read from the share.
; CHECK-LABEL: define internal void @fill__fn0(ptr %0, i64 %1, ptr %2)
; CHECK:         %[[NEG:.*]] = icmp slt i64 %1, 0
; CHECK:         %[[N:.*]] = select i1 %[[NEG]], i64 0, i64 %1
; CHECK:         %share.index = load i64, ptr %2
; CHECK:         %[[COUNT_AT:.*]] = getelementptr i64, ptr %2, i64 1
; CHECK:         %share.count = load i64, ptr %[[COUNT_AT]]
; CHECK:         %[[SUM:.*]] = add i64 %[[N]], %share.count
; CHECK:         %[[ROUNDED:.*]] = sub i64 %[[SUM]], 1
; CHECK:         %share.block = sdiv i64 %[[ROUNDED]], %share.count
; CHECK:         %[[START:.*]] = mul i64 %share.index, %share.block
; CHECK:         %[[BELOW:.*]] = icmp slt i64 %[[START]], %[[N]]
; CHECK:         %share.lo = select i1 %[[BELOW]], i64 %[[START]], i64 %[[N]]
; CHECK:         %share.hi = select
; CHECK-NOT:     __ckpt_libCkptLLVMPlugin_share
; CHECK:         phi i64 [ %share.lo, {{.*}} ]
; CHECK:         icmp slt i64 %{{.*}}, %share.hi
; CHECK-NOT: declare {{.*}}__ckpt_libCkptLLVMPlugin

declare void @__ckpt_libCkptLLVMPlugin_task_begin()
declare void @__ckpt_libCkptLLVMPlugin_task_end()
declare i64 @__ckpt_libCkptLLVMPlugin_share_begin(i64)
declare i64 @__ckpt_libCkptLLVMPlugin_share_end(i64)
