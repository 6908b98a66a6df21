/* Starting the CUDA target where it cannot run: no driver library, the toolkit's stub
 * instead of a driver, a bad CKPT_CUDA_GATING or CKPT_CUDA_QUEUE. Each is a status and a message that says
 * what to do, never a crash; this runs on every machine, GPU or not. */
#include <stdlib.h>

#include "core/context.h"
#include "cuda/cuda_backend.h"
#include "cuda/cuda_driver.h"
#include "test_util.h"

static void test_missing_library_is_named(void) {
  ckpt_cuda_driver_t driver;
  char message[512];
  CHECK_EQ(ckpt_cuda_driver_load("libckpt-no-such-driver.so.1", &driver, message, sizeof(message)),
           CKPT_CUDA_NO_DRIVER);
  CHECK_CONTAINS(message, "no CUDA driver (libckpt-no-such-driver.so.1) found: ");
  CHECK_CONTAINS(message, "; install the NVIDIA driver on this machine, or use another target");
  CHECK(driver.library == NULL);
}

static void test_toolkit_stub_is_not_a_driver(void) {
#ifdef CKPT_TEST_CUDA_STUB
  ckpt_cuda_driver_t driver;
  char message[512];
  FILE *stub = fopen(CKPT_TEST_CUDA_STUB, "rb");
  if (!stub) return;
  fclose(stub);
  CHECK_EQ(ckpt_cuda_driver_load(CKPT_TEST_CUDA_STUB, &driver, message, sizeof(message)),
           CKPT_CUDA_NO_DRIVER);
  CHECK_CONTAINS(message, "is the CUDA toolkit's stub library, not the NVIDIA driver");
#endif
}

/* Through the public API, as a user meets it; CKPT_CUDA_DRIVER_LIBRARY points the
 * runtime at a library that does not exist, so this holds on GPU machines too. */
static void test_context_without_driver_is_unavailable(void) {
  setenv("CKPT_CUDA_DRIVER_LIBRARY", "libckpt-no-such-driver.so.1", 1);
  ckpt_context_t *context = NULL;
  CHECK_STATUS(ckpt_context_create(CKPT_TARGET_CUDA, &context), CKPT_ERROR_UNAVAILABLE);
  CHECK(context != NULL);
  CHECK_CONTAINS(ckpt_context_last_error(context), "no CUDA driver (libckpt-no-such-driver.so.1)");
  ckpt_kernel_t *kernel = NULL;
  CHECK_STATUS(ckpt_kernel_create(context, NULL, &kernel), CKPT_ERROR_UNAVAILABLE);
  ckpt_cuda_stats_t stats;
  CHECK(!ckpt_cuda_backend_stats(context, &stats));
  ckpt_context_destroy(context);
  unsetenv("CKPT_CUDA_DRIVER_LIBRARY");
}

/* An environment variable the backend reads before it loads the driver, set to a value it
 * does not know: context creation fails with `message`, on every machine. */
static void check_setting_rejected(const char *name, const char *value, const char *message) {
  setenv(name, value, 1);
  ckpt_context_t *context = NULL;
  CHECK_STATUS(ckpt_context_create(CKPT_TARGET_CUDA, &context), CKPT_ERROR_INVALID_ARGUMENT);
  CHECK_STR(ckpt_context_last_error(context), message);
  ckpt_context_destroy(context);
  unsetenv(name);
}

static void test_unknown_gating_mode_is_rejected(void) {
  check_setting_rejected("CKPT_CUDA_GATING", "sometimes",
                         "CKPT_CUDA_GATING is 'sometimes'; use prologue (the default), if or host");
}

static void test_unknown_queue_mode_is_rejected(void) {
  check_setting_rejected("CKPT_CUDA_QUEUE", "hostish",
                         "CKPT_CUDA_QUEUE is 'hostish'; use device (the default) or host");
}

static void test_errors_are_described_by_name(void) {
  ckpt_cuda_driver_t driver;
  memset(&driver, 0, sizeof(driver));
  char message[256];
  /* Without the driver's own names (it never loaded), the number is all there is. */
  ckpt_cuda_describe_error(&driver, CUDA_ERROR_INVALID_VALUE, "cuGraphInstantiate", message,
                           sizeof(message));
  CHECK_STR(message, "cuGraphInstantiate failed: CUresult 1");
}

static void test_stats_need_a_cuda_context(void) {
  ckpt_context_t *context = test_cpu_context();
  ckpt_cuda_stats_t stats;
  CHECK(!ckpt_cuda_backend_stats(context, &stats));
  CHECK(!ckpt_cuda_backend_stats(NULL, &stats));
  ckpt_context_destroy(context);
}

int main(void) {
  TEST_RUN(test_missing_library_is_named);
  TEST_RUN(test_toolkit_stub_is_not_a_driver);
  TEST_RUN(test_context_without_driver_is_unavailable);
  TEST_RUN(test_unknown_gating_mode_is_rejected);
  TEST_RUN(test_unknown_queue_mode_is_rejected);
  TEST_RUN(test_errors_are_described_by_name);
  TEST_RUN(test_stats_need_a_cuda_context);
  return test_report();
}
