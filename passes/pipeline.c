/* --ckpt-lower-to-llvm{target=...}: normalise the task forms, the ckpt passes, for
 * device targets the kernels' own compilation (MLIR's NVVM or SPIR-V path, ending in
 * gpu.binary), then the upstream conversions that take the host side to LLVM. */
#include <string.h>

#include "ckpt/passes.h"
#include "ir.h"

/* Device code: every task becomes a gated gpu.launch, outlined into a gpu.module and
 * compiled to one binary per module. On CUDA (sm_90) each kernel loads the gating state
 * before it waits for the kernel before it, so the runtime can start it early through a
 * programmatic edge; the body's first loads are issued right after that wait, beside a
 * folded check's flag load. */
static const char kCudaKernels[] =
    "ckpt-convert-tasks-to-gpu{fold-yield-checks=true programmatic-launch=true},"
    "ckpt-speculate-gated-loads,"
    "gpu-kernel-outlining,"
    "nvvm-attach-target{chip=sm_90 O=3},"
    "gpu.module(expand-strided-metadata,lower-affine,convert-scf-to-cf,convert-gpu-to-nvvm,"
    "reconcile-unrealized-casts),"
    "gpu-module-to-binary{format=isa},";

static const char kVulkanKernels[] =
    "ckpt-convert-tasks-to-gpu,ckpt-prepare-spirv-tasks,ckpt-spirv-views,gpu-kernel-outlining,"
    "spirv-attach-target{ver=v1.0 caps=Shader,Int64,Int16,Float64 "
    "exts=SPV_KHR_storage_buffer_storage_class},"
    "ckpt-attach-spirv-abi,gpu.module(convert-math-to-spirv),"
    "convert-gpu-to-spirv{use-64bit-index=false},ckpt-nest-spirv-modules,"
    "gpu.module(spirv.module(spirv-lower-abi-attrs,spirv-update-vce)),"
    "gpu-module-to-binary,";

static const char kHostToLLVM[] =
    "convert-vector-to-scf,convert-scf-to-cf,convert-vector-to-llvm,expand-strided-metadata,"
    "lower-affine,finalize-memref-to-llvm,convert-math-to-llvm,convert-arith-to-llvm,"
    "convert-index-to-llvm,convert-cf-to-llvm,convert-func-to-llvm,"
    "reconcile-unrealized-casts";

MlirLogicalResult ckptBuildLowerToLLVMPipeline(MlirOpPassManager pm, MlirStringRef target,
                                               MlirStringRef gating,
                                               MlirStringCallback on_error, void *user_data) {
  const char *kernels = NULL;
  if (mlirStringRefEqual(target, ckpt_str("cpu")))
    kernels = "ckpt-convert-gpu-to-host,";
  else if (mlirStringRefEqual(target, ckpt_str("cuda")))
    kernels = kCudaKernels;
  else if (mlirStringRefEqual(target, ckpt_str("vulkan")))
    kernels = kVulkanKernels;
  ckpt_sbuf_t text = {0};
  if (!kernels) {
    /* A pipeline registered with options cannot fail while it is built, so the target is
     * handed to the lowering, which reports it as an error when the pipeline runs. */
    kernels = "";
  }
  ckpt_sbuf_printf(&text,
                   "lower-affine,scf-forall-to-parallel,ckpt-auto-wrap,ckpt-number,"
                   "ckpt-check-target{target=%.*s},%s"
                   "ckpt-lower-host-dispatch{target=%.*s gating=%.*s},%s",
                   (int)target.length, target.data, kernels, (int)target.length, target.data,
                   (int)gating.length, gating.data, kHostToLLVM);
  MlirLogicalResult result = mlirOpPassManagerAddPipeline(
      pm, mlirStringRefCreate(text.data, text.size), on_error, user_data);
  ckpt_sbuf_free(&text);
  return result;
}
