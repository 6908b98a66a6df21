/* --ckpt-prepare-spirv-tasks: reshapes the gpu.launch bodies that --ckpt-convert-tasks-to-gpu
 * made, before gpu-kernel-outlining, into what MLIR's SPIR-V conversion accepts, without
 * changing what they compute. A SPIR-V storage buffer is a bare array: it carries no
 * sizes and no strides, so what a kernel would read from a memref descriptor is computed
 * on the host and passed in as a scalar operand instead.
 *
 *  - func.call to a function with a single-block body is inlined (repeatedly, so calls
 *    inside callees go too): the rewrites below then see the callee's memory accesses.
 *  - memref.dim of a memref defined outside the launch moves before it.
 *  - scf.parallel inside the launch (the task's outermost loop is the grid already) becomes
 *    scf.for loops run by the thread, its reductions carried through iter_args: SPIR-V
 *    has no parallel loop, and MLIR converts scf.for but not scf.parallel to it.
 *
 * Memrefs whose strides SPIR-V cannot know are --ckpt-spirv-views' (spirv_views.c). */
#include "ckpt/passes.h"
#include "ir.h"
#include "loops.h"
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

static MlirWalkResult collect_parallels(MlirOperation op, void *user_data) {
  return collect_named(op, user_data, "scf.parallel");
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

/* Inner loops first, so that each conversion sees a body without parallel loops. */
static void serialize_parallels(MlirOperation launch) {
  ckpt_vec_t loops = {0};
  mlirOperationWalk(launch, collect_parallels, &loops, MlirWalkPreOrder);
  for (size_t i = loops.size; i-- > 0;)
    ckpt_parallel_to_for(CKPT_VEC_OP(&loops, i));
  ckpt_vec_free(&loops);
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
  for (size_t i = 0; i < launches.size; ++i) {
    MlirOperation launch = CKPT_VEC_OP(&launches, i);
    inline_calls(launch, symbols);
    serialize_parallels(launch);
    hoist_dims(launch);
  }
  mlirSymbolTableDestroy(symbols);
  ckpt_vec_free(&launches);
  return mlirLogicalResultSuccess();
}
