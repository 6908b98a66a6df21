/* Integer rewrites of --ckpt-prepare-spirv-tasks: integer ops that MLIR's SPIR-V conversion
 * rejects, or converts wrongly for the Vulkan target's types (i8 is emulated on i32, since
 * the target enables Int16 and Int64 but not Int8), rewritten into arith ops it converts.
 *
 *  - index dialect ops become the arith ops they mirror (index.add -> arith.addi,
 *    index.casts -> arith.index_cast, index.cmp -> arith.cmpi, ...; index.sizeof -> 32,
 *    the Vulkan target's index width): the SPIR-V conversion has no index patterns.
 *  - arith.ceildivsi, ceildivui and floordivsi (no SPIR-V pattern) become a division, a
 *    remainder and a correction of one; arith.remsi becomes a - (a / b) * b (the
 *    conversion's own form got the sign wrong for the most negative integer).
 *  - on an emulated width, the ops that read more than the low bits (signed and unsigned
 *    division, remainder, min, max, comparison and right shift, conversions to float,
 *    index and wider integers) are done on i32 operands, extended the way the op reads
 *    them: the conversion rejects the unsigned ones ("bitwidth emulation is not
 *    implemented yet on unsigned op") and reads the emulated i32 as it finds it in the
 *    others, whose high bits depend on where the value came from (-13 as i8 became 243
 *    after a truncation, and compared unequal to a -13 loaded from i8 memory).
 *  - math.ctlz of other widths than 32 (the conversion's FindUMsb takes 32 bits only)
 *    becomes 32-bit counts: of the zero-extended value, or of an i64's two words.
 *  - arith.addi, subi and muli on i1 (no SPIR-V instruction takes i1) become xori, xori
 *    and andi, which is what they compute modulo 2.
 *
 * Scalars and vectors alike. */
#include <string.h>

#include "ckpt/passes.h"
#include "ir.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "spirv_integers.h"

/* The Vulkan target's index width (convert-gpu-to-spirv{use-64bit-index=false}). */
enum { SPIRV_INDEX_BITS = 32 };

/* index dialect ops and the arith ops with the same operands, result and meaning. */
static const char *const kIndexToArith[][2] = {
    {"index.add", "arith.addi"},           {"index.sub", "arith.subi"},
    {"index.mul", "arith.muli"},           {"index.divs", "arith.divsi"},
    {"index.divu", "arith.divui"},         {"index.ceildivs", "arith.ceildivsi"},
    {"index.ceildivu", "arith.ceildivui"}, {"index.floordivs", "arith.floordivsi"},
    {"index.rems", "arith.remsi"},         {"index.remu", "arith.remui"},
    {"index.maxs", "arith.maxsi"},         {"index.maxu", "arith.maxui"},
    {"index.mins", "arith.minsi"},         {"index.minu", "arith.minui"},
    {"index.shl", "arith.shli"},           {"index.shrs", "arith.shrsi"},
    {"index.shru", "arith.shrui"},         {"index.and", "arith.andi"},
    {"index.or", "arith.ori"},             {"index.xor", "arith.xori"},
    {"index.casts", "arith.index_cast"},   {"index.castu", "arith.index_castui"},
};

/* index.cmp's predicates in the order of arith.cmpi's enum. */
static const char *const kCmpPredicates[] = {"eq",  "ne",  "slt", "sle", "sgt",
                                             "sge", "ult", "ule", "ugt", "uge"};

typedef struct int_op_t {
  MlirOperation op;
  ckpt_insert_t at;
  MlirType type; /* of the result: an integer, an index or a vector of them */
} int_op_t;

static unsigned int_width(MlirType type) {
  MlirType element = ckpt_element_type(type);
  return mlirTypeIsAInteger(element) ? mlirIntegerTypeGetWidth(element) : 0;
}

/* A width the Vulkan target emulates on 32-bit integers (no Int8 capability). Widths
 * between 32 and 64 have no form (ckpt-check-target refuses them). */
static bool emulated_width(unsigned width) { return width > 1 && width < 32 && width != 16; }

