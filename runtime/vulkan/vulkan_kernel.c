/* One graph kernel on Vulkan: its descriptor sets, the command buffer of each
 * segment (vulkan_program.h), and the launch loop.
 *
 * Everything is built from the launch records of core/device.c on the first launch and
 * rebuilt only if a record's kernel or operand count changes. When arguments change,
 * grids and scalar operands are rewritten in place (they live in host-visible buffers the
 * shaders read), and a descriptor set is updated only where a binding moved to another
 * buffer or offset. Without update-after-bind descriptors (lavapipe has none for storage
 * buffers) such an update invalidates the command buffers it is bound in, so exactly
 * those segments are recorded again; nothing else is re-recorded between launches.
 *
 * Bindings follow MLIR's SPIR-V ABI (convert-gpu-to-spirv, spirv-lower-abi-attrs):
 * descriptor set 0, binding i = kernel operand i, every operand a storage buffer; a
 * scalar is a one-member block, so each scalar operand gets an aligned slot in the
 * kernel's scalar buffer. `index` is 32 bits wide in the shaders (use-64bit-index=false). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/args.h"
#include "core/plan.h"
#include "vulkan/vulkan_kernel.h"


/*--- descriptors ------------------------------------------------------------*/

static VkDeviceSize storage_range(const ckpt_vulkan_backend_t *backend,
                                  const ckpt_vulkan_buffer_t *buffer, VkDeviceSize offset) {
  VkDeviceSize range = buffer->size - offset;
  VkDeviceSize limit = backend->properties.limits.maxStorageBufferRange;
  return range < limit ? range : limit;
}

static ckpt_vulkan_binding_t binding_of(const ckpt_vulkan_backend_t *backend,
                                        const ckpt_vulkan_buffer_t *buffer, VkDeviceSize offset) {
  return (ckpt_vulkan_binding_t){buffer->serial, buffer->buffer, offset,
                                 storage_range(backend, buffer, offset)};
}

static bool same_binding(const ckpt_vulkan_binding_t *a, const ckpt_vulkan_binding_t *b) {
  return a->serial == b->serial && a->offset == b->offset && a->range == b->range;
}

/* Points descriptors [first, first + count) of `set` at `bindings`. */
static void write_descriptors(ckpt_vulkan_backend_t *backend, VkDescriptorSet set, uint32_t first,
                              uint32_t count, const ckpt_vulkan_binding_t *bindings) {
  VkDescriptorBufferInfo infos[8];
  VkWriteDescriptorSet writes[8];
  for (uint32_t done = 0; done < count;) {
    uint32_t batch = count - done < 8 ? count - done : 8;
    for (uint32_t i = 0; i < batch; ++i) {
      const ckpt_vulkan_binding_t *b = &bindings[done + i];
      infos[i] = (VkDescriptorBufferInfo){b->buffer, b->offset, b->range};
      writes[i] = (VkWriteDescriptorSet){
          .sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET,
          .dstSet = set,
          .dstBinding = first + done + i,
          .descriptorCount = 1,
          .descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
          .pBufferInfo = &infos[i],
      };
    }
    backend->api.vkUpdateDescriptorSets(backend->device, batch, writes, 0, NULL);
    done += batch;
  }
}

/* Where memref operand `index` of `launch` binds: its buffer and the offset of its
 * aligned pointer (the shader indexes from there, adding the layout's static offset). */
static ckpt_status_code_t memref_binding(ckpt_vulkan_kernel_t *kernel,
                                         const ckpt_device_launch_t *launch, int64_t index,
                                         ckpt_vulkan_binding_t *out_binding) {
  const ckpt_device_operand_t *operand = &launch->operands[index];
  const ckpt_vulkan_backend_t *backend = kernel->backend;
  const char *kernel_name = kernel->view->kernel_name;
  ckpt_context_t *context = context_of(kernel);
  const ckpt_vulkan_buffer_t *buffer = operand->aligned.buffer;
  if (!buffer) {
    /* An empty memref (core/device.c gives only those no buffer): the shader reads none
     * of it, but every descriptor must name a buffer. */
    *out_binding = binding_of(backend, kernel->scalars, 0);
    return CKPT_OK;
  }
  int64_t elem_bytes = (operand->elem_bits + 7) / 8;
  int64_t base = (int64_t)operand->aligned.byte_offset - operand->offset * elem_bytes;
  VkDeviceSize alignment = backend->properties.limits.minStorageBufferOffsetAlignment;
  if (base < 0 || (VkDeviceSize)base >= buffer->size || (VkDeviceSize)base % alignment != 0)
    return ckpt_context_fail(
        context, CKPT_ERROR_INVALID_ARGUMENT,
        "operand %lld of kernel '%s' in graph kernel '%s' starts %lld bytes into the argument "
        "it views; Vulkan binds storage buffers only at multiples of %llu bytes of an "
        "argument: pass the view's base memref and index into it instead",
        (long long)index, launch->kernel, kernel_name, (long long)base,
        (unsigned long long)alignment);
  *out_binding = binding_of(backend, buffer, (VkDeviceSize)base);
  return CKPT_OK;
}

