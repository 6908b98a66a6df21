/* The view parameters of kernels written by hand, for --ckpt-spirv-views.
 *
 * A gpu.func kernel parameter that SPIR-V cannot index (a memref whose strides or offset
 * are only known at run time), or that the kernel views, becomes 2 + 2 * rank parameters:
 * the flat buffer of its allocation, its offset, its sizes and its strides. Every
 * gpu.launch_func of the kernel passes them, made from the memref it passed before
 * (ckpt_view_make_root, on the host), and the body goes through them as a gpu.launch body
 * does (ckpt_views_rewrite). Static parts of the layout stay constants in the kernel; their
 * parameters are passed but not read. */
#include <stdlib.h>

#include "ir.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "spirv_views.h"

/* gpu.launch_func operand segments: ..., kernel operands (11), async object (12). */
enum { SEG_KERNEL_OPERANDS = 11, SEG_COUNT = 13 };

static MlirWalkResult collect_launch_funcs(MlirOperation op, void *user_data) {
  if (ckpt_op_is(op, "gpu.launch_func"))
    ckpt_vec_push((ckpt_vec_t *)user_data, op.ptr);
  return MlirWalkResultAdvance;
}

/* A parameter the kernel must see as a view: SPIR-V cannot index it, a view op (or
 * memref.extract_strided_metadata) takes it apart, or memref.dim measures it (SPIR-V
 * buffers carry no sizes, so the size must come as a parameter). */
static bool needs_view(MlirValue parameter) {
  MlirType type = mlirValueGetType(parameter);
  if (!mlirTypeIsAMemRef(type))
    return false;
  if (!ckpt_spirv_indexable(type))
    return true;
  for (MlirOpOperand use = mlirValueGetFirstUse(parameter); !mlirOpOperandIsNull(use);
       use = mlirOpOperandGetNextUse(use)) {
    MlirOperation user = mlirOpOperandGetOwner(use);
    if (mlirOpOperandGetOperandNumber(use) == 0 &&
        (ckpt_is_view_op(user) || ckpt_op_is(user, "memref.extract_strided_metadata") ||
         ckpt_op_is(user, "memref.dim")))
      return true;
  }
  return false;
}

/* Inserts the view parameters of `parameter` (block argument `at` of `body`) after it and
 * records them in `views`; constants for the static parts go before `entry`. */
static bool add_view_parameters(MlirOperation kernel, MlirBlock body, intptr_t at,
                                ckpt_insert_t entry, ckpt_views_t *views) {
  MlirContext ctx = mlirOperationGetContext(kernel);
  MlirLocation loc = mlirOperationGetLocation(kernel);
  MlirValue parameter = mlirBlockGetArgument(body, at);
  MlirType type = mlirValueGetType(parameter);
  intptr_t rank = mlirShapedTypeGetRank(type);
  int64_t strides[CKPT_MAX_VIEW_RANK], offset = 0;
  if (rank > CKPT_MAX_VIEW_RANK ||
      mlirLogicalResultIsFailure(mlirMemRefTypeGetStridesAndOffset(type, strides, &offset))) {
    char name[256];
    ckpt_emit_error(kernel, "argument %ld of kernel '%s' is a memref of rank above %d or with "
                            "a layout that is not strided, which Vulkan kernels cannot index",
                    (long)at, ckpt_symbol_name(kernel, name, sizeof name), CKPT_MAX_VIEW_RANK);
    return false;
  }
  MlirType index = mlirIndexTypeGet(ctx);
  int64_t dynamic = mlirShapedTypeGetDynamicSize();
  ckpt_view_t *view = ckpt_views_add(views);
  view->value = parameter;
  view->rank = rank;
  intptr_t next = at + 1;
  view->flat = mlirBlockInsertArgument(
      body, next++,
      mlirMemRefTypeContiguousGet(mlirShapedTypeGetElementType(type), 1, &dynamic,
                                  mlirMemRefTypeGetMemorySpace(type)),
      loc);
  MlirValue offset_parameter = mlirBlockInsertArgument(body, next++, index, loc);
  view->offset = mlirShapedTypeIsDynamicStrideOrOffset(offset)
                     ? offset_parameter
                     : ckpt_arith_constant_index(entry, offset);
  for (intptr_t d = 0; d < rank; ++d) {
    MlirValue size = mlirBlockInsertArgument(body, next++, index, loc);
    view->sizes[d] = mlirShapedTypeIsDynamicDim(type, d)
                         ? size
                         : ckpt_arith_constant_index(entry, mlirShapedTypeGetDimSize(type, d));
  }
  for (intptr_t d = 0; d < rank; ++d) {
    MlirValue stride = mlirBlockInsertArgument(body, next++, index, loc);
    view->strides[d] = mlirShapedTypeIsDynamicStrideOrOffset(strides[d])
                           ? stride
                           : ckpt_arith_constant_index(entry, strides[d]);
  }
  return true;
}

