/* A fake Vulkan loader and driver in one, for test_vulkan_exit: just enough of Vulkan for
 * the backend to start, build a kernel and launch it (memory is plain host memory, every
 * command a no-op), and a driver's exit behaviour made strict: vkCreateInstance registers
 * an atexit handler that "tears the driver down", after which every entry point aborts,
 * as a real driver may crash when called after its teardown (NVIDIA's does). Opened
 * through CKPT_VULKAN_LOADER. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VK_NO_PROTOTYPES
#include <vulkan/vulkan.h>

#define EXPORT __attribute__((visibility("default")))

static int torn_down;
static int handles;
static int destroy_device_calls;

/* The test reads how many devices were destroyed, to see teardown happen outside exit. */
EXPORT int poisoning_loader_destroy_device_calls(void) { return destroy_device_calls; }

static void tear_down(void) { torn_down = 1; }

static void enter(const char *name) {
  if (!torn_down) return;
  fprintf(stderr, "poisoning loader: %s called after the driver was torn down at exit\n", name);
  fflush(stderr);
  abort();
}

/* Distinct non-null handles; dispatchable ones are never dereferenced here. */
static uint64_t next_handle(void) { return (uint64_t)++handles * 16; }
#define NEW_HANDLE(type) ((type)(uintptr_t)next_handle())

static VkResult fake_vkEnumerateInstanceVersion(uint32_t *version) {
  enter("vkEnumerateInstanceVersion");
  *version = VK_API_VERSION_1_1;
  return VK_SUCCESS;
}

static VkResult fake_vkEnumerateInstanceLayerProperties(uint32_t *count, VkLayerProperties *p) {
  (void)p;
  enter("vkEnumerateInstanceLayerProperties");
  *count = 0;
  return VK_SUCCESS;
}

static VkResult fake_vkEnumerateInstanceExtensionProperties(const char *layer, uint32_t *count,
                                                            VkExtensionProperties *p) {
  (void)layer, (void)p;
  enter("vkEnumerateInstanceExtensionProperties");
  *count = 0;
  return VK_SUCCESS;
}

static VkResult fake_vkCreateInstance(const VkInstanceCreateInfo *info,
                                      const VkAllocationCallbacks *a, VkInstance *out) {
  (void)info, (void)a;
  enter("vkCreateInstance");
  static int registered;
  if (!registered++) atexit(tear_down);
  *out = NEW_HANDLE(VkInstance);
  return VK_SUCCESS;
}

static void fake_vkDestroyInstance(VkInstance i, const VkAllocationCallbacks *a) {
  (void)i, (void)a;
  enter("vkDestroyInstance");
}

static VkResult fake_vkEnumeratePhysicalDevices(VkInstance i, uint32_t *count,
                                                VkPhysicalDevice *devices) {
  (void)i;
  enter("vkEnumeratePhysicalDevices");
  if (devices && *count >= 1) devices[0] = (VkPhysicalDevice)(uintptr_t)0x1000;
  *count = 1;
  return VK_SUCCESS;
}

static void fake_vkGetPhysicalDeviceProperties(VkPhysicalDevice d, VkPhysicalDeviceProperties *p) {
  (void)d;
  enter("vkGetPhysicalDeviceProperties");
  memset(p, 0, sizeof(*p));
  p->apiVersion = VK_API_VERSION_1_1;
  p->deviceType = VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU;
  snprintf(p->deviceName, sizeof(p->deviceName), "poisoning fake");
  p->limits.minStorageBufferOffsetAlignment = 16;
  p->limits.maxStorageBufferRange = 1u << 30;
}

static void fake_vkGetPhysicalDeviceFeatures(VkPhysicalDevice d, VkPhysicalDeviceFeatures *f) {
  (void)d;
  enter("vkGetPhysicalDeviceFeatures");
  memset(f, 0, sizeof(*f));
}

static void fake_vkGetPhysicalDeviceFeatures2(VkPhysicalDevice d, VkPhysicalDeviceFeatures2 *f) {
  (void)d;
  enter("vkGetPhysicalDeviceFeatures2");
  memset(&f->features, 0, sizeof(f->features));
}

