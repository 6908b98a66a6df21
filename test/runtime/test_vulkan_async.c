/* Asynchronous launches that the device gates (runtime/vulkan/vulkan_queue.c), against the
 * CPU target's queue as the reference: many launches with the same arguments queued at
 * once, before the host waits for any, where the k-th yields because its own task raised
 * the flag. Nothing of the launches after it may run (device counters show it), their
 * outcomes name the k-th, a resume queued before the host saw the yield is skipped too,
 * and once the host has seen it, a resume and later launches run. Also a synchronous
 * launch behind such a yield, two kernels taking turns, and the check of a shader's
 * SPIR-V capabilities against the device's features. ctest runs it as built, under
 * validation, with control steps, and with staged memory, where the counters are a
 * device-local mirror copied in with the first launch in flight and back after the last:
 * the backend's counters show every launch of the one-segment kernel went through the
 * device-gated queue, and the host's counters show the device saw the host's changes and
 * the host the device's. */
#include <stdlib.h>
#include <string.h>

#include "ckpt/ckpt.h"
#include "ckpt/mlir_abi.h"
#include "core/context.h"
#include "memref_descriptors.h"
#include "plan_builder.h"
#include "test_util.h"
#include "vulkan/vulkan_backend.h"
#ifdef CKPT_TEST_COUNT_SPIRV
#include "count_task.spv.h"
#endif

enum {
  COUNT_FLAG_A = 0,
  COUNT_FLAG_B = 1,
  COUNT_COUNTERS = 2,
  COUNT_THRESHOLD = 3,
  COUNT_CONDITION = 4, /* the looped plan's do-while condition, left at 0: one iteration */
  COUNT_PARAMS = 5
};

/* Operands of a task launch: the gating state, the counters, flag A, then the scalars
 * gate, task and threshold. */
static const int64_t count_operand_fields[6 * CKPT_PARAM_FIELDS] = {
    CKPT_PARAM_MEMREF, 1, 32, CKPT_ELEM_INT, CKPT_PARAM_MEMREF, 1, 32, CKPT_ELEM_INT,
    CKPT_PARAM_MEMREF, 0, 32, CKPT_ELEM_INT, CKPT_PARAM_SCALAR, 0, 32, CKPT_ELEM_INT,
    CKPT_PARAM_SCALAR, 0, 32, CKPT_ELEM_INT, CKPT_PARAM_SCALAR, 0, 32, CKPT_ELEM_INT,
};

/* The cp_id of task fn's checkpoint, as count_plan lays the plan out. */
enum { MAX_TASKS = 160 };
static int32_t task_gate[MAX_TASKS];

/* Task fn counts one run in counters[fn]; task 0 raises flag A at the threshold. On the
 * CPU the dispatch does that itself; on Vulkan it records count_task.comp. */
static void count_dispatch(int64_t fn, void **args, void *recorder) {
  const memref1_t *counters = args[COUNT_COUNTERS];
  const memref0_t *flag = args[COUNT_FLAG_A];
  int32_t threshold = *(const int32_t *)args[COUNT_THRESHOLD];
  if (!recorder) {
    int32_t *counts = (int32_t *)counters->aligned + counters->offset;
    counts[fn] += 1;
    if (fn == 0 && counts[fn] == threshold) flag->aligned[flag->offset] = 1;
    return;
  }
  memref1_t state;
  ckpt_mlir_device_state(recorder, &state);
  int32_t gate = task_gate[fn];
  int32_t task = (int32_t)fn;
  void *operands[6] = {&state, args[COUNT_COUNTERS], args[COUNT_FLAG_A], &gate, &task,
                       args[COUNT_THRESHOLD]};
  ckpt_mlir_record_launch(recorder, 0, "main", 1, 1, 1, 1, 1, 1, 0, 6, operands,
                          count_operand_fields);
}

/* With `wide`, count_plan's kernel goes on with checkpoint 30 ("wide", flag B) of
 * WIDE_TASKS tasks, then PADS checkpoints of one task each (labels 100 on, flag B): more
 * tasks in a group, and more groups, than the Vulkan gate and control steps have
 * invocations (64), so that each step's loop over them takes a second round. */
