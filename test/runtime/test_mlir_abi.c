/* The entry points lowered code calls (runtime/core/mlir_abi.c): slots filled on first
 * use and reused, statuses, errors reported on stderr with ok = 0 and never an abort,
 * release clearing every slot it made, and the status line ckpt.status_print shows. */
#include "ckpt/mlir_abi.h"

#include "built_targets.h"
#include "ckpt/ckpt.h"
#include "sample_plans.h"
#include "test_util.h"

/* What one module holds: its context slot and one kernel slot per graph kernel. */
typedef struct module_t {
  void *context_slot;
  void *straight_slot;
  void *loop_slot;
} module_t;

/* ckpt_mlir_launch with stderr captured; returns the status, *out_errors what was
 * printed (free() it). */
static ckpt_mlir_status_t launch(module_t *module, void **kernel_slot, const ckpt_plan_t *plan,
                                 int64_t target, void **args, int64_t has_resume, int64_t label,
                                 char **out_errors) {
  ckpt_mlir_status_t status;
  memset(&status, 0x5a, sizeof(status));
  stream_capture_t capture;
  capture_begin(&capture, stderr);
  ckpt_mlir_launch(&module->context_slot, kernel_slot, plan, target, args, has_resume, label,
                   &status);
  *out_errors = capture_end(&capture);
  return status;
}

#define CHECK_FAILED_STATUS(status)  \
  do {                               \
    CHECK_EQ((status).ok, 0);        \
    CHECK_EQ((status).yielded, 0);   \
    CHECK_EQ((status).label, -1);    \
    CHECK((status).name == NULL);    \
    CHECK_EQ((status).cp_id, -1);    \
  } while (0)

static void test_mlir_abi_launch_yield_resume(void) {
  plan_builder_t straight, loop;
  const ckpt_plan_t *straight_plan = sample_straight(&straight);
  const ckpt_plan_t *loop_plan = sample_loop(&loop);
  module_t module = {0};
  sample_args_t sample;
  sample_args_init(&sample);
  char *errors = NULL;

  ckpt_mlir_status_t status =
      launch(&module, &module.straight_slot, straight_plan, CKPT_TARGET_CPU, sample.args, 0, 0,
             &errors);
  CHECK_STR(errors, "");
  free(errors);
  CHECK_EQ(status.ok, 1);
  CHECK_EQ(status.yielded, 0);
  CHECK_EQ(status.label, -1);
  CHECK(status.name == NULL);
  CHECK_EQ(status.cp_id, -1);
  CHECK(module.context_slot != NULL);
  CHECK(module.straight_slot != NULL);
  CHECK_RUNS(&sample.world, 1, 2, 3, 4, 5, 6, 7, 8);
  void *context = module.context_slot, *kernel = module.straight_slot;

  /* The slots are reused: same context, same kernel. */
  world_clear_runs(&sample.world);
  *sample_flag(&sample, SAMPLE_FLAG_A) = 1;
  status = launch(&module, &module.straight_slot, straight_plan, CKPT_TARGET_CPU, sample.args, 0,
                  0, &errors);
  free(errors);
  CHECK(module.context_slot == context);
  CHECK(module.straight_slot == kernel);
  CHECK_EQ(status.ok, 1);
  CHECK_EQ(status.yielded, 1);
  CHECK_EQ(status.label, 0);
  CHECK_STR(status.name, "SIM");
  CHECK_EQ(status.cp_id, 1);
  CHECK_RUNS(&sample.world, 1, 2, 3, 4);

  world_clear_runs(&sample.world);
  *sample_flag(&sample, SAMPLE_FLAG_A) = 0;
  status = launch(&module, &module.straight_slot, straight_plan, CKPT_TARGET_CPU, sample.args, 1,
                  0, &errors);
  free(errors);
  CHECK_EQ(status.ok, 1);
  CHECK_EQ(status.yielded, 0);
  CHECK_RUNS(&sample.world, 3, 4, 5, 6, 7, 8);

  /* A second kernel of the module shares its context. */
  world_clear_runs(&sample.world);
  status = launch(&module, &module.loop_slot, loop_plan, CKPT_TARGET_CPU, sample.args, 1, 9,
                  &errors);
  free(errors);
  CHECK_EQ(status.ok, 1);
  CHECK(module.context_slot == context);
  CHECK(module.loop_slot != NULL && module.loop_slot != kernel);
  CHECK_RUNS(&sample.world, 7, 8);

  /* Without a status (a plain call of the graph kernel). */
  world_clear_runs(&sample.world);
  ckpt_mlir_launch(&module.context_slot, &module.straight_slot, straight_plan, CKPT_TARGET_CPU,
                   sample.args, 0, 0, NULL);
  CHECK_RUNS(&sample.world, 1, 2, 3, 4, 5, 6, 7, 8);

  /* Release clears the context slot and the kernel slots it filled. */
  ckpt_mlir_release(&module.context_slot);
  CHECK(module.context_slot == NULL);
  CHECK(module.straight_slot == NULL);
  CHECK(module.loop_slot == NULL);
  ckpt_mlir_release(&module.context_slot);
  ckpt_mlir_release(NULL);

  /* And the module starts afresh on its next launch. */
  world_clear_runs(&sample.world);
  status = launch(&module, &module.straight_slot, straight_plan, CKPT_TARGET_CPU, sample.args, 0,
                  0, &errors);
  free(errors);
  CHECK_EQ(status.ok, 1);
  CHECK(module.context_slot != NULL && module.straight_slot != NULL);
  CHECK_RUNS(&sample.world, 1, 2, 3, 4, 5, 6, 7, 8);
  ckpt_mlir_release(&module.context_slot);
}

