/* --ckpt-extern-dynamic-shared-memory: the global that convert-gpu-to-nvvm and
 * convert-gpu-to-rocdl make for gpu.dynamic_shared_memory gets external linkage.
 *
 * Both conversions make it an internal zero-length array in the workgroup address space
 * (`__dynamic_shmem__N`). Dynamic shared memory is the region after a kernel's static
 * shared memory, which the backends reach only through an external declaration (NVPTX:
 * `.extern .shared .b8 x[]`; AMDGPU: an external zero-length LDS array). An internal one
 * is a static variable of its own instead: NVPTX declares it as one byte of static shared
 * memory, so the kernel's accesses through it overlap the static buffers placed after
 * it, and the bytes the launch reserved go unused.
 *
 * Runs on a gpu.module after the conversion to the target's dialect. */
#include <string.h>

#include "ckpt/passes.h"
#include "ir.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/Dialect/LLVM.h"

static const char kPrefix[] = "__dynamic_shmem__";

MlirLogicalResult ckptRunExternDynamicSharedMemory(MlirOperation module) {
  ckpt_vec_t globals = {0};
  ckpt_collect_named(module, "llvm.mlir.global", false, &globals);
  MlirContext ctx = mlirOperationGetContext(module);
  /* Made only once there is a global: the linkage attribute needs the LLVM dialect,
   * which a module without LLVM ops may not have loaded. */
  MlirAttribute external = {NULL};
  for (size_t i = 0; i < globals.size; ++i) {
    MlirOperation global = {globals.items[i]};
    MlirAttribute name = mlirOperationGetAttributeByName(global, ckpt_str("sym_name"));
    if (mlirAttributeIsNull(name) || !mlirAttributeIsAString(name))
      continue;
    MlirStringRef text = mlirStringAttrGetValue(name);
    if (text.length < sizeof kPrefix - 1 || memcmp(text.data, kPrefix, sizeof kPrefix - 1) != 0)
      continue;
    if (mlirAttributeIsNull(external))
      external = mlirLLVMLinkageAttrGet(ctx, MlirLLVMLinkageExternal);
    mlirOperationSetAttributeByName(global, ckpt_str("linkage"), external);
  }
  ckpt_vec_free(&globals);
  return mlirLogicalResultSuccess();
}
