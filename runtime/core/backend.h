/* The interface every target implements.
 *
 * Core owns the rules (validating the plan, labels, resume and yield bookkeeping,
 * tracing); a backend only turns a validated plan into work on its API and runs it from
 * a resume point. Each backend embeds ckpt_backend_t as its first member and fills the
 * vtable; every function takes that `self` first. Failures are reported with
 * ckpt_context_fail on the context the backend was created for, and returned. Core
 * reaches a backend only through the factory it registers (core/registry.h). */
#ifndef CKPT_CORE_BACKEND_H
#define CKPT_CORE_BACKEND_H

#include <stdbool.h>
#include <stdint.h>

#include "ckpt/ckpt.h"
#include "core/profile.h"

typedef struct ckpt_plan_view_t ckpt_plan_view_t;
typedef struct ckpt_backend_vtable_t ckpt_backend_vtable_t;

typedef struct ckpt_backend_t {
  const ckpt_backend_vtable_t *vtable;
} ckpt_backend_t;

/* One launch as core hands it to a backend. */
typedef struct ckpt_backend_launch_t {
  void **args; /* one pointer per plan parameter; checked non-NULL by core */
  /* The cp_id to resume at, or -1 for a fresh launch. Every checkpoint with a lower
   * cp_id, and every bare run or task before it, is skipped (docs/semantics.md, Resume). -1 rather than 0
   * marks "fresh" because resuming at cp 0 must still skip bare runs before it. */
  int64_t resume_cp_id;
  /* True on a kernel's first launch and whenever an argument (a memref descriptor or a
   * scalar's bytes) differs from the previous launch: a backend that baked arguments
   * into a graph or command buffer must update them. */
  bool args_changed;
  /* The kernel's profile while the context profiles, else NULL: the backend marks its
   * phases with core/profile.h's helpers, which do nothing on NULL. */
  ckpt_profile_t *profile;
} ckpt_backend_launch_t;

/* An asynchronous launch as core hands it to `submit` (docs/runtime-api.md, "Async"). */
typedef struct ckpt_backend_submit_t {
  uint64_t launch_id; /* its number in the context's queue */
  /* The host has seen the yield that closed the queue gate (or one since the last
   * submission): open the gate on the device before this launch. */
  bool reset_gate;
} ckpt_backend_submit_t;

/* What a submitted launch did, as `finish` reads it back. */
typedef struct ckpt_backend_result_t {
  /* The queue gate was closed when the launch reached the device: nothing of it ran. */
  bool skipped;
  uint64_t yielded_launch; /* when skipped: the launch whose yield closed the gate */
  int64_t yield_cp_id;     /* when it ran: the cp_id it yielded at, or -1 */
} ckpt_backend_result_t;

struct ckpt_backend_vtable_t {
  /* Frees the backend. Core has released every kernel state first. */
  void (*destroy)(ckpt_backend_t *self);

  /* Builds whatever the target needs to run `view` (a graph, a command buffer) and
   * returns it in *out_kernel_state. `view` is valid until release_kernel. */
  ckpt_status_code_t (*prepare_kernel)(ckpt_backend_t *self, const ckpt_plan_view_t *view,
                                       void **out_kernel_state);

  void (*release_kernel)(ckpt_backend_t *self, void *kernel_state);

  /* Runs one launch to completion or to its first yield, leaving every host-visible
   * argument coherent. *out_yield_cp_id is the cp_id of the checkpoint that yielded, or
   * -1 if the launch ran to the end. The backend never writes a yield flag. */
  ckpt_status_code_t (*launch)(ckpt_backend_t *self, void *kernel_state,
                               const ckpt_backend_launch_t *launch, int64_t *out_yield_cp_id);

  /* Optional (NULL where the target has no graph object of its own): writes the target's
   * own picture of every graph built so far for the kernel, one file per graph, named
   * `path_prefix` + ".<target>.<n>.dot", and adds their number to *inout_file_count. */
  ckpt_status_code_t (*write_target_dot)(ckpt_backend_t *self, void *kernel_state,
                                         const char *path_prefix, int64_t *inout_file_count);

  /* Optional (NULL where the target's device memory has host-visible addresses): makes
   * the caller's buffer `handle` of `size` bytes the device memory behind the address
   * range [pointer, pointer + size), which core reserved, until unregister_buffer. */
  ckpt_status_code_t (*register_buffer)(ckpt_backend_t *self, uint64_t handle, uint64_t size,
                                        const void *pointer);
  void (*unregister_buffer)(ckpt_backend_t *self, const void *pointer);

  /* Optional, all three or none: asynchronous launches that the device orders and gates
   * itself. The backend keeps a queue gate in device memory: a submitted launch first
   * reads it and, when it is closed, runs nothing and reports itself skipped with the
   * launch that closed it; a launch that yields closes it with its own id. Core submits
   * in queue order and finishes in the same order.
   *
   * submit_capacity: how many launches of the kernel may be in flight at once; 0 when
   * its plan needs the host during a launch (core then runs it with `launch`). Constant
   * for a kernel; asked once, after prepare_kernel. */
  int64_t (*submit_capacity)(ckpt_backend_t *self, void *kernel_state);

  /* Queues one launch on the device without waiting for it, and returns a ticket for
   * finish. Core guarantees that every launch in flight is of the same kernel and that
   * `launch->args_changed` is false while any is, and that fewer than submit_capacity
   * are. A failure means nothing was queued. */
  ckpt_status_code_t (*submit)(ckpt_backend_t *self, void *kernel_state,
                               const ckpt_backend_launch_t *launch,
                               const ckpt_backend_submit_t *submit, uint64_t *out_ticket);

  /* Finishes the oldest launch in flight, `ticket`: waits for it when `wait`, else sets
   * *out_done false and returns CKPT_OK if it is still running. Once done (*out_done
   * true, or a failure), the ticket is spent and *out_result says what the launch did;
   * host arguments are coherent when no later launch of the kernel is in flight. */
  ckpt_status_code_t (*finish)(ckpt_backend_t *self, uint64_t ticket, bool wait, bool *out_done,
                               ckpt_backend_result_t *out_result);
};

#endif /* CKPT_CORE_BACKEND_H */
