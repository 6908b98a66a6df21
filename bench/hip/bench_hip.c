/* ckpt-bench-hip: what checkpoints cost through runtime/hip, against a plain hipGraph of
 * the same tasks and against Quadrants-style host orchestration.
 *
 *   ckpt-bench-hip [--reps=N] [--smoke]
 *
 * The HIP runtime is CKPT_HIP_LIBRARY (default: the HIP-on-CUDA shim this build made);
 * the tasks are bench/cuda's (bench_kernels.cu, PTX for sm_90), handed to the runtime in a
 * HIP image bundle. Shape: 8 explicit checkpoints of 4 tiny tasks (one block of 64
 * threads), each checkpoint with its own yield flag; the plan is the table the compiler
 * emits for target=hip (prologue gating, every yield check but the last folded into the
 * next checkpoint's first task). Variants, all through the same HIP entry points:
 *   plain      one hipGraph of the 32 tasks without gates, launched and waited for;
 *   ckpt       the plan through the public runtime API (one graph, one readback);
 *   quadrants  host orchestration as Quadrants does it: one graph per checkpoint and a
 *              readback of its flag after each (eight readbacks per launch).
 * Rows: a launch that does not yield; a launch that yields at checkpoint 4, the host's
 * part (one asynchronous copy that clears the flag and the trigger) and the resume from
 * checkpoint 4, both against one plain launch; and 100 queued launches (launch_async,
 * one wait at the end) against 100 launches of the plain graph queued the same way.
 * Every measurement is timed right after an
 * untimed run of itself; medians over N repetitions (default 400), all variants
 * interleaved. --smoke: a few repetitions; exits 77 without a usable HIP runtime. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_kernels_ptx.h"
#include "ckpt/ckpt.h"
#include "ckpt/hip_bundle.h"
#include "ckpt/mlir_abi.h"
#include "ckpt/plan.h"
#include "hip/hip_api.h"
#include "memref_descriptors.h"
#include "ptx_bundle.h"

enum { CHECKPOINTS = 8, TASKS = 4, LANES = 64, FN_STRIDE = 64, YIELD_AT = 4 };
/* Added to the fn of a task whose prologue does the previous checkpoint's yield check. */
enum { FN_FOLDS = CHECKPOINTS * FN_STRIDE };
enum { PARAM_DATA = 0, PARAM_TRIGGER = 1, PARAM_FLAG0 = 2, PARAM_COUNT = PARAM_FLAG0 + CHECKPOINTS };

static struct {
  ckpt_hip_api_t api;
  hipStream_t stream;
  hipModule_t module;
  hipFunction_t plain_task;
  void *data;  /* LANES floats */
  void *words; /* [trigger (checkpoint + 1, or 0), flags[CHECKPOINTS]] */
  char device_name[256];
} bench;

