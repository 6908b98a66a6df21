/* Plan validation (runtime/core/plan.c) through ckpt_kernel_create: a sound plan is
 * accepted, and every defect is rejected with a message naming the node or parameter
 * and the field. Ends with randomised damage that must never crash. */
#include "ckpt/ckpt.h"
#include "plan_builder.h"
#include "test_util.h"

enum { WORLD = 0, FLAG = 1, CONDITION = 2, SCALAR = 3 };

/* Node indices:
 *   0 bare 1
 *   1 checkpoint cp0 (implicit)    2 task 2
 *   3 checkpoint cp1 L0 "SIM"      4 task 3
 *   5 do-while CONDITION
 *     6 checkpoint cp2 L1          7 task 4
 *     8 bare 5
 *     9 checkpoint cp3 (implicit)  10 task 6 */
static void build_sound(plan_builder_t *b) {
  plan_builder_init(b, "step", plan_builder_noop_dispatch);
  plan_builder_param(b, CKPT_PARAM_MEMREF, 1, 8, CKPT_ELEM_OTHER);
  plan_builder_flag(b);
  plan_builder_flag(b);
  plan_builder_param(b, CKPT_PARAM_SCALAR, 0, 32, CKPT_ELEM_FLOAT);
  plan_builder_bare(b, 1);
  plan_builder_wrapped_task(b, 2);
  plan_builder_checkpoint(b, 0, "SIM", FLAG);
  plan_builder_task(b, 3);
  plan_builder_close(b);
  plan_builder_do_while(b, CONDITION);
  plan_builder_checkpoint(b, 1, NULL, FLAG);
  plan_builder_task(b, 4);
  plan_builder_close(b);
  plan_builder_bare(b, 5);
  plan_builder_wrapped_task(b, 6);
  plan_builder_close(b);
  plan_builder_finish(b);
}

/* Creating a kernel from `plan` fails with `code`, and the message holds `needle`. */
static void expect_rejected_at(const char *file, int line, const ckpt_plan_t *plan,
                               ckpt_status_code_t code, const char *needle) {
  ckpt_context_t *context = test_cpu_context();
  ckpt_kernel_t *kernel = (ckpt_kernel_t *)&kernel; /* must be reset to NULL */
  ckpt_status_code_t actual = ckpt_kernel_create(context, plan, &kernel);
  const char *message = ckpt_context_last_error(context);
  ++test_checks;
  if (actual != code || kernel != NULL || !strstr(message, needle)) {
    test_fail_at(file, line);
    fprintf(stderr, "got %s \"%s\" (kernel %s),\n  expected %s with \"%s\"\n",
            ckpt_status_name(actual), message, kernel ? "set" : "NULL", ckpt_status_name(code),
            needle);
  }
  ckpt_context_destroy(context);
}
#define EXPECT_REJECTED(plan, code, needle) \
  expect_rejected_at(__FILE__, __LINE__, (plan), (code), (needle))

