/* What the Vulkan backend reads from SPIR-V (runtime/vulkan/vulkan_spirv.c: entry points,
 * workgroup sizes, capabilities) and how it names Vulkan failures (vulkan_api.c); no
 * device needed. The modules under test are the
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

/* A module's header and `n` OpCapability instructions, then an OpMemoryModel. */
static size_t module_with_capabilities(uint32_t *words, const uint32_t *capabilities, size_t n) {
  size_t at = 0;
  const uint32_t header[5] = {0x07230203u, 0x00010000u, 0, 16, 0};
  for (size_t i = 0; i < 5; ++i)
    words[at++] = header[i];
  for (size_t i = 0; i < n; ++i) {
    words[at++] = (2u << 16) | 17u; /* OpCapability */
    words[at++] = capabilities[i];
  }
  words[at++] = (3u << 16) | 14u; /* OpMemoryModel Logical GLSL450 */
  words[at++] = 0;
  words[at++] = 1;
  return at;
}

static void test_capabilities(void) {
  uint32_t caps[4];
  size_t count = 99;
  const char *problem = NULL;
  /* The runtime's own shaders declare Shader (1) first. */
  CHECK(ckpt_vulkan_spirv_capabilities(ckpt_vulkan_control_spirv, control_words, caps, 4, &count,
                                       &problem));
  CHECK(count >= 1);
  CHECK_EQ(caps[0], 1);
  /* Float16, StorageBuffer16BitAccess, Int64, in order; only as many as asked are kept. */
  uint32_t words[32];
  const uint32_t declared[3] = {9, 4433, 11};
  size_t word_count = module_with_capabilities(words, declared, 3);
  CHECK(ckpt_vulkan_spirv_capabilities(words, word_count, caps, 4, &count, &problem));
  CHECK_EQ(count, 3);
  CHECK_EQ(caps[0], 9);
  CHECK_EQ(caps[1], 4433);
  CHECK_EQ(caps[2], 11);
  caps[1] = 0;
  CHECK(ckpt_vulkan_spirv_capabilities(words, word_count, caps, 1, &count, &problem));
  CHECK_EQ(count, 3);
  CHECK_EQ(caps[0], 9);
  CHECK_EQ(caps[1], 0);
  /* None declared. */
  word_count = module_with_capabilities(words, declared, 0);
  CHECK(ckpt_vulkan_spirv_capabilities(words, word_count, caps, 4, &count, &problem));
  CHECK_EQ(count, 0);
  /* Malformed: bad magic, cut inside a capability, a zero-length instruction. */
  word_count = module_with_capabilities(words, declared, 3);
  words[0] = 0x03022307;
  CHECK(!ckpt_vulkan_spirv_capabilities(words, word_count, caps, 4, &count, &problem));
  CHECK_CONTAINS(problem, "not a SPIR-V module");
  words[0] = 0x07230203u;
  CHECK(!ckpt_vulkan_spirv_capabilities(words, 6, caps, 4, &count, &problem));
  CHECK_CONTAINS(problem, "truncated");
  words[7] = 0;
  CHECK(!ckpt_vulkan_spirv_capabilities(words, word_count, caps, 4, &count, &problem));
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
  TEST_RUN(test_capabilities);
  TEST_RUN(test_result_names);
  return test_report();
}
