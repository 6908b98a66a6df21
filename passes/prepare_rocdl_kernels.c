/* --ckpt-prepare-rocdl-kernels: what AMD kernels need before convert-gpu-to-rocdl that the
 * conversion does not do itself (target=hip, AMD chips).
 *
 * Block sizes: an AMD code object accepts at most 256 threads per block unless it says
 * otherwise, while CUDA kernels, and kernels hipcc builds, accept 1024. A hand-written
 * gpu.func has no known block size, so it gets `rocdl.flat_work_group_size = "1,1024"`
 * (what hipcc gives every kernel), which the conversion carries into the code object.
 * Kernels with `known_block_size` (outlined from a launch with constant sizes) get their
 * exact size from the conversion and are left alone, as is a limit set by hand.
 *
 * memref.dim with an index known only at run time (a constant of the graph kernel becomes
 * a kernel argument) lowers to a stack copy of the sizes indexed dynamically: an alloca
 * in the generic address space, which the AMDGPU backend cannot select. It becomes a
 * chain of selects over the dims at constant indices, which lower to plain extracts.
 *
 * Per-thread scratch (memref.alloca of a static shape) must be a private (address space 5)
 * alloca in the function's entry block: MLIR lowers it to an alloca in the generic address
 * space where it stands, and one that stands anywhere else (inside a task's gate, in a
 * loop) is a dynamic stack allocation; the AMDGPU backend selects neither and aborts. Each
 * moves to the entry block in the private address space, and a memory_space_cast gives its
 * users the memref they had. Moving it out of a loop makes the iterations share one buffer
 * instead of each taking a fresh one: the same, unless a buffer is used after its own
 * iteration. */
#include "ckpt/passes.h"
#include "ir.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

#define ROCDL_FLAT_WORK_GROUP_SIZE "rocdl.flat_work_group_size"

typedef struct device_ops_t {
  ckpt_vec_t kernels; /* gpu.func kernels */
  ckpt_vec_t dims;    /* memref.dim of a ranked memref at a non-constant index */
  ckpt_vec_t allocas; /* memref.alloca of a static shape in the default address space */
} device_ops_t;

static MlirWalkResult collect(MlirOperation op, void *user_data) {
  device_ops_t *ops = user_data;
  if (ckpt_is_gpu_kernel(op))
    ckpt_vec_push(&ops->kernels, op.ptr);
  int64_t index;
  if (ckpt_op_is(op, "memref.dim") && mlirTypeIsAMemRef(mlirValueGetType(mlirOperationGetOperand(op, 0))) &&
      !ckpt_constant_index(mlirOperationGetOperand(op, 1), &index))
    ckpt_vec_push(&ops->dims, op.ptr);
  if (ckpt_op_is(op, "memref.alloca") && mlirOperationGetNumOperands(op) == 0) {
    MlirType type = mlirValueGetType(mlirOperationGetResult(op, 0));
    if (mlirTypeIsAMemRef(type) && mlirShapedTypeHasStaticShape(type) &&
        mlirAttributeIsNull(mlirMemRefTypeGetMemorySpace(type)))
      ckpt_vec_push(&ops->allocas, op.ptr);
  }
  return MlirWalkResultAdvance;
}

static MlirWalkResult collect_in_gpu_modules(MlirOperation op, void *user_data) {
  if (!ckpt_op_is(op, "gpu.module"))
    return MlirWalkResultAdvance;
  mlirOperationWalk(op, collect, user_data, MlirWalkPreOrder);
  return MlirWalkResultSkip;
}

static void allow_large_blocks(MlirOperation kernel) {
  if (!mlirAttributeIsNull(mlirOperationGetAttributeByName(kernel, ckpt_str("known_block_size"))) ||
      !mlirAttributeIsNull(mlirOperationGetAttributeByName(kernel, ckpt_str(ROCDL_FLAT_WORK_GROUP_SIZE))))
    return;
  MlirContext ctx = mlirOperationGetContext(kernel);
  mlirOperationSetAttributeByName(kernel, ckpt_str(ROCDL_FLAT_WORK_GROUP_SIZE),
                                  mlirStringAttrGet(ctx, ckpt_str("1,1024")));
}

/* dim(m, i) -> select(i == 0, dim(m, 0), select(i == 1, dim(m, 1), ... dim(m, r-1))). An
 * index outside [0, r) is undefined behaviour for memref.dim; here it gives dim r-1. */
