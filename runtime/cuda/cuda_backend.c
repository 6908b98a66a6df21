/* The CUDA target: the driver API (loaded at run time), the device memory core/device.c
 * mirrors host arguments into, and launches. Graph building lives in cuda_graph.c.
 *
 * A launch: sync the mirrors and launch records (device.c, only when the arguments
 * changed), build or update the graph of the launch's entry point, upload the host mirrors
 * and (when it changed) the gating state on the backend's stream, launch the graph, wait
 * once, and download the host mirrors. The outcome comes back without a copy: a yield
 * check that yields also writes its cp_id into mapped host memory. CKPT_CUDA_GATING=host
 * instead walks the plan on the host (core/walk.c), with one stream launch per task and
 * one readback per flag or condition. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/context.h"
#include "core/registry.h"
#include "core/walk.h"
#include "cuda/cuda_backend.h"
#include "ckpt_kernels_fatbin.h"

ckpt_status_code_t ckpt_cuda_check(ckpt_cuda_backend_t *backend, CUresult result,
                                   const char *call) {
  if (result == CUDA_SUCCESS) return CKPT_OK;
  char message[512];
  ckpt_cuda_describe_error(&backend->driver, result, call, message, sizeof(message));
  return ckpt_context_fail(backend->context, CKPT_ERROR_BACKEND, "%s", message);
}

/*--- memory for core/device.c ----------------------------------------------*/

/* The plural query answers CUDA_SUCCESS with type 0 for memory the driver does not know
 * (pageable host memory), where the singular one reports an error for every probe. */
static bool ckpt_cuda_is_device_pointer(void *user, const void *pointer) {
  ckpt_cuda_kernel_t *kernel = user;
  unsigned int memory_type = 0;
  CUpointer_attribute attribute = CU_POINTER_ATTRIBUTE_MEMORY_TYPE;
  void *values[] = {&memory_type};
  CUresult result = kernel->backend->driver.cuPointerGetAttributes(1, &attribute, values,
                                                                   (CUdeviceptr)(uintptr_t)pointer);
  return result == CUDA_SUCCESS &&
         (memory_type == CU_MEMORYTYPE_DEVICE || memory_type == CU_MEMORYTYPE_UNIFIED);
}

static ckpt_status_code_t ckpt_cuda_allocate(void *user, size_t bytes, void **out_buffer,
                                             uint64_t *out_address) {
  ckpt_cuda_kernel_t *kernel = user;
  CUdeviceptr pointer = 0;
  ckpt_status_code_t code = ckpt_cuda_check(
      kernel->backend, kernel->backend->driver.cuMemAlloc(&pointer, bytes ? bytes : 1),
      "cuMemAlloc");
  if (code != CKPT_OK) return code;
  *out_buffer = (void *)(uintptr_t)pointer;
  *out_address = (uint64_t)pointer;
  return CKPT_OK;
}

static void ckpt_cuda_release(void *user, void *buffer) {
  ckpt_cuda_kernel_t *kernel = user;
  kernel->backend->driver.cuMemFree((CUdeviceptr)(uintptr_t)buffer);
}

/* The pinned words of a kernel (host_words): core's state words (the state on its way up,
 * the fresh state a yield leaves behind; device.h), the word host gating reads flags into,
 * and the outcome word. */
enum {
  CKPT_CUDA_READBACK_WORD = 2 * CKPT_STATE_WORDS,
  CKPT_CUDA_OUTCOME_WORD,
  CKPT_CUDA_HOST_WORDS
};

static ckpt_status_code_t ckpt_cuda_upload(void *user, void *buffer, const void *host,
                                           size_t bytes) {
  ckpt_cuda_kernel_t *kernel = user;
  ckpt_cuda_backend_t *backend = kernel->backend;
  return ckpt_cuda_check(backend,
                         backend->driver.cuMemcpyHtoDAsync((CUdeviceptr)(uintptr_t)buffer, host,
                                                           bytes, backend->stream),
                         "cuMemcpyHtoDAsync");
}

