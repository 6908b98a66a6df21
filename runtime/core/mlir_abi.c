#include "ckpt/mlir_abi.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "ckpt/ckpt.h"
#include "core/context.h"
#include "core/kernel.h"
#include "core/registry.h"
#include "core/string_builder.h"

/* Lowered code has nowhere to put an error but stderr; the status it gets back says ok=0.
 * The stream stays locked for the whole line, which launches on other threads may be
 * reporting at the same time. */
static void ckpt_mlir_report(const char *format, ...) __attribute__((format(printf, 1, 2)));
static void ckpt_mlir_report(const char *format, ...) {
  va_list arguments;
  va_start(arguments, format);
  flockfile(stderr);
  fputs("ckpt: error: ", stderr);
  vfprintf(stderr, format, arguments);
  fputc('\n', stderr);
  fflush(stderr);
  funlockfile(stderr);
  va_end(arguments);
}

/* Prints this thread's last failure on a module's context, which keeps failures per
 * thread (errors_per_thread in core/context.h). */
static void ckpt_mlir_report_thread_error(void) {
  char *error = ckpt_context_take_thread_error();
  ckpt_mlir_report("%s", error ? error : "the launch failed");
  free(error);
}

/* A slot as lowered code holds it: a plain pointer global of the module. Several threads
 * may make the module's first launch at once, so the runtime reads and fills it
 * atomically (a pointer and its atomic form are alike on every target ckpt builds for). */
typedef _Atomic(void *) ckpt_mlir_slot_t;
_Static_assert(sizeof(ckpt_mlir_slot_t) == sizeof(void *), "a slot is a plain pointer global");

static ckpt_mlir_slot_t *ckpt_mlir_slot(void **slot) { return (ckpt_mlir_slot_t *)slot; }

/* Held while a context slot is filled. Creating a context takes no lock a running launch
 * holds, so one lock for every module cannot deadlock; launches after the first never
 * take it. */
static pthread_mutex_t ckpt_mlir_context_slots_lock = PTHREAD_MUTEX_INITIALIZER;

/* The module's context, created on first use by one thread while the others wait. A
 * context that failed to start is not kept: every later launch tries again and so
 * reports the failure again. */
static ckpt_context_t *ckpt_mlir_context(void **context_slot, int64_t target) {
  ckpt_mlir_slot_t *slot = ckpt_mlir_slot(context_slot);
  ckpt_context_t *context = atomic_load_explicit(slot, memory_order_acquire);
  if (!context) {
    pthread_mutex_lock(&ckpt_mlir_context_slots_lock);
    context = atomic_load_explicit(slot, memory_order_relaxed);
    if (!context) {
      ckpt_status_code_t code = ckpt_context_create((ckpt_target_t)target, &context);
      if (code == CKPT_OK) {
        context->errors_per_thread = true;
        atomic_store_explicit(slot, context, memory_order_release);
      } else {
        /* No other thread has seen this context: its last error is this thread's. */
        ckpt_mlir_report("%s", context ? ckpt_context_last_error(context)
                                       : "out of memory creating the ckpt context");
        ckpt_context_destroy(context);
        context = NULL;
      }
    }
    pthread_mutex_unlock(&ckpt_mlir_context_slots_lock);
    if (!context)
      return NULL;
  }
  if ((int64_t)ckpt_context_target(context) != target) {
    ckpt_mlir_report("this module's context runs on %s but a launch asks for target %lld "
                     "(%s); one module uses one target",
                     ckpt_target_name(ckpt_context_target(context)), (long long)target,
                     ckpt_target_name((ckpt_target_t)target));
    return NULL;
  }
  return context;
}

/* The kernel in `kernel_slot`, created on first use by one thread while the others wait;
 * NULL after a failure, whose message it prints. The lock is the context's, taken before
 * its backend lock (ckpt_kernel_create takes that) and never after: a launch holds the
 * backend lock while its tasks run and a task may launch another module's kernel, so a
 * thread that holds this context's backend lock is refused before it waits. */
static ckpt_kernel_t *ckpt_mlir_kernel(ckpt_context_t *context, void **kernel_slot,
                                       const ckpt_plan_t *plan) {
  ckpt_mlir_slot_t *slot = ckpt_mlir_slot(kernel_slot);
  ckpt_kernel_t *kernel = atomic_load_explicit(slot, memory_order_acquire);
  if (!kernel) {
    if (ckpt_context_check_backend(context) == CKPT_OK) {
      pthread_mutex_lock(&context->kernel_slots_lock);
      kernel = atomic_load_explicit(slot, memory_order_relaxed);
      if (!kernel && ckpt_kernel_create(context, plan, &kernel) == CKPT_OK) {
        kernel->owner_slot = kernel_slot;
        atomic_store_explicit(slot, kernel, memory_order_release);
      }
      pthread_mutex_unlock(&context->kernel_slots_lock);
    }
    if (!kernel) {
      ckpt_mlir_report_thread_error();
      return NULL;
    }
  }
  if (kernel->context != context) {
    ckpt_mlir_report("kernel slot %p holds kernel '%s' of another module's context; each "
                     "module needs its own kernel slots",
                     (void *)kernel_slot, kernel->view.kernel_name);
    return NULL;
  }
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
      ckpt_mlir_report_thread_error();
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
  ckpt_context_destroy(atomic_exchange(ckpt_mlir_slot(context_slot), NULL));
}
