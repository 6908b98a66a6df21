/* --ckpt-expand-math, and the math rewrites of --ckpt-prepare-spirv-tasks: math ops that a
 * target's conversion leaves alone, rewritten into ops every conversion takes.
 *
 *  - math.isinf x    -> |x| == inf                        (ordered: NaN is not infinite)
 *  - math.isnormal x -> |x| >= smallest normal && |x| < inf
 *    (math-to-llvm, math-to-libm, the NVVM and SPIR-V conversions take neither)
 *  - SPIR-V only: math.trunc x -> x < 0 ? ceil(x) : floor(x), since no SPIR-V pattern
 *    takes math.trunc; math.isfinite x -> |x| < inf, since MLIR makes it OpIsFinite, an
 *    OpenCL (Kernel capability) instruction Vulkan shaders may not use; and, through
 *    ckpt_approximate_math (math_approx.cpp), MLIR's own f32 polynomial approximations of
 *    math.erf, math.erfc, math.cbrt and math.atan2 and its expansions of math.exp2 and
 *    math.fpowi, which GLSL.std.450 has no instruction for. On f16 and bf16 these and
 *    math.trunc are computed in f32 first, and so is arith.select on bf16.
 *
 * --ckpt-expand-math also lowers vector.multi_reduction in hand-written gpu.func kernels,
 * as the pipeline's lower-vector-multi-reduction does in func.func, vector.mask
 * everywhere, as lower-vector-mask would, and vector.scan, which no conversion takes
 * (vector_lowering.cpp); and it takes apart vector
 * accesses of memrefs of i1, which MLIR's LLVM lowering gets wrong (vector_memory.h).
 *
 * Integer math no conversion (math.ipowi) or no SPIR-V conversion (math.ctpop,
 * math.cttz, bitwise vector.reduction) takes is rewritten too (integer_math.h).
 *
 * Scalars and vectors alike; element types without a known smallest normal (f8 kinds)
 * are left for the conversion to report. */
#include <float.h>
#include <string.h>

#include "ckpt/passes.h"
#include "expand_math.h"
#include "integer_math.h"
#include "ir.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "vector_memory.h"

/* arith.cmpf predicates, as the enum's integer values. */
enum { CMPF_OEQ = 1, CMPF_OGE = 3, CMPF_OLT = 4 };

typedef struct math_op_t {
  MlirOperation op;
  ckpt_insert_t at;
  MlirValue x;
  MlirType type; /* of x: a float or a vector of floats */
} math_op_t;

/* `op`, inserting before it, with its first operand as x. */
static math_op_t math_op_of(MlirOperation op) {
  math_op_t m = {op,
                 {mlirOperationGetBlock(op), op, mlirOperationGetLocation(op)},
                 mlirOperationGetOperand(op, 0),
                 {NULL}};
  m.type = mlirValueGetType(m.x);
  return m;
}

/* The smallest normal number of `element`, or 0 when not known here. */
static double smallest_normal(MlirType element) {
  if (mlirTypeIsAF32(element) || mlirTypeIsABF16(element))
    return FLT_MIN;
  if (mlirTypeIsAF64(element))
    return DBL_MIN;
  if (mlirTypeIsAF16(element))
    return 0x1p-14;
  return 0;
}

/* `value` as an arith.constant of `type`, splat for vectors. */
static MlirValue float_constant(const math_op_t *m, double value) {
  return ckpt_build_constant(m->at, m->type,
                             mlirFloatAttrDoubleGet(mlirTypeGetContext(m->type),
                                                    ckpt_element_type(m->type), value));
}

static MlirType bool_type(const math_op_t *m) {
  return ckpt_shaped_like(m->type, mlirIntegerTypeGet(mlirTypeGetContext(m->type), 1));
}

static MlirValue cmpf(const math_op_t *m, int64_t predicate, MlirValue lhs, MlirValue rhs) {
  MlirContext ctx = mlirTypeGetContext(m->type);
  MlirNamedAttribute attr =
      ckpt_named(ctx, "predicate", mlirIntegerAttrGet(mlirIntegerTypeGet(ctx, 64), predicate));
  MlirValue operands[2] = {lhs, rhs};
  return ckpt_build1(m->at, "arith.cmpf", 2, operands, bool_type(m), 1, &attr);
}

static MlirValue unary(const math_op_t *m, const char *name, MlirValue x) {
  return ckpt_build1(m->at, name, 1, &x, m->type, 0, NULL);
}

static void replace(const math_op_t *m, MlirValue with) {
  mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(m->op, 0), with);
  mlirOperationDestroy(m->op);
}

