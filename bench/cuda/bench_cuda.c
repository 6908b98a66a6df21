/* ckpt-bench-cuda: what checkpoints cost on a CUDA GPU, against the same tasks in a plain
 * CUDA graph.
 *
 *   ckpt-bench-cuda [--reps=N] [--smoke] [--queued-only]
 *
 * Program shapes: K explicit checkpoints of T tiny tasks each (one block of 64 threads;
 * bench_kernels.cu), K=8,T=4 and K=32,T=1, every checkpoint with its own yield flag. The
 * baseline is one plain graph of the same tasks without the gate prologue, built here
 * with the driver API; a second baseline chains the same tasks written by hand for
 * programmatic launch through programmatic edges, which the checkpointed graph uses
 * between its tasks too. The checkpointed kernel is a hand-built device plan (the table
 * the compiler emits for target=cuda: every yield check but the last folded into the next
 * checkpoint's first task, every task ready for programmatic launch) launched through the
 * public runtime API in each gating mode: prologue (the default, with programmatic edges
 * between tasks and early programmatic edges into the yield checks);
 * prologue with ordinary edges, and with programmatic edges out of the checks too
 * (CKPT_CUDA_PDL=0, early-both); IF nodes; and host readback (one stream launch per task
 * and one readback per checkpoint, as a target without conditional nodes must do). A
 * second table splits the default launch's time over the plain graph with programmatic
 * edges into the task prologues, folded checks included (a plain graph of the plan's
 * gated tasks, with programmatic edges) and the rest: the runtime's launch and the last
 * checkpoint's yield check.
 *
 * Rows: a launch that does not yield; and a launch that yields at checkpoint K/2, the
 * host's handling (one asynchronous memset that clears the flag and the trigger that made
 * the task raise it), and the resume from that checkpoint, both against one plain launch.
 * Buffers and flags are device-resident, so only the runtime's gating state moves between
 * host and device. All variants run interleaved in one process after a warm-up, each
 * timed right after an untimed run of itself;
 * the table shows medians over N repetitions (default 400).
 *
 * Then, in runs of their own so that the timings above stay unprofiled, where the 8x4
 * default launch's time goes (ckpt/profile.h): the prologue context profiled over N
 * launches to the end and N yields with their resumes, beside the plain graphs timed from
 * the host and between two events on the stream.
 *
 * Last, the queued-launches table (bench_cuda_async.c): 100 launch_async of the 8x4 plan
 * and one wait against 100 plain graph launches and one sync; --queued-only prints just
 * that table.
 *
 * --smoke: a few repetitions, to check that it runs; exits 77 without a CUDA driver, 1 if
 * a launch fails or yields where it should not. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_cuda.h"
#include "bench_kernels_ptx.h"
#include "ckpt/ckpt.h"
#include "ckpt/mlir_abi.h"
#include "ckpt/plan.h"
#include "cuda/cuda_driver.h"
#include "cuda_modes.h"
#include "memref_descriptors.h"
#include "profile_table.h"

bench_device_t bench;

/*--- the plan ------------------------------------------------------------------*/

/* fn = checkpoint * FN_STRIDE + task (+ FN_FOLDS), so dispatch knows the task's
 * checkpoint (its gate) and whether it does the yield check of the checkpoint before.
 * The work per task is the plan's last parameter, a scalar. */
