/* Kernels (runtime/core/kernel.c) against a fake backend: what core hands the backend
 * through ckpt_backend_vtable_t (the view, the resume cp_id, whether the arguments
 * changed) and how it turns the backend's answer into an outcome. */
#include <stdlib.h>

#include "core/backend.h"
#include "core/context.h"
#include "core/plan.h"
#include "sample_plans.h"
#include "test_util.h"

#define FAKE_MAX_LAUNCHES 16

typedef struct fake_backend_t {
  ckpt_backend_t base;
  ckpt_context_t *context;
  int prepared;
  int released;
  int destroyed;
  const ckpt_plan_view_t *prepared_view;
  void *released_state;
  ckpt_status_code_t prepare_result;
  ckpt_status_code_t launch_result;
  int64_t yield_cp_id; /* what the next launch reports */
  int launch_count;
  ckpt_backend_launch_t launches[FAKE_MAX_LAUNCHES];
  char dot_prefix[256]; /* what write_target_dot was asked to write */
  ckpt_status_code_t dot_result;
} fake_backend_t;

static void fake_destroy(ckpt_backend_t *self) { ++((fake_backend_t *)self)->destroyed; }

static ckpt_status_code_t fake_prepare_kernel(ckpt_backend_t *self, const ckpt_plan_view_t *view,
                                              void **out_kernel_state) {
  fake_backend_t *fake = (fake_backend_t *)self;
  if (fake->prepare_result != CKPT_OK) {
    return ckpt_context_fail(fake->context, fake->prepare_result, "fake: cuGraphInstantiate failed");
  }
  ++fake->prepared;
  fake->prepared_view = view;
  *out_kernel_state = fake;
  return CKPT_OK;
}

static void fake_release_kernel(ckpt_backend_t *self, void *kernel_state) {
  fake_backend_t *fake = (fake_backend_t *)self;
  ++fake->released;
  fake->released_state = kernel_state;
}

static ckpt_status_code_t fake_launch(ckpt_backend_t *self, void *kernel_state,
                                      const ckpt_backend_launch_t *launch,
                                      int64_t *out_yield_cp_id) {
  fake_backend_t *fake = (fake_backend_t *)self;
  CHECK(kernel_state == fake);
  if (fake->launch_count < FAKE_MAX_LAUNCHES) fake->launches[fake->launch_count++] = *launch;
  if (fake->launch_result != CKPT_OK) {
    return ckpt_context_fail(fake->context, fake->launch_result, "fake: cuGraphLaunch failed");
  }
  *out_yield_cp_id = fake->yield_cp_id;
  return CKPT_OK;
}

static ckpt_status_code_t fake_write_target_dot(ckpt_backend_t *self, void *kernel_state,
                                                const char *path_prefix,
                                                int64_t *inout_file_count) {
  fake_backend_t *fake = (fake_backend_t *)self;
  CHECK(kernel_state == fake);
  snprintf(fake->dot_prefix, sizeof(fake->dot_prefix), "%s", path_prefix);
  if (fake->dot_result != CKPT_OK) {
    return ckpt_context_fail(fake->context, fake->dot_result, "fake: cuGraphDebugDotPrint failed");
  }
  *inout_file_count += 2;
  return CKPT_OK;
}

static const ckpt_backend_vtable_t fake_vtable = {
    .destroy = fake_destroy,
    .prepare_kernel = fake_prepare_kernel,
    .release_kernel = fake_release_kernel,
    .launch = fake_launch,
    .write_target_dot = fake_write_target_dot,
};

/* A context whose backend is `fake`, built the way ckpt_context_create builds one. */
static ckpt_context_t *fake_context(fake_backend_t *fake) {
  memset(fake, 0, sizeof(*fake));
  fake->base.vtable = &fake_vtable;
  fake->yield_cp_id = -1;
  ckpt_context_t *context = calloc(1, sizeof(*context));
  if (!context) exit(2);
  context->target = CKPT_TARGET_CUDA;
  context->backend = &fake->base;
  fake->context = context;
  return context;
}

