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
  /* Submitted to the device (the backend's submit) and not finished yet, with its ticket
   * and its place in the queue's `in_flight` list. */
  bool in_flight;
  uint64_t ticket;
  ckpt_launch_t *next_in_flight;
};

/* The context whose worker runs on this thread, if any: how ckpt_context_fail, called
 * deep inside a backend, knows to keep the message away from the host's last error. The
 * host thread sets it too around the backend calls it makes for queued launches. */
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

/* Under the lock: the launch ran to `outcome`; a yield stops the launches queued before
 * the host sees it. */
static void record_ran(ckpt_launch_queue_t *queue, ckpt_launch_t *launch, ckpt_outcome_t outcome) {
  launch->status = CKPT_OK;
  launch->result = (ckpt_launch_outcome_t){.ran = true, .outcome = outcome, .yielded_label = -1};
  if (!outcome.yielded) return;
  queue->has_yield = true;
  queue->yield_acknowledged = false;
  queue->yield_launch = launch->id;
  queue->yield_label = outcome.label;
  /* A launch that ran was queued after every yield the host had seen then. */
  queue->yield_epoch = launch->epoch;
}

static void record_skipped(ckpt_launch_t *launch, uint64_t yielded_launch, int64_t yielded_label) {
  launch->status = CKPT_OK;
  launch->result = (ckpt_launch_outcome_t){
      .ran = false,
      .outcome = {.yielded = false, .label = -1, .name = NULL, .cp_id = -1},
      .yielded_launch = yielded_launch,
      .yielded_label = yielded_label,
  };
}

/* Under the lock: whether `launch` is queued behind a yield the host already knows of and
 * had not seen when it was queued; then it is recorded as skipped. */
static bool skipped_behind_known_yield(ckpt_launch_queue_t *queue, ckpt_launch_t *launch) {
  if (!queue->has_yield || launch->epoch > queue->yield_epoch) return false;
  record_skipped(launch, queue->yield_launch, queue->yield_label);
  return true;
}

/* Holding the backend lock, not the queue's: finishes launches in flight in submission
 * order, through `until` (NULL: all of them). Without `wait` it stops at the first that
 * is still running. A finished launch's outcome is recorded as if it had run on the
 * worker, so yields reach the host's bookkeeping in queue order. */
static void finish_in_flight(ckpt_context_t *context, const ckpt_launch_t *until, bool wait) {
  ckpt_launch_queue_t *queue = &context->queue;
  ckpt_backend_t *backend = context->backend;
  if (until && !until->in_flight) return;
  ckpt_context_t *saved_worker = ckpt_worker_context;
  ckpt_worker_context = context;
  while (queue->in_flight_head) {
    ckpt_launch_t *launch = queue->in_flight_head;
    bool done = false;
    ckpt_backend_result_t result = {.skipped = false, .yielded_launch = 0, .yield_cp_id = -1};
    ckpt_status_code_t code = backend->vtable->finish(backend, launch->ticket, wait, &done, &result);
    if (code == CKPT_OK && !done) break;
    char *error = code == CKPT_OK ? NULL : ckpt_context_take_worker_error(context);
    ckpt_outcome_t outcome = {.yielded = false, .label = -1, .name = NULL, .cp_id = -1};
    if (code == CKPT_OK && !result.skipped) outcome = ckpt_kernel_report(launch->kernel, result.yield_cp_id);
    pthread_mutex_lock(&queue->lock);
    queue->in_flight_head = launch->next_in_flight;
    if (!queue->in_flight_head) queue->in_flight_tail = NULL;
    --queue->in_flight_count;
    launch->in_flight = false;
    if (code != CKPT_OK) {
      launch->status = code;
      launch->error = error;
    } else if (result.skipped) {
      /* The yielding launch finished before this one: the queue knows its label. */
      bool known = queue->has_yield && queue->yield_launch == result.yielded_launch;
      record_skipped(launch, result.yielded_launch, known ? queue->yield_label : -1);
    } else {
      record_ran(queue, launch, outcome);
    }
    bool last = launch == until;
    finish(queue, launch);
    pthread_mutex_unlock(&queue->lock);
    if (last) break;
  }
  ckpt_worker_context = saved_worker;
}

/* Holding the backend lock, not the queue's: hands a launch whose kernel the backend can
 * submit to the device, in queue order. Launches in flight together must share a kernel
 * and arguments (the backend reuses what it recorded, and mirrors stay on the device
 * between them), so others are finished first. A launch behind a yield the host already
 * knows of is skipped here; one behind a yield only the device knows of is skipped there. */
