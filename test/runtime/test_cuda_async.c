/* Asynchronous launches that the CUDA device gates (runtime/cuda/cuda_queue.c), against
 * the CPU target's queue as the reference: many launches with the same arguments queued
 * at once, before the host waits for any, where the k-th yields because its own task
 * raised the flag (the scripted world of test_cuda_world.h, whose per-task run counts are
 * the device counters). Nothing of the launches after it may run, their outcomes name the
 * k-th and its label, a resume queued before the host saw the yield is skipped too, and
 * once the host has seen it a resume and later launches run. Also more launches than the
 * queue has slots, a synchronous launch behind such a yield, two kernels taking turns, a
 * do-while kernel, host-ordered kernels in the same queue, and the caller's stream:
 * work queued on it before and after ckpt's launches is ordered with them, and device
 * arguments pass through unmirrored, also as DLPack tensors (kDLCUDA).
 *
 * Every scenario runs on the CPU and in each CUDA mode; the final world (every task run,
 * in order) must be the CPU's. Without a CUDA driver or device only the CPU halves run
 * (checking the scenarios' own expectations), and it exits 77 (skipped) if they pass.
 *
 * test_hip_async.c compiles this file with CKPT_TEST_HIP: the same scenarios through
 * runtime/hip's queue (hip_queue.c) over the HIP-on-CUDA shim, in its modes, and the
 * caller's hipStream_t; the tests of CUDA's own handles (host gating, the caller's
 * context and stream, DLPack kDLCUDA) are CUDA's. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ckpt/ckpt.h"
#include "core/context.h"
#include "core/string_builder.h"
#include "cuda/cuda_backend.h"
#include "launch_scenarios.h"
#include "test_util.h"
#ifdef CKPT_TEST_HIP
#include "hip/hip_backend.h"
#include "hip_images.h"
#define TEST_TARGET CKPT_TARGET_HIP
#define TEST_TARGET_NAME "hip"
#else
#define TEST_TARGET CKPT_TARGET_CUDA
#define TEST_TARGET_NAME "cuda"
#endif
#if !defined(CKPT_TEST_HIP) && __has_include(<dlpack/dlpack.h>)
#include "ckpt/dlpack.h"
#define CKPT_TEST_DLPACK 1
#endif

/*--- modes ---------------------------------------------------------------------*/

typedef struct queue_mode_t {
  const char *name;
  const char *gating; /* CKPT_CUDA_GATING */
  const char *pdl;    /* CKPT_CUDA_PDL */
  const char *queue;  /* CKPT_CUDA_QUEUE */
  bool device_gated;  /* whether launches of the count plan go through submit */
} queue_mode_t;

#ifdef CKPT_TEST_HIP
/* `queue` is CKPT_HIP_QUEUE. */
static const queue_mode_t queue_modes[] = {
    {"device queue", "", "", "", true},
    {"CKPT_HIP_QUEUE=host", "", "", "host", false},
};
#else
static const queue_mode_t queue_modes[] = {
    {"prologue", "prologue", "", "", true},
    {"if", "if", "", "", true},
    {"prologue, ordinary edges", "prologue", "0", "", true},
    {"host gating (host-ordered)", "host", "", "", false},
    {"CKPT_CUDA_QUEUE=host", "prologue", "", "host", false},
};
#endif
enum { QUEUE_MODES = sizeof(queue_modes) / sizeof(queue_modes[0]) };

/* The CPU when mode is NULL. */
static ckpt_context_t *mode_context(const queue_mode_t *mode) {
  ckpt_context_t *context = NULL;
  ckpt_status_code_t code;
  if (!mode) {
    code = ckpt_context_create(CKPT_TARGET_CPU, &context);
  } else {
#ifdef CKPT_TEST_HIP
    setenv("CKPT_HIP_QUEUE", mode->queue, 1);
#else
    setenv("CKPT_CUDA_GATING", mode->gating, 1);
    setenv("CKPT_CUDA_PDL", mode->pdl, 1);
    setenv("CKPT_CUDA_QUEUE", mode->queue, 1);
#endif
    code = ckpt_context_create(TEST_TARGET, &context);
  }
  if (code != CKPT_OK) {
    fprintf(stderr, "cannot create a context (%s): %s\n", mode ? mode->name : "cpu",
            ckpt_context_last_error(context));
    exit(1);
  }
  return context;
}

static int64_t queue_submits(ckpt_context_t *context) {
#ifdef CKPT_TEST_HIP
  ckpt_hip_stats_t stats;
  memset(&stats, 0, sizeof(stats));
  return ckpt_hip_backend_stats(context, &stats) ? stats.queue_submits : 0;
#else
  ckpt_cuda_stats_t stats;
  memset(&stats, 0, sizeof(stats));
  return ckpt_cuda_backend_stats(context, &stats) ? stats.queue_submits : 0;
#endif
}

/*--- the count plan --------------------------------------------------------------*/

enum { LABEL_COUNT = 100, LABEL_AFTER = 101, FN_COUNT = 1, FN_AFTER = 2 };

/* Two explicit checkpoints, labels 100 (flag A) and 101 (flag B), one task each (fns 1
 * and 2); with `looped`, inside a do-while on LOOP_A, left at 0: one iteration. The
 * `yielding`-th run of fn 1 over the world's life raises flag A. */
static const ckpt_plan_t *count_plan(scenario_t *s, bool looped, int yielding) {
  scenario_begin(s, looped ? "count_looped" : "count");
  if (looped) plan_builder_do_while(&s->builder, PARAM_LOOP_A);
  scenario_checkpoint(s, PARAM_FLAG_A);
  scenario_task(s, 0);
  plan_builder_close(&s->builder);
  scenario_checkpoint(s, PARAM_FLAG_B);
  scenario_task(s, 1);
  plan_builder_close(&s->builder);
  if (looped) plan_builder_close(&s->builder);
  if (yielding > 0) scenario_rule(s, FN_COUNT, yielding, PARAM_FLAG_A, 1);
  use_scenario_tasks(s);
  const ckpt_plan_t *plan = scenario_plan(s);
#ifdef CKPT_TEST_HIP
  use_hip_images(s);
#endif
  return plan;
}