/* Writes scalar operand `index` of `launch` into its slot, as the shader reads it. */
static ckpt_status_code_t write_scalar(ckpt_vulkan_kernel_t *kernel,
                                       const ckpt_device_launch_t *launch, int64_t index,
                                       unsigned char *slot) {
  const ckpt_device_operand_t *operand = &launch->operands[index];
  memset(slot, 0, 8);
  if (operand->elem_type == CKPT_ELEM_INDEX) {
    int64_t value = 0;
    memcpy(&value, operand->scalar, sizeof(value));
    if (value < INT32_MIN || value > INT32_MAX)
      return ckpt_context_fail(context_of(kernel), CKPT_ERROR_INVALID_ARGUMENT,
                               "an index value that a task of graph kernel '%s' receives "
                               "(operand %lld of its kernel '%s') is %lld, beyond the 32-bit "
                               "index of the Vulkan target's shaders: keep index values that "
                               "reach a Vulkan task below 2^31, or pass the value as i64 and "
                               "compute with i64 inside the task",
                               kernel->view->kernel_name, (long long)index, launch->kernel,
                               (long long)value);
    int32_t narrow = (int32_t)value;
    memcpy(slot, &narrow, sizeof(narrow));
    return CKPT_OK;
  }
  /* Little-endian: a narrower value is the low bytes of the zeroed word the shader reads. */
  memcpy(slot, operand->scalar, (size_t)((operand->elem_bits + 7) / 8));
  if (operand->elem_bits == 1)
    slot[0] &= 1;
  return CKPT_OK;
}

/* Refreshes task `task` from its record: grid, scalars, and descriptors whose binding
 * moved (marking its segment for re-recording). `force` rewrites every descriptor. */
static ckpt_status_code_t refresh_task(ckpt_vulkan_kernel_t *kernel, int64_t task, bool force) {
  ckpt_vulkan_task_t *state = &kernel->tasks[task];
  const ckpt_device_launch_t *launch = kernel->device.launches[kernel->program.task_nodes[task]];
  const ckpt_vulkan_pipeline_t *pipeline = state->pipeline;
  ckpt_context_t *context = context_of(kernel);
  for (int d = 0; d < 3; ++d)
    if (launch->block[d] != pipeline->local_size[d])
      return ckpt_context_fail(
          context, CKPT_ERROR_INVALID_PLAN,
          "kernel '%s' of graph kernel '%s' launches with block size %ux%ux%u but its shader "
          "was compiled for %ux%ux%u (spirv.entry_point_abi); Vulkan fixes the workgroup size "
          "in the shader",
          launch->kernel, kernel->view->kernel_name, launch->block[0], launch->block[1],
          launch->block[2], pipeline->local_size[0], pipeline->local_size[1],
          pipeline->local_size[2]);
  memcpy(kernel->grids + GRID_WORDS * task, launch->grid, 3 * sizeof(uint32_t));
  memcpy(control_words(kernel) + kernel->grids_base + GRID_WORDS * task, launch->grid,
         3 * sizeof(uint32_t));

  bool moved = force;
  int64_t scalar = 0;
  for (int64_t i = 0; i < launch->operand_count; ++i) {
    ckpt_vulkan_binding_t binding;
    const ckpt_device_operand_t *operand = &launch->operands[i];
    if (operand->kind == CKPT_PARAM_MEMREF) {
      if (operand->elem_type == CKPT_ELEM_INDEX)
        return ckpt_context_fail(context, CKPT_ERROR_INVALID_ARGUMENT,
                                 "operand %lld of kernel '%s' in graph kernel '%s' is a memref of "
                                 "index: its elements are 64-bit on the host and 32-bit in "
                                 "Vulkan shaders; use i32 or i64 elements",
                                 (long long)i, launch->kernel, kernel->view->kernel_name);
      ckpt_status_code_t code = memref_binding(kernel, launch, i, &binding);
      if (code != CKPT_OK)
        return code;
    } else {
      VkDeviceSize offset = (VkDeviceSize)(state->first_scalar + scalar++) * kernel->scalar_stride;
      ckpt_status_code_t code = write_scalar(kernel, launch, i, kernel->scalars->mapped + offset);
      if (code != CKPT_OK)
        return code;
      binding = binding_of(kernel->backend, kernel->scalars, offset);
      binding.range = kernel->scalar_stride;
    }
    if (!same_binding(&binding, &state->bindings[i])) {
      state->bindings[i] = binding;
      moved = true;
    }
  }
  if (moved) {
    write_descriptors(kernel->backend, state->set, 0, (uint32_t)state->binding_count,
                      state->bindings);
    kernel->dirty[state->segment] = true;
  }
  return CKPT_OK;
}

