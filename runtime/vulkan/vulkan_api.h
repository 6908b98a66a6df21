/* The Vulkan entry points the backend uses, loaded at context creation.
 *
 * The loader (libvulkan.so.1) is opened with dlopen rather than linked: the runtime
 * library is one file for every target, and it must still load, and report the Vulkan
 * target as unavailable, on a machine without the loader. CKPT_VULKAN_LOADER names
 * another loader file (tests use it to exercise the missing-loader path). */
#ifndef CKPT_VULKAN_API_H
#define CKPT_VULKAN_API_H

#define VK_NO_PROTOTYPES
#include <vulkan/vulkan.h>

#include "ckpt/ckpt.h"

/* X(name): every function, by the level it is loaded at. */
#define CKPT_VULKAN_GLOBAL_FUNCTIONS(X) \
  X(vkCreateInstance)                   \
  X(vkEnumerateInstanceLayerProperties) \
  X(vkEnumerateInstanceExtensionProperties)

#define CKPT_VULKAN_INSTANCE_FUNCTIONS(X)     \
  X(vkDestroyInstance)                        \
  X(vkEnumeratePhysicalDevices)               \
  X(vkGetPhysicalDeviceProperties)            \
  X(vkGetPhysicalDeviceFeatures)              \
  X(vkGetPhysicalDeviceQueueFamilyProperties) \
  X(vkGetPhysicalDeviceMemoryProperties)      \
  X(vkEnumerateDeviceExtensionProperties)     \
  X(vkCreateDevice)                           \
  X(vkGetDeviceProcAddr)

/* Present only when the debug-utils extension is enabled (validation). */
#define CKPT_VULKAN_DEBUG_FUNCTIONS(X) \
  X(vkCreateDebugUtilsMessengerEXT)    \
  X(vkDestroyDebugUtilsMessengerEXT)

#define CKPT_VULKAN_DEVICE_FUNCTIONS(X) \
  X(vkDestroyDevice)                    \
  X(vkGetDeviceQueue)                   \
  X(vkDeviceWaitIdle)                   \
  X(vkCreateBuffer)                     \
  X(vkDestroyBuffer)                    \
  X(vkGetBufferMemoryRequirements)      \
  X(vkAllocateMemory)                   \
  X(vkFreeMemory)                       \
  X(vkBindBufferMemory)                 \
  X(vkMapMemory)                        \
  X(vkUnmapMemory)                      \
  X(vkCreateShaderModule)               \
  X(vkDestroyShaderModule)              \
  X(vkCreateDescriptorSetLayout)        \
  X(vkDestroyDescriptorSetLayout)       \
  X(vkCreatePipelineLayout)             \
  X(vkDestroyPipelineLayout)            \
  X(vkCreateComputePipelines)           \
  X(vkDestroyPipeline)                  \
  X(vkCreateDescriptorPool)             \
  X(vkDestroyDescriptorPool)            \
  X(vkResetDescriptorPool)              \
  X(vkAllocateDescriptorSets)           \
  X(vkUpdateDescriptorSets)             \
  X(vkCreateCommandPool)                \
  X(vkDestroyCommandPool)               \
  X(vkAllocateCommandBuffers)           \
  X(vkFreeCommandBuffers)               \
  X(vkResetCommandBuffer)               \
  X(vkBeginCommandBuffer)               \
  X(vkEndCommandBuffer)                 \
  X(vkCmdBindPipeline)                  \
  X(vkCmdBindDescriptorSets)            \
  X(vkCmdPushConstants)                 \
  X(vkCmdDispatch)                      \
  X(vkCmdDispatchIndirect)              \
  X(vkCmdPipelineBarrier)               \
  X(vkCmdCopyBuffer)                    \
  X(vkCmdFillBuffer)                    \
  X(vkCreateFence)                      \
  X(vkDestroyFence)                     \
  X(vkResetFences)                      \
  X(vkWaitForFences)                    \
  X(vkGetFenceStatus)                   \
  X(vkQueueSubmit)

/* Present only when VK_EXT_conditional_rendering is enabled (conditional mode). */
#define CKPT_VULKAN_CONDITIONAL_FUNCTIONS(X) \
  X(vkCmdBeginConditionalRenderingEXT)       \
  X(vkCmdEndConditionalRenderingEXT)

