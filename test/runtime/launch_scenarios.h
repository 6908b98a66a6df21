/* The launch scenarios the GPU backends are checked with against the CPU target: plans
 * built node by node with a scripted world (test_cuda_world.h) that host tasks run on the
 * CPU and one PTX kernel (test_cuda_kernels.cu) runs on the GPU, the arguments of a
 * launch, and the transcript of a fresh launch and the resumes after it. Shared by
 * test_cuda_launch (the CUDA backend) and test_hip_launch (the HIP backend through the
 * HIP-on-CUDA shim). */
#ifndef CKPT_TEST_LAUNCH_SCENARIOS_H
#define CKPT_TEST_LAUNCH_SCENARIOS_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ckpt/ckpt.h"
#include "ckpt/mlir_abi.h"
#include "core/string_builder.h"
#include "memref_descriptors.h"
#include "plan_builder.h"
#include "test_cuda_kernels_ptx.h"
#include "test_cuda_world.h"
#include "test_util.h"

enum { PARAM_WORLD = 0, PARAM_FLAG_A = 1, PARAM_FLAG_B = 2, PARAM_LOOP_A = 3, PARAM_LOOP_B = 4 };
enum { PARAMS = 5, MAX_LABELS = 64 };

/* fn -> the cp_id its prologue compares resume_cp with (-2 outside checkpoints), and the
 * explicit checkpoint whose yield check its prologue does (fold_param: that checkpoint's
 * flag parameter, 0 for none; fold_cp: its cp_id). Lowered code bakes these into each
 * kernel; the test's single kernel takes them as scalars. */
static int64_t test_gates[CUDA_WORLD_MAX_FNS];
static int64_t test_fold_param[CUDA_WORLD_MAX_FNS], test_fold_cp[CUDA_WORLD_MAX_FNS];

static void world_dispatch(int64_t fn, void **args, void *recorder) {
  memref1_t *world = args[PARAM_WORLD];
  if (!recorder) {
    int32_t *params[CUDA_WORLD_PARAMS];
    for (int p = 0; p < CUDA_WORLD_PARAMS; ++p) {
      memref0_t *param = args[1 + p];
      params[p] = param->aligned + param->offset;
    }
    cuda_world_run((cuda_world_t *)((char *)world->aligned + world->offset), (int32_t)fn, params);
    return;
  }
  memref1_t state;
  ckpt_mlir_device_state(recorder, &state);
  int32_t fn32 = (int32_t)fn, gate = (int32_t)test_gates[fn];
  int32_t fold_param = (int32_t)test_fold_param[fn], fold_cp = (int32_t)test_fold_cp[fn];
  void *operands[] = {&state, args[PARAM_WORLD], args[1], args[2],    args[3],
                      args[4], &fn32,            &gate,   &fold_param, &fold_cp};
  static const int64_t fields[] = {
      CKPT_PARAM_MEMREF, 1, 32, CKPT_ELEM_INT, CKPT_PARAM_MEMREF, 1, 8,  CKPT_ELEM_OTHER,
      CKPT_PARAM_MEMREF, 0, 32, CKPT_ELEM_INT, CKPT_PARAM_MEMREF, 0, 32, CKPT_ELEM_INT,
      CKPT_PARAM_MEMREF, 0, 32, CKPT_ELEM_INT, CKPT_PARAM_MEMREF, 0, 32, CKPT_ELEM_INT,
      CKPT_PARAM_SCALAR, 0, 32, CKPT_ELEM_INT, CKPT_PARAM_SCALAR, 0, 32, CKPT_ELEM_INT,
      CKPT_PARAM_SCALAR, 0, 32, CKPT_ELEM_INT, CKPT_PARAM_SCALAR, 0, 32, CKPT_ELEM_INT,
  };
  ckpt_mlir_record_launch(recorder, 0, "world_task", 1, 1, 1, 1, 1, 1, 0, 10, operands, fields);
}

static const void *const test_images[] = {test_cuda_kernels_ptx};
static const int64_t test_image_sizes[] = {(int64_t)test_cuda_kernels_ptx_size};

