#include "core/launch_queue.h"

#include <stdlib.h>
#include <string.h>

#include "core/args.h"
#include "core/context.h"
#include "core/kernel.h"
#include "core/trace.h"

struct ckpt_launch_t {
  ckpt_context_t *context;
  ckpt_kernel_t *kernel;
  uint64_t id;
  uint64_t epoch; /* the queue's `acknowledged` when this launch was queued */
  int64_t resume_cp_id, resume_label;
  void **args;    /* points into `storage`: the caller's descriptors and scalars, copied */
  unsigned char *storage;
  bool done, released;
  ckpt_status_code_t status;
  char *error; /* owned; the failure's message */
  ckpt_launch_outcome_t result;
  ckpt_launch_t *next_pending;
  ckpt_launch_t *previous, *next; /* the queue's `launches` */
};

/* The context whose worker runs on this thread, if any: how ckpt_context_fail, called
 * deep inside a backend, knows to keep the message away from the host's last error. */
static _Thread_local ckpt_context_t *ckpt_worker_context;

void ckpt_launch_queue_init(ckpt_launch_queue_t *queue) {
  memset(queue, 0, sizeof(*queue));
  pthread_mutex_init(&queue->lock, NULL);
  pthread_cond_init(&queue->changed, NULL);
}

char **ckpt_launch_queue_error_slot(ckpt_context_t *context) {
  return ckpt_worker_context == context ? &context->queue.worker_error : &context->last_error;
}

static void free_launch(ckpt_launch_queue_t *queue, ckpt_launch_t *launch) {
  if (launch->previous) launch->previous->next = launch->next;
  if (launch->next) launch->next->previous = launch->previous;
  if (queue->launches == launch) queue->launches = launch->next;
  free(launch->error);
  free(launch->storage);
  free(launch);
}

/* Under the lock: the launch is over; wakes its waiters, frees it if released. */
static void finish(ckpt_launch_queue_t *queue, ckpt_launch_t *launch) {
  launch->done = true;
  pthread_cond_broadcast(&queue->changed);
  if (launch->released) free_launch(queue, launch);
}

static void trace_start(ckpt_kernel_t *kernel, int64_t resume_cp_id, int64_t resume_label) {
  if (resume_cp_id < 0)
    ckpt_trace_launch(kernel->context, &kernel->view);
  else
    ckpt_trace_resume(kernel->context, &kernel->view, resume_label, resume_cp_id);
}

static void run_one(ckpt_context_t *context, ckpt_launch_t *launch) {
  ckpt_launch_queue_t *queue = &context->queue;
  ckpt_kernel_t *kernel = launch->kernel;
  ckpt_outcome_t outcome;
  pthread_mutex_lock(&context->backend_lock);
  trace_start(kernel, launch->resume_cp_id, launch->resume_label);
  ckpt_status_code_t code = ckpt_kernel_run(kernel, launch->resume_cp_id, launch->args, &outcome);
  pthread_mutex_unlock(&context->backend_lock);
  pthread_mutex_lock(&queue->lock);
  queue->running = false;
  launch->status = code;
  if (code != CKPT_OK) {
    launch->error = ckpt_context_take_worker_error(context);
  } else {
    launch->result = (ckpt_launch_outcome_t){.ran = true, .outcome = outcome, .yielded_label = -1};
    if (outcome.yielded) {
      queue->has_yield = true;
      queue->yield_acknowledged = false;
      queue->yield_launch = launch->id;
      queue->yield_label = outcome.label;
      queue->yield_epoch = queue->acknowledged;
    }
  }
  finish(queue, launch);
}

static void *worker_main(void *argument) {
  ckpt_context_t *context = argument;
  ckpt_launch_queue_t *queue = &context->queue;
  ckpt_worker_context = context;
  pthread_mutex_lock(&queue->lock);
  for (;;) {
    while (!queue->pending_head && !queue->stopping) pthread_cond_wait(&queue->changed, &queue->lock);
    ckpt_launch_t *launch = queue->pending_head;
    if (!launch) break;
    queue->pending_head = launch->next_pending;
    if (!queue->pending_head) queue->pending_tail = NULL;
    if (queue->has_yield && launch->epoch <= queue->yield_epoch) {
      launch->status = CKPT_OK;
      launch->result = (ckpt_launch_outcome_t){
          .ran = false,
          .outcome = {.yielded = false, .label = -1, .name = NULL, .cp_id = -1},
          .yielded_launch = queue->yield_launch,
          .yielded_label = queue->yield_label,
      };
      finish(queue, launch);
      continue;
    }
    queue->running = true;
    pthread_mutex_unlock(&queue->lock);
    run_one(context, launch);
  }
  pthread_mutex_unlock(&queue->lock);
  return NULL;
}

/* Under the lock. */
static void wait_idle(ckpt_launch_queue_t *queue) {
  while (queue->pending_head || queue->running) pthread_cond_wait(&queue->changed, &queue->lock);
}

