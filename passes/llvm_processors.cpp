// Whether LLVM's GPU backends know a processor name. An unknown AMD chip otherwise aborts
// the compiler inside the AMDGPU backend ("Cannot select") and an unknown NVIDIA one
// compiles with a warning for a generic processor; the LLVM C API has no query for either
// (docs/design.md, "C++ in the passes").
extern "C" {
#include "hip_chips.h"
}

#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/TargetParser.h"
#include "llvm/TargetParser/Triple.h"

#include <memory>
#include <mutex>

extern "C" bool ckpt_llvm_knows_chip(ckpt_chip_vendor_t vendor, MlirStringRef chip) {
  llvm::StringRef name(chip.data, chip.length);
  if (vendor == CKPT_CHIP_VENDOR_AMD)
    return llvm::AMDGPU::parseArchAMDGCN(name) != llvm::AMDGPU::GK_NONE;
  static std::once_flag initialized;
  std::call_once(initialized, [] {
    llvm::InitializeAllTargetInfos();
    llvm::InitializeAllTargetMCs();
  });
  llvm::Triple triple("nvptx64-nvidia-cuda");
  std::string error;
  const llvm::Target *target = llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return true; // no NVPTX backend to ask: gpu-module-to-binary reports it
  // Made for the generic processor: one made for an unknown name warns on stderr.
  std::unique_ptr<llvm::MCSubtargetInfo> info(target->createMCSubtargetInfo(triple, "", ""));
  return info && info->isCPUStringValid(name);
}
