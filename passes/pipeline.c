/* --ckpt-lower-to-llvm{target=...}: normalise the task forms, the ckpt passes, for
 * device targets the kernels' own compilation (MLIR's NVVM or SPIR-V path, ending in
 * gpu.binary), then the upstream conversions that take the host side to LLVM. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* dladdr */
#endif
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ckpt/passes.h"
#include "hip_chips.h"
#include "ir.h"

/* Inside an NVVM or ROCDL gpu.module, before the conversion to the target's dialect: views
 * to plain descriptors, vector transfers (as vectorizing compilers emit them) to loads and
 * stores, loops to branches, and complex arithmetic to arith and math on the parts (the
 * conversions take complex.create, re, im and a few ops, not complex.conj or exp). */
#define CKPT_KERNEL_VECTORS_AND_LOOPS_IN(spaces)                                                   \
  "expand-strided-metadata,convert-vector-to-scf,lower-affine,convert-scf-to-cf,"                  \
  "ckpt-convert-kernel-vectors{address-spaces=" spaces "},convert-complex-to-standard,"
#define CKPT_NVVM_VECTORS_AND_LOOPS CKPT_KERNEL_VECTORS_AND_LOOPS_IN("nvvm")
#define CKPT_ROCDL_VECTORS_AND_LOOPS CKPT_KERNEL_VECTORS_AND_LOOPS_IN("rocdl")

/* The math ops convert-gpu-to-nvvm leaves (libdevice has no entry for math.trunc, say),
 * as LLVM intrinsics, which the NVPTX backend selects itself. */
#define CKPT_NVVM_MATH_REST "convert-math-to-llvm,"

/* convert-gpu-to-rocdl without math's own LLVM patterns, which would otherwise take
 * some ops (math.tanh, math.atan2, math.acos, ...) to LLVM intrinsics the AMDGPU backend
 * cannot select, depending on which dialects the context has loaded; so those become
 * calls into the device libraries (ocml), and what ocml leaves to the backend (math.exp,
 * math.sqrt, ...) becomes intrinsics after. */
#define CKPT_ROCDL_CONVERSION                                                               \
  "convert-gpu-to-rocdl{allowed-dialects=arith,cf,complex,func,index,memref,ub,vector},"   \
  "convert-math-to-llvm,"

/* Device code: every task becomes a gated gpu.launch, outlined into a gpu.module and
 * compiled to one binary per module. On CUDA (sm_90) each kernel loads the gating state
 * before it waits for the kernel before it, so the runtime can start it early through a
 * programmatic edge; the body's first loads are issued right after that wait, beside a
 * folded check's flag load. */
static const char kCudaKernels[] =
    "ckpt-convert-tasks-to-gpu{fold-yield-checks=true programmatic-launch=true},"
    "ckpt-hoist-alloca-scopes,"
    "ckpt-speculate-gated-loads,"
    "gpu-launch-sink-index-computations,gpu-kernel-outlining,"
    "ckpt-lower-gpu-reductions{subgroup-size=32},ckpt-workgroup-attributions,"
    "nvvm-attach-target{chip=sm_90 O=3},"
    "gpu.module(" CKPT_NVVM_VECTORS_AND_LOOPS "convert-gpu-to-nvvm," CKPT_NVVM_MATH_REST
    "ckpt-extern-dynamic-shared-memory,reconcile-unrealized-casts),"
    "gpu-module-to-binary{format=isa},";

/* Vulkan: math on f16 and bf16 is computed in f32 (GLSL.std.450's f16 forms are optional
 * in precision, and MLIR's approximations are f32 only), and bf16, which has no SPIR-V
 * type, is emulated: its arithmetic in f32, its conversions on the bits. Complex
 * arithmetic is computed on the parts (ckpt-fold-bitcasts then folds the parts' pairs). */