static void bench_dispatch(int64_t fn, void **args, void *recorder) {
  memref1_t state;
  ckpt_mlir_device_state(recorder, &state);
  bool folds = fn >= FN_FOLDS;
  int32_t id = (int32_t)(fn % FN_FOLDS), gate = id / FN_STRIDE, checked = gate - 1;
  int32_t work = *(const int32_t *)args[PARAM_FLAG0 + MAX_CHECKPOINTS];
  void *operands[] = {&state, args[PARAM_DATA], args[PARAM_FLAG0 + gate], args[PARAM_TRIGGER],
                      &id,    &gate,            &work,                     NULL,
                      &checked};
  static const int64_t fields[] = {
      CKPT_PARAM_MEMREF, 1, 32, CKPT_ELEM_INT, CKPT_PARAM_MEMREF, 1, 32, CKPT_ELEM_FLOAT,
      CKPT_PARAM_MEMREF, 0, 32, CKPT_ELEM_INT, CKPT_PARAM_MEMREF, 0, 32, CKPT_ELEM_INT,
      CKPT_PARAM_SCALAR, 0, 32, CKPT_ELEM_INT, CKPT_PARAM_SCALAR, 0, 32, CKPT_ELEM_INT,
      CKPT_PARAM_SCALAR, 0, 32, CKPT_ELEM_INT, CKPT_PARAM_MEMREF, 0, 32, CKPT_ELEM_INT,
      CKPT_PARAM_SCALAR, 0, 32, CKPT_ELEM_INT,
  };
  if (folds) operands[7] = args[PARAM_FLAG0 + checked];
  ckpt_mlir_record_launch(recorder, 0, folds ? "bench_task_fold" : "bench_task", 1, 1, 1, LANES,
                          1, 1, 0, folds ? 9 : 7, operands, fields);
}

static const void *const bench_images[] = {bench_kernels_ptx};
static const int64_t bench_image_sizes[] = {(int64_t)bench_kernels_ptx_size};


/* K explicit checkpoints of T tasks, each checkpoint with its own flag. */
void bench_plan_init(bench_plan_t *p, int checkpoints, int tasks, int32_t work) {
  memset(p, 0, sizeof(*p));
  p->checkpoints = checkpoints;
  p->tasks = tasks;
  p->work = work;
  int param_count = PARAM_FLAG0 + MAX_CHECKPOINTS + 1;
  for (int i = 0; i < param_count; ++i) {
    int64_t *row = p->params + i * CKPT_PARAM_FIELDS;
    bool scalar = i == param_count - 1;
    row[CKPT_PARAM_KIND] = scalar ? CKPT_PARAM_SCALAR : CKPT_PARAM_MEMREF;
    row[CKPT_PARAM_RANK] = i == PARAM_DATA ? 1 : 0;
    row[CKPT_PARAM_ELEM_BITS] = 32;
    row[CKPT_PARAM_ELEM_TYPE] = i == PARAM_DATA ? CKPT_ELEM_FLOAT : CKPT_ELEM_INT;
  }
  int64_t node_count = 0;
  for (int k = 0; k < checkpoints; ++k) {
    int64_t *cp = p->nodes + node_count * CKPT_NODE_FIELDS;
    for (int f = 0; f < CKPT_NODE_FIELDS; ++f) cp[f] = -1;
    cp[CKPT_NODE_KIND] = CKPT_NODE_CHECKPOINT;
    cp[CKPT_NODE_END] = node_count + 1 + tasks;
    cp[CKPT_NODE_CP_ID] = k;
    /* As the CUDA pipeline compiles it, every check but the last is done by the first task
     * of the next checkpoint. */
    bool folded = k + 1 < checkpoints;
    cp[CKPT_NODE_PARAM] = PARAM_FLAG0 + k;
    cp[CKPT_NODE_LABEL] = k;
    cp[CKPT_NODE_FLAGS] = CKPT_NODE_FLAG_EXPLICIT | (folded ? CKPT_NODE_FLAG_YIELD_FOLDED : 0);
    ++node_count;
    for (int t = 0; t < tasks; ++t) {
      int64_t *task = p->nodes + node_count * CKPT_NODE_FIELDS;
      for (int f = 0; f < CKPT_NODE_FIELDS; ++f) task[f] = -1;
      task[CKPT_NODE_KIND] = CKPT_NODE_TASK;
      task[CKPT_NODE_END] = node_count + 1;
      bool folds = k > 0 && t == 0;
      task[CKPT_NODE_FN] = k * FN_STRIDE + t + (folds ? FN_FOLDS : 0);
      task[CKPT_NODE_FLAGS] = CKPT_NODE_FLAG_PROGRAMMATIC_WAIT;
      ++node_count;
    }
  }
  snprintf(p->strings, sizeof(p->strings), "bench%dx%d", checkpoints, tasks);
  p->plan = (ckpt_plan_t){
      .abi = CKPT_PLAN_ABI,
      .param_count = param_count,
      .params = p->params,
      .node_count = node_count,
      .nodes = p->nodes,
      .strings_size = (int64_t)strlen(p->strings) + 1,
      .strings = p->strings,
      .dispatch = bench_dispatch,
      .device_image_count = 1,
      .device_images = bench_images,
      .device_image_sizes = bench_image_sizes,
  };
  float *data = (float *)(uintptr_t)bench.data;
  int32_t *words = (int32_t *)(uintptr_t)bench.words;
  p->data = (memref1_t){data, data, 0, LANES, 1};
  p->trigger = (memref0_t){words, words, 0};
  p->args[PARAM_DATA] = &p->data;
  p->args[PARAM_TRIGGER] = &p->trigger;
  for (int k = 0; k < MAX_CHECKPOINTS; ++k) {
    p->flags[k] = (memref0_t){words, words, 1 + k};
    p->args[PARAM_FLAG0 + k] = &p->flags[k];
  }
  p->args[PARAM_FLAG0 + MAX_CHECKPOINTS] = &p->work;
}

