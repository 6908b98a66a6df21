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
 * Within a segment the host does not intervene. Tasks are grouped: a checkpoint's tasks
 * form one group gated on its cp_id, a run of tasks and bare runs outside checkpoints
 * forms one group gated on -2. Each group has a *step* before it, and a trailing step
 * follows the segment's last checkpoint when it is explicit. What a step does depends on
 * the backend's mode:
 *  - control steps (the fallback): one workgroup of the runtime's control shader first
 *    does the yield check of the group before it, if that was an explicit checkpoint,
 *    then writes its group's indirect dispatch sizes: the recorded grid when the gate is
 *    open, zero otherwise;
 *  - conditional (VK_EXT_conditional_rendering): the host writes every task's indirect
 *    sizes and arms the yield checks when it queues the segment, knowing whether the
 *    resume point is still ahead (ckpt_vulkan_segment_first_open_step), and a step is
 *    only the yield check of the group before it, a dispatch skipped by conditional
 *    rendering unless that checkpoint's flag is raised. A yield zeroes the sizes of every
 *    task after the checkpoint's group, to the end of the task table.
 *
 * Host gating, the benchmark's baseline, runs control steps, also ends a segment after
 * every explicit checkpoint and flushes after every segment, stopping at the first yield
 * the host reads back. */
#ifndef CKPT_VULKAN_PROGRAM_H
#define CKPT_VULKAN_PROGRAM_H

#include <stdbool.h>
#include <stdint.h>

#include "ckpt/ckpt.h"
#include "core/plan.h"

/* Gate value of work outside any checkpoint (as --ckpt-convert-tasks-to-gpu uses). */
#define CKPT_VULKAN_GATE_OUTSIDE (-2)

/* The yield check of the group before it (if any), then the gate of its own group. */
typedef struct ckpt_vulkan_step_t {
  int64_t yield_cp;    /* explicit checkpoint whose yield flag is checked first, or -1 */
  int64_t yield_param; /* its flag parameter, or -1 */
  int64_t gate;        /* cp_id the following tasks are gated on, or -2 */
  /* The tasks this step gates: program tasks [first, first + count). A yield at
   * `yield_cp` keeps every task from `first_task` on from running: all that follows the
   * checkpoint's group, in this segment and in any queued behind it. */
  int64_t first_task;
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

/* Conditional mode: the first step of `segment` whose group runs when the host queues the
 * segment while the launch still skips towards `resume_cp_id` (-1: it does not): the
 * step gating that checkpoint, or the segment's first step. Earlier steps' tasks get
 * zero workgroups; a step's yield check is armed when the group it checks runs
 * (ckpt_vulkan_step_armed). */
int64_t ckpt_vulkan_segment_first_open_step(const ckpt_vulkan_program_t *program, int64_t segment,
                                            int64_t resume_cp_id);

/* Conditional mode: whether step `step`'s yield check may yield, given its segment's
 * first open step: it must have one, and the group it checks (the step before) must run,
 * so that a checkpoint skipped towards the resume point never yields. */
bool ckpt_vulkan_step_armed(const ckpt_vulkan_program_t *program, int64_t step,
                            int64_t first_open_step);

/* What ckpt_vulkan_program_run asks of the device. */
typedef struct ckpt_vulkan_run_ops_t {
  /* Queues segment `segment`'s command buffer behind what is already queued; the launch
   * still skips towards `resume_cp_id` in it, or -1. */
  ckpt_status_code_t (*enqueue)(void *user, int64_t segment, int64_t resume_cp_id);
  /* Submits what is queued (possibly nothing) and waits for it, then reads whether the
   * launch yielded and, when `condition_param` >= 0, the i32 that parameter points at. */
  ckpt_status_code_t (*flush)(void *user, int64_t condition_param, bool *out_yielded,
                              int32_t *out_condition);
} ckpt_vulkan_run_ops_t;

/* Runs one launch from `resume_cp_id` (-1: fresh): queues segments in plan order and
 * flushes at the end of every do-while iteration, repeating the body while
 * `!yielded && !resume_pending && condition != 0`, and once at the end. While a resume
 * point is pending, segments and loops that do not hold its cp_id are passed over (the
 * device would skip all their work anyway); the segment that holds it is queued with it,
 * and from then on nothing is pending. After a yield nothing more is queued.
 *
 * Between two flushes a segment is queued at most once, and segments are queued in plan
 * order (a loop iteration ends with a flush before its body is queued again), so what the
 * host writes for a segment when it queues it stays until the device has used it, and a
 * yield's zeroing of the tasks after it reaches every segment queued behind. */
ckpt_status_code_t ckpt_vulkan_program_run(const ckpt_vulkan_program_t *program,
                                           int64_t resume_cp_id, const ckpt_vulkan_run_ops_t *ops,
                                           void *user);

#endif /* CKPT_VULKAN_PROGRAM_H */
