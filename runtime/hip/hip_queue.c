/* Asynchronous launches that the device gates (core/backend.h, submit and finish;
 * docs/runtime-api.md, "Async"), as the CUDA backend's queue (runtime/cuda/cuda_queue.c)
 * on the HIP runtime: a gate word in device memory (0 while launches may run, else the id
 * of the launch whose yield closed it) and a ring of outcome slots (core/queue_slot.h) in
 * mapped pinned memory, each with an event. A submission queues on the backend's stream,
 * without waiting for anything:
 *
 *   [open the gate] queue_enter, the kernel's graph, queue_leave, the slot's event
 *
 * queue_enter and queue_leave (ckpt_hip_kernels.hip) write the gating state and the slot;
 * opening the gate is a hipMemsetD32Async that core asks for in the first submission
 * after the host saw a yield. finish waits for (or queries) the slot's event and reads the
 * slot.
 *
 * Only kernels without a do-while qualify: a do-while is a host loop that reads the state
 * back every iteration, so such a kernel's launches are host-ordered, as they all are with
 * CKPT_HIP_QUEUE=host. Launches in flight together are of one kernel with the same
 * arguments (core guarantees it): host mirrors are uploaded before the first of them and
 * downloaded after the last, and stay on the device in between. */
#include <stdlib.h>
#include <string.h>

#include "core/context.h"
#include "core/queue_slot.h"
#include "hip/hip_backend.h"

enum { CKPT_HIP_QUEUE_SLOTS = 64 };

typedef struct ckpt_hip_queue_entry_t {
  hipEvent_t done;            /* recorded after queue_leave */
  ckpt_hip_kernel_t *kernel;  /* while in flight */
} ckpt_hip_queue_entry_t;

struct ckpt_hip_queue_t {
  void *gate;                /* one unsigned long long in device memory */
  ckpt_queue_slot_t *slots;  /* CKPT_HIP_QUEUE_SLOTS, mapped */
  void *slots_address;       /* their device address */
  ckpt_hip_queue_entry_t entries[CKPT_HIP_QUEUE_SLOTS];
  uint64_t next_ticket;
};

int64_t ckpt_hip_submit_capacity(ckpt_backend_t *self, void *kernel_state) {
  ckpt_hip_backend_t *backend = (ckpt_hip_backend_t *)self;
  ckpt_hip_kernel_t *kernel = kernel_state;
  if (backend->host_ordered_queue) return 0;
  for (int64_t node = 0; node < kernel->view->node_count; ++node)
    if (kernel->view->nodes[node].kind == CKPT_NODE_DO_WHILE) return 0;
  return CKPT_HIP_QUEUE_SLOTS;
}

/*--- the queue, made on the first submission ------------------------------------*/

static void free_queue(ckpt_hip_backend_t *backend, struct ckpt_hip_queue_t *queue) {
  const ckpt_hip_api_t *api = &backend->api;
  for (int i = 0; i < CKPT_HIP_QUEUE_SLOTS; ++i)
    if (queue->entries[i].done) api->hipEventDestroy(queue->entries[i].done);
  if (queue->gate) api->hipFree(queue->gate);
  if (queue->slots) api->hipHostFree(queue->slots);
  free(queue);
}

void ckpt_hip_queue_destroy(ckpt_hip_backend_t *backend) {
  if (!backend->queue) return;
  free_queue(backend, backend->queue);
  backend->queue = NULL;
}

static ckpt_status_code_t create_queue(ckpt_hip_backend_t *backend) {
  const ckpt_hip_api_t *api = &backend->api;
  struct ckpt_hip_queue_t *queue = calloc(1, sizeof(*queue));
  if (!queue)
    return ckpt_context_fail(backend->context, CKPT_ERROR_OUT_OF_MEMORY,
                             "out of memory creating the HIP launch queue");
  ckpt_status_code_t code = ckpt_hip_check(
      backend, api->hipMalloc(&queue->gate, sizeof(unsigned long long)), "hipMalloc");
  /* On the stream (perhaps the caller's): the first submission's queue_enter follows it. */
  if (code == CKPT_OK)
    code = ckpt_hip_check(backend, api->hipMemsetD32Async(queue->gate, 0, 2, backend->stream),
                          "hipMemsetD32Async");
  void *slots = NULL;
  if (code == CKPT_OK)
    code = ckpt_hip_check(backend,
                          api->hipHostMalloc(&slots,
                                             CKPT_HIP_QUEUE_SLOTS * sizeof(ckpt_queue_slot_t),
                                             CKPT_HIP_HOST_MALLOC_MAPPED),
                          "hipHostMalloc");
  queue->slots = slots;
  if (code == CKPT_OK) {
    memset(slots, 0, CKPT_HIP_QUEUE_SLOTS * sizeof(ckpt_queue_slot_t));
    code = ckpt_hip_check(backend, api->hipHostGetDevicePointer(&queue->slots_address, slots, 0),
                          "hipHostGetDevicePointer");
  }
  for (int i = 0; code == CKPT_OK && i < CKPT_HIP_QUEUE_SLOTS; ++i)
    code = ckpt_hip_check(
        backend,
        api->hipEventCreateWithFlags(&queue->entries[i].done, CKPT_HIP_EVENT_DISABLE_TIMING),
        "hipEventCreateWithFlags");
  if (code != CKPT_OK) {
    free_queue(backend, queue);
    return code;
  }
  backend->queue = queue;
  return CKPT_OK;
}

/*--- submit and finish -------------------------------------------------------------*/

static ckpt_status_code_t launch_step(ckpt_hip_backend_t *backend, hipFunction_t function,
                                      void **params, const char *name) {
  return ckpt_hip_check(backend,
                        backend->api.hipModuleLaunchKernel(function, 1, 1, 1, 1, 1, 1, 0,
                                                           backend->stream, params, NULL),
                        name);
}

