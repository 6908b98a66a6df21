#include "lower_launch.h"

#include <stdio.h>
#include <stdlib.h>

#include "ckpt-c/Dialect.h"
#include "host_abi.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

/* Reads one field of the status struct behind a !ckpt.status value (field < 0: only the
 * pointer). */
static MlirValue load_status_field(ckpt_insert_t at, MlirValue status, int32_t field) {
  MlirContext ctx = mlirLocationGetContext(at.loc);
  MlirType ptr = ckpt_llvm_ptr_type(ctx);
  MlirValue base = ckpt_build1(at, "builtin.unrealized_conversion_cast", 1, &status, ptr, 0, NULL);
  if (field < 0)
    return base;
  int32_t indices[2] = {0, field};
  MlirNamedAttribute attrs[2] = {
      ckpt_named(ctx, "elem_type", mlirTypeAttrGet(ckpt_abi_status_type(ctx))),
      ckpt_named(ctx, "rawConstantIndices", mlirDenseI32ArrayGet(ctx, 2, indices)),
  };
  MlirValue address = ckpt_build1(at, "llvm.getelementptr", 1, &base, ptr, 2, attrs);
  return ckpt_build1(at, "llvm.load", 1, &address, ckpt_i64(ctx), 0, NULL);
}

static void lower_status_op(MlirOperation op) {
  MlirContext ctx = mlirOperationGetContext(op);
  ckpt_insert_t at = {mlirOperationGetBlock(op), op, mlirOperationGetLocation(op)};
  MlirValue status = mlirOperationGetOperand(op, 0);
  MlirValue result = {NULL};
  if (ckpt_op_is(op, "ckpt.status_print")) {
    MlirValue base = load_status_field(at, status, -1);
    MlirNamedAttribute callee = ckpt_named(
        ctx, "callee", mlirFlatSymbolRefAttrGet(ctx, ckpt_str("ckpt_mlir_status_print")));
    ckpt_build0(at, "func.call", 1, &base, 1, &callee);
  } else if (ckpt_op_is(op, "ckpt.status_label")) {
    result = load_status_field(at, status, CKPT_ABI_STATUS_LABEL);
  } else {
    int32_t field =
        ckpt_op_is(op, "ckpt.status_ok") ? CKPT_ABI_STATUS_OK : CKPT_ABI_STATUS_YIELDED;
    MlirValue word = load_status_field(at, status, field);
    result = ckpt_build1(at, "arith.trunci", 1, &word, mlirIntegerTypeGet(ctx, 1), 0, NULL);
  }
  if (!mlirValueIsNull(result))
    mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(op, 0), result);
  mlirOperationDestroy(op);
}

static void lower_launch(MlirOperation module, MlirOperation launch, int64_t target) {
  MlirContext ctx = mlirOperationGetContext(launch);
  ckpt_insert_t at = {mlirOperationGetBlock(launch), launch, mlirOperationGetLocation(launch)};
  MlirStringRef kernel = mlirCkptLaunchOpGetKernel(launch);
  char name[512];
  snprintf(name, sizeof name, "%.*s", (int)kernel.length, kernel.data);
  intptr_t n = mlirCkptLaunchOpGetNumArgs(launch);
  MlirValue *args = calloc((size_t)n + 1, sizeof(MlirValue));
  for (intptr_t i = 0; i < n; ++i)
    args[i] = mlirCkptLaunchOpGetArg(launch, i);
  MlirValue status = ckpt_abi_emit_launch_call(at, launch, module, name, target, n, args,
                                               mlirCkptLaunchOpGetResumeLabel(launch), true);
  free(args);
  /* Status values keep their type until the status ops are rewritten; the casts pair up
   * and vanish in reconcile-unrealized-casts. */
  MlirValue as_status = ckpt_build1(at, "builtin.unrealized_conversion_cast", 1, &status,
                                    mlirCkptStatusTypeGet(ctx), 0, NULL);
  mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(launch, 0), as_status);
  mlirOperationDestroy(launch);
}

typedef struct host_ops_t {
  ckpt_vec_t launches, status_ops;
} host_ops_t;

static MlirWalkResult collect_host_op(MlirOperation op, void *user_data) {
  host_ops_t *ops = user_data;
  if (mlirCkptOpIsLaunch(op))
    ckpt_vec_push(&ops->launches, op.ptr);
  else if (ckpt_op_is(op, "ckpt.status_ok") || ckpt_op_is(op, "ckpt.status_yielded") ||
           ckpt_op_is(op, "ckpt.status_label") || ckpt_op_is(op, "ckpt.status_print"))
    ckpt_vec_push(&ops->status_ops, op.ptr);
  return MlirWalkResultAdvance;
}

static MlirWalkResult find_launch(MlirOperation op, void *user_data) {
  if (!mlirCkptOpIsLaunch(op))
    return MlirWalkResultAdvance;
  *(bool *)user_data = true;
  return MlirWalkResultInterrupt;
}

bool ckpt_module_has_launches(MlirOperation module) {
  bool found = false;
  mlirOperationWalk(module, find_launch, &found, MlirWalkPreOrder);
  return found;
}

void ckpt_lower_host_ops(MlirOperation module, int64_t target) {
  host_ops_t host = {0};
  mlirOperationWalk(module, collect_host_op, &host, MlirWalkPreOrder);
  for (size_t i = 0; i < host.launches.size; ++i)
    lower_launch(module, CKPT_VEC_OP(&host.launches, i), target);
  for (size_t i = 0; i < host.status_ops.size; ++i)
    lower_status_op(CKPT_VEC_OP(&host.status_ops, i));
  ckpt_vec_free(&host.launches);
  ckpt_vec_free(&host.status_ops);
}
