/* Vector memory accesses taken apart into one scalar load or store per element
 * (vector_memory.h). */
#include "vector_memory.h"

#include <stdlib.h>

#include "ir.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "spirv_vectors.h"

/* The position of element `index` of the first `dims` dimensions of `type`, the last of
 * them fastest. */
static void position_of(int64_t index, MlirType type, intptr_t dims, int64_t *out_position) {
  for (intptr_t d = dims - 1; d >= 0; --d) {
    int64_t size = mlirShapedTypeGetDimSize(type, d);
    out_position[d] = index % size;
    index /= size;
  }
}

/* One lane of a transfer at `indices` (the last one moved to the lane): a load, or with
 * `value` a store, under scf.if `in_range` when that is not null. Returns what a load
 * gives (`padding` out of range). */
static MlirValue transfer_lane(ckpt_insert_t at, MlirValue memref, intptr_t rank,
                               const MlirValue *indices, MlirValue in_range, MlirValue value,
                               MlirValue padding) {
  bool load = mlirValueIsNull(value);
  MlirType element = mlirShapedTypeGetElementType(mlirValueGetType(memref));
  MlirValue *operands = calloc((size_t)rank + 2, sizeof(MlirValue));
  intptr_t n = 0;
  if (!load)
    operands[n++] = value;
  operands[n++] = memref;
  for (intptr_t d = 0; d < rank; ++d)
    operands[n++] = indices[d];
  ckpt_insert_t inside = at;
  MlirBlock then_block, else_block;
  MlirOperation guard = {NULL};
  if (!mlirValueIsNull(in_range)) {
    guard = ckpt_build_scf_if(at, in_range, load ? 1 : 0, &element, &then_block,
                              load ? &else_block : NULL);
    inside = (ckpt_insert_t){then_block, {NULL}, at.loc};
  }
  if (!load) {
    ckpt_build0(inside, "memref.store", n, operands, 0, NULL);
    free(operands);
    if (!mlirOperationIsNull(guard))
      ckpt_build0(inside, "scf.yield", 0, NULL, 0, NULL);
    return (MlirValue){NULL};
  }
  MlirValue loaded = ckpt_build1(inside, "memref.load", n, operands, element, 0, NULL);
  free(operands);
  if (mlirOperationIsNull(guard))
    return loaded;
  ckpt_build0(inside, "scf.yield", 1, &loaded, 0, NULL);
  ckpt_build0((ckpt_insert_t){else_block, {NULL}, at.loc}, "scf.yield", 1, &padding, 0, NULL);
  return mlirOperationGetResult(guard, 0);
}

/* The lanes of a 1-D vector: one vector.from_elements when SPIR-V has vectors of that
 * size, else pieces of the size ckpt_unroll_spirv_vectors splits such a vector into, put
 * together with vector.insert_strided_slice, where its slices of them fold away. */
static MlirValue gather_lanes(ckpt_insert_t at, MlirType vector_type, MlirValue *elements,
                              int64_t lanes, bool spirv) {
  if (!spirv || lanes <= 4)
    return ckpt_build1(at, "vector.from_elements", lanes, elements, vector_type, 0, NULL);
  MlirContext ctx = mlirTypeGetContext(vector_type);
  MlirType element = mlirShapedTypeGetElementType(vector_type);
  int64_t piece = ckpt_spirv_piece_size(lanes);
  MlirType piece_type = mlirVectorTypeGet(1, &piece, element);
  MlirAttribute zero = mlirTypeIsAInteger(element) || mlirTypeIsAIndex(element)
                           ? mlirIntegerAttrGet(element, 0)
                           : mlirFloatAttrDoubleGet(ctx, element, 0.0);
  MlirValue whole = ckpt_build_constant(at, vector_type, zero);
  MlirType i64 = mlirIntegerTypeGet(ctx, 64);
  MlirAttribute unit_stride = mlirIntegerAttrGet(i64, 1);
  for (int64_t first = 0; first < lanes; first += piece) {
    MlirValue whole_and_part[2] = {elements[first], whole};
    if (piece == 1) {
      MlirNamedAttribute position =
          ckpt_named(ctx, "static_position", mlirDenseI64ArrayGet(ctx, 1, &first));
      whole = ckpt_build1(at, "vector.insert", 2, whole_and_part, vector_type, 1, &position);
      continue;
    }
    whole_and_part[0] =
        ckpt_build1(at, "vector.from_elements", piece, elements + first, piece_type, 0, NULL);
    MlirAttribute offset = mlirIntegerAttrGet(i64, first);
    MlirNamedAttribute slice[2] = {
        ckpt_named(ctx, "offsets", mlirArrayAttrGet(ctx, 1, &offset)),
        ckpt_named(ctx, "strides", mlirArrayAttrGet(ctx, 1, &unit_stride)),
    };
    whole =
        ckpt_build1(at, "vector.insert_strided_slice", 2, whole_and_part, vector_type, 2, slice);
  }
  return whole;
}

