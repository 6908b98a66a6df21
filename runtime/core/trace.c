#include "core/trace.h"

#include <stdio.h>

#include "core/context.h"

void ckpt_trace_launch(const ckpt_context_t *context, const ckpt_plan_view_t *view) {
  if (!context->trace) return;
  fprintf(stderr, "ckpt: launch %s\n", view->kernel_name);
  fflush(stderr);
}

void ckpt_trace_resume(const ckpt_context_t *context, const ckpt_plan_view_t *view,
                       int64_t label, int64_t cp_id) {
  if (!context->trace) return;
  fprintf(stderr, "ckpt: resume %s from label %lld (cp %lld)\n", view->kernel_name,
          (long long)label, (long long)cp_id);
  fflush(stderr);
}

void ckpt_trace_outcome(const ckpt_context_t *context, const ckpt_plan_view_t *view,
                        const ckpt_outcome_t *outcome) {
  if (!context->trace) return;
  if (!outcome->yielded) {
    fprintf(stderr, "ckpt: %s completed\n", view->kernel_name);
  } else if (outcome->name) {
    fprintf(stderr, "ckpt: %s yielded at label %lld \"%s\" (cp %lld)\n", view->kernel_name,
            (long long)outcome->label, outcome->name, (long long)outcome->cp_id);
  } else {
    fprintf(stderr, "ckpt: %s yielded at label %lld (cp %lld)\n", view->kernel_name,
            (long long)outcome->label, (long long)outcome->cp_id);
  }
  fflush(stderr);
}