/* Points step `step`'s flag binding at its checkpoint's yield flag (a step without a
 * yield check keeps the state buffer there, which it never reads). In conditional mode
 * the flag is read by conditional rendering instead, at an offset recorded in the
 * command buffer: `step_flags` then holds that exact word, so that its segment is
 * recorded again when it moves, and the descriptor stays on the state buffer. */
static ckpt_status_code_t refresh_step(ckpt_vulkan_kernel_t *kernel, int64_t step, bool force) {
  const ckpt_vulkan_step_t *info = &kernel->program.steps[step];
  ckpt_vulkan_backend_t *backend = kernel->backend;
  ckpt_vulkan_binding_t state = binding_of(backend, state_buffer(kernel), 0), flag = state;
  uint32_t flag_index = 0;
  if (info->yield_param >= 0) {
    ckpt_device_ref_t ref;
    ckpt_status_code_t code =
        ckpt_device_kernel_param_ref(&kernel->device, kernel->args, info->yield_param, &ref);
    if (code != CKPT_OK)
      return code;
    const ckpt_vulkan_buffer_t *buffer = ref.buffer;
    VkDeviceSize alignment = backend->properties.limits.minStorageBufferOffsetAlignment;
    VkDeviceSize base = ref.byte_offset - ref.byte_offset % alignment;
    if (!buffer || ref.byte_offset % sizeof(int32_t) != 0)
      return ckpt_context_fail(context_of(kernel), CKPT_ERROR_INVALID_ARGUMENT,
                               "the yield flag of checkpoint cp %lld of kernel '%s' is not an "
                               "aligned i32 in an argument",
                               (long long)info->yield_cp, kernel->view->kernel_name);
    if (buffer->registered_at)
      return ckpt_context_fail(context_of(kernel), CKPT_ERROR_INVALID_ARGUMENT,
                               "the yield flag of checkpoint cp %lld of kernel '%s' lies in a "
                               "registered device buffer; on Vulkan the runtime reads flags "
                               "from host memory: pass a host memref<i32>",
                               (long long)info->yield_cp, kernel->view->kernel_name);
    if (backend->conditional) {
      flag = (ckpt_vulkan_binding_t){buffer->serial, buffer->buffer, ref.byte_offset,
                                     sizeof(int32_t)};
    } else {
      flag = binding_of(backend, buffer, base);
      flag_index = (uint32_t)((ref.byte_offset - base) / sizeof(int32_t));
    }
  }
  control_words(kernel)[STEP_WORDS * step + STEP_FLAG_INDEX] = flag_index;
  bool is_static = kernel->static_flags && info->yield_param >= 0;
  for (int64_t t = 0; is_static && t < kernel->program.task_count; ++t)
    for (int64_t i = 0; i < kernel->tasks[t].binding_count; ++i)
      if (kernel->tasks[t].bindings[i].serial == flag.serial)
        is_static = false;
  if (is_static != kernel->step_static[step]) {
    kernel->step_static[step] = is_static;
    kernel->dirty[kernel->step_segment[step]] = true;
  }
  if (!force && same_binding(&flag, &kernel->step_flags[step]))
    return CKPT_OK;
  kernel->step_flags[step] = flag;
  ckpt_vulkan_binding_t bindings[3] = {state, binding_of(backend, kernel->control, 0),
                                       backend->conditional ? state : flag};
  write_descriptors(backend, kernel->step_sets[step], force ? 0 : CONTROL_FLAG,
                    force ? 3 : 1, force ? bindings : &bindings[CONTROL_FLAG]);
  kernel->dirty[kernel->step_segment[step]] = true;
  return CKPT_OK;
}

/*--- building from the records ----------------------------------------------*/

static void release_built(ckpt_vulkan_kernel_t *kernel) {
  ckpt_vulkan_backend_t *backend = kernel->backend;
  if (kernel->pool)
    backend->api.vkDestroyDescriptorPool(backend->device, kernel->pool, NULL);
  kernel->pool = VK_NULL_HANDLE;
  ckpt_vulkan_buffer_destroy(backend, kernel->scalars);
  kernel->scalars = NULL;
  for (int64_t t = 0; t < kernel->program.task_count; ++t) {
    free(kernel->tasks[t].bindings);
    kernel->tasks[t] = (ckpt_vulkan_task_t){.segment = kernel->tasks[t].segment};
  }
  for (int64_t s = 0; s < kernel->program.segment_count; ++s)
    kernel->dirty[s] = true;
  kernel->built = false;
}

