/* --ckpt-workgroup-attributions: memref.alloc of workgroup memory in a CUDA or HIP kernel
 * becomes a workgroup attribution of the kernel.
 *
 * GPU front ends write shared memory either way, but only attributions become shared
 * memory: convert-gpu-to-nvvm and convert-gpu-to-rocdl make each a shared global of the
 * kernel, while an alloc in the workgroup address space lowers like any other alloc, to
 * a heap allocation whose pointer is then used as a shared one (out-of-bounds shared
 * writes at run time). So each alloc of a static shape (ckpt-check-target reports the
 * rest) becomes an attribution appended after the kernel's others, its deallocations
 * go, and its uses take the attribution.
 *
 * Every workgroup attribution without an alignment gets 16 bytes (llvm.align): the
 * backends vectorize adjacent shared loads into 128-bit ones, which need it, while the
 * shared global gets only its element's alignment (NVPTX prints the declaration before
 * the vectorizer could raise it), so a second buffer could start misaligned.
 *
 * Runs after gpu-kernel-outlining, so a task's gpu.launch body is a kernel by then. */
#include <stdlib.h>

#include "ckpt/passes.h"
#include "ir.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "spirv_views.h"

static const char kCountName[] = "workgroup_attributions";
static const char kAttrsName[] = "workgroup_attrib_attrs";
static const char kAlignName[] = "llvm.align";
/* Bytes: the widest vector access (128 bits) the backends make of adjacent loads. */
enum { kAlignment = 16 };

/* A memref.alloc of workgroup memory that can be an attribution: a static shape, so no
 * size operands. */
static MlirWalkResult collect_workgroup_allocs(MlirOperation op, void *user_data) {
  if (ckpt_op_is(op, "memref.alloc") && mlirOperationGetNumOperands(op) == 0) {
    MlirType type = mlirValueGetType(mlirOperationGetResult(op, 0));
    if (ckpt_is_workgroup_space(mlirMemRefTypeGetMemorySpace(type)) &&
        mlirShapedTypeHasStaticShape(type))
      ckpt_vec_push((ckpt_vec_t *)user_data, op.ptr);
  }
  return MlirWalkResultAdvance;
}

/* The number of workgroup attributions of `kernel`, which follow its arguments. */
static int64_t attribution_count(MlirOperation kernel) {
  MlirAttribute count = mlirOperationGetAttributeByName(kernel, ckpt_str(kCountName));
  return mlirAttributeIsNull(count) ? 0 : mlirIntegerAttrGetValueInt(count);
}

/* Whether `dict` (a dictionary or null) names an alignment. */
static bool has_alignment(MlirAttribute dict) {
  return !mlirAttributeIsNull(dict) &&
         !mlirAttributeIsNull(mlirDictionaryAttrGetElementByName(dict, ckpt_str(kAlignName)));
}

/* `dict` (a dictionary or null) with llvm.align = kAlignment added. */
static MlirAttribute with_alignment(MlirContext ctx, MlirAttribute dict) {
  intptr_t n = mlirAttributeIsNull(dict) ? 0 : mlirDictionaryAttrGetNumElements(dict);
  MlirNamedAttribute *named = calloc((size_t)n + 1, sizeof *named);
  for (intptr_t i = 0; i < n; ++i)
    named[i] = mlirDictionaryAttrGetElement(dict, i);
  named[n] = ckpt_named(ctx, kAlignName, mlirIntegerAttrGet(mlirIntegerTypeGet(ctx, 64), kAlignment));
  MlirAttribute result = mlirDictionaryAttrGet(ctx, n + 1, named);
  free(named);
  return result;
}

static void attribute_allocs(MlirOperation kernel) {
  ckpt_vec_t allocs = {0};
  mlirOperationWalk(kernel, collect_workgroup_allocs, &allocs, MlirWalkPreOrder);
  MlirContext ctx = mlirOperationGetContext(kernel);
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(kernel, 0));
  MlirType fn_type =
      mlirTypeAttrGetValue(mlirOperationGetAttributeByName(kernel, ckpt_str("function_type")));
  int64_t count = attribution_count(kernel);
  for (size_t i = 0; i < allocs.size; ++i) {
    MlirOperation alloc = CKPT_VEC_OP(&allocs, i);
    MlirValue memory = mlirOperationGetResult(alloc, 0);
    intptr_t position = mlirFunctionTypeGetNumInputs(fn_type) + (intptr_t)count;
    MlirValue attribution = mlirBlockInsertArgument(body, position, mlirValueGetType(memory),
                                                    mlirOperationGetLocation(alloc));
    ckpt_erase_deallocs(memory);
    mlirValueReplaceAllUsesOfWith(memory, attribution);
    mlirOperationDestroy(alloc);
    ++count;
  }
  ckpt_vec_free(&allocs);
  if (count == 0)
    return;
  mlirOperationSetAttributeByName(kernel, ckpt_str(kCountName),
                                  mlirIntegerAttrGet(mlirIntegerTypeGet(ctx, 64), count));
  /* One attribute dictionary per attribution, each with an alignment. */
  MlirAttribute attrs = mlirOperationGetAttributeByName(kernel, ckpt_str(kAttrsName));
  intptr_t known = mlirAttributeIsNull(attrs) ? 0 : mlirArrayAttrGetNumElements(attrs);
  MlirAttribute *dicts = calloc((size_t)count, sizeof *dicts);
  for (intptr_t i = 0; i < (intptr_t)count; ++i) {
    MlirAttribute dict = i < known ? mlirArrayAttrGetElement(attrs, i) : (MlirAttribute){NULL};
    dicts[i] = has_alignment(dict) ? dict : with_alignment(ctx, dict);
  }
  mlirOperationSetAttributeByName(kernel, ckpt_str(kAttrsName),
                                  mlirArrayAttrGet(ctx, (intptr_t)count, dicts));
  free(dicts);
}

MlirLogicalResult ckptRunWorkgroupAttributions(MlirOperation module) {
  ckpt_vec_t kernels = {0};
  ckpt_collect_gpu_kernels(module, &kernels);
  for (size_t i = 0; i < kernels.size; ++i)
    attribute_allocs(CKPT_VEC_OP(&kernels, i));
  ckpt_vec_free(&kernels);
  return mlirLogicalResultSuccess();
}
