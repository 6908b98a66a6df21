// CKPT_PARALLEL_FOR is a task whose iterations the CPU runtime cuts into contiguous shares
// and runs on several threads (CKPT_CPU_THREADS), with the same results as one thread, in a
// do-while and across a yield and resume.
// REQUIRES: clang
// RUN: %ckpt_cc -O0 %s -o %t.O0.o && %ckpt_link %t.O0.o -o %t.O0
// RUN: env CKPT_CPU_THREADS=4 %t.O0 | FileCheck %s --match-full-lines --check-prefixes=CHECK,MANY
// RUN: env CKPT_CPU_THREADS=1 %t.O0 | FileCheck %s --match-full-lines --check-prefixes=CHECK,ONE
// RUN: %ckpt_cc -O2 %s -o %t.O2.o && %ckpt_link %t.O2.o -o %t.O2
// RUN: env CKPT_CPU_THREADS=4 %t.O2 | FileCheck %s --match-full-lines --check-prefixes=CHECK,MANY
// RUN: env CKPT_CPU_THREADS=1 %t.O2 | FileCheck %s --match-full-lines --check-prefixes=CHECK,ONE
#include "ckpt/graph.h"

#include <pthread.h>
#include <stdio.h>

enum { N = 1001 };

// Each round adds i + 1 to y[i] (a parallel task), then the checkpoint asks the host to
// look once y[0] reaches *stop; *rounds counts down the do-while.
CKPT_GRAPH_KERNEL void step(int64_t *y, pthread_t *thread, int64_t n, int32_t *rounds,
                            int64_t *stop, int32_t *flag) {
  CKPT_DO_WHILE(rounds,
    CKPT_PARALLEL_FOR(i, n, y[i] += i + 1; thread[i] = pthread_self(););
    CKPT_CHECKPOINT(1, "look", flag, CKPT_TASK(if (y[0] == *stop) *flag = 1;));
    CKPT_TASK(*rounds -= 1;));
}

static int64_t sum(const int64_t *y) {
  int64_t total = 0;
  for (int i = 0; i < N; ++i)
    total += y[i];
  return total;
}

// How many threads ran the last parallel task.
static int threads(const pthread_t *thread) {
  int distinct = 0;
  for (int i = 0; i < N; ++i) {
    int seen = 0;
    for (int j = 0; j < i && !seen; ++j)
      seen = pthread_equal(thread[i], thread[j]);
    distinct += !seen;
  }
  return distinct;
}

int main(void) {
  static int64_t y[N];
  static pthread_t thread[N];
  int32_t rounds = 3, flag = 0;
  int64_t stop = 2;
  ckpt_launch_status_t status;
  // Rounds 1 and 2 run; checkpoint 1 yields in round 2 (y[0] == 2).
  CKPT_LAUNCH(&status, step(y, thread, N, &rounds, &stop, &flag));
  ckpt_mlir_status_print(&status);
  // CHECK: ckpt.status ok=1 yielded=1 label=1 name="look"
  // sum of 2 (i + 1) over i < 1001: 1001 * 1002
  printf("sum: %lld rounds: %d\n", (long long)sum(y), rounds);
  // CHECK-NEXT: sum: 1003002 rounds: 2
  int many = threads(thread);
  printf("threads: %s\n", many > 1 ? "several" : many == 1 ? "one" : "none");
  // MANY-NEXT: threads: several
  // ONE-NEXT: threads: one

  // The rest of round 2 (checkpoint 1 again, then its last task), then round 3 whole: one
  // more addition.
  flag = 0;
  stop = -1;
  CKPT_RESUME(&status, 1, step(y, thread, N, &rounds, &stop, &flag));
  ckpt_mlir_status_print(&status);
  // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
  printf("sum: %lld rounds: %d\n", (long long)sum(y), rounds);
  // CHECK-NEXT: sum: 1504503 rounds: 0
  return 0;
}
