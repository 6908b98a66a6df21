/* Builders and accessors of the ckpt C API, written over MLIR's generic C API. */
#include "ckpt-c/Dialect.h"

#include <string.h>

#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

static MlirStringRef str(const char *s) { return mlirStringRefCreateFromCString(s); }

/* Creates a ckpt op, loading the dialect first: in a context where it is only registered
 * the op would be created unregistered, without its verifier and accessors. */
static MlirOperation create(MlirOperationState *state) {
  mlirContextGetOrLoadDialect(mlirLocationGetContext(state->location), str("ckpt"));
  return mlirOperationCreate(state);
}

static bool op_is(MlirOperation op, const char *name) {
  MlirStringRef actual = mlirIdentifierStr(mlirOperationGetName(op));
  return mlirStringRefEqual(actual, str(name));
}

static MlirAttribute get_attr(MlirOperation op, const char *name) {
  return mlirOperationGetAttributeByName(op, str(name));
}

static MlirNamedAttribute named(MlirContext ctx, const char *name, MlirAttribute attr) {
  return mlirNamedAttributeGet(mlirIdentifierGet(ctx, str(name)), attr);
}

/* Adds one region holding one empty block: the body of a checkpoint or do-while. */
static void add_body_region(MlirOperationState *state) {
  MlirRegion region = mlirRegionCreate();
  mlirRegionAppendOwnedBlock(region, mlirBlockCreate(0, NULL, NULL));
  mlirOperationStateAddOwnedRegions(state, 1, &region);
}

static MlirBlock first_block(MlirOperation op) {
  return mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
}

/*--- graph kernels ---------------------------------------------------------*/

void mlirCkptFuncMarkGraph(MlirOperation func, bool checkpoints) {
  MlirContext ctx = mlirOperationGetContext(func);
  mlirOperationSetDiscardableAttributeByName(func, str(MLIR_CKPT_GRAPH_ATTR),
                                             mlirUnitAttrGet(ctx));
  if (checkpoints)
    mlirOperationSetDiscardableAttributeByName(func, str(MLIR_CKPT_CHECKPOINTS_ATTR),
                                               mlirUnitAttrGet(ctx));
}

bool mlirCkptFuncIsGraph(MlirOperation func) {
  return !mlirAttributeIsNull(
      mlirOperationGetDiscardableAttributeByName(func, str(MLIR_CKPT_GRAPH_ATTR)));
}

bool mlirCkptFuncHasCheckpoints(MlirOperation func) {
  return !mlirAttributeIsNull(
      mlirOperationGetDiscardableAttributeByName(func, str(MLIR_CKPT_CHECKPOINTS_ATTR)));
}

/* The attribute queries assert on null attributes. */
static bool is_int(MlirAttribute attr) {
  return !mlirAttributeIsNull(attr) && mlirAttributeIsAInteger(attr);
}

int64_t mlirCkptFuncGetNumCheckpoints(MlirOperation func) {
  MlirAttribute count =
      mlirOperationGetDiscardableAttributeByName(func, str(MLIR_CKPT_NUM_CHECKPOINTS_ATTR));
  return is_int(count) ? mlirIntegerAttrGetValueInt(count) : -1;
}

static MlirAttribute label_table(MlirOperation func) {
  MlirAttribute table =
      mlirOperationGetDiscardableAttributeByName(func, str(MLIR_CKPT_LABELS_ATTR));
  return !mlirAttributeIsNull(table) && mlirAttributeIsAArray(table) ? table
                                                                     : (MlirAttribute){NULL};
}

intptr_t mlirCkptFuncGetNumLabels(MlirOperation func) {
  MlirAttribute table = label_table(func);
  return mlirAttributeIsNull(table) ? 0 : mlirArrayAttrGetNumElements(table);
}

bool mlirCkptFuncGetLabelEntry(MlirOperation func, intptr_t index, int64_t *cpId, int64_t *label,
                               MlirStringRef *name) {
  MlirAttribute table = label_table(func);
  if (mlirAttributeIsNull(table) || index < 0 || index >= mlirArrayAttrGetNumElements(table))
    return false;
  MlirAttribute entry = mlirArrayAttrGetElement(table, index);
  if (mlirAttributeIsNull(entry) || !mlirAttributeIsADictionary(entry))
    return false;
  MlirAttribute id = mlirDictionaryAttrGetElementByName(entry, str("cp_id"));
  MlirAttribute value = mlirDictionaryAttrGetElementByName(entry, str("label"));
  MlirAttribute text = mlirDictionaryAttrGetElementByName(entry, str("name"));
  if (!is_int(id) || !is_int(value))
    return false;
  *cpId = mlirIntegerAttrGetValueInt(id);
  *label = mlirIntegerAttrGetValueInt(value);
  *name = !mlirAttributeIsNull(text) && mlirAttributeIsAString(text) ? mlirStringAttrGetValue(text)
                                                                     : (MlirStringRef){NULL, 0};
  return true;
}

