/* What the Vulkan backend reads from SPIR-V (runtime/vulkan/vulkan_spirv.c) and how it
 * names Vulkan failures (vulkan_api.c); no device needed. The modules under test are the
 * runtime's own shaders, compiled at build time. */
#include "vulkan/vulkan_spirv.h"

#include "core/context.h"
#include "test_util.h"
#include "vulkan/vulkan_api.h"
#include "vulkan/vulkan_shaders.h"

#define control_words (ckpt_vulkan_control_spirv_size / sizeof(uint32_t))

static void test_local_size_of_an_entry_point(void) {
  const uint32_t *modules[3] = {ckpt_vulkan_control_spirv, ckpt_vulkan_yield_spirv,
                                ckpt_vulkan_queue_spirv};
  size_t word_counts[3] = {control_words, ckpt_vulkan_yield_spirv_size / sizeof(uint32_t),
                           ckpt_vulkan_queue_spirv_size / sizeof(uint32_t)};
  /* The control and queue steps spread a group's tasks over 64 invocations. */
  const uint32_t widths[3] = {64, 1, 64};
  for (int m = 0; m < 3; ++m) {
    uint32_t size[3] = {0, 0, 0};
    const char *problem = NULL;
    CHECK(ckpt_vulkan_spirv_local_size(modules[m], word_counts[m], "main", size, &problem));
    CHECK_EQ(size[0], widths[m]);
    CHECK_EQ(size[1], 1);
    CHECK_EQ(size[2], 1);
  }
}

static void test_missing_entry_point(void) {
  uint32_t size[3];
  const char *problem = NULL;
  CHECK(!ckpt_vulkan_spirv_local_size(ckpt_vulkan_control_spirv, control_words, "mai", size,
                                      &problem));
  CHECK_CONTAINS(problem, "no GLCompute entry point");
  CHECK(!ckpt_vulkan_spirv_local_size(ckpt_vulkan_control_spirv, control_words, "main_kernel",
                                      size, &problem));
}

static void test_malformed_modules(void) {
  uint32_t size[3];
  const char *problem = NULL;
  uint32_t words[64];
  memcpy(words, ckpt_vulkan_control_spirv, sizeof(words));
  words[0] = 0x03022307; /* byte-swapped magic */
  CHECK(!ckpt_vulkan_spirv_local_size(words, 64, "main", size, &problem));
  CHECK_CONTAINS(problem, "not a SPIR-V module");
  CHECK(!ckpt_vulkan_spirv_local_size(ckpt_vulkan_control_spirv, 3, "main", size, &problem));
  /* Cut in the middle of an instruction. */
  CHECK(!ckpt_vulkan_spirv_local_size(ckpt_vulkan_control_spirv, 9, "main", size, &problem));
  CHECK_CONTAINS(problem, "truncated");
  /* An instruction claiming zero words must not loop for ever. */
  memcpy(words, ckpt_vulkan_control_spirv, sizeof(words));
  words[5] = 0;
  CHECK(!ckpt_vulkan_spirv_local_size(words, 64, "main", size, &problem));
}

static void test_result_names(void) {
  CHECK_STR(ckpt_vulkan_result_name(VK_ERROR_OUT_OF_DEVICE_MEMORY), "VK_ERROR_OUT_OF_DEVICE_MEMORY");
  CHECK_STR(ckpt_vulkan_result_name(VK_ERROR_DEVICE_LOST), "VK_ERROR_DEVICE_LOST");
  CHECK_STR(ckpt_vulkan_result_name((VkResult)-12345), "an unknown VkResult");
  ckpt_context_t *context = test_cpu_context();
  CHECK_STATUS(ckpt_vulkan_fail(context, "vkCreateComputePipelines",
                                VK_ERROR_OUT_OF_DEVICE_MEMORY, "kernel 'k'"),
               CKPT_ERROR_BACKEND);
  CHECK_STR(ckpt_context_last_error(context),
            "vkCreateComputePipelines failed: VK_ERROR_OUT_OF_DEVICE_MEMORY (-2); kernel 'k'");
  ckpt_context_destroy(context);
}

int main(void) {
  TEST_RUN(test_local_size_of_an_entry_point);
  TEST_RUN(test_missing_entry_point);
  TEST_RUN(test_malformed_modules);
  TEST_RUN(test_result_names);
  return test_report();
}
