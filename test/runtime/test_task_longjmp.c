/* A task that leaves its launch by longjmp (docs/runtime-api.md, "A task must return"):
 * the launch keeps the context's backend lock for good, and every later call on that
 * context from the same thread fails at once with CKPT_ERROR_UNAVAILABLE instead of
 * blocking on it; other contexts are unaffected. A task that launches on its own context
 * gets the same answer, and its launch goes on. A hang here is a failure by ctest's
 * TIMEOUT. */
#include <setjmp.h>

#include "ckpt/ckpt.h"
#include "ckpt/mlir_abi.h"
#include "sample_plans.h"
#include "test_util.h"

static const char left_message[] = "a launch on this context did not return: a task left it by "
                                   "longjmp or a C++ exception";

/* The fn whose task leaves by longjmp to `escape` (-1: none), and where it goes. */
static int64_t leave_at_fn = -1;
static jmp_buf escape;

static void leaving_dispatch(int64_t fn, void **args, void *recorder) {
  world_dispatch(fn, args, recorder);
  if (fn == leave_at_fn)
    longjmp(escape, 1);
}

static const ckpt_plan_t *leaving_plan(plan_builder_t *builder) {
  sample_straight(builder);
  builder->plan.dispatch = leaving_dispatch;
  return &builder->plan;
}

static void test_calls_after_a_task_left(void) {
  plan_builder_t builder, other_builder;
  const ckpt_plan_t *plan = leaving_plan(&builder);
  ckpt_context_t *context = test_cpu_context();
  ckpt_kernel_t *kernel = test_create_kernel(context, plan);
  sample_args_t sample;
  sample_args_init(&sample);
  ckpt_outcome_t outcome;

  leave_at_fn = 3;
  if (setjmp(escape) == 0) {
    ckpt_kernel_launch(kernel, sample.args, &outcome);
    CHECK(!"the launch returned");
  }
  leave_at_fn = -1;
  CHECK_RUNS(&sample.world, 1, 2, 3);

  world_clear_runs(&sample.world);
  CHECK_STATUS(ckpt_kernel_launch(kernel, sample.args, &outcome), CKPT_ERROR_UNAVAILABLE);
  CHECK_CONTAINS(ckpt_context_last_error(context), left_message);
  CHECK_STATUS(ckpt_kernel_resume(kernel, 0, sample.args, &outcome), CKPT_ERROR_UNAVAILABLE);
  ckpt_launch_t *launch = NULL;
  CHECK_STATUS(ckpt_kernel_launch_async(kernel, sample.args, &launch), CKPT_ERROR_UNAVAILABLE);
  CHECK(launch == NULL);
  ckpt_kernel_t *other = NULL;
  CHECK_STATUS(ckpt_kernel_create(context, sample_straight(&other_builder), &other),
               CKPT_ERROR_UNAVAILABLE);
  CHECK(other == NULL);
  CHECK_CONTAINS(ckpt_context_last_error(context), left_message);
  ckpt_context_set_trace(context, false);
  CHECK_NO_RUNS(&sample.world);

  /* Another context on the same thread runs as ever. */
  ckpt_context_t *fresh = test_cpu_context();
  ckpt_kernel_t *fresh_kernel = test_create_kernel(fresh, plan);
  CHECK_STATUS(ckpt_kernel_launch(fresh_kernel, sample.args, &outcome), CKPT_OK);
  CHECK_RUNS(&sample.world, 1, 2, 3, 4, 5, 6, 7, 8);
  ckpt_context_destroy(fresh);

  /* Destruction returns; the context is left whole, its backend being mid-launch. */
  ckpt_kernel_destroy(kernel);
  ckpt_context_destroy(context);
}

/* The same through a lowered module: ok = 0 and the message, for a kernel already made
 * and for the first launch of another; releasing the module's context lets its next
 * launch start afresh. */
