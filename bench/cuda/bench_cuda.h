/* What ckpt-bench-cuda's two files share: the device the benchmark owns, its K x T plan
 * of tiny tasks and the plain graphs of the same tasks (bench_cuda.c), measured by
 * launch in bench_cuda.c and by queued launches in bench_cuda_async.c. */
#ifndef CKPT_BENCH_CUDA_H
#define CKPT_BENCH_CUDA_H

#include <stdbool.h>
#include <stdint.h>

#include "ckpt/ckpt.h"
#include "ckpt/plan.h"
#include "cuda/cuda_driver.h"
#include "memref_descriptors.h"

enum { MAX_CHECKPOINTS = 32, LANES = 64, FN_STRIDE = 64 };
/* Added to the fn of a task whose prologue does the previous checkpoint's yield check. */
enum { FN_FOLDS = MAX_CHECKPOINTS * FN_STRIDE };
enum { PARAM_DATA = 0, PARAM_TRIGGER = 1, PARAM_FLAG0 = 2 };

#define BENCH_CHECK(call)                                                                  \
  do {                                                                                     \
    CUresult result_ = (call);                                                             \
    if (result_ != CUDA_SUCCESS) {                                                         \
      char message_[256];                                                                  \
      ckpt_cuda_describe_error(&bench.driver, result_, #call, message_, sizeof(message_)); \
      fprintf(stderr, "ckpt-bench-cuda: %s\n", message_);                                  \
      exit(1);                                                                             \
    }                                                                                      \
  } while (0)

/* The device side the benchmark owns: the primary context the runtime uses too. */
typedef struct bench_device_t {
  ckpt_cuda_driver_t driver;
  CUdevice device;
  CUcontext context;
  CUstream stream;
  CUmodule module;
  CUfunction plain_task, plain_task_pdl, gated_task, gated_task_fold;
  CUdeviceptr state; /* a gating state that lets every task run, for gated plain graphs */
  CUdeviceptr data;  /* LANES floats */
  CUdeviceptr words; /* [trigger (checkpoint + 1, or 0), flags[MAX_CHECKPOINTS]] */
  char device_name[128];
} bench_device_t;

extern bench_device_t bench;

/* Parameters: data, trigger, one flag per checkpoint (MAX_CHECKPOINTS of them, the unused
 * ones never read), and the work per task. */
typedef struct bench_plan_t {
  int checkpoints, tasks;
  int32_t work;
  int64_t params[(MAX_CHECKPOINTS + 3) * CKPT_PARAM_FIELDS];
  int64_t nodes[MAX_CHECKPOINTS * 8 * CKPT_NODE_FIELDS];
  char strings[16];
  ckpt_plan_t plan;
  memref1_t data;
  memref0_t trigger;
  memref0_t flags[MAX_CHECKPOINTS];
  void *args[MAX_CHECKPOINTS + 3];
} bench_plan_t;

typedef enum plain_kind_t {
  PLAIN_TASKS,     /* bench_plain_task, ordinary edges: the baseline */
  PLAIN_TASKS_PDL, /* bench_plain_task_pdl, programmatic edges */
  GATED_TASKS,     /* the plan's tasks (bench_task, bench_task_fold for the first task of
                      each checkpoint but the first), programmatic edges, with a gating
                      state that lets everything run and no flag raised: what the
                      prologues, folded checks included, cost by themselves */
} plain_kind_t;

/* K explicit checkpoints of T tasks, each checkpoint with its own flag. */
void bench_plan_init(bench_plan_t *p, int checkpoints, int tasks, int32_t work);

/* The plan's tasks as one chain of kernel nodes, built directly. */
CUgraphExec plain_graph(const bench_plan_t *p, plain_kind_t kind);

double now_us(void);
double median(double *values, int count);

/* Reports a launch whose status or outcome is not the one expected, and sets
 * bench_failed. */
void expect(ckpt_status_code_t code, const ckpt_outcome_t *outcome, ckpt_context_t *context,
            bool yielded, int64_t label, const char *what);
extern bool bench_failed;

/* The queued-launches table (bench_cuda_async.c): `launches` launches of the 8x4 plan
 * queued with ckpt_kernel_launch_async and one wait, against as many plain graph launches
 * and one stream synchronisation; medians of `reps`. Returns whether the target is met. */
bool bench_queued(int launches, int reps, int warmup, bool smoke);

#endif /* CKPT_BENCH_CUDA_H */