/*--- masks -------------------------------------------------------------------*/

/* The sizes of a mask that vector.create_mask (its operands) or vector.constant_mask
 * makes: the first size[d] entries along each dimension d are set. False for other masks. */
static bool mask_sizes(ckpt_insert_t at, MlirValue mask, intptr_t rank, MlirValue *out_sizes) {
  if (!mlirValueIsAOpResult(mask))
    return false;
  MlirOperation def = mlirOpResultGetOwner(mask);
  if (ckpt_op_is(def, "vector.create_mask")) {
    for (intptr_t d = 0; d < rank; ++d)
      out_sizes[d] = mlirOperationGetOperand(def, d);
    return true;
  }
  if (!ckpt_op_is(def, "vector.constant_mask"))
    return false;
  MlirAttribute sizes = mlirOperationGetAttributeByName(def, ckpt_str("mask_dim_sizes"));
  if (mlirAttributeIsNull(sizes) || !mlirAttributeIsADenseI64Array(sizes) ||
      mlirDenseArrayGetNumElements(sizes) != rank)
    return false;
  for (intptr_t d = 0; d < rank; ++d)
    out_sizes[d] = ckpt_arith_constant_index(at, mlirDenseI64ArrayGetElement(sizes, d));
  return true;
}

/* Row `position` (rank - 1 leading indices) of an n-D mask, as a 1-D mask: with `sizes`
 * (mask_sizes found them), a vector.create_mask of the last size, or of 0 where the row
 * lies past a leading size; else (NULL) vector.extract. */
static MlirValue mask_row(ckpt_insert_t at, MlirValue mask, const MlirValue *sizes,
                          const int64_t *position, MlirNamedAttribute where) {
  MlirContext ctx = mlirLocationGetContext(at.loc);
  MlirType type = mlirValueGetType(mask);
  intptr_t rank = mlirShapedTypeGetRank(type);
  int64_t lanes = mlirShapedTypeGetDimSize(type, rank - 1);
  MlirType bits = mlirVectorTypeGet(1, &lanes, mlirIntegerTypeGet(ctx, 1));
  if (!sizes)
    return ckpt_build1(at, "vector.extract", 1, &mask, bits, 1, &where);
  MlirValue size = sizes[rank - 1];
  for (intptr_t d = 0; d + 1 < rank; ++d) {
    MlirValue inside =
        ckpt_build_cmpi(at, CKPT_CMPI_SLT, ckpt_arith_constant_index(at, position[d]), sizes[d]);
    MlirValue select[3] = {inside, size, ckpt_arith_constant_index(at, 0)};
    size = ckpt_build1(at, "arith.select", 3, select, mlirIndexTypeGet(ctx), 0, NULL);
  }
  return ckpt_build1(at, "vector.create_mask", 1, &size, bits, 0, NULL);
}

/* Whether lane `lane` of a 1-D mask is set, as an i1: a comparison with `size` when
 * mask_sizes found it (else null), else vector.extract. */
static MlirValue mask_lane(ckpt_insert_t at, MlirValue mask, MlirValue size, int64_t lane) {
  MlirContext ctx = mlirLocationGetContext(at.loc);
  if (!mlirValueIsNull(size))
    return ckpt_build_cmpi(at, CKPT_CMPI_SLT, ckpt_arith_constant_index(at, lane), size);
  MlirNamedAttribute position =
      ckpt_named(ctx, "static_position", mlirDenseI64ArrayGet(ctx, 1, &lane));
  return ckpt_build1(at, "vector.extract", 1, &mask, mlirIntegerTypeGet(ctx, 1), 1, &position);
}

