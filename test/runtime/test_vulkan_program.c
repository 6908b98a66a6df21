/* The Vulkan target's host-side plan (runtime/vulkan/vulkan_program.c), with no device:
 * the segments cut at do-whiles, the control steps, and the launch loop. A simulated
 * device runs each queued segment as the command buffer would (the control shader's yield
 * check and gate, then the gated tasks with their prologue gate), and every launch is
 * compared with the reference walker (runtime/core/walk.c) on the same scripted world. */
#include "vulkan/vulkan_program.h"

#include "core/walk.h"
#include "plan_builder.h"
#include "sample_plans.h"
#include "test_util.h"
#include "test_world.h"

enum { FLAG_A = 0, FLAG_B = 1, OUTER = 2, INNER = 3, SIBLING = 4, PARAMS = 5 };

/* One run of a plan: its world and flags, on the walker or on the simulated device. */
typedef struct run_t {
  const ckpt_plan_view_t *view;
  const ckpt_vulkan_program_t *program;
  world_t world;
  int32_t flags[PARAMS];
  int32_t state[4]; /* the device's gating state */
  int64_t queued[64];
  int64_t queued_count;
  int64_t flushes;
  int64_t submissions; /* flushes that had work queued */
  int64_t reads;       /* walker: flag and condition reads */
} run_t;

static int32_t *run_flag(void *user, int64_t param) { return &((run_t *)user)->flags[param]; }

/*--- the reference ----------------------------------------------------------*/

static ckpt_status_code_t walk_run_node(void *user, int64_t node) {
  run_t *run = user;
  world_run(&run->world, run->view->nodes[node].fn, run_flag, run);
  return CKPT_OK;
}

static ckpt_status_code_t walk_read_i32(void *user, int64_t param, int32_t *out_value) {
  run_t *run = user;
  if (++run->reads > 10000) return CKPT_ERROR_BACKEND;
  *out_value = run->flags[param];
  return CKPT_OK;
}

static const ckpt_walk_ops_t walk_ops = {walk_run_node, walk_read_i32};

/*--- the simulated device ---------------------------------------------------*/

static bool gate_open(const int32_t *state, int64_t gate) {
  return state[1] == 0 && (state[0] < 0 || state[0] == gate);
}

/* shaders/control.comp, then the tasks of its group, each behind its prologue gate. */
static void device_run_step(run_t *run, const ckpt_vulkan_step_t *step) {
  int32_t *state = run->state;
  if (step->yield_cp >= 0 && state[1] == 0 && (state[0] < 0 || state[0] == step->yield_cp)) {
    if (state[0] == step->yield_cp) state[0] = -1;
    if (run->flags[step->yield_param] != 0) {
      state[1] = 1;
      state[2] = (int32_t)step->yield_cp;
    }
  }
  bool open = gate_open(state, step->gate);
  for (int64_t t = step->first_task; t < step->first_task + step->task_count; ++t) {
    const ckpt_plan_node_t *node = &run->view->nodes[run->program->task_nodes[t]];
    /* The task kernel's own gate: the cp_id of its checkpoint, or -2 outside one. */
    int64_t gate = node->parent >= 0 && run->view->nodes[node->parent].kind == CKPT_NODE_CHECKPOINT
                       ? run->view->nodes[node->parent].cp_id
                       : CKPT_VULKAN_GATE_OUTSIDE;
    CHECK_EQ(gate, step->gate);
    if (open && gate_open(state, gate)) world_run(&run->world, node->fn, run_flag, run);
  }
}

static ckpt_status_code_t device_enqueue(void *user, int64_t segment) {
  run_t *run = user;
  if (run->queued_count == 64) return CKPT_ERROR_BACKEND;
  run->queued[run->queued_count++] = segment;
  return CKPT_OK;
}

static ckpt_status_code_t device_flush(void *user, int64_t condition_param, bool *out_yielded,
                                       bool *out_resume_pending, int32_t *out_condition) {
  run_t *run = user;
  if (++run->flushes > 10000) return CKPT_ERROR_BACKEND;
  if (run->queued_count > 0) ++run->submissions;
  for (int64_t q = 0; q < run->queued_count; ++q) {
    const ckpt_vulkan_segment_t *segment = &run->program->segments[run->queued[q]];
    for (int64_t s = segment->first_step; s < segment->first_step + segment->step_count; ++s)
      device_run_step(run, &run->program->steps[s]);
  }
  run->queued_count = 0;
  *out_yielded = run->state[1] != 0;
  *out_resume_pending = run->state[0] >= 0;
  *out_condition = condition_param >= 0 ? run->flags[condition_param] : 0;
  return CKPT_OK;
}

static const ckpt_vulkan_run_ops_t device_ops = {device_enqueue, device_flush};