static ckpt_status_code_t allocate_sets(ckpt_vulkan_kernel_t *kernel, int64_t descriptors) {
  ckpt_vulkan_backend_t *backend = kernel->backend;
  const ckpt_vulkan_api_t *vk = &backend->api;
  const ckpt_vulkan_program_t *program = &kernel->program;
  uint32_t sets = (uint32_t)(program->task_count + program->step_count);
  if (sets == 0)
    return CKPT_OK;
  VkDescriptorPoolSize size = {VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
                               (uint32_t)(descriptors + 3 * program->step_count)};
  VkDescriptorPoolCreateInfo pool = {
      .sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO,
      .maxSets = sets,
      .poolSizeCount = 1,
      .pPoolSizes = &size,
  };
  VkResult result = vk->vkCreateDescriptorPool(backend->device, &pool, NULL, &kernel->pool);
  if (result != VK_SUCCESS)
    return ckpt_vulkan_fail(context_of(kernel), "vkCreateDescriptorPool", result, NULL);
  VkDescriptorSetLayout *layouts = calloc(sets, sizeof(*layouts));
  VkDescriptorSet *allocated = calloc(sets, sizeof(*allocated));
  if (!layouts || !allocated) {
    free(layouts);
    free(allocated);
    return ckpt_context_fail(context_of(kernel), CKPT_ERROR_OUT_OF_MEMORY, "out of memory");
  }
  for (int64_t t = 0; t < program->task_count; ++t)
    layouts[t] = kernel->tasks[t].pipeline->set_layout;
  for (int64_t s = 0; s < program->step_count; ++s)
    layouts[program->task_count + s] = backend->control_set_layout;
  VkDescriptorSetAllocateInfo info = {
      .sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO,
      .descriptorPool = kernel->pool,
      .descriptorSetCount = sets,
      .pSetLayouts = layouts,
  };
  result = vk->vkAllocateDescriptorSets(backend->device, &info, allocated);
  if (result == VK_SUCCESS) {
    for (int64_t t = 0; t < program->task_count; ++t)
      kernel->tasks[t].set = allocated[t];
    for (int64_t s = 0; s < program->step_count; ++s)
      kernel->step_sets[s] = allocated[program->task_count + s];
  }
  free(layouts);
  free(allocated);
  if (result != VK_SUCCESS)
    return ckpt_vulkan_fail(context_of(kernel), "vkAllocateDescriptorSets", result, NULL);
  return CKPT_OK;
}

/* Builds pipelines, descriptor sets and the scalar buffer from the current records. */
static ckpt_status_code_t build(ckpt_vulkan_kernel_t *kernel) {
  release_built(kernel);
  const ckpt_vulkan_program_t *program = &kernel->program;
  ckpt_context_t *context = context_of(kernel);
  int64_t descriptors = 0, scalars = 0;
  for (int64_t t = 0; t < program->task_count; ++t) {
    ckpt_vulkan_task_t *task = &kernel->tasks[t];
    const ckpt_device_launch_t *launch = kernel->device.launches[program->task_nodes[t]];
    ckpt_status_code_t code = ckpt_vulkan_pipelines_find(&kernel->pipelines, launch, &task->pipeline);
    if (code != CKPT_OK)
      return code;
    task->binding_count = launch->operand_count;
    task->bindings = calloc((size_t)launch->operand_count + 1, sizeof(*task->bindings));
    if (!task->bindings)
      return ckpt_context_fail(context, CKPT_ERROR_OUT_OF_MEMORY, "out of memory");
    task->first_scalar = scalars;
    for (int64_t i = 0; i < launch->operand_count; ++i)
      scalars += launch->operands[i].kind != CKPT_PARAM_MEMREF;
    descriptors += launch->operand_count;
  }
  VkDeviceSize alignment = kernel->backend->properties.limits.minStorageBufferOffsetAlignment;
  kernel->scalar_stride = alignment > 8 ? alignment : 8;
  ckpt_status_code_t code = ckpt_vulkan_buffer_create(
      kernel->backend, (VkDeviceSize)(scalars ? scalars : 1) * kernel->scalar_stride, 0, false,
      &kernel->scalars);
  if (code == CKPT_OK)
    code = allocate_sets(kernel, descriptors);
  for (int64_t t = 0; t < program->task_count && code == CKPT_OK; ++t)
    code = refresh_task(kernel, t, true);
  for (int64_t s = 0; s < program->step_count && code == CKPT_OK; ++s)
    code = refresh_step(kernel, s, true);
  kernel->built = code == CKPT_OK;
  return code;
}

