#define _GNU_SOURCE /* dl_iterate_phdr, RTLD_NOLOAD */
#include "vulkan/vulkan_api.h"

#include <dlfcn.h>
#include <link.h>
#include <stdlib.h>
#include <string.h>

#include "core/context.h"

static const char kDefaultLoader[] = "libvulkan.so.1";

static ckpt_status_code_t open_loader(ckpt_vulkan_api_t *api, const char *path,
                                      ckpt_context_t *context) {
  api->library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!api->library) {
    const char *why = dlerror();
    return ckpt_context_fail(context, CKPT_ERROR_UNAVAILABLE,
                             "the Vulkan loader '%s' cannot be opened (%s); install it "
                             "(Debian: libvulkan1) and a driver (mesa-vulkan-drivers gives "
                             "lavapipe, which runs on the CPU)",
                             path, why ? why : "unknown reason");
  }
  /* dlsym returns an object pointer; C has no direct cast to a function pointer. */
  void *symbol = dlsym(api->library, "vkGetInstanceProcAddr");
  memcpy(&api->vkGetInstanceProcAddr, &symbol, sizeof(symbol));
  if (!api->vkGetInstanceProcAddr) {
    ckpt_vulkan_api_close(api);
    return ckpt_context_fail(context, CKPT_ERROR_UNAVAILABLE,
                             "'%s' has no vkGetInstanceProcAddr: it is not a Vulkan loader", path);
  }
  return CKPT_OK;
}

