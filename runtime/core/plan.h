/* A validated, decoded view of a ckpt_plan_t.
 *
 * ckpt_plan_view_create checks every field of the compiler's table (see ckpt/plan.h) and
 * precomputes what walkers and backends need, so nothing after it re-checks the table or
 * can be crashed by a malformed one. */
#ifndef CKPT_CORE_PLAN_H
#define CKPT_CORE_PLAN_H

#include <stdbool.h>
#include <stdint.h>

#include "ckpt/ckpt.h"
#include "ckpt/plan.h"

/* Limits this runtime puts on parameters so that argument sizes cannot overflow. */
#define CKPT_PLAN_MAX_RANK 64
#define CKPT_PLAN_MAX_ELEM_BITS 4096

typedef struct ckpt_plan_node_t {
  ckpt_node_kind_t kind;
  int64_t end;       /* one past the last node of this node's subtree */
  int64_t parent;    /* the enclosing checkpoint or do-while, or -1 at the top level */
  int64_t fn;        /* task, bare: index passed to dispatch; else -1 */
  int64_t cp_id;     /* checkpoint: its cp_id; else -1 */
  int64_t param;     /* checkpoint: yield flag parameter or -1; do-while: condition; else -1 */
  int64_t label;     /* explicit checkpoint: its label; else -1 */
  const char *name;  /* explicit checkpoint: its name inside plan->strings, or NULL */
  bool is_explicit;  /* checkpoint with a label */
  bool yield_folded; /* explicit checkpoint: CKPT_NODE_FLAG_YIELD_FOLDED */
  int64_t folded_check; /* task, bare: the checkpoint whose folded check it does, or -1 */
  bool programmatic_wait; /* task, bare: CKPT_NODE_FLAG_PROGRAMMATIC_WAIT */
  bool split;             /* task: CKPT_NODE_FLAG_SPLIT */
  /* The cp_ids in this node's subtree are [cp_begin, cp_end); empty for leaves. A resume
   * enters a do-while only when its resume cp_id falls in this range. */
  int64_t cp_begin;
  int64_t cp_end;
} ckpt_plan_node_t;

typedef struct ckpt_plan_param_t {
  ckpt_param_kind_t kind;
  int64_t rank;
  int64_t elem_bits;
  ckpt_elem_type_t elem_type;
  bool is_flag;  /* read by the runtime as a yield flag or do-while condition */
} ckpt_plan_param_t;

typedef struct ckpt_plan_view_t {
  /* A copy of the plan's header, so only the arrays it points at (nodes, params,
   * strings, device image) must outlive the kernel, not the ckpt_plan_t itself. */
  ckpt_plan_t plan;
  const char *kernel_name; /* plan->strings + 0 */
  int64_t node_count;
  ckpt_plan_node_t *nodes;
  int64_t param_count;
  ckpt_plan_param_t *params;
  int64_t checkpoint_count;
  int64_t *checkpoint_nodes; /* cp_id -> node index */
  int64_t label_count;
  int64_t *label_cp_ids;     /* explicit checkpoints in source order -> cp_id */
} ckpt_plan_view_t;

/* Validates `plan` and fills *out_view, which the caller releases with
 * ckpt_plan_view_release (also after a failure). The first defect found is reported on
 * `context` as CKPT_ERROR_INVALID_PLAN, naming the node or parameter index and field;
 * a NULL plan is CKPT_ERROR_INVALID_ARGUMENT. */
ckpt_status_code_t ckpt_plan_view_create(ckpt_context_t *context, const ckpt_plan_t *plan,
                                         ckpt_plan_view_t *out_view);

void ckpt_plan_view_release(ckpt_plan_view_t *view);

#endif /* CKPT_CORE_PLAN_H */
