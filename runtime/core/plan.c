#include "core/plan.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/context.h"
#include "core/string_builder.h"

static const char *const ckpt_node_field_names[CKPT_NODE_FIELDS] = {
    "kind", "end", "fn", "cp_id", "param", "label", "name", "flags",
};

/* Fields that carry meaning for each kind; every other field must hold -1. */
#define CKPT_FIELD_BIT(field) (1u << (field))
static unsigned ckpt_node_applicable_fields(int64_t kind) {
  const unsigned always = CKPT_FIELD_BIT(CKPT_NODE_KIND) | CKPT_FIELD_BIT(CKPT_NODE_END);
  switch (kind) {
    case CKPT_NODE_TASK:
    case CKPT_NODE_BARE:
      return always | CKPT_FIELD_BIT(CKPT_NODE_FN) | CKPT_FIELD_BIT(CKPT_NODE_FLAGS);
    case CKPT_NODE_CHECKPOINT:
      return always | CKPT_FIELD_BIT(CKPT_NODE_CP_ID) | CKPT_FIELD_BIT(CKPT_NODE_PARAM) |
             CKPT_FIELD_BIT(CKPT_NODE_LABEL) | CKPT_FIELD_BIT(CKPT_NODE_NAME) |
             CKPT_FIELD_BIT(CKPT_NODE_FLAGS);
    case CKPT_NODE_DO_WHILE:
      return always | CKPT_FIELD_BIT(CKPT_NODE_PARAM);
  }
  return always;
}

static const char *ckpt_node_kind_name(int64_t kind) {
  switch (kind) {
    case CKPT_NODE_TASK: return "task";
    case CKPT_NODE_BARE: return "bare";
    case CKPT_NODE_CHECKPOINT: return "checkpoint";
    case CKPT_NODE_DO_WHILE: return "do-while";
  }
  return "unknown";
}

static const char *ckpt_elem_type_name(int64_t type) {
  switch (type) {
    case CKPT_ELEM_OTHER: return "other";
    case CKPT_ELEM_INT: return "int";
    case CKPT_ELEM_FLOAT: return "float";
    case CKPT_ELEM_INDEX: return "index";
  }
  return "unknown";
}

typedef struct ckpt_plan_checker_t {
  ckpt_context_t *context;
  const ckpt_plan_t *plan;
  ckpt_plan_view_t *view;
  const char *kernel_name; /* NULL until the strings are known to be sound */
} ckpt_plan_checker_t;

/* Reports one defect, prefixed with the kernel it belongs to. */
static ckpt_status_code_t ckpt_plan_invalid(const ckpt_plan_checker_t *checker,
                                            const char *format, ...)
    __attribute__((format(printf, 2, 3)));
static ckpt_status_code_t ckpt_plan_invalid(const ckpt_plan_checker_t *checker,
                                            const char *format, ...) {
  ckpt_string_builder_t message = CKPT_STRING_BUILDER_INIT;
  if (checker->kernel_name) {
    ckpt_string_builder_append_format(&message, "invalid plan for kernel '%s': ",
                                      checker->kernel_name);
  } else {
    ckpt_string_builder_append_format(&message, "invalid plan: ");
  }
  va_list arguments;
  va_start(arguments, format);
  ckpt_string_builder_append_format_va(&message, format, arguments);
  va_end(arguments);
  ckpt_status_code_t code = ckpt_context_fail(checker->context, CKPT_ERROR_INVALID_PLAN, "%s",
                                              ckpt_string_builder_view(&message));
  if (message.failed) {
    code = ckpt_context_fail(checker->context, CKPT_ERROR_INVALID_PLAN,
                             "invalid plan (out of memory while describing the defect)");
  }
  ckpt_string_builder_release(&message);
  return code;
}

