/* ckpt-bench-cpu: what the CPU target's dispatch table costs over calling the same task
 * functions directly.
 *
 *   ckpt-bench-cpu [--reps=N] [--smoke]
 *
 * A hand-built plan (ckpt/plan.h) of 8 explicit checkpoints x 4 tasks, each checkpoint
 * with its own yield flag that stays 0, so every launch also pays for 8 yield checks. The
 * dispatch function switch-calls 32 task functions; each spins through a dependent
 * arithmetic chain calibrated at start-up to take about 1 us or 10 us. The baseline
 * calls the same 32 functions directly, in order. Both run in this process, interleaved,
 * after a warm-up; the table shows medians over N repetitions (default 200).
 *
 * A last row yields at checkpoint 4 and resumes from its label. The resumed checkpoint
 * runs again from its start, so that launch does 36 tasks' work (checkpoints 0-4, then
 * 4-7); its baseline calls the same 36 functions.
 *
 * --smoke: a handful of repetitions and a short calibration, to check that it runs;
 * the figures it prints mean nothing. Exits non-zero only if the runtime fails or the
 * two ways of running the tasks disagree on the result. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ckpt/ckpt.h"
#include "ckpt/plan.h"

enum {
  BENCH_CHECKPOINTS = 8,
  BENCH_TASKS_PER_CHECKPOINT = 4,
  BENCH_TASKS = BENCH_CHECKPOINTS * BENCH_TASKS_PER_CHECKPOINT,
  BENCH_LANES = 8, /* words of the buffer each task works on */
  BENCH_YIELD_CHECKPOINT = 4,
};

/* Parameters: one yield flag per checkpoint, then the work buffer, then the iteration
 * count of every task. */
enum {
  BENCH_PARAM_FLAG0 = 0,
  BENCH_PARAM_BUFFER = BENCH_CHECKPOINTS,
  BENCH_PARAM_ITERATIONS,
  BENCH_PARAMS
};

/* MLIR memref descriptors, as lowered code passes them. */
typedef struct bench_flag_memref_t {
  int32_t *allocated, *aligned;
  int64_t offset;
} bench_flag_memref_t;

typedef struct bench_buffer_memref_t {
  uint64_t *allocated, *aligned;
  int64_t offset, size, stride;
} bench_buffer_memref_t;

/* The work: a chain where every step needs the previous one's result, so the CPU cannot
 * overlap iterations and the time per iteration stays stable. The result goes back into
 * the buffer, so it cannot be optimised away. */
static __attribute__((noinline)) void bench_spin(uint64_t *lanes, int64_t iterations) {
  uint64_t value = lanes[0];
  for (int64_t i = 0; i < iterations; ++i) {
    value = value * UINT64_C(6364136223846793005) + lanes[i & (BENCH_LANES - 1)];
    value ^= value >> 29;
  }
  lanes[value & (BENCH_LANES - 1)] += value;
  lanes[0] ^= value;
}

/* What every task does, reading its inputs from the packed arguments as an outlined
 * task of a compiled kernel does. */
static inline void bench_task(void **args, int task) {
  const bench_buffer_memref_t *buffer = args[BENCH_PARAM_BUFFER];
  const int64_t *iterations = args[BENCH_PARAM_ITERATIONS];
  bench_spin(buffer->aligned + buffer->offset + task * BENCH_LANES, *iterations);
}

/* 32 distinct task functions, as the compiler outlines 32 tasks: one X-macro list makes
 * the functions, the table of them and the dispatch switch. */
#define BENCH_TASK_LIST(X)                                                                 \
  X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) X(10) X(11) X(12) X(13) X(14) X(15)    \
  X(16) X(17) X(18) X(19) X(20) X(21) X(22) X(23) X(24) X(25) X(26) X(27) X(28) X(29)      \
  X(30) X(31)

#define BENCH_TASK_FN(k) \
  static __attribute__((noinline)) void bench_task_##k(void **args) { bench_task(args, k); }
BENCH_TASK_LIST(BENCH_TASK_FN)

typedef void (*bench_task_fn_t)(void **args);

#define BENCH_TASK_POINTER(k) bench_task_##k,
static const bench_task_fn_t bench_task_fns[BENCH_TASKS] = {BENCH_TASK_LIST(BENCH_TASK_POINTER)};

