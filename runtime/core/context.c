#include "core/context.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/kernel.h"
#include "core/registry.h"
#include "core/string_builder.h"

/* Kept when formatting an error itself runs out of memory. */
static const char ckpt_out_of_memory_message[] = "out of memory while formatting an error message";

const char *ckpt_status_name(ckpt_status_code_t code) {
  switch (code) {
    case CKPT_OK: return "CKPT_OK";
    case CKPT_ERROR_INVALID_ARGUMENT: return "CKPT_ERROR_INVALID_ARGUMENT";
    case CKPT_ERROR_INVALID_PLAN: return "CKPT_ERROR_INVALID_PLAN";
    case CKPT_ERROR_UNKNOWN_LABEL: return "CKPT_ERROR_UNKNOWN_LABEL";
    case CKPT_ERROR_NO_CHECKPOINTS: return "CKPT_ERROR_NO_CHECKPOINTS";
    case CKPT_ERROR_UNAVAILABLE: return "CKPT_ERROR_UNAVAILABLE";
    case CKPT_ERROR_BACKEND: return "CKPT_ERROR_BACKEND";
    case CKPT_ERROR_OUT_OF_MEMORY: return "CKPT_ERROR_OUT_OF_MEMORY";
    case CKPT_ERROR_SKIPPED: return "CKPT_ERROR_SKIPPED";
  }
  return "CKPT_ERROR_UNKNOWN_STATUS";
}

static const char *const ckpt_target_names[] = {
    [CKPT_TARGET_CPU] = "cpu",
    [CKPT_TARGET_CUDA] = "cuda",
    [CKPT_TARGET_HIP] = "hip",
    [CKPT_TARGET_VULKAN] = "vulkan",
};
#define CKPT_TARGET_COUNT ((int)(sizeof(ckpt_target_names) / sizeof(ckpt_target_names[0])))

const char *ckpt_target_name(ckpt_target_t target) {
  if ((int)target < 0 || (int)target >= CKPT_TARGET_COUNT) return "unknown";
  return ckpt_target_names[target];
}

bool ckpt_target_parse(const char *text, ckpt_target_t *out_target) {
  if (!text || !out_target) return false;
  for (int target = 0; target < CKPT_TARGET_COUNT; ++target) {
    if (strcmp(text, ckpt_target_names[target]) == 0) {
      *out_target = (ckpt_target_t)target;
      return true;
    }
  }
  return false;
}

ckpt_status_code_t ckpt_context_fail(ckpt_context_t *context, ckpt_status_code_t code,
                                     const char *format, ...) {
  ckpt_string_builder_t message = CKPT_STRING_BUILDER_INIT;
  va_list arguments;
  va_start(arguments, format);
  ckpt_string_builder_append_format_va(&message, format, arguments);
  va_end(arguments);
  char **slot = ckpt_context_error_slot(context);
  if (*slot != ckpt_out_of_memory_message) free(*slot);
  *slot = ckpt_string_builder_take(&message);
  if (!*slot) *slot = (char *)ckpt_out_of_memory_message;
  return code;
}

/* This thread's last failure on a context with errors_per_thread. */
static _Thread_local char *ckpt_thread_error;

char **ckpt_context_error_slot(ckpt_context_t *context) {
  char **slot = ckpt_launch_queue_error_slot(context);
  if (slot == &context->last_error && context->errors_per_thread)
    return &ckpt_thread_error;
  return slot;
}

char *ckpt_context_take_thread_error(void) {
  char *message = ckpt_thread_error;
  ckpt_thread_error = NULL;
  if (message == ckpt_out_of_memory_message)
    return strdup(message);
  return message;
}

ckpt_status_code_t ckpt_context_check_backend(ckpt_context_t *context) {
  if (!ckpt_context_backend_held_here(context))
    return CKPT_OK;
  return ckpt_context_fail(
      context, CKPT_ERROR_UNAVAILABLE,
      "a launch on this context did not return: a task left it by longjmp or a C++ "
      "exception, so the context cannot be used again (a task must return normally; destroy "
      "the context and create another). A task launching a kernel of its own context, which "
      "is not supported, gets this message too");
}

char *ckpt_context_take_worker_error(ckpt_context_t *context) {
  char *message = context->queue.worker_error;
  context->queue.worker_error = NULL;
  if (message == ckpt_out_of_memory_message) return strdup(message);
  return message;
}

const char *ckpt_context_last_error(const ckpt_context_t *context) {
  if (!context || !context->last_error) return "";
  return context->last_error;
}

ckpt_target_t ckpt_context_target(const ckpt_context_t *context) {
  return context ? context->target : CKPT_TARGET_CPU;
}

