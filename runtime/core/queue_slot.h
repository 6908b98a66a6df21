/* One outcome slot of a device-gated launch queue (runtime/cuda/cuda_queue.c,
 * runtime/hip/hip_queue.c), in pinned host memory mapped into the device, and the queue
 * steps that write it: the host reads a slot once its event has completed. C, CUDA C++
 * and HIP all include it, so the layout and the steps have one definition. */
#ifndef CKPT_CORE_QUEUE_SLOT_H
#define CKPT_CORE_QUEUE_SLOT_H

typedef struct ckpt_queue_slot_t {
  /* The queue gate as the launch found it: 0 when it ran, else the id of the launch whose
   * yield closed the gate (then nothing of this launch ran). */
  unsigned long long skipped_by;
  int yielded;  /* when it ran: non-zero if it yielded */
  int yield_cp; /* the cp_id it yielded at, or -1 */
} ckpt_queue_slot_t;

/* The two steps around a launch a device queue gates, once for the CUDA and HIP kernels
 * that wrap them (runtime/cuda/ckpt_kernels.cu, runtime/hip/ckpt_hip_kernels.hip); the
 * includer defines CKPT_QUEUE_STEP as its device-function qualifier. `gate` is the
 * context's queue gate in device memory: 0 while launches may run, else the id of the
 * launch whose yield closed it; `slot` the launch's outcome slot in mapped host memory;
 * `state` the kernel's gating state. */
#ifdef CKPT_QUEUE_STEP

/* Before the launch's graph: copies the gate into the slot and writes the whole gating
 * state. A closed gate is a yield before the first task, so every task prologue, yield
 * check, IF gate and loop condition of the graph skips; an open one starts the launch at
 * `resume_cp` (-1: fresh). */
CKPT_QUEUE_STEP void ckpt_queue_enter_step(int *state, const unsigned long long *gate,
                                           ckpt_queue_slot_t *slot, int resume_cp) {
  unsigned long long closed_by = *gate;
  volatile ckpt_queue_slot_t *out = slot;
  out->skipped_by = closed_by;
  out->yielded = 0;
  out->yield_cp = -1;
  state[0] = closed_by != 0 ? -1 : resume_cp;
  state[1] = closed_by != 0 ? 1 : 0;
  state[2] = -1;
  state[3] = 0;
}

/* After the launch's graph: a launch that ran and yielded records where in its slot and
 * closes the gate with its id. Either way the state is left fresh, as a synchronous launch
 * leaves it. */
CKPT_QUEUE_STEP void ckpt_queue_leave_step(int *state, unsigned long long *gate,
                                           ckpt_queue_slot_t *slot,
                                           unsigned long long launch_id) {
  int yielded = state[1], yield_cp = state[2];
  if (*gate == 0 && yielded != 0) {
    volatile ckpt_queue_slot_t *out = slot;
    out->yielded = 1;
    out->yield_cp = yield_cp;
    *gate = launch_id;
  }
  state[0] = -1;
  state[1] = 0;
  state[2] = -1;
  state[3] = 0;
}

#endif /* CKPT_QUEUE_STEP */

#ifndef __cplusplus /* the host side: C */
#include "core/backend.h"

/* What a finished launch's slot says it did. */
static inline ckpt_backend_result_t ckpt_queue_slot_result(const volatile ckpt_queue_slot_t *slot) {
  unsigned long long skipped_by = slot->skipped_by;
  int yielded = slot->yielded, yield_cp = slot->yield_cp;
  return (ckpt_backend_result_t){
      .skipped = skipped_by != 0,
      .yielded_launch = skipped_by,
      .yield_cp_id = skipped_by == 0 && yielded ? yield_cp : -1,
  };
}
#endif

#endif /* CKPT_CORE_QUEUE_SLOT_H */
