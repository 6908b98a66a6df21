/* The CPU backend (runtime/cpu/cpu_backend.c) through the public API: dispatch gets the
 * fn and the launch's own arguments, flags are read through real memref descriptors,
 * and docs/semantics.md's launch / yield / resume behaviour holds end to end. */
#include "ckpt/ckpt.h"
#include "sample_plans.h"
#include "test_util.h"

typedef struct cpu_fixture_t {
  plan_builder_t builder;
  ckpt_context_t *context;
  ckpt_kernel_t *kernel;
  sample_args_t sample;
} cpu_fixture_t;

static void fixture_begin(cpu_fixture_t *fixture, const ckpt_plan_t *(*build)(plan_builder_t *)) {
  const ckpt_plan_t *plan = build(&fixture->builder);
  sample_args_init(&fixture->sample);
  fixture->context = test_cpu_context();
  fixture->kernel = test_create_kernel(fixture->context, plan);
}

static void fixture_end(cpu_fixture_t *fixture) { ckpt_context_destroy(fixture->context); }

/* Launches (label < 0: fresh) with `sample`'s arguments; returns the yield label or -1. */
static int64_t run(cpu_fixture_t *fixture, sample_args_t *sample, int64_t label) {
  world_clear_runs(&sample->world);
  ckpt_outcome_t outcome;
  ckpt_status_code_t code = label < 0
                                ? ckpt_kernel_launch(fixture->kernel, sample->args, &outcome)
                                : ckpt_kernel_resume(fixture->kernel, label, sample->args, &outcome);
  CHECK_STATUS(code, CKPT_OK);
  if (code != CKPT_OK) {
    fprintf(stderr, "  %s\n", ckpt_context_last_error(fixture->context));
    return -2;
  }
  return outcome.yielded ? outcome.label : -1;
}

static void test_cpu_runs_dispatch_in_order(void) {
  cpu_fixture_t fixture;
  fixture_begin(&fixture, sample_straight);
  CHECK_EQ(run(&fixture, &fixture.sample, -1), -1);
  CHECK_RUNS(&fixture.sample.world, 1, 2, 3, 4, 5, 6, 7, 8);
  fixture_end(&fixture);
}

static void test_cpu_yield_and_resume(void) {
  cpu_fixture_t fixture;
  fixture_begin(&fixture, sample_straight);
  sample_args_t *sample = &fixture.sample;
  world_rule(&sample->world, 3, 1, SAMPLE_FLAG_A, 1);
  CHECK_EQ(run(&fixture, sample, -1), 0);
  CHECK_RUNS(&sample->world, 1, 2, 3, 4);
  /* The task wrote the flag through its descriptor; the runtime left it alone. */
  CHECK_EQ(*sample_flag(sample, SAMPLE_FLAG_A), 1);
  CHECK_EQ(sample->storage[0], 0);

  /* Left set, it yields again at once. */
  CHECK_EQ(run(&fixture, sample, 0), 0);
  CHECK_RUNS(&sample->world, 3, 4);

  *sample_flag(sample, SAMPLE_FLAG_A) = 0;
  CHECK_EQ(run(&fixture, sample, 0), -1);
  CHECK_RUNS(&sample->world, 3, 4, 5, 6, 7, 8);
  CHECK_EQ(run(&fixture, sample, 1), -1);
  CHECK_RUNS(&sample->world, 7, 8);
  fixture_end(&fixture);
}

static void test_cpu_reads_flags_at_the_descriptor_offset(void) {
  cpu_fixture_t fixture;
  fixture_begin(&fixture, sample_straight);
  sample_args_t *sample = &fixture.sample;
  /* Every element but the one FLAG_A's descriptor views is set. */
  for (int i = 0; i < 8; ++i) sample->storage[i] = 1;
  *sample_flag(sample, SAMPLE_FLAG_A) = 0;
  CHECK_EQ(run(&fixture, sample, -1), 1);
  for (int i = 0; i < 8; ++i) sample->storage[i] = 0;
  *sample_flag(sample, SAMPLE_FLAG_A) = 7;
  CHECK_EQ(run(&fixture, sample, -1), 0);
  *sample_flag(sample, SAMPLE_FLAG_A) = -1; /* any non-zero value asks for the host */
  CHECK_EQ(run(&fixture, sample, -1), 0);
  fixture_end(&fixture);
}

