/* The Vulkan target: the device it runs on and the backend vtable. Kernels (pipelines,
 * descriptor sets, command buffers, the launch loop) are in vulkan_kernel.c.
 *
 * Environment:
 *   CKPT_VULKAN_DEVICE=<index or name substring>  the device to use; by default the
 *       first discrete GPU, else integrated, virtual, other, and a CPU device (lavapipe)
 *       only when there is nothing else.
 *   CKPT_VULKAN_VALIDATION=1  enables VK_LAYER_KHRONOS_validation; every message of
 *       warning or error severity is printed and fails the call that caused it.
 *   CKPT_VULKAN_GATING=host  the benchmark's baseline (vulkan_backend.h).
 *   CKPT_VULKAN_CONDITIONAL=0  control steps even where conditional rendering exists.
 *   CKPT_VULKAN_OVERLAP=0  in conditional mode, a barrier after every yield check
 *       instead of overlapping it with the next task (vulkan_kernel.c).
 *   CKPT_VULKAN_STATIC_FLAGS=0  in conditional mode, every yield check on the device,
 *       also for flags no task can write (vulkan_kernel.c).
 *   CKPT_VULKAN_MEMORY=host|mapped|staged  where buffers live (vulkan_memory.c); by
 *       default staged on a device with memory the host cannot map, else host. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/context.h"
#include "core/registry.h"
#include "core/string_builder.h"
#include "vulkan/vulkan_backend.h"
#include "vulkan/vulkan_pipelines.h"


static const char kValidationLayer[] = "VK_LAYER_KHRONOS_validation";

static bool env_flag(const char *name) {
  const char *value = getenv(name);
  return value && *value && strcmp(value, "0") != 0;
}

static VKAPI_ATTR VkBool32 VKAPI_CALL ckpt_vulkan_on_message(
    VkDebugUtilsMessageSeverityFlagBitsEXT severity, VkDebugUtilsMessageTypeFlagsEXT types,
    const VkDebugUtilsMessengerCallbackDataEXT *data, void *user) {
  (void)types;
  ckpt_vulkan_backend_t *backend = user;
  const char *message = data && data->pMessage ? data->pMessage : "(no message)";
  fprintf(stderr, "ckpt: Vulkan validation: %s\n", message);
  if (severity & (VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT |
                  VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT)) {
    if (backend->validation_errors++ == 0) {
      free(backend->validation_message);
      backend->validation_message = strdup(message);
    }
  }
  return VK_FALSE;
}

ckpt_status_code_t ckpt_vulkan_check(ckpt_vulkan_backend_t *backend) {
  if (backend->validation_errors == 0)
    return CKPT_OK;
  int64_t count = backend->validation_errors;
  backend->validation_errors = 0;
  ckpt_status_code_t code = ckpt_context_fail(
      backend->context, CKPT_ERROR_BACKEND,
      "Vulkan validation reported %lld problem%s (CKPT_VULKAN_VALIDATION=1); the first: %s",
      (long long)count, count == 1 ? "" : "s",
      backend->validation_message ? backend->validation_message : "(message lost)");
  free(backend->validation_message);
  backend->validation_message = NULL;
  return code;
}

/*--- instance ---------------------------------------------------------------*/

static bool has_layer(ckpt_vulkan_backend_t *backend, const char *name) {
  uint32_t count = 0;
  if (backend->api.vkEnumerateInstanceLayerProperties(&count, NULL) != VK_SUCCESS || count == 0)
    return false;
  VkLayerProperties *layers = calloc(count, sizeof(*layers));
  bool found = false;
  if (layers && backend->api.vkEnumerateInstanceLayerProperties(&count, layers) == VK_SUCCESS)
    for (uint32_t i = 0; i < count && !found; ++i)
      found = strcmp(layers[i].layerName, name) == 0;
  free(layers);
  return found;
}

