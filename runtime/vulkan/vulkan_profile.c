/* Device time of a launch while profiling (ckpt/profile.h): a timestamp at the top of the
 * submission's first command buffer and one at the bottom of its last. Submission order
 * makes the second wait for every command before it, so their difference is the time the
 * device spent on the submission, copies in and back included. Both command buffers are
 * recorded once and reused: each launch waits for its fence before the next submits. */
#include "core/context.h"
#include "vulkan/vulkan_backend.h"

static ckpt_status_code_t record_one(ckpt_vulkan_backend_t *backend, VkCommandBuffer commands,
                                     bool first) {
  const ckpt_vulkan_api_t *vk = &backend->api;
  VkCommandBufferBeginInfo begin = {.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
  VkResult result = vk->vkBeginCommandBuffer(commands, &begin);
  if (result != VK_SUCCESS)
    return ckpt_vulkan_fail(backend->context, "vkBeginCommandBuffer", result, NULL);
  if (first) {
    vk->vkCmdResetQueryPool(commands, backend->timestamp_pool, 0, 2);
    vk->vkCmdWriteTimestamp(commands, VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, backend->timestamp_pool,
                            0);
  } else {
    vk->vkCmdWriteTimestamp(commands, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT,
                            backend->timestamp_pool, 1);
  }
  result = vk->vkEndCommandBuffer(commands);
  if (result != VK_SUCCESS)
    return ckpt_vulkan_fail(backend->context, "vkEndCommandBuffer", result, NULL);
  return CKPT_OK;
}

/* The queue family's timestampValidBits decides: 0 means no timestamps on this queue,
 * whatever timestampComputeAndGraphics says about the device. */
static ckpt_status_code_t create_timestamps(ckpt_vulkan_backend_t *backend) {
  const ckpt_vulkan_api_t *vk = &backend->api;
  backend->timestamps_supported = -1;
  if (!vk->vkCreateQueryPool || !vk->vkDestroyQueryPool || !vk->vkCmdResetQueryPool ||
      !vk->vkCmdWriteTimestamp || !vk->vkGetQueryPoolResults)
    return CKPT_OK;
  uint32_t family_count = 0;
  vk->vkGetPhysicalDeviceQueueFamilyProperties(backend->physical_device, &family_count, NULL);
  if (backend->queue_family >= family_count || family_count > 64)
    return CKPT_OK;
  VkQueueFamilyProperties families[64];
  vk->vkGetPhysicalDeviceQueueFamilyProperties(backend->physical_device, &family_count, families);
  uint32_t valid_bits = families[backend->queue_family].timestampValidBits;
  if (valid_bits == 0 || backend->properties.limits.timestampPeriod <= 0.0f)
    return CKPT_OK;
  backend->timestamp_mask = valid_bits >= 64 ? UINT64_MAX : (UINT64_C(1) << valid_bits) - 1;
  VkQueryPoolCreateInfo pool = {
      .sType = VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO,
      .queryType = VK_QUERY_TYPE_TIMESTAMP,
      .queryCount = 2,
  };
  VkResult result = vk->vkCreateQueryPool(backend->device, &pool, NULL, &backend->timestamp_pool);
  if (result != VK_SUCCESS)
    return ckpt_vulkan_fail(backend->context, "vkCreateQueryPool", result, NULL);
  ckpt_status_code_t code =
      ckpt_vulkan_allocate_commands(backend, 2, backend->timestamp_commands);
  if (code == CKPT_OK)
    code = record_one(backend, backend->timestamp_commands[0], true);
  if (code == CKPT_OK)
    code = record_one(backend, backend->timestamp_commands[1], false);
  if (code == CKPT_OK)
    backend->timestamps_supported = 1;
  return code;
}

ckpt_status_code_t ckpt_vulkan_timestamps_commands(ckpt_vulkan_backend_t *backend,
                                                   VkCommandBuffer out_commands[2]) {
  out_commands[0] = out_commands[1] = VK_NULL_HANDLE;
  if (backend->timestamps_supported == 0) {
    ckpt_status_code_t code = create_timestamps(backend);
    if (code != CKPT_OK) {
      backend->timestamps_supported = 0; /* asked again by the next profiled launch */
      ckpt_vulkan_timestamps_release(backend);
      return code;
    }
  }
  if (backend->timestamps_supported < 0)
    return CKPT_OK;
  out_commands[0] = backend->timestamp_commands[0];
  out_commands[1] = backend->timestamp_commands[1];
  return CKPT_OK;
}

ckpt_status_code_t ckpt_vulkan_timestamps_read(ckpt_vulkan_backend_t *backend,
                                               ckpt_profile_t *profile) {
  const ckpt_vulkan_api_t *vk = &backend->api;
  uint64_t ticks[2];
  VkResult result =
      vk->vkGetQueryPoolResults(backend->device, backend->timestamp_pool, 0, 2, sizeof(ticks),
                                ticks, sizeof(ticks[0]),
                                VK_QUERY_RESULT_64_BIT | VK_QUERY_RESULT_WAIT_BIT);
  if (result != VK_SUCCESS)
    return ckpt_vulkan_fail(backend->context, "vkGetQueryPoolResults", result, NULL);
  uint64_t elapsed = (ticks[1] - ticks[0]) & backend->timestamp_mask;
  ckpt_profile_add_device(profile,
                          (uint64_t)((double)elapsed * backend->properties.limits.timestampPeriod));
  return CKPT_OK;
}

void ckpt_vulkan_timestamps_release(ckpt_vulkan_backend_t *backend) {
  const ckpt_vulkan_api_t *vk = &backend->api;
  if (backend->timestamp_commands[0])
    vk->vkFreeCommandBuffers(backend->device, backend->command_pool, 2,
                             backend->timestamp_commands);
  backend->timestamp_commands[0] = backend->timestamp_commands[1] = VK_NULL_HANDLE;
  if (backend->timestamp_pool)
    vk->vkDestroyQueryPool(backend->device, backend->timestamp_pool, NULL);
  backend->timestamp_pool = VK_NULL_HANDLE;
}
