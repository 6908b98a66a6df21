/* --ckpt-number: check the compile-time rules, then number every checkpoint. */
#include "ckpt-c/Dialect.h"
#include "ckpt/passes.h"
#include "graph.h"

MlirLogicalResult ckptRunNumber(MlirOperation module) {
  if (!ckpt_check_module(module))
    return mlirLogicalResultFailure();
  ckpt_vec_t funcs = {0};
  ckpt_collect_functions(module, &funcs);
  for (size_t i = 0; i < funcs.size; ++i) {
    MlirOperation func = CKPT_VEC_OP(&funcs, i);
    if (mlirCkptFuncIsGraph(func) && mlirCkptFuncHasCheckpoints(func))
      ckpt_number_kernel(func);
  }
  ckpt_vec_free(&funcs);
  return mlirLogicalResultSuccess();
}
