/* ckpt/dlpack.h (runtime/core/dlpack.c): DLPack tensors as memref arguments on the CPU
 * target: a compact tensor and a strided view run the kernel and land in the right
 * elements; every refusal (parameter, rank, dtype, device, strides, offset) names what the
 * kernel expects and what the tensor has. Where the build has Vulkan and the machine a
 * device, a host tensor runs the same kernel there (mirrored) and a kDLVulkan one is
 * refused. The CUDA target's device tensors are in test_cuda_async. */
#include "ckpt/dlpack.h"
#include "embed_world.h"
#include "test_util.h"
#ifdef CKPT_TEST_EMBED_SPIRV
#include "embed_task.spv.h"
#endif

typedef struct tensor_t {
  DLManagedTensor managed;
  int64_t shape[2], strides[2];
} tensor_t;

static void tensor_init(tensor_t *t, void *data, int64_t size) {
  memset(t, 0, sizeof(*t));
  t->shape[0] = size;
  t->managed.dl_tensor = (DLTensor){
      .data = data,
      .device = {kDLCPU, 0},
      .ndim = 1,
      .dtype = {kDLInt, 32, 1},
      .shape = t->shape,
      .strides = NULL,
      .byte_offset = 0,
  };
}

typedef struct fixture_t {
  ckpt_context_t *context;
  ckpt_kernel_t *kernel;
  plan_builder_t builder;
} fixture_t;

static void fixture_start(fixture_t *f) {
  f->context = test_cpu_context();
  f->kernel = test_create_kernel(f->context, embed_plan(&f->builder, NULL, 0));
}

/* A compact int32 tensor and a uint32 one stand for memref<16xi32>; the launch writes
 * through them. */
static void test_dlpack_compact_tensor_runs(void) {
  fixture_t f;
  fixture_start(&f);
  CHECK(ckpt_dlpack_supported());
  uint32_t words[EMBED_WORDS];
  for (int i = 0; i < EMBED_WORDS; ++i) words[i] = (uint32_t)i;
  tensor_t t;
  tensor_init(&t, words, EMBED_WORDS);
  ckpt_dlpack_memref_t buffer;
  CHECK_STATUS(ckpt_dlpack_to_memref(f.kernel, EMBED_BUFFER, &t.managed, 0, &buffer), CKPT_OK);
  CHECK(buffer.aligned == words && buffer.offset == 0);
  CHECK_EQ(buffer.words[0], EMBED_WORDS); /* size */
  CHECK_EQ(buffer.words[1], 1);           /* stride */
  embed_args_t a;
  embed_args_init(&a);
  a.args[EMBED_BUFFER] = &buffer;
  ckpt_outcome_t outcome;
  CHECK_STATUS(ckpt_kernel_launch(f.kernel, a.args, &outcome), CKPT_OK);
  CHECK(embed_words_are(words, 11));
  t.managed.dl_tensor.dtype.code = kDLUInt;
  CHECK_STATUS(ckpt_dlpack_to_memref(f.kernel, EMBED_BUFFER, &t.managed, 0, &buffer), CKPT_OK);
  ckpt_context_destroy(f.context);
}

/* Every other word of a 2 * 16 buffer, from word 2 (byte_offset 8): with
 * CKPT_DLPACK_ALLOW_STRIDED the kernel updates exactly those. */
static void test_dlpack_strided_view(void) {
  fixture_t f;
  fixture_start(&f);
  uint32_t words[2 * EMBED_WORDS + 2] = {0};
  tensor_t t;
  tensor_init(&t, words, EMBED_WORDS);
  t.strides[0] = 2;
  t.managed.dl_tensor.strides = t.strides;
  t.managed.dl_tensor.byte_offset = 8;
  ckpt_dlpack_memref_t buffer;
  CHECK_STATUS(ckpt_dlpack_to_memref(f.kernel, EMBED_BUFFER, &t.managed, 0, &buffer),
               CKPT_ERROR_INVALID_ARGUMENT);
  CHECK_STR(ckpt_context_last_error(f.context),
            "the tensor for parameter 2 of kernel 'embed' has stride 2 in dimension 0 where a "
            "compact row-major tensor has 1; make it contiguous, or pass "
            "CKPT_DLPACK_ALLOW_STRIDED if the kernel's memref has a strided layout");
  CHECK_STATUS(ckpt_dlpack_to_memref(f.kernel, EMBED_BUFFER, &t.managed,
                                     CKPT_DLPACK_ALLOW_STRIDED, &buffer),
               CKPT_OK);
  CHECK_EQ(buffer.offset, 2);
  embed_args_t a;
  embed_args_init(&a);
  a.args[EMBED_BUFFER] = &buffer;
  ckpt_outcome_t outcome;
  CHECK_STATUS(ckpt_kernel_launch(f.kernel, a.args, &outcome), CKPT_OK);
  for (int i = 0; i < 2 * EMBED_WORDS + 2; ++i)
    CHECK_EQ(words[i], i >= 2 && i % 2 == 0 ? 11u : 0u);
  ckpt_context_destroy(f.context);
}

