/* The reference walker (runtime/core/walk.c) against docs/semantics.md "Launch" and "Resume",
 * with a scripted target: flags live in an array and tasks write them by rule. */
#include "core/walk.h"

#include "ckpt/ckpt.h"
#include "plan_builder.h"
#include "sample_plans.h"
#include "test_util.h"
#include "test_world.h"

enum { FLAG_A = 0, FLAG_B = 1, OUTER = 2, INNER = 3, SIBLING = 4, PARAMS = 5 };

typedef struct fake_target_t {
  ckpt_context_t *context;
  plan_builder_t builder;
  ckpt_plan_view_t view;
  world_t world;
  int32_t flags[PARAMS];
  int64_t reads[PARAMS];
  int64_t fail_run_at_node; /* run_node fails here; -1: never */
  int64_t fail_read_of_param; /* read_i32 fails for it; -1: never */
} fake_target_t;

static int32_t *fake_flag(void *user, int64_t param) {
  return &((fake_target_t *)user)->flags[param];
}

static ckpt_status_code_t fake_run_node(void *user, int64_t node_index) {
  fake_target_t *target = user;
  if (node_index == target->fail_run_at_node) return CKPT_ERROR_BACKEND;
  world_run(&target->world, target->view.nodes[node_index].fn, fake_flag, target);
  return CKPT_OK;
}

static ckpt_status_code_t fake_read_i32(void *user, int64_t param, int32_t *out_value) {
  fake_target_t *target = user;
  if (param == target->fail_read_of_param) return CKPT_ERROR_BACKEND;
  /* A walker that loops where it should not fails the test instead of hanging it. */
  if (target->reads[param] == 1000) return CKPT_ERROR_BACKEND;
  ++target->reads[param];
  *out_value = target->flags[param];
  return CKPT_OK;
}

static const ckpt_walk_ops_t fake_ops = {fake_run_node, fake_read_i32};

static void fake_begin(fake_target_t *target) {
  memset(target, 0, sizeof(*target));
  target->fail_run_at_node = -1;
  target->fail_read_of_param = -1;
  world_init(&target->world);
  plan_builder_init(&target->builder, "step", plan_builder_noop_dispatch);
  for (int i = 0; i < PARAMS; ++i) plan_builder_flag(&target->builder);
}

/* Validates the plan built so far; the walk tests need a sound view. */
static void fake_finish(fake_target_t *target) {
  target->context = test_cpu_context();
  if (ckpt_plan_view_create(target->context, plan_builder_finish(&target->builder),
                            &target->view) != CKPT_OK) {
    fprintf(stderr, "test plan rejected: %s\n", ckpt_context_last_error(target->context));
    exit(2);
  }
}

static void fake_end(fake_target_t *target) {
  ckpt_plan_view_release(&target->view);
  ckpt_context_destroy(target->context);
}

/* One launch from `resume_cp_id` (-1 fresh); returns the yielding cp_id or -1. */
static int64_t fake_walk(fake_target_t *target, int64_t resume_cp_id) {
  world_clear_runs(&target->world);
  memset(target->reads, 0, sizeof(target->reads));
  int64_t yield_cp_id = -2;
  CHECK_STATUS(ckpt_walk(&target->view, resume_cp_id, &fake_ops, target, &yield_cp_id), CKPT_OK);
  return yield_cp_id;
}

/*   bare 1; [2] cp0; L0 "SIM" {3 4} cp1 (FLAG_A); bare 5; [6] cp2; L1 {7} cp3 (FLAG_B); bare 8 */
static void build_straight(fake_target_t *target) {
  fake_begin(target);
  sample_straight_nodes(&target->builder, FLAG_A, FLAG_B);
  fake_finish(target);
}

static void test_walk_runs_everything_without_yield(void) {
  fake_target_t target;
  build_straight(&target);
  CHECK_EQ(fake_walk(&target, -1), -1);
  CHECK_RUNS(&target.world, 1, 2, 3, 4, 5, 6, 7, 8);
  CHECK_EQ(target.reads[FLAG_A], 1);
  CHECK_EQ(target.reads[FLAG_B], 1);
  fake_end(&target);
}

static void test_walk_yield_stops_after_the_checkpoint(void) {
  fake_target_t target;
  build_straight(&target);
  world_rule(&target.world, 3, 1, FLAG_A, 1);
  CHECK_EQ(fake_walk(&target, -1), 1);
  /* The yielding checkpoint finishes its tasks; nothing after it runs. */
  CHECK_RUNS(&target.world, 1, 2, 3, 4);
  CHECK_EQ(target.reads[FLAG_B], 0);
  CHECK_EQ(target.flags[FLAG_A], 1); /* the runtime never writes a flag */
  fake_end(&target);
}

