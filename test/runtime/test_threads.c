/* Several contexts used on several threads at once (docs/runtime-api.md, Threads): each
 * thread drives its own CPU context, which runs split tasks on its own pool, through
 * launches, yields and resumes. Half the contexts are created on the main thread and
 * handed over, half on the thread that uses them; all kernels share one plan. Every
 * thread checks its results against a count of what the contract says ran. Built with
 * -DCKPT_SANITIZE=thread, this is the race check of the runtime (scripts/test.sh). */
#include <pthread.h>

#include "ckpt/ckpt.h"
#include "split_plan.h"
#include "test_util.h"

enum { THREADS = 4, LAUNCHES = 40, SIZE = 4099 };

typedef struct worker_t {
  const ckpt_plan_t *plan;
  ckpt_context_t *context; /* NULL: the worker creates its own */
  int64_t failures;
  char error[256];
} worker_t;

static void worker_fail(worker_t *worker, const char *what, ckpt_context_t *context) {
  ++worker->failures;
  snprintf(worker->error, sizeof worker->error, "%s: %s", what,
           context ? ckpt_context_last_error(context) : "");
}

/* Launches until LAUNCHES launches have run, resuming after each yield, and counts how
 * often each task must have run: task 0 on every launch and resume, task 2 whenever no
 * yield came. */
static void *worker_main(void *argument) {
  worker_t *worker = argument;
  ckpt_context_t *context = worker->context;
  if (!context && ckpt_context_create(CKPT_TARGET_CPU, &context) != CKPT_OK) {
    worker_fail(worker, "ckpt_context_create", context);
    ckpt_context_destroy(context);
    return NULL;
  }
  ckpt_kernel_t *kernel = NULL;
  split_plan_args_t args;
  split_plan_args_init(&args, SIZE);
  int64_t expect_counts = 0, expect_others = 0;
  if (ckpt_kernel_create(context, worker->plan, &kernel) != CKPT_OK) {
    worker_fail(worker, "ckpt_kernel_create", context);
  } else {
    int64_t resume_label = -1;
    for (int launch = 0; launch < LAUNCHES && worker->failures == 0; ++launch) {
      ckpt_outcome_t outcome;
      args.flag = 0;
      ckpt_status_code_t code =
          resume_label < 0 ? ckpt_kernel_launch(kernel, args.args, &outcome)
                           : ckpt_kernel_resume(kernel, resume_label, args.args, &outcome);
      if (code != CKPT_OK) {
        worker_fail(worker, "launch", context);
        break;
      }
      ++expect_counts;
      bool yields = expect_counts % SPLIT_PLAN_YIELD_EVERY == 0;
      if (!yields) ++expect_others;
      if (outcome.yielded != yields || (yields && outcome.label != SPLIT_PLAN_LABEL)) {
        worker_fail(worker, "the outcome", NULL);
        break;
      }
      resume_label = yields ? SPLIT_PLAN_LABEL : -1;
    }
  }
  for (int64_t i = 0; i < SIZE && worker->failures == 0; ++i)
    if (args.counts[i] != expect_counts || args.others[i] != expect_others)
      worker_fail(worker, "an element's count", NULL);
  if (atomic_load(&args.checks[1]) != 0) worker_fail(worker, "task 1 saw task 0 unfinished", NULL);
  ckpt_context_destroy(context);
  split_plan_args_free(&args);
  return NULL;
}

static void test_contexts_on_threads(void) {
  plan_builder_t builder;
  const ckpt_plan_t *plan = split_plan_build(&builder);
  worker_t workers[THREADS];
  pthread_t threads[THREADS];
  for (int i = 0; i < THREADS; ++i) {
    workers[i] = (worker_t){.plan = plan};
    if (i % 2 == 0) workers[i].context = test_cpu_context();
  }
  for (int i = 0; i < THREADS; ++i)
    CHECK_EQ(pthread_create(&threads[i], NULL, worker_main, &workers[i]), 0);
  for (int i = 0; i < THREADS; ++i) {
    pthread_join(threads[i], NULL);
    CHECK_EQ(workers[i].failures, 0);
    if (workers[i].failures) fprintf(stderr, "  thread %d: %s\n", i, workers[i].error);
  }
}

int main(void) {
  /* Two threads per context: shares of different contexts interleave on the cores. */
  setenv("CKPT_CPU_THREADS", "2", 1);
  TEST_RUN(test_contexts_on_threads);
  return test_report();
}
