/* The context's internals, shared by the core modules and the backends. */
#ifndef CKPT_CORE_CONTEXT_H
#define CKPT_CORE_CONTEXT_H

#include <stdatomic.h>
#include <stdbool.h>

#include <pthread.h>

#include "ckpt/ckpt.h"
#include "core/backend.h"
#include "core/launch_queue.h"

typedef struct ckpt_device_buffer_t ckpt_device_buffer_t;

struct ckpt_context_t {
  ckpt_target_t target;
  bool trace;
  bool profile; /* ckpt/profile.h: kernels accumulate launch phase profiles */
  /* CKPT_DUMP_GRAPH as the context found it (owned; NULL when unset or empty): read once,
   * not in every launch. */
  char *dump_graph_path;
  /* As the caller gave them (ckpt_context_create_with_options), checked for consistency;
   * ckpt_context_options_init's defaults otherwise. Backends read their fields here. */
  ckpt_context_options_t options;
  ckpt_backend_t *backend; /* NULL in a context that only carries a creation error */
  ckpt_kernel_t *kernels;  /* every live kernel, most recent first */
  char *last_error;        /* owned; NULL means "" */
  ckpt_context_t *next_left_at_exit; /* see ckpt_process_exiting */
  /* Held around every backend call and every change to `kernels`: the launch queue's
   * worker thread runs launches while the host thread may create kernels. Taken with
   * ckpt_context_lock_backend. */
  pthread_mutex_t backend_lock;
  /* Whether backend_lock is held, and by which thread, so that a thread can tell that it
   * holds it already (ckpt_context_check_backend). The holder is stored before `held`
   * is set (release), and read only after `held` was seen set (acquire): a thread that
   * does not hold the lock never reads itself there. */
  atomic_bool backend_held;
  _Atomic(pthread_t) backend_holder;
  /* A lowered module's context (ckpt/mlir_abi.h), which serves every thread that launches
   * the module's kernels: its failures' messages are kept per thread
   * (ckpt_context_take_thread_error), as its one last error could be replaced by another
   * thread's failure while it is read. Set before the context is shared. */
  bool errors_per_thread;
  /* Serialises the first use of a lowered module's kernel slots, which several threads
   * may make at once. */
  pthread_mutex_t kernel_slots_lock;
  ckpt_launch_queue_t queue;
  ckpt_device_buffer_t *device_buffers; /* ckpt_context_register_device_buffer's, owned */
};

/* Forgets every registered device buffer (context destruction). */
void ckpt_device_buffers_release(ckpt_context_t *context);

/* Records a printf-formatted message as the context's last error and returns `code`, so
 * a failing path reads `return ckpt_context_fail(context, CODE, "...", ...);`. */
ckpt_status_code_t ckpt_context_fail(ckpt_context_t *context, ckpt_status_code_t code,
                                     const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* Where ckpt_context_fail writes on this thread: the worker's slot on the worker, this
 * thread's own slot for a context with errors_per_thread, else the last error. */
char **ckpt_context_error_slot(ckpt_context_t *context);

/* The message of this thread's last failure on a context with errors_per_thread (owned by
 * the caller, NULL if none), clearing it. */
char *ckpt_context_take_thread_error(void);

/* CKPT_ERROR_UNAVAILABLE, with the message, when this thread holds the backend lock
 * already, CKPT_OK otherwise. Holding it outside the runtime means a launch of this
 * thread never returned: a task left it by longjmp or a C++ exception (the lock stays
 * held for good), or a task is itself launching on its own context. Taking the lock, or
 * waiting for a launch that needs it, would then block forever. Every call on the host's
 * thread checks before either; another thread cannot tell and still waits. */
ckpt_status_code_t ckpt_context_check_backend(ckpt_context_t *context);

/* Whether this thread holds the backend lock (see above), for the calls that cannot fail. */
static inline bool ckpt_context_backend_held_here(ckpt_context_t *context) {
  return atomic_load_explicit(&context->backend_held, memory_order_acquire) &&
         pthread_equal(atomic_load_explicit(&context->backend_holder, memory_order_relaxed),
                       pthread_self());
}

/* Records this thread as the holder of backend_lock, just taken. */
static inline void ckpt_context_mark_backend_held(ckpt_context_t *context) {
  atomic_store_explicit(&context->backend_holder, pthread_self(), memory_order_relaxed);
  atomic_store_explicit(&context->backend_held, true, memory_order_release);
}

/* Take and give back backend_lock; every holder goes through these, so that
 * backend_held and backend_holder stay true. */
static inline void ckpt_context_lock_backend(ckpt_context_t *context) {
  pthread_mutex_lock(&context->backend_lock);
  ckpt_context_mark_backend_held(context);
}

static inline bool ckpt_context_try_lock_backend(ckpt_context_t *context) {
  if (pthread_mutex_trylock(&context->backend_lock) != 0)
    return false;
  ckpt_context_mark_backend_held(context);
  return true;
}

static inline void ckpt_context_unlock_backend(ckpt_context_t *context) {
  atomic_store_explicit(&context->backend_held, false, memory_order_relaxed);
  pthread_mutex_unlock(&context->backend_lock);
}

/* The message a failure on the launch queue's worker left (owned by the caller, NULL if
 * none), clearing it. */
char *ckpt_context_take_worker_error(ckpt_context_t *context);

/* The two halves of context creation: a context carrying `target` and default options
 * (NULL only when memory ran out), and the start of its backend. */
ckpt_status_code_t ckpt_context_allocate(ckpt_target_t target, ckpt_context_t **out_context);
ckpt_status_code_t ckpt_context_start(ckpt_context_t *context);

/* True once exit() has begun (from the first context's creation on, an atexit handler
 * watches): backends must not be called any more, their driver may have torn itself down.
 * Destroying a kernel then only clears its owner slot, and destroying a context keeps it,
 * kernels and backend state whole, on a list reachable until the process ends: nothing
 * touches the driver, and nothing becomes a leak. */
bool ckpt_process_exiting(void);

#endif /* CKPT_CORE_CONTEXT_H */