static ckpt_status_code_t ckpt_plan_check_header(ckpt_plan_checker_t *checker) {
  const ckpt_plan_t *plan = checker->plan;
  if ((plan->abi >> 32) != CKPT_PLAN_MAGIC) {
    return ckpt_plan_invalid(checker,
                             "abi is 0x%016llx, which lacks the ckpt magic 0x%08x (\"CKPT\") in "
                             "its high 32 bits; this is not a ckpt plan",
                             (unsigned long long)plan->abi, CKPT_PLAN_MAGIC);
  }
  if ((plan->abi & 0xffffffffu) != CKPT_PLAN_VERSION) {
    return ckpt_plan_invalid(checker,
                             "plan ABI version %llu, but this runtime reads version %u; rebuild "
                             "the module with the ckpt compiler that matches this runtime",
                             (unsigned long long)(plan->abi & 0xffffffffu), CKPT_PLAN_VERSION);
  }
  if (plan->strings_size < 1 || !plan->strings) {
    return ckpt_plan_invalid(checker,
                             "strings is %s with strings_size %lld; it must hold at least the "
                             "kernel's name and its NUL at offset 0",
                             plan->strings ? "set" : "NULL", (long long)plan->strings_size);
  }
  if (plan->strings[plan->strings_size - 1] != '\0') {
    return ckpt_plan_invalid(checker,
                             "the last byte of strings (offset %lld) is not NUL; every name "
                             "must be NUL-terminated within strings_size",
                             (long long)(plan->strings_size - 1));
  }
  checker->kernel_name = plan->strings;
  if (!plan->dispatch) {
    return ckpt_plan_invalid(checker, "dispatch is NULL; the plan must point at the kernel's "
                                      "dispatch function");
  }
  if (plan->param_count < 0 || (plan->param_count > 0 && !plan->params)) {
    return ckpt_plan_invalid(checker, "param_count is %lld with params %s",
                             (long long)plan->param_count, plan->params ? "set" : "NULL");
  }
  if (plan->node_count < 0 || (plan->node_count > 0 && !plan->nodes)) {
    return ckpt_plan_invalid(checker, "node_count is %lld with nodes %s",
                             (long long)plan->node_count, plan->nodes ? "set" : "NULL");
  }
  if (plan->device_image_count < 0 ||
      (plan->device_image_count > 0 && (!plan->device_images || !plan->device_image_sizes))) {
    return ckpt_plan_invalid(checker, "device_image_count is %lld with device_images %s",
                             (long long)plan->device_image_count,
                             plan->device_images ? "set" : "NULL");
  }
  if (plan->gating < CKPT_GATING_AUTO || plan->gating > CKPT_GATING_IF_NODES)
    return ckpt_plan_invalid(checker, "gating is %lld; expected 0 (auto), 1 (prologue) or 2 "
                             "(IF nodes)", (long long)plan->gating);
  for (int64_t i = 0; i < plan->device_image_count; ++i) {
    if (!plan->device_images[i] || plan->device_image_sizes[i] <= 0)
      return ckpt_plan_invalid(checker, "device image %lld is %s with size %lld", (long long)i,
                               plan->device_images[i] ? "set" : "NULL",
                               (long long)plan->device_image_sizes[i]);
  }
  return CKPT_OK;
}

static ckpt_status_code_t ckpt_plan_check_params(ckpt_plan_checker_t *checker) {
  const ckpt_plan_t *plan = checker->plan;
  for (int64_t i = 0; i < plan->param_count; ++i) {
    const int64_t *row = plan->params + i * CKPT_PARAM_FIELDS;
    int64_t kind = row[CKPT_PARAM_KIND];
    int64_t rank = row[CKPT_PARAM_RANK];
    int64_t bits = row[CKPT_PARAM_ELEM_BITS];
    int64_t type = row[CKPT_PARAM_ELEM_TYPE];
    if (kind != CKPT_PARAM_MEMREF && kind != CKPT_PARAM_SCALAR) {
      return ckpt_plan_invalid(checker,
                               "param %lld: kind %lld is not a parameter kind (1 memref, "
                               "2 scalar)",
                               (long long)i, (long long)kind);
    }
    if (kind == CKPT_PARAM_SCALAR && rank != 0) {
      return ckpt_plan_invalid(checker, "param %lld (scalar): rank is %lld but must be 0",
                               (long long)i, (long long)rank);
    }
    if (rank < 0 || rank > CKPT_PLAN_MAX_RANK) {
      return ckpt_plan_invalid(checker,
                               "param %lld (memref): rank %lld is outside 0..%d",
                               (long long)i, (long long)rank, CKPT_PLAN_MAX_RANK);
    }
    if (bits < 1 || bits > CKPT_PLAN_MAX_ELEM_BITS) {
      return ckpt_plan_invalid(checker, "param %lld: elem_bits %lld is outside 1..%d",
                               (long long)i, (long long)bits, CKPT_PLAN_MAX_ELEM_BITS);
    }
    if (type < CKPT_ELEM_OTHER || type > CKPT_ELEM_INDEX) {
      return ckpt_plan_invalid(checker,
                               "param %lld: elem_type %lld is not an element type (0 other, "
                               "1 int, 2 float, 3 index)",
                               (long long)i, (long long)type);
    }
    checker->view->params[i] = (ckpt_plan_param_t){
        .kind = (ckpt_param_kind_t)kind,
        .rank = rank,
        .elem_bits = bits,
        .elem_type = (ckpt_elem_type_t)type,
    };
  }
  return CKPT_OK;
}

