/* The Vulkan target's host-side plan (runtime/vulkan/vulkan_program.c), with no device:
 * the segments cut at do-whiles, the steps, the host's gating in conditional mode, and
 * the launch loop. A simulated device runs each queued segment as the command buffer
 * would, in either mode: control steps (the control shader's yield check and gate, then
 * the gated tasks with their prologue gate), or conditional (the indirect sizes and armed
 * words the host wrote when it queued the segment, the yield step run only where the flag
 * is raised, the prologue gate with no resume point). Every launch is compared with the
 * reference walker (runtime/core/walk.c) on the same scripted world. */
#include "vulkan/vulkan_program.h"

#include "core/walk.h"
#include "plan_builder.h"
#include "sample_plans.h"
#include "test_util.h"
#include "test_world.h"

enum { FLAG_A = 0, FLAG_B = 1, OUTER = 2, INNER = 3, SIBLING = 4, PARAMS = 5 };
enum { MAX_TASKS = 64, MAX_STEPS = 64, MAX_ENQUEUES = 64 };

/* One run of a plan: its world and flags, on the walker or on the simulated device. */
typedef struct run_t {
  const ckpt_plan_view_t *view;
  const ckpt_vulkan_program_t *program;
  bool conditional; /* the device's mode: conditional, or control steps */
  world_t world;
  int32_t flags[PARAMS];
  int32_t state[4]; /* the device's gating state */
  /* Conditional mode: the words the host writes when it queues a segment. */
  bool dispatched[MAX_TASKS]; /* the task's indirect size is its grid, not zero */
  bool armed[MAX_STEPS];
  int64_t queued[64];
  int64_t queued_count;
  int64_t enqueues[MAX_ENQUEUES][2]; /* segment and resume cp_id of each enqueue */
  int64_t enqueue_count;
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

/* The task kernel's own gate: the cp_id of its checkpoint, or -2 outside one. */
static int64_t task_gate(const run_t *run, int64_t task) {
  const ckpt_plan_node_t *node = &run->view->nodes[run->program->task_nodes[task]];
  return node->parent >= 0 && run->view->nodes[node->parent].kind == CKPT_NODE_CHECKPOINT
             ? run->view->nodes[node->parent].cp_id
             : CKPT_VULKAN_GATE_OUTSIDE;
}

/* A task dispatched with its grid runs behind its prologue gate. */
static void device_run_task(run_t *run, int64_t task) {
  if (gate_open(run->state, task_gate(run, task)))
    world_run(&run->world, run->view->nodes[run->program->task_nodes[task]].fn, run_flag, run);
}

/* shaders/control.comp, then the tasks of its group. */
static void device_run_control_step(run_t *run, const ckpt_vulkan_step_t *step) {
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
    CHECK_EQ(task_gate(run, t), step->gate);
    if (open) device_run_task(run, t);
  }
}

/* Conditional mode: shaders/yield.comp where conditional rendering finds the flag raised,
 * then the tasks of its group at the sizes the host (or a yield) left. */
static void device_run_conditional_step(run_t *run, int64_t s) {
  const ckpt_vulkan_step_t *step = &run->program->steps[s];
  int32_t *state = run->state;
  if (step->yield_cp >= 0 && run->flags[step->yield_param] != 0 && state[1] == 0 &&
      run->armed[s]) {
    state[1] = 1;
    state[2] = (int32_t)step->yield_cp;
    for (int64_t t = step->first_task; t < run->program->task_count; ++t)
      run->dispatched[t] = false;
  }
  for (int64_t t = step->first_task; t < step->first_task + step->task_count; ++t)
    if (run->dispatched[t]) device_run_task(run, t);
}

/* The host side of conditional mode, as vulkan_kernel.c's write_gates does it. */
static void host_write_gates(run_t *run, int64_t segment, int64_t resume_cp_id) {
  const ckpt_vulkan_program_t *program = run->program;
  const ckpt_vulkan_segment_t *info = &program->segments[segment];
  int64_t first_open = ckpt_vulkan_segment_first_open_step(program, segment, resume_cp_id);
  for (int64_t s = info->first_step; s < info->first_step + info->step_count; ++s) {
    const ckpt_vulkan_step_t *step = &program->steps[s];
    run->armed[s] = ckpt_vulkan_step_armed(program, s, first_open);
    for (int64_t t = step->first_task; t < step->first_task + step->task_count; ++t)
      run->dispatched[t] = s >= first_open;
  }
}

