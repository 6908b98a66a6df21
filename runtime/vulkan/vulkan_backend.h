/* The Vulkan backend's internals, shared by its files: the device it runs on
 * (vulkan_backend.c), buffers (vulkan_memory.c) and kernels (vulkan_kernel.c). */
#ifndef CKPT_VULKAN_BACKEND_H
#define CKPT_VULKAN_BACKEND_H

#include <stdbool.h>
#include <stdint.h>

#include "core/backend.h"
#include "core/device.h"
#include "vulkan/vulkan_api.h"

/* Where buffers live (CKPT_VULKAN_MEMORY; vulkan_memory.c describes each). */
typedef enum ckpt_vulkan_memory_mode_t {
  CKPT_VULKAN_MEMORY_HOST,
  CKPT_VULKAN_MEMORY_MAPPED,
  CKPT_VULKAN_MEMORY_STAGED,
} ckpt_vulkan_memory_mode_t;

typedef struct ckpt_vulkan_buffer_t ckpt_vulkan_buffer_t;
typedef struct ckpt_vulkan_queue_t ckpt_vulkan_queue_t;

/* What the backend did, summed over its kernels; for tests and benchmarks. */
typedef struct ckpt_vulkan_stats_t {
  int64_t queue_submits; /* launches queued on the device by submit (vulkan_queue.c) */
  /* Staged mode: submissions of the queue that carried copies of mirrors in (the first
   * launch of a kernel in flight, when the host changed some), and copies back after the
   * last launch in flight. */
  int64_t queue_uploads;
  int64_t queue_downloads;
} ckpt_vulkan_stats_t;

typedef struct ckpt_vulkan_backend_t {
  ckpt_backend_t base;
  ckpt_context_t *context;
  ckpt_vulkan_api_t api;
  uint32_t api_version; /* the instance's: 1.1 where the loader has it, else 1.0 */
  VkInstance instance;
  VkDebugUtilsMessengerEXT messenger; /* CKPT_VULKAN_VALIDATION=1 only */
  VkPhysicalDevice physical_device;
  VkPhysicalDeviceProperties properties;
  VkPhysicalDeviceMemoryProperties memory_properties;
  uint32_t queue_family, queue_index;
  VkDevice device;
  VkQueue queue;
  /* The shader features MLIR's SPIR-V may need (vulkan_pipelines.c refuses a module
   * declaring a capability whose feature is missing): on ckpt's device those the device
   * supports, all enabled; on the caller's, those it supports, which the caller is to have
   * enabled (ckpt.h). */
  struct {
    bool int64, int16, float64;
    bool float16;   /* shaderFloat16 (Vulkan 1.2, or VK_KHR_shader_float16_int8) */
    bool storage16; /* storageBuffer16BitAccess (Vulkan 1.1) */
  } shader;
  /* The instance, device and queue are the caller's (options.vulkan): never destroyed
   * here, and never waited for as a whole. */
  bool caller_device;
  /* lavapipe: every loop of a shader invocation ends after 65,535 iterations in all, so a
   * launch whose kernels report that many (CKPT_STATE_LOOP_BUDGET) fails. */
  bool loop_limited;
  VkCommandPool command_pool;
  VkFence fence;
  ckpt_vulkan_memory_mode_t memory_mode;
  /* Host gating (CKPT_VULKAN_GATING=host): the baseline the benchmark measures device
   * gating against, with a submit and a readback after every explicit checkpoint. */
  bool host_gating;
  /* Conditional mode (vulkan_program.h): the device has VK_EXT_conditional_rendering and
   * its feature, enabled unless host gating or CKPT_VULKAN_CONDITIONAL=0 asks for control
   * steps. */
  bool conditional;
  /* Conditional mode: a yield check runs beside the next group's first task instead of
   * behind a barrier of its own (vulkan_record.c); CKPT_VULKAN_OVERLAP=0
   * turns it off. */
  bool overlap;
  /* Conditional mode: the host decides the yield check of a flag no task can write
   * (vulkan_kernel.c, write_gates); CKPT_VULKAN_STATIC_FLAGS=0 checks every flag on the
   * device. */
  bool static_flags;
  /* The runtime's step shader, shared by every kernel: shaders/control.comp, or
   * shaders/yield.comp in conditional mode; both take the same layout. */
  VkShaderModule control_module;
  VkDescriptorSetLayout control_set_layout;
  VkPipelineLayout control_layout;
  VkPipeline control_pipeline;
  /* Validation messages of error severity since the last check (ckpt_vulkan_check). */
  bool validation;
  int64_t validation_errors;
  char *validation_message; /* the first one, owned */
  uint64_t next_buffer_serial;
  /* Staged mode: the mirrors uploaded for the launch under way (or the queued launches
   * in flight), copied in (those with an upload pending) and back around each submission
   * (around the queue's launches in flight) by two command buffers recorded then
   * (ckpt_vulkan_transfers_record). */
  ckpt_vulkan_buffer_t **transfers;
  size_t transfer_count, transfer_capacity;
  bool uploads_pending;
  VkCommandBuffer transfer_commands[2];
  ckpt_vulkan_buffer_t *registered; /* the caller's buffers, vulkan_adopt.c */
  /* Asynchronous launches the device gates (vulkan_queue.c), made on the first. */
  ckpt_vulkan_queue_t *queue_state;
  ckpt_vulkan_stats_t stats;
  uint64_t next_recording; /* vulkan_kernel.h, `recording` */
  /* While profiling (vulkan_profile.c), made on first use: two timestamp queries and the
   * command buffers that write them before and after a submission's work. */
  int timestamps_supported; /* 0: not asked yet, 1: yes, -1: the queue has none */
  VkQueryPool timestamp_pool;
  VkCommandBuffer timestamp_commands[2];
  uint64_t timestamp_mask; /* timestampValidBits of the queue family */
} ckpt_vulkan_backend_t;

