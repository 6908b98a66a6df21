#include "ir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mlir-c/AffineExpr.h"
#include "mlir-c/AffineMap.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Diagnostics.h"
#include "mlir-c/Dialect/LLVM.h"

static void *xrealloc(void *ptr, size_t size) {
  void *result = realloc(ptr, size);
  if (!result) {
    fputs("ckpt: out of memory\n", stderr);
    exit(1);
  }
  return result;
}

void ckpt_sbuf_append(ckpt_sbuf_t *buf, const char *data, size_t size) {
  if (buf->size + size + 1 > buf->capacity) {
    size_t capacity = buf->capacity ? buf->capacity : 64;
    while (capacity < buf->size + size + 1)
      capacity *= 2;
    buf->data = xrealloc(buf->data, capacity);
    buf->capacity = capacity;
  }
  memcpy(buf->data + buf->size, data, size);
  buf->size += size;
  buf->data[buf->size] = '\0';
}

void ckpt_sbuf_printf(ckpt_sbuf_t *buf, const char *fmt, ...) {
  va_list args;
  va_start(args, fmt);
  va_list copy;
  va_copy(copy, args);
  int needed = vsnprintf(NULL, 0, fmt, copy);
  va_end(copy);
  if (needed > 0) {
    char *tmp = xrealloc(NULL, (size_t)needed + 1);
    vsnprintf(tmp, (size_t)needed + 1, fmt, args);
    ckpt_sbuf_append(buf, tmp, (size_t)needed);
    free(tmp);
  }
  va_end(args);
}

void ckpt_sbuf_free(ckpt_sbuf_t *buf) {
  free(buf->data);
  *buf = (ckpt_sbuf_t){0};
}

void ckpt_sbuf_callback(MlirStringRef text, void *user_data) {
  ckpt_sbuf_append((ckpt_sbuf_t *)user_data, text.data, text.length);
}

void ckpt_vec_push(ckpt_vec_t *vec, void *item) {
  if (vec->size == vec->capacity) {
    vec->capacity = vec->capacity ? vec->capacity * 2 : 16;
    vec->items = xrealloc(vec->items, vec->capacity * sizeof(void *));
  }
  vec->items[vec->size++] = item;
}

void ckpt_vec_free(ckpt_vec_t *vec) {
  free(vec->items);
  *vec = (ckpt_vec_t){0};
}

void ckpt_i64vec_push(ckpt_i64vec_t *vec, int64_t value) {
  if (vec->size == vec->capacity) {
    vec->capacity = vec->capacity ? vec->capacity * 2 : 64;
    vec->items = xrealloc(vec->items, vec->capacity * sizeof(int64_t));
  }
  vec->items[vec->size++] = value;
}

void ckpt_i64vec_free(ckpt_i64vec_t *vec) {
  free(vec->items);
  *vec = (ckpt_i64vec_t){0};
}

bool ckpt_op_is(MlirOperation op, const char *name) {
  return mlirStringRefEqual(mlirIdentifierStr(mlirOperationGetName(op)), ckpt_str(name));
}

bool ckpt_op_is_one_of(MlirOperation op, const char *const *names) {
  for (; *names; ++names)
    if (ckpt_op_is(op, *names))
      return true;
  return false;
}

const char *const ckpt_gpu_cluster_ops[] = {"gpu.cluster_id", "gpu.cluster_dim",
                                            "gpu.cluster_block_id", "gpu.cluster_dim_blocks", NULL};
const char *const ckpt_gpu_subgroup_id_ops[] = {"gpu.lane_id", "gpu.subgroup_id",
                                                "gpu.num_subgroups", "gpu.subgroup_size", NULL};

static const char *copy_ref(MlirStringRef ref, char *buf, size_t size) {
  size_t n = ref.length < size - 1 ? ref.length : size - 1;
  memcpy(buf, ref.data, n);
  buf[n] = '\0';
  return buf;
}

const char *ckpt_op_name(MlirOperation op, char *buf, size_t size) {
  return copy_ref(mlirIdentifierStr(mlirOperationGetName(op)), buf, size);
}

