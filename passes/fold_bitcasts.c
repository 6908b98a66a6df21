/* --ckpt-fold-bitcasts: an arith.bitcast of an arith.bitcast back to the first one's
 * source type is that source.
 *
 * On Vulkan, bf16 has no SPIR-V type: its arithmetic is emulated in f32
 * (arith-emulate-unsupported-floats) and the conversions between them done on the bits
 * (arith-expand{include-bf16}), which leaves i16 -> bf16 -> i16 bitcast pairs between
 * the emulated ops. Folding them removes the last bf16 values. The canonicalizer would
 * fold them too, but also narrows comparisons of extended i8 values, undoing what
 * ckpt-prepare-spirv-tasks widened (spirv_integers.c). */
#include "ckpt/passes.h"
#include "ir.h"

static MlirWalkResult collect_bitcasts(MlirOperation op, void *user_data) {
  if (ckpt_op_is(op, "arith.bitcast"))
    ckpt_vec_push((ckpt_vec_t *)user_data, op.ptr);
  return MlirWalkResultAdvance;
}

MlirLogicalResult ckptRunFoldBitcasts(MlirOperation module) {
  ckpt_vec_t casts = {0};
  mlirOperationWalk(module, collect_bitcasts, &casts, MlirWalkPostOrder);
  for (size_t i = 0; i < casts.size; ++i) {
    MlirOperation cast = CKPT_VEC_OP(&casts, i);
    MlirValue input = mlirOperationGetOperand(cast, 0);
    if (!mlirValueIsAOpResult(input) || !ckpt_op_is(mlirOpResultGetOwner(input), "arith.bitcast"))
      continue;
    MlirValue source = mlirOperationGetOperand(mlirOpResultGetOwner(input), 0);
    MlirValue result = mlirOperationGetResult(cast, 0);
    if (mlirTypeEqual(mlirValueGetType(source), mlirValueGetType(result)))
      mlirValueReplaceAllUsesOfWith(result, source);
  }
  /* The casts left without uses go, inner ones after the outer ones that used them. */
  for (size_t i = casts.size; i-- > 0;) {
    MlirOperation cast = CKPT_VEC_OP(&casts, i);
    if (mlirOpOperandIsNull(mlirValueGetFirstUse(mlirOperationGetResult(cast, 0))))
      mlirOperationDestroy(cast);
  }
  ckpt_vec_free(&casts);
  return mlirLogicalResultSuccess();
}
