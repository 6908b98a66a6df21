/* Math rewrites shared by --ckpt-expand-math and --ckpt-prepare-spirv-tasks
 * (expand_math.c), and the steps of them only C++ can do (math_approx.cpp,
 * vector_lowering.cpp). */
#ifndef CKPT_PASSES_EXPAND_MATH_H
#define CKPT_PASSES_EXPAND_MATH_H

#include <stdbool.h>

#include "mlir-c/IR.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Rewrites the math ops nested in `root` that some conversion leaves alone (math.isinf,
 * math.isnormal) into arith ops; with `spirv`, also those MLIR's SPIR-V conversion leaves
 * (math.trunc, and through ckpt_approximate_math the ones below). */
void ckpt_expand_math(MlirOperation root, bool spirv);

/* Float ops nested in `root` whose upstream lowering loses IEEE results on the host, the
 * CPU target or Vulkan: arith.maximumf and arith.minimumf (but those marked nsz), in
 * compares and selects that keep -0 < +0; math.expm1 and math.log1p by Kahan's
 * corrections, with `spirv` (GLSL's exp and log) a Taylor series near 0; with `spirv`
 * also math.sinh, tanh, asinh and atanh near 0, math.fpowi, and arith.cmpf false/true. */
void ckpt_expand_float_ops(MlirOperation root, bool spirv);

/* MLIR's f32 polynomial approximations of math.erf, math.erfc, math.cbrt and math.atan2
 * and its expansions of math.exp2 and math.fpowi, on the ops nested in `root`. */
void ckpt_approximate_math(MlirOperation root);

/* upstream's lower-vector-multi-reduction (inner-reduction strategy) on the
 * vector.multi_reduction ops in gpu.func ops nested in `root`, which that pass, anchored on
 * func.func, does not reach (vector_lowering.cpp). */
void ckpt_lower_kernel_multi_reductions(MlirOperation root);

/* upstream's lower-vector-mask on every vector.mask nested in `root`: a masked transfer or
 * gather takes the mask as its own operand (vector_lowering.cpp). */
void ckpt_lower_vector_masks(MlirOperation root);

/* upstream's vector.scan lowering (slices and elementwise ops) on every vector.scan nested
 * in `root`: no conversion to LLVM or SPIR-V takes the op itself (vector_lowering.cpp). */
void ckpt_lower_vector_scans(MlirOperation root);

#ifdef __cplusplus
}
#endif

#endif /* CKPT_PASSES_EXPAND_MATH_H */
