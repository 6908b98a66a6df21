// The benchmark's tasks (bench_cuda.c), compiled to PTX at build time. Parameters follow
// MLIR's memref convention (allocated, aligned, offset, sizes..., strides...) like the
// kernels the compiler makes.
//
// Each task is one block of 64 threads doing `work` rounds of a little arithmetic on 64
// floats; the user logic that asks for the host is one load: when *trigger is the task's
// checkpoint + 1, thread 0 raises that checkpoint's flag (so all-zero words raise
// nothing). bench_plain_task is the task as written, for the plain graph the checkpointed
// one is compared with; bench_plain_task_pdl is the same task written by hand for
// programmatic launch (it lets the next kernel start at once and waits for the one
// before), for a plain graph with programmatic edges. bench_task is what the CUDA
// pipeline makes of the task (--ckpt-convert-tasks-to-gpu{programmatic-launch}, then
// --ckpt-speculate-gated-loads): it lets the next kernel start, loads the gating state,
// waits for the kernel before, issues its leading load (bounds-checked) and gates.
// bench_task_fold is the first task after an explicit checkpoint, whose prologue also
// does that checkpoint's yield check (fold-yield-checks): it reads the flag after the
// wait, and its recording thread lets the next kernel start once it has stored (and
// fenced) the state.
#include <stdint.h>

#include "ckpt_gating.cuh"

#define MEMREF1(name) \
  float *name##_allocated, float *name##_aligned, int64_t name##_offset, int64_t name##_size, \
      int64_t name##_stride
#define MEMREF0(name) int32_t *name##_allocated, int32_t *name##_aligned, int64_t name##_offset
#define STATE                                                                                \
  int32_t *state_allocated, int32_t *state_aligned, int64_t state_offset, int64_t state_size, \
      int64_t state_stride

__device__ __forceinline__ void task_body(float value, float *data, int32_t *flag,
                                          const int32_t *trigger, int32_t id, int32_t gate,
                                          int32_t work) {
  unsigned lane = threadIdx.x;
  for (int32_t round = 0; round < work; ++round) value = value * 0.5f + (float)id;
  data[lane] = value;
  if (lane == 0 && *trigger == gate + 1) *flag = 1;
}

// The task's first load, before the gate: in bounds of the memref, or not at all.
__device__ __forceinline__ float speculated_load(const float *data, int64_t size) {
  unsigned lane = threadIdx.x;
  return (uint64_t)lane < (uint64_t)size ? data[lane] : 0.0f;
}

extern "C" __global__ void bench_task(STATE, MEMREF1(data), MEMREF0(flag), MEMREF0(trigger),
                                      int32_t id, int32_t gate, int32_t work) {
  ckpt_release_dependents();
  const int32_t *state = state_aligned + state_offset;
  int resume_cp = state[0], yielded = state[1];
  ckpt_wait_for_prerequisites();
  float *data = data_aligned + data_offset;
  float value = speculated_load(data, data_size);
  if (!ckpt_gate_open(resume_cp, yielded, gate)) return;
  task_body(value, data, flag_aligned + flag_offset, trigger_aligned + trigger_offset, id, gate,
            work);
}

extern "C" __global__ void bench_task_fold(STATE, MEMREF1(data), MEMREF0(flag), MEMREF0(trigger),
                                           int32_t id, int32_t gate, int32_t work,
                                           MEMREF0(checked), int32_t checked_cp) {
  if (blockIdx.x != 0) ckpt_release_dependents();
  int32_t *state = state_aligned + state_offset;
  int resume_cp = state[0], yielded = state[1];
  ckpt_wait_for_prerequisites();
  float *data = data_aligned + data_offset;
  float value = speculated_load(data, data_size);
  bool recorder = (blockIdx.x | threadIdx.x) == 0;
  if (ckpt_folded_yield_check(state, checked_cp, checked_aligned[checked_offset], recorder,
                              &resume_cp, &yielded))
    __threadfence();
  if (recorder) ckpt_release_dependents();
  if (!ckpt_gate_open(resume_cp, yielded, gate)) return;
  task_body(value, data, flag_aligned + flag_offset, trigger_aligned + trigger_offset, id, gate,
            work);
}

extern "C" __global__ void bench_plain_task(MEMREF1(data), MEMREF0(flag), MEMREF0(trigger),
                                            int32_t id, int32_t gate, int32_t work) {
  float *data = data_aligned + data_offset;
  task_body(data[threadIdx.x], data, flag_aligned + flag_offset, trigger_aligned + trigger_offset,
            id, gate, work);
}

extern "C" __global__ void bench_plain_task_pdl(MEMREF1(data), MEMREF0(flag), MEMREF0(trigger),
                                                int32_t id, int32_t gate, int32_t work) {
  ckpt_release_dependents();
  ckpt_wait_for_prerequisites();
  float *data = data_aligned + data_offset;
  task_body(data[threadIdx.x], data, flag_aligned + flag_offset, trigger_aligned + trigger_offset,
            id, gate, work);
}
