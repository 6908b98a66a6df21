/* CUDA graphs from graph descriptions (core/graph_desc.h): one node per step, built and
 * instantiated once per entry point, then updated in place when arguments change. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/context.h"
#include "cuda/cuda_backend.h"

struct ckpt_cuda_exec_t {
  ckpt_graph_desc_t desc;
  CUgraph graph;
  CUgraph *bodies;                   /* per body; [0] is `graph`, the others belong to it */
  CUgraphNode *nodes;                /* per step */
  CUgraphConditionalHandle *handles; /* per handle */
  CUdeviceptr resets;                /* the handles desc.resets names, for loop conditions */
  uint64_t *step_addresses;          /* yield check, loop condition: the i32 it reads */
  CUgraphExec exec;
};

/* The parameters of one kernel node: at most five of the runtime's own, or a record's. */
typedef struct ckpt_cuda_node_params_t {
  CUDA_KERNEL_NODE_PARAMS kernel;
  void *pointers[5];
  void **record_pointers; /* owned; a task's */
  CUdeviceptr state, address, resets, outcome;
  CUgraphConditionalHandle handle;
  int cp_id, reset_count;
} ckpt_cuda_node_params_t;

static bool ckpt_cuda_step_is_kernel(ckpt_graph_step_kind_t kind) {
  return kind != CKPT_GRAPH_STEP_IF && kind != CKPT_GRAPH_STEP_WHILE;
}

static bool ckpt_cuda_step_is_own_kernel(ckpt_graph_step_kind_t kind) {
  return ckpt_cuda_step_is_kernel(kind) && kind != CKPT_GRAPH_STEP_TASK;
}

/* The device address of the i32 a yield check or loop condition reads (0 for others). */
static ckpt_status_code_t ckpt_cuda_step_address(ckpt_cuda_kernel_t *kernel,
                                                 const ckpt_graph_step_t *step, void **args,
                                                 uint64_t *out_address) {
  *out_address = 0;
  if (step->kind != CKPT_GRAPH_STEP_YIELD_CHECK && step->kind != CKPT_GRAPH_STEP_LOOP_CONDITION)
    return CKPT_OK;
  ckpt_device_ref_t ref;
  ckpt_status_code_t code = ckpt_device_kernel_param_ref(&kernel->device, args, step->param, &ref);
  if (code == CKPT_OK) *out_address = ref.address;
  return code;
}

