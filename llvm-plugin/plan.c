/* The plan of one graph kernel (runtime/include/ckpt/plan.h) and the code around it, as
 * the MLIR path's --ckpt-lower-host-dispatch emits them for target=cpu:
 *   @K__ckpt_params, @K__ckpt_nodes, @K__ckpt_strings, @K__ckpt_plan: constant tables;
 *   @K__ckpt_dispatch(fn, args, recorder): unpacks the arguments, calls @K__fn<fn>;
 *   @K__ckpt_kernel, @__ckpt_context: slots the runtime fills on first use, and a global
 *   destructor @__ckpt_release that frees the context;
 *   @K__ckpt_launch(status, has_resume, label, params...): packs the arguments and calls
 *   ckpt_mlir_launch (ckpt/mlir_abi.h); @K's body becomes a fresh launch through it.
 * Pointer parameters are passed to the runtime as rank-0 memref descriptors
 * {allocated, aligned, offset}, which is what the plan's flag checks expect. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ckpt/ckpt.h"
#include "kernel.h"

#define CONTEXT_SLOT "__ckpt_context"

static LLVMTypeRef i64_type(ckpt_kernel_t *kernel) {
  return LLVMInt64TypeInContext(LLVMGetModuleContext(kernel->module));
}

static LLVMTypeRef ptr_type(ckpt_kernel_t *kernel) {
  return LLVMPointerTypeInContext(LLVMGetModuleContext(kernel->module), 0);
}

static LLVMValueRef i64_constant(ckpt_kernel_t *kernel, int64_t value) {
  return LLVMConstInt(i64_type(kernel), (unsigned long long)value, true);
}

static LLVMValueRef constant_global(ckpt_kernel_t *kernel, const char *symbol,
                                    LLVMValueRef init) {
  LLVMValueRef global = LLVMAddGlobal(kernel->module, LLVMTypeOf(init), symbol);
  LLVMSetInitializer(global, init);
  LLVMSetGlobalConstant(global, true);
  LLVMSetLinkage(global, LLVMInternalLinkage);
  return global;
}

static LLVMValueRef i64_array(ckpt_kernel_t *kernel, const char *symbol, const int64_t *values,
                              size_t count) {
  if (count == 0)
    return LLVMConstNull(ptr_type(kernel));
  LLVMValueRef *elements = calloc(count, sizeof *elements);
  for (size_t i = 0; i < count; ++i)
    elements[i] = i64_constant(kernel, values[i]);
  LLVMValueRef init = LLVMConstArray2(i64_type(kernel), elements, count);
  free(elements);
  return constant_global(kernel, symbol, init);
}

static LLVMValueRef null_slot(ckpt_kernel_t *kernel, const char *symbol) {
  LLVMValueRef slot = LLVMGetNamedGlobal(kernel->module, symbol);
  if (slot)
    return slot;
  slot = LLVMAddGlobal(kernel->module, ptr_type(kernel), symbol);
  LLVMSetInitializer(slot, LLVMConstNull(ptr_type(kernel)));
  LLVMSetLinkage(slot, LLVMInternalLinkage);
  return slot;
}

static LLVMValueRef runtime_function(ckpt_kernel_t *kernel, const char *symbol,
                                     LLVMTypeRef *params, unsigned count) {
  LLVMValueRef fn = LLVMGetNamedFunction(kernel->module, symbol);
  if (fn)
    return fn;
  LLVMTypeRef type =
      LLVMFunctionType(LLVMVoidTypeInContext(LLVMGetModuleContext(kernel->module)), params,
                       count, false);
  return LLVMAddFunction(kernel->module, symbol, type);
}

/* How parameter i is described to the runtime (CKPT_PARAM_*). */
static void param_fields(ckpt_kernel_t *kernel, unsigned i, int64_t fields[CKPT_PARAM_FIELDS]) {
  LLVMTypeRef type = LLVMTypeOf(LLVMGetParam(kernel->function, i));
  switch (LLVMGetTypeKind(type)) {
  case LLVMPointerTypeKind:
    fields[CKPT_PARAM_KIND] = CKPT_PARAM_MEMREF;
    fields[CKPT_PARAM_RANK] = 0;
    /* C pointers carry no element type; flags and conditions are int32_t. */
    fields[CKPT_PARAM_ELEM_BITS] = kernel->param_is_flag[i] ? 32 : 8;
    fields[CKPT_PARAM_ELEM_TYPE] = kernel->param_is_flag[i] ? CKPT_ELEM_INT : CKPT_ELEM_OTHER;
    break;
  case LLVMIntegerTypeKind:
    fields[CKPT_PARAM_KIND] = CKPT_PARAM_SCALAR;
    fields[CKPT_PARAM_RANK] = 0;
    fields[CKPT_PARAM_ELEM_BITS] = LLVMGetIntTypeWidth(type);
    fields[CKPT_PARAM_ELEM_TYPE] = CKPT_ELEM_INT;
    break;
  default:
    fields[CKPT_PARAM_KIND] = CKPT_PARAM_SCALAR;
    fields[CKPT_PARAM_RANK] = 0;
    fields[CKPT_PARAM_ELEM_BITS] = LLVMGetTypeKind(type) == LLVMFloatTypeKind ? 32 : 64;
    fields[CKPT_PARAM_ELEM_TYPE] = CKPT_ELEM_FLOAT;
    break;
  }
}

