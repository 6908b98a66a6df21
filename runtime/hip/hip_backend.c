/* The HIP target: the HIP runtime API (loaded at run time), the device memory core/device.c
 * mirrors host arguments into, modules picked per chip from the plan's bundles, and
 * launches. Graph building and the do-while host loops live in hip_graph.c.
 *
 * A launch: sync the mirrors and launch records (device.c, only when the arguments
 * changed), build or update the graphs of the launch's entry point, upload the mirrors and
 * (when it changed) the gating state, run the segments (a do-while reads the state back
 * once per iteration), wait once, and download the mirrors. As on CUDA the outcome comes
 * back without a copy: a yield check that yields, or the report step ending a graph whose
 * checks task prologues did, writes its cp_id into mapped host memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/context.h"
#include "core/registry.h"
#include "core/string_builder.h"
#include "hip/hip_backend.h"
#include "ckpt_hip_kernels.h"

ckpt_status_code_t ckpt_hip_check(ckpt_hip_backend_t *backend, hipError_t error, const char *call) {
  if (error == CKPT_HIP_SUCCESS) return CKPT_OK;
  char message[512];
  ckpt_hip_describe_error(&backend->api, error, call, message, sizeof(message));
  return ckpt_context_fail(backend->context, CKPT_ERROR_BACKEND, "%s", message);
}

/*--- memory for core/device.c ----------------------------------------------*/

static bool ckpt_hip_is_device_pointer(void *user, const void *pointer) {
  ckpt_hip_kernel_t *kernel = user;
  int memory_type = -1;
  hipError_t error = kernel->backend->api.hipPointerGetAttribute(
      &memory_type, CKPT_HIP_POINTER_ATTRIBUTE_MEMORY_TYPE, (void *)pointer);
  return error == CKPT_HIP_SUCCESS &&
         (memory_type == CKPT_HIP_MEMORY_TYPE_DEVICE || memory_type == CKPT_HIP_MEMORY_TYPE_UNIFIED);
}

static ckpt_status_code_t ckpt_hip_allocate(void *user, size_t bytes, void **out_buffer,
                                            uint64_t *out_address) {
  ckpt_hip_kernel_t *kernel = user;
  void *pointer = NULL;
  ckpt_status_code_t code = ckpt_hip_check(
      kernel->backend, kernel->backend->api.hipMalloc(&pointer, bytes ? bytes : 1), "hipMalloc");
  if (code != CKPT_OK) return code;
  *out_buffer = pointer;
  *out_address = (uint64_t)(uintptr_t)pointer;
  return CKPT_OK;
}

static void ckpt_hip_release(void *user, void *buffer) {
  ckpt_hip_kernel_t *kernel = user;
  kernel->backend->api.hipFree(buffer);
}

static ckpt_status_code_t ckpt_hip_upload(void *user, void *buffer, const void *host,
                                          size_t bytes) {
  ckpt_hip_kernel_t *kernel = user;
  ckpt_hip_backend_t *backend = kernel->backend;
  return ckpt_hip_check(backend,
                        backend->api.hipMemcpyAsync(buffer, host, bytes,
                                                    CKPT_HIP_MEMCPY_HOST_TO_DEVICE, backend->stream),
                        "hipMemcpyAsync (host to device)");
}

/* The pinned words of a kernel (host_words): core's state words, a do-while's readback of
 * the state, and the outcome word. */
enum {
  CKPT_HIP_READBACK_WORDS_AT = 2 * CKPT_STATE_WORDS,
  CKPT_HIP_OUTCOME_WORD = CKPT_HIP_READBACK_WORDS_AT + CKPT_STATE_WORDS,
  CKPT_HIP_HOST_WORDS
};

static ckpt_status_code_t ckpt_hip_download(void *user, void *buffer, void *host, size_t bytes) {
  ckpt_hip_kernel_t *kernel = user;
  ckpt_hip_backend_t *backend = kernel->backend;
  ckpt_status_code_t code =
      ckpt_hip_check(backend,
                     backend->api.hipMemcpyAsync(host, buffer, bytes,
                                                 CKPT_HIP_MEMCPY_DEVICE_TO_HOST, backend->stream),
                     "hipMemcpyAsync (device to host)");
  if (code == CKPT_OK)
    code = ckpt_hip_check(backend, backend->api.hipStreamSynchronize(backend->stream),
                          "hipStreamSynchronize");
  return code;
}

