/* --ckpt-spirv-views: memref views in Vulkan tasks, before gpu-kernel-outlining.
 *
 * A SPIR-V storage buffer is a bare array; MLIR's SPIR-V conversion indexes a memref only
 * when its strides and offset are static. A task that reads a column of a matrix, a
 * rank-reduced subview or a memref<?x?xT> needs strides only known at run time, so each
 * memref defined outside a gpu.launch that the task views or cannot index directly
 * becomes, before the launch:
 *
 *   %base, %offset, %sizes..., %strides... = memref.extract_strided_metadata %m
 *   %flat = memref.reinterpret_cast %base to offset: [0], sizes: [%extent], strides: [1]
 *
 * (static parts of the layout stay constants). The task indexes %flat at
 * offset + sum(i_d * stride_d), so the kernel gets one buffer bound at the view's
 * aligned pointer plus index scalars the host computed. Views made inside the task
 * (memref.subview, memref.cast, memref.reinterpret_cast, memref.collapse_shape,
 * memref.expand_shape, memref.transpose) keep the same %flat with offset,
 * sizes and strides computed in the task; memref.dim and memref.extract_strided_metadata
 * of them become those values. Any other use of such a view is an error at the op.
 * Kernels written by hand get the same through their parameters (spirv_view_kernels.c). */
#include <stdlib.h>
#include <string.h>

#include "ckpt/passes.h"
#include "ir.h"
#include "mlir-c/AffineExpr.h"
#include "mlir-c/AffineMap.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "spirv_views.h"

ckpt_view_t *ckpt_views_add(ckpt_views_t *views) {
  if (views->size == views->capacity) {
    views->capacity = views->capacity ? 2 * views->capacity : 8;
    views->items = realloc(views->items, views->capacity * sizeof(ckpt_view_t));
  }
  ckpt_view_t *view = &views->items[views->size++];
  memset(view, 0, sizeof(*view));
  return view;
}

static ckpt_view_t *views_find(ckpt_views_t *views, MlirValue value) {
  for (size_t i = 0; i < views->size; ++i)
    if (mlirValueEqual(views->items[i].value, value))
      return &views->items[i];
  return NULL;
}

/*--- index arithmetic, folded where the operands are constants ---------------*/

static MlirType index_type(ckpt_insert_t at) {
  return mlirIndexTypeGet(mlirLocationGetContext(at.loc));
}

static MlirValue add(ckpt_insert_t at, MlirValue a, MlirValue b) {
  int64_t x = 0, y = 0;
  bool cx = ckpt_constant_index(a, &x), cy = ckpt_constant_index(b, &y);
  if (cx && cy)
    return ckpt_arith_constant_index(at, x + y);
  if (cx && x == 0)
    return b;
  if (cy && y == 0)
    return a;
  MlirValue operands[2] = {a, b};
  return ckpt_build1(at, "arith.addi", 2, operands, index_type(at), 0, NULL);
}

static MlirValue mul(ckpt_insert_t at, MlirValue a, MlirValue b) {
  int64_t x = 0, y = 0;
  bool cx = ckpt_constant_index(a, &x), cy = ckpt_constant_index(b, &y);
  if (cx && cy)
    return ckpt_arith_constant_index(at, x * y);
  if ((cx && x == 0) || (cy && y == 1))
    return a;
  if ((cy && y == 0) || (cx && x == 1))
    return b;
  MlirValue operands[2] = {a, b};
  return ckpt_build1(at, "arith.muli", 2, operands, index_type(at), 0, NULL);
}

static MlirValue binary(ckpt_insert_t at, const char *name, MlirValue a, MlirValue b) {
  MlirValue operands[2] = {a, b};
  return ckpt_build1(at, name, 2, operands, index_type(at), 0, NULL);
}

/*--- which memrefs need a view ----------------------------------------------*/

static bool defined_outside(MlirValue value, MlirOperation scope) {
  return !ckpt_op_is_inside(ckpt_value_scope_op(value), scope);
}