static bool expand(MlirOperation op, bool spirv) {
  math_op_t m = math_op_of(op);
  if (!mlirTypeIsAFloat(ckpt_element_type(m.type)))
    return false;
  if (ckpt_op_is(op, "math.isinf")) {
    MlirValue abs = unary(&m, "math.absf", m.x);
    replace(&m, cmpf(&m, CMPF_OEQ, abs, float_constant(&m, __builtin_inf())));
    return true;
  }
  if (ckpt_op_is(op, "math.isnormal")) {
    double normal = smallest_normal(ckpt_element_type(m.type));
    if (normal == 0)
      return false;
    MlirValue abs = unary(&m, "math.absf", m.x);
    MlirValue big_enough = cmpf(&m, CMPF_OGE, abs, float_constant(&m, normal));
    MlirValue finite = cmpf(&m, CMPF_OLT, abs, float_constant(&m, __builtin_inf()));
    MlirValue both[2] = {big_enough, finite};
    replace(&m, ckpt_build1(m.at, "arith.andi", 2, both, bool_type(&m), 0, NULL));
    return true;
  }
  if (spirv && ckpt_op_is(op, "math.isfinite")) {
    MlirValue abs = unary(&m, "math.absf", m.x);
    replace(&m, cmpf(&m, CMPF_OLT, abs, float_constant(&m, __builtin_inf())));
    return true;
  }
  if (spirv && ckpt_op_is(op, "math.trunc")) {
    MlirValue negative = cmpf(&m, CMPF_OLT, m.x, float_constant(&m, 0.0));
    MlirValue choices[3] = {negative, unary(&m, "math.ceil", m.x), unary(&m, "math.floor", m.x)};
    replace(&m, ckpt_build1(m.at, "arith.select", 3, choices, m.type, 0, NULL));
    return true;
  }
  return false;
}

/* arith.maximumf and arith.minimumf (IEEE 754-2019 maximum and minimum: a NaN operand
 * gives NaN, and -0 < +0) in compares and selects: on a tie the operands are equal, and
 * the AND of their bits is the maximum (+0 where either zero is, the operand itself
 * otherwise), the OR the minimum; where either operand is NaN, their sum is. The tie is
 * computed on the bits because Vulkan drivers need not keep the sign of a zero through
 * float arithmetic (lavapipe folds x + 0.0 to x: maximumf(-0.0, 0.0) gave -0.0).
 * Upstream's arith-expand (the host pipeline) and the SPIR-V conversion's FMax/FMin
 * return either operand of a tie of zeros. Ops marked nsz (or fast) keep their form. */
enum { CMPF_OGT = 2, CMPF_UNO = 14 };

static bool ignores_signed_zeros(MlirOperation op) {
  MlirAttribute flags = mlirOperationGetAttributeByName(op, ckpt_str("fastmath"));
  if (mlirAttributeIsNull(flags))
    return false;
  ckpt_sbuf_t text = {0};
  mlirAttributePrint(flags, ckpt_sbuf_callback, &text);
  ckpt_sbuf_append(&text, "", 1);
  /* #arith.fastmath<flag,...>: the flags follow the bracket. */
  const char *listed = strchr(text.data, '<');
  bool ignores = listed && (strstr(listed, "nsz") || strstr(listed, "fast"));
  ckpt_sbuf_free(&text);
  return ignores;
}

static MlirValue binary(const math_op_t *m, const char *name, MlirValue a, MlirValue b) {
  MlirValue operands[2] = {a, b};
  return ckpt_build1(m->at, name, 2, operands, m->type, 0, NULL);
}

static MlirValue select3_typed(const math_op_t *m, MlirValue condition, MlirValue a, MlirValue b,
                               MlirType type) {
  MlirValue operands[3] = {condition, a, b};
  return ckpt_build1(m->at, "arith.select", 3, operands, type, 0, NULL);
}

static MlirValue select3(const math_op_t *m, MlirValue condition, MlirValue a, MlirValue b) {
  return select3_typed(m, condition, a, b, m->type);
}