static ckpt_status_code_t ckpt_cuda_download(void *user, void *buffer, void *host, size_t bytes) {
  ckpt_cuda_kernel_t *kernel = user;
  ckpt_cuda_backend_t *backend = kernel->backend;
  const ckpt_cuda_driver_t *driver = &backend->driver;
  ckpt_status_code_t code = ckpt_cuda_check(
      backend,
      driver->cuMemcpyDtoHAsync(host, (CUdeviceptr)(uintptr_t)buffer, bytes, backend->stream),
      "cuMemcpyDtoHAsync");
  if (code == CKPT_OK)
    code = ckpt_cuda_check(backend, driver->cuStreamSynchronize(backend->stream),
                           "cuStreamSynchronize");
  return code;
}

static ckpt_status_code_t ckpt_cuda_wait(void *user) {
  ckpt_cuda_kernel_t *kernel = user;
  ckpt_cuda_backend_t *backend = kernel->backend;
  return ckpt_cuda_check(backend, backend->driver.cuStreamSynchronize(backend->stream),
                         "cuStreamSynchronize");
}

/*--- modules -----------------------------------------------------------------*/

ckpt_status_code_t ckpt_cuda_resolve_function(ckpt_cuda_kernel_t *kernel, int64_t node,
                                              CUfunction *out_function) {
  if (kernel->functions[node]) {
    *out_function = kernel->functions[node];
    return CKPT_OK;
  }
  ckpt_cuda_backend_t *backend = kernel->backend;
  const ckpt_device_launch_t *launch = kernel->device.launches[node];
  const ckpt_plan_t *plan = &kernel->view->plan;
  if (!kernel->modules[launch->image]) {
    CUresult result = backend->driver.cuModuleLoadData(&kernel->modules[launch->image],
                                                       plan->device_images[launch->image]);
    if (result != CUDA_SUCCESS) {
      char message[512];
      ckpt_cuda_describe_error(&backend->driver, result, "cuModuleLoadData", message,
                               sizeof(message));
      return ckpt_context_fail(backend->context, CKPT_ERROR_BACKEND,
                               "%s, loading device image %lld of kernel '%s' (PTX for %s?)",
                               message, (long long)launch->image, kernel->view->kernel_name,
                               backend->device_name);
    }
  }
  CUresult result = backend->driver.cuModuleGetFunction(
      &kernel->functions[node], kernel->modules[launch->image], launch->kernel);
  if (result != CUDA_SUCCESS) {
    char message[512];
    ckpt_cuda_describe_error(&backend->driver, result, "cuModuleGetFunction", message,
                             sizeof(message));
    return ckpt_context_fail(backend->context, CKPT_ERROR_BACKEND,
                             "%s: device image %lld of kernel '%s' has no kernel '%s'", message,
                             (long long)launch->image, kernel->view->kernel_name, launch->kernel);
  }
  *out_function = kernel->functions[node];
  return CKPT_OK;
}

/*--- kernels -----------------------------------------------------------------*/

static void ckpt_cuda_release_kernel(ckpt_backend_t *self, void *kernel_state) {
  ckpt_cuda_backend_t *backend = (ckpt_cuda_backend_t *)self;
  ckpt_cuda_kernel_t *kernel = kernel_state;
  if (!kernel) return;
  const ckpt_cuda_driver_t *driver = &backend->driver;
  driver->cuCtxPushCurrent(backend->cu_context);
  ckpt_cuda_execs_release(kernel);
  if (kernel->device.launches) ckpt_device_kernel_release(&kernel->device);
  for (int64_t i = 0; kernel->modules && i < kernel->view->plan.device_image_count; ++i)
    if (kernel->modules[i]) driver->cuModuleUnload(kernel->modules[i]);
  if (kernel->host_words) driver->cuMemFreeHost(kernel->host_words);
  CUcontext popped;
  driver->cuCtxPopCurrent(&popped);
  free(kernel->modules);
  free(kernel->functions);
  free(kernel);
}