static world_args_t *count_args(const scenario_t *s) {
  world_args_t *a = calloc(1, sizeof(*a));
  world_args_init(a, s);
  return a;
}

static int32_t runs_of(const world_args_t *a, int fn) { return a->world.fn_runs[fn]; }

/* What the CPU and every CUDA mode must agree on: each world's task runs, in order. */
static void describe_world(ckpt_string_builder_t *text, const char *name, const world_args_t *a) {
  ckpt_string_builder_append_format(text, "%s: %d runs:", name, a->world.run_count);
  int32_t shown =
      a->world.run_count < CUDA_WORLD_MAX_RUNS ? a->world.run_count : CUDA_WORLD_MAX_RUNS;
  for (int32_t i = 0; i < shown; ++i)
    ckpt_string_builder_append_format(text, " %d", a->world.runs[i]);
  ckpt_string_builder_append_format(text, "; params");
  for (int p = 1; p <= CUDA_WORLD_PARAMS; ++p)
    ckpt_string_builder_append_format(text, " %d", *world_param((world_args_t *)a, p));
  ckpt_string_builder_append_format(text, "\n");
}

typedef void (*scenario_fn_t)(ckpt_context_t *context, bool device_gated,
                              ckpt_string_builder_t *world_text);

static bool device_available = true;

/* Runs `scenario` on the CPU and in every mode; the worlds must match the CPU's. */
static void check_against_cpu(const char *what, scenario_fn_t scenario) {
  ckpt_string_builder_t expected = CKPT_STRING_BUILDER_INIT;
  ckpt_context_t *cpu = mode_context(NULL);
  scenario(cpu, false, &expected);
  ckpt_context_destroy(cpu);
  char *expected_text = ckpt_string_builder_take(&expected);
  for (int m = 0; device_available && m < QUEUE_MODES; ++m) {
    ckpt_string_builder_t actual = CKPT_STRING_BUILDER_INIT;
    ckpt_context_t *context = mode_context(&queue_modes[m]);
    int failures = test_failures;
    scenario(context, queue_modes[m].device_gated, &actual);
    if (queue_modes[m].device_gated)
      CHECK(queue_submits(context) > 0);
    else
      CHECK_EQ(queue_submits(context), 0);
    ckpt_context_destroy(context);
    char *actual_text = ckpt_string_builder_take(&actual);
    ++test_checks;
    if (!actual_text || !expected_text || strcmp(actual_text, expected_text) != 0) {
      test_fail_at(__FILE__, __LINE__);
      fprintf(stderr, "%s: the world differs from the CPU's in mode %s\n--- cpu\n%s--- cuda\n%s",
              what, queue_modes[m].name, expected_text ? expected_text : "(null)\n",
              actual_text ? actual_text : "(null)\n");
    }
    if (test_failures > failures) fprintf(stderr, "  (%s, mode %s)\n", what, queue_modes[m].name);
    free(actual_text);
  }
  free(expected_text);
}

/*--- scenarios -----------------------------------------------------------------------*/

enum { QUEUED = 8, YIELDING = 3 /* 1-based */, LATER = 5 };

static void gate_skips_the_rest(ckpt_context_t *context, bool device_gated,
                                ckpt_string_builder_t *world_text) {
  scenario_t s;
  ckpt_kernel_t *kernel = test_create_kernel(context, count_plan(&s, false, YIELDING));
  world_args_t *a = count_args(&s);
  ckpt_launch_t *launches[QUEUED];
  for (int i = 0; i < QUEUED; ++i)
    CHECK_STATUS(ckpt_kernel_launch_async(kernel, a->args, &launches[i]), CKPT_OK);
  /* Queued before the host saw the yield: skipped as well. */
  ckpt_launch_t *early_resume = NULL;
  CHECK_STATUS(ckpt_kernel_resume_async(kernel, LABEL_COUNT, a->args, &early_resume), CKPT_OK);
  int64_t submitted = queue_submits(context);
  if (device_gated) CHECK_EQ(submitted, QUEUED + 1); /* none waited for before the next */
  uint64_t first_id = ckpt_launch_id(launches[0]);
  uint64_t yielding_id = first_id + YIELDING - 1;
  bool done = false;
  ckpt_launch_outcome_t outcome;
  CHECK_STATUS(ckpt_launch_query(early_resume, &done, &outcome), CKPT_OK);
  CHECK_STATUS(ckpt_launch_wait(early_resume, &outcome), CKPT_OK);
  CHECK(!outcome.ran);
  CHECK_EQ(outcome.yielded_launch, yielding_id);
  CHECK_EQ(outcome.yielded_label, LABEL_COUNT);
  for (int i = 0; i < QUEUED; ++i) {
    CHECK_STATUS(ckpt_launch_query(launches[i], &done, &outcome), CKPT_OK);
    CHECK(done);
    CHECK_EQ(ckpt_launch_id(launches[i]), first_id + (uint64_t)i);
    if (i + 1 < YIELDING) {
      CHECK(outcome.ran && !outcome.outcome.yielded);
    } else if (i + 1 == YIELDING) {
      CHECK(outcome.ran && outcome.outcome.yielded);
      CHECK_EQ(outcome.outcome.label, LABEL_COUNT);
    } else {
      CHECK(!outcome.ran);
      CHECK_EQ(outcome.yielded_launch, yielding_id);
      CHECK_EQ(outcome.yielded_label, LABEL_COUNT);
    }
    ckpt_launch_release(launches[i]);
  }
  ckpt_launch_release(early_resume);
  /* The yielding launch counted itself, then stopped before its second task; none after
   * it ran anything. */
  CHECK_EQ(runs_of(a, FN_COUNT), YIELDING);
  CHECK_EQ(runs_of(a, FN_AFTER), YIELDING - 1);
  CHECK_EQ(a->world.run_count, 2 * YIELDING - 1);
  CHECK_EQ(*world_param(a, PARAM_FLAG_A), 1);
  /* The host acts on the yield and resumes; launches queued behind the resume run. */
  *world_param(a, PARAM_FLAG_A) = 0;
  ckpt_launch_t *resume = NULL, *later[LATER];
  CHECK_STATUS(ckpt_kernel_resume_async(kernel, LABEL_COUNT, a->args, &resume), CKPT_OK);
  for (int i = 0; i < LATER; ++i)
    CHECK_STATUS(ckpt_kernel_launch_async(kernel, a->args, &later[i]), CKPT_OK);
  CHECK_STATUS(ckpt_launch_wait(later[LATER - 1], &outcome), CKPT_OK);
  CHECK(outcome.ran && !outcome.outcome.yielded);
  CHECK_STATUS(ckpt_launch_wait(resume, &outcome), CKPT_OK);
  CHECK(outcome.ran && !outcome.outcome.yielded);
  for (int i = 0; i < LATER; ++i) {
    CHECK_STATUS(ckpt_launch_wait(later[i], &outcome), CKPT_OK);
    CHECK(outcome.ran && !outcome.outcome.yielded);
    ckpt_launch_release(later[i]);
  }
  ckpt_launch_release(resume);
  /* A resume at label 100 runs that checkpoint's task again. */
  CHECK_EQ(runs_of(a, FN_COUNT), YIELDING + 1 + LATER);
  CHECK_EQ(runs_of(a, FN_AFTER), YIELDING + LATER);
  /* A synchronous launch after them sees the state the queue left. */
  ckpt_outcome_t sync_outcome;
  CHECK_STATUS(ckpt_kernel_launch(kernel, a->args, &sync_outcome), CKPT_OK);
  CHECK(!sync_outcome.yielded);
  describe_world(world_text, "gate", a);
  ckpt_kernel_destroy(kernel);
  free(a);
}

