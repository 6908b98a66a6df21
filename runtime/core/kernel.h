/* The kernel's internals, shared by context.c and mlir_abi.c. */
#ifndef CKPT_CORE_KERNEL_H
#define CKPT_CORE_KERNEL_H

#include "ckpt/ckpt.h"
#include "core/args.h"
#include "core/plan.h"
#include "core/profile.h"

struct ckpt_kernel_t {
  ckpt_context_t *context;
  ckpt_kernel_t *previous; /* the context's list of live kernels */
  ckpt_kernel_t *next;
  ckpt_plan_view_t view;
  void *backend_state;
  ckpt_args_snapshot_t last_args;
  /* The backend's submit_capacity for it: 0 when its launches run with `launch`. */
  int64_t submit_capacity;
  /* A slot that holds this kernel (a lowered module's kernel global); cleared when the
   * kernel is destroyed so the module never sees a dangling pointer. May be NULL. */
  void **owner_slot;
  ckpt_profile_t profile; /* accumulated while the context profiles (ckpt/profile.h) */
};

/* Runs one launch (resume_cp_id -1: fresh) to its outcome on the context's backend and
 * traces the outcome. The caller holds context->backend_lock. */
ckpt_status_code_t ckpt_kernel_run(ckpt_kernel_t *kernel, int64_t resume_cp_id, void **args,
                                   ckpt_outcome_t *out_outcome);

/* The outcome of a launch of `kernel` that yielded at `yield_cp_id` (-1: it ran to the
 * end), traced. The caller holds context->backend_lock. */
ckpt_outcome_t ckpt_kernel_report(ckpt_kernel_t *kernel, int64_t yield_cp_id);

#endif /* CKPT_CORE_KERNEL_H */
