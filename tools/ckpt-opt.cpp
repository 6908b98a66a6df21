//===- ckpt-opt.cpp - mlir-opt with the ckpt dialect and passes -*- C++ -*-===//
//
// Every upstream dialect and pass, plus ckpt's, with the ckpt passes available as flags
// (--ckpt-auto-wrap --ckpt-number ...) and the ckpt-lower-to-llvm pipeline.
//
//===----------------------------------------------------------------------===//

#include "ckpt/CkptDialect.h"
#include "ckpt/Passes.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  mlir::ckpt::registerPasses();
  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  // gpu-module-to-binary translates kernels to LLVM IR inside the pipeline.
  mlir::registerAllToLLVMIRTranslations(registry);
  registry.insert<mlir::ckpt::CkptDialect>();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "ckpt optimizer driver\n", registry));
}