static MlirValue result(const int_op_t *m) { return mlirOperationGetResult(m->op, 0); }
static MlirValue operand(const int_op_t *m, intptr_t i) {
  return mlirOperationGetOperand(m->op, i);
}

static MlirValue int_constant(const int_op_t *m, MlirType type, int64_t value) {
  return ckpt_build_constant(m->at, type, mlirIntegerAttrGet(ckpt_element_type(type), value));
}

static MlirValue binary(const int_op_t *m, const char *name, MlirValue lhs, MlirValue rhs) {
  MlirValue operands[2] = {lhs, rhs};
  return ckpt_build1(m->at, name, 2, operands, mlirValueGetType(lhs), 0, NULL);
}

static MlirValue cast(const int_op_t *m, const char *name, MlirValue x, MlirType to) {
  return ckpt_build1(m->at, name, 1, &x, to, 0, NULL);
}

static MlirValue select3(const int_op_t *m, MlirValue cond, MlirValue yes, MlirValue no) {
  MlirValue operands[3] = {cond, yes, no};
  return ckpt_build1(m->at, "arith.select", 3, operands, mlirValueGetType(yes), 0, NULL);
}

static void replace(const int_op_t *m, MlirValue with) {
  mlirValueReplaceAllUsesOfWith(result(m), with);
  mlirOperationDestroy(m->op);
}

/* index.cmp's predicate as arith.cmpi's enum value, or -1. The attribute prints as
 * `#index<cmp_predicate slt>`; the C API has no accessor for it. */
static int64_t index_cmp_predicate(MlirOperation op) {
  MlirAttribute attr = mlirOperationGetAttributeByName(op, ckpt_str("pred"));
  if (mlirAttributeIsNull(attr))
    return -1;
  ckpt_sbuf_t text = {0};
  mlirAttributePrint(attr, ckpt_sbuf_callback, &text);
  int64_t found = -1;
  const char *name = text.data ? strstr(text.data, "cmp_predicate ") : NULL;
  if (name) {
    name += strlen("cmp_predicate ");
    for (size_t i = 0; i < sizeof kCmpPredicates / sizeof kCmpPredicates[0]; ++i) {
      size_t n = strlen(kCmpPredicates[i]);
      if (strncmp(name, kCmpPredicates[i], n) == 0 && name[n] == '>')
        found = (int64_t)i;
    }
  }
  ckpt_sbuf_free(&text);
  return found;
}

static bool rewrite_index(const int_op_t *m) {
  MlirContext ctx = mlirTypeGetContext(m->type);
  for (size_t i = 0; i < sizeof kIndexToArith / sizeof kIndexToArith[0]; ++i) {
    if (!ckpt_op_is(m->op, kIndexToArith[i][0]))
      continue;
    intptr_t n = mlirOperationGetNumOperands(m->op);
    MlirValue operands[2] = {operand(m, 0), n > 1 ? operand(m, 1) : operand(m, 0)};
    replace(m, ckpt_build1(m->at, kIndexToArith[i][1], n, operands, m->type, 0, NULL));
    return true;
  }
  if (ckpt_op_is(m->op, "index.cmp")) {
    int64_t predicate = index_cmp_predicate(m->op);
    if (predicate < 0)
      return false;
    replace(m, ckpt_build_cmpi(m->at, predicate, operand(m, 0), operand(m, 1)));
    return true;
  }
  if (ckpt_op_is(m->op, "index.constant")) {
    MlirAttribute value = mlirOperationGetAttributeByName(m->op, ckpt_str("value"));
    replace(m, int_constant(m, m->type, mlirIntegerAttrGetValueInt(value)));
    return true;
  }
  if (ckpt_op_is(m->op, "index.bool.constant")) {
    MlirAttribute value = mlirOperationGetAttributeByName(m->op, ckpt_str("value"));
    replace(m, int_constant(m, mlirIntegerTypeGet(ctx, 1), mlirBoolAttrGetValue(value)));
    return true;
  }
  if (ckpt_op_is(m->op, "index.sizeof")) {
    replace(m, int_constant(m, m->type, SPIRV_INDEX_BITS));
    return true;
  }
  return false;
}