static void test_plan_sound_plans_are_accepted(void) {
  plan_builder_t b;
  build_sound(&b);
  ckpt_context_t *context = test_cpu_context();
  ckpt_kernel_t *kernel = NULL;
  CHECK_STATUS(ckpt_kernel_create(context, &b.plan, &kernel), CKPT_OK);
  CHECK_STR(ckpt_kernel_name(kernel), "step");
  CHECK_EQ(ckpt_kernel_label_count(kernel), 2);
  CHECK_STR(ckpt_context_last_error(context), "");

  /* A folded yield check where a bare run follows the checkpoint in its do-while body. */
  plan_builder_t folded;
  build_sound(&folded);
  PLAN_NODE(&folded, 6, CKPT_NODE_FLAGS) = CKPT_NODE_FLAG_EXPLICIT | CKPT_NODE_FLAG_YIELD_FOLDED;
  ckpt_kernel_t *folded_kernel = NULL;
  CHECK_STATUS(ckpt_kernel_create(context, &folded.plan, &folded_kernel), CKPT_OK);
  CHECK_EQ(ckpt_kernel_label_count(folded_kernel), 2);
  ckpt_kernel_destroy(folded_kernel);

  /* Tasks and bare runs whose kernels wait for programmatic launch. */
  plan_builder_t programmatic;
  build_sound(&programmatic);
  PLAN_NODE(&programmatic, 0, CKPT_NODE_FLAGS) = CKPT_NODE_FLAG_PROGRAMMATIC_WAIT;
  PLAN_NODE(&programmatic, 2, CKPT_NODE_FLAGS) = CKPT_NODE_FLAG_PROGRAMMATIC_WAIT;
  ckpt_kernel_t *programmatic_kernel = NULL;
  CHECK_STATUS(ckpt_kernel_create(context, &programmatic.plan, &programmatic_kernel), CKPT_OK);
  ckpt_kernel_destroy(programmatic_kernel);

  /* No nodes and no parameters: an empty kernel. */
  plan_builder_t empty;
  plan_builder_init(&empty, "nothing", plan_builder_noop_dispatch);
  plan_builder_finish(&empty);
  empty.plan.nodes = NULL;
  empty.plan.params = NULL;
  ckpt_kernel_t *empty_kernel = NULL;
  CHECK_STATUS(ckpt_kernel_create(context, &empty.plan, &empty_kernel), CKPT_OK);
  CHECK_EQ(ckpt_kernel_label_count(empty_kernel), 0);

  /* Tasks at the top level (a kernel without ckpt.checkpoints); a label of -1. */
  plan_builder_t plain;
  plan_builder_init(&plain, "plain", plan_builder_noop_dispatch);
  plan_builder_flag(&plain);
  plan_builder_task(&plain, 0);
  plan_builder_bare(&plain, 1);
  plan_builder_checkpoint(&plain, -1, "minus one", 0);
  plan_builder_close(&plain);
  plan_builder_finish(&plain);
  ckpt_kernel_t *plain_kernel = NULL;
  CHECK_STATUS(ckpt_kernel_create(context, &plain.plan, &plain_kernel), CKPT_OK);
  CHECK_EQ(ckpt_kernel_label_at(plain_kernel, 0), -1);
  ckpt_context_destroy(context);
}

static void test_plan_header_defects(void) {
  plan_builder_t b;
  EXPECT_REJECTED(NULL, CKPT_ERROR_INVALID_ARGUMENT, "plan is NULL");

  build_sound(&b);
  b.plan.abi = 0;
  EXPECT_REJECTED(&b.plan, CKPT_ERROR_INVALID_PLAN,
                  "invalid plan: abi is 0x0000000000000000, which lacks the ckpt magic "
                  "0x434b5054 (\"CKPT\") in its high 32 bits; this is not a ckpt plan");
  build_sound(&b);
  b.plan.abi = (((uint64_t)CKPT_PLAN_MAGIC) << 32) | 1u;
  EXPECT_REJECTED(&b.plan, CKPT_ERROR_INVALID_PLAN,
                  "invalid plan: plan ABI version 1, but this runtime reads version 3; rebuild");
  build_sound(&b);
  b.plan.strings = NULL;
  EXPECT_REJECTED(&b.plan, CKPT_ERROR_INVALID_PLAN, "invalid plan: strings is NULL with strings_size");
  build_sound(&b);
  b.plan.strings_size = 0;
  EXPECT_REJECTED(&b.plan, CKPT_ERROR_INVALID_PLAN, "strings is set with strings_size 0");
  build_sound(&b);
  b.plan.strings_size = 2; /* cuts "step" short of its NUL */
  EXPECT_REJECTED(&b.plan, CKPT_ERROR_INVALID_PLAN,
                  "invalid plan: the last byte of strings (offset 1) is not NUL");
  build_sound(&b);
  b.plan.dispatch = NULL;
  EXPECT_REJECTED(&b.plan, CKPT_ERROR_INVALID_PLAN, "invalid plan for kernel 'step': dispatch is NULL");
  build_sound(&b);
  b.plan.param_count = -1;
  EXPECT_REJECTED(&b.plan, CKPT_ERROR_INVALID_PLAN, "kernel 'step': param_count is -1 with params set");
  build_sound(&b);
  b.plan.params = NULL;
  EXPECT_REJECTED(&b.plan, CKPT_ERROR_INVALID_PLAN, "param_count is 4 with params NULL");
  build_sound(&b);
  b.plan.node_count = -3;
  EXPECT_REJECTED(&b.plan, CKPT_ERROR_INVALID_PLAN, "node_count is -3 with nodes set");
  build_sound(&b);
  b.plan.nodes = NULL;
  EXPECT_REJECTED(&b.plan, CKPT_ERROR_INVALID_PLAN, "node_count is 11 with nodes NULL");
  build_sound(&b);
  b.plan.device_image_count = -1;
  EXPECT_REJECTED(&b.plan, CKPT_ERROR_INVALID_PLAN, "device_image_count is -1 with device_images NULL");
  build_sound(&b);
  b.plan.device_image_count = 1;
  EXPECT_REJECTED(&b.plan, CKPT_ERROR_INVALID_PLAN, "device_image_count is 1 with device_images NULL");
}

