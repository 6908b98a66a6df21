/* A framework that owns the GPU hands ckpt its CUDA context, its stream and its tensors,
 * queues many steps of a graph kernel without a round trip each, and acts only when a
 * step yields. `step_plan` is the plan your compiler emitted for
 *
 *   func.func @step(%overflow: memref<i32>, %x: memref<?xf32>) attributes {ckpt.graph, ...}
 *
 * (docs/integration.md, "If you do your own lowering"): parameter 0 is the yield flag of
 * the checkpoint labelled 1, parameter 1 the particles. Build:
 *   cc -std=c11 framework_cuda.c step_plan.o -I/usr/local/cuda/include -lckpt_runtime -lcuda
 */
#include <cuda.h>
#include <dlpack/dlpack.h>
#include <stdio.h>
#include <stdlib.h>

#include <ckpt/ckpt.h>
#include <ckpt/dlpack.h>

extern const ckpt_plan_t step_plan;

enum { STEPS = 100, OVERFLOW_LABEL = 1 };

#define CU(call)                                                 \
  do {                                                           \
    CUresult result_ = (call);                                   \
    if (result_ != CUDA_SUCCESS) {                               \
      fprintf(stderr, "%s failed: %d\n", #call, (int)result_);   \
      exit(1);                                                   \
    }                                                            \
  } while (0)

static int fail(ckpt_context_t *context, const char *what) {
  fprintf(stderr, "%s: %s\n", what, ckpt_context_last_error(context));
  return 1;
}

int main(void) {
  /* The framework's own device, context, stream and tensor. */
  CUdevice device;
  CUcontext cu_context;
  CUstream stream;
  CU(cuInit(0));
  CU(cuDeviceGet(&device, 0));
  CU(cuDevicePrimaryCtxRetain(&cu_context, device));
  CU(cuCtxSetCurrent(cu_context));
  CU(cuStreamCreate(&stream, CU_STREAM_NON_BLOCKING));
  int64_t count = 1 << 20;
  CUdeviceptr particles;
  CU(cuMemAlloc(&particles, (size_t)count * sizeof(float)));
  CU(cuMemsetD32Async(particles, 0, (size_t)count, stream)); /* framework work before ckpt's */
  DLManagedTensor tensor = {
      .dl_tensor = {.data = (void *)(uintptr_t)particles,
                    .device = {kDLCUDA, 0},
                    .ndim = 1,
                    .dtype = {kDLFloat, 32, 1},
                    .shape = &count},
  };

  /* ckpt on that context and stream: its work is ordered with the framework's. */
  ckpt_context_options_t options;
  ckpt_context_options_init(&options, CKPT_TARGET_CUDA);
  options.cuda.context = cu_context;
  options.cuda.stream = stream;
  ckpt_context_t *context = NULL;
  if (ckpt_context_create_with_options(&options, &context) != CKPT_OK)
    return fail(context, "context");
  ckpt_kernel_t *step = NULL;
  if (ckpt_kernel_create(context, &step_plan, &step) != CKPT_OK) return fail(context, "kernel");

  /* Arguments: the flag in host memory (the runtime reads it after the checkpoint), the
   * tensor in device memory (used in place: no copy). Descriptors are copied when a launch
   * is queued, so one set serves every step. */
  int32_t overflow = 0;
  struct { int32_t *allocated, *aligned; int64_t offset; } flag = {&overflow, &overflow, 0};
  ckpt_dlpack_memref_t x;
  if (ckpt_dlpack_to_memref(step, 1, &tensor, 0, &x) != CKPT_OK) return fail(context, "tensor");
  void *args[2] = {&flag, &x};

  /* Queue every step left and wait once, on the last. When a step yields (the last
   * itself, or one before it, behind which the rest were skipped and ran nothing), act,
   * then queue again from a resume of that step. */
  int done = 0, resume = 0;
  while (done < STEPS) {
    int batch = STEPS - done;
    ckpt_launch_t *launches[STEPS];
    for (int i = 0; i < batch; ++i) {
      ckpt_status_code_t code =
          i == 0 && resume ? ckpt_kernel_resume_async(step, OVERFLOW_LABEL, args, &launches[i])
                           : ckpt_kernel_launch_async(step, args, &launches[i]);
      if (code != CKPT_OK) return fail(context, "launch");
    }
    uint64_t first = ckpt_launch_id(launches[0]);
    ckpt_launch_outcome_t last;
    if (ckpt_launch_wait(launches[batch - 1], &last) != CKPT_OK) return fail(context, "wait");
    for (int i = 0; i < batch; ++i) ckpt_launch_release(launches[i]);
    if (last.ran && !last.outcome.yielded) break;
    uint64_t yielded = last.ran ? first + (uint64_t)batch - 1 : last.yielded_launch;
    done += (int)(yielded - first); /* the steps before it are finished */
    printf("step %d overflowed (label %d): growing, then resuming it\n", done, OVERFLOW_LABEL);
    /* ... grow what overflowed (a new tensor: ckpt_dlpack_to_memref again) ... */
    overflow = 0;
    resume = 1;
  }

  /* Framework work after ckpt's, on the same stream, sees its results. */
  ckpt_context_destroy(context); /* waits for the queue; leaves the stream and context */
  CU(cuStreamSynchronize(stream));
  CU(cuMemFree(particles));
  CU(cuStreamDestroy(stream));
  CU(cuDevicePrimaryCtxRelease(device));
  return 0;
}