#define BENCH_CHECK(call)                                                                 \
  do {                                                                                    \
    hipError_t error_ = (call);                                                           \
    if (error_ != CKPT_HIP_SUCCESS) {                                                     \
      char message_[256];                                                                 \
      ckpt_hip_describe_error(&bench.api, error_, #call, message_, sizeof(message_));     \
      fprintf(stderr, "ckpt-bench-hip: %s\n", message_);                                  \
      exit(1);                                                                            \
    }                                                                                     \
  } while (0)

/*--- the plan ------------------------------------------------------------------*/

static void bench_dispatch(int64_t fn, void **args, void *recorder) {
  memref1_t state;
  ckpt_mlir_device_state(recorder, &state);
  bool folds = fn >= FN_FOLDS;
  int32_t id = (int32_t)(fn % FN_FOLDS), gate = id / FN_STRIDE, checked = gate - 1, work = 1;
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

/* bench_kernels_ptx as a one-entry HIP bundle for sm_90 (the PTX's target). */
static _Alignas(16) unsigned char
    bench_bundle[CKPT_PTX_BUNDLE_BYTES(sizeof(bench_kernels_ptx))];
static const void *bench_images[] = {bench_bundle};
static int64_t bench_image_sizes[1];

static void build_bundle(void) {
  bench_image_sizes[0] =
      ckpt_write_ptx_bundle(bench_bundle, bench_kernels_ptx, bench_kernels_ptx_size);
}

typedef struct bench_plan_t {
  int64_t params[PARAM_COUNT * CKPT_PARAM_FIELDS];
  int64_t nodes[CHECKPOINTS * (TASKS + 1) * CKPT_NODE_FIELDS];
  ckpt_plan_t plan;
  memref1_t data;
  memref0_t trigger, flags[CHECKPOINTS];
  void *args[PARAM_COUNT];
} bench_plan_t;

static void bench_plan_init(bench_plan_t *p) {
  memset(p, 0, sizeof(*p));
  for (int i = 0; i < PARAM_COUNT; ++i) {
    int64_t *row = p->params + i * CKPT_PARAM_FIELDS;
    row[CKPT_PARAM_KIND] = CKPT_PARAM_MEMREF;
    row[CKPT_PARAM_RANK] = i == PARAM_DATA ? 1 : 0;
    row[CKPT_PARAM_ELEM_BITS] = 32;
    row[CKPT_PARAM_ELEM_TYPE] = i == PARAM_DATA ? CKPT_ELEM_FLOAT : CKPT_ELEM_INT;
  }
  int64_t count = 0;
  for (int k = 0; k < CHECKPOINTS; ++k) {
    int64_t *cp = p->nodes + count * CKPT_NODE_FIELDS;
    for (int f = 0; f < CKPT_NODE_FIELDS; ++f) cp[f] = -1;
    cp[CKPT_NODE_KIND] = CKPT_NODE_CHECKPOINT;
    cp[CKPT_NODE_END] = count + 1 + TASKS;
    cp[CKPT_NODE_CP_ID] = k;
    cp[CKPT_NODE_PARAM] = PARAM_FLAG0 + k;
    cp[CKPT_NODE_LABEL] = k;
    cp[CKPT_NODE_FLAGS] =
        CKPT_NODE_FLAG_EXPLICIT | (k + 1 < CHECKPOINTS ? CKPT_NODE_FLAG_YIELD_FOLDED : 0);
    ++count;
    for (int t = 0; t < TASKS; ++t, ++count) {
      int64_t *task = p->nodes + count * CKPT_NODE_FIELDS;
      for (int f = 0; f < CKPT_NODE_FIELDS; ++f) task[f] = -1;
      task[CKPT_NODE_KIND] = CKPT_NODE_TASK;
      task[CKPT_NODE_END] = count + 1;
      task[CKPT_NODE_FN] = k * FN_STRIDE + t + (k > 0 && t == 0 ? FN_FOLDS : 0);
    }
  }
  static const char strings[] = "bench8x4";
  p->plan = (ckpt_plan_t){
      .abi = CKPT_PLAN_ABI,
      .param_count = PARAM_COUNT,
      .params = p->params,
      .node_count = count,
      .nodes = p->nodes,
      .strings_size = sizeof(strings),
      .strings = strings,
      .dispatch = bench_dispatch,
      .device_image_count = 1,
      .device_images = bench_images,
      .device_image_sizes = bench_image_sizes,
  };
  float *data = bench.data;
  int32_t *words = bench.words;
  p->data = (memref1_t){data, data, 0, LANES, 1};
  p->trigger = (memref0_t){words, words, 0};
  p->args[PARAM_DATA] = &p->data;
  p->args[PARAM_TRIGGER] = &p->trigger;
  for (int k = 0; k < CHECKPOINTS; ++k) {
    p->flags[k] = (memref0_t){words, words, 1 + k};
    p->args[PARAM_FLAG0 + k] = &p->flags[k];
  }
}

/*--- baselines ------------------------------------------------------------------*/

/* Checkpoints [first, last) of plain tasks as one chain of kernel nodes. */
static hipGraphExec_t plain_graph(int first, int last) {
  hipGraph_t graph;
  BENCH_CHECK(bench.api.hipGraphCreate(&graph, 0));
  hipGraphNode_t previous = NULL;
  for (int k = first; k < last; ++k) {
    for (int t = 0; t < TASKS; ++t) {
      void *data = bench.data, *trigger = bench.words;
      void *flag = (int32_t *)bench.words + 1 + k;
      int64_t zero = 0, lanes = LANES, one = 1;
      int32_t id = k * FN_STRIDE + t, gate = k, work = 1;
      void *params[] = {&data, &data,    &zero,    &lanes, &one, &flag, &flag,
                        &zero, &trigger, &trigger, &zero,  &id,  &gate, &work};
      hipKernelNodeParams node = {.blockDim = {LANES, 1, 1},
                                  .func = bench.plain_task,
                                  .gridDim = {1, 1, 1},
                                  .kernelParams = params};
      hipGraphNode_t added;
      BENCH_CHECK(bench.api.hipGraphAddKernelNode(&added, graph, previous ? &previous : NULL,
                                                  previous ? 1 : 0, &node));
      previous = added;
    }
  }
  hipGraphExec_t exec;
  BENCH_CHECK(bench.api.hipGraphInstantiate(&exec, graph, NULL, NULL, 0));
  BENCH_CHECK(bench.api.hipGraphDestroy(graph));
  return exec;
}

static hipGraphExec_t segments[CHECKPOINTS]; /* Quadrants: one graph per checkpoint */

/* Quadrants' host orchestration from checkpoint `from`: each checkpoint's graph, then its
 * flag read back; stops at the first raised flag, whose checkpoint it returns (-1: none). */
static int quadrants_run(int from) {
  static int32_t flag;
  for (int k = from; k < CHECKPOINTS; ++k) {
    BENCH_CHECK(bench.api.hipGraphLaunch(segments[k], bench.stream));
    BENCH_CHECK(bench.api.hipMemcpyAsync(&flag, (int32_t *)bench.words + 1 + k, sizeof(flag),
                                         CKPT_HIP_MEMCPY_DEVICE_TO_HOST, bench.stream));
    BENCH_CHECK(bench.api.hipStreamSynchronize(bench.stream));
    if (flag) return k;
  }
  return -1;
}

/*--- measuring ----------------------------------------------------------------*/

static double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double median(double *values, int count) {
  qsort(values, (size_t)count, sizeof(double), compare_doubles);
  return count % 2 ? values[count / 2] : 0.5 * (values[count / 2 - 1] + values[count / 2]);
}

/* The checkpoint whose tasks raise their flag (-1: none), every flag 0: one asynchronous
 * copy on the null stream, which the runtime's and the benchmark's blocking streams wait
 * for, from memory that stays put. */
static void set_words(int checkpoint) {
  static int32_t words[2][1 + CHECKPOINTS];
  int32_t *source = words[checkpoint >= 0];
  memset(source, 0, sizeof(words[0]));
  source[0] = checkpoint + 1;
  BENCH_CHECK(bench.api.hipMemcpyAsync(bench.words, source, sizeof(words[0]),
                                       CKPT_HIP_MEMCPY_HOST_TO_DEVICE, NULL));
}

static bool failed;

static void expect(bool ok, const char *what, ckpt_context_t *context) {
  if (ok) return;
  fprintf(stderr, "ckpt-bench-hip: %s went wrong: %s\n", what, ckpt_context_last_error(context));
  failed = true;
}

enum {
  PLAIN,
  CKPT_NO_YIELD,
  CKPT_YIELD,
  QUADRANTS_NO_YIELD,
  QUADRANTS_YIELD,
  PLAIN_QUEUED, /* the rest: batches of QUEUED launches, ratios to PLAIN_QUEUED */
  CKPT_QUEUED,
  VARIANTS
};
enum { QUEUED = 100 };
static const char *const variant_names[VARIANTS] = {
    "plain hipGraph of the 32 tasks", "ckpt, no yield", "ckpt, yield at cp 4 + resume",
    "Quadrants-style, no yield", "Quadrants-style, yield at cp 4 + resume",
    "100 plain hipGraph launches, one wait", "100 ckpt launch_async, one wait"};
static const char *const readback_counts[VARIANTS] = {"1", "1", "1 + 1", "8", "5 + 4", "1", "1"};

/* QUEUED asynchronous launches (gated on the device: hip_queue.c), then one wait. */
static void ckpt_queued(ckpt_kernel_t *kernel, ckpt_context_t *context, bench_plan_t *p) {
  static ckpt_launch_t *launches[QUEUED];
  for (int i = 0; i < QUEUED; ++i)
    expect(ckpt_kernel_launch_async(kernel, p->args, &launches[i]) == CKPT_OK,
           "an asynchronous launch", context);
  ckpt_launch_outcome_t outcome;
  expect(launches[QUEUED - 1] &&
             ckpt_launch_wait(launches[QUEUED - 1], &outcome) == CKPT_OK && outcome.ran &&
             !outcome.outcome.yielded,
         "the last queued launch", context);
  for (int i = 0; i < QUEUED; ++i) ckpt_launch_release(launches[i]);
}

/* One timed run of `variant` (after an untimed one). */
static double time_variant(int variant, hipGraphExec_t plain, ckpt_kernel_t *kernel,
                           ckpt_context_t *context, bench_plan_t *p) {
  double elapsed = 0;
  for (int pass = 0; pass < 2; ++pass) {
    bool yields = variant == CKPT_YIELD || variant == QUADRANTS_YIELD;
    set_words(yields ? YIELD_AT : -1);
    BENCH_CHECK(bench.api.hipStreamSynchronize(NULL));
    ckpt_outcome_t outcome = {0};
    double start = now_us();
    switch (variant) {
      case PLAIN:
        BENCH_CHECK(bench.api.hipGraphLaunch(plain, bench.stream));
        BENCH_CHECK(bench.api.hipStreamSynchronize(bench.stream));
        break;
      case CKPT_NO_YIELD:
        expect(ckpt_kernel_launch(kernel, p->args, &outcome) == CKPT_OK && !outcome.yielded,
               "a launch", context);
        break;
      case CKPT_YIELD:
        expect(ckpt_kernel_launch(kernel, p->args, &outcome) == CKPT_OK && outcome.yielded &&
                   outcome.label == YIELD_AT,
               "a yielding launch", context);
        set_words(-1); /* the host's part */
        expect(ckpt_kernel_resume(kernel, YIELD_AT, p->args, &outcome) == CKPT_OK &&
                   !outcome.yielded,
               "a resume", context);
        break;
      case QUADRANTS_NO_YIELD:
        expect(quadrants_run(0) == -1, "a host-orchestrated launch", context);
        break;
      case QUADRANTS_YIELD:
        expect(quadrants_run(0) == YIELD_AT, "a host-orchestrated yield", context);
        set_words(-1);
        expect(quadrants_run(YIELD_AT) == -1, "a host-orchestrated resume", context);
        break;
      case PLAIN_QUEUED:
        for (int i = 0; i < QUEUED; ++i)
          BENCH_CHECK(bench.api.hipGraphLaunch(plain, bench.stream));
        BENCH_CHECK(bench.api.hipStreamSynchronize(bench.stream));
        break;
      case CKPT_QUEUED:
        ckpt_queued(kernel, context, p);
        break;
    }
    elapsed = now_us() - start;
  }
  return elapsed;
}

static void start_device(bool smoke) {
  const char *library = getenv("CKPT_HIP_LIBRARY");
  if (!library || !library[0]) setenv("CKPT_HIP_LIBRARY", HIP_ON_CUDA_PATH, 1);
  char message[512];
  if (ckpt_hip_api_load(getenv("CKPT_HIP_LIBRARY"), &bench.api, message, sizeof(message)) !=
      CKPT_HIP_LOADED) {
    fprintf(stderr, "ckpt-bench-hip: skipped: %s\n", message);
    exit(smoke ? 77 : 1);
  }
  int count = 0;
  if (bench.api.hipGetDeviceCount(&count) != CKPT_HIP_SUCCESS || count == 0) {
    fprintf(stderr, "ckpt-bench-hip: skipped: no HIP device\n");
    exit(smoke ? 77 : 1);
  }
  BENCH_CHECK(bench.api.hipSetDevice(0));
  static unsigned char properties[CKPT_HIP_DEVICE_PROP_BYTES];
  BENCH_CHECK(bench.api.hipGetDeviceProperties(properties, 0));
  snprintf(bench.device_name, sizeof(bench.device_name), "%.200s (%.40s)",
           (const char *)properties + CKPT_HIP_DEVICE_PROP_NAME_OFFSET,
           (const char *)properties + CKPT_HIP_DEVICE_PROP_ARCH_OFFSET);
  BENCH_CHECK(bench.api.hipStreamCreate(&bench.stream));
  BENCH_CHECK(bench.api.hipModuleLoadData(&bench.module, bench_kernels_ptx));
  BENCH_CHECK(bench.api.hipModuleGetFunction(&bench.plain_task, bench.module, "bench_plain_task"));
  BENCH_CHECK(bench.api.hipMalloc(&bench.data, LANES * sizeof(float)));
  BENCH_CHECK(bench.api.hipMalloc(&bench.words, (1 + CHECKPOINTS) * sizeof(int32_t)));
  static const float zeros[LANES];
  BENCH_CHECK(bench.api.hipMemcpyAsync(bench.data, zeros, sizeof(zeros),
                                       CKPT_HIP_MEMCPY_HOST_TO_DEVICE, bench.stream));
  set_words(-1);
  BENCH_CHECK(bench.api.hipStreamSynchronize(bench.stream));
  BENCH_CHECK(bench.api.hipStreamSynchronize(NULL));
}

int main(int argc, char **argv) {
  int reps = 400;
  bool smoke = false;
  for (int i = 1; i < argc; ++i) {
    if (strncmp(argv[i], "--reps=", 7) == 0) {
      reps = atoi(argv[i] + 7);
    } else if (strcmp(argv[i], "--smoke") == 0) {
      smoke = true;
    } else {
      fprintf(stderr, "usage: ckpt-bench-hip [--reps=N] [--smoke]\n");
      return 2;
    }
  }
  if (smoke) reps = 5;
  if (reps < 1) reps = 1;
  int warmup = smoke ? 2 : 50;
  start_device(smoke);
  build_bundle();

  ckpt_context_t *context = NULL;
  if (ckpt_context_create(CKPT_TARGET_HIP, &context) != CKPT_OK) {
    fprintf(stderr, "ckpt-bench-hip: %s\n", ckpt_context_last_error(context));
    return 1;
  }
  bench_plan_t *plan = malloc(sizeof(*plan));
  bench_plan_init(plan);
  ckpt_kernel_t *kernel = NULL;
  if (ckpt_kernel_create(context, &plan->plan, &kernel) != CKPT_OK) {
    fprintf(stderr, "ckpt-bench-hip: %s\n", ckpt_context_last_error(context));
    return 1;
  }
  hipGraphExec_t plain = plain_graph(0, CHECKPOINTS);
  for (int k = 0; k < CHECKPOINTS; ++k) segments[k] = plain_graph(k, k + 1);
  double *times[VARIANTS];
  for (int v = 0; v < VARIANTS; ++v) times[v] = calloc((size_t)reps, sizeof(double));
  for (int rep = -warmup; rep < reps; ++rep) {
    for (int v = 0; v < VARIANTS; ++v) {
      double t = time_variant(v, plain, kernel, context, plan);
      if (rep >= 0) times[v][rep] = t;
    }
  }
  double medians[VARIANTS];
  for (int v = 0; v < VARIANTS; ++v) medians[v] = median(times[v], reps);

  printf("ckpt-bench-hip: %s through CKPT_HIP_LIBRARY=%s, HIP runtime %d; medians of %d "
         "launches, microseconds\n",
         bench.device_name, getenv("CKPT_HIP_LIBRARY"), bench.api.version, reps);
  printf("%d checkpoints x %d tasks (one block of %d threads each); ratio = time / plain "
         "hipGraph\n\n", CHECKPOINTS, TASKS, LANES);
  printf("%-42s %10s %9s %7s\n", "variant", "readbacks", "time", "ratio");
  for (int v = 0; v < VARIANTS; ++v) {
    if (v == PLAIN_QUEUED)
      printf("\nqueued (issue #16): %d launches, one wait at the end; ratio = time / plain "
             "queued\n", QUEUED);
    double base = v >= PLAIN_QUEUED ? medians[PLAIN_QUEUED] : medians[PLAIN];
    printf("%-42s %10s %9.1f %6.2fx\n", variant_names[v], readback_counts[v], medians[v],
           medians[v] / base);
  }
  double no_yield = medians[CKPT_NO_YIELD] / medians[PLAIN];
  double yield_resume = medians[CKPT_YIELD] / medians[PLAIN];
  double queued = medians[CKPT_QUEUED] / medians[PLAIN_QUEUED];
  printf("\ntargets: no yield %.2fx <= 1.10x %s; yield+resume %.2fx <= 2.20x %s; queued %.2fx "
         "<= 1.10x %s\n",
         no_yield, no_yield <= 1.10 ? "met" : "MISSED", yield_resume,
         yield_resume <= 2.20 ? "met" : "MISSED", queued, queued <= 1.10 ? "met" : "MISSED");
  if (smoke) printf("(--smoke: too few repetitions for these figures to mean anything)\n");

  for (int v = 0; v < VARIANTS; ++v) free(times[v]);
  for (int k = 0; k < CHECKPOINTS; ++k) bench.api.hipGraphExecDestroy(segments[k]);
  bench.api.hipGraphExecDestroy(plain);
  ckpt_kernel_destroy(kernel);
  free(plan);
  ckpt_context_destroy(context);
  bench.api.hipFree(bench.data);
  bench.api.hipFree(bench.words);
  bench.api.hipModuleUnload(bench.module);
  bench.api.hipStreamDestroy(bench.stream);
  ckpt_hip_api_unload(&bench.api);
  return failed ? 1 : 0;
}