static ckpt_status_code_t create_instance(ckpt_vulkan_backend_t *backend) {
  const ckpt_vulkan_api_t *vk = &backend->api;
  backend->validation = env_flag("CKPT_VULKAN_VALIDATION");
  if (backend->validation && !has_layer(backend, kValidationLayer))
    return ckpt_context_fail(backend->context, CKPT_ERROR_UNAVAILABLE,
                             "CKPT_VULKAN_VALIDATION is set but the Vulkan loader finds no %s; "
                             "install it (Debian: vulkan-validationlayers) or unset the variable",
                             kValidationLayer);
  /* Vulkan 1.1 makes the StorageBuffer storage class (SPV_KHR_storage_buffer_storage_class,
   * which MLIR's shaders use) core; on 1.0 the device extension is enabled instead. */
  uint32_t loader_version = VK_API_VERSION_1_0;
  if (vk->vkEnumerateInstanceVersion && vk->vkEnumerateInstanceVersion(&loader_version) != VK_SUCCESS)
    loader_version = VK_API_VERSION_1_0;
  backend->api_version = loader_version >= VK_API_VERSION_1_1 ? VK_API_VERSION_1_1 : VK_API_VERSION_1_0;
  VkApplicationInfo application = {
      .sType = VK_STRUCTURE_TYPE_APPLICATION_INFO,
      .pApplicationName = "ckpt",
      .pEngineName = "ckpt",
      .apiVersion = backend->api_version,
  };
  const char *layers[] = {kValidationLayer};
  const char *extensions[] = {VK_EXT_DEBUG_UTILS_EXTENSION_NAME};
  VkDebugUtilsMessengerCreateInfoEXT messenger = {
      .sType = VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT,
      .messageSeverity = VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT |
                         VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT,
      .messageType = VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT |
                     VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT |
                     VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT,
      .pfnUserCallback = ckpt_vulkan_on_message,
      .pUserData = backend,
  };
  VkInstanceCreateInfo info = {
      .sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO,
      /* Chained, the messenger also sees vkCreateInstance and vkDestroyInstance. */
      .pNext = backend->validation ? &messenger : NULL,
      .pApplicationInfo = &application,
      .enabledLayerCount = backend->validation ? 1u : 0u,
      .ppEnabledLayerNames = layers,
      .enabledExtensionCount = backend->validation ? 1u : 0u,
      .ppEnabledExtensionNames = extensions,
  };
  VkResult result = vk->vkCreateInstance(&info, NULL, &backend->instance);
  if (result == VK_ERROR_INCOMPATIBLE_DRIVER)
    return ckpt_context_fail(backend->context, CKPT_ERROR_UNAVAILABLE,
                             "no Vulkan driver is installed (vkCreateInstance: "
                             "VK_ERROR_INCOMPATIBLE_DRIVER); install one, e.g. "
                             "mesa-vulkan-drivers for lavapipe, which runs on the CPU");
  if (result != VK_SUCCESS)
    return ckpt_vulkan_fail(backend->context, "vkCreateInstance", result, NULL);
  ckpt_status_code_t code =
      ckpt_vulkan_api_load_instance(&backend->api, backend->instance, backend->validation,
                                    backend->context);
  if (code != CKPT_OK || !backend->validation)
    return code;
  result = vk->vkCreateDebugUtilsMessengerEXT(backend->instance, &messenger, NULL,
                                              &backend->messenger);
  if (result != VK_SUCCESS)
    return ckpt_vulkan_fail(backend->context, "vkCreateDebugUtilsMessengerEXT", result, NULL);
  return CKPT_OK;
}

/*--- device selection -------------------------------------------------------*/

static const char *device_type_name(VkPhysicalDeviceType type) {
  switch (type) {
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU: return "discrete GPU";
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU: return "integrated GPU";
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU: return "virtual GPU";
    case VK_PHYSICAL_DEVICE_TYPE_CPU: return "CPU";
    default: return "other";
  }
}

/* Higher is preferred; a CPU device only when there is nothing else. */
static int device_rank(VkPhysicalDeviceType type) {
  switch (type) {
    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU: return 4;
    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU: return 3;
    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU: return 2;
    case VK_PHYSICAL_DEVICE_TYPE_CPU: return 0;
    default: return 1;
  }
}

static bool compute_queue_family(const ckpt_vulkan_api_t *vk, VkPhysicalDevice device,
                                 uint32_t *out_family) {
  uint32_t count = 0;
  vk->vkGetPhysicalDeviceQueueFamilyProperties(device, &count, NULL);
  VkQueueFamilyProperties *families = calloc(count ? count : 1, sizeof(*families));
  bool found = false;
  if (families) {
    vk->vkGetPhysicalDeviceQueueFamilyProperties(device, &count, families);
    for (uint32_t i = 0; i < count && !found; ++i)
      if (families[i].queueFlags & VK_QUEUE_COMPUTE_BIT) {
        *out_family = i;
        found = true;
      }
  }
  free(families);
  return found;
}

