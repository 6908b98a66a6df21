/* --ckpt-auto-wrap: every task at the top level of a checkpointed graph kernel, or
 * directly in a do-while body, that is not in a checkpoint gets an implicit one. */
#include "ckpt-c/Dialect.h"
#include "ckpt/passes.h"
#include "graph.h"

static bool task_results_used(MlirOperation task) {
  for (intptr_t i = 0; i < mlirOperationGetNumResults(task); ++i)
    if (!mlirOpOperandIsNull(mlirValueGetFirstUse(mlirOperationGetResult(task, i))))
      return true;
  return false;
}

/* Collects the tasks to wrap in `block` and, recursively, in its do-while bodies. */
static void collect_unwrapped_tasks(MlirBlock block, ckpt_vec_t *tasks) {
  for (MlirOperation op = mlirBlockGetFirstOperation(block); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op)) {
    ckpt_op_class_t kind = ckpt_classify(op);
    /* A task whose results are used cannot move into a region; --ckpt-number reports it. */
    if (kind == CKPT_CLASS_TASK && !task_results_used(op))
      ckpt_vec_push(tasks, op.ptr);
    else if (kind == CKPT_CLASS_DO_WHILE)
      collect_unwrapped_tasks(mlirCkptDoWhileOpGetBody(op), tasks);
  }
}

static void wrap_task(MlirOperation task) {
  MlirBlock block = mlirOperationGetBlock(task);
  MlirOperation checkpoint = mlirCkptCheckpointOpCreateImplicit(mlirOperationGetLocation(task));
  mlirBlockInsertOwnedOperationBefore(block, task, checkpoint);
  mlirOperationRemoveFromParent(task);
  mlirBlockAppendOwnedOperation(mlirCkptCheckpointOpGetBody(checkpoint), task);
}

MlirLogicalResult ckptRunAutoWrap(MlirOperation module) {
  ckpt_vec_t funcs = {0};
  ckpt_collect_functions(module, &funcs);
  ckpt_vec_t tasks = {0};
  for (size_t i = 0; i < funcs.size; ++i) {
    MlirOperation func = CKPT_VEC_OP(&funcs, i);
    if (!mlirCkptFuncIsGraph(func) || !mlirCkptFuncHasCheckpoints(func))
      continue;
    MlirBlock entry = ckpt_func_entry(func);
    if (!mlirBlockIsNull(entry))
      collect_unwrapped_tasks(entry, &tasks);
  }
  for (size_t i = 0; i < tasks.size; ++i)
    wrap_task(CKPT_VEC_OP(&tasks, i));
  ckpt_vec_free(&tasks);
  ckpt_vec_free(&funcs);
  return mlirLogicalResultSuccess();
}
