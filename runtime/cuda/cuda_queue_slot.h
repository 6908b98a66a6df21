/* One outcome slot of the CUDA backend's launch queue (cuda_queue.c), in pinned host
 * memory mapped into the device: the queue kernels (ckpt_kernels.cu) write it, the host
 * reads it once the slot's event has completed. C and CUDA C++ both include it, so the
 * layout has one definition. */
#ifndef CKPT_CUDA_QUEUE_SLOT_H
#define CKPT_CUDA_QUEUE_SLOT_H

typedef struct ckpt_cuda_queue_slot_t {
  /* The queue gate as the launch found it: 0 when it ran, else the id of the launch whose
   * yield closed the gate (then nothing of this launch ran). */
  unsigned long long skipped_by;
  int yielded;  /* when it ran: non-zero if it yielded */
  int yield_cp; /* the cp_id it yielded at, or -1 */
} ckpt_cuda_queue_slot_t;

#endif /* CKPT_CUDA_QUEUE_SLOT_H */
