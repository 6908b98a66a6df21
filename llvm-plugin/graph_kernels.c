/* ckpt-graph-kernels: the pass's driver. Finds the graph kernels of a module (functions
 * annotated "ckpt.graph", by clang's annotate attribute or a string function attribute),
 * and for each: promotes its locals to SSA values, builds and checks its units
 * (structure.c), outlines them (outline.c) and emits its plan (plan.c). Then host launches
 * become calls of the kernels' launch functions (launches.c). Nothing is changed in a
 * module where a rule is broken: every error is reported, then the pass stops. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glue.h"
#include "kernel.h"
#include "llvm-c/DebugInfo.h"
#include "llvm-c/Target.h"

#define GRAPH_ATTR "ckpt.graph"
#define CHECKPOINTS_ATTR "ckpt.checkpoints"

void ckpt_list_push(ckpt_list_t *list, void *item) {
  if (list->size == list->capacity) {
    list->capacity = list->capacity ? 2 * list->capacity : 8;
    list->items = realloc(list->items, list->capacity * sizeof *list->items);
  }
  list->items[list->size++] = item;
}

bool ckpt_list_contains(const ckpt_list_t *list, const void *item) {
  for (size_t i = 0; i < list->size; ++i)
    if (list->items[i] == item)
      return true;
  return false;
}

void ckpt_list_free(ckpt_list_t *list) {
  free(list->items);
  *list = (ckpt_list_t){0};
}

static ckpt_marker_t marker_function(LLVMValueRef function);

ckpt_marker_t ckpt_marker_of(LLVMValueRef instruction) {
  if (!LLVMIsACallInst(instruction))
    return CKPT_MARKER_NONE;
  LLVMValueRef callee = LLVMIsAFunction(LLVMGetCalledValue(instruction));
  return callee ? marker_function(callee) : CKPT_MARKER_NONE;
}

/* Which marker function `function` is, CKPT_MARKER_NONE if none. */
static ckpt_marker_t marker_function(LLVMValueRef function) {
  static const struct {
    const char *name;
    ckpt_marker_t marker;
  } kMarkers[] = {
      {"__ckpt_libCkptLLVMPlugin_task_begin", CKPT_MARKER_TASK_BEGIN},
      {"__ckpt_libCkptLLVMPlugin_task_end", CKPT_MARKER_TASK_END},
      {"__ckpt_libCkptLLVMPlugin_checkpoint_begin", CKPT_MARKER_CHECKPOINT_BEGIN},
      {"__ckpt_libCkptLLVMPlugin_checkpoint_end", CKPT_MARKER_CHECKPOINT_END},
      {"__ckpt_libCkptLLVMPlugin_do_while_begin", CKPT_MARKER_DO_WHILE_BEGIN},
      {"__ckpt_libCkptLLVMPlugin_do_while_end", CKPT_MARKER_DO_WHILE_END},
      {"__ckpt_libCkptLLVMPlugin_launch_next", CKPT_MARKER_LAUNCH_NEXT},
      {"__ckpt_libCkptLLVMPlugin_launch_end", CKPT_MARKER_LAUNCH_END},
      {"__ckpt_libCkptLLVMPlugin_share_begin", CKPT_MARKER_SHARE_BEGIN},
      {"__ckpt_libCkptLLVMPlugin_share_end", CKPT_MARKER_SHARE_END},
  };
  size_t length = 0;
  const char *name = LLVMGetValueName2(function, &length);
  for (size_t i = 0; i < sizeof kMarkers / sizeof kMarkers[0]; ++i)
    if (strlen(kMarkers[i].name) == length && memcmp(kMarkers[i].name, name, length) == 0)
      return kMarkers[i].marker;
  return CKPT_MARKER_NONE;
}

bool ckpt_is_call(LLVMValueRef instruction) {
  return LLVMIsACallInst(instruction) || LLVMIsAInvokeInst(instruction);
}