/* Waiting for the launch is its readback: the outcome word then holds the yield. */
static ckpt_status_code_t ckpt_hip_wait(void *user) {
  ckpt_hip_kernel_t *kernel = user;
  ckpt_hip_backend_t *backend = kernel->backend;
  backend->stats.readbacks++;
  return ckpt_hip_check(backend, backend->api.hipStreamSynchronize(backend->stream),
                        "hipStreamSynchronize");
}

ckpt_status_code_t ckpt_hip_read_state(ckpt_hip_kernel_t *kernel) {
  ckpt_hip_backend_t *backend = kernel->backend;
  backend->stats.readbacks++;
  void *state = (void *)(uintptr_t)ckpt_device_kernel_state_ref(&kernel->device).address;
  ckpt_status_code_t code = ckpt_hip_check(
      backend,
      backend->api.hipMemcpyAsync(kernel->host_words + CKPT_HIP_READBACK_WORDS_AT, state,
                                  CKPT_STATE_WORDS * sizeof(int32_t),
                                  CKPT_HIP_MEMCPY_DEVICE_TO_HOST, backend->stream),
      "hipMemcpyAsync (device to host)");
  if (code == CKPT_OK)
    code = ckpt_hip_check(backend, backend->api.hipStreamSynchronize(backend->stream),
                          "hipStreamSynchronize");
  return code;
}

const int32_t *ckpt_hip_readback(const ckpt_hip_kernel_t *kernel) {
  return kernel->host_words + CKPT_HIP_READBACK_WORDS_AT;
}

void ckpt_hip_record_yield(ckpt_hip_kernel_t *kernel, int32_t yield_cp) {
  ((volatile int32_t *)kernel->host_words)[CKPT_HIP_OUTCOME_WORD] = yield_cp;
}

/*--- modules -----------------------------------------------------------------*/

/* Loads plan image (bundle) `index`: the entry for the device's chip. */
static ckpt_status_code_t ckpt_hip_load_image(ckpt_hip_kernel_t *kernel, int64_t index) {
  ckpt_hip_backend_t *backend = kernel->backend;
  const ckpt_plan_t *plan = &kernel->view->plan;
  const char *kernel_name = kernel->view->kernel_name;
  uint64_t size = plan->device_image_sizes ? (uint64_t)plan->device_image_sizes[index] : 0;
  uint64_t count = 0;
  char why[256];
  if (!ckpt_hip_bundle_check(plan->device_images[index], size, &count, why, sizeof(why)))
    return ckpt_context_fail(backend->context, CKPT_ERROR_INVALID_PLAN,
                             "device image %lld of kernel '%s' is not a HIP image bundle the "
                             "runtime can read: %s; lower it with --ckpt-lower-to-llvm=target=hip",
                             (long long)index, kernel_name, why);
  ckpt_hip_image_t *entries = ckpt_hip_bundle_entries(plan->device_images[index], count);
  if (!entries) return ckpt_context_fail(backend->context, CKPT_ERROR_OUT_OF_MEMORY, "out of memory");
  int64_t pick = ckpt_hip_bundle_pick(entries, count, backend->chip);
  ckpt_status_code_t code = CKPT_OK;
  if (pick < 0) {
    ckpt_string_builder_t chips = CKPT_STRING_BUILDER_INIT;
    ckpt_hip_bundle_append_chips(entries, count, &chips);
    code = ckpt_context_fail(backend->context, CKPT_ERROR_UNAVAILABLE,
                             "no code object for this device's chip %s (%s) in image %lld of "
                             "kernel '%s'; it was compiled for %s (recompile with "
                             "--ckpt-lower-to-llvm=target=hip chips=...)",
                             backend->chip, backend->device_name, (long long)index, kernel_name,
                             ckpt_string_builder_view(&chips));
    ckpt_string_builder_release(&chips);
  } else {
    backend->stats.module_loads++;
    hipError_t error = backend->api.hipModuleLoadData(&kernel->modules[index], entries[pick].image);
    if (error != CKPT_HIP_SUCCESS) {
      char message[512];
      ckpt_hip_describe_error(&backend->api, error, "hipModuleLoadData", message, sizeof(message));
      code = ckpt_context_fail(backend->context, CKPT_ERROR_BACKEND,
                               "%s, loading the %s image of device image %lld of kernel '%s' on "
                               "%s",
                               message, entries[pick].chip, (long long)index, kernel_name,
                               backend->device_name);
    }
  }
  free(entries);
  return code;
}

