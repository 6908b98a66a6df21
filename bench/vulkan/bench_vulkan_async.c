/* ckpt-bench-vulkan-async: queued launches with one synchronisation (issue #16).
 *
 *   ckpt-bench-vulkan-async [--reps=N] [--launches=N] [--smoke]
 *
 * The graph kernel of ckpt-bench-vulkan (bench_plan.h: 8 explicit checkpoints x 4 small
 * tasks, no flag raised). One sample is a batch of 100 launches (--launches) with the same
 * arguments, timed from the first call to the end of the one wait, in four ways:
 *  - ckpt queued: 100 ckpt_kernel_launch_async, then ckpt_launch_wait on the last (on
 *    Vulkan the device gates each launch, runtime/vulkan/vulkan_queue.c);
 *  - plain queued (Vulkan only, plain_vulkan.c, the baseline): the same 32 dispatches in
 *    one command buffer recorded by hand, submitted 100 times, one fence wait at the end;
 *  - plain queued, a fence each: the same, each submission signalling a fence of a ring
 *    of 64 (as ckpt's queue slots do), for what the fences cost;
 *  - plain queued, indirect dispatches: the same with each dispatch's size read from a
 *    buffer (as ckpt's tasks are, so that the device can gate them), for what that costs;
 *  - plain queued, indirect, mapped control words: the same with the gating state, the
 *    tasks' scalars and the indirect sizes in host-visible memory (device-local where the
 *    device has such a type), where the runtime keeps them so that the host writes them
 *    directly, for what reading them there costs the tasks;
 *  - plain queued, tasks alone: indirect dispatches, the work words copied to the device
 *    once before the batch and back once after it (as across ckpt's queued launches),
 *    with a host barrier at each end, and the same with the runtime's segment barriers,
 *    on the same device, on one created with VK_EXT_conditional_rendering enabled (as
 *    the runtime's is in its conditional mode; nothing uses it), and with the control
 *    words mapped as the runtime places them;
 *  - ckpt synchronous: 100 ckpt_kernel_launch, one round trip each (for reference);
 *  - plain, one wait each (Vulkan only): 100 plain_vulkan_run.
 * The ways run interleaved, rotating which goes first; the table shows medians per batch
 * and ckpt queued / plain queued (the target: 1.10x at most) on Vulkan, and ckpt
 * queued / ckpt synchronous on both targets. A second table gives, for the queued ways, the
 * time until the last submission returned: near the batch's whole time, the host bounds it. The CPU
 * target has no plain baseline: its row is for reference. The Vulkan memory mode is the
 * environment's CKPT_VULKAN_MEMORY (staged mirrors fall back to host-ordered launches,
 * docs/runtime-api.md, "Async").
 *
 * Before timing, one queued batch must leave the same buffer as one plain batch and as
 * 100 synchronous launches. --smoke: one short batch per way, to check that it runs; its
 * figures mean nothing. Exits 77 when no Vulkan device is available. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_plan.h"
#include "ckpt/ckpt.h"
#include "plain_vulkan.h"

/* The ways ckpt has on every target first, then the plain ones (Vulkan only). */
enum {
  WAY_QUEUED,
  WAY_SYNC,
  WAY_PLAIN_QUEUED,
  WAY_PLAIN_FENCED,
  WAY_PLAIN_INDIRECT,
  WAY_PLAIN_MAPPED,
  WAY_PLAIN_RESIDENT,
  WAY_PLAIN_RESIDENT_BARRIERS,
  WAY_PLAIN_RESIDENT_CONDITIONAL,
  WAY_PLAIN_RESIDENT_MAPPED,
  WAY_PLAIN_EACH,
  WAYS,
  CKPT_WAYS = WAY_PLAIN_QUEUED
};

static const char *const way_names[WAYS] = {"ckpt queued",
                                            "ckpt synchronous",
                                            "plain queued",
                                            "plain queued, a fence each",
                                            "plain queued, indirect dispatches",
                                            "plain queued, indirect, mapped control words",
                                            "plain queued, tasks alone",
                                            "plain queued, tasks alone, the runtime's barriers",
                                            "plain queued, tasks alone, conditional rendering on",
                                            "plain queued, tasks alone, mapped control words",
                                            "plain, one wait each"};

