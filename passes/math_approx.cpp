//===- math_approx.cpp - MLIR's math approximations, for the C passes -*- C++ -*-===//
//
// The polynomial approximations and expansions of the math dialect are pattern sets
// (populateMathPolynomialApproximationPatterns, math::populateExpansionPatterns) with no
// C API and no pass outside mlir-opt's test passes; this applies the few the SPIR-V
// conversion needs to the ops nested in one operation.
//
//===----------------------------------------------------------------------===//

#include "expand_math.h"

#include "mlir/CAPI/IR.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "op_patterns.h"

static bool approximated(llvm::StringRef name) {
  return name == "math.erf" || name == "math.erfc" || name == "math.cbrt" ||
         name == "math.atan2";
}

extern "C" void ckpt_approximate_math(MlirOperation root) {
  llvm::SmallVector<mlir::Operation *> ops;
  unwrap(root)->walk([&](mlir::Operation *op) {
    llvm::StringRef name = op->getName().getStringRef();
    if (approximated(name) || name == "math.exp2" || name == "math.fpowi")
      ops.push_back(op);
  });
  // No folding, no erasing of dead ops, and constants stay where the patterns make them
  // (constant CSE would hoist them out of a gpu.launch, which is not isolated from above,
  // making each one a kernel operand).
  mlir::GreedyRewriteConfig config;
  config.enableFolding(false);
  config.enableConstantCSE(false);
  ckpt::applyToOps(
      unwrap(root)->getContext(), ops,
      [](mlir::RewritePatternSet &patterns) {
        mlir::populateMathPolynomialApproximationPatterns(patterns, approximated);
        mlir::math::populateExpansionPatterns(patterns, {"exp2", "fpowi"});
      },
      config);
}
