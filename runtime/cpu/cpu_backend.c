/* The CPU target: the plan's dispatch table walked on the host by core's walker. Tasks
 * run synchronously, so flags are read straight from the caller's memory. A parallel task
 * (CKPT_NODE_FLAG_SPLIT) runs in blocks on a thread pool and is finished, every block of
 * it, before the walk goes on: the graph's order and its gating are the walker's alone. */
#define _GNU_SOURCE /* sched_getaffinity */
#include "cpu/cpu_backend.h"

#include <errno.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/args.h"
#include "core/context.h"
#include "core/plan.h"
#include "core/registry.h"
#include "core/thread_pool.h"
#include "core/walk.h"

typedef struct ckpt_cpu_backend_t {
  ckpt_backend_t base;
  ckpt_context_t *context;
  int64_t thread_count;
  ckpt_thread_pool_t *pool; /* started at the first split task when thread_count > 1 */
} ckpt_cpu_backend_t;

/* What the walker's callbacks need for one launch. */
typedef struct ckpt_cpu_launch_t {
  ckpt_cpu_backend_t *backend;
  const ckpt_plan_view_t *view;
  void **args;
} ckpt_cpu_launch_t;

/* One split task, as every thread running it sees it. */
typedef struct ckpt_cpu_split_job_t {
  ckpt_dispatch_fn_t dispatch;
  int64_t fn;
  void **args;
  int64_t block_count;
  _Atomic int64_t next_block;
} ckpt_cpu_split_job_t;

/* Each thread runs block `thread_index` first, so every thread takes part (a thread that
 * woke late still gets one block), then the next free block until none is left. */
static void ckpt_cpu_run_blocks(void *user, int64_t thread_index, int64_t thread_count) {
  (void)thread_count;
  ckpt_cpu_split_job_t *job = user;
  for (int64_t block = thread_index; block < job->block_count;
       block = atomic_fetch_add_explicit(&job->next_block, 1, memory_order_relaxed)) {
    ckpt_task_share_t share = {.index = block, .count = job->block_count};
    job->dispatch(job->fn, job->args, &share);
  }
}

static ckpt_status_code_t ckpt_cpu_start_pool(ckpt_cpu_backend_t *backend) {
  int error = ckpt_thread_pool_create(backend->thread_count, &backend->pool);
  if (error == 0) return CKPT_OK;
  return ckpt_context_fail(backend->context,
                           error == ENOMEM ? CKPT_ERROR_OUT_OF_MEMORY : CKPT_ERROR_BACKEND,
                           "could not start %lld CPU threads for a parallel task "
                           "(pthread_create: %s); set CKPT_CPU_THREADS to fewer threads, or "
                           "to 1 to run every task on the launching thread",
                           (long long)backend->thread_count, strerror(error));
}

static ckpt_status_code_t ckpt_cpu_run_node(void *user, int64_t node_index) {
  const ckpt_cpu_launch_t *launch = user;
  const ckpt_plan_view_t *view = launch->view;
  const ckpt_plan_node_t *node = &view->nodes[node_index];
  if (!node->split) {
    view->plan.dispatch(node->fn, launch->args, NULL);
    return CKPT_OK;
  }
  ckpt_cpu_backend_t *backend = launch->backend;
  if (backend->thread_count == 1) {
    ckpt_task_share_t whole = {.index = 0, .count = 1};
    view->plan.dispatch(node->fn, launch->args, &whole);
    return CKPT_OK;
  }
  if (!backend->pool) {
    ckpt_status_code_t code = ckpt_cpu_start_pool(backend);
    if (code != CKPT_OK) return code;
  }
  ckpt_cpu_split_job_t job = {.dispatch = view->plan.dispatch,
                              .fn = node->fn,
                              .args = launch->args,
                              .block_count = backend->thread_count * CKPT_CPU_BLOCKS_PER_THREAD};
  atomic_init(&job.next_block, backend->thread_count);
  ckpt_thread_pool_run(backend->pool, ckpt_cpu_run_blocks, &job);
  return CKPT_OK;
}

static ckpt_status_code_t ckpt_cpu_read_i32(void *user, int64_t param, int32_t *out_value) {
  const ckpt_cpu_launch_t *launch = user;
  *out_value = ckpt_memref_read_i32(launch->args[param]);
  return CKPT_OK;
}

static const ckpt_walk_ops_t ckpt_cpu_walk_ops = {
    .run_node = ckpt_cpu_run_node,
    .read_i32 = ckpt_cpu_read_i32,
};

static void ckpt_cpu_destroy(ckpt_backend_t *self) {
  ckpt_cpu_backend_t *backend = (ckpt_cpu_backend_t *)self;
  ckpt_thread_pool_destroy(backend->pool);
  free(backend);
}

/* The view already holds all the CPU needs, so it is the kernel state. */
static ckpt_status_code_t ckpt_cpu_prepare_kernel(ckpt_backend_t *self,
                                                  const ckpt_plan_view_t *view,
                                                  void **out_kernel_state) {
  (void)self;
  *out_kernel_state = (void *)view;
  return CKPT_OK;
}

