/* DLPack tensors as kernel arguments: the way PyTorch, JAX and CuPy hand out tensors
 * (DLManagedTensor, <dlpack/dlpack.h>; Debian: libdlpack-dev). Built into the runtime
 * when the build found dlpack.h (ckpt_dlpack_supported says whether it did).
 *
 *   ckpt_dlpack_memref_t x;
 *   ckpt_dlpack_to_memref(kernel, 2, tensor, 0, &x);   // checks, then fills x
 *   args[2] = &x;                                       // the descriptor MLIR expects
 *
 * Nothing is copied: the memref points at the tensor's data. The tensor stays the
 * caller's (call its deleter when every launch using it is done). */
#ifndef CKPT_DLPACK_H
#define CKPT_DLPACK_H

#include <dlpack/dlpack.h>

#include "ckpt/ckpt.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CKPT_DLPACK_MAX_RANK 16

/* Storage for an MLIR memref descriptor of rank <= CKPT_DLPACK_MAX_RANK: allocated and
 * aligned pointers, offset (in elements), then `rank` sizes and `rank` strides (in
 * elements) in words[]; args[i] points at it. */
typedef struct ckpt_dlpack_memref_t {
  void *allocated;
  void *aligned;
  int64_t offset;
  int64_t words[2 * CKPT_DLPACK_MAX_RANK];
} ckpt_dlpack_memref_t;

enum {
  /* Accept any positive strides (a transposed or sliced view). Without it the tensor must
   * be compact row-major, the layout a memref with the identity layout assumes. */
  CKPT_DLPACK_ALLOW_STRIDED = 1,
};

/* Whether this runtime was built with DLPack support; when not, ckpt_dlpack_to_memref
 * is CKPT_ERROR_UNAVAILABLE. */
bool ckpt_dlpack_supported(void);

/* Makes parameter `param` of `kernel` (a memref) point at `tensor`'s elements, after
 * checking that they fit: the rank; the dtype (lanes 1; the bit width; int or uint for an
 * integer or index parameter, float or bfloat for a float one); the device (host memory
 * on every target, which device targets mirror; device memory of the context's own kind:
 * kDLCUDA/kDLCUDAManaged on CUDA, kDLROCM on HIP; and its device_id when the context was
 * created with options.device_index); the strides (`flags`); a byte_offset that is a
 * whole number of elements. Each refusal is CKPT_ERROR_INVALID_ARGUMENT with a message
 * naming the kernel, the parameter, what it expects and what the tensor has. */
ckpt_status_code_t ckpt_dlpack_to_memref(ckpt_kernel_t *kernel, int64_t param,
                                         const DLManagedTensor *tensor, uint32_t flags,
                                         ckpt_dlpack_memref_t *out_memref);

#ifdef __cplusplus
}
#endif

#endif /* CKPT_DLPACK_H */