/*--- scenarios ---------------------------------------------------------------*/

typedef struct scenario_t {
  plan_builder_t builder;
  int64_t gates[CUDA_WORLD_MAX_FNS];
  int64_t fold_param[CUDA_WORLD_MAX_FNS], fold_cp[CUDA_WORLD_MAX_FNS];
  int64_t label_flag[MAX_LABELS]; /* label -> its yield flag parameter */
  cuda_world_rule_t rules[CUDA_WORLD_MAX_RULES];
  int rule_count;
  int32_t initial[CUDA_WORLD_PARAMS];
  uint64_t seed; /* the host's choices between launches */
  int64_t next_fn;
} scenario_t;

static void scenario_begin(scenario_t *s, const char *name) {
  memset(s, 0, sizeof(*s));
  plan_builder_init(&s->builder, name, world_dispatch);
  plan_builder_param(&s->builder, CKPT_PARAM_MEMREF, 1, 8, CKPT_ELEM_OTHER);
  for (int p = 0; p < CUDA_WORLD_PARAMS; ++p) plan_builder_flag(&s->builder);
  s->next_fn = 1;
  s->seed = 1;
}

static int64_t scenario_task(scenario_t *s, int64_t gate) {
  int64_t fn = s->next_fn++;
  s->gates[fn] = gate;
  plan_builder_task(&s->builder, fn);
  return fn;
}

static int64_t scenario_bare(scenario_t *s) {
  int64_t fn = s->next_fn++;
  s->gates[fn] = -2;
  plan_builder_bare(&s->builder, fn);
  return fn;
}

static int64_t scenario_wrapped(scenario_t *s) {
  int64_t cp = s->builder.cp_count;
  plan_builder_implicit(&s->builder);
  int64_t fn = scenario_task(s, cp);
  plan_builder_close(&s->builder);
  return fn;
}

/* Opens an explicit checkpoint labelled 100 + its cp_id; returns the label. */
static int64_t scenario_checkpoint(scenario_t *s, int64_t flag) {
  int64_t label = 100 + s->builder.cp_count;
  s->label_flag[label - 100] = flag;
  plan_builder_checkpoint(&s->builder, label, NULL, flag);
  return label;
}

static void scenario_rule(scenario_t *s, int64_t fn, int occurrence, int param, int value) {
  s->rules[s->rule_count++] = (cuda_world_rule_t){(int32_t)fn, occurrence, param, value};
}

/* Folds the yield check of every explicit checkpoint that a task follows in its sequence
 * into that task's prologue, as --ckpt-convert-tasks-to-gpu{fold-yield-checks} does. */
static void scenario_fold_checks(scenario_t *s) {
  plan_builder_t *b = &s->builder;
  for (int64_t i = 0; i < b->node_count; ++i) {
    if (PLAN_NODE(b, i, CKPT_NODE_KIND) != CKPT_NODE_CHECKPOINT ||
        PLAN_NODE(b, i, CKPT_NODE_FLAGS) != CKPT_NODE_FLAG_EXPLICIT)
      continue;
    int64_t sequence_end = b->node_count;
    for (int64_t j = i - 1; j >= 0; --j) {
      if (PLAN_NODE(b, j, CKPT_NODE_END) > i) {
        sequence_end = PLAN_NODE(b, j, CKPT_NODE_END);
        break;
      }
    }
    int64_t next = PLAN_NODE(b, i, CKPT_NODE_END), task = -1;
    if (next < sequence_end) {
      int64_t kind = PLAN_NODE(b, next, CKPT_NODE_KIND);
      if (kind == CKPT_NODE_TASK || kind == CKPT_NODE_BARE)
        task = next;
      else if (kind == CKPT_NODE_CHECKPOINT && PLAN_NODE(b, next, CKPT_NODE_END) > next + 1)
        task = next + 1;
    }
    if (task < 0) continue;
    PLAN_NODE(b, i, CKPT_NODE_FLAGS) = CKPT_NODE_FLAG_EXPLICIT | CKPT_NODE_FLAG_YIELD_FOLDED;
    int64_t fn = PLAN_NODE(b, task, CKPT_NODE_FN);
    s->fold_param[fn] = PLAN_NODE(b, i, CKPT_NODE_PARAM);
    s->fold_cp[fn] = PLAN_NODE(b, i, CKPT_NODE_CP_ID);
  }
}