static void expect_refused(fixture_t *f, int64_t param, const tensor_t *t, const char *message) {
  ckpt_dlpack_memref_t buffer;
  CHECK_STATUS(ckpt_dlpack_to_memref(f->kernel, param, &t->managed, 0, &buffer),
               CKPT_ERROR_INVALID_ARGUMENT);
  CHECK_STR(ckpt_context_last_error(f->context), message);
}

static void test_dlpack_refusals(void) {
  fixture_t f;
  fixture_start(&f);
  uint32_t words[EMBED_WORDS];
  tensor_t t;
  tensor_init(&t, words, EMBED_WORDS);
  expect_refused(&f, 5, &t, "kernel 'embed' has 3 parameters (0 to 2); there is no parameter 5");
  expect_refused(&f, EMBED_FLAG_A, &t,
                 "parameter 0 of kernel 'embed' is a memref of rank 0 but the tensor has 1 "
                 "dimensions; reshape it");
  t.managed.dl_tensor.dtype = (DLDataType){kDLFloat, 32, 1};
  expect_refused(&f, EMBED_BUFFER, &t,
                 "parameter 2 of kernel 'embed' has 32-bit integer elements but the tensor's "
                 "dtype is float32 (lanes 1); convert the tensor");
  t.managed.dl_tensor.dtype = (DLDataType){kDLInt, 64, 1};
  expect_refused(&f, EMBED_BUFFER, &t,
                 "parameter 2 of kernel 'embed' has 32-bit integer elements but the tensor's "
                 "dtype is int64 (lanes 1); convert the tensor");
  t.managed.dl_tensor.dtype = (DLDataType){kDLInt, 32, 4};
  expect_refused(&f, EMBED_BUFFER, &t,
                 "parameter 2 of kernel 'embed' has 32-bit integer elements but the tensor's "
                 "dtype is int32 (lanes 4); convert the tensor");
  t.managed.dl_tensor.dtype = (DLDataType){kDLInt, 32, 1};
  t.managed.dl_tensor.device = (DLDevice){kDLCUDA, 0};
  expect_refused(&f, EMBED_BUFFER, &t,
                 "the tensor for parameter 2 of kernel 'embed' lives on kDLCUDA (device type 2) "
                 "but the context's target is cpu, which takes host memory (kDLCPU, "
                 "kDLCUDAHost, kDLROCMHost)");
  t.managed.dl_tensor.device = (DLDevice){kDLCUDAHost, 0};
  ckpt_dlpack_memref_t buffer;
  CHECK_STATUS(ckpt_dlpack_to_memref(f.kernel, EMBED_BUFFER, &t.managed, 0, &buffer), CKPT_OK);
  t.managed.dl_tensor.byte_offset = 6;
  expect_refused(&f, EMBED_BUFFER, &t,
                 "the tensor for parameter 2 of kernel 'embed' starts 6 bytes into its data, not "
                 "a whole number of 4-byte elements");
  t.managed.dl_tensor.byte_offset = 0;
  t.strides[0] = -1;
  t.managed.dl_tensor.strides = t.strides;
  CHECK_STATUS(ckpt_dlpack_to_memref(f.kernel, EMBED_BUFFER, &t.managed, CKPT_DLPACK_ALLOW_STRIDED,
                                     &buffer),
               CKPT_ERROR_INVALID_ARGUMENT);
  CHECK_STR(ckpt_context_last_error(f.context),
            "the tensor for parameter 2 of kernel 'embed' has stride -1 in dimension 0 where a "
            "compact row-major tensor has 1; ckpt takes positive strides only: make the tensor "
            "contiguous");
  /* Explicit compact strides, and any stride on a dimension of size 1, are fine. */
  t.strides[0] = 1;
  CHECK_STATUS(ckpt_dlpack_to_memref(f.kernel, EMBED_BUFFER, &t.managed, 0, &buffer), CKPT_OK);
  t.shape[0] = 1;
  t.strides[0] = 7;
  CHECK_STATUS(ckpt_dlpack_to_memref(f.kernel, EMBED_BUFFER, &t.managed, 0, &buffer), CKPT_OK);
  CHECK_STATUS(ckpt_dlpack_to_memref(f.kernel, EMBED_BUFFER, NULL, 0, &buffer),
               CKPT_ERROR_INVALID_ARGUMENT);
  CHECK_STR(ckpt_context_last_error(f.context),
            "ckpt_dlpack_to_memref for kernel 'embed' got a NULL tensor");
  CHECK_STATUS(ckpt_dlpack_to_memref(NULL, EMBED_BUFFER, &t.managed, 0, &buffer),
               CKPT_ERROR_INVALID_ARGUMENT);
  ckpt_context_destroy(f.context);
}