/* a - (a / b) * b for the truncating quotient `quotient`: the signed remainder. MLIR's
 * SPIR-V form of arith.remsi works on absolute values and gave the wrong sign for the
 * most negative integer (INT_MIN % 7 was 2); the product never overflows. */
static MlirValue truncated_remainder(const int_op_t *m, MlirValue a, MlirValue b,
                                     MlirValue quotient) {
  return binary(m, "arith.subi", a, binary(m, "arith.muli", quotient, b));
}

static bool rewrite_signed_remainder(const int_op_t *m) {
  if (!ckpt_op_is(m->op, "arith.remsi"))
    return false;
  MlirValue a = operand(m, 0), b = operand(m, 1);
  replace(m, truncated_remainder(m, a, b, binary(m, "arith.divsi", a, b)));
  return true;
}

/* ceildivsi, ceildivui, floordivsi: the truncating quotient, moved by one towards the
 * rounding direction when the division was not exact. */
static bool rewrite_rounded_division(const int_op_t *m) {
  bool ceil_signed = ckpt_op_is(m->op, "arith.ceildivsi");
  bool ceil_unsigned = ckpt_op_is(m->op, "arith.ceildivui");
  bool floor_signed = ckpt_op_is(m->op, "arith.floordivsi");
  if (!ceil_signed && !ceil_unsigned && !floor_signed)
    return false;
  MlirValue a = operand(m, 0), b = operand(m, 1);
  MlirValue zero = int_constant(m, m->type, 0);
  MlirValue one = int_constant(m, m->type, 1);
  MlirValue quotient = binary(m, ceil_unsigned ? "arith.divui" : "arith.divsi", a, b);
  MlirValue remainder =
      ceil_unsigned ? binary(m, "arith.remui", a, b) : truncated_remainder(m, a, b, quotient);
  MlirValue inexact = ckpt_build_cmpi(m->at, CKPT_CMPI_NE, remainder, zero);
  MlirValue adjust = inexact;
  if (!ceil_unsigned) {
    /* Rounding up moves the quotient when remainder and divisor have the same sign,
     * rounding down when they differ. */
    MlirValue r_negative = ckpt_build_cmpi(m->at, CKPT_CMPI_SLT, remainder, zero);
    MlirValue b_negative = ckpt_build_cmpi(m->at, CKPT_CMPI_SLT, b, zero);
    MlirValue toward = binary(m, "arith.xori", r_negative, b_negative); /* signs differ */
    if (ceil_signed)
      toward = binary(m, "arith.xori", toward, int_constant(m, mlirValueGetType(toward), 1));
    adjust = binary(m, "arith.andi", inexact, toward);
  }
  MlirValue moved = binary(m, floor_signed ? "arith.subi" : "arith.addi", quotient, one);
  replace(m, select3(m, adjust, moved, quotient));
  return true;
}

static MlirType i32_like(MlirType type) {
  return ckpt_shaped_like(type, mlirIntegerTypeGet(mlirTypeGetContext(type), 32));
}

/* x, of an emulated width, sign-extended to i32 by shifts: an arith.extsi to a wider type
 * would fold into the one being rewritten. */
static MlirValue sign_extend_to_i32(const int_op_t *m, MlirValue x) {
  MlirType from = mlirValueGetType(x);
  MlirType wide = i32_like(from);
  MlirValue shift = int_constant(m, wide, 32 - (int64_t)int_width(from));
  MlirValue high = binary(m, "arith.shli", cast(m, "arith.extui", x, wide), shift);
  return binary(m, "arith.shrsi", high, shift);
}

/* How an op reads operands of an emulated width: MLIR's conversion keeps such a value in
 * the low bits of an i32 whose high bits are not fixed (a truncation leaves them clear,
 * a load from i8 memory sign-extends), and passes them to the instruction as they are. */
typedef enum reads_t { READS_LOW_BITS, READS_SIGNED, READS_UNSIGNED } reads_t;

static const char *const kSignedReaders[] = {"arith.divsi", "arith.remsi", "arith.maxsi",
                                             "arith.minsi", "arith.shrsi", "arith.sitofp",
                                             "arith.extsi", "arith.index_cast"};
