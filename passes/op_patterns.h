//===- op_patterns.h - upstream rewrite patterns on chosen ops -------*- C++ -*-===//
//
// The C++ side of several passes applies an upstream pattern set (which has no C API) to
// the ops of one kind it collected, and to what their rewrites make, nothing else: no
// rewriting of the rest of a kernel the C passes still work on.
//
//===----------------------------------------------------------------------===//

#ifndef CKPT_PASSES_OP_PATTERNS_H
#define CKPT_PASSES_OP_PATTERNS_H

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace ckpt {

// `populate(patterns)` fills the set; nothing happens when `ops` is empty. `config` may
// narrow further (no folding, say); its strictness is set here.
template <typename Populate>
void applyToOps(mlir::MLIRContext *context, llvm::ArrayRef<mlir::Operation *> ops,
                Populate populate, mlir::GreedyRewriteConfig config = {}) {
  if (ops.empty())
    return;
  mlir::RewritePatternSet patterns(context);
  populate(patterns);
  config.setStrictness(mlir::GreedyRewriteStrictness::ExistingAndNewOps);
  (void)mlir::applyOpPatternsGreedily(ops, std::move(patterns), config);
}

} // namespace ckpt

#endif // CKPT_PASSES_OP_PATTERNS_H
