/* Inlining calls of single-block func.func functions into device code, for targets whose
 * kernel conversion takes no calls (Vulkan) or that run kernel bodies in host loops (the
 * CPU target). */
#ifndef CKPT_PASSES_INLINE_CALLS_H
#define CKPT_PASSES_INLINE_CALLS_H

#include "mlir-c/IR.h"

/* Replaces `op` by the ops of `body` (a block without arguments): its results by what the
 * block's terminator returns. The terminator stays in `body`. */
void ckpt_replace_by_block(MlirOperation op, MlirBlock body);

/* Inlines, in rounds, every func.call nested in `root` whose callee (looked up in
 * `symbols`) is a func.func with a single-block body; other calls stay, for the target's
 * conversion to take or report. */
void ckpt_inline_calls(MlirOperation root, MlirSymbolTable symbols);

/* In every gpu.module of `module`: the kernels' calls of the module's own single-block
 * func.func helpers are inlined, and helpers nothing calls any more are erased. */
void ckpt_inline_kernel_helpers(MlirOperation module);

#endif /* CKPT_PASSES_INLINE_CALLS_H */