enum { WIDE_TASKS = 70, PADS = 64, WIDE_FIRST = 2, PAD_FIRST = WIDE_FIRST + WIDE_TASKS,
       ALL_TASKS = PAD_FIRST + PADS };

static void wide_tail(plan_builder_t *builder) {
  int64_t cp = builder->cp_count;
  plan_builder_checkpoint(builder, 30, "wide", COUNT_FLAG_B);
  for (int t = WIDE_FIRST; t < PAD_FIRST; ++t) {
    task_gate[t] = (int32_t)cp;
    plan_builder_task(builder, t);
  }
  plan_builder_close(builder);
  for (int t = PAD_FIRST; t < ALL_TASKS; ++t) {
    task_gate[t] = (int32_t)builder->cp_count;
    plan_builder_checkpoint(builder, 100 + t, NULL, COUNT_FLAG_B);
    plan_builder_task(builder, t);
    plan_builder_close(builder);
  }
}

/* Two explicit checkpoints, labels 10 ("count") and 20 ("after"), one task each; with
 * `looped`, inside a do-while, which makes the Vulkan target run it host-ordered. */
static const ckpt_plan_t *count_plan(plan_builder_t *builder, ckpt_target_t target, bool looped,
                                     bool wide) {
  static const void *images[1];
  static int64_t image_sizes[1];
  plan_builder_init(builder, looped ? "count_looped" : "count", count_dispatch);
  plan_builder_flag(builder);
  plan_builder_flag(builder);
  plan_builder_param(builder, CKPT_PARAM_MEMREF, 1, 32, CKPT_ELEM_INT);
  plan_builder_param(builder, CKPT_PARAM_SCALAR, 0, 32, CKPT_ELEM_INT);
  plan_builder_flag(builder);
  if (looped) plan_builder_do_while(builder, COUNT_CONDITION);
  task_gate[0] = (int32_t)builder->cp_count;
  plan_builder_checkpoint(builder, 10, "count", COUNT_FLAG_A);
  plan_builder_task(builder, 0);
  plan_builder_close(builder);
  task_gate[1] = (int32_t)builder->cp_count;
  plan_builder_checkpoint(builder, 20, "after", COUNT_FLAG_B);
  plan_builder_task(builder, 1);
  plan_builder_close(builder);
  if (wide) wide_tail(builder);
  if (looped) plan_builder_close(builder);
  ckpt_plan_t *plan = (ckpt_plan_t *)plan_builder_finish(builder);
#ifdef CKPT_TEST_COUNT_SPIRV
  if (target == CKPT_TARGET_VULKAN) {
    images[0] = count_task_spirv;
    image_sizes[0] = sizeof(count_task_spirv);
    plan->device_image_count = 1;
    plan->device_images = images;
    plan->device_image_sizes = image_sizes;
  }
#else
  (void)target, (void)images, (void)image_sizes;
#endif
  return plan;
}

/* Counters 0 and 1 count the tasks; the rest pad the buffer past the size that the Vulkan
 * target maps instead of staging (64 bytes, runtime/vulkan/vulkan_memory.c), and the last
 * holds a value only the host writes. */
enum { COUNTERS = ALL_TASKS + 1, HOST_ONLY = COUNTERS - 1 };

/* One set of arguments, shared by every launch that uses it. */
typedef struct count_args_t {
  int32_t flags[2];
  int32_t counts[COUNTERS];
  int32_t threshold;
  int32_t condition;
  memref0_t flag_memrefs[2];
  memref0_t condition_memref;
  memref1_t counters;
  void *args[COUNT_PARAMS];
} count_args_t;

static void count_args_init(count_args_t *a, int32_t threshold) {
  memset(a, 0, sizeof(*a));
  for (int f = 0; f < 2; ++f) {
    a->flag_memrefs[f] = (memref0_t){&a->flags[f], &a->flags[f], 0};
    a->args[f] = &a->flag_memrefs[f];
  }
  a->counters = (memref1_t){a->counts, a->counts, 0, COUNTERS, 1};
  a->args[COUNT_COUNTERS] = &a->counters;
  a->threshold = threshold;
  a->args[COUNT_THRESHOLD] = &a->threshold;
  a->condition_memref = (memref0_t){&a->condition, &a->condition, 0};
  a->args[COUNT_CONDITION] = &a->condition_memref;
}

