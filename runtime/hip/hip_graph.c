/* HIP graphs from graph descriptions (core/graph_desc.h): a description cut into
 * segments at its do-whiles, one hipGraph per segment, built and instantiated once per
 * entry point, then updated in place when arguments change. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/context.h"
#include "core/string_builder.h"
#include "hip/hip_backend.h"

/*--- segments ------------------------------------------------------------------*/

bool ckpt_hip_segments_build(const ckpt_graph_desc_t *desc, ckpt_hip_segments_t *out) {
  memset(out, 0, sizeof(*out));
  size_t steps = (size_t)desc->step_count + 1;
  size_t bodies = (size_t)desc->body_count + 1;
  out->segments = calloc(steps, sizeof(*out->segments));
  out->steps = calloc(steps, sizeof(*out->steps));
  out->items = calloc(steps, sizeof(*out->items));
  out->body_first = calloc(bodies, sizeof(*out->body_first));
  out->body_count = calloc(bodies, sizeof(*out->body_count));
  if (!out->segments || !out->steps || !out->items || !out->body_first || !out->body_count)
    return false;
  int64_t step_total = 0, item_total = 0;
  for (int64_t body = 0; body < desc->body_count; ++body) {
    out->body_first[body] = item_total;
    ckpt_hip_segment_desc_t *open = NULL;
    for (int64_t s = 0; s < desc->step_count; ++s) {
      const ckpt_graph_step_t *step = &desc->steps[s];
      if (step->body != body) continue;
      if (step->kind == CKPT_GRAPH_STEP_WHILE) {
        out->items[item_total++] = (ckpt_hip_item_t){.segment = -1, .loop_step = s};
        open = NULL;
        continue;
      }
      if (!open) {
        out->items[item_total++] =
            (ckpt_hip_item_t){.segment = out->segment_count, .loop_step = -1};
        open = &out->segments[out->segment_count++];
        *open = (ckpt_hip_segment_desc_t){.body = body, .first = step_total, .count = 0};
      }
      out->steps[step_total++] = s;
      open->count++;
    }
    out->body_count[body] = item_total - out->body_first[body];
  }
  return true;
}

void ckpt_hip_segments_release(ckpt_hip_segments_t *segments) {
  free(segments->segments);
  free(segments->steps);
  free(segments->items);
  free(segments->body_first);
  free(segments->body_count);
  memset(segments, 0, sizeof(*segments));
}

static void ckpt_hip_format_body(const ckpt_graph_desc_t *desc, const ckpt_hip_segments_t *segments,
                                 int64_t body, ckpt_string_builder_t *text) {
  for (int64_t i = 0; i < segments->body_count[body]; ++i) {
    const ckpt_hip_item_t *item = &segments->items[segments->body_first[body] + i];
    ckpt_string_builder_append_format(text, "%s", i ? " " : "");
    if (item->segment < 0) {
      const ckpt_graph_step_t *loop = &desc->steps[item->loop_step];
      ckpt_string_builder_append_format(text, "while(n%lld) { ", (long long)loop->plan_node);
      ckpt_hip_format_body(desc, segments, loop->child_body, text);
      ckpt_string_builder_append_format(text, " }");
      continue;
    }
    const ckpt_hip_segment_desc_t *segment = &segments->segments[item->segment];
    ckpt_string_builder_append_format(text, "[");
    for (int64_t k = 0; k < segment->count; ++k) {
      const ckpt_graph_step_t *step = &desc->steps[segments->steps[segment->first + k]];
      const char *separator = k ? "; " : "";
      if (step->kind == CKPT_GRAPH_STEP_TASK)
        ckpt_string_builder_append_format(text, "%stask n%lld", separator,
                                          (long long)step->plan_node);
      else if (step->kind == CKPT_GRAPH_STEP_YIELD_CHECK)
        ckpt_string_builder_append_format(text, "%syield cp%lld p%lld", separator,
                                          (long long)step->cp_id, (long long)step->param);
      else if (step->kind == CKPT_GRAPH_STEP_REPORT_YIELD)
        ckpt_string_builder_append_format(text, "%sreport", separator);
      else if (step->kind == CKPT_GRAPH_STEP_LOOP_CONDITION)
        ckpt_string_builder_append_format(text, "%sloop p%lld", separator,
                                          (long long)step->param);
      else
        ckpt_string_builder_append_format(text, "%s?", separator);
    }
    ckpt_string_builder_append_format(text, "]");
  }
}

char *ckpt_hip_segments_format(const ckpt_graph_desc_t *desc,
                               const ckpt_hip_segments_t *segments) {
  ckpt_string_builder_t text = CKPT_STRING_BUILDER_INIT;
  ckpt_string_builder_append_format(&text, "%s", "");
  ckpt_hip_format_body(desc, segments, 0, &text);
  return ckpt_string_builder_take(&text);
}