typedef struct field_defect_t {
  int64_t index;
  int field;
  int64_t value;
  const char *needle;
} field_defect_t;

static const field_defect_t param_defects[] = {
    {FLAG, CKPT_PARAM_KIND, 7, "param 1: kind 7 is not a parameter kind (1 memref, 2 scalar)"},
    {SCALAR, CKPT_PARAM_RANK, 1, "param 3 (scalar): rank is 1 but must be 0"},
    {WORLD, CKPT_PARAM_RANK, 65, "param 0 (memref): rank 65 is outside 0..64"},
    {WORLD, CKPT_PARAM_RANK, -1, "param 0 (memref): rank -1 is outside 0..64"},
    {WORLD, CKPT_PARAM_ELEM_BITS, 0, "param 0: elem_bits 0 is outside 1..4096"},
    {WORLD, CKPT_PARAM_ELEM_BITS, 4097, "param 0: elem_bits 4097 is outside 1..4096"},
    {WORLD, CKPT_PARAM_ELEM_TYPE, 9,
     "param 0: elem_type 9 is not an element type (0 other, 1 int, 2 float, 3 index)"},
    /* Sound parameters that no longer fit the flag they serve. */
    {FLAG, CKPT_PARAM_RANK, 1,
     "node 3 (checkpoint): param 1 (its yield flag) must be a rank-0 memref of 32-bit int "
     "(memref<i32>), but it is a memref of rank 1 with 32-bit int elements"},
    {FLAG, CKPT_PARAM_ELEM_BITS, 64, "but it is a memref of rank 0 with 64-bit int elements"},
    {FLAG, CKPT_PARAM_ELEM_TYPE, CKPT_ELEM_FLOAT, "rank 0 with 32-bit float elements"},
    {FLAG, CKPT_PARAM_KIND, CKPT_PARAM_SCALAR, "but it is a scalar of rank 0 with 32-bit int"},
    {CONDITION, CKPT_PARAM_ELEM_TYPE, CKPT_ELEM_INDEX,
     "node 5 (do-while): param 2 (its condition) must be a rank-0 memref of 32-bit int "
     "(memref<i32>), but it is a memref of rank 0 with 32-bit index elements"},
};