/*--- ckpt.checkpoint -------------------------------------------------------*/

bool mlirCkptOpIsCheckpoint(MlirOperation op) { return op_is(op, "ckpt.checkpoint"); }

MlirOperation mlirCkptCheckpointOpCreateImplicit(MlirLocation loc) {
  MlirOperationState state = mlirOperationStateGet(str("ckpt.checkpoint"), loc);
  add_body_region(&state);
  return create(&state);
}

MlirOperation mlirCkptCheckpointOpCreate(MlirLocation loc, int64_t label, MlirStringRef name,
                                         MlirValue yieldOn) {
  MlirContext ctx = mlirLocationGetContext(loc);
  MlirOperationState state = mlirOperationStateGet(str("ckpt.checkpoint"), loc);
  MlirNamedAttribute attrs[2];
  intptr_t n = 0;
  attrs[n++] = named(ctx, "label", mlirIntegerAttrGet(mlirIntegerTypeGet(ctx, 64), label));
  if (name.length > 0)
    attrs[n++] = named(ctx, "name", mlirStringAttrGet(ctx, name));
  mlirOperationStateAddAttributes(&state, n, attrs);
  mlirOperationStateAddOperands(&state, 1, &yieldOn);
  add_body_region(&state);
  return create(&state);
}

MlirBlock mlirCkptCheckpointOpGetBody(MlirOperation op) { return first_block(op); }

bool mlirCkptCheckpointOpIsImplicit(MlirOperation op) {
  return mlirAttributeIsNull(get_attr(op, "label"));
}

int64_t mlirCkptCheckpointOpGetLabel(MlirOperation op) {
  return mlirIntegerAttrGetValueInt(get_attr(op, "label"));
}

MlirStringRef mlirCkptCheckpointOpGetName(MlirOperation op) {
  MlirAttribute name = get_attr(op, "name");
  if (mlirAttributeIsNull(name))
    return mlirStringRefCreate(NULL, 0);
  return mlirStringAttrGetValue(name);
}

MlirValue mlirCkptCheckpointOpGetYieldOn(MlirOperation op) {
  if (mlirOperationGetNumOperands(op) == 0)
    return (MlirValue){NULL};
  return mlirOperationGetOperand(op, 0);
}

int64_t mlirCkptCheckpointOpGetCpId(MlirOperation op) {
  MlirAttribute id = get_attr(op, "cp_id");
  return mlirAttributeIsNull(id) ? -1 : mlirIntegerAttrGetValueInt(id);
}

void mlirCkptCheckpointOpSetCpId(MlirOperation op, int64_t cpId) {
  MlirContext ctx = mlirOperationGetContext(op);
  mlirOperationSetAttributeByName(op, str("cp_id"),
                                  mlirIntegerAttrGet(mlirIntegerTypeGet(ctx, 64), cpId));
}

/*--- ckpt.do_while ---------------------------------------------------------*/

bool mlirCkptOpIsDoWhile(MlirOperation op) { return op_is(op, "ckpt.do_while"); }

MlirOperation mlirCkptDoWhileOpCreate(MlirLocation loc, MlirValue cond) {
  MlirOperationState state = mlirOperationStateGet(str("ckpt.do_while"), loc);
  mlirOperationStateAddOperands(&state, 1, &cond);
  add_body_region(&state);
  return create(&state);
}

MlirBlock mlirCkptDoWhileOpGetBody(MlirOperation op) { return first_block(op); }

MlirValue mlirCkptDoWhileOpGetCond(MlirOperation op) { return mlirOperationGetOperand(op, 0); }

/*--- host side -------------------------------------------------------------*/

bool mlirCkptOpIsLaunch(MlirOperation op) { return op_is(op, "ckpt.launch"); }