static ckpt_status_code_t device_enqueue(void *user, int64_t segment, int64_t resume_cp_id) {
  run_t *run = user;
  if (run->queued_count == 64 || run->enqueue_count == MAX_ENQUEUES) return CKPT_ERROR_BACKEND;
  /* What the host writes at enqueue must survive until the flush: each segment at most
   * once between flushes, in plan order, so that a yield reaches those queued behind. */
  if (run->queued_count > 0) CHECK(segment > run->queued[run->queued_count - 1]);
  run->enqueues[run->enqueue_count][0] = segment;
  run->enqueues[run->enqueue_count++][1] = resume_cp_id;
  if (run->conditional) host_write_gates(run, segment, resume_cp_id);
  run->queued[run->queued_count++] = segment;
  return CKPT_OK;
}

static ckpt_status_code_t device_flush(void *user, int64_t condition_param, bool *out_yielded,
                                       int32_t *out_condition) {
  run_t *run = user;
  if (++run->flushes > 10000) return CKPT_ERROR_BACKEND;
  if (run->queued_count > 0) ++run->submissions;
  for (int64_t q = 0; q < run->queued_count; ++q) {
    const ckpt_vulkan_segment_t *segment = &run->program->segments[run->queued[q]];
    for (int64_t s = segment->first_step; s < segment->first_step + segment->step_count; ++s) {
      if (run->conditional)
        device_run_conditional_step(run, s);
      else
        device_run_control_step(run, &run->program->steps[s]);
    }
  }
  run->queued_count = 0;
  *out_yielded = run->state[1] != 0;
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
                      bool conditional, const script_t *script) {
  memset(run, 0, sizeof(*run));
  run->view = &plan->view;
  run->program = program;
  run->conditional = conditional;
  CHECK(program->task_count <= MAX_TASKS && program->step_count <= MAX_STEPS);
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
  /* In conditional mode the host gates towards the resume point, not the device. */
  device->state[0] = device->conditional ? -1 : (int32_t)resume_cp_id;
  device->state[1] = 0;
  device->state[2] = -1;
  device->flushes = device->submissions = device->enqueue_count = 0;
  CHECK_STATUS(ckpt_vulkan_program_run(device->program, resume_cp_id, &device_ops, device),
               CKPT_OK);
  int64_t device_yield = device->state[1] ? device->state[2] : -1;
  bool same = walk->world.run_count == device->world.run_count && walk_yield == device_yield;
  for (int64_t i = 0; same && i < walk->world.run_count; ++i)
    same = walk->world.runs[i] == device->world.runs[i];
  ++test_checks;
  if (!same) {
    test_fail_at(__FILE__, __LINE__);
    fprintf(stderr, "%s (%s), resume cp %lld: walker ran", what,
            device->conditional ? "conditional" : "control steps", (long long)resume_cp_id);
    for (int64_t i = 0; i < walk->world.run_count; ++i)
      fprintf(stderr, " %lld", (long long)walk->world.runs[i]);
    fprintf(stderr, " (yield cp %lld); device ran", (long long)walk_yield);
    for (int64_t i = 0; i < device->world.run_count; ++i)
      fprintf(stderr, " %lld", (long long)device->world.runs[i]);
    fprintf(stderr, " (yield cp %lld)\n", (long long)device_yield);
  }
  return device_yield;
}

/* The ways the device runs a program: control steps and conditional mode for device
 * gating, control steps for host gating. */
typedef struct device_mode_t {
  bool host_gating, conditional;
} device_mode_t;

static const device_mode_t modes[] = {{false, false}, {false, true}, {true, false}};

/* A fresh launch, then, for as long as it yields, clearing the flags and resuming from
 * the yielding checkpoint (at most a few times), on the walker and on the device in each
 * mode. Then a resume from every explicit checkpoint on fresh copies of the script. */
