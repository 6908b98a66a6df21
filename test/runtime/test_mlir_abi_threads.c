/* Threads that make a lowered module's first launches at once (docs/runtime-api.md,
 * Threads): they share the module's context and kernel slots, which the runtime fills on
 * first use, and the module's context. Each round starts from empty slots and releases
 * the lot at its end, so every round races on the first use again. Built with
 * -DCKPT_SANITIZE=thread this is also the race check of runtime/core/mlir_abi.c
 * (scripts/test.sh). */
#include <pthread.h>

#include "ckpt/mlir_abi.h"
#include "sample_plans.h"
#include "test_util.h"

enum { THREADS = 16, ROUNDS = 25 };

typedef struct module_t {
  void *context_slot;
  void *straight_slot;
  void *loop_slot;
} module_t;

typedef struct round_t {
  module_t module;
  const ckpt_plan_t *straight, *loop, *broken;
  pthread_barrier_t start;
} round_t;

typedef struct worker_t {
  round_t *round;
  int index;
  sample_args_t sample;
  ckpt_mlir_status_t yielded, resumed, looped;
} worker_t;

static void launch(worker_t *worker, void **kernel_slot, const ckpt_plan_t *plan,
                   int64_t has_resume, int64_t label, ckpt_mlir_status_t *out_status) {
  ckpt_mlir_launch(&worker->round->module.context_slot, kernel_slot, plan, CKPT_TARGET_CPU,
                   worker->sample.args, has_resume, label, out_status);
}

/* A yield, the resume after it, then a resume of the module's second kernel: two first
 * uses of a kernel slot, all threads at once. */
static void *first_launches(void *argument) {
  worker_t *worker = argument;
  module_t *module = &worker->round->module;
  pthread_barrier_wait(&worker->round->start);
  *sample_flag(&worker->sample, SAMPLE_FLAG_A) = 1;
  launch(worker, &module->straight_slot, worker->round->straight, 0, 0, &worker->yielded);
  *sample_flag(&worker->sample, SAMPLE_FLAG_A) = 0;
  launch(worker, &module->straight_slot, worker->round->straight, 1, 0, &worker->resumed);
  launch(worker, &module->loop_slot, worker->round->loop, 1, 9, &worker->looped);
  return NULL;
}

static void run_round(round_t *round, worker_t *workers, void *(*body)(void *)) {
  pthread_t threads[THREADS];
  pthread_barrier_init(&round->start, NULL, THREADS);
  for (int i = 0; i < THREADS; ++i) {
    workers[i].round = round;
    workers[i].index = i;
    sample_args_init(&workers[i].sample);
    CHECK_EQ(pthread_create(&threads[i], NULL, body, &workers[i]), 0);
  }
  for (int i = 0; i < THREADS; ++i)
    pthread_join(threads[i], NULL);
  pthread_barrier_destroy(&round->start);
}

static void test_first_launches_on_threads(void) {
  plan_builder_t straight, loop;
  round_t round = {.straight = sample_straight(&straight), .loop = sample_loop(&loop)};
  static worker_t workers[THREADS];
  int failed_rounds = 0;
  for (int r = 0; r < ROUNDS; ++r) {
    round.module = (module_t){0};
    run_round(&round, workers, first_launches);
    int failures_before = test_failures;
    for (int i = 0; i < THREADS; ++i) {
      const worker_t *worker = &workers[i];
      CHECK_EQ(worker->yielded.ok, 1);
      CHECK_EQ(worker->yielded.yielded, 1);
      CHECK_EQ(worker->yielded.label, 0);
      CHECK_EQ(worker->resumed.ok, 1);
      CHECK_EQ(worker->resumed.yielded, 0);
      CHECK_EQ(worker->looped.ok, 1);
      CHECK_EQ(worker->looped.yielded, 0);
      CHECK_RUNS(&worker->sample.world, 1, 2, 3, 4, 3, 4, 5, 6, 7, 8, 7, 8);
    }
    CHECK(round.module.context_slot != NULL);
    CHECK(round.module.straight_slot != NULL && round.module.loop_slot != NULL);
    ckpt_mlir_release(&round.module.context_slot);
    CHECK(round.module.straight_slot == NULL && round.module.loop_slot == NULL);
    if (test_failures != failures_before)
      ++failed_rounds;
  }
  CHECK_EQ(failed_rounds, 0);
}

/* Half the threads make a first launch of a plan that fails validation, the other half
 * resume the module's good kernel from a label it lacks: every thread prints its own
 * failure's message once, whichever other failure happens at the same time. */
static void *failing_launches(void *argument) {
  worker_t *worker = argument;
  module_t *module = &worker->round->module;
  pthread_barrier_wait(&worker->round->start);
  if (worker->index % 2 == 0)
    launch(worker, &module->loop_slot, worker->round->broken, 0, 0, &worker->looped);
  else
    launch(worker, &module->straight_slot, worker->round->straight, 1, 7, &worker->resumed);
  return NULL;
}

static void test_failing_first_launches_on_threads(void) {
  plan_builder_t straight, broken;
  round_t round = {.straight = sample_straight(&straight)};
  sample_straight(&broken);
  PLAN_NODE(&broken, 0, CKPT_NODE_FN) = -4;
  round.broken = &broken.plan;
  static const char invalid_plan[] =
      "ckpt: error: invalid plan for kernel 'step': node 0 (bare): fn is -4 but must be >= 0\n";
  static const char unknown_label[] =
      "ckpt: error: kernel 'step' has no checkpoint labelled 7; labels available: 0 "
      "(\"SIM\"), 1\n";
  static worker_t workers[THREADS];
  for (int r = 0; r < ROUNDS; ++r) {
    round.module = (module_t){0};
    stream_capture_t capture;
    capture_begin(&capture, stderr);
    run_round(&round, workers, failing_launches);
    char *errors = capture_end(&capture);
    int invalid_plans = 0, unknown_labels = 0, others = 0;
    for (char *line = errors; line && *line;) {
      char *end = strchr(line, '\n');
      size_t length = end ? (size_t)(end - line) + 1 : strlen(line);
      if (length == strlen(invalid_plan) && strncmp(line, invalid_plan, length) == 0)
        ++invalid_plans;
      else if (length == strlen(unknown_label) && strncmp(line, unknown_label, length) == 0)
        ++unknown_labels;
      else
        ++others;
      line += length;
    }
    CHECK_EQ(invalid_plans, THREADS / 2);
    CHECK_EQ(unknown_labels, THREADS / 2);
    CHECK_EQ(others, 0);
    if (others)
      fprintf(stderr, "  printed:\n%s", errors);
    free(errors);
    for (int i = 0; i < THREADS; ++i) {
      const ckpt_mlir_status_t *status = i % 2 == 0 ? &workers[i].looped : &workers[i].resumed;
      CHECK_EQ(status->ok, 0);
      CHECK_NO_RUNS(&workers[i].sample.world);
    }
    CHECK(round.module.loop_slot == NULL);
    ckpt_mlir_release(&round.module.context_slot);
  }
}

int main(void) {
  /* Contexts with one thread each: the point is the launching threads, not pools. */
  setenv("CKPT_CPU_THREADS", "1", 1);
  TEST_RUN(test_first_launches_on_threads);
  TEST_RUN(test_failing_first_launches_on_threads);
  return test_report();
}
