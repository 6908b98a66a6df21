/* The C entry points of the ckpt passes. The C++ pass classes generated from Passes.td
 * (registration.cpp) call these; other tools can call them on a module directly. */
#ifndef CKPT_PASSES_H
#define CKPT_PASSES_H

#include <stdbool.h>

#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"
#include "mlir-c/Support.h"

#ifdef __cplusplus
extern "C" {
#endif

/* --ckpt-auto-wrap on a module. Never fails on valid IR. */
MlirLogicalResult ckptRunAutoWrap(MlirOperation module);

/* --ckpt-kernel-buffers: unit-level allocations become globals, and globals used by graph
 * kernels their parameters; fails on allocations that cannot be globals. */
MlirLogicalResult ckptRunKernelBuffers(MlirOperation module);

/* --ckpt-expand-copies: memref.copy in graph kernels as loops; fails on unranked copies. */
MlirLogicalResult ckptRunExpandCopies(MlirOperation module);

/* --ckpt-lower-linalg. Never fails. */
MlirLogicalResult ckptRunLowerLinalg(MlirOperation module);

/* --ckpt-number: checks the rules (errors at the offending ops) and numbers. */
MlirLogicalResult ckptRunNumber(MlirOperation module);

/* --ckpt-check-target{target=...}: errors at the ops the target cannot run. */
MlirLogicalResult ckptRunCheckTarget(MlirOperation module, MlirStringRef target);

/* --ckpt-expand-math. Never fails. */
MlirLogicalResult ckptRunExpandMath(MlirOperation module);

/* --ckpt-convert-tasks-to-gpu with its fold-yield-checks and programmatic-launch options. */
MlirLogicalResult ckptRunConvertTasksToGpu(MlirOperation module, bool fold_yield_checks,
                                           bool programmatic_launch);

/* --ckpt-speculate-gated-loads. Never fails. */
MlirLogicalResult ckptRunSpeculateGatedLoads(MlirOperation module);

/* --ckpt-convert-gpu-to-host. */
MlirLogicalResult ckptRunConvertGpuToHost(MlirOperation module);

/* --ckpt-prepare-spirv-tasks. */
MlirLogicalResult ckptRunPrepareSpirvTasks(MlirOperation module);

/* --ckpt-spirv-views. */
MlirLogicalResult ckptRunSpirvViews(MlirOperation module);

/* --ckpt-attach-spirv-abi. */
MlirLogicalResult ckptRunAttachSpirvAbi(MlirOperation module);

/* --ckpt-nest-spirv-modules. */
MlirLogicalResult ckptRunNestSpirvModules(MlirOperation module);

/* --ckpt-fold-bitcasts. Never fails. */
MlirLogicalResult ckptRunFoldBitcasts(MlirOperation module);

/* --ckpt-workgroup-attributions. Never fails. */
MlirLogicalResult ckptRunWorkgroupAttributions(MlirOperation module);

/* --ckpt-lower-gpu-reductions{subgroup-size=N} (gpu_reductions.cpp). Fails, having
 * reported it, on a reduction the shuffle lowering does not take. */
MlirLogicalResult ckptRunLowerGpuReductions(MlirOperation module, unsigned subgroup_size);
MlirLogicalResult ckptRunConvertKernelVectors(MlirOperation op, MlirStringRef address_spaces);
MlirLogicalResult ckptRunExternDynamicSharedMemory(MlirOperation module);
/* --ckpt-hoist-alloca-scopes (alloca_scopes.c). Never fails. */
MlirLogicalResult ckptRunHoistAllocaScopes(MlirOperation module);
/* --ckpt-spirv-loop-budget (spirv_loop_budget.c). Never fails. */
MlirLogicalResult ckptRunSpirvLoopBudget(MlirOperation module);
MlirLogicalResult ckptRunExpandFloatOps(MlirOperation module);

/* --ckpt-prepare-rocdl-kernels. Never fails. */
MlirLogicalResult ckptRunPrepareRocdlKernels(MlirOperation module);

/* --ckpt-lower-host-dispatch{target=... gating=... chips=...}. */
MlirLogicalResult ckptRunLowerHostDispatch(MlirOperation module, MlirStringRef target,
                                           MlirStringRef gating, MlirStringRef chips);

/* Appends the --ckpt-lower-to-llvm pipeline for `target` to a module pass manager.
 * `chips` and `rocm_path` are target=hip's (docs/design-hip.md); an empty rocm_path means
 * the default toolkit folder. On failure writes a message through `on_error`. */
MlirLogicalResult ckptBuildLowerToLLVMPipeline(MlirOpPassManager pm, MlirStringRef target,
                                               MlirStringRef gating, MlirStringRef chips,
                                               MlirStringRef rocm_path,
                                               MlirStringCallback on_error, void *user_data);

#ifdef __cplusplus
}
#endif

#endif /* CKPT_PASSES_H */
