/* --ckpt-prepare-spirv-tasks: reshapes the gpu.launch bodies that --ckpt-convert-tasks-to-gpu
 * made, before gpu-kernel-outlining, into what MLIR's SPIR-V conversion accepts, without
 * changing what they compute. A SPIR-V storage buffer is a bare array: it carries no
 * sizes and no strides, so what a kernel would read from a memref descriptor is computed
 * on the host and passed in as a scalar operand instead.
 *
 *  - func.call to a function with a single-block body is inlined (repeatedly, so calls
 *    inside callees go too): the rewrites below then see the callee's memory accesses.
 *  - scf.execute_region of one block is replaced by its block; scf.index_switch becomes a
 *    chain of scf.if.
 *  - vector.transfer_read / transfer_write of one dimension along a memref's last one
 *    become a scalar memref.load or memref.store per lane (MLIR's SPIR-V conversion has
 *    no pattern for transfers), bounds-checked unless marked in bounds; in gpu.funcs
 *    (kernels tasks launch) too.
 *  - memref.alloca scratch in a task (or a gpu.func) moves to the Function storage class,
 *    the invocation's own memory, where MLIR's conversion makes it a variable; the
 *    default memory space would make it a storage buffer, which a shader cannot create.
 *  - math ops MLIR's SPIR-V conversion has no pattern for: math.trunc rewritten, and
 *    MLIR's own f32 approximations of math.erf, math.erfc, math.cbrt and math.atan2 and
 *    expansions of math.exp2 and math.fpowi (expand_math.c).
 *  - index dialect ops, and arith ops the conversion rejects or gets wrong for the
 *    Vulkan target's integer types (spirv_integers.c).
 *  - workgroup memory (attributions of a gpu.launch or gpu.func, memref.alloc in the
 *    workgroup address space) becomes allocs of SPIR-V's Workgroup storage class.
 *  - constants defined outside the launch get a copy inside it.
 *  - memref.dim of a memref defined outside the launch moves before it.
 *  - scf.parallel inside the launch (the task's outermost loop is the grid already) becomes
 *    scf.for loops run by the thread, its reductions carried through iter_args: SPIR-V
 *    has no parallel loop, and MLIR converts scf.for but not scf.parallel to it.
 *
 * Memrefs whose strides SPIR-V cannot know are --ckpt-spirv-views' (spirv_views.c). */
#include <stdlib.h>

#include "ckpt/passes.h"
#include "expand_math.h"
#include "ir.h"
#include "spirv_vectors.h"
#include "loops.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "spirv_integers.h"
#include "spirv_views.h"

enum { MAX_INLINE_ROUNDS = 16 };

static MlirWalkResult collect_named(MlirOperation op, void *user_data, const char *name) {
  if (ckpt_op_is(op, name))
    ckpt_vec_push((ckpt_vec_t *)user_data, op.ptr);
  return MlirWalkResultAdvance;
}

static MlirWalkResult collect_launches(MlirOperation op, void *user_data) {
  return collect_named(op, user_data, "gpu.launch");
}

static MlirWalkResult collect_gpu_funcs(MlirOperation op, void *user_data) {
  return collect_named(op, user_data, "gpu.func");
}

static MlirWalkResult collect_calls(MlirOperation op, void *user_data) {
  return collect_named(op, user_data, "func.call");
}

static MlirWalkResult collect_dims(MlirOperation op, void *user_data) {
  return collect_named(op, user_data, "memref.dim");
}

static MlirWalkResult collect_parallels(MlirOperation op, void *user_data) {
  return collect_named(op, user_data, "scf.parallel");
}

static bool defined_outside(MlirValue value, MlirOperation launch) {
  return !ckpt_op_is_inside(ckpt_value_scope_op(value), launch);
}

/*--- inlining ---------------------------------------------------------------*/

/* Replaces `op` by the ops of `body` (a block without arguments): its results by what the
 * block's terminator returns. The terminator stays in `body`. */
static void replace_by_block(MlirOperation op, MlirBlock body) {
  MlirOperation terminator = mlirBlockGetTerminator(body);
  for (intptr_t i = 0; i < mlirOperationGetNumResults(op); ++i)
    mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(op, i),
                                  mlirOperationGetOperand(terminator, i));
  ckpt_vec_t ops = {0};
  ckpt_block_ops(body, &ops);
  for (size_t i = 0; i + 1 < ops.size; ++i)
    mlirOperationMoveBefore(CKPT_VEC_OP(&ops, i), op);
  ckpt_vec_free(&ops);
  mlirOperationDestroy(op);
}