/* Launch profiling only (vulkan_profile.c); where one is missing the device is used
 * without timestamps. */
#define CKPT_VULKAN_TIMESTAMP_FUNCTIONS(X) \
  X(vkCreateQueryPool)                     \
  X(vkDestroyQueryPool)                    \
  X(vkCmdResetQueryPool)                   \
  X(vkCmdWriteTimestamp)                   \
  X(vkGetQueryPoolResults)

#define CKPT_VULKAN_DECLARE(name) PFN_##name name;

typedef struct ckpt_vulkan_api_t {
  void *library; /* the dlopen handle */
  PFN_vkGetInstanceProcAddr vkGetInstanceProcAddr;
  PFN_vkEnumerateInstanceVersion vkEnumerateInstanceVersion; /* NULL on a Vulkan 1.0 loader */
  PFN_vkGetPhysicalDeviceFeatures2 vkGetPhysicalDeviceFeatures2; /* NULL on a 1.0 instance */
  CKPT_VULKAN_GLOBAL_FUNCTIONS(CKPT_VULKAN_DECLARE)
  CKPT_VULKAN_INSTANCE_FUNCTIONS(CKPT_VULKAN_DECLARE)
  CKPT_VULKAN_DEBUG_FUNCTIONS(CKPT_VULKAN_DECLARE)
  CKPT_VULKAN_DEVICE_FUNCTIONS(CKPT_VULKAN_DECLARE)
  CKPT_VULKAN_CONDITIONAL_FUNCTIONS(CKPT_VULKAN_DECLARE)
  CKPT_VULKAN_TIMESTAMP_FUNCTIONS(CKPT_VULKAN_DECLARE)
} ckpt_vulkan_api_t;

/* Opens the loader and loads the global functions. CKPT_ERROR_UNAVAILABLE, reported on
 * `context`, when the loader cannot be opened. A non-NULL `get_instance_proc_addr` (a
 * PFN_vkGetInstanceProcAddr, the caller's) is used instead of opening a loader. */
ckpt_status_code_t ckpt_vulkan_api_open(ckpt_vulkan_api_t *api, void *get_instance_proc_addr,
                                        ckpt_context_t *context);

/* Loads the instance-level functions (and the debug-utils ones when `debug_utils`), and
 * vkGetPhysicalDeviceFeatures2 where the instance has it. */
ckpt_status_code_t ckpt_vulkan_api_load_instance(ckpt_vulkan_api_t *api, VkInstance instance,
                                                 bool debug_utils, ckpt_context_t *context);

/* Loads the device-level functions (and the conditional rendering ones when
 * `conditional_rendering`). */
ckpt_status_code_t ckpt_vulkan_api_load_device(ckpt_vulkan_api_t *api, VkDevice device,
                                               bool conditional_rendering,
                                               ckpt_context_t *context);

/* Forgets the entry points; the loader itself stays loaded (vulkan_api.c says why). */
void ckpt_vulkan_api_close(ckpt_vulkan_api_t *api);

/* The shared objects loaded in the process, to tell which ones starting Vulkan adds. */
typedef struct ckpt_vulkan_libraries_t {
  char **names;
  size_t count;
} ckpt_vulkan_libraries_t;

void ckpt_vulkan_libraries_list(ckpt_vulkan_libraries_t *out_libraries);
void ckpt_vulkan_libraries_release(ckpt_vulkan_libraries_t *libraries);

/* Keeps every shared object loaded now but not in `before` (the drivers and layers the
 * loader opened) loaded for the life of the process. */
void ckpt_vulkan_libraries_pin_new(const ckpt_vulkan_libraries_t *before);

/* The name of a VkResult ("VK_ERROR_OUT_OF_DEVICE_MEMORY"); never NULL. */
const char *ckpt_vulkan_result_name(VkResult result);

/* Reports a failed Vulkan call on `context` as CKPT_ERROR_BACKEND:
 * "vkCreateComputePipelines failed: VK_ERROR_OUT_OF_DEVICE_MEMORY", then `detail` when
 * not NULL. Returns CKPT_ERROR_BACKEND. */
ckpt_status_code_t ckpt_vulkan_fail(ckpt_context_t *context, const char *call, VkResult result,
                                    const char *detail);

#endif /* CKPT_VULKAN_API_H */
