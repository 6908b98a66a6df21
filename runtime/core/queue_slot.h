/* One outcome slot of a device-gated launch queue (runtime/cuda/cuda_queue.c,
 * runtime/hip/hip_queue.c), in pinned host memory mapped into the device: the queue
 * kernels write it, the host reads it once the slot's event has completed. C, CUDA C++
 * and HIP all include it, so the layout has one definition. */
#ifndef CKPT_CORE_QUEUE_SLOT_H
#define CKPT_CORE_QUEUE_SLOT_H

typedef struct ckpt_queue_slot_t {
  /* The queue gate as the launch found it: 0 when it ran, else the id of the launch whose
   * yield closed the gate (then nothing of this launch ran). */
  unsigned long long skipped_by;
  int yielded;  /* when it ran: non-zero if it yielded */
  int yield_cp; /* the cp_id it yielded at, or -1 */
} ckpt_queue_slot_t;

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
