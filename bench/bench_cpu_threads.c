/* ckpt-bench-cpu-threads: a parallel task on the CPU target with one thread and with all
 * cores.
 *
 *   ckpt-bench-cpu-threads [--reps=N] [--threads=N] [--smoke]
 *
 * A hand-built plan of one split task (CKPT_NODE_FLAG_SPLIT, ckpt/plan.h) over 4M floats,
 * its function shaped like the compiler's: it reads its ckpt_task_share_t, takes the block
 * of ceil(n / count) elements it names, and loops over it. Two workloads: `axpy`
 * (y = a * x + y, two loads and a store per element: memory-bound) and `poly` (16 dependent
 * multiply-adds per element: compute-bound). For each, the same function called directly
 * (share {0, 1}, no runtime), a launch through a context with CKPT_CPU_THREADS=1, a
 * launch through a context with one thread per core (or --threads=N), and, as the
 * reference for what the cores give, the same blocks on as many plain threads started and
 * joined for the call; medians of N interleaved repetitions (default 30). A last row does
 * the same for a task of 64 elements, where the launch costs more than the work: what
 * handing a task to the pool costs.
 *
 * Before timing, each way runs once from the same inputs and must leave bit-identical
 * outputs. --smoke: 3 repetitions, to check that it runs; the figures mean nothing. */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ckpt/ckpt.h"
#include "ckpt/plan.h"

enum { BENCH_ELEMENTS = 4 << 20, BENCH_SMALL = 64, BENCH_POLY_STEPS = 16 };
enum { BENCH_FN_AXPY = 0, BENCH_FN_POLY = 1, BENCH_MAX_PLAIN = 1024 };
enum { BENCH_PARAM_X = 0, BENCH_PARAM_Y, BENCH_PARAMS };

typedef struct bench_memref_t {
  float *allocated, *aligned;
  int64_t offset, size, stride;
} bench_memref_t;

/* The share's block of [0, size), as the compiler computes it. */
static void bench_block(int64_t size, const ckpt_task_share_t *share, int64_t *begin,
                        int64_t *end) {
  int64_t chunk = (size + share->count - 1) / share->count;
  *begin = share->index * chunk < size ? share->index * chunk : size;
  *end = *begin + chunk < size ? *begin + chunk : size;
}

static void bench_dispatch(int64_t fn, void **args, void *recorder) {
  const bench_memref_t *x_ref = args[BENCH_PARAM_X], *y_ref = args[BENCH_PARAM_Y];
  const float *x = x_ref->aligned + x_ref->offset;
  float *y = y_ref->aligned + y_ref->offset;
  int64_t begin = 0, end = 0;
  bench_block(x_ref->size, recorder, &begin, &end);
  if (fn == BENCH_FN_AXPY) {
    for (int64_t i = begin; i < end; ++i) y[i] = 1.0001f * x[i] + y[i];
    return;
  }
  for (int64_t i = begin; i < end; ++i) {
    float value = x[i];
    for (int step = 0; step < BENCH_POLY_STEPS; ++step) value = value * 0.999f + 0.5f;
    y[i] = value;
  }
}

/* One wrapped split task, fn `fn`, over two memref<?xf32>. */
typedef struct bench_plan_t {
  int64_t params[BENCH_PARAMS * CKPT_PARAM_FIELDS];
  int64_t nodes[2 * CKPT_NODE_FIELDS];
  ckpt_plan_t plan;
} bench_plan_t;