static ckpt_status_code_t ckpt_cuda_prepare_kernel(ckpt_backend_t *self,
                                                   const ckpt_plan_view_t *view,
                                                   void **out_kernel_state) {
  ckpt_cuda_backend_t *backend = (ckpt_cuda_backend_t *)self;
  ckpt_context_t *context = backend->context;
  if (view->plan.device_image_count == 0 && view->node_count > 0) {
    return ckpt_context_fail(context, CKPT_ERROR_INVALID_PLAN,
                             "kernel '%s' has no device images: it was lowered for the CPU; "
                             "lower it with --ckpt-lower-to-llvm=target=cuda",
                             view->kernel_name);
  }
  ckpt_cuda_kernel_t *kernel = calloc(1, sizeof(*kernel));
  if (!kernel) return ckpt_context_fail(context, CKPT_ERROR_OUT_OF_MEMORY, "out of memory");
  kernel->backend = backend;
  kernel->view = view;
  kernel->gating = view->plan.gating == CKPT_GATING_PROLOGUE   ? CKPT_GRAPH_GATING_PROLOGUE
                   : view->plan.gating == CKPT_GATING_IF_NODES ? CKPT_GRAPH_GATING_IF
                                                               : backend->gating;
  kernel->modules = calloc((size_t)view->plan.device_image_count + 1, sizeof(CUmodule));
  kernel->functions = calloc((size_t)view->node_count + 1, sizeof(CUfunction));
  if (!kernel->modules || !kernel->functions) {
    ckpt_cuda_release_kernel(self, kernel);
    return ckpt_context_fail(context, CKPT_ERROR_OUT_OF_MEMORY, "out of memory");
  }
  const ckpt_cuda_driver_t *driver = &backend->driver;
  ckpt_status_code_t code =
      ckpt_cuda_check(backend, driver->cuCtxPushCurrent(backend->cu_context), "cuCtxPushCurrent");
  if (code != CKPT_OK) {
    ckpt_cuda_release_kernel(self, kernel);
    return code;
  }
  void *words = NULL;
  code = ckpt_cuda_check(backend,
                         driver->cuMemHostAlloc(&words, CKPT_CUDA_HOST_WORDS * sizeof(int32_t),
                                                CU_MEMHOSTALLOC_DEVICEMAP),
                         "cuMemHostAlloc");
  kernel->host_words = words;
  if (code == CKPT_OK)
    code = ckpt_cuda_check(
        backend,
        driver->cuMemHostGetDevicePointer(&kernel->outcome_address,
                                          kernel->host_words + CKPT_CUDA_OUTCOME_WORD, 0),
        "cuMemHostGetDevicePointer");
  ckpt_device_memory_t memory = {
      .user = kernel,
      .is_device_pointer = ckpt_cuda_is_device_pointer,
      .allocate = ckpt_cuda_allocate,
      .release = ckpt_cuda_release,
      .upload = ckpt_cuda_upload,
      .download = ckpt_cuda_download,
      .outcome = kernel->host_words ? kernel->host_words + CKPT_CUDA_OUTCOME_WORD : NULL,
      .state_words = kernel->host_words,
      .wait = ckpt_cuda_wait,
      .state_uploads = &backend->stats.state_uploads,
  };
  if (code == CKPT_OK) code = ckpt_device_kernel_init(&kernel->device, context, view, &memory);
  CUcontext popped;
  driver->cuCtxPopCurrent(&popped);
  if (code != CKPT_OK) {
    ckpt_cuda_release_kernel(self, kernel);
    return code;
  }
  *out_kernel_state = kernel;
  return CKPT_OK;
}

/*--- host gating: the reference walker over stream launches -----------------*/

typedef struct ckpt_cuda_walk_t {
  ckpt_cuda_kernel_t *kernel;
  void **args;
  int64_t fresh_after; /* the task after whose launch the state goes back to fresh, or -1 */
} ckpt_cuda_walk_t;

static ckpt_status_code_t ckpt_cuda_walk_run_node(void *user, int64_t node) {
  ckpt_cuda_walk_t *walk = user;
  ckpt_cuda_kernel_t *kernel = walk->kernel;
  ckpt_cuda_backend_t *backend = kernel->backend;
  const ckpt_device_launch_t *launch = kernel->device.launches[node];
  CUfunction function = NULL;
  ckpt_status_code_t code = ckpt_cuda_resolve_function(kernel, node, &function);
  if (code != CKPT_OK) return code;
  void **pointers = calloc((size_t)launch->param_count + 1, sizeof(void *));
  if (!pointers)
    return ckpt_context_fail(backend->context, CKPT_ERROR_OUT_OF_MEMORY, "out of memory");
  for (int64_t i = 0; i < launch->param_count; ++i)
    pointers[i] = launch->param_bytes + launch->param_offsets[i];
  code = ckpt_cuda_check(
      backend,
      backend->driver.cuLaunchKernel(function, launch->grid[0], launch->grid[1], launch->grid[2],
                                     launch->block[0], launch->block[1], launch->block[2],
                                     launch->shared_bytes, backend->stream, pointers, NULL),
      "cuLaunchKernel");
  free(pointers);
  backend->stats.stream_launches++;
  if (code == CKPT_OK && node == walk->fresh_after) {
    walk->fresh_after = -1; /* once: a do-while may launch the task again */
    code = ckpt_device_kernel_send_fresh_state(&kernel->device);
  }
  return code;
}

