#include "core/labels.h"

#include <stdlib.h>

#include "core/context.h"
#include "core/string_builder.h"

const ckpt_plan_node_t *ckpt_labels_checkpoint(const ckpt_plan_view_t *view, int64_t cp_id) {
  return &view->nodes[view->checkpoint_nodes[cp_id]];
}

/* Appends `0 ("SIM"), 1, 5 ("grow")`: every label in source order, with its name. */
static void ckpt_labels_append_list(ckpt_string_builder_t *builder,
                                    const ckpt_plan_view_t *view) {
  for (int64_t i = 0; i < view->label_count; ++i) {
    const ckpt_plan_node_t *node = ckpt_labels_checkpoint(view, view->label_cp_ids[i]);
    ckpt_string_builder_append_format(builder, "%s%lld", i ? ", " : "", (long long)node->label);
    if (node->name) ckpt_string_builder_append_format(builder, " (\"%s\")", node->name);
  }
}

ckpt_status_code_t ckpt_labels_resolve(ckpt_context_t *context, const ckpt_plan_view_t *view,
                                       int64_t label, int64_t *out_cp_id) {
  *out_cp_id = -1;
  if (view->label_count == 0) {
    return ckpt_context_fail(context, CKPT_ERROR_NO_CHECKPOINTS,
                             "kernel '%s' has no explicit checkpoint to resume from (asked for "
                             "label %lld); labels available: none. Give a ckpt.checkpoint a "
                             "label and a yield_on flag to make the kernel resumable",
                             view->kernel_name, (long long)label);
  }
  for (int64_t i = 0; i < view->label_count; ++i) {
    int64_t cp_id = view->label_cp_ids[i];
    if (ckpt_labels_checkpoint(view, cp_id)->label == label) {
      *out_cp_id = cp_id;
      return CKPT_OK;
    }
  }
  ckpt_string_builder_t labels = CKPT_STRING_BUILDER_INIT;
  ckpt_labels_append_list(&labels, view);
  ckpt_status_code_t code = ckpt_context_fail(
      context, CKPT_ERROR_UNKNOWN_LABEL, "kernel '%s' has no checkpoint labelled %lld; labels "
      "available: %s", view->kernel_name, (long long)label,
      labels.failed ? "(out of memory listing them)" : ckpt_string_builder_view(&labels));
  ckpt_string_builder_release(&labels);
  return code;
}
