/* A framework's own Vulkan objects: its instance, physical device, device and queue
 * (ckpt_context_options_t.vulkan), taken as they are, checked where Vulkan lets the
 * backend check, and left to the caller to destroy; and its buffers, registered as memref
 * storage (ckpt_context_register_device_buffer). */
#include <stdlib.h>

#include "core/context.h"
#include "vulkan/vulkan_backend.h"

/* The queue family must exist and compute, and the queue index lie within the family. */
static ckpt_status_code_t check_queue(ckpt_vulkan_backend_t *backend) {
  const ckpt_vulkan_api_t *vk = &backend->api;
  uint32_t count = 0;
  vk->vkGetPhysicalDeviceQueueFamilyProperties(backend->physical_device, &count, NULL);
  VkQueueFamilyProperties *families = calloc(count ? count : 1, sizeof(*families));
  if (!families)
    return ckpt_context_fail(backend->context, CKPT_ERROR_OUT_OF_MEMORY, "out of memory");
  vk->vkGetPhysicalDeviceQueueFamilyProperties(backend->physical_device, &count, families);
  ckpt_status_code_t code = CKPT_OK;
  uint32_t family = backend->queue_family;
  int64_t compute_family = -1;
  for (uint32_t i = 0; i < count && compute_family < 0; ++i)
    if (families[i].queueFlags & VK_QUEUE_COMPUTE_BIT)
      compute_family = i;
  if (family >= count || !(families[family].queueFlags & VK_QUEUE_COMPUTE_BIT))
    code = ckpt_context_fail(
        backend->context, CKPT_ERROR_INVALID_ARGUMENT,
        "options.vulkan.queue_family_index is %u but %s; pass a family with "
        "VK_QUEUE_COMPUTE_BIT (family %lld has it)",
        family,
        family >= count ? "the physical device has fewer queue families"
                        : "that family cannot run compute work",
        (long long)compute_family);
  else if (backend->queue_index >= families[family].queueCount)
    code = ckpt_context_fail(backend->context, CKPT_ERROR_INVALID_ARGUMENT,
                             "options.vulkan.queue_index is %u but queue family %u has %u "
                             "queue%s; pass an index below that, of a queue your device was "
                             "created with",
                             backend->queue_index, family, families[family].queueCount,
                             families[family].queueCount == 1 ? "" : "s");
  free(families);
  return code;
}

ckpt_status_code_t ckpt_vulkan_adopt_instance(ckpt_vulkan_backend_t *backend) {
  const ckpt_context_options_t *options = &backend->context->options;
  backend->instance = (VkInstance)options->vulkan.instance;
  backend->physical_device = (VkPhysicalDevice)options->vulkan.physical_device;
  backend->device = (VkDevice)options->vulkan.device;
  backend->queue_family = options->vulkan.queue_family_index;
  backend->queue_index = options->vulkan.queue_index;
  /* Validation layers are enabled when an instance is created; on the caller's they are
   * the caller's choice, and ckpt adds no messenger to it. */
  backend->validation = false;
  ckpt_status_code_t code = ckpt_vulkan_api_load_instance(&backend->api, backend->instance, false,
                                                          backend->context);
  if (code != CKPT_OK)
    return code;
  VkPhysicalDeviceProperties properties;
  backend->api.vkGetPhysicalDeviceProperties(backend->physical_device, &properties);
  /* Only create_device reads it, which is not called for the caller's device. */
  backend->api_version = properties.apiVersion;
  return check_queue(backend);
}

ckpt_vulkan_buffer_t *ckpt_vulkan_registered_find(const ckpt_vulkan_backend_t *backend,
                                                  const void *pointer) {
  const unsigned char *at = pointer;
  for (ckpt_vulkan_buffer_t *buffer = backend->registered; buffer; buffer = buffer->next_registered)
    if (at >= buffer->registered_at && at < buffer->registered_at + buffer->size)
      return buffer;
  return NULL;
}

ckpt_status_code_t ckpt_vulkan_register_buffer(ckpt_backend_t *self, uint64_t handle,
                                               uint64_t size, const void *pointer) {
  ckpt_vulkan_backend_t *backend = (ckpt_vulkan_backend_t *)self;
  ckpt_vulkan_buffer_t *buffer = calloc(1, sizeof(*buffer));
  if (!buffer)
    return ckpt_context_fail(backend->context, CKPT_ERROR_OUT_OF_MEMORY, "out of memory");
  /* Bindings tell buffers apart by serial: a new registration of a reused handle is a new
   * buffer. */
  buffer->buffer = (VkBuffer)(uintptr_t)handle;
  buffer->size = size;
  buffer->serial = ++backend->next_buffer_serial;
  buffer->registered_at = pointer;
  buffer->next_registered = backend->registered;
  backend->registered = buffer;
  return CKPT_OK;
}

void ckpt_vulkan_unregister_buffer(ckpt_backend_t *self, const void *pointer) {
  ckpt_vulkan_backend_t *backend = (ckpt_vulkan_backend_t *)self;
  for (ckpt_vulkan_buffer_t **at = &backend->registered; *at; at = &(*at)->next_registered)
    if ((*at)->registered_at == pointer) {
      ckpt_vulkan_buffer_t *buffer = *at;
      *at = buffer->next_registered;
      free(buffer);
      return;
    }
}