/* The dispatch function, shaped like the one the compiler emits: a switch on fn. */
#define BENCH_TASK_CASE(k) \
  case k:                  \
    bench_task_##k(args);  \
    break;
static void bench_dispatch(int64_t fn, void **args, void *recorder) {
  (void)recorder;
  switch (fn) {
    BENCH_TASK_LIST(BENCH_TASK_CASE)
    default:
      break;
  }
}

/* The baselines: the same functions, each called by name, in plan order. */
#define BENCH_CALL(k) bench_task_##k(args);
static void bench_direct_all(void **args) { BENCH_TASK_LIST(BENCH_CALL) }

/* What a yield at BENCH_YIELD_CHECKPOINT and a resume from it run: checkpoints 0..4,
 * then 4..7 again from the start of 4. */
#define BENCH_CALL_UP_TO_YIELD(k) \
  if (k < (BENCH_YIELD_CHECKPOINT + 1) * BENCH_TASKS_PER_CHECKPOINT) bench_task_##k(args);
#define BENCH_CALL_FROM_RESUME(k) \
  if (k >= BENCH_YIELD_CHECKPOINT * BENCH_TASKS_PER_CHECKPOINT) bench_task_##k(args);
static void bench_direct_yield_resume(void **args) {
  BENCH_TASK_LIST(BENCH_CALL_UP_TO_YIELD)
  BENCH_TASK_LIST(BENCH_CALL_FROM_RESUME)
}

/*--- the plan --------------------------------------------------------------------*/

enum { BENCH_NODES = BENCH_CHECKPOINTS * (1 + BENCH_TASKS_PER_CHECKPOINT) };

typedef struct bench_plan_t {
  int64_t params[BENCH_PARAMS * CKPT_PARAM_FIELDS];
  int64_t nodes[BENCH_NODES * CKPT_NODE_FIELDS];
  char strings[64];
  ckpt_plan_t plan;
} bench_plan_t;

static void bench_set_param(bench_plan_t *storage, int param, ckpt_param_kind_t kind,
                            int64_t rank, int64_t bits) {
  int64_t *row = storage->params + param * CKPT_PARAM_FIELDS;
  row[CKPT_PARAM_KIND] = kind;
  row[CKPT_PARAM_RANK] = rank;
  row[CKPT_PARAM_ELEM_BITS] = bits;
  row[CKPT_PARAM_ELEM_TYPE] = CKPT_ELEM_INT;
}

static int64_t *bench_node(bench_plan_t *storage, int64_t index, ckpt_node_kind_t kind,
                           int64_t end) {
  int64_t *row = storage->nodes + index * CKPT_NODE_FIELDS;
  for (int field = 0; field < CKPT_NODE_FIELDS; ++field) row[field] = -1;
  row[CKPT_NODE_KIND] = kind;
  row[CKPT_NODE_END] = end;
  return row;
}

/* Lays the plan out as the compiler would: pre-order, checkpoint c (label c, flag
 * parameter c) followed by its tasks 4c..4c+3. */
static const ckpt_plan_t *bench_plan_build(bench_plan_t *storage) {
  memset(storage, 0, sizeof(*storage));
  for (int cp = 0; cp < BENCH_CHECKPOINTS; ++cp)
    bench_set_param(storage, BENCH_PARAM_FLAG0 + cp, CKPT_PARAM_MEMREF, 0, 32);
  bench_set_param(storage, BENCH_PARAM_BUFFER, CKPT_PARAM_MEMREF, 1, 64);
  bench_set_param(storage, BENCH_PARAM_ITERATIONS, CKPT_PARAM_SCALAR, 0, 64);

  int64_t index = 0;
  for (int cp = 0; cp < BENCH_CHECKPOINTS; ++cp) {
    int64_t *checkpoint = bench_node(storage, index, CKPT_NODE_CHECKPOINT,
                                     index + 1 + BENCH_TASKS_PER_CHECKPOINT);
    checkpoint[CKPT_NODE_CP_ID] = cp;
    checkpoint[CKPT_NODE_PARAM] = BENCH_PARAM_FLAG0 + cp;
    checkpoint[CKPT_NODE_LABEL] = cp;
    checkpoint[CKPT_NODE_FLAGS] = CKPT_NODE_FLAG_EXPLICIT;
    ++index;
    for (int task = 0; task < BENCH_TASKS_PER_CHECKPOINT; ++task, ++index) {
      bench_node(storage, index, CKPT_NODE_TASK, index + 1)[CKPT_NODE_FN] =
          cp * BENCH_TASKS_PER_CHECKPOINT + task;
    }
  }

  static const char kernel_name[] = "bench_8x4";
  memcpy(storage->strings, kernel_name, sizeof(kernel_name));
  storage->plan = (ckpt_plan_t){
      .abi = CKPT_PLAN_ABI,
      .param_count = BENCH_PARAMS,
      .params = storage->params,
      .node_count = BENCH_NODES,
      .nodes = storage->nodes,
      .strings_size = (int64_t)sizeof(kernel_name),
      .strings = storage->strings,
      .dispatch = bench_dispatch,
  };
  return &storage->plan;
}