MlirOperation mlirCkptLaunchOpCreate(MlirLocation loc, MlirStringRef kernel, intptr_t nArgs,
                                     MlirValue const *args, MlirValue resumeLabel) {
  MlirContext ctx = mlirLocationGetContext(loc);
  MlirOperationState state = mlirOperationStateGet(str("ckpt.launch"), loc);
  bool resume = !mlirValueIsNull(resumeLabel);
  int32_t segments[2] = {(int32_t)nArgs, resume ? 1 : 0};
  MlirNamedAttribute attrs[2] = {
      named(ctx, "kernel", mlirFlatSymbolRefAttrGet(ctx, kernel)),
      named(ctx, "operandSegmentSizes", mlirDenseI32ArrayGet(ctx, 2, segments)),
  };
  mlirOperationStateAddAttributes(&state, 2, attrs);
  mlirOperationStateAddOperands(&state, nArgs, args);
  if (resume)
    mlirOperationStateAddOperands(&state, 1, &resumeLabel);
  MlirType status = mlirCkptStatusTypeGet(ctx);
  mlirOperationStateAddResults(&state, 1, &status);
  return create(&state);
}

MlirStringRef mlirCkptLaunchOpGetKernel(MlirOperation op) {
  return mlirFlatSymbolRefAttrGetValue(get_attr(op, "kernel"));
}

static int32_t launch_segment(MlirOperation op, intptr_t index) {
  return mlirDenseI32ArrayGetElement(get_attr(op, "operandSegmentSizes"), index);
}

intptr_t mlirCkptLaunchOpGetNumArgs(MlirOperation op) { return launch_segment(op, 0); }

MlirValue mlirCkptLaunchOpGetArg(MlirOperation op, intptr_t pos) {
  return mlirOperationGetOperand(op, pos);
}

MlirValue mlirCkptLaunchOpGetResumeLabel(MlirOperation op) {
  if (launch_segment(op, 1) == 0)
    return (MlirValue){NULL};
  return mlirOperationGetOperand(op, launch_segment(op, 0));
}

static MlirOperation status_read(const char *name, MlirLocation loc, MlirValue status,
                                 MlirType result) {
  MlirOperationState state = mlirOperationStateGet(str(name), loc);
  mlirOperationStateAddOperands(&state, 1, &status);
  if (!mlirTypeIsNull(result))
    mlirOperationStateAddResults(&state, 1, &result);
  return create(&state);
}

MlirOperation mlirCkptStatusOkOpCreate(MlirLocation loc, MlirValue status) {
  return status_read("ckpt.status_ok", loc, status,
                     mlirIntegerTypeGet(mlirLocationGetContext(loc), 1));
}

MlirOperation mlirCkptStatusYieldedOpCreate(MlirLocation loc, MlirValue status) {
  return status_read("ckpt.status_yielded", loc, status,
                     mlirIntegerTypeGet(mlirLocationGetContext(loc), 1));
}

MlirOperation mlirCkptStatusLabelOpCreate(MlirLocation loc, MlirValue status) {
  return status_read("ckpt.status_label", loc, status,
                     mlirIntegerTypeGet(mlirLocationGetContext(loc), 64));
}

MlirOperation mlirCkptStatusPrintOpCreate(MlirLocation loc, MlirValue status) {
  return status_read("ckpt.status_print", loc, status, (MlirType){NULL});
}

/*--- classification --------------------------------------------------------*/

bool mlirCkptOpIsTask(MlirOperation op) {
  static const char *const kTaskOps[] = {
      "scf.for",       "scf.parallel",    "scf.forall", "affine.for",
      "affine.parallel", "gpu.launch_func", "gpu.launch", "func.call",
      "memref.copy",
  };
  for (size_t i = 0; i < sizeof(kTaskOps) / sizeof(kTaskOps[0]); ++i)
    if (op_is(op, kTaskOps[i]))
      return true;
  /* On tensors too: such an op is then reported (bufferize first) rather than taken for a
   * pure op that would fail much later, far from the user's code. */
  return mlirCkptOpIsLinalg(op);
}

bool mlirCkptOpIsLinalg(MlirOperation op) {
  MlirStringRef name = mlirIdentifierStr(mlirOperationGetName(op));
  static const char kPrefix[] = "linalg.";
  if (name.length < sizeof kPrefix - 1 || strncmp(name.data, kPrefix, sizeof kPrefix - 1) != 0)
    return false;
  /* The terminator and the index query of a linalg body are not ops of their own. */
  return !op_is(op, "linalg.yield") && !op_is(op, "linalg.index");
}

static bool is_tensor(MlirType type) {
  return mlirTypeIsARankedTensor(type) || mlirTypeIsAUnrankedTensor(type);
}

bool mlirCkptOpUsesTensors(MlirOperation op) {
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(op); ++i)
    if (is_tensor(mlirValueGetType(mlirOperationGetOperand(op, i))))
      return true;
  for (intptr_t i = 0; i < mlirOperationGetNumResults(op); ++i)
    if (is_tensor(mlirValueGetType(mlirOperationGetResult(op, i))))
      return true;
  return false;
}