static ckpt_status_code_t ckpt_cuda_walk_read_i32(void *user, int64_t param, int32_t *out_value) {
  ckpt_cuda_walk_t *walk = user;
  ckpt_cuda_kernel_t *kernel = walk->kernel;
  ckpt_cuda_backend_t *backend = kernel->backend;
  ckpt_device_ref_t ref;
  ckpt_status_code_t code = ckpt_device_kernel_param_ref(&kernel->device, walk->args, param, &ref);
  if (code != CKPT_OK) return code;
  int32_t *readback = kernel->host_words + CKPT_CUDA_READBACK_WORD;
  code = ckpt_cuda_check(backend,
                         backend->driver.cuMemcpyDtoHAsync(readback, (CUdeviceptr)ref.address,
                                                           sizeof(int32_t), backend->stream),
                         "cuMemcpyDtoHAsync");
  if (code == CKPT_OK)
    code = ckpt_cuda_check(backend, backend->driver.cuStreamSynchronize(backend->stream),
                           "cuStreamSynchronize");
  if (code == CKPT_OK) *out_value = *readback;
  return code;
}

static const ckpt_walk_ops_t ckpt_cuda_walk_ops = {
    .run_node = ckpt_cuda_walk_run_node,
    .read_i32 = ckpt_cuda_walk_read_i32,
};

/*--- launch ------------------------------------------------------------------*/

/* While profiling: the graph launch between two events (device time), and the wait
 * apart from the readback, whose own synchronisation then finds the stream idle. */
static ckpt_status_code_t ckpt_cuda_exec_launch_profiled(ckpt_cuda_kernel_t *kernel,
                                                         ckpt_cuda_exec_t *exec,
                                                         ckpt_profile_t *profile) {
  ckpt_cuda_backend_t *backend = kernel->backend;
  const ckpt_cuda_driver_t *driver = &backend->driver;
  ckpt_status_code_t code = CKPT_OK;
  for (int e = 0; e < 2 && code == CKPT_OK; ++e)
    if (!backend->profile_events[e])
      code = ckpt_cuda_check(backend, driver->cuEventCreate(&backend->profile_events[e], 0),
                             "cuEventCreate");
  if (code == CKPT_OK)
    code = ckpt_cuda_check(backend, driver->cuEventRecord(backend->profile_events[0],
                                                          backend->stream),
                           "cuEventRecord");
  ckpt_profile_restart(profile);
  if (code == CKPT_OK) code = ckpt_cuda_exec_launch(kernel, exec);
  ckpt_profile_phase_end(profile, CKPT_PROFILE_SUBMIT);
  if (code == CKPT_OK)
    code = ckpt_cuda_check(backend, driver->cuEventRecord(backend->profile_events[1],
                                                          backend->stream),
                           "cuEventRecord");
  ckpt_profile_restart(profile);
  if (code == CKPT_OK)
    code = ckpt_cuda_check(backend, driver->cuStreamSynchronize(backend->stream),
                           "cuStreamSynchronize");
  ckpt_profile_phase_end(profile, CKPT_PROFILE_WAIT);
  float milliseconds = 0;
  if (code == CKPT_OK)
    code = ckpt_cuda_check(backend,
                           driver->cuEventElapsedTime(&milliseconds, backend->profile_events[0],
                                                      backend->profile_events[1]),
                           "cuEventElapsedTime");
  if (code == CKPT_OK) ckpt_profile_add_device(profile, (uint64_t)(milliseconds * 1e6f));
  ckpt_profile_restart(profile);
  return code;
}


