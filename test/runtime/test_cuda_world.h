/* A scripted world that runs the same way on the host (the CPU target's tasks) and on a
 * GPU (test_cuda_kernels.cu), so one plan can be launched on both targets and the results
 * compared. C and CUDA C alike include it.
 *
 * Each task appends its fn to `runs`, counts its runs, and applies the rules that match:
 * "the k-th run of fn f writes v into parameter p" (p = 1..4, rank-0 memref<i32>
 * parameters: yield flags or do-while conditions). After CUDA_WORLD_VALVE runs every
 * task writes 0 into all four instead, so every do-while ends, whatever the rules. */
#ifndef CKPT_TEST_CUDA_WORLD_H
#define CKPT_TEST_CUDA_WORLD_H

#include <stdint.h>

#ifdef __CUDACC__
#define CUDA_WORLD_FUNC __host__ __device__ static inline
#else
#define CUDA_WORLD_FUNC static inline
#endif

#define CUDA_WORLD_MAX_RUNS 256
#define CUDA_WORLD_MAX_FNS 64
#define CUDA_WORLD_MAX_RULES 16
#define CUDA_WORLD_VALVE 160
#define CUDA_WORLD_PARAMS 4 /* parameters 1..4 */

typedef struct cuda_world_rule_t {
  int32_t fn;
  int32_t occurrence; /* 1-based over the world's life; 0: every run */
  int32_t param;      /* 1..4 */
  int32_t value;
} cuda_world_rule_t;

typedef struct cuda_world_t {
  int32_t run_count; /* runs since the last clear; may exceed CUDA_WORLD_MAX_RUNS */
  int32_t runs[CUDA_WORLD_MAX_RUNS];
  int32_t fn_runs[CUDA_WORLD_MAX_FNS];
  int32_t rule_count;
  cuda_world_rule_t rules[CUDA_WORLD_MAX_RULES];
} cuda_world_t;

/* params[p - 1] is where parameter p's i32 lives. */
CUDA_WORLD_FUNC void cuda_world_run(cuda_world_t *world, int32_t fn,
                                    int32_t *const params[CUDA_WORLD_PARAMS]) {
  if (world->run_count < CUDA_WORLD_MAX_RUNS) world->runs[world->run_count] = fn;
  world->run_count++;
  if (fn < 0 || fn >= CUDA_WORLD_MAX_FNS) return;
  int32_t occurrence = ++world->fn_runs[fn];
  if (world->run_count > CUDA_WORLD_VALVE) {
    for (int p = 0; p < CUDA_WORLD_PARAMS; ++p) *params[p] = 0;
    return;
  }
  for (int32_t i = 0; i < world->rule_count && i < CUDA_WORLD_MAX_RULES; ++i) {
    const cuda_world_rule_t *rule = &world->rules[i];
    if (rule->fn == fn && (rule->occurrence == 0 || rule->occurrence == occurrence) &&
        rule->param >= 1 && rule->param <= CUDA_WORLD_PARAMS) {
      *params[rule->param - 1] = rule->value;
    }
  }
}

#endif /* CKPT_TEST_CUDA_WORLD_H */
