/* The CPU target's threads (runtime/cpu/cpu_backend.c): a split task runs in
 * CKPT_CPU_BLOCKS_PER_THREAD blocks per thread on at most that many threads, every
 * iteration once; the next node starts only when every block has returned, and gating and
 * yields are as with one thread. The count comes from CKPT_CPU_THREADS or the setter. */
#include <pthread.h>

#include "core/context.h"
#include "cpu/cpu_backend.h"
#include "split_plan.h"
#include "test_util.h"

/* The threads the blocks of the last launch ran on. */
static pthread_mutex_t seen_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_t seen_threads[64];
static int seen_count;

static int seen_thread_count(void) {
  pthread_mutex_lock(&seen_lock);
  int count = seen_count;
  pthread_mutex_unlock(&seen_lock);
  return count;
}

/* Records the thread of each block. With `wait_for_another`, the thread that takes block 0
 * of a task first waits (up to 10 s) until a block has run on another thread: it can only
 * end early if the blocks really run on several threads at once. */
static bool wait_for_another;

static void recording_dispatch(int64_t fn, void **args, void *recorder) {
  if (recorder) {
    pthread_mutex_lock(&seen_lock);
    bool known = false;
    for (int i = 0; i < seen_count; ++i) known |= pthread_equal(seen_threads[i], pthread_self());
    if (!known && seen_count < 64) seen_threads[seen_count++] = pthread_self();
    pthread_mutex_unlock(&seen_lock);
    const ckpt_task_share_t *share = recorder;
    if (wait_for_another && share->index == 0 && share->count > 1) {
      for (int waited_ms = 0; waited_ms < 10000 && seen_thread_count() < 2; ++waited_ms)
        usleep(1000);
    }
  }
  split_plan_dispatch(fn, args, recorder);
}

typedef struct fixture_t {
  plan_builder_t builder;
  ckpt_context_t *context;
  ckpt_kernel_t *kernel;
  split_plan_args_t args;
} fixture_t;

/* A context made with CKPT_CPU_THREADS=`threads` ("" leaves it unset). */
static void fixture_begin(fixture_t *fixture, const char *threads, int64_t size) {
  if (*threads)
    setenv("CKPT_CPU_THREADS", threads, 1);
  else
    unsetenv("CKPT_CPU_THREADS");
  split_plan_build(&fixture->builder);
  fixture->builder.plan.dispatch = recording_dispatch;
  split_plan_args_init(&fixture->args, size);
  fixture->context = test_cpu_context();
  fixture->kernel = test_create_kernel(fixture->context, &fixture->builder.plan);
  unsetenv("CKPT_CPU_THREADS");
}

static void fixture_end(fixture_t *fixture) {
  ckpt_context_destroy(fixture->context);
  split_plan_args_free(&fixture->args);
}

/* Launches (label < 0) or resumes; returns the yield label, -1, or -2 on failure. */
static int64_t run(fixture_t *fixture, int64_t label) {
  pthread_mutex_lock(&seen_lock);
  seen_count = 0;
  pthread_mutex_unlock(&seen_lock);
  ckpt_outcome_t outcome;
  ckpt_status_code_t code =
      label < 0 ? ckpt_kernel_launch(fixture->kernel, fixture->args.args, &outcome)
                : ckpt_kernel_resume(fixture->kernel, label, fixture->args.args, &outcome);
  CHECK_STATUS(code, CKPT_OK);
  if (code != CKPT_OK) return -2;
  return outcome.yielded ? outcome.label : -1;
}

/* Every element of `words` is `value`. */
static bool all_equal(const int64_t *words, int64_t size, int64_t value) {
  for (int64_t i = 0; i < size; ++i)
    if (words[i] != value) return false;
  return true;
}

static void test_blocks_cover_every_iteration_once(void) {
  fixture_t fixture;
  fixture_begin(&fixture, "4", 1001);
  CHECK_EQ(ckpt_cpu_backend_thread_count(fixture.context->backend), 4);
  CHECK_EQ(run(&fixture, -1), -1);
  CHECK(all_equal(fixture.args.counts, 1001, 1));
  CHECK(all_equal(fixture.args.others, 1001, 1));
  CHECK_EQ(fixture.args.checks[0], 2 * 4 * CKPT_CPU_BLOCKS_PER_THREAD); /* 2 split tasks */
  CHECK_EQ(fixture.args.checks[1], 0); /* task 1 saw task 0 finished */
  CHECK(seen_count >= 1 && seen_count <= 4);
  fixture_end(&fixture);
}

static void test_blocks_run_on_several_threads_at_once(void) {
  fixture_t fixture;
  fixture_begin(&fixture, "2", 64);
  wait_for_another = true;
  CHECK_EQ(run(&fixture, -1), -1);
  wait_for_another = false;
  CHECK_EQ(seen_count, 2);
  CHECK(all_equal(fixture.args.counts, 64, 1));
  CHECK(all_equal(fixture.args.others, 64, 1));
  fixture_end(&fixture);
}

static void test_more_threads_than_iterations(void) {
  fixture_t fixture;
  fixture_begin(&fixture, "16", 5);
  CHECK_EQ(run(&fixture, -1), -1);
  CHECK(all_equal(fixture.args.counts, 5, 1));
  CHECK(all_equal(fixture.args.others, 5, 1));
  CHECK_EQ(fixture.args.checks[0], 2 * 16 * CKPT_CPU_BLOCKS_PER_THREAD);
  fixture_end(&fixture);
}

