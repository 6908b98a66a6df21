/* Asynchronous launches the device gates (core/backend.h, submit and finish;
 * docs/runtime-api.md, "Async"; docs/design.md, "The CUDA launch queue").
 *
 * The context's queue is a gate word in device memory (0 while launches may run, else the
 * id of the launch whose yield closed it) and a ring of outcome slots in pinned host
 * memory mapped into the device, each with an event. A submission queues, on the
 * backend's stream and without waiting for anything:
 *
 *   [open the gate] queue_enter, the kernel's graph, queue_leave, the slot's event
 *
 * queue_enter (ckpt_kernels.cu) copies the gate into the slot and writes the kernel's
 * gating state: with the gate closed, "yielded" before any task, so that every task
 * prologue and runtime kernel of the graph skips; else the launch's resume point.
 * queue_leave records a yield in the slot and closes the gate with the launch's id, and
 * leaves the fresh state. Opening the gate is a cuMemsetD32Async that core asks for in
 * the first submission after the host saw a yield. finish waits for (or queries) the
 * slot's event and reads the slot.
 *
 * Graph gating (prologue or IF nodes) keeps every decision on the device, do-whiles
 * included (their WHILE nodes are set by device code), so every kernel qualifies but
 * those gated by the host (CKPT_CUDA_GATING=host), and all with CKPT_CUDA_QUEUE=host.
 * Launches in flight together are of one kernel with the same arguments (core guarantees
 * it), so its graphs are not touched while any is in flight; host mirrors are uploaded
 * before the first of them and downloaded after the last, and stay on the device in
 * between, where each launch finds what the one before it left. Launch parameters travel
 * as kernel arguments, so the host never writes a slot the device may be using. */
#include <stdlib.h>
#include <string.h>

#include "core/context.h"
#include "cuda/cuda_backend.h"
#include "core/queue_slot.h"

enum { CKPT_CUDA_QUEUE_SLOTS = 64 };

/* The host's side of a slot. */
typedef struct ckpt_cuda_queue_entry_t {
  CUevent done;                /* recorded after queue_leave */
  ckpt_cuda_kernel_t *kernel;  /* while in flight */
} ckpt_cuda_queue_entry_t;

struct ckpt_cuda_queue_t {
  CUdeviceptr gate; /* one unsigned long long */
  ckpt_queue_slot_t *slots; /* CKPT_CUDA_QUEUE_SLOTS, mapped */
  CUdeviceptr slots_address;
  ckpt_cuda_queue_entry_t entries[CKPT_CUDA_QUEUE_SLOTS];
  uint64_t next_ticket;
};

int64_t ckpt_cuda_submit_capacity(ckpt_backend_t *self, void *kernel_state) {
  ckpt_cuda_backend_t *backend = (ckpt_cuda_backend_t *)self;
  ckpt_cuda_kernel_t *kernel = kernel_state;
  if (backend->host_ordered_queue || kernel->gating == CKPT_GRAPH_GATING_HOST) return 0;
  return CKPT_CUDA_QUEUE_SLOTS;
}

/*--- the queue, made on the first submission ------------------------------------*/

static void free_queue(ckpt_cuda_backend_t *backend, ckpt_cuda_queue_t *queue) {
  const ckpt_cuda_driver_t *driver = &backend->driver;
  for (int i = 0; i < CKPT_CUDA_QUEUE_SLOTS; ++i)
    if (queue->entries[i].done) driver->cuEventDestroy(queue->entries[i].done);
  if (queue->gate) driver->cuMemFree(queue->gate);
  if (queue->slots) driver->cuMemFreeHost(queue->slots);
  free(queue);
}

void ckpt_cuda_queue_destroy(ckpt_cuda_backend_t *backend) {
  if (!backend->queue) return;
  free_queue(backend, backend->queue);
  backend->queue = NULL;
}

