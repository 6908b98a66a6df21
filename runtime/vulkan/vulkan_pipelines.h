/* The compute pipelines of one graph kernel: one per (device image, entry point, operand
 * count), made on first use and kept for the kernel's life. Before making one, the
 * SPIR-V is read (vulkan_spirv.h) to check that the entry point exists and to learn the
 * workgroup size it was compiled with. Every operand is a storage buffer at set 0,
 * binding = operand index (MLIR's SPIR-V ABI), so the layout follows from the count. */
#ifndef CKPT_VULKAN_PIPELINES_H
#define CKPT_VULKAN_PIPELINES_H

#include <stdint.h>

#include "core/device.h"
#include "core/plan.h"
#include "vulkan/vulkan_backend.h"

/* A compute pipeline for one entry point of one image and its number of operands. */
typedef struct ckpt_vulkan_pipeline_t {
  int64_t image;
  char *entry;
  int64_t binding_count;
  uint32_t local_size[3];
  VkDescriptorSetLayout set_layout;
  VkPipelineLayout layout;
  VkPipeline pipeline;
  struct ckpt_vulkan_pipeline_t *next;
} ckpt_vulkan_pipeline_t;

typedef struct ckpt_vulkan_pipelines_t {
  ckpt_vulkan_backend_t *backend;
  const ckpt_plan_view_t *view;
  uint32_t **image_words; /* per device image: an aligned copy, made on first use */
  VkShaderModule *modules;
  ckpt_vulkan_pipeline_t *pipelines;
} ckpt_vulkan_pipelines_t;

/* An empty cache for the images of `view` (borrowed; must outlive the cache). */
ckpt_status_code_t ckpt_vulkan_pipelines_init(ckpt_vulkan_pipelines_t *pipelines,
                                              ckpt_vulkan_backend_t *backend,
                                              const ckpt_plan_view_t *view);

/* The pipeline for `launch`'s kernel, made on first use; owned by the cache.
 * CKPT_ERROR_INVALID_PLAN when the image is not SPIR-V or lacks the entry point. */
ckpt_status_code_t ckpt_vulkan_pipelines_find(ckpt_vulkan_pipelines_t *pipelines,
                                              const ckpt_device_launch_t *launch,
                                              const ckpt_vulkan_pipeline_t **out_pipeline);

/* Destroys every pipeline and shader module. */
void ckpt_vulkan_pipelines_release(ckpt_vulkan_pipelines_t *pipelines);

/* Creates the backend's step shader pipeline (control_module, control_set_layout,
 * control_layout, control_pipeline): shaders/yield.comp in conditional mode, else
 * shaders/control.comp; the backend destroys them. */
ckpt_status_code_t ckpt_vulkan_control_pipeline_create(ckpt_vulkan_backend_t *backend);

/* Creates a pipeline of one of the runtime's own shaders: `spirv` (`spirv_bytes` bytes),
 * three storage buffers at set 0, bindings 0-2, and `push_words` words of push constants.
 * `what` names the shader in messages. The caller destroys the four handles, also after a
 * failure (those not made stay VK_NULL_HANDLE). */
ckpt_status_code_t ckpt_vulkan_step_pipeline_create(ckpt_vulkan_backend_t *backend,
                                                   const uint32_t *spirv, size_t spirv_bytes,
                                                   uint32_t push_words, const char *what,
                                                   VkShaderModule *out_module,
                                                   VkDescriptorSetLayout *out_set_layout,
                                                   VkPipelineLayout *out_layout,
                                                   VkPipeline *out_pipeline);

#endif /* CKPT_VULKAN_PIPELINES_H */