/*--- the plain graph ----------------------------------------------------------*/


/* The plan's tasks as one chain of kernel nodes, built directly. */
CUgraphExec plain_graph(const bench_plan_t *p, plain_kind_t kind) {
  bool gated = kind == GATED_TASKS;
  CUgraphEdgeData edge;
  memset(&edge, 0, sizeof(edge));
  if (kind != PLAIN_TASKS) {
    edge.type = CU_GRAPH_DEPENDENCY_TYPE_PROGRAMMATIC;
    edge.from_port = CU_GRAPH_KERNEL_NODE_PORT_PROGRAMMATIC;
  }
  CUgraph graph;
  BENCH_CHECK(bench.driver.cuGraphCreate(&graph, 0));
  CUgraphNode previous = NULL;
  for (int k = 0; k < p->checkpoints; ++k) {
    for (int t = 0; t < p->tasks; ++t) {
      CUdeviceptr data = bench.data, trigger = bench.words, flag = bench.words + 4 * (1 + k);
      CUdeviceptr state = bench.state;
      int64_t zero = 0, lanes = LANES, one = 1, flag_offset = 0, words = 4;
      int32_t id = k * FN_STRIDE + t, gate = k, work = p->work;
      void *plain_params[] = {&data,        &data,    &zero,    &lanes, &one, &flag, &flag,
                              &flag_offset, &trigger, &trigger, &zero,  &id,  &gate, &work};
      CUdeviceptr checked = bench.words + 4 * k; /* the previous checkpoint's flag */
      int32_t checked_cp = k - 1;
      bool folds = k > 0 && t == 0;
      void *gated_params[] = {&state,   &state,   &zero,    &words,   &one,       &data,
                              &data,    &zero,    &lanes,   &one,     &flag,      &flag,
                              &flag_offset, &trigger, &trigger, &zero, &id,     &gate,
                              &work,    &checked, &checked, &zero,    &checked_cp};
      CUgraphNodeParams node;
      memset(&node, 0, sizeof(node));
      node.type = CU_GRAPH_NODE_TYPE_KERNEL;
      node.kernel.func = gated && folds             ? bench.gated_task_fold
                         : gated                    ? bench.gated_task
                         : kind == PLAIN_TASKS_PDL ? bench.plain_task_pdl
                                                   : bench.plain_task;
      node.kernel.gridDimX = node.kernel.gridDimY = node.kernel.gridDimZ = 1;
      node.kernel.blockDimX = LANES;
      node.kernel.blockDimY = node.kernel.blockDimZ = 1;
      node.kernel.kernelParams = gated ? gated_params : plain_params;
      CUgraphNode added;
      BENCH_CHECK(bench.driver.cuGraphAddNode(&added, graph, previous ? &previous : NULL,
                                              previous ? &edge : NULL, previous ? 1 : 0, &node));
      previous = added;
    }
  }
  CUgraphExec exec;
  BENCH_CHECK(bench.driver.cuGraphInstantiateWithFlags(&exec, graph, 0));
  BENCH_CHECK(bench.driver.cuGraphDestroy(graph));
  return exec;
}