static void expand_min_max(MlirOperation op, void *unused) {
  (void)unused;
  bool maximum = ckpt_op_is(op, "arith.maximumf");
  math_op_t m = math_op_of(op);
  MlirValue a = m.x, b = mlirOperationGetOperand(op, 1);
  MlirContext ctx = mlirTypeGetContext(m.type);
  MlirType bits = ckpt_shaped_like(
      m.type, mlirIntegerTypeGet(ctx, mlirFloatTypeGetWidth(ckpt_element_type(m.type))));
  MlirValue a_bits = ckpt_build1(m.at, "arith.bitcast", 1, &a, bits, 0, NULL);
  MlirValue b_bits = ckpt_build1(m.at, "arith.bitcast", 1, &b, bits, 0, NULL);
  MlirValue both[2] = {a_bits, b_bits};
  MlirValue combined =
      ckpt_build1(m.at, maximum ? "arith.andi" : "arith.ori", 2, both, bits, 0, NULL);
  MlirValue tie = ckpt_build1(m.at, "arith.bitcast", 1, &combined, m.type, 0, NULL);
  /* NaN where either operand is (a quiet NaN of the operands' sign, as the hardware's). */
  tie = select3(&m, cmpf(&m, CMPF_UNO, a, b), binary(&m, "arith.addf", a, b), tie);
  int64_t a_wins = maximum ? CMPF_OGT : CMPF_OLT, b_wins = maximum ? CMPF_OLT : CMPF_OGT;
  MlirValue inner = select3(&m, cmpf(&m, b_wins, a, b), b, tie);
  replace(&m, select3(&m, cmpf(&m, a_wins, a, b), a, inner));
}

static MlirWalkResult collect_min_max(MlirOperation op, void *user_data) {
  if ((ckpt_op_is(op, "arith.maximumf") || ckpt_op_is(op, "arith.minimumf")) &&
      !ignores_signed_zeros(op))
    ckpt_vec_push((ckpt_vec_t *)user_data, op.ptr);
  return MlirWalkResultAdvance;
}

/* math.expm1 and math.log1p, which the LLVM conversion computes as exp(x) - 1 and
 * log(1 + x) (expm1(1e-10) was 0) and GLSL.std.450 has no instruction for, by Kahan's
 * corrections: with u = exp(x), expm1 x = (u - 1) x / log u; with u = 1 + x,
 * log1p x = log(u) x / (u - 1); x itself where u rounds to 1, and u's own value where it
 * is infinite (and expm1's -1 where u - 1 is). With `spirv`, where GLSL's exp and log
 * are accurate only to an absolute 2^-21 near 1, |x| < 1/20 takes the Taylor series to
 * x^6 instead, within f32's precision there. */
static const double kSeriesBound = 0.05;

static MlirValue horner(const math_op_t *m, const double *coefficients, int count) {
  MlirValue sum = float_constant(m, coefficients[count - 1]);
  for (int i = count - 2; i >= 0; --i)
    sum = binary(m, "arith.addf", float_constant(m, coefficients[i]),
                 binary(m, "arith.mulf", m->x, sum));
  return binary(m, "arith.mulf", m->x, sum);
}

static void expand_exp_log(MlirOperation op, void *user) {
  bool spirv = *(const bool *)user;
  bool expm1 = ckpt_op_is(op, "math.expm1");
  math_op_t m = math_op_of(op);
  MlirValue one = float_constant(&m, 1.0), x = m.x, result;
  if (expm1) {
    MlirValue u = unary(&m, "math.exp", x);
    MlirValue u1 = binary(&m, "arith.subf", u, one);
    MlirValue corrected =
        binary(&m, "arith.divf", binary(&m, "arith.mulf", u1, x), unary(&m, "math.log", u));
    result = select3(&m, cmpf(&m, CMPF_OEQ, u1, float_constant(&m, -1.0)), u1, corrected);
    result = select3(&m, cmpf(&m, CMPF_OEQ, u, float_constant(&m, __builtin_inf())), u, result);
    result = select3(&m, cmpf(&m, CMPF_OEQ, u, one), x, result);
  } else {
    MlirValue u = binary(&m, "arith.addf", one, x);
    MlirValue corrected =
        binary(&m, "arith.divf", binary(&m, "arith.mulf", unary(&m, "math.log", u), x),
               binary(&m, "arith.subf", u, one));
    result = select3(&m, cmpf(&m, CMPF_OEQ, u, float_constant(&m, __builtin_inf())), u, corrected);
    result = select3(&m, cmpf(&m, CMPF_OEQ, u, one), x, result);
  }
  if (spirv) {
    static const double kExpm1[] = {1.0, 1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720};
    static const double kLog1p[] = {1.0, -1.0 / 2, 1.0 / 3, -1.0 / 4, 1.0 / 5, -1.0 / 6};
    MlirValue series = horner(&m, expm1 ? kExpm1 : kLog1p, 6);
    MlirValue small =
        cmpf(&m, CMPF_OLT, unary(&m, "math.absf", x), float_constant(&m, kSeriesBound));
    result = select3(&m, small, series, result);
  }
  replace(&m, result);
}

/* Vulkan: math.sinh, math.tanh, math.asinh and math.atanh, which GLSL.std.450 computes
 * from exp and log and so loses near 0 (sinh(1e-10) gave 3e-8, asinh(1e-10) 0 on
 * lavapipe), take their Taylor series to x^7 where |x| < 1/20, within f32's precision
 * there: x (c0 + c1 x^2 + c2 x^4 + c3 x^6). So do math.atan, whose GLSL form was 2e-5
 * too small near 0 on lavapipe, and math.erf, whose approximation gave +0 for -0: the
 * series keeps the zero's sign. */