/* Whether some memory type has every property in `wanted` and none in `unwanted`. */
static bool has_memory_type(const VkPhysicalDeviceMemoryProperties *memory,
                            VkMemoryPropertyFlags wanted, VkMemoryPropertyFlags unwanted) {
  for (uint32_t i = 0; i < memory->memoryTypeCount; ++i) {
    VkMemoryPropertyFlags flags = memory->memoryTypes[i].propertyFlags;
    if ((flags & wanted) == wanted && !(flags & unwanted))
      return true;
  }
  return false;
}

/* CKPT_VULKAN_MEMORY, or by default staged where the device has memory of its own that
 * the host cannot map (a discrete GPU's), else host. */
static ckpt_status_code_t choose_memory_mode(ckpt_vulkan_backend_t *backend) {
  const char *wanted = getenv("CKPT_VULKAN_MEMORY");
  static const char *const names[] = {
      [CKPT_VULKAN_MEMORY_HOST] = "host",
      [CKPT_VULKAN_MEMORY_MAPPED] = "mapped",
      [CKPT_VULKAN_MEMORY_STAGED] = "staged",
  };
  if (wanted && *wanted) {
    for (int mode = 0; mode < (int)(sizeof(names) / sizeof(names[0])); ++mode)
      if (strcmp(wanted, names[mode]) == 0) {
        backend->memory_mode = (ckpt_vulkan_memory_mode_t)mode;
        return CKPT_OK;
      }
    return ckpt_context_fail(backend->context, CKPT_ERROR_UNAVAILABLE,
                             "CKPT_VULKAN_MEMORY=%s is not a memory mode; use host, mapped or "
                             "staged (or unset it)",
                             wanted);
  }
  bool device_only = has_memory_type(&backend->memory_properties,
                                     VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT,
                                     VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT);
  backend->memory_mode = device_only ? CKPT_VULKAN_MEMORY_STAGED : CKPT_VULKAN_MEMORY_HOST;
  return CKPT_OK;
}

static bool name_contains(const char *name, const char *needle) {
  size_t length = strlen(needle);
  for (const char *at = name; *at; ++at) {
    size_t i = 0;
    while (i < length && at[i] && tolower((unsigned char)at[i]) == tolower((unsigned char)needle[i]))
      ++i;
    if (i == length)
      return true;
  }
  return length == 0;
}

/* "0: llvmpipe (LLVM 15.0.6, 256 bits) (CPU)" for each device, joined by "; ". */
static void list_devices(const ckpt_vulkan_api_t *vk, VkPhysicalDevice *devices, uint32_t count,
                         ckpt_string_builder_t *out) {
  for (uint32_t i = 0; i < count; ++i) {
    VkPhysicalDeviceProperties properties;
    vk->vkGetPhysicalDeviceProperties(devices[i], &properties);
    ckpt_string_builder_append_format(out, "%s%u: %s (%s)", i ? "; " : "", i,
                                      properties.deviceName,
                                      device_type_name(properties.deviceType));
  }
}

static ckpt_status_code_t fail_no_match(ckpt_vulkan_backend_t *backend, VkPhysicalDevice *devices,
                                        uint32_t count, const char *source, const char *wanted,
                                        const char *why) {
  ckpt_string_builder_t listing = CKPT_STRING_BUILDER_INIT;
  list_devices(&backend->api, devices, count, &listing);
  char *text = ckpt_string_builder_take(&listing);
  ckpt_status_code_t code = ckpt_context_fail(
      backend->context, CKPT_ERROR_UNAVAILABLE,
      "%s=%s %s; devices: %s (set an index%s)", source, wanted, why,
      text ? text : "(out of memory)", strcmp(source, "CKPT_VULKAN_DEVICE") == 0 ? " or part of a name" : "");
  free(text);
  return code;
}

