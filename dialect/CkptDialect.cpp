//===- CkptDialect.cpp - what ODS cannot generate for ckpt ------*- C++ -*-===//
//
// The checkpoint op's two textual forms (implicit vs labelled) and the verifiers that
// need C++: local structure of one op and the launch op's symbol use. Rules that need
// the whole kernel live in the C pass passes/number.c.
//
//===----------------------------------------------------------------------===//

#include "ckpt/CkptDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::ckpt;

#include "ckpt/CkptDialect.cpp.inc"

#define GET_TYPEDEF_CLASSES
#include "ckpt/CkptTypes.cpp.inc"

// The type after a flag operand (`yield_on %f`, `ckpt.do_while %c`) may be left out: the
// contract fixes it as memref<i32>, and the printed form always spells it.
static ParseResult parseFlagType(OpAsmParser &parser, Type &type) {
  if (failed(parser.parseOptionalColon())) {
    type = MemRefType::get({}, IntegerType::get(parser.getContext(), 32));
    return success();
  }
  return parser.parseType(type);
}

static void printFlagType(OpAsmPrinter &p, Operation *, Type type) { p << ": " << type; }

#define GET_OP_CLASSES
#include "ckpt/CkptOps.cpp.inc"

void CkptDialect::initialize() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "ckpt/CkptTypes.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "ckpt/CkptOps.cpp.inc"
      >();
}

LogicalResult CkptDialect::verifyOperationAttribute(Operation *op, NamedAttribute attr) {
  StringRef name = attr.getName().getValue();
  if (name == kGraphAttrName || name == kCheckpointsAttrName) {
    if (!isa<UnitAttr>(attr.getValue()))
      return op->emitError() << "'" << name << "' is a unit attribute: write it as `"
                             << name << "` with no value";
    if (!isa<func::FuncOp>(op))
      return op->emitError() << "'" << name << "' marks a graph kernel and belongs on a "
                             << "'func.func', not on '" << op->getName() << "'";
    return success();
  }
  if (name == kGatedAttrName || name == kGateAttrName || name == kYieldFoldedAttrName ||
      name == kProgrammaticWaitAttrName) {
    if (!isa<UnitAttr>(attr.getValue()))
      return op->emitError() << "'" << name << "' is a unit attribute: write it as `" << name
                             << "` with no value";
    return success();
  }
  if (name == kLabelsAttrName) {
    auto table = dyn_cast<ArrayAttr>(attr.getValue());
    if (!table || !llvm::all_of(table, [](Attribute entry) { return isa<DictionaryAttr>(entry); }))
      return op->emitError() << "'" << name << "' must be an array of {cp_id, label, name?} "
                             << "dictionaries, as --ckpt-number writes it";
    return success();
  }
  if (name == kNumCheckpointsAttrName) {
    if (!isa<IntegerAttr>(attr.getValue()))
      return op->emitError() << "'" << name << "' must be an integer, as --ckpt-number "
                             << "writes it";
    return success();
  }
  if (name == kGlobalParamsAttrName) {
    auto globals = dyn_cast<ArrayAttr>(attr.getValue());
    if (!globals ||
        !llvm::all_of(globals, [](Attribute entry) { return isa<FlatSymbolRefAttr>(entry); }))
      return op->emitError() << "'" << name << "' must be an array of symbol references to "
                             << "globals, as --ckpt-kernel-buffers writes it";
    return success();
  }
  return op->emitError() << "unknown ckpt attribute '" << name << "'; the ckpt attributes are "
                         << kGraphAttrName << ", " << kCheckpointsAttrName << ", "
                         << kLabelsAttrName << ", " << kNumCheckpointsAttrName << ", "
                         << kGatedAttrName << ", " << kGateAttrName << ", "
                         << kYieldFoldedAttrName << ", " << kProgrammaticWaitAttrName << " and "
                         << kGlobalParamsAttrName;
}

//===----------------------------------------------------------------------===//
// CheckpointOp
//===----------------------------------------------------------------------===//

void CheckpointOp::build(OpBuilder &builder, OperationState &state, int64_t label,
                         StringRef name, Value yieldOn) {
  state.addAttribute(getLabelAttrName(state.name), builder.getI64IntegerAttr(label));
  if (!name.empty())
    state.addAttribute(getNameAttrName(state.name), builder.getStringAttr(name));
  state.addOperands(yieldOn);
  state.addRegion()->emplaceBlock();
}

