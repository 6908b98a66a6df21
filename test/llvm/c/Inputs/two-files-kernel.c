/* The kernel of two-files.c: x = 10 x + 1, then checkpoint 2 "half" raises the flag
 * while x < limit, then x = 10 x. */
#include "ckpt/graph.h"

CKPT_GRAPH_KERNEL void step(int32_t *x, int32_t limit, int32_t *flag) {
  CKPT_TASK(*x = 10 * *x + 1;);
  CKPT_CHECKPOINT(2, "half", flag, CKPT_TASK(if (*x < limit) *flag = 1;));
  CKPT_TASK(*x = 10 * *x;);
}
