//===- gpu_reductions.cpp - gpu.all_reduce and gpu.subgroup_reduce -> shuffles -*- C++ -*-===//
//
// convert-gpu-to-nvvm and convert-gpu-to-rocdl mark gpu.all_reduce illegal and take
// gpu.subgroup_reduce only in narrow forms (NVVM: uniform i32 on sm_80+ with has-redux),
// so a kernel written with either fails in the conversion with "failed to legalize".
// MLIR lowers both within the GPU dialect (AllReduceLowering.cpp, SubgroupReduceLowering.cpp),
// but only through test passes; those pattern sets have no C API. This applies them to
// the reductions in gpu.func kernels and reports, by name, any the patterns leave.
//
//===----------------------------------------------------------------------===//

#include "ckpt/passes.h"

#include "mlir/CAPI/IR.h"
#include "mlir/Conversion/SCFToControlFlow/SCFToControlFlow.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/DialectConversion.h"
#include "op_patterns.h"

extern "C" MlirLogicalResult ckptRunLowerGpuReductions(MlirOperation module,
                                                       unsigned subgroup_size) {
  mlir::Operation *root = unwrap(module);
  llvm::SmallVector<mlir::Operation *> all_reduces, subgroup_reduces;
  root->walk([&](mlir::gpu::GPUFuncOp func) {
    func.walk([&](mlir::gpu::AllReduceOp op) { all_reduces.push_back(op); });
    func.walk([&](mlir::gpu::SubgroupReduceOp op) { subgroup_reduces.push_back(op); });
  });
  // The all-reduce rewrite is a pattern on the enclosing gpu.func (it adds the workgroup
  // attribution the partial results go through), so it is applied to the kernels that
  // hold one; it leaves subgroup reductions of 32 lanes in gpu.shuffle form itself. It
  // splits the op's block, so the kernel must be a control-flow graph first: a task's
  // body sits in the scf.if of its gate. The pipeline lowers scf to cf in kernels later
  // anyway; here only in those kernels.
  llvm::SetVector<mlir::Operation *> funcs;
  for (mlir::Operation *op : all_reduces)
    funcs.insert(op->getParentOfType<mlir::gpu::GPUFuncOp>());
  mlir::MLIRContext *context = root->getContext();
  mlir::ConversionTarget target(*context);
  target.addIllegalOp<mlir::scf::ForallOp, mlir::scf::ForOp, mlir::scf::IfOp,
                      mlir::scf::IndexSwitchOp, mlir::scf::ParallelOp, mlir::scf::WhileOp,
                      mlir::scf::ExecuteRegionOp>();
  target.markUnknownOpDynamicallyLegal([](mlir::Operation *) { return true; });
  for (mlir::Operation *func : funcs) {
    mlir::RewritePatternSet patterns(context);
    mlir::populateSCFToControlFlowConversionPatterns(patterns);
    if (mlir::failed(mlir::applyPartialConversion(func, target, std::move(patterns))))
      return mlirLogicalResultFailure();
  }
  ckpt::applyToOps(context, funcs.getArrayRef(), [](mlir::RewritePatternSet &patterns) {
    mlir::populateGpuAllReducePatterns(patterns);
  });
  // Where the subgroup's size varies with the chip, only clusters of at most 32 lanes
  // mean the same everywhere; they are lowered as on a 32-lane subgroup (shuffles of
  // width 32 stay within each half of a 64-lane one).
  bool ok = true;
  if (subgroup_size == 0) {
    llvm::erase_if(subgroup_reduces, [&](mlir::Operation *op) {
      std::optional<uint32_t> cluster =
          mlir::cast<mlir::gpu::SubgroupReduceOp>(op).getClusterSize();
      if (cluster && *cluster <= 32)
        return false;
      mlir::emitError(op->getLoc())
          << "'gpu.subgroup_reduce' over "
          << (cluster ? "a cluster of more than 32 lanes" : "a whole subgroup")
          << " runs in a HIP kernel compiled for AMD chips whose subgroups differ (64 lanes "
             "on gfx9, 32 on gfx10 and later): reduce clusters of at most 32 lanes "
             "(cluster(size = 32)) and combine those through workgroup memory, or use "
             "gpu.all_reduce";
      ok = false;
      return true;
    });
  }
  unsigned lanes = subgroup_size == 0 ? 32 : subgroup_size;
  ckpt::applyToOps(context, subgroup_reduces, [&](mlir::RewritePatternSet &patterns) {
    // Vectors first into pieces a 32-bit shuffle carries, then each piece by shuffles.
    mlir::populateGpuBreakDownSubgroupReducePatterns(patterns, /*maxShuffleBitwidth=*/32,
                                                     /*benefit=*/2);
    mlir::populateGpuLowerSubgroupReduceToShufflePatterns(patterns, lanes);
    mlir::populateGpuLowerClusteredSubgroupReduceToShufflePatterns(patterns, lanes);
  });
  if (!ok)
    return mlirLogicalResultFailure();
  root->walk([&](mlir::Operation *op) {
    if (!mlir::isa<mlir::gpu::AllReduceOp, mlir::gpu::SubgroupReduceOp>(op) ||
        !op->getParentOfType<mlir::gpu::GPUFuncOp>())
      return;
    auto all_reduce = mlir::dyn_cast<mlir::gpu::AllReduceOp>(op);
    if (all_reduce && !all_reduce.getUniform()) {
      mlir::emitError(op->getLoc())
          << "'gpu.all_reduce' without 'uniform' has no lowering in MLIR (the "
             "lowering synchronises the workgroup with gpu.barrier, so every work "
             "item must reach it): mark it 'uniform' if every work item of the "
             "workgroup reaches it, else reduce through workgroup memory";
    } else {
      std::string type;
      llvm::raw_string_ostream stream(type);
      stream << op->getOperand(0).getType();
      mlir::emitError(op->getLoc())
          << "'" << op->getName() << "' of " << type
          << " has no shuffle lowering: MLIR reduces elements of at most 32 bits "
             "(f32, i32, f16, i16, i8 and vectors of them) across a subgroup; "
             "reduce wider values through workgroup memory and gpu.barrier";
    }
    ok = false;
  });
  return ok ? mlirLogicalResultSuccess() : mlirLogicalResultFailure();
}
