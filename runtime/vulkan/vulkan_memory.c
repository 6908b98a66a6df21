/* Buffers, in the memory CKPT_VULKAN_MEMORY chooses (vulkan_backend.h):
 *  - host: host-visible coherent memory for everything; shaders reach it over the bus on
 *    a discrete GPU; the only kind lavapipe has;
 *  - mapped: device-local memory the host can map (a GPU's BAR) where the device has it;
 *  - staged: mirrors of host arguments in device-local memory, each with a host-visible
 *    staging buffer; uploads are copied to the device at the start of the next submission
 *    and every mirror is copied back at the end of each one (the host reads the gating
 *    state and do-while conditions there), or for queued launches with the first launch
 *    in flight and after the last (vulkan_queue.c). An upload whose bytes equal the staging
 *    buffer's, when the device copy is known to hold them too, is not copied again.
 *    Mirrors of at most CKPT_VULKAN_SMALL_MIRROR bytes (yield flags, conditions, the
 *    gating state) are mapped instead: a copy costs the GPU as much as a dispatch, and the
 *    host reads a few words through the mapping faster.
 * The runtime's own buffers (the control and scalar buffers the host writes before each
 * launch) are mapped device-local memory in both device modes, where there is some. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/context.h"
#include "vulkan/vulkan_backend.h"

enum {
  HOST_COHERENT = VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT,
  CKPT_VULKAN_SMALL_MIRROR = 64,
};

/* The first memory type allowed by `bits` that has `required` and `preferred`, else the
 * first with `required`; UINT32_MAX if none. */
static uint32_t choose_type(const VkPhysicalDeviceMemoryProperties *memory, uint32_t bits,
                            VkMemoryPropertyFlags required, VkMemoryPropertyFlags preferred) {
  uint32_t fallback = UINT32_MAX;
  for (uint32_t i = 0; i < memory->memoryTypeCount; ++i) {
    VkMemoryPropertyFlags flags = memory->memoryTypes[i].propertyFlags;
    if (!(bits & (1u << i)) || (flags & required) != required)
      continue;
    if ((flags & preferred) == preferred)
      return i;
    if (fallback == UINT32_MAX)
      fallback = i;
  }
  return fallback;
}

/* Creates `*out_buffer` and `*out_memory` of `size` bytes in memory with `required`
 * (preferring `preferred`), mapped into `*out_mapped` when host-visible. */
static ckpt_status_code_t create_raw(ckpt_vulkan_backend_t *backend, VkDeviceSize size,
                                     VkBufferUsageFlags usage, VkMemoryPropertyFlags required,
                                     VkMemoryPropertyFlags preferred, VkBuffer *out_buffer,
                                     VkDeviceMemory *out_memory, unsigned char **out_mapped) {
  const ckpt_vulkan_api_t *vk = &backend->api;
  ckpt_context_t *context = backend->context;
  VkBufferCreateInfo info = {
      .sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO,
      .size = size,
      .usage = usage,
      .sharingMode = VK_SHARING_MODE_EXCLUSIVE,
  };
  VkResult result = vk->vkCreateBuffer(backend->device, &info, NULL, out_buffer);
  if (result != VK_SUCCESS)
    return ckpt_vulkan_fail(context, "vkCreateBuffer", result, NULL);
  VkMemoryRequirements requirements;
  vk->vkGetBufferMemoryRequirements(backend->device, *out_buffer, &requirements);
  uint32_t type = choose_type(&backend->memory_properties, requirements.memoryTypeBits, required,
                              preferred);
  if (type == UINT32_MAX)
    return ckpt_context_fail(context, CKPT_ERROR_BACKEND,
                             "the Vulkan device has no memory type with properties 0x%x for a "
                             "storage buffer",
                             (unsigned)required);
  VkMemoryAllocateInfo allocate = {
      .sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO,
      .allocationSize = requirements.size,
      .memoryTypeIndex = type,
  };
  const char *call = "vkAllocateMemory";
  result = vk->vkAllocateMemory(backend->device, &allocate, NULL, out_memory);
  if (result == VK_SUCCESS) {
    call = "vkBindBufferMemory";
    result = vk->vkBindBufferMemory(backend->device, *out_buffer, *out_memory, 0);
  }
  if (result == VK_SUCCESS && out_mapped) {
    call = "vkMapMemory";
    void *mapped = NULL;
    result = vk->vkMapMemory(backend->device, *out_memory, 0, VK_WHOLE_SIZE, 0, &mapped);
    *out_mapped = mapped;
  }
  if (result != VK_SUCCESS) {
    char detail[64];
    snprintf(detail, sizeof detail, "allocating a %llu-byte buffer", (unsigned long long)size);
    return ckpt_vulkan_fail(context, call, result, detail);
  }
  if (out_mapped)
    memset(*out_mapped, 0, (size_t)size);
  return CKPT_OK;
}