/*--- arguments -------------------------------------------------------------------*/

typedef struct bench_args_t {
  int32_t flag_storage[BENCH_CHECKPOINTS];
  bench_flag_memref_t flags[BENCH_CHECKPOINTS];
  uint64_t buffer_storage[BENCH_TASKS * BENCH_LANES];
  bench_buffer_memref_t buffer;
  int64_t iterations;
  void *packed[BENCH_PARAMS];
} bench_args_t;

static void bench_args_reset_buffer(bench_args_t *args) {
  for (int i = 0; i < BENCH_TASKS * BENCH_LANES; ++i)
    args->buffer_storage[i] = UINT64_C(0x9e3779b97f4a7c15) * (uint64_t)(i + 1);
}

static void bench_args_init(bench_args_t *args, int64_t iterations) {
  memset(args, 0, sizeof(*args));
  for (int cp = 0; cp < BENCH_CHECKPOINTS; ++cp) {
    args->flags[cp] = (bench_flag_memref_t){
        .allocated = &args->flag_storage[cp], .aligned = &args->flag_storage[cp], .offset = 0};
    args->packed[BENCH_PARAM_FLAG0 + cp] = &args->flags[cp];
  }
  args->buffer = (bench_buffer_memref_t){.allocated = args->buffer_storage,
                                         .aligned = args->buffer_storage,
                                         .offset = 0,
                                         .size = BENCH_TASKS * BENCH_LANES,
                                         .stride = 1};
  args->packed[BENCH_PARAM_BUFFER] = &args->buffer;
  args->iterations = iterations;
  args->packed[BENCH_PARAM_ITERATIONS] = &args->iterations;
  bench_args_reset_buffer(args);
}

/*--- timing ----------------------------------------------------------------------*/

static double bench_now_us(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)now.tv_sec * 1e6 + (double)now.tv_nsec * 1e-3;
}

static int bench_compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double bench_median(double *samples, int count) {
  qsort(samples, (size_t)count, sizeof(double), bench_compare_doubles);
  return count % 2 ? samples[count / 2] : 0.5 * (samples[count / 2 - 1] + samples[count / 2]);
}

/* Iterations of bench_spin per microsecond: the fastest of several timed runs, after the
 * CPU has had time to reach its working clock. */
static double bench_calibrate(bool smoke) {
  uint64_t lanes[BENCH_LANES] = {1, 2, 3, 4, 5, 6, 7, 8};
  double warm_until = bench_now_us() + (smoke ? 10e3 : 300e3);
  while (bench_now_us() < warm_until) bench_spin(lanes, 10000);
  const int64_t iterations = smoke ? 100000 : 2000000;
  double best_us = 1e30;
  for (int run = 0; run < (smoke ? 3 : 15); ++run) {
    double start = bench_now_us();
    bench_spin(lanes, iterations);
    double elapsed = bench_now_us() - start;
    if (elapsed < best_us) best_us = elapsed;
  }
  return (double)iterations / best_us;
}

/* Median time of one task at `iterations`, to print the real task size. */
static double bench_task_us(bench_args_t *args, int reps) {
  double *samples = malloc(sizeof(double) * (size_t)reps);
  if (!samples) return 0.0;
  for (int rep = 0; rep < reps; ++rep) {
    double start = bench_now_us();
    bench_task_fns[rep % BENCH_TASKS](args->packed);
    samples[rep] = bench_now_us() - start;
  }
  double median = bench_median(samples, reps);
  free(samples);
  return median;
}

typedef struct bench_run_t {
  ckpt_context_t *context;
  ckpt_kernel_t *kernel;
  bench_args_t *args;
  bool yield_row; /* launch that yields at BENCH_YIELD_CHECKPOINT, then resume */
  bool failed;
} bench_run_t;