const char *ckpt_symbol_name(MlirOperation op, char *buf, size_t size) {
  MlirAttribute name = mlirOperationGetAttributeByName(op, ckpt_str("sym_name"));
  if (mlirAttributeIsNull(name) || !mlirAttributeIsAString(name))
    return copy_ref(ckpt_str("?"), buf, size);
  return copy_ref(mlirStringAttrGetValue(name), buf, size);
}

void ckpt_sbuf_location(ckpt_sbuf_t *buf, MlirLocation loc) {
  mlirLocationPrint(loc, ckpt_sbuf_callback, buf);
}

void ckpt_emit_error(MlirOperation op, const char *fmt, ...) {
  va_list args;
  va_start(args, fmt);
  int needed = vsnprintf(NULL, 0, fmt, args);
  va_end(args);
  char *message = xrealloc(NULL, (size_t)(needed > 0 ? needed : 0) + 1);
  va_start(args, fmt);
  vsnprintf(message, (size_t)(needed > 0 ? needed : 0) + 1, fmt, args);
  va_end(args);
  mlirEmitError(mlirOperationGetLocation(op), message);
  free(message);
}

MlirNamedAttribute ckpt_named(MlirContext ctx, const char *name, MlirAttribute attr) {
  return mlirNamedAttributeGet(mlirIdentifierGet(ctx, ckpt_str(name)), attr);
}

MlirOperation ckpt_build(MlirBlock block, MlirOperation before, MlirLocation loc,
                         const char *name, intptr_t n_operands, const MlirValue *operands,
                         intptr_t n_results, const MlirType *results, intptr_t n_attrs,
                         const MlirNamedAttribute *attrs) {
  MlirOperationState state = mlirOperationStateGet(ckpt_str(name), loc);
  if (n_operands)
    mlirOperationStateAddOperands(&state, n_operands, operands);
  if (n_results)
    mlirOperationStateAddResults(&state, n_results, results);
  if (n_attrs)
    mlirOperationStateAddAttributes(&state, n_attrs, attrs);
  MlirOperation op = mlirOperationCreate(&state);
  if (mlirOperationIsNull(before))
    mlirBlockAppendOwnedOperation(block, op);
  else
    mlirBlockInsertOwnedOperationBefore(block, before, op);
  return op;
}

MlirOperation ckpt_build_scf_if(ckpt_insert_t at, MlirValue cond, intptr_t n_results,
                                const MlirType *results, MlirBlock *out_then,
                                MlirBlock *out_else) {
  MlirRegion regions[2] = {mlirRegionCreate(), mlirRegionCreate()};
  *out_then = mlirBlockCreate(0, NULL, NULL);
  mlirRegionAppendOwnedBlock(regions[0], *out_then);
  if (out_else) {
    *out_else = mlirBlockCreate(0, NULL, NULL);
    mlirRegionAppendOwnedBlock(regions[1], *out_else);
  }
  MlirOperationState state = mlirOperationStateGet(ckpt_str("scf.if"), at.loc);
  mlirOperationStateAddOperands(&state, 1, &cond);
  if (n_results)
    mlirOperationStateAddResults(&state, n_results, results);
  mlirOperationStateAddOwnedRegions(&state, 2, regions);
  MlirOperation op = mlirOperationCreate(&state);
  if (mlirOperationIsNull(at.before))
    mlirBlockAppendOwnedOperation(at.block, op);
  else
    mlirBlockInsertOwnedOperationBefore(at.block, at.before, op);
  return op;
}

enum { MAX_TRANSFER_LANES = 64, MAX_TRANSFER_ROWS = 64 };

static bool transfer_stores(MlirOperation op) {
  return ckpt_op_is(op, "vector.transfer_write") || ckpt_op_is(op, "vector.store");
}

MlirValue ckpt_transfer_vector(MlirOperation op) {
  return transfer_stores(op) ? mlirOperationGetOperand(op, 0) : mlirOperationGetResult(op, 0);
}

MlirValue ckpt_transfer_memref(MlirOperation op) {
  return mlirOperationGetOperand(op, transfer_stores(op) ? 1 : 0);
}

