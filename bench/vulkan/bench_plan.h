/* The benchmarks' graph kernel (ckpt-bench-vulkan, ckpt-bench-vulkan-async): a plan of 8
 * explicit checkpoints x 4 small tasks, laid out as the compiler lays one out, each
 * checkpoint with its own yield flag. Every task launches task.comp (compiled at build
 * time, written to the operand ABI of MLIR's SPIR-V kernels) as one workgroup of 64
 * invocations updating its own 64 words of a shared buffer; on the CPU target the dispatch
 * does the same arithmetic itself. */
#ifndef CKPT_BENCH_VULKAN_PLAN_H
#define CKPT_BENCH_VULKAN_PLAN_H

#include <stdint.h>
#include <string.h>

#include "ckpt/mlir_abi.h"
#include "ckpt/plan.h"

/* glslangValidator --vn output: const uint32_t bench_vulkan_task_spirv[]. */
#include "task.spv.h"

enum {
  BENCH_CHECKPOINTS = 8,
  BENCH_TASKS_PER_CHECKPOINT = 4,
  BENCH_TASKS = BENCH_CHECKPOINTS * BENCH_TASKS_PER_CHECKPOINT,
  BENCH_LANES = 64, /* the shader's workgroup size: words per task */
  BENCH_WORDS = BENCH_TASKS * BENCH_LANES,
};

/* Parameters: one yield flag per checkpoint, then the work buffer. */
enum { BENCH_PARAM_FLAG0 = 0, BENCH_PARAM_BUFFER = BENCH_CHECKPOINTS, BENCH_PARAMS };

typedef struct bench_flag_memref_t {
  int32_t *allocated, *aligned;
  int64_t offset;
} bench_flag_memref_t;

typedef struct bench_buffer_memref_t {
  uint32_t *allocated, *aligned;
  int64_t offset, size, stride;
} bench_buffer_memref_t;

/*--- the plan ---------------------------------------------------------------*/

static int64_t bench_params[BENCH_PARAMS * CKPT_PARAM_FIELDS];
static int64_t bench_nodes[BENCH_CHECKPOINTS * (1 + BENCH_TASKS_PER_CHECKPOINT) * CKPT_NODE_FIELDS];
static const char bench_strings[] = "bench";
static const void *bench_images[1] = {bench_vulkan_task_spirv};
static const int64_t bench_image_sizes[1] = {sizeof(bench_vulkan_task_spirv)};

/* Operand fields of every task launch: the state memref<4xi32>, the buffer memref<?xi32>,
 * the gate and the task index (i32 scalars). */
static const int64_t bench_operand_fields[4 * CKPT_PARAM_FIELDS] = {
    CKPT_PARAM_MEMREF, 1, 32, CKPT_ELEM_INT, CKPT_PARAM_MEMREF, 1, 32, CKPT_ELEM_INT,
    CKPT_PARAM_SCALAR, 0, 32, CKPT_ELEM_INT, CKPT_PARAM_SCALAR, 0, 32, CKPT_ELEM_INT,
};

/* What a compiled task's host code does: describe its kernel launch; on the CPU target,
 * task.comp's arithmetic. */
static void bench_dispatch(int64_t fn, void **args, void *recorder) {
  if (!recorder) {
    const bench_buffer_memref_t *buffer = args[BENCH_PARAM_BUFFER];
    uint32_t *words = buffer->aligned + buffer->offset + fn * BENCH_LANES;
    for (int lane = 0; lane < BENCH_LANES; ++lane) {
      uint32_t value = words[lane];
      for (int i = 0; i < 16; ++i)
        value = value * 1664525u + 1013904223u + (uint32_t)fn;
      words[lane] = value;
    }
    return;
  }
  struct {
    void *allocated, *aligned;
    int64_t offset, size, stride;
  } state;
  ckpt_mlir_device_state(recorder, &state);
  int32_t gate = (int32_t)(fn / BENCH_TASKS_PER_CHECKPOINT);
  int32_t task = (int32_t)fn;
  void *operands[4] = {&state, args[BENCH_PARAM_BUFFER], &gate, &task};
  ckpt_mlir_record_launch(recorder, 0, "main", 1, 1, 1, BENCH_LANES, 1, 1, 0, 4, operands,
                          bench_operand_fields);
}

static ckpt_plan_t bench_plan(void) {
  for (int p = 0; p < BENCH_PARAMS; ++p) {
    int64_t *param = &bench_params[p * CKPT_PARAM_FIELDS];
    param[CKPT_PARAM_KIND] = CKPT_PARAM_MEMREF;
    param[CKPT_PARAM_RANK] = p == BENCH_PARAM_BUFFER ? 1 : 0;
    param[CKPT_PARAM_ELEM_BITS] = 32;
    param[CKPT_PARAM_ELEM_TYPE] = CKPT_ELEM_INT;
  }
  int64_t index = 0;
  for (int cp = 0; cp < BENCH_CHECKPOINTS; ++cp) {
    int64_t *node = &bench_nodes[index * CKPT_NODE_FIELDS];
    int64_t end = index + 1 + BENCH_TASKS_PER_CHECKPOINT;
    const int64_t checkpoint[CKPT_NODE_FIELDS] = {
        CKPT_NODE_CHECKPOINT, end, -1, cp, BENCH_PARAM_FLAG0 + cp, cp, -1,
        CKPT_NODE_FLAG_EXPLICIT};
    memcpy(node, checkpoint, sizeof(checkpoint));
    for (int t = 0; t < BENCH_TASKS_PER_CHECKPOINT; ++t) {
      ++index;
      const int64_t task[CKPT_NODE_FIELDS] = {
          CKPT_NODE_TASK, index + 1, cp * BENCH_TASKS_PER_CHECKPOINT + t, -1, -1, -1, -1, -1};
      memcpy(&bench_nodes[index * CKPT_NODE_FIELDS], task, sizeof(task));
    }
    ++index;
  }
  return (ckpt_plan_t){
      .abi = CKPT_PLAN_ABI,
      .param_count = BENCH_PARAMS,
      .params = bench_params,
      .node_count = index,
      .nodes = bench_nodes,
      .strings_size = sizeof(bench_strings),
      .strings = bench_strings,
      .dispatch = bench_dispatch,
      .device_image_count = 1,
      .device_images = bench_images,
      .device_image_sizes = bench_image_sizes,
  };
}

/*--- arguments --------------------------------------------------------------*/

typedef struct bench_args_t {
  int32_t flags[BENCH_CHECKPOINTS];
  uint32_t words[BENCH_WORDS];
  bench_flag_memref_t flag_memrefs[BENCH_CHECKPOINTS];
  bench_buffer_memref_t buffer;
  void *args[BENCH_PARAMS];
} bench_args_t;

static void bench_args_init(bench_args_t *a) {
  memset(a, 0, sizeof(*a));
  for (int cp = 0; cp < BENCH_CHECKPOINTS; ++cp) {
    a->flag_memrefs[cp] = (bench_flag_memref_t){&a->flags[cp], &a->flags[cp], 0};
    a->args[BENCH_PARAM_FLAG0 + cp] = &a->flag_memrefs[cp];
  }
  for (int i = 0; i < BENCH_WORDS; ++i)
    a->words[i] = (uint32_t)i;
  a->buffer = (bench_buffer_memref_t){a->words, a->words, 0, BENCH_WORDS, 1};
  a->args[BENCH_PARAM_BUFFER] = &a->buffer;
}

#endif /* CKPT_BENCH_VULKAN_PLAN_H */
