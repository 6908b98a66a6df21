/* Tasks and bare runs move into functions of their own, @K__fn<i>(the kernel's
 * parameters), which the dispatch function calls (docs/design.md, "Why one uniform task
 * ABI"). What a unit uses from outside its blocks must be a parameter, a constant or a
 * pure computation of those, recomputed inside the function: the kernel's frame does not
 * exist when the runtime runs a task, and tasks talk to each other through memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glue.h"
#include "kernel.h"

static bool in_blocks(const ckpt_list_t *blocks, LLVMValueRef inst) {
  return ckpt_list_contains(blocks, LLVMGetInstructionParent(inst));
}

/* Whether every use of `alloca` lies in `blocks`: a variable of the unit alone, which
 * clang allocates in the kernel's entry block like every other local. The outlined
 * function gets a copy of it (local_value). */
static bool unit_local(const ckpt_list_t *blocks, LLVMValueRef alloca) {
  for (LLVMUseRef use = LLVMGetFirstUse(alloca); use; use = LLVMGetNextUse(use)) {
    LLVMValueRef user = LLVMGetUser(use);
    if (!LLVMIsAInstruction(user) || !in_blocks(blocks, user))
      return false;
  }
  return true;
}

/* The parameter whose copy `alloca` holds (ckpt_take_parameter_copies), or -1. */
static int64_t copied_parameter(const ckpt_kernel_t *kernel, LLVMValueRef alloca) {
  for (size_t i = 0; i < kernel->copies.size; ++i)
    if (kernel->copies.items[i] == alloca)
      return (int64_t)(intptr_t)kernel->copied_params.items[i];
  return -1;
}

void ckpt_take_parameter_copies(ckpt_kernel_t *kernel) {
  LLVMBasicBlockRef entry = LLVMGetEntryBasicBlock(kernel->function);
  ckpt_list_t stores = {0};
  for (LLVMValueRef inst = LLVMGetFirstInstruction(entry); inst && !ckpt_marker_of(inst);
       inst = LLVMGetNextInstruction(inst)) {
    if (!LLVMIsAStoreInst(inst) || LLVMGetVolatile(inst))
      continue;
    LLVMValueRef alloca = LLVMIsAAllocaInst(LLVMGetOperand(inst, 1));
    LLVMValueRef value = LLVMGetOperand(inst, 0);
    if (!alloca || LLVMGetInstructionParent(alloca) != entry || !LLVMIsAArgument(value) ||
        ckpt_list_contains(&kernel->copies, alloca))
      continue;
    for (unsigned i = 0; i < kernel->param_count; ++i)
      if (LLVMGetParam(kernel->function, i) == value) {
        ckpt_list_push(&kernel->copies, alloca);
        ckpt_list_push(&kernel->copied_params, (void *)(intptr_t)i);
        ckpt_list_push(&stores, inst);
      }
  }
  for (size_t i = 0; i < stores.size; ++i)
    LLVMInstructionEraseFromParent(stores.items[i]);
  ckpt_list_free(&stores);
}

/* Whether a unit may use parameter copy `alloca` through its own copy: no statement of
 * the kernel outside tasks writes it (what the tasks write stays in their copies). */
static bool copy_is_read_only_outside_tasks(const ckpt_kernel_t *kernel, LLVMValueRef alloca) {
  for (LLVMUseRef use = LLVMGetFirstUse(alloca); use; use = LLVMGetNextUse(use)) {
    LLVMValueRef user = LLVMGetUser(use);
    for (size_t u = 0; u < kernel->unit_count; ++u) {
      const ckpt_unit_t *unit = &kernel->units[u];
      if (unit->kind == CKPT_NODE_BARE && in_blocks(&unit->blocks, user) && !LLVMIsALoadInst(user))
        return false;
    }
  }
  return true;
}

/* What a C programmer calls `value`, for a message: a call by its callee (math functions
 * set errno unless -fno-math-errno), a phi as a choice, anything else as its IR without
 * metadata. */