static const field_defect_t node_defects[] = {
    {0, CKPT_NODE_KIND, 0,
     "invalid plan for kernel 'step': node 0: kind 0 is not a node kind (1 task, 2 bare, "
     "3 checkpoint, 4 do-while)"},
    {7, CKPT_NODE_KIND, 9, "node 7: kind 9 is not a node kind"},
    {0, CKPT_NODE_FN, -1, "node 0 (bare): fn is -1 but must be >= 0"},
    {2, CKPT_NODE_FN, -5, "node 2 (task): fn is -5 but must be >= 0"},
    /* Fields that do not apply must hold -1. */
    {2, CKPT_NODE_LABEL, 3, "node 2 (task): field label is 3 but must be -1 for a task"},
    {0, CKPT_NODE_CP_ID, 0, "node 0 (bare): field cp_id is 0 but must be -1 for a bare"},
    {5, CKPT_NODE_FN, 0, "node 5 (do-while): field fn is 0 but must be -1 for a do-while"},
    {5, CKPT_NODE_FLAGS, 1, "node 5 (do-while): field flags is 1 but must be -1 for a do-while"},
    {3, CKPT_NODE_FN, 7, "node 3 (checkpoint): field fn is 7 but must be -1 for a checkpoint"},
    /* Tasks and bare runs know one flag each, and only a task may run in shares. */
    {2, CKPT_NODE_FLAGS, 0,
     "node 2 (task): flags is 0; only -1 (none), 4 (its kernel waits for programmatic "
     "launch) and, on a task, 8 (it runs in blocks) are defined"},
    {0, CKPT_NODE_FLAGS, CKPT_NODE_FLAG_SPLIT, "node 0 (bare): flags is 8; only -1"},
    {2, CKPT_NODE_FLAGS, CKPT_NODE_FLAG_SPLIT | CKPT_NODE_FLAG_PROGRAMMATIC_WAIT,
     "node 2 (task): flags is 12;"},
    {0, CKPT_NODE_FLAGS, CKPT_NODE_FLAG_EXPLICIT, "node 0 (bare): flags is 1; only -1"},
    {2, CKPT_NODE_FLAGS, CKPT_NODE_FLAG_PROGRAMMATIC_WAIT | CKPT_NODE_FLAG_YIELD_FOLDED,
     "node 2 (task): flags is 6;"},
    /* Bounds and nesting of `end`. */
    {2, CKPT_NODE_END, 4, "node 2 (task): end is 4 but a leaf's end must be 3 (its index + 1)"},
    {1, CKPT_NODE_END, 99, "node 1 (checkpoint): end 99 is outside 2..11"},
    {1, CKPT_NODE_END, 1, "node 1 (checkpoint): end 1 is outside 2..11"},
    {5, CKPT_NODE_END, 10,
     "node 9 (checkpoint): end 11 overlaps the end of its parent node 5 (do-while), which ends "
     "at 10; subtrees must nest"},
    /* Checkpoints hold tasks only. */
    {6, CKPT_NODE_END, 9,
     "node 8 (bare) is inside checkpoint node 6; a checkpoint may hold only tasks"},
    {3, CKPT_NODE_END, 11,
     "node 5 (do-while) is inside checkpoint node 3; a checkpoint may hold only tasks"},
    {1, CKPT_NODE_END, 5,
     "node 3 (checkpoint) is inside checkpoint node 1; a checkpoint may hold only tasks"},
    /* cp_ids are dense and in pre-order. */
    {3, CKPT_NODE_CP_ID, 5,
     "node 3 (checkpoint): cp_id is 5 but must be 1; cp_ids number checkpoints 0, 1, 2, ... in "
     "pre-order"},
    {1, CKPT_NODE_CP_ID, 1, "node 1 (checkpoint): cp_id is 1 but must be 0"},
    {3, CKPT_NODE_FLAGS, 2,
     "node 3 (checkpoint): flags is 2; only 0 (implicit), 1 (explicit) and 3 (explicit, yield "
     "check folded) are defined"},
    /* A folded yield check needs a task right after the checkpoint: node 3 is followed by a
     * do-while, node 6 ends its do-while body only in the second plan below. */
    {3, CKPT_NODE_FLAGS, 3,
     "node 3 (checkpoint): its yield check is marked folded (flags 3) but no task follows it "
     "in its sequence to do the check"},
    /* Implicit checkpoints carry no flag, label or name. */
    {1, CKPT_NODE_PARAM, 1,
     "node 1 (checkpoint): field param is 1 but must be -1 for an implicit checkpoint (flags 0)"},
    {1, CKPT_NODE_LABEL, 4, "node 1 (checkpoint): field label is 4 but must be -1 for an implicit"},
    {1, CKPT_NODE_NAME, 0, "node 1 (checkpoint): field name is 0 but must be -1 for an implicit"},
    /* Yield flags and conditions are memref<i32> parameters. */
    {3, CKPT_NODE_PARAM, -1,
     "node 3 (checkpoint): param -1 (its yield flag) is not a parameter index; the kernel has 4 "
     "parameters"},
    {3, CKPT_NODE_PARAM, 4, "node 3 (checkpoint): param 4 (its yield flag) is not a parameter index"},
    {3, CKPT_NODE_PARAM, WORLD,
     "node 3 (checkpoint): param 0 (its yield flag) must be a rank-0 memref of 32-bit int "
     "(memref<i32>), but it is a memref of rank 1 with 8-bit other elements"},
    {3, CKPT_NODE_PARAM, SCALAR, "but it is a scalar of rank 0 with 32-bit float elements"},
    {5, CKPT_NODE_PARAM, WORLD,
     "node 5 (do-while): param 0 (its condition) must be a rank-0 memref of 32-bit int"},
    {5, CKPT_NODE_PARAM, 9, "node 5 (do-while): param 9 (its condition) is not a parameter index"},
    /* Labels and names. */
    {6, CKPT_NODE_LABEL, 0,
     "node 6 (checkpoint): label 0 is also the label of node 3 (cp 1); labels must be unique "
     "in a kernel"},
    {3, CKPT_NODE_NAME, 999, "node 3 (checkpoint): name offset 999 is outside strings (size 9)"},
    {3, CKPT_NODE_NAME, -2, "node 3 (checkpoint): name offset -2 is outside strings"},
};

