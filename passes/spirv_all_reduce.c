/* gpu.all_reduce in Vulkan kernels, through workgroup memory.
 *
 * MLIR's SPIR-V conversion makes gpu.all_reduce a workgroup-scope group operation, which
 * needs the Groups capability of OpenCL kernels, not shaders; its shuffle-based rewrite
 * (ckpt-lower-gpu-reductions on CUDA and HIP) needs subgroup operations, which ckpt's
 * SPIR-V 1.0 shaders do not have. The workgroup size of a shader is fixed, so the
 * reduction is a tree over a workgroup buffer with one element per invocation: each
 * invocation stores its value, then for s = P/2, P/4, ..., 1 (P the power of two at or
 * above the invocation count) those below s combine their element with the one s above
 * it, with a barrier after each step; all read element 0, and a last barrier lets a
 * reduction in a loop store into the buffer again. Every invocation must reach the op:
 * only `uniform` reductions are taken, as upstream's own lowering does. */
#include <stdio.h>
#include <string.h>

#include "ir.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "spirv_all_reduce.h"

/* The arith op combining two values of `type` for the reduction kind `kind` (the word in
 * `#gpu<all_reduce_op kind>`), or NULL for a kind that does not apply to the type. */
static const char *combiner(const char *kind, MlirType type) {
  static const struct {
    const char *kind, *integer, *floating;
  } kinds[] = {
      {"add", "arith.addi", "arith.addf"},  {"mul", "arith.muli", "arith.mulf"},
      {"minui", "arith.minui", NULL},       {"minsi", "arith.minsi", NULL},
      {"maxui", "arith.maxui", NULL},       {"maxsi", "arith.maxsi", NULL},
      {"and", "arith.andi", NULL},          {"or", "arith.ori", NULL},
      {"xor", "arith.xori", NULL},          {"minnumf", NULL, "arith.minnumf"},
      {"maxnumf", NULL, "arith.maxnumf"},   {"minimumf", NULL, "arith.minimumf"},
      {"maximumf", NULL, "arith.maximumf"},
  };
  for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; ++i)
    if (strcmp(kinds[i].kind, kind) == 0)
      return mlirTypeIsAInteger(type) ? kinds[i].integer : kinds[i].floating;
  return NULL;
}

/* The kind word of `op`'s `op` attribute into `out`, or false for the region form. */
static bool reduction_kind(MlirOperation op, char *out, size_t size) {
  MlirAttribute attr = mlirOperationGetAttributeByName(op, ckpt_str("op"));
  if (mlirAttributeIsNull(attr))
    return false;
  ckpt_sbuf_t text = {0};
  mlirAttributePrint(attr, ckpt_sbuf_callback, &text);
  /* #gpu<all_reduce_op add> */
  const char *word = text.data ? strstr(text.data, "all_reduce_op ") : NULL;
  snprintf(out, size, "%s", word ? word + strlen("all_reduce_op ") : "");
  char *end = strchr(out, '>');
  if (end)
    *end = '\0';
  ckpt_sbuf_free(&text);
  return true;
}

/* a (op) b at `at`: the kind's arith op, or the body of the op's region, cloned. */
static MlirValue combine(MlirOperation reduce, const char *kind, ckpt_insert_t at, MlirValue a,
                         MlirValue b) {
  MlirType type = mlirValueGetType(a);
  MlirValue operands[2] = {a, b};
  if (kind)
    return ckpt_build1(at, combiner(kind, type), 2, operands, type, 0, NULL);
  /* The region's block, taken from a clone of the whole op so that values defined in it
   * are remapped, moved in front of `at` with its arguments replaced; gpu.yield's operand
   * is the result. */
  MlirOperation clone = mlirOperationClone(reduce);
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(clone, 0));
  mlirValueReplaceAllUsesOfWith(mlirBlockGetArgument(body, 0), a);
  mlirValueReplaceAllUsesOfWith(mlirBlockGetArgument(body, 1), b);
  MlirValue result = {NULL};
  for (MlirOperation op = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(op);) {
    MlirOperation next = mlirOperationGetNextInBlock(op);
    if (ckpt_op_is(op, "gpu.yield")) {
      result = mlirOperationGetOperand(op, 0);
    } else {
      mlirOperationRemoveFromParent(op);
      if (mlirOperationIsNull(at.before))
        mlirBlockAppendOwnedOperation(at.block, op);
      else
        mlirBlockInsertOwnedOperationBefore(at.block, at.before, op);
    }
    op = next;
  }
  mlirOperationDestroy(clone);
  return result;
}

static MlirValue thread_id(ckpt_insert_t at, const char *dimension) {
  MlirContext ctx = mlirLocationGetContext(at.loc);
  char text[32];
  snprintf(text, sizeof text, "#gpu<dim %s>", dimension);
  MlirNamedAttribute attr =
      ckpt_named(ctx, "dimension", mlirAttributeParseGet(ctx, ckpt_str(text)));
  return ckpt_build1(at, "gpu.thread_id", 0, NULL, mlirIndexTypeGet(ctx), 1, &attr);
}

static MlirValue index_op(ckpt_insert_t at, const char *name, MlirValue a, MlirValue b) {
  MlirValue operands[2] = {a, b};
  return ckpt_build1(at, name, 2, operands, mlirValueGetType(a), 0, NULL);
}

