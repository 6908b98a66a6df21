#include "vulkan/vulkan_pipelines.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/context.h"
#include "vulkan/vulkan_shaders.h"
#include "vulkan/vulkan_spirv.h"

/* SPIR-V capabilities MLIR's conversion may declare that need a device feature. */
enum {
  CAP_FLOAT16 = 9,
  CAP_FLOAT64 = 10,
  CAP_INT64 = 11,
  CAP_INT16 = 22,
  CAP_STORAGE_BUFFER_16BIT_ACCESS = 4433,
};

/* The feature a capability needs that the device lacks, or NULL; *fix says what to do. */
static const char *missing_feature(const ckpt_vulkan_backend_t *backend, uint32_t capability,
                                   const char **name, const char **fix) {
  switch (capability) {
  case CAP_FLOAT16:
    *name = "Float16";
    *fix = "compute in f32 (arith.extf the loads, arith.truncf the stores)";
    return backend->shader.float16 ? NULL : "shaderFloat16";
  case CAP_STORAGE_BUFFER_16BIT_ACCESS:
    *name = "StorageBuffer16BitAccess";
    *fix = "pass 32-bit buffers (convert f16 and i16 data on the host)";
    return backend->shader.storage16 ? NULL : "storageBuffer16BitAccess";
  case CAP_FLOAT64:
    *name = "Float64";
    *fix = "compute in f32";
    return backend->shader.float64 ? NULL : "shaderFloat64";
  case CAP_INT64:
    *name = "Int64";
    *fix = "use i32";
    return backend->shader.int64 ? NULL : "shaderInt64";
  case CAP_INT16:
    *name = "Int16";
    *fix = "use i32";
    return backend->shader.int16 ? NULL : "shaderInt16";
  default:
    return NULL;
  }
}

/* A module declaring a capability whose feature the device lacks is refused here, where
 * the driver would be free to fail anyhow. */
static ckpt_status_code_t check_capabilities(ckpt_vulkan_pipelines_t *cache, int64_t image,
                                             const uint32_t *words, size_t word_count) {
  enum { MAX_CAPABILITIES = 32 };
  uint32_t capabilities[MAX_CAPABILITIES];
  size_t count = 0;
  const char *problem = NULL;
  if (!ckpt_vulkan_spirv_capabilities(words, word_count, capabilities, MAX_CAPABILITIES, &count,
                                      &problem))
    return ckpt_context_fail(cache->backend->context, CKPT_ERROR_INVALID_PLAN,
                             "device image %lld of kernel '%s': %s", (long long)image,
                             cache->view->kernel_name, problem);
  for (size_t i = 0; i < count && i < MAX_CAPABILITIES; ++i) {
    const char *name = NULL, *fix = NULL;
    const char *feature = missing_feature(cache->backend, capabilities[i], &name, &fix);
    if (feature)
      return ckpt_context_fail(cache->backend->context, CKPT_ERROR_UNAVAILABLE,
                               "device image %lld of kernel '%s' uses the SPIR-V capability "
                               "%s, and Vulkan device '%s' does not offer %s: %s",
                               (long long)image, cache->view->kernel_name, name,
                               cache->backend->properties.deviceName, feature, fix);
  }
  return CKPT_OK;
}