/* Fills `params` for step `s` of `exec`; free params->record_pointers afterwards. */
static ckpt_status_code_t ckpt_cuda_node_params(ckpt_cuda_kernel_t *kernel, ckpt_cuda_exec_t *exec,
                                                int64_t s, ckpt_cuda_node_params_t *params) {
  ckpt_cuda_backend_t *backend = kernel->backend;
  const ckpt_graph_step_t *step = &exec->desc.steps[s];
  memset(params, 0, sizeof(*params));
  CUDA_KERNEL_NODE_PARAMS *node = &params->kernel;
  node->gridDimX = node->gridDimY = node->gridDimZ = 1;
  node->blockDimX = node->blockDimY = node->blockDimZ = 1;
  node->kernelParams = params->pointers;
  params->state = (CUdeviceptr)ckpt_device_kernel_state_ref(&kernel->device).address;
  params->address = (CUdeviceptr)exec->step_addresses[s];
  params->outcome = kernel->outcome_address;
  params->cp_id = (int)step->cp_id;
  ckpt_cuda_edges_t edges = backend->edges;
  int variant = edges == CKPT_CUDA_EDGES_ORDINARY                               ? 0
                : edges == CKPT_CUDA_EDGES_IN || edges == CKPT_CUDA_EDGES_EARLY ? 1
                                                                                : 2;
  if (step->handle >= 0) params->handle = exec->handles[step->handle];
  switch (step->kind) {
    case CKPT_GRAPH_STEP_TASK: {
      const ckpt_device_launch_t *launch = kernel->device.launches[step->plan_node];
      ckpt_status_code_t code = ckpt_cuda_resolve_function(kernel, step->plan_node, &node->func);
      if (code != CKPT_OK) return code;
      params->record_pointers = calloc((size_t)launch->param_count + 1, sizeof(void *));
      if (!params->record_pointers)
        return ckpt_context_fail(backend->context, CKPT_ERROR_OUT_OF_MEMORY, "out of memory");
      for (int64_t i = 0; i < launch->param_count; ++i)
        params->record_pointers[i] = launch->param_bytes + launch->param_offsets[i];
      node->kernelParams = params->record_pointers;
      node->gridDimX = launch->grid[0];
      node->gridDimY = launch->grid[1];
      node->gridDimZ = launch->grid[2];
      node->blockDimX = launch->block[0];
      node->blockDimY = launch->block[1];
      node->blockDimZ = launch->block[2];
      node->sharedMemBytes = launch->shared_bytes;
      return CKPT_OK;
    }
    case CKPT_GRAPH_STEP_YIELD_CHECK:
      node->func = backend->yield_check[variant];
      params->pointers[0] = &params->state;
      params->pointers[1] = &params->address;
      params->pointers[2] = &params->cp_id;
      params->pointers[3] = &params->outcome;
      return CKPT_OK;
    case CKPT_GRAPH_STEP_REPORT_YIELD:
      node->func = backend->report_yield[variant];
      params->pointers[0] = &params->state;
      params->pointers[1] = &params->outcome;
      return CKPT_OK;
    case CKPT_GRAPH_STEP_GATE:
      node->func = backend->checkpoint_gate[variant];
      params->pointers[0] = &params->state;
      params->pointers[1] = &params->cp_id;
      params->pointers[2] = &params->handle;
      return CKPT_OK;
    case CKPT_GRAPH_STEP_LOOP_CONDITION:
      node->func = backend->loop_condition[variant];
      params->resets = exec->resets +
                       (CUdeviceptr)(step->reset_first * (int64_t)sizeof(CUgraphConditionalHandle));
      params->reset_count = (int)step->reset_count;
      params->pointers[0] = &params->state;
      params->pointers[1] = &params->address;
      params->pointers[2] = &params->handle;
      params->pointers[3] = &params->resets;
      params->pointers[4] = &params->reset_count;
      return CKPT_OK;
    case CKPT_GRAPH_STEP_IF:
    case CKPT_GRAPH_STEP_WHILE:
      break;
  }
  return CKPT_OK;
}

static void ckpt_cuda_exec_free(ckpt_cuda_kernel_t *kernel, ckpt_cuda_exec_t *exec) {
  const ckpt_cuda_driver_t *driver = &kernel->backend->driver;
  if (exec->exec) driver->cuGraphExecDestroy(exec->exec);
  if (exec->graph) driver->cuGraphDestroy(exec->graph);
  if (exec->resets) driver->cuMemFree(exec->resets);
  ckpt_graph_desc_release(&exec->desc);
  free(exec->bodies);
  free(exec->nodes);
  free(exec->handles);
  free(exec->step_addresses);
  free(exec);
}

/* Whether the edge from a task's kernel to the task of step `step` may be programmatic:
 * the later kernel was compiled to wait for the earlier one on the device
 * (CKPT_NODE_FLAG_PROGRAMMATIC_WAIT), reading only the gating state before. It starts
 * once every block of the earlier kernel has released it (at entry; in a kernel that
 * stores the state, its recording thread after the store and a fence), so its state load
 * overlaps the earlier kernel's work. Edges out of the runtime's own kernels stay as CKPT_CUDA_PDL says. */
static bool ckpt_cuda_task_follows_programmatically(const ckpt_cuda_kernel_t *kernel,
                                                    const ckpt_graph_step_t *step,
                                                    const ckpt_graph_step_t *previous) {
  const ckpt_plan_node_t *nodes = kernel->view->nodes;
  return kernel->backend->edges != CKPT_CUDA_EDGES_ORDINARY && step->kind == CKPT_GRAPH_STEP_TASK &&
         previous->kind == CKPT_GRAPH_STEP_TASK && nodes[step->plan_node].programmatic_wait &&
         nodes[previous->plan_node].programmatic_wait;
}

