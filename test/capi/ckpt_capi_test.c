/* Builds a graph kernel with checkpoints through the ckpt dialect's C API (upstream ops
 * through the generic mlirOperationCreate), runs --ckpt-auto-wrap and --ckpt-number
 * through the MLIR C API, and checks the result both by its accessors (here) and by
 * its printed form (FileCheck below).
 *
 * RUN: %ckpt_capi_test 2>&1 | FileCheck %s
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ckpt-c/Dialect.h"
#include "ckpt-c/Passes.h"
#include "ckpt/passes.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Diagnostics.h"
#include "mlir-c/Dialect/Arith.h"
#include "mlir-c/Dialect/Func.h"
#include "mlir-c/Dialect/MemRef.h"
#include "mlir-c/Dialect/SCF.h"
#include "mlir-c/IR.h"
#include "mlir-c/Pass.h"
#include "mlir-c/RegisterEverything.h"

/* assert() vanishes under NDEBUG (RelWithDebInfo); this does not. */
#define EXPECT(cond)                                                                     \
  do {                                                                                   \
    if (!(cond)) {                                                                       \
      fprintf(stderr, "%s:%d: expectation failed: %s\n", __FILE__, __LINE__, #cond);     \
      exit(1);                                                                           \
    }                                                                                    \
  } while (0)

static MlirStringRef str(const char *s) { return mlirStringRefCreateFromCString(s); }

static bool str_eq(MlirStringRef ref, const char *s) {
  return ref.data && ref.length == strlen(s) && memcmp(ref.data, s, ref.length) == 0;
}

static void print_to_stdout(MlirStringRef text, void *user_data) {
  (void)user_data;
  fwrite(text.data, 1, text.length, stdout);
}

static MlirType parse_type(MlirContext ctx, const char *text) {
  MlirType type = mlirTypeParseGet(ctx, str(text));
  EXPECT(!mlirTypeIsNull(type));
  return type;
}

static MlirNamedAttribute named(MlirContext ctx, const char *name, MlirAttribute attr) {
  return mlirNamedAttributeGet(mlirIdentifierGet(ctx, str(name)), attr);
}

/* Creates an upstream op generically and appends it to block. */
static MlirOperation append(MlirBlock block, MlirLocation loc, const char *name,
                            intptr_t n_operands, const MlirValue *operands, intptr_t n_results,
                            const MlirType *results, intptr_t n_attrs,
                            const MlirNamedAttribute *attrs, intptr_t n_regions,
                            MlirRegion *regions) {
  MlirOperationState state = mlirOperationStateGet(str(name), loc);
  mlirOperationStateAddOperands(&state, n_operands, operands);
  mlirOperationStateAddResults(&state, n_results, results);
  mlirOperationStateAddAttributes(&state, n_attrs, attrs);
  mlirOperationStateAddOwnedRegions(&state, n_regions, regions);
  MlirOperation op = mlirOperationCreate(&state);
  EXPECT(!mlirOperationIsNull(op));
  mlirBlockAppendOwnedOperation(block, op);
  return op;
}

static MlirValue constant_index(MlirBlock block, MlirLocation loc, int64_t value) {
  MlirContext ctx = mlirLocationGetContext(loc);
  MlirType index = mlirIndexTypeGet(ctx);
  MlirNamedAttribute attr = named(ctx, "value", mlirIntegerAttrGet(index, value));
  return mlirOperationGetResult(append(block, loc, "arith.constant", 0, NULL, 1, &index, 1,
                                       &attr, 0, NULL),
                                0);
}

/* scf.for %i = lb to ub step 1 { x[i] = x[i] + x[i] } appended to block: one task. */
static MlirOperation append_task(MlirBlock block, MlirLocation loc, MlirValue x, MlirValue lb,
                                 MlirValue ub, MlirValue step) {
  MlirContext ctx = mlirLocationGetContext(loc);
  MlirType index = mlirIndexTypeGet(ctx);
  MlirType f32 = mlirF32TypeGet(ctx);
  MlirBlock body = mlirBlockCreate(1, &index, &loc);
  MlirValue i = mlirBlockGetArgument(body, 0);
  MlirValue load_operands[2] = {x, i};
  MlirValue v = mlirOperationGetResult(
      append(body, loc, "memref.load", 2, load_operands, 1, &f32, 0, NULL, 0, NULL), 0);
  MlirValue add_operands[2] = {v, v};
  MlirValue sum = mlirOperationGetResult(
      append(body, loc, "arith.addf", 2, add_operands, 1, &f32, 0, NULL, 0, NULL), 0);
  MlirValue store_operands[3] = {sum, x, i};
  append(body, loc, "memref.store", 3, store_operands, 0, NULL, 0, NULL, 0, NULL);
  append(body, loc, "scf.yield", 0, NULL, 0, NULL, 0, NULL, 0, NULL);
  MlirRegion region = mlirRegionCreate();
  mlirRegionAppendOwnedBlock(region, body);
  MlirValue bounds[3] = {lb, ub, step};
  return append(block, loc, "scf.for", 3, bounds, 0, NULL, 0, NULL, 1, &region);
}

/* func.func @name(types) with an entry block (or a private declaration when
 * with_body is false); returns the op, appended to the module body. */
static MlirOperation append_func(MlirModule module, MlirLocation loc, const char *name,
                                 intptr_t n_params, const MlirType *params, bool with_body) {
  MlirContext ctx = mlirLocationGetContext(loc);
  MlirRegion region = mlirRegionCreate();
  MlirNamedAttribute attrs[3];
  intptr_t n_attrs = 0;
  attrs[n_attrs++] = named(ctx, "sym_name", mlirStringAttrGet(ctx, str(name)));
  attrs[n_attrs++] = named(
      ctx, "function_type", mlirTypeAttrGet(mlirFunctionTypeGet(ctx, n_params, params, 0, NULL)));
  if (with_body) {
    MlirLocation locs[8];
    EXPECT(n_params <= 8);
    for (intptr_t i = 0; i < n_params; ++i)
      locs[i] = loc;
    mlirRegionAppendOwnedBlock(region, mlirBlockCreate(n_params, params, locs));
  } else {
    attrs[n_attrs++] = named(ctx, "sym_visibility", mlirStringAttrGet(ctx, str("private")));
  }
  return append(mlirModuleGetBody(module), loc, "func.func", 0, NULL, 0, NULL, n_attrs, attrs,
                1, &region);
}

static MlirBlock func_entry(MlirOperation func) {
  return mlirRegionGetFirstBlock(mlirOperationGetRegion(func, 0));
}

/* The graph kernel:
 *   @step(%x: memref<?xf32>, %overflow: memref<i32>, %newton: memref<i32>)
 *     task A; bare store; do_while %newton { task B; call @helper; checkpoint 7 "SIM"
 *     { task C }; task D }; task E; checkpoint 3 (no name) { task F }
 * Expected cp_ids in source order: A 0, B 1, call 2, "SIM" 3, D 4, E 5, label 3 -> 6. */
typedef struct kernel_t {
  MlirOperation func;
  MlirOperation bare_store;
  MlirOperation sim;
  MlirOperation unnamed;
} kernel_t;

static kernel_t build_kernel(MlirModule module, MlirLocation loc) {
  MlirContext ctx = mlirLocationGetContext(loc);
  MlirType params[3] = {parse_type(ctx, "memref<?xf32>"), parse_type(ctx, "memref<i32>"),
                        parse_type(ctx, "memref<i32>")};
  kernel_t kernel = {0};
  append_func(module, loc, "helper", 0, NULL, false);
  kernel.func = append_func(module, loc, "step", 3, params, true);
  MlirBlock entry = func_entry(kernel.func);
  MlirValue x = mlirBlockGetArgument(entry, 0);
  MlirValue overflow = mlirBlockGetArgument(entry, 1);
  MlirValue newton = mlirBlockGetArgument(entry, 2);

  MlirValue c0 = constant_index(entry, loc, 0);
  MlirValue c1 = constant_index(entry, loc, 1);
  MlirType index = mlirIndexTypeGet(ctx);
  MlirValue dim_operands[2] = {x, c0};
  MlirValue n = mlirOperationGetResult(
      append(entry, loc, "memref.dim", 2, dim_operands, 1, &index, 0, NULL, 0, NULL), 0);

  append_task(entry, loc, x, c0, n, c1); /* A */
  MlirType f32 = mlirF32TypeGet(ctx);
  MlirNamedAttribute zero = named(ctx, "value", mlirFloatAttrDoubleGet(ctx, f32, 0.0));
  MlirValue fzero = mlirOperationGetResult(
      append(entry, loc, "arith.constant", 0, NULL, 1, &f32, 1, &zero, 0, NULL), 0);
  MlirValue store_operands[3] = {fzero, x, c0};
  kernel.bare_store =
      append(entry, loc, "memref.store", 3, store_operands, 0, NULL, 0, NULL, 0, NULL);

  MlirOperation loop = mlirCkptDoWhileOpCreate(loc, newton);
  EXPECT(mlirCkptOpIsDoWhile(loop));
  EXPECT(mlirValueEqual(mlirCkptDoWhileOpGetCond(loop), newton));
  mlirBlockAppendOwnedOperation(entry, loop);
  MlirBlock loop_body = mlirCkptDoWhileOpGetBody(loop);
  append_task(loop_body, loc, x, c0, n, c1); /* B */
  MlirNamedAttribute callee = named(ctx, "callee", mlirFlatSymbolRefAttrGet(ctx, str("helper")));
  append(loop_body, loc, "func.call", 0, NULL, 0, NULL, 1, &callee, 0, NULL);
  kernel.sim = mlirCkptCheckpointOpCreate(loc, 7, str("SIM"), overflow);
  mlirBlockAppendOwnedOperation(loop_body, kernel.sim);
  append_task(mlirCkptCheckpointOpGetBody(kernel.sim), loc, x, c0, n, c1); /* C */
  append_task(loop_body, loc, x, c0, n, c1);                             /* D */

  append_task(entry, loc, x, c0, n, c1); /* E */
  kernel.unnamed = mlirCkptCheckpointOpCreate(loc, 3, str(""), overflow);
  mlirBlockAppendOwnedOperation(entry, kernel.unnamed);
  append_task(mlirCkptCheckpointOpGetBody(kernel.unnamed), loc, x, c0, n, c1); /* F */
  append(entry, loc, "func.return", 0, NULL, 0, NULL, 0, NULL, 0, NULL);

  mlirCkptFuncMarkGraph(kernel.func, true);
  return kernel;
}

/* @host launches @step, then resumes it from the label the first launch reports. */
static void build_host(MlirModule module, MlirLocation loc) {
  MlirContext ctx = mlirLocationGetContext(loc);
  MlirType params[3] = {parse_type(ctx, "memref<?xf32>"), parse_type(ctx, "memref<i32>"),
                        parse_type(ctx, "memref<i32>")};
  MlirOperation host = append_func(module, loc, "host", 3, params, true);
  MlirBlock entry = func_entry(host);
  MlirValue args[3] = {mlirBlockGetArgument(entry, 0), mlirBlockGetArgument(entry, 1),
                       mlirBlockGetArgument(entry, 2)};

  MlirOperation first = mlirCkptLaunchOpCreate(loc, str("step"), 3, args, (MlirValue){NULL});
  mlirBlockAppendOwnedOperation(entry, first);
  MlirValue status = mlirOperationGetResult(first, 0);
  EXPECT(mlirCkptOpIsLaunch(first));
  EXPECT(mlirTypeIsACkptStatus(mlirValueGetType(status)));
  EXPECT(mlirTypeEqual(mlirValueGetType(status), mlirCkptStatusTypeGet(ctx)));
  EXPECT(str_eq(mlirCkptLaunchOpGetKernel(first), "step"));
  EXPECT(mlirCkptLaunchOpGetNumArgs(first) == 3);
  for (intptr_t i = 0; i < 3; ++i)
    EXPECT(mlirValueEqual(mlirCkptLaunchOpGetArg(first, i), args[i]));
  EXPECT(mlirValueIsNull(mlirCkptLaunchOpGetResumeLabel(first)));

  MlirOperation label_op = mlirCkptStatusLabelOpCreate(loc, status);
  mlirBlockAppendOwnedOperation(entry, label_op);
  MlirValue label = mlirOperationGetResult(label_op, 0);
  EXPECT(mlirTypeEqual(mlirValueGetType(label), mlirIntegerTypeGet(ctx, 64)));

  MlirOperation resumed = mlirCkptLaunchOpCreate(loc, str("step"), 3, args, label);
  mlirBlockAppendOwnedOperation(entry, resumed);
  EXPECT(mlirCkptLaunchOpGetNumArgs(resumed) == 3);
  EXPECT(mlirValueEqual(mlirCkptLaunchOpGetArg(resumed, 2), args[2]));
  EXPECT(mlirValueEqual(mlirCkptLaunchOpGetResumeLabel(resumed), label));
  EXPECT(!mlirCkptOpIsLaunch(label_op));

  MlirValue resumed_status = mlirOperationGetResult(resumed, 0);
  MlirOperation ok = mlirCkptStatusOkOpCreate(loc, resumed_status);
  MlirOperation yielded = mlirCkptStatusYieldedOpCreate(loc, resumed_status);
  mlirBlockAppendOwnedOperation(entry, ok);
  mlirBlockAppendOwnedOperation(entry, yielded);
  EXPECT(mlirTypeEqual(mlirValueGetType(mlirOperationGetResult(ok, 0)),
                       mlirIntegerTypeGet(ctx, 1)));
  EXPECT(mlirTypeEqual(mlirValueGetType(mlirOperationGetResult(yielded, 0)),
                       mlirIntegerTypeGet(ctx, 1)));
  MlirOperation print = mlirCkptStatusPrintOpCreate(loc, resumed_status);
  EXPECT(mlirOperationGetNumResults(print) == 0);
  mlirBlockAppendOwnedOperation(entry, print);
  append(entry, loc, "func.return", 0, NULL, 0, NULL, 0, NULL, 0, NULL);
}

typedef struct checkpoints_t {
  MlirOperation items[16];
  int count;
} checkpoints_t;

static MlirWalkResult collect_checkpoint(MlirOperation op, void *user_data) {
  checkpoints_t *found = user_data;
  if (mlirCkptOpIsCheckpoint(op)) {
    EXPECT(found->count < 16);
    found->items[found->count++] = op;
  }
  return MlirWalkResultAdvance;
}

static checkpoints_t collect_checkpoints(MlirOperation func) {
  checkpoints_t found = {.count = 0};
  mlirOperationWalk(func, collect_checkpoint, &found, MlirWalkPreOrder);
  return found;
}

static void print_module(MlirModule module) {
  mlirOperationPrint(mlirModuleGetOperation(module), print_to_stdout, NULL);
  printf("\n");
  fflush(stdout);
}

/* The label table entry `index` of a numbered kernel: {cp_id, label, name?}, as the
 * attribute holds it and as the C API's readers give it. */
static void expect_label_entry(MlirOperation func, intptr_t index, int64_t cp_id, int64_t label,
                               const char *name) {
  int64_t read_cp_id = -2, read_label = -2;
  MlirStringRef read_name = {NULL, 0};
  EXPECT(mlirCkptFuncGetLabelEntry(func, index, &read_cp_id, &read_label, &read_name));
  EXPECT(read_cp_id == cp_id && read_label == label);
  EXPECT(name ? str_eq(read_name, name) : read_name.data == NULL);
  MlirAttribute table = mlirOperationGetDiscardableAttributeByName(func, str(MLIR_CKPT_LABELS_ATTR));
  EXPECT(mlirAttributeIsAArray(table));
  MlirAttribute entry = mlirArrayAttrGetElement(table, index);
  EXPECT(mlirAttributeIsADictionary(entry));
  EXPECT(mlirIntegerAttrGetValueInt(mlirDictionaryAttrGetElementByName(entry, str("cp_id"))) ==
         cp_id);
  EXPECT(mlirIntegerAttrGetValueInt(mlirDictionaryAttrGetElementByName(entry, str("label"))) ==
         label);
  MlirAttribute name_attr = mlirDictionaryAttrGetElementByName(entry, str("name"));
  if (name)
    EXPECT(str_eq(mlirStringAttrGetValue(name_attr), name));
  else
    EXPECT(mlirAttributeIsNull(name_attr));
}

static void test_build_and_number(MlirContext ctx) {
  MlirLocation loc = mlirLocationUnknownGet(ctx);
  MlirModule module = mlirModuleCreateEmpty(loc);
  kernel_t kernel = build_kernel(module, loc);
  build_host(module, loc);
  EXPECT(mlirOperationVerify(mlirModuleGetOperation(module)));

  EXPECT(mlirCkptFuncIsGraph(kernel.func));
  EXPECT(mlirCkptFuncHasCheckpoints(kernel.func));
  EXPECT(!mlirCkptCheckpointOpIsImplicit(kernel.sim));
  EXPECT(mlirCkptCheckpointOpGetLabel(kernel.sim) == 7);
  EXPECT(str_eq(mlirCkptCheckpointOpGetName(kernel.sim), "SIM"));
  EXPECT(mlirCkptCheckpointOpGetName(kernel.unnamed).data == NULL);
  EXPECT(mlirValueEqual(mlirCkptCheckpointOpGetYieldOn(kernel.sim),
                        mlirBlockGetArgument(func_entry(kernel.func), 1)));
  EXPECT(mlirCkptCheckpointOpGetCpId(kernel.sim) == -1);
  EXPECT(collect_checkpoints(kernel.func).count == 2);

  printf("// -----  before\n");
  print_module(module);

  MlirPassManager pm = mlirPassManagerCreate(ctx);
  mlirPassManagerAddOwnedPass(pm, mlirCreateCkptAutoWrap());
  mlirPassManagerAddOwnedPass(pm, mlirCreateCkptNumber());
  EXPECT(mlirLogicalResultIsSuccess(mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(module))));
  mlirPassManagerDestroy(pm);

  /* Five tasks got implicit checkpoints; with the two explicit ones, seven in source
   * order: A, B, call, "SIM", D, E, label 3. */
  checkpoints_t cps = collect_checkpoints(kernel.func);
  EXPECT(cps.count == 7);
  static const bool kImplicit[7] = {true, true, true, false, true, true, false};
  for (int i = 0; i < cps.count; ++i) {
    EXPECT(mlirCkptCheckpointOpGetCpId(cps.items[i]) == i);
    EXPECT(mlirCkptCheckpointOpIsImplicit(cps.items[i]) == kImplicit[i]);
    if (kImplicit[i])
      EXPECT(mlirValueIsNull(mlirCkptCheckpointOpGetYieldOn(cps.items[i])));
  }
  EXPECT(mlirOperationEqual(cps.items[3], kernel.sim));
  EXPECT(mlirOperationEqual(cps.items[6], kernel.unnamed));
  /* The bare statement stays at the top level, outside any checkpoint. */
  EXPECT(mlirOperationEqual(mlirOperationGetParentOperation(kernel.bare_store), kernel.func));

  MlirAttribute count = mlirOperationGetDiscardableAttributeByName(
      kernel.func, str(MLIR_CKPT_NUM_CHECKPOINTS_ATTR));
  EXPECT(mlirIntegerAttrGetValueInt(count) == 7);
  EXPECT(mlirCkptFuncGetNumCheckpoints(kernel.func) == 7);
  EXPECT(mlirArrayAttrGetNumElements(mlirOperationGetDiscardableAttributeByName(
             kernel.func, str(MLIR_CKPT_LABELS_ATTR))) == 2);
  EXPECT(mlirCkptFuncGetNumLabels(kernel.func) == 2);
  int64_t unused_id, unused_label;
  MlirStringRef unused_name;
  EXPECT(!mlirCkptFuncGetLabelEntry(kernel.func, 2, &unused_id, &unused_label, &unused_name));
  expect_label_entry(kernel.func, 0, 3, 7, "SIM");
  expect_label_entry(kernel.func, 1, 6, 3, NULL);

  printf("// -----  numbered\n");
  print_module(module);

  /* The same passes by name, after registering them: running them again on the
   * numbered module changes nothing. */
  mlirCkptRegisterPassesAndPipelines();
  MlirPassManager again = mlirPassManagerCreate(ctx);
  EXPECT(mlirLogicalResultIsSuccess(
      mlirParsePassPipeline(mlirPassManagerGetAsOpPassManager(again),
                            str("builtin.module(ckpt-auto-wrap,ckpt-number)"), print_to_stdout,
                            NULL)));
  EXPECT(mlirLogicalResultIsSuccess(mlirPassManagerRunOnOp(again, mlirModuleGetOperation(module))));
  mlirPassManagerDestroy(again);
  cps = collect_checkpoints(kernel.func);
  EXPECT(cps.count == 7);
  for (int i = 0; i < cps.count; ++i)
    EXPECT(mlirCkptCheckpointOpGetCpId(cps.items[i]) == i);
  EXPECT(mlirIntegerAttrGetValueInt(mlirOperationGetDiscardableAttributeByName(
             kernel.func, str(MLIR_CKPT_NUM_CHECKPOINTS_ATTR))) == 7);

  mlirModuleDestroy(module);
}