ckpt_status_code_t ckpt_hip_resolve_function(ckpt_hip_kernel_t *kernel, int64_t node,
                                             hipFunction_t *out_function) {
  if (kernel->functions[node]) {
    *out_function = kernel->functions[node];
    return CKPT_OK;
  }
  ckpt_hip_backend_t *backend = kernel->backend;
  const ckpt_device_launch_t *launch = kernel->device.launches[node];
  if (!kernel->modules[launch->image]) {
    ckpt_status_code_t code = ckpt_hip_load_image(kernel, launch->image);
    if (code != CKPT_OK) return code;
  }
  hipError_t error = backend->api.hipModuleGetFunction(&kernel->functions[node],
                                                      kernel->modules[launch->image], launch->kernel);
  if (error != CKPT_HIP_SUCCESS) {
    char message[512];
    ckpt_hip_describe_error(&backend->api, error, "hipModuleGetFunction", message, sizeof(message));
    return ckpt_context_fail(backend->context, CKPT_ERROR_BACKEND,
                             "%s: device image %lld of kernel '%s' has no kernel '%s'", message,
                             (long long)launch->image, kernel->view->kernel_name, launch->kernel);
  }
  *out_function = kernel->functions[node];
  return CKPT_OK;
}

/*--- kernels -----------------------------------------------------------------*/

static void ckpt_hip_release_kernel(ckpt_backend_t *self, void *kernel_state) {
  ckpt_hip_backend_t *backend = (ckpt_hip_backend_t *)self;
  ckpt_hip_kernel_t *kernel = kernel_state;
  if (!kernel) return;
  ckpt_hip_programs_release(kernel);
  if (kernel->device.launches) ckpt_device_kernel_release(&kernel->device);
  for (int64_t i = 0; kernel->modules && i < kernel->view->plan.device_image_count; ++i)
    if (kernel->modules[i]) backend->api.hipModuleUnload(kernel->modules[i]);
  if (kernel->host_words) backend->api.hipHostFree(kernel->host_words);
  free(kernel->modules);
  free(kernel->functions);
  free(kernel);
}

static ckpt_status_code_t ckpt_hip_prepare_kernel(ckpt_backend_t *self,
                                                  const ckpt_plan_view_t *view,
                                                  void **out_kernel_state) {
  ckpt_hip_backend_t *backend = (ckpt_hip_backend_t *)self;
  ckpt_context_t *context = backend->context;
  if (view->plan.device_image_count == 0 && view->node_count > 0)
    return ckpt_context_fail(context, CKPT_ERROR_INVALID_PLAN,
                             "kernel '%s' has no device images: it was lowered for the CPU; "
                             "lower it with --ckpt-lower-to-llvm=target=hip",
                             view->kernel_name);
  if (view->plan.gating == CKPT_GATING_IF_NODES)
    return ckpt_context_fail(context, CKPT_ERROR_INVALID_PLAN,
                             "kernel '%s' was compiled for IF-node gating, which needs CUDA's "
                             "conditional graph nodes; HIP graphs have none: lower it with "
                             "--ckpt-lower-to-llvm=target=hip",
                             view->kernel_name);
  ckpt_hip_kernel_t *kernel = calloc(1, sizeof(*kernel));
  if (!kernel) return ckpt_context_fail(context, CKPT_ERROR_OUT_OF_MEMORY, "out of memory");
  kernel->backend = backend;
  kernel->view = view;
  kernel->modules = calloc((size_t)view->plan.device_image_count + 1, sizeof(hipModule_t));
  kernel->functions = calloc((size_t)view->node_count + 1, sizeof(hipFunction_t));
  if (!kernel->modules || !kernel->functions) {
    ckpt_hip_release_kernel(self, kernel);
    return ckpt_context_fail(context, CKPT_ERROR_OUT_OF_MEMORY, "out of memory");
  }
  void *words = NULL;
  ckpt_status_code_t code = ckpt_hip_check(
      backend,
      backend->api.hipHostMalloc(&words, CKPT_HIP_HOST_WORDS * sizeof(int32_t),
                                 CKPT_HIP_HOST_MALLOC_MAPPED),
      "hipHostMalloc");
  kernel->host_words = words;
  if (code == CKPT_OK)
    code = ckpt_hip_check(backend,
                          backend->api.hipHostGetDevicePointer(
                              &kernel->outcome_address,
                              kernel->host_words + CKPT_HIP_OUTCOME_WORD, 0),
                          "hipHostGetDevicePointer");
  ckpt_device_memory_t memory = {
      .user = kernel,
      .is_device_pointer = ckpt_hip_is_device_pointer,
      .allocate = ckpt_hip_allocate,
      .release = ckpt_hip_release,
      .upload = ckpt_hip_upload,
      .download = ckpt_hip_download,
      .outcome = kernel->host_words ? kernel->host_words + CKPT_HIP_OUTCOME_WORD : NULL,
      .state_words = kernel->host_words,
      .wait = ckpt_hip_wait,
      .state_uploads = &backend->stats.state_uploads,
  };
  if (code == CKPT_OK) code = ckpt_device_kernel_init(&kernel->device, context, view, &memory);
  if (code != CKPT_OK) {
    ckpt_hip_release_kernel(self, kernel);
    return code;
  }
  *out_kernel_state = kernel;
  return CKPT_OK;
}