static ckpt_status_code_t select_device(ckpt_vulkan_backend_t *backend) {
  const ckpt_vulkan_api_t *vk = &backend->api;
  uint32_t count = 0;
  VkResult result = vk->vkEnumeratePhysicalDevices(backend->instance, &count, NULL);
  if (result != VK_SUCCESS)
    return ckpt_vulkan_fail(backend->context, "vkEnumeratePhysicalDevices", result, NULL);
  if (count == 0)
    return ckpt_context_fail(backend->context, CKPT_ERROR_UNAVAILABLE,
                             "the Vulkan loader finds no device; install a driver (e.g. "
                             "mesa-vulkan-drivers for lavapipe, which runs on the CPU) or "
                             "check VK_ICD_FILENAMES / VK_DRIVER_FILES");
  VkPhysicalDevice *devices = calloc(count, sizeof(*devices));
  if (!devices)
    return ckpt_context_fail(backend->context, CKPT_ERROR_OUT_OF_MEMORY, "out of memory");
  result = vk->vkEnumeratePhysicalDevices(backend->instance, &count, devices);
  if (result != VK_SUCCESS && result != VK_INCOMPLETE) {
    free(devices);
    return ckpt_vulkan_fail(backend->context, "vkEnumeratePhysicalDevices", result, NULL);
  }
  const char *wanted = getenv("CKPT_VULKAN_DEVICE");
  const char *source = "CKPT_VULKAN_DEVICE";
  char index_text[16];
  if (backend->context->options.device_index >= 0) {
    snprintf(index_text, sizeof(index_text), "%d", (int)backend->context->options.device_index);
    wanted = index_text;
    source = "options.device_index";
  }
  bool by_index = wanted && *wanted && strspn(wanted, "0123456789") == strlen(wanted);
  int64_t chosen = -1;
  int best_rank = -1;
  for (uint32_t i = 0; i < count; ++i) {
    VkPhysicalDeviceProperties properties;
    vk->vkGetPhysicalDeviceProperties(devices[i], &properties);
    uint32_t family = 0;
    bool usable = compute_queue_family(vk, devices[i], &family);
    if (wanted && *wanted) {
      bool match = by_index ? strtoull(wanted, NULL, 10) == i
                            : name_contains(properties.deviceName, wanted);
      if (match && usable) {
        chosen = i;
        break;
      }
      continue;
    }
    if (usable && device_rank(properties.deviceType) > best_rank) {
      best_rank = device_rank(properties.deviceType);
      chosen = i;
    }
  }
  ckpt_status_code_t code = CKPT_OK;
  if (chosen < 0)
    code = wanted && *wanted
               ? fail_no_match(backend, devices, count, source, wanted,
                               "matches no device with a compute queue")
               : ckpt_context_fail(backend->context, CKPT_ERROR_UNAVAILABLE,
                                   "no Vulkan device has a compute queue");
  if (code == CKPT_OK) {
    backend->physical_device = devices[chosen];
    compute_queue_family(vk, backend->physical_device, &backend->queue_family);
  }
  free(devices);
  return code;
}

/* What the backend needs to know of the physical device chosen, ckpt's or the caller's. */
static ckpt_status_code_t use_physical_device(ckpt_vulkan_backend_t *backend) {
  const ckpt_vulkan_api_t *vk = &backend->api;
  vk->vkGetPhysicalDeviceProperties(backend->physical_device, &backend->properties);
  backend->loop_limited = backend->properties.deviceType == VK_PHYSICAL_DEVICE_TYPE_CPU &&
                          strncmp(backend->properties.deviceName, "llvmpipe", 8) == 0;
  vk->vkGetPhysicalDeviceMemoryProperties(backend->physical_device, &backend->memory_properties);
  if (!has_memory_type(&backend->memory_properties,
                       VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT,
                       0))
    return ckpt_context_fail(backend->context, CKPT_ERROR_UNAVAILABLE,
                             "Vulkan device '%s' has no host-visible coherent memory, which "
                             "this backend needs",
                             backend->properties.deviceName);
  return choose_memory_mode(backend);
}

/*--- device -----------------------------------------------------------------*/

static bool has_device_extension(const ckpt_vulkan_backend_t *backend, const char *name) {
  const ckpt_vulkan_api_t *vk = &backend->api;
  uint32_t count = 0;
  if (vk->vkEnumerateDeviceExtensionProperties(backend->physical_device, NULL, &count, NULL) !=
          VK_SUCCESS ||
      count == 0)
    return false;
  VkExtensionProperties *extensions = calloc(count, sizeof(*extensions));
  bool found = false;
  if (extensions && vk->vkEnumerateDeviceExtensionProperties(backend->physical_device, NULL,
                                                             &count, extensions) == VK_SUCCESS)
    for (uint32_t i = 0; i < count && !found; ++i)
      found = strcmp(extensions[i].extensionName, name) == 0;
  free(extensions);
  return found;
}

