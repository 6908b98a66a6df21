/* The CUDA backend of a runtime built where nvcc was missing: it cannot compile its gating
 * kernels, so it reports itself unavailable instead of failing at the first launch. */
#include "core/backend.h"
#include "core/context.h"
#include "core/registry.h"

static ckpt_status_code_t ckpt_cuda_backend_create(ckpt_context_t *context,
                                                   ckpt_backend_t **out_backend) {
  *out_backend = NULL;
  return ckpt_context_fail(context, CKPT_ERROR_UNAVAILABLE,
                           "the ckpt runtime was built without nvcc, which compiles the CUDA "
                           "backend's gating kernels; install the CUDA toolkit's nvcc, "
                           "reconfigure and rebuild");
}

const ckpt_backend_factory_t ckpt_cuda_backend_factory = {
    .name = "cuda",
    .target = CKPT_TARGET_CUDA,
    .try_create = ckpt_cuda_backend_create,
};