/*--- the dispatch function -----------------------------------------------------*/

/* @__ckpt_whole_share: the ckpt_task_share_t {0, 1}, one share that is the whole loop. */
static LLVMValueRef whole_share(ckpt_kernel_t *kernel) {
  LLVMValueRef global = LLVMGetNamedGlobal(kernel->module, "__ckpt_whole_share");
  if (global)
    return global;
  LLVMValueRef fields[2] = {i64_constant(kernel, 0), i64_constant(kernel, 1)};
  return constant_global(kernel, "__ckpt_whole_share",
                         LLVMConstArray2(i64_type(kernel), fields, 2));
}

static LLVMValueRef emit_dispatch(ckpt_kernel_t *kernel, const char *symbol) {
  LLVMContextRef ctx = LLVMGetModuleContext(kernel->module);
  LLVMTypeRef ptr = ptr_type(kernel), i64 = i64_type(kernel), i8 = LLVMInt8TypeInContext(ctx);
  LLVMTypeRef inputs[3] = {i64, ptr, ptr};
  LLVMValueRef dispatch = LLVMAddFunction(
      kernel->module, symbol, LLVMFunctionType(LLVMVoidTypeInContext(ctx), inputs, 3, false));
  LLVMSetLinkage(dispatch, LLVMInternalLinkage);
  LLVMBuilderRef b = LLVMCreateBuilderInContext(ctx);
  LLVMBasicBlockRef entry = LLVMAppendBasicBlockInContext(ctx, dispatch, "entry");
  LLVMBasicBlockRef done = LLVMAppendBasicBlockInContext(ctx, dispatch, "done");
  LLVMPositionBuilderAtEnd(b, done);
  LLVMBuildRetVoid(b);
  LLVMPositionBuilderAtEnd(b, entry);

  LLVMValueRef args = LLVMGetParam(dispatch, 1);
  LLVMValueRef *params = calloc(kernel->param_count + 1, sizeof *params);
  /* The share a task runs: the runtime's for a split task, else the whole loop. */
  LLVMValueRef recorder = LLVMGetParam(dispatch, 2);
  params[kernel->param_count] =
      LLVMBuildSelect(b, LLVMBuildIsNull(b, recorder, ""), whole_share(kernel), recorder, "share");
  for (unsigned i = 0; i < kernel->param_count; ++i) {
    LLVMValueRef index = i64_constant(kernel, i);
    LLVMValueRef slot_address = LLVMBuildGEP2(b, ptr, args, &index, 1, "");
    LLVMValueRef storage = LLVMBuildLoad2(b, ptr, slot_address, "");
    LLVMTypeRef type = LLVMTypeOf(LLVMGetParam(kernel->function, i));
    if (LLVMGetTypeKind(type) != LLVMPointerTypeKind) {
      params[i] = LLVMBuildLoad2(b, type, storage, "");
      continue;
    }
    /* aligned + offset elements of the descriptor {allocated, aligned, offset}. */
    int64_t fields[CKPT_PARAM_FIELDS];
    param_fields(kernel, i, fields);
    LLVMValueRef eight = i64_constant(kernel, 8), sixteen = i64_constant(kernel, 16);
    LLVMValueRef aligned = LLVMBuildLoad2(b, ptr, LLVMBuildGEP2(b, i8, storage, &eight, 1, ""), "");
    LLVMValueRef offset =
        LLVMBuildLoad2(b, i64, LLVMBuildGEP2(b, i8, storage, &sixteen, 1, ""), "");
    LLVMValueRef bytes =
        LLVMBuildMul(b, offset, i64_constant(kernel, fields[CKPT_PARAM_ELEM_BITS] / 8), "");
    params[i] = LLVMBuildGEP2(b, i8, aligned, &bytes, 1, "");
  }
  LLVMValueRef sw = LLVMBuildSwitch(b, LLVMGetParam(dispatch, 0), done, (unsigned)kernel->fns.size);
  for (size_t f = 0; f < kernel->fns.size; ++f) {
    LLVMBasicBlockRef call_block = LLVMAppendBasicBlockInContext(ctx, dispatch, "task");
    LLVMAddCase(sw, i64_constant(kernel, (int64_t)f), call_block);
    LLVMPositionBuilderAtEnd(b, call_block);
    LLVMValueRef fn = kernel->fns.items[f];
    LLVMBuildCall2(b, LLVMGlobalGetValueType(fn), fn, params, kernel->param_count + 1, "");
    LLVMBuildBr(b, done);
  }
  free(params);
  LLVMDisposeBuilder(b);
  return dispatch;
}