/* The size of a 1-D mask when mask_sizes knows it, else null. */
static MlirValue mask_size_1d(ckpt_insert_t at, MlirValue mask) {
  MlirValue size = {NULL};
  if (mlirValueIsNull(mask) || !mask_sizes(at, mask, 1, &size))
    return (MlirValue){NULL};
  return size;
}

/* A mask that the transfers taken apart no longer use goes with them: SPIR-V has no
 * vectors of its size. */
static void erase_unused_mask(MlirValue mask) {
  if (mlirValueIsNull(mask) || !mlirValueIsAOpResult(mask) ||
      !mlirOpOperandIsNull(mlirValueGetFirstUse(mask)))
    return;
  MlirOperation def = mlirOpResultGetOwner(mask);
  if (ckpt_op_is(def, "vector.create_mask") || ckpt_op_is(def, "vector.constant_mask"))
    mlirOperationDestroy(def);
}

/* vector.maskedload, vector.maskedstore, vector.gather and vector.scatter, which SPIR-V has
 * no form of, become one memref.load or memref.store per element under scf.if on its mask
 * bit: along the innermost dimension from the base indices, or for a gather and a scatter
 * at the base indices with the element's index added to the innermost one (as MLIR's LLVM
 * lowering reads them). A masked-off load gives the pass-through's element. Stores go in
 * element order, so that of a scatter's elements with the same index the later one stays.
 * Loads are 1-D (n-D gathers are unrolled first), gathered like a transfer's lanes; MLIR's
 * own emulation carries the whole vector through each scf.if, which SPIR-V cannot hold
 * when it is wide. */
void ckpt_scalarize_masked_access(MlirOperation op, bool spirv) {
  MlirContext ctx = mlirOperationGetContext(op);
  bool indexed = ckpt_op_is(op, "vector.gather") || ckpt_op_is(op, "vector.scatter");
  bool load = ckpt_op_is(op, "vector.gather") || ckpt_op_is(op, "vector.maskedload");
  ckpt_insert_t at = {mlirOperationGetBlock(op), op, mlirOperationGetLocation(op)};
  MlirValue memref = mlirOperationGetOperand(op, 0);
  intptr_t rank = mlirShapedTypeGetRank(mlirValueGetType(memref));
  intptr_t next = 1 + rank;
  MlirValue index_vector = indexed ? mlirOperationGetOperand(op, next++) : (MlirValue){NULL};
  MlirValue mask = mlirOperationGetOperand(op, next++);
  MlirValue data = mlirOperationGetOperand(op, next); /* the pass-through or the values */
  MlirType vector_type = mlirValueGetType(data);
  intptr_t vector_rank = mlirShapedTypeGetRank(vector_type);
  MlirType element = mlirShapedTypeGetElementType(vector_type);
  MlirType index = mlirIndexTypeGet(ctx);
  MlirValue *indices = calloc((size_t)rank, sizeof(MlirValue));
  int64_t *position = calloc((size_t)vector_rank, sizeof(int64_t));
  int64_t count = 1;
  for (intptr_t d = 0; d < vector_rank; ++d)
    count *= mlirShapedTypeGetDimSize(vector_type, d);
  MlirValue *elements = calloc((size_t)count, sizeof(MlirValue));
  MlirValue innermost = mlirOperationGetOperand(op, rank);
  for (intptr_t d = 0; d < rank; ++d)
    indices[d] = mlirOperationGetOperand(op, 1 + d);
  MlirValue size = vector_rank == 1 ? mask_size_1d(at, mask) : (MlirValue){NULL};
  MlirType index_element =
      indexed ? mlirShapedTypeGetElementType(mlirValueGetType(index_vector)) : index;
  for (int64_t e = 0; e < count; ++e) {
    position_of(e, vector_type, vector_rank, position);
    MlirNamedAttribute where =
        ckpt_named(ctx, "static_position", mlirDenseI64ArrayGet(ctx, vector_rank, position));
    MlirValue set = vector_rank == 1 ? mask_lane(at, mask, size, e)
                                     : ckpt_build1(at, "vector.extract", 1, &mask,
                                                   mlirIntegerTypeGet(ctx, 1), 1, &where);
    MlirValue offset = ckpt_arith_constant_index(at, e);
    if (indexed) {
      offset = ckpt_build1(at, "vector.extract", 1, &index_vector, index_element, 1, &where);
      if (!mlirTypeIsAIndex(index_element))
        offset = ckpt_build1(at, "arith.index_cast", 1, &offset, index, 0, NULL);
    }
    MlirValue add[2] = {innermost, offset};
    indices[rank - 1] = ckpt_build1(at, "arith.addi", 2, add, index, 0, NULL);
    MlirValue lane = ckpt_build1(at, "vector.extract", 1, &data, element, 1, &where);
    elements[e] = load ? transfer_lane(at, memref, rank, indices, set, (MlirValue){NULL}, lane)
                       : transfer_lane(at, memref, rank, indices, set, lane, (MlirValue){NULL});
  }
  if (load)
    mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(op, 0),
                                  gather_lanes(at, vector_type, elements, count, spirv));
  free(elements);
  free(position);
  free(indices);
  mlirOperationDestroy(op);
  erase_unused_mask(mask);
}

