/* The smallest yield and resume, in C: the C twin of grow_and_resume.mlir. The graph
 * kernel doubles x, then asks the host for a bigger out at checkpoint 7, then fills out.
 * The host grows out and resumes from label 7, so the doubling (before the checkpoint)
 * is not done twice.
 *
 *   clang-22 -O2 -fpass-plugin=build/lib/libCkptLLVMPlugin.so -Iruntime/include \
 *       examples/grow_and_resume.c build/runtime/libckpt_runtime.so -o grow_and_resume
 *   CKPT_TRACE=1 ./grow_and_resume */
#include <stdio.h>
#include <stdlib.h>

#include "ckpt/graph.h"

CKPT_GRAPH_KERNEL void kernel(int32_t *x, int32_t *out, int64_t out_size, int32_t *too_small) {
  CKPT_TASK(for (int i = 0; i < 4; ++i) x[i] += x[i];);   /* x *= 2, in place */
  CKPT_CHECKPOINT(7, "room", too_small,
    CKPT_TASK(if (out_size < 4) *too_small = 1;));       /* check before mutating */
  CKPT_TASK(for (int i = 0; i < 4; ++i) out[i] = x[i];);  /* out = x */
}

int main(void) {
  int32_t x[4] = {0, 1, 2, 3};
  int32_t flag = 0;
  int32_t *small = calloc(2, sizeof *small);
  ckpt_launch_status_t status;
  CKPT_LAUNCH(&status, kernel(x, small, 2, &flag));
  printf("yielded: %d\nlabel: %lld\n", (int)status.yielded, (long long)status.label);

  /* The host's part: a bigger buffer, the flag cleared, a resume from the label. */
  int32_t *big = calloc(4, sizeof *big);
  flag = 0;
  CKPT_RESUME(&status, status.label, kernel(x, big, 4, &flag));
  printf("yielded after resume: %d\nout:", (int)status.yielded);
  for (int i = 0; i < 4; ++i)
    printf(" %d", big[i]);
  printf("\n");
  free(small);
  free(big);
  return status.ok ? 0 : 1;
}