/* A yield flag or do-while condition must be a rank-0 memref<i32> parameter. */
static ckpt_status_code_t ckpt_plan_check_flag_param(ckpt_plan_checker_t *checker,
                                                     int64_t index, const char *kind_name,
                                                     const char *role, int64_t param) {
  if (param < 0 || param >= checker->plan->param_count) {
    return ckpt_plan_invalid(checker,
                             "node %lld (%s): param %lld (its %s) is not a parameter index; "
                             "the kernel has %lld parameters",
                             (long long)index, kind_name, (long long)param, role,
                             (long long)checker->plan->param_count);
  }
  ckpt_plan_param_t *flag = &checker->view->params[param];
  if (flag->kind != CKPT_PARAM_MEMREF || flag->rank != 0 || flag->elem_type != CKPT_ELEM_INT ||
      flag->elem_bits != 32) {
    return ckpt_plan_invalid(checker,
                             "node %lld (%s): param %lld (its %s) must be a rank-0 memref of "
                             "32-bit int (memref<i32>), but it is a %s of rank %lld with "
                             "%lld-bit %s elements",
                             (long long)index, kind_name, (long long)param, role,
                             flag->kind == CKPT_PARAM_MEMREF ? "memref" : "scalar",
                             (long long)flag->rank, (long long)flag->elem_bits,
                             ckpt_elem_type_name(flag->elem_type));
  }
  flag->is_flag = true;
  return CKPT_OK;
}

/* Closes every open structured node that ends at `index`, recording the cp_ids its
 * subtree holds; returns the innermost node still open. */
static int64_t ckpt_plan_close_nodes(ckpt_plan_view_t *view, int64_t open, int64_t index,
                                     int64_t cp_count) {
  while (open >= 0 && view->nodes[open].end == index) {
    view->nodes[open].cp_end = cp_count;
    open = view->nodes[open].parent;
  }
  return open;
}

static ckpt_status_code_t ckpt_plan_check_checkpoint(ckpt_plan_checker_t *checker,
                                                     int64_t index, const int64_t *row,
                                                     ckpt_plan_node_t *node) {
  const ckpt_plan_t *plan = checker->plan;
  ckpt_plan_view_t *view = checker->view;
  if (row[CKPT_NODE_CP_ID] != view->checkpoint_count) {
    return ckpt_plan_invalid(checker,
                             "node %lld (checkpoint): cp_id is %lld but must be %lld; cp_ids "
                             "number checkpoints 0, 1, 2, ... in pre-order",
                             (long long)index, (long long)row[CKPT_NODE_CP_ID],
                             (long long)view->checkpoint_count);
  }
  int64_t flags = row[CKPT_NODE_FLAGS];
  if (flags != 0 && flags != CKPT_NODE_FLAG_EXPLICIT &&
      flags != (CKPT_NODE_FLAG_EXPLICIT | CKPT_NODE_FLAG_YIELD_FOLDED)) {
    return ckpt_plan_invalid(checker,
                             "node %lld (checkpoint): flags is %lld; only 0 (implicit), %d "
                             "(explicit) and %d (explicit, yield check folded) are defined",
                             (long long)index, (long long)flags, CKPT_NODE_FLAG_EXPLICIT,
                             CKPT_NODE_FLAG_EXPLICIT | CKPT_NODE_FLAG_YIELD_FOLDED);
  }
  node->cp_id = row[CKPT_NODE_CP_ID];
  node->cp_begin = node->cp_id;
  node->cp_end = node->cp_id + 1;
  node->param = row[CKPT_NODE_PARAM];
  node->is_explicit = (flags & CKPT_NODE_FLAG_EXPLICIT) != 0;
  node->yield_folded = (flags & CKPT_NODE_FLAG_YIELD_FOLDED) != 0;
  view->checkpoint_nodes[view->checkpoint_count++] = index;
  if (!node->is_explicit) {
    static const int fields[] = {CKPT_NODE_PARAM, CKPT_NODE_LABEL, CKPT_NODE_NAME};
    for (size_t f = 0; f < sizeof(fields) / sizeof(fields[0]); ++f) {
      if (row[fields[f]] != -1) {
        return ckpt_plan_invalid(checker,
                                 "node %lld (checkpoint): field %s is %lld but must be -1 for "
                                 "an implicit checkpoint (flags 0); set flags to %d if it is "
                                 "explicit",
                                 (long long)index, ckpt_node_field_names[fields[f]],
                                 (long long)row[fields[f]], CKPT_NODE_FLAG_EXPLICIT);
      }
    }
    return CKPT_OK;
  }
  ckpt_status_code_t code =
      ckpt_plan_check_flag_param(checker, index, "checkpoint", "yield flag", node->param);
  if (code != CKPT_OK) return code;
  int64_t name = row[CKPT_NODE_NAME];
  if (name != -1 && (name < 0 || name >= plan->strings_size)) {
    return ckpt_plan_invalid(checker,
                             "node %lld (checkpoint): name offset %lld is outside strings "
                             "(size %lld); use -1 for an unnamed checkpoint",
                             (long long)index, (long long)name, (long long)plan->strings_size);
  }
  node->label = row[CKPT_NODE_LABEL];
  node->name = name == -1 ? NULL : plan->strings + name;
  view->label_cp_ids[view->label_count++] = node->cp_id;
  return CKPT_OK;
}

