//===- CkptLLVMPlugin.cpp - the ckpt pass for opt and clang -----*- C++ -*-===//
//
// opt -load-pass-plugin=libCkptLLVMPlugin.so -passes=ckpt-graph-kernels
// clang -fpass-plugin=libCkptLLVMPlugin.so        (runs at the pipeline's start)
//
// Registration and the few LLVM services the C API lacks (glue.h); the pass itself is C
// (ckpt_llvm_run).
//
//===----------------------------------------------------------------------===//

#include "glue.h"

#include "ckpt/ckpt.h"

#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/DIBuilder.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Plugins/PassPlugin.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/Local.h"
#include "llvm/Transforms/Utils/PromoteMemToReg.h"

using namespace llvm;

extern "C" void ckpt_llvm_error(LLVMValueRef function, LLVMValueRef at, const char *message) {
  Function *fn = unwrap<Function>(function);
  DiagnosticLocation location;
  if (at)
    if (auto *inst = dyn_cast<Instruction>(unwrap(at)))
      if (inst->getDebugLoc())
        location = DiagnosticLocation(inst->getDebugLoc());
  if (!location.isValid() && fn->getSubprogram())
    location = DiagnosticLocation(fn->getSubprogram());
  fn->getContext().diagnose(DiagnosticInfoUnsupported(*fn, message, location, DS_Error));
}

extern "C" void ckpt_llvm_promote_allocas(LLVMValueRef function) {
  Function *fn = unwrap<Function>(function);
  std::vector<AllocaInst *> allocas;
  for (Instruction &inst : fn->getEntryBlock())
    if (auto *alloca = dyn_cast<AllocaInst>(&inst))
      if (isAllocaPromotable(alloca))
        allocas.push_back(alloca);
  if (allocas.empty())
    return;
  DominatorTree tree(*fn);
  PromoteMemToReg(allocas, tree);
}

extern "C" LLVMBasicBlockRef ckpt_llvm_split_before(LLVMValueRef instruction) {
  Instruction *inst = unwrap<Instruction>(instruction);
  return wrap(inst->getParent()->splitBasicBlock(inst));
}

extern "C" void ckpt_llvm_move_debug_info(LLVMValueRef kernel, LLVMValueRef function) {
  Function *from = unwrap<Function>(kernel), *to = unwrap<Function>(function);
  DISubprogram *old = from->getSubprogram();
  if (!old) {
    stripDebugInfo(*to);
    return;
  }
  // A subprogram of its own, as CodeExtractor makes for what it outlines: the verifier
  // allows one function per subprogram.
  DIBuilder builder(*to->getParent(), /*AllowUnresolved=*/false, old->getUnit());
  DISubprogram *subprogram = builder.createFunction(
      old->getUnit(), to->getName(), to->getName(), old->getFile(), old->getLine(),
      builder.createSubroutineType(builder.getOrCreateTypeArray({})), old->getScopeLine(),
      DINode::FlagArtificial,
      DISubprogram::SPFlagDefinition | (old->getSPFlags() & DISubprogram::SPFlagOptimized));
  to->setSubprogram(subprogram);
  LLVMContext &context = to->getContext();
  DenseMap<const MDNode *, MDNode *> cache;
  auto rescope = [&](Metadata *node) -> Metadata * {
    if (auto *location = dyn_cast_or_null<DILocation>(node))
      return DebugLoc::replaceInlinedAtSubprogram(location, *subprogram, context, cache);
    return node;
  };
  for (BasicBlock &block : *to)
    for (Instruction &inst : block) {
      // Lines stay; the variables belong to the kernel's subprogram and go.
      inst.dropDbgRecords();
      inst.setMetadata(LLVMContext::MD_DIAssignID, nullptr);
      if (const DebugLoc &location = inst.getDebugLoc())
        inst.setDebugLoc(DebugLoc::replaceInlinedAtSubprogram(location, *subprogram, context, cache));
      updateLoopMetadataDebugLocations(inst, rescope);
    }
  builder.finalizeSubprogram(subprogram);
}

extern "C" bool ckpt_llvm_dominates(LLVMValueRef def, LLVMValueRef user) {
  Instruction *a = unwrap<Instruction>(def), *b = unwrap<Instruction>(user);
  DominatorTree tree(*a->getFunction());
  return tree.dominates(a, b);
}