bool ckpt_marker_call_ok(LLVMValueRef call) {
  /* The parameter types of each marker, as ckpt/graph.h declares them: 'i' an i64, 'p' a
   * pointer. */
  static const char *const kSignatures[] = {
      [CKPT_MARKER_TASK_BEGIN] = "",          [CKPT_MARKER_TASK_END] = "",
      [CKPT_MARKER_CHECKPOINT_BEGIN] = "ipp", [CKPT_MARKER_CHECKPOINT_END] = "",
      [CKPT_MARKER_DO_WHILE_BEGIN] = "p",     [CKPT_MARKER_DO_WHILE_END] = "",
      [CKPT_MARKER_LAUNCH_NEXT] = "pii",      [CKPT_MARKER_LAUNCH_END] = "",
      [CKPT_MARKER_SHARE_BEGIN] = "i",        [CKPT_MARKER_SHARE_END] = "i",
  };
  ckpt_marker_t marker = ckpt_marker_of(call);
  const char *signature = kSignatures[marker];
  if (marker == CKPT_MARKER_NONE || (size_t)LLVMGetNumArgOperands(call) != strlen(signature))
    return false;
  bool returns_i64 = marker == CKPT_MARKER_SHARE_BEGIN || marker == CKPT_MARKER_SHARE_END;
  LLVMTypeRef result = LLVMTypeOf(call);
  if (returns_i64 != (LLVMGetTypeKind(result) == LLVMIntegerTypeKind &&
                      LLVMGetIntTypeWidth(result) == 64))
    return false;
  for (size_t i = 0; signature[i]; ++i) {
    LLVMTypeRef type = LLVMTypeOf(LLVMGetOperand(call, (unsigned)i));
    bool ok = signature[i] == 'p' ? LLVMGetTypeKind(type) == LLVMPointerTypeKind
                                  : LLVMGetTypeKind(type) == LLVMIntegerTypeKind &&
                                        LLVMGetIntTypeWidth(type) == 64;
    if (!ok)
      return false;
  }
  return true;
}

bool ckpt_marker_is_structural(ckpt_marker_t marker) {
  return marker != CKPT_MARKER_NONE && marker != CKPT_MARKER_LAUNCH_NEXT &&
         marker != CKPT_MARKER_LAUNCH_END && marker != CKPT_MARKER_SHARE_BEGIN &&
         marker != CKPT_MARKER_SHARE_END;
}

void ckpt_describe_location(LLVMValueRef instruction, char *out, size_t size) {
  out[0] = 0;
  if (!instruction || !LLVMIsAInstruction(instruction) || !LLVMInstructionGetDebugLoc(instruction))
    return;
  unsigned length = 0;
  const char *file = LLVMGetDebugLocFilename(instruction, &length);
  snprintf(out, size, " at %.*s:%u:%u", (int)length, file ? file : "",
           LLVMGetDebugLocLine(instruction), LLVMGetDebugLocColumn(instruction));
}

static void report(LLVMValueRef function, LLVMValueRef at, const char *format, va_list args) {
  char message[2048];
  vsnprintf(message, sizeof message, format, args);
  ckpt_llvm_error(function, at, message);
}

void ckpt_kernel_error(ckpt_kernel_t *kernel, LLVMValueRef at, const char *format, ...) {
  va_list args;
  va_start(args, format);
  report(kernel->function, at, format, args);
  va_end(args);
  kernel->failed = true;
}

static void function_error(LLVMValueRef function, LLVMValueRef at, const char *format, ...)
    __attribute__((format(printf, 3, 4)));
static void function_error(LLVMValueRef function, LLVMValueRef at, const char *format, ...) {
  va_list args;
  va_start(args, format);
  report(function, at, format, args);
  va_end(args);
}

/*--- which functions are graph kernels -----------------------------------------*/

bool ckpt_has_string_attr(LLVMValueRef function, const char *key) {
  return LLVMGetStringAttributeAtIndex(function, LLVMAttributeFunctionIndex, key,
                                       (unsigned)strlen(key)) != NULL;
}

static void add_string_attr(LLVMValueRef function, const char *key) {
  LLVMContextRef ctx = LLVMGetModuleContext(LLVMGetGlobalParent(function));
  LLVMAddAttributeAtIndex(
      function, LLVMAttributeFunctionIndex,
      LLVMCreateStringAttribute(ctx, key, (unsigned)strlen(key), "", 0));
}

