/* A framework's own Vulkan device handed to ckpt (ckpt_context_options_t.vulkan), on
 * whatever device the loader finds (lavapipe here): the test creates the instance, device
 * and queue, runs a kernel through ckpt on them, checks the outcomes and memory, then
 * checks that ckpt left the device alive and usable after its context is destroyed.
 * Also the options the backend refuses: a queue family that does not exist, a queue index
 * past the family's queues. Exits 77 (skipped) without a Vulkan device. */
#include <vulkan/vulkan.h>

#include "ckpt/ckpt.h"
#include "embed_task.spv.h"
#include "embed_world.h"
#include "test_util.h"

typedef struct framework_t {
  VkInstance instance;
  VkPhysicalDevice physical_device;
  VkDevice device;
  uint32_t family;
  bool conditional; /* the device was created with VK_EXT_conditional_rendering */
} framework_t;

static bool has_extension(VkPhysicalDevice device, const char *name) {
  uint32_t count = 0;
  vkEnumerateDeviceExtensionProperties(device, NULL, &count, NULL);
  VkExtensionProperties *extensions = calloc(count ? count : 1, sizeof(*extensions));
  bool found = false;
  vkEnumerateDeviceExtensionProperties(device, NULL, &count, extensions);
  for (uint32_t i = 0; i < count && !found; ++i)
    found = strcmp(extensions[i].extensionName, name) == 0;
  free(extensions);
  return found;
}

/* What a framework does on its own; false when there is no Vulkan device to use. */
static bool framework_start(framework_t *f, bool conditional) {
  memset(f, 0, sizeof(*f));
  VkApplicationInfo application = {.sType = VK_STRUCTURE_TYPE_APPLICATION_INFO,
                                   .pApplicationName = "framework",
                                   .apiVersion = VK_API_VERSION_1_1};
  VkInstanceCreateInfo instance = {.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO,
                                   .pApplicationInfo = &application};
  if (vkCreateInstance(&instance, NULL, &f->instance) != VK_SUCCESS) return false;
  uint32_t count = 1;
  VkResult result = vkEnumeratePhysicalDevices(f->instance, &count, &f->physical_device);
  if ((result != VK_SUCCESS && result != VK_INCOMPLETE) || count == 0) {
    vkDestroyInstance(f->instance, NULL);
    return false;
  }
  uint32_t families = 0;
  vkGetPhysicalDeviceQueueFamilyProperties(f->physical_device, &families, NULL);
  VkQueueFamilyProperties properties[16];
  if (families > 16) families = 16;
  vkGetPhysicalDeviceQueueFamilyProperties(f->physical_device, &families, properties);
  f->family = UINT32_MAX;
  for (uint32_t i = 0; i < families && f->family == UINT32_MAX; ++i)
    if (properties[i].queueFlags & VK_QUEUE_COMPUTE_BIT) f->family = i;
  if (f->family == UINT32_MAX) {
    vkDestroyInstance(f->instance, NULL);
    return false;
  }
  f->conditional =
      conditional && has_extension(f->physical_device, VK_EXT_CONDITIONAL_RENDERING_EXTENSION_NAME);
  VkPhysicalDeviceConditionalRenderingFeaturesEXT conditional_features = {
      .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_CONDITIONAL_RENDERING_FEATURES_EXT,
      .conditionalRendering = VK_TRUE};
  const char *extensions[] = {VK_EXT_CONDITIONAL_RENDERING_EXTENSION_NAME};
  float priority = 1.0f;
  VkDeviceQueueCreateInfo queue = {.sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO,
                                   .queueFamilyIndex = f->family,
                                   .queueCount = 1,
                                   .pQueuePriorities = &priority};
  VkDeviceCreateInfo device = {.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO,
                               .pNext = f->conditional ? &conditional_features : NULL,
                               .queueCreateInfoCount = 1,
                               .pQueueCreateInfos = &queue,
                               .enabledExtensionCount = f->conditional ? 1u : 0u,
                               .ppEnabledExtensionNames = extensions};
  if (vkCreateDevice(f->physical_device, &device, NULL, &f->device) != VK_SUCCESS) {
    vkDestroyInstance(f->instance, NULL);
    return false;
  }
  return true;
}

static void framework_stop(framework_t *f) {
  vkDestroyDevice(f->device, NULL);
  vkDestroyInstance(f->instance, NULL);
}

static ckpt_context_options_t framework_options(const framework_t *f) {
  ckpt_context_options_t options;
  ckpt_context_options_init(&options, CKPT_TARGET_VULKAN);
  options.vulkan.instance = f->instance;
  options.vulkan.physical_device = f->physical_device;
  options.vulkan.device = f->device;
  options.vulkan.queue_family_index = f->family;
  options.vulkan.queue_index = 0;
  options.vulkan.conditional_rendering_enabled = f->conditional;
  return options;
}

