/* The baseline row of ckpt-bench-vulkan: what an application would record by hand for
 * the benchmark's tasks, with no checkpoint machinery. Its buffers are device-local
 * (the gating state, left open, and the two scalars of each task are written once at
 * setup); a launch copies the work words into a host-visible staging buffer, submits one
 * command buffer (copy in, the tasks with a barrier between consecutive ones, copy back),
 * waits on a fence and copies the words out: the same host traffic as the runtime's
 * staged mirrors. */
#include "plain_vulkan.h"

#include <dlfcn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define VK_NO_PROTOTYPES
#include <vulkan/vulkan.h>

#define PLAIN_INSTANCE_FUNCTIONS(X)                                                                \
  X(vkDestroyInstance)                                                                             \
  X(vkEnumeratePhysicalDevices) X(vkGetPhysicalDeviceProperties)                                   \
      X(vkGetPhysicalDeviceQueueFamilyProperties) X(vkGetPhysicalDeviceMemoryProperties)           \
          X(vkCreateDevice) X(vkGetDeviceProcAddr) X(vkEnumerateDeviceExtensionProperties)
#define PLAIN_DEVICE_FUNCTIONS(X)                                                        \
  X(vkDestroyDevice) X(vkGetDeviceQueue) X(vkDeviceWaitIdle) X(vkCreateBuffer)           \
  X(vkDestroyBuffer) X(vkGetBufferMemoryRequirements) X(vkAllocateMemory) X(vkFreeMemory) \
  X(vkBindBufferMemory) X(vkMapMemory) X(vkCreateShaderModule) X(vkDestroyShaderModule)   \
  X(vkCreateDescriptorSetLayout) X(vkDestroyDescriptorSetLayout) X(vkCreatePipelineLayout) \
  X(vkDestroyPipelineLayout) X(vkCreateComputePipelines) X(vkDestroyPipeline)             \
  X(vkCreateDescriptorPool) X(vkDestroyDescriptorPool) X(vkAllocateDescriptorSets)        \
  X(vkUpdateDescriptorSets) X(vkCreateCommandPool) X(vkDestroyCommandPool)                \
  X(vkAllocateCommandBuffers) X(vkBeginCommandBuffer) X(vkEndCommandBuffer)               \
  X(vkCmdBindPipeline) X(vkCmdBindDescriptorSets) X(vkCmdDispatch) X(vkCmdCopyBuffer)     \
  X(vkCmdDispatchIndirect)                                                               \
  X(vkCmdPipelineBarrier) X(vkCreateFence) X(vkDestroyFence) X(vkResetFences)             \
  X(vkWaitForFences) X(vkQueueSubmit) X(vkCreateQueryPool) X(vkDestroyQueryPool)         \
  X(vkCmdResetQueryPool) X(vkCmdWriteTimestamp) X(vkGetQueryPoolResults)

/* state, work, scalars, indirect arguments (device-local), staging (host) */
enum { BUFFERS = 5 };

struct plain_vulkan_t {
  void *library;
  PFN_vkGetInstanceProcAddr vkGetInstanceProcAddr;
  PFN_vkCreateInstance vkCreateInstance;
#define PLAIN_DECLARE(name) PFN_##name name;
  PLAIN_INSTANCE_FUNCTIONS(PLAIN_DECLARE)
  PLAIN_DEVICE_FUNCTIONS(PLAIN_DECLARE)
#undef PLAIN_DECLARE
  VkInstance instance;
  VkPhysicalDevice physical;
  VkPhysicalDeviceProperties properties;
  VkPhysicalDeviceMemoryProperties memory_properties;
  VkDevice device;
  VkQueue queue;
  VkBuffer buffers[BUFFERS];
  VkDeviceMemory memories[BUFFERS];
  VkMemoryPropertyFlags memory_flags[BUFFERS];
  bool conditional_rendering; /* VK_EXT_conditional_rendering enabled on the device */
  uint32_t *staging;
  VkShaderModule module;
  VkDescriptorSetLayout set_layout;
  VkPipelineLayout layout;
  VkPipeline pipeline;
  VkDescriptorPool pool;
  VkCommandPool command_pool;
  VkCommandBuffer commands;
  VkCommandBuffer indirect; /* the same with indirect dispatches, as the runtime's */
  /* Indirect dispatches with no copies (the work words stay on the device, as across the
   * runtime's queued launches): with a host barrier at each end, or with the runtime's
   * segment barriers (ckpt_vulkan_record_segment_into's first and last). */
  VkCommandBuffer resident[2];
  VkCommandBuffer copy_in, copy_out; /* around a batch of them */
  VkCommandBuffer empty; /* nothing in it: what a submission and its fence wait cost */
  VkFence fence;
  /* plain_vulkan_run_queued with a fence each: a ring of them, as ckpt's queue slots */
  VkFence ring[PLAIN_VULKAN_FENCE_RING];
  size_t work_bytes;
  /* plain_vulkan_run_timed: two timestamps, written by command buffers of their own that
   * go first and last in the submission (the launch's own are submitted simultaneously
   * by plain_vulkan_run_queued, which one query pool cannot serve). VK_NULL_HANDLE where
   * the queue has no timestamps. */
  VkQueryPool timestamps;
  VkCommandBuffer timestamp_commands[2];
  uint64_t timestamp_mask;
};