static void test_kernel_lifecycle(void) {
  fake_backend_t fake;
  ckpt_context_t *context = fake_context(&fake);
  plan_builder_t b;
  ckpt_kernel_t *first = NULL, *second = NULL;
  CHECK_STATUS(ckpt_kernel_create(context, sample_straight(&b), &first), CKPT_OK);
  CHECK_EQ(fake.prepared, 1);
  CHECK(fake.prepared_view != NULL);
  CHECK_EQ(fake.prepared_view->checkpoint_count, 4);
  CHECK_EQ(fake.prepared_view->label_count, 2);
  CHECK_STATUS(ckpt_kernel_create(context, &b.plan, &second), CKPT_OK);
  ckpt_kernel_destroy(first);
  CHECK_EQ(fake.released, 1);
  CHECK(fake.released_state == &fake);
  CHECK_EQ(fake.destroyed, 0);
  ckpt_context_destroy(context);
  CHECK_EQ(fake.released, 2);
  CHECK_EQ(fake.destroyed, 1);
}

static void test_kernel_backend_failures(void) {
  fake_backend_t fake;
  ckpt_context_t *context = fake_context(&fake);
  plan_builder_t b;
  sample_straight(&b);

  fake.prepare_result = CKPT_ERROR_BACKEND;
  ckpt_kernel_t *kernel = NULL;
  CHECK_STATUS(ckpt_kernel_create(context, &b.plan, &kernel), CKPT_ERROR_BACKEND);
  CHECK(kernel == NULL);
  CHECK_STR(ckpt_context_last_error(context), "fake: cuGraphInstantiate failed");
  CHECK_EQ(fake.released, 0); /* nothing was prepared, so nothing is released */

  /* An invalid plan never reaches the backend. */
  fake.prepare_result = CKPT_OK;
  PLAN_NODE(&b, 2, CKPT_NODE_FN) = -1;
  CHECK_STATUS(ckpt_kernel_create(context, &b.plan, &kernel), CKPT_ERROR_INVALID_PLAN);
  CHECK_EQ(fake.prepared, 0);

  PLAN_NODE(&b, 2, CKPT_NODE_FN) = 2;
  CHECK_STATUS(ckpt_kernel_create(context, &b.plan, &kernel), CKPT_OK);
  sample_args_t sample;
  sample_args_init(&sample);
  fake.launch_result = CKPT_ERROR_BACKEND;
  ckpt_outcome_t outcome = {.yielded = true, .label = 77};
  CHECK_STATUS(ckpt_kernel_launch(kernel, sample.args, &outcome), CKPT_ERROR_BACKEND);
  CHECK_STR(ckpt_context_last_error(context), "fake: cuGraphLaunch failed");
  CHECK_EQ(outcome.label, 77);
  ckpt_context_destroy(context);
}

/* The target's own pictures are asked for next to the plan's, named after the kernel. */
static void test_kernel_target_dot(void) {
  fake_backend_t fake;
  ckpt_context_t *context = fake_context(&fake);
  plan_builder_t b;
  ckpt_kernel_t *kernel = NULL;
  CHECK_STATUS(ckpt_kernel_create(context, sample_straight(&b), &kernel), CKPT_OK);
  char path[256];
  snprintf(path, sizeof(path), "/tmp/ckpt_test_kernel_%d.dot", (int)getpid());
  int64_t files = -1;
  CHECK_STATUS(ckpt_kernel_write_dot(kernel, path, &files), CKPT_OK);
  CHECK_EQ(files, 2);
  char expected[256];
  snprintf(expected, sizeof(expected), "/tmp/ckpt_test_kernel_%d.step", (int)getpid());
  CHECK_STR(fake.dot_prefix, expected);
  fake.dot_result = CKPT_ERROR_BACKEND;
  CHECK_STATUS(ckpt_kernel_write_dot(kernel, path, &files), CKPT_ERROR_BACKEND);
  CHECK_STR(ckpt_context_last_error(context), "fake: cuGraphDebugDotPrint failed");
  remove(path);
  ckpt_context_destroy(context);
}

/* A kernel of sample_straight on a fake backend, and one set of its arguments. */
typedef struct kernel_fixture_t {
  fake_backend_t fake;
  ckpt_context_t *context;
  plan_builder_t builder;
  ckpt_kernel_t *kernel;
  sample_args_t sample;
} kernel_fixture_t;

static void fixture_begin(kernel_fixture_t *f) {
  f->context = fake_context(&f->fake);
  f->kernel = NULL;
  CHECK_STATUS(ckpt_kernel_create(f->context, sample_straight(&f->builder), &f->kernel), CKPT_OK);
  sample_args_init(&f->sample);
}

