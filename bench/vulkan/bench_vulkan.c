/* ckpt-bench-vulkan: device-side checkpoint gating against host gating on Vulkan.
 *
 *   ckpt-bench-vulkan [--reps=N] [--smoke]
 *
 * A hand-built plan (ckpt/plan.h) of 8 explicit checkpoints x 4 small tasks, each
 * checkpoint with its own yield flag, left at 0. Every task launches task.comp (compiled
 * at build time, written to the operand ABI of MLIR's SPIR-V kernels) as one workgroup of
 * 64 invocations updating its own 64 words of a shared buffer.
 *
 * Three contexts run the same plan on the same device, interleaved, in this process:
 *  - device gating, conditional (the Vulkan target as built, on a device with
 *    VK_EXT_conditional_rendering): one command buffer, the host writing the dispatch
 *    sizes, a yield step after each checkpoint skipped unless its flag is raised, one
 *    submission and one readback per launch;
 *  - device gating, control steps (CKPT_VULKAN_CONDITIONAL=0, the fallback): the same,
 *    but a control step on the device before every checkpoint's tasks;
 *  - host gating (CKPT_VULKAN_GATING=host): control steps too, but a submission, a wait
 *    and a readback of the yield state after every checkpoint, the host deciding whether
 *    to go on.
 * Two baselines without ckpt run beside them in the row to the end (plain_vulkan.c): the
 * same 32 dispatches in one command buffer recorded by hand ("plain"), and an empty
 * submission with its fence wait ("empty submit").
 * Each measurement follows an untimed run of the same column, so that no column pays for
 * the GPU switching to its VkDevice from another's.
 * The table shows medians over N launches (default 200) after a warm-up, host gating's
 * over conditional's, and conditional's over plain's. The memory mode is the
 * environment's CKPT_VULKAN_MEMORY.
 * A second row yields at checkpoint 4 and resumes from its label. Both rows are measured
 * twice: with LP_NUM_THREADS as the environment has it (lavapipe's thread pool when
 * unset) and with LP_NUM_THREADS=0 (dispatches on lavapipe's queue thread), each set of
 * contexts created under its setting.
 *
 * Before timing, every context runs once from the same buffer and they must leave
 * identical buffers, and the plain command buffer must leave what a launch to the end
 * leaves. --smoke: a few repetitions, to check that it runs; its figures mean
 * nothing.
 * Last, in runs of their own so that the timings above stay unprofiled, where each
 * target's time goes (ckpt/profile.h): its phases and its device time from timestamp
 * queries, beside the plain command buffers' host and device time (timestamps around
 * them in the same submission).
 * Exits 77 when no Vulkan device is available (ctest reports a skip). */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bench_plan.h"
#include "ckpt/ckpt.h"
#include "plain_vulkan.h"
#include "profile_table.h"

enum {
  BENCH_TARGETS = 3, /* conditional, control steps, host gating */
  BENCH_YIELD_CHECKPOINT = 4,
  /* Table columns after the targets: the plain command buffer, with direct and with
   * indirect dispatches, and an empty submission. */
  BENCH_PLAIN = BENCH_TARGETS,
  BENCH_PLAIN_INDIRECT = BENCH_TARGETS + 1,
  BENCH_EMPTY = BENCH_TARGETS + 2,
  BENCH_COLUMNS = BENCH_TARGETS + 3,
};

/* One way of gating: its column name and the environment its context starts with. */
typedef struct bench_kind_t {
  const char *name;
  const char *gating;      /* CKPT_VULKAN_GATING */
  const char *conditional; /* CKPT_VULKAN_CONDITIONAL */
} bench_kind_t;

static const bench_kind_t bench_kinds[BENCH_TARGETS] = {
    {"conditional", "device", "1"},
    {"control steps", "device", "0"},
    {"host gating", "host", "1"},
};

typedef struct bench_target_t {
  const char *name;
  ckpt_context_t *context;
  ckpt_kernel_t *kernel;
} bench_target_t;

/* Creates a Vulkan context with the environment of `kind` while it starts. Returns 77
 * when Vulkan is unavailable, 1 on another failure, 0 on success. */