/*--- the plan ------------------------------------------------------------------*/

char *ckpt_symbol(const char *name, size_t length, const char *suffix) {
  size_t suffix_length = strlen(suffix);
  char *symbol = malloc(length + suffix_length + 1);
  memcpy(symbol, name, length);
  memcpy(symbol + length, suffix, suffix_length + 1);
  return symbol;
}

/* Kernel @K's symbol @K<suffix>, freed by the caller. */
static char *kernel_symbol(const ckpt_kernel_t *kernel, const char *suffix) {
  return ckpt_symbol(kernel->name, strlen(kernel->name), suffix);
}

static LLVMValueRef emit_plan_globals(ckpt_kernel_t *kernel) {
  char *symbol = kernel_symbol(kernel, "__ckpt_params");
  size_t param_words = (size_t)kernel->param_count * CKPT_PARAM_FIELDS;
  int64_t *params = calloc(param_words + 1, sizeof *params);
  for (unsigned i = 0; i < kernel->param_count; ++i)
    param_fields(kernel, i, params + (size_t)i * CKPT_PARAM_FIELDS);
  LLVMValueRef params_global = i64_array(kernel, symbol, params, param_words);
  free(params);
  free(symbol);

  /* Strings: the kernel's name at offset 0, then the checkpoints' names. */
  size_t strings_size = strlen(kernel->name) + 1;
  for (size_t u = 0; u < kernel->unit_count; ++u)
    if (kernel->units[u].name)
      strings_size += kernel->units[u].name_length + 1;
  char *strings = calloc(strings_size, 1);
  size_t used = strlen(kernel->name) + 1;
  memcpy(strings, kernel->name, used);

  size_t node_words = kernel->unit_count * CKPT_NODE_FIELDS;
  int64_t *nodes = calloc(node_words + 1, sizeof *nodes);
  for (size_t u = 0; u < kernel->unit_count; ++u) {
    const ckpt_unit_t *unit = &kernel->units[u];
    int64_t *node = nodes + u * CKPT_NODE_FIELDS;
    for (int f = 0; f < CKPT_NODE_FIELDS; ++f)
      node[f] = -1;
    node[CKPT_NODE_KIND] = unit->kind;
    node[CKPT_NODE_END] = (int64_t)unit->end;
    switch (unit->kind) {
    case CKPT_NODE_TASK:
    case CKPT_NODE_BARE:
      node[CKPT_NODE_FN] = unit->fn;
      if (unit->split)
        node[CKPT_NODE_FLAGS] = CKPT_NODE_FLAG_SPLIT;
      break;
    case CKPT_NODE_CHECKPOINT:
      node[CKPT_NODE_CP_ID] = unit->cp_id;
      node[CKPT_NODE_FLAGS] = unit->is_explicit ? CKPT_NODE_FLAG_EXPLICIT : 0;
      if (unit->is_explicit) {
        node[CKPT_NODE_PARAM] = unit->param;
        node[CKPT_NODE_LABEL] = unit->label;
      }
      if (unit->name) {
        node[CKPT_NODE_NAME] = (int64_t)used;
        memcpy(strings + used, unit->name, unit->name_length);
        used += unit->name_length + 1;
      }
      break;
    case CKPT_NODE_DO_WHILE: node[CKPT_NODE_PARAM] = unit->param; break;
    }
  }
  symbol = kernel_symbol(kernel, "__ckpt_nodes");
  LLVMValueRef nodes_global = i64_array(kernel, symbol, nodes, node_words);
  free(nodes);
  free(symbol);
  LLVMContextRef ctx = LLVMGetModuleContext(kernel->module);
  symbol = kernel_symbol(kernel, "__ckpt_strings");
  LLVMValueRef strings_global = constant_global(
      kernel, symbol, LLVMConstStringInContext2(ctx, strings, strings_size, true));
  free(strings);
  free(symbol);
  symbol = kernel_symbol(kernel, "__ckpt_dispatch");
  LLVMValueRef dispatch = emit_dispatch(kernel, symbol);
  free(symbol);

  LLVMValueRef null = LLVMConstNull(ptr_type(kernel));
  LLVMValueRef fields[12] = {
      i64_constant(kernel, (int64_t)CKPT_PLAN_ABI),
      i64_constant(kernel, kernel->param_count),
      params_global,
      i64_constant(kernel, (int64_t)kernel->unit_count),
      nodes_global,
      i64_constant(kernel, (int64_t)strings_size),
      strings_global,
      dispatch,
      i64_constant(kernel, 0), /* no device images on the CPU */
      null,
      null,
      i64_constant(kernel, CKPT_GATING_AUTO),
  };
  symbol = kernel_symbol(kernel, "__ckpt_plan");
  LLVMValueRef plan =
      constant_global(kernel, symbol, LLVMConstStructInContext(ctx, fields, 12, false));
  free(symbol);
  return plan;
}