/* The text of a constant C string global, or NULL. */
static const char *string_of(LLVMValueRef global, size_t *length) {
  if (!global || !LLVMIsAGlobalVariable(global) || !LLVMGetInitializer(global))
    return NULL;
  LLVMValueRef init = LLVMGetInitializer(global);
  if (!LLVMIsAConstantDataSequential(init) || !LLVMIsConstantString(init))
    return NULL;
  const char *text = LLVMGetAsString(init, length);
  if (*length > 0 && text[*length - 1] == 0)
    --*length;
  return text;
}

/* clang's annotate("ckpt.graph") lands in @llvm.global.annotations; an LLVM-IR compiler
 * may set the string function attribute "ckpt.graph" instead. Both end as attributes. */
static void annotations_to_attributes(LLVMModuleRef module) {
  LLVMValueRef table = LLVMGetNamedGlobal(module, "llvm.global.annotations");
  if (!table || !LLVMGetInitializer(table))
    return;
  LLVMValueRef entries = LLVMGetInitializer(table);
  int count = LLVMGetNumOperands(entries);
  for (int i = 0; i < count; ++i) {
    LLVMValueRef entry = LLVMGetOperand(entries, (unsigned)i);
    if (LLVMGetNumOperands(entry) < 2)
      continue;
    LLVMValueRef function = LLVMIsAFunction(LLVMGetOperand(entry, 0));
    size_t length = 0;
    const char *text = string_of(LLVMGetOperand(entry, 1), &length);
    if (!function || !text || ckpt_has_string_attr(function, "ckpt.lowered"))
      continue;
    if (length == strlen(GRAPH_ATTR) && memcmp(text, GRAPH_ATTR, length) == 0)
      add_string_attr(function, GRAPH_ATTR);
    if (length == strlen(CHECKPOINTS_ATTR) && memcmp(text, CHECKPOINTS_ATTR, length) == 0)
      add_string_attr(function, CHECKPOINTS_ATTR);
  }
}

static const char *marker_macro(ckpt_marker_t marker) {
  switch (marker) {
  case CKPT_MARKER_TASK_BEGIN:
  case CKPT_MARKER_TASK_END: return "a task (CKPT_TASK)";
  case CKPT_MARKER_CHECKPOINT_BEGIN:
  case CKPT_MARKER_CHECKPOINT_END: return "a checkpoint (CKPT_CHECKPOINT)";
  case CKPT_MARKER_DO_WHILE_BEGIN:
  case CKPT_MARKER_DO_WHILE_END: return "a do-while (CKPT_DO_WHILE)";
  case CKPT_MARKER_SHARE_BEGIN:
  case CKPT_MARKER_SHARE_END: return "a parallel loop (CKPT_PARALLEL_FOR)";
  default: return "a launch";
  }
}

/* Markers of graph structure outside any graph kernel. */
static bool check_plain_function(LLVMValueRef function) {
  for (LLVMBasicBlockRef block = LLVMGetFirstBasicBlock(function); block;
       block = LLVMGetNextBasicBlock(block))
    for (LLVMValueRef inst = LLVMGetFirstInstruction(block); inst;
         inst = LLVMGetNextInstruction(inst)) {
      ckpt_marker_t marker = ckpt_marker_of(inst);
      if (marker == CKPT_MARKER_NONE || marker == CKPT_MARKER_LAUNCH_NEXT ||
          marker == CKPT_MARKER_LAUNCH_END)
        continue;
      size_t length = 0;
      const char *name = LLVMGetValueName2(function, &length);
      function_error(function, inst,
                     "%s is only allowed in a graph kernel: mark @%.*s with CKPT_GRAPH_KERNEL "
                     "(the \"ckpt.graph\" and \"ckpt.checkpoints\" annotations)",
                     marker_macro(marker), (int)length, name);
      return false;
    }
  return true;
}

/* The attribute that makes parameter `i` of `function` memory the call site provides (a
 * struct passed by value, in the C ABI), or NULL. */