static const char kVulkanKernels[] =
    "func.func(lift-cf-to-scf),ckpt-convert-tasks-to-gpu,ckpt-hoist-alloca-scopes,"
    "ckpt-prepare-spirv-tasks,ckpt-spirv-views,gpu-kernel-outlining,"
    "spirv-attach-target{ver=v1.0 caps=Shader,Int64,Int16,Float64,Float16,StorageBuffer16BitAccess "
    "exts=SPV_KHR_storage_buffer_storage_class,SPV_KHR_16bit_storage},"
    "ckpt-attach-spirv-abi,ckpt-spirv-loop-budget,"
    "gpu.module(convert-complex-to-standard,math-extend-to-supported-types{target-type=f32},"
    "arith-emulate-unsupported-floats{source-types=bf16 target-type=f32},"
    "arith-expand{include-bf16=true}),ckpt-fold-bitcasts,gpu.module(convert-math-to-spirv),"
    "convert-gpu-to-spirv{use-64bit-index=false},ckpt-nest-spirv-modules,"
    "gpu.module(spirv.module(spirv-lower-abi-attrs,spirv-update-vce)),"
    "gpu-module-to-binary,";

/* HIP: CUDA's prologue gating with folded yield checks, without programmatic launch
 * (sm_90 only, and the plan is shared by every chip of the bundle). The attach and
 * conversion steps follow per vendor; docs/design-hip.md. */
static const char kHipKernels[] = "ckpt-convert-tasks-to-gpu{fold-yield-checks=true},"
                                  "ckpt-hoist-alloca-scopes,"
                                  "ckpt-speculate-gated-loads,"
                                  "gpu-launch-sink-index-computations,gpu-kernel-outlining,";

/* The toolkit folder MLIR's ROCDL serializer links with (llvm/bin/ld.lld,
 * amdgcn/bitcode): the option, $CKPT_ROCM_PATH, the ckpt-hip-toolkit folder beside the
 * library holding this code (the build makes one), else /opt/rocm. */
static void hip_toolkit_path(MlirStringRef option, ckpt_sbuf_t *out) {
  if (option.length) {
    ckpt_sbuf_append(out, option.data, option.length);
    return;
  }
  const char *env = getenv("CKPT_ROCM_PATH");
  if (env && *env) {
    ckpt_sbuf_printf(out, "%s", env);
    return;
  }
  Dl_info info;
  if (dladdr((void *)hip_toolkit_path, &info) && info.dli_fname) {
    const char *slash = strrchr(info.dli_fname, '/');
    ckpt_sbuf_t beside = {0};
    if (slash)
      ckpt_sbuf_append(&beside, info.dli_fname, (size_t)(slash - info.dli_fname) + 1);
    ckpt_sbuf_printf(&beside, "ckpt-hip-toolkit");
    bool found = access(beside.data, R_OK) == 0;
    if (found)
      ckpt_sbuf_append(out, beside.data, beside.size);
    ckpt_sbuf_free(&beside);
    if (found)
      return;
  }
  ckpt_sbuf_printf(out, "/opt/rocm");
}

typedef struct attach_t {
  ckpt_sbuf_t *text;
  const char *pass;  /* rocdl-attach-target or nvvm-attach-target */
  const char *extra; /* options after the chip */
} attach_t;

static void attach_chip(MlirStringRef chip, void *user) {
  attach_t *attach = user;
  ckpt_sbuf_printf(attach->text, "%s{chip=%.*s %s},", attach->pass, (int)chip.length,
                   chip.data, attach->extra);
}

/* The kernels' compilation for target=hip with the toolkit folder `toolkit`, or false for
 * a chip list the lowering then reports (ckpt-lower-host-dispatch checks its options
 * itself, for users who run it alone). */