/* A 1-D transfer ckpt_transfer_lowers_to_scalars accepts becomes one memref.load
 * (gathered with vector.from_elements) or vector.extract and memref.store per lane, the
 * lanes along the dimension its map names. A lane past that dimension's size reads the
 * padding or writes nothing, unless the transfer says it stays in bounds. vector.load and
 * vector.store go the same way: MLIR's conversion makes them a load through a pointer
 * cast from the element's to the vector's type, which Vulkan's logical addressing
 * forbids; they stay in bounds by definition. */
static void scalarize_row(MlirOperation op, bool spirv) {
  MlirContext ctx = mlirOperationGetContext(op);
  bool plain = ckpt_op_is(op, "vector.load") || ckpt_op_is(op, "vector.store");
  bool read = ckpt_op_is(op, "vector.transfer_read") || ckpt_op_is(op, "vector.load");
  ckpt_insert_t at = {mlirOperationGetBlock(op), op, mlirOperationGetLocation(op)};
  intptr_t base = read ? 0 : 1;
  MlirValue memref = ckpt_transfer_memref(op);
  MlirType memref_type = mlirValueGetType(memref);
  intptr_t rank = mlirShapedTypeGetRank(memref_type);
  MlirValue vector = ckpt_transfer_vector(op);
  MlirType vector_type = mlirValueGetType(vector);
  int64_t lanes = mlirShapedTypeGetDimSize(vector_type, 0);
  MlirValue *indices = calloc((size_t)rank, sizeof(MlirValue));
  for (intptr_t d = 0; d < rank; ++d)
    indices[d] = mlirOperationGetOperand(op, base + 1 + d);
  MlirValue padding = read && !plain ? mlirOperationGetOperand(op, 1 + rank) : (MlirValue){NULL};
  MlirAttribute in_bounds = mlirOperationGetAttributeByName(op, ckpt_str("in_bounds"));
  bool checked =
      !plain && (mlirAttributeIsNull(in_bounds) || mlirArrayAttrGetNumElements(in_bounds) < 1 ||
                 !mlirBoolAttrGetValue(mlirArrayAttrGetElement(in_bounds, 0)));
  intptr_t along = ckpt_transfer_lane_dim(op);
  MlirValue size = {NULL};
  if (checked) {
    int64_t static_size = mlirShapedTypeGetDimSize(memref_type, along);
    if (!mlirShapedTypeIsDynamicSize(static_size)) {
      size = ckpt_arith_constant_index(at, static_size);
    } else {
      MlirValue dim[2] = {memref, ckpt_arith_constant_index(at, along)};
      size = ckpt_build1(at, "memref.dim", 2, dim, mlirIndexTypeGet(ctx), 0, NULL);
    }
  }
  MlirValue first = indices[along];
  MlirValue mask = ckpt_transfer_mask(op);
  MlirValue mask_size = mask_size_1d(at, mask);
  MlirValue *elements = calloc((size_t)lanes, sizeof(MlirValue));
  for (int64_t lane = 0; lane < lanes; ++lane) {
    if (lane > 0) {
      MlirValue add[2] = {first, ckpt_arith_constant_index(at, lane)};
      indices[along] = ckpt_build1(at, "arith.addi", 2, add, mlirIndexTypeGet(ctx), 0, NULL);
    }
    MlirValue in_range =
        checked ? ckpt_build_cmpi(at, CKPT_CMPI_ULT, indices[along], size) : (MlirValue){NULL};
    if (!mlirValueIsNull(mask)) {
      MlirValue set = mask_lane(at, mask, mask_size, lane);
      MlirValue both[2] = {in_range, set};
      in_range =
          checked ? ckpt_build1(at, "arith.andi", 2, both, mlirValueGetType(set), 0, NULL) : set;
    }
    MlirValue value = {NULL};
    if (!read) {
      MlirNamedAttribute position =
          ckpt_named(ctx, "static_position", mlirDenseI64ArrayGet(ctx, 1, &lane));
      value = ckpt_build1(at, "vector.extract", 1, &vector,
                          mlirShapedTypeGetElementType(vector_type), 1, &position);
    }
    elements[lane] = transfer_lane(at, memref, rank, indices, in_range, value, padding);
  }
  if (read)
    mlirValueReplaceAllUsesOfWith(vector, gather_lanes(at, vector_type, elements, lanes, spirv));
  free(elements);
  free(indices);
  mlirOperationDestroy(op);
  erase_unused_mask(mask);
}

