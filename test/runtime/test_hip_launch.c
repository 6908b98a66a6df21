/* The HIP backend on a GPU, checked against the CPU target: the CUDA launch test's
 * scenarios (launch_scenarios.h) with the same PTX kernel wrapped in a HIP image bundle
 * for sm_90, run through runtime/hip over the HIP-on-CUDA shim (tools/hip-on-cuda), must
 * give the CPU's runs, flags, conditions and outcomes launch after launch. Then what the
 * HIP design promises: one readback per launch without do-whiles, one more per do-while
 * iteration, one graph per segment instantiated once, argument changes as node updates.
 *
 * CKPT_HIP_LIBRARY names the HIP runtime (default: the shim this build made). Without a
 * usable one it prints why and exits 77, which ctest reports as skipped. Argument:
 * --random=N (random plans; default 60). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ckpt/ckpt.h"
#include "core/context.h"
#include "hip/hip_backend.h"
#include "hip_images.h"
#include "launch_scenarios.h"
#include "test_util.h"

static int random_plans = 60;

static ckpt_context_t *hip_context(void) {
  ckpt_context_t *context = NULL;
  if (ckpt_context_create(CKPT_TARGET_HIP, &context) != CKPT_OK) {
    fprintf(stderr, "cannot create a HIP context: %s\n", ckpt_context_last_error(context));
    exit(1);
  }
  return context;
}

static ckpt_hip_stats_t stats_of(ckpt_context_t *context) {
  ckpt_hip_stats_t stats;
  memset(&stats, 0, sizeof(stats));
  CHECK(ckpt_hip_backend_stats(context, &stats));
  return stats;
}

/* Runs `s` on the CPU and on HIP; checks the transcripts agree. */
static void check_scenario(scenario_t *s, const char *what) {
  use_hip_images(s);
  ckpt_context_t *cpu = test_cpu_context();
  char *expected = run_scenario(cpu, s, 6);
  ckpt_context_destroy(cpu);
  ckpt_context_t *context = hip_context();
  char *actual = run_scenario(context, s, 6);
  ++test_checks;
  if (!actual || !expected || strcmp(actual, expected) != 0) {
    test_fail_at(__FILE__, __LINE__);
    fprintf(stderr, "%s: HIP differs from the CPU:\n--- cpu\n%s--- hip\n%s", what,
            expected ? expected : "(null)\n", actual ? actual : "(null)\n");
  }
  free(actual);
  free(expected);
  ckpt_context_destroy(context);
}

static void test_hip_matches_cpu_on_a_straight_plan(void) {
  scenario_t s;
  build_straight(&s);
  check_scenario(&s, "straight");
  scenario_fold_checks(&s);
  check_scenario(&s, "straight, checks folded");
}

static void test_hip_matches_cpu_on_nested_loops(void) {
  scenario_t s;
  build_nested(&s);
  for (uint64_t seed = 1; seed <= 4; ++seed) {
    s.seed = seed;
    check_scenario(&s, "nested");
  }
}

static void test_hip_matches_cpu_on_random_plans(void) {
  for (int seed = 1; seed <= random_plans; ++seed) {
    scenario_t *s = calloc(1, sizeof(*s));
    build_random(s, (uint64_t)seed);
    char what[32];
    snprintf(what, sizeof(what), "random plan %d", seed);
    int failures = test_failures;
    check_scenario(s, what);
    free(s);
    if (test_failures > failures + 3) break;
  }
}

/* Runs `launches` fresh launches of `s` with nothing yielding; returns the stats. */
static ckpt_hip_stats_t launch_quietly(scenario_t *s, int launches) {
  s->rule_count = 0;
  use_hip_images(s);
  ckpt_context_t *context = hip_context();
  use_scenario_tasks(s);
  ckpt_kernel_t *kernel = test_create_kernel(context, &s->builder.plan);
  world_args_t *a = calloc(1, sizeof(*a));
  world_args_init(a, s);
  ckpt_outcome_t outcome;
  for (int i = 0; i < launches; ++i) {
    a->world.run_count = 0;
    CHECK_STATUS(ckpt_kernel_launch(kernel, a->args, &outcome), CKPT_OK);
    CHECK(!outcome.yielded);
    CHECK_EQ(a->world.run_count, s->next_fn - 1);
  }
  ckpt_hip_stats_t stats = stats_of(context);
  free(a);
  ckpt_context_destroy(context);
  return stats;
}

/* Without a do-while a launch is one graph launch and one readback (a wait: the outcome
 * word is mapped memory), folded checks or not (Quadrants' host orchestration reads back
 * after every checkpoint that can yield). */