static ckpt_status_code_t image_module(ckpt_vulkan_pipelines_t *cache, int64_t image) {
  if (cache->modules[image])
    return CKPT_OK;
  ckpt_vulkan_backend_t *backend = cache->backend;
  const ckpt_plan_t *plan = &cache->view->plan;
  int64_t bytes = plan->device_image_sizes ? plan->device_image_sizes[image] : 0;
  if (!plan->device_images || !plan->device_images[image] || bytes <= 0 || bytes % 4 != 0)
    return ckpt_context_fail(cache->backend->context, CKPT_ERROR_INVALID_PLAN,
                             "device image %lld of kernel '%s' is not SPIR-V (%lld bytes, not a "
                             "positive multiple of 4); was the module lowered with "
                             "target=vulkan?",
                             (long long)image, cache->view->kernel_name, (long long)bytes);
  /* The plan's bytes need not be 4-byte aligned; shader modules take words. A module
   * refused before has its words already: each launch asking for it is refused again. */
  if (!cache->image_words[image]) {
    cache->image_words[image] = malloc((size_t)bytes);
    if (!cache->image_words[image])
      return ckpt_context_fail(cache->backend->context, CKPT_ERROR_OUT_OF_MEMORY,
                               "out of memory");
    memcpy(cache->image_words[image], plan->device_images[image], (size_t)bytes);
  }
  ckpt_status_code_t code =
      check_capabilities(cache, image, cache->image_words[image], (size_t)bytes / 4);
  if (code != CKPT_OK)
    return code;
  VkShaderModuleCreateInfo info = {
      .sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO,
      .codeSize = (size_t)bytes,
      .pCode = cache->image_words[image],
  };
  VkResult result =
      backend->api.vkCreateShaderModule(backend->device, &info, NULL, &cache->modules[image]);
  if (result != VK_SUCCESS) {
    char detail[96];
    snprintf(detail, sizeof detail, "device image %lld of kernel '%s'", (long long)image,
             cache->view->kernel_name);
    return ckpt_vulkan_fail(cache->backend->context, "vkCreateShaderModule", result, detail);
  }
  return CKPT_OK;
}

static void destroy_pipeline(ckpt_vulkan_backend_t *backend, ckpt_vulkan_pipeline_t *pipeline) {
  const ckpt_vulkan_api_t *vk = &backend->api;
  if (pipeline->pipeline)
    vk->vkDestroyPipeline(backend->device, pipeline->pipeline, NULL);
  if (pipeline->layout)
    vk->vkDestroyPipelineLayout(backend->device, pipeline->layout, NULL);
  if (pipeline->set_layout)
    vk->vkDestroyDescriptorSetLayout(backend->device, pipeline->set_layout, NULL);
  free(pipeline->entry);
  free(pipeline);
}

static ckpt_status_code_t create_pipeline(ckpt_vulkan_pipelines_t *cache,
                                          ckpt_vulkan_pipeline_t *pipeline) {
  ckpt_vulkan_backend_t *backend = cache->backend;
  const ckpt_vulkan_api_t *vk = &backend->api;
  ckpt_context_t *context = cache->backend->context;
  size_t count = (size_t)pipeline->binding_count;
  /* Beyond the limit drivers are free to fail anyhow (lavapipe crashes compiling it). */
  const VkPhysicalDeviceLimits *limits = &backend->properties.limits;
  uint32_t limit = limits->maxPerStageDescriptorStorageBuffers;
  if (limits->maxDescriptorSetStorageBuffers < limit)
    limit = limits->maxDescriptorSetStorageBuffers;
  if (count > limit)
    return ckpt_context_fail(context, CKPT_ERROR_UNAVAILABLE,
                             "kernel '%s', entry '%s', binds %zu storage buffers (one per "
                             "operand of the task, scalars included), more than the %u one "
                             "shader may use on '%s' (maxPerStageDescriptorStorageBuffers): pass "
                             "the task fewer memrefs (several arrays as views of one buffer), or "
                             "split it into tasks that each use fewer",
                             cache->view->kernel_name, pipeline->entry, count, limit,
                             backend->properties.deviceName);
  VkDescriptorSetLayoutBinding *bindings = calloc(count + 1, sizeof(*bindings));
  if (!bindings)
    return ckpt_context_fail(context, CKPT_ERROR_OUT_OF_MEMORY, "out of memory");
  for (size_t i = 0; i < count; ++i)
    bindings[i] = (VkDescriptorSetLayoutBinding){
        .binding = (uint32_t)i,
        .descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
        .descriptorCount = 1,
        .stageFlags = VK_SHADER_STAGE_COMPUTE_BIT,
    };
  VkDescriptorSetLayoutCreateInfo set_layout = {
      .sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO,
      .bindingCount = (uint32_t)count,
      .pBindings = bindings,
  };
  VkResult result =
      vk->vkCreateDescriptorSetLayout(backend->device, &set_layout, NULL, &pipeline->set_layout);
  free(bindings);
  if (result != VK_SUCCESS)
    return ckpt_vulkan_fail(context, "vkCreateDescriptorSetLayout", result, pipeline->entry);
  VkPipelineLayoutCreateInfo layout = {
      .sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO,
      .setLayoutCount = 1,
      .pSetLayouts = &pipeline->set_layout,
  };
  result = vk->vkCreatePipelineLayout(backend->device, &layout, NULL, &pipeline->layout);
  if (result != VK_SUCCESS)
    return ckpt_vulkan_fail(context, "vkCreatePipelineLayout", result, pipeline->entry);
  VkComputePipelineCreateInfo info = {
      .sType = VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO,
      .stage =
          {
              .sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO,
              .stage = VK_SHADER_STAGE_COMPUTE_BIT,
              .module = cache->modules[pipeline->image],
              .pName = pipeline->entry,
          },
      .layout = pipeline->layout,
  };
  result = vk->vkCreateComputePipelines(backend->device, VK_NULL_HANDLE, 1, &info, NULL,
                                        &pipeline->pipeline);
  if (result != VK_SUCCESS)
    return ckpt_vulkan_fail(context, "vkCreateComputePipelines", result, pipeline->entry);
  return CKPT_OK;
}