/* Whether the SPIR-V conversion indexes `type` itself: static strides and offset, and
 * for rank 0 no offset at all, since MLIR 22's conversion drops a rank-0 memref's static
 * offset (it reads and writes element 0 of the buffer). */
bool ckpt_spirv_indexable(MlirType type) {
  intptr_t rank = mlirShapedTypeGetRank(type);
  int64_t strides[CKPT_MAX_VIEW_RANK], offset = 0;
  if (rank > CKPT_MAX_VIEW_RANK ||
      mlirLogicalResultIsFailure(mlirMemRefTypeGetStridesAndOffset(type, strides, &offset)))
    return false;
  if (mlirShapedTypeIsDynamicStrideOrOffset(offset) || (rank == 0 && offset != 0))
    return false;
  for (intptr_t d = 0; d < rank; ++d)
    if (mlirShapedTypeIsDynamicStrideOrOffset(strides[d]))
      return false;
  return true;
}

bool ckpt_is_view_op(MlirOperation op) {
  return ckpt_op_is(op, "memref.subview") || ckpt_op_is(op, "memref.cast") ||
         ckpt_op_is(op, "memref.reinterpret_cast") || ckpt_op_is(op, "memref.collapse_shape") ||
         ckpt_op_is(op, "memref.expand_shape") || ckpt_op_is(op, "memref.transpose");
}

bool ckpt_is_workgroup_space(MlirAttribute space) {
  if (mlirAttributeIsNull(space))
    return false;
  if (mlirAttributeIsAInteger(space))
    return mlirIntegerAttrGetValueInt(space) == 3;
  MlirAttribute workgroup =
      mlirAttributeParseGet(mlirAttributeGetContext(space), ckpt_str("#gpu.address_space<workgroup>"));
  return mlirAttributeEqual(space, workgroup);
}

/*--- task scratch (memref.alloca) ------------------------------------------*/

static bool scratch_element_ok(MlirType element) {
  if (mlirTypeIsAVector(element))
    element = mlirShapedTypeGetElementType(element);
  unsigned width = 0;
  if (mlirTypeIsAInteger(element))
    width = mlirIntegerTypeGetWidth(element);
  else if (mlirTypeIsAFloat(element))
    width = mlirFloatTypeGetWidth(element);
  /* Narrower integers need the Int8 capability, which the target does not enable; index
   * has its own diagnostic (the element type check). */
  return mlirTypeIsAIndex(element) || width >= 16;
}

static const char *const kScratchAccesses[] = {"memref.load", "memref.store", "affine.load",
                                               "affine.store"};

const char *ckpt_spirv_scratch_problem(MlirOperation alloca) {
  MlirType type = mlirValueGetType(mlirOperationGetResult(alloca, 0));
  if (!mlirAttributeIsNull(mlirMemRefTypeGetMemorySpace(type)))
    return NULL;
  if (!mlirShapedTypeHasStaticShape(type))
    return "has a dynamic size, and a shader's own memory has a size fixed when it is "
           "compiled: give it a static shape";
  if (!mlirAffineMapIsIdentity(mlirMemRefTypeGetAffineMap(type)))
    return "has a layout other than the default: allocate it with the default layout";
  if (!scratch_element_ok(mlirShapedTypeGetElementType(type)))
    return "holds elements narrower than 16 bits, which a shader's own memory holds only "
           "with the Int8 capability, and the Vulkan target does not enable it: use i16 or "
           "wider elements (i32 for booleans)";
  if (!ckpt_only_used_by(mlirOperationGetResult(alloca, 0), kScratchAccesses,
                         sizeof kScratchAccesses / sizeof kScratchAccesses[0]))
    return "is used by an operation other than a load or a store, and scratch in a "
           "shader's own memory is indexed only by memref.load and memref.store (or "
           "their affine forms): index it directly instead of viewing it or passing it on";
  return NULL;
}