static void test_gate_skips_the_rest(void) {
  check_against_cpu("8 queued, the 3rd yields", gate_skips_the_rest);
}

/* More launches than the queue has slots (64, runtime/cuda/cuda_queue.c): queueing the
 * 65th finishes the oldest first, slots are reused, and the gate still stops every launch
 * after the one that yields, late in the batch. */
enum { MANY = 70, MANY_YIELDING = 66 };

static void more_than_the_slots(ckpt_context_t *context, bool device_gated,
                                ckpt_string_builder_t *world_text) {
  (void)device_gated;
  scenario_t s;
  ckpt_kernel_t *kernel = test_create_kernel(context, count_plan(&s, false, MANY_YIELDING));
  world_args_t *a = count_args(&s);
  ckpt_launch_t *launches[MANY];
  for (int i = 0; i < MANY; ++i)
    CHECK_STATUS(ckpt_kernel_launch_async(kernel, a->args, &launches[i]), CKPT_OK);
  uint64_t yielding_id = ckpt_launch_id(launches[MANY_YIELDING - 1]);
  ckpt_launch_outcome_t outcome;
  CHECK_STATUS(ckpt_launch_wait(launches[MANY - 1], &outcome), CKPT_OK);
  CHECK(!outcome.ran);
  CHECK_EQ(outcome.yielded_launch, yielding_id);
  int ran = 0, skipped = 0;
  for (int i = 0; i < MANY; ++i) {
    CHECK_STATUS(ckpt_launch_wait(launches[i], &outcome), CKPT_OK);
    ran += outcome.ran;
    skipped += !outcome.ran && outcome.yielded_launch == yielding_id &&
               outcome.yielded_label == LABEL_COUNT;
    ckpt_launch_release(launches[i]);
  }
  CHECK_EQ(ran, MANY_YIELDING);
  CHECK_EQ(skipped, MANY - MANY_YIELDING);
  CHECK_EQ(runs_of(a, FN_COUNT), MANY_YIELDING);
  CHECK_EQ(runs_of(a, FN_AFTER), MANY_YIELDING - 1);
  describe_world(world_text, "many", a);
  ckpt_kernel_destroy(kernel);
  free(a);
}

static void test_more_than_the_slots(void) {
  check_against_cpu("70 queued, the 66th yields", more_than_the_slots);
}

/* A synchronous launch queued behind launches in flight, one of which yields on the
 * device: it does not run, and its answer names the yield and counts as seeing it. */
static void sync_behind_device_yield(ckpt_context_t *context, bool device_gated,
                                     ckpt_string_builder_t *world_text) {
  (void)device_gated;
  scenario_t s;
  ckpt_kernel_t *kernel = test_create_kernel(context, count_plan(&s, false, 2));
  world_args_t *a = count_args(&s);
  ckpt_launch_t *launches[4];
  for (int i = 0; i < 4; ++i)
    CHECK_STATUS(ckpt_kernel_launch_async(kernel, a->args, &launches[i]), CKPT_OK);
  uint64_t yielding_id = ckpt_launch_id(launches[1]);
  ckpt_outcome_t outcome;
  CHECK_STATUS(ckpt_kernel_launch(kernel, a->args, &outcome), CKPT_ERROR_SKIPPED);
  char expected[32];
  snprintf(expected, sizeof expected, "launch %llu ", (unsigned long long)yielding_id);
  CHECK_CONTAINS(ckpt_context_last_error(context), expected);
  CHECK_CONTAINS(ckpt_context_last_error(context), "yielded at label 100");
  CHECK_EQ(runs_of(a, FN_COUNT), 2);
  CHECK_EQ(runs_of(a, FN_AFTER), 1);
  *world_param(a, PARAM_FLAG_A) = 0;
  CHECK_STATUS(ckpt_kernel_resume(kernel, LABEL_COUNT, a->args, &outcome), CKPT_OK);
  CHECK(!outcome.yielded);
  CHECK_EQ(runs_of(a, FN_COUNT), 3);
  CHECK_EQ(runs_of(a, FN_AFTER), 2);
  for (int i = 0; i < 4; ++i) {
    ckpt_launch_outcome_t result;
    CHECK_STATUS(ckpt_launch_wait(launches[i], &result), CKPT_OK);
    CHECK(result.ran == (i < 2));
    if (i == 1) CHECK(result.outcome.yielded);
    if (i > 1) CHECK_EQ(result.yielded_launch, yielding_id);
    ckpt_launch_release(launches[i]);
  }
  describe_world(world_text, "sync", a);
  ckpt_kernel_destroy(kernel);
  free(a);
}

