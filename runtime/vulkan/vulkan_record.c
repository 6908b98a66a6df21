/* Recording a segment's command buffer (vulkan_program.h): the barriers between its
 * dispatches, the runtime's step dispatches and the tasks' indirect dispatches. */
#include "vulkan/vulkan_kernel.h"

/* Orders everything before against everything after: shader writes (and, at the start
 * of a segment, host writes) become visible to shaders and to indirect dispatch. */
static void barrier(const ckpt_vulkan_api_t *vk, VkCommandBuffer commands,
                    VkPipelineStageFlags source, VkAccessFlags source_access,
                    VkPipelineStageFlags destination, VkAccessFlags destination_access) {
  VkMemoryBarrier memory = {
      .sType = VK_STRUCTURE_TYPE_MEMORY_BARRIER,
      .srcAccessMask = source_access,
      .dstAccessMask = destination_access,
  };
  vk->vkCmdPipelineBarrier(commands, source, destination, 0, 1, &memory, 0, NULL, 0, NULL);
}

/* Before a dispatch: writes of the stages `source` become visible to shaders and, when
 * `gating` (the device may have written dispatch sizes or read a flag since), to indirect
 * dispatch and, in conditional mode, to conditional rendering, which reads a yield flag
 * that the tasks before may have written. A barrier that waits for those stages costs a
 * GPU more (bench/vulkan/README.md). */
static void dispatch_barrier(const ckpt_vulkan_backend_t *backend, VkCommandBuffer commands,
                             VkPipelineStageFlags source, VkAccessFlags source_access,
                             bool gating) {
  VkPipelineStageFlags stages = VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT;
  VkAccessFlags reads = VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT;
  if (gating) {
    stages |= VK_PIPELINE_STAGE_DRAW_INDIRECT_BIT;
    reads |= VK_ACCESS_INDIRECT_COMMAND_READ_BIT;
  }
  if (gating && backend->conditional) {
    stages |= VK_PIPELINE_STAGE_CONDITIONAL_RENDERING_BIT_EXT;
    reads |= VK_ACCESS_CONDITIONAL_RENDERING_READ_BIT_EXT;
  }
  barrier(&backend->api, commands, source, source_access, stages, reads);
}

/* One workgroup of the runtime's step shader for step `step`. */
static void record_step_dispatch(ckpt_vulkan_kernel_t *kernel, VkCommandBuffer commands,
                                 int64_t step) {
  ckpt_vulkan_backend_t *backend = kernel->backend;
  const ckpt_vulkan_api_t *vk = &backend->api;
  uint32_t offsets[3] = {(uint32_t)(STEP_WORDS * step), kernel->grids_base, kernel->indirect_base};
  vk->vkCmdBindPipeline(commands, VK_PIPELINE_BIND_POINT_COMPUTE, backend->control_pipeline);
  vk->vkCmdBindDescriptorSets(commands, VK_PIPELINE_BIND_POINT_COMPUTE, backend->control_layout, 0,
                              1, &kernel->step_sets[step], 0, NULL);
  vk->vkCmdPushConstants(commands, backend->control_layout, VK_SHADER_STAGE_COMPUTE_BIT, 0,
                         sizeof(offsets), offsets);
  vk->vkCmdDispatch(commands, 1, 1, 1);
}

/* Begins a conditional rendering scope on step `step`'s yield flag: dispatches in it run
 * only while the flag is non-zero, or with `inverted` only while it is zero. */
static void begin_on_flag(ckpt_vulkan_kernel_t *kernel, VkCommandBuffer commands, int64_t step,
                          bool inverted) {
  const ckpt_vulkan_binding_t *flag = &kernel->step_flags[step];
  VkConditionalRenderingBeginInfoEXT condition = {
      .sType = VK_STRUCTURE_TYPE_CONDITIONAL_RENDERING_BEGIN_INFO_EXT,
      .buffer = flag->buffer,
      .offset = flag->offset,
      .flags = inverted ? VK_CONDITIONAL_RENDERING_INVERTED_BIT_EXT : 0,
  };
  kernel->backend->api.vkCmdBeginConditionalRenderingEXT(commands, &condition);
}

/* Conditional mode: the yield step of step `step`, run only when its checkpoint's flag
 * is non-zero (the barrier after the checkpoint's last task makes the flag visible). */
static void record_yield_check(ckpt_vulkan_kernel_t *kernel, VkCommandBuffer commands,
                               int64_t step) {
  begin_on_flag(kernel, commands, step, false);
  record_step_dispatch(kernel, commands, step);
  kernel->backend->api.vkCmdEndConditionalRenderingEXT(commands);
}

/* Records segment `segment` into `commands`, begun and not yet ended, from the barrier
 * after the host's writes to the one towards the host. With `overlap` (conditional mode)
 * a yield check gets no barrier of its own: it runs beside the first task of the group
 * after it, which is recorded under the inverted condition, so that exactly one of the
 * two runs; the yield check's zeroed sizes reach the group's later tasks through the
 * barrier after that first task. Only valid where every yield check that runs is armed,
 * i.e. unless the launch resumes at a group that follows a yield check in this segment
 * (ckpt_vulkan_enqueue then queues the variant without overlap). The last barrier makes
 * the shaders' writes visible to the host, or without `end_towards_host` to shaders. */
