/* The graph kernel the embedding tests run on every local target: two explicit
 * checkpoints, labels 10 and 20, each with one task over a 16-word buffer, the first
 * adding 1 to every word and the second 10. Parameters: the two yield flags, then the
 * buffer (memref<16xi32>). On the CPU target dispatch does the work itself; on a device
 * target it records a launch of embed_task.comp (compiled into EMBED_TASK_SPIRV when the
 * includer defines it). */
#ifndef CKPT_TEST_EMBED_WORLD_H
#define CKPT_TEST_EMBED_WORLD_H

#include <stdint.h>

#include "ckpt/mlir_abi.h"
#include "memref_descriptors.h"
#include "plan_builder.h"

enum { EMBED_FLAG_A = 0, EMBED_FLAG_B = 1, EMBED_BUFFER = 2, EMBED_PARAMS = 3, EMBED_WORDS = 16 };

/* What each task adds to every word: task i of checkpoint i. */
static const uint32_t embed_amounts[2] = {1, 10};

static const int64_t embed_operand_fields[4 * CKPT_PARAM_FIELDS] = {
    CKPT_PARAM_MEMREF, 1, 32, CKPT_ELEM_INT, CKPT_PARAM_MEMREF, 1, 32, CKPT_ELEM_INT,
    CKPT_PARAM_SCALAR, 0, 32, CKPT_ELEM_INT, CKPT_PARAM_SCALAR, 0, 32, CKPT_ELEM_INT,
};

static inline void embed_dispatch(int64_t fn, void **args, void *recorder) {
  const memref1_t *buffer = args[EMBED_BUFFER];
  if (!recorder) {
    uint32_t *words = (uint32_t *)buffer->aligned + buffer->offset;
    for (int64_t i = 0; i < buffer->size; ++i) words[i * buffer->stride] += embed_amounts[fn];
    return;
  }
  memref1_t state;
  ckpt_mlir_device_state(recorder, &state);
  int32_t gate = (int32_t)fn; /* the task's cp_id */
  uint32_t amount = embed_amounts[fn];
  void *operands[4] = {&state, args[EMBED_BUFFER], &gate, &amount};
  ckpt_mlir_record_launch(recorder, 0, "main", 1, 1, 1, EMBED_WORDS, 1, 1, 0, 4, operands,
                          embed_operand_fields);
}

/* The plan, built into *builder (which must outlive it). */
static inline const ckpt_plan_t *embed_plan(plan_builder_t *builder, const void *spirv,
                                            int64_t spirv_bytes) {
  static const void *images[1];
  static int64_t image_sizes[1];
  plan_builder_init(builder, "embed", embed_dispatch);
  plan_builder_flag(builder);
  plan_builder_flag(builder);
  plan_builder_param(builder, CKPT_PARAM_MEMREF, 1, 32, CKPT_ELEM_INT);
  plan_builder_checkpoint(builder, 10, "first", EMBED_FLAG_A);
  plan_builder_task(builder, 0);
  plan_builder_close(builder);
  plan_builder_checkpoint(builder, 20, "second", EMBED_FLAG_B);
  plan_builder_task(builder, 1);
  plan_builder_close(builder);
  ckpt_plan_t *plan = (ckpt_plan_t *)plan_builder_finish(builder);
  if (spirv) {
    images[0] = spirv;
    image_sizes[0] = spirv_bytes;
    plan->device_image_count = 1;
    plan->device_images = images;
    plan->device_image_sizes = image_sizes;
  }
  return plan;
}

/* Arguments: host flags and words (words[i] = i at the start). */
typedef struct embed_args_t {
  int32_t flags[2];
  uint32_t words[EMBED_WORDS];
  memref0_t flag_memrefs[2];
  memref1_t buffer;
  void *args[EMBED_PARAMS];
} embed_args_t;

static inline void embed_args_init(embed_args_t *a) {
  memset(a, 0, sizeof(*a));
  for (int f = 0; f < 2; ++f) {
    a->flag_memrefs[f] = (memref0_t){&a->flags[f], &a->flags[f], 0};
    a->args[f] = &a->flag_memrefs[f];
  }
  for (int i = 0; i < EMBED_WORDS; ++i) a->words[i] = (uint32_t)i;
  a->buffer = (memref1_t){a->words, a->words, 0, EMBED_WORDS, 1};
  a->args[EMBED_BUFFER] = &a->buffer;
}

/* Whether every word is i + `added`. */
static inline bool embed_words_are(const uint32_t *words, uint32_t added) {
  for (int i = 0; i < EMBED_WORDS; ++i)
    if (words[i] != (uint32_t)i + added) return false;
  return true;
}

#endif /* CKPT_TEST_EMBED_WORLD_H */