static void test_sync_behind_device_yield(void) {
  check_against_cpu("a synchronous launch behind a device yield", sync_behind_device_yield);
}

/* Two kernels with arguments of their own, taking turns in one queue: a yield of one
 * stops the other's launches queued behind it too. The second is looped (a do-while,
 * gated on the device all the same on CUDA; host-ordered on HIP, whose do-whiles are
 * host loops). */
static void two_kernels(ckpt_context_t *context, bool device_gated,
                        ckpt_string_builder_t *world_text) {
  (void)device_gated;
  scenario_t s, looped_s;
  ckpt_kernel_t *kernel = test_create_kernel(context, count_plan(&s, false, 2));
  ckpt_kernel_t *other = test_create_kernel(context, count_plan(&looped_s, true, 100));
  world_args_t *a = count_args(&s), *b = count_args(&looped_s);
  ckpt_launch_t *launches[5];
  for (int i = 0; i < 5; ++i)
    CHECK_STATUS(ckpt_kernel_launch_async(i % 2 ? other : kernel, i % 2 ? b->args : a->args,
                                          &launches[i]),
                 CKPT_OK);
  ckpt_launch_outcome_t outcome;
  CHECK_STATUS(ckpt_launch_wait(launches[4], &outcome), CKPT_OK);
  CHECK(!outcome.ran);
  CHECK_EQ(outcome.yielded_launch, ckpt_launch_id(launches[2]));
  CHECK_STATUS(ckpt_launch_wait(launches[3], &outcome), CKPT_OK);
  CHECK(!outcome.ran);
  CHECK_STATUS(ckpt_launch_wait(launches[2], &outcome), CKPT_OK);
  CHECK(outcome.ran && outcome.outcome.yielded);
  for (int i = 0; i < 5; ++i) ckpt_launch_release(launches[i]);
  CHECK_EQ(runs_of(a, FN_COUNT), 2);
  CHECK_EQ(runs_of(a, FN_AFTER), 1);
  CHECK_EQ(runs_of(b, FN_COUNT), 1);
  CHECK_EQ(runs_of(b, FN_AFTER), 1);
  /* Seen: both run again, each queued several times. */
  *world_param(a, PARAM_FLAG_A) = 0;
  ckpt_launch_t *again[6];
  for (int i = 0; i < 6; ++i)
    CHECK_STATUS(ckpt_kernel_launch_async(i < 3 ? other : kernel, i < 3 ? b->args : a->args,
                                          &again[i]),
                 CKPT_OK);
  for (int i = 0; i < 6; ++i) {
    CHECK_STATUS(ckpt_launch_wait(again[i], &outcome), CKPT_OK);
    CHECK(outcome.ran && !outcome.outcome.yielded);
    ckpt_launch_release(again[i]);
  }
  CHECK_EQ(runs_of(a, FN_COUNT), 5);
  CHECK_EQ(runs_of(b, FN_COUNT), 4);
  describe_world(world_text, "a", a);
  describe_world(world_text, "b", b);
  ckpt_kernel_destroy(other);
  ckpt_kernel_destroy(kernel);
  free(a);
  free(b);
}

static void test_two_kernels(void) { check_against_cpu("two kernels taking turns", two_kernels); }

/*--- the caller's stream, on either target -----------------------------------------*/

/* After flag A was raised on the caller's stream before three queued launches of the
 * count plan: the first ran its first task and yielded at its check, the other two ran
 * nothing and name it. Releases the launches. */
static void check_stopped_by_callers_flag(const cuda_world_t *seen, const int32_t *seen_storage,
                                          ckpt_launch_t *launches[3]) {
  CHECK_EQ(seen->run_count, 1);
  CHECK_EQ(seen->fn_runs[FN_COUNT], 1);
  CHECK_EQ(seen->fn_runs[FN_AFTER], 0);
  CHECK_EQ(seen_storage[2], 1);
  ckpt_launch_outcome_t outcome;
  CHECK_STATUS(ckpt_launch_wait(launches[2], &outcome), CKPT_OK);
  CHECK(!outcome.ran);
  CHECK_EQ(outcome.yielded_launch, ckpt_launch_id(launches[0]));
  CHECK_EQ(outcome.yielded_label, LABEL_COUNT);
  CHECK_STATUS(ckpt_launch_wait(launches[0], &outcome), CKPT_OK);
  CHECK(outcome.ran && outcome.outcome.yielded && outcome.outcome.label == LABEL_COUNT);
  for (int i = 0; i < 3; ++i) ckpt_launch_release(launches[i]);
}

/* After the flag was cleared on the caller's stream and a resume and a fresh launch were
 * queued: both ran (the copy queued after them saw it). Releases them. */
static void check_resumed_after_callers_clear(const cuda_world_t *seen, ckpt_launch_t *resume,
                                              ckpt_launch_t *fresh) {
  CHECK_EQ(seen->fn_runs[FN_COUNT], 3);
  CHECK_EQ(seen->fn_runs[FN_AFTER], 2);
  ckpt_launch_outcome_t outcome;
  CHECK_STATUS(ckpt_launch_wait(fresh, &outcome), CKPT_OK);
  CHECK(outcome.ran && !outcome.outcome.yielded);
  CHECK_STATUS(ckpt_launch_wait(resume, &outcome), CKPT_OK);
  CHECK(outcome.ran && !outcome.outcome.yielded);
  ckpt_launch_release(resume);
  ckpt_launch_release(fresh);
}