static const char *by_memory_attribute(LLVMValueRef function, unsigned i) {
  static const char *const kAttributes[] = {"byval", "byref", "inalloca", "preallocated", "sret"};
  for (size_t a = 0; a < sizeof kAttributes / sizeof kAttributes[0]; ++a) {
    unsigned kind = LLVMGetEnumAttributeKindForName(kAttributes[a], strlen(kAttributes[a]));
    if (kind && LLVMGetEnumAttributeAtIndex(function, i + 1, kind))
      return kAttributes[a];
  }
  return NULL;
}

static bool check_signature(ckpt_kernel_t *kernel) {
  unsigned pointer_size = LLVMPointerSize(LLVMGetModuleDataLayout(kernel->module));
  if (pointer_size != 8) {
    ckpt_kernel_error(kernel, NULL,
                      "graph kernel @%s is compiled for a target with %u-byte pointers; the "
                      "ckpt runtime's ABI (ckpt/mlir_abi.h, ckpt/plan.h) is that of 64-bit "
                      "hosts: compile for a 64-bit target",
                      kernel->name, pointer_size);
    return false;
  }
  LLVMTypeRef type = LLVMGlobalGetValueType(kernel->function);
  if (LLVMGetTypeKind(LLVMGetReturnType(type)) != LLVMVoidTypeKind)
    ckpt_kernel_error(kernel, NULL,
                      "graph kernel @%s returns a value; a graph kernel returns nothing: write "
                      "results to memory a pointer parameter points at",
                      kernel->name);
  if (LLVMIsFunctionVarArg(type))
    ckpt_kernel_error(kernel, NULL,
                      "graph kernel @%s takes variable arguments; give it a fixed parameter list",
                      kernel->name);
  for (unsigned i = 0; i < kernel->param_count; ++i) {
    LLVMTypeRef param = LLVMTypeOf(LLVMGetParam(kernel->function, i));
    LLVMTypeKind kind = LLVMGetTypeKind(param);
    bool ok = kind == LLVMPointerTypeKind || kind == LLVMIntegerTypeKind ||
              kind == LLVMFloatTypeKind || kind == LLVMDoubleTypeKind;
    if (kind == LLVMIntegerTypeKind && LLVMGetIntTypeWidth(param) > 64)
      ok = false;
    if (kind == LLVMPointerTypeKind && LLVMGetPointerAddressSpace(param) != 0)
      ok = false;
    const char *by_memory = by_memory_attribute(kernel->function, i);
    if (ok && by_memory) {
      ckpt_kernel_error(kernel, NULL,
                        "parameter %u of graph kernel @%s is a struct passed by value (%s): "
                        "ckpt hands its tasks the caller's struct itself, not a copy, so "
                        "they would change it; pass a pointer to the struct (to a copy, if "
                        "the kernel must not change the caller's)",
                        i, kernel->name, by_memory);
      continue;
    }
    if (!ok) {
      char *text = LLVMPrintTypeToString(param);
      ckpt_kernel_error(kernel, NULL,
                        "parameter %u of graph kernel @%s has type %s: a graph kernel takes "
                        "pointers, integers of up to 64 bits, float and double (pass a struct "
                        "through a pointer)",
                        i, kernel->name, text);
      LLVMDisposeMessage(text);
    }
  }
  return !kernel->failed;
}

/* Marker calls as invokes (C++ code whose declarations lack ckpt/graph.h's nothrow, or an
 * IR producer's) become plain calls: markers never throw, and the rest of the plugin
 * takes them as calls. */
static void markers_to_calls(LLVMModuleRef module) {
  ckpt_list_t invokes = {0};
  for (LLVMValueRef fn = LLVMGetFirstFunction(module); fn; fn = LLVMGetNextFunction(fn))
    for (LLVMBasicBlockRef block = LLVMGetFirstBasicBlock(fn); block;
         block = LLVMGetNextBasicBlock(block)) {
      LLVMValueRef last = LLVMGetBasicBlockTerminator(block);
      LLVMValueRef callee =
          last && LLVMIsAInvokeInst(last) ? LLVMIsAFunction(LLVMGetCalledValue(last)) : NULL;
      if (callee && marker_function(callee) != CKPT_MARKER_NONE)
        ckpt_list_push(&invokes, last);
    }
  for (size_t i = 0; i < invokes.size; ++i)
    ckpt_llvm_invoke_to_call(invokes.items[i]);
  ckpt_list_free(&invokes);
}