static const char *const kUnsignedReaders[] = {"arith.divui", "arith.remui", "arith.maxui",
                                               "arith.minui", "arith.shrui", "arith.uitofp",
                                               "arith.index_castui"};

static reads_t reads(MlirOperation op) {
  for (size_t i = 0; i < sizeof kSignedReaders / sizeof kSignedReaders[0]; ++i)
    if (ckpt_op_is(op, kSignedReaders[i]))
      return READS_SIGNED;
  for (size_t i = 0; i < sizeof kUnsignedReaders / sizeof kUnsignedReaders[0]; ++i)
    if (ckpt_op_is(op, kUnsignedReaders[i]))
      return READS_UNSIGNED;
  if (ckpt_op_is(op, "arith.cmpi")) {
    int64_t predicate =
        mlirIntegerAttrGetValueInt(mlirOperationGetAttributeByName(op, ckpt_str("predicate")));
    return predicate >= CKPT_CMPI_SLT && predicate < CKPT_CMPI_ULT ? READS_SIGNED
                                                                   : READS_UNSIGNED;
  }
  return READS_LOW_BITS;
}

/* Ops that read the high bits of an emulated width get i32 operands extended the way they
 * read them (a shift amount always zero-extended) and compute on i32; a result of the
 * emulated width is truncated back. An extension is then one from i32. */
static bool rewrite_emulated(const int_op_t *m) {
  if (mlirOperationGetNumOperands(m->op) == 0)
    return false;
  MlirType from = mlirValueGetType(operand(m, 0));
  reads_t how = reads(m->op);
  if (!emulated_width(int_width(from)) || how == READS_LOW_BITS)
    return false;
  char name[32];
  ckpt_op_name(m->op, name, sizeof name);
  bool shift = ckpt_op_is(m->op, "arith.shrsi") || ckpt_op_is(m->op, "arith.shrui");
  intptr_t n = mlirOperationGetNumOperands(m->op);
  MlirValue wide[2];
  for (intptr_t i = 0; i < n && i < 2; ++i) {
    MlirValue x = operand(m, i);
    wide[i] = how == READS_SIGNED && !(shift && i == 1)
                  ? sign_extend_to_i32(m, x)
                  : cast(m, "arith.extui", x, i32_like(mlirValueGetType(x)));
  }
  MlirType i32 = i32_like(from);
  if (ckpt_op_is(m->op, "arith.extsi") || ckpt_op_is(m->op, "arith.extui")) {
    unsigned to = int_width(m->type);
    replace(m, to == 32 ? wide[0]
                        : cast(m, to > 32 ? name : "arith.trunci", wide[0], m->type));
    return true;
  }
  MlirAttribute predicate = mlirOperationGetAttributeByName(m->op, ckpt_str("predicate"));
  if (!mlirAttributeIsNull(predicate)) {
    replace(m, ckpt_build_cmpi(m->at, mlirIntegerAttrGetValueInt(predicate), wide[0], wide[1]));
    return true;
  }
  if (n == 1) { /* a conversion to a float or an index */
    replace(m, cast(m, name, wide[0], m->type));
    return true;
  }
  MlirValue operands[2] = {wide[0], wide[1]};
  MlirValue result = ckpt_build1(m->at, name, 2, operands, i32, 0, NULL);
  replace(m, cast(m, "arith.trunci", result, m->type));
  return true;
}

/* math.ctlz, which the conversion takes on 32-bit integers only (GLSL's FindUMsb): a
 * narrower one counts the zero-extended value's zeros less the extra width; an i64 counts
 * the high word's zeros, or 32 plus the low word's where the high word is 0. Widths
 * between 32 and 64 are not the target's (nor rewritten here). */