static const ckpt_plan_t *bench_plan_build(bench_plan_t *storage, int64_t fn) {
  memset(storage, 0, sizeof(*storage));
  for (int p = 0; p < BENCH_PARAMS; ++p) {
    int64_t *row = storage->params + p * CKPT_PARAM_FIELDS;
    row[CKPT_PARAM_KIND] = CKPT_PARAM_MEMREF;
    row[CKPT_PARAM_RANK] = 1;
    row[CKPT_PARAM_ELEM_BITS] = 32;
    row[CKPT_PARAM_ELEM_TYPE] = CKPT_ELEM_FLOAT;
  }
  for (int field = 0; field < 2 * CKPT_NODE_FIELDS; ++field) storage->nodes[field] = -1;
  int64_t *checkpoint = storage->nodes, *task = storage->nodes + CKPT_NODE_FIELDS;
  checkpoint[CKPT_NODE_KIND] = CKPT_NODE_CHECKPOINT;
  checkpoint[CKPT_NODE_END] = 2;
  checkpoint[CKPT_NODE_CP_ID] = 0;
  checkpoint[CKPT_NODE_FLAGS] = 0;
  task[CKPT_NODE_KIND] = CKPT_NODE_TASK;
  task[CKPT_NODE_END] = 2;
  task[CKPT_NODE_FN] = fn;
  task[CKPT_NODE_FLAGS] = CKPT_NODE_FLAG_SPLIT;
  static const char name[] = "bench_split";
  storage->plan = (ckpt_plan_t){
      .abi = CKPT_PLAN_ABI,
      .param_count = BENCH_PARAMS,
      .params = storage->params,
      .node_count = 2,
      .nodes = storage->nodes,
      .strings_size = (int64_t)sizeof(name),
      .strings = name,
      .dispatch = bench_dispatch,
  };
  return &storage->plan;
}

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

/* A CPU context with CKPT_CPU_THREADS=`threads` (NULL: unset, one thread per core). */
static ckpt_context_t *bench_context(const char *threads) {
  if (threads)
    setenv("CKPT_CPU_THREADS", threads, 1);
  else
    unsetenv("CKPT_CPU_THREADS");
  ckpt_context_t *context = NULL;
  if (ckpt_context_create(CKPT_TARGET_CPU, &context) != CKPT_OK) {
    fprintf(stderr, "ckpt-bench-cpu-threads: ckpt_context_create: %s\n",
            context ? ckpt_context_last_error(context) : "out of memory");
    ckpt_context_destroy(context);
    return NULL;
  }
  ckpt_context_set_trace(context, false);
  return context;
}

/* One way of running the task: the direct call (no context, plain_threads 0), plain
 * threads started for the call and joined (no context, plain_threads N), or a launch. */
typedef struct bench_way_t {
  ckpt_context_t *context;
  ckpt_kernel_t *kernel;
  int64_t plain_threads;
} bench_way_t;

enum { BENCH_WAYS = 4 };

typedef struct bench_data_t {
  float *x, *y;
  bench_memref_t x_ref, y_ref;
  void *args[BENCH_PARAMS];
} bench_data_t;

static void bench_reset(bench_data_t *data, int64_t size) {
  for (int64_t i = 0; i < size; ++i) {
    data->x[i] = (float)(i % 1000) * 0.001f;
    data->y[i] = (float)(i % 7);
  }
  data->x_ref = (bench_memref_t){data->x, data->x, 0, size, 1};
  data->y_ref = (bench_memref_t){data->y, data->y, 0, size, 1};
}

/* One block of a task, run by a plain thread. */
typedef struct bench_plain_t {
  int64_t fn;
  bench_data_t *data;
  ckpt_task_share_t share;
  pthread_t thread;
} bench_plain_t;

static void *bench_plain_main(void *argument) {
  bench_plain_t *plain = argument;
  bench_dispatch(plain->fn, plain->data->args, &plain->share);
  return NULL;
}

/* What threads alone give, with no pool and no runtime: block 0 here, the others on
 * threads started now. */
static bool bench_run_plain(int64_t threads, int64_t fn, bench_data_t *data) {
  bench_plain_t plain[BENCH_MAX_PLAIN];
  if (threads < 1 || threads > BENCH_MAX_PLAIN) return false;
  for (int64_t i = 0; i < threads; ++i) plain[i] = (bench_plain_t){fn, data, {i, threads}, 0};
  for (int64_t i = 1; i < threads; ++i)
    if (pthread_create(&plain[i].thread, NULL, bench_plain_main, &plain[i]) != 0) return false;
  bench_plain_main(&plain[0]);
  for (int64_t i = 1; i < threads; ++i) pthread_join(plain[i].thread, NULL);
  return true;
}

