/* --ckpt-expand-copies: every memref.copy in a graph kernel becomes loops that load and
 * store one element at a time, which every target compiles (memref.copy itself lowers to
 * a host library call that no GPU kernel can make). A copy that is a task becomes an
 * scf.parallel over its shape, so a grid on GPUs; a rank-0 copy, one iteration. A copy
 * inside a task becomes an scf.for nest run by the task's own thread. Any layout works
 * as is: memref.load and memref.store index strided and offset memrefs. */
#include <stdlib.h>

#include "ckpt-c/Dialect.h"
#include "ckpt/passes.h"
#include "graph.h"
#include "loops.h"
#include "mlir-c/BuiltinTypes.h"

typedef struct expand_t {
  ckpt_vec_t copies;
  bool failed;
} expand_t;

static MlirWalkResult collect_copy(MlirOperation op, void *user_data) {
  expand_t *expand = user_data;
  if (ckpt_op_is(op, "memref.copy") && ckpt_in_graph_kernel(op))
    ckpt_vec_push(&expand->copies, op.ptr);
  return MlirWalkResultAdvance;
}

/* The extent of `dim`, from whichever side of the copy knows it statically. */
static MlirValue copy_extent(ckpt_insert_t at, MlirValue source, MlirValue target, intptr_t dim) {
  if (mlirShapedTypeIsDynamicDim(mlirValueGetType(source), dim) &&
      !mlirShapedTypeIsDynamicDim(mlirValueGetType(target), dim))
    return ckpt_memref_extent(at, target, dim);
  return ckpt_memref_extent(at, source, dim);
}

static void copy_element(ckpt_insert_t at, MlirValue source, MlirValue target, intptr_t rank,
                         const MlirValue *indices) {
  MlirValue *operands = malloc((2 + (size_t)rank) * sizeof(MlirValue));
  operands[0] = source;
  for (intptr_t d = 0; d < rank; ++d)
    operands[1 + d] = indices[d];
  MlirType element = mlirShapedTypeGetElementType(mlirValueGetType(source));
  MlirValue value = ckpt_build1(at, "memref.load", 1 + rank, operands, element, 0, NULL);
  operands[0] = value;
  operands[1] = target;
  for (intptr_t d = 0; d < rank; ++d)
    operands[2 + d] = indices[d];
  ckpt_build0(at, "memref.store", 2 + rank, operands, 0, NULL);
  free(operands);
}

static void expand_copy(expand_t *expand, MlirOperation copy) {
  MlirValue source = mlirOperationGetOperand(copy, 0);
  MlirValue target = mlirOperationGetOperand(copy, 1);
  MlirType type = mlirValueGetType(source);
  if (!mlirTypeIsAMemRef(type) || !mlirTypeIsAMemRef(mlirValueGetType(target))) {
    ckpt_emit_error(copy, "memref.copy of an unranked memref in a graph kernel: the copy "
                          "loops need the rank; memref.cast both sides to a ranked type first");
    expand->failed = true;
    return;
  }
  intptr_t rank = mlirShapedTypeGetRank(type);
  ckpt_insert_t at = {mlirOperationGetBlock(copy), copy, mlirOperationGetLocation(copy)};
  MlirValue *extents = malloc(((size_t)rank + 1) * sizeof(MlirValue));
  MlirValue *indices = malloc(((size_t)rank + 1) * sizeof(MlirValue));
  for (intptr_t d = 0; d < rank; ++d)
    extents[d] = copy_extent(at, source, target, d);
  if (ckpt_at_task_position(copy)) {
    MlirValue one = ckpt_arith_constant_index(at, 1);
    MlirOperation end = rank == 0 ? ckpt_build_parallel(at, 1, &one)
                                  : ckpt_build_parallel(at, rank, extents);
    MlirBlock body = mlirOperationGetBlock(end);
    for (intptr_t d = 0; d < rank; ++d)
      indices[d] = mlirBlockGetArgument(body, d);
    at = (ckpt_insert_t){body, end, at.loc};
  } else {
    for (intptr_t d = 0; d < rank; ++d) {
      MlirOperation end = ckpt_build_for(at, extents[d]);
      MlirBlock body = mlirOperationGetBlock(end);
      indices[d] = mlirBlockGetArgument(body, 0);
      at = (ckpt_insert_t){body, end, at.loc};
    }
  }
  copy_element(at, source, target, rank, indices);
  free(extents);
  free(indices);
  mlirOperationDestroy(copy);
}

MlirLogicalResult ckptRunExpandCopies(MlirOperation module) {
  expand_t expand = {0};
  mlirOperationWalk(module, collect_copy, &expand, MlirWalkPreOrder);
  for (size_t i = 0; i < expand.copies.size; ++i)
    expand_copy(&expand, CKPT_VEC_OP(&expand.copies, i));
  ckpt_vec_free(&expand.copies);
  return expand.failed ? mlirLogicalResultFailure() : mlirLogicalResultSuccess();
}