typedef struct diagnostics_t {
  char text[2048];
  size_t size;
  int count;
} diagnostics_t;

static void append_diagnostic_text(MlirStringRef text, void *user_data) {
  diagnostics_t *diags = user_data;
  size_t room = sizeof diags->text - 1 - diags->size;
  size_t n = text.length < room ? text.length : room;
  memcpy(diags->text + diags->size, text.data, n);
  diags->size += n;
  diags->text[diags->size] = '\0';
}

static MlirLogicalResult record_diagnostic(MlirDiagnostic diagnostic, void *user_data) {
  diagnostics_t *diags = user_data;
  ++diags->count;
  mlirLocationPrint(mlirDiagnosticGetLocation(diagnostic), append_diagnostic_text, diags);
  append_diagnostic_text(str(": "), diags);
  mlirDiagnosticPrint(diagnostic, append_diagnostic_text, diags);
  append_diagnostic_text(str("\n"), diags);
  return mlirLogicalResultSuccess();
}

/* A bare statement inside an explicit checkpoint: --ckpt-number fails with the rule 4
 * message, at the statement. */
static void test_rule_violation(MlirContext ctx) {
  MlirLocation loc = mlirLocationFileLineColGet(ctx, str("capi.mlir"), 12, 3);
  MlirModule module = mlirModuleCreateEmpty(loc);
  MlirType flag_type = parse_type(ctx, "memref<i32>");
  MlirOperation func = append_func(module, loc, "bad", 1, &flag_type, true);
  mlirCkptFuncMarkGraph(func, true);
  MlirBlock entry = func_entry(func);
  MlirValue flag = mlirBlockGetArgument(entry, 0);
  MlirOperation checkpoint = mlirCkptCheckpointOpCreate(loc, 0, str("BAD"), flag);
  mlirBlockAppendOwnedOperation(entry, checkpoint);
  MlirType i32 = mlirIntegerTypeGet(ctx, 32);
  MlirNamedAttribute one = named(ctx, "value", mlirIntegerAttrGet(i32, 1));
  MlirBlock body = mlirCkptCheckpointOpGetBody(checkpoint);
  MlirValue value = mlirOperationGetResult(
      append(body, loc, "arith.constant", 0, NULL, 1, &i32, 1, &one, 0, NULL), 0);
  MlirValue store_operands[2] = {value, flag};
  append(body, loc, "memref.store", 2, store_operands, 0, NULL, 0, NULL, 0, NULL);
  append(entry, loc, "func.return", 0, NULL, 0, NULL, 0, NULL, 0, NULL);
  EXPECT(mlirOperationVerify(mlirModuleGetOperation(module)));
  EXPECT(mlirCkptFuncGetNumCheckpoints(func) == -1 && mlirCkptFuncGetNumLabels(func) == 0);

  diagnostics_t diags = {.size = 0, .count = 0};
  MlirDiagnosticHandlerID handler =
      mlirContextAttachDiagnosticHandler(ctx, record_diagnostic, &diags, NULL);
  MlirPassManager pm = mlirPassManagerCreate(ctx);
  mlirPassManagerAddOwnedPass(pm, mlirCreateCkptNumber());
  EXPECT(mlirLogicalResultIsFailure(mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(module))));
  mlirPassManagerDestroy(pm);
  mlirContextDetachDiagnosticHandler(ctx, handler);
  EXPECT(diags.count == 1);
  EXPECT(strstr(diags.text, "'memref.store' is a bare statement") != NULL);
  printf("// -----  diagnostics\n%s", diags.text);
  fflush(stdout);
  mlirModuleDestroy(module);
}

