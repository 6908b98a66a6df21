/* The shape of a kernel's device graph, computed from its plan alone; shared by the
 * graph-building targets (CUDA, HIP).
 *
 * Turning a plan into graph topology is pure: it needs no device, so it is unit-tested on
 * machines without one (test/runtime/test_graph_desc.c). The CUDA backend creates one
 * node per step (cuda/cuda_graph.c), conditional nodes included. The HIP backend, whose
 * graphs have no conditional nodes, uses prologue gating only and turns each WHILE step
 * into a host loop over its body's graphs (hip/hip_graph.c).
 *
 * The graph is a tree of bodies: body 0 is the root graph, and each IF or WHILE step owns
 * one more body (its conditional node's body graph). Steps of one body run in order, each
 * depending on the one before it. Every step is one graph node.
 *
 * How the plan maps (docs/semantics.md; gating predicate in docs/design.md):
 *  - a task or bare run: its recorded kernel, which gates itself in its prologue;
 *  - an explicit checkpoint: its tasks, then a yield check (the runtime's kernel) that
 *    clears resume_cp when it is reached and raises `yielded` when the flag is set;
 *    an implicit checkpoint: its tasks only; in prologue gating, an explicit checkpoint
 *    whose check the compiler folded into the next task's prologue (yield_folded) has no
 *    yield check node either, and the root graph then ends with a node that reports a
 *    yield to the host (a yield check that ends the graph does that too);
 *  - in IF gating, each checkpoint is instead a gate kernel that sets a conditional handle
 *    to the checkpoint's gate predicate, then an IF node whose body holds the tasks and
 *    the yield check;
 *  - a do-while: a WHILE node whose handle starts at 1 each launch; its body ends with a
 *    loop-condition kernel that sets the handle to `!yielded && resume_cp < 0 && *cond`
 *    and sets the handles of the do-whiles nested directly in the body back to 1, so they
 *    run at least once in the next iteration too.
 *
 * A resume launches a graph that starts at the top-level plan node holding the resumed
 * checkpoint (ckpt_graph_entry_node): everything before it would be gated off anyway. */
#ifndef CKPT_GRAPH_DESC_H
#define CKPT_GRAPH_DESC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ckpt/ckpt.h"
#include "core/plan.h"

typedef enum ckpt_graph_gating_t {
  CKPT_GRAPH_GATING_PROLOGUE = 0, /* each task gates itself; one graph, no IF nodes */
  CKPT_GRAPH_GATING_IF = 1,       /* a gate kernel and an IF node per checkpoint */
  CKPT_GRAPH_GATING_HOST = 2,     /* no graph: the host walks the plan, one stream launch per
                                    task and one readback per flag (for comparison) */
} ckpt_graph_gating_t;

/* Parses "prologue", "if", "host". */
bool ckpt_graph_gating_parse(const char *text, ckpt_graph_gating_t *out_gating);
const char *ckpt_graph_gating_name(ckpt_graph_gating_t gating);

typedef enum ckpt_graph_step_kind_t {
  CKPT_GRAPH_STEP_TASK = 1,       /* the recorded kernel of plan node `plan_node` */
  CKPT_GRAPH_STEP_YIELD_CHECK,    /* checkpoint `cp_id`, yield flag parameter `param` */
  CKPT_GRAPH_STEP_GATE,           /* sets `handle` to checkpoint `cp_id`'s gate predicate */
  CKPT_GRAPH_STEP_IF,             /* IF node on `handle`, body `child_body` */
  CKPT_GRAPH_STEP_WHILE,          /* WHILE node on `handle`, body `child_body` */
  CKPT_GRAPH_STEP_LOOP_CONDITION, /* sets `handle` from condition parameter `param`, and
                                    resets[reset_first, reset_first + reset_count) to 1 */
  CKPT_GRAPH_STEP_REPORT_YIELD,   /* writes a yield the state holds to the outcome word */
} ckpt_graph_step_kind_t;

typedef struct ckpt_graph_step_t {
  ckpt_graph_step_kind_t kind;
  int64_t body;       /* the body the step's node is added to */
  int64_t plan_node;  /* the task, checkpoint or do-while node it comes from */
  int64_t cp_id;      /* yield check, gate; else -1 */
  int64_t param;      /* yield check: flag; loop condition: condition; else -1 */
  int64_t handle;     /* gate, IF, WHILE, loop condition; else -1 */
  int64_t child_body; /* IF, WHILE; else -1 */
  int64_t reset_first, reset_count;
} ckpt_graph_step_t;

/* One conditional handle: a WHILE's starts each launch at 1, an IF's at 0. */
typedef struct ckpt_graph_handle_desc_t {
  bool is_loop;
} ckpt_graph_handle_desc_t;

typedef struct ckpt_graph_desc_t {
  ckpt_graph_gating_t gating;
  int64_t entry_node; /* the top-level plan node the graph starts at */
  int64_t step_count;
  ckpt_graph_step_t *steps; /* owned; an IF or WHILE step precedes its body's steps */
  int64_t body_count;      /* 1 + the IF and WHILE steps */
  int64_t handle_count;
  ckpt_graph_handle_desc_t *handles; /* owned */
  int64_t reset_count;
  int64_t *resets; /* owned: handle indices, the loop conditions' reset lists end to end */
} ckpt_graph_desc_t;

/* The top-level plan node a launch resuming at `resume_cp_id` starts at: the checkpoint
 * itself or the outermost do-while around it; 0 for a fresh launch (-1). */
int64_t ckpt_graph_entry_node(const ckpt_plan_view_t *view, int64_t resume_cp_id);

/* The first task of the checkpoint a resume at `resume_cp_id` starts at, when that task
 * also does the folded yield check of the checkpoint before it; else -1. The resume skips
 * that checkpoint, flag and all, so the task must find the resume point in the gating
 * state: that is what tells its check not to act on the flag. */
int64_t ckpt_graph_folded_entry_task(const ckpt_plan_view_t *view, int64_t resume_cp_id);

/* Describes the graph of `view` from top-level node `entry_node` on, for `gating`
 * (prologue or IF). Returns false only when memory runs out. Release with
 * ckpt_graph_desc_release, also after a failure. */
bool ckpt_graph_desc_build(const ckpt_plan_view_t *view, ckpt_graph_gating_t gating,
                                int64_t entry_node, ckpt_graph_desc_t *out_desc);

void ckpt_graph_desc_release(ckpt_graph_desc_t *desc);

/* One line, for tests and traces, e.g.
 *   "task n0; while h0 { task n2; yield cp1 p1; loop h0 p3 resets [] }; task n5"
 * (n: plan node, cp: cp_id, p: parameter, h: handle). The caller frees the string; NULL
 * when memory runs out. */
char *ckpt_graph_desc_format(const ckpt_graph_desc_t *desc);

#endif /* CKPT_GRAPH_DESC_H */
