#include "vulkan/vulkan_program.h"

#include <stdlib.h>
#include <string.h>

#include "core/context.h"

/* Appends the steps and tasks of the sibling nodes [first, end) as segment `segment`.
 * Arrays are sized for the worst case by the caller. */
static void add_segment(const ckpt_plan_view_t *view, ckpt_vulkan_program_t *program,
                        int64_t first, int64_t end) {
  ckpt_vulkan_segment_t *segment = &program->segments[program->segment_count++];
  *segment = (ckpt_vulkan_segment_t){.first_node = first, .end_node = end,
                                     .first_step = program->step_count, .cp_begin = -1,
                                     .cp_end = -1};
  /* The group before the step being added: its explicit checkpoint is checked next. */
  int64_t pending_yield_cp = -1, pending_yield_param = -1;
  ckpt_vulkan_step_t *outside = NULL; /* the open group of work outside checkpoints */
  for (int64_t index = first; index < end; index = view->nodes[index].end) {
    const ckpt_plan_node_t *node = &view->nodes[index];
    if (node->kind == CKPT_NODE_TASK || node->kind == CKPT_NODE_BARE) {
      if (!outside) {
        outside = &program->steps[program->step_count++];
        *outside = (ckpt_vulkan_step_t){pending_yield_cp, pending_yield_param,
                                        CKPT_VULKAN_GATE_OUTSIDE, program->task_count, 0};
        pending_yield_cp = pending_yield_param = -1;
      }
      program->node_task[index] = program->task_count;
      program->task_nodes[program->task_count++] = index;
      outside->task_count++;
      continue;
    }
    /* A checkpoint: its children are tasks. */
    outside = NULL;
    ckpt_vulkan_step_t *step = &program->steps[program->step_count++];
    *step = (ckpt_vulkan_step_t){pending_yield_cp, pending_yield_param, node->cp_id,
                                 program->task_count, 0};
    for (int64_t child = index + 1; child < node->end; ++child) {
      program->node_task[child] = program->task_count;
      program->task_nodes[program->task_count++] = child;
      step->task_count++;
    }
    pending_yield_cp = node->is_explicit ? node->cp_id : -1;
    pending_yield_param = node->is_explicit ? node->param : -1;
    if (segment->cp_begin < 0)
      segment->cp_begin = node->cp_id;
    segment->cp_end = node->cp_id + 1;
  }
  if (pending_yield_cp >= 0)
    program->steps[program->step_count++] = (ckpt_vulkan_step_t){
        pending_yield_cp, pending_yield_param, CKPT_VULKAN_GATE_OUTSIDE, program->task_count, 0};
  segment->step_count = program->step_count - segment->first_step;
  if (segment->cp_begin < 0)
    segment->cp_begin = segment->cp_end = 0;
}

static void add_segment_item(const ckpt_plan_view_t *view, ckpt_vulkan_program_t *program,
                             int64_t first, int64_t end, int64_t parent) {
  if (first < 0 || first == end)
    return;
  int64_t index = program->item_count++;
  add_segment(view, program, first, end);
  const ckpt_vulkan_segment_t *segment = &program->segments[program->segment_count - 1];
  program->items[index] = (ckpt_vulkan_item_t){
      .is_loop = false, .end = index + 1, .parent = parent,
      .segment = program->segment_count - 1, .node = first, .param = -1,
      .cp_begin = segment->cp_begin, .cp_end = segment->cp_end};
}

