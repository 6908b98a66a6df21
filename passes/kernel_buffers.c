/* --ckpt-kernel-buffers: the buffers a graph kernel uses without receiving them become
 * parameters, so that every target sees them the same way.
 *
 * A memref.alloc or memref.alloca at a graph kernel's unit level (its body, a do-while or
 * a checkpoint body; bufferization emits one for every intermediate tensor) is scratch
 * that must outlive a yield: a task after a checkpoint reads what a task before it wrote,
 * and on resume that earlier task is skipped. Such an allocation becomes a private
 * module global of the same type (its deallocations go), so the buffer persists from a
 * launch to its resume. (An allocation used as a yield flag or a do-while condition stays,
 * for --ckpt-number to report: those must be the caller's memory.)
 *
 * Every memref.get_global in a graph kernel (those just made included, and any inside a
 * task) then becomes a trailing parameter of the kernel, and every ckpt.launch of the
 * kernel passes the global. The runtime thus handles a global like any memref argument:
 * the CPU uses it in place, device targets mirror it (a shader cannot name a host global;
 * a CUDA module's copy of a global would differ from the host's and from other modules').
 * The kernel's `ckpt.global_params` lists the globals, in the order of those parameters. */
#include <stdio.h>

#include "ckpt-c/Dialect.h"
#include "ckpt/passes.h"
#include "graph.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

typedef struct buffers_t {
  MlirOperation func;
  ckpt_vec_t scratch;     /* unit-level memref.alloc / memref.alloca */
  ckpt_vec_t get_globals; /* memref.get_global anywhere in the kernel */
  bool failed;
} buffers_t;

static bool is_alloc(MlirOperation op) {
  return ckpt_op_is(op, "memref.alloc") || ckpt_op_is(op, "memref.alloca");
}

/* A flag or do-while condition must be the caller's memory, which the host reads and
 * clears; one allocated in the kernel is left for --ckpt-number to report. */
static bool used_as_flag_or_condition(MlirOperation alloc) {
  for (MlirOpOperand use = mlirValueGetFirstUse(mlirOperationGetResult(alloc, 0));
       !mlirOpOperandIsNull(use); use = mlirOpOperandGetNextUse(use)) {
    MlirOperation user = mlirOpOperandGetOwner(use);
    if (mlirCkptOpIsCheckpoint(user) || mlirCkptOpIsDoWhile(user))
      return true;
  }
  return false;
}

static MlirWalkResult collect_buffers(MlirOperation op, void *user_data) {
  buffers_t *buffers = user_data;
  if (is_alloc(op) && ckpt_at_task_position(op) && !used_as_flag_or_condition(op))
    ckpt_vec_push(&buffers->scratch, op.ptr);
  else if (ckpt_op_is(op, "memref.get_global"))
    ckpt_vec_push(&buffers->get_globals, op.ptr);
  return MlirWalkResultAdvance;
}

/* Why `alloc` cannot become a global, or NULL if it can. */
static const char *scratch_refusal(MlirOperation alloc) {
  MlirType type = mlirValueGetType(mlirOperationGetResult(alloc, 0));
  if (mlirOperationGetNumOperands(alloc) > 0 || !mlirShapedTypeHasStaticShape(type))
    return "has a dynamic size; a buffer allocated in a graph kernel outlives a yield, so "
           "ckpt keeps it as a module global, which needs a static shape: allocate it on the "
           "host and pass it as a parameter";
  MlirAttribute layout = mlirMemRefTypeGetLayout(type);
  if (!mlirAttributeIsAAffineMap(layout) ||
      !mlirAffineMapIsIdentity(mlirAffineMapAttrGetValue(layout)))
    return "has a non-identity layout; ckpt keeps a kernel's scratch as a module global of "
           "the same type: allocate it with the default layout and take a view of it";
  if (!mlirAttributeIsNull(mlirMemRefTypeGetMemorySpace(type)))
    return "has a memory space; a graph kernel's scratch lives in the target's default "
           "memory: allocate memory of other spaces inside the task that uses it";
  return NULL;
}