/* Pipelines that cannot be built fail where they are parsed, with the reason through the
 * callback: before the upstream passes the pipeline is made of are registered, and for an
 * option value that cannot be passed on. A NULL callback is allowed. */
static void test_pipeline_errors(MlirContext ctx) {
  mlirCkptRegisterPassesAndPipelines();
  MlirPassManager pm = mlirPassManagerCreate(ctx);
  diagnostics_t text = {.size = 0, .count = 0};
  EXPECT(mlirLogicalResultIsFailure(mlirParsePassPipeline(
      mlirPassManagerGetAsOpPassManager(pm), str("builtin.module(ckpt-lower-to-llvm{target=cpu})"),
      append_diagnostic_text, &text)));
  EXPECT(strstr(text.text, "does not refer to a registered pass") != NULL);
  mlirPassManagerDestroy(pm);

  mlirRegisterAllPasses();
  pm = mlirPassManagerCreate(ctx);
  text = (diagnostics_t){.size = 0, .count = 0};
  EXPECT(mlirLogicalResultIsFailure(mlirParsePassPipeline(
      mlirPassManagerGetAsOpPassManager(pm),
      str("builtin.module(ckpt-lower-to-llvm{target=\"cpu x=1\"})"), append_diagnostic_text,
      &text)));
  EXPECT(strstr(text.text, "option target='cpu x=1' holds a character") != NULL);
  EXPECT(mlirLogicalResultIsFailure(
      ckptBuildLowerToLLVMPipeline(mlirPassManagerGetAsOpPassManager(pm), str("cpu"),
                                   str("auto x"), str(""), str(""), NULL, NULL)));
  EXPECT(mlirLogicalResultIsSuccess(mlirParsePassPipeline(
      mlirPassManagerGetAsOpPassManager(pm), str("builtin.module(ckpt-lower-to-llvm{target=cpu})"),
      append_diagnostic_text, &text)));
  mlirPassManagerDestroy(pm);
  printf("// -----  pipeline errors\n");
}

