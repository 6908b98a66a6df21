// Nested do-whiles: a resume at a checkpoint of the inner loop enters both loops at the
// iterations that yielded (the outer loop's first task, which resets the inner condition,
// is skipped), and a do-while wholly before the checkpoint is skipped whole, whatever its
// condition holds.
// REQUIRES: clang
// RUN: %ckpt_cc -O0 %s -o %t.O0.o && %ckpt_link %t.O0.o -o %t.O0 && %t.O0 | FileCheck %s --match-full-lines
// RUN: %ckpt_cc -O2 %s -o %t.O2.o && %ckpt_link %t.O2.o -o %t.O2 && %t.O2 | FileCheck %s --match-full-lines
#include "ckpt/graph.h"

#include "Inputs/log.h"

// Checkpoint 6 raises the flag when 10 * *outer + *inner == *request.
CKPT_GRAPH_KERNEL void step(int32_t *log, int32_t *first, int32_t *outer, int32_t *inner,
                            int32_t *request, int32_t *flag) {
  CKPT_DO_WHILE(first, CKPT_TASK(append(log, 1); *first -= 1;));
  CKPT_DO_WHILE(outer,
    CKPT_TASK(append(log, 2); *inner = 2;);
    CKPT_DO_WHILE(inner,
      CKPT_CHECKPOINT(6, NULL, flag,
        CKPT_TASK(append(log, 3); if (*outer * 10 + *inner == *request) *flag = 1;));
      CKPT_TASK(append(log, 4); *inner -= 1;));
    CKPT_TASK(append(log, 5); *outer -= 1;));
}

int main(void) {
  int32_t log[64] = {0}, first = 2, outer = 2, inner = 0, request = 11, flag = 0;
  ckpt_launch_status_t status;
  // first: 2 iterations; outer 2: inner 2, 1; outer 1: inner 2, then 1 yields.
  CKPT_LAUNCH(&status, step(log, &first, &outer, &inner, &request, &flag));
  ckpt_mlir_status_print(&status);
  // CHECK: ckpt.status ok=1 yielded=1 label=6
  print_log("launch", log);
  // CHECK-NEXT: launch: 1 1 2 3 4 3 4 5 2 3 4 3
  printf("first: %d outer: %d inner: %d\n", first, outer, inner);
  // CHECK-NEXT: first: 0 outer: 1 inner: 1

  // From checkpoint 6 in outer 1, inner 1: no task 1 (first stays 5), no task 2.
  first = 5;
  request = -1;
  flag = 0;
  CKPT_RESUME(&status, 6, step(log, &first, &outer, &inner, &request, &flag));
  ckpt_mlir_status_print(&status);
  // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
  print_log("resume", log);
  // CHECK-NEXT: resume: 1 1 2 3 4 3 4 5 2 3 4 3 3 4 5
  printf("first: %d outer: %d inner: %d\n", first, outer, inner);
  // CHECK-NEXT: first: 5 outer: 0 inner: 0
  return 0;
}
