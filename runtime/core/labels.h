/* Translation between the labels users see and the cp_ids the targets run on. */
#ifndef CKPT_CORE_LABELS_H
#define CKPT_CORE_LABELS_H

#include <stdint.h>

#include "ckpt/ckpt.h"
#include "core/plan.h"

/* Finds the cp_id of the explicit checkpoint labelled `label`. Reports on `context`:
 * CKPT_ERROR_NO_CHECKPOINTS when the kernel has no explicit checkpoint, and
 * CKPT_ERROR_UNKNOWN_LABEL otherwise, both listing the labels available. */
ckpt_status_code_t ckpt_labels_resolve(ckpt_context_t *context, const ckpt_plan_view_t *view,
                                       int64_t label, int64_t *out_cp_id);

/* The explicit checkpoint node with cp_id `cp_id`; the caller passes a valid cp_id. */
const ckpt_plan_node_t *ckpt_labels_checkpoint(const ckpt_plan_view_t *view, int64_t cp_id);

#endif /* CKPT_CORE_LABELS_H */
