/* Labels (runtime/core/labels.c): listing them, resuming by label, and the errors that
 * list the labels available. */
#include "ckpt/ckpt.h"
#include "sample_plans.h"
#include "test_util.h"

static void test_labels_listed_in_source_order(void) {
  plan_builder_t b;
  plan_builder_init(&b, "step", world_dispatch);
  plan_builder_flag(&b);
  plan_builder_wrapped_task(&b, 1);
  plan_builder_checkpoint(&b, 12, NULL, 0);
  plan_builder_close(&b);
  plan_builder_checkpoint(&b, -3, "neg", 0);
  plan_builder_close(&b);
  plan_builder_checkpoint(&b, 4, NULL, 0);
  plan_builder_close(&b);
  ckpt_context_t *context = test_cpu_context();
  ckpt_kernel_t *kernel = test_create_kernel(context, plan_builder_finish(&b));
  CHECK_EQ(ckpt_kernel_label_count(kernel), 3);
  CHECK_EQ(ckpt_kernel_label_at(kernel, 0), 12);
  CHECK_EQ(ckpt_kernel_label_at(kernel, 1), -3);
  CHECK_EQ(ckpt_kernel_label_at(kernel, 2), 4);
  CHECK_EQ(ckpt_kernel_label_at(kernel, 3), -1);
  CHECK_EQ(ckpt_kernel_label_at(kernel, -1), -1);
  CHECK_EQ(ckpt_kernel_label_count(NULL), 0);
  CHECK_EQ(ckpt_kernel_label_at(NULL, 0), -1);

  /* A negative label resolves like any other. */
  int32_t flag = 0;
  memref0_i32_t flag_ref = flag_memref(&flag, 0);
  void *args[] = {&flag_ref};
  ckpt_outcome_t outcome;
  CHECK_STATUS(ckpt_kernel_resume(kernel, -3, args, &outcome), CKPT_OK);
  CHECK(!outcome.yielded);
  flag = 1;
  CHECK_STATUS(ckpt_kernel_resume(kernel, -3, args, &outcome), CKPT_OK);
  CHECK(outcome.yielded);
  CHECK_EQ(outcome.label, -3);
  CHECK_EQ(outcome.cp_id, 2);
  CHECK_STR(outcome.name, "neg");
  ckpt_context_destroy(context);
}

static void test_labels_unknown_label_lists_those_available(void) {
  plan_builder_t b;
  ckpt_context_t *context = test_cpu_context();
  ckpt_kernel_t *kernel = test_create_kernel(context, sample_straight(&b));
  sample_args_t sample;
  sample_args_init(&sample);
  ckpt_outcome_t outcome = {.yielded = true, .label = 42};
  CHECK_STATUS(ckpt_kernel_resume(kernel, 7, sample.args, &outcome), CKPT_ERROR_UNKNOWN_LABEL);
  CHECK_STR(ckpt_context_last_error(context),
            "kernel 'step' has no checkpoint labelled 7; labels available: 0 (\"SIM\"), 1");
  CHECK_NO_RUNS(&sample.world);
  CHECK_EQ(outcome.label, 42); /* untouched on failure */

  /* A failed resume leaves the kernel usable. */
  CHECK_STATUS(ckpt_kernel_resume(kernel, 1, sample.args, &outcome), CKPT_OK);
  CHECK_RUNS(&sample.world, 7, 8);
  ckpt_context_destroy(context);
}

static void test_labels_kernel_without_explicit_checkpoints(void) {
  static const char expected[] =
      "kernel 'step' has no explicit checkpoint to resume from (asked for label 0); labels "
      "available: none. Give a ckpt.checkpoint a label and a yield_on flag to make the kernel "
      "resumable";
  ckpt_context_t *context = test_cpu_context();
  sample_args_t sample;
  sample_args_init(&sample);
  ckpt_outcome_t outcome;

  /* Only implicit checkpoints. */
  plan_builder_t wrapped;
  sample_params(&wrapped);
  plan_builder_wrapped_task(&wrapped, 1);
  plan_builder_bare(&wrapped, 2);
  ckpt_kernel_t *kernel = test_create_kernel(context, plan_builder_finish(&wrapped));
  CHECK_EQ(ckpt_kernel_label_count(kernel), 0);
  CHECK_STATUS(ckpt_kernel_resume(kernel, 0, sample.args, &outcome), CKPT_ERROR_NO_CHECKPOINTS);
  CHECK_STR(ckpt_context_last_error(context), expected);

  /* No checkpoints at all. */
  plan_builder_t plain;
  sample_params(&plain);
  plan_builder_task(&plain, 1);
  kernel = test_create_kernel(context, plan_builder_finish(&plain));
  CHECK_STATUS(ckpt_kernel_resume(kernel, 0, sample.args, &outcome), CKPT_ERROR_NO_CHECKPOINTS);
  CHECK_STR(ckpt_context_last_error(context), expected);
  CHECK_NO_RUNS(&sample.world);
  ckpt_context_destroy(context);
}

static void test_labels_yield_reports_label_and_name(void) {
  plan_builder_t b;
  const ckpt_plan_t *plan = sample_straight(&b);
  ckpt_context_t *context = test_cpu_context();
  ckpt_kernel_t *kernel = test_create_kernel(context, plan);
  sample_args_t sample;
  sample_args_init(&sample);
  ckpt_outcome_t outcome;

  *sample_flag(&sample, SAMPLE_FLAG_A) = 1;
  CHECK_STATUS(ckpt_kernel_launch(kernel, sample.args, &outcome), CKPT_OK);
  CHECK(outcome.yielded);
  CHECK_EQ(outcome.label, 0);
  CHECK_EQ(outcome.cp_id, 1);
  CHECK_STR(outcome.name, "SIM");
  /* The name points into the plan's strings, not at a copy. */
  CHECK(outcome.name == plan->strings + PLAN_NODE(&b, 3, CKPT_NODE_NAME));

  *sample_flag(&sample, SAMPLE_FLAG_A) = 0;
  *sample_flag(&sample, SAMPLE_FLAG_B) = 1;
  CHECK_STATUS(ckpt_kernel_resume(kernel, 0, sample.args, &outcome), CKPT_OK);
  CHECK(outcome.yielded);
  CHECK_EQ(outcome.label, 1);
  CHECK_EQ(outcome.cp_id, 3);
  CHECK(outcome.name == NULL);

  *sample_flag(&sample, SAMPLE_FLAG_B) = 0;
  CHECK_STATUS(ckpt_kernel_resume(kernel, 1, sample.args, &outcome), CKPT_OK);
  CHECK(!outcome.yielded);
  CHECK_EQ(outcome.label, -1);
  CHECK_EQ(outcome.cp_id, -1);
  CHECK(outcome.name == NULL);
  ckpt_context_destroy(context);
}

int main(void) {
  TEST_RUN(test_labels_listed_in_source_order);
  TEST_RUN(test_labels_unknown_label_lists_those_available);
  TEST_RUN(test_labels_kernel_without_explicit_checkpoints);
  TEST_RUN(test_labels_yield_reports_label_and_name);
  return test_report();
}