MlirValue ckpt_transfer_mask(MlirOperation op) {
  if (!ckpt_op_is(op, "vector.transfer_read") && !ckpt_op_is(op, "vector.transfer_write"))
    return (MlirValue){NULL};
  MlirAttribute segments = mlirOperationGetAttributeByName(op, ckpt_str("operandSegmentSizes"));
  if (mlirDenseI32ArrayGetElement(segments, mlirDenseArrayGetNumElements(segments) - 1) == 0)
    return (MlirValue){NULL};
  return mlirOperationGetOperand(op, mlirOperationGetNumOperands(op) - 1);
}

/* What both forms ckpt takes apart need: a vector of the memref's own element type, rows
 * of at most 64 lanes, at most 64 rows, and for a transfer no mask, or one of the vector's
 * own shape. Gives the vector's rank, whether a mask is there and, for a transfer, its
 * map. */
static bool transfer_shape_fits(MlirOperation op, intptr_t *out_rank, bool *out_masked,
                                MlirAffineMap *out_map) {
  bool plain = ckpt_op_is(op, "vector.load") || ckpt_op_is(op, "vector.store");
  if (!plain && !ckpt_op_is(op, "vector.transfer_read") &&
      !ckpt_op_is(op, "vector.transfer_write"))
    return false;
  MlirType vector = mlirValueGetType(ckpt_transfer_vector(op));
  MlirType source = mlirValueGetType(ckpt_transfer_memref(op));
  if (!mlirTypeIsAVector(vector) || mlirVectorTypeIsScalable(vector) ||
      !mlirTypeIsAMemRef(source) || mlirShapedTypeGetRank(vector) < 1 ||
      !mlirTypeEqual(mlirShapedTypeGetElementType(vector), mlirShapedTypeGetElementType(source)))
    return false;
  intptr_t rank = mlirShapedTypeGetRank(vector);
  int64_t lanes = mlirShapedTypeGetDimSize(vector, rank - 1);
  int64_t rows = 1;
  for (intptr_t d = 0; d + 1 < rank; ++d)
    rows *= mlirShapedTypeGetDimSize(vector, d);
  if (lanes < 1 || lanes > MAX_TRANSFER_LANES || rows < 1 || rows > MAX_TRANSFER_ROWS)
    return false;
  *out_rank = rank;
  *out_masked = false;
  *out_map = (MlirAffineMap){NULL};
  if (plain)
    return true;
  MlirValue mask = ckpt_transfer_mask(op);
  if (!mlirValueIsNull(mask)) {
    MlirType mask_type = mlirValueGetType(mask);
    if (!mlirTypeIsAVector(mask_type) || mlirShapedTypeGetRank(mask_type) != rank)
      return false;
    for (intptr_t d = 0; d < rank; ++d)
      if (mlirShapedTypeGetDimSize(mask_type, d) != mlirShapedTypeGetDimSize(vector, d))
        return false;
    *out_masked = true;
  }
  *out_map =
      mlirAffineMapAttrGetValue(mlirOperationGetAttributeByName(op, ckpt_str("permutation_map")));
  return true;
}

bool ckpt_transfer_lowers_to_scalars(MlirOperation op) {
  intptr_t rank = 0;
  bool masked = false;
  MlirAffineMap map;
  if (!transfer_shape_fits(op, &rank, &masked, &map) ||
      mlirShapedTypeGetRank(mlirValueGetType(ckpt_transfer_memref(op))) < rank)
    return false;
  if (mlirAffineMapIsNull(map)) /* vector.load, vector.store */
    return rank == 1;
  if (mlirAffineMapGetNumResults(map) != rank)
    return false;
  /* 1-D: along any dimension of the memref; n-D: along its last ones. */
  if (rank == 1 ? !mlirAffineExprIsADim(mlirAffineMapGetResult(map, 0))
                : !mlirAffineMapIsMinorIdentity(map))
    return false;
  /* An n-D transfer is split into whole rows: each must be in bounds. */
  MlirAttribute in_bounds = mlirOperationGetAttributeByName(op, ckpt_str("in_bounds"));
  for (intptr_t d = 0; d + 1 < rank; ++d)
    if (mlirAttributeIsNull(in_bounds) || mlirArrayAttrGetNumElements(in_bounds) != rank ||
        !mlirBoolAttrGetValue(mlirArrayAttrGetElement(in_bounds, d)))
      return false;
  return true;
}