static void test_cpu_arguments_may_change_between_launches(void) {
  cpu_fixture_t fixture;
  fixture_begin(&fixture, sample_straight);
  sample_args_t *first = &fixture.sample;
  world_rule(&first->world, 3, 1, SAMPLE_FLAG_A, 1);
  CHECK_EQ(run(&fixture, first, -1), 0);

  /* The resume gets a new world and new flag storage (say, a grown buffer); the old
   * flag is still set but is no longer what the kernel reads. */
  sample_args_t second;
  sample_args_init(&second);
  CHECK_EQ(run(&fixture, &second, 0), -1);
  CHECK_RUNS(&second.world, 3, 4, 5, 6, 7, 8);
  CHECK_RUNS(&first->world, 1, 2, 3, 4);
  CHECK_EQ(*sample_flag(first, SAMPLE_FLAG_A), 1);

  /* And back: the first arguments yield again. */
  CHECK_EQ(run(&fixture, first, 0), 0);
  CHECK_RUNS(&first->world, 3, 4);
  fixture_end(&fixture);
}

static void test_cpu_do_while(void) {
  cpu_fixture_t fixture;
  fixture_begin(&fixture, sample_loop);
  sample_args_t *sample = &fixture.sample;
  *sample_flag(sample, SAMPLE_LOOP) = 1;
  world_rule(&sample->world, 6, 3, SAMPLE_LOOP, 0);
  world_rule(&sample->world, 4, 2, SAMPLE_FLAG_A, 1);
  CHECK_EQ(run(&fixture, sample, -1), 7);
  CHECK_RUNS(&sample->world, 1, 2, 3, 4, 5, 6, 2, 3, 4);
  *sample_flag(sample, SAMPLE_FLAG_A) = 0;
  CHECK_EQ(run(&fixture, sample, 7), -1);
  CHECK_RUNS(&sample->world, 4, 5, 6, 2, 3, 4, 5, 6, 7, 8);
  /* Resuming after the loop skips it whole. */
  *sample_flag(sample, SAMPLE_LOOP) = 1;
  CHECK_EQ(run(&fixture, sample, 9), -1);
  CHECK_RUNS(&sample->world, 7, 8);
  fixture_end(&fixture);
}

