/* Vectors in Vulkan kernels split into the ones SPIR-V has (spirv_vectors.cpp). */
#ifndef CKPT_PASSES_SPIRV_VECTORS_H
#define CKPT_PASSES_SPIRV_VECTORS_H

#include <stdbool.h>
#include <stdint.h>

#include "mlir-c/IR.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Splits the vectors in `kernel` (an outlined gpu.func) into SPIR-V's: elementwise ops,
 * reductions and transposes on pieces of at most 4 elements along the last dimension,
 * then the slices folded away where they meet. False if the rewrite failed. */
bool ckpt_unroll_spirv_vectors(MlirOperation kernel);

/* The size of the pieces ckpt_unroll_spirv_vectors splits a dimension of `size` into. */
int64_t ckpt_spirv_piece_size(int64_t size);

#ifdef __cplusplus
}
#endif

#endif /* CKPT_PASSES_SPIRV_VECTORS_H */