ckpt_status_code_t ckpt_cuda_sync_arguments(ckpt_cuda_kernel_t *kernel,
                                            const ckpt_backend_launch_t *launch) {
  bool structure_changed = false;
  ckpt_status_code_t code = ckpt_device_kernel_sync(&kernel->device, launch->args,
                                                    launch->args_changed, &structure_changed);
  if (code != CKPT_OK) return code;
  ckpt_profile_phase_end(launch->profile, CKPT_PROFILE_ARGUMENTS);
  if (structure_changed) {
    ckpt_cuda_execs_release(kernel);
    memset(kernel->functions, 0, (size_t)kernel->view->node_count * sizeof(CUfunction));
  } else if (launch->args_changed) {
    code = ckpt_cuda_execs_update(kernel, launch->args);
  }
  return code;
}

/* A resume whose graph starts at the resumed checkpoint itself has nothing to skip: it runs
 * with the fresh state, which a yield leaves on the device, unless its first task checks the
 * skipped checkpoint before it. Entering a do-while, the gating state carries the resume
 * point. */
int64_t ckpt_cuda_graph_entry(const ckpt_cuda_kernel_t *kernel, int64_t resume_cp_id,
                              int64_t *out_state_resume_cp_id) {
  int64_t entry = ckpt_graph_entry_node(kernel->view, resume_cp_id);
  *out_state_resume_cp_id = resume_cp_id;
  if (resume_cp_id >= 0 && kernel->view->checkpoint_nodes[resume_cp_id] == entry &&
      ckpt_graph_folded_entry_task(kernel->view, resume_cp_id) < 0)
    *out_state_resume_cp_id = -1;
  return entry;
}

static ckpt_status_code_t ckpt_cuda_launch_current(ckpt_cuda_kernel_t *kernel,
                                                   const ckpt_backend_launch_t *launch,
                                                   int64_t *out_yield_cp_id) {
  ckpt_status_code_t code = ckpt_cuda_sync_arguments(kernel, launch);
  if (code != CKPT_OK) return code;
  ckpt_profile_t *profile = launch->profile;

  int64_t folded_entry = ckpt_graph_folded_entry_task(kernel->view, launch->resume_cp_id);
  if (kernel->gating == CKPT_GRAPH_GATING_HOST) {
    /* The host gates; the tasks' prologues see a state that lets them run, except that the
     * one doing the check of a checkpoint the resume skipped sees the resume point. */
    code = ckpt_device_kernel_upload(&kernel->device,
                                     folded_entry >= 0 ? launch->resume_cp_id : -1);
    ckpt_cuda_walk_t walk = {.kernel = kernel, .args = launch->args, .fresh_after = folded_entry};
    int64_t walked_yield = -1;
    if (code == CKPT_OK)
      code =
          ckpt_walk(kernel->view, launch->resume_cp_id, &ckpt_cuda_walk_ops, &walk, &walked_yield);
    int64_t ignored = -1;
    if (code == CKPT_OK) code = ckpt_device_kernel_download(&kernel->device, &ignored);
    *out_yield_cp_id = walked_yield;
    return code;
  }

  int64_t resume_cp_id = -1;
  int64_t entry = ckpt_cuda_graph_entry(kernel, launch->resume_cp_id, &resume_cp_id);
  ckpt_cuda_exec_t *exec = NULL;
  code = ckpt_cuda_exec_get(kernel, entry, launch->args, &exec);
  ckpt_profile_phase_end(profile, CKPT_PROFILE_RECORD);
  if (code == CKPT_OK) code = ckpt_device_kernel_upload(&kernel->device, resume_cp_id);
  ckpt_profile_phase_end(profile, CKPT_PROFILE_UPLOAD);
  if (code == CKPT_OK && profile) code = ckpt_cuda_exec_launch_profiled(kernel, exec, profile);
  else if (code == CKPT_OK) code = ckpt_cuda_exec_launch(kernel, exec);
  if (code == CKPT_OK) code = ckpt_device_kernel_download(&kernel->device, out_yield_cp_id);
  ckpt_profile_phase_end(profile, CKPT_PROFILE_READBACK);
  return code;
}