/* The memref indices of row `position` (the leading rank - 1 positions of an n-D vector)
 * of an access whose indices are operands [first, first + memref_rank) of `op`: the
 * vector's dimensions are the memref's last ones. */
static void row_indices(ckpt_insert_t at, MlirOperation op, intptr_t first, intptr_t memref_rank,
                        intptr_t rank, const int64_t *position, MlirValue *out) {
  for (intptr_t m = 0; m < memref_rank; ++m) {
    MlirValue index = mlirOperationGetOperand(op, first + m);
    intptr_t d = m - (memref_rank - rank);
    if (d >= 0 && d + 1 < rank && position[d] != 0) {
      MlirValue add[2] = {index, ckpt_arith_constant_index(at, position[d])};
      index = ckpt_build1(at, "arith.addi", 2, add, mlirValueGetType(index), 0, NULL);
    }
    out[m] = index;
  }
}

/* A transfer, vector.load or vector.store of an n-D vector becomes one 1-D access of the
 * same kind per row (transfers appended to `out_rows` where it is given), the rows put
 * together with vector.insert or taken apart with vector.extract; the n-D vector itself
 * is split into SPIR-V's later (--ckpt-attach-spirv-abi). Each takes its memref first,
 * after the vector it writes, and its indices next. */
static void split_rows(MlirOperation op, ckpt_vec_t *out_rows) {
  MlirContext ctx = mlirOperationGetContext(op);
  bool transfer = ckpt_op_is(op, "vector.transfer_read") || ckpt_op_is(op, "vector.transfer_write");
  bool read = ckpt_op_is(op, "vector.transfer_read") || ckpt_op_is(op, "vector.load");
  char name[64];
  ckpt_op_name(op, name, sizeof name);
  ckpt_insert_t at = {mlirOperationGetBlock(op), op, mlirOperationGetLocation(op)};
  intptr_t base = read ? 0 : 1;
  MlirValue memref = mlirOperationGetOperand(op, base);
  intptr_t memref_rank = mlirShapedTypeGetRank(mlirValueGetType(memref));
  MlirValue vector = read ? mlirOperationGetResult(op, 0) : mlirOperationGetOperand(op, 0);
  MlirType vector_type = mlirValueGetType(vector);
  intptr_t rank = mlirShapedTypeGetRank(vector_type);
  int64_t lanes = mlirShapedTypeGetDimSize(vector_type, rank - 1);
  MlirType row_type = mlirVectorTypeGet(1, &lanes, mlirShapedTypeGetElementType(vector_type));
  int64_t rows = 1;
  for (intptr_t d = 0; d + 1 < rank; ++d)
    rows *= mlirShapedTypeGetDimSize(vector_type, d);

  MlirValue mask = transfer ? ckpt_transfer_mask(op) : (MlirValue){NULL};
  MlirNamedAttribute attrs[3];
  intptr_t n_attrs = 0;
  if (transfer) {
    MlirAttribute in_bounds = mlirOperationGetAttributeByName(op, ckpt_str("in_bounds"));
    MlirAttribute last_in_bounds = mlirArrayAttrGetElement(in_bounds, rank - 1);
    /* read: source, indices, padding, mask; write: vector, source, indices, mask */
    int32_t segments[4] = {1, (int32_t)memref_rank, 1, mlirValueIsNull(mask) ? 0 : 1};
    if (!read) {
      segments[1] = 1;
      segments[2] = (int32_t)memref_rank;
    }
    attrs[n_attrs++] =
        ckpt_named(ctx, "permutation_map",
                   mlirAffineMapAttrGet(mlirAffineMapMinorIdentityGet(ctx, memref_rank, 1)));
    attrs[n_attrs++] = ckpt_named(ctx, "in_bounds", mlirArrayAttrGet(ctx, 1, &last_in_bounds));
    attrs[n_attrs++] =
        ckpt_named(ctx, "operandSegmentSizes", mlirDenseI32ArrayGet(ctx, 4, segments));
  }
  MlirValue *operands = calloc((size_t)memref_rank + 3, sizeof(MlirValue));
  int64_t *position = calloc((size_t)rank, sizeof(int64_t));
  MlirValue *mask_sizes_found = calloc((size_t)rank, sizeof(MlirValue));
  bool sizes_known = !mlirValueIsNull(mask) && mask_sizes(at, mask, rank, mask_sizes_found);
  MlirValue whole =
      read ? ckpt_build1(at, "ub.poison", 0, NULL, vector_type, 0, NULL) : (MlirValue){NULL};
  for (int64_t row = 0; row < rows; ++row) {
    position_of(row, vector_type, rank - 1, position);
    MlirNamedAttribute where =
        ckpt_named(ctx, "static_position", mlirDenseI64ArrayGet(ctx, rank - 1, position));
    intptr_t n = 0;
    if (!read)
      operands[n++] = ckpt_build1(at, "vector.extract", 1, &vector, row_type, 1, &where);
    operands[n++] = memref;
    row_indices(at, op, base + 1, memref_rank, rank, position, operands + n);
    n += memref_rank;
    if (transfer && read)
      operands[n++] = mlirOperationGetOperand(op, 1 + memref_rank); /* the padding */
    if (!mlirValueIsNull(mask))
      operands[n++] = mask_row(at, mask, sizes_known ? mask_sizes_found : NULL, position, where);
    MlirOperation access = ckpt_build(at.block, at.before, at.loc, name, n, operands, read ? 1 : 0,
                                      &row_type, n_attrs, attrs);
    if (out_rows)
      ckpt_vec_push(out_rows, access.ptr);
    if (read) {
      MlirValue insert[2] = {mlirOperationGetResult(access, 0), whole};
      whole = ckpt_build1(at, "vector.insert", 2, insert, vector_type, 1, &where);
    }
  }
  if (read)
    mlirValueReplaceAllUsesOfWith(vector, whole);
  free(mask_sizes_found);
  free(position);
  free(operands);
  mlirOperationDestroy(op);
  erase_unused_mask(mask);
}

