//===- registration.cpp - C++ glue for the C passes -------------*- C++ -*-===//
//
// The pass classes generated from Passes.td parse options and call the C logic in
// auto_wrap.c, number.c and lower_host_dispatch.c. The pipeline registration wraps
// ckptBuildLowerToLLVMPipeline (pipeline.c).
//
//===----------------------------------------------------------------------===//

#include "ckpt/Passes.h"
#include "ckpt/passes.h"
#include "hip_chips.h"

#include "ckpt/CkptDialect.h"
#include "mlir/CAPI/IR.h"
#include "mlir/CAPI/Pass.h"
#include "mlir/CAPI/Support.h"
#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlowOps.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SPIRV/IR/SPIRVDialect.h"
#include "mlir/Dialect/UB/IR/UBOps.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"

namespace mlir::ckpt {
#define GEN_PASS_DEF_AUTOWRAP
#define GEN_PASS_DEF_NUMBER
#define GEN_PASS_DEF_KERNELBUFFERS
#define GEN_PASS_DEF_EXPANDCOPIES
#define GEN_PASS_DEF_LOWERLINALG
#define GEN_PASS_DEF_CHECKTARGET
#define GEN_PASS_DEF_EXPANDMATH
#define GEN_PASS_DEF_LOWERHOSTDISPATCH
#define GEN_PASS_DEF_CONVERTTASKSTOGPU
#define GEN_PASS_DEF_SPECULATEGATEDLOADS
#define GEN_PASS_DEF_PREPARESPIRVTASKS
#define GEN_PASS_DEF_SPIRVVIEWS
#define GEN_PASS_DEF_ATTACHSPIRVABI
#define GEN_PASS_DEF_NESTSPIRVMODULES
#define GEN_PASS_DEF_FOLDBITCASTS
#define GEN_PASS_DEF_WORKGROUPATTRIBUTIONS
#define GEN_PASS_DEF_LOWERGPUREDUCTIONS
#define GEN_PASS_DEF_CONVERTKERNELVECTORS
#define GEN_PASS_DEF_EXTERNDYNAMICSHAREDMEMORY
#define GEN_PASS_DEF_SPIRVLOOPBUDGET
#define GEN_PASS_DEF_HOISTALLOCASCOPES
#define GEN_PASS_DEF_EXPANDFLOATOPS
#define GEN_PASS_DEF_PREPAREROCDLKERNELS
#define GEN_PASS_DEF_CONVERTGPUTOHOST
#include "ckpt/Passes.h.inc"

namespace {
struct AutoWrap : impl::AutoWrapBase<AutoWrap> {
  void runOnOperation() override {
    if (mlirLogicalResultIsFailure(ckptRunAutoWrap(wrap(getOperation().getOperation()))))
      signalPassFailure();
  }
};

struct Number : impl::NumberBase<Number> {
  void runOnOperation() override {
    if (mlirLogicalResultIsFailure(ckptRunNumber(wrap(getOperation().getOperation()))))
      signalPassFailure();
  }
};

struct KernelBuffers : impl::KernelBuffersBase<KernelBuffers> {
  void runOnOperation() override {
    if (mlirLogicalResultIsFailure(ckptRunKernelBuffers(wrap(getOperation().getOperation()))))
      signalPassFailure();
  }
};

struct ExpandCopies : impl::ExpandCopiesBase<ExpandCopies> {
  void runOnOperation() override {
    if (mlirLogicalResultIsFailure(ckptRunExpandCopies(wrap(getOperation().getOperation()))))
      signalPassFailure();
  }
};

struct LowerLinalg : impl::LowerLinalgBase<LowerLinalg> {
  void runOnOperation() override {
    if (mlirLogicalResultIsFailure(ckptRunLowerLinalg(wrap(getOperation().getOperation()))))
      signalPassFailure();
  }
};

struct CheckTarget : impl::CheckTargetBase<CheckTarget> {
  using CheckTargetBase::CheckTargetBase;
  // The device pipelines reach upstream conversions and serializers through interfaces
  // that dialect registration and extensions attach (ConvertToLLVMPatternInterface, the
  // GPU target attributes' serializers) and through the LLVM translations. A context that
  // registered only its input's dialects lacks them, and upstream's gpu-module-to-binary
  // crashed there; ckpt-check-target, which every ckpt-lower-to-llvm holds, registers them
  // as mlir-opt does. Not for the CPU target, which needs none of them: every run of a
  // pass manager asks again, and a compiler may run one per function it compiles.
  void getDependentDialects(DialectRegistry &registry) const override {
    CheckTargetBase::getDependentDialects(registry);
    if (target == "cpu")
      return;
    registerAllDialects(registry);
    registerAllExtensions(registry);
    registerAllToLLVMIRTranslations(registry);
  }
  void runOnOperation() override {
    if (mlirLogicalResultIsFailure(ckptRunCheckTarget(wrap(getOperation().getOperation()),
                                                      wrap(llvm::StringRef(target)))))
      signalPassFailure();
  }
};

struct ExpandMath : impl::ExpandMathBase<ExpandMath> {
  void runOnOperation() override {
    if (mlirLogicalResultIsFailure(ckptRunExpandMath(wrap(getOperation().getOperation()))))
      signalPassFailure();
  }
};

struct ConvertTasksToGpu : impl::ConvertTasksToGpuBase<ConvertTasksToGpu> {
  using ConvertTasksToGpuBase::ConvertTasksToGpuBase;
  void runOnOperation() override {
    if (mlirLogicalResultIsFailure(
            ckptRunConvertTasksToGpu(wrap(getOperation().getOperation()), foldYieldChecks,
                                     programmaticLaunch)))
      signalPassFailure();
  }
};

struct SpeculateGatedLoads : impl::SpeculateGatedLoadsBase<SpeculateGatedLoads> {
  void runOnOperation() override {
    if (mlirLogicalResultIsFailure(
            ckptRunSpeculateGatedLoads(wrap(getOperation().getOperation()))))
      signalPassFailure();
  }
};

struct ConvertGpuToHost : impl::ConvertGpuToHostBase<ConvertGpuToHost> {
  void runOnOperation() override {
    if (mlirLogicalResultIsFailure(ckptRunConvertGpuToHost(wrap(getOperation().getOperation()))))
      signalPassFailure();
  }
};

struct PrepareSpirvTasks : impl::PrepareSpirvTasksBase<PrepareSpirvTasks> {
  void runOnOperation() override {
    if (mlirLogicalResultIsFailure(ckptRunPrepareSpirvTasks(wrap(getOperation().getOperation()))))
      signalPassFailure();
  }
};

struct SpirvViews : impl::SpirvViewsBase<SpirvViews> {
  void runOnOperation() override {
    if (mlirLogicalResultIsFailure(ckptRunSpirvViews(wrap(getOperation().getOperation()))))
      signalPassFailure();
  }
};

struct AttachSpirvAbi : impl::AttachSpirvAbiBase<AttachSpirvAbi> {
  void runOnOperation() override {
    if (mlirLogicalResultIsFailure(ckptRunAttachSpirvAbi(wrap(getOperation().getOperation()))))
      signalPassFailure();
  }
};

struct NestSpirvModules : impl::NestSpirvModulesBase<NestSpirvModules> {
  void runOnOperation() override {
    if (mlirLogicalResultIsFailure(ckptRunNestSpirvModules(wrap(getOperation().getOperation()))))
      signalPassFailure();
  }
};

struct FoldBitcasts : impl::FoldBitcastsBase<FoldBitcasts> {
  void runOnOperation() override {
    if (mlirLogicalResultIsFailure(ckptRunFoldBitcasts(wrap(getOperation().getOperation()))))
      signalPassFailure();
  }
};

struct WorkgroupAttributions : impl::WorkgroupAttributionsBase<WorkgroupAttributions> {
  void runOnOperation() override {
    if (mlirLogicalResultIsFailure(
            ckptRunWorkgroupAttributions(wrap(getOperation().getOperation()))))
      signalPassFailure();
  }
};

struct LowerGpuReductions : impl::LowerGpuReductionsBase<LowerGpuReductions> {
  using LowerGpuReductionsBase::LowerGpuReductionsBase;
  void runOnOperation() override {
    if (mlirLogicalResultIsFailure(
            ckptRunLowerGpuReductions(wrap(getOperation().getOperation()), subgroupSize)))
      signalPassFailure();
  }
};

struct ConvertKernelVectors : impl::ConvertKernelVectorsBase<ConvertKernelVectors> {
  using ConvertKernelVectorsBase::ConvertKernelVectorsBase;
  void runOnOperation() override {
    if (mlirLogicalResultIsFailure(ckptRunConvertKernelVectors(
            wrap(getOperation()), wrap(llvm::StringRef(addressSpaces)))))
      signalPassFailure();
  }
};

struct HoistAllocaScopes : impl::HoistAllocaScopesBase<HoistAllocaScopes> {
  void runOnOperation() override {
    if (mlirLogicalResultIsFailure(ckptRunHoistAllocaScopes(wrap(getOperation().getOperation()))))
      signalPassFailure();
  }
};

struct SpirvLoopBudget : impl::SpirvLoopBudgetBase<SpirvLoopBudget> {
  void runOnOperation() override {
    if (mlirLogicalResultIsFailure(ckptRunSpirvLoopBudget(wrap(getOperation().getOperation()))))
      signalPassFailure();
  }
};

struct ExternDynamicSharedMemory : impl::ExternDynamicSharedMemoryBase<ExternDynamicSharedMemory> {
  void runOnOperation() override {
    if (mlirLogicalResultIsFailure(ckptRunExternDynamicSharedMemory(wrap(getOperation()))))
      signalPassFailure();
  }
};

struct ExpandFloatOps : impl::ExpandFloatOpsBase<ExpandFloatOps> {
  void runOnOperation() override {
    if (mlirLogicalResultIsFailure(ckptRunExpandFloatOps(wrap(getOperation().getOperation()))))
      signalPassFailure();
  }
};

struct PrepareRocdlKernels : impl::PrepareRocdlKernelsBase<PrepareRocdlKernels> {
  void runOnOperation() override {
    if (mlirLogicalResultIsFailure(ckptRunPrepareRocdlKernels(wrap(getOperation().getOperation()))))
      signalPassFailure();
  }
};

struct LowerHostDispatch : impl::LowerHostDispatchBase<LowerHostDispatch> {
  using LowerHostDispatchBase::LowerHostDispatchBase;
  void runOnOperation() override {
    if (mlirLogicalResultIsFailure(ckptRunLowerHostDispatch(wrap(getOperation().getOperation()),
                                                            wrap(llvm::StringRef(target)),
                                                            wrap(llvm::StringRef(gating)),
                                                            wrap(llvm::StringRef(chips)))))
      signalPassFailure();
  }
};

struct LowerToLLVMOptions : PassPipelineOptions<LowerToLLVMOptions> {
  Option<std::string> target{*this, "target",
                             llvm::cl::desc("cpu (default), cuda, hip or vulkan"),
                             llvm::cl::init("cpu")};
  Option<std::string> gating{*this, "gating",
                             llvm::cl::desc("device targets: auto (default), prologue or if"),
                             llvm::cl::init("auto")};
  Option<std::string> chips{*this, "chips",
                            llvm::cl::desc("target hip: comma-separated AMD (gfx...) or NVIDIA "
                                           "(sm_...) chips to compile the kernels for "
                                           "(empty: " CKPT_HIP_DEFAULT_CHIPS ")"),
                            llvm::cl::init("")};
  Option<std::string> rocmPath{*this, "rocm-path",
                               llvm::cl::desc("target hip, AMD chips: the toolkit folder with "
                                              "llvm/bin/ld.lld and amdgcn/bitcode (default: "
                                              "$CKPT_ROCM_PATH, the build's ckpt-hip-toolkit, "
                                              "/opt/rocm)"),
                               llvm::cl::init("")};
};

void appendString(MlirStringRef text, void *userData) {
  static_cast<std::string *>(userData)->append(text.data, text.length);
}
} // namespace

// Registered with a builder that can fail (PassPipelineRegistration's cannot): a pipeline
// that could not be built is then an error where it is parsed, not a pass manager that
// silently does less.
void registerPipelines() {
  registerPassPipeline(
      "ckpt-lower-to-llvm",
      "auto-wrap, number and lower graph kernels and launches for a target, then "
      "convert everything to the LLVM dialect",
      [](OpPassManager &pm, llvm::StringRef text,
         llvm::function_ref<LogicalResult(const llvm::Twine &)> errorHandler) {
        LowerToLLVMOptions options;
        std::string parse_error;
        llvm::raw_string_ostream parse_stream(parse_error);
        if (failed(options.parseFromString(text, parse_stream)))
          return errorHandler("ckpt-lower-to-llvm: " + parse_error);
        std::string error;
        if (mlirLogicalResultIsSuccess(ckptBuildLowerToLLVMPipeline(
                wrap(&pm), wrap(llvm::StringRef(options.target)),
                wrap(llvm::StringRef(options.gating)), wrap(llvm::StringRef(options.chips)),
                wrap(llvm::StringRef(options.rocmPath)), appendString, &error)))
          return success();
        return errorHandler(
            error.rfind("ckpt-lower-to-llvm:", 0) == 0 ? error : "ckpt-lower-to-llvm: " + error);
      },
      [](llvm::function_ref<void(const mlir::detail::PassOptions &)> optHandler) {
        optHandler(LowerToLLVMOptions());
      });
}

void registerPasses() {
  registerCkptPasses();
  registerPipelines();
}
} // namespace mlir::ckpt

extern "C" void mlirCkptRegisterPassesAndPipelines(void) { mlir::ckpt::registerPasses(); }

// The pass C API (mlirCreateCkptAutoWrap, ...) generated from Passes.td. Its header
// gives the definitions below C linkage, so C programs can call them.
#include "ckpt-c/Passes.h"
using namespace mlir::ckpt;
#include "ckpt/Passes.capi.cpp.inc"