static int64_t *param_cell(plan_builder_t *b, int64_t index, int field) {
  return &PLAN_PARAM(b, index, field);
}

static int64_t *node_cell(plan_builder_t *b, int64_t index, int field) {
  return &PLAN_NODE(b, index, field);
}

/* Each defect, made alone in the sound plan at the cell `cell` finds, is rejected. */
static void expect_defects_rejected(const field_defect_t *defects, size_t count,
                                    int64_t *(*cell)(plan_builder_t *b, int64_t index, int field)) {
  for (size_t i = 0; i < count; ++i) {
    const field_defect_t *defect = &defects[i];
    plan_builder_t b;
    build_sound(&b);
    *cell(&b, defect->index, defect->field) = defect->value;
    EXPECT_REJECTED(&b.plan, CKPT_ERROR_INVALID_PLAN, defect->needle);
  }
}

static void test_plan_param_defects(void) {
  expect_defects_rejected(param_defects, sizeof(param_defects) / sizeof(param_defects[0]),
                          param_cell);
}

static void test_plan_node_defects(void) {
  expect_defects_rejected(node_defects, sizeof(node_defects) / sizeof(node_defects[0]), node_cell);
}

/* A checkpoint moved out of order is caught as a cp_id out of pre-order. */
static void test_plan_cp_ids_follow_pre_order(void) {
  plan_builder_t b;
  build_sound(&b);
  PLAN_NODE(&b, 1, CKPT_NODE_CP_ID) = 1;
  PLAN_NODE(&b, 3, CKPT_NODE_CP_ID) = 0;
  EXPECT_REJECTED(&b.plan, CKPT_ERROR_INVALID_PLAN, "node 1 (checkpoint): cp_id is 1 but must be 0");
}

/* Deterministic damage to a sound plan: every outcome is either a kernel that launches
 * and resumes cleanly or CKPT_ERROR_INVALID_PLAN with a message; never a crash. */
