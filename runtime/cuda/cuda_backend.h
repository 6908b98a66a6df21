/* The CUDA backend's internals, shared by cuda_backend.c (driver, memory, launch) and
 * cuda_graph.c (graphs built from core/graph_desc.h), and the counters tests read.
 *
 * One kernel owns one graph per entry point it was launched from (the start for fresh
 * launches; a resume entry for resumes, see core/graph_desc.h), each built and
 * instantiated once. Later launches with other arguments only update the kernel nodes
 * whose parameters changed. */
#ifndef CKPT_CUDA_BACKEND_H
#define CKPT_CUDA_BACKEND_H

#include <stdbool.h>
#include <stdint.h>

#include "core/backend.h"
#include "core/device.h"
#include "core/plan.h"
#include "cuda/cuda_driver.h"
#include "core/graph_desc.h"

/* What the backend did, summed over its kernels; for tests and benchmarks. */
typedef struct ckpt_cuda_stats_t {
  int64_t graph_builds;    /* CUgraphs created */
  int64_t instantiations;  /* cuGraphInstantiate calls */
  int64_t node_updates;    /* kernel nodes updated in place (cuGraphExecKernelNodeSetParams) */
  int64_t graph_launches;  /* cuGraphLaunch calls */
  int64_t stream_launches; /* host gating: kernels launched one by one */
  int64_t state_uploads;   /* gating-state uploads; skipped when the device already holds it */
  int64_t programmatic_task_edges; /* task-to-task edges built programmatic */
  int64_t queue_submits;   /* launches queued on the device by submit (cuda_queue.c) */
} ckpt_cuda_stats_t;

/* The edges around the runtime's own kernels (CKPT_CUDA_PDL), for sm_90's programmatic
 * dependent launch. Into an own kernel, a programmatic edge lets it launch before the
 * task it follows has finished and wait for it on the device (griddepcontrol.wait); out
 * of one, the next task launches when the kernel releases it after a fence. The default,
 * "early", measured fastest on an H100 (bench/cuda); before sm_90 edges are ordinary.
 * Between two tasks compiled for it (CKPT_NODE_FLAG_PROGRAMMATIC_WAIT) the edge is
 * programmatic in every mode but "0". */
typedef enum ckpt_cuda_edges_t {
  CKPT_CUDA_EDGES_ORDINARY = 0, /* "0" */
  CKPT_CUDA_EDGES_IN,           /* "in": into own kernels, once the task releases them (at
                                   its exit, or at entry for tasks built with
                                   programmatic-launch, which makes this "early") */
  CKPT_CUDA_EDGES_BOTH,         /* "both": in, and out of own kernels */
  CKPT_CUDA_EDGES_EARLY,        /* "early": into own kernels once the task's blocks started */
  CKPT_CUDA_EDGES_EARLY_BOTH,   /* "early-both" */
} ckpt_cuda_edges_t;

typedef struct ckpt_cuda_queue_t ckpt_cuda_queue_t;

typedef struct ckpt_cuda_backend_t {
  ckpt_backend_t base;
  ckpt_context_t *context;
  ckpt_cuda_driver_t driver;
  CUdevice device;
  /* The device's primary context, retained, or the caller's (options.cuda.context). */
  CUcontext cu_context;
  bool caller_context;
  CUstream stream; /* ckpt's own, or the caller's (options.cuda.stream) */
  bool caller_stream;
  CUmodule kernels_module; /* the runtime's own kernels (ckpt_kernels.cu) */
  /* Each in the variants ckpt_kernels.cu describes: plain, _wait, _pdl. */
  CUfunction yield_check[3], loop_condition[3], checkpoint_gate[3], report_yield[3];
  CUfunction queue_enter, queue_leave; /* the steps around a queued launch */
  /* The device-gated launch queue (cuda_queue.c), made on the first submission; with
   * CKPT_CUDA_QUEUE=host every kernel runs host-ordered instead. */
  ckpt_cuda_queue_t *queue;
  bool host_ordered_queue;
  ckpt_graph_gating_t gating; /* for plans that leave it to the runtime (CKPT_CUDA_GATING) */
  ckpt_cuda_edges_t edges;   /* CKPT_CUDA_PDL */
  char device_name[128];
  ckpt_cuda_stats_t stats;
  /* Around the graph launch while profiling (ckpt/profile.h); created on first use. */
  CUevent profile_events[2];
} ckpt_cuda_backend_t;

typedef struct ckpt_cuda_exec_t ckpt_cuda_exec_t;