typedef struct count_run_t {
  ckpt_context_t *context;
  ckpt_kernel_t *kernel;
  plan_builder_t builder;
} count_run_t;

/* false when the target cannot start here (no device, or no shader built in). */
static bool count_start_plan(count_run_t *t, ckpt_target_t target, bool wide) {
  memset(t, 0, sizeof(*t));
#ifndef CKPT_TEST_COUNT_SPIRV
  if (target == CKPT_TARGET_VULKAN) return false;
#endif
  if (ckpt_context_create(target, &t->context) != CKPT_OK) {
    printf("  %s: skipped (%s)\n", ckpt_target_name(target), ckpt_context_last_error(t->context));
    ckpt_context_destroy(t->context);
    return false;
  }
  CHECK_STATUS(
      ckpt_kernel_create(t->context, count_plan(&t->builder, target, false, wide), &t->kernel),
      CKPT_OK);
  return t->kernel != NULL;
}

static bool count_start(count_run_t *t, ckpt_target_t target) {
  return count_start_plan(t, target, false);
}

/* The Vulkan backend's counters; all 0 on another target. */
static ckpt_vulkan_stats_t vulkan_stats(const ckpt_context_t *context) {
  ckpt_vulkan_stats_t stats;
  memset(&stats, 0, sizeof(stats));
  ckpt_vulkan_backend_stats(context, &stats);
  return stats;
}

/* Whether the context's mirrors live in device memory, copied in and back: the default
 * on a discrete GPU, or asked for with CKPT_VULKAN_MEMORY=staged. */
static bool staged_memory(const ckpt_context_t *context) {
  const ckpt_vulkan_backend_t *backend = (const ckpt_vulkan_backend_t *)context->backend;
  return backend && backend->memory_mode == CKPT_VULKAN_MEMORY_STAGED;
}

/* On Vulkan, `submits` launches went through the device-gated queue; in staged memory
 * the mirrors were copied in `uploads` times, and back at least once per copy in. */
static void check_queue_stats(const count_run_t *t, ckpt_target_t target, int64_t submits,
                              int64_t uploads) {
  if (target != CKPT_TARGET_VULKAN) return;
  ckpt_vulkan_stats_t stats = vulkan_stats(t->context);
  CHECK_EQ(stats.queue_submits, submits);
  CHECK_EQ(stats.queue_uploads, staged_memory(t->context) ? uploads : 0);
  if (staged_memory(t->context))
    CHECK(stats.queue_downloads >= uploads && stats.queue_downloads <= submits);
  else
    CHECK_EQ(stats.queue_downloads, 0);
}

enum { QUEUED = 8, YIELDING = 3 /* 1-based */, LATER = 5 };

/* The tasks of the wide tail that counted `expected` times each: all of them, or fewer. */
static int wide_tasks_counting(const count_args_t *a, int32_t expected) {
  int right = 0;
  for (int task = WIDE_FIRST; task < ALL_TASKS; ++task) right += a->counts[task] == expected;
  return right;
}

/* With `wide`, the kernel has count_plan's wide tail, whose tasks must count exactly as
 * task 1 does, the tasks and groups past the 64th included. */