/*--- measuring ----------------------------------------------------------------*/

double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

double median(double *values, int count) {
  qsort(values, (size_t)count, sizeof(double), compare_doubles);
  return count % 2 ? values[count / 2] : 0.5 * (values[count / 2 - 1] + values[count / 2]);
}

/* The checkpoint whose tasks raise their flag (-1: none), and every flag 0. */
static void set_words(int checkpoint) {
  int32_t words[1 + MAX_CHECKPOINTS] = {checkpoint + 1};
  BENCH_CHECK(bench.driver.cuMemcpyHtoD(bench.words, words, sizeof(words)));
}

/* The first is the default: prologue gating with early programmatic edges into the
 * yield checks (CKPT_CUDA_PDL=early, sm_90). */
static const cuda_mode_t modes[] = {
    {"prologue", "prologue", ""},
    {"prologue, ordinary edges", "prologue", "0"},
    {"prologue, pdl early-both", "prologue", "early-both"},
    {"if", "if", ""},
    {"host", "host", ""},
};
enum { MODES = sizeof(modes) / sizeof(modes[0]) };

bool bench_failed;

void expect(ckpt_status_code_t code, const ckpt_outcome_t *outcome, ckpt_context_t *context,
                   bool yielded, int64_t label, const char *what) {
  if (code == CKPT_OK && outcome->yielded == yielded && (!yielded || outcome->label == label))
    return;
  fprintf(stderr, "ckpt-bench-cuda: %s: %s%s (yielded=%d label=%lld, expected %d %lld)\n", what,
          ckpt_status_name(code), code == CKPT_OK ? "" : ckpt_context_last_error(context),
          (int)outcome->yielded, (long long)outcome->label, (int)yielded, (long long)label);
  bench_failed = true;
}

/* Every measurement is timed right after an untimed run of the same thing, so that each
 * variant is timed warm, as a kernel launched step after step runs: the launch before it
 * went down the same path, whatever ran in between. */
static double time_graph(CUgraphExec exec) {
  double elapsed = 0;
  for (int pass = 0; pass < 2; ++pass) {
    double start = now_us();
    BENCH_CHECK(bench.driver.cuGraphLaunch(exec, bench.stream));
    BENCH_CHECK(bench.driver.cuStreamSynchronize(bench.stream));
    elapsed = now_us() - start;
  }
  return elapsed;
}

/* A launch that runs to the end. */
static double time_launch(ckpt_kernel_t *kernel, ckpt_context_t *context, bench_plan_t *p,
                          const char *what) {
  double elapsed = 0;
  for (int pass = 0; pass < 2; ++pass) {
    ckpt_outcome_t outcome = {0};
    double start = now_us();
    ckpt_status_code_t code = ckpt_kernel_launch(kernel, p->args, &outcome);
    elapsed = now_us() - start;
    expect(code, &outcome, context, false, -1, what);
  }
  return elapsed;
}

/* A launch whose checkpoint `label` yields, the host's part, and the resume from it. */
static double time_yield_resume(ckpt_kernel_t *kernel, ckpt_context_t *context, bench_plan_t *p,
                                int label, const char *what) {
  double elapsed = 0;
  for (int pass = 0; pass < 2; ++pass) {
    set_words(label);
    ckpt_outcome_t outcome = {0};
    double start = now_us();
    ckpt_status_code_t code = ckpt_kernel_launch(kernel, p->args, &outcome);
    expect(code, &outcome, context, true, label, what);
    /* The host's part: clear the flag (and the trigger), on the legacy stream, which the
     * runtime's stream waits for. */
    BENCH_CHECK(bench.driver.cuMemsetD32Async(bench.words, 0, 1 + MAX_CHECKPOINTS, NULL));
    code = ckpt_kernel_resume(kernel, label, p->args, &outcome);
    elapsed = now_us() - start;
    expect(code, &outcome, context, false, -1, what);
  }
  return elapsed;
}

