/* Asynchronous launches the device gates (core/backend.h, submit and finish;
 * docs/runtime-api.md, "Async").
 *
 * The context's *queue buffer* holds the queue gate (word 0: 0 while launches may run,
 * else the id of the launch that yielded) and a ring of slots, one per launch in flight.
 * A submission is [open the gate] [copies in] and the kernel's queued command buffer:
 * [gate step] [the kernel's segment] [report step]. The gate step (shaders/queue.comp)
 * takes the next slot from the device's count of launches (the host numbers its tickets
 * the same way, and submissions run in order), copies the gate into it and, when the gate
 * is closed, makes the launch's gating state "yielded" before any task, so that nothing of
 * it runs; the report step records in that slot whether the launch yielded and where, and
 * closes the gate with the launch's id. Opening the gate is a vkCmdFillBuffer that core
 * asks for in the first submission after the host saw a yield. So one command buffer,
 * recorded once per recording of the kernel's segment, serves every launch: three per
 * submission (the steps' own and the segment's) cost the GPU about 8 us more a launch
 * (bench/vulkan/README.md), and one per slot would be recorded again for each of them
 * whenever the arguments change.
 *
 * Only kernels with one segment qualify (a do-while needs the host between iterations),
 * and without host gating. Launches in flight together are of one kernel with the same
 * arguments (core guarantees it), so its queued command buffer stays valid while they
 * are; mirrors are uploaded before the first of them and downloaded
 * after the last, and stay on the device in between, where each launch finds what the
 * one before it left. In staged memory the first submission also copies the mirrors the
 * host changed from their staging buffers to the device, and finishing the last launch
 * in flight copies every mirror back with a submission of its own: whether a launch is
 * the last is only known when the next one is asked for or the host waits. The kernel's
 * gating state and control words are shared by its launches and rewritten on the device
 * by each gate step, in submission order; the host writes only the slot of a launch not
 * in flight. */
#include <stdlib.h>
#include <string.h>

#include "vulkan/vulkan_kernel.h"
#include "vulkan/vulkan_shaders.h"

enum {
  QUEUE_SLOTS = 64, /* divides 2^32, so the device's 32-bit launch count picks tickets' slots */
  GATE_WORDS = 4,   /* the gate, the device's launch count, the current slot, padding */
  SLOT_WORDS = 8,
};
/* A slot's words, as shaders/queue.comp reads and writes them. */
enum {
  SLOT_LAUNCH = 0,
  SLOT_FIRST_OPEN = 1,
  SLOT_RESUME_CP = 2,
  SLOT_SKIPPED_BY = 3,
  SLOT_YIELDED = 4, /* bit 0: yielded; bit 1: the kernels spent lavapipe's loop budget */
  SLOT_YIELD_CP = 5,
  SLOT_HOST_YIELD_STEP = 6,
  SLOT_HOST_YIELD_CP = 7,
};
enum { MODE_GATE = 0, MODE_REPORT = 1, PARAM_WORDS = 5 };

/* The gate's value for launch `id`: never 0, which means open. */
#define GATE_PERIOD 0xffffffffu
static uint32_t gate_of(uint64_t id) { return (uint32_t)((id - 1) % GATE_PERIOD) + 1; }

/* The launch at or before `launch_id` whose gate value is `gate`. */
static uint64_t launch_of(uint64_t launch_id, uint32_t gate) {
  return launch_id - ((uint64_t)gate_of(launch_id) + GATE_PERIOD - gate) % GATE_PERIOD;
}

typedef struct ckpt_vulkan_slot_t {
  VkFence fence;
  ckpt_vulkan_kernel_t *kernel; /* while in flight */
  uint64_t launch_id;
} ckpt_vulkan_slot_t;

struct ckpt_vulkan_queue_t {
  ckpt_vulkan_buffer_t *words;
  VkCommandBuffer open_gate;
  VkShaderModule module;
  VkDescriptorSetLayout set_layout;
  VkPipelineLayout layout;
  VkPipeline pipeline;
  ckpt_vulkan_slot_t slots[QUEUE_SLOTS];
  uint64_t next_ticket;
};