/* Marks every task and bare run ready for programmatic launch, as
 * --ckpt-convert-tasks-to-gpu{programmatic-launch} compiles them (world_task is). */
static void scenario_programmatic(scenario_t *s) {
  plan_builder_t *b = &s->builder;
  for (int64_t i = 0; i < b->node_count; ++i) {
    int64_t kind = PLAN_NODE(b, i, CKPT_NODE_KIND);
    if (kind == CKPT_NODE_TASK || kind == CKPT_NODE_BARE)
      PLAN_NODE(b, i, CKPT_NODE_FLAGS) = CKPT_NODE_FLAG_PROGRAMMATIC_WAIT;
  }
}

static void use_scenario_tasks(const scenario_t *s) {
  memcpy(test_gates, s->gates, sizeof(test_gates));
  memcpy(test_fold_param, s->fold_param, sizeof(test_fold_param));
  memcpy(test_fold_cp, s->fold_cp, sizeof(test_fold_cp));
}

static const ckpt_plan_t *scenario_plan(scenario_t *s) {
  const ckpt_plan_t *plan = plan_builder_finish(&s->builder);
  s->builder.plan.device_image_count = 1;
  s->builder.plan.device_images = test_images;
  s->builder.plan.device_image_sizes = test_image_sizes;
  return plan;
}

/* The arguments of one launch: the world and four i32s viewing storage[2..5]. */
typedef struct world_args_t {
  cuda_world_t world;
  int32_t storage[8];
  memref1_t world_memref;
  memref0_t params[CUDA_WORLD_PARAMS];
  void *args[PARAMS];
} world_args_t;

static void world_args_init(world_args_t *a, const scenario_t *s) {
  memset(a, 0, sizeof(*a));
  a->world.rule_count = s->rule_count;
  memcpy(a->world.rules, s->rules, sizeof(s->rules));
  a->world_memref = (memref1_t){&a->world, &a->world, 0, sizeof(a->world), 1};
  a->args[PARAM_WORLD] = &a->world_memref;
  for (int p = 0; p < CUDA_WORLD_PARAMS; ++p) {
    a->params[p] = (memref0_t){a->storage, a->storage, 2 + p};
    a->storage[2 + p] = s->initial[p];
    a->args[1 + p] = &a->params[p];
  }
}

static int32_t *world_param(world_args_t *a, int64_t param) { return &a->storage[1 + param]; }

static uint64_t next_random(uint64_t *state) {
  *state = *state * 6364136223846793005ull + 1442695040888963407ull;
  return *state >> 33;
}

static void transcript_step(ckpt_string_builder_t *text, world_args_t *a, ckpt_status_code_t code,
                            const ckpt_outcome_t *outcome, ckpt_context_t *context) {
  if (code != CKPT_OK) {
    ckpt_string_builder_append_format(text, "error %s: %s\n", ckpt_status_name(code),
                                      ckpt_context_last_error(context));
    return;
  }
  if (outcome->yielded) {
    ckpt_string_builder_append_format(text, "yielded %lld;", (long long)outcome->label);
  } else {
    ckpt_string_builder_append_format(text, "completed;");
  }
  ckpt_string_builder_append_format(text, " runs");
  int32_t shown =
      a->world.run_count < CUDA_WORLD_MAX_RUNS ? a->world.run_count : CUDA_WORLD_MAX_RUNS;
  for (int32_t i = 0; i < shown; ++i)
    ckpt_string_builder_append_format(text, " %d", a->world.runs[i]);
  if (shown < a->world.run_count)
    ckpt_string_builder_append_format(text, " ... (%d)", a->world.run_count);
  ckpt_string_builder_append_format(text, "; params");
  for (int p = 1; p <= CUDA_WORLD_PARAMS; ++p)
    ckpt_string_builder_append_format(text, " %d", *world_param(a, p));
  ckpt_string_builder_append_format(text, "\n");
}

