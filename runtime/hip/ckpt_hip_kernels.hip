// The HIP backend's own kernels: the yield check of an explicit checkpoint whose check
// was not folded into a task prologue, the yield report, and the do-while condition.
// Compiled when the runtime is built (runtime/hip/CMakeLists.txt), for every chip of
// CKPT_HIP_KERNEL_CHIPS: AMD code objects by clang (-x hip), PTX for NVIDIA chips (the
// HIP-on-CUDA shim) by clang or nvcc. No HIP headers are needed: the kernels touch plain memory only.
//
// Each runs as one thread. `state` is the launch's gating state
// [resume_cp, yielded, yield_cp, loop_again] (runtime/core/device.h; the last word is the
// reserved one, which only these kernels and the HIP backend use); the predicate is the
// one of docs/design.md, "Resume semantics in one slot".
#if defined(__NVCC__)
#define CKPT_HIP_KERNEL extern "C" __global__
#else
#define CKPT_HIP_KERNEL extern "C" __attribute__((global))
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

// The steps around a launch the device gates (hip_queue.c; docs/runtime-api.md, "Async"),
// as on CUDA (runtime/cuda/ckpt_kernels.cu). `gate` is the context's queue gate in device
// memory: 0 while launches may run, else the id of the launch whose yield closed it;
// `slot` the launch's outcome slot in mapped host memory.

// Before the launch's graph: copies the gate into the slot and writes the whole gating
// state. A closed gate is a yield before the first task, so every task prologue and yield
// check of the graph skips; an open one starts the launch at `resume_cp` (-1: fresh).
CKPT_HIP_KERNEL void ckpt_hip_queue_enter(int *state, const unsigned long long *gate,
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

// After the launch's graph: a launch that ran and yielded records where in its slot and
// closes the gate with its id. Either way the state is left fresh.
CKPT_HIP_KERNEL void ckpt_hip_queue_leave(int *state, unsigned long long *gate,
                                          ckpt_queue_slot_t *slot, unsigned long long launch_id) {
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