static uint32_t *queue_words(ckpt_vulkan_queue_t *queue) {
  return (uint32_t *)(void *)queue->words->mapped;
}

static uint32_t *slot_words(ckpt_vulkan_queue_t *queue, uint64_t ticket) {
  return queue_words(queue) + GATE_WORDS + SLOT_WORDS * (ticket % QUEUE_SLOTS);
}

int64_t ckpt_vulkan_submit_capacity(ckpt_backend_t *self, void *kernel_state) {
  ckpt_vulkan_backend_t *backend = (ckpt_vulkan_backend_t *)self;
  ckpt_vulkan_kernel_t *kernel = kernel_state;
  if (backend->host_gating || kernel->program.segment_count != 1 ||
      kernel->program.item_count != 1)
    return 0;
  return QUEUE_SLOTS;
}

/*--- the queue, made on the first submission ----------------------------------*/

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

static ckpt_status_code_t record_open_gate(ckpt_vulkan_backend_t *backend,
                                           ckpt_vulkan_queue_t *queue) {
  const ckpt_vulkan_api_t *vk = &backend->api;
  /* Several submissions that open the gate may be in flight at once. */
  VkCommandBufferBeginInfo begin = {
      .sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO,
      .flags = VK_COMMAND_BUFFER_USAGE_SIMULTANEOUS_USE_BIT,
  };
  VkResult result = vk->vkBeginCommandBuffer(queue->open_gate, &begin);
  if (result != VK_SUCCESS)
    return ckpt_vulkan_fail(backend->context, "vkBeginCommandBuffer", result, NULL);
  barrier(vk, queue->open_gate, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
          VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT, VK_PIPELINE_STAGE_TRANSFER_BIT,
          VK_ACCESS_TRANSFER_WRITE_BIT);
  vk->vkCmdFillBuffer(queue->open_gate, queue->words->buffer, 0, sizeof(uint32_t), 0);
  barrier(vk, queue->open_gate, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT,
          VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
          VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT);
  result = vk->vkEndCommandBuffer(queue->open_gate);
  if (result != VK_SUCCESS)
    return ckpt_vulkan_fail(backend->context, "vkEndCommandBuffer", result, NULL);
  return CKPT_OK;
}

