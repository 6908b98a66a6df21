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

static intptr_t parallel_rank(MlirOperation loop) {
  MlirAttribute segments = mlirOperationGetAttributeByName(loop, ckpt_str("operandSegmentSizes"));
  return mlirDenseI32ArrayGetElement(segments, 0);
}

static MlirBlock loop_body(MlirOperation loop) {
  return mlirRegionGetFirstBlock(mlirOperationGetRegion(loop, 0));
}

/* scf.for loops over dimensions [first, first + count) of the scf.parallel `loop`, each in
 * the one before, built at `at`; the loop's induction variables of those dimensions are
 * replaced by theirs. Returns where the body goes: before the innermost scf.yield. */
static ckpt_insert_t build_for_nest(ckpt_insert_t at, MlirOperation loop, intptr_t first,
                                    intptr_t count) {
  intptr_t rank = parallel_rank(loop);
  for (intptr_t d = first; d < first + count; ++d) {
    MlirOperation end = ckpt_build_for_range(at, mlirOperationGetOperand(loop, d),
                                             mlirOperationGetOperand(loop, rank + d),
                                             mlirOperationGetOperand(loop, 2 * rank + d));
    MlirBlock body = mlirOperationGetBlock(end);
    mlirValueReplaceAllUsesOfWith(mlirBlockGetArgument(loop_body(loop), d),
                                  mlirBlockGetArgument(body, 0));
    at = (ckpt_insert_t){body, end, at.loc};
  }
  return at;
}

/* Moves the ops of an scf.parallel's body, all but its scf.reduce, to `at`, and erases
 * the emptied loop. */
static void move_body_and_erase(MlirOperation loop, ckpt_insert_t at) {
  ckpt_vec_t ops = {0};
  ckpt_block_ops(loop_body(loop), &ops);
  for (size_t i = 0; i + 1 < ops.size; ++i)
    mlirOperationMoveBefore(CKPT_VEC_OP(&ops, i), at.before);
  ckpt_vec_free(&ops);
  mlirOperationDestroy(loop);
}

/* An scf.parallel inside the task (between reduction loops, as in iterators
 * [parallel, reduction, parallel]) runs as loops in the task's thread: only the task's
 * outermost loop maps to a grid, and SPIR-V has no parallel loops to nest. */
static void parallel_to_for(MlirOperation loop) {
  ckpt_insert_t at = {mlirOperationGetBlock(loop), loop, mlirOperationGetLocation(loop)};
  move_body_and_erase(loop, build_for_nest(at, loop, 0, parallel_rank(loop)));
}

/* A GPU grid has 3 dimensions: of more parallel dimensions, the outer ones become loops
 * in each thread, and the innermost 3 (the contiguous ones of row-major memrefs) stay. */
static void limit_grid_rank(MlirOperation loop) {
  enum { kGridRank = 3 };
  intptr_t rank = parallel_rank(loop), outer = rank - kGridRank;
  if (outer <= 0)
    return;
  MlirValue lower[kGridRank], upper[kGridRank], step[kGridRank];
  for (intptr_t d = 0; d < kGridRank; ++d) {
    lower[d] = mlirOperationGetOperand(loop, outer + d);
    upper[d] = mlirOperationGetOperand(loop, rank + outer + d);
    step[d] = mlirOperationGetOperand(loop, 2 * rank + outer + d);
  }
  ckpt_insert_t at = {mlirOperationGetBlock(loop), loop, mlirOperationGetLocation(loop)};
  MlirOperation end = ckpt_build_parallel_range(at, kGridRank, lower, upper, step);
  MlirBlock grid = mlirOperationGetBlock(end);
  for (intptr_t d = 0; d < kGridRank; ++d)
    mlirValueReplaceAllUsesOfWith(mlirBlockGetArgument(loop_body(loop), outer + d),
                                  mlirBlockGetArgument(grid, d));
  ckpt_insert_t inner = build_for_nest((ckpt_insert_t){grid, end, at.loc}, loop, 0, outer);
  move_body_and_erase(loop, inner);
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
      parallel_to_for(CKPT_VEC_OP(&nested, i));
  ckpt_vec_free(&nested);
  if (ckpt_op_is(outer, "scf.parallel"))
    limit_grid_rank(outer);
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
