/* Integer math ops some target's conversion leaves alone, rewritten into arith and scf
 * ops every conversion takes (integer_math.c):
 *  - math.ipowi (no target takes it: "failed to legalize" on the CPU and Vulkan, "missing
 *    LLVMTranslationDialectInterface" on CUDA and HIP): square-and-multiply in a loop;
 *  - with `spirv`: math.ctpop and math.cttz (MLIR's SPIR-V conversion takes neither) as
 *    parallel bit sums, and vector.reduction <and|or|xor> (its SPIR-V conversion takes
 *    arithmetic kinds only) element by element. */
#ifndef CKPT_PASSES_INTEGER_MATH_H
#define CKPT_PASSES_INTEGER_MATH_H

#include <stdbool.h>

#include "mlir-c/IR.h"

void ckpt_expand_integer_math(MlirOperation root, bool spirv);

#endif /* CKPT_PASSES_INTEGER_MATH_H */
