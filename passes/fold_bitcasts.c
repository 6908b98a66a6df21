/* --ckpt-fold-bitcasts: an arith.bitcast of an arith.bitcast back to the first one's
 * source type is that source; complex.re and complex.im of a complex.create are its
 * parts.
 *
 * On Vulkan, bf16 has no SPIR-V type: its arithmetic is emulated in f32
 * (arith-emulate-unsupported-floats) and the conversions between them done on the bits
 * (arith-expand{include-bf16}), which leaves i16 -> bf16 -> i16 bitcast pairs between
 * the emulated ops. Folding them removes the last bf16 values. Complex numbers have no
 * SPIR-V type either: convert-complex-to-standard computes on their parts, taking them
 * with complex.re and complex.im and putting results together with complex.create, so
 * folding those pairs removes the complex values that only carry parts between ops. The
 * canonicalizer would fold both too, but also narrows comparisons of extended i8 values,
 * undoing what ckpt-prepare-spirv-tasks widened (spirv_integers.c). An op that keeps a
 * complex value in a kernel afterwards (a loop carrying it, scratch holding it) is
 * reported. */
#include <string.h>

#include "ckpt/passes.h"
#include "ir.h"
#include "mlir-c/BuiltinTypes.h"

static MlirWalkResult collect_pairs(MlirOperation op, void *user_data) {
  if (ckpt_op_is(op, "arith.bitcast") || ckpt_op_is(op, "complex.re") ||
      ckpt_op_is(op, "complex.im") || ckpt_op_is(op, "complex.create"))
    ckpt_vec_push((ckpt_vec_t *)user_data, op.ptr);
  return MlirWalkResultAdvance;
}

/* What `op` reads through its producer, or null. */
static MlirValue folded(MlirOperation op) {
  MlirValue input = mlirOperationGetOperand(op, 0);
  if (!mlirValueIsAOpResult(input))
    return (MlirValue){NULL};
  MlirOperation producer = mlirOpResultGetOwner(input);
  if (ckpt_op_is(op, "arith.bitcast") && ckpt_op_is(producer, "arith.bitcast")) {
    MlirValue source = mlirOperationGetOperand(producer, 0);
    if (mlirTypeEqual(mlirValueGetType(source), mlirValueGetType(mlirOperationGetResult(op, 0))))
      return source;
  }
  if (ckpt_op_is(producer, "complex.create") && ckpt_op_is(op, "complex.re"))
    return mlirOperationGetOperand(producer, 0);
  if (ckpt_op_is(producer, "complex.create") && ckpt_op_is(op, "complex.im"))
    return mlirOperationGetOperand(producer, 1);
  return (MlirValue){NULL};
}

/* An op outside the complex dialect that makes a complex value: complex ops are
 * rewritten on the parts, and what keeps their results (a loop carrying one, say) is
 * what the message names. */
static MlirWalkResult report_complex(MlirOperation op, void *user_data) {
  char name[64];
  if (strncmp(ckpt_op_name(op, name, sizeof name), "complex.", 8) == 0)
    return MlirWalkResultAdvance;
  bool complex = false;
  for (intptr_t i = 0; i < mlirOperationGetNumResults(op); ++i)
    complex = complex || mlirTypeIsAComplex(
                             ckpt_element_type(mlirValueGetType(mlirOperationGetResult(op, i))));
  if (!complex)
    return MlirWalkResultAdvance;
  ckpt_emit_error(op,
                  "'%s' makes a complex value in a Vulkan kernel, where complex numbers "
                  "(no SPIR-V type) exist only between complex arithmetic ops: store and "
                  "carry the real and imaginary parts as floats (complex.re, complex.im)",
                  ckpt_op_name(op, name, sizeof name));
  *(bool *)user_data = false;
  return MlirWalkResultAdvance;
}

MlirLogicalResult ckptRunFoldBitcasts(MlirOperation module) {
  ckpt_vec_t ops = {0};
  mlirOperationWalk(module, collect_pairs, &ops, MlirWalkPostOrder);
  for (size_t i = 0; i < ops.size; ++i) {
    MlirOperation op = CKPT_VEC_OP(&ops, i);
    MlirValue source = folded(op);
    if (!mlirValueIsNull(source))
      mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(op, 0), source);
  }
  /* The ops left without uses go, inner ones after the outer ones that used them. */
  for (size_t i = ops.size; i-- > 0;) {
    MlirOperation op = CKPT_VEC_OP(&ops, i);
    if (mlirOpOperandIsNull(mlirValueGetFirstUse(mlirOperationGetResult(op, 0))))
      mlirOperationDestroy(op);
  }
  ckpt_vec_free(&ops);
  bool ok = true;
  ckpt_vec_t gpu_modules = {0};
  ckpt_collect_named(module, "gpu.module", false, &gpu_modules);
  for (size_t i = 0; i < gpu_modules.size; ++i)
    mlirOperationWalk(CKPT_VEC_OP(&gpu_modules, i), report_complex, &ok, MlirWalkPreOrder);
  ckpt_vec_free(&gpu_modules);
  return ok ? mlirLogicalResultSuccess() : mlirLogicalResultFailure();
}
