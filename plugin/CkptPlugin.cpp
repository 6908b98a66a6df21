//===- CkptPlugin.cpp - dialect and pass plugin for mlir-opt ----*- C++ -*-===//
//
// mlir-opt --load-dialect-plugin=CkptPlugin.so --load-pass-plugin=CkptPlugin.so
//   --pass-pipeline='builtin.module(ckpt-auto-wrap,ckpt-number)'
//
//===----------------------------------------------------------------------===//

#include "ckpt/CkptDialect.h"
#include "ckpt/Passes.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/Plugins/DialectPlugin.h"
#include "mlir/Tools/Plugins/PassPlugin.h"
#include "llvm/Config/llvm-config.h"

extern "C" LLVM_ATTRIBUTE_WEAK mlir::DialectPluginLibraryInfo mlirGetDialectPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "Ckpt", LLVM_VERSION_STRING,
          [](mlir::DialectRegistry *registry) { registry->insert<mlir::ckpt::CkptDialect>(); }};
}

extern "C" LLVM_ATTRIBUTE_WEAK mlir::PassPluginLibraryInfo mlirGetPassPluginInfo() {
  return {MLIR_PLUGIN_API_VERSION, "CkptPasses", LLVM_VERSION_STRING,
          []() { mlir::ckpt::registerPasses(); }};
}