/*--- launch ------------------------------------------------------------------*/

ckpt_status_code_t ckpt_hip_prepare_program(ckpt_hip_kernel_t *kernel,
                                            const ckpt_backend_launch_t *launch,
                                            ckpt_hip_program_t **out_program,
                                            int64_t *out_resume_cp_id) {
  bool structure_changed = false;
  ckpt_status_code_t code = ckpt_device_kernel_sync(&kernel->device, launch->args,
                                                    launch->args_changed, &structure_changed);
  if (code != CKPT_OK) return code;
  ckpt_profile_phase_end(launch->profile, CKPT_PROFILE_ARGUMENTS);
  if (structure_changed) {
    ckpt_hip_programs_release(kernel);
    memset(kernel->functions, 0, (size_t)kernel->view->node_count * sizeof(hipFunction_t));
  } else if (launch->args_changed) {
    code = ckpt_hip_programs_update(kernel, launch->args);
    if (code != CKPT_OK) return code;
  }
  /* As on CUDA: a resume whose graphs start at the resumed checkpoint itself has nothing
   * to skip, unless its first task does the folded check of the checkpoint before it;
   * entering a do-while, the state carries the resume point. */
  int64_t entry = ckpt_graph_entry_node(kernel->view, launch->resume_cp_id);
  int64_t resume_cp_id = launch->resume_cp_id;
  if (resume_cp_id >= 0 && kernel->view->checkpoint_nodes[resume_cp_id] == entry &&
      ckpt_graph_folded_entry_task(kernel->view, resume_cp_id) < 0)
    resume_cp_id = -1;
  *out_resume_cp_id = resume_cp_id;
  code = ckpt_hip_program_get(kernel, entry, launch->args, out_program);
  ckpt_profile_phase_end(launch->profile, CKPT_PROFILE_RECORD);
  return code;
}

void ckpt_hip_distrust(ckpt_hip_kernel_t *kernel) {
  ckpt_hip_programs_release(kernel);
  memset(kernel->functions, 0, (size_t)kernel->view->node_count * sizeof(hipFunction_t));
  ckpt_device_kernel_forget_state(&kernel->device);
}

static ckpt_status_code_t ckpt_hip_launch_current(ckpt_hip_kernel_t *kernel,
                                                  const ckpt_backend_launch_t *launch,
                                                  int64_t *out_yield_cp_id) {
  ckpt_hip_program_t *program = NULL;
  int64_t resume_cp_id = -1;
  ckpt_status_code_t code = ckpt_hip_prepare_program(kernel, launch, &program, &resume_cp_id);
  if (code == CKPT_OK) code = ckpt_device_kernel_upload(&kernel->device, resume_cp_id);
  ckpt_profile_phase_end(launch->profile, CKPT_PROFILE_UPLOAD);
  /* The segments' launches and their waits interleave (hip_graph.c): left unsplit. */
  if (code == CKPT_OK) code = ckpt_hip_program_run(kernel, program);
  if (code == CKPT_OK) code = ckpt_device_kernel_download(&kernel->device, out_yield_cp_id);
  return code;
}

static ckpt_status_code_t ckpt_hip_launch(ckpt_backend_t *self, void *kernel_state,
                                          const ckpt_backend_launch_t *launch,
                                          int64_t *out_yield_cp_id) {
  ckpt_hip_backend_t *backend = (ckpt_hip_backend_t *)self;
  ckpt_hip_kernel_t *kernel = kernel_state;
  *out_yield_cp_id = -1;
  ckpt_status_code_t code = ckpt_hip_check(backend, backend->api.hipSetDevice(backend->device),
                                           "hipSetDevice");
  if (code == CKPT_OK) code = ckpt_hip_launch_current(kernel, launch, out_yield_cp_id);
  if (code != CKPT_OK) {
    /* Whatever half-updated graph or state a failure left is not trusted again. */
    backend->api.hipStreamSynchronize(backend->stream);
    ckpt_hip_distrust(kernel);
  }
  return code;
}

