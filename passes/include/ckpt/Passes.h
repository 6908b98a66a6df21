//===- Passes.h - ckpt pass declarations ------------------------*- C++ -*-===//
#ifndef CKPT_PASSES_HPP
#define CKPT_PASSES_HPP

#include "mlir/Pass/Pass.h"

namespace mlir::ckpt {
#define GEN_PASS_DECL
#include "ckpt/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "ckpt/Passes.h.inc"

/// Registers the ckpt passes and the ckpt-lower-to-llvm pipeline.
void registerPasses();
void registerPipelines();
} // namespace mlir::ckpt

#endif // CKPT_PASSES_HPP