void ckpt_launch_queue_drain(ckpt_context_t *context) {
  ckpt_launch_queue_t *queue = &context->queue;
  pthread_mutex_lock(&queue->lock);
  wait_idle(queue);
  pthread_mutex_unlock(&queue->lock);
}

void ckpt_launch_queue_release(ckpt_context_t *context) {
  ckpt_launch_queue_t *queue = &context->queue;
  pthread_mutex_lock(&queue->lock);
  wait_idle(queue);
  queue->stopping = true;
  pthread_cond_broadcast(&queue->changed);
  bool started = queue->worker_started;
  pthread_mutex_unlock(&queue->lock);
  if (started) pthread_join(queue->worker, NULL);
  while (queue->launches) free_launch(queue, queue->launches);
  free(ckpt_context_take_worker_error(context));
  pthread_cond_destroy(&queue->changed);
  pthread_mutex_destroy(&queue->lock);
}

/* A launch record with a copy of `args`: the array and the storage each entry points at. */
static ckpt_status_code_t make_launch(ckpt_kernel_t *kernel, int64_t resume_cp_id,
                                      int64_t resume_label, void **args,
                                      ckpt_launch_t **out_launch) {
  const ckpt_plan_view_t *view = &kernel->view;
  size_t bytes = 0;
  for (int64_t i = 0; i < view->param_count; ++i) {
    const ckpt_plan_param_t *param = &view->params[i];
    bytes += (ckpt_param_storage_size(param->kind, param->rank, param->elem_bits) + 15) & ~(size_t)15;
  }
  ckpt_launch_t *launch = calloc(1, sizeof(*launch));
  unsigned char *storage = malloc((size_t)view->param_count * sizeof(void *) + bytes + 1);
  if (!launch || !storage) {
    free(launch);
    free(storage);
    return ckpt_context_fail(kernel->context, CKPT_ERROR_OUT_OF_MEMORY,
                             "out of memory queueing a launch of kernel '%s'", view->kernel_name);
  }
  launch->context = kernel->context;
  launch->kernel = kernel;
  launch->resume_cp_id = resume_cp_id;
  launch->resume_label = resume_label;
  launch->storage = storage;
  launch->args = (void **)storage;
  unsigned char *at = storage + (size_t)view->param_count * sizeof(void *);
  for (int64_t i = 0; i < view->param_count; ++i) {
    const ckpt_plan_param_t *param = &view->params[i];
    size_t size = ckpt_param_storage_size(param->kind, param->rank, param->elem_bits);
    memcpy(at, args[i], size);
    launch->args[i] = at;
    at += (size + 15) & ~(size_t)15;
  }
  *out_launch = launch;
  return CKPT_OK;
}

/* Under the lock: numbers the launch and appends it to the queue, starting the worker. */
static ckpt_status_code_t enqueue(ckpt_context_t *context, ckpt_launch_t *launch) {
  ckpt_launch_queue_t *queue = &context->queue;
  if (!queue->worker_started) {
    if (pthread_create(&queue->worker, NULL, worker_main, context) != 0)
      return ckpt_context_fail(context, CKPT_ERROR_OUT_OF_MEMORY,
                               "cannot start the context's launch thread");
    queue->worker_started = true;
  }
  launch->id = ++queue->last_id;
  launch->epoch = queue->acknowledged;
  launch->next = queue->launches;
  if (queue->launches) queue->launches->previous = launch;
  queue->launches = launch;
  if (queue->pending_tail)
    queue->pending_tail->next_pending = launch;
  else
    queue->pending_head = launch;
  queue->pending_tail = launch;
  pthread_cond_broadcast(&queue->changed);
  return CKPT_OK;
}

ckpt_status_code_t ckpt_launch_queue_submit(ckpt_kernel_t *kernel, int64_t resume_cp_id,
                                            int64_t resume_label, void **args,
                                            ckpt_launch_t **out_launch) {
  ckpt_launch_t *launch = NULL;
  ckpt_status_code_t code = make_launch(kernel, resume_cp_id, resume_label, args, &launch);
  if (code != CKPT_OK) return code;
  ckpt_launch_queue_t *queue = &kernel->context->queue;
  pthread_mutex_lock(&queue->lock);
  code = enqueue(kernel->context, launch);
  pthread_mutex_unlock(&queue->lock);
  if (code != CKPT_OK) {
    free(launch->storage);
    free(launch);
    return code;
  }
  *out_launch = launch;
  return CKPT_OK;
}

/* Under the lock: a done launch's outcome reaches the host, which has now seen the yield
 * it reports (its own, or the one it was skipped behind). */
static void acknowledge(ckpt_launch_queue_t *queue, const ckpt_launch_t *launch) {
  if (launch->status != CKPT_OK) return;
  uint64_t yielded = launch->result.ran ? (launch->result.outcome.yielded ? launch->id : 0)
                                        : launch->result.yielded_launch;
  if (yielded && queue->has_yield && !queue->yield_acknowledged && queue->yield_launch == yielded) {
    queue->yield_acknowledged = true;
    ++queue->acknowledged;
  }
}