/*--- backend -----------------------------------------------------------------*/

static void ckpt_hip_destroy(ckpt_backend_t *self) {
  ckpt_hip_backend_t *backend = (ckpt_hip_backend_t *)self;
  const ckpt_hip_api_t *api = &backend->api;
  if (api->library) {
    ckpt_hip_queue_destroy(backend);
    if (backend->kernels_module) api->hipModuleUnload(backend->kernels_module);
    if (backend->stream && !backend->caller_stream) api->hipStreamDestroy(backend->stream);
  }
  ckpt_hip_api_unload(&backend->api);
  free(backend);
}

static const ckpt_backend_vtable_t ckpt_hip_backend_vtable = {
    .destroy = ckpt_hip_destroy,
    .prepare_kernel = ckpt_hip_prepare_kernel,
    .release_kernel = ckpt_hip_release_kernel,
    .launch = ckpt_hip_launch,
    .submit_capacity = ckpt_hip_submit_capacity,
    .submit = ckpt_hip_submit,
    .finish = ckpt_hip_finish,
};

/* Loads the runtime's own kernels for the device's chip. */
static ckpt_status_code_t ckpt_hip_load_own_kernels(ckpt_hip_backend_t *backend) {
  int64_t pick = ckpt_hip_bundle_pick(ckpt_hip_kernel_entries, CKPT_HIP_KERNEL_ENTRY_COUNT,
                                      backend->chip);
  if (pick < 0) {
    ckpt_string_builder_t chips = CKPT_STRING_BUILDER_INIT;
    ckpt_hip_bundle_append_chips(ckpt_hip_kernel_entries, CKPT_HIP_KERNEL_ENTRY_COUNT, &chips);
    ckpt_status_code_t code = ckpt_context_fail(
        backend->context, CKPT_ERROR_UNAVAILABLE,
        "no code object for this device's chip %s (%s) among the HIP backend's own kernels; "
        "the runtime was built with them for %s (reconfigure with -DCKPT_HIP_KERNEL_CHIPS=...)",
        backend->chip, backend->device_name,
        CKPT_HIP_KERNEL_ENTRY_COUNT ? ckpt_string_builder_view(&chips) : "no chip");
    ckpt_string_builder_release(&chips);
    return code;
  }
  const ckpt_hip_api_t *api = &backend->api;
  ckpt_status_code_t code =
      ckpt_hip_check(backend,
                     api->hipModuleLoadData(&backend->kernels_module,
                                            ckpt_hip_kernel_entries[pick].image),
                     "hipModuleLoadData (the runtime's gating kernels)");
  struct {
    hipFunction_t *function;
    const char *name;
  } kernels[] = {
      {&backend->yield_check, "ckpt_hip_yield_check"},
      {&backend->report_yield, "ckpt_hip_report_yield"},
      {&backend->loop_condition, "ckpt_hip_loop_condition"},
      {&backend->queue_enter, "ckpt_hip_queue_enter"},
      {&backend->queue_leave, "ckpt_hip_queue_leave"},
  };
  for (size_t i = 0; code == CKPT_OK && i < sizeof(kernels) / sizeof(kernels[0]); ++i)
    code = ckpt_hip_check(
        backend, api->hipModuleGetFunction(kernels[i].function, backend->kernels_module,
                                           kernels[i].name),
        "hipModuleGetFunction");
  return code;
}