static void test_walk_resume_skips_what_precedes(void) {
  fake_target_t target;
  build_straight(&target);
  world_rule(&target.world, 3, 1, FLAG_A, 1);
  CHECK_EQ(fake_walk(&target, -1), 1);
  target.flags[FLAG_A] = 0;
  /* Bare run 1 and implicit checkpoint cp0 are skipped; the resumed one runs again. */
  CHECK_EQ(fake_walk(&target, 1), -1);
  CHECK_RUNS(&target.world, 3, 4, 5, 6, 7, 8);
  /* Resuming at a later label skips earlier bare runs and implicit checkpoints too. */
  CHECK_EQ(fake_walk(&target, 3), -1);
  CHECK_RUNS(&target.world, 7, 8);
  fake_end(&target);
}

static void test_walk_flag_left_set_yields_again(void) {
  fake_target_t target;
  build_straight(&target);
  target.flags[FLAG_A] = 1;
  CHECK_EQ(fake_walk(&target, -1), 1);
  CHECK_RUNS(&target.world, 1, 2, 3, 4);
  CHECK_EQ(fake_walk(&target, 1), 1);
  CHECK_RUNS(&target.world, 3, 4);
  fake_end(&target);
}

static void test_walk_first_yield_in_source_order_wins(void) {
  fake_target_t target;
  build_straight(&target);
  target.flags[FLAG_A] = 1;
  target.flags[FLAG_B] = 1;
  CHECK_EQ(fake_walk(&target, -1), 1);
  CHECK_EQ(target.reads[FLAG_B], 0);
  /* Resumed past the first, the second one reports. */
  target.flags[FLAG_A] = 0;
  CHECK_EQ(fake_walk(&target, 1), 3);
  CHECK_RUNS(&target.world, 3, 4, 5, 6, 7);
  fake_end(&target);
}

/*   L0 {1} cp0; [2] cp1; L1 {3} cp2; bare 4 -- both labels on FLAG_A */
static void test_walk_shared_flag(void) {
  fake_target_t target;
  fake_begin(&target);
  plan_builder_t *b = &target.builder;
  plan_builder_checkpoint(b, 0, NULL, FLAG_A);
  plan_builder_task(b, 1);
  plan_builder_close(b);
  plan_builder_wrapped_task(b, 2);
  plan_builder_checkpoint(b, 1, NULL, FLAG_A);
  plan_builder_task(b, 3);
  plan_builder_close(b);
  plan_builder_bare(b, 4);
  fake_finish(&target);

  world_rule(&target.world, 3, 1, FLAG_A, 1);
  CHECK_EQ(fake_walk(&target, -1), 2);
  CHECK_RUNS(&target.world, 1, 2, 3);
  /* Left set, the shared flag makes the first checkpoint yield on a fresh launch... */
  CHECK_EQ(fake_walk(&target, -1), 0);
  CHECK_RUNS(&target.world, 1);
  /* ...and the resumed one yield at once. */
  CHECK_EQ(fake_walk(&target, 2), 2);
  CHECK_RUNS(&target.world, 3);
  target.flags[FLAG_A] = 0;
  CHECK_EQ(fake_walk(&target, 2), -1);
  CHECK_RUNS(&target.world, 3, 4);
  fake_end(&target);
}

/*   bare 1; L5 {2} cp0; bare 3 -- resuming at cp 0 is not a fresh launch */
static void test_walk_resume_at_first_checkpoint_skips_bare_before_it(void) {
  fake_target_t target;
  fake_begin(&target);
  plan_builder_t *b = &target.builder;
  plan_builder_bare(b, 1);
  plan_builder_checkpoint(b, 5, NULL, FLAG_A);
  plan_builder_task(b, 2);
  plan_builder_close(b);
  plan_builder_bare(b, 3);
  fake_finish(&target);
  CHECK_EQ(fake_walk(&target, -1), -1);
  CHECK_RUNS(&target.world, 1, 2, 3);
  CHECK_EQ(fake_walk(&target, 0), -1);
  CHECK_RUNS(&target.world, 2, 3);
  fake_end(&target);
}

static void test_walk_implicit_checkpoints_never_yield(void) {
  fake_target_t target;
  fake_begin(&target);
  plan_builder_wrapped_task(&target.builder, 1);
  plan_builder_wrapped_task(&target.builder, 2);
  fake_finish(&target);
  for (int i = 0; i < PARAMS; ++i) target.flags[i] = 1;
  CHECK_EQ(fake_walk(&target, -1), -1);
  CHECK_RUNS(&target.world, 1, 2);
  for (int i = 0; i < PARAMS; ++i) CHECK_EQ(target.reads[i], 0);
  fake_end(&target);
}

