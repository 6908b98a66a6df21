/* ckpt-bench-cuda's queued-launches table (issue #16): N launches of the 8x4 plan of tiny
 * tasks queued with ckpt_kernel_launch_async, none yielding, and one ckpt_launch_wait on
 * the last, against N launches of the plain graph of the same tasks queued on a stream
 * and one cuStreamSynchronize. Gated on the device (runtime/cuda/cuda_queue.c) the
 * launches follow each other with no host round trip between them; the host-ordered row
 * (CKPT_CUDA_QUEUE=host) waits for each, as before the device gate. Times are for the
 * whole batch, from the first call to the end of the wait; medians of `reps`. */
#include <stdio.h>
#include <stdlib.h>

#include "bench_cuda.h"
#include "cuda_modes.h"

/* One batch: `launches` queued launches and one wait; checks every outcome afterwards. */
static double time_queued(ckpt_kernel_t *kernel, ckpt_context_t *context, bench_plan_t *p,
                          ckpt_launch_t **handles, int launches, const char *what) {
  double start = now_us();
  ckpt_status_code_t code = CKPT_OK;
  for (int i = 0; i < launches && code == CKPT_OK; ++i)
    code = ckpt_kernel_launch_async(kernel, p->args, &handles[i]);
  ckpt_launch_outcome_t last = {0};
  if (code == CKPT_OK) code = ckpt_launch_wait(handles[launches - 1], &last);
  double elapsed = now_us() - start;
  if (code != CKPT_OK) {
    fprintf(stderr, "ckpt-bench-cuda: queued, %s: %s\n", what, ckpt_context_last_error(context));
    exit(1);
  }
  for (int i = 0; i < launches; ++i) {
    ckpt_launch_outcome_t outcome = {0};
    code = ckpt_launch_wait(handles[i], &outcome);
    if (code == CKPT_OK && !outcome.ran) code = CKPT_ERROR_SKIPPED;
    expect(code, &outcome.outcome, context, false, -1, what);
    ckpt_launch_release(handles[i]);
  }
  return elapsed;
}

static double time_plain_batch(CUgraphExec exec, int launches) {
  double start = now_us();
  for (int i = 0; i < launches; ++i) BENCH_CHECK(bench.driver.cuGraphLaunch(exec, bench.stream));
  BENCH_CHECK(bench.driver.cuStreamSynchronize(bench.stream));
  return now_us() - start;
}

bool bench_queued(int launches, int reps, int warmup, bool smoke) {
  static const cuda_mode_t mode = {"prologue", "prologue", ""};
  static const char *const queue_modes[] = {"device", "host"};
  enum { QUEUE_MODES = 2 };
  ckpt_context_t *contexts[QUEUE_MODES];
  ckpt_kernel_t *kernels[QUEUE_MODES];
  bench_plan_t *p = malloc(sizeof(*p));
  bench_plan_init(p, 8, 4, 1);
  for (int q = 0; q < QUEUE_MODES; ++q) {
    setenv("CKPT_CUDA_QUEUE", queue_modes[q], 1);
    if (cuda_mode_context_create(&mode, &contexts[q]) != CKPT_OK ||
        ckpt_kernel_create(contexts[q], &p->plan, &kernels[q]) != CKPT_OK) {
      fprintf(stderr, "ckpt-bench-cuda: %s\n", ckpt_context_last_error(contexts[q]));
      exit(1);
    }
  }
  unsetenv("CKPT_CUDA_QUEUE");
  CUgraphExec plain = plain_graph(p, PLAIN_TASKS);
  ckpt_launch_t **handles = calloc((size_t)launches, sizeof(*handles));
  double *plain_times = calloc((size_t)reps, sizeof(double));
  double *queued_times[QUEUE_MODES];
  for (int q = 0; q < QUEUE_MODES; ++q) queued_times[q] = calloc((size_t)reps, sizeof(double));
  for (int rep = -warmup; rep < reps; ++rep) {
    double t = time_plain_batch(plain, launches);
    if (rep >= 0) plain_times[rep] = t;
    for (int q = 0; q < QUEUE_MODES; ++q) {
      t = time_queued(kernels[q], contexts[q], p, handles, launches, queue_modes[q]);
      if (rep >= 0) queued_times[q][rep] = t;
    }
  }
  double plain_median = median(plain_times, reps);
  double queued_median[QUEUE_MODES];
  for (int q = 0; q < QUEUE_MODES; ++q) queued_median[q] = median(queued_times[q], reps);
  printf("\nqueued launches: %d launches of the 8x4 plan, none yielding, then one wait; "
         "medians of %d batches, microseconds per batch\n",
         launches, reps);
  printf("%-44s %9s %9s %7s\n", "variant", "plain", "time", "ratio");
  static const char *const names[] = {"launch_async x N + wait, gated on the device",
                                      "launch_async x N + wait, host-ordered"};
  for (int q = 0; q < QUEUE_MODES; ++q)
    printf("%-44s %9.1f %9.1f %6.2fx\n", names[q], plain_median, queued_median[q],
           queued_median[q] / plain_median);
  double ratio = queued_median[0] / plain_median;
  bool met = ratio <= 1.10;
  printf("target (device-gated queue vs %d plain graph launches and one sync): %.2fx <= 1.10x %s\n",
         launches, ratio, met ? "met" : "MISSED");
  if (smoke) printf("(--smoke: too few repetitions for these figures to mean anything)\n");
  for (int q = 0; q < QUEUE_MODES; ++q) {
    free(queued_times[q]);
    ckpt_kernel_destroy(kernels[q]);
    ckpt_context_destroy(contexts[q]);
  }
  free(plain_times);
  free(handles);
  bench.driver.cuGraphExecDestroy(plain);
  free(p);
  return met;
}
