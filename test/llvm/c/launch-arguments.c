// CKPT_LAUNCH and CKPT_RESUME take any argument expressions: calls (of functions of this
// file and of other files, returning values), the conditional operator, and under
// -fsanitize=undefined the checks around pointer arithmetic. The launched call is the one
// before the closing marker, not the first call after the opening one.
// REQUIRES: clang
// RUN: %ckpt_cc -O0 %s -o %t.O0.o && %ckpt_link %t.O0.o -o %t.O0 && %t.O0 | FileCheck %s --match-full-lines
// RUN: %ckpt_cc -O2 %s -o %t.O2.o && %ckpt_link %t.O2.o -o %t.O2 && %t.O2 | FileCheck %s --match-full-lines
// RUN: %ckpt_cc -O2 -fsanitize=undefined -fno-sanitize-recover=all %s -o %t.ub.o && %ckpt_link -fsanitize=undefined %t.ub.o -o %t.ub && %t.ub | FileCheck %s --match-full-lines
#include "ckpt/graph.h"

#include <stdio.h>
#include <stdlib.h>

// x[0] += n; checkpoint 3 yields when n > limit; then x[1] += n.
CKPT_GRAPH_KERNEL void add(int64_t *x, int64_t n, int64_t limit, int32_t *flag) {
  CKPT_TASK(x[0] += n;);
  CKPT_CHECKPOINT(3, "limit", flag, CKPT_TASK(if (n > limit) *flag = 1;));
  CKPT_TASK(x[1] += n;);
}

static int64_t twice(int64_t v) { return 2 * v; }
static int calls;
static void note(void) { ++calls; }

int main(int argc, char **argv) {
  (void)argv;
  int64_t *buffer = calloc(8, sizeof *buffer);
  int32_t flag = 0;
  ckpt_launch_status_t status;
  // A call of this file's function and one of the C library in the arguments.
  CKPT_LAUNCH(&status, add(buffer, twice(3), labs(-100), &flag));
  printf("x: %lld %lld yielded=%lld\n", (long long)buffer[0], (long long)buffer[1],
         (long long)status.yielded);
  // CHECK: x: 6 6 yielded=0
  // The conditional operator, pointer arithmetic (checked under -fsanitize=undefined) and
  // a comma with a void call.
  int64_t *second = buffer + 2 * (argc > 0);
  CKPT_LAUNCH(&status, add(argc > 5 ? buffer : second, (note(), twice(50)), twice(25), &flag));
  printf("x: %lld %lld yielded=%lld label=%lld calls=%d\n", (long long)second[0],
         (long long)second[1], (long long)status.yielded, (long long)status.label, calls);
  // CHECK-NEXT: x: 100 0 yielded=1 label=3 calls=1
  flag = 0;
  CKPT_RESUME(&status, status.label, add(second, twice(50), argc > 5 ? 0 : twice(100), &flag));
  printf("x: %lld %lld yielded=%lld\n", (long long)second[0], (long long)second[1],
         (long long)status.yielded);
  // CHECK-NEXT: x: 100 100 yielded=0
  free(buffer);
  return 0;
}
