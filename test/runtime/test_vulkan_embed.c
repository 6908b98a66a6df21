/* A framework's own Vulkan device handed to ckpt (ckpt_context_options_t.vulkan), on
 * whatever device the loader finds (lavapipe here): the test creates the instance, device
 * and queue, runs a kernel through ckpt on them, checks the outcomes and memory, then
 * checks that ckpt left the device alive and usable after its context is destroyed.
 * Also the options the backend refuses: a queue family that does not exist, a queue index
 * past the family's queues; and a VkBuffer of the framework's registered as memref storage,
 * written by the kernel in place. Exits 77 (skipped) without a Vulkan device. */
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

/* A host-visible storage buffer of the framework's, mapped, holding words[i] = i. */
typedef struct framework_buffer_t {
  VkBuffer buffer;
  VkDeviceMemory memory;
  uint32_t *words;
} framework_buffer_t;

static bool framework_buffer_create(const framework_t *f, framework_buffer_t *b) {
  VkBufferCreateInfo info = {.sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO,
                             .size = EMBED_WORDS * sizeof(uint32_t),
                             .usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT};
  if (vkCreateBuffer(f->device, &info, NULL, &b->buffer) != VK_SUCCESS) return false;
  VkMemoryRequirements needs;
  vkGetBufferMemoryRequirements(f->device, b->buffer, &needs);
  VkPhysicalDeviceMemoryProperties memory;
  vkGetPhysicalDeviceMemoryProperties(f->physical_device, &memory);
  VkMemoryPropertyFlags wanted =
      VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
  uint32_t type = UINT32_MAX;
  for (uint32_t i = 0; i < memory.memoryTypeCount && type == UINT32_MAX; ++i)
    if ((needs.memoryTypeBits & (1u << i)) && (memory.memoryTypes[i].propertyFlags & wanted) == wanted)
      type = i;
  VkMemoryAllocateInfo allocate = {.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO,
                                   .allocationSize = needs.size,
                                   .memoryTypeIndex = type};
  if (type == UINT32_MAX ||
      vkAllocateMemory(f->device, &allocate, NULL, &b->memory) != VK_SUCCESS ||
      vkBindBufferMemory(f->device, b->buffer, b->memory, 0) != VK_SUCCESS ||
      vkMapMemory(f->device, b->memory, 0, VK_WHOLE_SIZE, 0, (void **)&b->words) != VK_SUCCESS)
    return false;
  for (int i = 0; i < EMBED_WORDS; ++i) b->words[i] = (uint32_t)i;
  return true;
}

static void framework_buffer_destroy(const framework_t *f, framework_buffer_t *b) {
  vkUnmapMemory(f->device, b->memory);
  vkFreeMemory(f->device, b->memory, NULL);
  vkDestroyBuffer(f->device, b->buffer, NULL);
}

/* The kernel works in the framework's buffer, through the pointer registration gave: no
 * mirror (the range is inaccessible to the host, so a copy from it would fault). */
static void test_registered_buffer_used_in_place(void) {
  framework_t f;
  if (!framework_start(&f, true)) return;
  framework_buffer_t b;
  CHECK(framework_buffer_create(&f, &b));
  ckpt_context_options_t options = framework_options(&f);
  ckpt_context_t *context = NULL;
  CHECK_STATUS(ckpt_context_create_with_options(&options, &context), CKPT_OK);
  void *pointer = NULL;
  CHECK_STATUS(ckpt_context_register_device_buffer(context, (uint64_t)(uintptr_t)b.buffer,
                                                   EMBED_WORDS * sizeof(uint32_t), &pointer),
               CKPT_OK);
  CHECK(pointer != NULL);
  plan_builder_t builder;
  ckpt_kernel_t *kernel = NULL;
  CHECK_STATUS(ckpt_kernel_create(context,
                                  embed_plan(&builder, embed_task_spirv, sizeof(embed_task_spirv)),
                                  &kernel),
               CKPT_OK);
  embed_args_t a;
  embed_args_init(&a);
  a.buffer = (memref1_t){pointer, pointer, 0, EMBED_WORDS, 1};
  a.flags[0] = 1;
  ckpt_outcome_t outcome;
  CHECK_STATUS(ckpt_kernel_launch(kernel, a.args, &outcome), CKPT_OK);
  CHECK(outcome.yielded && outcome.label == 10);
  CHECK(embed_words_are(b.words, 1));
  CHECK(embed_words_are(a.words, 0)); /* the host array the descriptor no longer names */
  a.flags[0] = 0;
  CHECK_STATUS(ckpt_kernel_resume(kernel, 10, a.args, &outcome), CKPT_OK);
  CHECK(!outcome.yielded);
  CHECK(embed_words_are(b.words, 12));
  /* A yield flag must stay host memory. */
  memref0_t flag_in_buffer = {pointer, pointer, 0};
  a.args[EMBED_FLAG_B] = &flag_in_buffer;
  CHECK_STATUS(ckpt_kernel_launch(kernel, a.args, &outcome), CKPT_ERROR_INVALID_ARGUMENT);
  CHECK_STR(ckpt_context_last_error(context),
            "the yield flag of checkpoint cp 1 of kernel 'embed' lies in a registered device "
            "buffer; on Vulkan the runtime reads flags from host memory: pass a host memref<i32>");
  CHECK_STATUS(ckpt_context_unregister_device_buffer(context, pointer), CKPT_OK);
  CHECK_STATUS(ckpt_context_unregister_device_buffer(context, pointer), CKPT_ERROR_INVALID_ARGUMENT);
  CHECK_CONTAINS(ckpt_context_last_error(context),
                 "is not a pointer ckpt_context_register_device_buffer gave this context");
  CHECK_STATUS(ckpt_context_register_device_buffer(context, 0, 64, &pointer),
               CKPT_ERROR_INVALID_ARGUMENT);
  CHECK_STR(ckpt_context_last_error(context),
            "registering a device buffer needs a handle and a size (got handle 0, 64 bytes)");
  ckpt_context_destroy(context);
  framework_buffer_destroy(&f, &b);
  framework_stop(&f);
}

/* The CPU target needs no registration. */
static void test_registration_refused_on_cpu(void) {
  ckpt_context_t *context = test_cpu_context();
  void *pointer = NULL;
  CHECK_STATUS(ckpt_context_register_device_buffer(context, 1, 64, &pointer),
               CKPT_ERROR_INVALID_ARGUMENT);
  CHECK_STR(ckpt_context_last_error(context),
            "the cpu target needs no device buffer registration: put the buffer's own pointer "
            "in the memref descriptor");
  ckpt_context_destroy(context);
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
  /* Never destroyed: the loader unloads the driver with the last instance, and a driver
   * unloaded before exit strands state LeakSanitizer reports (runtime/vulkan/vulkan_api.c
   * pins the drivers ckpt's own instances load for the same reason). */
  framework_t probe;
  if (!framework_start(&probe, false)) {
    printf("no Vulkan device: skipped\n");
    return 77;
  }
  TEST_RUN(test_caller_device_runs_kernels);
  TEST_RUN(test_caller_queue_checked);
  TEST_RUN(test_device_index_out_of_range);
  TEST_RUN(test_registered_buffer_used_in_place);
  TEST_RUN(test_registration_refused_on_cpu);
  return test_report();
}
