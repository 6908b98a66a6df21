/* CPU target: a task that is one parallel loop, made to run in blocks on several threads
 * (CKPT_NODE_FLAG_SPLIT in runtime/include/ckpt/plan.h). */
#ifndef CKPT_PASSES_SPLIT_TASK_H
#define CKPT_PASSES_SPLIT_TASK_H

#include "ir.h"

/* `fn` is an outlined task whose last argument is a !llvm.ptr to a ckpt_task_share_t. If
 * its body is pure values and one scf.parallel without reductions, narrows that loop's
 * outermost dimension to the share's block of iterations and returns true; otherwise
 * changes nothing and returns false (the task then runs whole, on one thread). */
bool ckpt_split_task(MlirOperation fn);

#endif /* CKPT_PASSES_SPLIT_TASK_H */