void ckpt_context_set_trace(ckpt_context_t *context, bool enabled) {
  if (!context || ckpt_context_check_backend(context) != CKPT_OK)
    return;
  ckpt_context_lock_backend(context);
  context->trace = enabled;
  ckpt_context_unlock_backend(context);
}

/* CKPT_TRACE=1 / CKPT_PROFILE=1 turn tracing / profiling on; unset, empty or "0" leaves
 * it off. */
static bool ckpt_env_requested(const char *name) {
  const char *value = getenv(name);
  return value && value[0] != '\0' && strcmp(value, "0") != 0;
}

/* Drivers tear themselves down at exit, in atexit handlers they register while starting
 * and in their own destructors, and a call into one afterwards may crash (NVIDIA's does).
 * Contexts are often released later than that: lowered modules release theirs from a
 * global destructor. This handler is registered before the first backend starts, so it
 * runs after any handler a driver registers and before every shared object's destructor;
 * once it has run, released contexts are parked on ckpt_contexts_left_at_exit, whole, so
 * the device objects are left to the process's end and their host memory stays reachable
 * (no leak for LeakSanitizer to report). */
static atomic_bool ckpt_exiting;
static ckpt_context_t *ckpt_contexts_left_at_exit;
static pthread_mutex_t ckpt_contexts_left_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t ckpt_exit_hook_once = PTHREAD_ONCE_INIT;

static void ckpt_mark_exiting(void) { atomic_store(&ckpt_exiting, true); }
static void ckpt_register_exit_hook(void) { (void)atexit(ckpt_mark_exiting); }

bool ckpt_process_exiting(void) { return atomic_load(&ckpt_exiting); }

ckpt_status_code_t ckpt_context_allocate(ckpt_target_t target, ckpt_context_t **out_context) {
  pthread_once(&ckpt_exit_hook_once, ckpt_register_exit_hook);
  *out_context = NULL;
  ckpt_context_t *context = calloc(1, sizeof(*context));
  if (!context) return CKPT_ERROR_OUT_OF_MEMORY;
  context->target = target;
  context->trace = ckpt_env_requested("CKPT_TRACE");
  context->profile = ckpt_env_requested("CKPT_PROFILE");
  const char *dump = getenv("CKPT_DUMP_GRAPH");
  if (dump && dump[0]) {
    context->dump_graph_path = strdup(dump);
    if (!context->dump_graph_path) {
      free(context);
      return CKPT_ERROR_OUT_OF_MEMORY;
    }
  }
  ckpt_context_options_init(&context->options, target);
  pthread_mutex_init(&context->backend_lock, NULL);
  atomic_init(&context->backend_held, false);
  pthread_mutex_init(&context->kernel_slots_lock, NULL);
  ckpt_launch_queue_init(&context->queue);
  *out_context = context;
  return CKPT_OK;
}

ckpt_status_code_t ckpt_context_start(ckpt_context_t *context) {
  return ckpt_registry_create_backend(&ckpt_backend_registry, context, &context->backend);
}

ckpt_status_code_t ckpt_context_create(ckpt_target_t target, ckpt_context_t **out_context) {
  if (!out_context) return CKPT_ERROR_INVALID_ARGUMENT;
  ckpt_status_code_t code = ckpt_context_allocate(target, out_context);
  if (code != CKPT_OK) return code;
  return ckpt_context_start(*out_context);
}

void ckpt_context_destroy(ckpt_context_t *context) {
  if (!context) return;
  /* After a launch that never returned, the backend is mid-launch and its lock is held
   * for good: the context is left whole, as at exit. */
  if (ckpt_process_exiting() || ckpt_context_backend_held_here(context)) {
    for (ckpt_kernel_t *kernel = context->kernels; kernel; kernel = kernel->next)
      ckpt_kernel_destroy(kernel); /* clears its owner slot only */
    pthread_mutex_lock(&ckpt_contexts_left_lock);
    context->next_left_at_exit = ckpt_contexts_left_at_exit;
    ckpt_contexts_left_at_exit = context;
    pthread_mutex_unlock(&ckpt_contexts_left_lock);
    return;
  }
  /* Destroying a kernel waits for the queue, so its worker is stopped after them. */
  while (context->kernels) ckpt_kernel_destroy(context->kernels);
  ckpt_launch_queue_release(context);
  ckpt_device_buffers_release(context);
  if (context->backend) context->backend->vtable->destroy(context->backend);
  pthread_mutex_destroy(&context->kernel_slots_lock);
  pthread_mutex_destroy(&context->backend_lock);
  if (context->last_error != ckpt_out_of_memory_message) free(context->last_error);
  free(context->dump_graph_path);
  free(context);
}
