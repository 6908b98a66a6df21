// clang reports the plugin's errors at the source line of the offending marker, as
// errors, and builds nothing.
// REQUIRES: clang
// RUN: not %ckpt_cc -O2 %s -o %t.o 2>&1 | FileCheck %s
// RUN: not %ckpt_cc -O0 %s -o %t.o 2>&1 | FileCheck %s
#include "ckpt/graph.h"

CKPT_GRAPH_KERNEL void twice(int32_t *x, int32_t *flag) {
  CKPT_CHECKPOINT(1, "a", flag, CKPT_TASK(x[0] = 1;));
  CKPT_CHECKPOINT(1, "b", flag, CKPT_TASK(x[1] = 1;));
  // CHECK: diagnostics.c:[[@LINE-1]]:3: error: checkpoint label 1 is already used by the checkpoint at {{.*}}diagnostics.c:[[@LINE-2]]:3; labels must be unique in a kernel: pick another label
}

CKPT_GRAPH_KERNEL void bare_in_checkpoint(int32_t *x, int32_t *flag) {
  CKPT_CHECKPOINT(2, NULL, flag, x[0] = 1;);
  // CHECK: diagnostics.c:[[@LINE-1]]:{{[0-9]+}}: error: a bare statement: a checkpoint body holds only tasks and pure computations; wrap the statement in a task: CKPT_TASK(...);
}

CKPT_GRAPH_KERNEL void loop(int32_t *x, int n) {
  for (int i = 0; i < n; ++i)
    CKPT_TASK(x[i] = i;);
  // CHECK: diagnostics.c:[[@LINE-1]]:5: error: graph kernel @loop must be a sequence of tasks, checkpoints and do-whiles: this marker is under control flow
}

CKPT_GRAPH_KERNEL void leaves_task(int32_t *x) {
  CKPT_TASK(if (x[0]) break; x[1] = 1;);
  CKPT_TASK(x[2] = 1;);
  // CHECK: diagnostics.c:{{[0-9]+}}:3: error: graph kernel @leaves_task must be a sequence of tasks, checkpoints and do-whiles: this marker is under control flow (an if, a loop, an early return, or a break, continue, goto or return that leaves a task before its end)
}

double sqrt(double);

CKPT_GRAPH_KERNEL void math_outside(double *x, double h) {
  double inverse = 1.0 / sqrt(h);
  CKPT_TASK(x[0] = inverse;);
  // CHECK: diagnostics.c:[[@LINE-1]]:{{[0-9]+}}: error: a task or statement of graph kernel @math_outside uses a value computed outside it by a statement, another task or control flow (the result of a call of @sqrt, a statement: a call may have effects (a math function sets errno unless built with -fno-math-errno))
}