static ckpt_status_code_t ckpt_cuda_launch(ckpt_backend_t *self, void *kernel_state,
                                           const ckpt_backend_launch_t *launch,
                                           int64_t *out_yield_cp_id) {
  ckpt_cuda_backend_t *backend = (ckpt_cuda_backend_t *)self;
  ckpt_cuda_kernel_t *kernel = kernel_state;
  *out_yield_cp_id = -1;
  ckpt_status_code_t code = ckpt_cuda_check(
      backend, backend->driver.cuCtxPushCurrent(backend->cu_context), "cuCtxPushCurrent");
  if (code != CKPT_OK) return code;
  code = ckpt_cuda_launch_current(kernel, launch, out_yield_cp_id);
  if (code != CKPT_OK) {
    /* Whatever half-updated graph or state a failure left is not trusted again. */
    backend->driver.cuStreamSynchronize(backend->stream);
    ckpt_cuda_execs_release(kernel);
    memset(kernel->functions, 0, (size_t)kernel->view->node_count * sizeof(CUfunction));
    ckpt_device_kernel_forget_state(&kernel->device);
  }
  CUcontext popped;
  backend->driver.cuCtxPopCurrent(&popped);
  return code;
}

/*--- backend -----------------------------------------------------------------*/

static void ckpt_cuda_destroy(ckpt_backend_t *self) {
  ckpt_cuda_backend_t *backend = (ckpt_cuda_backend_t *)self;
  const ckpt_cuda_driver_t *driver = &backend->driver;
  if (backend->cu_context) {
    driver->cuCtxPushCurrent(backend->cu_context);
    ckpt_cuda_queue_destroy(backend);
    if (backend->kernels_module) driver->cuModuleUnload(backend->kernels_module);
    for (int e = 0; e < 2; ++e)
      if (backend->profile_events[e]) driver->cuEventDestroy(backend->profile_events[e]);
    if (backend->stream && !backend->caller_stream) driver->cuStreamDestroy(backend->stream);
    CUcontext popped;
    driver->cuCtxPopCurrent(&popped);
    if (!backend->caller_context) driver->cuDevicePrimaryCtxRelease(backend->device);
  }
  ckpt_cuda_driver_unload(&backend->driver);
  free(backend);
}

static ckpt_status_code_t ckpt_cuda_write_target_dot(ckpt_backend_t *self, void *kernel_state,
                                                     const char *path_prefix,
                                                     int64_t *inout_file_count) {
  (void)self;
  return ckpt_cuda_execs_write_dot(kernel_state, path_prefix, inout_file_count);
}

static const ckpt_backend_vtable_t ckpt_cuda_backend_vtable = {
    .destroy = ckpt_cuda_destroy,
    .prepare_kernel = ckpt_cuda_prepare_kernel,
    .release_kernel = ckpt_cuda_release_kernel,
    .launch = ckpt_cuda_launch,
    .write_target_dot = ckpt_cuda_write_target_dot,
    .submit_capacity = ckpt_cuda_submit_capacity,
    .submit = ckpt_cuda_submit,
    .finish = ckpt_cuda_finish,
};

/* CKPT_CUDA_GATING (prologue | if | host), CKPT_CUDA_PDL (ckpt_cuda_edges_t) and
 * CKPT_CUDA_QUEUE (device | host). */
static ckpt_status_code_t ckpt_cuda_read_environment(ckpt_cuda_backend_t *backend) {
  const char *gating = getenv("CKPT_CUDA_GATING");
  backend->gating = CKPT_GRAPH_GATING_PROLOGUE;
  if (gating && gating[0] && !ckpt_graph_gating_parse(gating, &backend->gating)) {
    return ckpt_context_fail(backend->context, CKPT_ERROR_INVALID_ARGUMENT,
                             "CKPT_CUDA_GATING is '%s'; use prologue (the default), if or host",
                             gating);
  }
  static const char *const edge_names[] = {"0", "in", "both", "early", "early-both"};
  const char *edges = getenv("CKPT_CUDA_PDL");
  backend->edges = CKPT_CUDA_EDGES_EARLY; /* the fastest measured; ordinary before sm_90 */
  if (edges && edges[0]) {
    int found = -1;
    for (int i = 0; i < (int)(sizeof(edge_names) / sizeof(edge_names[0])); ++i)
      if (strcmp(edges, edge_names[i]) == 0) found = i;
    if (found < 0)
      return ckpt_context_fail(backend->context, CKPT_ERROR_INVALID_ARGUMENT,
                               "CKPT_CUDA_PDL is '%s'; use early (the default), 0, in, both or "
                               "early-both",
                               edges);
    backend->edges = (ckpt_cuda_edges_t)found;
  }
  const char *queue = getenv("CKPT_CUDA_QUEUE");
  backend->host_ordered_queue = queue && strcmp(queue, "host") == 0;
  if (queue && queue[0] && !backend->host_ordered_queue && strcmp(queue, "device") != 0)
    return ckpt_context_fail(backend->context, CKPT_ERROR_INVALID_ARGUMENT,
                             "CKPT_CUDA_QUEUE is '%s'; use device (the default) or host", queue);
  return CKPT_OK;
}

