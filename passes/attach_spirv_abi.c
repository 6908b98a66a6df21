/* The glue between MLIR's GPU and SPIR-V paths for the Vulkan target.
 *
 * --ckpt-attach-spirv-abi prepares outlined kernels for convert-gpu-to-spirv.
 * SPIR-V compute shaders fix their workgroup size in the module (the LocalSize execution
 * mode), so every kernel gets `spirv.entry_point_abi = #spirv.entry_point_abi<
 * workgroup_size = [x, y, z]>` from the `known_block_size` that gpu-kernel-outlining
 * recorded from the launch's constant block sizes. A kernel without one (a gpu.launch
 * whose block size is computed at run time) cannot become a shader.
 *
 * SPIR-V has no memref.dim: a dynamic size is not stored anywhere the shader can read it.
 * Static sizes fold to constants here; a dynamic one is an error that names the fix.
 *
 * --ckpt-nest-spirv-modules moves what convert-gpu-to-spirv made of each gpu.module
 * (with Shader capabilities it puts the spirv.module `__spv__<name>` beside the gpu.module)
 * into that gpu.module, where gpu-module-to-binary's SPIR-V target serializes it from. */
#include <stdio.h>
#include <string.h>

#include "ckpt/passes.h"
#include "ir.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

static MlirWalkResult collect_kernels(MlirOperation op, void *user_data) {
  if (ckpt_op_is(op, "gpu.func") &&
      !mlirAttributeIsNull(mlirOperationGetAttributeByName(op, ckpt_str("gpu.kernel"))))
    ckpt_vec_push((ckpt_vec_t *)user_data, op.ptr);
  return MlirWalkResultAdvance;
}

static MlirWalkResult collect_dims(MlirOperation op, void *user_data) {
  if (ckpt_op_is(op, "memref.dim"))
    ckpt_vec_push((ckpt_vec_t *)user_data, op.ptr);
  return MlirWalkResultAdvance;
}

/* The constant an index value is defined by, if it is one. */
static bool constant_index(MlirValue value, int64_t *out) {
  if (!mlirValueIsAOpResult(value))
    return false;
  MlirOperation def = mlirOpResultGetOwner(value);
  if (!ckpt_op_is(def, "arith.constant"))
    return false;
  MlirAttribute attr = mlirOperationGetAttributeByName(def, ckpt_str("value"));
  if (mlirAttributeIsNull(attr) || !mlirAttributeIsAInteger(attr))
    return false;
  *out = mlirIntegerAttrGetValueInt(attr);
  return true;
}

/* Folds memref.dim of a static size; reports a dynamic one. */
static bool fold_dim(MlirOperation dim) {
  MlirValue source = mlirOperationGetOperand(dim, 0);
  MlirType type = mlirValueGetType(source);
  int64_t index = 0;
  if (mlirTypeIsAMemRef(type) && constant_index(mlirOperationGetOperand(dim, 1), &index) &&
      index >= 0 && index < mlirShapedTypeGetRank(type) &&
      !mlirShapedTypeIsDynamicDim(type, (intptr_t)index)) {
    ckpt_insert_t at = {mlirOperationGetBlock(dim), dim, mlirOperationGetLocation(dim)};
    MlirValue size = ckpt_arith_constant_index(at, mlirShapedTypeGetDimSize(type, (intptr_t)index));
    mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(dim, 0), size);
    mlirOperationDestroy(dim);
    return true;
  }
  ckpt_emit_error(dim, "memref.dim of a dynamic size inside a task cannot be compiled for "
                       "Vulkan (SPIR-V buffers carry no sizes): take the size with memref.dim "
                       "in the graph kernel, outside the task, and use that value inside");
  return false;
}