/* After arguments changed: refresh what the records say changed, and every flag. */
static ckpt_status_code_t refresh(ckpt_vulkan_kernel_t *kernel) {
  const ckpt_vulkan_program_t *program = &kernel->program;
  for (int64_t t = 0; t < program->task_count; ++t) {
    if (!kernel->device.launch_changed[program->task_nodes[t]])
      continue;
    ckpt_status_code_t code = refresh_task(kernel, t, false);
    if (code != CKPT_OK)
      return code;
  }
  for (int64_t s = 0; s < program->step_count; ++s) {
    ckpt_status_code_t code = refresh_step(kernel, s, false);
    if (code != CKPT_OK)
      return code;
  }
  return CKPT_OK;
}


/*--- the launch loop --------------------------------------------------------*/

/* Whether step `step`'s yield flag is raised in the launch's argument. */
static bool flag_raised(const ckpt_vulkan_kernel_t *kernel, int64_t step) {
  const ckpt_memref_header_t *flag = kernel->args[kernel->program.steps[step].yield_param];
  int32_t value;
  memcpy(&value, (const int32_t *)flag->aligned + flag->offset, sizeof(value));
  return value != 0;
}

/* Conditional mode: gates segment `segment` on the host before it is queued, while the
 * launch skips towards `resume_cp_id` (-1: it does not). Each task gets its recorded grid
 * or, before the resume point's group, zero workgroups; each yield check is armed when
 * the group it checks runs. A raised static flag whose check is armed is a yield the host
 * takes here: every task from the check on gets zero workgroups and no later check is
 * armed, in this segment and in any queued after it in this launch. The device changes
 * these words only by yielding. */
static void write_gates(ckpt_vulkan_kernel_t *kernel, int64_t segment, int64_t resume_cp_id) {
  const ckpt_vulkan_program_t *program = &kernel->program;
  const ckpt_vulkan_segment_t *info = &program->segments[segment];
  int64_t first_open = ckpt_vulkan_segment_first_open_step(program, segment, resume_cp_id);
  uint32_t *words = control_words(kernel);
  for (int64_t s = info->first_step; s < info->first_step + info->step_count; ++s) {
    const ckpt_vulkan_step_t *step = &program->steps[s];
    bool armed = ckpt_vulkan_step_armed(program, s, first_open);
    if (armed && kernel->host_yield_cp < 0 && kernel->step_static[s] && flag_raised(kernel, s))
      kernel->host_yield_cp = step->yield_cp;
    bool open = s >= first_open && kernel->host_yield_cp < 0;
    words[STEP_WORDS * s + STEP_ARMED] = armed && kernel->host_yield_cp < 0;
    for (int64_t t = step->first_task; t < step->first_task + step->task_count; ++t)
      for (int d = 0; d < INDIRECT_WORDS; ++d)
        words[kernel->indirect_base + INDIRECT_WORDS * t + d] =
            open ? kernel->grids[GRID_WORDS * t + d] : 0;
  }
}

int64_t ckpt_vulkan_host_yield_step(const ckpt_vulkan_kernel_t *kernel, int64_t segment,
                                    int64_t first_open) {
  const ckpt_vulkan_segment_t *info = &kernel->program.segments[segment];
  for (int64_t s = info->first_step; s < info->first_step + info->step_count; ++s)
    if (ckpt_vulkan_step_armed(&kernel->program, s, first_open) && kernel->step_static[s] &&
        flag_raised(kernel, s))
      return s;
  return -1;
}

bool ckpt_vulkan_launch_overlaps(const ckpt_vulkan_kernel_t *kernel, int64_t first_open) {
  /* Overlap needs every yield check that may run to be armed (vulkan_record.c); the first
   * open step's is not when the device decides it. */
  return kernel->overlap &&
         !(kernel->program.steps[first_open].yield_cp >= 0 && !kernel->step_static[first_open]);
}

static ckpt_status_code_t ckpt_vulkan_enqueue(void *user, int64_t segment, int64_t resume_cp_id) {
  ckpt_vulkan_kernel_t *kernel = user;
  const ckpt_vulkan_program_t *program = &kernel->program;
  bool overlap = kernel->overlap;
  if (kernel->backend->conditional) {
    write_gates(kernel, segment, resume_cp_id);
    overlap = ckpt_vulkan_launch_overlaps(
        kernel, ckpt_vulkan_segment_first_open_step(program, segment, resume_cp_id));
  }
  kernel->queued[2 + kernel->queued_count++] =
      ckpt_vulkan_segment_commands(kernel, segment, overlap);
  return CKPT_OK;
}

