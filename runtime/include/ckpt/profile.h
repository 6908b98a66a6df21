/* Launch phase profile: where a kernel's launches spend their time (docs/runtime-api.md,
 * "Profile").
 *
 * Off by default, and then free: no clock is read and nothing is recorded. Turned on per
 * context with CKPT_PROFILE=1 in the environment at ckpt_context_create, or with
 * ckpt_context_set_profile. While on, every launch and resume of a kernel that runs
 * through the host (synchronous ones, and asynchronous ones the context's worker runs) adds
 * its host wall-clock time to the kernel's profile, split into phases at the points its
 * target marks, plus the device's own time where the target's API measures one (CUDA
 * events around the graph launch, none on HIP, Vulkan timestamp queries around each
 * submission). Launches a CUDA or Vulkan device gates by itself (queued with
 * ckpt_kernel_launch_async) are not profiled: their host and device time overlap by design.
 *
 * Phases are disjoint intervals inside the launch, so their sum never exceeds
 * `total_ns`; what no phase covers (core's bookkeeping, host-side gating, walking the
 * plan) is the rest. A target marks only the phases it has: the CPU target has none but
 * `arguments`. */
#ifndef CKPT_PROFILE_H
#define CKPT_PROFILE_H

#include <stdint.h>

#include "ckpt/ckpt.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ckpt_profile_phase_t {
  /* Comparing the arguments with the last launch's, and syncing the device mirrors and
   * launch records when they changed. */
  CKPT_PROFILE_ARGUMENTS = 0,
  /* Building or updating the target's graphs, recording command buffers. */
  CKPT_PROFILE_RECORD = 1,
  /* Copying host mirrors and the gating state towards the device (queued or staged). */
  CKPT_PROFILE_UPLOAD = 2,
  /* The call that hands the work to the device (cuGraphLaunch, vkQueueSubmit). */
  CKPT_PROFILE_SUBMIT = 3,
  /* Waiting for the device (stream synchronisation, fence wait). */
  CKPT_PROFILE_WAIT = 4,
  /* Reading the outcome and the host mirrors back. */
  CKPT_PROFILE_READBACK = 5,
  CKPT_PROFILE_PHASE_COUNT = 6,
} ckpt_profile_phase_t;

/* A kernel's accumulated profile. Times are nanoseconds summed over `launch_count`
 * launches (resumes included); divide by it for a mean per launch. */
typedef struct ckpt_kernel_profile_t {
  uint64_t launch_count;
  uint64_t total_ns; /* host wall clock from entering the runtime's launch to its outcome */
  uint64_t phase_ns[CKPT_PROFILE_PHASE_COUNT];
  uint64_t phase_count[CKPT_PROFILE_PHASE_COUNT]; /* intervals measured per phase */
  /* Device time, summed over `device_count` measurements (one per graph launch or
   * submission); 0 and 0 where the target or device cannot measure it. */
  uint64_t device_ns;
  uint64_t device_count;
} ckpt_kernel_profile_t;

/* "arguments", "record", "upload", "submit", "wait", "readback"; "?" out of range. */
const char *ckpt_profile_phase_name(ckpt_profile_phase_t phase);

/* Turns profiling on or off for every kernel of the context; the initial state comes from
 * CKPT_PROFILE=1. Turning it off keeps what kernels have accumulated. */
void ckpt_context_set_profile(ckpt_context_t *context, bool enabled);

/* Copies the kernel's profile into *out_profile (all zero if it was never profiled).
 * CKPT_ERROR_INVALID_ARGUMENT for a NULL kernel or out_profile. */
ckpt_status_code_t ckpt_kernel_profile(ckpt_kernel_t *kernel, ckpt_kernel_profile_t *out_profile);

/* Zeroes the kernel's profile. NULL is a no-op. */
void ckpt_kernel_profile_reset(ckpt_kernel_t *kernel);

#ifdef __cplusplus
}
#endif

#endif /* CKPT_PROFILE_H */