static ckpt_status_code_t ckpt_cuda_start_device(ckpt_cuda_backend_t *backend) {
  const ckpt_cuda_driver_t *driver = &backend->driver;
  ckpt_context_t *context = backend->context;
  int count = 0;
  ckpt_status_code_t code =
      ckpt_cuda_check(backend, driver->cuDeviceGetCount(&count), "cuDeviceGetCount");
  if (code != CKPT_OK) return code;
  if (count == 0)
    return ckpt_context_fail(context, CKPT_ERROR_UNAVAILABLE,
                             "the CUDA driver is installed but this machine has no CUDA device");
  const ckpt_context_options_t *options = &context->options;
  backend->caller_context = options->cuda.context != NULL;
  backend->caller_stream = options->cuda.stream != NULL;
  if (backend->caller_context) {
    backend->cu_context = (CUcontext)options->cuda.context;
    code = ckpt_cuda_check(backend, driver->cuCtxPushCurrent(backend->cu_context),
                           "cuCtxPushCurrent (options.cuda.context)");
    if (code != CKPT_OK) return code;
    code = ckpt_cuda_check(backend, driver->cuCtxGetDevice(&backend->device),
                           "cuCtxGetDevice (options.cuda.context)");
    CUcontext popped;
    driver->cuCtxPopCurrent(&popped);
  } else {
    int ordinal = 0;
    char requested[48] = "";
    const char *from_environment = getenv("CKPT_CUDA_DEVICE");
    if (options->device_index >= 0) {
      ordinal = options->device_index;
      snprintf(requested, sizeof(requested), "options.device_index is %d", ordinal);
    } else if (from_environment && from_environment[0]) {
      ordinal = atoi(from_environment);
      snprintf(requested, sizeof(requested), "CKPT_CUDA_DEVICE is %.12s", from_environment);
    }
    if (ordinal < 0 || ordinal >= count)
      return ckpt_context_fail(context, CKPT_ERROR_UNAVAILABLE,
                               "%s but this machine has %d CUDA device%s (0 to %d)", requested,
                               count, count == 1 ? "" : "s", count - 1);
    code = ckpt_cuda_check(backend, driver->cuDeviceGet(&backend->device, ordinal), "cuDeviceGet");
  }
  if (code == CKPT_OK)
    code =
        ckpt_cuda_check(backend,
                        driver->cuDeviceGetName(backend->device_name,
                                                (int)sizeof(backend->device_name), backend->device),
                        "cuDeviceGetName");
  int major = 0;
  if (code == CKPT_OK)
    code =
        ckpt_cuda_check(backend,
                        driver->cuDeviceGetAttribute(
                            &major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, backend->device),
                        "cuDeviceGetAttribute");
  /* Programmatic dependent launch (griddepcontrol) exists from sm_90 on. */
  if (major < 9) backend->edges = CKPT_CUDA_EDGES_ORDINARY;
  if (code == CKPT_OK && !backend->caller_context)
    code = ckpt_cuda_check(backend,
                           driver->cuDevicePrimaryCtxRetain(&backend->cu_context, backend->device),
                           "cuDevicePrimaryCtxRetain");
  if (code != CKPT_OK) return code;
  code =
      ckpt_cuda_check(backend, driver->cuCtxPushCurrent(backend->cu_context), "cuCtxPushCurrent");
  if (code != CKPT_OK) return code;
  /* Without the caller's stream, a blocking one: it waits for work the user queued on the
   * legacy default stream. With it, ordering is the caller's stream's alone. */
  if (backend->caller_stream)
    backend->stream = (CUstream)options->cuda.stream;
  else
    code = ckpt_cuda_check(backend, driver->cuStreamCreate(&backend->stream, CU_STREAM_DEFAULT),
                           "cuStreamCreate");
  if (code == CKPT_OK) {
    CUresult result = driver->cuModuleLoadData(&backend->kernels_module, ckpt_cuda_kernels_fatbin);
    code = ckpt_cuda_check(backend, result, "cuModuleLoadData (the runtime's gating kernels)");
  }
  struct {
    CUfunction *function;
    const char *name;
  } kernels[] = {
      {&backend->yield_check[0], "ckpt_yield_check"},
      {&backend->yield_check[1], "ckpt_yield_check_wait"},
      {&backend->yield_check[2], "ckpt_yield_check_pdl"},
      {&backend->loop_condition[0], "ckpt_loop_condition"},
      {&backend->loop_condition[1], "ckpt_loop_condition_wait"},
      {&backend->loop_condition[2], "ckpt_loop_condition_pdl"},
      {&backend->checkpoint_gate[0], "ckpt_checkpoint_gate"},
      {&backend->checkpoint_gate[1], "ckpt_checkpoint_gate_wait"},
      {&backend->checkpoint_gate[2], "ckpt_checkpoint_gate_pdl"},
      {&backend->report_yield[0], "ckpt_report_yield"},
      {&backend->report_yield[1], "ckpt_report_yield_wait"},
      {&backend->report_yield[2], "ckpt_report_yield_pdl"},
      {&backend->queue_enter, "ckpt_queue_enter"},
      {&backend->queue_leave, "ckpt_queue_leave"},
  };
  for (size_t i = 0; code == CKPT_OK && i < sizeof(kernels) / sizeof(kernels[0]); ++i)
    code = ckpt_cuda_check(
        backend,
        driver->cuModuleGetFunction(kernels[i].function, backend->kernels_module, kernels[i].name),
        "cuModuleGetFunction");
  CUcontext popped;
  driver->cuCtxPopCurrent(&popped);
  return code;
}