static void describe_value(LLVMValueRef value, char *out, size_t size) {
  LLVMValueRef callee = LLVMIsACallInst(value) ? LLVMIsAFunction(LLVMGetCalledValue(value)) : NULL;
  if (callee) {
    size_t length = 0;
    const char *name = LLVMGetValueName2(callee, &length);
    snprintf(out, size,
             "the result of a call of @%.*s, a statement: a call may have effects (a math "
             "function sets errno unless built with -fno-math-errno)",
             (int)length, name);
    return;
  }
  if (LLVMIsAPHINode(value)) {
    snprintf(out, size,
             "a value chosen by an if, a loop or a conditional operator whose arms "
             "are calls, memory reads or divisions");
    return;
  }
  char *text = LLVMPrintValueToString(value);
  const char *shown = text;
  while (*shown == ' ')
    ++shown;
  size_t length = strcspn(shown, "!");
  while (length > 0 && (shown[length - 1] == ' ' || shown[length - 1] == ','))
    --length;
  snprintf(out, size, "%.*s", (int)length, shown);
  LLVMDisposeMessage(text);
}

/* True if `value`, used by `user` in a unit made of `blocks`, can be had there. */
static bool check_value(ckpt_kernel_t *kernel, const ckpt_list_t *blocks, LLVMValueRef user,
                        LLVMValueRef value, int depth) {
  if (!LLVMIsAInstruction(value) || in_blocks(blocks, value))
    return true;
  if (LLVMIsAAllocaInst(value) && unit_local(blocks, value))
    return true;
  if (LLVMIsAAllocaInst(value)) {
    int64_t param = copied_parameter(kernel, value);
    if (param >= 0 && copy_is_read_only_outside_tasks(kernel, value))
      return true;
    if (param >= 0)
      ckpt_kernel_error(kernel, user,
                        "graph kernel @%s writes the memory of parameter %lld outside its "
                        "tasks (through its address, or a struct parameter's field), which a "
                        "task uses too: each task has its own copy of a parameter whose "
                        "address it takes; make the write part of the task",
                        kernel->name, (long long)param);
    else
      ckpt_kernel_error(kernel, user,
                        "a task uses a local variable of graph kernel @%s that another task "
                        "or the kernel's own code uses too, whose address is taken: the "
                        "kernel's frame does not exist when the task runs; declare the "
                        "variable inside the one task that uses it, or pass the memory "
                        "through a pointer parameter",
                        kernel->name);
    return false;
  }
  if (!ckpt_llvm_is_pure(value) || depth > 64) {
    char what[320];
    describe_value(value, what, sizeof what);
    ckpt_kernel_error(kernel, user,
                      "a task or statement of graph kernel @%s uses a value computed outside "
                      "it by a statement, another task or control flow (%s); tasks of a graph "
                      "kernel communicate through memory: store it where a pointer parameter "
                      "points, or compute it inside the task",
                      kernel->name, what);
    return false;
  }
  int count = LLVMGetNumOperands(value);
  for (int i = 0; i < count; ++i)
    if (!check_value(kernel, blocks, user, LLVMGetOperand(value, (unsigned)i), depth + 1))
      return false;
  return true;
}

/* Rule 6: what a unit calls, directly or through other functions, is no graph kernel,
 * and is named. Returns the offending call of `function`'s body (or NULL); `culprit`
 * receives the kernel reached, NULL for an indirect call. */
static LLVMValueRef find_bad_call(LLVMValueRef function, ckpt_list_t *seen, LLVMValueRef *culprit) {
  for (LLVMBasicBlockRef block = LLVMGetFirstBasicBlock(function); block;
       block = LLVMGetNextBasicBlock(block))
    for (LLVMValueRef inst = LLVMGetFirstInstruction(block); inst;
         inst = LLVMGetNextInstruction(inst)) {
      if (!ckpt_is_call(inst))
        continue;
      LLVMValueRef callee = LLVMIsAFunction(LLVMGetCalledValue(inst));
      if (!callee) {
        if (LLVMIsAInlineAsm(LLVMGetCalledValue(inst)))
          continue;
        *culprit = NULL;
        return inst;
      }
      if (ckpt_has_string_attr(callee, "ckpt.graph") ||
          ckpt_marker_of(inst) == CKPT_MARKER_LAUNCH_NEXT) {
        *culprit = callee;
        return inst;
      }
      if (LLVMIsDeclaration(callee) || ckpt_list_contains(seen, callee))
        continue;
      ckpt_list_push(seen, callee);
      if (find_bad_call(callee, seen, culprit))
        return inst;
    }
  return NULL;
}