ckpt_status_code_t ckpt_vulkan_pipelines_find(ckpt_vulkan_pipelines_t *cache,
                                              const ckpt_device_launch_t *launch,
                                              const ckpt_vulkan_pipeline_t **out_pipeline) {
  for (ckpt_vulkan_pipeline_t *p = cache->pipelines; p; p = p->next)
    if (p->image == launch->image && p->binding_count == launch->operand_count &&
        strcmp(p->entry, launch->kernel) == 0) {
      *out_pipeline = p;
      return CKPT_OK;
    }
  ckpt_status_code_t code = image_module(cache, launch->image);
  if (code != CKPT_OK)
    return code;
  ckpt_vulkan_pipeline_t *pipeline = calloc(1, sizeof(*pipeline));
  if (!pipeline || !(pipeline->entry = strdup(launch->kernel))) {
    free(pipeline);
    return ckpt_context_fail(cache->backend->context, CKPT_ERROR_OUT_OF_MEMORY, "out of memory");
  }
  pipeline->image = launch->image;
  pipeline->binding_count = launch->operand_count;
  const char *problem = NULL;
  size_t words = (size_t)cache->view->plan.device_image_sizes[launch->image] / 4;
  if (!ckpt_vulkan_spirv_local_size(cache->image_words[launch->image], words, launch->kernel,
                                    pipeline->local_size, &problem)) {
    destroy_pipeline(cache->backend, pipeline);
    return ckpt_context_fail(cache->backend->context, CKPT_ERROR_INVALID_PLAN,
                             "kernel '%s' of graph kernel '%s' (device image %lld): %s",
                             launch->kernel, cache->view->kernel_name, (long long)launch->image,
                             problem);
  }
  code = create_pipeline(cache, pipeline);
  if (code != CKPT_OK) {
    destroy_pipeline(cache->backend, pipeline);
    return code;
  }
  pipeline->next = cache->pipelines;
  cache->pipelines = pipeline;
  *out_pipeline = pipeline;
  return CKPT_OK;
}

ckpt_status_code_t ckpt_vulkan_pipelines_init(ckpt_vulkan_pipelines_t *pipelines,
                                              ckpt_vulkan_backend_t *backend,
                                              const ckpt_plan_view_t *view) {
  memset(pipelines, 0, sizeof(*pipelines));
  pipelines->backend = backend;
  pipelines->view = view;
  size_t images = (size_t)view->plan.device_image_count + 1;
  pipelines->image_words = calloc(images, sizeof(*pipelines->image_words));
  pipelines->modules = calloc(images, sizeof(*pipelines->modules));
  if (!pipelines->image_words || !pipelines->modules)
    return ckpt_context_fail(backend->context, CKPT_ERROR_OUT_OF_MEMORY, "out of memory");
  return CKPT_OK;
}