ckpt_status_code_t ckpt_vulkan_buffer_create(ckpt_vulkan_backend_t *backend, VkDeviceSize bytes,
                                             VkBufferUsageFlags usage, bool mirror,
                                             ckpt_vulkan_buffer_t **out_buffer) {
  *out_buffer = NULL;
  ckpt_vulkan_buffer_t *buffer = calloc(1, sizeof(*buffer));
  if (!buffer)
    return ckpt_context_fail(backend->context, CKPT_ERROR_OUT_OF_MEMORY, "out of memory");
  /* Rounded up to whole words: shaders address storage buffers in 4-byte units. */
  buffer->size = bytes < 4 ? 4 : (bytes + 3) & ~(VkDeviceSize)3;
  buffer->serial = ++backend->next_buffer_serial;
  usage |= VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;
  ckpt_status_code_t code;
  if (mirror && backend->memory_mode == CKPT_VULKAN_MEMORY_STAGED &&
      buffer->size > CKPT_VULKAN_SMALL_MIRROR) {
    code = create_raw(backend, buffer->size,
                      usage | VK_BUFFER_USAGE_TRANSFER_SRC_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                      VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT, 0, &buffer->buffer, &buffer->memory,
                      NULL);
    if (code == CKPT_OK)
      code = create_raw(backend, buffer->size,
                        VK_BUFFER_USAGE_TRANSFER_SRC_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                        HOST_COHERENT, VK_MEMORY_PROPERTY_HOST_CACHED_BIT, &buffer->staging,
                        &buffer->staging_memory, &buffer->mapped);
  } else {
    VkMemoryPropertyFlags preferred = backend->memory_mode == CKPT_VULKAN_MEMORY_HOST
                                          ? 0
                                          : VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT;
    code = create_raw(backend, buffer->size, usage, HOST_COHERENT, preferred, &buffer->buffer,
                      &buffer->memory, &buffer->mapped);
  }
  if (code != CKPT_OK) {
    ckpt_vulkan_buffer_destroy(backend, buffer);
    return code;
  }
  *out_buffer = buffer;
  return CKPT_OK;
}

/* Forgets `buffer` in the launch's transfer list. */
static void forget_transfer(ckpt_vulkan_backend_t *backend, const ckpt_vulkan_buffer_t *buffer) {
  for (size_t i = 0; i < backend->transfer_count; ++i)
    if (backend->transfers[i] == buffer) {
      backend->transfers[i] = backend->transfers[--backend->transfer_count];
      return;
    }
}

void ckpt_vulkan_buffer_destroy(ckpt_vulkan_backend_t *backend, ckpt_vulkan_buffer_t *buffer) {
  if (!buffer)
    return;
  const ckpt_vulkan_api_t *vk = &backend->api;
  forget_transfer(backend, buffer);
  VkDeviceMemory mapped_memory = buffer->staging ? buffer->staging_memory : buffer->memory;
  if (buffer->mapped)
    vk->vkUnmapMemory(backend->device, mapped_memory);
  if (buffer->staging)
    vk->vkDestroyBuffer(backend->device, buffer->staging, NULL);
  if (buffer->staging_memory)
    vk->vkFreeMemory(backend->device, buffer->staging_memory, NULL);
  if (buffer->buffer)
    vk->vkDestroyBuffer(backend->device, buffer->buffer, NULL);
  if (buffer->memory)
    vk->vkFreeMemory(backend->device, buffer->memory, NULL);
  free(buffer);
}

/*--- staged transfers -------------------------------------------------------*/

static void transfer_barrier(const ckpt_vulkan_api_t *vk, VkCommandBuffer commands,
                             VkPipelineStageFlags source, VkAccessFlags source_access,
                             VkPipelineStageFlags destination, VkAccessFlags destination_access) {
  VkMemoryBarrier memory = {
      .sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER,
      .srcAccessMask = source_access,
      .dstAccessMask = destination_access,
  };
  vk->vkCmdPipelineBarrier(commands, source, destination, 0, 1, &memory, 0, NULL, 0, NULL);
}

