/* The launch phase breakdown the device benchmarks print (ckpt/profile.h): one row per
 * measured thing, every column in microseconds per unit (a launch, or a yield and its
 * resume). `total` is the profiled runs' mean host time inside the runtime; each phase is
 * a part of it; `host other` is what no phase covers (core's bookkeeping, host-side
 * gating, walking the plan); `device` is the device's own time where the target measures
 * it (CUDA events around the graph launch, Vulkan timestamps around each submission).
 * The profile sums, so these are means; `wall median` is the median of the same units
 * timed from outside, so that a mean pulled up by a few slow units shows. */
#ifndef CKPT_BENCH_PROFILE_TABLE_H
#define CKPT_BENCH_PROFILE_TABLE_H

#include <stdint.h>
#include <stdio.h>

#include "ckpt/profile.h"

static inline void bench_profile_header(void) {
  printf("| row | launches | wall median | total |");
  for (int p = 0; p < CKPT_PROFILE_PHASE_COUNT; ++p)
    printf(" %s |", ckpt_profile_phase_name((ckpt_profile_phase_t)p));
  printf(" host other | device |\n|");
  for (int c = 0; c < CKPT_PROFILE_PHASE_COUNT + 6; ++c) printf(c == 0 ? " --- |" : " ---: |");
  printf("\n");
}

/* A row of `profile` over `units` units (each of profile->launch_count / units launches). */
static inline void bench_profile_row(const char *label, const ckpt_kernel_profile_t *profile,
                                     int units, double wall_median_us) {
  double per = units > 0 ? 1e-3 / units : 0;
  uint64_t phases = 0;
  printf("| %s | %.0f | %.1f | %.1f |", label,
         units > 0 ? (double)profile->launch_count / units : 0, wall_median_us,
         (double)profile->total_ns * per);
  for (int p = 0; p < CKPT_PROFILE_PHASE_COUNT; ++p) {
    phases += profile->phase_ns[p];
    if (profile->phase_count[p])
      printf(" %.1f |", (double)profile->phase_ns[p] * per);
    else
      printf(" - |");
  }
  printf(" %.1f |", (double)(profile->total_ns - phases) * per);
  if (profile->device_count)
    printf(" %.1f |\n", (double)profile->device_ns * per);
  else
    printf(" - |\n");
}

/* A baseline without the runtime: its host time (median and mean) and device time (mean;
 * negative: not measured) per unit, no phases. */
static inline void bench_profile_baseline_row(const char *label, double host_median_us,
                                              double host_us, double device_us) {
  printf("| %s | - | %.1f | %.1f |", label, host_median_us, host_us);
  for (int p = 0; p < CKPT_PROFILE_PHASE_COUNT; ++p) printf(" - |");
  if (device_us >= 0)
    printf(" - | %.1f |\n", device_us);
  else
    printf(" - | - |\n");
}

#endif /* CKPT_BENCH_PROFILE_TABLE_H */
