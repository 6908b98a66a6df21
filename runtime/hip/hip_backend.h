/* The HIP backend's internals, shared by hip_backend.c (library, device, memory, modules,
 * launch) and hip_graph.c (graphs from core/graph_desc.h), and the counters tests read.
 *
 * HIP graphs have no conditional nodes. A kernel's graph description (prologue gating)
 * is cut at its do-whiles into segments, each a straight chain of kernel nodes turned
 * into one hipGraph, instantiated once and updated in place when arguments change; a
 * do-while is a host loop over its body's segments. */
#ifndef CKPT_HIP_BACKEND_H
#define CKPT_HIP_BACKEND_H

#include <stdbool.h>
#include <stdint.h>

#include "core/backend.h"
#include "core/device.h"
#include "core/graph_desc.h"
#include "core/plan.h"
#include "hip/hip_api.h"
#include "hip/hip_bundle.h"

/* What the backend did, summed over its kernels; for tests and benchmarks. */
typedef struct ckpt_hip_stats_t {
  int64_t graph_builds;   /* hipGraphs created (one per segment) */
  int64_t instantiations; /* hipGraphInstantiate calls */
  int64_t node_updates;   /* kernel nodes updated in place (hipGraphExecKernelNodeSetParams) */
  int64_t graph_launches; /* hipGraphLaunch calls */
  int64_t readbacks;      /* waits for the device to learn a gating outcome: one per launch
                             and one per do-while iteration */
  int64_t module_loads;   /* hipModuleLoadData calls for plan images */
  int64_t state_uploads;  /* gating-state uploads; skipped when the device already holds it */
  int64_t queue_submits;  /* asynchronous launches queued to the device (hip_queue.c) */
} ckpt_hip_stats_t;

typedef struct ckpt_hip_backend_t {
  ckpt_backend_t base;
  ckpt_context_t *context;
  ckpt_hip_api_t api;
  int device;
  hipStream_t stream; /* ckpt's own, or the caller's (options.hip.stream) */
  bool caller_stream;
  char device_name[256];
  char chip[64]; /* the device's architecture up to its first ':' ("gfx942", "sm_90") */
  hipModule_t kernels_module; /* the runtime's own kernels (ckpt_hip_kernels.hip) */
  hipFunction_t yield_check, report_yield, loop_condition, queue_enter, queue_leave;
  /* The launch queue (hip_queue.c), made on the first submission; CKPT_HIP_QUEUE=host
   * leaves it off and every asynchronous launch host-ordered. */
  struct ckpt_hip_queue_t *queue;
  bool host_ordered_queue;
  ckpt_hip_stats_t stats;
} ckpt_hip_backend_t;

/* The gating state's reserved word, where the loop-condition kernel leaves whether a
 * do-while goes round again (ckpt_hip_kernels.hip). */
#define CKPT_HIP_STATE_LOOP_AGAIN 3

typedef struct ckpt_hip_program_t ckpt_hip_program_t;

typedef struct ckpt_hip_kernel_t {
  ckpt_hip_backend_t *backend;
  const ckpt_plan_view_t *view;
  ckpt_device_kernel_t device;
  hipModule_t *modules;       /* one per plan image (bundle), loaded on first use */
  hipFunction_t *functions;   /* one per plan node with a launch record */
  ckpt_hip_program_t **programs; /* one per entry node launched from */
  int64_t program_count;
  /* Mapped pinned memory (hip_backend.c lays it out): core's state words, the state as a
   * do-while's readback last copied it, and the outcome word the yield checks and the
   * report write a yielding cp_id into (core/device.h, memory.outcome). */
  int32_t *host_words;
  void *outcome_address; /* the outcome word's device address */
  int64_t in_flight;     /* launches submitted to the queue and not finished */
} ckpt_hip_kernel_t;

/* The gating state a do-while's readback copied last (host_words). */
const int32_t *ckpt_hip_readback(const ckpt_hip_kernel_t *kernel);

/* Records a yield the host found in a readback in the outcome word, for launches it stops
 * before the graph's own report runs. */
void ckpt_hip_record_yield(ckpt_hip_kernel_t *kernel, int32_t yield_cp);

/* Reports a failed HIP call on the backend's context as CKPT_ERROR_BACKEND:
 * "<call> failed: hipErrorX (description)". Returns CKPT_OK for hipSuccess. */
ckpt_status_code_t ckpt_hip_check(ckpt_hip_backend_t *backend, hipError_t error, const char *call);