static void test_walk_kernel_without_checkpoints(void) {
  fake_target_t target;
  fake_begin(&target);
  plan_builder_task(&target.builder, 1);
  plan_builder_bare(&target.builder, 2);
  plan_builder_task(&target.builder, 3);
  fake_finish(&target);
  CHECK_EQ(fake_walk(&target, -1), -1);
  CHECK_RUNS(&target.world, 1, 2, 3);
  fake_end(&target);

  fake_begin(&target);
  fake_finish(&target);
  CHECK_EQ(fake_walk(&target, -1), -1);
  CHECK_NO_RUNS(&target.world);
  fake_end(&target);
}

/*   bare 1
 *   do-while OUTER { bare 2; [3] cp0; L7 "grow" {4} cp1 (FLAG_A); bare 5; [6] cp2 }
 *   L9 {7} cp3 (FLAG_B); bare 8
 * OUTER starts at 1 and the 3rd run of fn 6 clears it: three iterations. */
static void build_loop(fake_target_t *target) {
  fake_begin(target);
  sample_loop_nodes(&target->builder, OUTER, FLAG_A, FLAG_B);
  fake_finish(target);
  target->flags[OUTER] = 1;
  world_rule(&target->world, 6, 3, OUTER, 0);
}

static void test_walk_do_while_repeats_while_condition_set(void) {
  fake_target_t target;
  build_loop(&target);
  CHECK_EQ(fake_walk(&target, -1), -1);
  CHECK_RUNS(&target.world, 1, 2, 3, 4, 5, 6, 2, 3, 4, 5, 6, 2, 3, 4, 5, 6, 7, 8);
  CHECK_EQ(target.reads[OUTER], 3);
  fake_end(&target);
}

static void test_walk_do_while_body_runs_once_with_condition_clear(void) {
  fake_target_t target;
  build_loop(&target);
  target.flags[OUTER] = 0;
  CHECK_EQ(fake_walk(&target, -1), -1);
  CHECK_RUNS(&target.world, 1, 2, 3, 4, 5, 6, 7, 8);
  CHECK_EQ(target.reads[OUTER], 1);
  fake_end(&target);
}

static void test_walk_resume_inside_do_while(void) {
  fake_target_t target;
  build_loop(&target);
  world_rule(&target.world, 4, 2, FLAG_A, 1);
  /* Yields in the 2nd iteration: no rest of it, no 3rd, nothing after the loop. */
  CHECK_EQ(fake_walk(&target, -1), 1);
  CHECK_RUNS(&target.world, 1, 2, 3, 4, 5, 6, 2, 3, 4);
  CHECK_EQ(target.reads[OUTER], 1);
  /* The resume finishes that iteration from the checkpoint, then runs full ones. */
  target.flags[FLAG_A] = 0;
  CHECK_EQ(fake_walk(&target, 1), -1);
  CHECK_RUNS(&target.world, 4, 5, 6, 2, 3, 4, 5, 6, 7, 8);
  CHECK_EQ(target.reads[OUTER], 2);
  fake_end(&target);
}

static void test_walk_resume_after_do_while_skips_it_whole(void) {
  fake_target_t target;
  build_loop(&target);
  CHECK_EQ(fake_walk(&target, 3), -1);
  CHECK_RUNS(&target.world, 7, 8);
  CHECK_EQ(target.reads[OUTER], 0);
  fake_end(&target);
}

/*   do-while OUTER { [1] cp0; do-while INNER { bare 2; L1 {3} cp1 (FLAG_A); [4] cp2 }; bare 5 }
 *   do-while SIBLING { L2 {6} cp3 (FLAG_B) }
 *   bare 7
 * Each outer iteration runs the inner loop twice (fn 1 sets INNER, every 2nd fn 4 clears
 * it); the 2nd fn 5 clears OUTER; SIBLING starts clear. */
static void build_nested(fake_target_t *target) {
  fake_begin(target);
  sample_nested_nodes(&target->builder, OUTER, INNER, SIBLING, FLAG_A, FLAG_B);
  fake_finish(target);
  target->flags[OUTER] = 1;
  world_rule(&target->world, 1, 0, INNER, 1);
  world_rule(&target->world, 4, 2, INNER, 0);
  world_rule(&target->world, 4, 4, INNER, 0);
  world_rule(&target->world, 5, 2, OUTER, 0);
}