typedef struct odd_series_t {
  const char *op;
  double c[4];
} odd_series_t;

static const odd_series_t kOddSeries[] = {
    {"math.sinh", {1.0, 1.0 / 6, 1.0 / 120, 1.0 / 5040}},
    {"math.tanh", {1.0, -1.0 / 3, 2.0 / 15, -17.0 / 315}},
    {"math.asinh", {1.0, -1.0 / 6, 3.0 / 40, -5.0 / 112}},
    {"math.atanh", {1.0, 1.0 / 3, 1.0 / 5, 1.0 / 7}},
    {"math.atan", {1.0, -1.0 / 3, 1.0 / 5, -1.0 / 7}},
    /* 2/sqrt(pi) (1, -1/3, 1/10, -1/42) */
    {"math.erf",
     {1.1283791670955126, -0.37612638903183754, 0.11283791670955126, -0.026866170645131252}},
};

static const odd_series_t *odd_series_of(MlirOperation op) {
  for (size_t i = 0; i < sizeof kOddSeries / sizeof kOddSeries[0]; ++i)
    if (ckpt_op_is(op, kOddSeries[i].op))
      return &kOddSeries[i];
  return NULL;
}

static void add_near_zero_series(MlirOperation op, void *unused) {
  (void)unused;
  const odd_series_t *series = odd_series_of(op);
  math_op_t m = math_op_of(op);
  MlirValue x = m.x, x2 = binary(&m, "arith.mulf", x, x);
  MlirValue sum = float_constant(&m, series->c[3]);
  for (int i = 2; i >= 0; --i)
    sum = binary(&m, "arith.addf", float_constant(&m, series->c[i]),
                 binary(&m, "arith.mulf", x2, sum));
  MlirValue near = binary(&m, "arith.mulf", x, sum);
  MlirValue small = cmpf(&m, CMPF_OLT, unary(&m, "math.absf", x), float_constant(&m, kSeriesBound));
  replace(&m, select3(&m, small, near, unary(&m, series->op, x)));
}

static MlirWalkResult collect_odd_series(MlirOperation op, void *user_data) {
  if (odd_series_of(op) && mlirOperationGetNumResults(op) == 1 &&
      mlirTypeIsAFloat(ckpt_element_type(mlirValueGetType(mlirOperationGetResult(op, 0)))))
    ckpt_vec_push((ckpt_vec_t *)user_data, op.ptr);
  return MlirWalkResultAdvance;
}

static MlirWalkResult collect_exp_log(MlirOperation op, void *user_data) {
  if ((ckpt_op_is(op, "math.expm1") || ckpt_op_is(op, "math.log1p")) &&
      mlirOperationGetNumResults(op) == 1 &&
      mlirTypeIsAFloat(ckpt_element_type(mlirValueGetType(mlirOperationGetResult(op, 0)))))
    ckpt_vec_push((ckpt_vec_t *)user_data, op.ptr);
  return MlirWalkResultAdvance;
}

static void expand_fpowi(MlirOperation op, void *unused);
static MlirWalkResult collect_fpowi(MlirOperation op, void *user_data);

/* Vulkan: arith.cmpf `false` and `true`, which the SPIR-V conversion has no pattern for
 * ("failed to legalize"), are the constants they always are. */
enum { CMPF_FALSE = 0, CMPF_TRUE = 15 };

static MlirWalkResult collect_constant_cmpf(MlirOperation op, void *user_data) {
  if (!ckpt_op_is(op, "arith.cmpf"))
    return MlirWalkResultAdvance;
  int64_t predicate =
      mlirIntegerAttrGetValueInt(mlirOperationGetAttributeByName(op, ckpt_str("predicate")));
  if (predicate == CMPF_FALSE || predicate == CMPF_TRUE)
    ckpt_vec_push((ckpt_vec_t *)user_data, op.ptr);
  return MlirWalkResultAdvance;
}

static void fold_constant_cmpf(MlirOperation op, void *unused) {
  (void)unused;
  int64_t predicate =
      mlirIntegerAttrGetValueInt(mlirOperationGetAttributeByName(op, ckpt_str("predicate")));
  MlirValue result = mlirOperationGetResult(op, 0);
  MlirType type = mlirValueGetType(result);
  ckpt_insert_t at = {mlirOperationGetBlock(op), op, mlirOperationGetLocation(op)};
  MlirValue constant = ckpt_build_constant(
      at, type, mlirIntegerAttrGet(ckpt_element_type(type), predicate == CMPF_TRUE ? 1 : 0));
  mlirValueReplaceAllUsesOfWith(result, constant);
  mlirOperationDestroy(op);
}