/* ckpt-lower-to-llvm in a context that loaded only its input's dialects (no
 * mlirRegisterAllDialects, no LLVM translations): the pipeline registers what upstream's
 * conversions and gpu-module-to-binary need. That crashed for vulkan and cuda, and cuda
 * and hip failed without the translations. Needs the upstream passes registered
 * (test_pipeline_errors). */
static void test_minimal_context(void) {
  static const char kModule[] =
      "func.func @k(%x: memref<4xf32>) attributes {ckpt.graph} {\n"
      "  %c0 = arith.constant 0 : index\n"
      "  %c1 = arith.constant 1 : index\n"
      "  %c4 = arith.constant 4 : index\n"
      "  %one = arith.constant 1.0 : f32\n"
      "  scf.parallel (%i) = (%c0) to (%c4) step (%c1) {\n"
      "    memref.store %one, %x[%i] : memref<4xf32>\n"
      "    scf.reduce\n"
      "  }\n"
      "  return\n"
      "}\n";
  static const char *const kTargets[] = {"cpu", "vulkan", "cuda"};
  for (size_t t = 0; t < sizeof kTargets / sizeof kTargets[0]; ++t) {
    MlirContext ctx = mlirContextCreate();
    MlirDialectHandle dialects[] = {mlirGetDialectHandle__func__(), mlirGetDialectHandle__scf__(),
                                    mlirGetDialectHandle__arith__(),
                                    mlirGetDialectHandle__memref__(), mlirGetDialectHandle__ckpt__()};
    for (size_t i = 0; i < sizeof dialects / sizeof dialects[0]; ++i)
      mlirDialectHandleLoadDialect(dialects[i], ctx);
    MlirModule module = mlirModuleCreateParse(ctx, str(kModule));
    EXPECT(!mlirModuleIsNull(module));
    char pipeline[96];
    snprintf(pipeline, sizeof pipeline, "builtin.module(ckpt-lower-to-llvm{target=%s})",
             kTargets[t]);
    MlirPassManager pm = mlirPassManagerCreate(ctx);
    EXPECT(mlirLogicalResultIsSuccess(mlirParsePassPipeline(
        mlirPassManagerGetAsOpPassManager(pm), str(pipeline), print_to_stdout, NULL)));
    EXPECT(mlirLogicalResultIsSuccess(mlirPassManagerRunOnOp(pm, mlirModuleGetOperation(module))));
    printf("// -----  minimal context, %s: lowered\n", kTargets[t]);
    mlirPassManagerDestroy(pm);
    mlirModuleDestroy(module);
    mlirContextDestroy(ctx);
  }
}