static int bench_target_create(bench_target_t *target, const bench_kind_t *kind,
                               const ckpt_plan_t *plan) {
  target->name = kind->name;
  setenv("CKPT_VULKAN_GATING", kind->gating, 1);
  setenv("CKPT_VULKAN_CONDITIONAL", kind->conditional, 1);
  ckpt_status_code_t code = ckpt_context_create(CKPT_TARGET_VULKAN, &target->context);
  unsetenv("CKPT_VULKAN_GATING");
  unsetenv("CKPT_VULKAN_CONDITIONAL");
  if (code == CKPT_OK)
    code = ckpt_kernel_create(target->context, plan, &target->kernel);
  if (code != CKPT_OK) {
    fprintf(stderr, "ckpt-bench-vulkan: %s: %s: %s\n", target->name, ckpt_status_name(code),
            target->context ? ckpt_context_last_error(target->context) : "out of memory");
    return code == CKPT_ERROR_UNAVAILABLE ? 77 : 1;
  }
  return 0;
}

static double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

/* One launch, or a yield at BENCH_YIELD_CHECKPOINT and the resume from its label. */
static bool bench_run(bench_target_t *target, bench_args_t *a, bool yield_and_resume) {
  ckpt_outcome_t outcome;
  a->flags[BENCH_YIELD_CHECKPOINT] = yield_and_resume ? 1 : 0;
  ckpt_status_code_t code = ckpt_kernel_launch(target->kernel, a->args, &outcome);
  bool expected = code == CKPT_OK && outcome.yielded == yield_and_resume &&
                  (!yield_and_resume || outcome.label == BENCH_YIELD_CHECKPOINT);
  if (expected && yield_and_resume) {
    a->flags[BENCH_YIELD_CHECKPOINT] = 0;
    code = ckpt_kernel_resume(target->kernel, BENCH_YIELD_CHECKPOINT, a->args, &outcome);
    expected = code == CKPT_OK && !outcome.yielded;
  }
  if (!expected)
    fprintf(stderr, "ckpt-bench-vulkan: %s: unexpected outcome (%s): %s\n", target->name,
            ckpt_status_name(code), ckpt_context_last_error(target->context));
  return expected;
}

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double median(double *values, int count) {
  qsort(values, (size_t)count, sizeof(double), compare_doubles);
  return count % 2 ? values[count / 2] : (values[count / 2 - 1] + values[count / 2]) / 2;
}

/* Times one row: the targets interleaved, rotating which goes first, and in the row to
 * the end the plain command buffer and an empty submission among them. */
static bool bench_row(bench_target_t targets[BENCH_TARGETS], bench_args_t args[BENCH_COLUMNS],
                      plain_vulkan_t *plain, bool yield_and_resume, int warmup, int reps,
                      double out_median[BENCH_COLUMNS]) {
  double *samples[BENCH_COLUMNS];
  int columns = plain && !yield_and_resume ? BENCH_COLUMNS : BENCH_TARGETS;
  bool ok = true;
  for (int k = 0; k < columns; ++k) {
    samples[k] = calloc((size_t)reps, sizeof(double));
    ok = ok && samples[k];
  }
  for (int i = 0; ok && i < warmup + reps; ++i) {
    for (int k = 0; ok && k < columns; ++k) {
      int which = (i + k) % columns;
      /* Each column is timed right after an untimed run of its own: every context has its
       * own VkDevice, and a GPU switching between devices pays for it on the first
       * submission after the switch (about 150 us on NVIDIA's driver), which no column
       * should carry. */
      for (int run = 0; ok && run < 2; ++run) {
        double start = now_us();
        if (which == BENCH_PLAIN || which == BENCH_PLAIN_INDIRECT)
          ok = plain_vulkan_run(plain, args[which].words, which == BENCH_PLAIN_INDIRECT) == 0;
        else if (which == BENCH_EMPTY)
          ok = plain_vulkan_run_empty(plain) == 0;
        else
          ok = bench_run(&targets[which], &args[which], yield_and_resume);
        if (run == 1 && i >= warmup)
          samples[which][i - warmup] = now_us() - start;
      }
    }
  }
  out_median[BENCH_PLAIN] = out_median[BENCH_PLAIN_INDIRECT] = out_median[BENCH_EMPTY] = 0;
  for (int k = 0; k < columns; ++k) {
    if (ok)
      out_median[k] = median(samples[k], reps);
    free(samples[k]);
  }
  return ok;
}

/* What the breakdown shows for one LP_NUM_THREADS setting. */
typedef struct bench_breakdown_t {
  ckpt_kernel_profile_t profiles[BENCH_TARGETS][2]; /* to the end, yield and resume */
  double medians[BENCH_TARGETS][2];
  double plain_median[2], plain_host[2], plain_device[2]; /* direct, indirect */
} bench_breakdown_t;

/* Each target profiled over `reps` launches to the end, then `reps` yields with their
 * resumes, each after `warmup` unprofiled ones; then the plain command buffers with
 * timestamps. Means. */