/* Destroying the context destroys the kernel with it. */
static void fixture_end(kernel_fixture_t *f) { ckpt_context_destroy(f->context); }

static void test_kernel_launch_hands_backend_the_resume_point(void) {
  kernel_fixture_t f;
  fixture_begin(&f);
  ckpt_outcome_t outcome;

  CHECK_STATUS(ckpt_kernel_launch(f.kernel, f.sample.args, &outcome), CKPT_OK);
  CHECK_STATUS(ckpt_kernel_resume(f.kernel, 0, f.sample.args, &outcome), CKPT_OK);
  CHECK_STATUS(ckpt_kernel_resume(f.kernel, 1, f.sample.args, &outcome), CKPT_OK);
  CHECK_STATUS(ckpt_kernel_resume(f.kernel, 2, f.sample.args, &outcome), CKPT_ERROR_UNKNOWN_LABEL);
  CHECK_EQ(f.fake.launch_count, 3);
  CHECK_EQ(f.fake.launches[0].resume_cp_id, -1);
  CHECK_EQ(f.fake.launches[1].resume_cp_id, 1);
  CHECK_EQ(f.fake.launches[2].resume_cp_id, 3);
  CHECK(f.fake.launches[0].args == f.sample.args);
  fixture_end(&f);
}

static void test_kernel_outcome_from_the_yielding_cp(void) {
  kernel_fixture_t f;
  fixture_begin(&f);
  ckpt_outcome_t outcome;

  f.fake.yield_cp_id = 1;
  CHECK_STATUS(ckpt_kernel_launch(f.kernel, f.sample.args, &outcome), CKPT_OK);
  CHECK(outcome.yielded);
  CHECK_EQ(outcome.label, 0);
  CHECK_STR(outcome.name, "SIM");
  CHECK_EQ(outcome.cp_id, 1);

  f.fake.yield_cp_id = 3;
  CHECK_STATUS(ckpt_kernel_launch(f.kernel, f.sample.args, &outcome), CKPT_OK);
  CHECK(outcome.yielded);
  CHECK_EQ(outcome.label, 1);
  CHECK(outcome.name == NULL);
  CHECK_EQ(outcome.cp_id, 3);

  f.fake.yield_cp_id = -1;
  CHECK_STATUS(ckpt_kernel_launch(f.kernel, f.sample.args, &outcome), CKPT_OK);
  CHECK(!outcome.yielded);
  CHECK_EQ(outcome.label, -1);
  CHECK_EQ(outcome.cp_id, -1);
  fixture_end(&f);
}

static void test_kernel_tells_backend_when_arguments_change(void) {
  kernel_fixture_t f;
  fixture_begin(&f);
  sample_args_t grown;
  ckpt_outcome_t outcome;

  for (int i = 0; i < 2; ++i) ckpt_kernel_launch(f.kernel, f.sample.args, &outcome);
  /* The same descriptors with a new flag value: the data changed, the arguments did not. */
  *sample_flag(&f.sample, SAMPLE_FLAG_A) = 5;
  ckpt_kernel_launch(f.kernel, f.sample.args, &outcome);
  /* A descriptor now views another element. */
  f.sample.flags[0].offset = 0;
  ckpt_kernel_launch(f.kernel, f.sample.args, &outcome);
  /* Equal descriptors at another address are the same arguments. */
  memref0_i32_t copies[3];
  memcpy(copies, f.sample.flags, sizeof(copies));
  void *moved[] = {f.sample.args[0], &copies[0], &copies[1], &copies[2]};
  ckpt_kernel_launch(f.kernel, moved, &outcome);
  /* A new buffer. */
  sample_args_init(&grown);
  ckpt_kernel_launch(f.kernel, grown.args, &outcome);

  static const bool expected[] = {true, false, false, true, false, true};
  CHECK_EQ(f.fake.launch_count, 6);
  for (int i = 0; i < 6; ++i) CHECK_EQ(f.fake.launches[i].args_changed, expected[i]);
  fixture_end(&f);
}

int main(void) {
  TEST_RUN(test_kernel_lifecycle);
  TEST_RUN(test_kernel_backend_failures);
  TEST_RUN(test_kernel_target_dot);
  TEST_RUN(test_kernel_launch_hands_backend_the_resume_point);
  TEST_RUN(test_kernel_outcome_from_the_yielding_cp);
  TEST_RUN(test_kernel_tells_backend_when_arguments_change);
  return test_report();
}