/* Replaces `call` by a copy of the body of `callee` (a single block ending in
 * func.return). */
static void inline_call(MlirOperation call, MlirOperation callee) {
  MlirOperation copy = mlirOperationClone(callee);
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(copy, 0));
  for (intptr_t i = 0; i < mlirBlockGetNumArguments(body); ++i)
    mlirValueReplaceAllUsesOfWith(mlirBlockGetArgument(body, i), mlirOperationGetOperand(call, i));
  replace_by_block(call, body);
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

static MlirWalkResult collect_execute_regions(MlirOperation op, void *user_data) {
  return collect_named(op, user_data, "scf.execute_region");
}

/* scf.execute_region of one block, which MLIR's SPIR-V conversion does not take, is
 * replaced by its block: its results become what the block yields. Regions of several
 * blocks are ckpt-check-target's to report. */
static void inline_execute_regions(MlirOperation kernel) {
  ckpt_vec_t regions = {0};
  mlirOperationWalk(kernel, collect_execute_regions, &regions, MlirWalkPreOrder);
  for (size_t i = 0; i < regions.size; ++i) {
    MlirOperation region = CKPT_VEC_OP(&regions, i);
    MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(region, 0));
    if (mlirBlockIsNull(body) || !mlirBlockIsNull(mlirBlockGetNextInRegion(body)))
      continue;
    replace_by_block(region, body);
  }
  ckpt_vec_free(&regions);
}

static MlirWalkResult collect_switches(MlirOperation op, void *user_data) {
  return collect_named(op, user_data, "scf.index_switch");
}

/* Moves every op of `from` (the terminator included) to the end of `to`. */
static void move_block_ops(MlirBlock from, MlirBlock to) {
  ckpt_vec_t ops = {0};
  ckpt_block_ops(from, &ops);
  for (size_t i = 0; i < ops.size; ++i) {
    mlirOperationRemoveFromParent(CKPT_VEC_OP(&ops, i));
    mlirBlockAppendOwnedOperation(to, CKPT_VEC_OP(&ops, i));
  }
  ckpt_vec_free(&ops);
}

/* scf.index_switch, which MLIR's SPIR-V conversion does not take, becomes a chain of
 * scf.if, one per case in order, the default in the last else. Its regions are the
 * default first, then the cases. */
static void switch_to_ifs(MlirOperation op) {
  MlirValue selector = mlirOperationGetOperand(op, 0);
  MlirAttribute cases = mlirOperationGetAttributeByName(op, ckpt_str("cases"));
  intptr_t n_cases = mlirDenseArrayGetNumElements(cases);
  MlirBlock default_block = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
  if (n_cases == 0) {
    replace_by_block(op, default_block);
    return;
  }
  intptr_t n_results = mlirOperationGetNumResults(op);
  MlirType *types = calloc((size_t)n_results + 1, sizeof *types);
  for (intptr_t r = 0; r < n_results; ++r)
    types[r] = mlirValueGetType(mlirOperationGetResult(op, r));
  ckpt_insert_t at = {mlirOperationGetBlock(op), op, mlirOperationGetLocation(op)};
  MlirOperation outer = {NULL};
  for (intptr_t k = 0; k < n_cases; ++k) {
    MlirValue value = ckpt_arith_constant_index(at, mlirDenseI64ArrayGetElement(cases, k));
    MlirValue cond = ckpt_build_cmpi(at, CKPT_CMPI_EQ, selector, value);
    MlirBlock then_block, else_block;
    MlirOperation branch = ckpt_build_scf_if(at, cond, n_results, types, &then_block, &else_block);
    move_block_ops(mlirRegionGetFirstBlock(mlirOperationGetRegion(op, k + 1)), then_block);
    if (mlirOperationIsNull(outer))
      outer = branch;
    else {
      /* The else block being filled yields what this if gives. */
      MlirValue *results = calloc((size_t)n_results + 1, sizeof *results);
      for (intptr_t r = 0; r < n_results; ++r)
        results[r] = mlirOperationGetResult(branch, r);
      ckpt_build0(at, "scf.yield", n_results, results, 0, NULL);
      free(results);
    }
    at = (ckpt_insert_t){else_block, (MlirOperation){NULL}, at.loc};
  }
  move_block_ops(default_block, at.block);
  for (intptr_t r = 0; r < n_results; ++r)
    mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(op, r), mlirOperationGetResult(outer, r));
  mlirOperationDestroy(op);
  free(types);
}