static uint64_t fuzz_state = 0x9e3779b97f4a7c15u;
static uint64_t fuzz_next(void) {
  fuzz_state ^= fuzz_state << 13;
  fuzz_state ^= fuzz_state >> 7;
  fuzz_state ^= fuzz_state << 17;
  return fuzz_state;
}

static int64_t fuzz_value(void) {
  static const int64_t interesting[] = {-2, -1, 0, 1, 2, 3, 4, 5, 9, 10, 11, 12, 32, 64, 65,
                                        INT64_MAX, INT64_MIN};
  uint64_t pick = fuzz_next() % 20;
  if (pick < sizeof(interesting) / sizeof(interesting[0])) return interesting[pick];
  return (int64_t)(fuzz_next() % 40) - 5;
}

static void test_plan_random_damage_never_crashes(void) {
  /* Every argument is a zeroed block that reads as any parameter kind: a rank-0 memref
   * whose element is 0, and room for the widest descriptor or scalar. */
  static int32_t zero;
  static union {
    struct {
      void *allocated, *aligned;
      int64_t offset;
    } memref;
    unsigned char bytes[2048];
  } blocks[4];
  void *args[4];
  for (int i = 0; i < 4; ++i) {
    blocks[i].memref.allocated = blocks[i].memref.aligned = &zero;
    args[i] = &blocks[i];
  }
  ckpt_context_t *context = test_cpu_context();
  int accepted = 0, rejected = 0;
  for (int iteration = 0; iteration < 20000; ++iteration) {
    plan_builder_t b;
    build_sound(&b);
    int damage = 1 + (int)(fuzz_next() % 3);
    for (int d = 0; d < damage; ++d) {
      if (fuzz_next() % 4 == 0) {
        PLAN_PARAM(&b, (int64_t)(fuzz_next() % 4), (int)(fuzz_next() % CKPT_PARAM_FIELDS)) =
            fuzz_value();
      } else {
        PLAN_NODE(&b, (int64_t)(fuzz_next() % 11), (int)(fuzz_next() % CKPT_NODE_FIELDS)) =
            fuzz_value();
      }
    }
    ckpt_kernel_t *kernel = NULL;
    ckpt_status_code_t code = ckpt_kernel_create(context, &b.plan, &kernel);
    if (code != CKPT_OK) {
      ++rejected;
      if (code != CKPT_ERROR_INVALID_PLAN ||
          !strstr(ckpt_context_last_error(context), "invalid plan for kernel 'step': ")) {
        CHECK_STATUS(code, CKPT_ERROR_INVALID_PLAN);
        CHECK_CONTAINS(ckpt_context_last_error(context), "invalid plan for kernel 'step': ");
      }
      continue;
    }
    ++accepted;
    ckpt_outcome_t outcome;
    if (ckpt_kernel_launch(kernel, args, &outcome) != CKPT_OK || outcome.yielded) {
      CHECK(!"a damaged but accepted plan launches to completion");
    }
    for (int64_t i = 0; i < ckpt_kernel_label_count(kernel); ++i) {
      if (ckpt_kernel_resume(kernel, ckpt_kernel_label_at(kernel, i), args, &outcome) != CKPT_OK) {
        CHECK(!"a damaged but accepted plan resumes from each of its labels");
      }
    }
    ckpt_kernel_destroy(kernel);
  }
  fprintf(stderr, "random damage: %d plans accepted, %d rejected\n", accepted, rejected);
  CHECK(rejected > accepted);
  CHECK(accepted > 0);
  ckpt_context_destroy(context);
}

int main(void) {
  TEST_RUN(test_plan_sound_plans_are_accepted);
  TEST_RUN(test_plan_header_defects);
  TEST_RUN(test_plan_param_defects);
  TEST_RUN(test_plan_node_defects);
  TEST_RUN(test_plan_cp_ids_follow_pre_order);
  TEST_RUN(test_plan_random_damage_never_crashes);
  return test_report();
}
