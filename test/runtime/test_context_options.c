/* ckpt_context_create_with_options (runtime/core/options.c): defaults, the combinations
 * refused before any backend starts (each message names the field and the fix), and a
 * CPU context made from options running a kernel. Backend-side checks of the caller's
 * handles are in test_vulkan_embed.c (lavapipe). */
#include "ckpt/ckpt.h"
#include "embed_world.h"
#include "test_util.h"

static void test_options_defaults(void) {
  ckpt_context_options_t options;
  memset(&options, 0x5a, sizeof(options));
  ckpt_context_options_init(&options, CKPT_TARGET_VULKAN);
  CHECK_EQ(options.struct_size, sizeof(options));
  CHECK_EQ(options.target, CKPT_TARGET_VULKAN);
  CHECK_EQ(options.device_index, -1);
  CHECK_EQ(options.cpu_thread_count, 0);
  CHECK(!options.cuda.context && !options.cuda.stream && !options.hip.stream);
  CHECK(!options.vulkan.instance && !options.vulkan.device && !options.vulkan.physical_device);
  CHECK_EQ(options.vulkan.queue_family_index, 0);
  CHECK(!options.vulkan.conditional_rendering_enabled);
}

static void expect_refused(const ckpt_context_options_t *options, const char *message) {
  ckpt_context_t *context = NULL;
  CHECK_STATUS(ckpt_context_create_with_options(options, &context), CKPT_ERROR_INVALID_ARGUMENT);
  CHECK(context != NULL);
  CHECK_STR(ckpt_context_last_error(context), message);
  /* The context carries only the error. */
  plan_builder_t builder;
  ckpt_kernel_t *kernel = NULL;
  CHECK_STATUS(ckpt_kernel_create(context, embed_plan(&builder, NULL, 0), &kernel),
               CKPT_ERROR_UNAVAILABLE);
  ckpt_context_destroy(context);
}

static int fake_handle[3]; /* never dereferenced: refused before any backend starts */

static void test_options_refused(void) {
  ckpt_context_options_t o;
  ckpt_context_options_init(&o, CKPT_TARGET_CPU);
  o.struct_size = 8;
  char expected[256];
  snprintf(expected, sizeof(expected),
           "options.struct_size is 8 but this runtime's ckpt_context_options_t has %zu bytes; "
           "fill the options with ckpt_context_options_init from the ckpt/ckpt.h this runtime "
           "was built with",
           sizeof(ckpt_context_options_t));
  expect_refused(&o, expected);

  ckpt_context_options_init(&o, CKPT_TARGET_CPU);
  o.cuda.stream = &fake_handle[0];
  expect_refused(&o, "options.cuda is set but options.target is cpu; set target to "
                     "CKPT_TARGET_CUDA or clear the cuda fields");

  ckpt_context_options_init(&o, CKPT_TARGET_VULKAN);
  o.hip.stream = &fake_handle[0];
  expect_refused(&o, "options.hip.stream is set but options.target is vulkan; set target to "
                     "CKPT_TARGET_HIP or clear it");

  ckpt_context_options_init(&o, CKPT_TARGET_CUDA);
  o.vulkan.device = &fake_handle[0];
  expect_refused(&o, "options.vulkan is set but options.target is cuda; set target to "
                     "CKPT_TARGET_VULKAN or clear the vulkan fields");

  ckpt_context_options_init(&o, CKPT_TARGET_CUDA);
  o.cuda.stream = &fake_handle[0];
  expect_refused(&o, "options.cuda.stream is set without options.cuda.context; pass the "
                     "CUcontext the stream was created in");

  ckpt_context_options_init(&o, CKPT_TARGET_CUDA);
  o.cuda.context = &fake_handle[0];
  o.device_index = 0;
  expect_refused(&o, "options.device_index is 0 but options.cuda.context already names the "
                     "device; leave device_index -1");

  ckpt_context_options_init(&o, CKPT_TARGET_VULKAN);
  o.vulkan.instance = &fake_handle[0];
  o.vulkan.device = &fake_handle[2];
  expect_refused(&o, "options.vulkan.physical_device is NULL but other Vulkan handles are set; "
                     "pass instance, physical_device and device together (or none, for a "
                     "device of ckpt's own)");

  ckpt_context_options_init(&o, CKPT_TARGET_VULKAN);
  o.vulkan.queue_index = 1;
  expect_refused(&o, "options.vulkan has a queue, conditional_rendering_enabled or "
                     "get_instance_proc_addr but no device; they describe a device of yours: "
                     "set vulkan.instance, vulkan.physical_device and vulkan.device too, or "
                     "clear them");

  ckpt_context_options_init(&o, CKPT_TARGET_VULKAN);
  o.vulkan.instance = &fake_handle[0];
  o.vulkan.physical_device = &fake_handle[1];
  o.vulkan.device = &fake_handle[2];
  o.device_index = 1;
  expect_refused(&o, "options.device_index is 1 but options.vulkan.physical_device already "
                     "names the device; leave device_index -1");

  ckpt_context_options_init(&o, CKPT_TARGET_HIP);
  o.device_index = -2;
  expect_refused(&o, "options.device_index is -2; use a device index (0, 1, ...) or -1 for the "
                     "default");

  ckpt_context_options_init(&o, CKPT_TARGET_CPU);
  o.cpu_thread_count = -1;
  expect_refused(&o, "options.cpu_thread_count is -1; use a thread count or 0 for the default "
                     "(CKPT_CPU_THREADS, else every core)");

  ckpt_context_options_init(&o, CKPT_TARGET_CPU);
  o.device_index = 0;
  expect_refused(&o, "options.device_index is 0 but the CPU target has no devices; leave it -1");
}