static void lower_switches(MlirOperation kernel) {
  ckpt_vec_t switches = {0};
  mlirOperationWalk(kernel, collect_switches, &switches, MlirWalkPostOrder);
  for (size_t i = 0; i < switches.size; ++i)
    switch_to_ifs(CKPT_VEC_OP(&switches, i));
  ckpt_vec_free(&switches);
}

/* Inner loops first, so that each conversion sees a body without parallel loops. */
static void serialize_parallels(MlirOperation launch) {
  ckpt_vec_t loops = {0};
  mlirOperationWalk(launch, collect_parallels, &loops, MlirWalkPreOrder);
  for (size_t i = loops.size; i-- > 0;)
    ckpt_parallel_to_for(CKPT_VEC_OP(&loops, i));
  ckpt_vec_free(&loops);
}

/*--- vector transfers ---------------------------------------------------------*/

/* Transfers, vector.load and vector.store ckpt takes apart, and transfers it cannot. */
typedef struct transfers_t {
  ckpt_vec_t lowered, unlowered, masked;
} transfers_t;

static MlirWalkResult collect_transfers(MlirOperation op, void *user_data) {
  transfers_t *found = user_data;
  if (ckpt_transfer_lowers_to_scalars(op))
    ckpt_vec_push(&found->lowered, op.ptr);
  else if (ckpt_op_is(op, "vector.transfer_read") || ckpt_op_is(op, "vector.transfer_write"))
    ckpt_vec_push(&found->unlowered, op.ptr);
  else if (ckpt_op_is(op, "vector.scatter") || ckpt_op_is(op, "vector.maskedstore") ||
           ((ckpt_op_is(op, "vector.gather") || ckpt_op_is(op, "vector.maskedload")) &&
            mlirShapedTypeGetRank(mlirValueGetType(mlirOperationGetResult(op, 0))) == 1))
    ckpt_vec_push(&found->masked, op.ptr);
  return MlirWalkResultAdvance;
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
                              int64_t lanes) {
  if (lanes <= 4)
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
    whole = ckpt_build1(at, "vector.insert_strided_slice", 2, whole_and_part, vector_type, 2,
                        slice);
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

/* Row `position` (rank - 1 leading indices) of an n-D mask, as a 1-D mask: a
 * vector.create_mask of the last size, or of 0 where the row lies past a leading size,
 * when the mask's sizes are known; else vector.extract. */
static MlirValue mask_row(ckpt_insert_t at, MlirValue mask, const int64_t *position,
                          MlirNamedAttribute where) {
  MlirContext ctx = mlirLocationGetContext(at.loc);
  MlirType type = mlirValueGetType(mask);
  intptr_t rank = mlirShapedTypeGetRank(type);
  int64_t lanes = mlirShapedTypeGetDimSize(type, rank - 1);
  MlirType bits = mlirVectorTypeGet(1, &lanes, mlirIntegerTypeGet(ctx, 1));
  MlirValue *sizes = calloc((size_t)rank, sizeof(MlirValue));
  MlirValue row;
  if (mask_sizes(at, mask, rank, sizes)) {
    MlirValue size = sizes[rank - 1];
    for (intptr_t d = 0; d + 1 < rank; ++d) {
      MlirValue inside =
          ckpt_build_cmpi(at, CKPT_CMPI_SLT, ckpt_arith_constant_index(at, position[d]), sizes[d]);
      MlirValue select[3] = {inside, size, ckpt_arith_constant_index(at, 0)};
      size = ckpt_build1(at, "arith.select", 3, select, mlirIndexTypeGet(ctx), 0, NULL);
    }
    row = ckpt_build1(at, "vector.create_mask", 1, &size, bits, 0, NULL);
  } else {
    row = ckpt_build1(at, "vector.extract", 1, &mask, bits, 1, &where);
  }
  free(sizes);
  return row;
}

/* Whether lane `lane` of a 1-D mask is set, as an i1: a comparison with the size a
 * vector.create_mask or vector.constant_mask gives, else vector.extract. */
static MlirValue mask_lane(ckpt_insert_t at, MlirValue mask, int64_t lane) {
  MlirContext ctx = mlirLocationGetContext(at.loc);
  MlirValue size;
  if (mask_sizes(at, mask, 1, &size))
    return ckpt_build_cmpi(at, CKPT_CMPI_SLT, ckpt_arith_constant_index(at, lane), size);
  MlirNamedAttribute position =
      ckpt_named(ctx, "static_position", mlirDenseI64ArrayGet(ctx, 1, &lane));
  return ckpt_build1(at, "vector.extract", 1, &mask, mlirIntegerTypeGet(ctx, 1), 1, &position);
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
static void scalarize_masked_access(MlirOperation op) {
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
  for (int64_t e = 0; e < count; ++e) {
    int64_t rest = e;
    for (intptr_t d = vector_rank - 1; d >= 0; --d) {
      int64_t size = mlirShapedTypeGetDimSize(vector_type, d);
      position[d] = rest % size;
      rest /= size;
    }
    MlirNamedAttribute where =
        ckpt_named(ctx, "static_position", mlirDenseI64ArrayGet(ctx, vector_rank, position));
    MlirValue set = vector_rank == 1 ? mask_lane(at, mask, e)
                                     : ckpt_build1(at, "vector.extract", 1, &mask,
                                                   mlirIntegerTypeGet(ctx, 1), 1, &where);
    MlirValue offset = ckpt_arith_constant_index(at, e);
    if (indexed) {
      MlirType index_element = mlirShapedTypeGetElementType(mlirValueGetType(index_vector));
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
                                  gather_lanes(at, vector_type, elements, count));
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
static void scalarize_transfer(MlirOperation op) {
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
  bool checked = !plain && (mlirAttributeIsNull(in_bounds) ||
                            mlirArrayAttrGetNumElements(in_bounds) < 1 ||
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
  MlirValue *elements = calloc((size_t)lanes, sizeof(MlirValue));
  for (int64_t lane = 0; lane < lanes; ++lane) {
    if (lane > 0) {
      MlirValue add[2] = {first, ckpt_arith_constant_index(at, lane)};
      indices[along] = ckpt_build1(at, "arith.addi", 2, add, mlirIndexTypeGet(ctx), 0, NULL);
    }
    MlirValue in_range = checked ? ckpt_build_cmpi(at, CKPT_CMPI_ULT, indices[along], size)
                                 : (MlirValue){NULL};
    if (!mlirValueIsNull(mask)) {
      MlirValue set = mask_lane(at, mask, lane);
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
    mlirValueReplaceAllUsesOfWith(vector, gather_lanes(at, vector_type, elements, lanes));
  free(elements);
  free(indices);
  mlirOperationDestroy(op);
  erase_unused_mask(mask);
}

/* A transfer of an n-D vector becomes one 1-D transfer per row, appended to `out_rows`,
 * the rows put together with vector.insert or taken apart with vector.extract; the n-D
 * vector itself is split into SPIR-V's later (--ckpt-attach-spirv-abi). */
static void split_rows(MlirOperation op, ckpt_vec_t *out_rows) {
  MlirContext ctx = mlirOperationGetContext(op);
  bool read = ckpt_op_is(op, "vector.transfer_read");
  const char *name = read ? "vector.transfer_read" : "vector.transfer_write";
  ckpt_insert_t at = {mlirOperationGetBlock(op), op, mlirOperationGetLocation(op)};
  intptr_t base = read ? 0 : 1;
  MlirValue memref = ckpt_transfer_memref(op);
  intptr_t memref_rank = mlirShapedTypeGetRank(mlirValueGetType(memref));
  MlirValue vector = ckpt_transfer_vector(op);
  MlirType vector_type = mlirValueGetType(vector);
  intptr_t rank = mlirShapedTypeGetRank(vector_type);
  int64_t lanes = mlirShapedTypeGetDimSize(vector_type, rank - 1);
  MlirType row_type = mlirVectorTypeGet(1, &lanes, mlirShapedTypeGetElementType(vector_type));
  int64_t rows = 1;
  for (intptr_t d = 0; d + 1 < rank; ++d)
    rows *= mlirShapedTypeGetDimSize(vector_type, d);

  MlirAttribute in_bounds = mlirOperationGetAttributeByName(op, ckpt_str("in_bounds"));
  MlirAttribute last_in_bounds = mlirArrayAttrGetElement(in_bounds, rank - 1);
  MlirValue mask = ckpt_transfer_mask(op);
  /* read: source, indices, padding, mask; write: vector, source, indices, mask */
  int32_t segments[4] = {1, (int32_t)memref_rank, 1, mlirValueIsNull(mask) ? 0 : 1};
  if (!read) {
    segments[1] = 1;
    segments[2] = (int32_t)memref_rank;
  }
  MlirNamedAttribute attrs[3] = {
      ckpt_named(ctx, "permutation_map",
                 mlirAffineMapAttrGet(mlirAffineMapMinorIdentityGet(ctx, memref_rank, 1))),
      ckpt_named(ctx, "in_bounds", mlirArrayAttrGet(ctx, 1, &last_in_bounds)),
      ckpt_named(ctx, "operandSegmentSizes", mlirDenseI32ArrayGet(ctx, 4, segments)),
  };
  MlirValue *operands = calloc((size_t)memref_rank + 3, sizeof(MlirValue));
  int64_t *position = calloc((size_t)rank, sizeof(int64_t));
  MlirValue whole =
      read ? ckpt_build1(at, "ub.poison", 0, NULL, vector_type, 0, NULL) : (MlirValue){NULL};
  for (int64_t row = 0; row < rows; ++row) {
    /* The row's position in the vector, the last leading dimension fastest. */
    int64_t rest = row;
    for (intptr_t d = rank - 2; d >= 0; --d) {
      int64_t size = mlirShapedTypeGetDimSize(vector_type, d);
      position[d] = rest % size;
      rest /= size;
    }
    MlirNamedAttribute where =
        ckpt_named(ctx, "static_position", mlirDenseI64ArrayGet(ctx, rank - 1, position));
    intptr_t n = 0;
    if (!read)
      operands[n++] = ckpt_build1(at, "vector.extract", 1, &vector, row_type, 1, &where);
    operands[n++] = memref;
    for (intptr_t m = 0; m < memref_rank; ++m) {
      MlirValue index = mlirOperationGetOperand(op, base + 1 + m);
      intptr_t d = m - (memref_rank - rank);
      if (d >= 0 && d + 1 < rank && position[d] != 0) {
        MlirValue add[2] = {index, ckpt_arith_constant_index(at, position[d])};
        index = ckpt_build1(at, "arith.addi", 2, add, mlirIndexTypeGet(ctx), 0, NULL);
      }
      operands[n++] = index;
    }
    if (read)
      operands[n++] = mlirOperationGetOperand(op, 1 + memref_rank); /* the padding */
    if (!mlirValueIsNull(mask))
      operands[n++] = mask_row(at, mask, position, where);
    MlirOperation transfer = ckpt_build(at.block, at.before, at.loc, name, n, operands,
                                        read ? 1 : 0, &row_type, 3, attrs);
    ckpt_vec_push(out_rows, transfer.ptr);
    if (read) {
      MlirValue insert[2] = {mlirOperationGetResult(transfer, 0), whole};
      whole = ckpt_build1(at, "vector.insert", 2, insert, vector_type, 1, &where);
    }
  }
  if (read)
    mlirValueReplaceAllUsesOfWith(vector, whole);
  free(position);
  free(operands);
  mlirOperationDestroy(op);
  erase_unused_mask(mask);
}

/* In a gpu.launch body, or in a gpu.func a task launches. n-D gathers are unrolled into
 * 1-D ones first, and transfers with other maps get MLIR's permutation-map lowering
 * (ckpt-check-target let them through for it); one it leaves in another form is an error. */
static bool scalarize_transfers(MlirOperation kernel) {
  ckpt_unroll_gathers(kernel);
  ckpt_lower_transfer_maps(kernel);
  transfers_t found = {{0}, {0}};
  mlirOperationWalk(kernel, collect_transfers, &found, MlirWalkPreOrder);
  bool ok = found.unlowered.size == 0;
  for (size_t i = 0; i < found.unlowered.size; ++i)
    ckpt_emit_transfer_error(CKPT_VEC_OP(&found.unlowered, i));
  ckpt_vec_t rows = {0};
  for (size_t i = 0; ok && i < found.lowered.size; ++i) {
    MlirOperation transfer = CKPT_VEC_OP(&found.lowered, i);
    if (mlirShapedTypeGetRank(mlirValueGetType(ckpt_transfer_vector(transfer))) > 1)
      split_rows(transfer, &rows);
    else
      scalarize_transfer(transfer);
  }
  for (size_t i = 0; i < rows.size; ++i)
    scalarize_transfer(CKPT_VEC_OP(&rows, i));
  for (size_t i = 0; ok && i < found.masked.size; ++i)
    scalarize_masked_access(CKPT_VEC_OP(&found.masked, i));
  if (ok)
    ckpt_materialize_masks(kernel);
  ckpt_vec_free(&rows);
  ckpt_vec_free(&found.lowered);
  ckpt_vec_free(&found.unlowered);
  ckpt_vec_free(&found.masked);
  return ok;
}

/*--- workgroup memory --------------------------------------------------------*/

static MlirWalkResult collect_allocs(MlirOperation op, void *user_data) {
  return collect_named(op, user_data, "memref.alloc");
}

/* Workgroup memory in the forms MLIR's SPIR-V conversion takes: the conversion makes a
 * memref.alloc of the Workgroup storage class a shader global, but turns neither the
 * workgroup attributions of a gpu.launch or gpu.func nor the GPU dialect's workgroup
 * address space into anything. So each attribution becomes such an alloc at the start of
 * the body (the attribution goes), and allocs of workgroup memory change memory space;
 * deallocations of workgroup memory go. Forms left alone fail in the conversion. */
static void move_workgroup_memory(MlirOperation kernel) {
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(kernel, 0));
  const char *count_name = "workgroup_attributions";
  MlirAttribute count = mlirOperationGetAttributeByName(kernel, ckpt_str(count_name));
  int64_t attributions = mlirAttributeIsNull(count) ? 0 : mlirIntegerAttrGetValueInt(count);
  if (attributions > 0) {
    /* The workgroup attributions come right before the private ones, which are memrefs of
     * the private address space. */
    intptr_t end = mlirBlockGetNumArguments(body);
    for (; end > 0; --end) {
      MlirType type = mlirValueGetType(mlirBlockGetArgument(body, end - 1));
      if (!mlirTypeIsAMemRef(type) || ckpt_is_workgroup_space(mlirMemRefTypeGetMemorySpace(type)))
        break;
    }
    int64_t moved = 0;
    for (intptr_t i = end - 1; i >= end - attributions && i >= 0; --i) {
      MlirValue arg = mlirBlockGetArgument(body, i);
      MlirType type = ckpt_spirv_workgroup_type(arg);
      if (mlirTypeIsNull(type))
        continue;
      ckpt_insert_t at = {body, mlirBlockGetFirstOperation(body),
                          mlirOperationGetLocation(kernel)};
      MlirValue alloc = ckpt_build1(at, "memref.alloc", 0, NULL, type, 0, NULL);
      mlirValueReplaceAllUsesOfWith(arg, alloc);
      mlirBlockEraseArgument(body, (unsigned)i);
      ++moved;
    }
    if (moved)
      mlirOperationSetAttributeByName(
          kernel, ckpt_str(count_name),
          mlirIntegerAttrGet(mlirIntegerTypeGet(mlirOperationGetContext(kernel), 64),
                             attributions - moved));
  }
  ckpt_vec_t allocs = {0};
  mlirOperationWalk(kernel, collect_allocs, &allocs, MlirWalkPreOrder);
  for (size_t i = 0; i < allocs.size; ++i) {
    MlirValue result = mlirOperationGetResult(CKPT_VEC_OP(&allocs, i), 0);
    MlirType type = ckpt_spirv_workgroup_type(result);
    if (!mlirTypeIsNull(type))
      mlirValueSetType(result, type);
  }
  ckpt_vec_free(&allocs);
}

/*--- scratch -----------------------------------------------------------------*/

static MlirWalkResult collect_allocas(MlirOperation op, void *user_data) {
  return collect_named(op, user_data, "memref.alloca");
}

static void privatize_scratch(MlirOperation kernel) {
  ckpt_vec_t allocas = {0};
  mlirOperationWalk(kernel, collect_allocas, &allocas, MlirWalkPreOrder);
  for (size_t i = 0; i < allocas.size; ++i) {
    MlirOperation alloca = CKPT_VEC_OP(&allocas, i);
    MlirType type = ckpt_spirv_scratch_type(alloca);
    if (!mlirTypeIsNull(type))
      mlirValueSetType(mlirOperationGetResult(alloca, 0), type);
  }
  ckpt_vec_free(&allocas);
}

/*--- constants into the launch ----------------------------------------------*/

typedef struct sink_t {
  MlirOperation launch;
  MlirBlock body;
  MlirOperation first;  /* the body's first op before any copy: copies go before it */
  ckpt_vec_t outside; /* constants defined outside the launch, in the order first met */
  ckpt_vec_t inside;  /* their clones at the start of the body */
} sink_t;

/* The constant ops front ends and MLIR's folders leave outside a launch (the C API cannot
 * ask for the ConstantLike trait). */
static bool is_constant(MlirOperation op) {
  return ckpt_op_is(op, "arith.constant") || ckpt_op_is(op, "index.constant") ||
         ckpt_op_is(op, "index.bool.constant") || ckpt_op_is(op, "ub.poison");
}

static MlirWalkResult sink_operands(MlirOperation op, void *user_data) {
  sink_t *sink = user_data;
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(op); ++i) {
    MlirValue operand = mlirOperationGetOperand(op, i);
    if (!mlirValueIsAOpResult(operand))
      continue;
    MlirOperation def = mlirOpResultGetOwner(operand);
    if (!is_constant(def) || ckpt_op_is_inside(def, sink->launch))
      continue;
    size_t k = 0;
    while (k < sink->outside.size && sink->outside.items[k] != def.ptr)
      ++k;
    if (k == sink->outside.size) {
      MlirOperation copy = mlirOperationClone(def);
      mlirBlockInsertOwnedOperationBefore(sink->body, sink->first, copy);
      ckpt_vec_push(&sink->outside, def.ptr);
      ckpt_vec_push(&sink->inside, copy.ptr);
    }
    mlirOperationSetOperand(op, i, mlirOperationGetResult(CKPT_VEC_OP(&sink->inside, k), 0));
  }
  return MlirWalkResultAdvance;
}

/* Constants the launch's body uses from outside it get a copy at the start of the body,
 * as gpu-launch-sink-index-computations does on CUDA and HIP (whose sinking of memref.dim
 * would undo hoist_dims): otherwise each becomes a kernel operand, and on Vulkan every
 * operand takes one of the few storage buffer bindings a shader may have. */
static void sink_constants(MlirOperation launch) {
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(launch, 0));
  sink_t sink = {launch, body, mlirBlockGetFirstOperation(body), {0}, {0}};
  MlirOperation op = sink.first;
  /* Each op of the body, in order (the copies go before the first, so are not walked). */
  while (!mlirOperationIsNull(op)) {
    mlirOperationWalk(op, sink_operands, &sink, MlirWalkPreOrder);
    op = mlirOperationGetNextInBlock(op);
  }
  ckpt_vec_free(&sink.outside);
  ckpt_vec_free(&sink.inside);
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
  bool ok = true;
  ckpt_vec_t launches = {0};
  mlirOperationWalk(module, collect_launches, &launches, MlirWalkPreOrder);
  MlirSymbolTable symbols = mlirSymbolTableCreate(module);
  for (size_t i = 0; i < launches.size; ++i) {
    MlirOperation launch = CKPT_VEC_OP(&launches, i);
    inline_calls(launch, symbols);
    inline_execute_regions(launch);
    lower_switches(launch);
    ok = scalarize_transfers(launch) && ok;
    serialize_parallels(launch);
    privatize_scratch(launch);
    move_workgroup_memory(launch);
    ckpt_expand_math(launch, true);
    sink_constants(launch);
    ckpt_spirv_legalize_integers(launch);
    hoist_dims(launch);
  }
  mlirSymbolTableDestroy(symbols);
  ckpt_vec_free(&launches);
  ckpt_vec_t funcs = {0};
  mlirOperationWalk(module, collect_gpu_funcs, &funcs, MlirWalkPreOrder);
  for (size_t i = 0; i < funcs.size; ++i) {
    inline_execute_regions(CKPT_VEC_OP(&funcs, i));
    lower_switches(CKPT_VEC_OP(&funcs, i));
    ok = scalarize_transfers(CKPT_VEC_OP(&funcs, i)) && ok;
    privatize_scratch(CKPT_VEC_OP(&funcs, i));
    move_workgroup_memory(CKPT_VEC_OP(&funcs, i));
    ckpt_expand_math(CKPT_VEC_OP(&funcs, i), true);
    ckpt_spirv_legalize_integers(CKPT_VEC_OP(&funcs, i));
  }
  ckpt_vec_free(&funcs);
  return ok ? mlirLogicalResultSuccess() : mlirLogicalResultFailure();
}