static bool rewrite_wide_or_narrow_ctlz(const int_op_t *m) {
  unsigned width = int_width(m->type);
  if (!ckpt_op_is(m->op, "math.ctlz") || width == 0 || !(width < 32 || width == 64))
    return false;
  MlirType i32 = i32_like(m->type);
  MlirValue x = operand(m, 0);
  MlirValue count;
  if (width < 32) {
    MlirValue wide = cast(m, "arith.extui", x, i32);
    MlirValue zeros = ckpt_build1(m->at, "math.ctlz", 1, &wide, i32, 0, NULL);
    count =
        cast(m, "arith.trunci",
             binary(m, "arith.subi", zeros, int_constant(m, i32, 32 - (int64_t)width)), m->type);
  } else {
    MlirValue high =
        cast(m, "arith.trunci", binary(m, "arith.shrui", x, int_constant(m, m->type, 32)), i32);
    MlirValue low = cast(m, "arith.trunci", x, i32);
    MlirValue high_zeros = ckpt_build1(m->at, "math.ctlz", 1, &high, i32, 0, NULL);
    MlirValue low_zeros =
        binary(m, "arith.addi", ckpt_build1(m->at, "math.ctlz", 1, &low, i32, 0, NULL),
               int_constant(m, i32, 32));
    MlirValue high_set = ckpt_build_cmpi(m->at, CKPT_CMPI_NE, high, int_constant(m, i32, 0));
    count = cast(m, "arith.extui", select3(m, high_set, high_zeros, low_zeros), m->type);
  }
  replace(m, count);
  return true;
}

/* i1 arithmetic is arithmetic modulo 2. */
static bool rewrite_i1(const int_op_t *m) {
  if (int_width(m->type) != 1 ||
      !(ckpt_op_is(m->op, "arith.addi") || ckpt_op_is(m->op, "arith.subi") ||
        ckpt_op_is(m->op, "arith.muli")))
    return false;
  const char *name = ckpt_op_is(m->op, "arith.muli") ? "arith.andi" : "arith.xori";
  replace(m, binary(m, name, operand(m, 0), operand(m, 1)));
  return true;
}

static bool is_candidate(MlirOperation op) {
  if (mlirOperationGetNumResults(op) != 1)
    return false;
  MlirStringRef name = mlirIdentifierStr(mlirOperationGetName(op));
  return name.length > 6 &&
         (strncmp(name.data, "index.", 6) == 0 || strncmp(name.data, "arith.", 6) == 0 ||
          mlirStringRefEqual(name, ckpt_str("math.ctlz")));
}

static MlirWalkResult collect_int_ops(MlirOperation op, void *user_data) {
  if (is_candidate(op))
    ckpt_vec_push((ckpt_vec_t *)user_data, op.ptr);
  return MlirWalkResultAdvance;
}

static int_op_t int_op(MlirOperation op) {
  return (int_op_t){op,
                    {mlirOperationGetBlock(op), op, mlirOperationGetLocation(op)},
                    mlirValueGetType(mlirOperationGetResult(op, 0))};
}

void ckpt_spirv_legalize_integers(MlirOperation root) {
  ckpt_vec_t ops = {0};
  mlirOperationWalk(root, collect_int_ops, &ops, MlirWalkPreOrder);
  /* In three rounds, since each produces ops the next rewrites: index ops give
   * rounded divisions, and those give narrow unsigned divisions. */
  for (size_t i = 0; i < ops.size; ++i) {
    int_op_t m = int_op(CKPT_VEC_OP(&ops, i));
    rewrite_index(&m);
  }
  ckpt_vec_free(&ops);
  mlirOperationWalk(root, collect_int_ops, &ops, MlirWalkPreOrder);
  for (size_t i = 0; i < ops.size; ++i) {
    int_op_t m = int_op(CKPT_VEC_OP(&ops, i));
    if (!rewrite_rounded_division(&m) && !rewrite_signed_remainder(&m))
      rewrite_wide_or_narrow_ctlz(&m);
  }
  ckpt_vec_free(&ops);
  mlirOperationWalk(root, collect_int_ops, &ops, MlirWalkPreOrder);
  for (size_t i = 0; i < ops.size; ++i) {
    int_op_t m = int_op(CKPT_VEC_OP(&ops, i));
    if (!rewrite_emulated(&m))
      rewrite_i1(&m);
  }
  ckpt_vec_free(&ops);
}