/* @__ckpt_release, run from @llvm.global_dtors, frees the module's context. A module
 * that has destructors of its own keeps them; its context then lives until exit. */
static void emit_release(ckpt_kernel_t *kernel, LLVMValueRef context_slot) {
  if (LLVMGetNamedFunction(kernel->module, "__ckpt_release") ||
      LLVMGetNamedGlobal(kernel->module, "llvm.global_dtors"))
    return;
  LLVMContextRef ctx = LLVMGetModuleContext(kernel->module);
  LLVMTypeRef ptr = ptr_type(kernel);
  LLVMValueRef release_runtime = runtime_function(kernel, "ckpt_mlir_release", &ptr, 1);
  LLVMValueRef release = LLVMAddFunction(kernel->module, "__ckpt_release",
                                         LLVMFunctionType(LLVMVoidTypeInContext(ctx), NULL, 0, false));
  LLVMSetLinkage(release, LLVMInternalLinkage);
  LLVMBuilderRef b = LLVMCreateBuilderInContext(ctx);
  LLVMPositionBuilderAtEnd(b, LLVMAppendBasicBlockInContext(ctx, release, "entry"));
  LLVMBuildCall2(b, LLVMGlobalGetValueType(release_runtime), release_runtime, &context_slot, 1, "");
  LLVMBuildRetVoid(b);
  LLVMDisposeBuilder(b);
  LLVMTypeRef i32 = LLVMInt32TypeInContext(ctx);
  LLVMTypeRef entry_fields[3] = {i32, ptr, ptr};
  LLVMTypeRef entry_type = LLVMStructTypeInContext(ctx, entry_fields, 3, false);
  LLVMValueRef entry_values[3] = {LLVMConstInt(i32, 65535, false), release, LLVMConstNull(ptr)};
  LLVMValueRef entry = LLVMConstNamedStruct(entry_type, entry_values, 3);
  LLVMValueRef dtors = LLVMAddGlobal(kernel->module, LLVMArrayType2(entry_type, 1),
                                     "llvm.global_dtors");
  LLVMSetLinkage(dtors, LLVMAppendingLinkage);
  LLVMSetInitializer(dtors, LLVMConstArray2(entry_type, &entry, 1));
}

