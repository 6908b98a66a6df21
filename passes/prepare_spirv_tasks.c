/* --ckpt-prepare-spirv-tasks: reshapes the gpu.launch bodies that --ckpt-convert-tasks-to-gpu
 * made, before gpu-kernel-outlining, into what MLIR's SPIR-V conversion accepts, without
 * changing what they compute. A SPIR-V storage buffer is a bare array: it carries no
 * sizes and no strides, so what a kernel would read from a memref descriptor is computed
 * on the host and passed in as a scalar operand instead.
 *
 *  - func.call to a function with a single-block body is inlined (repeatedly, so calls
 *    inside callees go too): the rewrites below then see the callee's memory accesses.
 *  - A memref of rank >= 2 with an identity layout and a dynamic inner size (its strides
 *    are dynamic) is accessed through a rank-1 view of it made before the launch, with
 *    loads, stores and atomics indexing it linearly by the sizes.
 *  - memref.dim of a memref defined outside the launch moves before it. */
#include <stdlib.h>

#include "ckpt/passes.h"
#include "ir.h"
#include "mlir-c/AffineMap.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

enum { MAX_INLINE_ROUNDS = 16 };

static MlirWalkResult collect_named(MlirOperation op, void *user_data, const char *name) {
  if (ckpt_op_is(op, name))
    ckpt_vec_push((ckpt_vec_t *)user_data, op.ptr);
  return MlirWalkResultAdvance;
}

static MlirWalkResult collect_launches(MlirOperation op, void *user_data) {
  return collect_named(op, user_data, "gpu.launch");
}

static MlirWalkResult collect_calls(MlirOperation op, void *user_data) {
  return collect_named(op, user_data, "func.call");
}

static MlirWalkResult collect_dims(MlirOperation op, void *user_data) {
  return collect_named(op, user_data, "memref.dim");
}

/* memref.load (memref at 0), memref.store and memref.atomic_rmw (memref at 1). */
static MlirWalkResult collect_accesses(MlirOperation op, void *user_data) {
  if (ckpt_op_is(op, "memref.load") || ckpt_op_is(op, "memref.store") ||
      ckpt_op_is(op, "memref.atomic_rmw"))
    ckpt_vec_push((ckpt_vec_t *)user_data, op.ptr);
  return MlirWalkResultAdvance;
}

static bool defined_outside(MlirValue value, MlirOperation launch) {
  return !ckpt_op_is_inside(ckpt_value_scope_op(value), launch);
}

/*--- inlining ---------------------------------------------------------------*/

/* Replaces `call` by a copy of the body of `callee` (a single block ending in
 * func.return). */
static void inline_call(MlirOperation call, MlirOperation callee) {
  MlirOperation copy = mlirOperationClone(callee);
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(copy, 0));
  for (intptr_t i = 0; i < mlirBlockGetNumArguments(body); ++i)
    mlirValueReplaceAllUsesOfWith(mlirBlockGetArgument(body, i), mlirOperationGetOperand(call, i));
  MlirOperation terminator = mlirBlockGetTerminator(body);
  for (intptr_t i = 0; i < mlirOperationGetNumResults(call); ++i)
    mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(call, i),
                                  mlirOperationGetOperand(terminator, i));
  ckpt_vec_t ops = {0};
  ckpt_block_ops(body, &ops);
  for (size_t i = 0; i + 1 < ops.size; ++i)
    mlirOperationMoveBefore(CKPT_VEC_OP(&ops, i), call);
  ckpt_vec_free(&ops);
  mlirOperationDestroy(call);
  mlirOperationDestroy(copy);
}