static ckpt_status_code_t ckpt_vulkan_flush(void *user, int64_t condition_param,
                                            bool *out_yielded, int32_t *out_condition) {
  ckpt_vulkan_kernel_t *kernel = user;
  ckpt_vulkan_backend_t *backend = kernel->backend;
  const ckpt_vulkan_api_t *vk = &backend->api;
  /* Host-side gating since the last mark (write_gates) belongs to no phase. */
  ckpt_profile_t *profile = kernel->profile;
  ckpt_profile_restart(profile);
  if (kernel->queued_count > 0) {
    /* Staged memory: the copies in and back around the segments; while profiling, the
     * timestamps around all of it (queued[0] and [1] are kept free for the first two). */
    VkCommandBuffer upload, download, timestamps[2] = {VK_NULL_HANDLE, VK_NULL_HANDLE};
    ckpt_status_code_t code = ckpt_vulkan_transfers_record(backend, &upload, &download);
    if (code == CKPT_OK && profile)
      code = ckpt_vulkan_timestamps_commands(backend, timestamps);
    if (code != CKPT_OK)
      return code;
    VkCommandBuffer *first = kernel->queued + 2;
    uint32_t count = kernel->queued_count;
    if (upload) {
      *--first = upload;
      ++count;
    }
    if (download)
      first[count++] = download;
    if (timestamps[0]) {
      *--first = timestamps[0];
      ++count;
      first[count++] = timestamps[1];
    }
    ckpt_profile_phase_end(profile, CKPT_PROFILE_RECORD);
    VkSubmitInfo submit = {
        .sType = VK_STRUCTURE_TYPE_SUBMIT_INFO,
        .commandBufferCount = count,
        .pCommandBuffers = first,
    };
    kernel->queued_count = 0;
    VkResult result = vk->vkQueueSubmit(backend->queue, 1, &submit, backend->fence);
    if (result != VK_SUCCESS)
      return ckpt_vulkan_fail(context_of(kernel), "vkQueueSubmit", result, NULL);
    ckpt_profile_phase_end(profile, CKPT_PROFILE_SUBMIT);
    result = vk->vkWaitForFences(backend->device, 1, &backend->fence, VK_TRUE, UINT64_MAX);
    if (result == VK_SUCCESS)
      result = vk->vkResetFences(backend->device, 1, &backend->fence);
    if (result != VK_SUCCESS)
      return ckpt_vulkan_fail(context_of(kernel), "vkWaitForFences", result, NULL);
    ckpt_profile_phase_end(profile, CKPT_PROFILE_WAIT);
    code = ckpt_vulkan_check(backend);
    if (code == CKPT_OK && timestamps[0])
      code = ckpt_vulkan_timestamps_read(backend, profile);
    if (code != CKPT_OK)
      return code;
    ckpt_profile_restart(profile);
  }
  int32_t state[CKPT_STATE_WORDS];
  memcpy(state, state_buffer(kernel)->mapped, sizeof(state));
  *out_yielded = state[CKPT_STATE_YIELDED] != 0 || kernel->host_yield_cp >= 0;
  ckpt_profile_phase_end(profile, CKPT_PROFILE_READBACK);
  *out_condition = 0;
  if (condition_param >= 0) {
    ckpt_device_ref_t ref;
    ckpt_status_code_t code =
        ckpt_device_kernel_param_ref(&kernel->device, kernel->args, condition_param, &ref);
    if (code != CKPT_OK)
      return code;
    const ckpt_vulkan_buffer_t *buffer = ref.buffer;
    if (!buffer || !buffer->mapped)
      return ckpt_context_fail(context_of(kernel), CKPT_ERROR_INVALID_ARGUMENT,
                               "the do-while condition (parameter %lld) of kernel '%s' lies in "
                               "a registered device buffer; on Vulkan the runtime reads "
                               "conditions from host memory: pass a host memref<i32>",
                               (long long)condition_param, kernel->view->kernel_name);
    memcpy(out_condition, buffer->mapped + ref.byte_offset, sizeof(int32_t));
  }
  return CKPT_OK;
}

static const ckpt_vulkan_run_ops_t ckpt_vulkan_run_ops = {
    .enqueue = ckpt_vulkan_enqueue,
    .flush = ckpt_vulkan_flush,
};

ckpt_status_code_t ckpt_vulkan_check_loop_budget(const ckpt_vulkan_kernel_t *kernel, bool spent) {
  if (!spent || !kernel->backend->loop_limited)
    return CKPT_OK;
  return ckpt_context_fail(
      kernel->backend->context, CKPT_ERROR_BACKEND,
      "a task of kernel '%s' ran 65,535 or more loop iterations in one shader invocation on "
      "'%s' (lavapipe), which ends every loop of an invocation at that count without an "
      "error: its results may be incomplete. Run it on a GPU's Vulkan driver or the cpu "
      "target, or spread the loop over invocations (an scf.parallel task)",
      kernel->device.view->kernel_name, kernel->backend->properties.deviceName);
}

