//===- CkptDialect.h - the ckpt dialect -------------------------*- C++ -*-===//
#ifndef CKPT_DIALECT_H
#define CKPT_DIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "ckpt/CkptDialect.h.inc"

#define GET_TYPEDEF_CLASSES
#include "ckpt/CkptTypes.h.inc"

#define GET_OP_CLASSES
#include "ckpt/CkptOps.h.inc"

#endif // CKPT_DIALECT_H
