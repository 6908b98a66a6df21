/* The Vulkan backend's per-kernel state, shared by vulkan_kernel.c (building, the
 * launch loop, lifetime) and vulkan_record.c (recording each segment's command buffer). */
#ifndef CKPT_VULKAN_KERNEL_H
#define CKPT_VULKAN_KERNEL_H

#include <stdbool.h>
#include <stdint.h>

#include "core/context.h"
#include "core/device.h"
#include "vulkan/vulkan_backend.h"
#include "vulkan/vulkan_pipelines.h"
#include "vulkan/vulkan_program.h"

enum { STEP_WORDS = 8, GRID_WORDS = 4, INDIRECT_WORDS = 3 };
/* Step parameters: control.comp reads the first five, yield.comp the yield cp, the first
 * task, whether the host armed it, and the end of the task table. */
enum {
  STEP_YIELD_CP = 0,
  STEP_GATE = 1,
  STEP_FIRST_TASK = 2,
  STEP_TASK_COUNT = 3,
  STEP_FLAG_INDEX = 4,
  STEP_ARMED = 5,
  STEP_END_TASK = 6
};
enum { CONTROL_STATE = 0, CONTROL_WORDS = 1, CONTROL_FLAG = 2 };

/* What a descriptor currently points at. */
typedef struct ckpt_vulkan_binding_t {
  uint64_t serial; /* of the ckpt_vulkan_buffer_t; 0: never written */
  VkBuffer buffer;
  VkDeviceSize offset;
  VkDeviceSize range;
} ckpt_vulkan_binding_t;

typedef struct ckpt_vulkan_task_t {
  const ckpt_vulkan_pipeline_t *pipeline;
  VkDescriptorSet set;
  int64_t binding_count;
  ckpt_vulkan_binding_t *bindings;
  int64_t first_scalar; /* scalar buffer slot of its first scalar operand */
  int64_t segment;
} ckpt_vulkan_task_t;

typedef struct ckpt_vulkan_kernel_t {
  ckpt_vulkan_backend_t *backend;
  const ckpt_plan_view_t *view;
  ckpt_device_kernel_t device;
  ckpt_vulkan_program_t program;
  ckpt_vulkan_pipelines_t pipelines;
  /* The control buffer: step parameters, the grid table, indirect dispatch arguments. */
  ckpt_vulkan_buffer_t *control;
  uint32_t grids_base, indirect_base; /* word offsets */
  /* The grid table as the host last wrote it. The control buffer may be device memory
   * mapped over the bus, whose reads are uncached (about 1 us a word on a discrete GPU):
   * the host only ever writes there and reads this copy. */
  uint32_t *grids;
  ckpt_vulkan_task_t *tasks;
  VkDescriptorSet *step_sets;
  ckpt_vulkan_binding_t *step_flags;
  /* Conditional mode, per step: its flag lies in a buffer no task binds, so the device
   * cannot change it during a launch and the host decides the yield check when it queues
   * the segment (write_gates); no check is recorded for it. */
  bool static_flags;
  bool *step_static;
  int64_t host_yield_cp; /* during a launch: the cp_id the host yielded at, or -1 */
  int64_t *step_segment;
  /* One per segment, then in overlap mode (`overlap`) one more per segment: the first
   * set overlaps each yield check with the next group's first task, the second does not
   * (vulkan_record.c). */
  VkCommandBuffer *commands;
  bool overlap;
  bool *dirty;               /* per segment: must be recorded (again) */
  /* Built from the launch records; see build(). */
  bool built;
  VkDescriptorPool pool;
  ckpt_vulkan_buffer_t *scalars;
  VkDeviceSize scalar_stride;
  /* During a launch. */
  void **args;
  ckpt_profile_t *profile; /* NULL unless profiling */
  VkCommandBuffer *queued;
  uint32_t queued_count;
  /* Which recording of its segments the command buffers hold: new each time they are
   * recorded, unique per backend. Asynchronous launches (vulkan_queue.c): those submitted
   * and not finished; the descriptor set of the queue steps; the queued command buffers
   * (gate step, segment, report step; without and with overlap) and the recording each
   * holds (0: none). */
  uint64_t recording;
  int64_t in_flight;
  VkDescriptorPool queue_pool;
  VkDescriptorSet queue_set;
  VkCommandBuffer queue_commands[2];
  uint64_t queue_recorded[2];
} ckpt_vulkan_kernel_t;

static inline ckpt_context_t *context_of(ckpt_vulkan_kernel_t *kernel) { return kernel->backend->context; }

static inline const ckpt_vulkan_buffer_t *state_buffer(const ckpt_vulkan_kernel_t *kernel) {
  return ckpt_device_kernel_state_ref(&kernel->device).buffer;
}

static inline uint32_t *control_words(ckpt_vulkan_kernel_t *kernel) {
  return (uint32_t *)(void *)kernel->control->mapped;
}

/* Makes the kernel ready to run with kernel->args: records again and rebuilds what the
 * arguments changed (all of it when `args_changed`; nothing otherwise, once built), and
 * records the segments that became dirty. */
ckpt_status_code_t ckpt_vulkan_kernel_ready(ckpt_vulkan_kernel_t *kernel, bool args_changed);

/* Fails a launch whose kernels spent lavapipe's loop budget (`spent`), naming the cause;
 * CKPT_OK on every other driver. */
ckpt_status_code_t ckpt_vulkan_check_loop_budget(const ckpt_vulkan_kernel_t *kernel, bool spent);

/* Conditional mode: the first step of `segment` whose yield check the host takes for a
 * launch with kernel->args (its flag, raised, lies where no task writes), given the
 * segment's first open step; -1 if none. */
int64_t ckpt_vulkan_host_yield_step(const ckpt_vulkan_kernel_t *kernel, int64_t segment,
                                    int64_t first_open);

/* Whether a launch whose segment opens at step `first_open` runs the overlapping variant
 * of the segment's commands (vulkan_record.c says what that is). */
bool ckpt_vulkan_launch_overlaps(const ckpt_vulkan_kernel_t *kernel, int64_t first_open);

/* Frees what vulkan_queue.c made for the kernel. */
void ckpt_vulkan_queue_release_kernel(ckpt_vulkan_kernel_t *kernel);

/* Records segment `segment` into its command buffer, the overlapping variant when
 * `overlap` (vulkan_record.c says what that is), and clears its dirty mark. */
ckpt_status_code_t ckpt_vulkan_record_segment(ckpt_vulkan_kernel_t *kernel, int64_t segment,
                                              bool overlap);

/* The command buffer of segment `segment`'s commands, the overlapping variant when
 * `overlap` (ignored for a kernel without one). */
VkCommandBuffer ckpt_vulkan_segment_commands(const ckpt_vulkan_kernel_t *kernel, int64_t segment,
                                             bool overlap);

/* Begins `commands` for recording, to be submitted again while pending. */
ckpt_status_code_t ckpt_vulkan_begin_reused(ckpt_vulkan_kernel_t *kernel, VkCommandBuffer commands);

/* The same commands into `commands`, begun by the caller and ended by it: the queue
 * (vulkan_queue.c) records them between its own steps. */
void ckpt_vulkan_record_segment_into(ckpt_vulkan_kernel_t *kernel, VkCommandBuffer commands,
                                     int64_t segment, bool overlap, bool end_towards_host);

#endif /* CKPT_VULKAN_KERNEL_H */