ckpt_status_code_t ckpt_vulkan_kernel_ready(ckpt_vulkan_kernel_t *kernel, bool args_changed) {
  bool structure_changed = false;
  args_changed = args_changed || !kernel->built;
  ckpt_status_code_t code =
      ckpt_device_kernel_sync(&kernel->device, kernel->args, args_changed, &structure_changed);
  ckpt_profile_phase_end(kernel->profile, CKPT_PROFILE_ARGUMENTS);
  if (code == CKPT_OK && (structure_changed || !kernel->built))
    code = build(kernel);
  else if (code == CKPT_OK && args_changed)
    code = refresh(kernel);
  for (int64_t s = 0; s < kernel->program.segment_count && code == CKPT_OK; ++s)
    if (kernel->dirty[s]) {
      code = ckpt_vulkan_record_segment(kernel, s, kernel->overlap);
      if (code == CKPT_OK && kernel->overlap)
        code = ckpt_vulkan_record_segment(kernel, s, false);
    }
  ckpt_profile_phase_end(kernel->profile, CKPT_PROFILE_RECORD);
  return code;
}

ckpt_status_code_t ckpt_vulkan_launch(ckpt_backend_t *self, void *kernel_state,
                                      const ckpt_backend_launch_t *launch,
                                      int64_t *out_yield_cp_id) {
  (void)self;
  ckpt_vulkan_kernel_t *kernel = kernel_state;
  kernel->args = launch->args;
  kernel->profile = launch->profile;
  kernel->host_yield_cp = -1;
  ckpt_status_code_t code = ckpt_vulkan_kernel_ready(kernel, launch->args_changed);
  /* In conditional mode the host gates towards the resume point, and the kernels'
   * prologue gates must let every task it dispatches run. */
  if (code == CKPT_OK)
    code = ckpt_device_kernel_upload(&kernel->device,
                                     kernel->backend->conditional ? -1 : launch->resume_cp_id);
  ckpt_profile_phase_end(kernel->profile, CKPT_PROFILE_UPLOAD);
  if (code == CKPT_OK)
    code = ckpt_vulkan_program_run(&kernel->program, launch->resume_cp_id, &ckpt_vulkan_run_ops,
                                   kernel);
  kernel->queued_count = 0;
  ckpt_profile_restart(kernel->profile);
  if (code == CKPT_OK)
    code = ckpt_device_kernel_download(&kernel->device, out_yield_cp_id);
  if (code == CKPT_OK)
    code = ckpt_vulkan_check_loop_budget(kernel,
                                         ckpt_device_kernel_loop_budget_spent(&kernel->device));
  ckpt_profile_phase_end(kernel->profile, CKPT_PROFILE_READBACK);
  /* A yield on the device comes before any the host took (checks later were disarmed). */
  if (code == CKPT_OK && *out_yield_cp_id < 0)
    *out_yield_cp_id = kernel->host_yield_cp;
  ckpt_vulkan_transfers_end_launch(kernel->backend, code == CKPT_OK);
  if (code == CKPT_OK)
    code = ckpt_vulkan_check(kernel->backend);
  kernel->args = NULL;
  kernel->profile = NULL;
  if (code != CKPT_OK)
    kernel->built = false; /* rebuilt, records and all, by the next launch */
  return code;
}

/*--- kernel lifetime --------------------------------------------------------*/

void ckpt_vulkan_release_kernel(ckpt_backend_t *self, void *kernel_state) {
  ckpt_vulkan_backend_t *backend = (ckpt_vulkan_backend_t *)self;
  ckpt_vulkan_kernel_t *kernel = kernel_state;
  if (!kernel)
    return;
  const ckpt_vulkan_api_t *vk = &backend->api;
  ckpt_vulkan_queue_release_kernel(kernel);
  if (kernel->tasks)
    release_built(kernel);
  if (kernel->commands && kernel->program.segment_count > 0 && kernel->commands[0])
    vk->vkFreeCommandBuffers(backend->device, backend->command_pool,
                             (uint32_t)kernel->program.segment_count * (kernel->overlap ? 2 : 1),
                             kernel->commands);
  ckpt_vulkan_pipelines_release(&kernel->pipelines);
  ckpt_vulkan_buffer_destroy(backend, kernel->control);
  if (kernel->device.launches)
    ckpt_device_kernel_release(&kernel->device);
  ckpt_vulkan_program_release(&kernel->program);
  free(kernel->tasks);
  free(kernel->grids);
  free(kernel->step_sets);
  free(kernel->step_flags);
  free(kernel->step_static);
  free(kernel->step_segment);
  free(kernel->commands);
  free(kernel->dirty);
  free(kernel->queued);
  free(kernel);
}

/* Writes the step parameters that never change (all but the flag index and armed). */
static void write_steps(ckpt_vulkan_kernel_t *kernel) {
  uint32_t *words = control_words(kernel);
  for (int64_t s = 0; s < kernel->program.step_count; ++s) {
    const ckpt_vulkan_step_t *step = &kernel->program.steps[s];
    uint32_t *at = words + STEP_WORDS * s;
    at[STEP_YIELD_CP] = (uint32_t)(int32_t)step->yield_cp;
    at[STEP_GATE] = (uint32_t)(int32_t)step->gate;
    at[STEP_FIRST_TASK] = (uint32_t)step->first_task;
    at[STEP_TASK_COUNT] = (uint32_t)step->task_count;
    at[STEP_END_TASK] = (uint32_t)kernel->program.task_count;
  }
}