/* Replaces a unit-level allocation with a new private global and a memref.get_global. */
static void scratch_to_global(buffers_t *buffers, MlirOperation alloc, MlirOperation module,
                              MlirSymbolTable table, int index) {
  const char *refusal = scratch_refusal(alloc);
  if (refusal) {
    char name[32];
    ckpt_emit_error(alloc, "'%s' at the level of a graph kernel's tasks %s",
                    ckpt_op_name(alloc, name, sizeof name), refusal);
    buffers->failed = true;
    return;
  }
  MlirContext ctx = mlirOperationGetContext(alloc);
  MlirLocation loc = mlirOperationGetLocation(alloc);
  MlirValue result = mlirOperationGetResult(alloc, 0);
  MlirType type = mlirValueGetType(result);

  char kernel[160], symbol[200];
  snprintf(symbol, sizeof symbol, "__ckpt_%s_scratch%d",
           ckpt_symbol_name(buffers->func, kernel, sizeof kernel), index);
  MlirNamedAttribute attrs[5] = {
      ckpt_named(ctx, "sym_name", mlirStringAttrGet(ctx, ckpt_str(symbol))),
      ckpt_named(ctx, "sym_visibility", mlirStringAttrGet(ctx, ckpt_str("private"))),
      ckpt_named(ctx, "type", mlirTypeAttrGet(type)),
      ckpt_named(ctx, "initial_value", mlirUnitAttrGet(ctx)),
  };
  intptr_t n_attrs = 4;
  MlirAttribute alignment = mlirOperationGetAttributeByName(alloc, ckpt_str("alignment"));
  if (!mlirAttributeIsNull(alignment))
    attrs[n_attrs++] = ckpt_named(ctx, "alignment", alignment);
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(module, 0));
  MlirOperation global =
      ckpt_build(body, buffers->func, loc, "memref.global", 0, NULL, 0, NULL, n_attrs, attrs);
  /* Renames the global if a symbol of that name exists. */
  MlirAttribute name = mlirSymbolTableInsert(table, global);

  ckpt_insert_t at = {mlirOperationGetBlock(alloc), alloc, loc};
  MlirNamedAttribute ref =
      ckpt_named(ctx, "name", mlirFlatSymbolRefAttrGet(ctx, mlirStringAttrGetValue(name)));
  MlirValue view = ckpt_build1(at, "memref.get_global", 0, NULL, type, 1, &ref);

  /* Deallocations of the buffer go: the global is never freed. */
  ckpt_erase_deallocs(result);
  mlirValueReplaceAllUsesOfWith(result, view);
  mlirOperationDestroy(alloc);
  ckpt_vec_push(&buffers->get_globals, mlirOpResultGetOwner(view).ptr);
}

/* Whether the global named `name` is already the kernel's parameter at globals[i]. */
static intptr_t find_global(MlirAttribute *globals, intptr_t count, MlirStringRef name) {
  for (intptr_t i = 0; i < count; ++i)
    if (mlirStringRefEqual(mlirFlatSymbolRefAttrGetValue(globals[i]), name))
      return i;
  return -1;
}

/* Appends one parameter of `type` to func's signature (and an empty dictionary to its
 * argument attributes, if it has any); returns the new block argument. */
static MlirValue append_param(MlirOperation func, MlirType type, MlirLocation loc) {
  MlirContext ctx = mlirOperationGetContext(func);
  MlirType fn_type = mlirTypeAttrGetValue(
      mlirOperationGetAttributeByName(func, ckpt_str("function_type")));
  intptr_t n_inputs = mlirFunctionTypeGetNumInputs(fn_type);
  intptr_t n_results = mlirFunctionTypeGetNumResults(fn_type);
  MlirType inputs[n_inputs + 1], results[n_results + 1];
  for (intptr_t i = 0; i < n_inputs; ++i)
    inputs[i] = mlirFunctionTypeGetInput(fn_type, i);
  inputs[n_inputs] = type;
  for (intptr_t i = 0; i < n_results; ++i)
    results[i] = mlirFunctionTypeGetResult(fn_type, i);
  mlirOperationSetAttributeByName(
      func, ckpt_str("function_type"),
      mlirTypeAttrGet(mlirFunctionTypeGet(ctx, n_inputs + 1, inputs, n_results, results)));

  MlirAttribute arg_attrs = mlirOperationGetAttributeByName(func, ckpt_str("arg_attrs"));
  if (!mlirAttributeIsNull(arg_attrs)) {
    intptr_t n = mlirArrayAttrGetNumElements(arg_attrs);
    MlirAttribute elements[n + 1];
    for (intptr_t i = 0; i < n; ++i)
      elements[i] = mlirArrayAttrGetElement(arg_attrs, i);
    elements[n] = mlirDictionaryAttrGet(ctx, 0, NULL);
    mlirOperationSetAttributeByName(func, ckpt_str("arg_attrs"),
                                    mlirArrayAttrGet(ctx, n + 1, elements));
  }
  return mlirBlockAddArgument(ckpt_func_entry(func), type, loc);
}

typedef struct launches_t {
  MlirStringRef kernel;
  ckpt_vec_t ops;
} launches_t;

static MlirWalkResult collect_launch(MlirOperation op, void *user_data) {
  launches_t *launches = user_data;
  if (mlirCkptOpIsLaunch(op) && mlirStringRefEqual(mlirCkptLaunchOpGetKernel(op), launches->kernel))
    ckpt_vec_push(&launches->ops, op.ptr);
  return MlirWalkResultAdvance;
}