void ckpt_vulkan_record_segment_into(ckpt_vulkan_kernel_t *kernel, VkCommandBuffer commands,
                                     int64_t segment, bool overlap, bool end_towards_host) {
  ckpt_vulkan_backend_t *backend = kernel->backend;
  const ckpt_vulkan_api_t *vk = &backend->api;
  const ckpt_vulkan_program_t *program = &kernel->program;
  const ckpt_vulkan_segment_t *info = &program->segments[segment];
  /* Host writes before the submission (arguments, and in conditional mode the indirect
   * sizes) and shader writes of the segments before, yield steps among them. */
  dispatch_barrier(backend, commands,
                   VK_PIPELINE_STAGE_HOST_BIT | VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
                   VK_ACCESS_HOST_WRITE_BIT | VK_ACCESS_SHADER_WRITE_BIT, true);
  /* Within the segment, indirect sizes and flags need the gating stages only where the
   * segment has steps on the device; a barrier is recorded before the dispatch that needs
   * it, so the last one is left to the end barrier and the next segment's first. */
  bool gating = !backend->conditional;
  for (int64_t s = info->first_step; s < info->first_step + info->step_count; ++s)
    gating = gating || (program->steps[s].yield_cp >= 0 && !kernel->step_static[s]);
  bool pending = false;
#define FLUSH_BARRIER()                                                                    \
  do {                                                                                     \
    if (pending)                                                                           \
      dispatch_barrier(backend, commands, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,            \
                       VK_ACCESS_SHADER_WRITE_BIT, gating);                                \
    pending = false;                                                                       \
  } while (0)
  VkPipeline bound = VK_NULL_HANDLE;
  for (int64_t s = info->first_step; s < info->first_step + info->step_count; ++s) {
    const ckpt_vulkan_step_t *step = &program->steps[s];
    bool device_check = step->yield_cp >= 0 && !kernel->step_static[s];
    bool overlapped = overlap && device_check && step->task_count > 0;
    /* A control step runs before every group; in conditional mode only a yield check of
     * a flag the device may change. */
    if (!backend->conditional || device_check) {
      FLUSH_BARRIER();
      if (backend->conditional)
        record_yield_check(kernel, commands, s);
      else
        record_step_dispatch(kernel, commands, s);
      bound = backend->control_pipeline;
      pending = !overlapped;
    }
    for (int64_t t = step->first_task; t < step->first_task + step->task_count; ++t) {
      const ckpt_vulkan_task_t *task = &kernel->tasks[t];
      FLUSH_BARRIER();
      if (task->pipeline->pipeline != bound)
        vk->vkCmdBindPipeline(commands, VK_PIPELINE_BIND_POINT_COMPUTE, task->pipeline->pipeline);
      bound = task->pipeline->pipeline;
      vk->vkCmdBindDescriptorSets(commands, VK_PIPELINE_BIND_POINT_COMPUTE,
                                  task->pipeline->layout, 0, 1, &task->set, 0, NULL);
      bool first_overlapped = overlapped && t == step->first_task;
      if (first_overlapped)
        begin_on_flag(kernel, commands, s, true);
      vk->vkCmdDispatchIndirect(
          commands, kernel->control->buffer,
          (VkDeviceSize)(kernel->indirect_base + INDIRECT_WORDS * t) * sizeof(uint32_t));
      if (first_overlapped)
        vk->vkCmdEndConditionalRenderingEXT(commands);
      pending = true;
    }
  }
#undef FLUSH_BARRIER
  if (end_towards_host)
    barrier(vk, commands, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_WRITE_BIT,
            VK_PIPELINE_STAGE_HOST_BIT, VK_ACCESS_HOST_READ_BIT);
  else
    barrier(vk, commands, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_WRITE_BIT,
            VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
            VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT);
}

VkCommandBuffer ckpt_vulkan_segment_commands(const ckpt_vulkan_kernel_t *kernel, int64_t segment,
                                             bool overlap) {
  /* The variants without overlap follow the segments' own when the kernel has both. */
  return kernel
      ->commands[segment + (kernel->overlap && !overlap ? kernel->program.segment_count : 0)];
}

ckpt_status_code_t ckpt_vulkan_begin_reused(ckpt_vulkan_kernel_t *kernel,
                                            VkCommandBuffer commands) {
  /* Launches of the same arguments may submit it again while it is pending. */
  VkCommandBufferBeginInfo begin = {
      .sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO,
      .flags = VK_COMMAND_BUFFER_USAGE_SIMULTANEOUS_USE_BIT,
  };
  VkResult result = kernel->backend->api.vkBeginCommandBuffer(commands, &begin);
  if (result != VK_SUCCESS)
    return ckpt_vulkan_fail(context_of(kernel), "vkBeginCommandBuffer", result, NULL);
  return CKPT_OK;
}

ckpt_status_code_t ckpt_vulkan_record_segment(ckpt_vulkan_kernel_t *kernel, int64_t segment,
                                              bool overlap) {
  const ckpt_vulkan_api_t *vk = &kernel->backend->api;
  VkCommandBuffer commands = ckpt_vulkan_segment_commands(kernel, segment, overlap);
  ckpt_status_code_t code = ckpt_vulkan_begin_reused(kernel, commands);
  if (code != CKPT_OK)
    return code;
  ckpt_vulkan_record_segment_into(kernel, commands, segment, overlap, true);
  kernel->recording = ++kernel->backend->next_recording;
  VkResult result = vk->vkEndCommandBuffer(commands);
  if (result != VK_SUCCESS)
    return ckpt_vulkan_fail(context_of(kernel), "vkEndCommandBuffer", result, NULL);
  kernel->dirty[segment] = false;
  return CKPT_OK;
}
