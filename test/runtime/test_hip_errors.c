/* The HIP backend's clear errors, without a GPU: no HIP runtime library, a library that is
 * not one, no device, a bad CKPT_HIP_QUEUE, no code object for the device's chip (for the runtime's own kernels
 * and for a plan's bundle, listing the chips compiled for), and a plan lowered for another
 * target. The HIP runtime is fake_hip.c, loaded through CKPT_HIP_LIBRARY as the real one
 * would be. FAKE_HIP_PATH and OWN_KERNEL_CHIP (the first chip the runtime's kernels were
 * built for) come from CMake. */
#include <stdlib.h>
#include <string.h>

#include "ckpt/ckpt.h"
#include "ckpt/hip_bundle.h"
#include "ckpt/mlir_abi.h"
#include "sample_plans.h"
#include "test_util.h"

/* Creates a HIP context with the given library and fake device settings; returns its
 * status and leaves its message in `message`. */
static ckpt_status_code_t create_hip(const char *library, const char *init, const char *devices,
                                     const char *arch, char *message, size_t size,
                                     ckpt_context_t **out_context) {
  setenv("CKPT_HIP_LIBRARY", library, 1);
  setenv("FAKE_HIP_INIT", init, 1);
  setenv("FAKE_HIP_DEVICES", devices, 1);
  setenv("FAKE_HIP_ARCH", arch, 1);
  ckpt_context_t *context = NULL;
  ckpt_status_code_t code = ckpt_context_create(CKPT_TARGET_HIP, &context);
  snprintf(message, size, "%s", ckpt_context_last_error(context));
  if (out_context && code == CKPT_OK) {
    *out_context = context;
  } else {
    ckpt_context_destroy(context);
  }
  return code;
}

static void test_hip_no_library(void) {
  char message[1024];
  CHECK_STATUS(create_hip("/nonexistent/libamdhip64.so", "0", "1", OWN_KERNEL_CHIP, message,
                          sizeof(message), NULL),
               CKPT_ERROR_UNAVAILABLE);
  CHECK_CONTAINS(message, "no HIP runtime library (/nonexistent/libamdhip64.so) found: ");
  CHECK_CONTAINS(message, "install ROCm's HIP runtime (libamdhip64), set CKPT_HIP_LIBRARY to "
                          "its path, or use another target");
  CHECK_STATUS(create_hip("libm.so.6", "0", "1", OWN_KERNEL_CHIP, message, sizeof(message), NULL),
               CKPT_ERROR_UNAVAILABLE);
  CHECK_STR(message, "the HIP runtime library libm.so.6 has no hipInit: it is not a HIP runtime "
                     "the ckpt HIP backend supports (ROCm 5.2 or newer)");
}

static void test_hip_no_device(void) {
  char message[1024], expected[1024];
  CHECK_STATUS(create_hip(FAKE_HIP_PATH, "100", "1", OWN_KERNEL_CHIP, message, sizeof(message),
                          NULL),
               CKPT_ERROR_UNAVAILABLE);
  snprintf(expected, sizeof(expected),
           "hipInit failed: hipErrorNoDevice (no ROCm-capable device is detected) (%s): this "
           "machine has no AMD GPU the HIP runtime can use",
           FAKE_HIP_PATH);
  CHECK_STR(message, expected);
  /* ROCm 5's answer where it finds no GPU at all. */
  CHECK_STATUS(create_hip(FAKE_HIP_PATH, "101", "1", OWN_KERNEL_CHIP, message, sizeof(message),
                          NULL),
               CKPT_ERROR_UNAVAILABLE);
  CHECK_CONTAINS(message, "hipInit failed: hipErrorInvalidDevice (fake)");
  CHECK_CONTAINS(message, "this machine has no AMD GPU the HIP runtime can use");
  /* Anything else at hipInit is a broken installation. */
  CHECK_STATUS(create_hip(FAKE_HIP_PATH, "999", "1", OWN_KERNEL_CHIP, message, sizeof(message),
                          NULL),
               CKPT_ERROR_UNAVAILABLE);
  CHECK_CONTAINS(message, "the HIP runtime could not start; check the GPU driver (amdgpu, /dev/kfd)");
  CHECK_STATUS(create_hip(FAKE_HIP_PATH, "0", "0", OWN_KERNEL_CHIP, message, sizeof(message),
                          NULL),
               CKPT_ERROR_UNAVAILABLE);
  CHECK_STR(message, "the HIP runtime is installed but this machine has no AMD GPU it can use");
}

static void test_hip_bad_queue_setting(void) {
  char message[1024];
  setenv("CKPT_HIP_QUEUE", "sometimes", 1);
  CHECK_STATUS(create_hip(FAKE_HIP_PATH, "0", "1", OWN_KERNEL_CHIP, message, sizeof(message),
                          NULL),
               CKPT_ERROR_INVALID_ARGUMENT);
  CHECK_STR(message, "CKPT_HIP_QUEUE is 'sometimes'; use device (the default) or host");
  setenv("CKPT_HIP_QUEUE", "host", 1);
  CHECK_STATUS(create_hip(FAKE_HIP_PATH, "0", "1", OWN_KERNEL_CHIP, message, sizeof(message),
                          NULL),
               CKPT_OK);
  unsetenv("CKPT_HIP_QUEUE");
}