/* The device is still the framework's after ckpt is gone: it answers, and makes a buffer. */
static void check_device_alive(const framework_t *f) {
  CHECK_EQ(vkDeviceWaitIdle(f->device), VK_SUCCESS);
  VkBufferCreateInfo info = {.sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO,
                             .size = 64,
                             .usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT};
  VkBuffer buffer = VK_NULL_HANDLE;
  CHECK_EQ(vkCreateBuffer(f->device, &info, NULL, &buffer), VK_SUCCESS);
  vkDestroyBuffer(f->device, buffer, NULL);
}

/* Launch (yield at label 10 after its task), resume there, launch again to the end:
 * every word gains 1, then 1 + 10, then 1 + 10. */
static void run_kernel_on(const framework_t *f) {
  ckpt_context_options_t options = framework_options(f);
  ckpt_context_t *context = NULL;
  CHECK_STATUS(ckpt_context_create_with_options(&options, &context), CKPT_OK);
  CHECK_STR(ckpt_context_last_error(context), "");
  plan_builder_t builder;
  ckpt_kernel_t *kernel = NULL;
  CHECK_STATUS(ckpt_kernel_create(context,
                                  embed_plan(&builder, embed_task_spirv, sizeof(embed_task_spirv)),
                                  &kernel),
               CKPT_OK);
  if (!kernel) {
    fprintf(stderr, "kernel: %s\n", ckpt_context_last_error(context));
    ckpt_context_destroy(context);
    return;
  }
  embed_args_t a;
  embed_args_init(&a);
  a.flags[0] = 1;
  ckpt_outcome_t outcome;
  CHECK_STATUS(ckpt_kernel_launch(kernel, a.args, &outcome), CKPT_OK);
  CHECK(outcome.yielded);
  CHECK_EQ(outcome.label, 10);
  CHECK(embed_words_are(a.words, 1));
  a.flags[0] = 0;
  CHECK_STATUS(ckpt_kernel_resume(kernel, 10, a.args, &outcome), CKPT_OK);
  CHECK(!outcome.yielded);
  CHECK(embed_words_are(a.words, 12));
  CHECK_STATUS(ckpt_kernel_launch(kernel, a.args, &outcome), CKPT_OK);
  CHECK(!outcome.yielded);
  CHECK(embed_words_are(a.words, 23));
  ckpt_context_destroy(context);
  check_device_alive(f);
}

static void test_caller_device_runs_kernels(void) {
  for (int conditional = 0; conditional < 2; ++conditional) {
    framework_t f;
    if (!framework_start(&f, conditional)) continue;
    run_kernel_on(&f);
    framework_stop(&f);
  }
}

static void expect_refused(const framework_t *f, const ckpt_context_options_t *options,
                           const char *needle) {
  ckpt_context_t *context = NULL;
  CHECK_STATUS(ckpt_context_create_with_options(options, &context), CKPT_ERROR_INVALID_ARGUMENT);
  CHECK_CONTAINS(ckpt_context_last_error(context), needle);
  ckpt_context_destroy(context);
  check_device_alive(f);
}

static void test_caller_queue_checked(void) {
  framework_t f;
  if (!framework_start(&f, false)) return;
  ckpt_context_options_t options = framework_options(&f);
  options.vulkan.queue_family_index = 99;
  expect_refused(&f, &options, "options.vulkan.queue_family_index is 99 but the physical device "
                               "has fewer queue families");
  options = framework_options(&f);
  options.vulkan.queue_index = 1000;
  expect_refused(&f, &options, "options.vulkan.queue_index is 1000 but queue family");
  framework_stop(&f);
}

/* device_index picks among the devices ckpt finds itself, and says which exist. */
static void test_device_index_out_of_range(void) {
  ckpt_context_options_t options;
  ckpt_context_options_init(&options, CKPT_TARGET_VULKAN);
  options.device_index = 99;
  ckpt_context_t *context = NULL;
  CHECK_STATUS(ckpt_context_create_with_options(&options, &context), CKPT_ERROR_UNAVAILABLE);
  CHECK_CONTAINS(ckpt_context_last_error(context),
                 "options.device_index=99 matches no device with a compute queue; devices: 0: ");
  ckpt_context_destroy(context);
}

int main(void) {
  framework_t probe;
  if (!framework_start(&probe, false)) {
    printf("no Vulkan device: skipped\n");
    return 77;
  }
  framework_stop(&probe);
  TEST_RUN(test_caller_device_runs_kernels);
  TEST_RUN(test_caller_queue_checked);
  TEST_RUN(test_device_index_out_of_range);
  return test_report();
}