static void start_on_device(ckpt_context_t *context, ckpt_launch_t *launch) {
  ckpt_launch_queue_t *queue = &context->queue;
  ckpt_backend_t *backend = context->backend;
  ckpt_kernel_t *kernel = launch->kernel;
  bool args_changed = ckpt_args_snapshot_update(&kernel->last_args, &kernel->view, launch->args);
  if (queue->in_flight_head && (queue->in_flight_kernel != kernel || args_changed))
    finish_in_flight(context, NULL, true);
  while (queue->in_flight_count >= kernel->submit_capacity)
    finish_in_flight(context, queue->in_flight_head, true);
  pthread_mutex_lock(&queue->lock);
  if (skipped_behind_known_yield(queue, launch)) {
    finish(queue, launch);
    pthread_mutex_unlock(&queue->lock);
    return;
  }
  ckpt_backend_submit_t submit = {
      .launch_id = launch->id,
      /* The host saw a yield since the last submission: launches queued from then on run. */
      .reset_gate = launch->epoch != queue->gate_epoch,
  };
  pthread_mutex_unlock(&queue->lock);
  ckpt_backend_launch_t backend_launch = {
      .args = launch->args,
      .resume_cp_id = launch->resume_cp_id,
      .args_changed = args_changed,
  };
  ckpt_context_t *saved_worker = ckpt_worker_context;
  ckpt_worker_context = context;
  trace_start(kernel, launch->resume_cp_id, launch->resume_label);
  uint64_t ticket = 0;
  ckpt_status_code_t code =
      backend->vtable->submit(backend, kernel->backend_state, &backend_launch, &submit, &ticket);
  char *error = code == CKPT_OK ? NULL : ckpt_context_take_worker_error(context);
  ckpt_worker_context = saved_worker;
  pthread_mutex_lock(&queue->lock);
  if (code != CKPT_OK) {
    launch->status = code;
    launch->error = error;
    finish(queue, launch);
  } else {
    queue->gate_epoch = launch->epoch;
    launch->in_flight = true;
    launch->ticket = ticket;
    if (queue->in_flight_tail)
      queue->in_flight_tail->next_in_flight = launch;
    else
      queue->in_flight_head = launch;
    queue->in_flight_tail = launch;
    ++queue->in_flight_count;
    queue->in_flight_kernel = kernel;
    pthread_cond_broadcast(&queue->changed);
  }
  pthread_mutex_unlock(&queue->lock);
}

/* On the worker, returning with the queue's lock held. A launch the device gates is only
 * submitted; any other first waits for those in flight, whose yields decide whether it
 * runs. */