/* In a context where the dialect is only registered, the builders load it: the status
 * type was null, and a launch built with it crashed when printed. */
static void test_registered_only(void) {
  MlirDialectRegistry registry = mlirDialectRegistryCreate();
  mlirDialectHandleInsertDialect(mlirGetDialectHandle__ckpt__(), registry);
  MlirContext ctx = mlirContextCreateWithRegistry(registry, false);
  mlirDialectRegistryDestroy(registry);
  EXPECT(!mlirTypeIsNull(mlirCkptStatusTypeGet(ctx)));
  MlirOperation op = mlirCkptCheckpointOpCreateImplicit(mlirLocationUnknownGet(ctx));
  EXPECT(mlirCkptOpIsCheckpoint(op));
  mlirOperationDestroy(op);
  mlirContextDestroy(ctx);
  printf("// -----  registered only\n");
}

int main(void) {
  MlirContext ctx = mlirContextCreate();
  MlirDialectHandle dialects[] = {
      mlirGetDialectHandle__func__(), mlirGetDialectHandle__scf__(),
      mlirGetDialectHandle__arith__(), mlirGetDialectHandle__memref__(),
      mlirGetDialectHandle__ckpt__(),
  };
  for (size_t i = 0; i < sizeof dialects / sizeof dialects[0]; ++i)
    mlirDialectHandleLoadDialect(dialects[i], ctx);
  mlirRegisterCkptPasses();

  test_build_and_number(ctx);
  test_rule_violation(ctx);
  test_pipeline_errors(ctx);
  test_minimal_context();
  test_registered_only();

  mlirContextDestroy(ctx);
  printf("// -----  done\n");
  return 0;
}

