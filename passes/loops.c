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

void ckpt_parallel_to_for(MlirOperation loop) {
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