typedef struct bench_side_t {
  ckpt_target_t target;
  ckpt_context_t *context;
  ckpt_kernel_t *kernel;
  plain_vulkan_t *plain;        /* Vulkan only */
  plain_vulkan_t *plain_mapped; /* the same with mapped control words */
  plain_vulkan_t *plain_conditional; /* on a device with conditional rendering enabled */
  ckpt_launch_t **launches;
} bench_side_t;

static double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static bool report_failure(const bench_side_t *side, const char *what, ckpt_status_code_t code) {
  fprintf(stderr, "ckpt-bench-vulkan-async: %s: %s: %s: %s\n", ckpt_target_name(side->target),
          what, ckpt_status_name(code), ckpt_context_last_error(side->context));
  return false;
}

/* One batch of `launches` launches in `way`; for the queued ways, *out_submitted_us is
 * the time from the first call until the last submission returned (0 for the others). */
static bool run_batch(bench_side_t *side, bench_args_t *a, int way, int launches,
                      double *out_submitted_us) {
  *out_submitted_us = 0;
  if (way == WAY_PLAIN_QUEUED || way == WAY_PLAIN_FENCED || way == WAY_PLAIN_INDIRECT ||
      way == WAY_PLAIN_MAPPED)
    return plain_vulkan_run_queued(way == WAY_PLAIN_MAPPED ? side->plain_mapped : side->plain,
                                   a->words, way == WAY_PLAIN_INDIRECT || way == WAY_PLAIN_MAPPED,
                                   launches, way == WAY_PLAIN_FENCED, out_submitted_us) == 0;
  if (way == WAY_PLAIN_RESIDENT || way == WAY_PLAIN_RESIDENT_BARRIERS ||
      way == WAY_PLAIN_RESIDENT_CONDITIONAL || way == WAY_PLAIN_RESIDENT_MAPPED)
    return plain_vulkan_run_resident(
               way == WAY_PLAIN_RESIDENT_CONDITIONAL ? side->plain_conditional
               : way == WAY_PLAIN_RESIDENT_MAPPED    ? side->plain_mapped
                                                     : side->plain,
               a->words, launches, way != WAY_PLAIN_RESIDENT, out_submitted_us) == 0;
  if (way == WAY_PLAIN_EACH) {
    for (int i = 0; i < launches; ++i)
      if (plain_vulkan_run(side->plain, a->words, false) != 0) return false;
    return true;
  }
  if (way == WAY_SYNC) {
    for (int i = 0; i < launches; ++i) {
      ckpt_outcome_t outcome;
      ckpt_status_code_t code = ckpt_kernel_launch(side->kernel, a->args, &outcome);
      if (code != CKPT_OK || outcome.yielded) return report_failure(side, "launch", code);
    }
    return true;
  }
  double start = now_us();
  for (int i = 0; i < launches; ++i) {
    ckpt_status_code_t code = ckpt_kernel_launch_async(side->kernel, a->args, &side->launches[i]);
    if (code != CKPT_OK) return report_failure(side, "launch_async", code);
  }
  *out_submitted_us = now_us() - start;
  ckpt_launch_outcome_t outcome;
  ckpt_status_code_t code = ckpt_launch_wait(side->launches[launches - 1], &outcome);
  for (int i = 0; i < launches; ++i) ckpt_launch_release(side->launches[i]);
  if (code != CKPT_OK || !outcome.ran || outcome.outcome.yielded)
    return report_failure(side, "wait", code);
  return true;
}

/* Every way must leave the same buffer from the same start. */
static bool check_same_work(bench_side_t *side, int ways, int launches) {
  static bench_args_t reference, other;
  double submitted;
  bench_args_init(&reference);
  if (!run_batch(side, &reference, WAY_SYNC, launches, &submitted)) return false;
  for (int way = 0; way < ways; ++way) {
    if (way == WAY_SYNC) continue;
    bench_args_init(&other);
    if (!run_batch(side, &other, way, launches, &submitted)) return false;
    if (memcmp(reference.words, other.words, sizeof(other.words)) != 0) {
      fprintf(stderr, "ckpt-bench-vulkan-async: %s: %s left another buffer than %s\n",
              ckpt_target_name(side->target), way_names[way], way_names[WAY_SYNC]);
      return false;
    }
  }
  return true;
}

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(double *values, int count) {
  qsort(values, (size_t)count, sizeof(double), compare_doubles);
  return count % 2 ? values[count / 2] : (values[count / 2 - 1] + values[count / 2]) / 2;
}

