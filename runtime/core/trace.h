/* CKPT_TRACE: one line on stderr per launch, resume, yield and completion, so a user can
 * see the host/device conversation without a debugger. Each function prints only when
 * tracing is on in `context`. */
#ifndef CKPT_CORE_TRACE_H
#define CKPT_CORE_TRACE_H

#include <stdint.h>

#include "ckpt/ckpt.h"
#include "core/plan.h"

/* "ckpt: launch step" */
void ckpt_trace_launch(const ckpt_context_t *context, const ckpt_plan_view_t *view);

/* "ckpt: resume step from label 0 (cp 3)" */
void ckpt_trace_resume(const ckpt_context_t *context, const ckpt_plan_view_t *view,
                       int64_t label, int64_t cp_id);

/* "ckpt: step yielded at label 0 "SIM" (cp 3)", or "completed" when the launch did not
 * yield. */
void ckpt_trace_outcome(const ckpt_context_t *context, const ckpt_plan_view_t *view,
                        const ckpt_outcome_t *outcome);

#endif /* CKPT_CORE_TRACE_H */
