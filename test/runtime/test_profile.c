/* The launch phase profile (runtime/core/profile.c, ckpt/profile.h): the bookkeeping on
 * its own (accumulation, the running mark, NULL as "off"); then launches on the CPU target
 * and, where the build has Vulkan and the machine a device (lavapipe here), on Vulkan in
 * conditional mode and with host gating: off, nothing is recorded; on, every phase the
 * target marks is counted, the phases never add up to more than the total, device time
 * is there where the queue has timestamps, and reset and turning it off work. */
#include <time.h>

#include "ckpt/ckpt.h"
#include "ckpt/profile.h"
#include "core/context.h"
#include "core/profile.h"
#include "embed_world.h"
#include "test_util.h"
#ifdef CKPT_TEST_EMBED_SPIRV
#include "embed_task.spv.h"
#include "vulkan/vulkan_backend.h"
#endif

static void sleep_ms(long ms) {
  struct timespec pause = {.tv_sec = 0, .tv_nsec = ms * 1000000L};
  nanosleep(&pause, NULL);
}

static uint64_t phase_sum(const ckpt_kernel_profile_t *profile) {
  uint64_t sum = 0;
  for (int p = 0; p < CKPT_PROFILE_PHASE_COUNT; ++p) sum += profile->phase_ns[p];
  return sum;
}

static bool all_zero(const ckpt_kernel_profile_t *profile) {
  static const ckpt_kernel_profile_t zero;
  return memcmp(profile, &zero, sizeof(zero)) == 0;
}

static void test_bookkeeping(void) {
  ckpt_profile_t profile;
  memset(&profile, 0, sizeof(profile));
  ckpt_profile_launch_begin(&profile);
  ckpt_profile_phase_end(&profile, CKPT_PROFILE_ARGUMENTS);
  sleep_ms(2);
  ckpt_profile_phase_end(&profile, CKPT_PROFILE_WAIT);
  sleep_ms(2); /* charged to no phase */
  ckpt_profile_restart(&profile);
  ckpt_profile_phase_end(&profile, CKPT_PROFILE_READBACK);
  ckpt_profile_add_device(&profile, 500);
  ckpt_profile_launch_end(&profile);
  const ckpt_kernel_profile_t *totals = &profile.totals;
  CHECK_EQ(totals->launch_count, 1);
  CHECK_EQ(totals->phase_count[CKPT_PROFILE_ARGUMENTS], 1);
  CHECK_EQ(totals->phase_count[CKPT_PROFILE_WAIT], 1);
  CHECK_EQ(totals->phase_count[CKPT_PROFILE_READBACK], 1);
  CHECK_EQ(totals->phase_count[CKPT_PROFILE_SUBMIT], 0);
  CHECK_EQ(totals->phase_ns[CKPT_PROFILE_SUBMIT], 0);
  CHECK(totals->phase_ns[CKPT_PROFILE_WAIT] >= 2000000);
  CHECK(totals->phase_ns[CKPT_PROFILE_READBACK] < 1000000);
  CHECK(totals->total_ns >= phase_sum(totals) + 2000000); /* the unmarked sleep */
  CHECK_EQ(totals->device_ns, 500);
  CHECK_EQ(totals->device_count, 1);

  /* A second launch adds to the first. */
  uint64_t first_total = totals->total_ns;
  ckpt_profile_launch_begin(&profile);
  ckpt_profile_phase_end(&profile, CKPT_PROFILE_WAIT);
  ckpt_profile_add_device(&profile, 250);
  ckpt_profile_launch_end(&profile);
  CHECK_EQ(totals->launch_count, 2);
  CHECK_EQ(totals->phase_count[CKPT_PROFILE_WAIT], 2);
  CHECK(totals->total_ns >= first_total);
  CHECK_EQ(totals->device_ns, 750);
  CHECK_EQ(totals->device_count, 2);

  /* Off: every helper takes NULL and does nothing. */
  ckpt_profile_launch_begin(NULL);
  ckpt_profile_phase_end(NULL, CKPT_PROFILE_WAIT);
  ckpt_profile_restart(NULL);
  ckpt_profile_add_device(NULL, 1);
  ckpt_profile_launch_end(NULL);

  CHECK_STR(ckpt_profile_phase_name(CKPT_PROFILE_ARGUMENTS), "arguments");
  CHECK_STR(ckpt_profile_phase_name(CKPT_PROFILE_READBACK), "readback");
  CHECK_STR(ckpt_profile_phase_name(CKPT_PROFILE_PHASE_COUNT), "?");
}