static bool callee_named(LLVMValueRef call, const char *const *names) {
  LLVMValueRef callee = LLVMIsAFunction(LLVMGetCalledValue(call));
  if (!callee)
    return false;
  size_t length = 0;
  const char *name = LLVMGetValueName2(callee, &length);
  for (; *names; ++names)
    if (strlen(*names) == length && memcmp(*names, name, length) == 0)
      return true;
  return false;
}

static const char *const kLongJumps[] = {"longjmp", "_longjmp", "siglongjmp", "__longjmp_chk",
                                         NULL};
static const char *const kSetJumps[] = {"setjmp", "_setjmp", "sigsetjmp", "__sigsetjmp", NULL};
static const char *const kThrows[] = {"__cxa_throw", "__cxa_rethrow", "_Unwind_RaiseException",
                                      NULL};

/* Whether the unit's own code calls setjmp (a longjmp may then land inside the unit). */
static bool unit_sets_jumps(const ckpt_list_t *blocks) {
  for (size_t b = 0; b < blocks->size; ++b)
    for (LLVMValueRef inst = LLVMGetFirstInstruction(blocks->items[b]); inst;
         inst = LLVMGetNextInstruction(inst))
      if (ckpt_is_call(inst) && callee_named(inst, kSetJumps))
        return true;
  return false;
}

/* A task must return to the runtime: a longjmp or an exception out of it leaves the launch
 * half done, with the runtime's locks held. What the unit's own code does is seen here
 * (a throw that is a call has no handler in the unit; a resume passes an exception on);
 * what functions it calls do is not. */
static void check_exit(ckpt_kernel_t *kernel, const ckpt_list_t *blocks, LLVMValueRef inst) {
  const char *how = NULL;
  if (LLVMGetInstructionOpcode(inst) == LLVMResume ||
      (LLVMIsACallInst(inst) && callee_named(inst, kThrows)))
    how = "an exception";
  else if (ckpt_is_call(inst) && callee_named(inst, kLongJumps) && !unit_sets_jumps(blocks))
    how = "longjmp";
  if (how)
    ckpt_kernel_error(kernel, inst,
                      "a task of graph kernel @%s leaves by %s: a task must return normally, "
                      "since the runtime runs the rest of the launch after it; catch the "
                      "exception or land the jump inside the task, and report the failure "
                      "through memory (a yield flag lets the host act on it)",
                      kernel->name, how);
}

static void check_calls(ckpt_kernel_t *kernel, LLVMValueRef inst) {
  if (!ckpt_is_call(inst))
    return;
  if (ckpt_marker_of(inst) == CKPT_MARKER_LAUNCH_NEXT ||
      ckpt_marker_of(inst) == CKPT_MARKER_LAUNCH_END)
    return; /* reported by structure.c or by the launch it belongs to */
  LLVMValueRef callee = LLVMGetCalledValue(inst);
  LLVMValueRef culprit = NULL;
  bool bad = false;
  if (LLVMIsAInlineAsm(callee))
    return;
  if (!LLVMIsAFunction(callee)) {
    bad = true;
  } else if (ckpt_has_string_attr(callee, "ckpt.graph")) {
    bad = true;
    culprit = callee;
  } else if (!LLVMIsDeclaration(callee)) {
    ckpt_list_t seen = {0};
    ckpt_list_push(&seen, callee);
    bad = find_bad_call(callee, &seen, &culprit) != NULL;
    ckpt_list_free(&seen);
  }
  if (!bad)
    return;
  if (!culprit) {
    ckpt_kernel_error(kernel, inst,
                      "graph kernel @%s calls through a function pointer; ckpt must see every "
                      "function a task calls, to keep graph kernels out of tasks: call the "
                      "function by name",
                      kernel->name);
    return;
  }
  size_t length = 0;
  const char *name = LLVMGetValueName2(culprit, &length);
  bool itself = culprit == kernel->function;
  ckpt_kernel_error(kernel, inst,
                    "graph kernel @%s calls graph kernel @%.*s%s; a graph kernel runs as a "
                    "whole launch from the host, never inside a task: %s",
                    kernel->name, (int)length, name, itself ? " (itself)" : "",
                    itself ? "launch it again from host code once this launch returns (a "
                             "CKPT_DO_WHILE repeats work within one launch)"
                           : "launch it from host code, before or after this kernel, or call "
                             "a plain function instead");
}