static void run_one(ckpt_context_t *context, ckpt_launch_t *launch) {
  ckpt_launch_queue_t *queue = &context->queue;
  ckpt_kernel_t *kernel = launch->kernel;
  ckpt_context_lock_backend(context);
  if (kernel->submit_capacity > 0) {
    start_on_device(context, launch);
    ckpt_context_unlock_backend(context);
    pthread_mutex_lock(&queue->lock);
    queue->running = false;
    pthread_cond_broadcast(&queue->changed);
    return;
  }
  finish_in_flight(context, NULL, true);
  pthread_mutex_lock(&queue->lock);
  bool skipped = skipped_behind_known_yield(queue, launch);
  pthread_mutex_unlock(&queue->lock);
  ckpt_outcome_t outcome;
  ckpt_status_code_t code = CKPT_OK;
  char *error = NULL;
  if (!skipped) {
    trace_start(kernel, launch->resume_cp_id, launch->resume_label);
    code = ckpt_kernel_run(kernel, launch->resume_cp_id, launch->args, &outcome);
    if (code != CKPT_OK) error = ckpt_context_take_worker_error(context);
  }
  ckpt_context_unlock_backend(context);
  pthread_mutex_lock(&queue->lock);
  queue->running = false;
  if (skipped) {
    /* recorded already */
  } else if (code != CKPT_OK) {
    launch->status = code;
    launch->error = error;
  } else {
    record_ran(queue, launch, outcome);
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
  bool in_flight = queue->in_flight_head != NULL;
  pthread_mutex_unlock(&queue->lock);
  if (!in_flight) return;
  /* The worker is idle and the caller queues nothing meanwhile: nothing more is submitted. */
  ckpt_context_lock_backend(context);
  finish_in_flight(context, NULL, true);
  ckpt_context_unlock_backend(context);
}

void ckpt_launch_queue_release(ckpt_context_t *context) {
  ckpt_launch_queue_t *queue = &context->queue;
  ckpt_launch_queue_drain(context);
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

/* Under the lock: numbers the launch and adds it to the queue's list of launches. */
static void number(ckpt_launch_queue_t *queue, ckpt_launch_t *launch) {
  launch->id = ++queue->last_id;
  launch->epoch = queue->acknowledged;
  launch->next = queue->launches;
  if (queue->launches) queue->launches->previous = launch;
  queue->launches = launch;
}

/* Under the lock: numbers the launch and appends it to the worker's pending launches,
 * starting the worker. */
static ckpt_status_code_t enqueue(ckpt_context_t *context, ckpt_launch_t *launch) {
  ckpt_launch_queue_t *queue = &context->queue;
  if (!queue->worker_started) {
    if (pthread_create(&queue->worker, NULL, worker_main, context) != 0)
      return ckpt_context_fail(context, CKPT_ERROR_OUT_OF_MEMORY,
                               "cannot start the context's launch thread");
    queue->worker_started = true;
  }
  number(queue, launch);
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
  ckpt_context_t *context = kernel->context;
  ckpt_launch_queue_t *queue = &context->queue;
  ckpt_status_code_t code = ckpt_context_check_backend(context);
  if (code != CKPT_OK)
    return code;
  ckpt_launch_t *launch = NULL;
  code = make_launch(kernel, resume_cp_id, resume_label, args, &launch);
  if (code != CKPT_OK)
    return code;
  /* A launch the device gates is submitted here when nothing waits for the worker: the
   * caller's thread pays for the submission, never for the device. */
  pthread_mutex_lock(&queue->lock);
  bool direct = kernel->submit_capacity > 0 && !queue->pending_head && !queue->running;
  if (!direct) code = enqueue(context, launch);
  pthread_mutex_unlock(&queue->lock);
  if (direct) {
    /* Only this thread queues, so the worker stays idle meanwhile; the backend lock is
     * taken first, as everywhere both are held. */
    ckpt_context_lock_backend(context);
    pthread_mutex_lock(&queue->lock);
    number(queue, launch);
    pthread_mutex_unlock(&queue->lock);
    start_on_device(context, launch);
    ckpt_context_unlock_backend(context);
  }
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
  ckpt_status_code_t code = ckpt_context_check_backend(context);
  if (code != CKPT_OK)
    return code;
  pthread_mutex_lock(&queue->lock);
  if (!queue->pending_head && !queue->running && !queue->in_flight_head) {
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
    ckpt_context_lock_backend(context);
    trace_start(kernel, resume_cp_id, resume_label);
    code = ckpt_kernel_run(kernel, resume_cp_id, args, out_outcome);
    ckpt_context_unlock_backend(context);
    return code;
  }
  pthread_mutex_unlock(&queue->lock);
  ckpt_launch_t *launch = NULL;
  code = ckpt_launch_queue_submit(kernel, resume_cp_id, resume_label, args, &launch);
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
  ckpt_context_t *context = launch->context;
  /* The worker, or the device's launches in flight, would wait for this thread. */
  ckpt_status_code_t code = ckpt_context_check_backend(context);
  if (code != CKPT_OK)
    return code;
  pthread_mutex_lock(&queue->lock);
  while (!launch->done) {
    if (!launch->in_flight) {
      pthread_cond_wait(&queue->changed, &queue->lock);
      continue;
    }
    /* On the device: its fence is waited for here, those of launches before it first. */
    pthread_mutex_unlock(&queue->lock);
    ckpt_context_lock_backend(context);
    finish_in_flight(context, launch, true);
    ckpt_context_unlock_backend(context);
    pthread_mutex_lock(&queue->lock);
  }
  code = report(launch, out_outcome);
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
  ckpt_context_t *context = launch->context;
  *out_done = false;
  ckpt_status_code_t code = ckpt_context_check_backend(context);
  if (code != CKPT_OK)
    return code;
  pthread_mutex_lock(&queue->lock);
  if (!launch->done && launch->in_flight) {
    pthread_mutex_unlock(&queue->lock);
    /* Never blocks: while the worker holds the backend, the launch counts as running. */
    if (ckpt_context_try_lock_backend(context)) {
      finish_in_flight(context, launch, false);
      ckpt_context_unlock_backend(context);
    }
    pthread_mutex_lock(&queue->lock);
  }
  *out_done = launch->done;
  code = launch->done ? report(launch, out_outcome) : CKPT_OK;
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