/*--- plans ------------------------------------------------------------------*/

typedef struct plan_t {
  ckpt_context_t *context;
  plan_builder_t builder;
  ckpt_plan_view_t view;
  ckpt_vulkan_program_t program, host_program;
} plan_t;

static void plan_begin(plan_t *plan) {
  memset(plan, 0, sizeof(*plan));
  plan_builder_init(&plan->builder, "step", plan_builder_noop_dispatch);
  for (int i = 0; i < PARAMS; ++i) plan_builder_flag(&plan->builder);
}

static void plan_finish(plan_t *plan) {
  plan->context = test_cpu_context();
  if (ckpt_plan_view_create(plan->context, plan_builder_finish(&plan->builder), &plan->view) !=
          CKPT_OK ||
      ckpt_vulkan_program_build(plan->context, &plan->view, false, &plan->program) != CKPT_OK ||
      ckpt_vulkan_program_build(plan->context, &plan->view, true, &plan->host_program) !=
          CKPT_OK) {
    fprintf(stderr, "test plan rejected: %s\n", ckpt_context_last_error(plan->context));
    exit(2);
  }
}

static void plan_end(plan_t *plan) {
  ckpt_vulkan_program_release(&plan->program);
  ckpt_vulkan_program_release(&plan->host_program);
  ckpt_plan_view_release(&plan->view);
  ckpt_context_destroy(plan->context);
}

/*   bare 1; [2] cp0; L0 "SIM" {3 4} cp1 (FLAG_A); bare 5; [6] cp2; L1 {7} cp3 (FLAG_B); bare 8 */
static void build_straight(plan_t *plan) {
  plan_begin(plan);
  sample_straight_nodes(&plan->builder, FLAG_A, FLAG_B);
  plan_finish(plan);
}

/*   bare 1; do-while OUTER { bare 2; [3] cp0; L7 "grow" {4} cp1 (FLAG_A); bare 5; [6] cp2 }
 *   L9 {7} cp3 (FLAG_B); bare 8 */
static void build_loop(plan_t *plan) {
  plan_begin(plan);
  sample_loop_nodes(&plan->builder, OUTER, FLAG_A, FLAG_B);
  plan_finish(plan);
}

/*   do-while OUTER { [1] cp0; do-while INNER { bare 2; L1 {3} cp1 (FLAG_A); [4] cp2 }; bare 5 }
 *   do-while SIBLING { L2 {6} cp3 (FLAG_B) }
 *   bare 7 */
static void build_nested(plan_t *plan) {
  plan_begin(plan);
  sample_nested_nodes(&plan->builder, OUTER, INNER, SIBLING, FLAG_A, FLAG_B);
  plan_finish(plan);
}

/*--- comparing the two ------------------------------------------------------*/

/* A script: the flags a launch starts with and the world's rules. */
typedef struct script_t {
  int32_t flags[PARAMS];
  world_rule_t rules[8];
  int rule_count;
} script_t;

static void run_begin(run_t *run, const plan_t *plan, const ckpt_vulkan_program_t *program,
                      const script_t *script) {
  memset(run, 0, sizeof(*run));
  run->view = &plan->view;
  run->program = program;
  world_init(&run->world);
  for (int i = 0; i < script->rule_count; ++i)
    world_rule(&run->world, script->rules[i].fn, script->rules[i].occurrence,
               script->rules[i].param, script->rules[i].value);
  memcpy(run->flags, script->flags, sizeof(run->flags));
}

/* One launch from `resume_cp_id` on both; checks they ran the same fns and agree on the
 * yield. Returns the yielding cp_id (-1 none). */
static int64_t compare_launch(const char *what, run_t *walk, run_t *device, int64_t resume_cp_id) {
  world_clear_runs(&walk->world);
  world_clear_runs(&device->world);
  int64_t walk_yield = -2;
  CHECK_STATUS(ckpt_walk(walk->view, resume_cp_id, &walk_ops, walk, &walk_yield), CKPT_OK);
  device->state[0] = (int32_t)resume_cp_id;
  device->state[1] = 0;
  device->state[2] = -1;
  device->flushes = device->submissions = 0;
  CHECK_STATUS(ckpt_vulkan_program_run(device->program, resume_cp_id, &device_ops, device),
               CKPT_OK);
  int64_t device_yield = device->state[1] ? device->state[2] : -1;
  bool same = walk->world.run_count == device->world.run_count && walk_yield == device_yield;
  for (int64_t i = 0; same && i < walk->world.run_count; ++i)
    same = walk->world.runs[i] == device->world.runs[i];
  ++test_checks;
  if (!same) {
    test_fail_at(__FILE__, __LINE__);
    fprintf(stderr, "%s, resume cp %lld: walker ran", what, (long long)resume_cp_id);
    for (int64_t i = 0; i < walk->world.run_count; ++i)
      fprintf(stderr, " %lld", (long long)walk->world.runs[i]);
    fprintf(stderr, " (yield cp %lld); device ran", (long long)walk_yield);
    for (int64_t i = 0; i < device->world.run_count; ++i)
      fprintf(stderr, " %lld", (long long)device->world.runs[i]);
    fprintf(stderr, " (yield cp %lld)\n", (long long)device_yield);
  }
  return device_yield;
}