static bool hip_kernels(MlirStringRef chips, MlirStringRef toolkit, ckpt_sbuf_t *out) {
  chips = ckpt_hip_chips_or_default(chips);
  char error[256];
  ckpt_chip_vendor_t vendor = ckpt_hip_chips_check(chips, error, sizeof error);
  if (vendor == CKPT_CHIP_VENDOR_NONE)
    return false;
  /* A subgroup has 64 lanes on gfx9 chips and 32 on gfx10 and later, and a bundle's
   * kernels are lowered once for all its chips: subgroup-size=0 takes only reductions
   * that mean the same on both (clusters of at most 32 lanes). */
  ckpt_sbuf_printf(out,
                   "%sckpt-lower-gpu-reductions{subgroup-size=%d},ckpt-workgroup-attributions,",
                   kHipKernels, vendor == CKPT_CHIP_VENDOR_AMD ? 0 : 32);
  if (vendor == CKPT_CHIP_VENDOR_AMD) {
    /* Code object v4: the newest Debian's HIP runtime (ROCm 5.2) loads. */
    ckpt_sbuf_printf(out, "ckpt-prepare-rocdl-kernels,");
    attach_t attach = {out, "rocdl-attach-target", "abi=400 O=3"};
    ckpt_hip_chips_for_each(chips, attach_chip, &attach);
    ckpt_sbuf_printf(out,
                     "gpu.module(" CKPT_ROCDL_VECTORS_AND_LOOPS CKPT_ROCDL_CONVERSION
                     "ckpt-extern-dynamic-shared-memory,reconcile-unrealized-casts),"
                     "gpu-module-to-binary{format=bin toolkit=\"%.*s\"},",
                     (int)toolkit.length, toolkit.data);
  } else {
    attach_t attach = {out, "nvvm-attach-target", "O=3"};
    ckpt_hip_chips_for_each(chips, attach_chip, &attach);
    ckpt_sbuf_printf(out, "gpu.module(" CKPT_NVVM_VECTORS_AND_LOOPS
                          "convert-gpu-to-nvvm," CKPT_NVVM_MATH_REST
                          "ckpt-extern-dynamic-shared-memory,reconcile-unrealized-casts),"
                          "gpu-module-to-binary{format=isa},");
  }
  return true;
}

/* memref.copy and linalg ops on memrefs become loop nests first, so that every later
 * pass sees tasks it knows; affine.apply from linalg's index maps goes with lower-affine. */
static const char kLinalgToLoops[] = "ckpt-expand-copies,ckpt-lower-linalg,";

/* Host code and the CPU target's tasks. bf16 is computed in f32 and converted on the bits
 * (arith-expand), since LLVM would otherwise call __truncsfbf2, which older runtime
 * libraries (GCC 12's libgcc) lack, so an object linked into a C program would not link.
 * Memrefs go to LLVM after arith and math: the memref.generic_atomic_rmw lowering takes
 * its body as it finds it, and leaves the op alone while the body holds arith ops.
 * Complex arithmetic becomes arith and math on the parts first, complex.create, re and
 * im LLVM structs after arith. */
static const char kHostToLLVM[] =
    "ckpt-hoist-alloca-scopes,convert-vector-to-scf,convert-scf-to-cf,convert-vector-to-llvm,"
    "expand-strided-metadata,"
    "lower-affine,"
    "math-extend-to-supported-types{extra-types=f16 target-type=f32},"
    "arith-emulate-unsupported-floats{source-types=bf16 target-type=f32},"
    "ckpt-expand-float-ops,arith-expand{include-bf16=true},convert-complex-to-standard,"
    "convert-math-to-llvm,convert-math-to-libm,convert-arith-to-llvm,convert-complex-to-llvm,"
    "finalize-memref-to-llvm,"
    "convert-index-to-llvm,convert-cf-to-llvm,convert-func-to-llvm,convert-ub-to-llvm,"
    "reconcile-unrealized-casts";

static void print_to_stderr(MlirStringRef text, void *user_data) {
  (void)user_data;
  fprintf(stderr, "%.*s\n", (int)text.length, text.data);
}

/* The characters that would end or split an option value spliced into pipeline text. */
static bool splices(MlirStringRef value, const char *forbidden) {
  for (size_t i = 0; i < value.length; ++i)
    if (strchr(forbidden, value.data[i]) || value.data[i] == '\0')
      return false;
  return true;
}

/* Whether the options can be written into the pipeline's text as they are; reports the
 * first that cannot. A value with a space, a brace or a quote would end the option early
 * and turn its rest into other options, or leave a pass half-added. */
