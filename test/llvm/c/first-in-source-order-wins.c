// When several checkpoints would yield, the first in source order does, and nothing after
// it runs; resuming there reaches the next one. Checkpoints 1 and 3 share a flag.
// REQUIRES: clang
// RUN: %ckpt_cc -O0 %s -o %t.O0.o && %ckpt_link %t.O0.o -o %t.O0 && %t.O0 | FileCheck %s --match-full-lines
// RUN: %ckpt_cc -O2 %s -o %t.O2.o && %ckpt_link %t.O2.o -o %t.O2 && %t.O2 | FileCheck %s --match-full-lines
#include "ckpt/graph.h"

#include "Inputs/log.h"

// Checkpoint k logs k and raises its flag when request[k] is set.
CKPT_GRAPH_KERNEL void step(int32_t *log, int32_t *request, int32_t *shared, int32_t *f2) {
  CKPT_CHECKPOINT(1, "first", shared, CKPT_TASK(append(log, 1); if (request[1]) *shared = 1;));
  CKPT_CHECKPOINT(2, "second", f2, CKPT_TASK(append(log, 2); if (request[2]) *f2 = 1;));
  CKPT_CHECKPOINT(3, NULL, shared, CKPT_TASK(append(log, 3); if (request[3]) *shared = 1;));
  CKPT_TASK(append(log, 4););
}

int main(void) {
  int32_t log[32] = {0}, request[4] = {0, 1, 1, 1}, shared = 0, f2 = 0;
  ckpt_launch_status_t status;
  CKPT_LAUNCH(&status, step(log, request, &shared, &f2));
  ckpt_mlir_status_print(&status);
  // CHECK: ckpt.status ok=1 yielded=1 label=1 name="first"
  print_log("launch", log);
  // CHECK-NEXT: launch: 1

  request[1] = 0;
  shared = 0;
  CKPT_RESUME(&status, 1, step(log, request, &shared, &f2));
  ckpt_mlir_status_print(&status);
  // CHECK-NEXT: ckpt.status ok=1 yielded=1 label=2 name="second"
  print_log("resume 1", log);
  // CHECK-NEXT: resume 1: 1 1 2

  request[2] = 0;
  f2 = 0;
  CKPT_RESUME(&status, 2, step(log, request, &shared, &f2));
  ckpt_mlir_status_print(&status);
  // CHECK-NEXT: ckpt.status ok=1 yielded=1 label=3
  print_log("resume 2", log);
  // CHECK-NEXT: resume 2: 1 1 2 2 3

  request[3] = 0;
  shared = 0;
  CKPT_RESUME(&status, 3, step(log, request, &shared, &f2));
  ckpt_mlir_status_print(&status);
  // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
  print_log("resume 3", log);
  // CHECK-NEXT: resume 3: 1 1 2 2 3 3 4
  return 0;
}
