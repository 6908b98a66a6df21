/* --ckpt-hoist-alloca-scopes: memref.alloca_scope regions (C locals, as Polygeist emits
 * them: a scope a loop iteration, so that the stack does not grow with the loop) go away.
 *
 * Upstream lowers a scope to LLVM only while its region is one block, and convert-scf-to-cf,
 * which the pipelines run first, makes any loop inside it several blocks ("expects region
 * #0 to have 0 or 1 blocks"); the SPIR-V conversion has no pattern for it at all. So each
 * memref.alloca of a static size that belongs to a scope moves to the start of the next
 * allocation scope around it (the function, the kernel, a gpu.launch body, a parallel
 * loop's body), as upstream's canonicalization hoists them, and a scope left without
 * allocations is replaced by its body. The buffer is then allocated once instead of each
 * time the scope runs: its contents are undefined on entry either way, and a parallel
 * loop, whose iterations each need their own, is itself an allocation scope. A scope with
 * an allocation of a dynamic size stays, for the conversion to take or report.
 *
 * Run after tasks became functions or kernels (ckpt-lower-host-dispatch,
 * ckpt-convert-tasks-to-gpu): hoisted any further, a task's buffer would leave the task. */
#include "ckpt/passes.h"
#include "ir.h"

/* Ops with MLIR's AutomaticAllocationScope trait that ckpt's pipelines meet. */
static const char *const kAllocationScopes[] = {
    "func.func",  "llvm.func",           "gpu.func",
    "gpu.launch", "scf.parallel",        "affine.parallel",
    "scf.forall", "memref.alloca_scope", NULL};

static MlirOperation allocation_scope_of(MlirOperation op) {
  for (MlirOperation p = mlirOperationGetParentOperation(op); !mlirOperationIsNull(p);
       p = mlirOperationGetParentOperation(p))
    if (ckpt_op_is_one_of(p, kAllocationScopes))
      return p;
  return (MlirOperation){NULL};
}

typedef struct owned_t {
  MlirOperation scope;
  ckpt_vec_t allocas;
} owned_t;

static MlirWalkResult collect_owned(MlirOperation op, void *user_data) {
  owned_t *owned = user_data;
  if (ckpt_op_is(op, "memref.alloca") && mlirOperationEqual(allocation_scope_of(op), owned->scope))
    ckpt_vec_push(&owned->allocas, op.ptr);
  return MlirWalkResultAdvance;
}

/* Moves the ops of the scope's block before it and the returned values in place of its
 * results. */
static void inline_scope(MlirOperation scope) {
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(scope, 0));
  MlirOperation terminator = mlirBlockGetTerminator(body);
  for (intptr_t i = 0; i < mlirOperationGetNumResults(scope); ++i)
    mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(scope, i),
                                  mlirOperationGetOperand(terminator, i));
  for (MlirOperation op = mlirBlockGetFirstOperation(body);
       !mlirOperationIsNull(op) && !mlirOperationEqual(op, terminator);) {
    MlirOperation next = mlirOperationGetNextInBlock(op);
    mlirOperationMoveBefore(op, scope);
    op = next;
  }
  mlirOperationDestroy(scope);
}

static void hoist_scope(MlirOperation scope) {
  MlirOperation outer = allocation_scope_of(scope);
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(scope, 0));
  if (mlirOperationIsNull(outer) || mlirBlockIsNull(body) ||
      !mlirBlockIsNull(mlirBlockGetNextInRegion(body)))
    return;
  MlirBlock destination = mlirRegionGetFirstBlock(mlirOperationGetRegion(outer, 0));
  if (mlirBlockIsNull(destination))
    return;
  owned_t owned = {scope, {0}};
  mlirOperationWalk(scope, collect_owned, &owned, MlirWalkPreOrder);
  bool all_hoisted = true;
  for (size_t i = 0; i < owned.allocas.size; ++i) {
    MlirOperation alloca = CKPT_VEC_OP(&owned.allocas, i);
    if (mlirOperationGetNumOperands(alloca) != 0) {
      all_hoisted = false;
      continue;
    }
    /* Never empty: it holds the op the scope is nested in. */
    mlirOperationMoveBefore(alloca, mlirBlockGetFirstOperation(destination));
  }
  ckpt_vec_free(&owned.allocas);
  if (all_hoisted)
    inline_scope(scope);
}

MlirLogicalResult ckptRunHoistAllocaScopes(MlirOperation module) {
  /* Innermost first: an inner scope's buffers move into the outer scope, which then takes
   * them further. */
  ckpt_vec_t scopes = {0};
  ckpt_collect_named(module, "memref.alloca_scope", true, &scopes);
  for (size_t i = 0; i < scopes.size; ++i)
    hoist_scope(CKPT_VEC_OP(&scopes, i));
  ckpt_vec_free(&scopes);
  return mlirLogicalResultSuccess();
}
