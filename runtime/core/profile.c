#include "core/profile.h"

#include <string.h>
#include <time.h>

#include "core/context.h"
#include "core/kernel.h"

static const char *const ckpt_profile_phase_names[CKPT_PROFILE_PHASE_COUNT] = {
    [CKPT_PROFILE_ARGUMENTS] = "arguments", [CKPT_PROFILE_RECORD] = "record",
    [CKPT_PROFILE_UPLOAD] = "upload",       [CKPT_PROFILE_SUBMIT] = "submit",
    [CKPT_PROFILE_WAIT] = "wait",           [CKPT_PROFILE_READBACK] = "readback",
};

const char *ckpt_profile_phase_name(ckpt_profile_phase_t phase) {
  if ((int)phase < 0 || phase >= CKPT_PROFILE_PHASE_COUNT) return "?";
  return ckpt_profile_phase_names[phase];
}

uint64_t ckpt_profile_now_ns(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (uint64_t)now.tv_sec * 1000000000u + (uint64_t)now.tv_nsec;
}

void ckpt_profile_launch_begin(ckpt_profile_t *profile) {
  if (!profile) return;
  profile->launch_start_ns = profile->mark_ns = ckpt_profile_now_ns();
}

void ckpt_profile_launch_end(ckpt_profile_t *profile) {
  if (!profile) return;
  profile->totals.total_ns += ckpt_profile_now_ns() - profile->launch_start_ns;
  profile->totals.launch_count++;
}

void ckpt_profile_phase_end(ckpt_profile_t *profile, ckpt_profile_phase_t phase) {
  if (!profile) return;
  uint64_t now = ckpt_profile_now_ns();
  profile->totals.phase_ns[phase] += now - profile->mark_ns;
  profile->totals.phase_count[phase]++;
  profile->mark_ns = now;
}

void ckpt_profile_restart(ckpt_profile_t *profile) {
  if (!profile) return;
  profile->mark_ns = ckpt_profile_now_ns();
}

void ckpt_profile_add_device(ckpt_profile_t *profile, uint64_t device_ns) {
  if (!profile) return;
  profile->totals.device_ns += device_ns;
  profile->totals.device_count++;
}

/*--- public API ---------------------------------------------------------------*/

void ckpt_context_set_profile(ckpt_context_t *context, bool enabled) {
  if (!context || ckpt_context_check_backend(context) != CKPT_OK)
    return;
  ckpt_context_lock_backend(context);
  context->profile = enabled;
  ckpt_context_unlock_backend(context);
}

/* The backend lock: the launch queue's worker may be adding to the profile. */
ckpt_status_code_t ckpt_kernel_profile(ckpt_kernel_t *kernel, ckpt_kernel_profile_t *out_profile) {
  if (!kernel) return CKPT_ERROR_INVALID_ARGUMENT;
  if (!out_profile) {
    return ckpt_context_fail(kernel->context, CKPT_ERROR_INVALID_ARGUMENT,
                             "out_profile is NULL reading the profile of kernel '%s'",
                             kernel->view.kernel_name);
  }
  ckpt_status_code_t code = ckpt_context_check_backend(kernel->context);
  if (code != CKPT_OK)
    return code;
  ckpt_context_lock_backend(kernel->context);
  *out_profile = kernel->profile.totals;
  ckpt_context_unlock_backend(kernel->context);
  return CKPT_OK;
}

void ckpt_kernel_profile_reset(ckpt_kernel_t *kernel) {
  if (!kernel || ckpt_context_check_backend(kernel->context) != CKPT_OK)
    return;
  ckpt_context_lock_backend(kernel->context);
  memset(&kernel->profile, 0, sizeof(kernel->profile));
  ckpt_context_unlock_backend(kernel->context);
}