/* The hipFunction_t of plan node `node`'s current launch record, loading its image first. */
ckpt_status_code_t ckpt_hip_resolve_function(ckpt_hip_kernel_t *kernel, int64_t node,
                                             hipFunction_t *out_function);

/* Brings the kernel's mirrors, records and graphs up to `launch`'s arguments and returns
 * the program of its entry point and the resume point its gating state must hold. */
ckpt_status_code_t ckpt_hip_prepare_program(ckpt_hip_kernel_t *kernel,
                                            const ckpt_backend_launch_t *launch,
                                            ckpt_hip_program_t **out_program,
                                            int64_t *out_resume_cp_id);

/* After a failure: no graph or device state of the kernel is trusted again. */
void ckpt_hip_distrust(ckpt_hip_kernel_t *kernel);

/* Copies the gating state back and waits for it: one readback. */
ckpt_status_code_t ckpt_hip_read_state(ckpt_hip_kernel_t *kernel);

/*--- segments (hip_graph.c) ----------------------------------------------------*/

/* One straight run of a body's steps between its do-whiles: [first, first + count) in
 * `steps`, which lists the run's step indices of the graph description. */
typedef struct ckpt_hip_segment_desc_t {
  int64_t body;
  int64_t first, count;
} ckpt_hip_segment_desc_t;

/* One item of a body, in order: a segment, or a do-while (a WHILE step). */
typedef struct ckpt_hip_item_t {
  int64_t segment; /* index into segments, or -1 */
  int64_t loop_step; /* the WHILE step, or -1 */
} ckpt_hip_item_t;

/* A graph description cut into segments; computed without a device (test_hip_segments). */
typedef struct ckpt_hip_segments_t {
  int64_t segment_count;
  ckpt_hip_segment_desc_t *segments; /* owned */
  int64_t *steps;                    /* owned; the segments' step indices end to end */
  int64_t *body_first;               /* owned; per body, its first item */
  int64_t *body_count;               /* owned; per body, its item count */
  ckpt_hip_item_t *items;            /* owned; the bodies' items end to end */
} ckpt_hip_segments_t;

/* Cuts `desc` into segments. WHILE steps, which are host loops, are left out. Returns false
 * only when memory runs out; release with ckpt_hip_segments_release also after that. */
bool ckpt_hip_segments_build(const ckpt_graph_desc_t *desc, ckpt_hip_segments_t *out);
void ckpt_hip_segments_release(ckpt_hip_segments_t *segments);

/* One line, for tests and traces: "[task n0; yield cp1 p1] while(n2) { [task n3; loop p4] }". */
char *ckpt_hip_segments_format(const ckpt_graph_desc_t *desc, const ckpt_hip_segments_t *segments);

/* The program for launches entering at top-level plan node `entry_node`: its segments'
 * graphs built and instantiated on first use. */
ckpt_status_code_t ckpt_hip_program_get(ckpt_hip_kernel_t *kernel, int64_t entry_node, void **args,
                                        ckpt_hip_program_t **out_program);

/* After the arguments changed: updates, in every graph, the nodes whose parameters moved. */
ckpt_status_code_t ckpt_hip_programs_update(ckpt_hip_kernel_t *kernel, void **args);

/* Runs the program: segments as graph launches, do-whiles as host loops that read the
 * state back once per iteration. Stops early once a readback shows a yield. */
ckpt_status_code_t ckpt_hip_program_run(ckpt_hip_kernel_t *kernel, ckpt_hip_program_t *program);

/* Destroys every graph of the kernel (they are rebuilt on the next launch). */
void ckpt_hip_programs_release(ckpt_hip_kernel_t *kernel);

/*--- the launch queue (hip_queue.c) -----------------------------------------------*/

int64_t ckpt_hip_submit_capacity(ckpt_backend_t *self, void *kernel_state);
ckpt_status_code_t ckpt_hip_submit(ckpt_backend_t *self, void *kernel_state,
                                   const ckpt_backend_launch_t *launch,
                                   const ckpt_backend_submit_t *submit, uint64_t *out_ticket);
ckpt_status_code_t ckpt_hip_finish(ckpt_backend_t *self, uint64_t ticket, bool wait,
                                   bool *out_done, ckpt_backend_result_t *out_result);
void ckpt_hip_queue_destroy(ckpt_hip_backend_t *backend);

/* The counters of the HIP backend of `context`; false if it has none. */
bool ckpt_hip_backend_stats(const ckpt_context_t *context, ckpt_hip_stats_t *out_stats);

#endif /* CKPT_HIP_BACKEND_H */