/* Times `ways` ways, interleaved; medians per batch into out_median, and of the time
 * until the last submission returned into out_submitted. */
static bool time_ways(bench_side_t *side, int ways, int warmup, int reps, int launches,
                      double out_median[WAYS], double out_submitted[WAYS]) {
  static bench_args_t args[WAYS];
  double *samples[WAYS] = {NULL}, *submitted[WAYS] = {NULL};
  bool ok = true;
  for (int way = 0; way < ways; ++way) {
    bench_args_init(&args[way]);
    samples[way] = calloc((size_t)reps, sizeof(double));
    submitted[way] = calloc((size_t)reps, sizeof(double));
    ok = ok && samples[way] && submitted[way];
  }
  for (int i = 0; ok && i < warmup + reps; ++i)
    for (int k = 0; ok && k < ways; ++k) {
      int way = (i + k) % ways;
      double start = now_us(), submit_us = 0;
      ok = run_batch(side, &args[way], way, launches, &submit_us);
      if (i >= warmup) {
        samples[way][i - warmup] = now_us() - start;
        submitted[way][i - warmup] = submit_us;
      }
    }
  for (int way = 0; way < ways; ++way) {
    out_median[way] = ok ? median(samples[way], reps) : 0;
    out_submitted[way] = ok ? median(submitted[way], reps) : 0;
    free(samples[way]);
    free(submitted[way]);
  }
  return ok;
}

/* 0, 77 (no Vulkan device), or 1. */
static int side_start(bench_side_t *side, ckpt_target_t target, const ckpt_plan_t *plan,
                      int launches) {
  memset(side, 0, sizeof(*side));
  side->target = target;
  side->launches = calloc((size_t)launches, sizeof(*side->launches));
  if (!side->launches) return 1;
  ckpt_status_code_t code = ckpt_context_create(target, &side->context);
  if (code == CKPT_OK) code = ckpt_kernel_create(side->context, plan, &side->kernel);
  if (code != CKPT_OK) {
    report_failure(side, "start", code);
    return code == CKPT_ERROR_UNAVAILABLE ? 77 : 1;
  }
  if (target != CKPT_TARGET_VULKAN) return 0;
  int status = plain_vulkan_create(
      &side->plain, bench_vulkan_task_spirv, sizeof(bench_vulkan_task_spirv), BENCH_TASKS,
      BENCH_TASKS_PER_CHECKPOINT, BENCH_LANES, (plain_vulkan_options_t){0});
  if (status == 0)
    status = plain_vulkan_create(
        &side->plain_mapped, bench_vulkan_task_spirv, sizeof(bench_vulkan_task_spirv), BENCH_TASKS,
        BENCH_TASKS_PER_CHECKPOINT, BENCH_LANES, (plain_vulkan_options_t){.mapped_control = true});
  if (status == 0)
    status = plain_vulkan_create(&side->plain_conditional, bench_vulkan_task_spirv,
                                 sizeof(bench_vulkan_task_spirv), BENCH_TASKS,
                                 BENCH_TASKS_PER_CHECKPOINT, BENCH_LANES,
                                 (plain_vulkan_options_t){.conditional_rendering = true});
  return status;
}

static void side_stop(bench_side_t *side) {
  plain_vulkan_destroy(side->plain);
  plain_vulkan_destroy(side->plain_mapped);
  plain_vulkan_destroy(side->plain_conditional);
  ckpt_context_destroy(side->context);
  free(side->launches);
}