void ckpt_vulkan_pipelines_release(ckpt_vulkan_pipelines_t *pipelines) {
  ckpt_vulkan_backend_t *backend = pipelines->backend;
  if (!backend)
    return;
  while (pipelines->pipelines) {
    ckpt_vulkan_pipeline_t *next = pipelines->pipelines->next;
    destroy_pipeline(backend, pipelines->pipelines);
    pipelines->pipelines = next;
  }
  for (int64_t i = 0; pipelines->modules && pipelines->image_words &&
                      i < pipelines->view->plan.device_image_count;
       ++i) {
    if (pipelines->modules[i])
      backend->api.vkDestroyShaderModule(backend->device, pipelines->modules[i], NULL);
    free(pipelines->image_words[i]);
  }
  free(pipelines->modules);
  free(pipelines->image_words);
  memset(pipelines, 0, sizeof(*pipelines));
}

/*--- the runtime's step shader ---------------------------------------------*/

ckpt_status_code_t ckpt_vulkan_step_pipeline_create(ckpt_vulkan_backend_t *backend,
                                                   const uint32_t *spirv, size_t spirv_bytes,
                                                   uint32_t push_words, const char *what,
                                                   VkShaderModule *out_module,
                                                   VkDescriptorSetLayout *out_set_layout,
                                                   VkPipelineLayout *out_layout,
                                                   VkPipeline *out_pipeline) {
  const ckpt_vulkan_api_t *vk = &backend->api;
  VkShaderModuleCreateInfo module = {
      .sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO,
      .codeSize = spirv_bytes,
      .pCode = spirv,
  };
  VkResult result = vk->vkCreateShaderModule(backend->device, &module, NULL, out_module);
  if (result != VK_SUCCESS)
    return ckpt_vulkan_fail(backend->context, "vkCreateShaderModule", result, what);
  VkDescriptorSetLayoutBinding bindings[3];
  for (uint32_t i = 0; i < 3; ++i)
    bindings[i] = (VkDescriptorSetLayoutBinding){
        .binding = i,
        .descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
        .descriptorCount = 1,
        .stageFlags = VK_SHADER_STAGE_COMPUTE_BIT,
    };
  VkDescriptorSetLayoutCreateInfo set_layout = {
      .sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO,
      .bindingCount = 3,
      .pBindings = bindings,
  };
  result = vk->vkCreateDescriptorSetLayout(backend->device, &set_layout, NULL, out_set_layout);
  if (result != VK_SUCCESS)
    return ckpt_vulkan_fail(backend->context, "vkCreateDescriptorSetLayout", result, NULL);
  VkPushConstantRange push = {
      .stageFlags = VK_SHADER_STAGE_COMPUTE_BIT,
      .offset = 0,
      .size = push_words * (uint32_t)sizeof(uint32_t),
  };
  VkPipelineLayoutCreateInfo layout = {
      .sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO,
      .setLayoutCount = 1,
      .pSetLayouts = out_set_layout,
      .pushConstantRangeCount = 1,
      .pPushConstantRanges = &push,
  };
  result = vk->vkCreatePipelineLayout(backend->device, &layout, NULL, out_layout);
  if (result != VK_SUCCESS)
    return ckpt_vulkan_fail(backend->context, "vkCreatePipelineLayout", result, NULL);
  VkComputePipelineCreateInfo pipeline = {
      .sType = VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO,
      .stage =
          {
              .sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO,
              .stage = VK_SHADER_STAGE_COMPUTE_BIT,
              .module = *out_module,
              .pName = "main",
          },
      .layout = *out_layout,
  };
  result = vk->vkCreateComputePipelines(backend->device, VK_NULL_HANDLE, 1, &pipeline, NULL,
                                        out_pipeline);
  if (result != VK_SUCCESS)
    return ckpt_vulkan_fail(backend->context, "vkCreateComputePipelines", result, what);
  return CKPT_OK;
}

ckpt_status_code_t ckpt_vulkan_control_pipeline_create(ckpt_vulkan_backend_t *backend) {
  bool conditional = backend->conditional;
  return ckpt_vulkan_step_pipeline_create(
      backend, conditional ? ckpt_vulkan_yield_spirv : ckpt_vulkan_control_spirv,
      conditional ? ckpt_vulkan_yield_spirv_size : ckpt_vulkan_control_spirv_size, 3,
      conditional ? "the runtime's yield shader" : "the runtime's control shader",
      &backend->control_module, &backend->control_set_layout, &backend->control_layout,
      &backend->control_pipeline);
}