MlirType ckpt_spirv_scratch_type(MlirOperation alloca) {
  MlirType type = mlirValueGetType(mlirOperationGetResult(alloca, 0));
  if (!mlirAttributeIsNull(mlirMemRefTypeGetMemorySpace(type)) ||
      ckpt_spirv_scratch_problem(alloca))
    return (MlirType){NULL};
  MlirAttribute function =
      mlirAttributeParseGet(mlirTypeGetContext(type), ckpt_str("#spirv.storage_class<Function>"));
  return ckpt_memref_type_in_space(type, function);
}

/*--- workgroup memory ------------------------------------------------------*/

static const char *const kWorkgroupAccesses[] = {"memref.load", "memref.store", "memref.atomic_rmw",
                                                 "memref.dealloc", NULL};

const char *ckpt_spirv_workgroup_problem(MlirValue memory) {
  MlirType type = mlirValueGetType(memory);
  if (!mlirTypeIsAMemRef(type) || !ckpt_is_workgroup_space(mlirMemRefTypeGetMemorySpace(type)))
    return NULL;
  if (!mlirShapedTypeHasStaticShape(type))
    return "has a dynamic size, and a shader's workgroup memory has a size fixed when it is "
           "compiled: give it a static shape";
  /* vector.load and vector.store that ckpt-prepare-spirv-tasks takes apart lane by lane
   * become memref.load and memref.store too. */
  for (MlirOpOperand use = mlirValueGetFirstUse(memory); !mlirOpOperandIsNull(use);
       use = mlirOpOperandGetNextUse(use)) {
    MlirOperation user = mlirOpOperandGetOwner(use);
    bool access = ckpt_op_is_one_of(user, kWorkgroupAccesses);
    if (!access && (ckpt_op_is(user, "vector.load") || ckpt_op_is(user, "vector.store")))
      access = ckpt_transfer_lowers_to_scalars(user);
    if (!access)
      return "is used by an operation other than a load, a store or an atomic, and a shader's "
             "workgroup memory is indexed only by memref.load, memref.store, "
             "memref.atomic_rmw, and 1-D vector.load and vector.store of at most 64 lanes: "
             "index it directly instead of viewing it or passing it on";
  }
  return NULL;
}

MlirType ckpt_spirv_workgroup_type(MlirValue memory) {
  MlirType type = mlirValueGetType(memory);
  if (!mlirTypeIsAMemRef(type) || !ckpt_is_workgroup_space(mlirMemRefTypeGetMemorySpace(type)) ||
      ckpt_spirv_workgroup_problem(memory))
    return (MlirType){NULL};
  MlirAttribute workgroup =
      mlirAttributeParseGet(mlirTypeGetContext(type), ckpt_str("#spirv.storage_class<Workgroup>"));
  return ckpt_memref_type_in_space(type, workgroup);
}

/* The operand position of the memref an access reads or writes, or -1. */
static intptr_t accessed_memref(MlirOperation op) {
  if (ckpt_op_is(op, "memref.load"))
    return 0;
  if (ckpt_op_is(op, "memref.store") || ckpt_op_is(op, "memref.atomic_rmw"))
    return 1;
  return -1;
}

/*--- views of memrefs from outside the task ----------------------------------*/

/* The flat buffer, offset, sizes and strides of `memref`, made at `at`. The
 * extent of the flat buffer is what the elements span from the aligned pointer (0 when
 * the view is empty), so the runtime binds exactly the bytes the view may touch. */