static void split_load_store_rows(MlirOperation op, void *unused) {
  (void)unused;
  split_rows(op, NULL);
}

static MlirWalkResult collect_nd_load_store(MlirOperation op, void *user_data) {
  if (!ckpt_op_is(op, "vector.load") && !ckpt_op_is(op, "vector.store"))
    return MlirWalkResultAdvance;
  MlirValue vector = ckpt_op_is(op, "vector.load") ? mlirOperationGetResult(op, 0)
                                                   : mlirOperationGetOperand(op, 0);
  MlirType type = mlirValueGetType(vector);
  MlirValue memref = mlirOperationGetOperand(op, ckpt_op_is(op, "vector.load") ? 0 : 1);
  /* A memref of vectors is accessed a whole element at a time. */
  bool vector_elements = mlirTypeIsAVector(mlirShapedTypeGetElementType(mlirValueGetType(memref)));
  if (mlirShapedTypeGetRank(type) >= 2 && mlirShapedTypeHasStaticShape(type) &&
      !mlirVectorTypeIsScalable(type) && !vector_elements)
    ckpt_vec_push((ckpt_vec_t *)user_data, op.ptr);
  return MlirWalkResultAdvance;
}

void ckpt_split_nd_vector_load_store(MlirOperation root) {
  ckpt_rewrite_collected(root, collect_nd_load_store, split_load_store_rows, NULL);
}

