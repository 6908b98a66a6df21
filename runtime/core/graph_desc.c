#include "core/graph_desc.h"

#include <stdlib.h>
#include <string.h>

#include "core/string_builder.h"

static const char *const ckpt_graph_gating_names[] = {
    [CKPT_GRAPH_GATING_PROLOGUE] = "prologue",
    [CKPT_GRAPH_GATING_IF] = "if",
    [CKPT_GRAPH_GATING_HOST] = "host",
};

bool ckpt_graph_gating_parse(const char *text, ckpt_graph_gating_t *out_gating) {
  for (int gating = 0; gating <= CKPT_GRAPH_GATING_HOST; ++gating) {
    if (text && strcmp(text, ckpt_graph_gating_names[gating]) == 0) {
      *out_gating = (ckpt_graph_gating_t)gating;
      return true;
    }
  }
  return false;
}

const char *ckpt_graph_gating_name(ckpt_graph_gating_t gating) {
  if ((int)gating < 0 || gating > CKPT_GRAPH_GATING_HOST) return "unknown";
  return ckpt_graph_gating_names[gating];
}

int64_t ckpt_graph_entry_node(const ckpt_plan_view_t *view, int64_t resume_cp_id) {
  if (resume_cp_id < 0 || resume_cp_id >= view->checkpoint_count) return 0;
  int64_t node = view->checkpoint_nodes[resume_cp_id];
  while (view->nodes[node].parent >= 0) node = view->nodes[node].parent;
  return node;
}

int64_t ckpt_graph_folded_entry_task(const ckpt_plan_view_t *view, int64_t resume_cp_id) {
  if (resume_cp_id < 0 || resume_cp_id >= view->checkpoint_count) return -1;
  int64_t node = view->checkpoint_nodes[resume_cp_id];
  bool has_task = view->nodes[node].end > node + 1;
  return has_task && view->nodes[node + 1].folded_check >= 0 ? node + 1 : -1;
}

/* Emission state; the arrays are sized for the worst case up front (three steps per plan
 * node: gate, IF and yield check), so appending cannot fail. */
typedef struct ckpt_graph_desc_builder_t {
  const ckpt_plan_view_t *view;
  ckpt_graph_desc_t *desc;
  int64_t folded_checks; /* yield checks left to task prologues */
} ckpt_graph_desc_builder_t;

static ckpt_graph_step_t *ckpt_graph_add_step(ckpt_graph_desc_builder_t *builder,
                                            ckpt_graph_step_kind_t kind, int64_t body,
                                            int64_t plan_node) {
  ckpt_graph_step_t *step = &builder->desc->steps[builder->desc->step_count++];
  *step = (ckpt_graph_step_t){
      .kind = kind,
      .body = body,
      .plan_node = plan_node,
      .cp_id = -1,
      .param = -1,
      .handle = -1,
      .child_body = -1,
      .reset_first = 0,
      .reset_count = 0,
  };
  return step;
}

static int64_t ckpt_graph_add_handle(ckpt_graph_desc_builder_t *builder, bool is_loop) {
  ckpt_graph_desc_t *desc = builder->desc;
  desc->handles[desc->handle_count].is_loop = is_loop;
  return desc->handle_count++;
}

static void ckpt_graph_emit_range(ckpt_graph_desc_builder_t *builder, int64_t body, int64_t begin,
                                 int64_t end);

static void ckpt_graph_emit_checkpoint(ckpt_graph_desc_builder_t *builder, int64_t body,
                                      int64_t index) {
  const ckpt_plan_node_t *checkpoint = &builder->view->nodes[index];
  int64_t tasks_body = body;
  if (builder->desc->gating == CKPT_GRAPH_GATING_IF) {
    int64_t handle = ckpt_graph_add_handle(builder, false);
    ckpt_graph_step_t *gate = ckpt_graph_add_step(builder, CKPT_GRAPH_STEP_GATE, body, index);
    gate->cp_id = checkpoint->cp_id;
    gate->handle = handle;
    ckpt_graph_step_t *if_step = ckpt_graph_add_step(builder, CKPT_GRAPH_STEP_IF, body, index);
    if_step->handle = handle;
    if_step->child_body = tasks_body = builder->desc->body_count++;
  }
  for (int64_t task = index + 1; task < checkpoint->end; ++task) {
    ckpt_graph_add_step(builder, CKPT_GRAPH_STEP_TASK, tasks_body, task);
  }
  bool folded = checkpoint->yield_folded && builder->desc->gating == CKPT_GRAPH_GATING_PROLOGUE;
  builder->folded_checks += folded;
  if (checkpoint->param >= 0 && !folded) {
    ckpt_graph_step_t *check =
        ckpt_graph_add_step(builder, CKPT_GRAPH_STEP_YIELD_CHECK, tasks_body, index);
    check->cp_id = checkpoint->cp_id;
    check->param = checkpoint->param;
  }
}

static void ckpt_graph_emit_do_while(ckpt_graph_desc_builder_t *builder, int64_t body,
                                    int64_t index) {
  ckpt_graph_desc_t *desc = builder->desc;
  const ckpt_plan_node_t *loop = &builder->view->nodes[index];
  int64_t handle = ckpt_graph_add_handle(builder, true);
  int64_t loop_body = desc->body_count++;
  ckpt_graph_step_t *while_step = ckpt_graph_add_step(builder, CKPT_GRAPH_STEP_WHILE, body, index);
  while_step->handle = handle;
  while_step->child_body = loop_body;
  int64_t first_step = desc->step_count;
  ckpt_graph_emit_range(builder, loop_body, index + 1, loop->end);

  int64_t reset_first = desc->reset_count;
  for (int64_t s = first_step; s < desc->step_count; ++s) {
    if (desc->steps[s].kind == CKPT_GRAPH_STEP_WHILE && desc->steps[s].body == loop_body) {
      desc->resets[desc->reset_count++] = desc->steps[s].handle;
    }
  }
  ckpt_graph_step_t *condition =
      ckpt_graph_add_step(builder, CKPT_GRAPH_STEP_LOOP_CONDITION, loop_body, index);
  condition->param = loop->param;
  condition->handle = handle;
  condition->reset_first = reset_first;
  condition->reset_count = desc->reset_count - reset_first;
}