typedef struct row_t {
  double plain, launch[MODES], yield_resume[MODES];
  double plain_pdl;   /* the plain graph with programmatic edges */
  double gated_plain; /* the plain graph of gated tasks */
} row_t;

static row_t measure(bench_plan_t *p, ckpt_context_t **contexts, int reps,
                     int warmup) {
  CUgraphExec plain = plain_graph(p, PLAIN_TASKS);
  CUgraphExec plain_pdl = plain_graph(p, PLAIN_TASKS_PDL);
  CUgraphExec gated = plain_graph(p, GATED_TASKS);
  double *gated_times = calloc((size_t)reps, sizeof(double));
  double *plain_pdl_times = calloc((size_t)reps, sizeof(double));
  ckpt_kernel_t *kernels[MODES];
  for (int m = 0; m < MODES; ++m) {
    if (ckpt_kernel_create(contexts[m], &p->plan, &kernels[m]) != CKPT_OK) {
      fprintf(stderr, "ckpt-bench-cuda: %s\n", ckpt_context_last_error(contexts[m]));
      exit(1);
    }
  }
  double *plain_times = calloc((size_t)reps, sizeof(double));
  double *launch_times[MODES], *yield_times[MODES];
  for (int m = 0; m < MODES; ++m) {
    launch_times[m] = calloc((size_t)reps, sizeof(double));
    yield_times[m] = calloc((size_t)reps, sizeof(double));
  }
  int half = p->checkpoints / 2;
  for (int rep = -warmup; rep < reps; ++rep) {
    double t = time_graph(plain);
    if (rep >= 0) plain_times[rep] = t;
    t = time_graph(plain_pdl);
    if (rep >= 0) plain_pdl_times[rep] = t;
    t = time_graph(gated);
    if (rep >= 0) gated_times[rep] = t;
    for (int m = 0; m < MODES; ++m) {
      t = time_launch(kernels[m], contexts[m], p, modes[m].name);
      if (rep >= 0) launch_times[m][rep] = t;
    }
    for (int m = 0; m < MODES; ++m) {
      t = time_yield_resume(kernels[m], contexts[m], p, half, modes[m].name);
      if (rep >= 0) yield_times[m][rep] = t;
    }
  }
  row_t row;
  row.plain = median(plain_times, reps);
  row.gated_plain = median(gated_times, reps);
  row.plain_pdl = median(plain_pdl_times, reps);
  free(gated_times);
  free(plain_pdl_times);
  bench.driver.cuGraphExecDestroy(gated);
  bench.driver.cuGraphExecDestroy(plain_pdl);
  for (int m = 0; m < MODES; ++m) {
    row.launch[m] = median(launch_times[m], reps);
    row.yield_resume[m] = median(yield_times[m], reps);
    free(launch_times[m]);
    free(yield_times[m]);
    ckpt_kernel_destroy(kernels[m]);
  }
  free(plain_times);
  bench.driver.cuGraphExecDestroy(plain);
  return row;
}

/*--- where the time goes ----------------------------------------------------------*/

/* Means over `reps` launches of `exec` after `warmup`: host time around launch and
 * synchronisation, device time between events recorded around the launch. */
static void time_graph_events(CUgraphExec exec, int reps, int warmup, double *samples,
                              double *out_host_us, double *out_device_us) {
  CUevent events[2];
  for (int e = 0; e < 2; ++e) BENCH_CHECK(bench.driver.cuEventCreate(&events[e], 0));
  double host = 0, device = 0;
  for (int rep = -warmup; rep < reps; ++rep) {
    double start = now_us();
    BENCH_CHECK(bench.driver.cuEventRecord(events[0], bench.stream));
    BENCH_CHECK(bench.driver.cuGraphLaunch(exec, bench.stream));
    BENCH_CHECK(bench.driver.cuEventRecord(events[1], bench.stream));
    BENCH_CHECK(bench.driver.cuStreamSynchronize(bench.stream));
    double elapsed = now_us() - start;
    float milliseconds = 0;
    BENCH_CHECK(bench.driver.cuEventElapsedTime(&milliseconds, events[0], events[1]));
    if (rep < 0) continue;
    samples[rep] = elapsed;
    host += elapsed;
    device += 1e3 * milliseconds;
  }
  for (int e = 0; e < 2; ++e) bench.driver.cuEventDestroy(events[e]);
  *out_host_us = host / reps;
  *out_device_us = device / reps;
}