static bool check_options(MlirStringRef target, MlirStringRef gating, MlirStringRef chips,
                          MlirStringRef toolkit, MlirStringCallback on_error, void *user_data) {
  static const char kWord[] = " \t\n{}\"'=";
  const struct {
    const char *name;
    MlirStringRef value;
    const char *forbidden;
  } options[] = {{"target", target, kWord},
                 {"gating", gating, kWord},
                 {"chips", chips, kWord},
                 {"rocm-path", toolkit, "{}\"\n"}};
  for (size_t i = 0; i < sizeof options / sizeof options[0]; ++i) {
    if (splices(options[i].value, options[i].forbidden))
      continue;
    ckpt_sbuf_t text = {0};
    ckpt_sbuf_printf(
        &text,
        "ckpt-lower-to-llvm: option %s='%.*s' holds a character that cannot be "
        "passed on to the pipeline's passes (%s): %s",
        options[i].name, (int)options[i].value.length, options[i].value.data,
        i == 3 ? "a brace, a double quote or a newline" : "a space, a brace, a quote or '='",
        i == 3 ? "use a folder path without them (a symbolic link to it)"
               : "give one word, e.g. target=cuda gating=prologue chips=gfx90a,gfx942");
    on_error(mlirStringRefCreate(text.data, text.size), user_data);
    ckpt_sbuf_free(&text);
    return false;
  }
  return true;
}

MlirLogicalResult ckptBuildLowerToLLVMPipeline(MlirOpPassManager pm, MlirStringRef target,
                                               MlirStringRef gating, MlirStringRef chips,
                                               MlirStringRef rocm_path,
                                               MlirStringCallback on_error, void *user_data) {
  if (!on_error)
    on_error = print_to_stderr;
  /* target=hip's toolkit folder as the pipeline will name it (the option, the
   * environment or the default), checked with the options. */
  bool hip = mlirStringRefEqual(target, ckpt_str("hip"));
  ckpt_sbuf_t toolkit = {0};
  if (hip)
    hip_toolkit_path(rocm_path, &toolkit);
  MlirStringRef toolkit_ref = mlirStringRefCreate(toolkit.data, toolkit.size);
  if (!check_options(target, gating, chips, toolkit_ref, on_error, user_data)) {
    ckpt_sbuf_free(&toolkit);
    return mlirLogicalResultFailure();
  }
  const char *kernels = NULL;
  ckpt_sbuf_t hip_text = {0};
  chips = ckpt_hip_chips_or_default(chips);
  if (mlirStringRefEqual(target, ckpt_str("cpu")))
    kernels = "ckpt-convert-gpu-to-host,";
  else if (mlirStringRefEqual(target, ckpt_str("cuda")))
    kernels = kCudaKernels;
  else if (mlirStringRefEqual(target, ckpt_str("vulkan")))
    kernels = kVulkanKernels;
  else if (hip && hip_kernels(chips, toolkit_ref, &hip_text))
    kernels = hip_text.data;
  ckpt_sbuf_t text = {0};
  if (!kernels) {
    /* An unknown target goes to the lowering, which reports it when the pipeline runs
     * (ckpt-lower-host-dispatch checks its own options, for users who run it alone). */
    kernels = "";
  }
  /* The rules are checked on the ops the user wrote, before linalg, affine and forall
   * become scf loops, so that each diagnostic names the op in the source.
   * vector.multi_reduction (vectorized reductions) has no conversion of its own: it
   * becomes vector.reduction here, in host code and in tasks alike, before outlining
   * (the pass runs on func.func only; ckpt-expand-math does hand-written gpu.funcs). Reductions
   * along the inner dimension, so that a 1-D one is one vector.reduction: the default
   * strategy goes through a 2-D shape_cast, which SPIR-V cannot have. */
  ckpt_sbuf_printf(
      &text,
      "ckpt-kernel-buffers,ckpt-auto-wrap,ckpt-number,%slower-affine,scf-forall-to-parallel,"
      "ckpt-check-target{target=%.*s},expand-realloc,ckpt-expand-math,"
      "func.func(lower-vector-multi-reduction{lowering-strategy=inner-reduction}),%s"
      "ckpt-lower-host-dispatch{target=%.*s gating=%.*s chips=%.*s},%s",
      kLinalgToLoops, (int)target.length, target.data, kernels, (int)target.length, target.data,
      (int)gating.length, gating.data, (int)chips.length, chips.data, kHostToLLVM);
  MlirLogicalResult result = mlirOpPassManagerAddPipeline(
      pm, mlirStringRefCreate(text.data, text.size), on_error, user_data);
  ckpt_sbuf_free(&text);
  ckpt_sbuf_free(&hip_text);
  ckpt_sbuf_free(&toolkit);
  return result;
}
