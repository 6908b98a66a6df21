/* Releasing a Vulkan context while the process exits makes no Vulkan call: drivers tear
 * themselves down at exit and may crash when called afterwards, and lowered modules
 * release their context from a global destructor, after that teardown. The loader here is
 * test/runtime/poisoning_loader.c (CKPT_TEST_POISONING_LOADER), which aborts on any call
 * made after its exit handler ran; this test's own destructor plays the lowered module's.
 * Outside exit, destroying a context still tears the device down. */
#include <dlfcn.h>
#include <stdlib.h>

#include "ckpt/mlir_abi.h"
#include "plan_builder.h"
#include "test_util.h"

static plan_builder_t builder;
static int32_t flag;
static struct {
  int32_t *allocated, *aligned;
  int64_t offset;
} flag_memref = {&flag, &flag, 0};

/* One explicit checkpoint with a yield flag and no task. */
static const ckpt_plan_t *one_checkpoint(void) {
  plan_builder_init(&builder, "exit_test", plan_builder_noop_dispatch);
  int64_t flag_param = plan_builder_flag(&builder);
  plan_builder_checkpoint(&builder, 0, NULL, flag_param);
  plan_builder_close(&builder);
  return plan_builder_finish(&builder);
}

static int destroy_device_calls(void) {
  void *loader = dlopen(CKPT_TEST_POISONING_LOADER, RTLD_NOW | RTLD_NOLOAD);
  if (!loader) return -1;
  int (*calls)(void) = NULL;
  void *symbol = dlsym(loader, "poisoning_loader_destroy_device_calls");
  memcpy(&calls, &symbol, sizeof(symbol));
  int count = calls ? calls() : -1;
  dlclose(loader);
  return count;
}

static void test_destroy_before_exit_tears_down(void) {
  ckpt_context_t *context = NULL;
  CHECK_STATUS(ckpt_context_create(CKPT_TARGET_VULKAN, &context), CKPT_OK);
  ckpt_kernel_t *kernel = NULL;
  CHECK_STATUS(ckpt_kernel_create(context, one_checkpoint(), &kernel), CKPT_OK);
  void *args[1] = {&flag_memref};
  ckpt_outcome_t outcome;
  CHECK_STATUS(ckpt_kernel_launch(kernel, args, &outcome), CKPT_OK);
  CHECK(!outcome.yielded);
  int before = destroy_device_calls();
  CHECK(before >= 0);
  ckpt_context_destroy(context);
  CHECK_EQ(destroy_device_calls(), before + 1);
}

/* What a lowered module keeps: its context and kernel slots. */
static void *module_context_slot, *module_kernel_slot;

__attribute__((destructor)) static void release_like_a_lowered_module(void) {
  ckpt_mlir_release(&module_context_slot);
  if (module_context_slot || module_kernel_slot) {
    fprintf(stderr, "test_vulkan_exit: release at exit left a slot set\n");
    _exit(1);
  }
}

static void test_module_context_released_at_exit(void) {
  void *args[1] = {&flag_memref};
  ckpt_mlir_status_t status;
  ckpt_mlir_launch(&module_context_slot, &module_kernel_slot, one_checkpoint(),
                   CKPT_TARGET_VULKAN, args, 0, 0, &status);
  CHECK_EQ(status.ok, 1);
  CHECK(module_context_slot != NULL && module_kernel_slot != NULL);
}

int main(void) {
  setenv("CKPT_VULKAN_LOADER", CKPT_TEST_POISONING_LOADER, 1);
  unsetenv("CKPT_VULKAN_VALIDATION");
  TEST_RUN(test_destroy_before_exit_tears_down);
  TEST_RUN(test_module_context_released_at_exit);
  return test_report();
}