/* A fresh launch, then, for as long as it yields, clearing the flags and resuming from
 * the yielding checkpoint (at most a few times), on the walker and on both device
 * programs. Then a resume from every explicit checkpoint on fresh copies of the script. */
static void compare_script(const char *what, const plan_t *plan, const script_t *script) {
  for (int host = 0; host < 2; ++host) {
    const ckpt_vulkan_program_t *program = host ? &plan->host_program : &plan->program;
    run_t walk, device;
    run_begin(&walk, plan, program, script);
    run_begin(&device, plan, program, script);
    int64_t resume = -1;
    for (int launch = 0; launch < 4; ++launch) {
      int64_t yield = compare_launch(what, &walk, &device, resume);
      if (yield < 0) break;
      walk.flags[FLAG_A] = walk.flags[FLAG_B] = 0;
      device.flags[FLAG_A] = device.flags[FLAG_B] = 0;
      resume = yield;
    }
    for (int64_t l = 0; l < plan->view.label_count; ++l) {
      run_begin(&walk, plan, program, script);
      run_begin(&device, plan, program, script);
      compare_launch(what, &walk, &device, plan->view.label_cp_ids[l]);
    }
  }
}

/* `base`, and `base` plus each rule "the 1st (2nd) run of fn f raises flag p" or, for a
 * loop condition p, "... clears p" (raising one could loop for ever). */
static void compare_scripts(const char *what, const plan_t *plan, const script_t *base,
                            const int64_t *fns, int fn_count, const int64_t *params,
                            int param_count) {
  compare_script(what, plan, base);
  for (int f = 0; f < fn_count; ++f)
    for (int p = 0; p < param_count; ++p)
      for (int occurrence = 1; occurrence <= 2; ++occurrence) {
        script_t script = *base;
        int32_t value = params[p] == FLAG_A || params[p] == FLAG_B ? 1 : 0;
        script.rules[script.rule_count++] = (world_rule_t){fns[f], occurrence, params[p], value};
        compare_script(what, plan, &script);
      }
}

/*--- tests ------------------------------------------------------------------*/

static void test_straight_plan_is_one_segment(void) {
  plan_t plan;
  build_straight(&plan);
  const ckpt_vulkan_program_t *p = &plan.program;
  CHECK_EQ(p->segment_count, 1);
  CHECK_EQ(p->item_count, 1);
  CHECK_EQ(p->task_count, 8);
  /* bare 1 | cp0 | cp1 | bare 5 (checks cp1 first) | cp2 | cp3 | bare 8 (checks cp3 first) */
  CHECK_EQ(p->step_count, 7);
  CHECK_EQ(p->steps[0].gate, CKPT_VULKAN_GATE_OUTSIDE);
  CHECK_EQ(p->steps[0].yield_cp, -1);
  CHECK_EQ(p->steps[3].gate, CKPT_VULKAN_GATE_OUTSIDE);
  CHECK_EQ(p->steps[3].yield_cp, 1);
  CHECK_EQ(p->steps[3].yield_param, FLAG_A);
  CHECK_EQ(p->steps[6].yield_cp, 3);
  CHECK_EQ(p->steps[6].task_count, 1);
  /* Host gating: a segment ends after each explicit checkpoint. */
  CHECK_EQ(plan.host_program.segment_count, 3);

  script_t script = {{0}, {{0}}, 0};
  run_t device;
  run_begin(&device, &plan, p, &script);
  run_t walk;
  run_begin(&walk, &plan, p, &script);
  compare_launch("straight", &walk, &device, -1);
  CHECK_RUNS(&device.world, 1, 2, 3, 4, 5, 6, 7, 8);
  CHECK_EQ(device.submissions, 1); /* one submission, one readback */
  CHECK_EQ(device.flushes, 1);
  plan_end(&plan);
}