/*--- the launch function and the kernel's new body ------------------------------*/

static LLVMValueRef emit_launch(ckpt_kernel_t *kernel, LLVMValueRef plan, int64_t target) {
  LLVMContextRef ctx = LLVMGetModuleContext(kernel->module);
  LLVMTypeRef ptr = ptr_type(kernel), i64 = i64_type(kernel);
  unsigned n = kernel->param_count;
  LLVMTypeRef *inputs = calloc(n + 3, sizeof *inputs);
  inputs[0] = ptr; /* status, may be NULL */
  inputs[1] = i64; /* has_resume */
  inputs[2] = i64; /* resume_label */
  for (unsigned i = 0; i < n; ++i)
    inputs[3 + i] = LLVMTypeOf(LLVMGetParam(kernel->function, i));
  char *symbol = kernel_symbol(kernel, "__ckpt_launch");
  LLVMValueRef launch = LLVMAddFunction(kernel->module, symbol,
                                        LLVMFunctionType(LLVMVoidTypeInContext(ctx), inputs, n + 3, false));
  free(inputs);
  free(symbol);
  LLVMSetLinkage(launch, LLVMGetLinkage(kernel->function));
  LLVMSetVisibility(launch, LLVMGetVisibility(kernel->function));

  LLVMBuilderRef b = LLVMCreateBuilderInContext(ctx);
  LLVMPositionBuilderAtEnd(b, LLVMAppendBasicBlockInContext(ctx, launch, "entry"));
  LLVMValueRef args = n ? LLVMBuildArrayAlloca(b, ptr, i64_constant(kernel, n), "args")
                        : LLVMConstNull(ptr);
  LLVMTypeRef descriptor_fields[3] = {ptr, ptr, i64};
  LLVMTypeRef descriptor = LLVMStructTypeInContext(ctx, descriptor_fields, 3, false);
  for (unsigned i = 0; i < n; ++i) {
    LLVMValueRef value = LLVMGetParam(launch, 3 + i);
    LLVMTypeRef type = LLVMTypeOf(value);
    LLVMValueRef storage;
    if (LLVMGetTypeKind(type) == LLVMPointerTypeKind) {
      storage = LLVMBuildAlloca(b, descriptor, "");
      LLVMBuildStore(b, value, LLVMBuildStructGEP2(b, descriptor, storage, 0, ""));
      LLVMBuildStore(b, value, LLVMBuildStructGEP2(b, descriptor, storage, 1, ""));
      LLVMBuildStore(b, i64_constant(kernel, 0), LLVMBuildStructGEP2(b, descriptor, storage, 2, ""));
    } else {
      storage = LLVMBuildAlloca(b, type, "");
      LLVMBuildStore(b, value, storage);
    }
    LLVMValueRef index = i64_constant(kernel, i);
    LLVMBuildStore(b, storage, LLVMBuildGEP2(b, ptr, args, &index, 1, ""));
  }
  char *slot_symbol = kernel_symbol(kernel, "__ckpt_kernel");
  LLVMValueRef context_slot = null_slot(kernel, CONTEXT_SLOT);
  emit_release(kernel, context_slot);
  LLVMTypeRef launch_params[8] = {ptr, ptr, ptr, i64, ptr, i64, i64, ptr};
  LLVMValueRef runtime = runtime_function(kernel, "ckpt_mlir_launch", launch_params, 8);
  LLVMValueRef operands[8] = {
      context_slot, null_slot(kernel, slot_symbol), plan, i64_constant(kernel, target), args,
      LLVMGetParam(launch, 1), LLVMGetParam(launch, 2), LLVMGetParam(launch, 0),
  };
  LLVMBuildCall2(b, LLVMGlobalGetValueType(runtime), runtime, operands, 8, "");
  LLVMBuildRetVoid(b);
  LLVMDisposeBuilder(b);
  free(slot_symbol);
  return launch;
}