/* Under the lock, for a done launch: its outcome, and its failure as the host's error. */
static ckpt_status_code_t report(ckpt_launch_t *launch, ckpt_launch_outcome_t *out_outcome) {
  acknowledge(&launch->context->queue, launch);
  if (out_outcome) *out_outcome = launch->result;
  if (launch->status != CKPT_OK)
    return ckpt_context_fail(launch->context, launch->status, "%s",
                             launch->error ? launch->error : "the launch failed");
  return CKPT_OK;
}

ckpt_status_code_t ckpt_launch_queue_run_sync(ckpt_kernel_t *kernel, int64_t resume_cp_id,
                                              int64_t resume_label, void **args,
                                              ckpt_outcome_t *out_outcome) {
  ckpt_context_t *context = kernel->context;
  ckpt_launch_queue_t *queue = &context->queue;
  pthread_mutex_lock(&queue->lock);
  if (!queue->pending_head && !queue->running) {
    /* Nothing ahead of it: it runs here, unless a yield of the worker's is unseen. Then
     * it does not run, and the answer naming the yield shows the host that yield, as a
     * launch skipped behind it would. */
    if (queue->has_yield && !queue->yield_acknowledged) {
      uint64_t id = queue->yield_launch;
      int64_t label = queue->yield_label;
      queue->yield_acknowledged = true;
      ++queue->acknowledged;
      ++queue->last_id;
      pthread_mutex_unlock(&queue->lock);
      return ckpt_context_fail(context, CKPT_ERROR_SKIPPED,
                               "launch %llu yielded at label %lld and the host has not waited "
                               "for it; this launch of kernel '%s' did not run (wait for launch "
                               "%llu with ckpt_launch_wait, act on the yield, then launch again)",
                               (unsigned long long)id, (long long)label, kernel->view.kernel_name,
                               (unsigned long long)id);
    }
    ++queue->last_id;
    pthread_mutex_unlock(&queue->lock);
    pthread_mutex_lock(&context->backend_lock);
    trace_start(kernel, resume_cp_id, resume_label);
    ckpt_status_code_t code = ckpt_kernel_run(kernel, resume_cp_id, args, out_outcome);
    pthread_mutex_unlock(&context->backend_lock);
    return code;
  }
  pthread_mutex_unlock(&queue->lock);
  ckpt_launch_t *launch = NULL;
  ckpt_status_code_t code =
      ckpt_launch_queue_submit(kernel, resume_cp_id, resume_label, args, &launch);
  if (code != CKPT_OK) return code;
  ckpt_launch_outcome_t result;
  code = ckpt_launch_wait(launch, &result);
  uint64_t id = launch->id;
  ckpt_launch_release(launch);
  if (code != CKPT_OK) return code;
  if (!result.ran)
    return ckpt_context_fail(context, CKPT_ERROR_SKIPPED,
                             "launch %llu, queued behind launch %llu which yielded at label %lld "
                             "before the host waited for it, did not run (wait for launch %llu "
                             "with ckpt_launch_wait, act on the yield, then launch again)",
                             (unsigned long long)id, (unsigned long long)result.yielded_launch,
                             (long long)result.yielded_label,
                             (unsigned long long)result.yielded_launch);
  *out_outcome = result.outcome;
  return CKPT_OK;
}

uint64_t ckpt_launch_id(const ckpt_launch_t *launch) { return launch ? launch->id : 0; }

ckpt_status_code_t ckpt_launch_wait(ckpt_launch_t *launch, ckpt_launch_outcome_t *out_outcome) {
  if (!launch) return CKPT_ERROR_INVALID_ARGUMENT;
  ckpt_launch_queue_t *queue = &launch->context->queue;
  pthread_mutex_lock(&queue->lock);
  while (!launch->done) pthread_cond_wait(&queue->changed, &queue->lock);
  ckpt_status_code_t code = report(launch, out_outcome);
  pthread_mutex_unlock(&queue->lock);
  return code;
}

ckpt_status_code_t ckpt_launch_query(ckpt_launch_t *launch, bool *out_done,
                                     ckpt_launch_outcome_t *out_outcome) {
  if (!launch) return CKPT_ERROR_INVALID_ARGUMENT;
  if (!out_done)
    return ckpt_context_fail(launch->context, CKPT_ERROR_INVALID_ARGUMENT,
                             "out_done is NULL querying launch %llu",
                             (unsigned long long)launch->id);
  ckpt_launch_queue_t *queue = &launch->context->queue;
  pthread_mutex_lock(&queue->lock);
  *out_done = launch->done;
  ckpt_status_code_t code = launch->done ? report(launch, out_outcome) : CKPT_OK;
  pthread_mutex_unlock(&queue->lock);
  return code;
}

void ckpt_launch_release(ckpt_launch_t *launch) {
  if (!launch) return;
  ckpt_launch_queue_t *queue = &launch->context->queue;
  pthread_mutex_lock(&queue->lock);
  launch->released = true;
  if (launch->done) free_launch(queue, launch);
  pthread_mutex_unlock(&queue->lock);
}
