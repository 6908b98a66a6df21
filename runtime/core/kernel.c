#include "core/kernel.h"

#include <stdlib.h>

#include "core/context.h"
#include "core/dump_graph.h"
#include "core/labels.h"
#include "core/launch_queue.h"
#include "core/trace.h"

ckpt_status_code_t ckpt_kernel_create(ckpt_context_t *context, const ckpt_plan_t *plan,
                                      ckpt_kernel_t **out_kernel) {
  if (!context) return CKPT_ERROR_INVALID_ARGUMENT;
  if (!out_kernel) {
    return ckpt_context_fail(context, CKPT_ERROR_INVALID_ARGUMENT, "out_kernel is NULL");
  }
  *out_kernel = NULL;
  ckpt_status_code_t code = ckpt_context_check_backend(context);
  if (code != CKPT_OK)
    return code;
  if (!context->backend) {
    return ckpt_context_fail(context, CKPT_ERROR_UNAVAILABLE,
                             "the context for target %s failed to start; destroy it and "
                             "create a new one",
                             ckpt_target_name(context->target));
  }
  ckpt_kernel_t *kernel = calloc(1, sizeof(*kernel));
  if (!kernel) {
    return ckpt_context_fail(context, CKPT_ERROR_OUT_OF_MEMORY, "out of memory creating a kernel");
  }
  kernel->context = context;
  code = ckpt_plan_view_create(context, plan, &kernel->view);
  ckpt_context_lock_backend(context);
  if (code == CKPT_OK) {
    code = context->backend->vtable->prepare_kernel(context->backend, &kernel->view,
                                                    &kernel->backend_state);
  }
  if (code != CKPT_OK) {
    ckpt_context_unlock_backend(context);
    ckpt_plan_view_release(&kernel->view);
    free(kernel);
    return code;
  }
  const ckpt_backend_vtable_t *vtable = context->backend->vtable;
  if (vtable->submit_capacity && vtable->submit && vtable->finish)
    kernel->submit_capacity = vtable->submit_capacity(context->backend, kernel->backend_state);
  kernel->next = context->kernels;
  if (context->kernels) context->kernels->previous = kernel;
  context->kernels = kernel;
  *out_kernel = kernel;
  ckpt_dump_graph_if_asked(context);
  ckpt_context_unlock_backend(context);
  return CKPT_OK;
}

void ckpt_kernel_destroy(ckpt_kernel_t *kernel) {
  if (!kernel) return;
  ckpt_context_t *context = kernel->context;
  if (kernel->owner_slot && *kernel->owner_slot == kernel) *kernel->owner_slot = NULL;
  kernel->owner_slot = NULL;
  /* At exit the driver may be gone, and after a launch that never returned the backend
   * is mid-launch: the kernel stays, whole, on its context's list (ckpt_process_exiting). */
  if (ckpt_process_exiting() || ckpt_context_backend_held_here(context))
    return;
  /* Launches still queued may be this kernel's. */
  ckpt_launch_queue_drain(context);
  ckpt_context_lock_backend(context);
  context->backend->vtable->release_kernel(context->backend, kernel->backend_state);
  if (kernel->previous) kernel->previous->next = kernel->next;
  if (kernel->next) kernel->next->previous = kernel->previous;
  if (context->kernels == kernel) context->kernels = kernel->next;
  ckpt_context_unlock_backend(context);
  ckpt_args_snapshot_release(&kernel->last_args);
  ckpt_plan_view_release(&kernel->view);
  free(kernel);
}

const char *ckpt_kernel_name(const ckpt_kernel_t *kernel) {
  return kernel ? kernel->view.kernel_name : "";
}

int64_t ckpt_kernel_label_count(const ckpt_kernel_t *kernel) {
  return kernel ? kernel->view.label_count : 0;
}

int64_t ckpt_kernel_label_at(const ckpt_kernel_t *kernel, int64_t index) {
  if (!kernel || index < 0 || index >= kernel->view.label_count) return -1;
  return ckpt_labels_checkpoint(&kernel->view, kernel->view.label_cp_ids[index])->label;
}

ckpt_status_code_t ckpt_kernel_run(ckpt_kernel_t *kernel, int64_t resume_cp_id,
                                          void **args, ckpt_outcome_t *out_outcome) {
  ckpt_context_t *context = kernel->context;
  ckpt_profile_t *profile = context->profile ? &kernel->profile : NULL;
  ckpt_profile_launch_begin(profile);
  ckpt_backend_launch_t launch = {
      .args = args,
      .resume_cp_id = resume_cp_id,
      .args_changed = ckpt_args_snapshot_update(&kernel->last_args, &kernel->view, args),
      .profile = profile,
  };
  ckpt_profile_phase_end(profile, CKPT_PROFILE_ARGUMENTS);
  int64_t yield_cp_id = -1;
  ckpt_status_code_t code = context->backend->vtable->launch(
      context->backend, kernel->backend_state, &launch, &yield_cp_id);
  ckpt_profile_launch_end(profile);
  if (code != CKPT_OK) return code;
  *out_outcome = ckpt_kernel_report(kernel, yield_cp_id);
  return CKPT_OK;
}