// ckpt.checkpoint implicit attr-dict-with-keyword region
// ckpt.checkpoint LABEL ("NAME")? yield_on %flag (: TYPE)? attr-dict-with-keyword region
ParseResult CheckpointOp::parse(OpAsmParser &parser, OperationState &result) {
  MLIRContext *ctx = parser.getContext();
  StringAttr labelName = getLabelAttrName(result.name);
  if (failed(parser.parseOptionalKeyword("implicit"))) {
    int64_t label;
    llvm::SMLoc labelLoc = parser.getCurrentLocation();
    OptionalParseResult parsedLabel = parser.parseOptionalInteger(label);
    if (!parsedLabel.has_value())
      return parser.emitError(labelLoc, "expected `implicit` or an integer label");
    if (failed(*parsedLabel))
      return failure();
    result.addAttribute(labelName, IntegerAttr::get(IntegerType::get(ctx, 64), label));
    std::string name;
    if (succeeded(parser.parseOptionalString(&name)))
      result.addAttribute(getNameAttrName(result.name), StringAttr::get(ctx, name));
    OpAsmParser::UnresolvedOperand flag;
    Type flagType;
    if (parser.parseKeyword("yield_on") || parser.parseOperand(flag) ||
        parseFlagType(parser, flagType) ||
        parser.resolveOperand(flag, flagType, result.operands))
      return failure();
  }
  if (parser.parseOptionalAttrDictWithKeyword(result.attributes))
    return failure();
  Region *body = result.addRegion();
  if (parser.parseRegion(*body, /*arguments=*/{}, /*argTypes=*/{}))
    return failure();
  if (body->empty())
    body->emplaceBlock();
  return success();
}

void CheckpointOp::print(OpAsmPrinter &p) {
  if (isImplicit()) {
    p << " implicit";
  } else {
    // The label is signed; getLabel() would give it back as uint64_t.
    p << ' ' << getLabelAttr().getInt();
    if (getName())
      p << ' ' << getNameAttr();
    if (getYieldOn())
      p << " yield_on " << getYieldOn() << " : " << getYieldOn().getType();
  }
  p.printOptionalAttrDictWithKeyword((*this)->getAttrs(),
                                     {getLabelAttrName(), getNameAttrName()});
  p << ' ';
  p.printRegion(getBody(), /*printEntryBlockArgs=*/false, /*printBlockTerminators=*/false);
}

LogicalResult CheckpointOp::verify() {
  if (getLabel() && !getYieldOn())
    return emitOpError("labelled checkpoint ") << getLabelAttr().getInt()
           << " needs a flag: add `yield_on %flag : memref<i32>`";
  if (!getLabel() && getYieldOn())
    return emitOpError("a checkpoint with `yield_on` needs a label: write "
                       "`ckpt.checkpoint <label> yield_on ...`");
  if (getName() && !getLabel())
    return emitOpError("only a labelled checkpoint can have a name");
  // The runtime keeps names as C strings: one with a NUL would be cut there.
  if (getName() && getName()->contains('\0'))
    return emitOpError("the name of a checkpoint cannot contain a NUL character");
  if (getBodyBlock().getNumArguments() != 0)
    return emitOpError("body takes no block arguments");
  return success();
}

//===----------------------------------------------------------------------===//
// LaunchOp
//===----------------------------------------------------------------------===//

LogicalResult LaunchOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  auto kernel = symbolTable.lookupNearestSymbolFrom<func::FuncOp>(*this, getKernelAttr());
  if (!kernel)
    return emitOpError("'") << getKernel() << "' is not a func.func in this module";
  if (!kernel->hasAttr(CkptDialect::kGraphAttrName))
    return emitOpError("'") << getKernel() << "' is not a graph kernel: add the `"
                            << CkptDialect::kGraphAttrName << "` attribute to it";
  ArrayRef<Type> params = kernel.getArgumentTypes();
  if (params.size() != getArgs().size())
    return emitOpError("'") << getKernel() << "' takes " << params.size()
                            << " arguments, but " << getArgs().size() << " were given";
  for (auto [index, pair] : llvm::enumerate(llvm::zip(params, getArgs().getTypes())))
    if (std::get<0>(pair) != std::get<1>(pair))
      return emitOpError("argument ") << index << " has type " << std::get<1>(pair)
                                      << ", but '" << getKernel() << "' expects "
                                      << std::get<0>(pair);
  if (!kernel.getResultTypes().empty())
    return emitOpError("'") << getKernel() << "' returns values; a graph kernel returns "
                            << "nothing (write results to memory)";
  return success();
}