void ckpt_expand_float_ops(MlirOperation root, bool spirv) {
  ckpt_rewrite_collected(root, collect_min_max, expand_min_max, NULL);
  ckpt_rewrite_collected(root, collect_exp_log, expand_exp_log, &spirv);
  if (spirv) {
    ckpt_rewrite_collected(root, collect_odd_series, add_near_zero_series, NULL);
    ckpt_rewrite_collected(root, collect_fpowi, expand_fpowi, NULL);
    ckpt_rewrite_collected(root, collect_constant_cmpf, fold_constant_cmpf, NULL);
  }
}

MlirLogicalResult ckptRunExpandFloatOps(MlirOperation module) {
  ckpt_expand_float_ops(module, false);
  return mlirLogicalResultSuccess();
}

/* The ops whose SPIR-V form is MLIR's f32 approximation (math_approx.cpp), or a rewrite
 * (math.trunc) that would leave a select on the narrow type, which the emulation of
 * narrow floats on Vulkan (pipeline.c) does not take. */
static const char *const kApproximatedInF32[] = {"math.erf", "math.erfc", "math.cbrt",
                                                 "math.atan2", "math.trunc"};

static bool approximated_in_f32(MlirOperation op) {
  for (size_t i = 0; i < sizeof kApproximatedInF32 / sizeof kApproximatedInF32[0]; ++i)
    if (ckpt_op_is(op, kApproximatedInF32[i]))
      return true;
  return false;
}

/* An approximated op on a narrower float (f16, bf16) is computed in f32: its operands
 * extended, its result truncated. */
static void widen_to_f32(MlirOperation op) {
  MlirType type = mlirValueGetType(mlirOperationGetResult(op, 0));
  MlirType element = ckpt_element_type(type);
  if (!mlirTypeIsAFloat(element) || mlirFloatTypeGetWidth(element) >= 32)
    return;
  MlirType wide = ckpt_shaped_like(type, mlirF32TypeGet(mlirTypeGetContext(type)));
  ckpt_insert_t at = {mlirOperationGetBlock(op), op, mlirOperationGetLocation(op)};
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(op); ++i) {
    MlirValue x = mlirOperationGetOperand(op, i);
    if (mlirTypeEqual(mlirValueGetType(x), type))
      mlirOperationSetOperand(op, i, ckpt_build1(at, "arith.extf", 1, &x, wide, 0, NULL));
  }
  MlirValue result = mlirOperationGetResult(op, 0);
  at.before = mlirOperationGetNextInBlock(op);
  MlirValue narrow = ckpt_build1(at, "arith.truncf", 1, &result, type, 0, NULL);
  mlirValueReplaceAllUsesOfWith(result, narrow);
  /* The truncation itself reads the wide result. */
  mlirOperationSetOperand(mlirOpResultGetOwner(narrow), 0, result);
  mlirValueSetType(result, wide);
}

/* arith.select of bf16, which Vulkan has no type for and whose emulation in f32
 * (arith-emulate-unsupported-floats, pipeline.c) takes arithmetic only. */
static bool bf16_select(MlirOperation op) {
  if (!ckpt_op_is(op, "arith.select"))
    return false;
  return mlirTypeIsABF16(ckpt_element_type(mlirValueGetType(mlirOperationGetResult(op, 0))));
}

static MlirWalkResult collect_widened(MlirOperation op, void *user_data) {
  if ((approximated_in_f32(op) || bf16_select(op)) && mlirOperationGetNumResults(op) == 1)
    ckpt_vec_push((ckpt_vec_t *)user_data, op.ptr);
  return MlirWalkResultAdvance;
}

/* Vulkan: math.fpowi by square-and-multiply, and for a negative exponent the reciprocal
 * with its zeros and infinities set by the sign bit. MLIR's expansion (which the SPIR-V
 * path used) tells a zero's sign with an equality that +0 and -0 both pass: 0^-2 was
 * -inf. Vulkan's division is not specified at zero or infinity, so those are selected.
 * A constant exponent takes the steps of its bits only, any other every bit of its
 * width. */
