// The device side of test_cuda_launch.c: one task kernel that runs the scripted world of
// test_cuda_world.h, with its parameters flattened the way MLIR lowers memrefs
// (allocated, aligned, offset, sizes..., strides...) and the gate prologue that
// --ckpt-convert-tasks-to-gpu puts in every task, with the gate passed as a scalar (and,
// where the test folds a checkpoint's yield check into the task, that check first), in
// the order programmatic-launch compiles it: the state is read before the wait for the
// kernel before, so the test's programmatic plans start it through programmatic edges.
// Below it, the kernels of the test of programmatic launch itself, launched from a graph
// the test builds. Compiled to PTX at build time and embedded as the test plan's device image.
#include <stdint.h>

#include "ckpt_gating.cuh"
#include "test_cuda_world.h"

#define RANK0(name) int32_t *name##_allocated, int32_t *name##_aligned, int64_t name##_offset

extern "C" __global__ void world_task(int32_t *state_allocated, int32_t *state_aligned,
                                      int64_t state_offset, int64_t state_size,
                                      int64_t state_stride, uint8_t *world_allocated,
                                      uint8_t *world_aligned, int64_t world_offset,
                                      int64_t world_size, int64_t world_stride, RANK0(p1),
                                      RANK0(p2), RANK0(p3), RANK0(p4), int32_t fn,
                                      int32_t gate, int32_t fold_param, int32_t fold_cp) {
  int32_t *state = state_aligned + state_offset;
  int32_t *const params[CUDA_WORLD_PARAMS] = {p1_aligned + p1_offset, p2_aligned + p2_offset,
                                              p3_aligned + p3_offset, p4_aligned + p4_offset};
  if (fold_param == 0) ckpt_release_dependents();
  int resume_cp = state[0], yielded = state[1];
  ckpt_wait_for_prerequisites();
  if (fold_param > 0) { /* the folded yield check of checkpoint fold_cp, by this one thread */
    if (ckpt_folded_yield_check(state, fold_cp, *params[fold_param - 1], true, &resume_cp,
                                &yielded))
      __threadfence();
    ckpt_release_dependents();
  }
  if (!ckpt_gate_open(resume_cp, yielded, gate)) return;
  cuda_world_run(reinterpret_cast<cuda_world_t *>(world_aligned + world_offset), fn, params);
}

// The kernels of test_cuda_programmatic_state_is_final_before_wait: a storer that
// increments state[0] the way a folded check stores the state, and readers that read it
// before their wait like every task, chained storer -> reader -> reader through
// programmatic edges. A reader counts its threads whose early read differs from the
// state after the wait.

// Busy-waits about `cycles` clocks of this SM.
__device__ __forceinline__ void spin(int32_t cycles) {
  long long start = clock64();
  while (clock64() - start < cycles) {
  }
}

// Every thread reads state[0] before the wait, so the line is also in the L1 of every SM
// the storer runs on. With `release_after_store` the recording thread releases block 0
// only after its store and fence, as a folded check does; without it every thread
// releases at entry (the control). All threads spin after the store, so the storer is
// still running when its dependents start.
__device__ __forceinline__ void store_state(int32_t *state, int32_t delay_cycles, int32_t *sink,
                                            bool release_after_store) {
  bool recorder = (blockIdx.x | threadIdx.x) == 0;
  if (!release_after_store || blockIdx.x != 0) ckpt_release_dependents();
  int32_t seen = state[0];
  ckpt_wait_for_prerequisites();
  if (recorder) {
    int32_t next = state[0] + 1;
    spin(delay_cycles);
    state[0] = next;
    __threadfence();
    if (release_after_store) ckpt_release_dependents();
  }
  spin(delay_cycles);
  sink[blockIdx.x * blockDim.x + threadIdx.x] = seen; /* keeps the early read */
}

extern "C" __global__ void pdl_store_state(int32_t *state, int32_t delay_cycles, int32_t *sink) {
  store_state(state, delay_cycles, sink, true);
}

extern "C" __global__ void pdl_store_state_released_early(int32_t *state, int32_t delay_cycles,
                                                          int32_t *sink) {
  store_state(state, delay_cycles, sink, false);
}

// The read after the wait is volatile (not cached in L1), so a line this SM cached before
// the wait cannot hide a difference. One atomic per warp: in the control every thread
// reads early, and one address taking an atomic per thread would slow the test down.
// Needs whole warps (blockDim.x a multiple of 32).
extern "C" __global__ void pdl_read_state(const int32_t *state, int32_t *stale) {
  ckpt_release_dependents();
  int32_t seen = state[0];
  ckpt_wait_for_prerequisites();
  bool differs = seen != *(const volatile int32_t *)state;
  unsigned stale_lanes = __ballot_sync(0xffffffffu, differs);
  if (threadIdx.x % 32 == 0 && stale_lanes != 0) atomicAdd(stale, __popc(stale_lanes));
}