static void check_gate_skips_the_rest(ckpt_target_t target, bool wide) {
  count_run_t t;
  if (!count_start_plan(&t, target, wide)) return;
  static count_args_t a;
  count_args_init(&a, YIELDING);
  /* Written before the first launch: the device must hold it when the counters come
   * back. */
  a.counts[HOST_ONLY] = 77;
  ckpt_launch_t *launches[QUEUED];
  for (int i = 0; i < QUEUED; ++i)
    CHECK_STATUS(ckpt_kernel_launch_async(t.kernel, a.args, &launches[i]), CKPT_OK);
  /* Queued before the host saw the yield: skipped as well. */
  ckpt_launch_t *early_resume = NULL;
  CHECK_STATUS(ckpt_kernel_resume_async(t.kernel, 10, a.args, &early_resume), CKPT_OK);
  uint64_t first_id = ckpt_launch_id(launches[0]);
  uint64_t yielding_id = first_id + YIELDING - 1;
  bool done = false;
  ckpt_launch_outcome_t outcome;
  CHECK_STATUS(ckpt_launch_query(early_resume, &done, &outcome), CKPT_OK);
  CHECK_STATUS(ckpt_launch_wait(early_resume, &outcome), CKPT_OK);
  CHECK(!outcome.ran);
  CHECK_EQ(outcome.yielded_launch, yielding_id);
  CHECK_EQ(outcome.yielded_label, 10);
  for (int i = 0; i < QUEUED; ++i) {
    CHECK_STATUS(ckpt_launch_query(launches[i], &done, &outcome), CKPT_OK);
    CHECK(done);
    CHECK_EQ(ckpt_launch_id(launches[i]), first_id + (uint64_t)i);
    if (i + 1 < YIELDING) {
      CHECK(outcome.ran && !outcome.outcome.yielded);
    } else if (i + 1 == YIELDING) {
      CHECK(outcome.ran && outcome.outcome.yielded);
      CHECK_EQ(outcome.outcome.label, 10);
      CHECK_STR(outcome.outcome.name, "count");
    } else {
      CHECK(!outcome.ran);
      CHECK_EQ(outcome.yielded_launch, yielding_id);
      CHECK_EQ(outcome.yielded_label, 10);
    }
    ckpt_launch_release(launches[i]);
  }
  ckpt_launch_release(early_resume);
  /* The yielding launch counted itself, then stopped before its second task; none after
   * it counted anything. */
  CHECK_EQ(a.counts[0], YIELDING);
  CHECK_EQ(a.counts[1], YIELDING - 1);
  if (wide) CHECK_EQ(wide_tasks_counting(&a, YIELDING - 1), ALL_TASKS - WIDE_FIRST);
  CHECK_EQ(a.counts[HOST_ONLY], 77);
  CHECK_EQ(a.flags[0], 1);
  /* The host acts on the yield and resumes; launches queued behind the resume run, and
   * count on from what the host left in the counters. */
  a.flags[0] = 0;
  a.counts[1] += 1000;
  ckpt_launch_t *resume = NULL, *later[LATER];
  CHECK_STATUS(ckpt_kernel_resume_async(t.kernel, 10, a.args, &resume), CKPT_OK);
  for (int i = 0; i < LATER; ++i)
    CHECK_STATUS(ckpt_kernel_launch_async(t.kernel, a.args, &later[i]), CKPT_OK);
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
  /* A resume at label 10 runs that checkpoint's task again. */
  CHECK_EQ(a.counts[0], YIELDING + 1 + LATER);
  CHECK_EQ(a.counts[1], 1000 + YIELDING + LATER);
  if (wide) CHECK_EQ(wide_tasks_counting(&a, YIELDING + LATER), ALL_TASKS - WIDE_FIRST);
  CHECK_EQ(a.counts[HOST_ONLY], 77);
  /* Every launch was submitted, the skipped ones too (the device skips them); the
   * counters went in once per batch: between, only the host's yield flag changed. */
  check_queue_stats(&t, target, QUEUED + 1 + 1 + LATER, 2);
  ckpt_context_destroy(t.context);
}

static void test_gate_skips_the_rest_cpu(void) {
  check_gate_skips_the_rest(CKPT_TARGET_CPU, false);
}
static void test_gate_skips_the_rest_vulkan(void) {
  check_gate_skips_the_rest(CKPT_TARGET_VULKAN, false);
}
static void test_wide_groups_cpu(void) { check_gate_skips_the_rest(CKPT_TARGET_CPU, true); }
static void test_wide_groups_vulkan(void) { check_gate_skips_the_rest(CKPT_TARGET_VULKAN, true); }

/* More launches than the device has slots for (64 in flight, runtime/vulkan/
 * vulkan_queue.c): queueing the 65th finishes the oldest first, slots are reused, and the
 * gate still stops every launch after the one that yields, late in the batch. */
enum { MANY = 70, MANY_YIELDING = 66 };