/* The kernel's function_type (and arg_attrs, where it has them) for its new parameters:
 * `replaced[i]` is the rank of old parameter i if it became a view, else -1. */
static void update_signature(MlirOperation kernel, MlirBlock body, const intptr_t *replaced,
                             intptr_t old_inputs) {
  MlirContext ctx = mlirOperationGetContext(kernel);
  MlirType old = mlirTypeAttrGetValue(
      mlirOperationGetAttributeByName(kernel, ckpt_str("function_type")));
  intptr_t inputs = 0;
  for (intptr_t i = 0; i < old_inputs; ++i)
    inputs += replaced[i] < 0 ? 1 : 2 + 2 * replaced[i];
  MlirType *types = calloc((size_t)inputs + 1, sizeof(MlirType));
  MlirType *results = calloc((size_t)mlirFunctionTypeGetNumResults(old) + 1, sizeof(MlirType));
  for (intptr_t i = 0; i < inputs; ++i)
    types[i] = mlirValueGetType(mlirBlockGetArgument(body, i));
  for (intptr_t i = 0; i < mlirFunctionTypeGetNumResults(old); ++i)
    results[i] = mlirFunctionTypeGetResult(old, i);
  mlirOperationSetAttributeByName(
      kernel, ckpt_str("function_type"),
      mlirTypeAttrGet(mlirFunctionTypeGet(ctx, inputs, types,
                                          mlirFunctionTypeGetNumResults(old), results)));
  MlirAttribute arg_attrs = mlirOperationGetAttributeByName(kernel, ckpt_str("arg_attrs"));
  if (!mlirAttributeIsNull(arg_attrs) && mlirAttributeIsAArray(arg_attrs)) {
    MlirAttribute *entries = calloc((size_t)inputs + 1, sizeof(MlirAttribute));
    intptr_t k = 0;
    for (intptr_t i = 0; i < old_inputs; ++i) {
      if (replaced[i] < 0) {
        entries[k++] = mlirArrayAttrGetElement(arg_attrs, i);
        continue;
      }
      for (intptr_t j = 0; j < 2 + 2 * replaced[i]; ++j)
        entries[k++] = mlirDictionaryAttrGet(ctx, 0, NULL);
    }
    mlirOperationSetAttributeByName(kernel, ckpt_str("arg_attrs"),
                                    mlirArrayAttrGet(ctx, inputs, entries));
    free(entries);
  }
  free(types);
  free(results);
}