#ifndef CKPT_TEST_HIP
/* A kernel whose plan forces prologue gating queued among launches of one the backend's
 * CKPT_CUDA_GATING=host runs host-ordered: the worker submits the gated ones in turn, a
 * host-ordered launch waits for those before it, and the yield of a gated launch skips
 * everything after it, whichever way it runs. */
static void test_mixed_with_host_ordered(void) {
  const queue_mode_t mode = {"host gating, one plan forcing prologue", "host", "", "", true};
  ckpt_string_builder_t texts[2] = {CKPT_STRING_BUILDER_INIT, CKPT_STRING_BUILDER_INIT};
  for (int target = 0; target < (device_available ? 2 : 1); ++target) {
    ckpt_context_t *context = mode_context(target ? &mode : NULL);
    scenario_t s, host_s;
    count_plan(&s, false, 2);
    s.builder.plan.gating = CKPT_GATING_PROLOGUE;
    ckpt_kernel_t *gated = test_create_kernel(context, &s.builder.plan);
    ckpt_kernel_t *host = test_create_kernel(context, count_plan(&host_s, false, 100));
    world_args_t *a = count_args(&s), *b = count_args(&host_s);
    /* host, gated, gated (yields), gated, host, gated */
    ckpt_kernel_t *kernels[6] = {host, gated, gated, gated, host, gated};
    ckpt_launch_t *launches[6];
    for (int i = 0; i < 6; ++i)
      CHECK_STATUS(ckpt_kernel_launch_async(kernels[i], kernels[i] == host ? b->args : a->args,
                                            &launches[i]),
                   CKPT_OK);
    uint64_t yielding_id = ckpt_launch_id(launches[2]);
    ckpt_launch_outcome_t outcome;
    CHECK_STATUS(ckpt_launch_wait(launches[5], &outcome), CKPT_OK);
    CHECK(!outcome.ran);
    CHECK_EQ(outcome.yielded_launch, yielding_id);
    CHECK_EQ(outcome.yielded_label, LABEL_COUNT);
    for (int i = 0; i < 6; ++i) {
      CHECK_STATUS(ckpt_launch_wait(launches[i], &outcome), CKPT_OK);
      CHECK(outcome.ran == (i <= 2));
      CHECK(outcome.ran ? outcome.outcome.yielded == (i == 2)
                        : outcome.yielded_launch == yielding_id);
      ckpt_launch_release(launches[i]);
    }
    CHECK_EQ(runs_of(a, FN_COUNT), 2);
    CHECK_EQ(runs_of(a, FN_AFTER), 1);
    CHECK_EQ(runs_of(b, FN_COUNT), 1);
    if (target) CHECK(queue_submits(context) > 0);
    describe_world(&texts[target], "gated", a);
    describe_world(&texts[target], "host", b);
    ckpt_kernel_destroy(host);
    ckpt_kernel_destroy(gated);
    ckpt_context_destroy(context);
    free(a);
    free(b);
  }
  char *cpu = ckpt_string_builder_take(&texts[0]), *cuda = ckpt_string_builder_take(&texts[1]);
  if (device_available) CHECK_STR(cuda, cpu);
  free(cpu);
  free(cuda);
}

/*--- the caller's stream --------------------------------------------------------------*/

#define CUDA_OK(call) ((call) == CUDA_SUCCESS)

/* What the caller's-side tests own on device 0's primary context (the one ckpt uses): a
 * non-blocking stream, the world and 8 words of storage, whose words 2..5 are the flags. */
typedef struct caller_side_t {
  ckpt_cuda_driver_t driver;
  CUdevice device;
  CUcontext context;
  CUstream stream;
  CUdeviceptr world, storage;
} caller_side_t;

static void caller_side_close(caller_side_t *c);

/* false (a failed check) when any step fails; what was made is released then. */
static bool caller_side_open(caller_side_t *c) {
  memset(c, 0, sizeof(*c));
  char message[256];
  if (ckpt_cuda_driver_load(NULL, &c->driver, message, sizeof(message)) != CKPT_CUDA_LOADED) {
    fprintf(stderr, "%s\n", message);
    CHECK(false);
    return false;
  }
  CUcontext popped;
  bool ok = CUDA_OK(c->driver.cuDeviceGet(&c->device, 0)) &&
            CUDA_OK(c->driver.cuDevicePrimaryCtxRetain(&c->context, c->device));
  ok = ok && CUDA_OK(c->driver.cuCtxPushCurrent(c->context));
  ok = ok && CUDA_OK(c->driver.cuStreamCreate(&c->stream, CU_STREAM_NON_BLOCKING)) &&
       CUDA_OK(c->driver.cuMemAlloc(&c->world, sizeof(cuda_world_t))) &&
       CUDA_OK(c->driver.cuMemAlloc(&c->storage, 8 * sizeof(int32_t)));
  if (c->context) c->driver.cuCtxPopCurrent(&popped);
  CHECK(ok);
  if (!ok) caller_side_close(c);
  return ok;
}

static void caller_side_close(caller_side_t *c) {
  CUcontext popped;
  if (c->context && CUDA_OK(c->driver.cuCtxPushCurrent(c->context))) {
    if (c->storage) c->driver.cuMemFree(c->storage);
    if (c->world) c->driver.cuMemFree(c->world);
    if (c->stream) c->driver.cuStreamDestroy(c->stream);
    c->driver.cuCtxPopCurrent(&popped);
    c->driver.cuDevicePrimaryCtxRelease(c->device);
  }
  ckpt_cuda_driver_unload(&c->driver);
}

/* A CUDA context of ckpt's with prologue gating and the device queue: on the caller's
 * context and stream, or else on device 0 (options.device_index) and a stream of its own. */