/* Adds step `s`'s node after step `previous` (-1: first in its body). With CKPT_CUDA_PDL the
 * edges into (and out of) the runtime's own kernels are programmatic: those kernels wait
 * for their predecessor, and release their successor only after a fence. */
static ckpt_status_code_t ckpt_cuda_add_step_node(ckpt_cuda_kernel_t *kernel,
                                                  ckpt_cuda_exec_t *exec, int64_t s,
                                                  int64_t previous_step) {
  ckpt_cuda_backend_t *backend = kernel->backend;
  const ckpt_graph_step_t *step = &exec->desc.steps[s];
  const ckpt_graph_step_t *before = previous_step >= 0 ? &exec->desc.steps[previous_step] : NULL;
  CUgraphNode previous = before ? exec->nodes[previous_step] : NULL;
  CUgraph body = exec->bodies[step->body];
  CUgraphNodeParams node = {0};
  CUgraphEdgeData edge = {0};
  ckpt_cuda_node_params_t params;
  memset(&params, 0, sizeof(params));
  if (ckpt_cuda_step_is_kernel(step->kind)) {
    ckpt_status_code_t code = ckpt_cuda_node_params(kernel, exec, s, &params);
    if (code != CKPT_OK) {
      free(params.record_pointers);
      return code;
    }
    node.type = CU_GRAPH_NODE_TYPE_KERNEL;
    memcpy(&node.kernel, &params.kernel, sizeof(params.kernel));
    ckpt_cuda_edges_t edges = backend->edges;
    bool after_kernel = before && ckpt_cuda_step_is_kernel(before->kind);
    if (after_kernel && ckpt_cuda_task_follows_programmatically(kernel, step, before)) {
      edge.type = CU_GRAPH_DEPENDENCY_TYPE_PROGRAMMATIC;
      edge.from_port = CU_GRAPH_KERNEL_NODE_PORT_PROGRAMMATIC;
      backend->stats.programmatic_task_edges++;
    } else if (after_kernel && ckpt_cuda_step_is_own_kernel(step->kind) &&
        edges != CKPT_CUDA_EDGES_ORDINARY) {
      edge.type = CU_GRAPH_DEPENDENCY_TYPE_PROGRAMMATIC;
      edge.from_port = edges == CKPT_CUDA_EDGES_EARLY || edges == CKPT_CUDA_EDGES_EARLY_BOTH
                           ? CU_GRAPH_KERNEL_NODE_PORT_LAUNCH_ORDER
                           : CU_GRAPH_KERNEL_NODE_PORT_PROGRAMMATIC;
    } else if (after_kernel && ckpt_cuda_step_is_own_kernel(before->kind) &&
               (edges == CKPT_CUDA_EDGES_BOTH || edges == CKPT_CUDA_EDGES_EARLY_BOTH)) {
      edge.type = CU_GRAPH_DEPENDENCY_TYPE_PROGRAMMATIC;
      edge.from_port = CU_GRAPH_KERNEL_NODE_PORT_PROGRAMMATIC;
    }
  } else {
    node.type = CU_GRAPH_NODE_TYPE_CONDITIONAL;
    node.conditional.handle = exec->handles[step->handle];
    node.conditional.type =
        step->kind == CKPT_GRAPH_STEP_IF ? CU_GRAPH_COND_TYPE_IF : CU_GRAPH_COND_TYPE_WHILE;
    node.conditional.size = 1;
    node.conditional.ctx = backend->cu_context;
  }
  CUresult result =
      backend->driver.cuGraphAddNode(&exec->nodes[s], body, previous ? &previous : NULL,
                                     previous ? &edge : NULL, previous ? 1 : 0, &node);
  free(params.record_pointers);
  ckpt_status_code_t code = ckpt_cuda_check(backend, result, "cuGraphAddNode");
  if (code == CKPT_OK && !ckpt_cuda_step_is_kernel(step->kind))
    exec->bodies[step->child_body] = node.conditional.phGraph_out[0];
  return code;
}