/* A launch to the end, then one that yields at label 10 and its resume: three launches,
 * the buffer checked after each. */
static void run_three(ckpt_kernel_t *kernel, embed_args_t *a, uint32_t *added) {
  ckpt_outcome_t outcome;
  CHECK_STATUS(ckpt_kernel_launch(kernel, a->args, &outcome), CKPT_OK);
  CHECK(!outcome.yielded);
  *added += 11;
  CHECK(embed_words_are(a->words, *added));
  a->flags[EMBED_FLAG_A] = 1;
  CHECK_STATUS(ckpt_kernel_launch(kernel, a->args, &outcome), CKPT_OK);
  CHECK(outcome.yielded && outcome.label == 10);
  *added += 1; /* checkpoint 10's task ran, then its check yielded */
  CHECK(embed_words_are(a->words, *added));
  a->flags[EMBED_FLAG_A] = 0;
  CHECK_STATUS(ckpt_kernel_resume(kernel, 10, a->args, &outcome), CKPT_OK);
  CHECK(!outcome.yielded);
  *added += 11;
  CHECK(embed_words_are(a->words, *added));
}

/* Runs the kernel off, on, reset and off again; `marked` lists the phases the target must
 * count. Returns the profile of the profiled run. */
static ckpt_kernel_profile_t check_target(ckpt_context_t *context, ckpt_kernel_t *kernel,
                                          const bool marked[CKPT_PROFILE_PHASE_COUNT]) {
  embed_args_t a;
  embed_args_init(&a);
  uint32_t added = 0;
  ckpt_kernel_profile_t profile;

  ckpt_context_set_profile(context, false);
  run_three(kernel, &a, &added);
  CHECK_STATUS(ckpt_kernel_profile(kernel, &profile), CKPT_OK);
  CHECK(all_zero(&profile));

  ckpt_context_set_profile(context, true);
  run_three(kernel, &a, &added);
  CHECK_STATUS(ckpt_kernel_profile(kernel, &profile), CKPT_OK);
  CHECK_EQ(profile.launch_count, 3);
  CHECK(profile.total_ns > 0);
  CHECK(phase_sum(&profile) <= profile.total_ns);
  for (int p = 0; p < CKPT_PROFILE_PHASE_COUNT; ++p) {
    if (marked[p]) {
      CHECK(profile.phase_count[p] >= 3);
    } else {
      CHECK_EQ(profile.phase_count[p], 0);
      CHECK_EQ(profile.phase_ns[p], 0);
    }
  }
  ckpt_kernel_profile_t result = profile;

  ckpt_kernel_profile_reset(kernel);
  CHECK_STATUS(ckpt_kernel_profile(kernel, &profile), CKPT_OK);
  CHECK(all_zero(&profile));
  ckpt_context_set_profile(context, false);
  run_three(kernel, &a, &added);
  CHECK_STATUS(ckpt_kernel_profile(kernel, &profile), CKPT_OK);
  CHECK(all_zero(&profile));

  CHECK_STATUS(ckpt_kernel_profile(kernel, NULL), CKPT_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(ckpt_kernel_profile(NULL, &profile), CKPT_ERROR_INVALID_ARGUMENT);
  ckpt_kernel_profile_reset(NULL);
  return result;
}

static void test_cpu(void) {
  ckpt_context_t *context = test_cpu_context();
  plan_builder_t builder;
  ckpt_kernel_t *kernel = test_create_kernel(context, embed_plan(&builder, NULL, 0));
  static const bool marked[CKPT_PROFILE_PHASE_COUNT] = {[CKPT_PROFILE_ARGUMENTS] = true};
  ckpt_kernel_profile_t profile = check_target(context, kernel, marked);
  CHECK_EQ(profile.device_count, 0);
  CHECK_EQ(profile.device_ns, 0);
  ckpt_context_destroy(context);
}

/* CKPT_PROFILE=1 at creation turns it on; "0" leaves it off. */
static void test_environment(void) {
  static const char *const values[] = {"1", "0"};
  for (int v = 0; v < 2; ++v) {
    setenv("CKPT_PROFILE", values[v], 1);
    ckpt_context_t *context = test_cpu_context();
    unsetenv("CKPT_PROFILE");
    plan_builder_t builder;
    ckpt_kernel_t *kernel = test_create_kernel(context, embed_plan(&builder, NULL, 0));
    embed_args_t a;
    embed_args_init(&a);
    ckpt_outcome_t outcome;
    CHECK_STATUS(ckpt_kernel_launch(kernel, a.args, &outcome), CKPT_OK);
    ckpt_kernel_profile_t profile;
    CHECK_STATUS(ckpt_kernel_profile(kernel, &profile), CKPT_OK);
    CHECK_EQ(profile.launch_count, v == 0 ? 1 : 0);
    ckpt_context_destroy(context);
  }
}

#ifdef CKPT_TEST_EMBED_SPIRV
/* `gating`: NULL as built, or CKPT_VULKAN_GATING's value. Host gating submits once per
 * checkpoint, so it has more device measurements than launches. */
static void check_vulkan(const char *gating) {
  if (gating) setenv("CKPT_VULKAN_GATING", gating, 1);
  ckpt_context_t *context = NULL;
  ckpt_status_code_t created = ckpt_context_create(CKPT_TARGET_VULKAN, &context);
  unsetenv("CKPT_VULKAN_GATING");
  if (created != CKPT_OK) {
    fprintf(stderr, "skipping Vulkan: %s\n", ckpt_context_last_error(context));
    ckpt_context_destroy(context);
    return;
  }
  plan_builder_t builder;
  ckpt_kernel_t *kernel =
      test_create_kernel(context, embed_plan(&builder, embed_task_spirv, sizeof(embed_task_spirv)));
  static const bool marked[CKPT_PROFILE_PHASE_COUNT] = {
      [CKPT_PROFILE_ARGUMENTS] = true, [CKPT_PROFILE_RECORD] = true,
      [CKPT_PROFILE_UPLOAD] = true,    [CKPT_PROFILE_SUBMIT] = true,
      [CKPT_PROFILE_WAIT] = true,      [CKPT_PROFILE_READBACK] = true,
  };
  ckpt_kernel_profile_t profile = check_target(context, kernel, marked);
  const ckpt_vulkan_backend_t *backend = (const ckpt_vulkan_backend_t *)context->backend;
  fprintf(stderr, "Vulkan device %s (gating %s): timestamps %s\n",
          backend->properties.deviceName, gating ? gating : "as built",
          backend->timestamps_supported > 0 ? "yes" : "no");
  /* lavapipe has timestamps on its one queue; a device that has none says so. */
  if (strstr(backend->properties.deviceName, "llvmpipe"))
    CHECK_EQ(backend->timestamps_supported, 1);
  if (backend->timestamps_supported > 0) {
    CHECK(profile.device_count >= (gating ? 4 : 3));
    CHECK(profile.device_ns > 0);
    CHECK(profile.device_count == profile.phase_count[CKPT_PROFILE_SUBMIT]);
  } else {
    CHECK_EQ(profile.device_count, 0);
  }
  ckpt_context_destroy(context);
}
#endif

static void test_vulkan_conditional(void) {
#ifdef CKPT_TEST_EMBED_SPIRV
  check_vulkan(NULL);
#endif
}

static void test_vulkan_host_gating(void) {
#ifdef CKPT_TEST_EMBED_SPIRV
  check_vulkan("host");
#endif
}

int main(void) {
  unsetenv("CKPT_PROFILE");
  TEST_RUN(test_bookkeeping);
  TEST_RUN(test_cpu);
  TEST_RUN(test_environment);
  TEST_RUN(test_vulkan_conditional);
  TEST_RUN(test_vulkan_host_gating);
  return test_report();
}
