/* A context's queue of launches (ckpt.h, "Asynchronous launches"): the order they run
 * in, the worker thread that runs asynchronous ones, and the skipping of launches queued
 * behind a yield the host has not seen yet.
 *
 * Skipping is decided by epochs: the queue counts the yields the host has acknowledged
 * (seen through wait or query), and each launch remembers that count when it is queued.
 * When a launch yields, the queue notes the count of that moment; a later launch is
 * skipped if it was queued with a count no higher, that is, before the host saw the
 * yield. The rule is the device-side one (docs/runtime-api.md): a gate word set by the
 * yield and cleared by a command the host queues when it acknowledges.
 *
 * A backend with submit/finish (core/backend.h) applies that rule itself, on the device:
 * launches of kernels it can submit are handed to it in queue order (on the caller's
 * thread when the worker has nothing ahead of them) and collected in the same order by
 * wait, query, and whatever needs the queue idle. The worker still runs the others, each
 * after the launches in flight before it are finished. */
#ifndef CKPT_CORE_LAUNCH_QUEUE_H
#define CKPT_CORE_LAUNCH_QUEUE_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "ckpt/ckpt.h"

typedef struct ckpt_launch_queue_t {
  pthread_mutex_t lock; /* guards every field below and every launch's state */
  pthread_cond_t changed; /* a launch was queued or finished, or the worker must stop */
  pthread_t worker;
  bool worker_started;
  bool stopping;
  bool running; /* the worker is running a launch */
  ckpt_launch_t *pending_head, *pending_tail;
  ckpt_launch_t *launches; /* every launch not yet freed, for the context's destruction */
  uint64_t last_id;
  uint64_t acknowledged; /* yields the host has seen */
  /* The last yield of a launch run by the worker. */
  bool has_yield;
  bool yield_acknowledged;
  uint64_t yield_launch;
  int64_t yield_label;
  uint64_t yield_epoch; /* `acknowledged` when it yielded */
  /* Launches submitted to the device (backend.h, submit) and not finished yet, oldest
   * first, all of `in_flight_kernel`. Changed only with both this lock and the context's
   * backend lock held, so either lock lets a thread read it. */
  ckpt_launch_t *in_flight_head, *in_flight_tail;
  int64_t in_flight_count;
  ckpt_kernel_t *in_flight_kernel;
  /* `acknowledged` at the last submission to the device: a submission with a higher one
   * opens the device's queue gate first. */
  uint64_t gate_epoch;
  /* The message of a failure on the worker thread (ckpt_context_fail puts it here, not
   * in the context's last error, which the host thread owns). */
  char *worker_error;
} ckpt_launch_queue_t;

void ckpt_launch_queue_init(ckpt_launch_queue_t *queue);

/* Waits for every queued launch, stops the worker and frees every launch handle. */
void ckpt_launch_queue_release(ckpt_context_t *context);

/* Waits until no launch is queued or running (before a kernel is destroyed). */
void ckpt_launch_queue_drain(ckpt_context_t *context);

/* The worker's error slot on the worker, else the context's last error
 * (ckpt_context_error_slot, which ckpt_context_fail writes to, refines it). */
char **ckpt_launch_queue_error_slot(ckpt_context_t *context);

/* A synchronous launch: runs in queue order, on this thread when nothing is queued.
 * CKPT_ERROR_SKIPPED when it would run behind a yield the host has not seen. */
ckpt_status_code_t ckpt_launch_queue_run_sync(ckpt_kernel_t *kernel, int64_t resume_cp_id,
                                              int64_t resume_label, void **args,
                                              ckpt_outcome_t *out_outcome);

/* Queues an asynchronous launch (arguments already checked). */
ckpt_status_code_t ckpt_launch_queue_submit(ckpt_kernel_t *kernel, int64_t resume_cp_id,
                                            int64_t resume_label, void **args,
                                            ckpt_launch_t **out_launch);

#endif /* CKPT_CORE_LAUNCH_QUEUE_H */