static void compare_script(const char *what, const plan_t *plan, const script_t *script) {
  for (size_t m = 0; m < sizeof(modes) / sizeof(modes[0]); ++m) {
    const ckpt_vulkan_program_t *program =
        modes[m].host_gating ? &plan->host_program : &plan->program;
    bool conditional = modes[m].conditional;
    run_t walk, device;
    run_begin(&walk, plan, program, false, script);
    run_begin(&device, plan, program, conditional, script);
    int64_t resume = -1;
    for (int launch = 0; launch < 4; ++launch) {
      int64_t yield = compare_launch(what, &walk, &device, resume);
      if (yield < 0) break;
      walk.flags[FLAG_A] = walk.flags[FLAG_B] = 0;
      device.flags[FLAG_A] = device.flags[FLAG_B] = 0;
      resume = yield;
    }
    for (int64_t l = 0; l < plan->view.label_count; ++l) {
      run_begin(&walk, plan, program, false, script);
      run_begin(&device, plan, program, conditional, script);
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
  run_begin(&device, &plan, p, false, &script);
  run_t walk;
  run_begin(&walk, &plan, p, false, &script);
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
  run_begin(&walk, &plan, p, false, &script);
  run_begin(&device, &plan, p, false, &script);
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
  run_begin(&walk, &plan, &plan.program, false, &script);
  run_begin(&device, &plan, &plan.program, false, &script);
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

/* The node of checkpoint `cp_id`. */
static int64_t checkpoint_node(const plan_t *plan, int64_t cp_id) {
  for (int64_t i = 0; i < plan->view.node_count; ++i)
    if (plan->view.nodes[i].kind == CKPT_NODE_CHECKPOINT && plan->view.nodes[i].cp_id == cp_id)
      return i;
  CHECK(false);
  return 0;
}

/* Conditional mode's host gating of every segment, for a fresh launch and for a resume
 * from every label: a task is dispatched when it comes at or after the resumed
 * checkpoint in plan order, a yield check is armed when it checks a checkpoint at or
 * after it. Each segment is gated as the launch loop queues it: with the resume point
 * only if it holds it. */
static void check_conditional_gates(const plan_t *plan) {
  const ckpt_vulkan_program_t *p = &plan->program;
  for (int64_t l = -1; l < plan->view.label_count; ++l) {
    int64_t resume = l < 0 ? -1 : plan->view.label_cp_ids[l];
    int64_t resume_node = l < 0 ? -1 : checkpoint_node(plan, resume);
    for (int64_t g = 0; g < p->segment_count; ++g) {
      const ckpt_vulkan_segment_t *segment = &p->segments[g];
      bool holds = resume >= segment->cp_begin && resume < segment->cp_end;
      int64_t first_open = ckpt_vulkan_segment_first_open_step(p, g, resume);
      if (!holds) CHECK_EQ(first_open, segment->first_step);
      for (int64_t s = segment->first_step; s < segment->first_step + segment->step_count; ++s) {
        const ckpt_vulkan_step_t *step = &p->steps[s];
        bool armed = step->yield_cp >= 0 && (!holds || step->yield_cp >= resume);
        CHECK_EQ(ckpt_vulkan_step_armed(p, s, first_open), armed);
        for (int64_t t = step->first_task; t < step->first_task + step->task_count; ++t)
          CHECK_EQ(s >= first_open, !holds || p->task_nodes[t] > resume_node);
      }
    }
  }
}

/* Runs `check` on each sample plan. */
static void check_sample_plans(void (*check)(const plan_t *)) {
  void (*builds[])(plan_t *) = {build_straight, build_loop, build_nested};
  for (int b = 0; b < 3; ++b) {
    plan_t plan;
    builds[b](&plan);
    check(&plan);
    plan_end(&plan);
  }
}

static void test_conditional_gates_on_every_plan(void) {
  check_sample_plans(check_conditional_gates);
}

static void test_conditional_gates_on_straight_plan(void) {
  plan_t plan;
  build_straight(&plan);
  const ckpt_vulkan_program_t *p = &plan.program;
  /* Steps: 0 bare 1 | 1 cp0 [2] | 2 cp1 [3 4] | 3 bare 5, checks cp1 | 4 cp2 [6] |
   * 5 cp3 [7] | 6 bare 8, checks cp3. Tasks: bare 1, 2, 3, 4, bare 5, 6, 7, bare 8. */
  CHECK_EQ(ckpt_vulkan_segment_first_open_step(p, 0, -1), 0);
  CHECK(ckpt_vulkan_step_armed(p, 3, 0));
  CHECK(!ckpt_vulkan_step_armed(p, 2, 0)); /* no yield check there */
  CHECK_EQ(ckpt_vulkan_segment_first_open_step(p, 0, 1), 2);
  CHECK_EQ(p->steps[2].first_task, 2);
  CHECK(ckpt_vulkan_step_armed(p, 3, 2));
  CHECK_EQ(ckpt_vulkan_segment_first_open_step(p, 0, 3), 5);
  CHECK_EQ(p->steps[5].first_task, 6);
  CHECK(!ckpt_vulkan_step_armed(p, 3, 5)); /* cp1 is skipped: its flag must not yield */
  CHECK(ckpt_vulkan_step_armed(p, 6, 5));
  plan_end(&plan);
}

/* A yield at an explicit checkpoint stops every task after its group, to the end of the
 * task table: the yield check's step starts at the first task past the checkpoint. */
static void check_tasks_after_yields(const plan_t *plan) {
  const ckpt_vulkan_program_t *p = &plan->program;
  int64_t checked = 0;
  for (int64_t s = 0; s < p->step_count; ++s) {
    if (p->steps[s].yield_cp < 0) continue;
    int64_t end = plan->view.nodes[checkpoint_node(plan, p->steps[s].yield_cp)].end;
    int64_t before = 0;
    while (before < p->task_count && p->task_nodes[before] < end) ++before;
    CHECK_EQ(p->steps[s].first_task, before);
    ++checked;
  }
  CHECK_EQ(checked, plan->view.label_count);
}

static void test_tasks_after_each_yield(void) {
  check_sample_plans(check_tasks_after_yields);
  /* Straight: cp1 stops bare 5 on (task 4), cp3 bare 8 (task 7). Nested: cp3, the last
   * of SIBLING's segment, stops bare 7 in the segment after the loop (task 6). */
  plan_t plan;
  build_straight(&plan);
  CHECK_EQ(plan.program.steps[3].first_task, 4);
  CHECK_EQ(plan.program.steps[6].first_task, 7);
  plan_end(&plan);
  build_nested(&plan);
  const ckpt_vulkan_segment_t *sibling = &plan.program.segments[3];
  const ckpt_vulkan_step_t *trailing = &plan.program.steps[sibling->first_step + 1];
  CHECK_EQ(trailing->yield_cp, 3);
  CHECK_EQ(trailing->task_count, 0);
  CHECK_EQ(trailing->first_task, 6);
  plan_end(&plan);
}

/* A resume inside a do-while: only the iteration entered is partial. The loop's segment
 * is queued with the resume point once, then whole. */
static void test_conditional_resume_in_loop(void) {
  plan_t plan;
  build_loop(&plan);
  /* Segments: 0 [bare 1]; 1 the loop body [bare 2, cp0, cp1 "grow", bare 5, cp2];
   * 2 [cp3, bare 8]. */
  CHECK_EQ(plan.program.segment_count, 3);
  script_t script = {{[OUTER] = 1}, {{5, 2, OUTER, 0}}, 1};
  run_t walk, device;
  run_begin(&walk, &plan, &plan.program, false, &script);
  run_begin(&device, &plan, &plan.program, true, &script);
  CHECK_EQ(compare_launch("resume in loop", &walk, &device, 1), -1);
  CHECK_RUNS(&device.world, 4, 5, 6, 2, 3, 4, 5, 6, 7, 8);
  CHECK_EQ(device.enqueue_count, 3);
  CHECK_EQ(device.enqueues[0][0], 1);
  CHECK_EQ(device.enqueues[0][1], 1);
  CHECK_EQ(device.enqueues[1][0], 1);
  CHECK_EQ(device.enqueues[1][1], -1);
  CHECK_EQ(device.enqueues[2][0], 2);
  CHECK_EQ(device.enqueues[2][1], -1);
  plan_end(&plan);
}

int main(void) {
  TEST_RUN(test_straight_plan_is_one_segment);
  TEST_RUN(test_nested_and_sibling_segments);
  TEST_RUN(test_resume_passes_over_segments_before_the_resume_point);
  TEST_RUN(test_conditional_gates_on_every_plan);
  TEST_RUN(test_conditional_gates_on_straight_plan);
  TEST_RUN(test_tasks_after_each_yield);
  TEST_RUN(test_conditional_resume_in_loop);
  TEST_RUN(test_device_matches_walker_on_straight_plan);
  TEST_RUN(test_device_matches_walker_on_loop_plan);
  TEST_RUN(test_device_matches_walker_on_nested_plan);
  return test_report();
}