static ckpt_status_code_t ckpt_cuda_exec_build(ckpt_cuda_kernel_t *kernel, ckpt_cuda_exec_t *exec,
                                               void **args) {
  ckpt_cuda_backend_t *backend = kernel->backend;
  const ckpt_cuda_driver_t *driver = &backend->driver;
  ckpt_graph_desc_t *desc = &exec->desc;
  exec->bodies = calloc((size_t)desc->body_count, sizeof(CUgraph));
  exec->nodes = calloc((size_t)desc->step_count + 1, sizeof(CUgraphNode));
  exec->handles = calloc((size_t)desc->handle_count + 1, sizeof(CUgraphConditionalHandle));
  exec->step_addresses = calloc((size_t)desc->step_count + 1, sizeof(uint64_t));
  int64_t *last_step = malloc((size_t)desc->body_count * sizeof(*last_step));
  ckpt_status_code_t code = CKPT_OK;
  if (!exec->bodies || !exec->nodes || !exec->handles || !exec->step_addresses || !last_step) {
    code = ckpt_context_fail(backend->context, CKPT_ERROR_OUT_OF_MEMORY,
                             "out of memory building the graph of kernel '%s'",
                             kernel->view->kernel_name);
  }
  for (int64_t b = 0; last_step && b < desc->body_count; ++b) last_step[b] = -1;
  if (code == CKPT_OK)
    code = ckpt_cuda_check(backend, driver->cuGraphCreate(&exec->graph, 0), "cuGraphCreate");
  if (code == CKPT_OK) exec->bodies[0] = exec->graph;
  for (int64_t h = 0; code == CKPT_OK && h < desc->handle_count; ++h) {
    /* Every handle lives in the root graph, so ASSIGN_DEFAULT applies at each launch. */
    code = ckpt_cuda_check(backend,
                           driver->cuGraphConditionalHandleCreate(
                               &exec->handles[h], exec->graph, backend->cu_context,
                               desc->handles[h].is_loop ? 1 : 0, CU_GRAPH_COND_ASSIGN_DEFAULT),
                           "cuGraphConditionalHandleCreate");
  }
  if (code == CKPT_OK && desc->reset_count > 0) {
    size_t bytes = (size_t)desc->reset_count * sizeof(CUgraphConditionalHandle);
    CUgraphConditionalHandle *values = calloc((size_t)desc->reset_count, sizeof(*values));
    if (!values) {
      code = ckpt_context_fail(backend->context, CKPT_ERROR_OUT_OF_MEMORY, "out of memory");
    } else {
      for (int64_t r = 0; r < desc->reset_count; ++r) values[r] = exec->handles[desc->resets[r]];
      code = ckpt_cuda_check(backend, driver->cuMemAlloc(&exec->resets, bytes), "cuMemAlloc");
      if (code == CKPT_OK)
        /* On the backend's stream, which may be the caller's: a plain cuMemcpyHtoD would
         * wait for the legacy default stream. Pageable `values` may be freed on return. */
        code = ckpt_cuda_check(
            backend, driver->cuMemcpyHtoDAsync(exec->resets, values, bytes, backend->stream),
            "cuMemcpyHtoDAsync");
      free(values);
    }
  }
  for (int64_t s = 0; code == CKPT_OK && s < desc->step_count; ++s) {
    const ckpt_graph_step_t *step = &desc->steps[s];
    code = ckpt_cuda_step_address(kernel, step, args, &exec->step_addresses[s]);
    if (code == CKPT_OK)
      code = ckpt_cuda_add_step_node(kernel, exec, s, last_step[step->body]);
    last_step[step->body] = s;
  }
  free(last_step);
  if (code != CKPT_OK) return code;
  backend->stats.graph_builds++;
  code = ckpt_cuda_check(backend, driver->cuGraphInstantiateWithFlags(&exec->exec, exec->graph, 0),
                         "cuGraphInstantiate");
  if (code != CKPT_OK) return code;
  backend->stats.instantiations++;
  if (backend->context->trace) {
    fprintf(stderr, "ckpt: cuda: instantiated graph for %s (%lld nodes, %s gating",
            kernel->view->kernel_name, (long long)desc->step_count,
            ckpt_graph_gating_name(desc->gating));
    if (desc->entry_node > 0)
      fprintf(stderr, ", resume entry at node %lld", (long long)desc->entry_node);
    fprintf(stderr, ")\n");
    fflush(stderr);
  }
  return CKPT_OK;
}