bool ckpt_masked_access_lowers_to_scalars(MlirOperation op) {
  if (ckpt_op_is(op, "vector.scatter") || ckpt_op_is(op, "vector.maskedstore"))
    return true;
  return (ckpt_op_is(op, "vector.gather") || ckpt_op_is(op, "vector.maskedload")) &&
         mlirShapedTypeGetRank(mlirValueGetType(mlirOperationGetResult(op, 0))) == 1;
}

void ckpt_scalarize_transfer(MlirOperation op, bool spirv) {
  if (mlirShapedTypeGetRank(mlirValueGetType(ckpt_transfer_vector(op))) == 1) {
    scalarize_row(op, spirv);
    return;
  }
  ckpt_vec_t rows = {0};
  split_rows(op, &rows);
  for (size_t i = 0; i < rows.size; ++i)
    scalarize_row(CKPT_VEC_OP(&rows, i), spirv);
  ckpt_vec_free(&rows);
}

typedef struct i1_accesses_t {
  ckpt_vec_t transfers, masked, refused;
} i1_accesses_t;

static bool holds_i1(MlirValue memref) {
  MlirType type = mlirValueGetType(memref);
  return mlirTypeIsAMemRef(type) && mlirTypeIsAInteger(mlirShapedTypeGetElementType(type)) &&
         mlirIntegerTypeGetWidth(mlirShapedTypeGetElementType(type)) == 1;
}

static MlirWalkResult collect_i1_accesses(MlirOperation op, void *user_data) {
  i1_accesses_t *found = user_data;
  if (ckpt_op_is(op, "vector.transfer_read") || ckpt_op_is(op, "vector.transfer_write") ||
      ckpt_op_is(op, "vector.load") || ckpt_op_is(op, "vector.store")) {
    if (holds_i1(ckpt_transfer_memref(op)))
      ckpt_vec_push(ckpt_transfer_lowers_to_scalars(op) ? &found->transfers : &found->refused,
                    op.ptr);
  } else if (ckpt_op_is(op, "vector.maskedload") || ckpt_op_is(op, "vector.maskedstore") ||
             ckpt_op_is(op, "vector.gather") || ckpt_op_is(op, "vector.scatter")) {
    if (holds_i1(mlirOperationGetOperand(op, 0)))
      ckpt_vec_push(ckpt_masked_access_lowers_to_scalars(op) ? &found->masked : &found->refused,
                    op.ptr);
  }
  return MlirWalkResultAdvance;
}

bool ckpt_scalarize_i1_vector_memory(MlirOperation root) {
  i1_accesses_t found = {{0}, {0}, {0}};
  mlirOperationWalk(root, collect_i1_accesses, &found, MlirWalkPreOrder);
  for (size_t i = 0; i < found.refused.size; ++i) {
    char name[64];
    MlirOperation op = CKPT_VEC_OP(&found.refused, i);
    ckpt_emit_error(op,
                    "'%s' moves a vector of i1 to or from a memref of i1, which MLIR's LLVM "
                    "lowering gets wrong (it packs the vector into bits, the memref holds a "
                    "byte per element), and ckpt takes apart only such accesses of at most 64 "
                    "elements per row and 64 rows along the memref's last dimensions, rows "
                    "marked in bounds, and 1-D gathers: split it into such ones, or use "
                    "memref.load and memref.store",
                    ckpt_op_name(op, name, sizeof name));
  }
  bool ok = found.refused.size == 0;
  for (size_t i = 0; ok && i < found.transfers.size; ++i)
    ckpt_scalarize_transfer(CKPT_VEC_OP(&found.transfers, i), false);
  for (size_t i = 0; ok && i < found.masked.size; ++i)
    ckpt_scalarize_masked_access(CKPT_VEC_OP(&found.masked, i), false);
  ckpt_vec_free(&found.transfers);
  ckpt_vec_free(&found.masked);
  ckpt_vec_free(&found.refused);
  return ok;
}
