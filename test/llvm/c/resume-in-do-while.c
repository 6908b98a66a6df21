// A resume inside a do-while enters the loop at the iteration that yielded, skips what
// precedes the resumed checkpoint in that iteration only (task 2 and the first bare
// statement), and runs every later iteration whole; the loop's condition is user memory.
// REQUIRES: clang
// RUN: %ckpt_cc -O0 %s -o %t.O0.o && %ckpt_link %t.O0.o -o %t.O0 && %t.O0 | FileCheck %s --match-full-lines
// RUN: %ckpt_cc -O2 %s -o %t.O2.o && %ckpt_link %t.O2.o -o %t.O2 && %t.O2 | FileCheck %s --match-full-lines
#include "ckpt/graph.h"

#include "Inputs/log.h"

// Task 4 counts *cond down; checkpoint 5 raises the flag in the iteration that starts
// with *cond == *request. bare[k] counts the runs of bare statement k.
CKPT_GRAPH_KERNEL void step(int32_t *log, int32_t *bare, int32_t *request, int32_t *flag,
                            int32_t *cond) {
  CKPT_TASK(append(log, 1););
  CKPT_DO_WHILE(cond,
    CKPT_TASK(append(log, 2););
    bare[0] += 1;
    CKPT_CHECKPOINT(5, NULL, flag,
      CKPT_TASK(append(log, 3); if (*cond == *request) *flag = 1;));
    bare[1] += 1;
    CKPT_TASK(append(log, 4); *cond -= 1;));
  CKPT_TASK(append(log, 5););
}

int main(void) {
  int32_t log[64] = {0}, bare[2] = {0, 0}, request = 2, flag = 0, cond = 3;
  ckpt_launch_status_t status;
  // Iteration cond=3 runs whole; iteration cond=2 yields after task 3.
  CKPT_LAUNCH(&status, step(log, bare, &request, &flag, &cond));
  ckpt_mlir_status_print(&status);
  // CHECK: ckpt.status ok=1 yielded=1 label=5
  print_log("launch", log);
  // CHECK-NEXT: launch: 1 2 3 4 2 3
  printf("bare: %d %d cond: %d\n", bare[0], bare[1], cond);
  // CHECK-NEXT: bare: 2 1 cond: 2

  // The rest of iteration cond=2 from checkpoint 5, then iteration cond=1, then task 5.
  request = -1;
  flag = 0;
  CKPT_RESUME(&status, 5, step(log, bare, &request, &flag, &cond));
  ckpt_mlir_status_print(&status);
  // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
  print_log("resume", log);
  // CHECK-NEXT: resume: 1 2 3 4 2 3 3 4 2 3 4 5
  printf("bare: %d %d cond: %d\n", bare[0], bare[1], cond);
  // CHECK-NEXT: bare: 3 3 cond: 0
  return 0;
}
