/*===- ckpt-c/Dialect.h - C API for the ckpt dialect --------------*- C -*-===*\
|*                                                                            *|
|* Builders and accessors for every ckpt op and type, in the style of the     *|
|* upstream mlir-c/Dialect headers, so a compiler written against the MLIR C  *|
|* API can build checkpoint regions and launches without C++.                 *|
|*                                                                            *|
|* Builders return a detached operation (owned by the caller until inserted   *|
|* into a block). Accessors take an operation of the named kind; passing any  *|
|* other operation is a programming error (check with the *Is* predicates).   *|
|* Handles (contexts, locations, values, operations) must not be null unless  *|
|* a function says so; builders load the ckpt dialect into the context.       *|
\*===----------------------------------------------------------------------===*/
#ifndef CKPT_C_DIALECT_H
#define CKPT_C_DIALECT_H

#include "mlir-c/IR.h"

#ifdef __cplusplus
extern "C" {
#endif

MLIR_DECLARE_CAPI_DIALECT_REGISTRATION(Ckpt, ckpt);

/* Attribute names on func.func: ckpt.graph marks a graph kernel, ckpt.checkpoints opts
 * it in to checkpoints; ckpt.labels and ckpt.num_checkpoints are written by
 * --ckpt-number. */
#define MLIR_CKPT_GRAPH_ATTR "ckpt.graph"
#define MLIR_CKPT_CHECKPOINTS_ATTR "ckpt.checkpoints"
#define MLIR_CKPT_LABELS_ATTR "ckpt.labels"
#define MLIR_CKPT_NUM_CHECKPOINTS_ATTR "ckpt.num_checkpoints"

/*--- !ckpt.status ----------------------------------------------------------*/

MLIR_CAPI_EXPORTED MlirType mlirCkptStatusTypeGet(MlirContext ctx);
MLIR_CAPI_EXPORTED bool mlirTypeIsACkptStatus(MlirType type);

/*--- graph kernels ---------------------------------------------------------*/

/* Marks `func` as a graph kernel; with `checkpoints`, also opts it in. */
MLIR_CAPI_EXPORTED void mlirCkptFuncMarkGraph(MlirOperation func, bool checkpoints);
MLIR_CAPI_EXPORTED bool mlirCkptFuncIsGraph(MlirOperation func);
MLIR_CAPI_EXPORTED bool mlirCkptFuncHasCheckpoints(MlirOperation func);

/* What --ckpt-number wrote on a graph kernel: the number of checkpoints (implicit ones
 * included), -1 before numbering; and the label table, one entry per explicit
 * checkpoint in source order. GetLabelEntry returns false for an index out of range and
 * sets *name to a null ref for an unnamed checkpoint. */
MLIR_CAPI_EXPORTED int64_t mlirCkptFuncGetNumCheckpoints(MlirOperation func);
MLIR_CAPI_EXPORTED intptr_t mlirCkptFuncGetNumLabels(MlirOperation func);
MLIR_CAPI_EXPORTED bool mlirCkptFuncGetLabelEntry(MlirOperation func, intptr_t index, int64_t *cpId,
                                                  int64_t *label, MlirStringRef *name);

/*--- ckpt.checkpoint -------------------------------------------------------*/

MLIR_CAPI_EXPORTED bool mlirCkptOpIsCheckpoint(MlirOperation op);
/* `ckpt.checkpoint implicit { }` with an empty body. */
MLIR_CAPI_EXPORTED MlirOperation mlirCkptCheckpointOpCreateImplicit(MlirLocation loc);
/* `ckpt.checkpoint label "name" yield_on %flag : memref<i32> { }`; an empty `name`
 * gives an unnamed checkpoint. */
MLIR_CAPI_EXPORTED MlirOperation mlirCkptCheckpointOpCreate(MlirLocation loc, int64_t label,
                                                            MlirStringRef name,
                                                            MlirValue yieldOn);
MLIR_CAPI_EXPORTED MlirBlock mlirCkptCheckpointOpGetBody(MlirOperation op);
MLIR_CAPI_EXPORTED bool mlirCkptCheckpointOpIsImplicit(MlirOperation op);
/* Label of an explicit checkpoint. */
MLIR_CAPI_EXPORTED int64_t mlirCkptCheckpointOpGetLabel(MlirOperation op);
/* Name of an explicit checkpoint; a null string ref if it has none. */
MLIR_CAPI_EXPORTED MlirStringRef mlirCkptCheckpointOpGetName(MlirOperation op);
/* The `yield_on` flag; a null value for an implicit checkpoint. */
MLIR_CAPI_EXPORTED MlirValue mlirCkptCheckpointOpGetYieldOn(MlirOperation op);
/* cp_id as --ckpt-number set it; -1 before numbering. */
MLIR_CAPI_EXPORTED int64_t mlirCkptCheckpointOpGetCpId(MlirOperation op);
MLIR_CAPI_EXPORTED void mlirCkptCheckpointOpSetCpId(MlirOperation op, int64_t cpId);

/*--- ckpt.do_while ---------------------------------------------------------*/

MLIR_CAPI_EXPORTED bool mlirCkptOpIsDoWhile(MlirOperation op);
MLIR_CAPI_EXPORTED MlirOperation mlirCkptDoWhileOpCreate(MlirLocation loc, MlirValue cond);
MLIR_CAPI_EXPORTED MlirBlock mlirCkptDoWhileOpGetBody(MlirOperation op);
MLIR_CAPI_EXPORTED MlirValue mlirCkptDoWhileOpGetCond(MlirOperation op);

/*--- host side -------------------------------------------------------------*/

MLIR_CAPI_EXPORTED bool mlirCkptOpIsLaunch(MlirOperation op);
/* `ckpt.launch @kernel(args)`; a non-null `resumeLabel` (i64) adds `resume_from`. */
MLIR_CAPI_EXPORTED MlirOperation mlirCkptLaunchOpCreate(MlirLocation loc, MlirStringRef kernel,
                                                        intptr_t nArgs, MlirValue const *args,
                                                        MlirValue resumeLabel);
MLIR_CAPI_EXPORTED MlirStringRef mlirCkptLaunchOpGetKernel(MlirOperation op);
MLIR_CAPI_EXPORTED intptr_t mlirCkptLaunchOpGetNumArgs(MlirOperation op);
MLIR_CAPI_EXPORTED MlirValue mlirCkptLaunchOpGetArg(MlirOperation op, intptr_t pos);
/* The resume label; a null value for a fresh launch. */
MLIR_CAPI_EXPORTED MlirValue mlirCkptLaunchOpGetResumeLabel(MlirOperation op);

/* ckpt.status_ok / status_yielded (i1), status_label (i64), status_print. */
MLIR_CAPI_EXPORTED MlirOperation mlirCkptStatusOkOpCreate(MlirLocation loc, MlirValue status);
MLIR_CAPI_EXPORTED MlirOperation mlirCkptStatusYieldedOpCreate(MlirLocation loc,
                                                               MlirValue status);
MLIR_CAPI_EXPORTED MlirOperation mlirCkptStatusLabelOpCreate(MlirLocation loc,
                                                             MlirValue status);
MLIR_CAPI_EXPORTED MlirOperation mlirCkptStatusPrintOpCreate(MlirLocation loc,
                                                             MlirValue status);

/*--- classification (what docs/semantics.md calls tasks, pure ops, bare statements) --*/

/* A task: scf.for/parallel/forall, affine.for/parallel, gpu.launch(_func), func.call,
 * memref.copy, and every linalg op (mlirCkptOpIsLinalg). */
MLIR_CAPI_EXPORTED bool mlirCkptOpIsTask(MlirOperation op);
/* A linalg op that stands on its own (a structured op such as linalg.generic, matmul,
 * fill, copy), not the yield or index op of a linalg body. */
MLIR_CAPI_EXPORTED bool mlirCkptOpIsLinalg(MlirOperation op);
/* True if an operand or result of op is a tensor. */
MLIR_CAPI_EXPORTED bool mlirCkptOpUsesTensors(MlirOperation op);
/* True if the op, and everything nested in it, has no memory effect. */
MLIR_CAPI_EXPORTED bool mlirCkptOpIsMemoryEffectFree(MlirOperation op);

#ifdef __cplusplus
}
#endif

#endif /* CKPT_C_DIALECT_H */
