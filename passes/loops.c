#include "loops.h"

#include <stdlib.h>

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

static MlirOperation insert(ckpt_insert_t at, MlirOperation op) {
  if (mlirOperationIsNull(at.before))
    mlirBlockAppendOwnedOperation(at.block, op);
  else
    mlirBlockInsertOwnedOperationBefore(at.block, at.before, op);
  return op;
}

MlirOperation ckpt_build_parallel(ckpt_insert_t at, intptr_t rank, const MlirValue *upper) {
  MlirValue zero = ckpt_arith_constant_index(at, 0), one = ckpt_arith_constant_index(at, 1);
  MlirValue *lower = malloc(2 * (size_t)rank * sizeof(MlirValue)), *step = lower + rank;
  for (intptr_t d = 0; d < rank; ++d) {
    lower[d] = zero;
    step[d] = one;
  }
  MlirOperation end = ckpt_build_parallel_range(at, rank, lower, upper, step);
  free(lower);
  return end;
}

MlirOperation ckpt_build_parallel_range(ckpt_insert_t at, intptr_t rank, const MlirValue *lower,
                                        const MlirValue *upper, const MlirValue *step) {
  MlirContext ctx = mlirLocationGetContext(at.loc);
  MlirValue *operands = malloc(3 * (size_t)rank * sizeof(MlirValue));
  for (intptr_t d = 0; d < rank; ++d) {
    operands[d] = lower[d];
    operands[rank + d] = upper[d];
    operands[2 * rank + d] = step[d];
  }
  MlirOperationState state = mlirOperationStateGet(ckpt_str("scf.parallel"), at.loc);
  mlirOperationStateAddOperands(&state, 3 * rank, operands);
  free(operands);
  int32_t segments[4] = {(int32_t)rank, (int32_t)rank, (int32_t)rank, 0};
  MlirNamedAttribute attr =
      ckpt_named(ctx, "operandSegmentSizes", mlirDenseI32ArrayGet(ctx, 4, segments));
  mlirOperationStateAddAttributes(&state, 1, &attr);
  MlirRegion region = mlirRegionCreate();
  MlirBlock body = ckpt_block_create_uniform(rank, mlirIndexTypeGet(ctx), at.loc);
  mlirRegionAppendOwnedBlock(region, body);
  mlirOperationStateAddOwnedRegions(&state, 1, &region);
  insert(at, mlirOperationCreate(&state));
  return ckpt_build(body, (MlirOperation){NULL}, at.loc, "scf.reduce", 0, NULL, 0, NULL, 0, NULL);
}

MlirOperation ckpt_build_for(ckpt_insert_t at, MlirValue upper) {
  return ckpt_build_for_range(at, ckpt_arith_constant_index(at, 0), upper,
                              ckpt_arith_constant_index(at, 1));
}

MlirOperation ckpt_build_for_range(ckpt_insert_t at, MlirValue lower, MlirValue upper,
                                   MlirValue step) {
  MlirContext ctx = mlirLocationGetContext(at.loc);
  MlirValue operands[3] = {lower, upper, step};
  MlirOperationState state = mlirOperationStateGet(ckpt_str("scf.for"), at.loc);
  mlirOperationStateAddOperands(&state, 3, operands);
  MlirRegion region = mlirRegionCreate();
  MlirBlock body = ckpt_block_create_uniform(1, mlirIndexTypeGet(ctx), at.loc);
  mlirRegionAppendOwnedBlock(region, body);
  mlirOperationStateAddOwnedRegions(&state, 1, &region);
  insert(at, mlirOperationCreate(&state));
  return ckpt_build(body, (MlirOperation){NULL}, at.loc, "scf.yield", 0, NULL, 0, NULL, 0, NULL);
}

MlirValue ckpt_memref_extent(ckpt_insert_t at, MlirValue memref, intptr_t dim) {
  MlirType type = mlirValueGetType(memref);
  int64_t size = mlirShapedTypeGetDimSize(type, dim);
  if (!mlirShapedTypeIsDynamicSize(size))
    return ckpt_arith_constant_index(at, size);
  MlirValue operands[2] = {memref, ckpt_arith_constant_index(at, dim)};
  return ckpt_build1(at, "memref.dim", 2, operands,
                     mlirIndexTypeGet(mlirLocationGetContext(at.loc)), 0, NULL);
}

/*--- reshaping scf.parallel ---------------------------------------------------*/