/* Launches the scenario's plan fresh, then, while it yields, lets the host act (clear the
 * flag, sometimes leave it set, sometimes change the loop conditions) and resumes. Returns
 * the transcript (free() it). */
static inline char *run_scenario(ckpt_context_t *context, scenario_t *s, int max_launches) {
  use_scenario_tasks(s);
  ckpt_string_builder_t text = CKPT_STRING_BUILDER_INIT;
  ckpt_kernel_t *kernel = NULL;
  ckpt_status_code_t code = ckpt_kernel_create(context, &s->builder.plan, &kernel);
  if (code != CKPT_OK) {
    ckpt_string_builder_append_format(&text, "create failed: %s\n",
                                      ckpt_context_last_error(context));
    return ckpt_string_builder_take(&text);
  }
  world_args_t *a = calloc(1, sizeof(*a));
  world_args_init(a, s);
  uint64_t rng = s->seed;
  ckpt_outcome_t outcome;
  code = ckpt_kernel_launch(kernel, a->args, &outcome);
  for (int launch = 1;; ++launch) {
    transcript_step(&text, a, code, &outcome, context);
    a->world.run_count = 0;
    if (code != CKPT_OK || !outcome.yielded || launch == max_launches) break;
    uint64_t choice = next_random(&rng) % 8;
    if (choice == 1) {
      *world_param(a, PARAM_LOOP_A) = (int32_t)(next_random(&rng) % 3);
      *world_param(a, PARAM_LOOP_B) = (int32_t)(next_random(&rng) % 3);
    }
    if (choice != 0) *world_param(a, s->label_flag[outcome.label - 100]) = 0;
    code = ckpt_kernel_resume(kernel, outcome.label, a->args, &outcome);
  }
  ckpt_kernel_destroy(kernel);
  free(a);
  return ckpt_string_builder_take(&text);
}


/*--- hand-written plans ------------------------------------------------------*/

/*--- hand-written plans ------------------------------------------------------*/

/* bare; [t] cp0; L100 {t t} cp1 (A); bare; [t] cp2; L103 {t} cp3 (B); bare */
static inline void build_straight(scenario_t *s) {
  scenario_begin(s, "straight");
  scenario_bare(s);
  scenario_wrapped(s);
  scenario_checkpoint(s, PARAM_FLAG_A);
  int64_t raiser = scenario_task(s, 1);
  scenario_task(s, 1);
  plan_builder_close(&s->builder);
  scenario_bare(s);
  scenario_wrapped(s);
  scenario_checkpoint(s, PARAM_FLAG_B);
  int64_t late = scenario_task(s, 3);
  plan_builder_close(&s->builder);
  scenario_bare(s);
  scenario_rule(s, raiser, 1, PARAM_FLAG_A, 1);
  scenario_rule(s, late, 2, PARAM_FLAG_B, 1);
  scenario_plan(s);
}

/* bare; do-while A { bare; [t]; L {t} (A); bare; do-while B { [t]; L {t} (B) }; [t] }; L {t} (B);
 * bare Loop A runs three times, loop B twice per A iteration; checkpoints yield inside both. */