ckpt_status_code_t ckpt_vulkan_program_build(ckpt_context_t *context, const ckpt_plan_view_t *view,
                                             bool host_gating, ckpt_vulkan_program_t *out_program) {
  ckpt_vulkan_program_t *program = out_program;
  memset(program, 0, sizeof(*program));
  program->host_gating = host_gating;
  size_t nodes = (size_t)view->node_count + 1;
  program->items = calloc(nodes, sizeof(*program->items));
  program->segments = calloc(nodes, sizeof(*program->segments));
  program->steps = calloc(2 * nodes, sizeof(*program->steps));
  program->task_nodes = calloc(nodes, sizeof(*program->task_nodes));
  program->node_task = calloc(nodes, sizeof(*program->node_task));
  if (!program->items || !program->segments || !program->steps || !program->task_nodes ||
      !program->node_task) {
    ckpt_vulkan_program_release(program);
    return ckpt_context_fail(context, CKPT_ERROR_OUT_OF_MEMORY,
                             "out of memory planning kernel '%s' for Vulkan", view->kernel_name);
  }
  for (int64_t i = 0; i < view->node_count; ++i)
    program->node_task[i] = -1;

  /* Iterative, like the walker: `loop` is the innermost open loop item and `run` the
   * first node of the sibling run not yet made a segment. */
  int64_t loop = -1, run = -1, index = 0;
  for (;;) {
    int64_t limit = loop < 0 ? view->node_count : view->nodes[program->items[loop].node].end;
    if (index == limit) {
      add_segment_item(view, program, run, index, loop);
      run = -1;
      if (loop < 0)
        break;
      program->items[loop].end = program->item_count;
      loop = program->items[loop].parent;
      continue;
    }
    const ckpt_plan_node_t *node = &view->nodes[index];
    if (node->kind != CKPT_NODE_DO_WHILE) {
      if (run < 0)
        run = index;
      index = node->end;
      if (host_gating && node->kind == CKPT_NODE_CHECKPOINT && node->is_explicit) {
        add_segment_item(view, program, run, index, loop);
        run = -1;
      }
      continue;
    }
    add_segment_item(view, program, run, index, loop);
    run = -1;
    int64_t item = program->item_count++;
    program->items[item] = (ckpt_vulkan_item_t){
        .is_loop = true, .end = -1, .parent = loop, .segment = -1, .node = index,
        .param = node->param, .cp_begin = node->cp_begin, .cp_end = node->cp_end};
    loop = item;
    index = index + 1;
  }
  return CKPT_OK;
}

void ckpt_vulkan_program_release(ckpt_vulkan_program_t *program) {
  free(program->items);
  free(program->segments);
  free(program->steps);
  free(program->task_nodes);
  free(program->node_task);
  memset(program, 0, sizeof(*program));
}

static bool holds(const ckpt_vulkan_item_t *item, int64_t cp_id) {
  return cp_id >= item->cp_begin && cp_id < item->cp_end;
}

int64_t ckpt_vulkan_segment_first_open_step(const ckpt_vulkan_program_t *program, int64_t segment,
                                            int64_t resume_cp_id) {
  const ckpt_vulkan_segment_t *info = &program->segments[segment];
  int64_t end = info->first_step + info->step_count;
  if (resume_cp_id >= info->cp_begin && resume_cp_id < info->cp_end)
    for (int64_t s = info->first_step; s < end; ++s)
      if (program->steps[s].gate == resume_cp_id)
        return s;
  return info->first_step;
}

bool ckpt_vulkan_step_armed(const ckpt_vulkan_program_t *program, int64_t step,
                            int64_t first_open_step) {
  return program->steps[step].yield_cp >= 0 && step > first_open_step;
}

ckpt_status_code_t ckpt_vulkan_program_run(const ckpt_vulkan_program_t *program,
                                           int64_t resume_cp_id, const ckpt_vulkan_run_ops_t *ops,
                                           void *user) {
  const ckpt_vulkan_item_t *items = program->items;
  int64_t loop = -1, index = 0;
  bool yielded = false;
  int32_t condition = 0;
  for (;;) {
    int64_t limit = loop < 0 ? program->item_count : items[loop].end;
    if (index == limit) {
      if (loop < 0)
        return ops->flush(user, -1, &yielded, &condition);
      ckpt_status_code_t code = ops->flush(user, items[loop].param, &yielded, &condition);
      if (code != CKPT_OK || yielded)
        return code;
      if (resume_cp_id < 0 && condition != 0)
        index = loop + 1;
      else
        loop = items[loop].parent;
      continue;
    }
    const ckpt_vulkan_item_t *item = &items[index];
    if (resume_cp_id >= 0 && !holds(item, resume_cp_id)) {
      index = item->end;
      continue;
    }
    if (item->is_loop) {
      loop = index;
      index = index + 1;
      continue;
    }
    ckpt_status_code_t code = ops->enqueue(user, item->segment, resume_cp_id);
    if (code == CKPT_OK && program->host_gating) {
      code = ops->flush(user, -1, &yielded, &condition);
      if (code == CKPT_OK && yielded)
        return code;
    }
    if (code != CKPT_OK)
      return code;
    /* The resume point lies in this segment: everything after it runs. */
    resume_cp_id = -1;
    index = item->end;
  }
}
