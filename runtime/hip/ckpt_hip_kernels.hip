// The HIP backend's own kernels: the yield check of an explicit checkpoint whose check
// was not folded into a task prologue, the yield report, and the do-while condition.
// Compiled when the runtime is built (runtime/hip/CMakeLists.txt), for every chip of
// CKPT_HIP_KERNEL_CHIPS: AMD code objects by clang (-x hip), PTX for NVIDIA chips (the
// HIP-on-CUDA shim) by clang or nvcc. No HIP headers are needed: the kernels touch plain
// memory only.
//
// Each runs as one thread. `state` is the launch's gating state
// [resume_cp, yielded, yield_cp, loop_again] (runtime/core/device.h; the last word is the
// reserved one, which only these kernels and the HIP backend use); the predicate is the
// one of docs/design.md, "Resume semantics in one slot".
#if defined(__NVCC__)
#define CKPT_HIP_KERNEL extern "C" __global__
#define CKPT_QUEUE_STEP static __device__ __forceinline__
#else
#define CKPT_HIP_KERNEL extern "C" __attribute__((global))
#define CKPT_QUEUE_STEP static __attribute__((device, always_inline))
#endif

#include "core/queue_slot.h"

#define CKPT_REPORT_YIELD(outcome, cp_id) (*(volatile int *)(outcome) = (cp_id))

// After explicit checkpoint `cp_id`'s last task. A yield is also written to `outcome`, a
// word of mapped host memory, so the host learns it without copying the state back; so is
// a yield found already in the state (a checkpoint whose check a task prologue did).
CKPT_HIP_KERNEL void ckpt_hip_yield_check(int *state, const int *flag, int cp_id, int *outcome) {
  int resume_cp = state[0], yielded = state[1], raised = *flag;
  if (yielded == 0 && (resume_cp < 0 || resume_cp == cp_id)) {
    if (resume_cp == cp_id) state[0] = -1;
    if (raised != 0) {
      state[2] = cp_id;
      state[1] = 1;
      CKPT_REPORT_YIELD(outcome, cp_id);
    }
  } else if (yielded != 0) {
    CKPT_REPORT_YIELD(outcome, state[2]);
  }
}

// Last node of a graph in which task prologues did some yield checks, when it does not
// end with a yield check anyway: reports a yield the state holds.
CKPT_HIP_KERNEL void ckpt_hip_report_yield(const int *state, int *outcome) {
  if (state[1] != 0) CKPT_REPORT_YIELD(outcome, state[2]);
}

// Last node of a do-while body: whether the host goes round again (nothing yielded,
// nothing still being skipped, the condition holds), for the one readback per iteration.
CKPT_HIP_KERNEL void ckpt_hip_loop_condition(int *state, const int *condition) {
  state[3] = state[1] == 0 && state[0] < 0 && *condition != 0;
}

// The steps around a launch the device gates (hip_queue.c; docs/runtime-api.md, "Async"):
// core/queue_slot.h's, shared with the CUDA backend.
CKPT_HIP_KERNEL void ckpt_hip_queue_enter(int *state, const unsigned long long *gate,
                                          ckpt_queue_slot_t *slot, int resume_cp) {
  ckpt_queue_enter_step(state, gate, slot, resume_cp);
}

CKPT_HIP_KERNEL void ckpt_hip_queue_leave(int *state, unsigned long long *gate,
                                          ckpt_queue_slot_t *slot, unsigned long long launch_id) {
  ckpt_queue_leave_step(state, gate, slot, launch_id);
}
