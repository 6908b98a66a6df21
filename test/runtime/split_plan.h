/* A plan with parallel (split) tasks, for the tests of the CPU target's threads.
 *
 *   checkpoint 1 yield_on %flag {
 *     task 0, split:  counts[i] += 1 for every i of the share
 *     task 1:         checks that every counts[i] holds the same value (so task 0 had
 *                     finished every share) and counts it in checks[1] if not; sets %flag
 *                     when that value is a multiple of SPLIT_PLAN_YIELD_EVERY
 *   }
 *   implicit { task 2, split: others[i] += 1 }
 *
 * A call runs the block of ckpt/plan.h's ckpt_task_share_t, computed here as the
 * compiler computes it. Every block run is counted in checks[0], so a test can tell how
 * many a launch ran. Everything a task touches comes through its arguments: kernels of
 * different contexts may run at once. */
#ifndef CKPT_TEST_SPLIT_PLAN_H
#define CKPT_TEST_SPLIT_PLAN_H

#include <stdatomic.h>
#include <stdint.h>

#include "ckpt/plan.h"
#include "memref_descriptors.h"
#include "plan_builder.h"

enum { SPLIT_PLAN_FLAG = 0, SPLIT_PLAN_COUNTS, SPLIT_PLAN_OTHERS, SPLIT_PLAN_CHECKS };
enum { SPLIT_PLAN_LABEL = 1, SPLIT_PLAN_YIELD_EVERY = 4 };

/* The block of [0, size) that `share` runs. */
static inline void split_plan_block(int64_t size, const ckpt_task_share_t *share,
                                    int64_t *out_begin, int64_t *out_end) {
  int64_t chunk = (size + share->count - 1) / share->count;
  int64_t begin = share->index * chunk < size ? share->index * chunk : size;
  *out_begin = begin;
  *out_end = begin + chunk < size ? begin + chunk : size;
}

static inline int64_t *split_plan_words(void **args, int param) {
  const memref1_t *memref = args[param];
  return (int64_t *)memref->aligned + memref->offset;
}

static inline void split_plan_dispatch(int64_t fn, void **args, void *recorder) {
  const memref1_t *counts_ref = args[SPLIT_PLAN_COUNTS];
  int64_t size = counts_ref->size;
  int64_t *counts = split_plan_words(args, SPLIT_PLAN_COUNTS);
  int64_t *others = split_plan_words(args, SPLIT_PLAN_OTHERS);
  _Atomic int64_t *checks = (_Atomic int64_t *)split_plan_words(args, SPLIT_PLAN_CHECKS);
  if (fn == 1) {
    for (int64_t i = 1; i < size; ++i)
      if (counts[i] != counts[0]) atomic_fetch_add(&checks[1], 1);
    if (counts[0] % SPLIT_PLAN_YIELD_EVERY == 0) {
      const memref0_t *flag = args[SPLIT_PLAN_FLAG];
      flag->aligned[flag->offset] = 1;
    }
    return;
  }
  int64_t begin = 0, end = 0;
  split_plan_block(size, recorder, &begin, &end);
  int64_t *words = fn == 0 ? counts : others;
  for (int64_t i = begin; i < end; ++i) words[i] += 1;
  atomic_fetch_add(&checks[0], 1);
}

static inline const ckpt_plan_t *split_plan_build(plan_builder_t *builder) {
  plan_builder_init(builder, "split", split_plan_dispatch);
  int64_t flag = plan_builder_flag(builder);
  for (int i = 0; i < 3; ++i) plan_builder_param(builder, CKPT_PARAM_MEMREF, 1, 64, CKPT_ELEM_INT);
  plan_builder_checkpoint(builder, SPLIT_PLAN_LABEL, NULL, flag);
  plan_builder_task(builder, 0);
  PLAN_NODE(builder, builder->node_count - 1, CKPT_NODE_FLAGS) = CKPT_NODE_FLAG_SPLIT;
  plan_builder_task(builder, 1);
  plan_builder_close(builder);
  plan_builder_implicit(builder);
  plan_builder_task(builder, 2);
  PLAN_NODE(builder, builder->node_count - 1, CKPT_NODE_FLAGS) = CKPT_NODE_FLAG_SPLIT;
  plan_builder_close(builder);
  return plan_builder_finish(builder);
}

/* One kernel's arguments: the flag and three arrays of `size` words (checks has 2). */
typedef struct split_plan_args_t {
  int32_t flag;
  int64_t *counts, *others;
  _Atomic int64_t checks[2];
  memref0_t flag_ref;
  memref1_t counts_ref, others_ref, checks_ref;
  void *args[4];
} split_plan_args_t;

static inline void split_plan_args_init(split_plan_args_t *a, int64_t size) {
  memset(a, 0, sizeof(*a));
  a->counts = calloc((size_t)size, sizeof(int64_t));
  a->others = calloc((size_t)size, sizeof(int64_t));
  if (!a->counts || !a->others) plan_builder_die("out of memory");
  a->flag_ref = (memref0_t){&a->flag, &a->flag, 0};
  a->counts_ref = (memref1_t){a->counts, a->counts, 0, size, 1};
  a->others_ref = (memref1_t){a->others, a->others, 0, size, 1};
  a->checks_ref = (memref1_t){a->checks, a->checks, 0, 2, 1};
  a->args[SPLIT_PLAN_FLAG] = &a->flag_ref;
  a->args[SPLIT_PLAN_COUNTS] = &a->counts_ref;
  a->args[SPLIT_PLAN_OTHERS] = &a->others_ref;
  a->args[SPLIT_PLAN_CHECKS] = &a->checks_ref;
}

static inline void split_plan_args_free(split_plan_args_t *a) {
  free(a->counts);
  free(a->others);
}

#endif /* CKPT_TEST_SPLIT_PLAN_H */