static void test_nested_and_sibling_segments(void) {
  plan_t plan;
  build_nested(&plan);
  const ckpt_vulkan_program_t *p = &plan.program;
  /* OUTER { seg[1]; INNER { seg[2 L1 4] }; seg[5] }; SIBLING { seg[L2] }; seg[7] */
  CHECK_EQ(p->segment_count, 5);
  CHECK_EQ(p->item_count, 8);
  CHECK(p->items[0].is_loop);
  CHECK_EQ(p->items[0].end, 5);
  CHECK_EQ(p->items[0].param, OUTER);
  CHECK(!p->items[1].is_loop);
  CHECK_EQ(p->items[1].parent, 0);
  CHECK(p->items[2].is_loop);
  CHECK_EQ(p->items[2].parent, 0);
  CHECK_EQ(p->items[2].end, 4);
  CHECK_EQ(p->items[2].param, INNER);
  CHECK_EQ(p->items[3].parent, 2);
  CHECK_EQ(p->items[3].cp_begin, 1);
  CHECK_EQ(p->items[3].cp_end, 3);
  CHECK_EQ(p->items[4].parent, 0);
  CHECK(p->items[5].is_loop);
  CHECK_EQ(p->items[5].parent, -1);
  CHECK_EQ(p->items[5].param, SIBLING);
  CHECK_EQ(p->items[6].parent, 5);
  CHECK_EQ(p->items[7].parent, -1);
  CHECK_EQ(p->items[7].end, 8);
  CHECK_EQ(p->task_count, 7);

  /* Two outer iterations of two inner ones: a readback per iteration, one at the end. */
  script_t script = {{[OUTER] = 1},
                     {{1, 0, INNER, 1}, {4, 2, INNER, 0}, {4, 4, INNER, 0}, {5, 2, OUTER, 0}},
                     4};
  run_t walk, device;
  run_begin(&walk, &plan, p, &script);
  run_begin(&device, &plan, p, &script);
  compare_launch("nested", &walk, &device, -1);
  CHECK_RUNS(&device.world, 1, 2, 3, 4, 2, 3, 4, 5, 1, 2, 3, 4, 2, 3, 4, 5, 6, 7);
  CHECK_EQ(device.flushes, 4 + 2 + 1 + 1);
  plan_end(&plan);
}

static void test_resume_passes_over_segments_before_the_resume_point(void) {
  plan_t plan;
  build_nested(&plan);
  script_t script = {{[OUTER] = 1}, {{6, 1, FLAG_B, 1}}, 1};
  run_t walk, device;
  run_begin(&walk, &plan, &plan.program, &script);
  run_begin(&device, &plan, &plan.program, &script);
  CHECK_EQ(compare_launch("sibling resume", &walk, &device, 3), 3);
  CHECK_RUNS(&device.world, 6);
  /* The outer loop is passed over whole: only SIBLING's iteration is read back. */
  CHECK_EQ(device.submissions, 1);
  plan_end(&plan);
}

static void test_device_matches_walker_on_straight_plan(void) {
  plan_t plan;
  build_straight(&plan);
  script_t base = {{0}, {{0}}, 0};
  const int64_t fns[] = {2, 3, 4, 5, 7, 8};
  const int64_t params[] = {FLAG_A, FLAG_B};
  compare_scripts("straight", &plan, &base, fns, 6, params, 2);
  script_t left_set = {{[FLAG_A] = 1, [FLAG_B] = 1}, {{0}}, 0};
  compare_script("flags left set", &plan, &left_set);
  plan_end(&plan);
}

static void test_device_matches_walker_on_loop_plan(void) {
  plan_t plan;
  build_loop(&plan);
  script_t base = {{[OUTER] = 1}, {{5, 3, OUTER, 0}}, 1};
  const int64_t fns[] = {2, 4, 5, 6, 7};
  const int64_t params[] = {FLAG_A, FLAG_B, OUTER};
  compare_scripts("loop", &plan, &base, fns, 5, params, 3);
  script_t once = {{0}, {{0}}, 0};
  compare_scripts("loop once", &plan, &once, fns, 5, params, 3);
  plan_end(&plan);
}

static void test_device_matches_walker_on_nested_plan(void) {
  plan_t plan;
  build_nested(&plan);
  script_t base = {{[OUTER] = 1},
                   {{1, 0, INNER, 1}, {4, 2, INNER, 0}, {4, 4, INNER, 0}, {5, 2, OUTER, 0}},
                   4};
  const int64_t fns[] = {1, 2, 3, 4, 6};
  const int64_t params[] = {FLAG_A, FLAG_B, SIBLING};
  compare_scripts("nested", &plan, &base, fns, 5, params, 3);
  plan_end(&plan);
}

int main(void) {
  TEST_RUN(test_straight_plan_is_one_segment);
  TEST_RUN(test_nested_and_sibling_segments);
  TEST_RUN(test_resume_passes_over_segments_before_the_resume_point);
  TEST_RUN(test_device_matches_walker_on_straight_plan);
  TEST_RUN(test_device_matches_walker_on_loop_plan);
  TEST_RUN(test_device_matches_walker_on_nested_plan);
  return test_report();
}