static void ckpt_cpu_release_kernel(ckpt_backend_t *self, void *kernel_state) {
  (void)self;
  (void)kernel_state;
}

static ckpt_status_code_t ckpt_cpu_launch(ckpt_backend_t *self, void *kernel_state,
                                          const ckpt_backend_launch_t *launch,
                                          int64_t *out_yield_cp_id) {
  ckpt_cpu_launch_t walk = {
      .backend = (ckpt_cpu_backend_t *)self, .view = kernel_state, .args = launch->args};
  return ckpt_walk(walk.view, launch->resume_cp_id, &ckpt_cpu_walk_ops, &walk, out_yield_cp_id);
}

static const ckpt_backend_vtable_t ckpt_cpu_backend_vtable = {
    .destroy = ckpt_cpu_destroy,
    .prepare_kernel = ckpt_cpu_prepare_kernel,
    .release_kernel = ckpt_cpu_release_kernel,
    .launch = ckpt_cpu_launch,
};

/* The cores this process may run on (its affinity mask, which taskset and container
 * limits narrow), else the cores online. */
static int64_t ckpt_cpu_core_count(void) {
  cpu_set_t cores;
  if (sched_getaffinity(0, sizeof(cores), &cores) == 0 && CPU_COUNT(&cores) > 0)
    return CPU_COUNT(&cores);
  long online = sysconf(_SC_NPROCESSORS_ONLN);
  return online > 0 ? online : 1;
}

static int64_t ckpt_cpu_default_thread_count(void) {
  int64_t cores = ckpt_cpu_core_count();
  return cores < CKPT_CPU_MAX_THREADS ? cores : CKPT_CPU_MAX_THREADS;
}

/* CKPT_CPU_THREADS: 0 (the default) when unset or empty, the count when it is a decimal
 * integer in range, else -1. */
static int64_t ckpt_cpu_requested_thread_count(const char *value) {
  if (!value || !*value) return 0;
  if (strspn(value, "0123456789") != strlen(value) || strlen(value) > 4) return -1;
  long long count = strtoll(value, NULL, 10);
  return count >= 1 && count <= CKPT_CPU_MAX_THREADS ? count : -1;
}

ckpt_status_code_t ckpt_cpu_backend_set_thread_count(ckpt_backend_t *self,
                                                     int64_t thread_count) {
  ckpt_cpu_backend_t *backend = (ckpt_cpu_backend_t *)self;
  if (thread_count < 0 || thread_count > CKPT_CPU_MAX_THREADS) {
    return ckpt_context_fail(backend->context, CKPT_ERROR_INVALID_ARGUMENT,
                             "CPU thread count %lld is out of range; give 1 to %d, or 0 for "
                             "one thread per core (%lld here)",
                             (long long)thread_count, CKPT_CPU_MAX_THREADS,
                             (long long)ckpt_cpu_default_thread_count());
  }
  if (thread_count == 0) thread_count = ckpt_cpu_default_thread_count();
  if (backend->pool && ckpt_thread_pool_thread_count(backend->pool) != thread_count) {
    ckpt_thread_pool_destroy(backend->pool);
    backend->pool = NULL;
  }
  backend->thread_count = thread_count;
  return CKPT_OK;
}

int64_t ckpt_cpu_backend_thread_count(const ckpt_backend_t *self) {
  return ((const ckpt_cpu_backend_t *)self)->thread_count;
}

static ckpt_status_code_t ckpt_cpu_backend_create(ckpt_context_t *context,
                                                  ckpt_backend_t **out_backend) {
  /* options.cpu_thread_count (ckpt_context_create_with_options), when given, wins over
   * the environment. */
  const char *value = context->options.cpu_thread_count > 0 ? NULL : getenv("CKPT_CPU_THREADS");
  int64_t requested = ckpt_cpu_requested_thread_count(value);
  if (requested < 0) {
    return ckpt_context_fail(context, CKPT_ERROR_INVALID_ARGUMENT,
                             "CKPT_CPU_THREADS is '%s'; give a thread count from 1 to %d, or "
                             "leave it unset for one thread per core (%lld here)",
                             value, CKPT_CPU_MAX_THREADS,
                             (long long)ckpt_cpu_default_thread_count());
  }
  ckpt_cpu_backend_t *backend = calloc(1, sizeof(*backend));
  if (!backend) {
    return ckpt_context_fail(context, CKPT_ERROR_OUT_OF_MEMORY,
                             "out of memory creating the CPU backend");
  }
  backend->base.vtable = &ckpt_cpu_backend_vtable;
  backend->context = context;
  backend->thread_count = requested ? requested : ckpt_cpu_default_thread_count();
  ckpt_status_code_t code =
      context->options.cpu_thread_count > 0
          ? ckpt_cpu_backend_set_thread_count(&backend->base, context->options.cpu_thread_count)
          : CKPT_OK;
  if (code != CKPT_OK) {
    free(backend);
    return code;
  }
  *out_backend = &backend->base;
  return CKPT_OK;
}

const ckpt_backend_factory_t ckpt_cpu_backend_factory = {
    .name = "cpu",
    .target = CKPT_TARGET_CPU,
    .try_create = ckpt_cpu_backend_create,
};