bool ckpt_view_make_root(ckpt_insert_t at, MlirValue memref, ckpt_view_t *out) {
  MlirContext ctx = mlirLocationGetContext(at.loc);
  MlirType type = mlirValueGetType(memref);
  intptr_t rank = mlirShapedTypeGetRank(type);
  int64_t static_strides[CKPT_MAX_VIEW_RANK], static_offset = 0;
  if (rank > CKPT_MAX_VIEW_RANK || mlirLogicalResultIsFailure(mlirMemRefTypeGetStridesAndOffset(
                                  type, static_strides, &static_offset)))
    return false;
  MlirType element = mlirShapedTypeGetElementType(type);
  MlirAttribute space = mlirMemRefTypeGetMemorySpace(type);
  MlirType results[2 + 2 * CKPT_MAX_VIEW_RANK];
  results[0] = mlirMemRefTypeContiguousGet(element, 0, NULL, space);
  for (intptr_t i = 1; i < 2 + 2 * rank; ++i)
    results[i] = index_type(at);
  MlirOperation metadata = ckpt_build(at.block, at.before, at.loc,
                                      "memref.extract_strided_metadata", 1, &memref,
                                      2 + 2 * rank, results, 0, NULL);
  out->value = memref;
  out->from_outside = true;
  out->rank = rank;
  out->offset = mlirShapedTypeIsDynamicStrideOrOffset(static_offset)
                    ? mlirOperationGetResult(metadata, 1)
                    : ckpt_arith_constant_index(at, static_offset);
  for (intptr_t d = 0; d < rank; ++d) {
    out->sizes[d] = mlirShapedTypeIsDynamicDim(type, d)
                        ? mlirOperationGetResult(metadata, 2 + d)
                        : ckpt_arith_constant_index(at, mlirShapedTypeGetDimSize(type, d));
    out->strides[d] = mlirShapedTypeIsDynamicStrideOrOffset(static_strides[d])
                          ? mlirOperationGetResult(metadata, 2 + rank + d)
                          : ckpt_arith_constant_index(at, static_strides[d]);
  }
  /* extent = offset + sum(max(0, (size - 1) * stride)) + 1, or 0 if any size is 0. */
  MlirValue zero = ckpt_arith_constant_index(at, 0), one = ckpt_arith_constant_index(at, 1);
  MlirValue last = out->offset;
  MlirValue empty = {NULL};
  for (intptr_t d = 0; d < rank; ++d) {
    MlirValue size = out->sizes[d];
    int64_t known = 0;
    if (!ckpt_constant_index(size, &known)) {
      MlirValue is_zero = ckpt_build_cmpi(at, CKPT_CMPI_EQ, size, zero);
      empty = mlirValueIsNull(empty) ? is_zero : ckpt_build1(at, "arith.ori", 2,
                                                            (MlirValue[]){empty, is_zero},
                                                            mlirIntegerTypeGet(ctx, 1), 0, NULL);
    }
    MlirValue span = mul(at, binary(at, "arith.subi", size, one), out->strides[d]);
    int64_t stride = 0;
    if (!ckpt_constant_index(out->strides[d], &stride) || stride < 0)
      span = binary(at, "arith.maxsi", span, zero);
    last = add(at, last, span);
  }
  MlirValue extent = add(at, last, one);
  if (!mlirValueIsNull(empty)) {
    MlirValue operands[3] = {empty, zero, extent};
    extent = ckpt_build1(at, "arith.select", 3, operands, index_type(at), 0, NULL);
  }
  int64_t dynamic = mlirShapedTypeGetDynamicSize(), zero_offset = 0, unit = 1;
  int32_t segments[4] = {1, 0, 1, 0};
  MlirNamedAttribute attrs[4] = {
      ckpt_named(ctx, "operandSegmentSizes", mlirDenseI32ArrayGet(ctx, 4, segments)),
      ckpt_named(ctx, "static_offsets", mlirDenseI64ArrayGet(ctx, 1, &zero_offset)),
      ckpt_named(ctx, "static_sizes", mlirDenseI64ArrayGet(ctx, 1, &dynamic)),
      ckpt_named(ctx, "static_strides", mlirDenseI64ArrayGet(ctx, 1, &unit)),
  };
  MlirType flat_type = mlirMemRefTypeContiguousGet(element, 1, &dynamic, space);
  MlirValue operands[2] = {mlirOperationGetResult(metadata, 0), extent};
  out->flat = ckpt_build1(at, "memref.reinterpret_cast", 2, operands, flat_type, 4, attrs);
  return true;
}

/*--- views made inside the task ----------------------------------------------*/

/* The offsets, sizes or strides of a subview or reinterpret_cast (segment 1, 2 or 3),
 * static entries as constants made at `at`. */