static void test_mlir_abi_errors_are_reported_not_fatal(void) {
  plan_builder_t straight;
  const ckpt_plan_t *plan = sample_straight(&straight);
  module_t module = {0};
  sample_args_t sample;
  sample_args_init(&sample);
  char *errors = NULL;

  ckpt_mlir_status_t status =
      launch(&module, &module.straight_slot, plan, CKPT_TARGET_CPU, sample.args, 1, 7, &errors);
  CHECK_STR(errors,
            "ckpt: error: kernel 'step' has no checkpoint labelled 7; labels available: 0 "
            "(\"SIM\"), 1\n");
  free(errors);
  CHECK_FAILED_STATUS(status);
  CHECK_NO_RUNS(&sample.world);

  status = launch(&module, &module.straight_slot, plan, CKPT_TARGET_CPU, NULL, 0, 0, &errors);
  CHECK_STR(errors, "ckpt: error: args is NULL but kernel 'step' takes 4 parameters\n");
  free(errors);
  CHECK_FAILED_STATUS(status);

  /* One module, one target. */
  status = launch(&module, &module.straight_slot, plan, CKPT_TARGET_VULKAN, sample.args, 0, 0,
                  &errors);
  CHECK_STR(errors,
            "ckpt: error: this module's context runs on cpu but a launch asks for target 3 "
            "(vulkan); one module uses one target\n");
  free(errors);
  CHECK_FAILED_STATUS(status);

  /* A kernel slot filled under another module's context. */
  module_t other = {0};
  status = launch(&other, &module.straight_slot, plan, CKPT_TARGET_CPU, sample.args, 0, 0,
                  &errors);
  CHECK_CONTAINS(errors, "ckpt: error: kernel slot ");
  CHECK_CONTAINS(errors, " holds kernel 'step' of another module's context; each module needs "
                         "its own kernel slots\n");
  free(errors);
  CHECK_FAILED_STATUS(status);
  CHECK(other.context_slot != NULL);
  ckpt_mlir_release(&other.context_slot);
  CHECK(module.straight_slot != NULL);

  /* An invalid plan leaves the kernel slot empty, and says so again next time. */
  plan_builder_t broken;
  sample_straight(&broken);
  PLAN_NODE(&broken, 0, CKPT_NODE_FN) = -4;
  for (int attempt = 0; attempt < 2; ++attempt) {
    status = launch(&module, &module.loop_slot, &broken.plan, CKPT_TARGET_CPU, sample.args, 0, 0,
                    &errors);
    CHECK_STR(errors, "ckpt: error: invalid plan for kernel 'step': node 0 (bare): fn is -4 but "
                      "must be >= 0\n");
    free(errors);
    CHECK_FAILED_STATUS(status);
    CHECK(module.loop_slot == NULL);
  }
  CHECK_NO_RUNS(&sample.world);
  ckpt_mlir_release(&module.context_slot);

  status = launch(&module, &module.straight_slot, plan, 9, sample.args, 0, 0, &errors);
  char expected[256];
  snprintf(expected, sizeof(expected),
           "ckpt: error: target 9 is not a ckpt target; targets built into this runtime: %s\n",
           built_targets_text());
  CHECK_STR(errors, expected);
  free(errors);
  CHECK_FAILED_STATUS(status);
  CHECK(module.context_slot == NULL);

  stream_capture_t capture;
  capture_begin(&capture, stderr);
  ckpt_mlir_launch(NULL, NULL, plan, CKPT_TARGET_CPU, sample.args, 0, 0, &status);
  errors = capture_end(&capture);
  CHECK_CONTAINS(errors, "ckpt: error: ckpt_mlir_launch needs a context slot and a kernel slot");
  free(errors);
  CHECK_FAILED_STATUS(status);
}