static ckpt_context_t *caller_side_ckpt(const caller_side_t *c, bool callers_stream) {
  setenv("CKPT_CUDA_GATING", "prologue", 1);
  setenv("CKPT_CUDA_PDL", "", 1);
  setenv("CKPT_CUDA_QUEUE", "", 1);
  ckpt_context_options_t options;
  ckpt_context_options_init(&options, CKPT_TARGET_CUDA);
  if (callers_stream) {
    options.cuda.context = c->context;
    options.cuda.stream = c->stream;
  } else {
    options.device_index = 0;
  }
  ckpt_context_t *context = NULL;
  CHECK_STATUS(ckpt_context_create_with_options(&options, &context), CKPT_OK);
  return context;
}

static CUdeviceptr caller_flag_a(const caller_side_t *c) {
  return c->storage + 2 * sizeof(int32_t);
}

/* ckpt on the caller's context and non-blocking stream, with the world and the flags in
 * device memory: a memset queued on the stream before the launches raises flag A, which
 * the first launch must see (it yields at once); a copy queued after them, read before
 * ckpt is asked anything, must see what they did. Device arguments pass through: without
 * a mirror the copy is the only way back. */
static void test_callers_stream_orders_the_launches(void) {
  if (!device_available) return;
  caller_side_t c;
  if (!caller_side_open(&c)) return;
  CUcontext popped;
  ckpt_context_t *context = caller_side_ckpt(&c, true);
  scenario_t s;
  ckpt_kernel_t *kernel = test_create_kernel(context, count_plan(&s, false, 0));
  memref1_t world_memref = {(void *)(uintptr_t)c.world, (void *)(uintptr_t)c.world, 0,
                            sizeof(cuda_world_t), 1};
  memref0_t params[CUDA_WORLD_PARAMS];
  void *args[PARAMS] = {&world_memref};
  for (int p = 0; p < CUDA_WORLD_PARAMS; ++p) {
    params[p] =
        (memref0_t){(int32_t *)(uintptr_t)c.storage, (int32_t *)(uintptr_t)c.storage, 2 + p};
    args[1 + p] = &params[p];
  }

  cuda_world_t seen;
  int32_t seen_storage[8];
  CHECK(CUDA_OK(c.driver.cuCtxPushCurrent(c.context)));
  CHECK(CUDA_OK(c.driver.cuMemsetD32Async(c.world, 0, sizeof(cuda_world_t) / 4, c.stream)));
  CHECK(CUDA_OK(c.driver.cuMemsetD32Async(c.storage, 0, 8, c.stream)));
  CHECK(CUDA_OK(
      c.driver.cuMemsetD32Async(caller_flag_a(&c), 1, 1, c.stream))); /* before: raises flag A */
  c.driver.cuCtxPopCurrent(&popped);
  ckpt_launch_t *launches[3];
  for (int i = 0; i < 3; ++i)
    CHECK_STATUS(ckpt_kernel_launch_async(kernel, args, &launches[i]), CKPT_OK);
  CHECK(CUDA_OK(c.driver.cuCtxPushCurrent(c.context)));
  CHECK(CUDA_OK(c.driver.cuMemcpyDtoHAsync(&seen, c.world, sizeof(seen), c.stream))); /* after */
  CHECK(
      CUDA_OK(c.driver.cuMemcpyDtoHAsync(seen_storage, c.storage, sizeof(seen_storage), c.stream)));
  CHECK(CUDA_OK(c.driver.cuStreamSynchronize(c.stream)));
  c.driver.cuCtxPopCurrent(&popped);
  check_stopped_by_callers_flag(&seen, seen_storage, launches);

  /* The host clears the flag on the c.stream, then a resume and a launch; a copy after. */
  CHECK(CUDA_OK(c.driver.cuCtxPushCurrent(c.context)));
  CHECK(CUDA_OK(c.driver.cuMemsetD32Async(caller_flag_a(&c), 0, 1, c.stream)));
  c.driver.cuCtxPopCurrent(&popped);
  ckpt_launch_t *resume = NULL, *fresh = NULL;
  CHECK_STATUS(ckpt_kernel_resume_async(kernel, LABEL_COUNT, args, &resume), CKPT_OK);
  CHECK_STATUS(ckpt_kernel_launch_async(kernel, args, &fresh), CKPT_OK);
  CHECK(CUDA_OK(c.driver.cuCtxPushCurrent(c.context)));
  CHECK(CUDA_OK(c.driver.cuMemcpyDtoHAsync(&seen, c.world, sizeof(seen), c.stream)));
  CHECK(CUDA_OK(c.driver.cuStreamSynchronize(c.stream)));
  c.driver.cuCtxPopCurrent(&popped);
  check_resumed_after_callers_clear(&seen, resume, fresh);
  CHECK_EQ(queue_submits(context), 5);
  ckpt_kernel_destroy(kernel);
  ckpt_context_destroy(context);
  caller_side_close(&c);
}

/*--- DLPack tensors in device memory ---------------------------------------------------*/

#ifdef CKPT_TEST_DLPACK
/* A rank-0 int32 tensor at `byte_offset` of the device allocation `data`. */
static DLManagedTensor device_flag_tensor(CUdeviceptr data, uint64_t byte_offset, int device_id) {
  DLManagedTensor t;
  memset(&t, 0, sizeof(t));
  t.dl_tensor = (DLTensor){.data = (void *)(uintptr_t)data,
                           .device = {kDLCUDA, device_id},
                           .ndim = 0,
                           .dtype = {kDLInt, 32, 1},
                           .byte_offset = byte_offset};
  return t;
}
#endif

/* The flags as kDLCUDA tensors over one device allocation, on a context pinned to device 0:
 * ckpt_dlpack_to_memref describes them without a copy, the launch reads and writes them
 * on the device (a flag raised with cuMemsetD32 before it makes it yield; the task's run
 * shows in device memory only), and tensors on another device or of another kind are
 * refused with what the context takes. */