static void check_more_than_the_slots(ckpt_target_t target) {
  count_run_t t;
  if (!count_start(&t, target)) return;
  count_args_t a;
  count_args_init(&a, MANY_YIELDING);
  ckpt_launch_t *launches[MANY];
  for (int i = 0; i < MANY; ++i)
    CHECK_STATUS(ckpt_kernel_launch_async(t.kernel, a.args, &launches[i]), CKPT_OK);
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
               outcome.yielded_label == 10;
    ckpt_launch_release(launches[i]);
  }
  CHECK_EQ(ran, MANY_YIELDING);
  CHECK_EQ(skipped, MANY - MANY_YIELDING);
  CHECK_EQ(a.counts[0], MANY_YIELDING);
  CHECK_EQ(a.counts[1], MANY_YIELDING - 1);
  /* Launches were in flight from the first submission to the host's wait: the counters
   * went in once and came back once, with none of the launches between. */
  check_queue_stats(&t, target, MANY, 1);
  if (target == CKPT_TARGET_VULKAN && staged_memory(t.context))
    CHECK_EQ(vulkan_stats(t.context).queue_downloads, 1);
  ckpt_context_destroy(t.context);
}

static void test_more_than_the_slots_cpu(void) { check_more_than_the_slots(CKPT_TARGET_CPU); }
static void test_more_than_the_slots_vulkan(void) {
  check_more_than_the_slots(CKPT_TARGET_VULKAN);
}

/* A synchronous launch queued behind launches in flight, one of which yields on the
 * device: it does not run, and its answer names the yield and counts as seeing it. */
static void check_sync_behind_device_yield(ckpt_target_t target) {
  count_run_t t;
  if (!count_start(&t, target)) return;
  count_args_t a;
  count_args_init(&a, 2);
  ckpt_launch_t *launches[4];
  for (int i = 0; i < 4; ++i)
    CHECK_STATUS(ckpt_kernel_launch_async(t.kernel, a.args, &launches[i]), CKPT_OK);
  uint64_t yielding_id = ckpt_launch_id(launches[1]);
  ckpt_outcome_t outcome;
  CHECK_STATUS(ckpt_kernel_launch(t.kernel, a.args, &outcome), CKPT_ERROR_SKIPPED);
  /* Queued behind the yield, or (on the CPU, if the worker was done) refused at once. */
  char expected[32];
  snprintf(expected, sizeof expected, "launch %llu ", (unsigned long long)yielding_id);
  CHECK_CONTAINS(ckpt_context_last_error(t.context), expected);
  CHECK_CONTAINS(ckpt_context_last_error(t.context), "yielded at label 10");
  CHECK_EQ(a.counts[0], 2);
  CHECK_EQ(a.counts[1], 1);
  a.flags[0] = 0;
  CHECK_STATUS(ckpt_kernel_resume(t.kernel, 10, a.args, &outcome), CKPT_OK);
  CHECK(!outcome.yielded);
  CHECK_EQ(a.counts[0], 3);
  CHECK_EQ(a.counts[1], 2);
  for (int i = 0; i < 4; ++i) {
    ckpt_launch_outcome_t result;
    CHECK_STATUS(ckpt_launch_wait(launches[i], &result), CKPT_OK);
    CHECK(result.ran == (i < 2));
    if (i == 1) CHECK(result.outcome.yielded);
    if (i > 1) CHECK_EQ(result.yielded_launch, yielding_id);
    ckpt_launch_release(launches[i]);
  }
  ckpt_context_destroy(t.context);
}

static void test_sync_behind_device_yield_cpu(void) {
  check_sync_behind_device_yield(CKPT_TARGET_CPU);
}
static void test_sync_behind_device_yield_vulkan(void) {
  check_sync_behind_device_yield(CKPT_TARGET_VULKAN);
}

/* Two kernels with arguments of their own, taking turns in one queue: a yield of one
 * stops the other's launches queued behind it too. */