static void test_options_null(void) {
  ckpt_context_t *context = (ckpt_context_t *)&fake_handle[0];
  CHECK_STATUS(ckpt_context_create_with_options(NULL, &context), CKPT_ERROR_INVALID_ARGUMENT);
  CHECK(context == NULL);
  ckpt_context_options_t o;
  ckpt_context_options_init(&o, CKPT_TARGET_CPU);
  CHECK_STATUS(ckpt_context_create_with_options(&o, NULL), CKPT_ERROR_INVALID_ARGUMENT);
  ckpt_context_options_init(NULL, CKPT_TARGET_CPU); /* a no-op */
}

static void test_options_cpu_context_runs(void) {
  ckpt_context_options_t o;
  ckpt_context_options_init(&o, CKPT_TARGET_CPU);
  o.cpu_thread_count = 2;
  ckpt_context_t *context = NULL;
  CHECK_STATUS(ckpt_context_create_with_options(&o, &context), CKPT_OK);
  CHECK_EQ(ckpt_context_target(context), CKPT_TARGET_CPU);
  plan_builder_t builder;
  ckpt_kernel_t *kernel = NULL;
  CHECK_STATUS(ckpt_kernel_create(context, embed_plan(&builder, NULL, 0), &kernel), CKPT_OK);
  embed_args_t a;
  embed_args_init(&a);
  a.flags[1] = 1;
  ckpt_outcome_t outcome;
  CHECK_STATUS(ckpt_kernel_launch(kernel, a.args, &outcome), CKPT_OK);
  CHECK(outcome.yielded);
  CHECK_EQ(outcome.label, 20);
  CHECK(embed_words_are(a.words, 11));
  ckpt_context_destroy(context);
}

/* The option wins over CKPT_CPU_THREADS, even a malformed one, and is range-checked. */
static void test_options_cpu_thread_count(void) {
  setenv("CKPT_CPU_THREADS", "abc", 1);
  ckpt_context_options_t o;
  ckpt_context_options_init(&o, CKPT_TARGET_CPU);
  ckpt_context_t *context = NULL;
  CHECK_STATUS(ckpt_context_create_with_options(&o, &context), CKPT_ERROR_INVALID_ARGUMENT);
  CHECK_CONTAINS(ckpt_context_last_error(context), "CKPT_CPU_THREADS is 'abc'");
  ckpt_context_destroy(context);
  o.cpu_thread_count = 3;
  CHECK_STATUS(ckpt_context_create_with_options(&o, &context), CKPT_OK);
  ckpt_context_destroy(context);
  unsetenv("CKPT_CPU_THREADS");
  o.cpu_thread_count = 5000;
  CHECK_STATUS(ckpt_context_create_with_options(&o, &context), CKPT_ERROR_INVALID_ARGUMENT);
  CHECK_CONTAINS(ckpt_context_last_error(context),
                 "CPU thread count 5000 is out of range; give 1 to 1024, or 0 for one thread per "
                 "core");
  ckpt_context_destroy(context);
}

int main(void) {
  TEST_RUN(test_options_defaults);
  TEST_RUN(test_options_refused);
  TEST_RUN(test_options_null);
  TEST_RUN(test_options_cpu_context_runs);
  TEST_RUN(test_options_cpu_thread_count);
  return test_report();
}