static void test_dlpack_device_tensors(void) {
#ifdef CKPT_TEST_DLPACK
  if (!device_available) return;
  caller_side_t c;
  if (!caller_side_open(&c)) return;
  CUcontext popped;
  ckpt_context_t *context = caller_side_ckpt(&c, false);
  scenario_t s;
  ckpt_kernel_t *kernel = test_create_kernel(context, count_plan(&s, false, 0));

  /* ckpt runs on device 0's primary context too, where the world and flags live. */
  CHECK(CUDA_OK(c.driver.cuCtxPushCurrent(c.context)));
  CHECK(CUDA_OK(c.driver.cuMemsetD32Async(c.world, 0, sizeof(cuda_world_t) / 4, c.stream)));
  CHECK(CUDA_OK(c.driver.cuMemsetD32Async(c.storage, 0, 8, c.stream)));
  CHECK(CUDA_OK(c.driver.cuMemsetD32Async(caller_flag_a(&c), 1, 1, c.stream))); /* raised */
  CHECK(CUDA_OK(c.driver.cuStreamSynchronize(c.stream)));
  c.driver.cuCtxPopCurrent(&popped);

  memref1_t world_memref = {(void *)(uintptr_t)c.world, (void *)(uintptr_t)c.world, 0,
                            sizeof(cuda_world_t), 1};
  void *args[PARAMS] = {&world_memref};
  DLManagedTensor tensors[CUDA_WORLD_PARAMS];
  ckpt_dlpack_memref_t params[CUDA_WORLD_PARAMS];
  for (int p = 0; p < CUDA_WORLD_PARAMS; ++p) {
    tensors[p] = device_flag_tensor(c.storage, (uint64_t)(2 + p) * sizeof(int32_t), 0);
    CHECK_STATUS(ckpt_dlpack_to_memref(kernel, 1 + p, &tensors[p], 0, &params[p]), CKPT_OK);
    CHECK(params[p].aligned == (void *)(uintptr_t)c.storage && params[p].offset == 2 + p);
    args[1 + p] = &params[p];
  }

  ckpt_outcome_t outcome;
  CHECK_STATUS(ckpt_kernel_launch(kernel, args, &outcome), CKPT_OK);
  CHECK(outcome.yielded && outcome.label == LABEL_COUNT);
  cuda_world_t seen;
  int32_t seen_storage[8];
  CHECK(CUDA_OK(c.driver.cuCtxPushCurrent(c.context)));
  CHECK(CUDA_OK(c.driver.cuMemcpyDtoHAsync(&seen, c.world, sizeof(seen), c.stream)));
  CHECK(CUDA_OK(c.driver.cuMemsetD32Async(caller_flag_a(&c), 0, 1, c.stream))); /* cleared */
  CHECK(CUDA_OK(c.driver.cuStreamSynchronize(c.stream)));
  c.driver.cuCtxPopCurrent(&popped);
  CHECK_EQ(seen.fn_runs[FN_COUNT], 1);
  CHECK_EQ(seen.fn_runs[FN_AFTER], 0);
  CHECK_STATUS(ckpt_kernel_resume(kernel, LABEL_COUNT, args, &outcome), CKPT_OK);
  CHECK(!outcome.yielded);
  CHECK(CUDA_OK(c.driver.cuCtxPushCurrent(c.context)));
  CHECK(CUDA_OK(c.driver.cuMemcpyDtoHAsync(&seen, c.world, sizeof(seen), c.stream)));
  CHECK(
      CUDA_OK(c.driver.cuMemcpyDtoHAsync(seen_storage, c.storage, sizeof(seen_storage), c.stream)));
  CHECK(CUDA_OK(c.driver.cuStreamSynchronize(c.stream)));
  c.driver.cuCtxPopCurrent(&popped);
  CHECK_EQ(seen.fn_runs[FN_COUNT], 2); /* the resumed checkpoint runs again */
  CHECK_EQ(seen.fn_runs[FN_AFTER], 1);
  CHECK_EQ(seen_storage[2], 0);

  DLManagedTensor other = device_flag_tensor(c.storage, 2 * sizeof(int32_t), 1);
  ckpt_dlpack_memref_t refused;
  CHECK_STATUS(ckpt_dlpack_to_memref(kernel, 1, &other, 0, &refused), CKPT_ERROR_INVALID_ARGUMENT);
  CHECK_STR(ckpt_context_last_error(context),
            "the tensor for parameter 1 of kernel 'count' is on kDLCUDA device 1 but the "
            "context runs on device 0 (options.device_index); copy it there");
  other.dl_tensor.device = (DLDevice){kDLROCM, 0};
  CHECK_STATUS(ckpt_dlpack_to_memref(kernel, 1, &other, 0, &refused), CKPT_ERROR_INVALID_ARGUMENT);
  CHECK_STR(ckpt_context_last_error(context),
            "the tensor for parameter 1 of kernel 'count' lives on kDLROCM (device type 10) but "
            "the context's target is cuda, which takes kDLCPU, kDLCUDAHost, kDLCUDA or "
            "kDLCUDAManaged");
  ckpt_kernel_destroy(kernel);
  ckpt_context_destroy(context);
  caller_side_close(&c);
#else
  printf("  no dlpack/dlpack.h in this build\n");
#endif
}

#endif /* !CKPT_TEST_HIP */

#ifdef CKPT_TEST_HIP
#define HIP_OK(call) ((call) == CKPT_HIP_SUCCESS)

/* ckpt on the caller's hipStream_t (options.hip.stream), with the world and the flags in
 * device memory (hipMalloc, so they pass through unmirrored): a memset queued on the
 * stream before the launches raises flag A, which the first launch must see (it yields
 * at once, the rest are skipped); a copy queued after them, read before ckpt is asked
 * anything, must see what they did; then the host clears the flag on the stream and a
 * resume and a launch run. As test_callers_stream_orders_the_launches on CUDA. */
