/* The share arithmetic, for the outermost dimension (lb, ub, step) of the task's loop and a
 * share {index, count}:
 *   n = ceildiv(max(ub - lb, 0), step)            iterations
 *   chunk = ceildiv(n, count)
 *   lo = min(index * chunk, n), hi = min(lo + chunk, n)
 *   lb' = lb + lo * step, ub' = min(lb + hi * step, ub)
 * Shares are contiguous, disjoint and together cover [lb, ub), so running every share once
 * runs every iteration once. Only the outermost dimension is cut: it is the one whose
 * blocks are largest, and inner dimensions stay whole for each thread. */
#include "split_task.h"

#include <stddef.h>

#include "ckpt-c/Dialect.h"
#include "ckpt/plan.h"
#include "graph.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

/* The body's only scf.parallel if the rest is pure values, else a null op. */
static MlirOperation splittable_loop(MlirBlock body) {
  MlirOperation loop = {NULL};
  MlirOperation terminator = mlirBlockGetTerminator(body);
  for (MlirOperation op = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op)) {
    if (mlirOperationEqual(op, terminator))
      break;
    if (ckpt_op_is(op, "scf.parallel") && mlirOperationIsNull(loop) &&
        mlirOperationGetNumResults(op) == 0)
      loop = op;
    else if (!mlirCkptOpIsMemoryEffectFree(op))
      return (MlirOperation){NULL};
  }
  return loop;
}

/* Field `field` of the ckpt_task_share_t that `share` points at, as an index. */
static MlirValue load_share_field(ckpt_insert_t at, MlirValue share, int32_t field) {
  MlirContext ctx = mlirLocationGetContext(at.loc);
  MlirNamedAttribute gep_attrs[2] = {
      ckpt_named(ctx, "elem_type", mlirTypeAttrGet(ckpt_i64(ctx))),
      ckpt_named(ctx, "rawConstantIndices", mlirDenseI32ArrayGet(ctx, 1, &field)),
  };
  MlirValue slot = ckpt_build1(at, "llvm.getelementptr", 1, &share, ckpt_llvm_ptr_type(ctx),
                               2, gep_attrs);
  MlirValue value = ckpt_build1(at, "llvm.load", 1, &slot, ckpt_i64(ctx), 0, NULL);
  return ckpt_build1(at, "arith.index_cast", 1, &value, mlirIndexTypeGet(ctx), 0, NULL);
}

static MlirValue binary(ckpt_insert_t at, const char *name, MlirValue lhs, MlirValue rhs) {
  MlirValue operands[2] = {lhs, rhs};
  return ckpt_build1(at, name, 2, operands, mlirValueGetType(lhs), 0, NULL);
}

bool ckpt_split_task(MlirOperation fn) {
  MlirBlock body = ckpt_func_entry(fn);
  MlirOperation loop = splittable_loop(body);
  if (mlirOperationIsNull(loop))
    return false;
  MlirBlock loop_body = mlirRegionGetFirstBlock(mlirOperationGetRegion(loop, 0));
  intptr_t rank = mlirBlockGetNumArguments(loop_body);
  MlirValue share = mlirBlockGetArgument(body, mlirBlockGetNumArguments(body) - 1);
  ckpt_insert_t at = {body, loop, mlirOperationGetLocation(loop)};
  _Static_assert(offsetof(ckpt_task_share_t, count) == sizeof(int64_t),
                 "the share's fields are read as i64 0 and 1");
  MlirValue index = load_share_field(at, share, 0);
  MlirValue count = load_share_field(at, share, 1);
  MlirValue lower = mlirOperationGetOperand(loop, 0);
  MlirValue upper = mlirOperationGetOperand(loop, rank);
  MlirValue step = mlirOperationGetOperand(loop, 2 * rank);

  MlirValue span = binary(at, "arith.maxsi", binary(at, "arith.subi", upper, lower),
                          ckpt_arith_constant_index(at, 0));
  MlirValue iterations = binary(at, "arith.ceildivsi", span, step);
  MlirValue chunk = binary(at, "arith.ceildivsi", iterations, count);
  MlirValue first = binary(at, "arith.minsi", binary(at, "arith.muli", index, chunk), iterations);
  MlirValue last = binary(at, "arith.minsi", binary(at, "arith.addi", first, chunk), iterations);
  MlirValue new_lower = binary(at, "arith.addi", lower, binary(at, "arith.muli", first, step));
  MlirValue end = binary(at, "arith.addi", lower, binary(at, "arith.muli", last, step));
  MlirValue new_upper = binary(at, "arith.minsi", end, upper);
  mlirOperationSetOperand(loop, 0, new_lower);
  mlirOperationSetOperand(loop, rank, new_upper);
  return true;
}