/* A buffer shaders bind (`buffer`) and the host reads and writes through `mapped`, a
 * mapping of the same memory, or in staged mode of its staging buffer. `serial` is unique
 * per backend, so a binding can tell a new buffer from a freed one whose handle was
 * reused. */
struct ckpt_vulkan_buffer_t {
  VkBuffer buffer;
  VkDeviceMemory memory;
  VkBuffer staging; /* staged mirrors only, else VK_NULL_HANDLE */
  VkDeviceMemory staging_memory;
  unsigned char *mapped;
  VkDeviceSize size;
  uint64_t serial;
  bool upload_pending; /* staged: written on the host since the last copy in */
  bool device_current; /* staged: the device copy equals the staging one */
  /* A caller's buffer (ckpt_context_register_device_buffer): `buffer` only, never
   * destroyed here, standing behind the address range [registered_at, + size). */
  const unsigned char *registered_at;
  ckpt_vulkan_buffer_t *next_registered;
};

/* Allocates `count` primary command buffers from the backend's pool into out_commands
 * (all VK_NULL_HANDLE on failure, so that freeing them is safe). */
ckpt_status_code_t ckpt_vulkan_allocate_commands(ckpt_vulkan_backend_t *backend, uint32_t count,
                                                 VkCommandBuffer *out_commands);

/* Creates a buffer of `bytes` (at least 4) for `usage` (storage usage is always added):
 * a mirror of a host argument when `mirror` (staged in staged mode), else one of the
 * runtime's own buffers, which the host writes before a launch. */
ckpt_status_code_t ckpt_vulkan_buffer_create(ckpt_vulkan_backend_t *backend, VkDeviceSize bytes,
                                             VkBufferUsageFlags usage, bool mirror,
                                             ckpt_vulkan_buffer_t **out_buffer);

/* Staged mode: records the copies of the launch's mirrors around one submission: into
 * *out_upload those written since the last copy in (VK_NULL_HANDLE if none), into
 * *out_download all of them, back to their staging buffers. Both VK_NULL_HANDLE in the
 * other modes. */
ckpt_status_code_t ckpt_vulkan_transfers_record(ckpt_vulkan_backend_t *backend,
                                                VkCommandBuffer *out_upload,
                                                VkCommandBuffer *out_download);

/* Staged mode, the two halves of ckpt_vulkan_transfers_record, for the queue
 * (vulkan_queue.c), which copies the mirrors in with the first launch in flight and back
 * after the last: each records into the backend's command buffer for its direction,
 * which must not be pending. */
ckpt_status_code_t ckpt_vulkan_transfers_record_upload(ckpt_vulkan_backend_t *backend,
                                                       VkCommandBuffer *out_upload);