static ckpt_status_code_t submit_current(ckpt_hip_kernel_t *kernel,
                                         const ckpt_backend_launch_t *launch,
                                         const ckpt_backend_submit_t *submit, uint64_t ticket) {
  ckpt_hip_backend_t *backend = kernel->backend;
  const ckpt_hip_api_t *api = &backend->api;
  struct ckpt_hip_queue_t *queue = backend->queue;
  uint64_t slot = ticket % CKPT_HIP_QUEUE_SLOTS;
  ckpt_hip_program_t *program = NULL;
  int64_t resume_cp_id = -1;
  ckpt_status_code_t code = ckpt_hip_prepare_program(kernel, launch, &program, &resume_cp_id);
  /* Launches in flight before this one leave the mirrors as it needs them. */
  if (code == CKPT_OK && kernel->in_flight == 0)
    code = ckpt_device_kernel_upload_arguments(&kernel->device);
  if (code == CKPT_OK && submit->reset_gate)
    code = ckpt_hip_check(backend, api->hipMemsetD32Async(queue->gate, 0, 2, backend->stream),
                          "hipMemsetD32Async (opening the queue gate)");
  void *state = (void *)(uintptr_t)ckpt_device_kernel_state_ref(&kernel->device).address;
  void *gate = queue->gate;
  void *slot_address = (unsigned char *)queue->slots_address + slot * sizeof(ckpt_queue_slot_t);
  int resume_cp = (int)resume_cp_id;
  unsigned long long launch_id = submit->launch_id;
  void *enter_params[] = {&state, &gate, &slot_address, &resume_cp};
  void *leave_params[] = {&state, &gate, &slot_address, &launch_id};
  if (code == CKPT_OK)
    code = launch_step(backend, backend->queue_enter, enter_params,
                       "hipModuleLaunchKernel (ckpt_hip_queue_enter)");
  /* Without a do-while the program is graph launches only: nothing waits. */
  if (code == CKPT_OK) code = ckpt_hip_program_run(kernel, program);
  if (code == CKPT_OK)
    code = launch_step(backend, backend->queue_leave, leave_params,
                       "hipModuleLaunchKernel (ckpt_hip_queue_leave)");
  if (code == CKPT_OK)
    code = ckpt_hip_check(backend, api->hipEventRecord(queue->entries[slot].done, backend->stream),
                          "hipEventRecord");
  return code;
}

ckpt_status_code_t ckpt_hip_submit(ckpt_backend_t *self, void *kernel_state,
                                   const ckpt_backend_launch_t *launch,
                                   const ckpt_backend_submit_t *submit, uint64_t *out_ticket) {
  ckpt_hip_backend_t *backend = (ckpt_hip_backend_t *)self;
  ckpt_hip_kernel_t *kernel = kernel_state;
  ckpt_status_code_t code =
      ckpt_hip_check(backend, backend->api.hipSetDevice(backend->device), "hipSetDevice");
  if (code == CKPT_OK && !backend->queue) code = create_queue(backend);
  uint64_t ticket = backend->queue ? backend->queue->next_ticket : 0;
  if (code == CKPT_OK) code = submit_current(kernel, launch, submit, ticket);
  /* The queue steps rewrite the gating state on the device: the next synchronous launch
   * uploads it. */
  ckpt_device_kernel_forget_state(&kernel->device);
  if (code == CKPT_OK) {
    ckpt_hip_queue_entry_t *entry = &backend->queue->entries[ticket % CKPT_HIP_QUEUE_SLOTS];
    entry->kernel = kernel;
    ++kernel->in_flight;
    backend->queue->next_ticket = ticket + 1;
    backend->stats.queue_submits++;
    *out_ticket = ticket;
  } else if (backend->queue) {
    /* Part of the submission may be queued: let it drain, and trust no graph it used. */
    backend->api.hipStreamSynchronize(backend->stream);
    ckpt_hip_distrust(kernel);
  }
  return code;
}

ckpt_status_code_t ckpt_hip_finish(ckpt_backend_t *self, uint64_t ticket, bool wait,
                                   bool *out_done, ckpt_backend_result_t *out_result) {
  ckpt_hip_backend_t *backend = (ckpt_hip_backend_t *)self;
  const ckpt_hip_api_t *api = &backend->api;
  struct ckpt_hip_queue_t *queue = backend->queue;
  ckpt_hip_queue_entry_t *entry = &queue->entries[ticket % CKPT_HIP_QUEUE_SLOTS];
  hipError_t error = wait ? api->hipEventSynchronize(entry->done) : api->hipEventQuery(entry->done);
  *out_done = !(error == CKPT_HIP_ERROR_NOT_READY && !wait);
  if (!*out_done) return CKPT_OK;
  /* Core spends the ticket on any outcome, failures included, so the backend does too. */
  ckpt_hip_kernel_t *kernel = entry->kernel;
  entry->kernel = NULL;
  --kernel->in_flight;
  ckpt_status_code_t code =
      ckpt_hip_check(backend, error, wait ? "hipEventSynchronize" : "hipEventQuery");
  /* The event completed after queue_leave: the device's writes to the slot are visible. */
  if (code == CKPT_OK)
    *out_result = ckpt_queue_slot_result(&queue->slots[ticket % CKPT_HIP_QUEUE_SLOTS]);
  /* The last launch in flight brings the arguments back; until then they stay on the
   * device for the next one. */
  if (code == CKPT_OK && kernel->in_flight == 0)
    code = ckpt_device_kernel_download_arguments(&kernel->device);
  return code;
}