// CHECK-LABEL: // -----  before
// CHECK:       func.func @step(%arg0: memref<?xf32>, %arg1: memref<i32>, %arg2: memref<i32>)
// CHECK-SAME:      attributes {ckpt.checkpoints, ckpt.graph} {
// CHECK-NOT:     ckpt.checkpoint implicit
// CHECK:         ckpt.do_while %arg2 : memref<i32> {
// CHECK:           ckpt.checkpoint 7 "SIM" yield_on %arg1 : memref<i32> {
// CHECK:         ckpt.checkpoint 3 yield_on %arg1 : memref<i32> {
// CHECK:       func.func @host(
// CHECK-NEXT:    %[[S:.+]] = ckpt.launch @step(%arg0, %arg1, %arg2) : (memref<?xf32>, memref<i32>, memref<i32>) -> !ckpt.status
// CHECK-NEXT:    %[[L:.+]] = ckpt.status_label %[[S]] : i64
// CHECK-NEXT:    %[[R:.+]] = ckpt.launch @step(%arg0, %arg1, %arg2) resume_from %[[L]] : (memref<?xf32>, memref<i32>, memref<i32>) -> !ckpt.status
// CHECK-NEXT:    ckpt.status_ok %[[R]] : i1
// CHECK-NEXT:    ckpt.status_yielded %[[R]] : i1
// CHECK-NEXT:    ckpt.status_print %[[R]]
// CHECK-NEXT:    return

