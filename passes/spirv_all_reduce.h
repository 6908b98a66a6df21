/* gpu.all_reduce in Vulkan kernels (spirv_all_reduce.c). */
#ifndef CKPT_PASSES_SPIRV_ALL_REDUCE_H
#define CKPT_PASSES_SPIRV_ALL_REDUCE_H

#include <stdbool.h>
#include <stdint.h>

#include "mlir-c/IR.h"

/* Replaces every gpu.all_reduce in the outlined kernel `kernel`, whose workgroup size is
 * `size`, by a tree reduction through workgroup memory with barriers; reports (and
 * returns false for) the ones it cannot take: without `uniform`, of integers narrower
 * than 16 bits. */
bool ckpt_lower_spirv_all_reduces(MlirOperation kernel, const int64_t size[3]);

#endif /* CKPT_PASSES_SPIRV_ALL_REDUCE_H */
