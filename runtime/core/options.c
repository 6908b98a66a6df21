/* Context options: their defaults, and the checks that a set of options holds together
 * before any backend sees it. Backends read the checked copy in context->options. */
#include <stddef.h>
#include <string.h>

#include "core/context.h"
#include "core/registry.h"

void ckpt_context_options_init(ckpt_context_options_t *options, ckpt_target_t target) {
  if (!options) return;
  memset(options, 0, sizeof(*options));
  options->struct_size = (uint32_t)sizeof(*options);
  options->target = target;
  options->device_index = -1;
}

static bool cuda_handles_set(const ckpt_context_options_t *options) {
  return options->cuda.context || options->cuda.stream;
}

static bool vulkan_handles_set(const ckpt_context_options_t *options) {
  return options->vulkan.instance || options->vulkan.physical_device || options->vulkan.device ||
         options->vulkan.queue_family_index || options->vulkan.queue_index ||
         options->vulkan.conditional_rendering_enabled || options->vulkan.get_instance_proc_addr;
}

/* Handles meant for a target other than options->target are a mistake, not something to
 * ignore: the caller believes ckpt shares their device. */
static ckpt_status_code_t check_foreign_handles(ckpt_context_t *context,
                                                const ckpt_context_options_t *options) {
  const char *target = ckpt_target_name(options->target);
  if (options->target != CKPT_TARGET_CUDA && cuda_handles_set(options))
    return ckpt_context_fail(context, CKPT_ERROR_INVALID_ARGUMENT,
                             "options.cuda is set but options.target is %s; set target to "
                             "CKPT_TARGET_CUDA or clear the cuda fields",
                             target);
  if (options->target != CKPT_TARGET_HIP && options->hip.stream)
    return ckpt_context_fail(context, CKPT_ERROR_INVALID_ARGUMENT,
                             "options.hip.stream is set but options.target is %s; set target "
                             "to CKPT_TARGET_HIP or clear it",
                             target);
  if (options->target != CKPT_TARGET_VULKAN && vulkan_handles_set(options))
    return ckpt_context_fail(context, CKPT_ERROR_INVALID_ARGUMENT,
                             "options.vulkan is set but options.target is %s; set target to "
                             "CKPT_TARGET_VULKAN or clear the vulkan fields",
                             target);
  return CKPT_OK;
}

static ckpt_status_code_t check_vulkan(ckpt_context_t *context,
                                       const ckpt_context_options_t *options) {
  const void *handles[] = {options->vulkan.instance, options->vulkan.physical_device,
                           options->vulkan.device};
  static const char *const names[] = {"instance", "physical_device", "device"};
  int given = 0;
  for (int i = 0; i < 3; ++i) given += handles[i] != NULL;
  if (given == 0) {
    if (options->vulkan.queue_family_index || options->vulkan.queue_index ||
        options->vulkan.conditional_rendering_enabled || options->vulkan.get_instance_proc_addr)
      return ckpt_context_fail(context, CKPT_ERROR_INVALID_ARGUMENT,
                               "options.vulkan has a queue, conditional_rendering_enabled or "
                               "get_instance_proc_addr but no device; they describe a device "
                               "of yours: set vulkan.instance, vulkan.physical_device and "
                               "vulkan.device too, or clear them");
    return CKPT_OK;
  }
  if (given < 3) {
    for (int i = 0; i < 3; ++i)
      if (!handles[i])
        return ckpt_context_fail(context, CKPT_ERROR_INVALID_ARGUMENT,
                                 "options.vulkan.%s is NULL but other Vulkan handles are set; "
                                 "pass instance, physical_device and device together (or none, "
                                 "for a device of ckpt's own)",
                                 names[i]);
  }
  if (options->device_index >= 0)
    return ckpt_context_fail(context, CKPT_ERROR_INVALID_ARGUMENT,
                             "options.device_index is %d but options.vulkan.physical_device "
                             "already names the device; leave device_index -1",
                             (int)options->device_index);
  return CKPT_OK;
}

static ckpt_status_code_t check_options(ckpt_context_t *context,
                                        const ckpt_context_options_t *options) {
  ckpt_status_code_t code = check_foreign_handles(context, options);
  if (code != CKPT_OK) return code;
  if (options->device_index < -1)
    return ckpt_context_fail(context, CKPT_ERROR_INVALID_ARGUMENT,
                             "options.device_index is %d; use a device index (0, 1, ...) or -1 "
                             "for the default",
                             (int)options->device_index);
  if (options->cpu_thread_count < 0)
    return ckpt_context_fail(context, CKPT_ERROR_INVALID_ARGUMENT,
                             "options.cpu_thread_count is %d; use a thread count or 0 for the "
                             "default (CKPT_CPU_THREADS, else every core)",
                             (int)options->cpu_thread_count);
  switch (options->target) {
    case CKPT_TARGET_CPU:
      if (options->device_index >= 0)
        return ckpt_context_fail(context, CKPT_ERROR_INVALID_ARGUMENT,
                                 "options.device_index is %d but the CPU target has no devices; "
                                 "leave it -1",
                                 (int)options->device_index);
      return CKPT_OK;
    case CKPT_TARGET_CUDA:
      if (options->cuda.stream && !options->cuda.context)
        return ckpt_context_fail(context, CKPT_ERROR_INVALID_ARGUMENT,
                                 "options.cuda.stream is set without options.cuda.context; pass "
                                 "the CUcontext the stream was created in");
      if (options->cuda.context && options->device_index >= 0)
        return ckpt_context_fail(context, CKPT_ERROR_INVALID_ARGUMENT,
                                 "options.device_index is %d but options.cuda.context already "
                                 "names the device; leave device_index -1",
                                 (int)options->device_index);
      return CKPT_OK;
    case CKPT_TARGET_VULKAN:
      return check_vulkan(context, options);
    case CKPT_TARGET_HIP:
      return CKPT_OK;
  }
  return CKPT_OK; /* an unknown target: the registry reports it, listing the known ones */
}

ckpt_status_code_t ckpt_context_create_with_options(const ckpt_context_options_t *options,
                                                    ckpt_context_t **out_context) {
  if (!out_context) return CKPT_ERROR_INVALID_ARGUMENT;
  *out_context = NULL;
  if (!options) return CKPT_ERROR_INVALID_ARGUMENT;
  ckpt_context_t *context = NULL;
  ckpt_status_code_t code = ckpt_context_allocate(options->target, &context);
  if (code != CKPT_OK) return code;
  *out_context = context;
  if (options->struct_size != sizeof(ckpt_context_options_t))
    return ckpt_context_fail(context, CKPT_ERROR_INVALID_ARGUMENT,
                             "options.struct_size is %u but this runtime's "
                             "ckpt_context_options_t has %zu bytes; fill the options with "
                             "ckpt_context_options_init from the ckpt/ckpt.h this runtime was "
                             "built with",
                             (unsigned)options->struct_size, sizeof(ckpt_context_options_t));
  context->options = *options;
  code = check_options(context, options);
  if (code != CKPT_OK) return code;
  return ckpt_context_start(context);
}