static intptr_t mixed_values(ckpt_insert_t at, MlirOperation op, intptr_t segment,
                             const char *static_name, MlirValue *out) {
  MlirAttribute segments = mlirOperationGetAttributeByName(op, ckpt_str("operandSegmentSizes"));
  intptr_t first = 0;
  for (intptr_t s = 0; s < segment; ++s)
    first += mlirDenseI32ArrayGetElement(segments, s);
  MlirAttribute statics = mlirOperationGetAttributeByName(op, ckpt_str(static_name));
  intptr_t count = mlirDenseArrayGetNumElements(statics);
  for (intptr_t i = 0; i < count && i < CKPT_MAX_VIEW_RANK; ++i) {
    int64_t value = mlirDenseI64ArrayGetElement(statics, i);
    out[i] = value == mlirShapedTypeGetDynamicSize() ? mlirOperationGetOperand(op, first++)
                                                     : ckpt_arith_constant_index(at, value);
  }
  return count;
}

/* Which source dimensions a rank-reducing subview keeps: the dropped ones have size 1,
 * so they are matched against the result's shape in order. Which of several unit
 * dimensions is kept does not matter, as each is indexed at 0 only. */
static bool kept_dims(MlirOperation subview, intptr_t source_rank, intptr_t *out_kept) {
  MlirType result = mlirValueGetType(mlirOperationGetResult(subview, 0));
  MlirAttribute sizes = mlirOperationGetAttributeByName(subview, ckpt_str("static_sizes"));
  intptr_t result_rank = mlirShapedTypeGetRank(result), next = 0;
  for (intptr_t d = 0; d < source_rank; ++d) {
    int64_t size = mlirDenseI64ArrayGetElement(sizes, d);
    if (next < result_rank && mlirShapedTypeGetDimSize(result, next) == size)
      out_kept[next++] = d;
    else if (size != 1)
      return false;
  }
  return next == result_rank;
}

/* Dimension `i` of group `g` of a collapse_shape or expand_shape reassociation. */
static intptr_t group_dim(MlirAttribute reassociation, intptr_t g, intptr_t i) {
  return (intptr_t)mlirIntegerAttrGetValueInt(
      mlirArrayAttrGetElement(mlirArrayAttrGetElement(reassociation, g), i));
}

/* collapse_shape: a group's size is the product of its sizes, its stride the innermost
 * dimension's (the verifier has checked the group is contiguous). expand_shape: a source
 * dimension of stride s splits into sizes n_0 ... n_k with strides s * n_(i+1) * ... * n_k.
 * transpose: sizes and strides permuted. */
static bool derive_shape(ckpt_insert_t at, MlirOperation op, const ckpt_view_t *source,
                         ckpt_view_t *out) {
  if (ckpt_op_is(op, "memref.transpose")) {
    MlirAffineMap permutation =
        mlirAffineMapAttrGetValue(mlirOperationGetAttributeByName(op, ckpt_str("permutation")));
    for (intptr_t r = 0; r < out->rank; ++r) {
      intptr_t d = mlirAffineDimExprGetPosition(mlirAffineMapGetResult(permutation, r));
      out->sizes[r] = source->sizes[d];
      out->strides[r] = source->strides[d];
    }
    return true;
  }
  MlirAttribute groups = mlirOperationGetAttributeByName(op, ckpt_str("reassociation"));
  if (ckpt_op_is(op, "memref.collapse_shape")) {
    for (intptr_t g = 0; g < mlirArrayAttrGetNumElements(groups); ++g) {
      intptr_t count = mlirArrayAttrGetNumElements(mlirArrayAttrGetElement(groups, g));
      out->sizes[g] = source->sizes[group_dim(groups, g, 0)];
      for (intptr_t i = 1; i < count; ++i)
        out->sizes[g] = mul(at, out->sizes[g], source->sizes[group_dim(groups, g, i)]);
      out->strides[g] = source->strides[group_dim(groups, g, count - 1)];
    }
    return true;
  }
  MlirAttribute shape = mlirOperationGetAttributeByName(op, ckpt_str("static_output_shape"));
  intptr_t next_operand = 1;
  for (intptr_t r = 0; r < out->rank; ++r) {
    int64_t size = mlirDenseI64ArrayGetElement(shape, r);
    out->sizes[r] = size == mlirShapedTypeGetDynamicSize()
                        ? mlirOperationGetOperand(op, next_operand++)
                        : ckpt_arith_constant_index(at, size);
  }
  for (intptr_t g = 0; g < mlirArrayAttrGetNumElements(groups); ++g) {
    intptr_t count = mlirArrayAttrGetNumElements(mlirArrayAttrGetElement(groups, g));
    MlirValue stride = source->strides[g];
    for (intptr_t i = count - 1; i >= 0; --i) {
      intptr_t r = group_dim(groups, g, i);
      out->strides[r] = stride;
      stride = mul(at, stride, out->sizes[r]);
    }
  }
  return true;
}