intptr_t ckpt_transfer_lane_dim(MlirOperation op) {
  intptr_t last = mlirShapedTypeGetRank(mlirValueGetType(ckpt_transfer_memref(op))) - 1;
  MlirAttribute map = mlirOperationGetAttributeByName(op, ckpt_str("permutation_map"));
  if (mlirAttributeIsNull(map))
    return last;
  MlirAffineMap value = mlirAffineMapAttrGetValue(map);
  MlirAffineExpr lanes = mlirAffineMapGetResult(value, mlirAffineMapGetNumResults(value) - 1);
  return mlirAffineExprIsADim(lanes) ? (intptr_t)mlirAffineDimExprGetPosition(lanes) : last;
}

bool ckpt_transfer_fits_spirv(MlirOperation op) {
  if (ckpt_transfer_lowers_to_scalars(op))
    return true;
  intptr_t rank = 0;
  bool masked = false;
  MlirAffineMap map;
  /* Another map: the permutation-map lowering gets its chance, but takes no masks. */
  return transfer_shape_fits(op, &rank, &masked, &map) && !masked && !mlirAffineMapIsNull(map) &&
         !mlirAffineMapIsMinorIdentity(map);
}

void ckpt_emit_transfer_error(MlirOperation op) {
  char name[64];
  ckpt_emit_error(op,
                  "'%s' runs in a Vulkan kernel, where only transfers of the memref's "
                  "element type along its last dimensions (a minor identity map, or any "
                  "one dimension for a 1-D vector, after transposes and broadcasts are "
                  "taken out of the map, which a masked transfer must already be), with "
                  "no mask or one of the vector's shape, in rows of at most 64 elements "
                  "and at most 64 rows, each row marked in bounds, lower to SPIR-V: split "
                  "the transfer into such ones, or use memref.load and memref.store (the "
                  "cpu, cuda and hip targets accept every transfer)",
                  ckpt_op_name(op, name, sizeof name));
}

MlirValue ckpt_build_cmpi(ckpt_insert_t at, int64_t predicate, MlirValue lhs, MlirValue rhs) {
  MlirContext ctx = mlirLocationGetContext(at.loc);
  MlirNamedAttribute attr =
      ckpt_named(ctx, "predicate", mlirIntegerAttrGet(mlirIntegerTypeGet(ctx, 64), predicate));
  MlirValue operands[2] = {lhs, rhs};
  MlirType i1 = ckpt_shaped_like(mlirValueGetType(lhs), mlirIntegerTypeGet(ctx, 1));
  return ckpt_build1(at, "arith.cmpi", 2, operands, i1, 1, &attr);
}

MlirValue ckpt_build1(ckpt_insert_t at, const char *name, intptr_t n_operands,
                      const MlirValue *operands, MlirType result, intptr_t n_attrs,
                      const MlirNamedAttribute *attrs) {
  MlirOperation op = ckpt_build(at.block, at.before, at.loc, name, n_operands, operands, 1,
                                &result, n_attrs, attrs);
  return mlirOperationGetResult(op, 0);
}

void ckpt_build0(ckpt_insert_t at, const char *name, intptr_t n_operands,
                 const MlirValue *operands, intptr_t n_attrs, const MlirNamedAttribute *attrs) {
  ckpt_build(at.block, at.before, at.loc, name, n_operands, operands, 0, NULL, n_attrs, attrs);
}

MlirType ckpt_llvm_ptr_type(MlirContext ctx) { return mlirLLVMPointerTypeGet(ctx, 0); }

MlirType ckpt_i64(MlirContext ctx) { return mlirIntegerTypeGet(ctx, 64); }

MlirAttribute ckpt_grid_dep_action(MlirContext ctx, const char *kind) {
  char text[64];
  snprintf(text, sizeof text, "#nvvm<grid_dep_action %s>", kind);
  return mlirAttributeParseGet(ctx, ckpt_str(text));
}