/* A host tensor on the Vulkan target: the runtime mirrors it into device memory, runs
 * both checkpoints' tasks there, and copies the words back into the tensor. A tensor the
 * framework says is Vulkan memory is refused: DLPack does not define what its pointer is. */
static void test_dlpack_on_vulkan(void) {
#ifdef CKPT_TEST_EMBED_SPIRV
  ckpt_context_t *context = NULL;
  if (ckpt_context_create(CKPT_TARGET_VULKAN, &context) != CKPT_OK) {
    printf("  vulkan: skipped (%s)\n", ckpt_context_last_error(context));
    ckpt_context_destroy(context);
    return;
  }
  plan_builder_t builder;
  ckpt_kernel_t *kernel = test_create_kernel(
      context, embed_plan(&builder, embed_task_spirv, sizeof(embed_task_spirv)));
  /* The tensor starts at words[1]; the task shader indexes from the bound pointer and
   * ignores layout offsets, so the tensor has none. */
  uint32_t words[EMBED_WORDS + 2];
  for (int i = 0; i < EMBED_WORDS; ++i) words[i + 1] = (uint32_t)i;
  words[0] = 77;
  words[EMBED_WORDS + 1] = 78;
  tensor_t t;
  tensor_init(&t, words + 1, EMBED_WORDS);
  ckpt_dlpack_memref_t buffer;
  CHECK_STATUS(ckpt_dlpack_to_memref(kernel, EMBED_BUFFER, &t.managed, 0, &buffer), CKPT_OK);
  embed_args_t a;
  embed_args_init(&a);
  a.args[EMBED_BUFFER] = &buffer;
  ckpt_outcome_t outcome;
  CHECK_STATUS(ckpt_kernel_launch(kernel, a.args, &outcome), CKPT_OK);
  CHECK(!outcome.yielded);
  CHECK(embed_words_are(words + 1, 11));
  CHECK_EQ(words[0], 77u);
  CHECK_EQ(words[EMBED_WORDS + 1], 78u);
  t.managed.dl_tensor.device = (DLDevice){kDLVulkan, 0};
  CHECK_STATUS(ckpt_dlpack_to_memref(kernel, EMBED_BUFFER, &t.managed, 0, &buffer),
               CKPT_ERROR_INVALID_ARGUMENT);
  CHECK_STR(ckpt_context_last_error(context),
            "the tensor for parameter 2 of kernel 'embed' lives on kDLVulkan (device type 7) "
            "but the context's target is vulkan, which takes host memory (kDLCPU, "
            "kDLCUDAHost, kDLROCMHost), which the runtime mirrors; DLPack does not say what a "
            "kDLVulkan pointer is");
  ckpt_context_destroy(context);
#else
  printf("  vulkan: not built\n");
#endif
}

int main(void) {
  TEST_RUN(test_dlpack_compact_tensor_runs);
  TEST_RUN(test_dlpack_strided_view);
  TEST_RUN(test_dlpack_refusals);
  TEST_RUN(test_dlpack_on_vulkan);
  return test_report();
}