enum { STATE = 0, WORK = 1, SCALARS = 2, STAGING = 3, INDIRECT = 4 };

static int fail(const char *call, VkResult result) {
  fprintf(stderr, "plain_vulkan: %s failed (%d)\n", call, (int)result);
  return 1;
}

static int rank_of(VkPhysicalDeviceType type) {
  switch (type) {
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU: return 4;
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU: return 3;
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU: return 2;
    case VK_PHYSICAL_DEVICE_TYPE_CPU: return 0;
    default: return 1;
  }
}

/* Where a buffer lives: device-local only; host-visible and coherent, cached where there
 * is such a type (staging); or host-visible and coherent, device-local where there is such
 * a type (mapped: how the runtime places its gating state, scalars and control words). */
typedef enum { MEMORY_DEVICE, MEMORY_STAGING, MEMORY_MAPPED } memory_kind_t;

static uint32_t memory_type(const plain_vulkan_t *p, uint32_t bits, memory_kind_t kind) {
  VkMemoryPropertyFlags want = kind == MEMORY_DEVICE ? VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT
                                                     : VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT |
                                                           VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
  VkMemoryPropertyFlags better = kind == MEMORY_STAGING  ? VK_MEMORY_PROPERTY_HOST_CACHED_BIT
                                 : kind == MEMORY_MAPPED ? VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT
                                                         : 0;
  for (int pass = 0; pass < 2; ++pass) {
    VkMemoryPropertyFlags flags = want | (pass == 0 ? better : 0);
    for (uint32_t i = 0; i < p->memory_properties.memoryTypeCount; ++i)
      if ((bits & (1u << i)) &&
          (p->memory_properties.memoryTypes[i].propertyFlags & flags) == flags)
        return i;
  }
  return 0;
}

static int create_buffer(plain_vulkan_t *p, int which, VkDeviceSize size, memory_kind_t kind) {
  VkBufferCreateInfo info = {
      .sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO,
      .size = size,
      .usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT |
               VK_BUFFER_USAGE_TRANSFER_DST_BIT | VK_BUFFER_USAGE_INDIRECT_BUFFER_BIT,
  };
  VkResult result = p->vkCreateBuffer(p->device, &info, NULL, &p->buffers[which]);
  if (result != VK_SUCCESS) return fail("vkCreateBuffer", result);
  VkMemoryRequirements requirements;
  p->vkGetBufferMemoryRequirements(p->device, p->buffers[which], &requirements);
  uint32_t type = memory_type(p, requirements.memoryTypeBits, kind);
  p->memory_flags[which] = p->memory_properties.memoryTypes[type].propertyFlags;
  VkMemoryAllocateInfo allocate = {
      .sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO,
      .allocationSize = requirements.size,
      .memoryTypeIndex = type,
  };
  result = p->vkAllocateMemory(p->device, &allocate, NULL, &p->memories[which]);
  if (result == VK_SUCCESS)
    result = p->vkBindBufferMemory(p->device, p->buffers[which], p->memories[which], 0);
  if (result != VK_SUCCESS) return fail("vkAllocateMemory", result);
  return 0;
}

static void barrier(VkCommandBuffer commands, plain_vulkan_t *p, VkPipelineStageFlags from,
                    VkAccessFlags from_access, VkPipelineStageFlags to, VkAccessFlags to_access) {
  VkMemoryBarrier memory = {VK_STRUCTURE_TYPE_MEMORY_BARRIER, NULL, from_access, to_access};
  p->vkCmdPipelineBarrier(commands, from, to, 0, 1, &memory, 0, NULL, 0, NULL);
}

