/*===- ckpt-c/Passes.h - C API for the ckpt passes ----------------*- C -*-===*\
|* mlirCreateCkptAutoWrap(), mlirCreateCkptNumber(),                          *|
|* mlirCreateCkptLowerHostDispatch() (target=cpu; use                         *|
|* mlirOpPassManagerAddPipeline for options), mlirRegisterCkptPasses().       *|
\*===----------------------------------------------------------------------===*/
#ifndef CKPT_C_PASSES_H
#define CKPT_C_PASSES_H

#include "mlir-c/Pass.h"

#include "ckpt-c/Passes.capi.h.inc"

#ifdef __cplusplus
extern "C" {
#endif

/* Registers the passes and the `ckpt-lower-to-llvm` pipeline, so that pipeline strings
 * given to mlirParsePassPipeline can name them. */
MLIR_CAPI_EXPORTED void mlirCkptRegisterPassesAndPipelines(void);

#ifdef __cplusplus
}
#endif

#endif /* CKPT_C_PASSES_H */