static ckpt_status_code_t ckpt_plan_check_node(ckpt_plan_checker_t *checker, int64_t index,
                                               int64_t parent) {
  const ckpt_plan_t *plan = checker->plan;
  ckpt_plan_view_t *view = checker->view;
  const int64_t *row = plan->nodes + index * CKPT_NODE_FIELDS;
  int64_t kind = row[CKPT_NODE_KIND];
  const char *kind_name = ckpt_node_kind_name(kind);
  if (kind < CKPT_NODE_TASK || kind > CKPT_NODE_DO_WHILE) {
    return ckpt_plan_invalid(checker,
                             "node %lld: kind %lld is not a node kind (1 task, 2 bare, "
                             "3 checkpoint, 4 do-while)",
                             (long long)index, (long long)kind);
  }
  unsigned applicable = ckpt_node_applicable_fields(kind);
  for (int field = 0; field < CKPT_NODE_FIELDS; ++field) {
    if (!(applicable & CKPT_FIELD_BIT(field)) && row[field] != -1) {
      return ckpt_plan_invalid(checker, "node %lld (%s): field %s is %lld but must be -1 for a %s",
                               (long long)index, kind_name, ckpt_node_field_names[field],
                               (long long)row[field], kind_name);
    }
  }

  int64_t end = row[CKPT_NODE_END];
  bool is_leaf = kind == CKPT_NODE_TASK || kind == CKPT_NODE_BARE;
  if (is_leaf && end != index + 1) {
    return ckpt_plan_invalid(checker,
                             "node %lld (%s): end is %lld but a leaf's end must be %lld (its "
                             "index + 1)",
                             (long long)index, kind_name, (long long)end, (long long)index + 1);
  }
  if (end <= index || end > plan->node_count) {
    return ckpt_plan_invalid(checker,
                             "node %lld (%s): end %lld is outside %lld..%lld (one past the "
                             "node's last descendant)",
                             (long long)index, kind_name, (long long)end, (long long)index + 1,
                             (long long)plan->node_count);
  }
  if (parent >= 0) {
    const ckpt_plan_node_t *enclosing = &view->nodes[parent];
    if (end > enclosing->end) {
      return ckpt_plan_invalid(checker,
                               "node %lld (%s): end %lld overlaps the end of its parent node "
                               "%lld (%s), which ends at %lld; subtrees must nest",
                               (long long)index, kind_name, (long long)end, (long long)parent,
                               ckpt_node_kind_name(enclosing->kind), (long long)enclosing->end);
    }
    if (enclosing->kind == CKPT_NODE_CHECKPOINT && kind != CKPT_NODE_TASK) {
      return ckpt_plan_invalid(checker,
                               "node %lld (%s) is inside checkpoint node %lld; a checkpoint "
                               "may hold only tasks",
                               (long long)index, kind_name, (long long)parent);
    }
  }

  ckpt_plan_node_t *node = &view->nodes[index];
  *node = (ckpt_plan_node_t){
      .kind = (ckpt_node_kind_t)kind,
      .end = end,
      .parent = parent,
      .fn = -1,
      .cp_id = -1,
      .param = -1,
      .label = -1,
      .name = NULL,
      .folded_check = -1,
      .cp_begin = view->checkpoint_count,
      .cp_end = view->checkpoint_count,
  };
  switch (node->kind) {
    case CKPT_NODE_TASK:
    case CKPT_NODE_BARE:
      if (row[CKPT_NODE_FN] < 0) {
        return ckpt_plan_invalid(checker, "node %lld (%s): fn is %lld but must be >= 0",
                                 (long long)index, kind_name, (long long)row[CKPT_NODE_FN]);
      }
      node->fn = row[CKPT_NODE_FN];
      if (row[CKPT_NODE_FLAGS] != -1 && row[CKPT_NODE_FLAGS] != CKPT_NODE_FLAG_PROGRAMMATIC_WAIT &&
          (row[CKPT_NODE_FLAGS] != CKPT_NODE_FLAG_SPLIT || node->kind != CKPT_NODE_TASK)) {
        return ckpt_plan_invalid(checker,
                                 "node %lld (%s): flags is %lld; only -1 (none), %d (its "
                                 "kernel waits for programmatic launch) and, on a task, %d (it "
                                 "runs in blocks) are defined",
                                 (long long)index, kind_name, (long long)row[CKPT_NODE_FLAGS],
                                 CKPT_NODE_FLAG_PROGRAMMATIC_WAIT, CKPT_NODE_FLAG_SPLIT);
      }
      node->split = row[CKPT_NODE_FLAGS] == CKPT_NODE_FLAG_SPLIT;
      node->programmatic_wait = row[CKPT_NODE_FLAGS] == CKPT_NODE_FLAG_PROGRAMMATIC_WAIT;
      return CKPT_OK;
    case CKPT_NODE_CHECKPOINT:
      return ckpt_plan_check_checkpoint(checker, index, row, node);
    case CKPT_NODE_DO_WHILE:
      node->param = row[CKPT_NODE_PARAM];
      return ckpt_plan_check_flag_param(checker, index, kind_name, "condition", node->param);
  }
  return CKPT_OK;
}