/* With the backend's context current. */
static ckpt_status_code_t create_queue(ckpt_cuda_backend_t *backend) {
  const ckpt_cuda_driver_t *driver = &backend->driver;
  ckpt_cuda_queue_t *queue = calloc(1, sizeof(*queue));
  if (!queue)
    return ckpt_context_fail(backend->context, CKPT_ERROR_OUT_OF_MEMORY,
                             "out of memory creating the CUDA launch queue");
  ckpt_status_code_t code = ckpt_cuda_check(
      backend, driver->cuMemAlloc(&queue->gate, sizeof(unsigned long long)), "cuMemAlloc");
  /* On the stream (perhaps the caller's): the first submission's queue_enter follows it. */
  if (code == CKPT_OK)
    code = ckpt_cuda_check(backend, driver->cuMemsetD32Async(queue->gate, 0, 2, backend->stream),
                           "cuMemsetD32Async");
  void *slots = NULL;
  if (code == CKPT_OK)
    code = ckpt_cuda_check(backend,
                           driver->cuMemHostAlloc(&slots,
                                                  CKPT_CUDA_QUEUE_SLOTS *
                                                      sizeof(ckpt_queue_slot_t),
                                                  CU_MEMHOSTALLOC_DEVICEMAP),
                           "cuMemHostAlloc");
  queue->slots = slots;
  if (code == CKPT_OK) {
    memset(slots, 0, CKPT_CUDA_QUEUE_SLOTS * sizeof(ckpt_queue_slot_t));
    code = ckpt_cuda_check(backend,
                           driver->cuMemHostGetDevicePointer(&queue->slots_address, slots, 0),
                           "cuMemHostGetDevicePointer");
  }
  for (int i = 0; code == CKPT_OK && i < CKPT_CUDA_QUEUE_SLOTS; ++i)
    code = ckpt_cuda_check(
        backend, driver->cuEventCreate(&queue->entries[i].done, CU_EVENT_DISABLE_TIMING),
        "cuEventCreate");
  if (code != CKPT_OK) {
    free_queue(backend, queue);
    return code;
  }
  backend->queue = queue;
  return CKPT_OK;
}

/*--- submit and finish -------------------------------------------------------------*/

/* Brings the kernel's records and graphs up to the launch's arguments, as a synchronous
 * launch does (cuda_backend.c), and returns the graph of the launch's entry point and the
 * resume point its gating state must hold. */
static ckpt_status_code_t prepare_graph(ckpt_cuda_kernel_t *kernel,
                                        const ckpt_backend_launch_t *launch,
                                        ckpt_cuda_exec_t **out_exec, int *out_resume_cp) {
  ckpt_status_code_t code = ckpt_cuda_sync_arguments(kernel, launch);
  if (code != CKPT_OK) return code;
  int64_t resume_cp_id = -1;
  int64_t entry = ckpt_cuda_graph_entry(kernel, launch->resume_cp_id, &resume_cp_id);
  *out_resume_cp = (int)resume_cp_id;
  return ckpt_cuda_exec_get(kernel, entry, launch->args, out_exec);
}

/* With the backend's context current: queues the launch's steps on the stream. */
static ckpt_status_code_t submit_current(ckpt_cuda_kernel_t *kernel,
                                         const ckpt_backend_launch_t *launch,
                                         const ckpt_backend_submit_t *submit, uint64_t ticket) {
  ckpt_cuda_backend_t *backend = kernel->backend;
  const ckpt_cuda_driver_t *driver = &backend->driver;
  ckpt_cuda_queue_t *queue = backend->queue;
  uint64_t slot = ticket % CKPT_CUDA_QUEUE_SLOTS;
  ckpt_cuda_exec_t *exec = NULL;
  int resume_cp = -1;
  ckpt_status_code_t code = prepare_graph(kernel, launch, &exec, &resume_cp);
  /* Launches in flight before this one leave the mirrors as it needs them. */
  if (code == CKPT_OK && kernel->in_flight == 0)
    code = ckpt_device_kernel_upload_arguments(&kernel->device);
  if (code == CKPT_OK && submit->reset_gate)
    code = ckpt_cuda_check(backend, driver->cuMemsetD32Async(queue->gate, 0, 2, backend->stream),
                           "cuMemsetD32Async (opening the queue gate)");
  CUdeviceptr state = (CUdeviceptr)ckpt_device_kernel_state_ref(&kernel->device).address;
  CUdeviceptr gate = queue->gate;
  CUdeviceptr slot_address =
      queue->slots_address + (CUdeviceptr)(slot * sizeof(ckpt_queue_slot_t));
  unsigned long long launch_id = submit->launch_id;
  void *enter_params[] = {&state, &gate, &slot_address, &resume_cp};
  void *leave_params[] = {&state, &gate, &slot_address, &launch_id};
  if (code == CKPT_OK)
    code = ckpt_cuda_check(backend,
                           driver->cuLaunchKernel(backend->queue_enter, 1, 1, 1, 1, 1, 1, 0,
                                                  backend->stream, enter_params, NULL),
                           "cuLaunchKernel (ckpt_queue_enter)");
  if (code == CKPT_OK) code = ckpt_cuda_exec_launch(kernel, exec);
  if (code == CKPT_OK)
    code = ckpt_cuda_check(backend,
                           driver->cuLaunchKernel(backend->queue_leave, 1, 1, 1, 1, 1, 1, 0,
                                                  backend->stream, leave_params, NULL),
                           "cuLaunchKernel (ckpt_queue_leave)");
  if (code == CKPT_OK)
    code = ckpt_cuda_check(backend, driver->cuEventRecord(queue->entries[slot].done,
                                                          backend->stream),
                           "cuEventRecord");
  return code;
}

