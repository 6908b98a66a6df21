/* How a plan runs on Vulkan, worked out once per kernel and free of any Vulkan call, so
 * that it can be tested without a device.
 *
 * Vulkan has no device-side loop, so the plan is cut at its do-whiles into *segments*:
 * maximal runs of sibling nodes (tasks, bare runs, checkpoints) with no do-while among
 * them. Each segment is one command buffer, recorded once. The host walks the *items*
 * (segments and loops, in plan order), queueing segments and submitting only where it
 * must read something back: at the end of a do-while iteration (its condition) and at
 * the end of the launch.
 *
 * Within a segment, gating happens on the device. Tasks are grouped: a checkpoint's tasks
 * form one group gated on its cp_id, a run of tasks and bare runs outside checkpoints
 * forms one group gated on -2. Before each group a *step* (one invocation of the
 * runtime's control shader) first does the yield check of the group before it, if that
 * was an explicit checkpoint, then writes its group's indirect dispatch sizes: the
 * recorded grid when the gate is open, zero otherwise. A trailing step checks the
 * segment's last checkpoint.
 *
 * Host gating, the benchmark's baseline, also ends a segment after every explicit
 * checkpoint and flushes after every segment, stopping at the first yield the host
 * reads back. */
#ifndef CKPT_VULKAN_PROGRAM_H
#define CKPT_VULKAN_PROGRAM_H

#include <stdbool.h>
#include <stdint.h>

#include "ckpt/ckpt.h"
#include "core/plan.h"

/* Gate value of work outside any checkpoint (as --ckpt-convert-tasks-to-gpu uses). */
#define CKPT_VULKAN_GATE_OUTSIDE (-2)

/* One dispatch of the control shader. */
typedef struct ckpt_vulkan_step_t {
  int64_t yield_cp;    /* explicit checkpoint whose yield flag is checked first, or -1 */
  int64_t yield_param; /* its flag parameter, or -1 */
  int64_t gate;        /* cp_id the following tasks are gated on, or -2 */
  int64_t first_task;  /* the tasks this step gates: program tasks [first, first + count) */
  int64_t task_count;
} ckpt_vulkan_step_t;

typedef struct ckpt_vulkan_segment_t {
  int64_t first_node, end_node; /* sibling plan nodes [first_node, end_node) */
  int64_t first_step, step_count;
  int64_t cp_begin, cp_end; /* the cp_ids it holds */
} ckpt_vulkan_segment_t;

typedef struct ckpt_vulkan_item_t {
  bool is_loop;
  int64_t end;     /* loop: one past its body's last item; segment: its index + 1 */
  int64_t parent;  /* the enclosing loop item, or -1 */
  int64_t segment; /* segment: index into segments; loop: -1 */
  int64_t node;    /* loop: its do-while node; segment: its first node */
  int64_t param;   /* loop: its condition parameter; segment: -1 */
  int64_t cp_begin, cp_end;
} ckpt_vulkan_item_t;

typedef struct ckpt_vulkan_program_t {
  int64_t item_count;
  ckpt_vulkan_item_t *items;
  int64_t segment_count;
  ckpt_vulkan_segment_t *segments;
  int64_t step_count;
  ckpt_vulkan_step_t *steps;
  int64_t task_count;
  int64_t *task_nodes; /* plan node of each task (tasks and bare runs), in plan order */
  int64_t *node_task;  /* plan node -> task index, or -1 */
  bool host_gating;
} ckpt_vulkan_program_t;

/* Builds the program of `view`, for host gating when `host_gating`.
 * CKPT_ERROR_OUT_OF_MEMORY is reported on `context`. */
ckpt_status_code_t ckpt_vulkan_program_build(ckpt_context_t *context, const ckpt_plan_view_t *view,
                                             bool host_gating, ckpt_vulkan_program_t *out_program);

void ckpt_vulkan_program_release(ckpt_vulkan_program_t *program);

/* What ckpt_vulkan_program_run asks of the device. */
typedef struct ckpt_vulkan_run_ops_t {
  /* Queues segment `segment`'s command buffer behind what is already queued. */
  ckpt_status_code_t (*enqueue)(void *user, int64_t segment);
  /* Submits what is queued (possibly nothing) and waits for it, then reads the gating
   * state (*out_yielded; *out_resume_pending: the resume cp_id was not reached) and,
   * when `condition_param` >= 0, the i32 that parameter points at. */
  ckpt_status_code_t (*flush)(void *user, int64_t condition_param, bool *out_yielded,
                              bool *out_resume_pending, int32_t *out_condition);
} ckpt_vulkan_run_ops_t;

/* Runs one launch from `resume_cp_id` (-1: fresh): queues segments in plan order and
 * flushes at the end of every do-while iteration, repeating the body while
 * `!yielded && !resume_pending && condition != 0`, and once at the end. While a resume
 * point is pending, segments and loops that do not hold its cp_id are passed over (the
 * device would skip all their work anyway); after a yield nothing more is queued. */
ckpt_status_code_t ckpt_vulkan_program_run(const ckpt_vulkan_program_t *program,
                                           int64_t resume_cp_id, const ckpt_vulkan_run_ops_t *ops,
                                           void *user);

#endif /* CKPT_VULKAN_PROGRAM_H */