/* Records into `commands` a copy of each transfer buffer (only those with an upload
 * pending when `upload`) between its staging and device buffers, between barriers. */
static ckpt_status_code_t record_copies(ckpt_vulkan_backend_t *backend, VkCommandBuffer commands,
                                        bool upload) {
  const ckpt_vulkan_api_t *vk = &backend->api;
  VkCommandBufferBeginInfo begin = {
      .sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO,
      .flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT,
  };
  VkResult result = vk->vkBeginCommandBuffer(commands, &begin);
  if (result != VK_SUCCESS)
    return ckpt_vulkan_fail(backend->context, "vkBeginCommandBuffer", result, NULL);
  VkPipelineStageFlags device_stages =
      VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_DRAW_INDIRECT_BIT;
  VkAccessFlags device_reads = VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT |
                               VK_ACCESS_INDIRECT_COMMAND_READ_BIT;
  if (backend->conditional) {
    device_stages |= VK_PIPELINE_STAGE_CONDITIONAL_RENDERING_BIT_EXT;
    device_reads |= VK_ACCESS_CONDITIONAL_RENDERING_READ_BIT_EXT;
  }
  if (upload)
    transfer_barrier(vk, commands, VK_PIPELINE_STAGE_HOST_BIT, VK_ACCESS_HOST_WRITE_BIT,
                     VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_READ_BIT);
  else
    transfer_barrier(vk, commands, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
                     VK_ACCESS_SHADER_WRITE_BIT, VK_PIPELINE_STAGE_TRANSFER_BIT,
                     VK_ACCESS_TRANSFER_READ_BIT);
  for (size_t i = 0; i < backend->transfer_count; ++i) {
    ckpt_vulkan_buffer_t *buffer = backend->transfers[i];
    if (upload && !buffer->upload_pending)
      continue;
    if (upload)
      buffer->device_current = true;
    VkBufferCopy region = {0, 0, buffer->size};
    if (upload)
      vk->vkCmdCopyBuffer(commands, buffer->staging, buffer->buffer, 1, &region);
    else
      vk->vkCmdCopyBuffer(commands, buffer->buffer, buffer->staging, 1, &region);
    buffer->upload_pending = false;
  }
  if (upload)
    transfer_barrier(vk, commands, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
                     device_stages, device_reads);
  else
    transfer_barrier(vk, commands, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
                     VK_PIPELINE_STAGE_HOST_BIT, VK_ACCESS_HOST_READ_BIT);
  result = vk->vkEndCommandBuffer(commands);
  if (result != VK_SUCCESS)
    return ckpt_vulkan_fail(backend->context, "vkEndCommandBuffer", result, NULL);
  return CKPT_OK;
}

ckpt_status_code_t ckpt_vulkan_transfers_record_upload(ckpt_vulkan_backend_t *backend,
                                                       VkCommandBuffer *out_upload) {
  *out_upload = VK_NULL_HANDLE;
  if (backend->memory_mode != CKPT_VULKAN_MEMORY_STAGED || backend->transfer_count == 0 ||
      !backend->uploads_pending)
    return CKPT_OK;
  backend->uploads_pending = false;
  ckpt_status_code_t code = record_copies(backend, backend->transfer_commands[0], true);
  if (code == CKPT_OK)
    *out_upload = backend->transfer_commands[0];
  return code;
}

ckpt_status_code_t ckpt_vulkan_transfers_record_download(ckpt_vulkan_backend_t *backend,
                                                         VkCommandBuffer *out_download) {
  *out_download = VK_NULL_HANDLE;
  if (backend->memory_mode != CKPT_VULKAN_MEMORY_STAGED || backend->transfer_count == 0)
    return CKPT_OK;
  ckpt_status_code_t code = record_copies(backend, backend->transfer_commands[1], false);
  if (code == CKPT_OK)
    *out_download = backend->transfer_commands[1];
  return code;
}