intptr_t ckpt_parallel_rank(MlirOperation loop) {
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
  intptr_t rank = ckpt_parallel_rank(loop);
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

/* scf.for %i = lower to upper step step iter_args(inits), appended to `block`, with an
 * empty body whose arguments are the induction variable and the iteration arguments. */
static MlirOperation append_for_iter(MlirBlock block, MlirLocation loc, MlirValue lower,
                                     MlirValue upper, MlirValue step, intptr_t n,
                                     const MlirValue *inits) {
  MlirContext ctx = mlirLocationGetContext(loc);
  MlirValue *operands = malloc((3 + (size_t)n) * sizeof(MlirValue));
  MlirType *types = malloc((1 + (size_t)n) * sizeof(MlirType));
  MlirLocation *locs = malloc((1 + (size_t)n) * sizeof(MlirLocation));
  operands[0] = lower;
  operands[1] = upper;
  operands[2] = step;
  types[0] = mlirIndexTypeGet(ctx);
  locs[0] = loc;
  for (intptr_t i = 0; i < n; ++i) {
    operands[3 + i] = inits[i];
    types[1 + i] = mlirValueGetType(inits[i]);
    locs[1 + i] = loc;
  }
  MlirOperationState state = mlirOperationStateGet(ckpt_str("scf.for"), loc);
  mlirOperationStateAddOperands(&state, 3 + n, operands);
  mlirOperationStateAddResults(&state, n, types + 1);
  MlirRegion region = mlirRegionCreate();
  mlirRegionAppendOwnedBlock(region, mlirBlockCreate(1 + n, types, locs));
  mlirOperationStateAddOwnedRegions(&state, 1, &region);
  MlirOperation op = mlirOperationCreate(&state);
  mlirBlockAppendOwnedOperation(block, op);
  free(operands);
  free(types);
  free(locs);
  return op;
}

static void append_yield(MlirBlock block, MlirLocation loc, intptr_t n, const MlirValue *values) {
  ckpt_build(block, (MlirOperation){NULL}, loc, "scf.yield", n, values, 0, NULL, 0, NULL);
}

static void move_to_end(MlirOperation op, MlirBlock block) {
  mlirOperationRemoveFromParent(op);
  mlirBlockAppendOwnedOperation(block, op);
}

/* An scf.parallel with reductions as an scf.for nest that carries each reduction's value
 * through iter_args: the innermost body folds the loop's reduced operand into the carried
 * value with the reduction's own region (its block arguments: carried, operand). */
static void reducing_parallel_to_for(MlirOperation loop) {
  intptr_t rank = ckpt_parallel_rank(loop), n = mlirOperationGetNumResults(loop);
  MlirLocation loc = mlirOperationGetLocation(loop);
  MlirBlock parallel_body = loop_body(loop);
  MlirValue *carried = malloc((size_t)n * sizeof(MlirValue));
  MlirValue *reduced = malloc((size_t)n * sizeof(MlirValue));
  for (intptr_t i = 0; i < n; ++i)
    carried[i] = mlirOperationGetOperand(loop, 3 * rank + i);

  /* The outermost loop goes where the parallel loop is; each inner one at the end of the
   * body of the one around it, which then yields the inner one's results. */
  ckpt_vec_t scratch = {0};
  MlirOperation outermost = {NULL};
  MlirBlock body = {NULL};
  for (intptr_t d = 0; d < rank; ++d) {
    MlirBlock into = d == 0 ? mlirOperationGetBlock(loop) : body;
    MlirOperation level =
        append_for_iter(into, loc, mlirOperationGetOperand(loop, d),
                        mlirOperationGetOperand(loop, rank + d),
                        mlirOperationGetOperand(loop, 2 * rank + d), n, carried);
    if (d == 0) {
      mlirOperationMoveBefore(level, loop);
      outermost = level;
    } else {
      for (intptr_t i = 0; i < n; ++i)
        reduced[i] = mlirOperationGetResult(level, i);
      append_yield(body, loc, n, reduced);
    }
    body = mlirRegionGetFirstBlock(mlirOperationGetRegion(level, 0));
    mlirValueReplaceAllUsesOfWith(mlirBlockGetArgument(parallel_body, d),
                                  mlirBlockGetArgument(body, 0));
    for (intptr_t i = 0; i < n; ++i)
      carried[i] = mlirBlockGetArgument(body, 1 + i);
  }

  ckpt_block_ops(parallel_body, &scratch);
  MlirOperation reduce = CKPT_VEC_OP(&scratch, scratch.size - 1);
  for (size_t i = 0; i + 1 < scratch.size; ++i)
    move_to_end(CKPT_VEC_OP(&scratch, i), body);
  for (intptr_t i = 0; i < n; ++i) {
    MlirBlock combine = mlirRegionGetFirstBlock(mlirOperationGetRegion(reduce, i));
    mlirValueReplaceAllUsesOfWith(mlirBlockGetArgument(combine, 0), carried[i]);
    mlirValueReplaceAllUsesOfWith(mlirBlockGetArgument(combine, 1),
                                  mlirOperationGetOperand(reduce, i));
    scratch.size = 0;
    ckpt_block_ops(combine, &scratch);
    for (size_t k = 0; k + 1 < scratch.size; ++k)
      move_to_end(CKPT_VEC_OP(&scratch, k), body);
    reduced[i] = mlirOperationGetOperand(CKPT_VEC_OP(&scratch, scratch.size - 1), 0);
  }
  append_yield(body, loc, n, reduced);
  for (intptr_t i = 0; i < n; ++i)
    mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(loop, i),
                                  mlirOperationGetResult(outermost, i));
  mlirOperationDestroy(loop);
  ckpt_vec_free(&scratch);
  free(carried);
  free(reduced);
}

void ckpt_parallel_to_for(MlirOperation loop) {
  if (mlirOperationGetNumResults(loop) > 0) {
    reducing_parallel_to_for(loop);
    return;
  }
  ckpt_insert_t at = {mlirOperationGetBlock(loop), loop, mlirOperationGetLocation(loop)};
  move_body_and_erase(loop, build_for_nest(at, loop, 0, ckpt_parallel_rank(loop)));
}

/* The innermost dimensions stay because they are the contiguous ones of row-major memrefs. */
MlirOperation ckpt_parallel_limit_to_grid(MlirOperation loop) {
  enum { kGridRank = 3 };
  intptr_t rank = ckpt_parallel_rank(loop), outer = rank - kGridRank;
  if (outer <= 0)
    return loop;
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
  return mlirBlockGetParentOperation(grid);
}