/*--- programs -------------------------------------------------------------------*/

struct ckpt_hip_program_t {
  ckpt_graph_desc_t desc;
  ckpt_hip_segments_t segments;
  hipGraph_t *graphs;        /* per segment */
  hipGraphExec_t *execs;     /* per segment */
  hipGraphNode_t *nodes;     /* per step */
  uint64_t *step_addresses;  /* per step: the i32 a yield check or loop condition reads */
};

/* The parameters of one kernel node: the runtime's own kernels take at most four. */
typedef struct ckpt_hip_node_params_t {
  hipKernelNodeParams node;
  void *pointers[4];
  void **record_pointers; /* owned; a task's */
  uint64_t state, address;
  void *outcome;
  int cp_id;
} ckpt_hip_node_params_t;

static ckpt_status_code_t ckpt_hip_step_address(ckpt_hip_kernel_t *kernel,
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

/* Fills `params` for step `s`; free params->record_pointers afterwards. */
static ckpt_status_code_t ckpt_hip_node_params(ckpt_hip_kernel_t *kernel,
                                               ckpt_hip_program_t *program, int64_t s,
                                               ckpt_hip_node_params_t *params) {
  ckpt_hip_backend_t *backend = kernel->backend;
  const ckpt_graph_step_t *step = &program->desc.steps[s];
  memset(params, 0, sizeof(*params));
  hipKernelNodeParams *node = &params->node;
  node->gridDim = node->blockDim = (ckpt_hip_dim3_t){1, 1, 1};
  node->kernelParams = params->pointers;
  params->state = ckpt_device_kernel_state_ref(&kernel->device).address;
  params->address = program->step_addresses[s];
  params->outcome = kernel->outcome_address;
  params->cp_id = (int)step->cp_id;
  params->pointers[0] = &params->state;
  params->pointers[1] = &params->address;
  params->pointers[2] = &params->cp_id;
  params->pointers[3] = &params->outcome;
  if (step->kind == CKPT_GRAPH_STEP_YIELD_CHECK) {
    node->func = backend->yield_check;
    return CKPT_OK;
  }
  if (step->kind == CKPT_GRAPH_STEP_REPORT_YIELD) {
    params->pointers[1] = &params->outcome;
    node->func = backend->report_yield;
    return CKPT_OK;
  }
  if (step->kind == CKPT_GRAPH_STEP_LOOP_CONDITION) {
    node->func = backend->loop_condition;
    return CKPT_OK;
  }
  if (step->kind != CKPT_GRAPH_STEP_TASK)
    return ckpt_context_fail(backend->context, CKPT_ERROR_BACKEND,
                             "the HIP backend cannot build graph step kind %d",
                             (int)step->kind);
  const ckpt_device_launch_t *launch = kernel->device.launches[step->plan_node];
  hipFunction_t function = NULL;
  ckpt_status_code_t code = ckpt_hip_resolve_function(kernel, step->plan_node, &function);
  if (code != CKPT_OK) return code;
  params->record_pointers = calloc((size_t)launch->param_count + 1, sizeof(void *));
  if (!params->record_pointers)
    return ckpt_context_fail(backend->context, CKPT_ERROR_OUT_OF_MEMORY, "out of memory");
  for (int64_t i = 0; i < launch->param_count; ++i)
    params->record_pointers[i] = launch->param_bytes + launch->param_offsets[i];
  node->func = function;
  node->kernelParams = params->record_pointers;
  node->gridDim = (ckpt_hip_dim3_t){launch->grid[0], launch->grid[1], launch->grid[2]};
  node->blockDim = (ckpt_hip_dim3_t){launch->block[0], launch->block[1], launch->block[2]};
  node->sharedMemBytes = launch->shared_bytes;
  return CKPT_OK;
}

static void ckpt_hip_program_free(ckpt_hip_kernel_t *kernel, ckpt_hip_program_t *program) {
  const ckpt_hip_api_t *api = &kernel->backend->api;
  for (int64_t i = 0; i < program->segments.segment_count; ++i) {
    if (program->execs && program->execs[i]) api->hipGraphExecDestroy(program->execs[i]);
    if (program->graphs && program->graphs[i]) api->hipGraphDestroy(program->graphs[i]);
  }
  ckpt_graph_desc_release(&program->desc);
  ckpt_hip_segments_release(&program->segments);
  free(program->graphs);
  free(program->execs);
  free(program->nodes);
  free(program->step_addresses);
  free(program);
}

static ckpt_status_code_t ckpt_hip_segment_build(ckpt_hip_kernel_t *kernel,
                                                 ckpt_hip_program_t *program, int64_t index) {
  ckpt_hip_backend_t *backend = kernel->backend;
  const ckpt_hip_api_t *api = &backend->api;
  const ckpt_hip_segment_desc_t *segment = &program->segments.segments[index];
  ckpt_status_code_t code =
      ckpt_hip_check(backend, api->hipGraphCreate(&program->graphs[index], 0), "hipGraphCreate");
  hipGraphNode_t previous = NULL;
  for (int64_t k = 0; code == CKPT_OK && k < segment->count; ++k) {
    int64_t s = program->segments.steps[segment->first + k];
    ckpt_hip_node_params_t params;
    code = ckpt_hip_node_params(kernel, program, s, &params);
    if (code == CKPT_OK)
      code = ckpt_hip_check(backend,
                            api->hipGraphAddKernelNode(&program->nodes[s], program->graphs[index],
                                                       previous ? &previous : NULL,
                                                       previous ? 1 : 0, &params.node),
                            "hipGraphAddKernelNode");
    free(params.record_pointers);
    previous = program->nodes[s];
  }
  if (code != CKPT_OK) return code;
  backend->stats.graph_builds++;
  char log[256] = "";
  hipError_t error = api->hipGraphInstantiate(&program->execs[index], program->graphs[index],
                                              NULL, log, sizeof(log));
  code = ckpt_hip_check(backend, error, "hipGraphInstantiate");
  if (code != CKPT_OK) return code;
  backend->stats.instantiations++;
  return CKPT_OK;
}

static ckpt_status_code_t ckpt_hip_program_build(ckpt_hip_kernel_t *kernel,
                                                 ckpt_hip_program_t *program, void **args) {
  ckpt_hip_backend_t *backend = kernel->backend;
  ckpt_context_t *context = backend->context;
  if (!ckpt_hip_segments_build(&program->desc, &program->segments))
    return ckpt_context_fail(context, CKPT_ERROR_OUT_OF_MEMORY, "out of memory");
  size_t segments = (size_t)program->segments.segment_count + 1;
  size_t steps = (size_t)program->desc.step_count + 1;
  program->graphs = calloc(segments, sizeof(*program->graphs));
  program->execs = calloc(segments, sizeof(*program->execs));
  program->nodes = calloc(steps, sizeof(*program->nodes));
  program->step_addresses = calloc(steps, sizeof(*program->step_addresses));
  if (!program->graphs || !program->execs || !program->nodes || !program->step_addresses)
    return ckpt_context_fail(context, CKPT_ERROR_OUT_OF_MEMORY, "out of memory");
  ckpt_status_code_t code = CKPT_OK;
  for (int64_t s = 0; code == CKPT_OK && s < program->desc.step_count; ++s)
    code = ckpt_hip_step_address(kernel, &program->desc.steps[s], args, &program->step_addresses[s]);
  for (int64_t i = 0; code == CKPT_OK && i < program->segments.segment_count; ++i)
    code = ckpt_hip_segment_build(kernel, program, i);
  if (code == CKPT_OK && context->trace) {
    char *shape = ckpt_hip_segments_format(&program->desc, &program->segments);
    fprintf(stderr, "ckpt: hip: instantiated %lld graph%s for %s: %s\n",
            (long long)program->segments.segment_count,
            program->segments.segment_count == 1 ? "" : "s", kernel->view->kernel_name,
            shape ? shape : "?");
    fflush(stderr);
    free(shape);
  }
  return code;
}

ckpt_status_code_t ckpt_hip_program_get(ckpt_hip_kernel_t *kernel, int64_t entry_node, void **args,
                                        ckpt_hip_program_t **out_program) {
  for (int64_t i = 0; i < kernel->program_count; ++i) {
    if (kernel->programs[i]->desc.entry_node == entry_node) {
      *out_program = kernel->programs[i];
      return CKPT_OK;
    }
  }
  ckpt_context_t *context = kernel->backend->context;
  ckpt_hip_program_t **grown =
      realloc(kernel->programs, (size_t)(kernel->program_count + 1) * sizeof(*kernel->programs));
  if (!grown) return ckpt_context_fail(context, CKPT_ERROR_OUT_OF_MEMORY, "out of memory");
  kernel->programs = grown;
  ckpt_hip_program_t *program = calloc(1, sizeof(*program));
  if (!program) return ckpt_context_fail(context, CKPT_ERROR_OUT_OF_MEMORY, "out of memory");
  ckpt_status_code_t code = CKPT_OK;
  if (!ckpt_graph_desc_build(kernel->view, CKPT_GRAPH_GATING_PROLOGUE, entry_node, &program->desc))
    code = ckpt_context_fail(context, CKPT_ERROR_OUT_OF_MEMORY,
                             "out of memory describing the graphs of kernel '%s'",
                             kernel->view->kernel_name);
  if (code == CKPT_OK) code = ckpt_hip_program_build(kernel, program, args);
  if (code != CKPT_OK) {
    ckpt_hip_program_free(kernel, program);
    return code;
  }
  kernel->programs[kernel->program_count++] = program;
  *out_program = program;
  return CKPT_OK;
}

ckpt_status_code_t ckpt_hip_programs_update(ckpt_hip_kernel_t *kernel, void **args) {
  ckpt_hip_backend_t *backend = kernel->backend;
  for (int64_t p = 0; p < kernel->program_count; ++p) {
    ckpt_hip_program_t *program = kernel->programs[p];
    for (int64_t i = 0; i < program->segments.segment_count; ++i) {
      const ckpt_hip_segment_desc_t *segment = &program->segments.segments[i];
      for (int64_t k = 0; k < segment->count; ++k) {
        int64_t s = program->segments.steps[segment->first + k];
        const ckpt_graph_step_t *step = &program->desc.steps[s];
        bool changed = false;
        if (step->kind == CKPT_GRAPH_STEP_TASK) {
          changed = kernel->device.launch_changed[step->plan_node];
        } else {
          uint64_t address = 0;
          ckpt_status_code_t code = ckpt_hip_step_address(kernel, step, args, &address);
          if (code != CKPT_OK) return code;
          changed = address != program->step_addresses[s];
          program->step_addresses[s] = address;
        }
        if (!changed) continue;
        ckpt_hip_node_params_t params;
        ckpt_status_code_t code = ckpt_hip_node_params(kernel, program, s, &params);
        if (code == CKPT_OK)
          code = ckpt_hip_check(backend,
                                backend->api.hipGraphExecKernelNodeSetParams(
                                    program->execs[i], program->nodes[s], &params.node),
                                "hipGraphExecKernelNodeSetParams");
        free(params.record_pointers);
        if (code != CKPT_OK) return code;
        backend->stats.node_updates++;
      }
    }
  }
  return CKPT_OK;
}

/* Runs body `body`'s items; sets *out_stopped once a readback shows a yield, after which
 * every later task would gate itself off, so nothing more is launched. */
static ckpt_status_code_t ckpt_hip_run_body(ckpt_hip_kernel_t *kernel, ckpt_hip_program_t *program,
                                            int64_t body, bool *out_stopped) {
  ckpt_hip_backend_t *backend = kernel->backend;
  const ckpt_hip_segments_t *segments = &program->segments;
  for (int64_t i = 0; i < segments->body_count[body] && !*out_stopped; ++i) {
    const ckpt_hip_item_t *item = &segments->items[segments->body_first[body] + i];
    if (item->segment >= 0) {
      backend->stats.graph_launches++;
      ckpt_status_code_t code = ckpt_hip_check(
          backend, backend->api.hipGraphLaunch(program->execs[item->segment], backend->stream),
          "hipGraphLaunch");
      if (code != CKPT_OK) return code;
      continue;
    }
    /* A do-while: its body ends with the loop-condition kernel, which stores whether to
     * go round again in the state's spare word. */
    int64_t loop_body = program->desc.steps[item->loop_step].child_body;
    do {
      ckpt_status_code_t code = ckpt_hip_run_body(kernel, program, loop_body, out_stopped);
      if (code == CKPT_OK && !*out_stopped) code = ckpt_hip_read_state(kernel);
      if (code != CKPT_OK) return code;
      const int32_t *state = ckpt_hip_readback(kernel);
      if (state[CKPT_STATE_YIELDED]) {
        ckpt_hip_record_yield(kernel, state[CKPT_STATE_YIELD_CP]);
        *out_stopped = true;
      }
    } while (!*out_stopped && ckpt_hip_readback(kernel)[CKPT_HIP_STATE_LOOP_AGAIN] != 0);
  }
  return CKPT_OK;
}

ckpt_status_code_t ckpt_hip_program_run(ckpt_hip_kernel_t *kernel, ckpt_hip_program_t *program) {
  bool stopped = false;
  return ckpt_hip_run_body(kernel, program, 0, &stopped);
}

void ckpt_hip_programs_release(ckpt_hip_kernel_t *kernel) {
  for (int64_t i = 0; i < kernel->program_count; ++i)
    ckpt_hip_program_free(kernel, kernel->programs[i]);
  free(kernel->programs);
  kernel->programs = NULL;
  kernel->program_count = 0;
}
