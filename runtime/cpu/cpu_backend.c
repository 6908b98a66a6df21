/* The CPU target: the plan's dispatch table walked on the host by core's walker. Tasks
 * run synchronously, so flags are read straight from the caller's memory. */
#include <stdlib.h>

#include "core/args.h"
#include "core/backend.h"
#include "core/context.h"
#include "core/plan.h"
#include "core/registry.h"
#include "core/walk.h"

typedef struct ckpt_cpu_backend_t {
  ckpt_backend_t base;
} ckpt_cpu_backend_t;

/* What the walker's callbacks need for one launch. */
typedef struct ckpt_cpu_launch_t {
  const ckpt_plan_view_t *view;
  void **args;
} ckpt_cpu_launch_t;

static ckpt_status_code_t ckpt_cpu_run_node(void *user, int64_t node_index) {
  const ckpt_cpu_launch_t *launch = user;
  launch->view->plan.dispatch(launch->view->nodes[node_index].fn, launch->args, NULL);
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

static void ckpt_cpu_destroy(ckpt_backend_t *self) { free(self); }

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
  (void)self;
  ckpt_cpu_launch_t walk = {.view = kernel_state, .args = launch->args};
  return ckpt_walk(walk.view, launch->resume_cp_id, &ckpt_cpu_walk_ops, &walk, out_yield_cp_id);
}

static const ckpt_backend_vtable_t ckpt_cpu_backend_vtable = {
    .destroy = ckpt_cpu_destroy,
    .prepare_kernel = ckpt_cpu_prepare_kernel,
    .release_kernel = ckpt_cpu_release_kernel,
    .launch = ckpt_cpu_launch,
};

static ckpt_status_code_t ckpt_cpu_backend_create(ckpt_context_t *context,
                                                  ckpt_backend_t **out_backend) {
  ckpt_cpu_backend_t *backend = calloc(1, sizeof(*backend));
  if (!backend) {
    return ckpt_context_fail(context, CKPT_ERROR_OUT_OF_MEMORY,
                             "out of memory creating the CPU backend");
  }
  backend->base.vtable = &ckpt_cpu_backend_vtable;
  *out_backend = &backend->base;
  return CKPT_OK;
}

const ckpt_backend_factory_t ckpt_cpu_backend_factory = {
    .name = "cpu",
    .target = CKPT_TARGET_CPU,
    .try_create = ckpt_cpu_backend_create,
};