static void inline_calls(MlirOperation launch, MlirSymbolTable symbols) {
  for (int round = 0; round < MAX_INLINE_ROUNDS; ++round) {
    ckpt_vec_t calls = {0};
    mlirOperationWalk(launch, collect_calls, &calls, MlirWalkPreOrder);
    size_t inlined = 0;
    for (size_t i = 0; i < calls.size; ++i) {
      MlirOperation call = CKPT_VEC_OP(&calls, i);
      MlirAttribute callee_name = mlirOperationGetAttributeByName(call, ckpt_str("callee"));
      MlirOperation callee =
          mlirSymbolTableLookup(symbols, mlirFlatSymbolRefAttrGetValue(callee_name));
      if (mlirOperationIsNull(callee) || !ckpt_op_is(callee, "func.func"))
        continue;
      MlirRegion region = mlirOperationGetRegion(callee, 0);
      MlirBlock entry = mlirRegionGetFirstBlock(region);
      /* A declaration or a multi-block body stays a call, for the SPIR-V conversion to
       * take or report. */
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

/*--- linearizing multi-dimensional memrefs ----------------------------------*/

/* True for an identity-layout memref of rank >= 2 whose strides are not all static. */
static bool needs_linear_view(MlirType type) {
  if (!mlirTypeIsAMemRef(type) || mlirShapedTypeGetRank(type) < 2 ||
      !mlirAffineMapIsIdentity(mlirMemRefTypeGetAffineMap(type)))
    return false;
  for (intptr_t d = 1; d < mlirShapedTypeGetRank(type); ++d)
    if (mlirShapedTypeIsDynamicDim(type, d))
      return true;
  return false;
}

/* A memref's rank-1 view and its sizes, made before one launch. */
typedef struct linear_view_t {
  MlirValue source;
  MlirValue flat;
  MlirValue sizes[16];
} linear_view_t;

static MlirValue dim_of(ckpt_insert_t at, MlirValue memref, intptr_t d) {
  MlirContext ctx = mlirLocationGetContext(at.loc);
  MlirValue operands[2] = {memref, ckpt_arith_constant_index(at, d)};
  return ckpt_build1(at, "memref.dim", 2, operands, mlirIndexTypeGet(ctx), 0, NULL);
}

/* The rank-1 view is a memref.reinterpret_cast over all the elements (offset 0, as the
 * identity layout has), so the host side lowers it without affine maps. */
static void make_linear_view(MlirOperation launch, MlirValue source, linear_view_t *out) {
  MlirContext ctx = mlirOperationGetContext(launch);
  ckpt_insert_t at = {mlirOperationGetBlock(launch), launch, mlirOperationGetLocation(launch)};
  MlirType type = mlirValueGetType(source);
  intptr_t rank = mlirShapedTypeGetRank(type);
  MlirValue total = {NULL};
  for (intptr_t d = 0; d < rank; ++d) {
    MlirValue size = mlirShapedTypeIsDynamicDim(type, d)
                         ? dim_of(at, source, d)
                         : ckpt_arith_constant_index(at, mlirShapedTypeGetDimSize(type, d));
    out->sizes[d] = size;
    if (d == 0) {
      total = size;
    } else {
      MlirValue product[2] = {total, size};
      total = ckpt_build1(at, "arith.muli", 2, product, mlirIndexTypeGet(ctx), 0, NULL);
    }
  }
  int64_t dynamic = mlirShapedTypeGetDynamicSize(), zero = 0, one = 1;
  int32_t segments[4] = {1, 0, 1, 0};
  MlirNamedAttribute attrs[4] = {
      ckpt_named(ctx, "operandSegmentSizes", mlirDenseI32ArrayGet(ctx, 4, segments)),
      ckpt_named(ctx, "static_offsets", mlirDenseI64ArrayGet(ctx, 1, &zero)),
      ckpt_named(ctx, "static_sizes", mlirDenseI64ArrayGet(ctx, 1, &dynamic)),
      ckpt_named(ctx, "static_strides", mlirDenseI64ArrayGet(ctx, 1, &one)),
  };
  MlirType flat_type = mlirMemRefTypeContiguousGet(mlirShapedTypeGetElementType(type), 1, &dynamic,
                                                   mlirMemRefTypeGetMemorySpace(type));
  MlirValue operands[2] = {source, total};
  out->source = source;
  out->flat = ckpt_build1(at, "memref.reinterpret_cast", 2, operands, flat_type, 4, attrs);
}

/* Makes `access` (whose memref operand is at `memref_at`) use `view` at the linear index
 * ((i0 * s1 + i1) * s2 + i2) ... */
static void linearize_access(MlirOperation access, intptr_t memref_at, const linear_view_t *view) {
  ckpt_insert_t at = {mlirOperationGetBlock(access), access, mlirOperationGetLocation(access)};
  intptr_t rank = mlirShapedTypeGetRank(mlirValueGetType(view->source));
  MlirValue linear = mlirOperationGetOperand(access, memref_at + 1);
  for (intptr_t d = 1; d < rank; ++d) {
    MlirValue scaled[2] = {linear, view->sizes[d]};
    linear = ckpt_build1(at, "arith.muli", 2, scaled, mlirValueGetType(linear), 0, NULL);
    MlirValue sum[2] = {linear, mlirOperationGetOperand(access, memref_at + 1 + d)};
    linear = ckpt_build1(at, "arith.addi", 2, sum, mlirValueGetType(linear), 0, NULL);
  }
  MlirValue operands[3];
  for (intptr_t i = 0; i < memref_at; ++i)
    operands[i] = mlirOperationGetOperand(access, i);
  operands[memref_at] = view->flat;
  operands[memref_at + 1] = linear;
  mlirOperationSetOperands(access, memref_at + 2, operands);
}

static bool linearize(MlirOperation launch) {
  ckpt_vec_t accesses = {0};
  mlirOperationWalk(launch, collect_accesses, &accesses, MlirWalkPreOrder);
  linear_view_t *views = calloc(accesses.size + 1, sizeof(linear_view_t));
  size_t view_count = 0;
  bool ok = true;
  for (size_t i = 0; i < accesses.size; ++i) {
    MlirOperation access = CKPT_VEC_OP(&accesses, i);
    intptr_t memref_at = ckpt_op_is(access, "memref.load") ? 0 : 1;
    MlirValue memref = mlirOperationGetOperand(access, memref_at);
    MlirType type = mlirValueGetType(memref);
    if (!needs_linear_view(type) || !defined_outside(memref, launch))
      continue;
    if (mlirShapedTypeGetRank(type) >= 16) {
      ckpt_emit_error(access, "memrefs of rank 16 or more cannot be used in Vulkan tasks");
      ok = false;
      continue;
    }
    linear_view_t *view = NULL;
    for (size_t v = 0; v < view_count && !view; ++v)
      if (mlirValueEqual(views[v].source, memref))
        view = &views[v];
    if (!view) {
      view = &views[view_count++];
      make_linear_view(launch, memref, view);
    }
    linearize_access(access, memref_at, view);
  }
  free(views);
  ckpt_vec_free(&accesses);
  return ok;
}

/*--- sizes on the host ------------------------------------------------------*/

static void hoist_dims(MlirOperation launch) {
  ckpt_vec_t dims = {0};
  mlirOperationWalk(launch, collect_dims, &dims, MlirWalkPreOrder);
  for (size_t i = 0; i < dims.size; ++i) {
    MlirOperation dim = CKPT_VEC_OP(&dims, i);
    if (!defined_outside(mlirOperationGetOperand(dim, 0), launch))
      continue;
    MlirValue index = mlirOperationGetOperand(dim, 1);
    if (!defined_outside(index, launch)) {
      MlirOperation def = mlirValueIsAOpResult(index) ? mlirOpResultGetOwner(index)
                                                      : (MlirOperation){NULL};
      if (mlirOperationIsNull(def) || !ckpt_op_is(def, "arith.constant"))
        continue; /* a size chosen inside the task: --ckpt-attach-spirv-abi reports it */
      MlirOperation copy = mlirOperationClone(def);
      mlirBlockInsertOwnedOperationBefore(mlirOperationGetBlock(launch), launch, copy);
      mlirOperationSetOperand(dim, 1, mlirOperationGetResult(copy, 0));
    }
    mlirOperationMoveBefore(dim, launch);
  }
  ckpt_vec_free(&dims);
}

MlirLogicalResult ckptRunPrepareSpirvTasks(MlirOperation module) {
  ckpt_vec_t launches = {0};
  mlirOperationWalk(module, collect_launches, &launches, MlirWalkPreOrder);
  MlirSymbolTable symbols = mlirSymbolTableCreate(module);
  bool ok = true;
  for (size_t i = 0; i < launches.size; ++i) {
    MlirOperation launch = CKPT_VEC_OP(&launches, i);
    inline_calls(launch, symbols);
    ok = linearize(launch) && ok;
    hoist_dims(launch);
  }
  mlirSymbolTableDestroy(symbols);
  ckpt_vec_free(&launches);
  return ok ? mlirLogicalResultSuccess() : mlirLogicalResultFailure();
}