extern "C" unsigned ckpt_llvm_predecessor_count(LLVMBasicBlockRef block) {
  return (unsigned)pred_size(unwrap(block));
}

extern "C" bool ckpt_llvm_merge_into_predecessor(LLVMBasicBlockRef block) {
  return MergeBlockIntoPredecessor(unwrap(block));
}

extern "C" LLVMBasicBlockRef ckpt_llvm_single_predecessor(LLVMBasicBlockRef block) {
  return wrap(unwrap(block)->getSinglePredecessor());
}

extern "C" void ckpt_llvm_invoke_to_call(LLVMValueRef invoke) {
  changeToCall(unwrap<InvokeInst>(invoke));
}

extern "C" bool ckpt_llvm_is_pure(LLVMValueRef instruction) {
  Instruction *inst = unwrap<Instruction>(instruction);
  return !isa<PHINode>(inst) && !isa<AllocaInst>(inst) && !inst->isTerminator() &&
         !inst->mayReadOrWriteMemory() && !inst->mayHaveSideEffects() && !inst->isEHPad();
}

extern "C" bool ckpt_llvm_is_speculatable(LLVMValueRef instruction) {
  return isSafeToSpeculativelyExecute(unwrap<Instruction>(instruction));
}

extern "C" bool ckpt_llvm_has_effects(LLVMValueRef instruction) {
  Instruction *inst = unwrap<Instruction>(instruction);
  if (inst->isLifetimeStartOrEnd() || isa<DbgInfoIntrinsic>(inst))
    return false;
  return inst->mayReadOrWriteMemory() || inst->mayHaveSideEffects();
}

namespace {

struct CkptGraphKernelsPass : PassInfoMixin<CkptGraphKernelsPass> {
  explicit CkptGraphKernelsPass(ckpt_target_t target) : target(target) {}
  PreservedAnalyses run(Module &module, ModuleAnalysisManager &) {
    return ckpt_llvm_run(wrap(&module), target) ? PreservedAnalyses::none()
                                                : PreservedAnalyses::all();
  }
  // Graph kernels must be lowered at -O0 too (optnone functions included).
  static bool isRequired() { return true; }
  ckpt_target_t target;
};

constexpr StringLiteral kPassName = "ckpt-graph-kernels";

// "ckpt-graph-kernels" or "ckpt-graph-kernels<target=cpu>". The device targets need
// kernels compiled for the device, which this plugin does not build yet (docs/llvm-ir.md,
// "Other targets"): naming one is an error rather than a CPU plan in disguise.
Expected<ckpt_target_t> parseTarget(StringRef params) {
  if (params.empty() || params == "target=cpu")
    return CKPT_TARGET_CPU;
  std::string message;
  if (params.consume_front("target="))
    message = formatv("ckpt-graph-kernels: target={0} is not supported by the LLVM plugin: "
                      "it builds CPU plans only (target=cpu); device targets go through "
                      "the MLIR pipeline (docs/llvm-ir.md, \"Other targets\")",
                      params)
                  .str();
  else
    message = formatv("ckpt-graph-kernels: unknown parameter '{0}'; expected target=cpu",
                      params)
                  .str();
  return make_error<StringError>(message, inconvertibleErrorCode());
}

} // namespace

extern "C" LLVM_ATTRIBUTE_WEAK PassPluginLibraryInfo llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "CkptLLVMPlugin", LLVM_VERSION_STRING, [](PassBuilder &builder) {
            builder.registerPipelineParsingCallback(
                [](StringRef name, ModulePassManager &manager,
                   ArrayRef<PassBuilder::PipelineElement>) {
                  if (!PassBuilder::checkParametrizedPassName(name, kPassName))
                    return false;
                  auto target = PassBuilder::parsePassParameters(parseTarget, name, kPassName);
                  if (!target) {
                    errs() << toString(target.takeError()) << "\n";
                    return false;
                  }
                  manager.addPass(CkptGraphKernelsPass(*target));
                  return true;
                });
            // Before any optimisation: the markers still delimit the code they wrap, and
            // a plain `clang -O2 -fpass-plugin=...` (or -O0) needs no extra flag.
            builder.registerPipelineStartEPCallback(
                [](ModulePassManager &manager, OptimizationLevel) {
                  manager.addPass(CkptGraphKernelsPass(CKPT_TARGET_CPU));
                });
          }};
}