ckpt_status_code_t ckpt_cuda_exec_get(ckpt_cuda_kernel_t *kernel, int64_t entry_node, void **args,
                                      ckpt_cuda_exec_t **out_exec) {
  for (int64_t i = 0; i < kernel->exec_count; ++i) {
    if (kernel->execs[i]->desc.entry_node == entry_node) {
      *out_exec = kernel->execs[i];
      return CKPT_OK;
    }
  }
  ckpt_context_t *context = kernel->backend->context;
  ckpt_cuda_exec_t **grown =
      realloc(kernel->execs, (size_t)(kernel->exec_count + 1) * sizeof(*kernel->execs));
  if (!grown) return ckpt_context_fail(context, CKPT_ERROR_OUT_OF_MEMORY, "out of memory");
  kernel->execs = grown;
  ckpt_cuda_exec_t *exec = calloc(1, sizeof(*exec));
  if (!exec) return ckpt_context_fail(context, CKPT_ERROR_OUT_OF_MEMORY, "out of memory");
  ckpt_status_code_t code = CKPT_OK;
  if (!ckpt_graph_desc_build(kernel->view, kernel->gating, entry_node, &exec->desc)) {
    code = ckpt_context_fail(context, CKPT_ERROR_OUT_OF_MEMORY,
                             "out of memory describing the graph of kernel '%s'",
                             kernel->view->kernel_name);
  }
  if (code == CKPT_OK) code = ckpt_cuda_exec_build(kernel, exec, args);
  if (code != CKPT_OK) {
    ckpt_cuda_exec_free(kernel, exec);
    return code;
  }
  kernel->execs[kernel->exec_count++] = exec;
  *out_exec = exec;
  return CKPT_OK;
}

/* Kernel nodes inside conditional bodies may refuse an in-place update on some drivers;
 * then the template node is changed and the whole executable graph updated from it. */
static ckpt_status_code_t ckpt_cuda_update_node(ckpt_cuda_kernel_t *kernel, ckpt_cuda_exec_t *exec,
                                                int64_t s, bool *needs_whole_update) {
  ckpt_cuda_backend_t *backend = kernel->backend;
  ckpt_cuda_node_params_t params;
  ckpt_status_code_t code = ckpt_cuda_node_params(kernel, exec, s, &params);
  if (code == CKPT_OK) {
    CUresult result =
        backend->driver.cuGraphExecKernelNodeSetParams(exec->exec, exec->nodes[s], &params.kernel);
    if (result != CUDA_SUCCESS && exec->desc.steps[s].body != 0) {
      *needs_whole_update = true;
      result = CUDA_SUCCESS;
    }
    code = ckpt_cuda_check(backend, result, "cuGraphExecKernelNodeSetParams");
    if (code == CKPT_OK)
      code = ckpt_cuda_check(
          backend, backend->driver.cuGraphKernelNodeSetParams(exec->nodes[s], &params.kernel),
          "cuGraphKernelNodeSetParams");
  }
  free(params.record_pointers);
  if (code == CKPT_OK) backend->stats.node_updates++;
  return code;
}