ckpt_status_code_t ckpt_vulkan_api_open(ckpt_vulkan_api_t *api, void *get_instance_proc_addr,
                                        ckpt_context_t *context) {
  memset(api, 0, sizeof(*api));
  const char *path = "the caller's vkGetInstanceProcAddr";
  if (get_instance_proc_addr) {
    memcpy(&api->vkGetInstanceProcAddr, &get_instance_proc_addr, sizeof(get_instance_proc_addr));
  } else {
    path = getenv("CKPT_VULKAN_LOADER");
    if (!path || !*path)
      path = kDefaultLoader;
    ckpt_status_code_t code = open_loader(api, path, context);
    if (code != CKPT_OK)
      return code;
  }
#define CKPT_VULKAN_LOAD_GLOBAL(name)                                             \
  api->name = (PFN_##name)api->vkGetInstanceProcAddr(VK_NULL_HANDLE, #name);      \
  if (!api->name) {                                                               \
    ckpt_vulkan_api_close(api);                                                   \
    return ckpt_context_fail(context, CKPT_ERROR_UNAVAILABLE,                     \
                             "the Vulkan loader '%s' does not provide %s", path, #name); \
  }
  CKPT_VULKAN_GLOBAL_FUNCTIONS(CKPT_VULKAN_LOAD_GLOBAL)
#undef CKPT_VULKAN_LOAD_GLOBAL
  api->vkEnumerateInstanceVersion = (PFN_vkEnumerateInstanceVersion)api->vkGetInstanceProcAddr(
      VK_NULL_HANDLE, "vkEnumerateInstanceVersion");
  return CKPT_OK;
}

ckpt_status_code_t ckpt_vulkan_api_load_instance(ckpt_vulkan_api_t *api, VkInstance instance,
                                                 bool debug_utils, ckpt_context_t *context) {
#define CKPT_VULKAN_LOAD_INSTANCE(name)                                                   \
  api->name = (PFN_##name)api->vkGetInstanceProcAddr(instance, #name);                    \
  if (!api->name)                                                                         \
    return ckpt_context_fail(context, CKPT_ERROR_UNAVAILABLE,                             \
                             "the Vulkan instance does not provide %s", #name);
  CKPT_VULKAN_INSTANCE_FUNCTIONS(CKPT_VULKAN_LOAD_INSTANCE)
  if (debug_utils) {
    CKPT_VULKAN_DEBUG_FUNCTIONS(CKPT_VULKAN_LOAD_INSTANCE)
  }
#undef CKPT_VULKAN_LOAD_INSTANCE
  api->vkGetPhysicalDeviceFeatures2 = (PFN_vkGetPhysicalDeviceFeatures2)api->vkGetInstanceProcAddr(
      instance, "vkGetPhysicalDeviceFeatures2");
  return CKPT_OK;
}

ckpt_status_code_t ckpt_vulkan_api_load_device(ckpt_vulkan_api_t *api, VkDevice device,
                                               bool conditional_rendering,
                                               ckpt_context_t *context) {
#define CKPT_VULKAN_LOAD_DEVICE(name)                                                     \
  api->name = (PFN_##name)api->vkGetDeviceProcAddr(device, #name);                        \
  if (!api->name)                                                                         \
    return ckpt_context_fail(context, CKPT_ERROR_UNAVAILABLE,                             \
                             "the Vulkan device does not provide %s", #name);
  CKPT_VULKAN_DEVICE_FUNCTIONS(CKPT_VULKAN_LOAD_DEVICE)
  if (conditional_rendering) {
    CKPT_VULKAN_CONDITIONAL_FUNCTIONS(CKPT_VULKAN_LOAD_DEVICE)
  }
#undef CKPT_VULKAN_LOAD_DEVICE
#define CKPT_VULKAN_LOAD_OPTIONAL(name) \
  api->name = (PFN_##name)api->vkGetDeviceProcAddr(device, #name);
  CKPT_VULKAN_TIMESTAMP_FUNCTIONS(CKPT_VULKAN_LOAD_OPTIONAL)
#undef CKPT_VULKAN_LOAD_OPTIONAL
  return CKPT_OK;
}

/* Neither the loader nor the drivers it opens are ever unloaded. A driver keeps
 * process-wide state (lavapipe: LLVM's) that unloading strands, which LeakSanitizer then
 * reports as leaks from an unknown module; and a later context would pay for loading and
 * initialising the driver again. The loader closes drivers with the last VkInstance, so
 * backend creation pins what starting Vulkan opened (ckpt_vulkan_libraries_pin_new). */
void ckpt_vulkan_api_close(ckpt_vulkan_api_t *api) { memset(api, 0, sizeof(*api)); }

static int ckpt_vulkan_add_library(struct dl_phdr_info *info, size_t size, void *user) {
  (void)size;
  ckpt_vulkan_libraries_t *libraries = user;
  if (!info->dlpi_name || !info->dlpi_name[0])
    return 0;
  char **grown = realloc(libraries->names, (libraries->count + 1) * sizeof(char *));
  if (!grown)
    return 1;
  libraries->names = grown;
  libraries->names[libraries->count] = strdup(info->dlpi_name);
  if (libraries->names[libraries->count])
    ++libraries->count;
  return 0;
}

void ckpt_vulkan_libraries_list(ckpt_vulkan_libraries_t *out_libraries) {
  memset(out_libraries, 0, sizeof(*out_libraries));
  dl_iterate_phdr(ckpt_vulkan_add_library, out_libraries);
}

void ckpt_vulkan_libraries_release(ckpt_vulkan_libraries_t *libraries) {
  for (size_t i = 0; i < libraries->count; ++i)
    free(libraries->names[i]);
  free(libraries->names);
  memset(libraries, 0, sizeof(*libraries));
}

void ckpt_vulkan_libraries_pin_new(const ckpt_vulkan_libraries_t *before) {
  ckpt_vulkan_libraries_t now;
  ckpt_vulkan_libraries_list(&now);
  for (size_t i = 0; i < now.count; ++i) {
    bool known = false;
    for (size_t j = 0; j < before->count && !known; ++j)
      known = strcmp(now.names[i], before->names[j]) == 0;
    /* RTLD_NOLOAD only takes a reference to an object already loaded. */
    if (!known)
      (void)dlopen(now.names[i], RTLD_NOW | RTLD_NOLOAD);
  }
  ckpt_vulkan_libraries_release(&now);
}

const char *ckpt_vulkan_result_name(VkResult result) {
  switch (result) {
#define CKPT_VULKAN_RESULT(name) \
  case name:                     \
    return #name;
    CKPT_VULKAN_RESULT(VK_SUCCESS)
    CKPT_VULKAN_RESULT(VK_NOT_READY)
    CKPT_VULKAN_RESULT(VK_TIMEOUT)
    CKPT_VULKAN_RESULT(VK_EVENT_SET)
    CKPT_VULKAN_RESULT(VK_EVENT_RESET)
    CKPT_VULKAN_RESULT(VK_INCOMPLETE)
    CKPT_VULKAN_RESULT(VK_ERROR_OUT_OF_HOST_MEMORY)
    CKPT_VULKAN_RESULT(VK_ERROR_OUT_OF_DEVICE_MEMORY)
    CKPT_VULKAN_RESULT(VK_ERROR_INITIALIZATION_FAILED)
    CKPT_VULKAN_RESULT(VK_ERROR_DEVICE_LOST)
    CKPT_VULKAN_RESULT(VK_ERROR_MEMORY_MAP_FAILED)
    CKPT_VULKAN_RESULT(VK_ERROR_LAYER_NOT_PRESENT)
    CKPT_VULKAN_RESULT(VK_ERROR_EXTENSION_NOT_PRESENT)
    CKPT_VULKAN_RESULT(VK_ERROR_FEATURE_NOT_PRESENT)
    CKPT_VULKAN_RESULT(VK_ERROR_INCOMPATIBLE_DRIVER)
    CKPT_VULKAN_RESULT(VK_ERROR_TOO_MANY_OBJECTS)
    CKPT_VULKAN_RESULT(VK_ERROR_FORMAT_NOT_SUPPORTED)
    CKPT_VULKAN_RESULT(VK_ERROR_FRAGMENTED_POOL)
    CKPT_VULKAN_RESULT(VK_ERROR_UNKNOWN)
    CKPT_VULKAN_RESULT(VK_ERROR_OUT_OF_POOL_MEMORY)
    CKPT_VULKAN_RESULT(VK_ERROR_INVALID_EXTERNAL_HANDLE)
    CKPT_VULKAN_RESULT(VK_ERROR_FRAGMENTATION)
    CKPT_VULKAN_RESULT(VK_ERROR_INVALID_OPAQUE_CAPTURE_ADDRESS)
    CKPT_VULKAN_RESULT(VK_PIPELINE_COMPILE_REQUIRED)
    CKPT_VULKAN_RESULT(VK_ERROR_VALIDATION_FAILED_EXT)
    CKPT_VULKAN_RESULT(VK_ERROR_INVALID_SHADER_NV)
#undef CKPT_VULKAN_RESULT
    default:
      return "an unknown VkResult";
  }
}

ckpt_status_code_t ckpt_vulkan_fail(ckpt_context_t *context, const char *call, VkResult result,
                                    const char *detail) {
  return ckpt_context_fail(context, CKPT_ERROR_BACKEND, "%s failed: %s (%d)%s%s", call,
                           ckpt_vulkan_result_name(result), (int)result, detail ? "; " : "",
                           detail ? detail : "");
}