static ckpt_status_code_t ckpt_plan_check_nodes(ckpt_plan_checker_t *checker) {
  ckpt_plan_view_t *view = checker->view;
  int64_t open = -1; /* the innermost structured node whose subtree we are in */
  for (int64_t index = 0; index < view->node_count; ++index) {
    open = ckpt_plan_close_nodes(view, open, index, view->checkpoint_count);
    ckpt_status_code_t code = ckpt_plan_check_node(checker, index, open);
    if (code != CKPT_OK) return code;
    if (view->nodes[index].end > index + 1) open = index;
  }
  ckpt_plan_close_nodes(view, open, view->node_count, view->checkpoint_count);
  return CKPT_OK;
}

/* A folded yield check needs a task right after the checkpoint, in the same sequence;
 * that task's folded_check names the checkpoint. */
static ckpt_status_code_t ckpt_plan_check_folds(ckpt_plan_checker_t *checker) {
  ckpt_plan_view_t *view = checker->view;
  for (int64_t index = 0; index < view->node_count; ++index) {
    const ckpt_plan_node_t *node = &view->nodes[index];
    if (node->kind != CKPT_NODE_CHECKPOINT || !node->yield_folded) continue;
    int64_t next = node->end;
    int64_t sequence_end = node->parent >= 0 ? view->nodes[node->parent].end : view->node_count;
    bool folds = next < sequence_end &&
                 (view->nodes[next].kind == CKPT_NODE_TASK ||
                  view->nodes[next].kind == CKPT_NODE_BARE ||
                  (view->nodes[next].kind == CKPT_NODE_CHECKPOINT && view->nodes[next].end > next + 1));
    if (!folds) {
      return ckpt_plan_invalid(checker,
                               "node %lld (checkpoint): its yield check is marked folded (flags "
                               "%d) but no task follows it in its sequence to do the check",
                               (long long)index,
                               CKPT_NODE_FLAG_EXPLICIT | CKPT_NODE_FLAG_YIELD_FOLDED);
    }
    int64_t task = view->nodes[next].kind == CKPT_NODE_CHECKPOINT ? next + 1 : next;
    view->nodes[task].folded_check = index;
  }
  return CKPT_OK;
}