static int create_timestamps(plain_vulkan_t *p) {
  VkQueryPoolCreateInfo pool = {.sType = VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO,
                                .queryType = VK_QUERY_TYPE_TIMESTAMP,
                                .queryCount = 2};
  VkResult result = p->vkCreateQueryPool(p->device, &pool, NULL, &p->timestamps);
  if (result != VK_SUCCESS) return fail("vkCreateQueryPool", result);
  VkCommandBufferAllocateInfo allocate = {.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO,
                                          .commandPool = p->command_pool,
                                          .level = VK_COMMAND_BUFFER_LEVEL_PRIMARY,
                                          .commandBufferCount = 2};
  result = p->vkAllocateCommandBuffers(p->device, &allocate, p->timestamp_commands);
  if (result != VK_SUCCESS) return fail("vkAllocateCommandBuffers", result);
  VkCommandBufferBeginInfo begin = {.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
  p->vkBeginCommandBuffer(p->timestamp_commands[0], &begin);
  p->vkCmdResetQueryPool(p->timestamp_commands[0], p->timestamps, 0, 2);
  p->vkCmdWriteTimestamp(p->timestamp_commands[0], VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT,
                         p->timestamps, 0);
  p->vkEndCommandBuffer(p->timestamp_commands[0]);
  p->vkBeginCommandBuffer(p->timestamp_commands[1], &begin);
  p->vkCmdWriteTimestamp(p->timestamp_commands[1], VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT,
                         p->timestamps, 1);
  p->vkEndCommandBuffer(p->timestamp_commands[1]);
  return 0;
}

/* Whether the device offers VK_EXT_conditional_rendering. */
static bool offers_conditional_rendering(plain_vulkan_t *p) {
  VkExtensionProperties extensions[512];
  uint32_t count = 512;
  if (p->vkEnumerateDeviceExtensionProperties(p->physical, NULL, &count, extensions) < 0)
    return false;
  for (uint32_t i = 0; i < count; ++i)
    if (strcmp(extensions[i].extensionName, VK_EXT_CONDITIONAL_RENDERING_EXTENSION_NAME) == 0)
      return true;
  return false;
}

/* `conditional_rendering`: enable VK_EXT_conditional_rendering where the device offers it,
 * as the runtime does for its conditional mode, though nothing here uses it. */
static int start_device(plain_vulkan_t *p, bool conditional_rendering) {
  p->library = dlopen("libvulkan.so.1", RTLD_NOW | RTLD_LOCAL);
  if (!p->library) return 77;
  void *symbol = dlsym(p->library, "vkGetInstanceProcAddr");
  memcpy(&p->vkGetInstanceProcAddr, &symbol, sizeof(symbol));
  if (!p->vkGetInstanceProcAddr) return 77;
  p->vkCreateInstance = (PFN_vkCreateInstance)p->vkGetInstanceProcAddr(NULL, "vkCreateInstance");
  VkApplicationInfo application = {.sType = VK_STRUCTURE_TYPE_APPLICATION_INFO,
                                   .apiVersion = VK_API_VERSION_1_1};
  VkInstanceCreateInfo info = {.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO,
                               .pApplicationInfo = &application};
  if (!p->vkCreateInstance || p->vkCreateInstance(&info, NULL, &p->instance) != VK_SUCCESS)
    return 77;
#define PLAIN_LOAD_INSTANCE(name) \
  p->name = (PFN_##name)p->vkGetInstanceProcAddr(p->instance, #name);
  PLAIN_INSTANCE_FUNCTIONS(PLAIN_LOAD_INSTANCE)
#undef PLAIN_LOAD_INSTANCE
  VkPhysicalDevice devices[16];
  uint32_t count = 16;
  if (p->vkEnumeratePhysicalDevices(p->instance, &count, devices) < 0 || count == 0) return 77;
  const char *wanted = getenv("CKPT_VULKAN_DEVICE");
  int best = -1;
  for (uint32_t i = 0; i < count; ++i) {
    VkPhysicalDeviceProperties properties;
    p->vkGetPhysicalDeviceProperties(devices[i], &properties);
    int rank = wanted && *wanted ? (strstr(properties.deviceName, wanted) ? 1 : -1)
                                 : rank_of(properties.deviceType);
    if (rank > best) {
      best = rank;
      p->physical = devices[i];
      p->properties = properties;
    }
  }
  if (best < 0) return 77;
  p->vkGetPhysicalDeviceMemoryProperties(p->physical, &p->memory_properties);
  VkQueueFamilyProperties families[16];
  count = 16;
  p->vkGetPhysicalDeviceQueueFamilyProperties(p->physical, &count, families);
  uint32_t family = 0;
  while (family < count && !(families[family].queueFlags & VK_QUEUE_COMPUTE_BIT)) ++family;
  if (family == count) return 77;
  uint32_t valid_bits = families[family].timestampValidBits;
  p->timestamp_mask = valid_bits >= 64 ? UINT64_MAX : (UINT64_C(1) << valid_bits) - 1;
  float priority = 1.0f;
  VkDeviceQueueCreateInfo queue = {.sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO,
                                   .queueFamilyIndex = family,
                                   .queueCount = 1,
                                   .pQueuePriorities = &priority};
  VkDeviceCreateInfo device = {.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO,
                               .queueCreateInfoCount = 1,
                               .pQueueCreateInfos = &queue};
  VkPhysicalDeviceConditionalRenderingFeaturesEXT conditional = {
      .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_CONDITIONAL_RENDERING_FEATURES_EXT,
      .conditionalRendering = VK_TRUE};
  const char *extension = VK_EXT_CONDITIONAL_RENDERING_EXTENSION_NAME;
  p->conditional_rendering = conditional_rendering && offers_conditional_rendering(p);
  if (p->conditional_rendering) {
    device.pNext = &conditional;
    device.enabledExtensionCount = 1;
    device.ppEnabledExtensionNames = &extension;
  }
  VkResult result = p->vkCreateDevice(p->physical, &device, NULL, &p->device);
  if (result != VK_SUCCESS) return fail("vkCreateDevice", result);
#define PLAIN_LOAD_DEVICE(name) p->name = (PFN_##name)p->vkGetDeviceProcAddr(p->device, #name);
  PLAIN_DEVICE_FUNCTIONS(PLAIN_LOAD_DEVICE)
#undef PLAIN_LOAD_DEVICE
  p->vkGetDeviceQueue(p->device, family, 0, &p->queue);
  VkCommandPoolCreateInfo pool = {.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO,
                                  .queueFamilyIndex = family};
  result = p->vkCreateCommandPool(p->device, &pool, NULL, &p->command_pool);
  if (result != VK_SUCCESS) return fail("vkCreateCommandPool", result);
  VkCommandBufferAllocateInfo allocate = {.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO,
                                          .commandPool = p->command_pool,
                                          .level = VK_COMMAND_BUFFER_LEVEL_PRIMARY,
                                          .commandBufferCount = 1};
  result = p->vkAllocateCommandBuffers(p->device, &allocate, &p->commands);
  if (result == VK_SUCCESS) result = p->vkAllocateCommandBuffers(p->device, &allocate, &p->empty);
  if (result == VK_SUCCESS)
    result = p->vkAllocateCommandBuffers(p->device, &allocate, &p->indirect);
  for (int i = 0; i < 2 && result == VK_SUCCESS; ++i)
    result = p->vkAllocateCommandBuffers(p->device, &allocate, &p->resident[i]);
  if (result == VK_SUCCESS)
    result = p->vkAllocateCommandBuffers(p->device, &allocate, &p->copy_in);
  if (result == VK_SUCCESS)
    result = p->vkAllocateCommandBuffers(p->device, &allocate, &p->copy_out);
  if (result != VK_SUCCESS) return fail("vkAllocateCommandBuffers", result);
  VkCommandBufferBeginInfo begin = {.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
  p->vkBeginCommandBuffer(p->empty, &begin);
  p->vkEndCommandBuffer(p->empty);
  VkFenceCreateInfo fence = {.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
  result = p->vkCreateFence(p->device, &fence, NULL, &p->fence);
  for (int i = 0; result == VK_SUCCESS && i < PLAIN_VULKAN_FENCE_RING; ++i)
    result = p->vkCreateFence(p->device, &fence, NULL, &p->ring[i]);
  if (result != VK_SUCCESS) return fail("vkCreateFence", result);
  return valid_bits > 0 && p->properties.limits.timestampPeriod > 0 ? create_timestamps(p) : 0;
}

static int create_pipeline(plain_vulkan_t *p, const uint32_t *spirv, size_t spirv_bytes) {
  VkShaderModuleCreateInfo module = {.sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO,
                                     .codeSize = spirv_bytes,
                                     .pCode = spirv};
  VkResult result = p->vkCreateShaderModule(p->device, &module, NULL, &p->module);
  if (result != VK_SUCCESS) return fail("vkCreateShaderModule", result);
  VkDescriptorSetLayoutBinding bindings[4];
  for (uint32_t i = 0; i < 4; ++i)
    bindings[i] = (VkDescriptorSetLayoutBinding){i, VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 1,
                                                 VK_SHADER_STAGE_COMPUTE_BIT, NULL};
  VkDescriptorSetLayoutCreateInfo set = {.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO,
                                         .bindingCount = 4,
                                         .pBindings = bindings};
  result = p->vkCreateDescriptorSetLayout(p->device, &set, NULL, &p->set_layout);
  if (result != VK_SUCCESS) return fail("vkCreateDescriptorSetLayout", result);
  VkPipelineLayoutCreateInfo layout = {.sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO,
                                       .setLayoutCount = 1,
                                       .pSetLayouts = &p->set_layout};
  result = p->vkCreatePipelineLayout(p->device, &layout, NULL, &p->layout);
  if (result != VK_SUCCESS) return fail("vkCreatePipelineLayout", result);
  VkComputePipelineCreateInfo pipeline = {
      .sType = VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO,
      .stage = {.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO,
                .stage = VK_SHADER_STAGE_COMPUTE_BIT,
                .module = p->module,
                .pName = "main"},
      .layout = p->layout,
  };
  result = p->vkCreateComputePipelines(p->device, VK_NULL_HANDLE, 1, &pipeline, NULL,
                                       &p->pipeline);
  return result == VK_SUCCESS ? 0 : fail("vkCreateComputePipelines", result);
}

static int submit_and_wait(plain_vulkan_t *p, VkCommandBuffer commands) {
  VkSubmitInfo submit = {.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO,
                         .commandBufferCount = 1,
                         .pCommandBuffers = &commands};
  VkResult result = p->vkQueueSubmit(p->queue, 1, &submit, p->fence);
  if (result == VK_SUCCESS)
    result = p->vkWaitForFences(p->device, 1, &p->fence, VK_TRUE, UINT64_MAX);
  if (result == VK_SUCCESS) result = p->vkResetFences(p->device, 1, &p->fence);
  return result == VK_SUCCESS ? 0 : fail("vkQueueSubmit/vkWaitForFences", result);
}

/* Writes the gating state and the scalars once, through the staging buffer. */
static int initialise(plain_vulkan_t *p, int tasks, int tasks_per_checkpoint,
                      VkDeviceSize stride) {
  memset(p->staging, 0, p->work_bytes);
  int32_t state[4] = {-1, 0, -1, 0}; /* no resume point, not yielded */
  uint32_t one_workgroup[3] = {1, 1, 1};
  memcpy(p->staging, state, sizeof(state));
  memcpy((unsigned char *)p->staging + 32, one_workgroup, sizeof(one_workgroup));
  unsigned char *scalars = (unsigned char *)p->staging + 64;
  for (int t = 0; t < tasks; ++t) {
    int32_t gate = t / tasks_per_checkpoint, task = t;
    memcpy(scalars + (size_t)(2 * t) * stride, &gate, sizeof(gate));
    memcpy(scalars + (size_t)(2 * t + 1) * stride, &task, sizeof(task));
  }
  VkCommandBufferBeginInfo begin = {.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
  p->vkBeginCommandBuffer(p->commands, &begin);
  VkBufferCopy state_copy = {0, 0, sizeof(state)};
  VkBufferCopy scalar_copy = {64, 0, (VkDeviceSize)(2 * tasks) * stride};
  VkBufferCopy indirect_copy = {32, 0, sizeof(one_workgroup)};
  p->vkCmdCopyBuffer(p->commands, p->buffers[STAGING], p->buffers[INDIRECT], 1, &indirect_copy);
  p->vkCmdCopyBuffer(p->commands, p->buffers[STAGING], p->buffers[STATE], 1, &state_copy);
  p->vkCmdCopyBuffer(p->commands, p->buffers[STAGING], p->buffers[SCALARS], 1, &scalar_copy);
  p->vkEndCommandBuffer(p->commands);
  return submit_and_wait(p, p->commands);
}

/* Into `c`, begun: the work words from the staging buffer to the device (`in`) or back,
 * between barriers. */
static void cmd_copy(plain_vulkan_t *p, VkCommandBuffer c, bool in) {
  VkBufferCopy copy = {0, 0, p->work_bytes};
  VkAccessFlags shader = VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT;
  if (in) {
    barrier(c, p, VK_PIPELINE_STAGE_HOST_BIT, VK_ACCESS_HOST_WRITE_BIT,
            VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_READ_BIT);
    p->vkCmdCopyBuffer(c, p->buffers[STAGING], p->buffers[WORK], 1, &copy);
    barrier(c, p, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
            VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, shader);
  } else {
    barrier(c, p, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_WRITE_BIT,
            VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_READ_BIT);
    p->vkCmdCopyBuffer(c, p->buffers[WORK], p->buffers[STAGING], 1, &copy);
    barrier(c, p, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
            VK_PIPELINE_STAGE_HOST_BIT, VK_ACCESS_HOST_READ_BIT);
  }
}

/* Into `c`, begun: the tasks, a barrier between consecutive ones, each dispatch indirect
 * (one workgroup, read from a device-local buffer written at setup) when `indirect`. */
static void cmd_tasks(plain_vulkan_t *p, VkCommandBuffer c, VkDescriptorSet *sets, int tasks,
                      bool indirect) {
  p->vkCmdBindPipeline(c, VK_PIPELINE_BIND_POINT_COMPUTE, p->pipeline);
  for (int t = 0; t < tasks; ++t) {
    if (t > 0)
      barrier(c, p, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_WRITE_BIT,
              VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
              VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT);
    p->vkCmdBindDescriptorSets(c, VK_PIPELINE_BIND_POINT_COMPUTE, p->layout, 0, 1, &sets[t], 0,
                               NULL);
    if (indirect)
      p->vkCmdDispatchIndirect(c, p->buffers[INDIRECT], 0);
    else
      p->vkCmdDispatch(c, 1, 1, 1);
  }
}

/* plain_vulkan_run_queued and plain_vulkan_run_resident submit these again while they are
 * pending. */
static void begin_reused(plain_vulkan_t *p, VkCommandBuffer c) {
  VkCommandBufferBeginInfo begin = {.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO,
                                    .flags = VK_COMMAND_BUFFER_USAGE_SIMULTANEOUS_USE_BIT};
  p->vkBeginCommandBuffer(c, &begin);
}

/* The launch: copy in, the tasks, copy back. */
static void record(plain_vulkan_t *p, VkCommandBuffer c, VkDescriptorSet *sets, int tasks,
                   bool indirect) {
  begin_reused(p, c);
  cmd_copy(p, c, true);
  cmd_tasks(p, c, sets, tasks, indirect);
  cmd_copy(p, c, false);
  p->vkEndCommandBuffer(c);
}

/* A copy alone, around a batch of the tasks alone. */
static void record_copy(plain_vulkan_t *p, VkCommandBuffer c, bool in) {
  VkCommandBufferBeginInfo begin = {.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
  p->vkBeginCommandBuffer(c, &begin);
  cmd_copy(p, c, in);
  p->vkEndCommandBuffer(c);
}

/* The tasks alone (see plain_vulkan_t::resident), indirect, with a host barrier at each
 * end or with `runtime_barriers` the runtime's segment barriers. */
static void record_resident(plain_vulkan_t *p, VkCommandBuffer c, VkDescriptorSet *sets, int tasks,
                            bool runtime_barriers) {
  begin_reused(p, c);
  VkAccessFlags shader = VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT;
  if (runtime_barriers)
    barrier(c, p,
            VK_PIPELINE_STAGE_HOST_BIT | VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT |
                VK_PIPELINE_STAGE_TRANSFER_BIT | VK_PIPELINE_STAGE_DRAW_INDIRECT_BIT,
            VK_ACCESS_HOST_WRITE_BIT | VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT,
            VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_DRAW_INDIRECT_BIT,
            shader | VK_ACCESS_INDIRECT_COMMAND_READ_BIT);
  else
    barrier(c, p, VK_PIPELINE_STAGE_HOST_BIT, VK_ACCESS_HOST_WRITE_BIT,
            VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, shader);
  cmd_tasks(p, c, sets, tasks, true);
  barrier(c, p, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_WRITE_BIT,
          VK_PIPELINE_STAGE_HOST_BIT, VK_ACCESS_HOST_READ_BIT);
  p->vkEndCommandBuffer(c);
}

int plain_vulkan_create(plain_vulkan_t **out_plain, const uint32_t *spirv, size_t spirv_bytes,
                        int tasks, int tasks_per_checkpoint, int lanes,
                        plain_vulkan_options_t options) {
  plain_vulkan_t *p = calloc(1, sizeof(*p));
  *out_plain = p;
  if (!p) return 1;
  int status = start_device(p, options.conditional_rendering);
  if (status == 0) status = create_pipeline(p, spirv, spirv_bytes);
  VkDeviceSize stride = p->properties.limits.minStorageBufferOffsetAlignment;
  if (stride < 16) stride = 16;
  p->work_bytes = (size_t)tasks * (size_t)lanes * sizeof(uint32_t);
  VkDeviceSize staging_bytes = 64 + (VkDeviceSize)(2 * tasks) * stride;
  if (staging_bytes < p->work_bytes) staging_bytes = p->work_bytes;
  memory_kind_t control = options.mapped_control ? MEMORY_MAPPED : MEMORY_DEVICE;
  if (status == 0)
    status = create_buffer(p, STATE, 16, control);
  if (status == 0)
    status = create_buffer(p, WORK, p->work_bytes, MEMORY_DEVICE);
  if (status == 0)
    status = create_buffer(p, SCALARS, (VkDeviceSize)(2 * tasks) * stride, control);
  if (status == 0)
    status = create_buffer(p, STAGING, staging_bytes, MEMORY_STAGING);
  if (status == 0)
    status = create_buffer(p, INDIRECT, 16, control);
  if (status == 0) {
    void *mapped = NULL;
    VkResult result = p->vkMapMemory(p->device, p->memories[STAGING], 0, VK_WHOLE_SIZE, 0, &mapped);
    p->staging = mapped;
    if (result != VK_SUCCESS) status = fail("vkMapMemory", result);
  }
  if (status == 0) status = initialise(p, tasks, tasks_per_checkpoint, stride);
  VkDescriptorSet *sets = calloc((size_t)tasks, sizeof(*sets));
  VkDescriptorSetLayout *layouts = calloc((size_t)tasks, sizeof(*layouts));
  if (status == 0 && (!sets || !layouts)) status = 1;
  if (status == 0) {
    VkDescriptorPoolSize size = {VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, (uint32_t)(4 * tasks)};
    VkDescriptorPoolCreateInfo pool = {.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO,
                                       .maxSets = (uint32_t)tasks,
                                       .poolSizeCount = 1,
                                       .pPoolSizes = &size};
    VkResult result = p->vkCreateDescriptorPool(p->device, &pool, NULL, &p->pool);
    for (int t = 0; t < tasks; ++t) layouts[t] = p->set_layout;
    VkDescriptorSetAllocateInfo allocate = {.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO,
                                            .descriptorPool = p->pool,
                                            .descriptorSetCount = (uint32_t)tasks,
                                            .pSetLayouts = layouts};
    if (result == VK_SUCCESS) result = p->vkAllocateDescriptorSets(p->device, &allocate, sets);
    if (result != VK_SUCCESS) status = fail("vkAllocateDescriptorSets", result);
  }
  for (int t = 0; status == 0 && t < tasks; ++t) {
    VkDescriptorBufferInfo infos[4] = {
        {p->buffers[STATE], 0, 16},
        {p->buffers[WORK], 0, p->work_bytes},
        {p->buffers[SCALARS], (VkDeviceSize)(2 * t) * stride, 4},
        {p->buffers[SCALARS], (VkDeviceSize)(2 * t + 1) * stride, 4},
    };
    VkWriteDescriptorSet writes[4];
    for (uint32_t i = 0; i < 4; ++i)
      writes[i] = (VkWriteDescriptorSet){.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET,
                                         .dstSet = sets[t],
                                         .dstBinding = i,
                                         .descriptorCount = 1,
                                         .descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
                                         .pBufferInfo = &infos[i]};
    p->vkUpdateDescriptorSets(p->device, 4, writes, 0, NULL);
  }
  if (status == 0) {
    record(p, p->commands, sets, tasks, false);
    record(p, p->indirect, sets, tasks, true);
    record_resident(p, p->resident[0], sets, tasks, false);
    record_resident(p, p->resident[1], sets, tasks, true);
    record_copy(p, p->copy_in, true);
    record_copy(p, p->copy_out, false);
  }
  free(sets);
  free(layouts);
  return status;
}

int plain_vulkan_run(plain_vulkan_t *p, uint32_t *words, bool indirect) {
  memcpy(p->staging, words, p->work_bytes);
  int status = submit_and_wait(p, indirect ? p->indirect : p->commands);
  memcpy(words, p->staging, p->work_bytes);
  return status;
}

static double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

int plain_vulkan_run_queued(plain_vulkan_t *p, uint32_t *words, bool indirect, int count,
                            bool fence_each, double *out_submitted_us) {
  double start = now_us();
  memcpy(p->staging, words, p->work_bytes);
  VkCommandBuffer commands = indirect ? p->indirect : p->commands;
  VkSubmitInfo submit = {.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO,
                         .commandBufferCount = 1,
                         .pCommandBuffers = &commands};
  VkResult result = VK_SUCCESS;
  VkFence last = p->fence;
  for (int i = 0; result == VK_SUCCESS && i < count; ++i) {
    VkFence fence = i + 1 == count ? p->fence : VK_NULL_HANDLE;
    if (fence_each) {
      /* As ckpt's queue: a slot's fence is waited for before the slot is used again. */
      fence = last = p->ring[i % PLAIN_VULKAN_FENCE_RING];
      if (i >= PLAIN_VULKAN_FENCE_RING)
        result = p->vkWaitForFences(p->device, 1, &fence, VK_TRUE, UINT64_MAX);
      if (result == VK_SUCCESS && i >= PLAIN_VULKAN_FENCE_RING)
        result = p->vkResetFences(p->device, 1, &fence);
    }
    if (result == VK_SUCCESS) result = p->vkQueueSubmit(p->queue, 1, &submit, fence);
  }
  if (out_submitted_us) *out_submitted_us = now_us() - start;
  if (result == VK_SUCCESS) result = p->vkWaitForFences(p->device, 1, &last, VK_TRUE, UINT64_MAX);
  if (fence_each) {
    /* Every fence of the ring back to unsignalled, for the next batch. */
    int used = count < PLAIN_VULKAN_FENCE_RING ? count : PLAIN_VULKAN_FENCE_RING;
    if (result == VK_SUCCESS) result = p->vkWaitForFences(p->device, (uint32_t)used, p->ring, VK_TRUE, UINT64_MAX);
    if (result == VK_SUCCESS) result = p->vkResetFences(p->device, (uint32_t)used, p->ring);
  } else if (result == VK_SUCCESS) {
    result = p->vkResetFences(p->device, 1, &p->fence);
  }
  memcpy(words, p->staging, p->work_bytes);
  return result == VK_SUCCESS ? 0 : fail("vkQueueSubmit/vkWaitForFences", result);
}

int plain_vulkan_run_resident(plain_vulkan_t *p, uint32_t *words, int count, bool runtime_barriers,
                              double *out_submitted_us) {
  double start = now_us();
  memcpy(p->staging, words, p->work_bytes);
  VkSubmitInfo submit = {.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO,
                         .commandBufferCount = 1,
                         .pCommandBuffers = &p->copy_in};
  VkResult result = p->vkQueueSubmit(p->queue, 1, &submit, VK_NULL_HANDLE);
  submit.pCommandBuffers = &p->resident[runtime_barriers ? 1 : 0];
  for (int i = 0; result == VK_SUCCESS && i < count; ++i)
    result = p->vkQueueSubmit(p->queue, 1, &submit, VK_NULL_HANDLE);
  submit.pCommandBuffers = &p->copy_out;
  if (result == VK_SUCCESS)
    result = p->vkQueueSubmit(p->queue, 1, &submit, p->fence);
  if (out_submitted_us)
    *out_submitted_us = now_us() - start;
  if (result == VK_SUCCESS)
    result = p->vkWaitForFences(p->device, 1, &p->fence, VK_TRUE, UINT64_MAX);
  if (result == VK_SUCCESS)
    result = p->vkResetFences(p->device, 1, &p->fence);
  memcpy(words, p->staging, p->work_bytes);
  return result == VK_SUCCESS ? 0 : fail("vkQueueSubmit/vkWaitForFences", result);
}

int plain_vulkan_run_timed(plain_vulkan_t *p, uint32_t *words, bool indirect,
                           double *out_device_us) {
  *out_device_us = -1;
  if (!p->timestamps) return plain_vulkan_run(p, words, indirect);
  memcpy(p->staging, words, p->work_bytes);
  VkCommandBuffer commands[3] = {p->timestamp_commands[0], indirect ? p->indirect : p->commands,
                                 p->timestamp_commands[1]};
  VkSubmitInfo submit = {.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO,
                         .commandBufferCount = 3,
                         .pCommandBuffers = commands};
  VkResult result = p->vkQueueSubmit(p->queue, 1, &submit, p->fence);
  if (result == VK_SUCCESS)
    result = p->vkWaitForFences(p->device, 1, &p->fence, VK_TRUE, UINT64_MAX);
  if (result == VK_SUCCESS) result = p->vkResetFences(p->device, 1, &p->fence);
  memcpy(words, p->staging, p->work_bytes);
  if (result != VK_SUCCESS) return fail("vkQueueSubmit/vkWaitForFences", result);
  uint64_t ticks[2];
  result = p->vkGetQueryPoolResults(p->device, p->timestamps, 0, 2, sizeof(ticks), ticks,
                                    sizeof(ticks[0]),
                                    VK_QUERY_RESULT_64_BIT | VK_QUERY_RESULT_WAIT_BIT);
  if (result != VK_SUCCESS) return fail("vkGetQueryPoolResults", result);
  *out_device_us = (double)((ticks[1] - ticks[0]) & p->timestamp_mask) *
                   p->properties.limits.timestampPeriod / 1e3;
  return 0;
}

int plain_vulkan_run_empty(plain_vulkan_t *p) { return submit_and_wait(p, p->empty); }

const char *plain_vulkan_device_name(const plain_vulkan_t *p) {
  return p->properties.deviceName;
}

bool plain_vulkan_conditional_rendering(const plain_vulkan_t *p) {
  return p->conditional_rendering;
}

void plain_vulkan_control_memory(const plain_vulkan_t *p, char *out, size_t size) {
  VkMemoryPropertyFlags flags = p->memory_flags[INDIRECT];
  snprintf(out, size, "%s%s%s%s",
           flags & VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT ? "device-local" : "system memory",
           flags & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT ? ", host-visible" : "",
           flags & VK_MEMORY_PROPERTY_HOST_COHERENT_BIT ? ", coherent" : "",
           flags & VK_MEMORY_PROPERTY_HOST_CACHED_BIT ? ", cached" : "");
}

void plain_vulkan_destroy(plain_vulkan_t *p) {
  if (!p) return;
  if (p->device) {
    p->vkDeviceWaitIdle(p->device);
    if (p->fence) p->vkDestroyFence(p->device, p->fence, NULL);
    for (int i = 0; i < PLAIN_VULKAN_FENCE_RING; ++i)
      if (p->ring[i]) p->vkDestroyFence(p->device, p->ring[i], NULL);
    if (p->timestamps) p->vkDestroyQueryPool(p->device, p->timestamps, NULL);
    if (p->command_pool) p->vkDestroyCommandPool(p->device, p->command_pool, NULL);
    if (p->pool) p->vkDestroyDescriptorPool(p->device, p->pool, NULL);
    if (p->pipeline) p->vkDestroyPipeline(p->device, p->pipeline, NULL);
    if (p->layout) p->vkDestroyPipelineLayout(p->device, p->layout, NULL);
    if (p->set_layout) p->vkDestroyDescriptorSetLayout(p->device, p->set_layout, NULL);
    if (p->module) p->vkDestroyShaderModule(p->device, p->module, NULL);
    for (int i = 0; i < BUFFERS; ++i) {
      if (p->buffers[i]) p->vkDestroyBuffer(p->device, p->buffers[i], NULL);
      if (p->memories[i]) p->vkFreeMemory(p->device, p->memories[i], NULL);
    }
    p->vkDestroyDevice(p->device, NULL);
  }
  if (p->instance) p->vkDestroyInstance(p->instance, NULL);
  free(p);
}
