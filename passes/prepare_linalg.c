/* --ckpt-prepare-linalg: readies the linalg ops of graph kernels for upstream's
 * convert-linalg-to-parallel-loops, so that each linalg op that is a task lowers to
 * exactly one task. An op with loops lowers to one loop nest (scf.parallel over its
 * parallel dimensions, scf.for for the others), which is a task already. An op without
 * loops (every operand a scalar or rank-0 memref) would lower to bare loads and stores,
 * which a checkpoint body may not hold: it moves into a one-iteration scf.parallel. */
#include "ckpt-c/Dialect.h"
#include "ckpt/passes.h"
#include "graph.h"
#include "loops.h"
#include "mlir-c/BuiltinTypes.h"

static MlirWalkResult collect_loopless(MlirOperation op, void *user_data) {
  if (!mlirCkptOpIsLinalg(op))
    return MlirWalkResultAdvance;
  /* Ops on tensors are reported by --ckpt-number; upstream's lowering leaves them. */
  if (!mlirCkptOpUsesTensors(op) && ckpt_at_task_position(op)) {
    bool has_loops = false;
    for (intptr_t i = 0; i < mlirOperationGetNumOperands(op); ++i) {
      MlirType type = mlirValueGetType(mlirOperationGetOperand(op, i));
      if (mlirTypeIsAShaped(type) && mlirShapedTypeHasRank(type) &&
          mlirShapedTypeGetRank(type) > 0)
        has_loops = true;
    }
    if (!has_loops)
      ckpt_vec_push((ckpt_vec_t *)user_data, op.ptr);
  }
  return MlirWalkResultSkip; /* a linalg body holds no tasks */
}

static void wrap_in_one_iteration(MlirOperation op) {
  ckpt_insert_t at = {mlirOperationGetBlock(op), op, mlirOperationGetLocation(op)};
  MlirValue one = ckpt_arith_constant_index(at, 1);
  MlirOperation end = ckpt_build_parallel(at, 1, &one);
  mlirOperationMoveBefore(op, end);
}

MlirLogicalResult ckptRunPrepareLinalg(MlirOperation module) {
  ckpt_vec_t funcs = {0}, loopless = {0};
  ckpt_collect_functions(module, &funcs);
  for (size_t i = 0; i < funcs.size; ++i) {
    MlirOperation func = CKPT_VEC_OP(&funcs, i);
    if (mlirCkptFuncIsGraph(func))
      mlirOperationWalk(func, collect_loopless, &loopless, MlirWalkPreOrder);
  }
  for (size_t i = 0; i < loopless.size; ++i)
    wrap_in_one_iteration(CKPT_VEC_OP(&loopless, i));
  ckpt_vec_free(&loopless);
  ckpt_vec_free(&funcs);
  return mlirLogicalResultSuccess();
}