/* 1 / power, its zeros and infinities by the power's sign bit. */
static MlirValue signed_reciprocal(const math_op_t *m, MlirValue power) {
  MlirContext ctx = mlirTypeGetContext(m->type);
  MlirType bits = ckpt_shaped_like(
      m->type, mlirIntegerTypeGet(ctx, mlirFloatTypeGetWidth(ckpt_element_type(m->type))));
  MlirValue raw = ckpt_build1(m->at, "arith.bitcast", 1, &power, bits, 0, NULL);
  MlirValue zero_bits =
      ckpt_build_constant(m->at, bits, mlirIntegerAttrGet(ckpt_element_type(bits), 0));
  MlirValue negative = ckpt_build_cmpi(m->at, CKPT_CMPI_SLT, raw, zero_bits);
  MlirValue inf = float_constant(m, __builtin_inf());
  MlirValue zero = float_constant(m, 0.0);
  MlirValue infinite = select3(m, negative, unary(m, "arith.negf", inf), inf);
  MlirValue nothing = select3(m, negative, unary(m, "arith.negf", zero), zero);
  MlirValue reciprocal = binary(m, "arith.divf", float_constant(m, 1.0), power);
  reciprocal = select3(m, cmpf(m, CMPF_OEQ, power, zero), infinite, reciprocal);
  return select3(m, cmpf(m, CMPF_OEQ, unary(m, "math.absf", power), inf), nothing, reciprocal);
}

static void expand_fpowi(MlirOperation op, void *unused) {
  (void)unused;
  math_op_t m = math_op_of(op);
  MlirValue n = mlirOperationGetOperand(op, 1);
  MlirValue result = float_constant(&m, 1.0), base = m.x;
  int64_t constant = 0;
  if (ckpt_constant_index(n, &constant)) {
    uint64_t magnitude = constant < 0 ? 0 - (uint64_t)constant : (uint64_t)constant;
    for (unsigned bit = 0; bit < 64 && (magnitude >> bit) != 0; ++bit) {
      if ((magnitude >> bit) & 1)
        result = binary(&m, "arith.mulf", result, base);
      if ((magnitude >> (bit + 1)) != 0)
        base = binary(&m, "arith.mulf", base, base);
    }
    replace(&m, constant < 0 ? signed_reciprocal(&m, result) : result);
    return;
  }
  MlirType n_type = mlirValueGetType(n);
  MlirType n_element = ckpt_element_type(n_type);
  unsigned width = mlirIntegerTypeGetWidth(n_element);
  MlirValue zero_n = ckpt_build_constant(m.at, n_type, mlirIntegerAttrGet(n_element, 0));
  MlirValue one_n = ckpt_build_constant(m.at, n_type, mlirIntegerAttrGet(n_element, 1));
  MlirValue negative = ckpt_build_cmpi(m.at, CKPT_CMPI_SLT, n, zero_n);
  MlirValue pair[2] = {zero_n, n};
  MlirValue negated = ckpt_build1(m.at, "arith.subi", 2, pair, n_type, 0, NULL);
  MlirValue abs_operands[3] = {negative, negated, n};
  MlirValue abs_n = ckpt_build1(m.at, "arith.select", 3, abs_operands, n_type, 0, NULL);
  for (unsigned bit = 0; bit < width; ++bit) {
    MlirValue shift = ckpt_build_constant(m.at, n_type, mlirIntegerAttrGet(n_element, bit));
    MlirValue shift_operands[2] = {abs_n, shift};
    MlirValue shifted = ckpt_build1(m.at, "arith.shrui", 2, shift_operands, n_type, 0, NULL);
    MlirValue mask_operands[2] = {shifted, one_n};
    MlirValue low = ckpt_build1(m.at, "arith.andi", 2, mask_operands, n_type, 0, NULL);
    MlirValue set = ckpt_build_cmpi(m.at, CKPT_CMPI_NE, low, zero_n);
    result = select3(&m, set, binary(&m, "arith.mulf", result, base), result);
    if (bit + 1 < width)
      base = binary(&m, "arith.mulf", base, base);
  }
  replace(&m, select3(&m, negative, signed_reciprocal(&m, result), result));
}

static MlirWalkResult collect_fpowi(MlirOperation op, void *user_data) {
  if (ckpt_op_is(op, "math.fpowi") && mlirOperationGetNumResults(op) == 1) {
    MlirType element = ckpt_element_type(mlirValueGetType(mlirOperationGetResult(op, 0)));
    if (mlirTypeIsAF16(element) || mlirTypeIsAF32(element) || mlirTypeIsAF64(element))
      ckpt_vec_push((ckpt_vec_t *)user_data, op.ptr);
  }
  return MlirWalkResultAdvance;
}

/* arith.truncf with a rounding mode: every target rounded to nearest whatever the mode
 * said (the LLVM conversion's constrained truncation is dropped by the backends, and
 * Vulkan drivers rejected the SPIR-V decoration). It becomes the nearest truncation
 * moved by one step of the narrow type where the mode rounds the other way: the
 * extension of the nearest value back to the wide type is exact, so comparing it with
 * the operand says which side it fell on; for to_nearest_away a tie (the operand exactly
 * halfway, which the wide type holds exactly) goes to the neighbour of larger magnitude.
 * A step is one on the value's bits, towards or away from zero with its sign; from a
 * zero it is the smallest subnormal of the direction's sign. */
