#include "lower_launch.h"

#include <stdio.h>
#include <stdlib.h>

#include "ckpt-c/Dialect.h"
#include "graph.h"
#include "host_abi.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

/* Status values are ckpt_mlir_status_t structs held as SSA values, so they can be passed
 * to functions, returned and carried through loops like any other value. */

static void lower_status_op(MlirOperation op) {
  MlirContext ctx = mlirOperationGetContext(op);
  ckpt_insert_t at = {mlirOperationGetBlock(op), op, mlirOperationGetLocation(op)};
  MlirValue status = mlirOperationGetOperand(op, 0);
  MlirValue result = {NULL};
  if (ckpt_op_is(op, "ckpt.status_print")) {
    ckpt_insert_t entry = ckpt_abi_entry_insert(op);
    MlirValue one = ckpt_llvm_constant_i64(entry, 1);
    MlirNamedAttribute elem =
        ckpt_named(ctx, "elem_type", mlirTypeAttrGet(ckpt_abi_status_type(ctx)));
    MlirValue slot = ckpt_build1(entry, "llvm.alloca", 1, &one, ckpt_llvm_ptr_type(ctx), 1, &elem);
    MlirValue store[2] = {status, slot};
    ckpt_build0(at, "llvm.store", 2, store, 0, NULL);
    MlirNamedAttribute callee = ckpt_named(
        ctx, "callee", mlirFlatSymbolRefAttrGet(ctx, ckpt_str("ckpt_mlir_status_print")));
    ckpt_build0(at, "func.call", 1, &slot, 1, &callee);
  } else {
    int64_t field = ckpt_op_is(op, "ckpt.status_label")  ? CKPT_ABI_STATUS_LABEL
                    : ckpt_op_is(op, "ckpt.status_ok") ? CKPT_ABI_STATUS_OK
                                                       : CKPT_ABI_STATUS_YIELDED;
    MlirNamedAttribute position =
        ckpt_named(ctx, "position", mlirDenseI64ArrayGet(ctx, 1, &field));
    MlirValue word = ckpt_build1(at, "llvm.extractvalue", 1, &status, ckpt_i64(ctx), 1, &position);
    result = field == CKPT_ABI_STATUS_LABEL
                 ? word
                 : ckpt_build1(at, "arith.trunci", 1, &word, mlirIntegerTypeGet(ctx, 1), 0, NULL);
  }
  if (!mlirValueIsNull(result))
    mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(op, 0), result);
  mlirOperationDestroy(op);
}

static void lower_launch(MlirOperation launch, int64_t target) {
  MlirContext ctx = mlirOperationGetContext(launch);
  MlirOperation module = ckpt_enclosing_module(launch);
  ckpt_abi_declare_runtime(module);
  ckpt_insert_t at = {mlirOperationGetBlock(launch), launch, mlirOperationGetLocation(launch)};
  MlirStringRef kernel = mlirCkptLaunchOpGetKernel(launch);
  char name[512];
  snprintf(name, sizeof name, "%.*s", (int)kernel.length, kernel.data);
  intptr_t n = mlirCkptLaunchOpGetNumArgs(launch);
  MlirValue *args = calloc((size_t)n + 1, sizeof(MlirValue));
  for (intptr_t i = 0; i < n; ++i)
    args[i] = mlirCkptLaunchOpGetArg(launch, i);
  MlirValue slot = ckpt_abi_emit_launch_call(at, launch, module, name, target, n, args,
                                             mlirCkptLaunchOpGetResumeLabel(launch), true);
  free(args);
  MlirValue status = ckpt_build1(at, "llvm.load", 1, &slot, ckpt_abi_status_type(ctx), 0, NULL);
  /* The uses still expect !ckpt.status; retype_statuses() fixes every value at once. */
  mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(launch, 0), status);
  mlirOperationDestroy(launch);
}

static MlirType retype(MlirType type, MlirType status) {
  return mlirTypeIsACkptStatus(type) ? status : type;
}

static MlirWalkResult retype_op(MlirOperation op, void *user_data) {
  MlirType status = *(MlirType *)user_data;
  for (intptr_t i = 0; i < mlirOperationGetNumResults(op); ++i) {
    MlirValue result = mlirOperationGetResult(op, i);
    mlirValueSetType(result, retype(mlirValueGetType(result), status));
  }
  for (intptr_t r = 0; r < mlirOperationGetNumRegions(op); ++r)
    for (MlirBlock block = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, r));
         !mlirBlockIsNull(block); block = mlirBlockGetNextInRegion(block))
      for (intptr_t a = 0; a < mlirBlockGetNumArguments(block); ++a) {
        MlirValue arg = mlirBlockGetArgument(block, a);
        mlirValueSetType(arg, retype(mlirValueGetType(arg), status));
      }
  MlirAttribute fn_type = mlirOperationGetAttributeByName(op, ckpt_str("function_type"));
  if (ckpt_op_is(op, "func.func") && !mlirAttributeIsNull(fn_type)) {
    MlirType type = mlirTypeAttrGetValue(fn_type);
    intptr_t n_in = mlirFunctionTypeGetNumInputs(type), n_out = mlirFunctionTypeGetNumResults(type);
    MlirType *types = calloc((size_t)(n_in + n_out) + 1, sizeof(MlirType));
    for (intptr_t i = 0; i < n_in; ++i)
      types[i] = retype(mlirFunctionTypeGetInput(type, i), status);
    for (intptr_t i = 0; i < n_out; ++i)
      types[n_in + i] = retype(mlirFunctionTypeGetResult(type, i), status);
    MlirContext ctx = mlirOperationGetContext(op);
    mlirOperationSetAttributeByName(
        op, ckpt_str("function_type"),
        mlirTypeAttrGet(mlirFunctionTypeGet(ctx, n_in, types, n_out, types + n_in)));
    free(types);
  }
  return MlirWalkResultAdvance;
}

/* Every !ckpt.status value (results, block arguments, function signatures) becomes the
 * status struct. */
static void retype_statuses(MlirOperation module) {
  MlirType status = ckpt_abi_status_type(mlirOperationGetContext(module));
  mlirOperationWalk(module, retype_op, &status, MlirWalkPreOrder);
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

void ckpt_lower_host_ops(MlirOperation module, int64_t target) {
  host_ops_t host = {0};
  mlirOperationWalk(module, collect_host_op, &host, MlirWalkPreOrder);
  for (size_t i = 0; i < host.launches.size; ++i)
    lower_launch(CKPT_VEC_OP(&host.launches, i), target);
  for (size_t i = 0; i < host.status_ops.size; ++i)
    lower_status_op(CKPT_VEC_OP(&host.status_ops, i));
  retype_statuses(module);
  ckpt_vec_free(&host.launches);
  ckpt_vec_free(&host.status_ops);
}