static void ckpt_graph_emit_range(ckpt_graph_desc_builder_t *builder, int64_t body, int64_t begin,
                                 int64_t end) {
  const ckpt_plan_node_t *nodes = builder->view->nodes;
  for (int64_t index = begin; index < end; index = nodes[index].end) {
    switch (nodes[index].kind) {
      case CKPT_NODE_TASK:
      case CKPT_NODE_BARE:
        ckpt_graph_add_step(builder, CKPT_GRAPH_STEP_TASK, body, index);
        break;
      case CKPT_NODE_CHECKPOINT:
        ckpt_graph_emit_checkpoint(builder, body, index);
        break;
      case CKPT_NODE_DO_WHILE:
        ckpt_graph_emit_do_while(builder, body, index);
        break;
    }
  }
}

bool ckpt_graph_desc_build(const ckpt_plan_view_t *view, ckpt_graph_gating_t gating,
                                int64_t entry_node, ckpt_graph_desc_t *out_desc) {
  memset(out_desc, 0, sizeof(*out_desc));
  out_desc->gating = gating;
  out_desc->entry_node = entry_node;
  size_t nodes = (size_t)view->node_count + 1;
  out_desc->steps = calloc(3 * nodes + 1, sizeof(*out_desc->steps));
  out_desc->handles = calloc(nodes, sizeof(*out_desc->handles));
  out_desc->resets = calloc(nodes, sizeof(*out_desc->resets));
  if (!out_desc->steps || !out_desc->handles || !out_desc->resets) return false;
  out_desc->body_count = 1;
  ckpt_graph_desc_builder_t builder = {.view = view, .desc = out_desc};
  ckpt_graph_emit_range(&builder, 0, entry_node, view->node_count);
  int64_t last_root = -1;
  for (int64_t s = 0; s < out_desc->step_count; ++s)
    if (out_desc->steps[s].body == 0) last_root = s;
  bool ends_with_check =
      last_root >= 0 && out_desc->steps[last_root].kind == CKPT_GRAPH_STEP_YIELD_CHECK;
  if (builder.folded_checks > 0 && !ends_with_check)
    ckpt_graph_add_step(&builder, CKPT_GRAPH_STEP_REPORT_YIELD, 0, -1);
  return true;
}

void ckpt_graph_desc_release(ckpt_graph_desc_t *desc) {
  free(desc->steps);
  free(desc->handles);
  free(desc->resets);
  memset(desc, 0, sizeof(*desc));
}

static void ckpt_graph_format_body(const ckpt_graph_desc_t *desc, int64_t body,
                                  ckpt_string_builder_t *text) {
  bool first = true;
  for (int64_t s = 0; s < desc->step_count; ++s) {
    const ckpt_graph_step_t *step = &desc->steps[s];
    if (step->body != body) continue;
    ckpt_string_builder_append_format(text, "%s", first ? "" : "; ");
    first = false;
    switch (step->kind) {
      case CKPT_GRAPH_STEP_TASK:
        ckpt_string_builder_append_format(text, "task n%lld", (long long)step->plan_node);
        break;
      case CKPT_GRAPH_STEP_YIELD_CHECK:
        ckpt_string_builder_append_format(text, "yield cp%lld p%lld", (long long)step->cp_id,
                                          (long long)step->param);
        break;
      case CKPT_GRAPH_STEP_REPORT_YIELD:
        ckpt_string_builder_append_format(text, "report");
        break;
      case CKPT_GRAPH_STEP_GATE:
        ckpt_string_builder_append_format(text, "gate h%lld cp%lld", (long long)step->handle,
                                          (long long)step->cp_id);
        break;
      case CKPT_GRAPH_STEP_IF:
      case CKPT_GRAPH_STEP_WHILE:
        ckpt_string_builder_append_format(text, "%s h%lld { ",
                                          step->kind == CKPT_GRAPH_STEP_IF ? "if" : "while",
                                          (long long)step->handle);
        ckpt_graph_format_body(desc, step->child_body, text);
        ckpt_string_builder_append_format(text, " }");
        break;
      case CKPT_GRAPH_STEP_LOOP_CONDITION:
        ckpt_string_builder_append_format(text, "loop h%lld p%lld resets [",
                                          (long long)step->handle, (long long)step->param);
        for (int64_t r = 0; r < step->reset_count; ++r) {
          ckpt_string_builder_append_format(text, "%sh%lld", r ? " " : "",
                                            (long long)desc->resets[step->reset_first + r]);
        }
        ckpt_string_builder_append_format(text, "]");
        break;
    }
  }
}

char *ckpt_graph_desc_format(const ckpt_graph_desc_t *desc) {
  ckpt_string_builder_t text = CKPT_STRING_BUILDER_INIT;
  ckpt_string_builder_append_format(&text, "%s", "");
  ckpt_graph_format_body(desc, 0, &text);
  return ckpt_string_builder_take(&text);
}
