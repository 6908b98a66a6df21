#include "ckpt/mlir_abi.h"

#include <stdarg.h>
#include <stdio.h>

#include "ckpt/ckpt.h"
#include "core/kernel.h"
#include "core/registry.h"
#include "core/string_builder.h"

/* Lowered code has nowhere to put an error but stderr; the status it gets back says ok=0. */
static void ckpt_mlir_report(const char *format, ...) __attribute__((format(printf, 1, 2)));
static void ckpt_mlir_report(const char *format, ...) {
  va_list arguments;
  va_start(arguments, format);
  fputs("ckpt: error: ", stderr);
  vfprintf(stderr, format, arguments);
  fputc('\n', stderr);
  fflush(stderr);
  va_end(arguments);
}

/* The module's context, created on first use. A context that failed to start is not
 * kept: every later launch tries again and so reports the failure again. */
static ckpt_context_t *ckpt_mlir_context(void **context_slot, int64_t target) {
  ckpt_context_t *context = *context_slot;
  if (context) {
    if ((int64_t)ckpt_context_target(context) != target) {
      ckpt_mlir_report("this module's context runs on %s but a launch asks for target %lld "
                       "(%s); one module uses one target",
                       ckpt_target_name(ckpt_context_target(context)), (long long)target,
                       ckpt_target_name((ckpt_target_t)target));
      return NULL;
    }
    return context;
  }
  ckpt_status_code_t code = ckpt_context_create((ckpt_target_t)target, &context);
  if (code != CKPT_OK) {
    ckpt_mlir_report("%s", context ? ckpt_context_last_error(context)
                                   : "out of memory creating the ckpt context");
    ckpt_context_destroy(context);
    return NULL;
  }
  *context_slot = context;
  return context;
}

static ckpt_kernel_t *ckpt_mlir_kernel(ckpt_context_t *context, void **kernel_slot,
                                       const ckpt_plan_t *plan) {
  ckpt_kernel_t *kernel = *kernel_slot;
  if (kernel) {
    if (kernel->context != context) {
      ckpt_mlir_report("kernel slot %p holds kernel '%s' of another module's context; each "
                       "module needs its own kernel slots",
                       (void *)kernel_slot, kernel->view.kernel_name);
      return NULL;
    }
    return kernel;
  }
  if (ckpt_kernel_create(context, plan, &kernel) != CKPT_OK) {
    ckpt_mlir_report("%s", ckpt_context_last_error(context));
    return NULL;
  }
  kernel->owner_slot = kernel_slot;
  *kernel_slot = kernel;
  return kernel;
}

void ckpt_mlir_launch(void **context_slot, void **kernel_slot, const ckpt_plan_t *plan,
                      int64_t target, void **args, int64_t has_resume, int64_t resume_label,
                      ckpt_mlir_status_t *out_status) {
  ckpt_mlir_status_t status = {.ok = 0, .yielded = 0, .label = -1, .name = NULL, .cp_id = -1};
  ckpt_context_t *context = NULL;
  ckpt_kernel_t *kernel = NULL;
  if (!context_slot || !kernel_slot) {
    ckpt_mlir_report("ckpt_mlir_launch needs a context slot and a kernel slot (got %p, %p)",
                     (void *)context_slot, (void *)kernel_slot);
  } else if (target < CKPT_TARGET_CPU || target > CKPT_TARGET_VULKAN) {
    ckpt_string_builder_t message = CKPT_STRING_BUILDER_INIT;
    ckpt_registry_append_unknown_target(&ckpt_backend_registry, (long long)target, &message);
    ckpt_mlir_report("%s", ckpt_string_builder_view(&message));
    ckpt_string_builder_release(&message);
  } else if ((context = ckpt_mlir_context(context_slot, target)) &&
             (kernel = ckpt_mlir_kernel(context, kernel_slot, plan))) {
    ckpt_outcome_t outcome;
    ckpt_status_code_t code = has_resume
                                  ? ckpt_kernel_resume(kernel, resume_label, args, &outcome)
                                  : ckpt_kernel_launch(kernel, args, &outcome);
    if (code != CKPT_OK) {
      ckpt_mlir_report("%s", ckpt_context_last_error(context));
    } else {
      status.ok = 1;
      status.yielded = outcome.yielded;
      if (outcome.yielded) {
        status.label = outcome.label;
        status.name = outcome.name;
        status.cp_id = outcome.cp_id;
      }
    }
  }
  if (out_status) *out_status = status;
}

void ckpt_mlir_status_print(const ckpt_mlir_status_t *status) {
  if (!status) {
    printf("ckpt.status (null)\n");
  } else if (status->name) {
    /* The name as an MLIR string literal: a quote or backslash in it escaped. */
    printf("ckpt.status ok=%lld yielded=%lld label=%lld name=\"", (long long)status->ok,
           (long long)status->yielded, (long long)status->label);
    for (const char *c = status->name; *c; ++c) {
      if (*c == '"' || *c == '\\')
        putchar('\\');
      putchar(*c);
    }
    printf("\"\n");
  } else {
    printf("ckpt.status ok=%lld yielded=%lld label=%lld\n", (long long)status->ok,
           (long long)status->yielded, (long long)status->label);
  }
  fflush(stdout);
}

void ckpt_mlir_release(void **context_slot) {
  if (!context_slot) return;
  ckpt_context_destroy(*context_slot);
  *context_slot = NULL;
}