static void bench_fail(bench_run_t *run, const char *call) {
  fprintf(stderr, "ckpt-bench-cpu: %s failed: %s\n", call, ckpt_context_last_error(run->context));
  run->failed = true;
}

/* One launch through the runtime; for the yield row, the launch that yields and the
 * resume together. */
static void bench_ckpt_once(bench_run_t *run) {
  ckpt_outcome_t outcome;
  bench_args_t *args = run->args;
  if (!run->yield_row) {
    if (ckpt_kernel_launch(run->kernel, args->packed, &outcome) != CKPT_OK) {
      bench_fail(run, "ckpt_kernel_launch");
      return;
    }
    if (outcome.yielded) {
      fprintf(stderr, "ckpt-bench-cpu: a launch yielded at label %" PRId64 " with every flag 0\n",
              outcome.label);
      run->failed = true;
    }
    return;
  }
  args->flag_storage[BENCH_YIELD_CHECKPOINT] = 1;
  if (ckpt_kernel_launch(run->kernel, args->packed, &outcome) != CKPT_OK) {
    bench_fail(run, "ckpt_kernel_launch");
    return;
  }
  if (!outcome.yielded || outcome.label != BENCH_YIELD_CHECKPOINT) {
    fprintf(stderr, "ckpt-bench-cpu: expected a yield at label %d\n", BENCH_YIELD_CHECKPOINT);
    run->failed = true;
    return;
  }
  args->flag_storage[BENCH_YIELD_CHECKPOINT] = 0;
  if (ckpt_kernel_resume(run->kernel, outcome.label, args->packed, &outcome) != CKPT_OK) {
    bench_fail(run, "ckpt_kernel_resume");
    return;
  }
  if (outcome.yielded) {
    fprintf(stderr, "ckpt-bench-cpu: the resume yielded at label %" PRId64 "\n", outcome.label);
    run->failed = true;
  }
}

static void bench_direct_once(bench_run_t *run) {
  if (run->yield_row) {
    bench_direct_yield_resume(run->args->packed);
  } else {
    bench_direct_all(run->args->packed);
  }
}

/* Both ways must leave the buffer in the same state: the runtime ran every task, in
 * order, once per launch (and checkpoint 4 twice around a yield). */
static bool bench_check_same_work(bench_run_t *run) {
  uint64_t direct[BENCH_TASKS * BENCH_LANES];
  bench_args_reset_buffer(run->args);
  bench_direct_once(run);
  memcpy(direct, run->args->buffer_storage, sizeof(direct));
  bench_args_reset_buffer(run->args);
  bench_ckpt_once(run);
  if (run->failed) return false;
  if (memcmp(direct, run->args->buffer_storage, sizeof(direct)) != 0) {
    fprintf(stderr, "ckpt-bench-cpu: the runtime's launch%s did not do the same work as the "
                    "direct calls\n",
            run->yield_row ? " and resume" : "");
    return false;
  }
  return true;
}

typedef struct bench_row_t {
  double task_us, direct_us, ckpt_us;
} bench_row_t;

/* Medians of `reps` interleaved samples of each, after `warmup` unrecorded ones. The
 * order alternates so that neither side always runs in the other's wake. */
static bool bench_measure(bench_run_t *run, int reps, int warmup, bench_row_t *out_row) {
  double *direct = malloc(sizeof(double) * (size_t)reps);
  double *ckpt = malloc(sizeof(double) * (size_t)reps);
  if (!direct || !ckpt) {
    free(direct);
    free(ckpt);
    fputs("ckpt-bench-cpu: out of memory\n", stderr);
    return false;
  }
  for (int rep = -warmup; rep < reps && !run->failed; ++rep) {
    double direct_us = 0.0, ckpt_us = 0.0;
    for (int side = 0; side < 2; ++side) {
      bool run_ckpt = (side == 0) == (rep % 2 == 0);
      double start = bench_now_us();
      if (run_ckpt) {
        bench_ckpt_once(run);
        ckpt_us = bench_now_us() - start;
      } else {
        bench_direct_once(run);
        direct_us = bench_now_us() - start;
      }
    }
    if (rep >= 0) {
      direct[rep] = direct_us;
      ckpt[rep] = ckpt_us;
    }
  }
  if (!run->failed) {
    out_row->direct_us = bench_median(direct, reps);
    out_row->ckpt_us = bench_median(ckpt, reps);
  }
  free(direct);
  free(ckpt);
  return !run->failed;
}

