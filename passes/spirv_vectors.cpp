//===- spirv_vectors.cpp - vectors a Vulkan kernel can hold, for the C passes -*- C++ -*-===//
//
// SPIR-V's vectors have 2, 3 or 4 elements (8 and 16 need the Vector16 capability, which
// Vulkan does not offer) and one dimension. MLIR splits wider vectors into such pieces with
// spirv::unrollVectorsInFuncBodies (upstream's vector unrolling with SPIR-V's native
// shapes, then its cleanups), which has no C API: this applies it to a kernel.
//
//===----------------------------------------------------------------------===//

#include "spirv_vectors.h"

#include "mlir/CAPI/IR.h"
#include "mlir/Dialect/SPIRV/Transforms/SPIRVConversion.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

// Broadcasts, loads and stores, which SPIR-V's native shapes leave out, split like
// elementwise ops.
static std::optional<llvm::SmallVector<int64_t>> broadcast_shape(mlir::Operation *op) {
  mlir::VectorType type;
  if (auto broadcast = llvm::dyn_cast<mlir::vector::BroadcastOp>(op))
    type = broadcast.getResultVectorType();
  else if (auto load = llvm::dyn_cast<mlir::vector::LoadOp>(op))
    type = load.getVectorType();
  else if (auto store = llvm::dyn_cast<mlir::vector::StoreOp>(op))
    type = store.getVectorType();
  else
    return std::nullopt;
  llvm::SmallVector<int64_t> shape(type.getRank(), 1);
  shape.back() = mlir::spirv::getComputeVectorSize(type.getShape().back());
  return shape;
}

extern "C" bool ckpt_unroll_spirv_vectors(MlirOperation kernel) {
  mlir::Operation *op = unwrap(kernel);
  mlir::RewritePatternSet patterns(op->getContext());
  mlir::vector::populateVectorUnrollPatterns(
      patterns, mlir::vector::UnrollVectorOptions().setNativeShapeFn(broadcast_shape));
  if (mlir::failed(mlir::applyPatternsGreedily(op, std::move(patterns))))
    return false;
  return mlir::succeeded(mlir::spirv::unrollVectorsInFuncBodies(op));
}

extern "C" int64_t ckpt_spirv_piece_size(int64_t size) {
  return mlir::spirv::getComputeVectorSize(size);
}