static bool bench_breakdown(bench_target_t targets[BENCH_TARGETS],
                            bench_args_t args[BENCH_COLUMNS], plain_vulkan_t *plain, int warmup,
                            int reps, bench_breakdown_t *out) {
  double *samples = calloc((size_t)reps, sizeof(double));
  bool ok = samples != NULL;
  for (int k = 0; ok && k < BENCH_TARGETS; ++k) {
    for (int row = 0; ok && row < 2; ++row) {
      for (int i = 0; ok && i < warmup; ++i)
        ok = bench_run(&targets[k], &args[k], row == 1);
      ckpt_kernel_profile_reset(targets[k].kernel);
      ckpt_context_set_profile(targets[k].context, true);
      for (int i = 0; ok && i < reps; ++i) {
        double start = now_us();
        ok = bench_run(&targets[k], &args[k], row == 1);
        samples[i] = now_us() - start;
      }
      ckpt_context_set_profile(targets[k].context, false);
      ok = ok && ckpt_kernel_profile(targets[k].kernel, &out->profiles[k][row]) == CKPT_OK;
      if (ok)
        out->medians[k][row] = median(samples, reps);
    }
  }
  for (int indirect = 0; ok && indirect < 2; ++indirect) {
    double host = 0, device = 0, device_us = 0;
    for (int i = -warmup; ok && i < reps; ++i) {
      double start = now_us();
      ok = plain_vulkan_run_timed(plain, args[BENCH_PLAIN].words, indirect, &device_us) == 0;
      if (i >= 0) {
        samples[i] = now_us() - start;
        host += samples[i];
        device += device_us;
      }
    }
    out->plain_median[indirect] = ok ? median(samples, reps) : 0;
    out->plain_host[indirect] = host / reps;
    out->plain_device[indirect] = device_us < 0 ? -1 : device / reps;
  }
  free(samples);
  return ok;
}