/* The 8x4 prologue launch profiled: `reps` launches to the end, then `reps` yields at
 * checkpoint 4 with the host's part and the resume, each after a warm-up. time_launch and
 * time_yield_resume run twice (untimed, then timed): 2 units per call. */
static void print_breakdown(ckpt_context_t *context, int reps, int warmup) {
  bench_plan_t *p = malloc(sizeof(*p));
  bench_plan_init(p, 8, 4, 1);
  ckpt_kernel_t *kernel = NULL;
  if (ckpt_kernel_create(context, &p->plan, &kernel) != CKPT_OK) {
    fprintf(stderr, "ckpt-bench-cuda: %s\n", ckpt_context_last_error(context));
    exit(1);
  }
  int half = p->checkpoints / 2;
  ckpt_kernel_profile_t profiles[2];
  double *samples = calloc((size_t)reps, sizeof(double)), medians[4];
  ckpt_context_set_profile(context, true);
  for (int yields = 0; yields < 2; ++yields) {
    for (int rep = -warmup; rep < reps; ++rep) {
      if (rep == 0) ckpt_kernel_profile_reset(kernel);
      double t = yields ? time_yield_resume(kernel, context, p, half, "profiled")
                        : time_launch(kernel, context, p, "profiled");
      if (rep >= 0) samples[rep] = t;
    }
    ckpt_kernel_profile(kernel, &profiles[yields]);
    medians[yields] = median(samples, reps);
  }
  ckpt_context_set_profile(context, false);
  ckpt_kernel_destroy(kernel);
  double host[2], device[2];
  static const plain_kind_t plain_kinds[2] = {PLAIN_TASKS, PLAIN_TASKS_PDL};
  for (int k = 0; k < 2; ++k) {
    CUgraphExec exec = plain_graph(p, plain_kinds[k]);
    time_graph_events(exec, reps, warmup, samples, &host[k], &device[k]);
    medians[2 + k] = median(samples, reps);
    bench.driver.cuGraphExecDestroy(exec);
  }
  free(p);
  free(samples);
  printf("\nwhere the 8x4 prologue launch's time goes (CKPT_PROFILE; means of %d, us per "
         "launch or per yield+resume):\n",
         2 * reps);
  bench_profile_header();
  bench_profile_row("no yield, prologue", &profiles[0], 2 * reps, medians[0]);
  bench_profile_row("yield+resume, prologue", &profiles[1], 2 * reps, medians[1]);
  bench_profile_baseline_row("plain graph", medians[2], host[0], device[0]);
  bench_profile_baseline_row("plain pdl graph", medians[3], host[1], device[1]);
}