int main(int argc, char **argv) {
  int reps = 20, warmup = 3, launches = 100;
  for (int i = 1; i < argc; ++i) {
    if (strncmp(argv[i], "--reps=", 7) == 0) {
      reps = atoi(argv[i] + 7);
    } else if (strncmp(argv[i], "--launches=", 11) == 0) {
      launches = atoi(argv[i] + 11);
    } else if (strcmp(argv[i], "--smoke") == 0) {
      reps = 1;
      warmup = 0;
      launches = 4;
    } else {
      fprintf(stderr, "usage: ckpt-bench-vulkan-async [--reps=N] [--launches=N] [--smoke]\n");
      return 2;
    }
  }
  if (reps < 1) reps = 1;
  if (launches < 1) launches = 1;
  ckpt_plan_t plan = bench_plan();
  double medians[2][WAYS] = {{0}}, submitted[2][WAYS] = {{0}};
  const ckpt_target_t targets[2] = {CKPT_TARGET_VULKAN, CKPT_TARGET_CPU};
  char device[256] = "", control[128] = "";
  bool conditional = false;
  int status = 0;
  for (int t = 0; status == 0 && t < 2; ++t) {
    bench_side_t side;
    status = side_start(&side, targets[t], &plan, launches);
    int ways = side.plain ? WAYS : CKPT_WAYS;
    if (status == 0 && side.plain) {
      snprintf(device, sizeof(device), "%s", plain_vulkan_device_name(side.plain));
      plain_vulkan_control_memory(side.plain_mapped, control, sizeof(control));
      conditional = plain_vulkan_conditional_rendering(side.plain_conditional);
    }
    if (status == 0 && (!check_same_work(&side, ways, launches) ||
                        !time_ways(&side, ways, warmup, reps, launches, medians[t],
                                   submitted[t])))
      status = 1;
    side_stop(&side);
  }
  if (status != 0) return status;
  const char *memory = getenv("CKPT_VULKAN_MEMORY");
  const char *threads = getenv("LP_NUM_THREADS");
  printf("ckpt-bench-vulkan-async: %s; %d checkpoints x %d tasks, batches of %d launches, "
         "median of %d batches, CKPT_VULKAN_MEMORY=%s, LP_NUM_THREADS=%s%s\n",
         device, BENCH_CHECKPOINTS, BENCH_TASKS_PER_CHECKPOINT, launches, reps,
         memory && *memory ? memory : "(default)", threads && *threads ? threads : "(unset)",
         warmup == 0 ? " (smoke run: figures mean nothing)" : "");
  printf("| target | ckpt queued (us) | plain queued (us) | ckpt synchronous (us) "
         "| plain, one wait each (us) | queued / plain queued | queued / synchronous |\n");
  printf("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
  const double *v = medians[0], *c = medians[1];
  printf("| vulkan | %.0f | %.0f | %.0f | %.0f | %.2fx | %.2fx |\n", v[WAY_QUEUED],
         v[WAY_PLAIN_QUEUED], v[WAY_SYNC], v[WAY_PLAIN_EACH], v[WAY_QUEUED] / v[WAY_PLAIN_QUEUED],
         v[WAY_QUEUED] / v[WAY_SYNC]);
  printf("| cpu | %.0f | - | %.0f | - | - | %.2fx |\n", c[WAY_QUEUED], c[WAY_SYNC],
         c[WAY_QUEUED] / c[WAY_SYNC]);
  /* Where a queued batch's time goes: a batch whose submissions take about its whole time
   * is bound by the host; the fenced plain row is what a fence per submission costs. */
  printf("\n| vulkan, queued ways | batch (us) | until the last submission returned (us) "
         "| / plain queued |\n| --- | ---: | ---: | ---: |\n");
  /* Every way that queues: all but the ones with a wait per launch. */
  for (int way = 0; way < WAYS; ++way) {
    if (way == WAY_SYNC || way == WAY_PLAIN_EACH)
      continue;
    printf("| %s | %.0f | %.0f | %.2fx |\n", way_names[way], v[way], submitted[0][way],
           v[way] / v[WAY_PLAIN_QUEUED]);
  }
  printf("\nmapped control words: %s; conditional rendering on the last way's device: %s\n",
         control, conditional ? "enabled" : "not offered");
  return 0;
}