typedef struct ckpt_plan_label_entry_t {
  int64_t label;
  int64_t cp_id;
} ckpt_plan_label_entry_t;

static int ckpt_plan_compare_labels(const void *left, const void *right) {
  const ckpt_plan_label_entry_t *a = left, *b = right;
  if (a->label != b->label) return a->label < b->label ? -1 : 1;
  return a->cp_id < b->cp_id ? -1 : a->cp_id > b->cp_id;
}

static ckpt_status_code_t ckpt_plan_check_labels_unique(ckpt_plan_checker_t *checker) {
  ckpt_plan_view_t *view = checker->view;
  if (view->label_count < 2) return CKPT_OK;
  ckpt_plan_label_entry_t *entries = malloc((size_t)view->label_count * sizeof(*entries));
  if (!entries) {
    return ckpt_context_fail(checker->context, CKPT_ERROR_OUT_OF_MEMORY,
                             "out of memory checking the labels of kernel '%s'",
                             checker->kernel_name);
  }
  for (int64_t i = 0; i < view->label_count; ++i) {
    int64_t cp_id = view->label_cp_ids[i];
    entries[i] = (ckpt_plan_label_entry_t){view->nodes[view->checkpoint_nodes[cp_id]].label, cp_id};
  }
  qsort(entries, (size_t)view->label_count, sizeof(*entries), ckpt_plan_compare_labels);
  ckpt_status_code_t code = CKPT_OK;
  for (int64_t i = 1; i < view->label_count; ++i) {
    if (entries[i].label == entries[i - 1].label) {
      code = ckpt_plan_invalid(checker,
                               "node %lld (checkpoint): label %lld is also the label of node "
                               "%lld (cp %lld); labels must be unique in a kernel",
                               (long long)view->checkpoint_nodes[entries[i].cp_id],
                               (long long)entries[i].label,
                               (long long)view->checkpoint_nodes[entries[i - 1].cp_id],
                               (long long)entries[i - 1].cp_id);
      break;
    }
  }
  free(entries);
  return code;
}

ckpt_status_code_t ckpt_plan_view_create(ckpt_context_t *context, const ckpt_plan_t *plan,
                                         ckpt_plan_view_t *out_view) {
  memset(out_view, 0, sizeof(*out_view));
  if (!plan) return ckpt_context_fail(context, CKPT_ERROR_INVALID_ARGUMENT, "plan is NULL");
  ckpt_plan_checker_t checker = {.context = context, .plan = plan, .view = out_view};
  ckpt_status_code_t code = ckpt_plan_check_header(&checker);
  if (code != CKPT_OK) return code;

  out_view->plan = *plan;
  out_view->kernel_name = plan->strings;
  out_view->node_count = plan->node_count;
  out_view->param_count = plan->param_count;
  /* One element at least, so an empty kernel still gets non-NULL arrays. */
  size_t nodes = (size_t)plan->node_count + 1;
  size_t params = (size_t)plan->param_count + 1;
  out_view->nodes = calloc(nodes, sizeof(*out_view->nodes));
  out_view->params = calloc(params, sizeof(*out_view->params));
  out_view->checkpoint_nodes = calloc(nodes, sizeof(*out_view->checkpoint_nodes));
  out_view->label_cp_ids = calloc(nodes, sizeof(*out_view->label_cp_ids));
  if (!out_view->nodes || !out_view->params || !out_view->checkpoint_nodes ||
      !out_view->label_cp_ids) {
    return ckpt_context_fail(context, CKPT_ERROR_OUT_OF_MEMORY,
                             "out of memory preparing kernel '%s' (%lld nodes, %lld params)",
                             plan->strings, (long long)plan->node_count,
                             (long long)plan->param_count);
  }
  code = ckpt_plan_check_params(&checker);
  if (code == CKPT_OK) code = ckpt_plan_check_nodes(&checker);
  if (code == CKPT_OK) code = ckpt_plan_check_folds(&checker);
  if (code == CKPT_OK) code = ckpt_plan_check_labels_unique(&checker);
  return code;
}

void ckpt_plan_view_release(ckpt_plan_view_t *view) {
  free(view->nodes);
  free(view->params);
  free(view->checkpoint_nodes);
  free(view->label_cp_ids);
  memset(view, 0, sizeof(*view));
}