bool ckpt_check_outlining(ckpt_kernel_t *kernel) {
  for (size_t u = 0; u < kernel->unit_count; ++u) {
    ckpt_unit_t *unit = &kernel->units[u];
    if (unit->kind != CKPT_NODE_TASK && unit->kind != CKPT_NODE_BARE)
      continue;
    bool unit_ok = true;
    for (size_t b = 0; b < unit->blocks.size && unit_ok; ++b)
      for (LLVMValueRef inst = LLVMGetFirstInstruction(unit->blocks.items[b]); inst && unit_ok;
           inst = LLVMGetNextInstruction(inst)) {
        check_calls(kernel, inst);
        check_exit(kernel, &unit->blocks, inst);
        int count = LLVMGetNumOperands(inst);
        for (int i = 0; i < count && unit_ok; ++i)
          unit_ok = check_value(kernel, &unit->blocks, inst, LLVMGetOperand(inst, (unsigned)i), 0);
      }
  }
  return !kernel->failed;
}

/*--- moving the blocks -----------------------------------------------------------*/

typedef struct outliner_t {
  ckpt_kernel_t *kernel;
  LLVMValueRef function;
  LLVMBuilderRef at_entry; /* before the entry block's branch */
  ckpt_list_t originals, clones;
} outliner_t;

static LLVMValueRef local_value(outliner_t *o, LLVMValueRef value);

static LLVMValueRef rematerialize(outliner_t *o, LLVMValueRef inst) {
  for (size_t i = 0; i < o->originals.size; ++i)
    if (o->originals.items[i] == inst)
      return o->clones.items[i];
  LLVMValueRef clone = LLVMInstructionClone(inst);
  int count = LLVMGetNumOperands(clone);
  for (int i = 0; i < count; ++i)
    LLVMSetOperand(clone, (unsigned)i, local_value(o, LLVMGetOperand(inst, (unsigned)i)));
  LLVMInsertIntoBuilder(o->at_entry, clone);
  ckpt_list_push(&o->originals, inst);
  ckpt_list_push(&o->clones, clone);
  int64_t param = LLVMIsAAllocaInst(inst) ? copied_parameter(o->kernel, inst) : -1;
  if (param >= 0)
    LLVMBuildStore(o->at_entry, LLVMGetParam(o->function, (unsigned)param), clone);
  return clone;
}

/* `value` as the outlined function sees it. */
static LLVMValueRef local_value(outliner_t *o, LLVMValueRef value) {
  /* The kernel and every unit outlined from it take the same parameters; a value cloned
   * from a unit outlined earlier uses that unit's. */
  if (LLVMIsAArgument(value) && LLVMGetParamParent(value) != o->function) {
    LLVMValueRef owner = LLVMGetParamParent(value);
    for (unsigned i = 0; i < o->kernel->param_count; ++i)
      if (LLVMGetParam(owner, i) == value)
        return LLVMGetParam(o->function, i);
  }
  if (LLVMIsAInstruction(value) &&
      LLVMGetBasicBlockParent(LLVMGetInstructionParent(value)) != o->function)
    return rematerialize(o, value);
  return value;
}