static void test_module_after_a_task_left(void) {
  plan_builder_t builder, loop_builder;
  const ckpt_plan_t *plan = leaving_plan(&builder);
  void *context_slot = NULL, *kernel_slot = NULL, *loop_slot = NULL;
  sample_args_t sample;
  sample_args_init(&sample);
  ckpt_mlir_status_t status;

  leave_at_fn = 6;
  if (setjmp(escape) == 0) {
    ckpt_mlir_launch(&context_slot, &kernel_slot, plan, CKPT_TARGET_CPU, sample.args, 0, 0,
                     &status);
    CHECK(!"the launch returned");
  }
  leave_at_fn = -1;
  CHECK_RUNS(&sample.world, 1, 2, 3, 4, 5, 6);

  world_clear_runs(&sample.world);
  for (int kernel = 0; kernel < 2; ++kernel) {
    stream_capture_t capture;
    capture_begin(&capture, stderr);
    ckpt_mlir_launch(&context_slot, kernel == 0 ? &kernel_slot : &loop_slot,
                     kernel == 0 ? plan : sample_loop(&loop_builder), CKPT_TARGET_CPU, sample.args,
                     0, 0, &status);
    char *errors = capture_end(&capture);
    CHECK_EQ(status.ok, 0);
    CHECK_CONTAINS(errors, "ckpt: error: ");
    CHECK_CONTAINS(errors, left_message);
    free(errors);
  }
  CHECK(loop_slot == NULL);
  CHECK_NO_RUNS(&sample.world);

  ckpt_mlir_release(&context_slot);
  CHECK(context_slot == NULL && kernel_slot == NULL);
  ckpt_mlir_launch(&context_slot, &kernel_slot, plan, CKPT_TARGET_CPU, sample.args, 0, 0, &status);
  CHECK_EQ(status.ok, 1);
  CHECK_RUNS(&sample.world, 1, 2, 3, 4, 5, 6, 7, 8);
  ckpt_mlir_release(&context_slot);
}

/* A task that launches a kernel of its own context: refused, not a deadlock, and the
 * launch around it goes on. */
static ckpt_kernel_t *inner_kernel;
static sample_args_t inner_sample;
static ckpt_status_code_t inner_code;

static void launching_dispatch(int64_t fn, void **args, void *recorder) {
  world_dispatch(fn, args, recorder);
  if (fn != 3)
    return;
  ckpt_outcome_t outcome;
  inner_code = ckpt_kernel_launch(inner_kernel, inner_sample.args, &outcome);
}

static void test_task_launching_on_its_own_context(void) {
  plan_builder_t builder, inner_builder;
  sample_straight(&builder);
  builder.plan.dispatch = launching_dispatch;
  ckpt_context_t *context = test_cpu_context();
  ckpt_kernel_t *kernel = test_create_kernel(context, &builder.plan);
  inner_kernel = test_create_kernel(context, sample_straight(&inner_builder));
  sample_args_t sample;
  sample_args_init(&sample);
  sample_args_init(&inner_sample);
  ckpt_outcome_t outcome;
  CHECK_STATUS(ckpt_kernel_launch(kernel, sample.args, &outcome), CKPT_OK);
  CHECK_RUNS(&sample.world, 1, 2, 3, 4, 5, 6, 7, 8);
  CHECK_STATUS(inner_code, CKPT_ERROR_UNAVAILABLE);
  CHECK_CONTAINS(ckpt_context_last_error(context),
                 "launching a kernel of its own context, which is not supported");
  CHECK_NO_RUNS(&inner_sample.world);
  /* Once the launch has returned, the context is whole. */
  CHECK_STATUS(ckpt_kernel_launch(inner_kernel, inner_sample.args, &outcome), CKPT_OK);
  CHECK_RUNS(&inner_sample.world, 1, 2, 3, 4, 5, 6, 7, 8);
  ckpt_context_destroy(context);
}

int main(void) {
  setenv("CKPT_CPU_THREADS", "1", 1);
  TEST_RUN(test_calls_after_a_task_left);
  TEST_RUN(test_module_after_a_task_left);
  TEST_RUN(test_task_launching_on_its_own_context);
  return test_report();
}
