/* Builds ckpt_plan_t tables for tests the way the compiler lays them out: nodes in
 * pre-order with `end` filled in on close, cp_ids numbered in order, -1 in every field
 * that does not apply. Tests that need a malformed plan build a good one and then edit
 * builder.nodes / builder.params / builder.plan. */
#ifndef CKPT_TEST_PLAN_BUILDER_H
#define CKPT_TEST_PLAN_BUILDER_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ckpt/plan.h"

#define PLAN_BUILDER_MAX_NODES 256
#define PLAN_BUILDER_MAX_PARAMS 16
#define PLAN_BUILDER_MAX_STRINGS 256
#define PLAN_BUILDER_MAX_DEPTH 16

typedef struct plan_builder_t {
  int64_t nodes[PLAN_BUILDER_MAX_NODES * CKPT_NODE_FIELDS];
  int64_t params[PLAN_BUILDER_MAX_PARAMS * CKPT_PARAM_FIELDS];
  char strings[PLAN_BUILDER_MAX_STRINGS];
  int64_t node_count;
  int64_t param_count;
  int64_t strings_size;
  int64_t cp_count;
  int64_t open[PLAN_BUILDER_MAX_DEPTH];
  int depth;
  ckpt_plan_t plan;
} plan_builder_t;

/* A dispatch function for plans whose tasks need not do anything. */
static inline void plan_builder_noop_dispatch(int64_t fn, void **args, void *recorder) {
  (void)recorder;
  (void)fn;
  (void)args;
}

static inline void plan_builder_die(const char *what) {
  fprintf(stderr, "plan_builder: %s\n", what);
  exit(2);
}

static inline int64_t plan_builder_string(plan_builder_t *builder, const char *text) {
  size_t length = strlen(text) + 1;
  if (builder->strings_size + (int64_t)length > PLAN_BUILDER_MAX_STRINGS) {
    plan_builder_die("strings full");
  }
  int64_t offset = builder->strings_size;
  memcpy(builder->strings + offset, text, length);
  builder->strings_size += (int64_t)length;
  return offset;
}

static inline void plan_builder_init(plan_builder_t *builder, const char *kernel_name,
                                     ckpt_dispatch_fn_t dispatch) {
  memset(builder, 0, sizeof(*builder));
  plan_builder_string(builder, kernel_name);
  builder->plan.dispatch = dispatch;
}

static inline int64_t plan_builder_param(plan_builder_t *builder, ckpt_param_kind_t kind,
                                         int64_t rank, int64_t elem_bits,
                                         ckpt_elem_type_t elem_type) {
  if (builder->param_count == PLAN_BUILDER_MAX_PARAMS) plan_builder_die("params full");
  int64_t *row = builder->params + builder->param_count * CKPT_PARAM_FIELDS;
  row[CKPT_PARAM_KIND] = kind;
  row[CKPT_PARAM_RANK] = rank;
  row[CKPT_PARAM_ELEM_BITS] = elem_bits;
  row[CKPT_PARAM_ELEM_TYPE] = elem_type;
  return builder->param_count++;
}

/* A rank-0 memref<i32>: what yield flags and do-while conditions must be. */
static inline int64_t plan_builder_flag(plan_builder_t *builder) {
  return plan_builder_param(builder, CKPT_PARAM_MEMREF, 0, 32, CKPT_ELEM_INT);
}

static inline int64_t *plan_builder_node(plan_builder_t *builder, ckpt_node_kind_t kind) {
  if (builder->node_count == PLAN_BUILDER_MAX_NODES) plan_builder_die("nodes full");
  int64_t index = builder->node_count++;
  int64_t *row = builder->nodes + index * CKPT_NODE_FIELDS;
  for (int field = 0; field < CKPT_NODE_FIELDS; ++field) row[field] = -1;
  row[CKPT_NODE_KIND] = kind;
  row[CKPT_NODE_END] = index + 1;
  return row;
}

static inline void plan_builder_open(plan_builder_t *builder) {
  if (builder->depth == PLAN_BUILDER_MAX_DEPTH) plan_builder_die("too deep");
  builder->open[builder->depth++] = builder->node_count - 1;
}

static inline void plan_builder_task(plan_builder_t *builder, int64_t fn) {
  plan_builder_node(builder, CKPT_NODE_TASK)[CKPT_NODE_FN] = fn;
}

static inline void plan_builder_bare(plan_builder_t *builder, int64_t fn) {
  plan_builder_node(builder, CKPT_NODE_BARE)[CKPT_NODE_FN] = fn;
}

/* Opens an explicit checkpoint; `name` may be NULL. Close it with plan_builder_close. */
static inline void plan_builder_checkpoint(plan_builder_t *builder, int64_t label,
                                           const char *name, int64_t flag_param) {
  int64_t name_offset = name ? plan_builder_string(builder, name) : -1;
  int64_t *row = plan_builder_node(builder, CKPT_NODE_CHECKPOINT);
  row[CKPT_NODE_CP_ID] = builder->cp_count++;
  row[CKPT_NODE_PARAM] = flag_param;
  row[CKPT_NODE_LABEL] = label;
  row[CKPT_NODE_NAME] = name_offset;
  row[CKPT_NODE_FLAGS] = CKPT_NODE_FLAG_EXPLICIT;
  plan_builder_open(builder);
}

static inline void plan_builder_implicit(plan_builder_t *builder) {
  int64_t *row = plan_builder_node(builder, CKPT_NODE_CHECKPOINT);
  row[CKPT_NODE_CP_ID] = builder->cp_count++;
  row[CKPT_NODE_FLAGS] = 0;
  plan_builder_open(builder);
}

static inline void plan_builder_do_while(plan_builder_t *builder, int64_t condition_param) {
  plan_builder_node(builder, CKPT_NODE_DO_WHILE)[CKPT_NODE_PARAM] = condition_param;
  plan_builder_open(builder);
}

static inline void plan_builder_close(plan_builder_t *builder) {
  if (builder->depth == 0) plan_builder_die("close without open");
  int64_t index = builder->open[--builder->depth];
  builder->nodes[index * CKPT_NODE_FIELDS + CKPT_NODE_END] = builder->node_count;
}

/* An implicit checkpoint around one task, as auto-wrap makes. */
static inline void plan_builder_wrapped_task(plan_builder_t *builder, int64_t fn) {
  plan_builder_implicit(builder);
  plan_builder_task(builder, fn);
  plan_builder_close(builder);
}

/* The finished plan; it points into the builder, which must outlive it. */
static inline const ckpt_plan_t *plan_builder_finish(plan_builder_t *builder) {
  if (builder->depth != 0) plan_builder_die("unclosed node");
  ckpt_dispatch_fn_t dispatch = builder->plan.dispatch;
  builder->plan = (ckpt_plan_t){
      .abi = CKPT_PLAN_ABI,
      .param_count = builder->param_count,
      .params = builder->params,
      .node_count = builder->node_count,
      .nodes = builder->nodes,
      .strings_size = builder->strings_size,
      .strings = builder->strings,
      .dispatch = dispatch,
  };
  return &builder->plan;
}

/* Field `field` of node `index`, for tests that break a plan on purpose. */
#define PLAN_NODE(builder, index, field) ((builder)->nodes[(index) * CKPT_NODE_FIELDS + (field)])
#define PLAN_PARAM(builder, index, field) \
  ((builder)->params[(index) * CKPT_PARAM_FIELDS + (field)])

#endif /* CKPT_TEST_PLAN_BUILDER_H */