static void copy_function_attributes(LLVMValueRef from, LLVMValueRef to) {
  unsigned count = LLVMGetAttributeCountAtIndex(from, LLVMAttributeFunctionIndex);
  LLVMAttributeRef *attrs = calloc(count + 1, sizeof *attrs);
  LLVMGetAttributesAtIndex(from, LLVMAttributeFunctionIndex, attrs);
  for (unsigned i = 0; i < count; ++i) {
    if (LLVMIsStringAttribute(attrs[i])) {
      unsigned length = 0;
      const char *key = LLVMGetStringAttributeKind(attrs[i], &length);
      if (length >= 5 && strncmp(key, "ckpt.", 5) == 0)
        continue;
    }
    LLVMAddAttributeAtIndex(to, LLVMAttributeFunctionIndex, attrs[i]);
  }
  free(attrs);
}

/* share_begin(n) and share_end(n) become the bounds of block `index` of `count`
 * contiguous blocks of ceil(n / count) iterations of [0, n), as the MLIR path's
 * passes/split_task.c cuts a loop: lo = min(index * block, n), hi = min(lo + block, n). */
static void lower_shares(LLVMValueRef function, LLVMValueRef share, LLVMBuilderRef b) {
  LLVMContextRef ctx = LLVMGetModuleContext(LLVMGetGlobalParent(function));
  LLVMTypeRef i64 = LLVMInt64TypeInContext(ctx);
  ckpt_list_t calls = {0};
  for (LLVMBasicBlockRef block = LLVMGetFirstBasicBlock(function); block;
       block = LLVMGetNextBasicBlock(block))
    for (LLVMValueRef inst = LLVMGetFirstInstruction(block); inst;
         inst = LLVMGetNextInstruction(inst)) {
      ckpt_marker_t marker = ckpt_marker_of(inst);
      if (marker == CKPT_MARKER_SHARE_BEGIN || marker == CKPT_MARKER_SHARE_END)
        ckpt_list_push(&calls, inst);
    }
  for (size_t i = 0; i < calls.size; ++i) {
    LLVMValueRef call = calls.items[i];
    LLVMPositionBuilderBefore(b, call);
    LLVMValueRef zero = LLVMConstInt(i64, 0, false), one = LLVMConstInt(i64, 1, false);
    LLVMValueRef n = LLVMGetOperand(call, 0);
    n = LLVMBuildSelect(b, LLVMBuildICmp(b, LLVMIntSLT, n, zero, ""), zero, n, "");
    LLVMValueRef index = LLVMBuildLoad2(b, i64, share, "share.index");
    LLVMValueRef count_address = LLVMBuildGEP2(b, i64, share, &one, 1, "");
    LLVMValueRef count = LLVMBuildLoad2(b, i64, count_address, "share.count");
    LLVMValueRef block = LLVMBuildSDiv(
        b, LLVMBuildSub(b, LLVMBuildAdd(b, n, count, ""), one, ""), count, "share.block");
    LLVMValueRef start = LLVMBuildMul(b, index, block, "");
    LLVMValueRef lo = LLVMBuildSelect(b, LLVMBuildICmp(b, LLVMIntSLT, start, n, ""), start, n,
                                      "share.lo");
    LLVMValueRef value = lo;
    if (ckpt_marker_of(call) == CKPT_MARKER_SHARE_END) {
      LLVMValueRef end = LLVMBuildAdd(b, lo, block, "");
      value = LLVMBuildSelect(b, LLVMBuildICmp(b, LLVMIntSLT, end, n, ""), end, n, "share.hi");
    }
    LLVMReplaceAllUsesWith(call, value);
    LLVMInstructionEraseFromParent(call);
  }
  ckpt_list_free(&calls);
}