static bool attach_abi(MlirContext ctx, MlirOperation kernel) {
  MlirAttribute block = mlirOperationGetAttributeByName(kernel, ckpt_str("known_block_size"));
  if (mlirAttributeIsNull(block) || !mlirAttributeIsADenseI32Array(block) ||
      mlirDenseArrayGetNumElements(block) != 3) {
    char name[256];
    ckpt_emit_error(kernel, "kernel '%s' has no constant block size (known_block_size); a "
                            "Vulkan compute shader fixes its workgroup size, so launch it "
                            "with arith.constant block sizes",
                    ckpt_symbol_name(kernel, name, sizeof name));
    return false;
  }
  char text[160];
  snprintf(text, sizeof text, "#spirv.entry_point_abi<workgroup_size = [%d, %d, %d]>",
           (int)mlirDenseI32ArrayGetElement(block, 0), (int)mlirDenseI32ArrayGetElement(block, 1),
           (int)mlirDenseI32ArrayGetElement(block, 2));
  MlirAttribute abi = mlirAttributeParseGet(ctx, ckpt_str(text));
  if (mlirAttributeIsNull(abi)) {
    ckpt_emit_error(kernel, "cannot build %s: is the SPIR-V dialect loaded?", text);
    return false;
  }
  mlirOperationSetDiscardableAttributeByName(kernel, ckpt_str("spirv.entry_point_abi"), abi);
  return true;
}

MlirLogicalResult ckptRunAttachSpirvAbi(MlirOperation module) {
  MlirContext ctx = mlirOperationGetContext(module);
  ckpt_vec_t kernels = {0};
  mlirOperationWalk(module, collect_kernels, &kernels, MlirWalkPreOrder);
  bool ok = true;
  for (size_t i = 0; i < kernels.size; ++i) {
    MlirOperation kernel = CKPT_VEC_OP(&kernels, i);
    ok = attach_abi(ctx, kernel) && ok;
    ckpt_vec_t dims = {0};
    mlirOperationWalk(kernel, collect_dims, &dims, MlirWalkPreOrder);
    for (size_t d = 0; d < dims.size; ++d)
      ok = fold_dim(CKPT_VEC_OP(&dims, d)) && ok;
    ckpt_vec_free(&dims);
  }
  ckpt_vec_free(&kernels);
  return ok ? mlirLogicalResultSuccess() : mlirLogicalResultFailure();
}

static MlirWalkResult collect_spirv_modules(MlirOperation op, void *user_data) {
  if (ckpt_op_is(op, "spirv.module"))
    ckpt_vec_push((ckpt_vec_t *)user_data, op.ptr);
  return ckpt_op_is(op, "builtin.module") ? MlirWalkResultAdvance : MlirWalkResultSkip;
}

static const char kSpirvModulePrefix[] = "__spv__";

MlirLogicalResult ckptRunNestSpirvModules(MlirOperation module) {
  ckpt_vec_t spirv_modules = {0};
  mlirOperationWalk(module, collect_spirv_modules, &spirv_modules, MlirWalkPreOrder);
  MlirSymbolTable symbols = mlirSymbolTableCreate(module);
  bool ok = true;
  for (size_t i = 0; i < spirv_modules.size; ++i) {
    MlirOperation spirv_module = CKPT_VEC_OP(&spirv_modules, i);
    MlirAttribute name = mlirOperationGetAttributeByName(spirv_module, ckpt_str("sym_name"));
    MlirStringRef text = mlirAttributeIsNull(name) ? ckpt_str("") : mlirStringAttrGetValue(name);
    size_t prefix = sizeof kSpirvModulePrefix - 1;
    MlirOperation gpu_module = {NULL};
    if (text.length > prefix && memcmp(text.data, kSpirvModulePrefix, prefix) == 0)
      gpu_module = mlirSymbolTableLookup(
          symbols, mlirStringRefCreate(text.data + prefix, text.length - prefix));
    if (mlirOperationIsNull(gpu_module) || !ckpt_op_is(gpu_module, "gpu.module")) {
      ckpt_emit_error(spirv_module, "no gpu.module for this spirv.module: expected one named "
                                    "after its '%s' prefix, as convert-gpu-to-spirv names them",
                      kSpirvModulePrefix);
      ok = false;
      continue;
    }
    MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(gpu_module, 0));
    mlirOperationMoveBefore(spirv_module, mlirBlockGetFirstOperation(body));
  }
  mlirSymbolTableDestroy(symbols);
  ckpt_vec_free(&spirv_modules);
  return ok ? mlirLogicalResultSuccess() : mlirLogicalResultFailure();
}