/* Whether the device can run conditional mode: VK_EXT_conditional_rendering with its
 * conditionalRendering feature, queried through Vulkan 1.1's vkGetPhysicalDeviceFeatures2. */
static bool has_conditional_rendering(const ckpt_vulkan_backend_t *backend) {
  const ckpt_vulkan_api_t *vk = &backend->api;
  if (backend->api_version < VK_API_VERSION_1_1 ||
      backend->properties.apiVersion < VK_API_VERSION_1_1 || !vk->vkGetPhysicalDeviceFeatures2 ||
      !has_device_extension(backend, VK_EXT_CONDITIONAL_RENDERING_EXTENSION_NAME))
    return false;
  VkPhysicalDeviceConditionalRenderingFeaturesEXT conditional = {
      .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_CONDITIONAL_RENDERING_FEATURES_EXT,
  };
  VkPhysicalDeviceFeatures2 features = {
      .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2,
      .pNext = &conditional,
  };
  vk->vkGetPhysicalDeviceFeatures2(backend->physical_device, &features);
  return conditional.conditionalRendering == VK_TRUE;
}

/* The 16-bit features, queried into `storage16` and `float16` (chained from `features`),
 * which create_device then passes on enabled. `float16_extension` is set when Float16
 * comes from VK_KHR_shader_float16_int8 (a Vulkan 1.1 device), which must be enabled. */
typedef struct shader_features_t {
  VkPhysicalDeviceFeatures2 features;
  VkPhysicalDevice16BitStorageFeatures storage16;
  VkPhysicalDeviceShaderFloat16Int8Features float16;
  bool float16_extension;
} shader_features_t;

/* CKPT_VULKAN_FEATURES_OFF=name,...: runs as if the device lacked these shader features
 * (neither enabled nor offered to kernels), to see what a smaller device refuses. */
static void turn_features_off(ckpt_vulkan_backend_t *backend, shader_features_t *out) {
  const char *off = getenv("CKPT_VULKAN_FEATURES_OFF");
  if (!off || !*off)
    return;
  struct {
    const char *name;
    VkBool32 *supported;
    bool *offered;
  } features[] = {
      {"shaderInt64", &out->features.features.shaderInt64, &backend->shader.int64},
      {"shaderInt16", &out->features.features.shaderInt16, &backend->shader.int16},
      {"shaderFloat64", &out->features.features.shaderFloat64, &backend->shader.float64},
      {"shaderFloat16", &out->float16.shaderFloat16, &backend->shader.float16},
      {"storageBuffer16BitAccess", &out->storage16.storageBuffer16BitAccess,
       &backend->shader.storage16},
  };
  for (size_t i = 0; i < sizeof features / sizeof features[0]; ++i) {
    size_t length = strlen(features[i].name);
    for (const char *at = strstr(off, features[i].name); at; at = strstr(at + 1, features[i].name))
      if ((at == off || at[-1] == ',') && (at[length] == ',' || at[length] == '\0')) {
        *features[i].supported = VK_FALSE;
        *features[i].offered = false;
      }
  }
}