static ckpt_status_code_t create_queue(ckpt_vulkan_backend_t *backend) {
  const ckpt_vulkan_api_t *vk = &backend->api;
  ckpt_vulkan_queue_t *queue = calloc(1, sizeof(*queue));
  if (!queue)
    return ckpt_context_fail(backend->context, CKPT_ERROR_OUT_OF_MEMORY, "out of memory");
  backend->queue_state = queue;
  ckpt_status_code_t code = ckpt_vulkan_buffer_create(
      backend, (GATE_WORDS + SLOT_WORDS * QUEUE_SLOTS) * sizeof(uint32_t),
      VK_BUFFER_USAGE_TRANSFER_DST_BIT, false, &queue->words);
  if (code == CKPT_OK)
    code = ckpt_vulkan_step_pipeline_create(backend, ckpt_vulkan_queue_spirv,
                                            ckpt_vulkan_queue_spirv_size, PARAM_WORDS,
                                            "the runtime's queue shader", &queue->module,
                                            &queue->set_layout, &queue->layout, &queue->pipeline);
  if (code != CKPT_OK)
    return code;
  /* The launch count starts where the tickets do. */
  memset(queue->words->mapped, 0, (size_t)queue->words->size);
  code = ckpt_vulkan_allocate_commands(backend, 1, &queue->open_gate);
  if (code != CKPT_OK)
    return code;
  for (int i = 0; i < QUEUE_SLOTS; ++i) {
    VkFenceCreateInfo fence = {.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
    VkResult result = vk->vkCreateFence(backend->device, &fence, NULL, &queue->slots[i].fence);
    if (result != VK_SUCCESS)
      return ckpt_vulkan_fail(backend->context, "vkCreateFence", result, NULL);
  }
  return record_open_gate(backend, queue);
}

void ckpt_vulkan_queue_destroy(ckpt_vulkan_backend_t *backend) {
  ckpt_vulkan_queue_t *queue = backend->queue_state;
  if (!queue)
    return;
  const ckpt_vulkan_api_t *vk = &backend->api;
  for (int i = 0; i < QUEUE_SLOTS; ++i)
    if (queue->slots[i].fence)
      vk->vkDestroyFence(backend->device, queue->slots[i].fence, NULL);
  if (queue->pipeline)
    vk->vkDestroyPipeline(backend->device, queue->pipeline, NULL);
  if (queue->layout)
    vk->vkDestroyPipelineLayout(backend->device, queue->layout, NULL);
  if (queue->set_layout)
    vk->vkDestroyDescriptorSetLayout(backend->device, queue->set_layout, NULL);
  if (queue->module)
    vk->vkDestroyShaderModule(backend->device, queue->module, NULL);
  /* Command buffers go with the backend's pool. */
  ckpt_vulkan_buffer_destroy(backend, queue->words);
  free(queue);
  backend->queue_state = NULL;
}

/*--- per kernel ----------------------------------------------------------------*/

/* The descriptor set of the kernel's queue steps: its gating state, its control words,
 * the queue buffer. All three stay for the kernel's life. */
static ckpt_status_code_t create_kernel_set(ckpt_vulkan_kernel_t *kernel,
                                            ckpt_vulkan_queue_t *queue) {
  ckpt_vulkan_backend_t *backend = kernel->backend;
  const ckpt_vulkan_api_t *vk = &backend->api;
  VkDescriptorPoolSize size = {VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, 3};
  VkDescriptorPoolCreateInfo pool = {
      .sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO,
      .maxSets = 1,
      .poolSizeCount = 1,
      .pPoolSizes = &size,
  };
  VkResult result = vk->vkCreateDescriptorPool(backend->device, &pool, NULL, &kernel->queue_pool);
  if (result != VK_SUCCESS)
    return ckpt_vulkan_fail(context_of(kernel), "vkCreateDescriptorPool", result, NULL);
  VkDescriptorSetAllocateInfo info = {
      .sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO,
      .descriptorPool = kernel->queue_pool,
      .descriptorSetCount = 1,
      .pSetLayouts = &queue->set_layout,
  };
  result = vk->vkAllocateDescriptorSets(backend->device, &info, &kernel->queue_set);
  if (result != VK_SUCCESS)
    return ckpt_vulkan_fail(context_of(kernel), "vkAllocateDescriptorSets", result, NULL);
  const ckpt_vulkan_buffer_t *buffers[3] = {state_buffer(kernel), kernel->control, queue->words};
  VkDescriptorBufferInfo infos[3];
  VkWriteDescriptorSet writes[3];
  for (uint32_t i = 0; i < 3; ++i) {
    infos[i] = (VkDescriptorBufferInfo){buffers[i]->buffer, 0, VK_WHOLE_SIZE};
    writes[i] = (VkWriteDescriptorSet){
        .sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET,
        .dstSet = kernel->queue_set,
        .dstBinding = i,
        .descriptorCount = 1,
        .descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
        .pBufferInfo = &infos[i],
    };
  }
  vk->vkUpdateDescriptorSets(backend->device, 3, writes, 0, NULL);
  return ckpt_vulkan_allocate_commands(backend, 2, kernel->queue_commands);
}

void ckpt_vulkan_queue_release_kernel(ckpt_vulkan_kernel_t *kernel) {
  ckpt_vulkan_backend_t *backend = kernel->backend;
  if (kernel->queue_commands[0])
    backend->api.vkFreeCommandBuffers(backend->device, backend->command_pool, 2,
                                      kernel->queue_commands);
  if (kernel->queue_pool)
    backend->api.vkDestroyDescriptorPool(backend->device, kernel->queue_pool, NULL);
  kernel->queue_pool = VK_NULL_HANDLE;
  kernel->queue_commands[0] = kernel->queue_commands[1] = VK_NULL_HANDLE;
}

/* One queue step of `kernel`. */
static void record_step(ckpt_vulkan_kernel_t *kernel, ckpt_vulkan_queue_t *queue,
                        VkCommandBuffer commands, uint32_t mode) {
  const ckpt_vulkan_api_t *vk = &kernel->backend->api;
  uint32_t params[PARAM_WORDS] = {
      mode,
      (uint32_t)kernel->program.step_count,
      kernel->grids_base,
      kernel->indirect_base,
      kernel->backend->conditional ? 1u : 0u,
  };
  vk->vkCmdBindPipeline(commands, VK_PIPELINE_BIND_POINT_COMPUTE, queue->pipeline);
  vk->vkCmdBindDescriptorSets(commands, VK_PIPELINE_BIND_POINT_COMPUTE, queue->layout, 0, 1,
                              &kernel->queue_set, 0, NULL);
  vk->vkCmdPushConstants(commands, queue->layout, VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof(params),
                         params);
  vk->vkCmdDispatch(commands, 1, 1, 1);
}

/* `kernel`'s queued command buffer for variant `overlap` of its segment: the gate step,
 * the segment, the report step. Valid as long as the kernel's recording: it binds only
 * buffers the kernel keeps. */
static ckpt_status_code_t record_queued(ckpt_vulkan_kernel_t *kernel, ckpt_vulkan_queue_t *queue,
                                        int overlap) {
  ckpt_vulkan_backend_t *backend = kernel->backend;
  const ckpt_vulkan_api_t *vk = &backend->api;
  VkCommandBuffer commands = kernel->queue_commands[overlap];
  VkPipelineStageFlags device_stages =
      VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_DRAW_INDIRECT_BIT;
  if (backend->conditional)
    device_stages |= VK_PIPELINE_STAGE_CONDITIONAL_RENDERING_BIT_EXT;
  ckpt_status_code_t code = ckpt_vulkan_begin_reused(kernel, commands);
  if (code != CKPT_OK)
    return code;
  /* After the launch before (its tasks still read the sizes and the state the gate step
   * rewrites), the gate's opening, and the host's writes of the slot and arguments. */
  barrier(vk, commands, device_stages | VK_PIPELINE_STAGE_TRANSFER_BIT | VK_PIPELINE_STAGE_HOST_BIT,
          VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT | VK_ACCESS_HOST_WRITE_BIT,
          VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
          VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT);
  /* The segment's first barrier makes the gate step's writes visible to its tasks, and
   * its last the tasks' writes to the report step. */
  record_step(kernel, queue, commands, MODE_GATE);
  ckpt_vulkan_record_segment_into(kernel, commands, 0, overlap != 0, false);
  record_step(kernel, queue, commands, MODE_REPORT);
  barrier(vk, commands, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_ACCESS_SHADER_WRITE_BIT,
          VK_PIPELINE_STAGE_HOST_BIT, VK_ACCESS_HOST_READ_BIT);
  VkResult result = vk->vkEndCommandBuffer(commands);
  if (result != VK_SUCCESS)
    return ckpt_vulkan_fail(context_of(kernel), "vkEndCommandBuffer", result, NULL);
  kernel->queue_recorded[overlap] = kernel->recording;
  return CKPT_OK;
}

/*--- submit and finish -----------------------------------------------------------*/

ckpt_status_code_t ckpt_vulkan_submit(ckpt_backend_t *self, void *kernel_state,
                                      const ckpt_backend_launch_t *launch,
                                      const ckpt_backend_submit_t *submit, uint64_t *out_ticket) {
  ckpt_vulkan_backend_t *backend = (ckpt_vulkan_backend_t *)self;
  ckpt_vulkan_kernel_t *kernel = kernel_state;
  const ckpt_vulkan_api_t *vk = &backend->api;
  ckpt_status_code_t code = CKPT_OK;
  if (!backend->queue_state)
    code = create_queue(backend);
  ckpt_vulkan_queue_t *queue = backend->queue_state;
  if (code == CKPT_OK && !kernel->queue_pool)
    code = create_kernel_set(kernel, queue);
  if (code != CKPT_OK)
    return code;
  bool args_changed = launch->args_changed || !kernel->built;
  kernel->args = launch->args;
  kernel->host_yield_cp = -1;
  code = ckpt_vulkan_kernel_ready(kernel, args_changed);
  uint64_t ticket = queue->next_ticket, slot = ticket % QUEUE_SLOTS;
  /* Launches in flight before this one leave the mirrors as it needs them. Staged ones
   * join the backend's transfers until the last launch in flight brings them back. */
  VkCommandBuffer upload = VK_NULL_HANDLE;
  if (code == CKPT_OK && kernel->in_flight == 0)
    code = ckpt_device_kernel_upload_arguments(&kernel->device);
  if (code == CKPT_OK && kernel->in_flight == 0)
    code = ckpt_vulkan_transfers_record_upload(backend, &upload);
  const ckpt_vulkan_program_t *program = &kernel->program;
  int64_t first_open = ckpt_vulkan_segment_first_open_step(program, 0, launch->resume_cp_id);
  /* A raised flag no task writes: the host knows where the launch yields if it runs at
   * all, and the gate step stops it there; whether it runs is the device's to say. */
  int64_t host_yield_step =
      code == CKPT_OK && kernel->static_flags ? ckpt_vulkan_host_yield_step(kernel, 0, first_open)
                                              : -1;
  kernel->args = NULL;
  if (code != CKPT_OK) {
    kernel->built = false;
    if (kernel->in_flight == 0)
      ckpt_vulkan_transfers_end_launch(backend, false);
    return code;
  }
  uint32_t *words = slot_words(queue, ticket);
  words[SLOT_LAUNCH] = gate_of(submit->launch_id);
  words[SLOT_FIRST_OPEN] = (uint32_t)first_open;
  words[SLOT_RESUME_CP] = (uint32_t)(int32_t)launch->resume_cp_id;
  words[SLOT_HOST_YIELD_STEP] = (uint32_t)(int32_t)host_yield_step;
  words[SLOT_HOST_YIELD_CP] =
      (uint32_t)(int32_t)(host_yield_step >= 0 ? program->steps[host_yield_step].yield_cp : -1);
  int overlap = ckpt_vulkan_launch_overlaps(kernel, first_open) ? 1 : 0;
  if (kernel->queue_recorded[overlap] != kernel->recording) {
    code = record_queued(kernel, queue, overlap);
    if (code != CKPT_OK) {
      if (kernel->in_flight == 0)
        ckpt_vulkan_transfers_end_launch(backend, false);
      return code;
    }
  }
  VkCommandBuffer commands[3];
  uint32_t count = 0;
  if (submit->reset_gate)
    commands[count++] = queue->open_gate;
  if (upload)
    commands[count++] = upload;
  commands[count++] = kernel->queue_commands[overlap];
  VkSubmitInfo info = {
      .sType = VK_STRUCTURE_TYPE_SUBMIT_INFO,
      .commandBufferCount = count,
      .pCommandBuffers = commands,
  };
  VkResult result = vk->vkQueueSubmit(backend->queue, 1, &info, queue->slots[slot].fence);
  if (result != VK_SUCCESS) {
    if (kernel->in_flight == 0)
      ckpt_vulkan_transfers_end_launch(backend, false);
    return ckpt_vulkan_fail(backend->context, "vkQueueSubmit", result, NULL);
  }
  ++backend->stats.queue_submits;
  if (upload)
    ++backend->stats.queue_uploads;
  queue->slots[slot].kernel = kernel;
  queue->slots[slot].launch_id = submit->launch_id;
  ++kernel->in_flight;
  queue->next_ticket = ticket + 1;
  *out_ticket = ticket;
  return CKPT_OK;
}

/* Staged memory: copies the mirrors of the launches that were in flight back to their
 * staging buffers and waits for it (nothing to do in the other modes). */
static ckpt_status_code_t download_staged(ckpt_vulkan_backend_t *backend) {
  const ckpt_vulkan_api_t *vk = &backend->api;
  VkCommandBuffer download = VK_NULL_HANDLE;
  ckpt_status_code_t code = ckpt_vulkan_transfers_record_download(backend, &download);
  if (code != CKPT_OK || !download)
    return code;
  VkSubmitInfo info = {
      .sType = VK_STRUCTURE_TYPE_SUBMIT_INFO,
      .commandBufferCount = 1,
      .pCommandBuffers = &download,
  };
  VkResult result = vk->vkQueueSubmit(backend->queue, 1, &info, backend->fence);
  if (result != VK_SUCCESS)
    return ckpt_vulkan_fail(backend->context, "vkQueueSubmit", result, NULL);
  ++backend->stats.queue_downloads;
  result = vk->vkWaitForFences(backend->device, 1, &backend->fence, VK_TRUE, UINT64_MAX);
  if (result == VK_SUCCESS)
    result = vk->vkResetFences(backend->device, 1, &backend->fence);
  if (result != VK_SUCCESS)
    return ckpt_vulkan_fail(backend->context, "vkWaitForFences", result, NULL);
  return CKPT_OK;
}

ckpt_status_code_t ckpt_vulkan_finish(ckpt_backend_t *self, uint64_t ticket, bool wait,
                                      bool *out_done, ckpt_backend_result_t *out_result) {
  ckpt_vulkan_backend_t *backend = (ckpt_vulkan_backend_t *)self;
  const ckpt_vulkan_api_t *vk = &backend->api;
  ckpt_vulkan_queue_t *queue = backend->queue_state;
  ckpt_vulkan_slot_t *slot = &queue->slots[ticket % QUEUE_SLOTS];
  VkResult result = wait ? vk->vkWaitForFences(backend->device, 1, &slot->fence, VK_TRUE, UINT64_MAX)
                         : vk->vkGetFenceStatus(backend->device, slot->fence);
  *out_done = result != VK_NOT_READY && result != VK_TIMEOUT;
  if (!*out_done)
    return CKPT_OK;
  ckpt_vulkan_kernel_t *kernel = slot->kernel;
  slot->kernel = NULL;
  --kernel->in_flight;
  if (result == VK_SUCCESS)
    result = vk->vkResetFences(backend->device, 1, &slot->fence);
  if (result != VK_SUCCESS) {
    kernel->built = false;
    if (kernel->in_flight == 0)
      ckpt_vulkan_transfers_end_launch(backend, false);
    return ckpt_vulkan_fail(backend->context, wait ? "vkWaitForFences" : "vkGetFenceStatus",
                            result, NULL);
  }
  const uint32_t *words = slot_words(queue, ticket);
  uint32_t skipped_by = words[SLOT_SKIPPED_BY];
  *out_result = (ckpt_backend_result_t){
      .skipped = skipped_by != 0,
      .yielded_launch = skipped_by != 0 ? launch_of(slot->launch_id, skipped_by) : 0,
      .yield_cp_id =
          skipped_by == 0 && (words[SLOT_YIELDED] & 1u) ? (int32_t)words[SLOT_YIELD_CP] : -1,
  };
  /* The last launch in flight brings the arguments back; until then they stay on the
   * device for the next one. */
  ckpt_status_code_t code = CKPT_OK;
  if (kernel->in_flight == 0) {
    code = download_staged(backend);
    int64_t ignored;
    if (code == CKPT_OK)
      code = ckpt_device_kernel_download(&kernel->device, &ignored);
    ckpt_vulkan_transfers_end_launch(backend, code == CKPT_OK);
    if (code != CKPT_OK)
      kernel->built = false;
  }
  if (code == CKPT_OK)
    code = ckpt_vulkan_check(backend);
  if (code == CKPT_OK)
    code = ckpt_vulkan_check_loop_budget(kernel, (words[SLOT_YIELDED] & 2u) != 0);
  return code;
}
