// Variables declared inside a task (arrays, structs, variable-length arrays, variables
// whose address is passed to a function), which clang allocates in the kernel's entry
// block, move into the task. A parameter whose address a task takes, and a small struct
// passed by value (which clang keeps in a local of the kernel), give each task a copy of
// its own holding the parameter: a task's change to it is not seen by other tasks.
// REQUIRES: clang
// RUN: %ckpt_cc -O0 %s -o %t.O0.o && %ckpt_link %t.O0.o -o %t.O0 && %t.O0 | FileCheck %s --match-full-lines
// RUN: %ckpt_cc -O2 %s -o %t.O2.o && %ckpt_link %t.O2.o -o %t.O2 && %t.O2 | FileCheck %s --match-full-lines
#include "ckpt/graph.h"

#include <stdio.h>
#include <string.h>

typedef struct pair {
  int32_t a, b;
} pair;

static void bump(int64_t *p) { *p += 1; }
static int64_t sum(const int64_t *v, int64_t n) {
  int64_t total = 0;
  for (int64_t i = 0; i < n; ++i)
    total += v[i];
  return total;
}

CKPT_GRAPH_KERNEL void locals(int64_t *out, int64_t n, pair p, int32_t *flag) {
  CKPT_TASK({
    int64_t squares[8];
    for (int64_t i = 0; i < 8; ++i)
      squares[i] = i * i;
    out[0] = sum(squares, 8);
  });
  CKPT_TASK({
    int64_t scratch[n]; /* a variable-length array */
    memset(scratch, 0, sizeof scratch);
    scratch[n - 1] = 5;
    out[1] = sum(scratch, n);
  });
  CKPT_CHECKPOINT(1, NULL, flag, CKPT_TASK({
                    bump(&n); /* this task's copy of n */
                    out[2] = n;
                    if (n > 100)
                      *flag = 1;
                  }));
  CKPT_TASK(out[3] = n; bump(&n); out[4] = n;); /* the parameter again, not the bump above */
  CKPT_TASK(out[5] = p.a * 10 + p.b;);
}

static void print(const char *what, const int64_t *out, const ckpt_launch_status_t *status) {
  printf("%s: %lld %lld %lld %lld %lld %lld yielded=%lld\n", what, (long long)out[0],
         (long long)out[1], (long long)out[2], (long long)out[3], (long long)out[4],
         (long long)out[5], (long long)status->yielded);
}

int main(void) {
  int64_t out[6] = {0};
  int32_t flag = 0;
  ckpt_launch_status_t status;
  CKPT_LAUNCH(&status, locals(out, 4, (pair){3, 4}, &flag));
  print("launch", out, &status);
  // CHECK: launch: 140 5 5 4 5 34 yielded=0
  memset(out, 0, sizeof out);
  CKPT_LAUNCH(&status, locals(out, 200, (pair){1, 2}, &flag));
  print("yield", out, &status);
  // CHECK-NEXT: yield: 140 5 201 0 0 0 yielded=1
  flag = 0;
  CKPT_RESUME(&status, 1, locals(out, 7, (pair){5, 6}, &flag));
  print("resume", out, &status);
  // CHECK-NEXT: resume: 140 5 8 7 8 56 yielded=0
  return 0;
}
