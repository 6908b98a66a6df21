#include "core/walk.h"

/* The walk is iterative: `loop` is the innermost do-while whose body is running, and
 * reaching the end of that body either repeats it or returns to the enclosing one. No
 * stack is needed, so nesting depth costs nothing.
 *
 * `resume_cp_id` is the single piece of resume state. While it is >= 0 the walk is
 * skipping: bare runs and tasks do not run, checkpoints before it are passed over, and a
 * do-while is entered only if its subtree holds that cp_id. Reaching the checkpoint
 * clears it, and from there on everything runs, later loop iterations included. */
ckpt_status_code_t ckpt_walk(const ckpt_plan_view_t *view, int64_t resume_cp_id,
                             const ckpt_walk_ops_t *ops, void *user, int64_t *out_yield_cp_id) {
  *out_yield_cp_id = -1;
  const ckpt_plan_node_t *nodes = view->nodes;
  int64_t loop = -1;
  int64_t index = 0;
  for (;;) {
    int64_t limit = loop < 0 ? view->node_count : nodes[loop].end;
    if (index == limit) {
      if (loop < 0) return CKPT_OK;
      int32_t condition = 0;
      ckpt_status_code_t code = ops->read_i32(user, nodes[loop].param, &condition);
      if (code != CKPT_OK) return code;
      if (condition != 0) {
        index = loop + 1;
      } else {
        loop = nodes[loop].parent;
      }
      continue;
    }

    const ckpt_plan_node_t *node = &nodes[index];
    switch (node->kind) {
      case CKPT_NODE_TASK:
      case CKPT_NODE_BARE:
        if (resume_cp_id < 0) {
          ckpt_status_code_t code = ops->run_node(user, index);
          if (code != CKPT_OK) return code;
        }
        index = node->end;
        break;

      case CKPT_NODE_CHECKPOINT:
        if (node->cp_id < resume_cp_id) {
          index = node->end;
          break;
        }
        resume_cp_id = -1;
        for (int64_t task = index + 1; task < node->end; ++task) {
          ckpt_status_code_t code = ops->run_node(user, task);
          if (code != CKPT_OK) return code;
        }
        if (node->param >= 0) {
          int32_t flag = 0;
          ckpt_status_code_t code = ops->read_i32(user, node->param, &flag);
          if (code != CKPT_OK) return code;
          if (flag != 0) {
            *out_yield_cp_id = node->cp_id;
            return CKPT_OK;
          }
        }
        index = node->end;
        break;

      case CKPT_NODE_DO_WHILE:
        if (resume_cp_id >= 0 &&
            (resume_cp_id < node->cp_begin || resume_cp_id >= node->cp_end)) {
          index = node->end;
          break;
        }
        loop = index;
        index = index + 1;
        break;
    }
  }
}