/* Makes `launch` pass the view parameters for every replaced kernel operand. */
static bool update_launch(MlirOperation launch, const intptr_t *replaced, intptr_t old_inputs) {
  MlirContext ctx = mlirOperationGetContext(launch);
  MlirAttribute segments_attr =
      mlirOperationGetAttributeByName(launch, ckpt_str("operandSegmentSizes"));
  if (mlirAttributeIsNull(segments_attr) ||
      mlirDenseArrayGetNumElements(segments_attr) != SEG_COUNT) {
    ckpt_emit_error(launch, "this gpu.launch_func has not the %d operand groups this version "
                            "of ckpt knows",
                    SEG_COUNT);
    return false;
  }
  int32_t segments[SEG_COUNT];
  intptr_t first = 0;
  for (int s = 0; s < SEG_COUNT; ++s) {
    segments[s] = mlirDenseI32ArrayGetElement(segments_attr, s);
    if (s < SEG_KERNEL_OPERANDS)
      first += segments[s];
  }
  if (segments[SEG_KERNEL_OPERANDS] != old_inputs) {
    ckpt_emit_error(launch, "this launch passes %d operands to a kernel taking %ld",
                    segments[SEG_KERNEL_OPERANDS], (long)old_inputs);
    return false;
  }
  intptr_t count = mlirOperationGetNumOperands(launch);
  intptr_t capacity = count + 2 * CKPT_MAX_VIEW_RANK * (old_inputs + 1);
  MlirValue *operands = calloc((size_t)capacity, sizeof(MlirValue));
  intptr_t k = 0;
  ckpt_insert_t at = {mlirOperationGetBlock(launch), launch, mlirOperationGetLocation(launch)};
  bool ok = true;
  for (intptr_t i = 0; i < count; ++i) {
    MlirValue operand = mlirOperationGetOperand(launch, i);
    intptr_t input = i - first;
    if (input < 0 || input >= old_inputs || replaced[input] < 0) {
      operands[k++] = operand;
      continue;
    }
    ckpt_view_t view;
    if (!ckpt_view_make_root(at, operand, &view)) {
      ckpt_emit_error(launch, "kernel operand %ld has a layout that is not strided, which "
                              "Vulkan kernels cannot index",
                      (long)input);
      ok = false;
      operands[k++] = operand;
      continue;
    }
    operands[k++] = view.flat;
    operands[k++] = view.offset;
    for (intptr_t d = 0; d < view.rank; ++d)
      operands[k++] = view.sizes[d];
    for (intptr_t d = 0; d < view.rank; ++d)
      operands[k++] = view.strides[d];
    segments[SEG_KERNEL_OPERANDS] += (int32_t)(1 + 2 * view.rank);
  }
  mlirOperationSetOperands(launch, k, operands);
  mlirOperationSetAttributeByName(launch, ckpt_str("operandSegmentSizes"),
                                  mlirDenseI32ArrayGet(ctx, SEG_COUNT, segments));
  free(operands);
  return ok;
}

static bool rewrite_kernel(MlirOperation kernel, const ckpt_vec_t *launch_funcs) {
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(kernel, 0));
  if (mlirBlockIsNull(body))
    return true;
  intptr_t inputs = mlirFunctionTypeGetNumInputs(mlirTypeAttrGetValue(
      mlirOperationGetAttributeByName(kernel, ckpt_str("function_type"))));
  intptr_t *replaced = malloc(((size_t)inputs + 1) * sizeof(intptr_t));
  ckpt_views_t views = {0};
  ckpt_insert_t entry = {body, mlirBlockGetFirstOperation(body), mlirOperationGetLocation(kernel)};
  bool ok = true, any = false;
  /* From the last parameter back, so that inserting keeps the earlier positions. */
  for (intptr_t i = inputs - 1; i >= 0; --i) {
    replaced[i] = -1;
    MlirValue parameter = mlirBlockGetArgument(body, i);
    if (!needs_view(parameter))
      continue;
    if (!add_view_parameters(kernel, body, i, entry, &views)) {
      ok = false;
      continue;
    }
    replaced[i] = mlirShapedTypeGetRank(mlirValueGetType(parameter));
    any = true;
  }
  ok = ckpt_views_rewrite(kernel, &views) && ok;
  if (ok && any) {
    for (size_t v = 0; v < views.size; ++v) {
      for (intptr_t k = 0; k < mlirBlockGetNumArguments(body); ++k) {
        MlirValue old = mlirBlockGetArgument(body, k);
        if (mlirValueEqual(old, views.items[v].value) &&
            mlirOpOperandIsNull(mlirValueGetFirstUse(old))) {
          mlirBlockEraseArgument(body, (unsigned)k);
          break;
        }
      }
    }
    update_signature(kernel, body, replaced, inputs);
    for (size_t i = 0; i < launch_funcs->size; ++i) {
      MlirOperation launch = CKPT_VEC_OP(launch_funcs, i);
      if (ckpt_launch_func_targets(launch, kernel))
        ok = update_launch(launch, replaced, inputs) && ok;
    }
  }
  free(views.items);
  free(replaced);
  return ok;
}

bool ckpt_spirv_view_kernels(MlirOperation module) {
  ckpt_vec_t kernels = {0}, launch_funcs = {0};
  ckpt_collect_gpu_kernels(module, &kernels);
  mlirOperationWalk(module, collect_launch_funcs, &launch_funcs, MlirWalkPreOrder);
  bool ok = true;
  for (size_t i = 0; i < kernels.size; ++i)
    ok = rewrite_kernel(CKPT_VEC_OP(&kernels, i), &launch_funcs) && ok;
  ckpt_vec_free(&kernels);
  ckpt_vec_free(&launch_funcs);
  return ok;
}
