/* Integer math that some target's conversion leaves alone, as arith and scf ops every
 * conversion takes (integer_math.h). */
#include "integer_math.h"

#include <string.h>

#include "ir.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

typedef struct int_op_t {
  ckpt_insert_t at;
  MlirType type;    /* an integer or a vector of integers */
  MlirType element; /* its integer type */
} int_op_t;

static int_op_t int_op_at(MlirOperation op, MlirType type) {
  return (int_op_t){
      {mlirOperationGetBlock(op), op, mlirOperationGetLocation(op)}, type, ckpt_element_type(type)};
}

static MlirValue constant(const int_op_t *m, int64_t value) {
  return ckpt_build_constant(m->at, m->type, mlirIntegerAttrGet(m->element, value));
}

static MlirValue binary(const int_op_t *m, const char *name, MlirValue a, MlirValue b) {
  MlirValue operands[2] = {a, b};
  return ckpt_build1(m->at, name, 2, operands, m->type, 0, NULL);
}

static MlirValue compare(const int_op_t *m, int64_t predicate, MlirValue a, MlirValue b) {
  return ckpt_build_cmpi(m->at, predicate, a, b);
}

static MlirValue select(const int_op_t *m, MlirValue condition, MlirValue a, MlirValue b) {
  MlirValue operands[3] = {condition, a, b};
  return ckpt_build1(m->at, "arith.select", 3, operands, m->type, 0, NULL);
}

static void replace(MlirOperation op, MlirValue with) {
  mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(op, 0), with);
  mlirOperationDestroy(op);
}

static bool integer_typed(MlirType type) {
  return mlirTypeIsAInteger(ckpt_element_type(type)) &&
         (mlirTypeIsAInteger(type) || mlirTypeIsAVector(type));
}

/*--- math.ipowi ------------------------------------------------------------------*/

/* math.ipowi a, b: square-and-multiply over the bits of b, one scf.for iteration per bit,
 * carrying (result, power, remaining exponent) so that vectors need no per-lane loop;
 * for b < 0 the result is 1 for a == 1, +-1 for a == -1 and 0 otherwise (the integer part
 * of 1 / a^-b; a == 0 gives 0, where upstream's convert-math-to-funcs divides by zero). */
static void expand_ipowi(MlirOperation op, void *unused) {
  (void)unused;
  MlirValue a = mlirOperationGetOperand(op, 0), b = mlirOperationGetOperand(op, 1);
  int_op_t m = int_op_at(op, mlirValueGetType(a));
  MlirContext ctx = mlirTypeGetContext(m.type);
  MlirValue one = constant(&m, 1), zero = constant(&m, 0);
  MlirValue initial[3] = {one, a, b};
  MlirValue bounds[3] = {ckpt_arith_constant_index(m.at, 0),
                         ckpt_arith_constant_index(m.at, mlirIntegerTypeGetWidth(m.element)),
                         ckpt_arith_constant_index(m.at, 1)};
  MlirOperationState state = mlirOperationStateGet(ckpt_str("scf.for"), m.at.loc);
  mlirOperationStateAddOperands(&state, 3, bounds);
  mlirOperationStateAddOperands(&state, 3, initial);
  MlirType types[3] = {m.type, m.type, m.type};
  mlirOperationStateAddResults(&state, 3, types);
  MlirType block_types[4] = {mlirIndexTypeGet(ctx), m.type, m.type, m.type};
  MlirLocation locs[4] = {m.at.loc, m.at.loc, m.at.loc, m.at.loc};
  MlirBlock body = mlirBlockCreate(4, block_types, locs);
  MlirRegion region = mlirRegionCreate();
  mlirRegionAppendOwnedBlock(region, body);
  mlirOperationStateAddOwnedRegions(&state, 1, &region);
  MlirOperation loop = mlirOperationCreate(&state);
  mlirBlockInsertOwnedOperationBefore(m.at.block, m.at.before, loop);

  int_op_t in = m;
  in.at = (ckpt_insert_t){body, {NULL}, m.at.loc};
  MlirValue result = mlirBlockGetArgument(body, 1), power = mlirBlockGetArgument(body, 2),
            exponent = mlirBlockGetArgument(body, 3);
  MlirValue bit = binary(&in, "arith.andi", exponent, constant(&in, 1));
  MlirValue set = compare(&in, CKPT_CMPI_NE, bit, constant(&in, 0));
  MlirValue next[3] = {select(&in, set, binary(&in, "arith.muli", result, power), result),
                       binary(&in, "arith.muli", power, power),
                       binary(&in, "arith.shrui", exponent, constant(&in, 1))};
  ckpt_build0(in.at, "scf.yield", 3, next, 0, NULL);

  MlirValue odd = compare(&m, CKPT_CMPI_NE, binary(&m, "arith.andi", b, one), zero);
  MlirValue minus_one = constant(&m, -1);
  MlirValue negative_power = select(
      &m, compare(&m, CKPT_CMPI_EQ, a, one), one,
      select(&m, compare(&m, CKPT_CMPI_EQ, a, minus_one), select(&m, odd, minus_one, one), zero));
  replace(op, select(&m, compare(&m, CKPT_CMPI_SLT, b, zero), negative_power,
                     mlirOperationGetResult(loop, 0)));
}

/*--- math.ctpop, math.cttz (SPIR-V) -------------------------------------------------*/

