/* The launch phase profile's bookkeeping (ckpt/profile.h), shared by core and backends.
 *
 * Core hands a backend `ckpt_backend_launch_t.profile`: the kernel's accumulator while
 * profiling is on, NULL otherwise. Every helper is a no-op on NULL, so a backend calls them
 * unconditionally and pays one branch when profiling is off. A launch keeps one running
 * mark: ckpt_profile_phase_end charges the time since the mark to a phase and moves the
 * mark, so consecutive phases cost one clock read each; ckpt_profile_restart moves the
 * mark without charging anything (the gap goes to the rest). */
#ifndef CKPT_CORE_PROFILE_H
#define CKPT_CORE_PROFILE_H

#include <stdint.h>

#include "ckpt/profile.h"

typedef struct ckpt_profile_t {
  ckpt_kernel_profile_t totals;
  uint64_t launch_start_ns;
  uint64_t mark_ns;
} ckpt_profile_t;

/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t ckpt_profile_now_ns(void);

/* Starts a launch: its total and the first phase are measured from now. */
void ckpt_profile_launch_begin(ckpt_profile_t *profile);

/* Ends the launch begun last: adds its total and counts it. */
void ckpt_profile_launch_end(ckpt_profile_t *profile);

/* Charges the time since the mark to `phase` (one more interval) and moves the mark. */
void ckpt_profile_phase_end(ckpt_profile_t *profile, ckpt_profile_phase_t phase);

/* Moves the mark to now, charging nothing. */
void ckpt_profile_restart(ckpt_profile_t *profile);

/* Adds one device-time measurement. */
void ckpt_profile_add_device(ckpt_profile_t *profile, uint64_t device_ns);

#endif /* CKPT_CORE_PROFILE_H */
