//===- Dialect.cpp - the parts of the ckpt C API that need C++ --*- C++ -*-===//
//
// Dialect registration and the type need the C++ classes; the memory-effect query has
// no upstream C API. Builders and accessors are in Ops.c, over the generic C API.
//
//===----------------------------------------------------------------------===//

#include "ckpt-c/Dialect.h"
#include "ckpt/CkptDialect.h"

#include "mlir/CAPI/IR.h"
#include "mlir/CAPI/Registration.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

MLIR_DEFINE_CAPI_DIALECT_REGISTRATION(Ckpt, ckpt, mlir::ckpt::CkptDialect)

// Loads the dialect first: a type of a dialect that is only registered is null, and a
// launch built with it crashed when printed.
MlirType mlirCkptStatusTypeGet(MlirContext ctx) {
  unwrap(ctx)->getOrLoadDialect<mlir::ckpt::CkptDialect>();
  return wrap(mlir::ckpt::StatusType::get(unwrap(ctx)));
}

bool mlirTypeIsACkptStatus(MlirType type) {
  return llvm::isa<mlir::ckpt::StatusType>(unwrap(type));
}

bool mlirCkptOpIsMemoryEffectFree(MlirOperation op) {
  return mlir::isMemoryEffectFree(unwrap(op));
}
