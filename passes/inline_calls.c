/* Inlining single-block func.func calls (inline_calls.h). */
#include "inline_calls.h"

#include "ir.h"
#include "mlir-c/BuiltinAttributes.h"

enum { MAX_INLINE_ROUNDS = 16 };

/* Replaces `op` by the ops of `body` (a block without arguments): its results by what the
 * block's terminator returns. The terminator stays in `body`. */
void ckpt_replace_by_block(MlirOperation op, MlirBlock body) {
  MlirOperation terminator = mlirBlockGetTerminator(body);
  for (intptr_t i = 0; i < mlirOperationGetNumResults(op); ++i)
    mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(op, i),
                                  mlirOperationGetOperand(terminator, i));
  ckpt_vec_t ops = {0};
  ckpt_block_ops(body, &ops);
  for (size_t i = 0; i + 1 < ops.size; ++i)
    mlirOperationMoveBefore(CKPT_VEC_OP(&ops, i), op);
  ckpt_vec_free(&ops);
  mlirOperationDestroy(op);
}

/* Replaces `call` by a copy of the body of `callee` (a single block ending in
 * func.return). */
static void inline_call(MlirOperation call, MlirOperation callee) {
  MlirOperation copy = mlirOperationClone(callee);
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(copy, 0));
  for (intptr_t i = 0; i < mlirBlockGetNumArguments(body); ++i)
    mlirValueReplaceAllUsesOfWith(mlirBlockGetArgument(body, i), mlirOperationGetOperand(call, i));
  ckpt_replace_by_block(call, body);
  mlirOperationDestroy(copy);
}

static MlirStringRef callee_of(MlirOperation call) {
  return mlirFlatSymbolRefAttrGetValue(mlirOperationGetAttributeByName(call, ckpt_str("callee")));
}

void ckpt_inline_calls(MlirOperation launch, MlirSymbolTable symbols) {
  for (int round = 0; round < MAX_INLINE_ROUNDS; ++round) {
    ckpt_vec_t calls = {0};
    ckpt_collect_named(launch, "func.call", false, &calls);
    size_t inlined = 0;
    for (size_t i = 0; i < calls.size; ++i) {
      MlirOperation call = CKPT_VEC_OP(&calls, i);
      MlirOperation callee = mlirSymbolTableLookup(symbols, callee_of(call));
      if (mlirOperationIsNull(callee) || !ckpt_op_is(callee, "func.func"))
        continue;
      MlirRegion region = mlirOperationGetRegion(callee, 0);
      MlirBlock entry = mlirRegionGetFirstBlock(region);
      /* A declaration or a multi-block body stays a call, for the SPIR-V conversion to
       * take or report (the Vulkan pipeline lifts functions' branches into scf before
       * this, so a body left with several blocks is one lift-cf-to-scf did not take). */
      if (mlirBlockIsNull(entry) || !mlirBlockIsNull(mlirBlockGetNextInRegion(entry)))
        continue;
      inline_call(call, callee);
      ++inlined;
    }
    ckpt_vec_free(&calls);
    if (inlined == 0)
      return;
  }
}

static bool called(const ckpt_vec_t *calls, MlirStringRef name) {
  for (size_t i = 0; i < calls->size; ++i)
    if (mlirStringRefEqual(callee_of(CKPT_VEC_OP(calls, i)), name))
      return true;
  return false;
}

void ckpt_inline_kernel_helpers(MlirOperation module) {
  ckpt_vec_t gpu_modules = {0};
  ckpt_collect_named(module, "gpu.module", false, &gpu_modules);
  for (size_t m = 0; m < gpu_modules.size; ++m) {
    MlirOperation gpu_module = CKPT_VEC_OP(&gpu_modules, m);
    MlirSymbolTable symbols = mlirSymbolTableCreate(gpu_module);
    ckpt_vec_t kernels = {0};
    ckpt_collect_named(gpu_module, "gpu.func", false, &kernels);
    for (size_t k = 0; k < kernels.size; ++k)
      ckpt_inline_calls(CKPT_VEC_OP(&kernels, k), symbols);
    ckpt_vec_free(&kernels);
    mlirSymbolTableDestroy(symbols);
    /* Helpers nothing calls any more go (in rounds: a helper called only by such a helper
     * goes after it): no target's kernel conversion needs them, and SPIR-V's takes no
     * func.func at all. */
    MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(gpu_module, 0));
    for (bool erased = true; erased;) {
      erased = false;
      ckpt_vec_t calls = {0}, helpers = {0};
      ckpt_collect_named(gpu_module, "func.call", false, &calls);
      for (MlirOperation op = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(op);
           op = mlirOperationGetNextInBlock(op)) {
        if (!ckpt_op_is(op, "func.func"))
          continue;
        MlirAttribute name = mlirOperationGetAttributeByName(op, ckpt_str("sym_name"));
        if (!called(&calls, mlirStringAttrGetValue(name)))
          ckpt_vec_push(&helpers, op.ptr);
      }
      for (size_t h = 0; h < helpers.size; ++h)
        mlirOperationDestroy(CKPT_VEC_OP(&helpers, h));
      erased = helpers.size > 0;
      ckpt_vec_free(&helpers);
      ckpt_vec_free(&calls);
    }
  }
  ckpt_vec_free(&gpu_modules);
}