static void test_cpu_rejects_unreadable_arguments(void) {
  cpu_fixture_t fixture;
  fixture_begin(&fixture, sample_straight);
  sample_args_t *sample = &fixture.sample;
  ckpt_outcome_t outcome;

  CHECK_STATUS(ckpt_kernel_launch(fixture.kernel, NULL, &outcome), CKPT_ERROR_INVALID_ARGUMENT);
  CHECK_STR(ckpt_context_last_error(fixture.context),
            "args is NULL but kernel 'step' takes 4 parameters");

  sample->args[SAMPLE_FLAG_B] = NULL;
  CHECK_STATUS(ckpt_kernel_resume(fixture.kernel, 0, sample->args, &outcome),
               CKPT_ERROR_INVALID_ARGUMENT);
  CHECK_STR(ckpt_context_last_error(fixture.context),
            "argument 2 of kernel 'step' is NULL; args needs one pointer per parameter (4)");
  sample->args[SAMPLE_FLAG_B] = &sample->flags[1];

  sample->flags[1].aligned = NULL;
  CHECK_STATUS(ckpt_kernel_launch(fixture.kernel, sample->args, &outcome),
               CKPT_ERROR_INVALID_ARGUMENT);
  CHECK_STR(ckpt_context_last_error(fixture.context),
            "argument 2 of kernel 'step' is a memref<i32> the runtime reads as a yield flag or "
            "do-while condition, but its aligned pointer is NULL");
  sample->flags[1].aligned = sample->storage;
  CHECK_NO_RUNS(&sample->world);

  /* Parameter 3 is no flag in this plan, so the runtime does not look inside it. */
  sample->flags[2].aligned = NULL;
  CHECK_EQ(run(&fixture, sample, -1), -1);
  sample->flags[2].aligned = sample->storage;
  world_clear_runs(&sample->world);

  CHECK_STATUS(ckpt_kernel_launch(fixture.kernel, sample->args, NULL), CKPT_ERROR_INVALID_ARGUMENT);
  CHECK_STR(ckpt_context_last_error(fixture.context), "out_outcome is NULL launching kernel 'step'");
  CHECK_STATUS(ckpt_kernel_resume(fixture.kernel, 0, sample->args, NULL),
               CKPT_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(ckpt_kernel_launch(NULL, sample->args, &outcome), CKPT_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(ckpt_kernel_resume(NULL, 0, sample->args, &outcome), CKPT_ERROR_INVALID_ARGUMENT);
  CHECK_NO_RUNS(&sample->world);

  /* Still usable afterwards. */
  CHECK_EQ(run(&fixture, sample, -1), -1);
  fixture_end(&fixture);
}

static void test_cpu_kernel_without_parameters(void) {
  plan_builder_t b;
  plan_builder_init(&b, "empty", world_dispatch);
  ckpt_context_t *context = NULL;
  ckpt_kernel_t *kernel = NULL;
  CHECK_STATUS(ckpt_context_create(CKPT_TARGET_CPU, &context), CKPT_OK);
  CHECK_STATUS(ckpt_kernel_create(context, plan_builder_finish(&b), &kernel), CKPT_OK);
  ckpt_outcome_t outcome;
  CHECK_STATUS(ckpt_kernel_launch(kernel, NULL, &outcome), CKPT_OK);
  CHECK(!outcome.yielded);
  ckpt_context_destroy(context);
}

static void test_cpu_kernels_share_a_context(void) {
  plan_builder_t straight, loop;
  ckpt_context_t *context = NULL;
  CHECK_STATUS(ckpt_context_create(CKPT_TARGET_CPU, &context), CKPT_OK);
  ckpt_kernel_t *first = NULL, *second = NULL, *third = NULL;
  CHECK_STATUS(ckpt_kernel_create(context, sample_straight(&straight), &first), CKPT_OK);
  CHECK_STATUS(ckpt_kernel_create(context, sample_loop(&loop), &second), CKPT_OK);
  CHECK_STATUS(ckpt_kernel_create(context, &straight.plan, &third), CKPT_OK);
  CHECK(first != third);
  /* Destroyed early, in the middle of the context's list; the rest go with the context. */
  ckpt_kernel_destroy(second);
  ckpt_kernel_destroy(NULL);
  sample_args_t sample;
  sample_args_init(&sample);
  ckpt_outcome_t outcome;
  CHECK_STATUS(ckpt_kernel_launch(first, sample.args, &outcome), CKPT_OK);
  CHECK_STATUS(ckpt_kernel_launch(third, sample.args, &outcome), CKPT_OK);
  CHECK_EQ(sample.world.run_count, 16);
  ckpt_context_destroy(context);
}

/* Only the arrays a plan points at are borrowed; the ckpt_plan_t itself may go away. */
static void test_cpu_plan_header_need_not_outlive_kernel(void) {
  plan_builder_t b;
  sample_straight(&b);
  ckpt_plan_t header = b.plan;
  ckpt_context_t *context = NULL;
  ckpt_kernel_t *kernel = NULL;
  CHECK_STATUS(ckpt_context_create(CKPT_TARGET_CPU, &context), CKPT_OK);
  CHECK_STATUS(ckpt_kernel_create(context, &header, &kernel), CKPT_OK);
  memset(&header, 0xff, sizeof(header));
  sample_args_t sample;
  sample_args_init(&sample);
  ckpt_outcome_t outcome;
  CHECK_STATUS(ckpt_kernel_launch(kernel, sample.args, &outcome), CKPT_OK);
  CHECK_RUNS(&sample.world, 1, 2, 3, 4, 5, 6, 7, 8);
  ckpt_context_destroy(context);
}

int main(void) {
  TEST_RUN(test_cpu_runs_dispatch_in_order);
  TEST_RUN(test_cpu_yield_and_resume);
  TEST_RUN(test_cpu_reads_flags_at_the_descriptor_offset);
  TEST_RUN(test_cpu_arguments_may_change_between_launches);
  TEST_RUN(test_cpu_do_while);
  TEST_RUN(test_cpu_rejects_unreadable_arguments);
  TEST_RUN(test_cpu_kernel_without_parameters);
  TEST_RUN(test_cpu_kernels_share_a_context);
  TEST_RUN(test_cpu_plan_header_need_not_outlive_kernel);
  return test_report();
}