int main(int argc, char **argv) {
  int reps = 200, warmup = 20;
  for (int i = 1; i < argc; ++i) {
    if (strncmp(argv[i], "--reps=", 7) == 0) {
      reps = atoi(argv[i] + 7);
    } else if (strcmp(argv[i], "--smoke") == 0) {
      reps = 3;
      warmup = 1;
    } else {
      fprintf(stderr, "usage: ckpt-bench-vulkan [--reps=N] [--smoke]\n");
      return 2;
    }
  }
  if (reps < 1)
    reps = 1;
  ckpt_plan_t plan = bench_plan();
  /* lavapipe runs every dispatch on its thread pool and waits for it: a thread round trip
   * per dispatch, as costly as a submission on a small machine, in both columns alike.
   * LP_NUM_THREADS=0 runs dispatches on lavapipe's queue thread instead, so that the
   * figures show what gating costs. Both are measured; other drivers ignore the variable. */
  const char *inherited = getenv("LP_NUM_THREADS");
  char inherited_copy[32] = "";
  if (inherited) snprintf(inherited_copy, sizeof(inherited_copy), "%s", inherited);
  const char *settings[2] = {inherited ? inherited_copy : NULL, "0"};
  int setting_count = inherited && strcmp(inherited, "0") == 0 ? 1 : 2;
  double plain[2][BENCH_COLUMNS] = {{0}}, resumed[2][BENCH_COLUMNS] = {{0}};
  static bench_breakdown_t breakdowns[2];
  char device[256] = "";
  int status = 0;
  for (int c = 0; status == 0 && c < setting_count; ++c) {
    if (settings[c])
      setenv("LP_NUM_THREADS", settings[c], 1);
    else
      unsetenv("LP_NUM_THREADS");
    bench_target_t targets[BENCH_TARGETS] = {{0}};
    static bench_args_t args[BENCH_COLUMNS];
    for (int k = 0; status == 0 && k < BENCH_TARGETS; ++k) {
      status = bench_target_create(&targets[k], &bench_kinds[k], &plan);
      if (status == 0)
        ckpt_context_set_profile(targets[k].context, false); /* whatever CKPT_PROFILE says */
    }
    plain_vulkan_t *baseline = NULL;
    if (status == 0)
      status = plain_vulkan_create(
          &baseline, bench_vulkan_task_spirv, sizeof(bench_vulkan_task_spirv), BENCH_TASKS,
          BENCH_TASKS_PER_CHECKPOINT, BENCH_LANES, (plain_vulkan_options_t){0});
    if (status == 0)
      snprintf(device, sizeof(device), "%s", plain_vulkan_device_name(baseline));

    /* Every way must do the same work: run each once from the same buffer. */
    for (int k = 0; status == 0 && k < BENCH_TARGETS; ++k) {
      bench_args_init(&args[k]);
      if (!bench_run(&targets[k], &args[k], true))
        status = 1;
      else if (memcmp(args[0].words, args[k].words, sizeof(args[0].words)) != 0) {
        fprintf(stderr, "ckpt-bench-vulkan: %s and %s left different buffers\n",
                bench_kinds[0].name, bench_kinds[k].name);
        status = 1;
      }
    }
    /* The plain command buffer must do the same work as a launch to the end (the check
     * above resumed at a checkpoint whose tasks had run, running them twice). */
    if (status == 0) {
      static bench_args_t reference;
      bench_args_init(&reference);
      bench_args_init(&args[BENCH_PLAIN]);
      if (!bench_run(&targets[0], &reference, false) ||
          plain_vulkan_run(baseline, args[BENCH_PLAIN].words, false) != 0)
        status = 1;
      else if (memcmp(reference.words, args[BENCH_PLAIN].words, sizeof(reference.words)) != 0) {
        fprintf(stderr, "ckpt-bench-vulkan: the plain command buffer left another buffer\n");
        status = 1;
      }
    }
    if (status == 0 && (!bench_row(targets, args, baseline, false, warmup, reps, plain[c]) ||
                        !bench_row(targets, args, baseline, true, warmup, reps, resumed[c]) ||
                        !bench_breakdown(targets, args, baseline, warmup, reps, &breakdowns[c])))
      status = 1;
    plain_vulkan_destroy(baseline);
    for (int k = 0; k < BENCH_TARGETS; ++k)
      ckpt_context_destroy(targets[k].context);
  }
  if (status == 0) {
    const char *memory = getenv("CKPT_VULKAN_MEMORY");
    printf("ckpt-bench-vulkan: %s; %d checkpoints x %d tasks, median of %d launches, "
           "CKPT_VULKAN_MEMORY=%s%s\n",
           device, BENCH_CHECKPOINTS, BENCH_TASKS_PER_CHECKPOINT, reps,
           memory && *memory ? memory : "(default)",
           warmup == 1 ? " (smoke run: figures mean nothing)" : "");
    printf("| LP_NUM_THREADS | launch | conditional (us) | control steps (us) | host gating (us) "
           "| plain (us) | plain, indirect (us) | empty submit (us) | host / conditional "
           "| conditional / plain |\n");
    printf("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (int c = 0; c < setting_count; ++c) {
      const char *setting = settings[c] ? settings[c] : "unset (lavapipe's pool)";
      for (int row = 0; row < 2; ++row) {
        const double *medians = row ? resumed[c] : plain[c];
        if (row == 0)
          printf("| %s | to the end | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.2fx | %.2fx |\n",
                 setting, medians[0], medians[1], medians[2], medians[BENCH_PLAIN],
                 medians[BENCH_PLAIN_INDIRECT], medians[BENCH_EMPTY], medians[2] / medians[0],
                 medians[0] / medians[BENCH_PLAIN]);
        else
          printf("| %s | yield at 4, resume | %.1f | %.1f | %.1f | - | - | - | %.2fx | - |\n",
                 setting,
                 medians[0], medians[1], medians[2], medians[2] / medians[0]);
      }
    }
    printf("\nwhere the time goes (CKPT_PROFILE; means of %d, us per launch or per yield at 4 "
           "and its resume):\n",
           reps);
    for (int c = 0; c < setting_count; ++c) {
      printf("\nLP_NUM_THREADS %s:\n", settings[c] ? settings[c] : "unset (lavapipe's pool)");
      bench_profile_header();
      for (int k = 0; k < BENCH_TARGETS; ++k) {
        for (int row = 0; row < 2; ++row) {
          char label[64];
          snprintf(label, sizeof(label), "%s, %s", bench_kinds[k].name,
                   row ? "yield at 4, resume" : "to the end");
          bench_profile_row(label, &breakdowns[c].profiles[k][row], reps,
                            breakdowns[c].medians[k][row]);
        }
      }
      for (int indirect = 0; indirect < 2; ++indirect)
        bench_profile_baseline_row(indirect ? "plain, indirect" : "plain",
                                   breakdowns[c].plain_median[indirect],
                                   breakdowns[c].plain_host[indirect],
                                   breakdowns[c].plain_device[indirect]);
    }
  }
  return status;
}