typedef struct ckpt_cuda_kernel_t {
  ckpt_cuda_backend_t *backend;
  const ckpt_plan_view_t *view;
  /* The plan's gating when it forces one (the compiler's gating= option), else the
   * backend's (CKPT_CUDA_GATING, default prologue: it is the faster, see docs). */
  ckpt_graph_gating_t gating;
  ckpt_device_kernel_t device;
  CUmodule *modules;        /* one per plan image, loaded on first use */
  CUfunction *functions;    /* one per plan node with a launch record, resolved at build */
  ckpt_cuda_exec_t **execs; /* one per entry node launched from */
  int64_t exec_count;
  /* Mapped pinned memory (cuda_backend.c lays it out): core's state words and the outcome
   * word a yield check writes the yielding cp_id into (device.h, memory.outcome). */
  int32_t *host_words;
  CUdeviceptr outcome_address;
  int64_t in_flight; /* launches submitted to the queue and not finished */
} ckpt_cuda_kernel_t;

/* Reports a failed driver call on the backend's context as CKPT_ERROR_BACKEND:
 * "<call> failed: CUDA_ERROR_X (description)". Returns CKPT_OK for CUDA_SUCCESS. */
ckpt_status_code_t ckpt_cuda_check(ckpt_cuda_backend_t *backend, CUresult result, const char *call);

/* The CUfunction of plan node `node`'s current launch record, loading its image first. */
ckpt_status_code_t ckpt_cuda_resolve_function(ckpt_cuda_kernel_t *kernel, int64_t node,
                                              CUfunction *out_function);

/* Brings the kernel's mirrors, records and graphs up to `launch`'s arguments (graphs
 * rebuilt when their structure changed, updated when only arguments did). */
ckpt_status_code_t ckpt_cuda_sync_arguments(ckpt_cuda_kernel_t *kernel,
                                            const ckpt_backend_launch_t *launch);

/* The top-level plan node a launch resuming at `resume_cp_id` (-1: fresh) enters its graph
 * at, and in *out_state_resume_cp_id the resume point the gating state must carry there. */
int64_t ckpt_cuda_graph_entry(const ckpt_cuda_kernel_t *kernel, int64_t resume_cp_id,
                              int64_t *out_state_resume_cp_id);

/* The graph for launches entering at top-level plan node `entry_node`, built and
 * instantiated on first use. */
ckpt_status_code_t ckpt_cuda_exec_get(ckpt_cuda_kernel_t *kernel, int64_t entry_node, void **args,
                                      ckpt_cuda_exec_t **out_exec);

/* After the arguments changed: updates, in every graph, the task nodes whose records
 * changed (device.launch_changed) and the runtime kernels whose flag or condition moved. */
ckpt_status_code_t ckpt_cuda_execs_update(ckpt_cuda_kernel_t *kernel, void **args);

ckpt_status_code_t ckpt_cuda_exec_launch(ckpt_cuda_kernel_t *kernel, ckpt_cuda_exec_t *exec);

/* Writes each graph built so far with cuGraphDebugDotPrint to
 * `path_prefix`.cuda.<n>.dot, adding their number to *inout_file_count. */
ckpt_status_code_t ckpt_cuda_execs_write_dot(ckpt_cuda_kernel_t *kernel, const char *path_prefix,
                                             int64_t *inout_file_count);

/* Destroys every graph of the kernel (they are rebuilt on the next launch). */
void ckpt_cuda_execs_release(ckpt_cuda_kernel_t *kernel);

/* The launch queue's vtable entries (core/backend.h; cuda_queue.c). */
int64_t ckpt_cuda_submit_capacity(ckpt_backend_t *self, void *kernel_state);
ckpt_status_code_t ckpt_cuda_submit(ckpt_backend_t *self, void *kernel_state,
                                    const ckpt_backend_launch_t *launch,
                                    const ckpt_backend_submit_t *submit, uint64_t *out_ticket);
ckpt_status_code_t ckpt_cuda_finish(ckpt_backend_t *self, uint64_t ticket, bool wait,
                                    bool *out_done, ckpt_backend_result_t *out_result);

/* Frees the queue; the backend's context is current and nothing is in flight. */
void ckpt_cuda_queue_destroy(ckpt_cuda_backend_t *backend);

/* The counters of the CUDA backend of `context`; false if it has none. */
bool ckpt_cuda_backend_stats(const ckpt_context_t *context, ckpt_cuda_stats_t *out_stats);

#endif /* CKPT_CUDA_BACKEND_H */
