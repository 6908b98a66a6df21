// The benchmark's tasks (bench_cuda.c), compiled to PTX at build time. Parameters follow
// MLIR's memref convention (allocated, aligned, offset, sizes..., strides...) like the
// kernels the compiler makes.
//
// Each task is one block of 64 threads doing `work` rounds of a little arithmetic on 64
// floats; the user logic that asks for the host is one load: when *trigger is the task's
// checkpoint + 1, thread 0 raises that checkpoint's flag (so all-zero words raise
// nothing). bench_task starts with the gate prologue of --ckpt-convert-tasks-to-gpu;
// bench_plain_task is the same task without it, for the plain graph the checkpointed one
// is compared with.
#include <stdint.h>

#define MEMREF1(name) \
  float *name##_allocated, float *name##_aligned, int64_t name##_offset, int64_t name##_size, \
      int64_t name##_stride
#define MEMREF0(name) int32_t *name##_allocated, int32_t *name##_aligned, int64_t name##_offset

__device__ __forceinline__ void task_body(float *data, int32_t *flag, const int32_t *trigger,
                                          int32_t id, int32_t gate, int32_t work) {
  unsigned lane = threadIdx.x;
  float value = data[lane];
  for (int32_t round = 0; round < work; ++round) value = value * 0.5f + (float)id;
  data[lane] = value;
  if (lane == 0 && *trigger == gate + 1) *flag = 1;
}

extern "C" __global__ void bench_task(int32_t *state_allocated, int32_t *state_aligned,
                                      int64_t state_offset, int64_t state_size,
                                      int64_t state_stride, MEMREF1(data), MEMREF0(flag),
                                      MEMREF0(trigger), int32_t id, int32_t gate,
                                      int32_t work) {
  const int32_t *state = state_aligned + state_offset;
  int32_t resume_cp = state[0];
  if (state[1] != 0 || (resume_cp >= 0 && resume_cp != gate)) return;
  task_body(data_aligned + data_offset, flag_aligned + flag_offset,
            trigger_aligned + trigger_offset, id, gate, work);
}

extern "C" __global__ void bench_plain_task(MEMREF1(data), MEMREF0(flag), MEMREF0(trigger),
                                            int32_t id, int32_t gate, int32_t work) {
  task_body(data_aligned + data_offset, flag_aligned + flag_offset,
            trigger_aligned + trigger_offset, id, gate, work);
}
