/* The Vulkan target where Vulkan cannot run: a missing or wrong loader, no driver, a device
 * choice that matches nothing, validation asked for without its layer. Each is
 * CKPT_ERROR_UNAVAILABLE from ckpt_context_create with a message naming the fix, never a
 * crash. Uses only the public API and the environment; needs no Vulkan device. */
#include <stdlib.h>

#include "ckpt/ckpt.h"
#include "test_util.h"

/* Creates a Vulkan context; returns its status and keeps its message in *out_message
 * (free() it). */
static ckpt_status_code_t create_vulkan(char **out_message) {
  ckpt_context_t *context = NULL;
  ckpt_status_code_t code = ckpt_context_create(CKPT_TARGET_VULKAN, &context);
  *out_message = strdup(ckpt_context_last_error(context));
  if (code != CKPT_OK) {
    /* A context that failed to start refuses kernels, with a message. */
    ckpt_kernel_t *kernel = NULL;
    ckpt_plan_t plan = {0};
    CHECK_STATUS(ckpt_kernel_create(context, &plan, &kernel), CKPT_ERROR_UNAVAILABLE);
    CHECK(kernel == NULL);
  }
  ckpt_context_destroy(context);
  return code;
}

static void test_missing_loader(void) {
  setenv("CKPT_VULKAN_LOADER", "/nonexistent/libvulkan.so.1", 1);
  char *message = NULL;
  CHECK_STATUS(create_vulkan(&message), CKPT_ERROR_UNAVAILABLE);
  CHECK_CONTAINS(message, "the Vulkan loader '/nonexistent/libvulkan.so.1' cannot be opened");
  CHECK_CONTAINS(message, "libvulkan1");
  free(message);
  unsetenv("CKPT_VULKAN_LOADER");
}

static void test_library_that_is_not_a_loader(void) {
  setenv("CKPT_VULKAN_LOADER", "libc.so.6", 1);
  char *message = NULL;
  CHECK_STATUS(create_vulkan(&message), CKPT_ERROR_UNAVAILABLE);
  CHECK_CONTAINS(message, "has no vkGetInstanceProcAddr");
  free(message);
  unsetenv("CKPT_VULKAN_LOADER");
}

static void test_no_driver(void) {
  /* Both names: older loaders read the first, newer ones the second. */
  setenv("VK_ICD_FILENAMES", "/nonexistent/icd.json", 1);
  setenv("VK_DRIVER_FILES", "/nonexistent/icd.json", 1);
  char *message = NULL;
  ckpt_status_code_t code = create_vulkan(&message);
  unsetenv("VK_ICD_FILENAMES");
  unsetenv("VK_DRIVER_FILES");
  if (strstr(message, "cannot be opened")) {
    fprintf(stderr, "  (no Vulkan loader here: %s)\n", message);
  } else {
    CHECK_STATUS(code, CKPT_ERROR_UNAVAILABLE);
    CHECK_CONTAINS(message, "mesa-vulkan-drivers");
  }
  free(message);
}

/* The remaining cases need a working device to be meaningful. */
static bool have_device(void) {
  char *message = NULL;
  ckpt_status_code_t code = create_vulkan(&message);
  if (code != CKPT_OK) fprintf(stderr, "  (no usable Vulkan device here: %s)\n", message);
  free(message);
  return code == CKPT_OK;
}

static void test_device_choice_that_matches_nothing(void) {
  if (!have_device()) return;
  const char *choices[] = {"no-such-device-xyz", "99"};
  for (int i = 0; i < 2; ++i) {
    setenv("CKPT_VULKAN_DEVICE", choices[i], 1);
    char *message = NULL;
    CHECK_STATUS(create_vulkan(&message), CKPT_ERROR_UNAVAILABLE);
    CHECK_CONTAINS(message, "CKPT_VULKAN_DEVICE=");
    CHECK_CONTAINS(message, choices[i]);
    CHECK_CONTAINS(message, "devices: 0: "); /* the devices there are, to choose from */
    free(message);
  }
  /* Index 0 always exists where a device does. */
  setenv("CKPT_VULKAN_DEVICE", "0", 1);
  char *message = NULL;
  CHECK_STATUS(create_vulkan(&message), CKPT_OK);
  free(message);
  unsetenv("CKPT_VULKAN_DEVICE");
}

static void test_validation_without_its_layer(void) {
  if (!have_device()) return;
  setenv("CKPT_VULKAN_VALIDATION", "1", 1);
  setenv("VK_LAYER_PATH", "/nonexistent", 1);
  char *message = NULL;
  CHECK_STATUS(create_vulkan(&message), CKPT_ERROR_UNAVAILABLE);
  CHECK_CONTAINS(message, "VK_LAYER_KHRONOS_validation");
  CHECK_CONTAINS(message, "vulkan-validationlayers");
  free(message);
  unsetenv("VK_LAYER_PATH");
  unsetenv("CKPT_VULKAN_VALIDATION");
}

int main(void) {
  /* The cases set these themselves; inherited values would change what they test. */
  unsetenv("CKPT_VULKAN_DEVICE");
  unsetenv("CKPT_VULKAN_VALIDATION");
  unsetenv("CKPT_VULKAN_LOADER");
  TEST_RUN(test_missing_loader);
  TEST_RUN(test_library_that_is_not_a_loader);
  TEST_RUN(test_no_driver);
  TEST_RUN(test_device_choice_that_matches_nothing);
  TEST_RUN(test_validation_without_its_layer);
  return test_report();
}
