/* Contexts (runtime/core/context.c): status and target names, creation on each target,
 * the error carried by a context that could not start, and NULL handling. */
#include "built_targets.h"
#include "ckpt/ckpt.h"
#include "plan_builder.h"
#include "test_util.h"

static void test_context_status_names(void) {
  CHECK_STR(ckpt_status_name(CKPT_OK), "CKPT_OK");
  CHECK_STR(ckpt_status_name(CKPT_ERROR_INVALID_ARGUMENT), "CKPT_ERROR_INVALID_ARGUMENT");
  CHECK_STR(ckpt_status_name(CKPT_ERROR_INVALID_PLAN), "CKPT_ERROR_INVALID_PLAN");
  CHECK_STR(ckpt_status_name(CKPT_ERROR_UNKNOWN_LABEL), "CKPT_ERROR_UNKNOWN_LABEL");
  CHECK_STR(ckpt_status_name(CKPT_ERROR_NO_CHECKPOINTS), "CKPT_ERROR_NO_CHECKPOINTS");
  CHECK_STR(ckpt_status_name(CKPT_ERROR_UNAVAILABLE), "CKPT_ERROR_UNAVAILABLE");
  CHECK_STR(ckpt_status_name(CKPT_ERROR_BACKEND), "CKPT_ERROR_BACKEND");
  CHECK_STR(ckpt_status_name(CKPT_ERROR_OUT_OF_MEMORY), "CKPT_ERROR_OUT_OF_MEMORY");
  CHECK_STR(ckpt_status_name(CKPT_ERROR_SKIPPED), "CKPT_ERROR_SKIPPED");
  CHECK_STR(ckpt_status_name((ckpt_status_code_t)99), "CKPT_ERROR_UNKNOWN_STATUS");
}

static void test_context_target_names(void) {
  static const char *const names[] = {"cpu", "cuda", "hip", "vulkan"};
  for (int target = 0; target < 4; ++target) {
    CHECK_STR(ckpt_target_name((ckpt_target_t)target), names[target]);
    ckpt_target_t parsed = (ckpt_target_t)-1;
    CHECK(ckpt_target_parse(names[target], &parsed));
    CHECK_EQ(parsed, target);
  }
  CHECK_STR(ckpt_target_name((ckpt_target_t)4), "unknown");
  CHECK_STR(ckpt_target_name((ckpt_target_t)-1), "unknown");
  ckpt_target_t parsed = CKPT_TARGET_HIP;
  CHECK(!ckpt_target_parse("CPU", &parsed));
  CHECK(!ckpt_target_parse("", &parsed));
  CHECK(!ckpt_target_parse("cpu ", &parsed));
  CHECK(!ckpt_target_parse(NULL, &parsed));
  CHECK(!ckpt_target_parse("cpu", NULL));
  CHECK_EQ(parsed, CKPT_TARGET_HIP);
}

static void test_context_cpu(void) {
  ckpt_context_t *context = NULL;
  CHECK_STATUS(ckpt_context_create(CKPT_TARGET_CPU, &context), CKPT_OK);
  CHECK(context != NULL);
  CHECK_EQ(ckpt_context_target(context), CKPT_TARGET_CPU);
  CHECK_STR(ckpt_context_last_error(context), "");
  ckpt_context_set_trace(context, false);
  ckpt_context_destroy(context);
}

/* A target left out of this build: an error-only context carrying `message`. */
static void expect_not_built(ckpt_target_t target, const char *message) {
  ckpt_context_t *context = NULL;
  CHECK_STATUS(ckpt_context_create(target, &context), CKPT_ERROR_UNAVAILABLE);
  CHECK(context != NULL);
  CHECK_STR(ckpt_context_last_error(context), message);
  CHECK_EQ(ckpt_context_target(context), target);

  /* Nothing can be made in it, and it says so rather than crashing. */
  plan_builder_t b;
  plan_builder_init(&b, "step", NULL);
  ckpt_kernel_t *kernel = (ckpt_kernel_t *)&kernel;
  CHECK_STATUS(ckpt_kernel_create(context, plan_builder_finish(&b), &kernel),
               CKPT_ERROR_UNAVAILABLE);
  CHECK(kernel == NULL);
  CHECK_CONTAINS(ckpt_context_last_error(context), "failed to start; destroy it and create a new one");
  ckpt_context_destroy(context);
}

/* Every target CMake did not register gives the "built without" message, which lists
 * the registered ones and names the option; ckpt_target_built agrees with CMake. */
static void test_context_targets_not_built(void) {
  static const char *const options[] = {"CKPT_ENABLE_CPU", "CKPT_ENABLE_CUDA", "CKPT_ENABLE_HIP",
                                        "CKPT_ENABLE_VULKAN"};
  CHECK(built_targets_has("cpu"));
  for (int target = 0; target < 4; ++target) {
    const char *name = ckpt_target_name((ckpt_target_t)target);
    CHECK_EQ(ckpt_target_built((ckpt_target_t)target), built_targets_has(name));
    if (built_targets_has(name)) continue;
    char message[512];
    snprintf(message, sizeof(message),
             "the ckpt runtime was built without the %s backend (targets built into this "
             "runtime: %s); reconfigure with -D%s=ON and rebuild (README.md, Targets, says what "
             "each backend needs)",
             name, built_targets_text(), options[target]);
    expect_not_built((ckpt_target_t)target, message);
  }
  CHECK(!ckpt_target_built((ckpt_target_t)4));
  CHECK(!ckpt_target_built((ckpt_target_t)-1));
}

static void test_context_bad_arguments(void) {
  ckpt_context_t *context = NULL;
  CHECK_STATUS(ckpt_context_create((ckpt_target_t)42, &context), CKPT_ERROR_INVALID_ARGUMENT);
  CHECK(context != NULL);
  char message[256];
  snprintf(message, sizeof(message),
           "target 42 is not a ckpt target; targets built into this runtime: %s",
           built_targets_text());
  CHECK_STR(ckpt_context_last_error(context), message);
  ckpt_context_destroy(context);

  CHECK_STATUS(ckpt_context_create(CKPT_TARGET_CPU, NULL), CKPT_ERROR_INVALID_ARGUMENT);
  CHECK_STR(ckpt_context_last_error(NULL), "");
  ckpt_context_destroy(NULL);
  ckpt_context_set_trace(NULL, true);

  plan_builder_t b;
  plan_builder_init(&b, "step", NULL);
  ckpt_kernel_t *kernel = NULL;
  CHECK_STATUS(ckpt_kernel_create(NULL, plan_builder_finish(&b), &kernel),
               CKPT_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(ckpt_context_create(CKPT_TARGET_CPU, &context), CKPT_OK);
  CHECK_STATUS(ckpt_kernel_create(context, &b.plan, NULL), CKPT_ERROR_INVALID_ARGUMENT);
  CHECK_STR(ckpt_context_last_error(context), "out_kernel is NULL");
  CHECK_STR(ckpt_kernel_name(NULL), "");
  ckpt_context_destroy(context);
}

int main(void) {
  TEST_RUN(test_context_status_names);
  TEST_RUN(test_context_target_names);
  TEST_RUN(test_context_cpu);
  TEST_RUN(test_context_targets_not_built);
  TEST_RUN(test_context_bad_arguments);
  return test_report();
}