static ckpt_status_code_t ckpt_hip_start_device(ckpt_hip_backend_t *backend) {
  const ckpt_hip_api_t *api = &backend->api;
  ckpt_context_t *context = backend->context;
  int count = 0;
  hipError_t error = api->hipGetDeviceCount(&count);
  if (error == CKPT_HIP_ERROR_NO_DEVICE || (error == CKPT_HIP_SUCCESS && count == 0))
    return ckpt_context_fail(context, CKPT_ERROR_UNAVAILABLE,
                             "the HIP runtime is installed but this machine has no AMD GPU it "
                             "can use");
  ckpt_status_code_t code = ckpt_hip_check(backend, error, "hipGetDeviceCount");
  if (code != CKPT_OK) return code;
  const char *from_environment = getenv("CKPT_HIP_DEVICE");
  char requested[48] = "";
  backend->device = 0;
  if (context->options.device_index >= 0) {
    backend->device = context->options.device_index;
    snprintf(requested, sizeof(requested), "options.device_index is %d", backend->device);
  } else if (from_environment && from_environment[0]) {
    backend->device = atoi(from_environment);
    snprintf(requested, sizeof(requested), "CKPT_HIP_DEVICE is %.12s", from_environment);
  }
  if (backend->device < 0 || backend->device >= count)
    return ckpt_context_fail(context, CKPT_ERROR_UNAVAILABLE,
                             "%s but this machine has %d HIP device%s (0 to %d)", requested,
                             count, count == 1 ? "" : "s", count - 1);
  code = ckpt_hip_check(backend, api->hipSetDevice(backend->device), "hipSetDevice");
  if (code != CKPT_OK) return code;
  unsigned char *properties = calloc(1, CKPT_HIP_DEVICE_PROP_BYTES);
  if (!properties) return ckpt_context_fail(context, CKPT_ERROR_OUT_OF_MEMORY, "out of memory");
  code = ckpt_hip_check(backend, api->hipGetDeviceProperties(properties, backend->device),
                        "hipGetDeviceProperties");
  if (code == CKPT_OK) {
    snprintf(backend->device_name, sizeof(backend->device_name), "%.255s",
             (const char *)properties + CKPT_HIP_DEVICE_PROP_NAME_OFFSET);
    char arch[257];
    snprintf(arch, sizeof(arch), "%.255s",
             (const char *)properties + CKPT_HIP_DEVICE_PROP_ARCH_OFFSET);
    ckpt_hip_chip_of_arch(arch, backend->chip, sizeof(backend->chip));
  }
  free(properties);
  backend->caller_stream = context->options.hip.stream != NULL;
  if (backend->caller_stream)
    backend->stream = (hipStream_t)context->options.hip.stream;
  else if (code == CKPT_OK)
    code = ckpt_hip_check(backend, api->hipStreamCreate(&backend->stream), "hipStreamCreate");
  if (code == CKPT_OK) code = ckpt_hip_load_own_kernels(backend);
  return code;
}

static ckpt_status_code_t ckpt_hip_backend_create(ckpt_context_t *context,
                                                  ckpt_backend_t **out_backend) {
  *out_backend = NULL;
  ckpt_hip_backend_t *backend = calloc(1, sizeof(*backend));
  if (!backend)
    return ckpt_context_fail(context, CKPT_ERROR_OUT_OF_MEMORY,
                             "out of memory creating the HIP backend");
  backend->base.vtable = &ckpt_hip_backend_vtable;
  backend->context = context;
  char message[512];
  const char *library = getenv("CKPT_HIP_LIBRARY");
  if (ckpt_hip_api_load(library && library[0] ? library : NULL, &backend->api, message,
                        sizeof(message)) != CKPT_HIP_LOADED) {
    free(backend);
    return ckpt_context_fail(context, CKPT_ERROR_UNAVAILABLE, "%s", message);
  }
  const char *queue = getenv("CKPT_HIP_QUEUE");
  backend->host_ordered_queue = queue && strcmp(queue, "host") == 0;
  if (queue && queue[0] && !backend->host_ordered_queue && strcmp(queue, "device") != 0) {
    ckpt_hip_api_unload(&backend->api);
    free(backend);
    return ckpt_context_fail(context, CKPT_ERROR_INVALID_ARGUMENT,
                             "CKPT_HIP_QUEUE is '%s'; use device (the default) or host", queue);
  }
  ckpt_status_code_t code = ckpt_hip_start_device(backend);
  if (code != CKPT_OK) {
    ckpt_hip_destroy(&backend->base);
    return code;
  }
  if (context->trace) {
    fprintf(stderr, "ckpt: hip: %s (%s), HIP runtime %d\n", backend->device_name, backend->chip,
            backend->api.version);
    fflush(stderr);
  }
  *out_backend = &backend->base;
  return CKPT_OK;
}

bool ckpt_hip_backend_stats(const ckpt_context_t *context, ckpt_hip_stats_t *out_stats) {
  if (!context || !context->backend || context->target != CKPT_TARGET_HIP) return false;
  *out_stats = ((const ckpt_hip_backend_t *)context->backend)->stats;
  return true;
}

const ckpt_backend_factory_t ckpt_hip_backend_factory = {
    .name = "hip",
    .target = CKPT_TARGET_HIP,
    .try_create = ckpt_hip_backend_create,
};