static void select_dim(MlirOperation dim) {
  MlirContext ctx = mlirOperationGetContext(dim);
  MlirValue memref = mlirOperationGetOperand(dim, 0);
  MlirValue index = mlirOperationGetOperand(dim, 1);
  int64_t rank = mlirShapedTypeGetRank(mlirValueGetType(memref));
  ckpt_insert_t at = {mlirOperationGetBlock(dim), dim, mlirOperationGetLocation(dim)};
  MlirType index_type = mlirIndexTypeGet(ctx);
  MlirValue result = mlirOperationGetResult(dim, 0);
  if (rank > 0) {
    MlirValue operands[2] = {memref, ckpt_arith_constant_index(at, rank - 1)};
    result = ckpt_build1(at, "memref.dim", 2, operands, index_type, 0, NULL);
    for (int64_t d = rank - 2; d >= 0; --d) {
      MlirValue position = ckpt_arith_constant_index(at, d);
      MlirValue dim_operands[2] = {memref, position};
      MlirValue size = ckpt_build1(at, "memref.dim", 2, dim_operands, index_type, 0, NULL);
      MlirValue is_d = ckpt_build_cmpi(at, CKPT_CMPI_EQ, index, position);
      MlirValue choice[3] = {is_d, size, result};
      result = ckpt_build1(at, "arith.select", 3, choice, index_type, 0, NULL);
    }
  }
  mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(dim, 0), result);
  mlirOperationDestroy(dim);
}

/* The function `op` is in: its entry block takes the alloca. */
static MlirBlock entry_block(MlirOperation op) {
  MlirOperation parent = mlirOperationGetParentOperation(op);
  while (!mlirOperationIsNull(parent) && !ckpt_op_is(parent, "gpu.func") &&
         !ckpt_op_is(parent, "func.func"))
    parent = mlirOperationGetParentOperation(parent);
  if (mlirOperationIsNull(parent))
    return (MlirBlock){NULL};
  return mlirRegionGetFirstBlock(mlirOperationGetRegion(parent, 0));
}

static void move_to_private(MlirOperation alloca) {
  MlirBlock entry = entry_block(alloca);
  if (mlirBlockIsNull(entry))
    return;
  MlirContext ctx = mlirOperationGetContext(alloca);
  MlirValue old = mlirOperationGetResult(alloca, 0);
  MlirType type = mlirValueGetType(old);
  MlirType private_type = ckpt_memref_type_in_space(
      type, mlirAttributeParseGet(ctx, ckpt_str("#gpu.address_space<private>")));
  if (mlirTypeIsNull(private_type))
    return;
  ckpt_insert_t at = {entry, mlirBlockGetFirstOperation(entry), mlirOperationGetLocation(alloca)};
  MlirNamedAttribute alignment = {{0}, {NULL}};
  MlirAttribute given = mlirOperationGetAttributeByName(alloca, ckpt_str("alignment"));
  if (!mlirAttributeIsNull(given))
    alignment = ckpt_named(ctx, "alignment", given);
  int32_t no_operands[2] = {0, 0};
  MlirNamedAttribute attrs[2] = {
      ckpt_named(ctx, "operandSegmentSizes", mlirDenseI32ArrayGet(ctx, 2, no_operands)),
      alignment,
  };
  MlirValue moved = ckpt_build1(at, "memref.alloca", 0, NULL, private_type,
                                mlirAttributeIsNull(given) ? 1 : 2, attrs);
  MlirValue generic = ckpt_build1(at, "memref.memory_space_cast", 1, &moved, type, 0, NULL);
  mlirValueReplaceAllUsesOfWith(old, generic);
  mlirOperationDestroy(alloca);
}

MlirLogicalResult ckptRunPrepareRocdlKernels(MlirOperation module) {
  device_ops_t ops = {0};
  mlirOperationWalk(module, collect_in_gpu_modules, &ops, MlirWalkPreOrder);
  for (size_t i = 0; i < ops.kernels.size; ++i)
    allow_large_blocks(CKPT_VEC_OP(&ops.kernels, i));
  for (size_t i = 0; i < ops.dims.size; ++i)
    select_dim(CKPT_VEC_OP(&ops.dims, i));
  /* Last first: each goes to the top of its entry block, so they keep their order. */
  for (size_t i = ops.allocas.size; i > 0; --i)
    move_to_private(CKPT_VEC_OP(&ops.allocas, i - 1));
  ckpt_vec_free(&ops.kernels);
  ckpt_vec_free(&ops.dims);
  ckpt_vec_free(&ops.allocas);
  return mlirLogicalResultSuccess();
}