enum {
  ROUND_NEAREST_EVEN = 0,
  ROUND_DOWN = 1,
  ROUND_UP = 2,
  ROUND_TOWARD_ZERO = 3,
  ROUND_NEAREST_AWAY = 4
};

typedef struct narrow_t {
  math_op_t wide;    /* at the op, typed as the operand */
  MlirType type;     /* the result's float type */
  MlirType bits;     /* an integer type as wide as it */
  MlirValue value;   /* the nearest truncation */
  MlirValue raw;     /* its bits */
  MlirValue zero;    /* 0 of the narrow type */
  MlirValue is_zero; /* value == 0 */
} narrow_t;

static MlirValue bits_constant(const narrow_t *n, int64_t value) {
  return ckpt_build_constant(n->wide.at, n->bits,
                             mlirIntegerAttrGet(ckpt_element_type(n->bits), value));
}

static MlirValue bits_op(const narrow_t *n, const char *name, MlirValue a, MlirValue b) {
  MlirValue operands[2] = {a, b};
  return ckpt_build1(n->wide.at, name, 2, operands, n->bits, 0, NULL);
}

/* The next value of the narrow type above (`up`) or below the nearest truncation. */
static MlirValue step(const narrow_t *n, bool up) {
  const math_op_t *m = &n->wide;
  /* Below zero a step up shrinks the magnitude; above zero a step down does. The compare
   * yields the same i1 shape on the narrow type as on the wide one. */
  MlirValue shrinks = cmpf(m, up ? CMPF_OLT : CMPF_OGT, n->value, n->zero);
  MlirValue one = bits_constant(n, 1);
  MlirValue choice[3] = {shrinks, bits_op(n, "arith.subi", n->raw, one),
                         bits_op(n, "arith.addi", n->raw, one)};
  MlirValue moved = ckpt_build1(m->at, "arith.select", 3, choice, n->bits, 0, NULL);
  /* From a zero: the smallest subnormal, negative for a step down. */
  unsigned width = mlirIntegerTypeGetWidth(ckpt_element_type(n->bits));
  /* The sign bit and the lowest, as a signed value of the width. */
  int64_t tiny = up ? 1 : 1 - ((int64_t)1 << (width - 1));
  MlirValue from_zero[3] = {n->is_zero, bits_constant(n, tiny), moved};
  MlirValue result = ckpt_build1(m->at, "arith.select", 3, from_zero, n->bits, 0, NULL);
  return ckpt_build1(m->at, "arith.bitcast", 1, &result, n->type, 0, NULL);
}

static void expand_rounded_truncf(MlirOperation op, void *unused) {
  (void)unused;
  int64_t mode =
      mlirIntegerAttrGetValueInt(mlirOperationGetAttributeByName(op, ckpt_str("roundingmode")));
  narrow_t n = {math_op_of(op), mlirValueGetType(mlirOperationGetResult(op, 0))};
  math_op_t *m = &n.wide;
  MlirContext ctx = mlirTypeGetContext(n.type);
  n.bits = ckpt_shaped_like(
      n.type, mlirIntegerTypeGet(ctx, mlirFloatTypeGetWidth(ckpt_element_type(n.type))));
  n.value = ckpt_build1(m->at, "arith.truncf", 1, &m->x, n.type, 0, NULL);
  if (mode == ROUND_NEAREST_EVEN) {
    replace(m, n.value);
    return;
  }
  n.raw = ckpt_build1(m->at, "arith.bitcast", 1, &n.value, n.bits, 0, NULL);
  n.zero = ckpt_build_constant(m->at, n.type,
                               mlirFloatAttrDoubleGet(ctx, ckpt_element_type(n.type), 0.0));
  n.is_zero = cmpf(m, CMPF_OEQ, n.value, n.zero);
  MlirValue back = ckpt_build1(m->at, "arith.extf", 1, &n.value, m->type, 0, NULL);
  MlirValue result = n.value;
  if (mode == ROUND_DOWN) {
    result = select3_typed(m, cmpf(m, CMPF_OGT, back, m->x), step(&n, false), n.value, n.type);
  } else if (mode == ROUND_UP) {
    result = select3_typed(m, cmpf(m, CMPF_OLT, back, m->x), step(&n, true), n.value, n.type);
  } else if (mode == ROUND_TOWARD_ZERO) {
    MlirValue too_big = cmpf(m, CMPF_OGT, unary(m, "math.absf", back), unary(m, "math.absf", m->x));
    MlirValue positive = cmpf(m, CMPF_OGT, back, float_constant(m, 0.0));
    MlirValue inward = select3_typed(m, positive, step(&n, false), step(&n, true), n.type);
    result = select3_typed(m, too_big, inward, n.value, n.type);
  } else if (mode == ROUND_NEAREST_AWAY) {
    MlirValue below = cmpf(m, CMPF_OLT, back, m->x);
    MlirValue other = select3_typed(m, below, step(&n, true), step(&n, false), n.type);
    MlirValue other_back = ckpt_build1(m->at, "arith.extf", 1, &other, m->type, 0, NULL);
    MlirValue mid =
        binary(m, "arith.mulf", binary(m, "arith.addf", back, other_back), float_constant(m, 0.5));
    MlirValue tie = cmpf(m, CMPF_OEQ, m->x, mid);
    MlirValue away =
        cmpf(m, CMPF_OGT, unary(m, "math.absf", other_back), unary(m, "math.absf", back));
    MlirValue both[2] = {tie, away};
    MlirValue take = ckpt_build1(m->at, "arith.andi", 2, both, bool_type(m), 0, NULL);
    result = select3_typed(m, take, other, n.value, n.type);
  }
  replace(m, result);
}