MlirValue ckpt_llvm_constant_i64(ckpt_insert_t at, int64_t value) {
  MlirContext ctx = mlirLocationGetContext(at.loc);
  MlirNamedAttribute attr =
      ckpt_named(ctx, "value", mlirIntegerAttrGet(ckpt_i64(ctx), value));
  return ckpt_build1(at, "llvm.mlir.constant", 0, NULL, ckpt_i64(ctx), 1, &attr);
}

MlirValue ckpt_arith_constant_index(ckpt_insert_t at, int64_t value) {
  MlirContext ctx = mlirLocationGetContext(at.loc);
  MlirType index = mlirIndexTypeGet(ctx);
  MlirNamedAttribute attr = ckpt_named(ctx, "value", mlirIntegerAttrGet(index, value));
  return ckpt_build1(at, "arith.constant", 0, NULL, index, 1, &attr);
}

bool ckpt_constant_index(MlirValue value, int64_t *out) {
  if (!mlirValueIsAOpResult(value))
    return false;
  MlirOperation def = mlirOpResultGetOwner(value);
  if (!ckpt_op_is(def, "arith.constant"))
    return false;
  MlirAttribute attr = mlirOperationGetAttributeByName(def, ckpt_str("value"));
  if (mlirAttributeIsNull(attr) || !mlirAttributeIsAInteger(attr))
    return false;
  *out = mlirIntegerAttrGetValueInt(attr);
  return true;
}

bool ckpt_launch_func_targets(MlirOperation launch, MlirOperation kernel) {
  MlirAttribute ref = mlirOperationGetAttributeByName(launch, ckpt_str("kernel"));
  MlirAttribute module_name =
      mlirOperationGetAttributeByName(mlirOperationGetParentOperation(kernel), ckpt_str("sym_name"));
  MlirAttribute kernel_name = mlirOperationGetAttributeByName(kernel, ckpt_str("sym_name"));
  return !mlirAttributeIsNull(ref) && !mlirAttributeIsNull(module_name) &&
         !mlirAttributeIsNull(kernel_name) &&
         mlirStringRefEqual(mlirSymbolRefAttrGetRootReference(ref),
                            mlirStringAttrGetValue(module_name)) &&
         mlirStringRefEqual(mlirSymbolRefAttrGetLeafReference(ref),
                            mlirStringAttrGetValue(kernel_name));
}

bool ckpt_op_is_inside(MlirOperation op, MlirOperation ancestor) {
  for (; !mlirOperationIsNull(op); op = mlirOperationGetParentOperation(op))
    if (mlirOperationEqual(op, ancestor))
      return true;
  return false;
}

bool ckpt_only_used_by(MlirValue value, const char *const *names, size_t count) {
  for (MlirOpOperand use = mlirValueGetFirstUse(value); !mlirOpOperandIsNull(use);
       use = mlirOpOperandGetNextUse(use)) {
    MlirOperation user = mlirOpOperandGetOwner(use);
    size_t i = 0;
    while (i < count && !ckpt_op_is(user, names[i]))
      ++i;
    if (i == count)
      return false;
  }
  return true;
}

/* The sizes of a ranked shaped type, in a caller-freed array (NULL when out of memory). */
static int64_t *shape_of(MlirType shaped) {
  intptr_t rank = mlirShapedTypeGetRank(shaped);
  int64_t *shape = calloc((size_t)rank + 1, sizeof(int64_t));
  for (intptr_t d = 0; shape && d < rank; ++d)
    shape[d] = mlirShapedTypeGetDimSize(shaped, d);
  return shape;
}

MlirType ckpt_memref_type_in_space(MlirType memref, MlirAttribute space) {
  int64_t *shape = shape_of(memref);
  if (!shape)
    return (MlirType){NULL};
  MlirType type = mlirMemRefTypeGet(mlirShapedTypeGetElementType(memref),
                                    mlirShapedTypeGetRank(memref), shape,
                                    mlirMemRefTypeGetLayout(memref), space);
  free(shape);
  return type;
}

MlirType ckpt_element_type(MlirType type) {
  return mlirTypeIsAVector(type) ? mlirShapedTypeGetElementType(type) : type;
}

MlirType ckpt_shaped_like(MlirType like, MlirType element) {
  if (!mlirTypeIsAVector(like))
    return element;
  int64_t *shape = shape_of(like);
  if (!shape)
    return (MlirType){NULL};
  MlirType type = mlirVectorTypeGet(mlirShapedTypeGetRank(like), shape, element);
  free(shape);
  return type;
}

