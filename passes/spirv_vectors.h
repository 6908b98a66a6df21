/* Vectors in Vulkan kernels split into the ones SPIR-V has (spirv_vectors.cpp). */
#ifndef CKPT_PASSES_SPIRV_VECTORS_H
#define CKPT_PASSES_SPIRV_VECTORS_H

#include <stdbool.h>
#include <stdint.h>

#include "mlir-c/IR.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Splits the vectors in `kernel` (an outlined gpu.func) into SPIR-V's: loops and branches
 * carry pieces of at most 4 elements along the last dimension, contractions become
 * products and reductions, elementwise ops, reductions and transposes work on the pieces,
 * then the slices are folded away where they meet. False if the rewrite failed. */
bool ckpt_unroll_spirv_vectors(MlirOperation kernel);

/* Transfers in `kernel` (a gpu.launch or gpu.func) whose permutation map is not a minor
 * identity become ones whose map is, with vector.transpose and vector.broadcast (MLIR's
 * permutation-map lowering), which --ckpt-prepare-spirv-tasks can then take apart. */
void ckpt_lower_transfer_maps(MlirOperation kernel);

/* n-D vector.gather ops in `kernel` become 1-D ones (MLIR's gather unrolling), which
 * --ckpt-prepare-spirv-tasks takes apart. */
void ckpt_unroll_gathers(MlirOperation kernel);

/* vector.create_mask and vector.constant_mask in `kernel` that transfers taken apart still
 * leave (a mask other ops use) become comparisons of a lane-index constant with the
 * size, as MLIR's LLVM lowering makes them; n-D ones are split into 1-D ones first. */
void ckpt_materialize_masks(MlirOperation kernel);

/* Whether `type` is a vector SPIR-V lacks: more than one dimension, or more than 4
 * elements (0-D vectors and those of 1 element are scalars to the conversion). */
bool ckpt_spirv_lacks_vector(MlirType type);

/* The size of the pieces ckpt_unroll_spirv_vectors splits a dimension of `size` into. */
int64_t ckpt_spirv_piece_size(int64_t size);

#ifdef __cplusplus
}
#endif

#endif /* CKPT_PASSES_SPIRV_VECTORS_H */