/* Rebuilds `launch` with the globals appended to its arguments. */
static void pass_globals(MlirOperation launch, const MlirAttribute *globals,
                         const MlirType *types, intptr_t count) {
  MlirContext ctx = mlirOperationGetContext(launch);
  MlirLocation loc = mlirOperationGetLocation(launch);
  ckpt_insert_t at = {mlirOperationGetBlock(launch), launch, loc};
  intptr_t n_args = mlirCkptLaunchOpGetNumArgs(launch);
  MlirValue args[n_args + count];
  for (intptr_t i = 0; i < n_args; ++i)
    args[i] = mlirCkptLaunchOpGetArg(launch, i);
  for (intptr_t i = 0; i < count; ++i) {
    MlirNamedAttribute ref = ckpt_named(ctx, "name", globals[i]);
    args[n_args + i] = ckpt_build1(at, "memref.get_global", 0, NULL, types[i], 1, &ref);
  }
  MlirOperation rebuilt = mlirCkptLaunchOpCreate(loc, mlirCkptLaunchOpGetKernel(launch),
                                                 n_args + count, args,
                                                 mlirCkptLaunchOpGetResumeLabel(launch));
  for (intptr_t i = 0; i < mlirOperationGetNumDiscardableAttributes(launch); ++i) {
    MlirNamedAttribute attr = mlirOperationGetDiscardableAttribute(launch, i);
    mlirOperationSetDiscardableAttributeByName(rebuilt, mlirIdentifierStr(attr.name),
                                               attr.attribute);
  }
  mlirBlockInsertOwnedOperationBefore(at.block, launch, rebuilt);
  mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(launch, 0),
                                mlirOperationGetResult(rebuilt, 0));
  mlirOperationDestroy(launch);
}

/* Turns the kernel's memref.get_global ops into trailing parameters. */
static void globals_to_params(buffers_t *buffers, MlirOperation module, MlirSymbolTable table) {
  intptr_t count = 0;
  size_t n = buffers->get_globals.size;
  MlirAttribute globals[n + 1];
  MlirType types[n + 1];
  MlirValue params[n + 1];
  for (size_t i = 0; i < n; ++i) {
    MlirOperation get = CKPT_VEC_OP(&buffers->get_globals, i);
    MlirAttribute ref = mlirOperationGetAttributeByName(get, ckpt_str("name"));
    MlirStringRef name = mlirFlatSymbolRefAttrGetValue(ref);
    MlirValue value = mlirOperationGetResult(get, 0);
    intptr_t at = find_global(globals, count, name);
    if (at < 0) {
      MlirOperation global = mlirSymbolTableLookup(table, name);
      /* A constant global becomes writable: device targets copy every memref argument
       * back after a launch, and tasks that only read it leave it as it was. */
      if (!mlirOperationIsNull(global))
        mlirOperationRemoveAttributeByName(global, ckpt_str("constant"));
      at = count++;
      globals[at] = ref;
      types[at] = mlirValueGetType(value);
      params[at] = append_param(buffers->func, types[at], mlirOperationGetLocation(get));
    }
    mlirValueReplaceAllUsesOfWith(value, params[at]);
    mlirOperationDestroy(get);
  }
  if (count == 0)
    return;
  MlirContext ctx = mlirOperationGetContext(module);
  mlirOperationSetAttributeByName(buffers->func, ckpt_str("ckpt.global_params"),
                                  mlirArrayAttrGet(ctx, count, globals));
  launches_t launches = {
      mlirStringAttrGetValue(mlirOperationGetAttributeByName(buffers->func, ckpt_str("sym_name"))),
      {0}};
  mlirOperationWalk(module, collect_launch, &launches, MlirWalkPreOrder);
  for (size_t i = 0; i < launches.ops.size; ++i)
    pass_globals(CKPT_VEC_OP(&launches.ops, i), globals, types, count);
  ckpt_vec_free(&launches.ops);
}

MlirLogicalResult ckptRunKernelBuffers(MlirOperation module) {
  ckpt_vec_t funcs = {0};
  ckpt_collect_functions(module, &funcs);
  bool failed = false;
  for (size_t f = 0; f < funcs.size; ++f) {
    MlirOperation func = CKPT_VEC_OP(&funcs, f);
    if (!mlirCkptFuncIsGraph(func) || mlirBlockIsNull(ckpt_func_entry(func)))
      continue;
    MlirOperation scope = ckpt_enclosing_module(func);
    if (mlirOperationIsNull(scope))
      continue;
    buffers_t buffers = {.func = func};
    mlirOperationWalk(func, collect_buffers, &buffers, MlirWalkPreOrder);
    MlirSymbolTable table = mlirSymbolTableCreate(scope);
    for (size_t i = 0; i < buffers.scratch.size; ++i)
      scratch_to_global(&buffers, CKPT_VEC_OP(&buffers.scratch, i), scope, table, (int)i);
    if (!buffers.failed)
      globals_to_params(&buffers, scope, table);
    mlirSymbolTableDestroy(table);
    failed |= buffers.failed;
    ckpt_vec_free(&buffers.scratch);
    ckpt_vec_free(&buffers.get_globals);
  }
  ckpt_vec_free(&funcs);
  return failed ? mlirLogicalResultFailure() : mlirLogicalResultSuccess();
}