MlirValue ckpt_build_constant(ckpt_insert_t at, MlirType type, MlirAttribute element) {
  MlirAttribute value =
      mlirTypeIsAVector(type) ? mlirDenseElementsAttrSplatGet(type, element) : element;
  MlirNamedAttribute named = ckpt_named(mlirTypeGetContext(type), "value", value);
  return ckpt_build1(at, "arith.constant", 0, NULL, type, 1, &named);
}

MlirOperation ckpt_value_scope_op(MlirValue value) {
  if (mlirValueIsAOpResult(value))
    return mlirOpResultGetOwner(value);
  return mlirBlockGetParentOperation(mlirBlockArgumentGetOwner(value));
}

void ckpt_block_ops(MlirBlock block, ckpt_vec_t *out) {
  for (MlirOperation op = mlirBlockGetFirstOperation(block); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op))
    ckpt_vec_push(out, op.ptr);
}

MlirBlock ckpt_block_create_uniform(intptr_t n, MlirType type, MlirLocation loc) {
  MlirType *types = xrealloc(NULL, ((size_t)n + 1) * sizeof(MlirType));
  MlirLocation *locs = xrealloc(NULL, ((size_t)n + 1) * sizeof(MlirLocation));
  for (intptr_t i = 0; i < n; ++i) {
    types[i] = type;
    locs[i] = loc;
  }
  MlirBlock block = mlirBlockCreate(n, types, locs);
  free(types);
  free(locs);
  return block;
}

void ckpt_erase_deallocs(MlirValue memory) {
  ckpt_vec_t deallocs = {0};
  for (MlirOpOperand use = mlirValueGetFirstUse(memory); !mlirOpOperandIsNull(use);
       use = mlirOpOperandGetNextUse(use)) {
    MlirOperation user = mlirOpOperandGetOwner(use);
    if (ckpt_op_is(user, "memref.dealloc"))
      ckpt_vec_push(&deallocs, user.ptr);
  }
  for (size_t i = 0; i < deallocs.size; ++i)
    mlirOperationDestroy(CKPT_VEC_OP(&deallocs, i));
  ckpt_vec_free(&deallocs);
}

typedef struct collect_named_t {
  const char *name;
  ckpt_vec_t *out;
} collect_named_t;

static MlirWalkResult collect_named_op(MlirOperation op, void *user_data) {
  collect_named_t *collect = user_data;
  if (ckpt_op_is(op, collect->name))
    ckpt_vec_push(collect->out, op.ptr);
  return MlirWalkResultAdvance;
}

void ckpt_collect_named(MlirOperation root, const char *name, bool post_order, ckpt_vec_t *out) {
  collect_named_t collect = {name, out};
  mlirOperationWalk(root, collect_named_op, &collect,
                    post_order ? MlirWalkPostOrder : MlirWalkPreOrder);
}

bool ckpt_is_gpu_kernel(MlirOperation op) {
  return ckpt_op_is(op, "gpu.func") &&
         !mlirAttributeIsNull(mlirOperationGetAttributeByName(op, ckpt_str("gpu.kernel")));
}

static MlirWalkResult collect_gpu_kernel(MlirOperation op, void *user_data) {
  if (ckpt_is_gpu_kernel(op))
    ckpt_vec_push((ckpt_vec_t *)user_data, op.ptr);
  return MlirWalkResultAdvance;
}

void ckpt_collect_gpu_kernels(MlirOperation root, ckpt_vec_t *out) {
  mlirOperationWalk(root, collect_gpu_kernel, out, MlirWalkPreOrder);
}

void ckpt_rewrite_collected(MlirOperation root, MlirWalkResult (*collect)(MlirOperation, void *),
                            void (*rewrite)(MlirOperation, void *), void *user) {
  ckpt_vec_t ops = {0};
  mlirOperationWalk(root, collect, &ops, MlirWalkPreOrder);
  for (size_t i = 0; i < ops.size; ++i)
    rewrite(CKPT_VEC_OP(&ops, i), user);
  ckpt_vec_free(&ops);
}