static MlirWalkResult collect_rounded_truncf(MlirOperation op, void *user_data) {
  if (ckpt_op_is(op, "arith.truncf") &&
      !mlirAttributeIsNull(mlirOperationGetAttributeByName(op, ckpt_str("roundingmode"))))
    ckpt_vec_push((ckpt_vec_t *)user_data, op.ptr);
  return MlirWalkResultAdvance;
}

static MlirWalkResult collect_math(MlirOperation op, void *user_data) {
  if (ckpt_op_is(op, "math.isinf") || ckpt_op_is(op, "math.isnormal") ||
      ckpt_op_is(op, "math.isfinite") || ckpt_op_is(op, "math.trunc"))
    ckpt_vec_push((ckpt_vec_t *)user_data, op.ptr);
  return MlirWalkResultAdvance;
}

void ckpt_expand_math(MlirOperation root, bool spirv) {
  ckpt_vec_t ops = {0};
  ckpt_rewrite_collected(root, collect_rounded_truncf, expand_rounded_truncf, NULL);
  if (spirv) {
    /* Before the widening: the expansion's selects on bf16 are widened with the rest. */
    ckpt_expand_float_ops(root, true);
    mlirOperationWalk(root, collect_widened, &ops, MlirWalkPreOrder);
    for (size_t i = 0; i < ops.size; ++i)
      widen_to_f32(CKPT_VEC_OP(&ops, i));
    ckpt_vec_free(&ops);
  }
  mlirOperationWalk(root, collect_math, &ops, MlirWalkPreOrder);
  for (size_t i = 0; i < ops.size; ++i)
    expand(CKPT_VEC_OP(&ops, i), spirv);
  ckpt_vec_free(&ops);
  ckpt_expand_integer_math(root, spirv);
  if (spirv)
    ckpt_approximate_math(root);
}

/* memref.generic_atomic_rmw on floats: MLIR's lowering (LLVM, NVVM, ROCDL alike) makes a
 * cmpxchg of the float value, which the LLVM dialect rejects with a message that names
 * neither the op nor a way out. */
static MlirWalkResult check_generic_atomic(MlirOperation op, void *user_data) {
  bool *ok = user_data;
  if (!ckpt_op_is(op, "memref.generic_atomic_rmw") || mlirOperationGetNumResults(op) != 1 ||
      !mlirTypeIsAFloat(mlirValueGetType(mlirOperationGetResult(op, 0))))
    return MlirWalkResultAdvance;
  ckpt_emit_error(op, "'memref.generic_atomic_rmw' on a float: MLIR lowers it to a "
                      "compare-and-swap of the float value, which LLVM's dialect rejects: use "
                      "memref.atomic_rmw (addf, maximumf, minimumf) or keep the value as integer "
                      "bits in the memref");
  *ok = false;
  return MlirWalkResultAdvance;
}

MlirLogicalResult ckptRunExpandMath(MlirOperation module) {
  bool ok = true;
  mlirOperationWalk(module, check_generic_atomic, &ok, MlirWalkPreOrder);
  ckpt_expand_math(module, false);
  ckpt_lower_vector_masks(module);
  ckpt_lower_vector_scans(module);
  ckpt_lower_kernel_multi_reductions(module);
  ok = ckpt_scalarize_i1_vector_memory(module) && ok;
  ckpt_split_nd_vector_load_store(module);
  return ok ? mlirLogicalResultSuccess() : mlirLogicalResultFailure();
}