static void bench_print_row(const char *label, const bench_row_t *row) {
  printf("%-31s %7.2f   %16.2f   %21.2f   %6.3f   %12.2f\n", label, row->task_us,
         row->direct_us, row->ckpt_us, row->ckpt_us / row->direct_us,
         row->ckpt_us - row->direct_us);
}

static bool bench_parse_args(int argc, char **argv, int *reps, bool *smoke) {
  for (int i = 1; i < argc; ++i) {
    if (strcmp(argv[i], "--smoke") == 0) {
      *smoke = true;
    } else if (strncmp(argv[i], "--reps=", 7) == 0 && atoi(argv[i] + 7) > 0) {
      *reps = atoi(argv[i] + 7);
    } else {
      fprintf(stderr, "usage: ckpt-bench-cpu [--reps=N] [--smoke]\n");
      return false;
    }
  }
  if (*smoke && *reps > 5) *reps = 5;
  return true;
}

int main(int argc, char **argv) {
  int reps = 200;
  bool smoke = false;
  if (!bench_parse_args(argc, argv, &reps, &smoke)) return 2;

  ckpt_context_t *context = NULL;
  if (ckpt_context_create(CKPT_TARGET_CPU, &context) != CKPT_OK) {
    fprintf(stderr, "ckpt-bench-cpu: ckpt_context_create: %s\n",
            context ? ckpt_context_last_error(context) : "out of memory");
    ckpt_context_destroy(context);
    return 1;
  }
  /* A trace line per launch would measure stderr, not dispatch. */
  ckpt_context_set_trace(context, false);

  static bench_plan_t plan_storage;
  ckpt_kernel_t *kernel = NULL;
  if (ckpt_kernel_create(context, bench_plan_build(&plan_storage), &kernel) != CKPT_OK) {
    fprintf(stderr, "ckpt-bench-cpu: ckpt_kernel_create: %s\n", ckpt_context_last_error(context));
    ckpt_context_destroy(context);
    return 1;
  }

  double per_us = bench_calibrate(smoke);
  static bench_args_t args;
  bench_args_init(&args, 1);
  int warmup = smoke ? 1 : 20;

  printf("ckpt CPU dispatch overhead: %d checkpoints x %d tasks, explicit checkpoints with\n"
         "yield flags left at 0; medians of %d interleaved repetitions after %d warm-up ones%s\n\n",
         BENCH_CHECKPOINTS, BENCH_TASKS_PER_CHECKPOINT, reps, warmup,
         smoke ? " (--smoke: figures are meaningless)" : "");
  printf("%-31s %7s   %16s   %21s   %6s   %12s\n", "task size", "task us", "direct us/launch",
         "ckpt launch us/launch", "ratio", "overhead us");

  struct {
    const char *label;
    double target_us;
    bool yield_row;
  } rows[] = {
      {"~1 us tasks", 1.0, false},
      {"~10 us tasks", 10.0, false},
      {"~1 us, yield at cp 4 + resume", 1.0, true},
      {"~10 us, yield at cp 4 + resume", 10.0, true},
  };
  bench_row_t results[sizeof(rows) / sizeof(rows[0])];
  int status = 0;
  for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]); ++r) {
    args.iterations = (int64_t)(per_us * rows[r].target_us + 0.5);
    if (args.iterations < 1) args.iterations = 1;
    bench_run_t run = {.context = context, .kernel = kernel, .args = &args,
                       .yield_row = rows[r].yield_row};
    if (!bench_check_same_work(&run) || !bench_measure(&run, reps, warmup, &results[r])) {
      status = 1;
      break;
    }
    results[r].task_us = bench_task_us(&args, smoke ? 32 : 2000);
    bench_print_row(rows[r].label, &results[r]);
  }

  if (status == 0) {
    double ratio = results[1].ckpt_us / results[1].direct_us;
    printf("\nthe yield rows run 36 tasks each way: checkpoint 4 runs again on resume.\n");
    printf("target: ratio <= 1.05 at ~10 us tasks: %s (%.3f)\n",
           smoke ? "not judged in --smoke" : (ratio <= 1.05 ? "met" : "NOT met"), ratio);
  }
  ckpt_context_destroy(context);
  return status;
}