static bool bench_run_once(const bench_way_t *way, int64_t fn, bench_data_t *data) {
  if (way->plain_threads > 0) return bench_run_plain(way->plain_threads, fn, data);
  if (!way->context) {
    ckpt_task_share_t whole = {0, 1};
    bench_dispatch(fn, data->args, &whole);
    return true;
  }
  ckpt_outcome_t outcome;
  if (ckpt_kernel_launch(way->kernel, data->args, &outcome) != CKPT_OK) {
    fprintf(stderr, "ckpt-bench-cpu-threads: ckpt_kernel_launch: %s\n",
            ckpt_context_last_error(way->context));
    return false;
  }
  return true;
}

/* Every way leaves the same y from the same inputs. */
static bool bench_check(const bench_way_t ways[BENCH_WAYS], int64_t fn, bench_data_t *data,
                        int64_t size, float *expected) {
  for (int w = 0; w < BENCH_WAYS; ++w) {
    bench_reset(data, size);
    if (!bench_run_once(&ways[w], fn, data)) return false;
    if (w == 0) {
      memcpy(expected, data->y, sizeof(float) * (size_t)size);
    } else if (memcmp(expected, data->y, sizeof(float) * (size_t)size) != 0) {
      fprintf(stderr, "ckpt-bench-cpu-threads: way %d left a different result\n", w);
      return false;
    }
  }
  return true;
}

/* Medians of `reps` interleaved runs of each way, the order rotating. */
static bool bench_measure(const bench_way_t ways[BENCH_WAYS], int64_t fn, bench_data_t *data,
                          int reps, double out_us[BENCH_WAYS]) {
  double *samples = malloc(sizeof(double) * BENCH_WAYS * (size_t)reps);
  if (!samples) return false;
  bool ok = true;
  for (int rep = -2; rep < reps && ok; ++rep) {
    for (int k = 0; k < BENCH_WAYS && ok; ++k) {
      int w = (k + (rep < 0 ? 0 : rep)) % BENCH_WAYS;
      double start = bench_now_us();
      ok = bench_run_once(&ways[w], fn, data);
      if (rep >= 0) samples[w * reps + rep] = bench_now_us() - start;
    }
  }
  for (int w = 0; w < BENCH_WAYS && ok; ++w) out_us[w] = bench_median(samples + w * reps, reps);
  free(samples);
  return ok;
}