static ckpt_status_code_t ckpt_cuda_backend_create(ckpt_context_t *context,
                                                   ckpt_backend_t **out_backend) {
  *out_backend = NULL;
  ckpt_cuda_backend_t *backend = calloc(1, sizeof(*backend));
  if (!backend)
    return ckpt_context_fail(context, CKPT_ERROR_OUT_OF_MEMORY,
                             "out of memory creating the CUDA backend");
  backend->base.vtable = &ckpt_cuda_backend_vtable;
  backend->context = context;
  ckpt_status_code_t code = ckpt_cuda_read_environment(backend);
  if (code != CKPT_OK) {
    free(backend);
    return code;
  }
  char message[512];
  const char *library = getenv("CKPT_CUDA_DRIVER_LIBRARY");
  if (ckpt_cuda_driver_load(library && library[0] ? library : NULL, &backend->driver, message,
                            sizeof(message)) != CKPT_CUDA_LOADED) {
    free(backend);
    return ckpt_context_fail(context, CKPT_ERROR_UNAVAILABLE, "%s", message);
  }
  code = ckpt_cuda_start_device(backend);
  if (code != CKPT_OK) {
    ckpt_cuda_destroy(&backend->base);
    return code;
  }
  if (context->trace) {
    fprintf(stderr, "ckpt: cuda: %s, driver %d.%d, %s gating, CKPT_CUDA_PDL=%d\n",
            backend->device_name, backend->driver.version / 1000,
            backend->driver.version % 1000 / 10, ckpt_graph_gating_name(backend->gating),
            (int)backend->edges);
    fflush(stderr);
  }
  *out_backend = &backend->base;
  return CKPT_OK;
}

bool ckpt_cuda_backend_stats(const ckpt_context_t *context, ckpt_cuda_stats_t *out_stats) {
  if (!context || !context->backend || context->target != CKPT_TARGET_CUDA) return false;
  *out_stats = ((const ckpt_cuda_backend_t *)context->backend)->stats;
  return true;
}

const ckpt_backend_factory_t ckpt_cuda_backend_factory = {
    .name = "cuda",
    .target = CKPT_TARGET_CUDA,
    .try_create = ckpt_cuda_backend_create,
};