static bool derive(MlirOperation op, const ckpt_view_t *source, ckpt_view_t *out) {
  ckpt_insert_t at = {mlirOperationGetBlock(op), op, mlirOperationGetLocation(op)};
  MlirValue result = mlirOperationGetResult(op, 0);
  *out = *source;
  out->value = result;
  out->from_outside = false;
  if (ckpt_op_is(op, "memref.cast"))
    return true;
  if (!ckpt_op_is(op, "memref.subview") && !ckpt_op_is(op, "memref.reinterpret_cast")) {
    out->rank = mlirShapedTypeGetRank(mlirValueGetType(result));
    return derive_shape(at, op, source, out);
  }
  MlirValue offsets[CKPT_MAX_VIEW_RANK], sizes[CKPT_MAX_VIEW_RANK], strides[CKPT_MAX_VIEW_RANK];
  intptr_t rank = mixed_values(at, op, 2, "static_sizes", sizes);
  mixed_values(at, op, 1, "static_offsets", offsets);
  mixed_values(at, op, 3, "static_strides", strides);
  if (ckpt_op_is(op, "memref.reinterpret_cast")) {
    /* Its offset counts from the source's base, as ours does. */
    out->offset = offsets[0];
    out->rank = rank;
    memcpy(out->sizes, sizes, (size_t)rank * sizeof(MlirValue));
    memcpy(out->strides, strides, (size_t)rank * sizeof(MlirValue));
    return true;
  }
  intptr_t kept[CKPT_MAX_VIEW_RANK];
  if (!kept_dims(op, source->rank, kept))
    return false;
  for (intptr_t d = 0; d < source->rank; ++d)
    out->offset = add(at, out->offset, mul(at, offsets[d], source->strides[d]));
  out->rank = mlirShapedTypeGetRank(mlirValueGetType(result));
  for (intptr_t r = 0; r < out->rank; ++r) {
    out->sizes[r] = sizes[kept[r]];
    out->strides[r] = mul(at, source->strides[kept[r]], strides[kept[r]]);
  }
  return true;
}

/*--- uses inside the task ----------------------------------------------------*/

static void flatten_access(MlirOperation access, intptr_t memref_at, const ckpt_view_t *view) {
  ckpt_insert_t at = {mlirOperationGetBlock(access), access, mlirOperationGetLocation(access)};
  MlirValue linear = view->offset;
  for (intptr_t d = 0; d < view->rank; ++d)
    linear = add(at, linear, mul(at, mlirOperationGetOperand(access, memref_at + 1 + d),
                                 view->strides[d]));
  MlirValue operands[3];
  for (intptr_t i = 0; i < memref_at; ++i)
    operands[i] = mlirOperationGetOperand(access, i);
  operands[memref_at] = view->flat;
  operands[memref_at + 1] = linear;
  mlirOperationSetOperands(access, memref_at + 2, operands);
}

static bool replace_dim(MlirOperation dim, const ckpt_view_t *view) {
  int64_t d = 0;
  if (!ckpt_constant_index(mlirOperationGetOperand(dim, 1), &d) || d < 0 || d >= view->rank) {
    ckpt_emit_error(dim, "memref.dim of a view in a Vulkan task needs a constant dimension "
                         "in range (SPIR-V buffers carry no sizes, so the sizes are values "
                         "the task holds one by one)");
    return false;
  }
  mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(dim, 0), view->sizes[d]);
  return true;
}