// CHECK-LABEL: // -----  numbered
// CHECK:       func.func @step(
// CHECK-SAME:      ckpt.labels = [{cp_id = 3 : i64, label = 7 : i64, name = "SIM"}, {cp_id = 6 : i64, label = 3 : i64}]
// CHECK-SAME:      ckpt.num_checkpoints = 7 : i64
// CHECK:         ckpt.checkpoint implicit attributes {cp_id = 0 : i64} {
// CHECK-NEXT:      scf.for
// CHECK:         memref.store %cst, %arg0[%c0] : memref<?xf32>
// CHECK-NEXT:    ckpt.do_while %arg2 : memref<i32> {
// CHECK-NEXT:      ckpt.checkpoint implicit attributes {cp_id = 1 : i64} {
// CHECK-NEXT:        scf.for
// CHECK:           ckpt.checkpoint implicit attributes {cp_id = 2 : i64} {
// CHECK-NEXT:        func.call @helper() : () -> ()
// CHECK-NEXT:      }
// CHECK-NEXT:      ckpt.checkpoint 7 "SIM" yield_on %arg1 : memref<i32> attributes {cp_id = 3 : i64} {
// CHECK-NEXT:        scf.for
// CHECK:           ckpt.checkpoint implicit attributes {cp_id = 4 : i64} {
// CHECK-NEXT:        scf.for
// CHECK:         ckpt.checkpoint implicit attributes {cp_id = 5 : i64} {
// CHECK-NEXT:      scf.for
// CHECK:         ckpt.checkpoint 3 yield_on %arg1 : memref<i32> attributes {cp_id = 6 : i64} {
// CHECK-NEXT:      scf.for
// CHECK:         return
// CHECK:       func.func @host(

// CHECK-LABEL: // -----  diagnostics
// CHECK-NEXT:  loc("capi.mlir":12:3): 'memref.store' is a bare statement: a checkpoint body holds only tasks and pure operations; wrap it in a one-iteration loop: `scf.for %i = %c0 to %c1 step %c1 { memref.store ... }`
// CHECK:       // -----  pipeline errors
// CHECK-NEXT:  // -----  minimal context, cpu: lowered
// CHECK-NEXT:  // -----  minimal context, vulkan: lowered
// CHECK-NEXT:  // -----  minimal context, cuda: lowered
// CHECK-NEXT:  // -----  registered only
// CHECK-NEXT:  // -----  done