static inline void build_nested(scenario_t *s) {
  scenario_begin(s, "nested");
  scenario_bare(s);
  plan_builder_do_while(&s->builder, PARAM_LOOP_A);
  scenario_bare(s);
  scenario_wrapped(s);
  int64_t outer_label = scenario_checkpoint(s, PARAM_FLAG_A);
  int64_t outer_raiser = scenario_task(s, outer_label - 100);
  plan_builder_close(&s->builder);
  scenario_bare(s);
  plan_builder_do_while(&s->builder, PARAM_LOOP_B);
  int64_t inner_counter = scenario_wrapped(s);
  int64_t inner_label = scenario_checkpoint(s, PARAM_FLAG_B);
  int64_t inner_raiser = scenario_task(s, inner_label - 100);
  plan_builder_close(&s->builder);
  plan_builder_close(&s->builder);
  int64_t outer_counter = scenario_wrapped(s);
  plan_builder_close(&s->builder);
  int64_t last_label = scenario_checkpoint(s, PARAM_FLAG_B);
  scenario_task(s, last_label - 100);
  plan_builder_close(&s->builder);
  scenario_bare(s);
  s->initial[PARAM_LOOP_A - 1] = 1;
  s->initial[PARAM_LOOP_B - 1] = 1;
  /* Inner loop: stop at its 2nd, 4th, 6th run (two iterations per outer iteration). */
  scenario_rule(s, inner_counter, 2, PARAM_LOOP_B, 0);
  scenario_rule(s, inner_counter, 4, PARAM_LOOP_B, 0);
  scenario_rule(s, inner_counter, 6, PARAM_LOOP_B, 0);
  /* The outer counter re-arms the inner loop and stops the outer one at its 3rd run. */
  scenario_rule(s, outer_counter, 0, PARAM_LOOP_B, 1);
  scenario_rule(s, outer_counter, 3, PARAM_LOOP_A, 0);
  scenario_rule(s, inner_raiser, 3, PARAM_FLAG_B, 1);
  scenario_rule(s, outer_raiser, 2, PARAM_FLAG_A, 1);
  scenario_plan(s);
}

/*--- random plans ------------------------------------------------------------*/

/*--- random plans ------------------------------------------------------------*/

static void random_items(scenario_t *s, uint64_t *rng, int depth, bool in_loop) {
  int count = 1 + (int)(next_random(rng) % 4);
  bool has_task = false;
  for (int i = 0; i < count || (in_loop && !has_task); ++i) {
    if (s->builder.node_count > 44 || s->next_fn > 40) {
      if (in_loop && !has_task) scenario_wrapped(s);
      return;
    }
    uint64_t kind = next_random(rng) % 10;
    if (kind < 2) {
      scenario_bare(s);
    } else if (kind < 5) {
      scenario_wrapped(s);
      has_task = true;
    } else if (kind < 8 || depth >= 3) {
      int64_t label = scenario_checkpoint(s, 1 + (int64_t)(next_random(rng) % 2));
      int tasks = (int)(next_random(rng) % 3);
      for (int t = 0; t < tasks; ++t) scenario_task(s, label - 100);
      plan_builder_close(&s->builder);
      has_task = has_task || tasks > 0;
    } else {
      plan_builder_do_while(&s->builder, 3 + (int64_t)(next_random(rng) % 2));
      random_items(s, rng, depth + 1, true);
      plan_builder_close(&s->builder);
      has_task = true;
    }
  }
}

static inline void build_random(scenario_t *s, uint64_t seed) {
  char name[32];
  snprintf(name, sizeof(name), "random%llu", (unsigned long long)seed);
  scenario_begin(s, name);
  uint64_t rng = seed * 7919 + 17;
  random_items(s, &rng, 0, false);
  int rules = (int)(next_random(&rng) % 7);
  for (int r = 0; r < rules && s->next_fn > 1; ++r) {
    int64_t fn = 1 + (int64_t)(next_random(&rng) % (uint64_t)(s->next_fn - 1));
    int param = 1 + (int)(next_random(&rng) % 4);
    int value = param <= 2 ? 1 : (int)(next_random(&rng) % 3);
    scenario_rule(s, fn, (int)(next_random(&rng) % 4), param, value);
  }
  s->initial[PARAM_LOOP_A - 1] = (int32_t)(next_random(&rng) % 3);
  s->initial[PARAM_LOOP_B - 1] = (int32_t)(next_random(&rng) % 3);
  s->seed = seed;
  scenario_plan(s);
  /* Odd seeds: the checks are folded into task prologues, as the CUDA pipeline compiles;
   * seeds 2, 3, 6, 7, ...: the tasks follow each other through programmatic edges, as
   * the CUDA pipeline compiles them too. All four combinations run. */
  if (seed % 2 == 1) scenario_fold_checks(s);
  if (seed / 2 % 2 == 1) scenario_programmatic(s);
}
#endif /* CKPT_TEST_LAUNCH_SCENARIOS_H */