static bool replace_metadata(MlirOperation metadata, const ckpt_view_t *view) {
  if (mlirOperationGetNumResults(metadata) == 2 + 2 * view->rank &&
      mlirOpOperandIsNull(mlirValueGetFirstUse(mlirOperationGetResult(metadata, 0)))) {
    mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(metadata, 1), view->offset);
    for (intptr_t d = 0; d < view->rank; ++d) {
      mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(metadata, 2 + d), view->sizes[d]);
      mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(metadata, 2 + view->rank + d),
                                    view->strides[d]);
    }
    return true;
  }
  ckpt_emit_error(metadata, "the base buffer of a view cannot be used in a Vulkan task "
                            "(SPIR-V has no pointers to pass around); index the view itself");
  return false;
}

static void report_use(MlirOperation op, MlirValue memref) {
  char name[128];
  ckpt_sbuf_t type = {0};
  mlirTypePrint(mlirValueGetType(memref), ckpt_sbuf_callback, &type);
  ckpt_emit_error(op, "'%s' cannot take %s in a Vulkan task: SPIR-V indexes buffers only "
                      "with strides fixed when the shader is compiled, so there a memref "
                      "with strides known at run time, or a view made in the task, can only "
                      "be loaded from, stored to (memref.load, memref.store, "
                      "memref.atomic_rmw), measured (memref.dim, "
                      "memref.extract_strided_metadata) or viewed again (memref.subview, "
                      "memref.cast, memref.reinterpret_cast, memref.collapse_shape, "
                      "memref.expand_shape, memref.transpose)",
                  ckpt_op_name(op, name, sizeof name), type.data ? type.data : "?");
  ckpt_sbuf_free(&type);
}

/* The view for `value` if the task must go through one: it is one already, or it comes
 * from outside the task and SPIR-V cannot index it (or `viewed` says a view op takes it). */
static ckpt_view_t *view_for(ckpt_views_t *views, MlirOperation scope, MlirValue value,
                             bool viewed, bool *ok) {
  ckpt_view_t *view = views_find(views, value);
  if (view || !mlirTypeIsAMemRef(mlirValueGetType(value)))
    return view;
  if (!defined_outside(value, scope) ||
      (!viewed && ckpt_spirv_indexable(mlirValueGetType(value))))
    return NULL;
  ckpt_view_t root;
  if (mlirShapedTypeGetRank(mlirValueGetType(value)) > CKPT_MAX_VIEW_RANK) {
    ckpt_emit_error(scope, "a memref this task uses has rank above %d, more than Vulkan "
                            "tasks index",
                    CKPT_MAX_VIEW_RANK);
    *ok = false;
    return NULL;
  }
  ckpt_insert_t at = {mlirOperationGetBlock(scope), scope, mlirOperationGetLocation(scope)};
  if (!ckpt_view_make_root(at, value, &root)) {
    ckpt_emit_error(scope, "a memref this task uses has a layout that is not strided, which "
                            "the Vulkan target cannot index");
    *ok = false;
    return NULL;
  }
  view = ckpt_views_add(views);
  *view = root;
  return view;
}