static void test_hip_callers_stream_orders_the_launches(void) {
  if (!device_available) return;
  ckpt_hip_api_t api;
  char message[512];
  if (ckpt_hip_api_load(getenv("CKPT_HIP_LIBRARY"), &api, message, sizeof(message)) !=
      CKPT_HIP_LOADED) {
    fprintf(stderr, "%s\n", message);
    CHECK(false);
    return;
  }
  hipStream_t stream = NULL;
  void *world = NULL, *storage = NULL;
  bool ok = HIP_OK(api.hipSetDevice(0)) && HIP_OK(api.hipStreamCreate(&stream)) &&
            HIP_OK(api.hipMalloc(&world, sizeof(cuda_world_t))) &&
            HIP_OK(api.hipMalloc(&storage, 8 * sizeof(int32_t)));
  CHECK(ok);
  /* The device queue (the modes above leave CKPT_HIP_QUEUE at their last): a host-ordered
   * launch is submitted later by the worker, not ordered before what is queued after it. */
  setenv("CKPT_HIP_QUEUE", "", 1);
  ckpt_context_options_t options;
  ckpt_context_options_init(&options, CKPT_TARGET_HIP);
  options.hip.stream = stream;
  ckpt_context_t *context = NULL;
  if (ok) CHECK_STATUS(ckpt_context_create_with_options(&options, &context), CKPT_OK);
  if (!ok || !context) {
    ckpt_context_destroy(context);
    if (storage) api.hipFree(storage);
    if (world) api.hipFree(world);
    if (stream) api.hipStreamDestroy(stream);
    ckpt_hip_api_unload(&api);
    return;
  }
  scenario_t s;
  ckpt_kernel_t *kernel = test_create_kernel(context, count_plan(&s, false, 0));
  memref1_t world_memref = {world, world, 0, sizeof(cuda_world_t), 1};
  memref0_t params[CUDA_WORLD_PARAMS];
  void *args[PARAMS] = {&world_memref};
  for (int p = 0; p < CUDA_WORLD_PARAMS; ++p) {
    params[p] = (memref0_t){storage, storage, 2 + p};
    args[1 + p] = &params[p];
  }
  int32_t *flag_a = (int32_t *)storage + 2;

  cuda_world_t seen;
  int32_t seen_storage[8];
  CHECK(HIP_OK(api.hipMemsetD32Async(world, 0, sizeof(cuda_world_t) / 4, stream)));
  CHECK(HIP_OK(api.hipMemsetD32Async(storage, 0, 8, stream)));
  CHECK(HIP_OK(api.hipMemsetD32Async(flag_a, 1, 1, stream))); /* before: raises flag A */
  ckpt_launch_t *launches[3];
  for (int i = 0; i < 3; ++i)
    CHECK_STATUS(ckpt_kernel_launch_async(kernel, args, &launches[i]), CKPT_OK);
  CHECK(HIP_OK(api.hipMemcpyAsync(&seen, world, sizeof(seen), CKPT_HIP_MEMCPY_DEVICE_TO_HOST,
                                  stream))); /* after */
  CHECK(HIP_OK(api.hipMemcpyAsync(seen_storage, storage, sizeof(seen_storage),
                                  CKPT_HIP_MEMCPY_DEVICE_TO_HOST, stream)));
  CHECK(HIP_OK(api.hipStreamSynchronize(stream)));
  check_stopped_by_callers_flag(&seen, seen_storage, launches);

  CHECK(HIP_OK(api.hipMemsetD32Async(flag_a, 0, 1, stream)));
  ckpt_launch_t *resume = NULL, *fresh = NULL;
  CHECK_STATUS(ckpt_kernel_resume_async(kernel, LABEL_COUNT, args, &resume), CKPT_OK);
  CHECK_STATUS(ckpt_kernel_launch_async(kernel, args, &fresh), CKPT_OK);
  CHECK(HIP_OK(api.hipMemcpyAsync(&seen, world, sizeof(seen), CKPT_HIP_MEMCPY_DEVICE_TO_HOST,
                                  stream)));
  CHECK(HIP_OK(api.hipStreamSynchronize(stream)));
  check_resumed_after_callers_clear(&seen, resume, fresh);
  CHECK_EQ(queue_submits(context), 5);
  ckpt_kernel_destroy(kernel);
  ckpt_context_destroy(context);
  api.hipFree(storage);
  api.hipFree(world);
  api.hipStreamDestroy(stream);
  ckpt_hip_api_unload(&api);
}
#endif

int main(void) {
#ifdef CKPT_TEST_HIP
  const char *library = getenv("CKPT_HIP_LIBRARY");
  if (!library || !library[0]) setenv("CKPT_HIP_LIBRARY", HIP_ON_CUDA_PATH, 1);
  build_hip_bundle();
#endif
  ckpt_context_t *probe = NULL;
  ckpt_status_code_t code = ckpt_context_create(TEST_TARGET, &probe);
  if (code != CKPT_OK) {
    fprintf(stderr, TEST_TARGET_NAME " skipped: %s\n", ckpt_context_last_error(probe));
    if (code != CKPT_ERROR_UNAVAILABLE) return 1;
    device_available = false;
  }
  ckpt_context_destroy(probe);
  TEST_RUN(test_gate_skips_the_rest);
  TEST_RUN(test_more_than_the_slots);
  TEST_RUN(test_sync_behind_device_yield);
  TEST_RUN(test_two_kernels);
#ifdef CKPT_TEST_HIP
  TEST_RUN(test_hip_callers_stream_orders_the_launches);
#else
  TEST_RUN(test_mixed_with_host_ordered);
  TEST_RUN(test_callers_stream_orders_the_launches);
  TEST_RUN(test_dlpack_device_tensors);
#endif
  int failed = test_report();
  return failed || device_available ? failed : 77;
}
