// The framework never clears a flag: a resume with the flag left raised runs the resumed
// checkpoint again and yields there at once; a fresh launch with a raised flag yields at
// the first checkpoint that reads it, after running that checkpoint's tasks.
// REQUIRES: clang
// RUN: %ckpt_cc -O0 %s -o %t.O0.o && %ckpt_link %t.O0.o -o %t.O0 && %t.O0 | FileCheck %s --match-full-lines
// RUN: %ckpt_cc -O2 %s -o %t.O2.o && %ckpt_link %t.O2.o -o %t.O2 && %t.O2 | FileCheck %s --match-full-lines
#include "ckpt/graph.h"

#include "Inputs/log.h"

CKPT_GRAPH_KERNEL void step(int32_t *log, int32_t *request, int32_t *flag) {
  CKPT_TASK(append(log, 1););
  CKPT_CHECKPOINT(4, "four", flag, CKPT_TASK(append(log, 2); if (*request) *flag = 1;));
  CKPT_TASK(append(log, 3););
}

int main(void) {
  int32_t log[32] = {0}, request = 1, flag = 0;
  ckpt_launch_status_t status;
  CKPT_LAUNCH(&status, step(log, &request, &flag));
  ckpt_mlir_status_print(&status);
  // CHECK: ckpt.status ok=1 yielded=1 label=4 name="four"
  print_log("launch", log);
  // CHECK-NEXT: launch: 1 2

  request = 0; // the flag stays 1
  CKPT_RESUME(&status, 4, step(log, &request, &flag));
  ckpt_mlir_status_print(&status);
  // CHECK-NEXT: ckpt.status ok=1 yielded=1 label=4 name="four"
  print_log("stale resume", log);
  // CHECK-NEXT: stale resume: 1 2 2

  CKPT_LAUNCH(&status, step(log, &request, &flag));
  ckpt_mlir_status_print(&status);
  // CHECK-NEXT: ckpt.status ok=1 yielded=1 label=4 name="four"
  print_log("stale launch", log);
  // CHECK-NEXT: stale launch: 1 2 2 1 2

  flag = 0;
  CKPT_RESUME(&status, 4, step(log, &request, &flag));
  ckpt_mlir_status_print(&status);
  // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
  print_log("resume", log);
  // CHECK-NEXT: resume: 1 2 2 1 2 2 3
  return 0;
}