static void query_shader_features(ckpt_vulkan_backend_t *backend, shader_features_t *out) {
  const ckpt_vulkan_api_t *vk = &backend->api;
  *out = (shader_features_t){
      .features = {.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2},
      .storage16 = {.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_16BIT_STORAGE_FEATURES},
      .float16 = {.sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SHADER_FLOAT16_INT8_FEATURES},
  };
  vk->vkGetPhysicalDeviceFeatures(backend->physical_device, &out->features.features);
  bool v1_1 = backend->api_version >= VK_API_VERSION_1_1 &&
              backend->properties.apiVersion >= VK_API_VERSION_1_1 &&
              vk->vkGetPhysicalDeviceFeatures2;
  if (v1_1) {
    out->features.pNext = &out->storage16;
    out->float16_extension = backend->properties.apiVersion < VK_API_VERSION_1_2 &&
                             has_device_extension(backend, VK_KHR_SHADER_FLOAT16_INT8_EXTENSION_NAME);
    if (backend->properties.apiVersion >= VK_API_VERSION_1_2 || out->float16_extension)
      out->storage16.pNext = &out->float16;
    vk->vkGetPhysicalDeviceFeatures2(backend->physical_device, &out->features);
  }
  VkPhysicalDeviceFeatures *core = &out->features.features;
  backend->shader.int64 = core->shaderInt64;
  backend->shader.int16 = core->shaderInt16;
  backend->shader.float64 = core->shaderFloat64;
  backend->shader.storage16 = out->storage16.storageBuffer16BitAccess;
  backend->shader.float16 = out->float16.shaderFloat16;
  turn_features_off(backend, out);
  /* Only what MLIR's SPIR-V may use is enabled. */
  *core = (VkPhysicalDeviceFeatures){.shaderInt64 = core->shaderInt64,
                                     .shaderInt16 = core->shaderInt16,
                                     .shaderFloat64 = core->shaderFloat64};
  out->storage16 = (VkPhysicalDevice16BitStorageFeatures){
      .sType = out->storage16.sType,
      .pNext = out->storage16.pNext,
      .storageBuffer16BitAccess = out->storage16.storageBuffer16BitAccess};
  out->float16 = (VkPhysicalDeviceShaderFloat16Int8Features){
      .sType = out->float16.sType, .shaderFloat16 = out->float16.shaderFloat16};
  if (!out->float16.shaderFloat16)
    out->float16_extension = false;
}

static bool control_steps_requested(const ckpt_vulkan_backend_t *backend) {
  const char *conditional = getenv("CKPT_VULKAN_CONDITIONAL");
  return backend->host_gating || (conditional && strcmp(conditional, "0") == 0);
}

static void read_conditional_options(ckpt_vulkan_backend_t *backend) {
  const char *overlap = getenv("CKPT_VULKAN_OVERLAP");
  backend->overlap = !(overlap && strcmp(overlap, "0") == 0);
  const char *static_flags = getenv("CKPT_VULKAN_STATIC_FLAGS");
  backend->static_flags = !(static_flags && strcmp(static_flags, "0") == 0);
}

static ckpt_status_code_t create_device(ckpt_vulkan_backend_t *backend) {
  const ckpt_vulkan_api_t *vk = &backend->api;
  const char *extensions[3];
  uint32_t extension_count = 0;
  if (backend->api_version < VK_API_VERSION_1_1 ||
      backend->properties.apiVersion < VK_API_VERSION_1_1) {
    if (!has_device_extension(backend, VK_KHR_STORAGE_BUFFER_STORAGE_CLASS_EXTENSION_NAME))
      return ckpt_context_fail(backend->context, CKPT_ERROR_UNAVAILABLE,
                               "Vulkan device '%s' has neither Vulkan 1.1 nor %s, which the "
                               "SPIR-V of MLIR's GPU conversion needs",
                               backend->properties.deviceName,
                               VK_KHR_STORAGE_BUFFER_STORAGE_CLASS_EXTENSION_NAME);
    extensions[extension_count++] = VK_KHR_STORAGE_BUFFER_STORAGE_CLASS_EXTENSION_NAME;
  }
  backend->conditional = !control_steps_requested(backend) && has_conditional_rendering(backend);
  read_conditional_options(backend);
  if (backend->conditional)
    extensions[extension_count++] = VK_EXT_CONDITIONAL_RENDERING_EXTENSION_NAME;
  VkPhysicalDeviceConditionalRenderingFeaturesEXT conditional_features = {
      .sType = VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_CONDITIONAL_RENDERING_FEATURES_EXT,
      .conditionalRendering = VK_TRUE,
  };
  /* MLIR's SPIR-V may use these widths; enabled where the device has them. */
  shader_features_t shader;
  query_shader_features(backend, &shader);
  if (shader.float16_extension)
    extensions[extension_count++] = VK_KHR_SHADER_FLOAT16_INT8_EXTENSION_NAME;
  /* The 1.1 structures go only where the device is 1.1 (query_shader_features chained
   * them then); the core features travel in VkPhysicalDeviceFeatures2 with them. */
  bool chained = shader.features.pNext != NULL;
  if (chained)
    conditional_features.pNext = shader.features.pNext;
  shader.features.pNext = backend->conditional ? (void *)&conditional_features
                                               : shader.features.pNext;
  float priority = 1.0f;
  VkDeviceQueueCreateInfo queue = {
      .sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO,
      .queueFamilyIndex = backend->queue_family,
      .queueCount = 1,
      .pQueuePriorities = &priority,
  };
  VkDeviceCreateInfo info = {
      .sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO,
      .pNext = chained || backend->conditional ? (void *)&shader.features : NULL,
      .queueCreateInfoCount = 1,
      .pQueueCreateInfos = &queue,
      .enabledExtensionCount = extension_count,
      .ppEnabledExtensionNames = extensions,
      .pEnabledFeatures = chained || backend->conditional ? NULL : &shader.features.features,
  };
  VkResult result = vk->vkCreateDevice(backend->physical_device, &info, NULL, &backend->device);
  if (result != VK_SUCCESS)
    return ckpt_vulkan_fail(backend->context, "vkCreateDevice", result,
                            backend->properties.deviceName);
  return CKPT_OK;
}