static void start_device(bool smoke) {
  char message[512];
  if (ckpt_cuda_driver_load(NULL, &bench.driver, message, sizeof(message)) != CKPT_CUDA_LOADED) {
    fprintf(stderr, "ckpt-bench-cuda: skipped: %s\n", message);
    exit(smoke ? 77 : 1);
  }
  int count = 0;
  BENCH_CHECK(bench.driver.cuDeviceGetCount(&count));
  if (count == 0) {
    fprintf(stderr, "ckpt-bench-cuda: skipped: no CUDA device\n");
    exit(smoke ? 77 : 1);
  }
  BENCH_CHECK(bench.driver.cuDeviceGet(&bench.device, 0));
  BENCH_CHECK(
      bench.driver.cuDeviceGetName(bench.device_name, sizeof(bench.device_name), bench.device));
  BENCH_CHECK(bench.driver.cuDevicePrimaryCtxRetain(&bench.context, bench.device));
  BENCH_CHECK(bench.driver.cuCtxPushCurrent(bench.context));
  BENCH_CHECK(bench.driver.cuStreamCreate(&bench.stream, CU_STREAM_NON_BLOCKING));
  BENCH_CHECK(bench.driver.cuModuleLoadData(&bench.module, bench_kernels_ptx));
  BENCH_CHECK(
      bench.driver.cuModuleGetFunction(&bench.plain_task, bench.module, "bench_plain_task"));
  BENCH_CHECK(bench.driver.cuModuleGetFunction(&bench.plain_task_pdl, bench.module,
                                               "bench_plain_task_pdl"));
  BENCH_CHECK(bench.driver.cuModuleGetFunction(&bench.gated_task, bench.module, "bench_task"));
  BENCH_CHECK(
      bench.driver.cuModuleGetFunction(&bench.gated_task_fold, bench.module, "bench_task_fold"));
  BENCH_CHECK(bench.driver.cuMemAlloc(&bench.state, 4 * sizeof(int32_t)));
  int32_t fresh[4] = {-1, 0, -1, 0};
  BENCH_CHECK(bench.driver.cuMemcpyHtoD(bench.state, fresh, sizeof(fresh)));
  BENCH_CHECK(bench.driver.cuMemAlloc(&bench.data, LANES * sizeof(float)));
  BENCH_CHECK(bench.driver.cuMemAlloc(&bench.words, (1 + MAX_CHECKPOINTS) * sizeof(int32_t)));
  float zeros[LANES] = {0};
  BENCH_CHECK(bench.driver.cuMemcpyHtoD(bench.data, zeros, sizeof(zeros)));
  set_words(-1);
}