/* Empties @K: what is left of its body after outlining (markers, pure code) goes. */
static void clear_body(LLVMValueRef function) {
  for (LLVMBasicBlockRef block = LLVMGetFirstBasicBlock(function); block;
       block = LLVMGetNextBasicBlock(block))
    for (LLVMValueRef inst = LLVMGetFirstInstruction(block); inst;
         inst = LLVMGetNextInstruction(inst))
      if (LLVMGetTypeKind(LLVMTypeOf(inst)) != LLVMVoidTypeKind)
        LLVMReplaceAllUsesWith(inst, LLVMGetPoison(LLVMTypeOf(inst)));
  LLVMBasicBlockRef block = LLVMGetFirstBasicBlock(function);
  while (block) {
    LLVMBasicBlockRef next = LLVMGetNextBasicBlock(block);
    LLVMDeleteBasicBlock(block);
    block = next;
  }
}

void ckpt_emit_plan(ckpt_kernel_t *kernel, int64_t target) {
  LLVMValueRef plan = emit_plan_globals(kernel);
  LLVMValueRef launch = emit_launch(kernel, plan, target);
  clear_body(kernel->function);
  LLVMContextRef ctx = LLVMGetModuleContext(kernel->module);
  LLVMBuilderRef b = LLVMCreateBuilderInContext(ctx);
  LLVMPositionBuilderAtEnd(b, LLVMAppendBasicBlockInContext(ctx, kernel->function, "entry"));
  unsigned n = kernel->param_count;
  LLVMValueRef *args = calloc(n + 3, sizeof *args);
  args[0] = LLVMConstNull(ptr_type(kernel));
  args[1] = i64_constant(kernel, 0);
  args[2] = i64_constant(kernel, 0);
  for (unsigned i = 0; i < n; ++i)
    args[3 + i] = LLVMGetParam(kernel->function, i);
  LLVMBuildCall2(b, LLVMGlobalGetValueType(launch), launch, args, n + 3, "");
  LLVMBuildRetVoid(b);
  free(args);
  LLVMDisposeBuilder(b);
  /* The kernel is an ordinary host function now; lowering it again would be wrong (its
   * annotations stay in @llvm.global.annotations, hence the mark). */
  LLVMAddAttributeAtIndex(kernel->function, LLVMAttributeFunctionIndex,
                          LLVMCreateStringAttribute(ctx, "ckpt.lowered", 12, "", 0));
  LLVMRemoveStringAttributeAtIndex(kernel->function, LLVMAttributeFunctionIndex, "ckpt.graph", 10);
  LLVMRemoveStringAttributeAtIndex(kernel->function, LLVMAttributeFunctionIndex,
                                   "ckpt.checkpoints", 16);
}
