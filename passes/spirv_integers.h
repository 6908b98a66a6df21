/* The integer rewrites --ckpt-prepare-spirv-tasks applies to task bodies and kernels
 * (spirv_integers.c). */
#ifndef CKPT_PASSES_SPIRV_INTEGERS_H
#define CKPT_PASSES_SPIRV_INTEGERS_H

#include "mlir-c/IR.h"

/* Rewrites the index and arith ops nested in `root` that MLIR's SPIR-V conversion rejects
 * or converts wrongly for the Vulkan target into arith ops it converts. */
void ckpt_spirv_legalize_integers(MlirOperation root);

#endif /* CKPT_PASSES_SPIRV_INTEGERS_H */
