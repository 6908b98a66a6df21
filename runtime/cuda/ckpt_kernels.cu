// The CUDA backend's own kernels: the checkpoint yield check, the do-while condition, the
// IF-mode gate, the yield report that ends a graph whose yield checks are folded into
// task prologues, and the two steps around a queued launch (cuda_queue.c). nvcc compiles this file
// when the runtime is built, into a fatbin that is embedded in the library
// (runtime/cuda/CMakeLists.txt) and loaded with cuModuleLoadData; the driver resolves
// cudaGraphSetConditional when it loads it.
//
// Each runs as one thread. `state` is the launch's gating state,
// [resume_cp, yielded, yield_cp, loop_budget] (runtime/core/device.h); the predicates are the
// ones of docs/design.md, "Resume semantics in one slot". The loads each kernel needs are
// independent, so it waits for memory once.
//
// Each comes in three variants for the edges around it (sm_90 programmatic dependent
// launch): plain, for ordinary edges; *_wait, behind a programmatic edge, waits for the
// task before it (griddepcontrol.wait); *_pdl also lets the next task launch early, once
// its own writes are fenced (griddepcontrol.launch_dependents).
#include <cuda_runtime.h>

#include "ckpt_gating.cuh"
#define CKPT_QUEUE_STEP static __device__ __forceinline__
#include "core/queue_slot.h"

namespace {

enum Edges { kOrdinary, kWait, kWaitAndRelease };

template <Edges kEdges>
__device__ __forceinline__ void wait_for_previous_grid() {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
  if (kEdges != kOrdinary) asm volatile("griddepcontrol.wait;" ::: "memory");
#endif
}

template <Edges kEdges>
__device__ __forceinline__ void release_next_grid() {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
  if (kEdges == kWaitAndRelease) {
    __threadfence();
    asm volatile("griddepcontrol.launch_dependents;" ::: "memory");
  }
#endif
}

__device__ __forceinline__ void report_yield(int *outcome, int cp_id) {
  *reinterpret_cast<volatile int *>(outcome) = cp_id;
}

// After explicit checkpoint `cp_id`'s last task. A yield is also written to `outcome`, a
// word of mapped host memory, so the host learns it without copying the state back; so is
// a yield found already in the state (a checkpoint whose check a task prologue did).
template <Edges kEdges>
__device__ __forceinline__ void ckpt_yield_check_body(int *state, const int *flag, int cp_id,
                                            int *outcome) {
  wait_for_previous_grid<kEdges>();
  int resume_cp = state[0], yielded = state[1], raised = *flag;
  if (ckpt_gate_open(resume_cp, yielded, cp_id)) {
    if (resume_cp == cp_id) state[0] = -1;
    if (raised != 0) {
      state[2] = cp_id;
      state[1] = 1;
      report_yield(outcome, cp_id);
    }
  } else if (yielded != 0) {
    report_yield(outcome, state[2]);
  }
  release_next_grid<kEdges>();
}

// Last node of a graph in which some yield checks were done by task prologues, when the
// graph does not end with a yield check anyway: reports a yield the state holds.
template <Edges kEdges>
__device__ __forceinline__ void ckpt_report_yield_body(const int *state, int *outcome) {
  wait_for_previous_grid<kEdges>();
  if (state[1] != 0) report_yield(outcome, state[2]);
  release_next_grid<kEdges>();
}

// Last node of a do-while body: repeat while nothing yielded, nothing is being skipped and
// the condition holds; the do-whiles directly inside the body run at least once again.
template <Edges kEdges>
__device__ __forceinline__ void ckpt_loop_condition_body(const int *state, const int *condition,
                                               cudaGraphConditionalHandle loop,
                                               const cudaGraphConditionalHandle *resets,
                                               int reset_count) {
  wait_for_previous_grid<kEdges>();
  int resume_cp = state[0], yielded = state[1], again = *condition;
  for (int i = 0; i < reset_count; ++i) cudaGraphSetConditional(resets[i], 1);
  cudaGraphSetConditional(loop, yielded == 0 && resume_cp < 0 && again != 0 ? 1u : 0u);
  release_next_grid<kEdges>();
}

// IF gating: opens checkpoint `cp_id`'s IF node when its tasks would run.
template <Edges kEdges>
__device__ __forceinline__ void ckpt_checkpoint_gate_body(const int *state, int cp_id,
                                                cudaGraphConditionalHandle handle) {
  wait_for_previous_grid<kEdges>();
  cudaGraphSetConditional(handle, ckpt_gate_open(state[0], state[1], cp_id) ? 1u : 0u);
  release_next_grid<kEdges>();
}

}  // namespace

#define CKPT_VARIANTS(name, parameters, arguments)                                      \
  extern "C" __global__ void name parameters { name##_body<kOrdinary> arguments; }       \
  extern "C" __global__ void name##_wait parameters { name##_body<kWait> arguments; }    \
  extern "C" __global__ void name##_pdl parameters { name##_body<kWaitAndRelease> arguments; }

CKPT_VARIANTS(ckpt_yield_check, (int *state, const int *flag, int cp_id, int *outcome),
              (state, flag, cp_id, outcome))
CKPT_VARIANTS(ckpt_loop_condition,
              (const int *state, const int *condition, cudaGraphConditionalHandle loop,
               const cudaGraphConditionalHandle *resets, int reset_count),
              (state, condition, loop, resets, reset_count))
CKPT_VARIANTS(ckpt_report_yield, (const int *state, int *outcome), (state, outcome))
CKPT_VARIANTS(ckpt_checkpoint_gate,
              (const int *state, int cp_id, cudaGraphConditionalHandle handle),
              (state, cp_id, handle))

// The steps around a launch the device gates (cuda_queue.c; docs/runtime-api.md, "Async"):
// core/queue_slot.h's, shared with the HIP backend. The host's reset of the gate
// (cuMemsetD32Async) is queued before a queue_enter, so a launch sees the same gate in
// both steps.
extern "C" __global__ void ckpt_queue_enter(int *state, const unsigned long long *gate,
                                            ckpt_queue_slot_t *slot, int resume_cp) {
  ckpt_queue_enter_step(state, gate, slot, resume_cp);
}

extern "C" __global__ void ckpt_queue_leave(int *state, unsigned long long *gate,
                                            ckpt_queue_slot_t *slot,
                                            unsigned long long launch_id) {
  ckpt_queue_leave_step(state, gate, slot, launch_id);
}