ckpt_status_code_t ckpt_vulkan_transfers_record_download(ckpt_vulkan_backend_t *backend,
                                                         VkCommandBuffer *out_download);

/* Staged mode: the launch is over, `completed` or failed; its mirrors leave the transfer
 * list. */
void ckpt_vulkan_transfers_end_launch(ckpt_vulkan_backend_t *backend, bool completed);

/* Frees a buffer; NULL is a no-op. */
void ckpt_vulkan_buffer_destroy(ckpt_vulkan_backend_t *backend, ckpt_vulkan_buffer_t *buffer);

/* core/device.c's memory operations: `user` is the backend, buffers are
 * ckpt_vulkan_buffer_t (mirrors), addresses are 0 (Vulkan binds buffers), and no host
 * pointer is device memory. */
ckpt_device_memory_t ckpt_vulkan_device_memory(ckpt_vulkan_backend_t *backend);

/* Takes the caller's instance, physical device, device and queue from the context's
 * options (vulkan_adopt.c), checking what can be checked: the queue family exists and
 * computes, the queue index is within it. */
ckpt_status_code_t ckpt_vulkan_adopt_instance(ckpt_vulkan_backend_t *backend);

/* The caller's buffer whose registered range holds `pointer`, or NULL. */
ckpt_vulkan_buffer_t *ckpt_vulkan_registered_find(const ckpt_vulkan_backend_t *backend,
                                                  const void *pointer);

/* The vtable's register_buffer / unregister_buffer (core/backend.h). */
ckpt_status_code_t ckpt_vulkan_register_buffer(ckpt_backend_t *self, uint64_t handle,
                                               uint64_t size, const void *pointer);
void ckpt_vulkan_unregister_buffer(ckpt_backend_t *self, const void *pointer);

/* Reports validation errors seen since the last call as CKPT_ERROR_BACKEND; CKPT_OK if
 * there were none (always, without CKPT_VULKAN_VALIDATION=1). */
ckpt_status_code_t ckpt_vulkan_check(ckpt_vulkan_backend_t *backend);

/* The vtable entries implemented in vulkan_kernel.c. */
ckpt_status_code_t ckpt_vulkan_prepare_kernel(ckpt_backend_t *self, const ckpt_plan_view_t *view,
                                              void **out_kernel_state);
void ckpt_vulkan_release_kernel(ckpt_backend_t *self, void *kernel_state);
ckpt_status_code_t ckpt_vulkan_launch(ckpt_backend_t *self, void *kernel_state,
                                      const ckpt_backend_launch_t *launch,
                                      int64_t *out_yield_cp_id);

/* Launch profiling (ckpt/profile.h): the command buffers that go first and last in a
 * submission to time it on the device, into out_commands[0] and [1]; both VK_NULL_HANDLE
 * where the queue has no timestamps. */
ckpt_status_code_t ckpt_vulkan_timestamps_commands(ckpt_vulkan_backend_t *backend,
                                                   VkCommandBuffer out_commands[2]);

/* After the submission that carried them has been waited for: adds its device time. */
ckpt_status_code_t ckpt_vulkan_timestamps_read(ckpt_vulkan_backend_t *backend,
                                               ckpt_profile_t *profile);

void ckpt_vulkan_timestamps_release(ckpt_vulkan_backend_t *backend);

/* The vtable entries implemented in vulkan_queue.c, and the release of its state. */
int64_t ckpt_vulkan_submit_capacity(ckpt_backend_t *self, void *kernel_state);
ckpt_status_code_t ckpt_vulkan_submit(ckpt_backend_t *self, void *kernel_state,
                                      const ckpt_backend_launch_t *launch,
                                      const ckpt_backend_submit_t *submit, uint64_t *out_ticket);
ckpt_status_code_t ckpt_vulkan_finish(ckpt_backend_t *self, uint64_t ticket, bool wait,
                                      bool *out_done, ckpt_backend_result_t *out_result);
void ckpt_vulkan_queue_destroy(ckpt_vulkan_backend_t *backend);

/* The stats of the context's Vulkan backend into *out_stats; false if it has none (no
 * context, or another target). */
bool ckpt_vulkan_backend_stats(const ckpt_context_t *context, ckpt_vulkan_stats_t *out_stats);

#endif /* CKPT_VULKAN_BACKEND_H */