static void check_two_kernels(ckpt_target_t target) {
  count_run_t t;
  if (!count_start(&t, target)) return;
  plan_builder_t other_builder;
  ckpt_kernel_t *other = NULL;
  CHECK_STATUS(ckpt_kernel_create(t.context, count_plan(&other_builder, target, false, false), &other),
               CKPT_OK);
  count_args_t a, b;
  count_args_init(&a, 2);
  count_args_init(&b, 100);
  ckpt_launch_t *launches[5];
  for (int i = 0; i < 5; ++i)
    CHECK_STATUS(ckpt_kernel_launch_async(i % 2 ? other : t.kernel, i % 2 ? b.args : a.args,
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
  CHECK_EQ(a.counts[0], 2);
  CHECK_EQ(a.counts[1], 1);
  CHECK_EQ(b.counts[0], 1);
  CHECK_EQ(b.counts[1], 1);
  ckpt_context_destroy(t.context);
}

static void test_two_kernels_cpu(void) { check_two_kernels(CKPT_TARGET_CPU); }
static void test_two_kernels_vulkan(void) { check_two_kernels(CKPT_TARGET_VULKAN); }

/* Launches the device gates queued behind ones run host-ordered (a do-while kernel), in
 * one queue: the worker submits them in turn, and a host-ordered launch behind them waits
 * for them first. The second launch yields on the device; everything after it is skipped,
 * whichever way it runs. */
static void check_mixed_with_host_ordered(ckpt_target_t target) {
  count_run_t t;
  if (!count_start(&t, target)) return;
  plan_builder_t looped_builder;
  ckpt_kernel_t *looped = NULL;
  CHECK_STATUS(ckpt_kernel_create(t.context, count_plan(&looped_builder, target, true, false), &looped),
               CKPT_OK);
  count_args_t a, b;
  count_args_init(&a, 2);
  count_args_init(&b, 100);
  /* looped, gated, gated (yields), gated, looped, gated */
  ckpt_kernel_t *kernels[6] = {looped, t.kernel, t.kernel, t.kernel, looped, t.kernel};
  ckpt_launch_t *launches[6];
  for (int i = 0; i < 6; ++i)
    CHECK_STATUS(ckpt_kernel_launch_async(kernels[i], kernels[i] == looped ? b.args : a.args,
                                          &launches[i]),
                 CKPT_OK);
  uint64_t yielding_id = ckpt_launch_id(launches[2]);
  ckpt_launch_outcome_t outcome;
  CHECK_STATUS(ckpt_launch_wait(launches[5], &outcome), CKPT_OK);
  CHECK(!outcome.ran);
  CHECK_EQ(outcome.yielded_launch, yielding_id);
  CHECK_EQ(outcome.yielded_label, 10);
  for (int i = 0; i < 6; ++i) {
    CHECK_STATUS(ckpt_launch_wait(launches[i], &outcome), CKPT_OK);
    CHECK(outcome.ran == (i <= 2));
    CHECK(outcome.ran ? outcome.outcome.yielded == (i == 2) : outcome.yielded_launch == yielding_id);
    ckpt_launch_release(launches[i]);
  }
  CHECK_EQ(a.counts[0], 2);
  CHECK_EQ(a.counts[1], 1);
  CHECK_EQ(b.counts[0], 1);
  CHECK_EQ(b.counts[1], 1);
  /* Seen: the looped kernel runs again, then a gated launch. */
  a.flags[0] = 0;
  ckpt_launch_t *again[2];
  CHECK_STATUS(ckpt_kernel_launch_async(looped, b.args, &again[0]), CKPT_OK);
  CHECK_STATUS(ckpt_kernel_resume_async(t.kernel, 10, a.args, &again[1]), CKPT_OK);
  CHECK_STATUS(ckpt_launch_wait(again[1], &outcome), CKPT_OK);
  CHECK(outcome.ran && !outcome.outcome.yielded);
  CHECK_STATUS(ckpt_launch_wait(again[0], &outcome), CKPT_OK);
  CHECK(outcome.ran && !outcome.outcome.yielded);
  ckpt_launch_release(again[0]);
  ckpt_launch_release(again[1]);
  CHECK_EQ(a.counts[0], 3);
  CHECK_EQ(a.counts[1], 2);
  CHECK_EQ(b.counts[0], 2);
  CHECK_EQ(b.counts[1], 2);
  ckpt_context_destroy(t.context);
}

static void test_mixed_with_host_ordered_cpu(void) {
  check_mixed_with_host_ordered(CKPT_TARGET_CPU);
}
static void test_mixed_with_host_ordered_vulkan(void) {
  check_mixed_with_host_ordered(CKPT_TARGET_VULKAN);
}

#ifdef CKPT_TEST_COUNT_SPIRV
enum { SPIRV_HEADER = 5, OP_CAPABILITY = 17 };

/* count_task_spirv with one more word pair `first`, `second` right after the header. */
static uint32_t *spirv_with(uint32_t first, uint32_t second, int64_t *out_bytes) {
  size_t words = sizeof(count_task_spirv) / 4;
  uint32_t *copy = malloc((words + 2) * 4);
  memcpy(copy, count_task_spirv, SPIRV_HEADER * 4);
  copy[SPIRV_HEADER] = first;
  copy[SPIRV_HEADER + 1] = second;
  memcpy(copy + SPIRV_HEADER + 2, count_task_spirv + SPIRV_HEADER, (words - SPIRV_HEADER) * 4);
  *out_bytes = (int64_t)(words + 2) * 4;
  return copy;
}

/* A launch of count_plan with `image` in place of its shader fails with `code`, and the
 * context's message names `needle`; `features_off` is CKPT_VULKAN_FEATURES_OFF. */
static void check_image_refused(const uint32_t *image, int64_t bytes, const char *features_off,
                                ckpt_status_code_t code, const char *needle) {
  if (features_off) setenv("CKPT_VULKAN_FEATURES_OFF", features_off, 1);
  ckpt_context_t *context = NULL;
  ckpt_status_code_t created = ckpt_context_create(CKPT_TARGET_VULKAN, &context);
  unsetenv("CKPT_VULKAN_FEATURES_OFF");
  if (created != CKPT_OK) {
    printf("  vulkan: skipped (%s)\n", ckpt_context_last_error(context));
    ckpt_context_destroy(context);
    return;
  }
  plan_builder_t builder;
  ckpt_plan_t *plan = (ckpt_plan_t *)count_plan(&builder, CKPT_TARGET_VULKAN, false, false);
  const void *images[1] = {image};
  int64_t sizes[1] = {bytes};
  plan->device_images = images;
  plan->device_image_sizes = sizes;
  ckpt_kernel_t *kernel = NULL;
  CHECK_STATUS(ckpt_kernel_create(context, plan, &kernel), CKPT_OK);
  static count_args_t a;
  count_args_init(&a, 1000);
  ckpt_outcome_t outcome;
  CHECK_STATUS(ckpt_kernel_launch(kernel, a.args, &outcome), code);
  CHECK_CONTAINS(ckpt_context_last_error(context), needle);
  /* Nothing ran, and the kernel stays usable for the error it reports again. */
  CHECK_EQ(a.counts[0], 0);
  CHECK_STATUS(ckpt_kernel_launch(kernel, a.args, &outcome), code);
  ckpt_context_destroy(context);
}
#endif

/* The capabilities a kernel's SPIR-V declares are checked against the device's features
 * before the driver sees the module: each one the device lacks (run as if lacking it)
 * is refused naming the capability and the feature, and a module whose capability list
 * cannot be read is an invalid plan. */
static void test_image_capabilities_checked_vulkan(void) {
#ifdef CKPT_TEST_COUNT_SPIRV
  static const struct {
    uint32_t capability;
    const char *feature, *message;
  } needs[] = {
      {11, "shaderInt64", "capability Int64, and Vulkan device"},
      {22, "shaderInt16", "capability Int16, and Vulkan device"},
      {10, "shaderFloat64", "capability Float64, and Vulkan device"},
      {9, "shaderFloat16", "capability Float16, and Vulkan device"},
      {4433, "storageBuffer16BitAccess", "capability StorageBuffer16BitAccess, and Vulkan device"},
  };
  for (size_t i = 0; i < sizeof needs / sizeof needs[0]; ++i) {
    int64_t bytes = 0;
    uint32_t *image = spirv_with(2u << 16 | OP_CAPABILITY, needs[i].capability, &bytes);
    check_image_refused(image, bytes, needs[i].feature, CKPT_ERROR_UNAVAILABLE, needs[i].message);
    check_image_refused(image, bytes, needs[i].feature, CKPT_ERROR_UNAVAILABLE, needs[i].feature);
    free(image);
  }
  /* An instruction of word count 0, and one running past the module's end. */
  int64_t bytes = 0;
  uint32_t *image = spirv_with(0u << 16 | OP_CAPABILITY, 1, &bytes);
  check_image_refused(image, bytes, NULL, CKPT_ERROR_INVALID_PLAN,
                      "device image 0 of kernel 'count': the SPIR-V module is truncated or "
                      "malformed");
  free(image);
  uint32_t truncated[SPIRV_HEADER + 1];
  memcpy(truncated, count_task_spirv, SPIRV_HEADER * 4);
  truncated[SPIRV_HEADER] = 4u << 16 | OP_CAPABILITY;
  check_image_refused(truncated, sizeof truncated, NULL, CKPT_ERROR_INVALID_PLAN,
                      "truncated or malformed");
  uint32_t not_spirv[SPIRV_HEADER + 2] = {0x12345678u};
  check_image_refused(not_spirv, sizeof not_spirv, NULL, CKPT_ERROR_INVALID_PLAN,
                      "not a SPIR-V module (bad magic number)");
#endif
}

/* Lavapipe's loop budget, which a kernel reports in the gating state's last word
 * (passes/spirv_loop_budget.c; count_task.comp's task 1 does on its run -threshold): on
 * lavapipe the launch whose kernels reported it fails, queued or synchronous, naming the
 * cause, and the launches around it do not; other drivers have no such limit and ignore
 * the word. */
enum { BUDGET_QUEUED = 6, BUDGET_SPENT_AT = 3 };
static void test_loop_budget_vulkan(void) {
  count_run_t t;
  if (!count_start(&t, CKPT_TARGET_VULKAN))
    return;
  count_args_t a;
  count_args_init(&a, -BUDGET_SPENT_AT);
  ckpt_launch_t *launches[BUDGET_QUEUED];
  for (int i = 0; i < BUDGET_QUEUED; ++i)
    CHECK_STATUS(ckpt_kernel_launch_async(t.kernel, a.args, &launches[i]), CKPT_OK);
  const ckpt_vulkan_backend_t *backend = (const ckpt_vulkan_backend_t *)t.context->backend;
  bool limited = backend && backend->loop_limited;
  printf("  device '%s': %s\n", backend ? backend->properties.deviceName : "?",
         limited ? "lavapipe, loop budget enforced" : "no loop budget");
  for (int i = 0; i < BUDGET_QUEUED; ++i) {
    ckpt_launch_outcome_t outcome;
    ckpt_status_code_t code = ckpt_launch_wait(launches[i], &outcome);
    if (limited && i == BUDGET_SPENT_AT - 1) {
      CHECK_STATUS(code, CKPT_ERROR_BACKEND);
      CHECK_CONTAINS(ckpt_context_last_error(t.context),
                     "a task of kernel 'count' ran 65,535 or more loop iterations in one "
                     "shader invocation");
    } else {
      CHECK_STATUS(code, CKPT_OK);
    }
    ckpt_launch_release(launches[i]);
  }
  CHECK_EQ(a.counts[1], BUDGET_QUEUED);

  /* Synchronously: task 1's run 2 * BUDGET_SPENT_AT reports it again. */
  memset(a.counts, 0, sizeof(a.counts));
  count_args_init(&a, -2 * BUDGET_SPENT_AT);
  for (int i = 0; i < 2 * BUDGET_SPENT_AT + 1; ++i) {
    ckpt_outcome_t outcome;
    ckpt_status_code_t code = ckpt_kernel_launch(t.kernel, a.args, &outcome);
    CHECK_STATUS(code, limited && i == 2 * BUDGET_SPENT_AT - 1 ? CKPT_ERROR_BACKEND : CKPT_OK);
  }
  CHECK_EQ(a.counts[1], 2 * BUDGET_SPENT_AT + 1);
  ckpt_context_destroy(t.context);
}

int main(void) {
  TEST_RUN(test_gate_skips_the_rest_cpu);
  TEST_RUN(test_gate_skips_the_rest_vulkan);
  TEST_RUN(test_wide_groups_cpu);
  TEST_RUN(test_wide_groups_vulkan);
  TEST_RUN(test_more_than_the_slots_cpu);
  TEST_RUN(test_more_than_the_slots_vulkan);
  TEST_RUN(test_sync_behind_device_yield_cpu);
  TEST_RUN(test_sync_behind_device_yield_vulkan);
  TEST_RUN(test_two_kernels_cpu);
  TEST_RUN(test_two_kernels_vulkan);
  TEST_RUN(test_mixed_with_host_ordered_cpu);
  TEST_RUN(test_mixed_with_host_ordered_vulkan);
  TEST_RUN(test_image_capabilities_checked_vulkan);
  TEST_RUN(test_loop_budget_vulkan);
  return test_report();
}