static void test_hip_no_own_kernels_for_chip(void) {
  char message[1024];
  CHECK_STATUS(create_hip(FAKE_HIP_PATH, "0", "1", "gfx1030:xnack-", message, sizeof(message),
                          NULL),
               CKPT_ERROR_UNAVAILABLE);
  CHECK_CONTAINS(message, "no code object for this device's chip gfx1030 (Fake GPU) among the "
                          "HIP backend's own kernels; the runtime was built with them for ");
  CHECK_CONTAINS(message, OWN_KERNEL_CHIP);
}

/* One bundle with a code object for gfx908 and gfx1030 only, chips the runtime's own
 * kernels are not built for by default. */
static _Alignas(16) unsigned char two_chip_bundle[256];

static void build_two_chip_bundle(void) {
  static const char *const chips[] = {"gfx908", "gfx1030"};
  uint64_t words[4 + 8] = {CKPT_HIP_BUNDLE_MAGIC, CKPT_HIP_BUNDLE_VERSION, 2, 144};
  words[4] = words[8] = CKPT_HIP_IMAGE_CODE_OBJECT;
  words[5] = 96, words[6] = 112, words[7] = 4;  /* "gfx908" at 96, image at 112 */
  words[9] = 103, words[10] = 128, words[11] = 4; /* "gfx1030" at 103, image at 128 */
  memcpy(two_chip_bundle, words, sizeof(words)); /* little-endian host */
  memcpy(two_chip_bundle + 96, chips[0], 7);
  memcpy(two_chip_bundle + 103, chips[1], 8);
  memcpy(two_chip_bundle + 112, "ELF0", 4);
  memcpy(two_chip_bundle + 128, "ELF1", 4);
}

static void record_one_kernel(int64_t fn, void **args, void *recorder) {
  (void)fn;
  memref1_t state;
  ckpt_mlir_device_state(recorder, &state);
  void *operands[] = {&state, args[0]};
  static const int64_t fields[] = {CKPT_PARAM_MEMREF, 1, 32, CKPT_ELEM_INT,
                                   CKPT_PARAM_MEMREF, 1, 8,  CKPT_ELEM_OTHER};
  ckpt_mlir_record_launch(recorder, 0, "task", 1, 1, 1, 1, 1, 1, 0, 2, operands, fields);
}

static void test_hip_no_code_object_in_plan(void) {
  char message[1024];
  ckpt_context_t *context = NULL;
  CHECK_STATUS(create_hip(FAKE_HIP_PATH, "0", "1", OWN_KERNEL_CHIP, message, sizeof(message),
                          &context),
               CKPT_OK);
  if (!context) return;
  build_two_chip_bundle();
  const void *images[] = {two_chip_bundle};
  const int64_t sizes[] = {144};
  plan_builder_t builder;
  sample_straight(&builder);
  builder.plan.dispatch = record_one_kernel;
  builder.plan.device_image_count = 1;
  builder.plan.device_images = images;
  builder.plan.device_image_sizes = sizes;
  ckpt_kernel_t *kernel = test_create_kernel(context, &builder.plan);
  sample_args_t *args = calloc(1, sizeof(*args));
  sample_args_init(args);
  ckpt_outcome_t outcome;
  CHECK_STATUS(ckpt_kernel_launch(kernel, args->args, &outcome), CKPT_ERROR_UNAVAILABLE);
  char expected[1024];
  snprintf(expected, sizeof(expected),
           "no code object for this device's chip %s (Fake GPU) in image 0 of kernel 'step'; it "
           "was compiled for gfx908, gfx1030 (recompile with --ckpt-lower-to-llvm=target=hip "
           "chips=...)",
           OWN_KERNEL_CHIP);
  CHECK_STR(ckpt_context_last_error(context), expected);

  /* Bytes that are no bundle: a plan lowered for another target. */
  memcpy(two_chip_bundle, "\x7f" "ELF", 4);
  CHECK_STATUS(ckpt_kernel_launch(kernel, args->args, &outcome), CKPT_ERROR_INVALID_PLAN);
  CHECK_STR(ckpt_context_last_error(context),
            "device image 0 of kernel 'step' is not a HIP image bundle the runtime can read: it "
            "has no CKPTHIPB magic; lower it with --ckpt-lower-to-llvm=target=hip");
  ckpt_kernel_destroy(kernel);
  free(args);
  ckpt_context_destroy(context);
}

int main(void) {
  TEST_RUN(test_hip_no_library);
  TEST_RUN(test_hip_no_device);
  TEST_RUN(test_hip_bad_queue_setting);
  TEST_RUN(test_hip_no_own_kernels_for_chip);
  TEST_RUN(test_hip_no_code_object_in_plan);
  return test_report();
}
