/* libFuzzer target: arbitrary bytes as a plan (ckpt/plan.h) for ckpt_kernel_create on the
 * CPU target. Every header field, parameter row and node row comes from the input; each
 * array is allocated with exactly the size its count claims, so a read past it is caught.
 * A plan the runtime rejects must come with a message; a plan it accepts is launched and
 * resumed from every label, and the outcomes are checked against what the plan says:
 * with every do-while condition 0 a launch visits the nodes once, in order, so the first
 * explicit checkpoint at or after the resume point whose flag is set yields, after every
 * task and bare run between them has run once. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ckpt/ckpt.h"
#include "ckpt/plan.h"
#include "fuzz_input.h"

/* Positive counts beyond these get no array: the plan then has a NULL pointer. */
#define MAX_PARAMS 24
#define MAX_NODES 96
#define MAX_STRINGS 96
#define MAX_DEVICE_IMAGES 3

#define CHECK(condition, ...)                                              \
  do {                                                                     \
    if (!(condition)) {                                                    \
      fprintf(stderr, "fuzz_plan: %s:%d: check failed: %s\n  ", __FILE__, \
              __LINE__, #condition);                                       \
      fprintf(stderr, __VA_ARGS__);                                        \
      fputc('\n', stderr);                                                 \
      abort();                                                             \
    }                                                                      \
  } while (0)

/* Dispatch has no user pointer: the launch being checked counts its calls here. */
static int64_t dispatch_calls;

static void count_dispatch(int64_t fn, void **args, void *recorder) {
  (void)fn;
  (void)args;
  /* The CPU target passes a share to a SPLIT task only (ckpt/plan.h), one of `count`. */
  const ckpt_task_share_t *share = recorder;
  CHECK(!share || (share->count >= 1 && share->index >= 0 && share->index < share->count),
        "the CPU target passed a share out of range");
  if (!share || share->index == 0) ++dispatch_calls; /* a task, however many shares */
}

/* The bits of the input's first byte that damage the header. */
enum {
  DAMAGE_MAGIC = 1,
  DAMAGE_VERSION = 2,
  DAMAGE_STRINGS = 4,
  DAMAGE_DISPATCH = 8,
  DAMAGE_ARRAYS = 16,
  WITH_DEVICE_IMAGES = 32,
  WITH_GATING = 64,
};

typedef struct fuzz_plan_t {
  ckpt_plan_t plan;
  int64_t *params;
  int64_t *nodes;
  char *strings;
  const void **images;
  int64_t *image_sizes;
  char image_bytes[1];
} fuzz_plan_t;

/* An array of `count` rows of `fields` values from the input; NULL when count is not a
 * sensible positive size (the header then says so, or lies with a NULL pointer). */
static int64_t *read_rows(fuzz_input_t *input, int64_t count, int64_t limit, int fields) {
  if (count <= 0 || count > limit) return NULL;
  int64_t *rows = malloc((size_t)(count * fields) * sizeof(*rows));
  for (int64_t i = 0; i < count * fields; ++i) rows[i] = fuzz_int(input);
  return rows;
}

static void read_plan(fuzz_input_t *input, fuzz_plan_t *out) {
  memset(out, 0, sizeof(*out));
  ckpt_plan_t *plan = &out->plan;
  uint8_t damage = fuzz_byte(input);
  plan->abi = CKPT_PLAN_ABI;
  if (damage & DAMAGE_MAGIC) plan->abi = (uint64_t)fuzz_int(input);
  if (damage & DAMAGE_VERSION)
    plan->abi = ((uint64_t)CKPT_PLAN_MAGIC << 32) | (uint8_t)fuzz_int(input);

  int64_t strings_size = fuzz_byte(input) % MAX_STRINGS;
  if (damage & DAMAGE_STRINGS) strings_size = fuzz_int(input);
  if (strings_size > 0 && strings_size <= MAX_STRINGS) {
    out->strings = malloc((size_t)strings_size);
    for (int64_t i = 0; i < strings_size; ++i)
      out->strings[i] = (char)(fuzz_byte(input) % 4 ? 'a' + i % 26 : 0);
  }
  plan->strings_size = strings_size;
  plan->strings = out->strings;
  plan->dispatch = (damage & DAMAGE_DISPATCH) ? NULL : count_dispatch;

  plan->param_count = fuzz_int(input);
  out->params = read_rows(input, plan->param_count, MAX_PARAMS, CKPT_PARAM_FIELDS);
  plan->node_count = fuzz_int(input);
  out->nodes = read_rows(input, plan->node_count, MAX_NODES, CKPT_NODE_FIELDS);
  /* A negative count with an array behind it: the runtime must look at the count. */
  if ((damage & DAMAGE_ARRAYS) && plan->param_count <= 0) out->params = calloc(1, sizeof(int64_t));
  if ((damage & DAMAGE_ARRAYS) && plan->node_count <= 0) out->nodes = calloc(1, sizeof(int64_t));
  plan->params = out->params;
  plan->nodes = out->nodes;

  if (damage & WITH_DEVICE_IMAGES) {
    plan->device_image_count = fuzz_int(input);
    if (plan->device_image_count > 0 && plan->device_image_count <= MAX_DEVICE_IMAGES) {
      out->images = calloc((size_t)plan->device_image_count, sizeof(*out->images));
      out->image_sizes = calloc((size_t)plan->device_image_count, sizeof(*out->image_sizes));
      for (int64_t i = 0; i < plan->device_image_count; ++i) {
        out->images[i] = fuzz_byte(input) % 2 ? out->image_bytes : NULL;
        out->image_sizes[i] = fuzz_int(input);
        /* The CPU target never reads an image, so its size need not match its storage. */
      }
    }
    plan->device_images = out->images;
    plan->device_image_sizes = out->image_sizes;
  }
  if (damage & WITH_GATING) plan->gating = fuzz_int(input);
}

static void release_plan(fuzz_plan_t *plan) {
  free(plan->params);
  free(plan->nodes);
  free(plan->strings);
  free(plan->images);
  free(plan->image_sizes);
}

/* Storage for one argument per parameter: a memref descriptor as large as its rank needs,
 * pointing at one int32 (flags and conditions read it), or a scalar. */
typedef struct fuzz_args_t {
  void **pointers;
  int64_t **descriptors;
  int32_t *values;
} fuzz_args_t;

static void create_args(const ckpt_plan_t *plan, fuzz_input_t *input, fuzz_args_t *out) {
  size_t count = (size_t)plan->param_count;
  out->pointers = calloc(count + 1, sizeof(void *));
  out->descriptors = calloc(count + 1, sizeof(int64_t *));
  out->values = calloc(count + 1, sizeof(int32_t));
  for (size_t i = 0; i < count; ++i) {
    const int64_t *row = plan->params + i * CKPT_PARAM_FIELDS;
    out->values[i] = fuzz_byte(input) % 3 == 0;
    if (row[CKPT_PARAM_KIND] == CKPT_PARAM_MEMREF) {
      /* allocated, aligned, offset, sizes[rank], strides[rank] */
      out->descriptors[i] = calloc((size_t)(3 + 2 * row[CKPT_PARAM_RANK]), sizeof(int64_t));
      void *aligned = &out->values[i];
      memcpy(&out->descriptors[i][0], &aligned, sizeof(aligned));
      memcpy(&out->descriptors[i][1], &aligned, sizeof(aligned));
    } else {
      out->descriptors[i] = calloc((size_t)(row[CKPT_PARAM_ELEM_BITS] + 7) / 8, 1);
    }
    out->pointers[i] = out->descriptors[i];
  }
}

static void release_args(const ckpt_plan_t *plan, fuzz_args_t *args) {
  for (int64_t i = 0; i < plan->param_count; ++i) free(args->descriptors[i]);
  free(args->pointers);
  free(args->descriptors);
  free(args->values);
}

static const int64_t *node_row(const ckpt_plan_t *plan, int64_t index) {
  return plan->nodes + index * CKPT_NODE_FIELDS;
}

static bool is_explicit(const int64_t *row) {
  return row[CKPT_NODE_KIND] == CKPT_NODE_CHECKPOINT &&
         (row[CKPT_NODE_FLAGS] & CKPT_NODE_FLAG_EXPLICIT);
}

/* What a launch from node `start` must do when every loop runs once: see the file comment. */
static void expect_launch(const ckpt_plan_t *plan, const fuzz_args_t *args, int64_t start,
                          int64_t *out_yield_node, int64_t *out_calls) {
  *out_yield_node = -1;
  *out_calls = 0;
  for (int64_t index = start; index < plan->node_count; ++index) {
    const int64_t *row = node_row(plan, index);
    if (row[CKPT_NODE_KIND] == CKPT_NODE_TASK || row[CKPT_NODE_KIND] == CKPT_NODE_BARE)
      ++*out_calls;
    if (is_explicit(row) && args->values[row[CKPT_NODE_PARAM]] != 0) {
      *out_calls += row[CKPT_NODE_END] - index - 1;
      *out_yield_node = index;
      return;
    }
  }
}

static void check_launch(ckpt_kernel_t *kernel, const ckpt_plan_t *plan, const fuzz_args_t *args,
                         int64_t start, ckpt_status_code_t code, const ckpt_outcome_t *outcome,
                         const char *error) {
  CHECK(code == CKPT_OK, "launch from node %lld failed: %s", (long long)start, error);
  int64_t yield_node, calls;
  expect_launch(plan, args, start, &yield_node, &calls);
  CHECK(dispatch_calls == calls, "launch from node %lld ran %lld tasks, expected %lld",
        (long long)start, (long long)dispatch_calls, (long long)calls);
  CHECK(outcome->yielded == (yield_node >= 0), "launch from node %lld: yielded %d",
        (long long)start, outcome->yielded);
  if (yield_node < 0) return;
  const int64_t *row = node_row(plan, yield_node);
  CHECK(outcome->label == row[CKPT_NODE_LABEL] && outcome->cp_id == row[CKPT_NODE_CP_ID],
        "yielded at label %lld cp %lld, expected node %lld", (long long)outcome->label,
        (long long)outcome->cp_id, (long long)yield_node);
  const char *name = row[CKPT_NODE_NAME] < 0 ? NULL : plan->strings + row[CKPT_NODE_NAME];
  CHECK(outcome->name == name, "yielded with the wrong name");
  (void)kernel;
}

static void exercise_kernel(ckpt_context_t *context, ckpt_kernel_t *kernel,
                            const ckpt_plan_t *plan, fuzz_input_t *input) {
  fuzz_args_t args;
  create_args(plan, input, &args);
  /* Loops must end: every do-while condition is 0. */
  int64_t explicit_count = 0;
  for (int64_t index = 0; index < plan->node_count; ++index) {
    const int64_t *row = node_row(plan, index);
    if (row[CKPT_NODE_KIND] == CKPT_NODE_DO_WHILE) args.values[row[CKPT_NODE_PARAM]] = 0;
  }
  CHECK(strcmp(ckpt_kernel_name(kernel), plan->strings) == 0, "kernel name");
  for (int64_t index = 0; index < plan->node_count; ++index) {
    const int64_t *row = node_row(plan, index);
    if (!is_explicit(row)) continue;
    CHECK(ckpt_kernel_label_at(kernel, explicit_count) == row[CKPT_NODE_LABEL],
          "label %lld of the kernel is not node %lld's", (long long)explicit_count,
          (long long)index);
    ++explicit_count;
  }
  CHECK(ckpt_kernel_label_count(kernel) == explicit_count, "label count");

  ckpt_outcome_t outcome;
  dispatch_calls = 0;
  ckpt_status_code_t code = ckpt_kernel_launch(kernel, args.pointers, &outcome);
  check_launch(kernel, plan, &args, 0, code, &outcome, ckpt_context_last_error(context));
  for (int64_t index = 0; index < plan->node_count; ++index) {
    const int64_t *row = node_row(plan, index);
    if (!is_explicit(row)) continue;
    dispatch_calls = 0;
    code = ckpt_kernel_resume(kernel, row[CKPT_NODE_LABEL], args.pointers, &outcome);
    check_launch(kernel, plan, &args, index, code, &outcome, ckpt_context_last_error(context));
  }
  /* A label the input picks: known ones resume, others fail with the labels listed. */
  int64_t label = fuzz_int(input);
  bool known = false;
  for (int64_t i = 0; i < explicit_count; ++i) known |= ckpt_kernel_label_at(kernel, i) == label;
  code = ckpt_kernel_resume(kernel, label, args.pointers, &outcome);
  if (!known) {
    CHECK(code == (explicit_count ? CKPT_ERROR_UNKNOWN_LABEL : CKPT_ERROR_NO_CHECKPOINTS),
          "resume from unknown label %lld gave %s", (long long)label, ckpt_status_name(code));
    CHECK(strstr(ckpt_context_last_error(context), "labels available") != NULL,
          "the message does not list the labels: %s", ckpt_context_last_error(context));
  } else {
    CHECK(code == CKPT_OK, "resume from label %lld: %s", (long long)label,
          ckpt_context_last_error(context));
  }
  release_args(plan, &args);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_input_t input = {data, size, 0};
  fuzz_plan_t plan;
  read_plan(&input, &plan);
  ckpt_context_t *context = NULL;
  ckpt_status_code_t code = ckpt_context_create(CKPT_TARGET_CPU, &context);
  CHECK(code == CKPT_OK, "no CPU context: %s", ckpt_context_last_error(context));
  ckpt_context_set_trace(context, false);
  ckpt_kernel_t *kernel = NULL;
  code = ckpt_kernel_create(context, &plan.plan, &kernel);
  if (code != CKPT_OK) {
    CHECK(kernel == NULL, "a failed create returned a kernel");
    CHECK(code == CKPT_ERROR_INVALID_PLAN || code == CKPT_ERROR_OUT_OF_MEMORY,
          "create failed with %s", ckpt_status_name(code));
    CHECK(ckpt_context_last_error(context)[0] != '\0', "create failed without a message");
    if (getenv("FUZZ_VERBOSE")) fprintf(stderr, "%s\n", ckpt_context_last_error(context));
  } else {
    exercise_kernel(context, kernel, &plan.plan, &input);
    /* Every other kernel is left to the context to destroy. */
    if (input.position % 2) ckpt_kernel_destroy(kernel);
  }
  ckpt_context_destroy(context);
  release_plan(&plan);
  return 0;
}