static ckpt_status_code_t allocate_commands(ckpt_vulkan_kernel_t *kernel) {
  uint32_t count = (uint32_t)kernel->program.segment_count * (kernel->overlap ? 2 : 1);
  if (count == 0)
    return CKPT_OK;
  return ckpt_vulkan_allocate_commands(kernel->backend, count, kernel->commands);
}

ckpt_status_code_t ckpt_vulkan_prepare_kernel(ckpt_backend_t *self, const ckpt_plan_view_t *view,
                                              void **out_kernel_state) {
  ckpt_vulkan_backend_t *backend = (ckpt_vulkan_backend_t *)self;
  ckpt_context_t *context = backend->context;
  *out_kernel_state = NULL;
  ckpt_vulkan_kernel_t *kernel = calloc(1, sizeof(*kernel));
  if (!kernel)
    return ckpt_context_fail(context, CKPT_ERROR_OUT_OF_MEMORY, "out of memory");
  kernel->backend = backend;
  kernel->view = view;
  ckpt_device_memory_t memory = ckpt_vulkan_device_memory(backend);
  ckpt_status_code_t code = ckpt_device_kernel_init(&kernel->device, context, view, &memory);
  if (code == CKPT_OK)
    code = ckpt_vulkan_program_build(context, view, backend->host_gating, &kernel->program);
  if (code == CKPT_OK)
    code = ckpt_vulkan_pipelines_init(&kernel->pipelines, backend, view);
  if (code != CKPT_OK) {
    ckpt_vulkan_release_kernel(self, kernel);
    return code;
  }
  const ckpt_vulkan_program_t *program = &kernel->program;
  size_t tasks = (size_t)program->task_count + 1, steps = (size_t)program->step_count + 1;
  size_t segments = (size_t)program->segment_count + 1;
  kernel->tasks = calloc(tasks, sizeof(*kernel->tasks));
  kernel->grids = calloc(tasks * GRID_WORDS, sizeof(*kernel->grids));
  kernel->step_sets = calloc(steps, sizeof(*kernel->step_sets));
  kernel->step_flags = calloc(steps, sizeof(*kernel->step_flags));
  kernel->step_static = calloc(steps, sizeof(*kernel->step_static));
  kernel->static_flags = backend->conditional && backend->static_flags;
  kernel->step_segment = calloc(steps, sizeof(*kernel->step_segment));
  kernel->overlap = backend->conditional && backend->overlap;
  kernel->commands = calloc(2 * segments, sizeof(*kernel->commands));
  kernel->dirty = calloc(segments, sizeof(*kernel->dirty));
  kernel->queued = calloc(segments + 4, sizeof(*kernel->queued)); /* transfers, timestamps */
  if (!kernel->tasks || !kernel->grids || !kernel->step_sets ||
      !kernel->step_flags || !kernel->step_static || !kernel->step_segment || !kernel->commands || !kernel->dirty ||
      !kernel->queued) {
    ckpt_vulkan_release_kernel(self, kernel);
    return ckpt_context_fail(context, CKPT_ERROR_OUT_OF_MEMORY, "out of memory");
  }
  for (int64_t s = 0; s < program->segment_count; ++s) {
    const ckpt_vulkan_segment_t *segment = &program->segments[s];
    kernel->dirty[s] = true;
    for (int64_t step = segment->first_step; step < segment->first_step + segment->step_count;
         ++step) {
      kernel->step_segment[step] = s;
      const ckpt_vulkan_step_t *info = &program->steps[step];
      for (int64_t t = info->first_task; t < info->first_task + info->task_count; ++t)
        kernel->tasks[t].segment = s;
    }
  }
  kernel->grids_base = (uint32_t)(STEP_WORDS * program->step_count);
  kernel->indirect_base = kernel->grids_base + (uint32_t)(GRID_WORDS * program->task_count);
  code = ckpt_vulkan_buffer_create(
      backend,
      (VkDeviceSize)(kernel->indirect_base + INDIRECT_WORDS * program->task_count) *
          sizeof(uint32_t),
      VK_BUFFER_USAGE_INDIRECT_BUFFER_BIT, false, &kernel->control);
  if (code == CKPT_OK) {
    write_steps(kernel);
    code = allocate_commands(kernel);
  }
  if (code != CKPT_OK) {
    ckpt_vulkan_release_kernel(self, kernel);
    return code;
  }
  *out_kernel_state = kernel;
  return CKPT_OK;
}