static bool rewrite_op(MlirOperation op, MlirOperation scope, ckpt_views_t *views,
                       ckpt_vec_t *dead) {
  bool ok = true;
  intptr_t memref_at = accessed_memref(op);
  if (ckpt_is_view_op(op)) {
    ckpt_view_t *source = view_for(views, scope, mlirOperationGetOperand(op, 0), true, &ok);
    if (!source)
      return ok;
    ckpt_view_t derived;
    MlirType result = mlirValueGetType(mlirOperationGetResult(op, 0));
    if (!mlirTypeIsAMemRef(result)) {
      /* A cast to an unranked memref: nothing in a shader can use one. */
      report_use(op, mlirOperationGetOperand(op, 0));
      return false;
    }
    if (mlirShapedTypeGetRank(result) > CKPT_MAX_VIEW_RANK) {
      ckpt_emit_error(op, "views of rank above %d cannot be used in Vulkan tasks",
                      CKPT_MAX_VIEW_RANK);
      return false;
    }
    if (!derive(op, source, &derived)) {
      ckpt_emit_error(op, "cannot tell which dimensions this rank-reducing subview drops");
      return false;
    }
    *ckpt_views_add(views) = derived;
    ckpt_vec_push(dead, op.ptr);
  } else if (memref_at >= 0) {
    MlirValue memref = mlirOperationGetOperand(op, memref_at);
    ckpt_view_t *view = view_for(views, scope, memref, false, &ok);
    if (view) {
      flatten_access(op, memref_at, view);
    } else if (ok && !ckpt_spirv_indexable(mlirValueGetType(memref))) {
      /* A view of memory the task made itself (memref.alloca), or one passed through
       * block arguments: no host values describe it. */
      ckpt_emit_error(op, "this memref's strides are only known at run time and it is not "
                          "a view of a graph kernel argument, so SPIR-V cannot index it: "
                          "view the argument directly in the task");
      ok = false;
    }
  } else if (ckpt_op_is(op, "memref.dim")) {
    ckpt_view_t *view = views_find(views, mlirOperationGetOperand(op, 0));
    if (view && (ok = replace_dim(op, view)))
      ckpt_vec_push(dead, op.ptr);
  } else if (ckpt_op_is(op, "memref.extract_strided_metadata")) {
    ckpt_view_t *view = view_for(views, scope, mlirOperationGetOperand(op, 0), true, &ok);
    if (view && (ok = replace_metadata(op, view)))
      ckpt_vec_push(dead, op.ptr);
  } else {
    for (intptr_t i = 0; i < mlirOperationGetNumOperands(op) && ok; ++i) {
      MlirValue operand = mlirOperationGetOperand(op, i);
      if (!mlirTypeIsAMemRef(mlirValueGetType(operand)))
        continue;
      ckpt_view_t *view = views_find(views, operand);
      if ((view && !view->from_outside) || !ckpt_spirv_indexable(mlirValueGetType(operand))) {
        report_use(op, operand);
        ok = false;
      }
    }
  }
  return ok;
}

static MlirWalkResult collect_ops(MlirOperation op, void *user_data) {
  ckpt_vec_push((ckpt_vec_t *)user_data, op.ptr);
  return MlirWalkResultAdvance;
}

bool ckpt_views_rewrite(MlirOperation scope, ckpt_views_t *views) {
  ckpt_vec_t ops = {0}, dead = {0};
  mlirOperationWalk(scope, collect_ops, &ops, MlirWalkPreOrder);
  bool ok = true;
  /* Pre-order visits a view before its uses: definitions dominate them. */
  for (size_t i = 1; i < ops.size; ++i)
    ok = rewrite_op(CKPT_VEC_OP(&ops, i), scope, views, &dead) && ok;
  for (size_t i = dead.size; ok && i > 0; --i)
    mlirOperationDestroy(CKPT_VEC_OP(&dead, i - 1));
  ckpt_vec_free(&dead);
  ckpt_vec_free(&ops);
  return ok;
}

static MlirWalkResult collect_launches(MlirOperation op, void *user_data) {
  if (ckpt_op_is(op, "gpu.launch"))
    ckpt_vec_push((ckpt_vec_t *)user_data, op.ptr);
  return MlirWalkResultAdvance;
}

MlirLogicalResult ckptRunSpirvViews(MlirOperation module) {
  ckpt_vec_t launches = {0};
  mlirOperationWalk(module, collect_launches, &launches, MlirWalkPreOrder);
  bool ok = true;
  for (size_t i = 0; i < launches.size; ++i) {
    ckpt_views_t views = {0};
    ok = ckpt_views_rewrite(CKPT_VEC_OP(&launches, i), &views) && ok;
    free(views.items);
  }
  ckpt_vec_free(&launches);
  ok = ckpt_spirv_view_kernels(module) && ok;
  return ok ? mlirLogicalResultSuccess() : mlirLogicalResultFailure();
}
