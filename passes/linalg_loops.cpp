//===- linalg_loops.cpp - one linalg op to loops, for the C passes -*- C++ -*-===//
//
// Upstream's rewrite of one linalg op into an scf.parallel/scf.for nest has no C API.
// Running upstream's convert-linalg-to-parallel-loops pass instead would also fold
// constants and erase dead ops in every function of the module, changing programs that
// hold no linalg op at all (and the diagnostics later passes give about them).
//
//===----------------------------------------------------------------------===//

#include "loops.h"

#include "mlir/CAPI/IR.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

extern "C" bool ckpt_linalg_to_parallel_loops(MlirOperation op, MlirOperation *out_outer) {
  *out_outer = MlirOperation{nullptr};
  auto linalgOp = llvm::dyn_cast<mlir::linalg::LinalgOp>(unwrap(op));
  if (!linalgOp || !linalgOp.hasPureBufferSemantics())
    return false;
  mlir::Operation *before = linalgOp->getPrevNode();
  mlir::Block *block = linalgOp->getBlock();
  mlir::IRRewriter rewriter(linalgOp->getContext());
  rewriter.setInsertionPoint(linalgOp);
  mlir::FailureOr<mlir::linalg::LinalgLoops> loops =
      mlir::linalg::linalgOpToParallelLoops(rewriter, linalgOp);
  if (mlir::failed(loops))
    return false;
  for (mlir::Operation *loop : *loops)
    if (loop->getBlock() == block)
      *out_outer = wrap(loop);
  // The rewrite loads every operand, outputs a body never reads included (a fill loads
  // what it overwrites): drop what is dead among the ops it built.
  llvm::SmallVector<mlir::Operation *> built;
  for (mlir::Operation *op = before ? before->getNextNode() : &block->front();
       op != linalgOp.getOperation(); op = op->getNextNode())
    built.push_back(op);
  rewriter.eraseOp(linalgOp);
  // Later ops first, so that an op whose only users were dead is dead by its turn.
  llvm::SmallVector<mlir::Operation *> nested;
  for (mlir::Operation *top : built)
    top->walk([&](mlir::Operation *op) {
      if (op->getNumRegions() == 0)
        nested.push_back(op);
    });
  for (mlir::Operation *op : llvm::reverse(nested))
    if (mlir::isOpTriviallyDead(op))
      op->erase();
  return true;
}
