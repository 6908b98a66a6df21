// The device side of test_cuda_launch.c: one task kernel that runs the scripted world of
// test_cuda_world.h, with its parameters flattened the way MLIR lowers memrefs
// (allocated, aligned, offset, sizes..., strides...) and the gate prologue that
// --ckpt-convert-tasks-to-gpu puts in every task, with the gate passed as a scalar (and,
// where the test folds a checkpoint's yield check into the task, that check first), in
// the order programmatic-launch compiles it: the state is read before the wait for the
// kernel before, so the test's programmatic plans start it through programmatic edges.
// Compiled to PTX at build time and embedded as the test plan's device image.
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
