/* --ckpt-lower-linalg: every linalg structured op on memrefs becomes loops, with
 * upstream's rewrite (scf.parallel over the parallel dimensions, scf.for over the
 * others), so that each linalg op that is a task of a graph kernel is one task. An op
 * without loops (every operand a scalar or rank-0 memref) would become bare loads and
 * stores, which a checkpoint body may not hold: if it is a task, it first moves into a
 * one-iteration scf.parallel. A task's loops are then shaped the way every target runs
 * them: one scf.parallel of at most 3 dimensions outermost (a GPU grid), loops inside.
 * Ops on tensors stay, for --ckpt-number to report. */
#include "ckpt-c/Dialect.h"
#include "ckpt/passes.h"
#include "graph.h"
#include "loops.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

static MlirWalkResult collect_linalg(MlirOperation op, void *user_data) {
  if (!mlirCkptOpIsLinalg(op))
    return MlirWalkResultAdvance;
  if (!mlirCkptOpUsesTensors(op))
    ckpt_vec_push((ckpt_vec_t *)user_data, op.ptr);
  return MlirWalkResultSkip; /* a linalg body holds no linalg op */
}

static bool has_loops(MlirOperation op) {
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(op); ++i) {
    MlirType type = mlirValueGetType(mlirOperationGetOperand(op, i));
    if (mlirTypeIsAShaped(type) && mlirShapedTypeHasRank(type) && mlirShapedTypeGetRank(type) > 0)
      return true;
  }
  return false;
}

static void wrap_in_one_iteration(MlirOperation op) {
  ckpt_insert_t at = {mlirOperationGetBlock(op), op, mlirOperationGetLocation(op)};
  MlirValue one = ckpt_arith_constant_index(at, 1);
  MlirOperation end = ckpt_build_parallel(at, 1, &one);
  mlirOperationMoveBefore(op, end);
}

static MlirWalkResult collect_parallel(MlirOperation op, void *user_data) {
  if (ckpt_op_is(op, "scf.parallel"))
    ckpt_vec_push((ckpt_vec_t *)user_data, op.ptr);
  return MlirWalkResultAdvance;
}

/* Shapes the loops of a lowered linalg task the way every target runs them: one
 * scf.parallel of at most 3 dimensions outermost, loops inside. */
static void shape_task_loops(MlirOperation outer) {
  ckpt_vec_t nested = {0};
  mlirOperationWalk(outer, collect_parallel, &nested, MlirWalkPreOrder);
  for (size_t i = 0; i < nested.size; ++i)
    if (!mlirOperationEqual(CKPT_VEC_OP(&nested, i), outer))
      ckpt_parallel_to_for(CKPT_VEC_OP(&nested, i));
  ckpt_vec_free(&nested);
  if (ckpt_op_is(outer, "scf.parallel"))
    ckpt_parallel_limit_to_grid(outer);
}

/* linalg's ops that are not structured ops (pack, unpack, softmax, winograd) take
 * tensors only, so every op collected here is structured and upstream's rewrite takes it. */
static void lower(MlirOperation op) {
  bool task = ckpt_in_graph_kernel(op) && ckpt_at_task_position(op);
  if (task && !has_loops(op))
    wrap_in_one_iteration(op);
  MlirOperation outer;
  if (ckpt_linalg_to_parallel_loops(op, &outer) && task && !mlirOperationIsNull(outer))
    shape_task_loops(outer);
}

MlirLogicalResult ckptRunLowerLinalg(MlirOperation module) {
  ckpt_vec_t ops = {0};
  mlirOperationWalk(module, collect_linalg, &ops, MlirWalkPreOrder);
  for (size_t i = 0; i < ops.size; ++i)
    lower(CKPT_VEC_OP(&ops, i));
  ckpt_vec_free(&ops);
  return mlirLogicalResultSuccess();
}