/* The number of set bits of x, by the parallel sums of adjacent bit fields. */
static MlirValue population(const int_op_t *m, MlirValue x) {
  unsigned width = mlirIntegerTypeGetWidth(m->element);
  /* 0x55.., 0x33.., 0x0f.., 0x01.. of `width` bits. */
  uint64_t fives = 0x5555555555555555ull, threes = 0x3333333333333333ull,
           nibbles = 0x0f0f0f0f0f0f0f0full, ones = 0x0101010101010101ull;
  uint64_t keep = width == 64 ? ~0ull : (1ull << width) - 1;
  MlirValue halves = binary(m, "arith.shrui", x, constant(m, 1));
  x = binary(m, "arith.subi", x,
             binary(m, "arith.andi", halves, constant(m, (int64_t)(fives & keep))));
  MlirValue pairs = constant(m, (int64_t)(threes & keep));
  x = binary(m, "arith.addi", binary(m, "arith.andi", x, pairs),
             binary(m, "arith.andi", binary(m, "arith.shrui", x, constant(m, 2)), pairs));
  x = binary(m, "arith.andi",
             binary(m, "arith.addi", x, binary(m, "arith.shrui", x, constant(m, 4))),
             constant(m, (int64_t)(nibbles & keep)));
  if (width == 8)
    return x;
  /* Each byte holds its count; the product with 0x01.. sums them into the top byte. */
  x = binary(m, "arith.muli", x, constant(m, (int64_t)(ones & keep)));
  return binary(m, "arith.shrui", x, constant(m, (int64_t)width - 8));
}

static bool expand_bit_count(MlirOperation op) {
  MlirValue x = mlirOperationGetOperand(op, 0);
  int_op_t m = int_op_at(op, mlirValueGetType(x));
  unsigned width = mlirIntegerTypeGetWidth(m.element);
  if (width != 8 && width != 16 && width != 32 && width != 64)
    return false;
  if (ckpt_op_is(op, "math.cttz")) {
    /* The bits below the lowest set one; all of them for 0. */
    MlirValue lowest = binary(&m, "arith.andi", x, binary(&m, "arith.subi", constant(&m, 0), x));
    x = binary(&m, "arith.subi", lowest, constant(&m, 1));
  }
  replace(op, population(&m, x));
  return true;
}

/*--- bitwise vector.reduction (SPIR-V) -----------------------------------------------*/

/* vector.reduction <and|or|xor> of a 1-D vector: element by element, the accumulator
 * (if any) last. */
static bool expand_bitwise_reduction(MlirOperation op) {
  MlirAttribute kind_attr = mlirOperationGetAttributeByName(op, ckpt_str("kind"));
  ckpt_sbuf_t text = {0};
  mlirAttributePrint(kind_attr, ckpt_sbuf_callback, &text);
  const char *name = NULL;
  if (text.data && strstr(text.data, "<and>"))
    name = "arith.andi";
  else if (text.data && strstr(text.data, "<or>"))
    name = "arith.ori";
  else if (text.data && strstr(text.data, "<xor>"))
    name = "arith.xori";
  ckpt_sbuf_free(&text);
  MlirValue vector = mlirOperationGetOperand(op, 0);
  MlirType type = mlirValueGetType(vector);
  if (!name || mlirShapedTypeGetRank(type) != 1 || mlirShapedTypeIsDynamicDim(type, 0))
    return false;
  MlirType element = ckpt_element_type(type);
  int_op_t m = int_op_at(op, element);
  MlirContext ctx = mlirTypeGetContext(type);
  MlirValue result = {NULL};
  for (int64_t lane = 0; lane < mlirShapedTypeGetDimSize(type, 0); ++lane) {
    MlirNamedAttribute position =
        ckpt_named(ctx, "static_position", mlirDenseI64ArrayGet(ctx, 1, &lane));
    MlirValue value = ckpt_build1(m.at, "vector.extract", 1, &vector, element, 1, &position);
    result = mlirValueIsNull(result) ? value : binary(&m, name, result, value);
  }
  if (mlirOperationGetNumOperands(op) > 1)
    result = binary(&m, name, result, mlirOperationGetOperand(op, 1));
  replace(op, result);
  return true;
}

/*--------------------------------------------------------------------------------*/

static MlirWalkResult collect_ipowi(MlirOperation op, void *user_data) {
  if (ckpt_op_is(op, "math.ipowi") &&
      integer_typed(mlirValueGetType(mlirOperationGetOperand(op, 0))))
    ckpt_vec_push((ckpt_vec_t *)user_data, op.ptr);
  return MlirWalkResultAdvance;
}

static MlirWalkResult collect_spirv(MlirOperation op, void *user_data) {
  bool counts = (ckpt_op_is(op, "math.ctpop") || ckpt_op_is(op, "math.cttz")) &&
                integer_typed(mlirValueGetType(mlirOperationGetOperand(op, 0)));
  bool reduction = ckpt_op_is(op, "vector.reduction") &&
                   mlirTypeIsAInteger(mlirValueGetType(mlirOperationGetResult(op, 0)));
  if (counts || reduction)
    ckpt_vec_push((ckpt_vec_t *)user_data, op.ptr);
  return MlirWalkResultAdvance;
}

void ckpt_expand_integer_math(MlirOperation root, bool spirv) {
  ckpt_vec_t ops = {0};
  ckpt_rewrite_collected(root, collect_ipowi, expand_ipowi, NULL);
  if (spirv) {
    mlirOperationWalk(root, collect_spirv, &ops, MlirWalkPreOrder);
    for (size_t i = 0; i < ops.size; ++i) {
      MlirOperation op = CKPT_VEC_OP(&ops, i);
      if (ckpt_op_is(op, "vector.reduction"))
        expand_bitwise_reduction(op);
      else
        expand_bit_count(op);
    }
  }
  ckpt_vec_free(&ops);
}