/* Task 1 raises the flag when the counts reach 4: the launch yields at label 1 after
 * every block of task 0, and task 2 does not run; the resume reruns the checkpoint. */
static void test_yield_and_resume_with_threads(void) {
  fixture_t fixture;
  fixture_begin(&fixture, "3", 100);
  for (int launch = 1; launch <= 3; ++launch) CHECK_EQ(run(&fixture, -1), -1);
  CHECK_EQ(run(&fixture, -1), SPLIT_PLAN_LABEL);
  CHECK(all_equal(fixture.args.counts, 100, 4));
  CHECK(all_equal(fixture.args.others, 100, 3));
  fixture.args.flag = 0;
  CHECK_EQ(run(&fixture, SPLIT_PLAN_LABEL), -1);
  CHECK(all_equal(fixture.args.counts, 100, 5));
  CHECK(all_equal(fixture.args.others, 100, 4));
  CHECK_EQ(fixture.args.checks[0], (5 + 4) * 3 * CKPT_CPU_BLOCKS_PER_THREAD);
  CHECK_EQ(fixture.args.checks[1], 0);
  fixture_end(&fixture);
}

static void test_one_thread_runs_whole_tasks_on_the_caller(void) {
  fixture_t fixture;
  fixture_begin(&fixture, "1", 64);
  CHECK_EQ(run(&fixture, -1), -1);
  CHECK(all_equal(fixture.args.counts, 64, 1));
  CHECK_EQ(fixture.args.checks[0], 2);
  CHECK_EQ(seen_count, 1);
  CHECK(seen_count == 1 && pthread_equal(seen_threads[0], pthread_self()));
  fixture_end(&fixture);
}

static void test_default_is_one_thread_per_core(void) {
  fixture_t fixture;
  fixture_begin(&fixture, "", 64);
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  int64_t threads = ckpt_cpu_backend_thread_count(fixture.context->backend);
  CHECK(threads >= 1 && threads <= cores);
  CHECK_EQ(run(&fixture, -1), -1);
  CHECK_EQ(fixture.args.checks[0], threads == 1 ? 2 : 2 * threads * CKPT_CPU_BLOCKS_PER_THREAD);
  fixture_end(&fixture);
}

static void test_setter_changes_the_count(void) {
  fixture_t fixture;
  fixture_begin(&fixture, "2", 300);
  CHECK_EQ(run(&fixture, -1), -1);
  CHECK_EQ(fixture.args.checks[0], 2 * 2 * CKPT_CPU_BLOCKS_PER_THREAD);
  CHECK_STATUS(ckpt_cpu_backend_set_thread_count(fixture.context->backend, 5), CKPT_OK);
  CHECK_EQ(run(&fixture, -1), -1);
  CHECK_EQ(fixture.args.checks[0], (2 * 2 + 2 * 5) * CKPT_CPU_BLOCKS_PER_THREAD);
  CHECK(seen_count >= 1 && seen_count <= 5);
  CHECK(all_equal(fixture.args.counts, 300, 2));
  CHECK_STATUS(ckpt_cpu_backend_set_thread_count(fixture.context->backend, 1025),
               CKPT_ERROR_INVALID_ARGUMENT);
  CHECK_CONTAINS(ckpt_context_last_error(fixture.context),
                 "CPU thread count 1025 is out of range; give 1 to 1024, or 0 for one thread "
                 "per core");
  CHECK_EQ(ckpt_cpu_backend_thread_count(fixture.context->backend), 5);
  CHECK_STATUS(ckpt_cpu_backend_set_thread_count(fixture.context->backend, 0), CKPT_OK);
  CHECK(ckpt_cpu_backend_thread_count(fixture.context->backend) >= 1);
  fixture_end(&fixture);
}

static void test_bad_thread_counts_are_refused(void) {
  const char *const bad[] = {"0", "abc", "-2", "1025", "4x", "99999999999999999999"};
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); ++i) {
    setenv("CKPT_CPU_THREADS", bad[i], 1);
    ckpt_context_t *context = NULL;
    CHECK_STATUS(ckpt_context_create(CKPT_TARGET_CPU, &context), CKPT_ERROR_INVALID_ARGUMENT);
    char expected[128];
    snprintf(expected, sizeof expected,
             "CKPT_CPU_THREADS is '%s'; give a thread count from 1 to 1024, or leave it "
             "unset for one thread per core",
             bad[i]);
    CHECK_CONTAINS(ckpt_context_last_error(context), expected);
    ckpt_context_destroy(context);
  }
  unsetenv("CKPT_CPU_THREADS");
}

int main(void) {
  TEST_RUN(test_blocks_cover_every_iteration_once);
  TEST_RUN(test_blocks_run_on_several_threads_at_once);
  TEST_RUN(test_more_threads_than_iterations);
  TEST_RUN(test_yield_and_resume_with_threads);
  TEST_RUN(test_one_thread_runs_whole_tasks_on_the_caller);
  TEST_RUN(test_default_is_one_thread_per_core);
  TEST_RUN(test_setter_changes_the_count);
  TEST_RUN(test_bad_thread_counts_are_refused);
  return test_report();
}