static void fake_vkGetPhysicalDeviceQueueFamilyProperties(VkPhysicalDevice d, uint32_t *count,
                                                          VkQueueFamilyProperties *p) {
  (void)d;
  enter("vkGetPhysicalDeviceQueueFamilyProperties");
  if (p && *count >= 1)
    p[0] = (VkQueueFamilyProperties){.queueFlags = VK_QUEUE_COMPUTE_BIT, .queueCount = 1};
  *count = 1;
}

static void fake_vkGetPhysicalDeviceMemoryProperties(VkPhysicalDevice d,
                                                     VkPhysicalDeviceMemoryProperties *p) {
  (void)d;
  enter("vkGetPhysicalDeviceMemoryProperties");
  memset(p, 0, sizeof(*p));
  p->memoryTypeCount = 1;
  p->memoryTypes[0].propertyFlags = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT |
                                    VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
  p->memoryHeapCount = 1;
  p->memoryHeaps[0].size = 1u << 30;
}

static VkResult fake_vkEnumerateDeviceExtensionProperties(VkPhysicalDevice d, const char *layer,
                                                          uint32_t *count,
                                                          VkExtensionProperties *p) {
  (void)d, (void)layer, (void)p;
  enter("vkEnumerateDeviceExtensionProperties");
  *count = 0;
  return VK_SUCCESS;
}

static VkResult fake_vkCreateDevice(VkPhysicalDevice d, const VkDeviceCreateInfo *info,
                                    const VkAllocationCallbacks *a, VkDevice *out) {
  (void)d, (void)info, (void)a;
  enter("vkCreateDevice");
  *out = NEW_HANDLE(VkDevice);
  return VK_SUCCESS;
}

static void fake_vkDestroyDevice(VkDevice d, const VkAllocationCallbacks *a) {
  (void)d, (void)a;
  enter("vkDestroyDevice");
  ++destroy_device_calls;
}

static void fake_vkGetDeviceQueue(VkDevice d, uint32_t family, uint32_t index, VkQueue *out) {
  (void)d, (void)family, (void)index;
  enter("vkGetDeviceQueue");
  *out = NEW_HANDLE(VkQueue);
}

static VkResult fake_vkDeviceWaitIdle(VkDevice d) {
  (void)d;
  enter("vkDeviceWaitIdle");
  return VK_SUCCESS;
}

/* A buffer handle remembers its size, for its memory requirements. */
typedef struct fake_buffer_t {
  VkDeviceSize size;
} fake_buffer_t;

static VkResult fake_vkCreateBuffer(VkDevice d, const VkBufferCreateInfo *info,
                                    const VkAllocationCallbacks *a, VkBuffer *out) {
  (void)d, (void)a;
  enter("vkCreateBuffer");
  fake_buffer_t *buffer = malloc(sizeof(*buffer));
  if (!buffer) return VK_ERROR_OUT_OF_HOST_MEMORY;
  buffer->size = info->size;
  *out = (VkBuffer)(uintptr_t)buffer;
  return VK_SUCCESS;
}

static void fake_vkDestroyBuffer(VkDevice d, VkBuffer b, const VkAllocationCallbacks *a) {
  (void)d, (void)a;
  enter("vkDestroyBuffer");
  free((void *)(uintptr_t)b);
}

static void fake_vkGetBufferMemoryRequirements(VkDevice d, VkBuffer b, VkMemoryRequirements *r) {
  (void)d;
  enter("vkGetBufferMemoryRequirements");
  *r = (VkMemoryRequirements){((fake_buffer_t *)(uintptr_t)b)->size, 16, 1};
}

static VkResult fake_vkAllocateMemory(VkDevice d, const VkMemoryAllocateInfo *info,
                                      const VkAllocationCallbacks *a, VkDeviceMemory *out) {
  (void)d, (void)a;
  enter("vkAllocateMemory");
  void *memory = calloc(1, (size_t)info->allocationSize);
  if (!memory) return VK_ERROR_OUT_OF_HOST_MEMORY;
  *out = (VkDeviceMemory)(uintptr_t)memory;
  return VK_SUCCESS;
}

static void fake_vkFreeMemory(VkDevice d, VkDeviceMemory m, const VkAllocationCallbacks *a) {
  (void)d, (void)a;
  enter("vkFreeMemory");
  free((void *)(uintptr_t)m);
}

static VkResult fake_vkBindBufferMemory(VkDevice d, VkBuffer b, VkDeviceMemory m,
                                        VkDeviceSize offset) {
  (void)d, (void)b, (void)m, (void)offset;
  enter("vkBindBufferMemory");
  return VK_SUCCESS;
}