ckpt_status_code_t ckpt_vulkan_allocate_commands(ckpt_vulkan_backend_t *backend, uint32_t count,
                                                 VkCommandBuffer *out_commands) {
  VkCommandBufferAllocateInfo info = {
      .sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO,
      .commandPool = backend->command_pool,
      .level = VK_COMMAND_BUFFER_LEVEL_PRIMARY,
      .commandBufferCount = count,
  };
  VkResult result = backend->api.vkAllocateCommandBuffers(backend->device, &info, out_commands);
  if (result == VK_SUCCESS)
    return CKPT_OK;
  memset(out_commands, 0, count * sizeof(*out_commands));
  return ckpt_vulkan_fail(backend->context, "vkAllocateCommandBuffers", result, NULL);
}

/* The rest, on ckpt's device or the caller's: entry points, queue, pool, fence. */
static ckpt_status_code_t start_device(ckpt_vulkan_backend_t *backend) {
  const ckpt_vulkan_api_t *vk = &backend->api;
  ckpt_status_code_t code =
      ckpt_vulkan_api_load_device(&backend->api, backend->device, backend->conditional,
                                  backend->context);
  if (code != CKPT_OK)
    return code;
  vk->vkGetDeviceQueue(backend->device, backend->queue_family, backend->queue_index,
                       &backend->queue);
  VkCommandPoolCreateInfo pool = {
      .sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO,
      .flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT,
      .queueFamilyIndex = backend->queue_family,
  };
  VkResult result = vk->vkCreateCommandPool(backend->device, &pool, NULL, &backend->command_pool);
  if (result != VK_SUCCESS)
    return ckpt_vulkan_fail(backend->context, "vkCreateCommandPool", result, NULL);
  code = ckpt_vulkan_allocate_commands(backend, 2, backend->transfer_commands);
  if (code != CKPT_OK)
    return code;
  VkFenceCreateInfo fence = {.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
  result = vk->vkCreateFence(backend->device, &fence, NULL, &backend->fence);
  if (result != VK_SUCCESS)
    return ckpt_vulkan_fail(backend->context, "vkCreateFence", result, NULL);
  return CKPT_OK;
}

/*--- vtable -----------------------------------------------------------------*/

static void ckpt_vulkan_destroy(ckpt_backend_t *self) {
  ckpt_vulkan_backend_t *backend = (ckpt_vulkan_backend_t *)self;
  const ckpt_vulkan_api_t *vk = &backend->api;
  if (backend->device) {
    /* ckpt's submissions are all waited for; on the caller's device, the caller's work
     * is none of ckpt's business. */
    if (!backend->caller_device)
      vk->vkDeviceWaitIdle(backend->device);
    ckpt_vulkan_queue_destroy(backend);
    ckpt_vulkan_timestamps_release(backend);
    if (backend->control_pipeline)
      vk->vkDestroyPipeline(backend->device, backend->control_pipeline, NULL);
    if (backend->control_layout)
      vk->vkDestroyPipelineLayout(backend->device, backend->control_layout, NULL);
    if (backend->control_set_layout)
      vk->vkDestroyDescriptorSetLayout(backend->device, backend->control_set_layout, NULL);
    if (backend->control_module)
      vk->vkDestroyShaderModule(backend->device, backend->control_module, NULL);
    if (backend->fence)
      vk->vkDestroyFence(backend->device, backend->fence, NULL);
    if (backend->command_pool)
      vk->vkDestroyCommandPool(backend->device, backend->command_pool, NULL);
    if (!backend->caller_device)
      vk->vkDestroyDevice(backend->device, NULL);
  }
  if (backend->messenger)
    vk->vkDestroyDebugUtilsMessengerEXT(backend->instance, backend->messenger, NULL);
  if (backend->instance && !backend->caller_device)
    vk->vkDestroyInstance(backend->instance, NULL);
  ckpt_vulkan_api_close(&backend->api);
  while (backend->registered)
    ckpt_vulkan_unregister_buffer(&backend->base, backend->registered->registered_at);
  free(backend->transfers);
  free(backend->validation_message);
  free(backend);
}

static const ckpt_backend_vtable_t ckpt_vulkan_backend_vtable = {
    .destroy = ckpt_vulkan_destroy,
    .prepare_kernel = ckpt_vulkan_prepare_kernel,
    .release_kernel = ckpt_vulkan_release_kernel,
    .launch = ckpt_vulkan_launch,
    .register_buffer = ckpt_vulkan_register_buffer,
    .unregister_buffer = ckpt_vulkan_unregister_buffer,
    .submit_capacity = ckpt_vulkan_submit_capacity,
    .submit = ckpt_vulkan_submit,
    .finish = ckpt_vulkan_finish,
};

static ckpt_status_code_t ckpt_vulkan_backend_create(ckpt_context_t *context,
                                                     ckpt_backend_t **out_backend) {
  ckpt_vulkan_backend_t *backend = calloc(1, sizeof(*backend));
  if (!backend)
    return ckpt_context_fail(context, CKPT_ERROR_OUT_OF_MEMORY,
                             "out of memory creating the Vulkan backend");
  backend->base.vtable = &ckpt_vulkan_backend_vtable;
  backend->context = context;
  const char *gating = getenv("CKPT_VULKAN_GATING");
  backend->host_gating = gating && strcmp(gating, "host") == 0;
  ckpt_vulkan_libraries_t before;
  ckpt_vulkan_libraries_list(&before);
  const ckpt_context_options_t *options = &context->options;
  backend->caller_device = options->vulkan.device != NULL;
  ckpt_status_code_t code =
      ckpt_vulkan_api_open(&backend->api, options->vulkan.get_instance_proc_addr, context);
  if (code == CKPT_OK)
    code = backend->caller_device ? ckpt_vulkan_adopt_instance(backend) : create_instance(backend);
  if (code == CKPT_OK && !backend->caller_device)
    code = select_device(backend);
  if (code == CKPT_OK)
    code = use_physical_device(backend);
  if (code == CKPT_OK && backend->caller_device) {
    backend->conditional = options->vulkan.conditional_rendering_enabled &&
                           !control_steps_requested(backend);
    read_conditional_options(backend);
    shader_features_t shader;
    query_shader_features(backend, &shader);
  }
  if (code == CKPT_OK && !backend->caller_device)
    code = create_device(backend);
  if (code == CKPT_OK)
    code = start_device(backend);
  ckpt_vulkan_libraries_pin_new(&before);
  ckpt_vulkan_libraries_release(&before);
  if (code == CKPT_OK)
    code = ckpt_vulkan_control_pipeline_create(backend);
  if (code == CKPT_OK)
    code = ckpt_vulkan_check(backend);
  if (code != CKPT_OK) {
    ckpt_vulkan_destroy(&backend->base);
    return code;
  }
  *out_backend = &backend->base;
  return CKPT_OK;
}

bool ckpt_vulkan_backend_stats(const ckpt_context_t *context, ckpt_vulkan_stats_t *out_stats) {
  if (!context || !context->backend || context->target != CKPT_TARGET_VULKAN)
    return false;
  *out_stats = ((const ckpt_vulkan_backend_t *)context->backend)->stats;
  return true;
}

const ckpt_backend_factory_t ckpt_vulkan_backend_factory = {
    .name = "vulkan",
    .target = CKPT_TARGET_VULKAN,
    .try_create = ckpt_vulkan_backend_create,
};