/* The markers' declarations, once nothing calls them. */
static void delete_unused_markers(LLVMModuleRef module) {
  LLVMValueRef fn = LLVMGetFirstFunction(module);
  while (fn) {
    LLVMValueRef next = LLVMGetNextFunction(fn);
    if (marker_function(fn) != CKPT_MARKER_NONE && !LLVMGetFirstUse(fn))
      LLVMDeleteFunction(fn);
    fn = next;
  }
}

static void free_kernel(ckpt_kernel_t *kernel) {
  for (size_t i = 0; i < kernel->unit_count; ++i)
    ckpt_list_free(&kernel->units[i].blocks);
  free(kernel->units);
  free(kernel->param_is_flag);
  ckpt_list_free(&kernel->fns);
  ckpt_list_free(&kernel->copies);
  ckpt_list_free(&kernel->copied_params);
  free(kernel->name);
}

static void init_kernel(ckpt_kernel_t *kernel, LLVMModuleRef module, LLVMValueRef function) {
  *kernel = (ckpt_kernel_t){.module = module, .function = function};
  size_t length = 0;
  const char *name = LLVMGetValueName2(function, &length);
  kernel->name = ckpt_symbol(name, length, "");
  kernel->has_checkpoints = ckpt_has_string_attr(function, CHECKPOINTS_ATTR);
  kernel->param_count = LLVMCountParams(function);
  kernel->param_is_flag = calloc(kernel->param_count + 1, sizeof(bool));
}

bool ckpt_llvm_run(LLVMModuleRef module, long long target) {
  annotations_to_attributes(module);
  markers_to_calls(module);
  bool ok = true;
  ckpt_list_t kernels = {0};
  for (LLVMValueRef fn = LLVMGetFirstFunction(module); fn; fn = LLVMGetNextFunction(fn)) {
    bool graph = ckpt_has_string_attr(fn, GRAPH_ATTR);
    if (ckpt_has_string_attr(fn, CHECKPOINTS_ATTR) && !graph) {
      size_t length = 0;
      const char *name = LLVMGetValueName2(fn, &length);
      function_error(fn, NULL,
                     "`ckpt.checkpoints` is only valid on a graph kernel: add the `ckpt.graph` "
                     "attribute to @%.*s",
                     (int)length, name);
      ok = false;
    }
    if (graph && LLVMIsDeclaration(fn)) {
      /* Declarations may be launched (launches.c); the kernel's own module lowers it. */
      continue;
    }
    if (graph)
      ckpt_list_push(&kernels, fn);
    else if (!check_plain_function(fn))
      ok = false;
  }
  ckpt_kernel_t *models = calloc(kernels.size + 1, sizeof *models);
  for (size_t i = 0; i < kernels.size; ++i) {
    ckpt_kernel_t *kernel = &models[i];
    init_kernel(kernel, module, kernels.items[i]);
    if (!check_signature(kernel)) {
      ok = false;
      continue;
    }
    ckpt_llvm_promote_allocas(kernel->function);
    ckpt_take_parameter_copies(kernel);
    ok &= ckpt_build_units(kernel) && ckpt_check_outlining(kernel);
  }
  /* Lowered only when every kernel passed its checks: an error leaves the markers, so a
   * failed build cannot link by accident either. Launch errors are reported there. */
  if (ok) {
    for (size_t i = 0; i < kernels.size; ++i) {
      ckpt_outline_units(&models[i]);
      ckpt_emit_plan(&models[i], target);
    }
    ckpt_rewrite_launches(module);
    delete_unused_markers(module);
  }
  for (size_t i = 0; i < kernels.size; ++i)
    free_kernel(&models[i]);
  free(models);
  ckpt_list_free(&kernels);
  return true;
}
