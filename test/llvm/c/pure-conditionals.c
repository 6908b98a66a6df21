// Pure computations with the conditional operator at the kernel's top level, which clang
// emits as branches and phis before any optimisation: they fold into selects, and each
// task recomputes them from the parameters of its launch.
// REQUIRES: clang
// RUN: %ckpt_cc -O0 %s -o %t.O0.o && %ckpt_link %t.O0.o -o %t.O0 && %t.O0 | FileCheck %s --match-full-lines
// RUN: %ckpt_cc -O2 %s -o %t.O2.o && %ckpt_link %t.O2.o -o %t.O2 && %t.O2 | FileCheck %s --match-full-lines
#include "ckpt/graph.h"

#include <stdio.h>

CKPT_GRAPH_KERNEL void clamp(int64_t *out, int64_t n, int64_t cap, double a, double b,
                             int32_t *flag) {
  const int64_t m = n < cap ? n : cap;
  const double magnitude = b > 0 ? b : -b;
  const double pick = n > 10 ? a : (a > magnitude ? a : magnitude); /* nested */
  CKPT_TASK(out[0] = m;);
  CKPT_CHECKPOINT(1, "big", flag, CKPT_TASK(if (m > 100) *flag = 1;));
  CKPT_TASK(out[1] = (int64_t)pick; out[2] = m * 2;);
}

int main(void) {
  int64_t out[3] = {0};
  int32_t flag = 0;
  ckpt_launch_status_t status;
  CKPT_LAUNCH(&status, clamp(out, 5, 8, 1.0, -7.0, &flag));
  printf("%lld %lld %lld yielded=%lld\n", (long long)out[0], (long long)out[1],
         (long long)out[2], (long long)status.yielded);
  // CHECK: 5 7 10 yielded=0
  CKPT_LAUNCH(&status, clamp(out, 500, 200, 3.0, 2.0, &flag));
  printf("%lld yielded=%lld\n", (long long)out[0], (long long)status.yielded);
  // CHECK-NEXT: 200 yielded=1
  flag = 0;
  CKPT_RESUME(&status, 1, clamp(out, 50, 60, 9.0, 2.0, &flag));
  printf("%lld %lld %lld yielded=%lld\n", (long long)out[0], (long long)out[1],
         (long long)out[2], (long long)status.yielded);
  // CHECK-NEXT: 200 9 100 yielded=0
  return 0;
}
