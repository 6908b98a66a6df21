/* --ckpt-lower-to-llvm{target=...}: the ckpt passes, then the upstream conversions that
 * take what they leave (func, scf, affine, arith, memref, vector, LLVM) to LLVM. */
#include <string.h>

#include "ckpt/passes.h"
#include "ir.h"

static const char *const kTargets[] = {"cpu", "cuda", "hip", "vulkan"};

MlirLogicalResult ckptBuildLowerToLLVMPipeline(MlirOpPassManager pm, MlirStringRef target,
                                               MlirStringCallback on_error, void *user_data) {
  bool known = false;
  for (size_t i = 0; i < sizeof(kTargets) / sizeof(kTargets[0]); ++i)
    known |= mlirStringRefEqual(target, ckpt_str(kTargets[i]));
  ckpt_sbuf_t text = {0};
  if (!known) {
    ckpt_sbuf_printf(&text, "unknown target '%.*s'; expected one of: cpu, cuda, hip, vulkan",
                     (int)target.length, target.data);
    on_error(mlirStringRefCreate(text.data, text.size), user_data);
    ckpt_sbuf_free(&text);
    return mlirLogicalResultFailure();
  }
  ckpt_sbuf_printf(&text,
                   "ckpt-auto-wrap,ckpt-number,ckpt-lower-host-dispatch{target=%.*s},"
                   "lower-affine,scf-forall-to-parallel,convert-scf-to-cf,"
                   "convert-vector-to-llvm,expand-strided-metadata,finalize-memref-to-llvm,"
                   "convert-math-to-llvm,convert-arith-to-llvm,convert-index-to-llvm,"
                   "convert-cf-to-llvm,convert-func-to-llvm,reconcile-unrealized-casts",
                   (int)target.length, target.data);
  MlirLogicalResult result =
      mlirOpPassManagerAddPipeline(pm, mlirStringRefCreate(text.data, text.size), on_error,
                                   user_data);
  ckpt_sbuf_free(&text);
  return result;
}
