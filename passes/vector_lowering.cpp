//===- vector_lowering.cpp - vector rewrites the C passes need from C++ -*- C++ -*-===//
//
// vector.multi_reduction has no conversion of its own. Upstream's
// lower-vector-multi-reduction turns it into vector.reduction, but that pass is anchored
// on func.func, so it never reaches a kernel written as a gpu.func; its pattern set has no
// C API. This applies the same patterns, with the same inner-reduction strategy the
// pipeline gives the pass, to the multi-reductions nested in gpu.func ops.
//
//===----------------------------------------------------------------------===//

#include "expand_math.h"

#include "mlir/CAPI/IR.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "op_patterns.h"

extern "C" void ckpt_lower_kernel_multi_reductions(MlirOperation root) {
  llvm::SmallVector<mlir::Operation *> ops;
  unwrap(root)->walk([&](mlir::vector::MultiDimReductionOp op) {
    if (op->getParentOfType<mlir::gpu::GPUFuncOp>())
      ops.push_back(op);
  });
  // Those ops and what their rewrites make (the 2-D and 1-D forms the patterns step
  // through), nothing else of the kernel.
  ckpt::applyToOps(unwrap(root)->getContext(), ops, [](mlir::RewritePatternSet &patterns) {
    mlir::vector::populateVectorMultiReductionLoweringPatterns(
        patterns, mlir::vector::VectorMultiReductionLowering::InnerReduction);
  });
}

extern "C" void ckpt_lower_vector_masks(MlirOperation root) {
  llvm::SmallVector<mlir::Operation *> ops;
  unwrap(root)->walk([&](mlir::vector::MaskOp op) { ops.push_back(op); });
  ckpt::applyToOps(unwrap(root)->getContext(), ops, [](mlir::RewritePatternSet &patterns) {
    mlir::vector::populateVectorMaskLoweringPatternsForSideEffectingOps(patterns);
  });
}

extern "C" void ckpt_lower_vector_scans(MlirOperation root) {
  llvm::SmallVector<mlir::Operation *> ops;
  unwrap(root)->walk([&](mlir::vector::ScanOp op) { ops.push_back(op); });
  ckpt::applyToOps(unwrap(root)->getContext(), ops, [](mlir::RewritePatternSet &patterns) {
    mlir::vector::populateVectorScanLoweringPatterns(patterns);
  });
}
