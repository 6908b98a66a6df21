// A resume skips everything before the resumed checkpoint (task 1 and the bare statement)
// and runs the checkpoint's body again; a fresh launch afterwards runs everything.
// Scalar parameters (a double, an int32_t) reach the tasks on every launch.
// REQUIRES: clang
// RUN: %ckpt_cc -O0 %s -o %t.O0.o && %ckpt_link %t.O0.o -o %t.O0 && %t.O0 | FileCheck %s --match-full-lines
// RUN: %ckpt_cc -O2 %s -o %t.O2.o && %ckpt_link %t.O2.o -o %t.O2 && %t.O2 | FileCheck %s --match-full-lines
#include "ckpt/graph.h"

#include "Inputs/log.h"

// Task 1 logs 1; a bare statement counts its runs in *bare; checkpoint 5 "five" logs 2
// and raises the flag when *request is set; task 3 logs 3 and scale * offset.
CKPT_GRAPH_KERNEL void step(int32_t *log, int32_t *bare, int32_t *request, int32_t *flag,
                            double scale, int32_t offset, double *out) {
  double product = scale * offset;
  CKPT_TASK(append(log, 1););
  *bare += 1;
  CKPT_CHECKPOINT(5, "five", flag, CKPT_TASK(append(log, 2); if (*request) *flag = 1;));
  CKPT_TASK(append(log, 3); *out = product;);
}

int main(void) {
  int32_t log[32] = {0}, bare = 0, request = 1, flag = 0;
  double out = 0;
  ckpt_launch_status_t status;
  CKPT_LAUNCH(&status, step(log, &bare, &request, &flag, 1.5, 2, &out));
  ckpt_mlir_status_print(&status);
  // CHECK: ckpt.status ok=1 yielded=1 label=5 name="five"
  print_log("launch", log);
  // CHECK-NEXT: launch: 1 2
  printf("bare: %d out: %g\n", bare, out);
  // CHECK-NEXT: bare: 1 out: 0

  request = 0;
  flag = 0;
  CKPT_RESUME(&status, status.label, step(log, &bare, &request, &flag, 2.5, 4, &out));
  ckpt_mlir_status_print(&status);
  // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
  print_log("resume", log);
  // CHECK-NEXT: resume: 1 2 2 3
  printf("bare: %d out: %g\n", bare, out);
  // CHECK-NEXT: bare: 1 out: 10

  step(log, &bare, &request, &flag, 0.5, 6, &out); // a plain call is a fresh launch
  print_log("call", log);
  // CHECK-NEXT: call: 1 2 2 3 1 2 3
  printf("bare: %d out: %g\n", bare, out);
  // CHECK-NEXT: bare: 2 out: 3
  return 0;
}