int main(int argc, char **argv) {
  int reps = 400;
  bool smoke = false, queued_only = false;
  for (int i = 1; i < argc; ++i) {
    if (strncmp(argv[i], "--reps=", 7) == 0) {
      reps = atoi(argv[i] + 7);
    } else if (strcmp(argv[i], "--smoke") == 0) {
      smoke = true;
    } else if (strcmp(argv[i], "--queued-only") == 0) {
      queued_only = true;
    } else {
      fprintf(stderr, "usage: ckpt-bench-cuda [--reps=N] [--smoke] [--queued-only]\n");
      return 2;
    }
  }
  if (smoke) reps = 5;
  if (reps < 1) reps = 1;
  int warmup = smoke ? 2 : 50;
  start_device(smoke);
  enum { QUEUED_LAUNCHES = 100 };
  if (queued_only) {
    bench_queued(QUEUED_LAUNCHES, reps, warmup, smoke);
    return bench_failed ? 1 : 0;
  }

  ckpt_context_t *contexts[MODES];
  for (int m = 0; m < MODES; ++m) {
    if (cuda_mode_context_create(&modes[m], &contexts[m]) != CKPT_OK) {
      fprintf(stderr, "ckpt-bench-cuda: %s\n", ckpt_context_last_error(contexts[m]));
      return 1;
    }
    ckpt_context_set_profile(contexts[m], false); /* whatever CKPT_PROFILE says */
  }

  /* K, T and the work per task: the two shapes of tiny tasks, then the first with
   * tasks of a few microseconds, to show how the overhead shrinks with the work. */
  static const int shapes[][3] = {{8, 4, 1}, {32, 1, 1}, {8, 4, 2000}};
  enum { SHAPES = sizeof(shapes) / sizeof(shapes[0]) };
  row_t rows[SHAPES];
  for (int s = 0; s < SHAPES; ++s) {
    bench_plan_t *plan = malloc(sizeof(*plan));
    bench_plan_init(plan, shapes[s][0], shapes[s][1], shapes[s][2]);
    rows[s] = measure(plan, contexts, reps, warmup);
    free(plan);
  }

  printf("ckpt-bench-cuda: %s, CUDA driver %d.%d; medians of %d launches, microseconds\n",
         bench.device_name, bench.driver.version / 1000, bench.driver.version % 1000 / 10, reps);
  printf(
      "K x T = checkpoints x tasks (one block of %d threads each; * = %d rounds of work per "
      "task instead of 1); ratio = time / plain graph\n\n",
      LANES, shapes[SHAPES - 1][2]);
  printf("%-8s %-40s %9s %9s %9s %7s %7s\n", "K x T", "variant", "plain", "plain pdl", "time",
         "ratio", "vs pdl");
  for (int s = 0; s < SHAPES; ++s) {
    char shape[24];
    snprintf(shape, sizeof(shape), "%dx%d%s", shapes[s][0], shapes[s][1],
             shapes[s][2] > 1 ? "*" : "");
    for (int row = 0; row < 2 * MODES; ++row) {
      int m = row % MODES;
      bool yields = row >= MODES;
      double time = yields ? rows[s].yield_resume[m] : rows[s].launch[m];
      char variant[64];
      snprintf(variant, sizeof(variant), "%s, %s", yields ? "yield+resume" : "no yield",
               modes[m].name);
      printf("%-8s %-40s %9.1f %9.1f %9.1f %6.2fx %6.2fx\n", shape, variant, rows[s].plain,
             rows[s].plain_pdl, time, time / rows[s].plain, time / rows[s].plain_pdl);
    }
  }
  printf("\nwhere the no-yield prologue launch's time goes (microseconds over the plain graph "
         "with programmatic edges):\n");
  printf("%-8s %14s %28s\n", "K x T", "task prologues", "runtime, last yield check");
  for (int s = 0; s < SHAPES; ++s) {
    char shape[24];
    snprintf(shape, sizeof(shape), "%dx%d%s", shapes[s][0], shapes[s][1],
             shapes[s][2] > 1 ? "*" : "");
    printf("%-8s %14.1f %28.1f\n", shape, rows[s].gated_plain - rows[s].plain_pdl,
           rows[s].launch[0] - rows[s].gated_plain);
  }
  /* Met only if met against both baselines. */
  double no_yield = rows[0].launch[0] / rows[0].plain;
  double no_yield_pdl = rows[0].launch[0] / rows[0].plain_pdl;
  double yield_resume = rows[0].yield_resume[0] / rows[0].plain;
  double yield_resume_pdl = rows[0].yield_resume[0] / rows[0].plain_pdl;
  double no_yield_worst = no_yield > no_yield_pdl ? no_yield : no_yield_pdl;
  double yield_resume_worst = yield_resume > yield_resume_pdl ? yield_resume : yield_resume_pdl;
  printf("\ntargets (8x4, default prologue gating; ratios to the plain graph, and to the plain "
         "graph with programmatic edges):\n");
  printf("  no yield      %.2fx, %.2fx <= 1.10x %s\n", no_yield, no_yield_pdl,
         no_yield_worst <= 1.10 ? "met" : "MISSED");
  printf("  yield+resume  %.2fx, %.2fx <= 2.20x %s\n", yield_resume, yield_resume_pdl,
         yield_resume_worst <= 2.20 ? "met" : "MISSED");
  print_breakdown(contexts[0], reps, warmup);
  if (smoke) printf("(--smoke: too few repetitions for these figures to mean anything)\n");

  for (int m = 0; m < MODES; ++m) ckpt_context_destroy(contexts[m]);
  bench_queued(QUEUED_LAUNCHES, reps, warmup, smoke);
  bench.driver.cuMemFree(bench.data);
  bench.driver.cuMemFree(bench.words);
  bench.driver.cuMemFree(bench.state);
  bench.driver.cuModuleUnload(bench.module);
  bench.driver.cuStreamDestroy(bench.stream);
  CUcontext popped;
  bench.driver.cuCtxPopCurrent(&popped);
  bench.driver.cuDevicePrimaryCtxRelease(bench.device);
  ckpt_cuda_driver_unload(&bench.driver);
  return bench_failed ? 1 : 0;
}