static void test_walk_nested_and_sibling_do_whiles(void) {
  fake_target_t target;
  build_nested(&target);
  CHECK_EQ(fake_walk(&target, -1), -1);
  CHECK_RUNS(&target.world, 1, 2, 3, 4, 2, 3, 4, 5, 1, 2, 3, 4, 2, 3, 4, 5, 6, 7);
  CHECK_EQ(target.reads[INNER], 4);
  CHECK_EQ(target.reads[OUTER], 2);
  CHECK_EQ(target.reads[SIBLING], 1);
  fake_end(&target);

  build_nested(&target);
  target.flags[SIBLING] = 1;
  world_rule(&target.world, 6, 3, SIBLING, 0);
  CHECK_EQ(fake_walk(&target, -1), -1);
  CHECK_EQ(target.world.run_count, 20);
  CHECK_EQ(target.world.runs[16], 6);
  CHECK_EQ(target.world.runs[18], 6);
  CHECK_EQ(target.reads[SIBLING], 3);
  fake_end(&target);
}

static void test_walk_yield_and_resume_in_nested_do_while(void) {
  fake_target_t target;
  build_nested(&target);
  /* The 4th fn 3: 2nd inner iteration of the 2nd outer iteration. */
  world_rule(&target.world, 3, 4, FLAG_A, 1);
  CHECK_EQ(fake_walk(&target, -1), 1);
  CHECK_RUNS(&target.world, 1, 2, 3, 4, 2, 3, 4, 5, 1, 2, 3, 4, 2, 3);
  target.flags[FLAG_A] = 0;
  /* Enters both loops at the yielding iteration; their conditions still hold. */
  CHECK_EQ(fake_walk(&target, 1), -1);
  CHECK_RUNS(&target.world, 3, 4, 5, 6, 7);
  fake_end(&target);
}

static void test_walk_resume_into_sibling_do_while(void) {
  fake_target_t target;
  build_nested(&target);
  world_rule(&target.world, 6, 1, FLAG_B, 1);
  CHECK_EQ(fake_walk(&target, 3), 3);
  CHECK_RUNS(&target.world, 6);
  CHECK_EQ(target.reads[OUTER], 0);
  CHECK_EQ(target.reads[SIBLING], 0);
  target.flags[FLAG_B] = 0;
  CHECK_EQ(fake_walk(&target, 3), -1);
  CHECK_RUNS(&target.world, 6, 7);
  fake_end(&target);
}

static void test_walk_target_failure_stops_the_walk(void) {
  fake_target_t target;
  build_straight(&target);
  target.fail_run_at_node = 4; /* the task with fn 3 */
  int64_t yield_cp_id = -2;
  CHECK_STATUS(ckpt_walk(&target.view, -1, &fake_ops, &target, &yield_cp_id), CKPT_ERROR_BACKEND);
  CHECK_RUNS(&target.world, 1, 2);
  CHECK_EQ(yield_cp_id, -1);
  fake_end(&target);

  build_loop(&target);
  target.fail_read_of_param = OUTER;
  CHECK_STATUS(ckpt_walk(&target.view, -1, &fake_ops, &target, &yield_cp_id), CKPT_ERROR_BACKEND);
  CHECK_RUNS(&target.world, 1, 2, 3, 4, 5, 6);
  fake_end(&target);
}

int main(void) {
  TEST_RUN(test_walk_runs_everything_without_yield);
  TEST_RUN(test_walk_yield_stops_after_the_checkpoint);
  TEST_RUN(test_walk_resume_skips_what_precedes);
  TEST_RUN(test_walk_flag_left_set_yields_again);
  TEST_RUN(test_walk_first_yield_in_source_order_wins);
  TEST_RUN(test_walk_shared_flag);
  TEST_RUN(test_walk_resume_at_first_checkpoint_skips_bare_before_it);
  TEST_RUN(test_walk_implicit_checkpoints_never_yield);
  TEST_RUN(test_walk_kernel_without_checkpoints);
  TEST_RUN(test_walk_do_while_repeats_while_condition_set);
  TEST_RUN(test_walk_do_while_body_runs_once_with_condition_clear);
  TEST_RUN(test_walk_resume_inside_do_while);
  TEST_RUN(test_walk_resume_after_do_while_skips_it_whole);
  TEST_RUN(test_walk_nested_and_sibling_do_whiles);
  TEST_RUN(test_walk_yield_and_resume_in_nested_do_while);
  TEST_RUN(test_walk_resume_into_sibling_do_while);
  TEST_RUN(test_walk_target_failure_stops_the_walk);
  return test_report();
}