int main(int argc, char **argv) {
  int reps = 30;
  const char *threads = NULL;
  bool smoke = false;
  for (int i = 1; i < argc; ++i) {
    if (strcmp(argv[i], "--smoke") == 0) {
      smoke = true;
    } else if (strncmp(argv[i], "--reps=", 7) == 0 && atoi(argv[i] + 7) > 0) {
      reps = atoi(argv[i] + 7);
    } else if (strncmp(argv[i], "--threads=", 10) == 0 && atoi(argv[i] + 10) > 0) {
      threads = argv[i] + 10;
    } else {
      fprintf(stderr, "usage: ckpt-bench-cpu-threads [--reps=N] [--threads=N] [--smoke]\n");
      return 2;
    }
  }
  if (smoke) reps = 3;

  ckpt_context_t *one = bench_context("1"), *all = bench_context(threads);
  long online = sysconf(_SC_NPROCESSORS_ONLN);
  int64_t plain_threads = threads ? atoi(threads) : (online > 0 ? online : 1);
  if (plain_threads > BENCH_MAX_PLAIN) plain_threads = BENCH_MAX_PLAIN;
  unsetenv("CKPT_CPU_THREADS");
  bench_data_t data = {0};
  data.x = malloc(sizeof(float) * BENCH_ELEMENTS);
  data.y = malloc(sizeof(float) * BENCH_ELEMENTS);
  float *expected = malloc(sizeof(float) * BENCH_ELEMENTS);
  data.args[BENCH_PARAM_X] = &data.x_ref;
  data.args[BENCH_PARAM_Y] = &data.y_ref;
  int status = one && all && data.x && data.y && expected ? 0 : 1;

  struct {
    const char *label;
    int64_t fn, size;
  } rows[] = {
      {"axpy, 4M floats", BENCH_FN_AXPY, BENCH_ELEMENTS},
      {"poly (16 mul-add), 4M", BENCH_FN_POLY, BENCH_ELEMENTS},
      {"axpy, 64 floats", BENCH_FN_AXPY, BENCH_SMALL},
  };
  if (status == 0) {
    printf("ckpt CPU target, one split task per launch; medians of %d interleaved repetitions%s\n",
           reps, smoke ? " (--smoke: figures are meaningless)" : "");
    if (threads)
      printf("all cores: --threads=%s\n\n", threads);
    else
      printf("all cores: CKPT_CPU_THREADS unset, one thread per core (%ld online)\n\n",
             sysconf(_SC_NPROCESSORS_ONLN));
    printf("%-28s %10s %12s %13s %10s %9s %9s %9s\n", "task", "direct us", "1 thread us",
           "all cores us", "plain us", "1thr/dir", "speed-up", "plain x");
  }
  double speedup_poly = 0.0;
  for (size_t r = 0; r < sizeof(rows) / sizeof(rows[0]) && status == 0; ++r) {
    static bench_plan_t plan_one, plan_all;
    bench_way_t ways[BENCH_WAYS] = {
        {NULL, NULL, 0}, {one, NULL, 0}, {all, NULL, 0}, {NULL, NULL, plain_threads}};
    if (ckpt_kernel_create(one, bench_plan_build(&plan_one, rows[r].fn), &ways[1].kernel) !=
            CKPT_OK ||
        ckpt_kernel_create(all, bench_plan_build(&plan_all, rows[r].fn), &ways[2].kernel) !=
            CKPT_OK) {
      fprintf(stderr, "ckpt-bench-cpu-threads: ckpt_kernel_create: %s%s\n",
              ckpt_context_last_error(one), ckpt_context_last_error(all));
      status = 1;
      break;
    }
    double us[BENCH_WAYS];
    int row_reps = rows[r].size == BENCH_SMALL ? reps * 100 : reps;
    if (!bench_check(ways, rows[r].fn, &data, rows[r].size, expected) ||
        !bench_measure(ways, rows[r].fn, &data, row_reps, us)) {
      status = 1;
    } else {
      printf("%-28s %10.1f %12.1f %13.1f %10.1f %9.3f %9.2f %9.2f\n", rows[r].label, us[0],
             us[1], us[2], us[3], us[1] / us[0], us[1] / us[2], us[0] / us[3]);
      if (rows[r].fn == BENCH_FN_POLY) speedup_poly = us[1] / us[2];
    }
    ckpt_kernel_destroy(ways[1].kernel);
    ckpt_kernel_destroy(ways[2].kernel);
  }
  if (status == 0) {
    printf("\n1thr/dir: a launch with one thread over the direct call (dispatch overhead);\n"
           "speed-up: one thread's time over all cores'; plain x: the direct call's time over\n"
           "the same blocks on as many plain threads, started and joined per call (what the\n"
           "cores give with no pool).\n");
    printf("target: speed-up >= 1.7 on the compute-bound 4M task: %s (%.2f)\n",
           smoke ? "not judged in --smoke" : (speedup_poly >= 1.7 ? "met" : "NOT met"),
           speedup_poly);
  }
  free(expected);
  free(data.x);
  free(data.y);
  ckpt_context_destroy(one);
  ckpt_context_destroy(all);
  return status;
}
