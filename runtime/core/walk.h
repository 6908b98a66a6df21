/* The reference walker: runs a plan's node tree on the host with docs/semantics.md's launch, yield
 * and resume semantics. The CPU backend runs on it; a host-orchestrated device backend
 * can too, by enqueuing work in run_node and reading back in read_i32. */
#ifndef CKPT_CORE_WALK_H
#define CKPT_CORE_WALK_H

#include <stdint.h>

#include "ckpt/ckpt.h"
#include "core/plan.h"

typedef struct ckpt_walk_ops_t {
  /* Runs the task or bare run at node `node_index`. */
  ckpt_status_code_t (*run_node)(void *user, int64_t node_index);
  /* Reads the i32 a rank-0 memref<i32> parameter holds (a yield flag or a do-while
   * condition), after every node run before it has finished. */
  ckpt_status_code_t (*read_i32)(void *user, int64_t param, int32_t *out_value);
} ckpt_walk_ops_t;

/* Walks `view` from `resume_cp_id` (-1: a fresh launch). *out_yield_cp_id is the cp_id
 * of the checkpoint that yielded, or -1 when the walk reached the end. A failure from
 * `ops` stops the walk and is returned as is. */
ckpt_status_code_t ckpt_walk(const ckpt_plan_view_t *view, int64_t resume_cp_id,
                             const ckpt_walk_ops_t *ops, void *user, int64_t *out_yield_cp_id);

#endif /* CKPT_CORE_WALK_H */