static LLVMValueRef outline_unit(ckpt_kernel_t *kernel, ckpt_unit_t *unit) {
  LLVMContextRef ctx = LLVMGetModuleContext(kernel->module);
  char suffix[32];
  snprintf(suffix, sizeof suffix, "__fn%zu", kernel->fns.size);
  char *symbol = ckpt_symbol(kernel->name, strlen(kernel->name), suffix);
  /* The kernel's parameters, then the share. */
  unsigned n = kernel->param_count;
  LLVMTypeRef *params = calloc(n + 1, sizeof *params);
  for (unsigned i = 0; i < n; ++i)
    params[i] = LLVMTypeOf(LLVMGetParam(kernel->function, i));
  params[n] = LLVMPointerTypeInContext(ctx, 0);
  LLVMValueRef function = LLVMAddFunction(
      kernel->module, symbol, LLVMFunctionType(LLVMVoidTypeInContext(ctx), params, n + 1, false));
  free(params);
  free(symbol);
  LLVMSetLinkage(function, LLVMInternalLinkage);
  copy_function_attributes(kernel->function, function);
  /* The dispatch function calls each unit once: inlined, thousands of tasks made one
   * function the optimiser is quadratic in. */
  unsigned always = LLVMGetEnumAttributeKindForName("alwaysinline", 12);
  LLVMRemoveEnumAttributeAtIndex(function, LLVMAttributeFunctionIndex, always);
  unsigned never = LLVMGetEnumAttributeKindForName("noinline", 8);
  if (!LLVMGetEnumAttributeAtIndex(function, LLVMAttributeFunctionIndex, never))
    LLVMAddAttributeAtIndex(function, LLVMAttributeFunctionIndex,
                            LLVMCreateEnumAttribute(ctx, never, 0));
  LLVMBasicBlockRef entry = LLVMAppendBasicBlockInContext(ctx, function, "entry");
  LLVMBasicBlockRef last = entry;
  for (size_t b = 0; b < unit->blocks.size; ++b) {
    LLVMMoveBasicBlockAfter(unit->blocks.items[b], last);
    last = unit->blocks.items[b];
  }
  LLVMBasicBlockRef exit = LLVMAppendBasicBlockInContext(ctx, function, "exit");
  LLVMBuilderRef builder = LLVMCreateBuilderInContext(ctx);
  LLVMPositionBuilderAtEnd(builder, exit);
  LLVMBuildRetVoid(builder);
  LLVMPositionBuilderAtEnd(builder, entry);
  LLVMValueRef into_body = LLVMBuildBr(builder, unit->blocks.items[0]);
  LLVMPositionBuilderBefore(builder, into_body);

  outliner_t o = {.kernel = kernel, .function = function, .at_entry = builder};
  for (size_t b = 0; b < unit->blocks.size; ++b) {
    LLVMBasicBlockRef block = unit->blocks.items[b];
    for (LLVMValueRef inst = LLVMGetFirstInstruction(block); inst;
         inst = LLVMGetNextInstruction(inst)) {
      int count = LLVMGetNumOperands(inst);
      for (int i = 0; i < count; ++i) {
        LLVMValueRef operand = LLVMGetOperand(inst, (unsigned)i);
        if (LLVMValueIsBasicBlock(operand))
          continue;
        LLVMValueRef local = local_value(&o, operand);
        if (local != operand)
          LLVMSetOperand(inst, (unsigned)i, local);
      }
    }
    /* The edge to the next marker leaves the unit: it returns. */
    LLVMValueRef terminator = LLVMGetBasicBlockTerminator(block);
    unsigned successors = LLVMGetNumSuccessors(terminator);
    for (unsigned s = 0; s < successors; ++s)
      if (LLVMGetBasicBlockParent(LLVMGetSuccessor(terminator, s)) != function)
        LLVMSetSuccessor(terminator, s, exit);
  }
  if (unit->split)
    lower_shares(function, LLVMGetParam(function, n), builder);
  LLVMDisposeBuilder(builder);
  ckpt_list_free(&o.originals);
  ckpt_list_free(&o.clones);
  ckpt_llvm_move_debug_info(kernel->function, function);
  return function;
}

void ckpt_outline_units(ckpt_kernel_t *kernel) {
  for (size_t u = 0; u < kernel->unit_count; ++u) {
    ckpt_unit_t *unit = &kernel->units[u];
    if (unit->kind != CKPT_NODE_TASK && unit->kind != CKPT_NODE_BARE)
      continue;
    unit->fn = (int64_t)kernel->fns.size;
    ckpt_list_push(&kernel->fns, outline_unit(kernel, unit));
  }
}