ckpt_status_code_t ckpt_vulkan_transfers_record(ckpt_vulkan_backend_t *backend,
                                                VkCommandBuffer *out_upload,
                                                VkCommandBuffer *out_download) {
  *out_download = VK_NULL_HANDLE;
  ckpt_status_code_t code = ckpt_vulkan_transfers_record_upload(backend, out_upload);
  if (code == CKPT_OK)
    code = ckpt_vulkan_transfers_record_download(backend, out_download);
  return code;
}

void ckpt_vulkan_transfers_end_launch(ckpt_vulkan_backend_t *backend, bool completed) {
  for (size_t i = 0; i < backend->transfer_count; ++i) {
    ckpt_vulkan_buffer_t *buffer = backend->transfers[i];
    /* After a failure the device copy may differ from the staging one. */
    if (!completed || buffer->upload_pending)
      buffer->device_current = false;
    buffer->upload_pending = false;
  }
  backend->transfer_count = 0;
  backend->uploads_pending = false;
}

/*--- core/device.c's memory operations --------------------------------------*/

/* Host pointers never are; the ranges of the caller's registered buffers are. */
static bool ckpt_vulkan_is_device_pointer(void *user, const void *pointer) {
  return ckpt_vulkan_registered_find(user, pointer) != NULL;
}

static bool ckpt_vulkan_resolve_device_pointer(void *user, const void *pointer, void **out_buffer,
                                               uint64_t *out_byte_offset) {
  ckpt_vulkan_buffer_t *buffer = ckpt_vulkan_registered_find(user, pointer);
  if (!buffer)
    return false;
  *out_buffer = buffer;
  *out_byte_offset = (uint64_t)((const unsigned char *)pointer - buffer->registered_at);
  return true;
}

static ckpt_status_code_t ckpt_vulkan_allocate(void *user, size_t bytes, void **out_buffer,
                                               uint64_t *out_address) {
  ckpt_vulkan_backend_t *backend = user;
  /* A yield flag is an argument, and conditional rendering reads it where it lies. */
  VkBufferUsageFlags usage =
      backend->conditional ? VK_BUFFER_USAGE_CONDITIONAL_RENDERING_BIT_EXT : 0;
  ckpt_vulkan_buffer_t *buffer = NULL;
  ckpt_status_code_t code = ckpt_vulkan_buffer_create(backend, bytes, usage, true, &buffer);
  *out_buffer = buffer;
  *out_address = 0;
  return code;
}

static void ckpt_vulkan_release(void *user, void *buffer) {
  ckpt_vulkan_buffer_destroy(user, buffer);
}

/* Staged: the buffer joins the launch's transfers, copied in at the next submission. */
static ckpt_status_code_t ckpt_vulkan_upload(void *user, void *buffer, const void *host,
                                             size_t bytes) {
  ckpt_vulkan_backend_t *backend = user;
  ckpt_vulkan_buffer_t *vulkan_buffer = buffer;
  if (!vulkan_buffer->staging) {
    memcpy(vulkan_buffer->mapped, host, bytes);
    return CKPT_OK;
  }
  /* Staging and device copies agree after every submission's copy back. */
  if (!vulkan_buffer->device_current || memcmp(vulkan_buffer->mapped, host, bytes) != 0) {
    memcpy(vulkan_buffer->mapped, host, bytes);
    vulkan_buffer->upload_pending = true;
    backend->uploads_pending = true;
  }
  for (size_t i = 0; i < backend->transfer_count; ++i)
    if (backend->transfers[i] == vulkan_buffer)
      return CKPT_OK;
  if (backend->transfer_count == backend->transfer_capacity) {
    size_t capacity = backend->transfer_capacity ? 2 * backend->transfer_capacity : 16;
    ckpt_vulkan_buffer_t **grown =
        realloc(backend->transfers, capacity * sizeof(*backend->transfers));
    if (!grown)
      return ckpt_context_fail(backend->context, CKPT_ERROR_OUT_OF_MEMORY, "out of memory");
    backend->transfers = grown;
    backend->transfer_capacity = capacity;
  }
  backend->transfers[backend->transfer_count++] = vulkan_buffer;
  return CKPT_OK;
}

/* Staged: the staging buffer holds what the last submission copied back. */
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
      .resolve_device_pointer = ckpt_vulkan_resolve_device_pointer,
      .allocate = ckpt_vulkan_allocate,
      .release = ckpt_vulkan_release,
      .upload = ckpt_vulkan_upload,
      .download = ckpt_vulkan_download,
  };
}