ckpt_outcome_t ckpt_kernel_report(ckpt_kernel_t *kernel, int64_t yield_cp_id) {
  ckpt_context_t *context = kernel->context;
  ckpt_outcome_t outcome = {.yielded = false, .label = -1, .name = NULL, .cp_id = -1};
  if (yield_cp_id >= 0) {
    const ckpt_plan_node_t *checkpoint = ckpt_labels_checkpoint(&kernel->view, yield_cp_id);
    outcome = (ckpt_outcome_t){
        .yielded = true,
        .label = checkpoint->label,
        .name = checkpoint->name,
        .cp_id = yield_cp_id,
    };
  }
  ckpt_trace_outcome(context, &kernel->view, &outcome);
  /* After the launch, when the target's graphs for this entry exist. */
  ckpt_dump_graph_if_asked(context);
  return outcome;
}

/* The checks shared by launch and resume, before anything is traced or run. */
static ckpt_status_code_t ckpt_kernel_check_launch(ckpt_kernel_t *kernel, void **args,
                                                   ckpt_outcome_t *out_outcome) {
  if (!kernel) return CKPT_ERROR_INVALID_ARGUMENT;
  if (!out_outcome) {
    return ckpt_context_fail(kernel->context, CKPT_ERROR_INVALID_ARGUMENT,
                             "out_outcome is NULL launching kernel '%s'",
                             kernel->view.kernel_name);
  }
  return ckpt_args_check(kernel->context, &kernel->view, args);
}

ckpt_status_code_t ckpt_kernel_launch(ckpt_kernel_t *kernel, void **args,
                                      ckpt_outcome_t *out_outcome) {
  ckpt_status_code_t code = ckpt_kernel_check_launch(kernel, args, out_outcome);
  if (code != CKPT_OK) return code;
  return ckpt_launch_queue_run_sync(kernel, -1, -1, args, out_outcome);
}

ckpt_status_code_t ckpt_kernel_resume(ckpt_kernel_t *kernel, int64_t label, void **args,
                                      ckpt_outcome_t *out_outcome) {
  ckpt_status_code_t code = ckpt_kernel_check_launch(kernel, args, out_outcome);
  if (code != CKPT_OK) return code;
  int64_t cp_id = -1;
  code = ckpt_labels_resolve(kernel->context, &kernel->view, label, &cp_id);
  if (code != CKPT_OK) return code;
  return ckpt_launch_queue_run_sync(kernel, cp_id, label, args, out_outcome);
}

/* The checks of an asynchronous launch, before it is queued. */
static ckpt_status_code_t ckpt_kernel_check_async(ckpt_kernel_t *kernel, void **args,
                                                  ckpt_launch_t **out_launch) {
  if (!kernel) return CKPT_ERROR_INVALID_ARGUMENT;
  if (!out_launch) {
    return ckpt_context_fail(kernel->context, CKPT_ERROR_INVALID_ARGUMENT,
                             "out_launch is NULL launching kernel '%s'", kernel->view.kernel_name);
  }
  *out_launch = NULL;
  return ckpt_args_check(kernel->context, &kernel->view, args);
}

ckpt_status_code_t ckpt_kernel_launch_async(ckpt_kernel_t *kernel, void **args,
                                            ckpt_launch_t **out_launch) {
  ckpt_status_code_t code = ckpt_kernel_check_async(kernel, args, out_launch);
  if (code != CKPT_OK) return code;
  return ckpt_launch_queue_submit(kernel, -1, -1, args, out_launch);
}

ckpt_status_code_t ckpt_kernel_resume_async(ckpt_kernel_t *kernel, int64_t label, void **args,
                                            ckpt_launch_t **out_launch) {
  ckpt_status_code_t code = ckpt_kernel_check_async(kernel, args, out_launch);
  if (code != CKPT_OK) return code;
  int64_t cp_id = -1;
  code = ckpt_labels_resolve(kernel->context, &kernel->view, label, &cp_id);
  if (code != CKPT_OK) return code;
  return ckpt_launch_queue_submit(kernel, cp_id, label, args, out_launch);
}