static VkResult fake_vkMapMemory(VkDevice d, VkDeviceMemory m, VkDeviceSize offset,
                                 VkDeviceSize size, VkMemoryMapFlags flags, void **out) {
  (void)d, (void)size, (void)flags;
  enter("vkMapMemory");
  *out = (char *)(uintptr_t)m + offset;
  return VK_SUCCESS;
}

static void fake_vkUnmapMemory(VkDevice d, VkDeviceMemory m) {
  (void)d, (void)m;
  enter("vkUnmapMemory");
}

/* Creating any other object: a fresh handle. */
#define FAKE_CREATE(name, info_type, handle_type)                                      \
  static VkResult fake_##name(VkDevice d, const info_type *info,                       \
                              const VkAllocationCallbacks *a, handle_type *out) {     \
    (void)d, (void)info, (void)a;                                                      \
    enter(#name);                                                                      \
    *out = NEW_HANDLE(handle_type);                                                    \
    return VK_SUCCESS;                                                                 \
  }
#define FAKE_DESTROY(name, handle_type)                                                \
  static void fake_##name(VkDevice d, handle_type h, const VkAllocationCallbacks *a) { \
    (void)d, (void)h, (void)a;                                                         \
    enter(#name);                                                                      \
  }
FAKE_CREATE(vkCreateShaderModule, VkShaderModuleCreateInfo, VkShaderModule)
FAKE_DESTROY(vkDestroyShaderModule, VkShaderModule)
FAKE_CREATE(vkCreateDescriptorSetLayout, VkDescriptorSetLayoutCreateInfo, VkDescriptorSetLayout)
FAKE_DESTROY(vkDestroyDescriptorSetLayout, VkDescriptorSetLayout)
FAKE_CREATE(vkCreatePipelineLayout, VkPipelineLayoutCreateInfo, VkPipelineLayout)
FAKE_DESTROY(vkDestroyPipelineLayout, VkPipelineLayout)
FAKE_DESTROY(vkDestroyPipeline, VkPipeline)
FAKE_CREATE(vkCreateDescriptorPool, VkDescriptorPoolCreateInfo, VkDescriptorPool)
FAKE_DESTROY(vkDestroyDescriptorPool, VkDescriptorPool)
FAKE_CREATE(vkCreateCommandPool, VkCommandPoolCreateInfo, VkCommandPool)
FAKE_DESTROY(vkDestroyCommandPool, VkCommandPool)
FAKE_CREATE(vkCreateFence, VkFenceCreateInfo, VkFence)
FAKE_DESTROY(vkDestroyFence, VkFence)

static VkResult fake_vkCreateComputePipelines(VkDevice d, VkPipelineCache c, uint32_t count,
                                              const VkComputePipelineCreateInfo *infos,
                                              const VkAllocationCallbacks *a, VkPipeline *out) {
  (void)d, (void)c, (void)infos, (void)a;
  enter("vkCreateComputePipelines");
  for (uint32_t i = 0; i < count; ++i) out[i] = NEW_HANDLE(VkPipeline);
  return VK_SUCCESS;
}

static VkResult fake_vkResetDescriptorPool(VkDevice d, VkDescriptorPool p,
                                           VkDescriptorPoolResetFlags f) {
  (void)d, (void)p, (void)f;
  enter("vkResetDescriptorPool");
  return VK_SUCCESS;
}

static VkResult fake_vkAllocateDescriptorSets(VkDevice d, const VkDescriptorSetAllocateInfo *info,
                                              VkDescriptorSet *out) {
  (void)d;
  enter("vkAllocateDescriptorSets");
  for (uint32_t i = 0; i < info->descriptorSetCount; ++i) out[i] = NEW_HANDLE(VkDescriptorSet);
  return VK_SUCCESS;
}

static void fake_vkUpdateDescriptorSets(VkDevice d, uint32_t wc, const VkWriteDescriptorSet *w,
                                        uint32_t cc, const VkCopyDescriptorSet *c) {
  (void)d, (void)wc, (void)w, (void)cc, (void)c;
  enter("vkUpdateDescriptorSets");
}

static VkResult fake_vkAllocateCommandBuffers(VkDevice d, const VkCommandBufferAllocateInfo *info,
                                              VkCommandBuffer *out) {
  (void)d;
  enter("vkAllocateCommandBuffers");
  for (uint32_t i = 0; i < info->commandBufferCount; ++i) out[i] = NEW_HANDLE(VkCommandBuffer);
  return VK_SUCCESS;
}

static void fake_vkFreeCommandBuffers(VkDevice d, VkCommandPool p, uint32_t count,
                                      const VkCommandBuffer *c) {
  (void)d, (void)p, (void)count, (void)c;
  enter("vkFreeCommandBuffers");
}

static VkResult fake_vkResetCommandBuffer(VkCommandBuffer c, VkCommandBufferResetFlags f) {
  (void)c, (void)f;
  enter("vkResetCommandBuffer");
  return VK_SUCCESS;
}

static VkResult fake_vkBeginCommandBuffer(VkCommandBuffer c, const VkCommandBufferBeginInfo *i) {
  (void)c, (void)i;
  enter("vkBeginCommandBuffer");
  return VK_SUCCESS;
}

static VkResult fake_vkEndCommandBuffer(VkCommandBuffer c) {
  (void)c;
  enter("vkEndCommandBuffer");
  return VK_SUCCESS;
}

static void fake_vkCmdBindPipeline(VkCommandBuffer c, VkPipelineBindPoint b, VkPipeline p) {
  (void)c, (void)b, (void)p;
  enter("vkCmdBindPipeline");
}

static void fake_vkCmdBindDescriptorSets(VkCommandBuffer c, VkPipelineBindPoint b,
                                         VkPipelineLayout l, uint32_t first, uint32_t count,
                                         const VkDescriptorSet *s, uint32_t dc,
                                         const uint32_t *d) {
  (void)c, (void)b, (void)l, (void)first, (void)count, (void)s, (void)dc, (void)d;
  enter("vkCmdBindDescriptorSets");
}

static void fake_vkCmdPushConstants(VkCommandBuffer c, VkPipelineLayout l, VkShaderStageFlags s,
                                    uint32_t offset, uint32_t size, const void *v) {
  (void)c, (void)l, (void)s, (void)offset, (void)size, (void)v;
  enter("vkCmdPushConstants");
}

static void fake_vkCmdDispatch(VkCommandBuffer c, uint32_t x, uint32_t y, uint32_t z) {
  (void)c, (void)x, (void)y, (void)z;
  enter("vkCmdDispatch");
}

static void fake_vkCmdDispatchIndirect(VkCommandBuffer c, VkBuffer b, VkDeviceSize o) {
  (void)c, (void)b, (void)o;
  enter("vkCmdDispatchIndirect");
}

static void fake_vkCmdCopyBuffer(VkCommandBuffer c, VkBuffer s, VkBuffer d, uint32_t n,
                                 const VkBufferCopy *r) {
  (void)c, (void)s, (void)d, (void)n, (void)r;
  enter("vkCmdCopyBuffer");
}

static void fake_vkCmdPipelineBarrier(VkCommandBuffer c, VkPipelineStageFlags s,
                                      VkPipelineStageFlags d, VkDependencyFlags f, uint32_t mc,
                                      const VkMemoryBarrier *m, uint32_t bc,
                                      const VkBufferMemoryBarrier *b, uint32_t ic,
                                      const VkImageMemoryBarrier *i) {
  (void)c, (void)s, (void)d, (void)f, (void)mc, (void)m, (void)bc, (void)b, (void)ic, (void)i;
  enter("vkCmdPipelineBarrier");
}

static VkResult fake_vkResetFences(VkDevice d, uint32_t n, const VkFence *f) {
  (void)d, (void)n, (void)f;
  enter("vkResetFences");
  return VK_SUCCESS;
}

static VkResult fake_vkWaitForFences(VkDevice d, uint32_t n, const VkFence *f, VkBool32 all,
                                     uint64_t timeout) {
  (void)d, (void)n, (void)f, (void)all, (void)timeout;
  enter("vkWaitForFences");
  return VK_SUCCESS;
}

static VkResult fake_vkGetFenceStatus(VkDevice d, VkFence f) {
  (void)d, (void)f;
  enter("vkGetFenceStatus");
  return VK_SUCCESS;
}

static void fake_vkCmdFillBuffer(VkCommandBuffer c, VkBuffer b, VkDeviceSize o, VkDeviceSize s,
                                 uint32_t v) {
  (void)c, (void)b, (void)o, (void)s, (void)v;
  enter("vkCmdFillBuffer");
}

static VkResult fake_vkQueueSubmit(VkQueue q, uint32_t n, const VkSubmitInfo *s, VkFence f) {
  (void)q, (void)n, (void)s, (void)f;
  enter("vkQueueSubmit");
  return VK_SUCCESS;
}

static PFN_vkVoidFunction lookup(const char *name);

static PFN_vkVoidFunction fake_vkGetDeviceProcAddr(VkDevice d, const char *name) {
  (void)d;
  enter("vkGetDeviceProcAddr");
  return lookup(name);
}

EXPORT PFN_vkVoidFunction vkGetInstanceProcAddr(VkInstance instance, const char *name) {
  (void)instance;
  enter("vkGetInstanceProcAddr");
  return lookup(name);
}

#define ENTRY(name) {#name, (PFN_vkVoidFunction)fake_##name},
static const struct {
  const char *name;
  PFN_vkVoidFunction function;
} entries[] = {
    ENTRY(vkEnumerateInstanceVersion) ENTRY(vkEnumerateInstanceLayerProperties)
    ENTRY(vkEnumerateInstanceExtensionProperties) ENTRY(vkCreateInstance)
    ENTRY(vkDestroyInstance) ENTRY(vkEnumeratePhysicalDevices)
    ENTRY(vkGetPhysicalDeviceProperties) ENTRY(vkGetPhysicalDeviceFeatures)
    ENTRY(vkGetPhysicalDeviceFeatures2) ENTRY(vkGetPhysicalDeviceQueueFamilyProperties)
    ENTRY(vkGetPhysicalDeviceMemoryProperties) ENTRY(vkEnumerateDeviceExtensionProperties)
    ENTRY(vkCreateDevice) ENTRY(vkGetDeviceProcAddr) ENTRY(vkDestroyDevice)
    ENTRY(vkGetDeviceQueue) ENTRY(vkDeviceWaitIdle) ENTRY(vkCreateBuffer)
    ENTRY(vkDestroyBuffer) ENTRY(vkGetBufferMemoryRequirements) ENTRY(vkAllocateMemory)
    ENTRY(vkFreeMemory) ENTRY(vkBindBufferMemory) ENTRY(vkMapMemory) ENTRY(vkUnmapMemory)
    ENTRY(vkCreateShaderModule) ENTRY(vkDestroyShaderModule) ENTRY(vkCreateDescriptorSetLayout)
    ENTRY(vkDestroyDescriptorSetLayout) ENTRY(vkCreatePipelineLayout)
    ENTRY(vkDestroyPipelineLayout) ENTRY(vkCreateComputePipelines) ENTRY(vkDestroyPipeline)
    ENTRY(vkCreateDescriptorPool) ENTRY(vkDestroyDescriptorPool) ENTRY(vkResetDescriptorPool)
    ENTRY(vkAllocateDescriptorSets) ENTRY(vkUpdateDescriptorSets) ENTRY(vkCreateCommandPool)
    ENTRY(vkDestroyCommandPool) ENTRY(vkAllocateCommandBuffers) ENTRY(vkFreeCommandBuffers)
    ENTRY(vkResetCommandBuffer) ENTRY(vkBeginCommandBuffer) ENTRY(vkEndCommandBuffer)
    ENTRY(vkCmdBindPipeline) ENTRY(vkCmdBindDescriptorSets) ENTRY(vkCmdPushConstants)
    ENTRY(vkCmdDispatch) ENTRY(vkCmdDispatchIndirect) ENTRY(vkCmdCopyBuffer)
    ENTRY(vkCmdPipelineBarrier) ENTRY(vkCreateFence) ENTRY(vkDestroyFence)
    ENTRY(vkResetFences) ENTRY(vkWaitForFences) ENTRY(vkQueueSubmit)
    ENTRY(vkGetFenceStatus) ENTRY(vkCmdFillBuffer)
};

static PFN_vkVoidFunction lookup(const char *name) {
  for (size_t i = 0; i < sizeof(entries) / sizeof(entries[0]); ++i)
    if (strcmp(entries[i].name, name) == 0) return entries[i].function;
  return NULL;
}