/* A target this build left out: every launch reports it again, none crashes. */
static void test_mlir_abi_unavailable_target(void) {
#ifdef CKPT_TEST_HAVE_VULKAN
  fprintf(stderr, "skipped: the vulkan backend is built in\n");
#else
  plan_builder_t straight;
  const ckpt_plan_t *plan = sample_straight(&straight);
  module_t module = {0};
  sample_args_t sample;
  sample_args_init(&sample);
  for (int attempt = 0; attempt < 2; ++attempt) {
    char *errors = NULL;
    ckpt_mlir_status_t status = launch(&module, &module.straight_slot, plan, CKPT_TARGET_VULKAN,
                                       sample.args, 0, 0, &errors);
    char expected[512];
    snprintf(expected, sizeof(expected),
             "ckpt: error: the ckpt runtime was built without the vulkan backend (targets built "
             "into this runtime: %s); reconfigure with -DCKPT_ENABLE_VULKAN=ON and rebuild "
             "(README.md, Targets, says what each backend needs)\n",
             built_targets_text());
    CHECK_STR(errors, expected);
    free(errors);
    CHECK_FAILED_STATUS(status);
    CHECK(module.context_slot == NULL);
    CHECK(module.straight_slot == NULL);
  }
  ckpt_mlir_release(&module.context_slot);
#endif
}

/* The line ckpt.status_print shows for each kind of status. */
static void test_mlir_abi_status_print(void) {
  ckpt_mlir_status_t named = {1, 1, 0, "SIM", 1};
  ckpt_mlir_status_t unnamed = {1, 1, -7, NULL, 3};
  ckpt_mlir_status_t completed = {1, 0, -1, NULL, -1};
  ckpt_mlir_status_t failed = {0, 0, -1, NULL, -1};
  stream_capture_t capture;
  capture_begin(&capture, stdout);
  ckpt_mlir_status_print(&named);
  ckpt_mlir_status_print(&unnamed);
  ckpt_mlir_status_print(&completed);
  ckpt_mlir_status_print(&failed);
  ckpt_mlir_status_print(NULL);
  char *text = capture_end(&capture);
  CHECK_STR(text,
            "ckpt.status ok=1 yielded=1 label=0 name=\"SIM\"\n"
            "ckpt.status ok=1 yielded=1 label=-7\n"
            "ckpt.status ok=1 yielded=0 label=-1\n"
            "ckpt.status ok=0 yielded=0 label=-1\n"
            "ckpt.status (null)\n");
  free(text);
}

int main(void) {
  TEST_RUN(test_mlir_abi_launch_yield_resume);
  TEST_RUN(test_mlir_abi_errors_are_reported_not_fatal);
  TEST_RUN(test_mlir_abi_unavailable_target);
  TEST_RUN(test_mlir_abi_status_print);
  return test_report();
}