/* Why `op` cannot be lowered, or NULL. */
static const char *problem(MlirOperation op, const char *kind) {
  if (mlirAttributeIsNull(mlirOperationGetAttributeByName(op, ckpt_str("uniform"))))
    return "'gpu.all_reduce' without 'uniform' has no lowering in MLIR (the lowering "
           "synchronises the workgroup with gpu.barrier, so every work item must reach it): "
           "mark it 'uniform' if every work item of the workgroup reaches it, else reduce "
           "through workgroup memory";
  MlirType type = mlirValueGetType(mlirOperationGetOperand(op, 0));
  if (mlirTypeIsAInteger(type) && mlirIntegerTypeGetWidth(type) < 16)
    return "'gpu.all_reduce' of integers narrower than 16 bits runs in a Vulkan kernel, whose "
           "workgroup memory holds them only with the Int8 capability, which the Vulkan "
           "target does not enable: extend the value to i16 or i32 first";
  if (kind && !combiner(kind, type))
    return "'gpu.all_reduce' combines its operand with a kind that does not apply to its "
           "type (a float kind on integers, a bitwise one on floats)";
  return NULL;
}

static bool lower(MlirOperation kernel, MlirOperation op, const int64_t size[3]) {
  char kind_text[32];
  const char *kind = reduction_kind(op, kind_text, sizeof kind_text) ? kind_text : NULL;
  const char *why = problem(op, kind);
  if (why) {
    ckpt_emit_error(op, "%s", why);
    return false;
  }
  MlirContext ctx = mlirOperationGetContext(op);
  MlirValue value = mlirOperationGetOperand(op, 0);
  MlirType type = mlirValueGetType(value);
  int64_t count = size[0] * size[1] * size[2];
  /* The buffer: a workgroup alloc at the kernel's start, which the SPIR-V conversion
   * makes a shader global of the Workgroup storage class. */
  MlirAttribute workgroup = mlirAttributeParseGet(ctx, ckpt_str("#spirv.storage_class<Workgroup>"));
  MlirType buffer_type = mlirMemRefTypeGet(type, 1, &count, mlirAttributeGetNull(), workgroup);
  MlirBlock entry = mlirRegionGetFirstBlock(mlirOperationGetRegion(kernel, 0));
  ckpt_insert_t start = {entry, mlirBlockGetFirstOperation(entry), mlirOperationGetLocation(op)};
  MlirValue buffer = ckpt_build1(start, "memref.alloc", 0, NULL, buffer_type, 0, NULL);

  ckpt_insert_t at = {mlirOperationGetBlock(op), op, mlirOperationGetLocation(op)};
  MlirValue x = thread_id(at, "x"), y = thread_id(at, "y"), z = thread_id(at, "z");
  MlirValue size_x = ckpt_arith_constant_index(at, size[0]);
  MlirValue size_y = ckpt_arith_constant_index(at, size[1]);
  MlirValue lane =
      index_op(at, "arith.addi", x,
               index_op(at, "arith.muli", size_x,
                        index_op(at, "arith.addi", y, index_op(at, "arith.muli", size_y, z))));
  MlirValue store[3] = {value, buffer, lane};
  ckpt_build0(at, "memref.store", 3, store, 0, NULL);
  ckpt_build0(at, "gpu.barrier", 0, NULL, 0, NULL);
  int64_t span = 1;
  while (span < count)
    span *= 2;
  for (int64_t s = span / 2; s >= 1; s /= 2) {
    /* Invocations below s whose partner lane + s exists. */
    int64_t active = s < count - s ? s : count - s;
    if (active <= 0)
      continue;
    MlirValue cond =
        ckpt_build_cmpi(at, CKPT_CMPI_ULT, lane, ckpt_arith_constant_index(at, active));
    MlirBlock then_block;
    ckpt_build_scf_if(at, cond, 0, NULL, &then_block, NULL);
    ckpt_insert_t in = {then_block, {NULL}, at.loc};
    MlirValue partner = index_op(in, "arith.addi", lane, ckpt_arith_constant_index(in, s));
    MlirValue mine_at[2] = {buffer, lane}, theirs_at[2] = {buffer, partner};
    MlirValue mine = ckpt_build1(in, "memref.load", 2, mine_at, type, 0, NULL);
    MlirValue theirs = ckpt_build1(in, "memref.load", 2, theirs_at, type, 0, NULL);
    MlirValue combined = combine(op, kind, in, mine, theirs);
    MlirValue back[3] = {combined, buffer, lane};
    ckpt_build0(in, "memref.store", 3, back, 0, NULL);
    ckpt_build0(in, "scf.yield", 0, NULL, 0, NULL);
    ckpt_build0(at, "gpu.barrier", 0, NULL, 0, NULL);
  }
  MlirValue first[2] = {buffer, ckpt_arith_constant_index(at, 0)};
  MlirValue result = ckpt_build1(at, "memref.load", 2, first, type, 0, NULL);
  ckpt_build0(at, "gpu.barrier", 0, NULL, 0, NULL);
  mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(op, 0), result);
  mlirOperationDestroy(op);
  return true;
}

bool ckpt_lower_spirv_all_reduces(MlirOperation kernel, const int64_t size[3]) {
  ckpt_vec_t reduces = {0};
  ckpt_collect_named(kernel, "gpu.all_reduce", false, &reduces);
  bool ok = true;
  for (size_t i = 0; i < reduces.size; ++i)
    ok = lower(kernel, CKPT_VEC_OP(&reduces, i), size) && ok;
  ckpt_vec_free(&reduces);
  return ok;
}
