/* Buffers in host-visible, coherent memory. Every buffer the backend makes lives there:
 * mirrors of host arguments are then uploaded and downloaded with memcpy, and the host
 * reads a do-while condition or the gating state straight from the mapping. On a device
 * whose host-visible memory is slow for shaders this trades kernel bandwidth for
 * simplicity; lavapipe, the CI device, has only such memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/context.h"
#include "vulkan/vulkan_backend.h"

ckpt_status_code_t ckpt_vulkan_buffer_create(ckpt_vulkan_backend_t *backend, VkDeviceSize bytes,
                                             VkBufferUsageFlags usage,
                                             ckpt_vulkan_buffer_t **out_buffer) {
  const ckpt_vulkan_api_t *vk = &backend->api;
  ckpt_context_t *context = backend->context;
  *out_buffer = NULL;
  ckpt_vulkan_buffer_t *buffer = calloc(1, sizeof(*buffer));
  if (!buffer)
    return ckpt_context_fail(context, CKPT_ERROR_OUT_OF_MEMORY, "out of memory");
  /* Rounded up to whole words: shaders address storage buffers in 4-byte units. */
  buffer->size = bytes < 4 ? 4 : (bytes + 3) & ~(VkDeviceSize)3;
  buffer->serial = ++backend->next_buffer_serial;
  VkBufferCreateInfo info = {
      .sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO,
      .size = buffer->size,
      .usage = usage | VK_BUFFER_USAGE_STORAGE_BUFFER_BIT,
      .sharingMode = VK_SHARING_MODE_EXCLUSIVE,
  };
  VkResult result = vk->vkCreateBuffer(backend->device, &info, NULL, &buffer->buffer);
  if (result != VK_SUCCESS) {
    free(buffer);
    return ckpt_vulkan_fail(context, "vkCreateBuffer", result, NULL);
  }
  VkMemoryRequirements requirements;
  vk->vkGetBufferMemoryRequirements(backend->device, buffer->buffer, &requirements);
  if (!(requirements.memoryTypeBits & (1u << backend->host_memory_type))) {
    ckpt_vulkan_buffer_destroy(backend, buffer);
    return ckpt_context_fail(context, CKPT_ERROR_BACKEND,
                             "the Vulkan device cannot place a storage buffer in host-visible "
                             "coherent memory (memory type %u), which this backend needs",
                             backend->host_memory_type);
  }
  VkMemoryAllocateInfo allocate = {
      .sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO,
      .allocationSize = requirements.size,
      .memoryTypeIndex = backend->host_memory_type,
  };
  const char *call = "vkAllocateMemory";
  result = vk->vkAllocateMemory(backend->device, &allocate, NULL, &buffer->memory);
  if (result == VK_SUCCESS) {
    call = "vkBindBufferMemory";
    result = vk->vkBindBufferMemory(backend->device, buffer->buffer, buffer->memory, 0);
  }
  if (result == VK_SUCCESS) {
    call = "vkMapMemory";
    void *mapped = NULL;
    result = vk->vkMapMemory(backend->device, buffer->memory, 0, VK_WHOLE_SIZE, 0, &mapped);
    buffer->mapped = mapped;
  }
  if (result != VK_SUCCESS) {
    char detail[64];
    snprintf(detail, sizeof detail, "allocating a %llu-byte buffer",
             (unsigned long long)buffer->size);
    ckpt_vulkan_buffer_destroy(backend, buffer);
    return ckpt_vulkan_fail(context, call, result, detail);
  }
  memset(buffer->mapped, 0, (size_t)buffer->size);
  *out_buffer = buffer;
  return CKPT_OK;
}

void ckpt_vulkan_buffer_destroy(ckpt_vulkan_backend_t *backend, ckpt_vulkan_buffer_t *buffer) {
  if (!buffer)
    return;
  const ckpt_vulkan_api_t *vk = &backend->api;
  if (buffer->mapped)
    vk->vkUnmapMemory(backend->device, buffer->memory);
  if (buffer->buffer)
    vk->vkDestroyBuffer(backend->device, buffer->buffer, NULL);
  if (buffer->memory)
    vk->vkFreeMemory(backend->device, buffer->memory, NULL);
  free(buffer);
}

static bool ckpt_vulkan_is_device_pointer(void *user, const void *pointer) {
  (void)user;
  (void)pointer;
  return false;
}

static ckpt_status_code_t ckpt_vulkan_allocate(void *user, size_t bytes, void **out_buffer,
                                               uint64_t *out_address) {
  ckpt_vulkan_backend_t *backend = user;
  /* A yield flag is an argument, and conditional rendering reads it where it lies. */
  VkBufferUsageFlags usage =
      backend->conditional ? VK_BUFFER_USAGE_CONDITIONAL_RENDERING_BIT_EXT : 0;
  ckpt_vulkan_buffer_t *buffer = NULL;
  ckpt_status_code_t code = ckpt_vulkan_buffer_create(backend, bytes, usage, &buffer);
  *out_buffer = buffer;
  *out_address = 0;
  return code;
}

static void ckpt_vulkan_release(void *user, void *buffer) {
  ckpt_vulkan_buffer_destroy(user, buffer);
}

static ckpt_status_code_t ckpt_vulkan_upload(void *user, void *buffer, const void *host,
                                             size_t bytes) {
  (void)user;
  memcpy(((ckpt_vulkan_buffer_t *)buffer)->mapped, host, bytes);
  return CKPT_OK;
}

static ckpt_status_code_t ckpt_vulkan_download(void *user, void *buffer, void *host,
                                               size_t bytes) {
  (void)user;
  memcpy(host, ((ckpt_vulkan_buffer_t *)buffer)->mapped, bytes);
  return CKPT_OK;
}

ckpt_device_memory_t ckpt_vulkan_device_memory(ckpt_vulkan_backend_t *backend) {
  return (ckpt_device_memory_t){
      .user = backend,
      .mirror_from_aligned = true,
      .is_device_pointer = ckpt_vulkan_is_device_pointer,
      .allocate = ckpt_vulkan_allocate,
      .release = ckpt_vulkan_release,
      .upload = ckpt_vulkan_upload,
      .download = ckpt_vulkan_download,
  };
}