ckpt_status_code_t ckpt_cuda_submit(ckpt_backend_t *self, void *kernel_state,
                                    const ckpt_backend_launch_t *launch,
                                    const ckpt_backend_submit_t *submit, uint64_t *out_ticket) {
  ckpt_cuda_backend_t *backend = (ckpt_cuda_backend_t *)self;
  ckpt_cuda_kernel_t *kernel = kernel_state;
  const ckpt_cuda_driver_t *driver = &backend->driver;
  ckpt_status_code_t code = ckpt_cuda_check(backend, driver->cuCtxPushCurrent(backend->cu_context),
                                            "cuCtxPushCurrent");
  if (code != CKPT_OK) return code;
  if (!backend->queue) code = create_queue(backend);
  uint64_t ticket = backend->queue ? backend->queue->next_ticket : 0;
  if (code == CKPT_OK) code = submit_current(kernel, launch, submit, ticket);
  /* The queue steps rewrite the gating state on the device: the next synchronous launch
   * uploads it. */
  ckpt_device_kernel_forget_state(&kernel->device);
  if (code == CKPT_OK) {
    ckpt_cuda_queue_entry_t *entry = &backend->queue->entries[ticket % CKPT_CUDA_QUEUE_SLOTS];
    entry->kernel = kernel;
    ++kernel->in_flight;
    backend->queue->next_ticket = ticket + 1;
    backend->stats.queue_submits++;
    *out_ticket = ticket;
  } else if (backend->queue) {
    /* Part of the submission may be queued: let it drain, and trust no graph it used. */
    driver->cuStreamSynchronize(backend->stream);
    ckpt_cuda_execs_release(kernel);
    memset(kernel->functions, 0, (size_t)kernel->view->node_count * sizeof(CUfunction));
  }
  CUcontext popped;
  driver->cuCtxPopCurrent(&popped);
  return code;
}

ckpt_status_code_t ckpt_cuda_finish(ckpt_backend_t *self, uint64_t ticket, bool wait,
                                    bool *out_done, ckpt_backend_result_t *out_result) {
  ckpt_cuda_backend_t *backend = (ckpt_cuda_backend_t *)self;
  const ckpt_cuda_driver_t *driver = &backend->driver;
  ckpt_cuda_queue_t *queue = backend->queue;
  ckpt_cuda_queue_entry_t *entry = &queue->entries[ticket % CKPT_CUDA_QUEUE_SLOTS];
  *out_done = false;
  ckpt_status_code_t code = ckpt_cuda_check(backend, driver->cuCtxPushCurrent(backend->cu_context),
                                            "cuCtxPushCurrent");
  if (code != CKPT_OK) {
    /* Core spends the ticket on any failure, so the backend lets go of it too. */
    *out_done = true;
    if (entry->kernel) --entry->kernel->in_flight;
    entry->kernel = NULL;
    return code;
  }
  CUresult result = wait ? driver->cuEventSynchronize(entry->done) : driver->cuEventQuery(entry->done);
  if (result == CUDA_ERROR_NOT_READY && !wait) {
    CUcontext popped;
    driver->cuCtxPopCurrent(&popped);
    return CKPT_OK;
  }
  *out_done = true;
  ckpt_cuda_kernel_t *kernel = entry->kernel;
  entry->kernel = NULL;
  --kernel->in_flight;
  code = ckpt_cuda_check(backend, result, wait ? "cuEventSynchronize" : "cuEventQuery");
  if (code == CKPT_OK) {
    /* The event completed after queue_leave: the device's writes to the slot are visible. */
    *out_result = ckpt_queue_slot_result(&queue->slots[ticket % CKPT_CUDA_QUEUE_SLOTS]);
  }
  /* The last launch in flight brings the arguments back; until then they stay on the
   * device for the next one. */
  if (code == CKPT_OK && kernel->in_flight == 0)
    code = ckpt_device_kernel_download_arguments(&kernel->device);
  CUcontext popped;
  driver->cuCtxPopCurrent(&popped);
  return code;
}