static void test_hip_one_readback_per_launch(void) {
  for (int fold = 0; fold < 2; ++fold) {
    scenario_t s;
    build_straight(&s);
    if (fold) scenario_fold_checks(&s);
    ckpt_hip_stats_t stats = launch_quietly(&s, 200);
    CHECK_EQ(stats.readbacks, 200);
    CHECK_EQ(stats.graph_launches, 200);
    CHECK_EQ(stats.instantiations, 1);
    CHECK_EQ(stats.graph_builds, 1);
    CHECK_EQ(stats.node_updates, 0);
    CHECK_EQ(stats.module_loads, 1);
    /* The device keeps the fresh state after a launch that neither yields nor resumes. */
    CHECK_EQ(stats.state_uploads, 1);
  }
}

/* The nested plan: bare; do-while A { bare; [t]; L {t}; bare; do-while B { [t]; L {t} };
 * [t] }; L {t}; bare is five segments (two at the top, two in A's body, one in B's), each
 * one graph built once. With both loops running once, a launch is five graph launches and
 * three readbacks: one per loop iteration, one at the end. */
static void test_hip_loops_read_back_once_per_iteration(void) {
  scenario_t s;
  build_nested(&s);
  s.initial[PARAM_LOOP_A - 1] = s.initial[PARAM_LOOP_B - 1] = 0;
  ckpt_hip_stats_t stats = launch_quietly(&s, 100);
  CHECK_EQ(stats.graph_builds, 5);
  CHECK_EQ(stats.instantiations, 5);
  CHECK_EQ(stats.graph_launches, 500);
  CHECK_EQ(stats.readbacks, 300);
  CHECK_EQ(stats.node_updates, 0);
  CHECK_EQ(stats.state_uploads, 1);
}

static void test_hip_argument_swaps_update_nodes_without_rebuilding(void) {
  scenario_t s;
  build_straight(&s);
  use_hip_images(&s);
  ckpt_context_t *context = hip_context();
  use_scenario_tasks(&s);
  ckpt_kernel_t *kernel = test_create_kernel(context, &s.builder.plan);
  world_args_t *first = calloc(1, sizeof(*first)), *second = calloc(1, sizeof(*second));
  world_args_init(first, &s);
  world_args_init(second, &s);
  first->world.rule_count = 1;  /* only the raiser's rule: the first launch yields */
  second->world.rule_count = 0; /* the second never yields */
  ckpt_outcome_t outcome;
  for (int round = 0; round < 20; ++round) {
    world_args_t *a = round % 2 ? second : first;
    *world_param(a, PARAM_FLAG_A) = 0;
    a->world.run_count = 0;
    CHECK_STATUS(ckpt_kernel_launch(kernel, a->args, &outcome), CKPT_OK);
    if (round % 2) {
      CHECK(!outcome.yielded);
      CHECK_EQ(a->world.run_count, 8);
    } else {
      CHECK_EQ(outcome.yielded, round == 0);
    }
  }
  /* Resuming from label 101's top-level entry builds one more graph, once. */
  *world_param(first, PARAM_FLAG_A) = 0;
  for (int i = 0; i < 3; ++i) {
    first->world.run_count = 0;
    CHECK_STATUS(ckpt_kernel_resume(kernel, 101, first->args, &outcome), CKPT_OK);
    CHECK_EQ(first->world.run_count, 6);
  }
  ckpt_hip_stats_t stats = stats_of(context);
  CHECK_EQ(stats.instantiations, 2);
  CHECK_EQ(stats.graph_builds, 2);
  CHECK(stats.node_updates >= 19 * 8); /* every task's world pointer moved each round */
  free(first);
  free(second);
  ckpt_context_destroy(context);
}

int main(int argc, char **argv) {
  for (int i = 1; i < argc; ++i)
    if (strncmp(argv[i], "--random=", 9) == 0) random_plans = atoi(argv[i] + 9);
  const char *library = getenv("CKPT_HIP_LIBRARY");
  if (!library || !library[0]) setenv("CKPT_HIP_LIBRARY", HIP_ON_CUDA_PATH, 1);
  ckpt_context_t *probe = NULL;
  ckpt_status_code_t code = ckpt_context_create(CKPT_TARGET_HIP, &probe);
  if (code != CKPT_OK) {
    fprintf(stderr, "skipped: %s\n", ckpt_context_last_error(probe));
    ckpt_context_destroy(probe);
    return code == CKPT_ERROR_UNAVAILABLE ? 77 : 1;
  }
  ckpt_context_destroy(probe);
  build_hip_bundle();
  TEST_RUN(test_hip_matches_cpu_on_a_straight_plan);
  TEST_RUN(test_hip_matches_cpu_on_nested_loops);
  TEST_RUN(test_hip_matches_cpu_on_random_plans);
  TEST_RUN(test_hip_one_readback_per_launch);
  TEST_RUN(test_hip_loops_read_back_once_per_iteration);
  TEST_RUN(test_hip_argument_swaps_update_nodes_without_rebuilding);
  return test_report();
}