ckpt_status_code_t ckpt_cuda_execs_update(ckpt_cuda_kernel_t *kernel, void **args) {
  ckpt_cuda_backend_t *backend = kernel->backend;
  for (int64_t e = 0; e < kernel->exec_count; ++e) {
    ckpt_cuda_exec_t *exec = kernel->execs[e];
    bool needs_whole_update = false;
    int64_t updated = 0;
    for (int64_t s = 0; s < exec->desc.step_count; ++s) {
      const ckpt_graph_step_t *step = &exec->desc.steps[s];
      bool changed = false;
      if (step->kind == CKPT_GRAPH_STEP_TASK) {
        changed = kernel->device.launch_changed[step->plan_node];
      } else {
        uint64_t address = 0;
        ckpt_status_code_t code = ckpt_cuda_step_address(kernel, step, args, &address);
        if (code != CKPT_OK) return code;
        changed = address != exec->step_addresses[s];
        exec->step_addresses[s] = address;
      }
      if (!changed) continue;
      ckpt_status_code_t code = ckpt_cuda_update_node(kernel, exec, s, &needs_whole_update);
      if (code != CKPT_OK) return code;
      ++updated;
    }
    if (needs_whole_update) {
      CUgraphExecUpdateResultInfo info;
      memset(&info, 0, sizeof(info));
      ckpt_status_code_t code = ckpt_cuda_check(
          backend, backend->driver.cuGraphExecUpdate(exec->exec, exec->graph, &info),
          "cuGraphExecUpdate");
      if (code != CKPT_OK) return code;
    }
    if (updated > 0 && backend->context->trace) {
      fprintf(stderr, "ckpt: cuda: updated %lld kernel nodes of %s%s\n", (long long)updated,
              kernel->view->kernel_name, needs_whole_update ? " (whole-graph update)" : "");
      fflush(stderr);
    }
  }
  return CKPT_OK;
}

ckpt_status_code_t ckpt_cuda_exec_launch(ckpt_cuda_kernel_t *kernel, ckpt_cuda_exec_t *exec) {
  ckpt_cuda_backend_t *backend = kernel->backend;
  backend->stats.graph_launches++;
  return ckpt_cuda_check(backend, backend->driver.cuGraphLaunch(exec->exec, backend->stream),
                         "cuGraphLaunch");
}

void ckpt_cuda_execs_release(ckpt_cuda_kernel_t *kernel) {
  for (int64_t e = 0; e < kernel->exec_count; ++e) ckpt_cuda_exec_free(kernel, kernel->execs[e]);
  free(kernel->execs);
  kernel->execs = NULL;
  kernel->exec_count = 0;
}

ckpt_status_code_t ckpt_cuda_execs_write_dot(ckpt_cuda_kernel_t *kernel, const char *path_prefix,
                                             int64_t *inout_file_count) {
  ckpt_cuda_backend_t *backend = kernel->backend;
  for (int64_t e = 0; e < kernel->exec_count; ++e) {
    if (!kernel->execs[e]) continue;
    size_t size = strlen(path_prefix) + 48;
    char *path = malloc(size);
    if (!path) {
      return ckpt_context_fail(backend->context, CKPT_ERROR_OUT_OF_MEMORY,
                               "out of memory naming the graph file for %s", path_prefix);
    }
    snprintf(path, size, "%s.cuda.%lld.dot", path_prefix, (long long)e);
    ckpt_status_code_t code = ckpt_cuda_check(
        backend,
        backend->driver.cuGraphDebugDotPrint(kernel->execs[e]->graph, path,
                                             CU_GRAPH_DEBUG_DOT_FLAGS_KERNEL_NODE_PARAMS |
                                                 CU_GRAPH_DEBUG_DOT_FLAGS_CONDITIONAL_NODE_PARAMS),
        "cuGraphDebugDotPrint");
    free(path);
    if (code != CKPT_OK) return code;
    ++*inout_file_count;
  }
  return CKPT_OK;
}
