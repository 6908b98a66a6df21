/* Host launches: CKPT_LAUNCH(&status, K(args)) and CKPT_RESUME(&status, label, K(args))
 * leave a launch_next marker call before the call of K and a launch_end marker after it;
 * between them only the evaluation of K's arguments, which may hold calls and control
 * flow (a conditional operator, a sanitizer's check). Both become one call of
 * @K__ckpt_launch(status, has_resume, label, args...), which the kernel's own module
 * defines (plan.c); a kernel defined in another module is declared here.
 *
 * IR that has no launch_end (docs/llvm-ir.md: launch_next right before the call) names
 * the launched call by its shape: the first call after launch_next of a function that
 * returns nothing and is a graph kernel or defined elsewhere; calls that compute the
 * arguments return values. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glue.h"
#include "kernel.h"
#include "llvm-c/DebugInfo.h"

/* Calls a launch never names: intrinsics (lifetime markers, debug records), and functions
 * whose names C reserves for the implementation (sanitizer checks, __cxa_*, ckpt's
 * markers). */
static bool is_helper_call(LLVMValueRef inst) {
  LLVMValueRef callee = LLVMIsAFunction(LLVMGetCalledValue(inst));
  if (!callee)
    return false;
  size_t length = 0;
  const char *name = LLVMGetValueName2(callee, &length);
  return LLVMGetIntrinsicID(callee) != 0 || (length >= 2 && name[0] == '_' && name[1] == '_');
}

static bool returns_void(LLVMValueRef call) {
  return LLVMGetTypeKind(LLVMTypeOf(call)) == LLVMVoidTypeKind;
}

/* Without launch_end: whether `inst` is the call the launch names (check_launched then
 * says whether it may be launched). */
static bool is_launched_shape(LLVMValueRef inst) {
  return ckpt_is_call(inst) && !is_helper_call(inst) && returns_void(inst);
}

/* What a walk from a launch_next marker along every path reached first: a launch_end
 * marker (or, when `by_shape`, the launched call), the same one on every path that goes
 * on (paths into `unreachable`, a failed check's trap, end there). */
typedef struct walk_t {
  LLVMValueRef found;
  bool ambiguous; /* paths reached different ones, or one reached none */
} walk_t;

static bool stops_walk(LLVMValueRef inst, bool by_shape) {
  ckpt_marker_t marker = ckpt_marker_of(inst);
  if (marker == CKPT_MARKER_LAUNCH_END || marker == CKPT_MARKER_LAUNCH_NEXT)
    return true;
  return by_shape && is_launched_shape(inst);
}

static walk_t walk_from(LLVMValueRef marker, bool by_shape) {
  walk_t walk = {0};
  ckpt_list_t seen = {0}, work = {0};
  LLVMBasicBlockRef start = LLVMGetInstructionParent(marker);
  ckpt_list_push(&seen, start);
  ckpt_list_push(&work, start);
  while (work.size && !walk.ambiguous) {
    LLVMBasicBlockRef block = work.items[--work.size];
    LLVMValueRef inst =
        block == start ? LLVMGetNextInstruction(marker) : LLVMGetFirstInstruction(block);
    for (; inst && !stops_walk(inst, by_shape); inst = LLVMGetNextInstruction(inst))
      ;
    if (inst) {
      bool launch_end = ckpt_marker_of(inst) == CKPT_MARKER_LAUNCH_END;
      bool fits = by_shape ? ckpt_marker_of(inst) == CKPT_MARKER_NONE : launch_end;
      if (!fits || (walk.found && walk.found != inst))
        walk.ambiguous = true;
      walk.found = inst;
      continue;
    }
    LLVMValueRef terminator = LLVMGetBasicBlockTerminator(block);
    unsigned successors = terminator ? LLVMGetNumSuccessors(terminator) : 0;
    if (terminator && LLVMIsAReturnInst(terminator))
      walk.ambiguous = true; /* a path that launches nothing */
    for (unsigned s = 0; s < successors; ++s) {
      LLVMBasicBlockRef next = LLVMGetSuccessor(terminator, s);
      if (next == start) {
        walk.ambiguous = true; /* around a loop back to the marker */
      } else if (!ckpt_list_contains(&seen, next)) {
        ckpt_list_push(&seen, next);
        ckpt_list_push(&work, next);
      }
    }
  }
  ckpt_list_free(&seen);
  ckpt_list_free(&work);
  return walk;
}

/* The last call before launch_end `end`, past intrinsics: in its block, or the invoke
 * that ends the one block leading to it (a call with C++ objects alive). */
static LLVMValueRef call_before(LLVMValueRef end) {
  for (LLVMValueRef inst = LLVMGetPreviousInstruction(end); inst;
       inst = LLVMGetPreviousInstruction(inst))
    if (ckpt_is_call(inst) && !is_helper_call(inst))
      return inst;
  LLVMBasicBlockRef from = ckpt_llvm_single_predecessor(LLVMGetInstructionParent(end));
  LLVMValueRef terminator = from ? LLVMGetBasicBlockTerminator(from) : NULL;
  return terminator && LLVMIsAInvokeInst(terminator) ? terminator : NULL;
}

static void launch_error(LLVMValueRef function, LLVMValueRef at) {
  ckpt_llvm_error(function, at,
                  "CKPT_LAUNCH and CKPT_RESUME must wrap a direct call of a graph kernel, "
                  "e.g. CKPT_LAUNCH(&status, step(x, flag)); one kernel per launch (to "
                  "choose between kernels, write one launch for each in an if)");
}

static LLVMValueRef launch_function(LLVMModuleRef module, LLVMValueRef kernel) {
  size_t length = 0;
  const char *name = LLVMGetValueName2(kernel, &length);
  char *symbol = ckpt_symbol(name, length, "__ckpt_launch");
  LLVMValueRef launch = LLVMGetNamedFunction(module, symbol);
  if (!launch) {
    LLVMContextRef ctx = LLVMGetModuleContext(module);
    LLVMTypeRef type = LLVMGlobalGetValueType(kernel);
    unsigned n = LLVMCountParamTypes(type);
    LLVMTypeRef *inputs = calloc(n + 3, sizeof *inputs);
    inputs[0] = LLVMPointerTypeInContext(ctx, 0);
    inputs[1] = LLVMInt64TypeInContext(ctx);
    inputs[2] = LLVMInt64TypeInContext(ctx);
    LLVMGetParamTypes(type, inputs + 3);
    launch = LLVMAddFunction(module, symbol,
                             LLVMFunctionType(LLVMVoidTypeInContext(ctx), inputs, n + 3, false));
    free(inputs);
  }
  free(symbol);
  return launch;
}

/* Whether `call` may be launched: a direct call of a graph kernel of this module (lowered
 * by now) or of a function declared here, returning nothing. Reported otherwise. */
static bool check_launched(LLVMValueRef function, LLVMValueRef call) {
  LLVMValueRef kernel = LLVMIsAFunction(LLVMGetCalledValue(call));
  if (!kernel) {
    ckpt_llvm_error(function, call,
                    "CKPT_LAUNCH and CKPT_RESUME launch a graph kernel called by name; this "
                    "call goes through a function pointer: call the kernel directly (an if "
                    "with one launch per kernel chooses among several)");
    return false;
  }
  if (ckpt_has_string_attr(kernel, "ckpt.lowered"))
    return true;
  size_t length = 0;
  const char *name = LLVMGetValueName2(kernel, &length);
  if (!LLVMIsDeclaration(kernel) || !returns_void(call)) {
    char message[512];
    snprintf(message, sizeof message,
             "CKPT_LAUNCH and CKPT_RESUME launch graph kernels, but @%.*s is not one%s",
             (int)length, name,
             LLVMIsDeclaration(kernel) ? " (a graph kernel returns nothing)"
                                       : ": mark it with CKPT_GRAPH_KERNEL");
    ckpt_llvm_error(function, call, message);
    return false;
  }
  return true;
}

static bool rewrite(LLVMModuleRef module, LLVMValueRef function, LLVMValueRef marker) {
  if (!ckpt_marker_call_ok(marker)) {
    ckpt_llvm_error(function, marker,
                    "this call of @__ckpt_libCkptLLVMPlugin_launch_next does not match its "
                    "declaration in ckpt/graph.h (docs/llvm-ir.md lists the markers' signatures)");
    return false;
  }
  LLVMValueRef end = NULL, call = NULL;
  walk_t walk = walk_from(marker, false);
  if (walk.found && !walk.ambiguous) {
    end = walk.found;
    call = call_before(end);
  } else if (!walk.found) {
    walk = walk_from(marker, true);
    call = walk.ambiguous ? NULL : walk.found;
  }
  if (!call || !ckpt_llvm_dominates(marker, call)) {
    launch_error(function, marker);
    return false;
  }
  if (!check_launched(function, call))
    return false;
  LLVMValueRef kernel = LLVMGetCalledValue(call);
  LLVMValueRef launch = launch_function(module, kernel);
  unsigned n = (unsigned)LLVMGetNumArgOperands(call);
  LLVMValueRef *args = calloc(n + 3, sizeof *args);
  for (unsigned i = 0; i < 3; ++i)
    args[i] = LLVMGetOperand(marker, i);
  for (unsigned i = 0; i < n; ++i)
    args[3 + i] = LLVMGetOperand(call, i);
  LLVMBuilderRef b = LLVMCreateBuilderInContext(LLVMGetModuleContext(module));
  LLVMPositionBuilderBefore(b, call);
  LLVMTypeRef type = LLVMGlobalGetValueType(launch);
  LLVMValueRef replacement =
      LLVMIsAInvokeInst(call)
          ? LLVMBuildInvoke2(b, type, launch, args, n + 3, LLVMGetNormalDest(call),
                             LLVMGetUnwindDest(call), "")
          : LLVMBuildCall2(b, type, launch, args, n + 3, "");
  free(args);
  LLVMMetadataRef location = LLVMInstructionGetDebugLoc(call);
  if (location)
    LLVMInstructionSetDebugLoc(replacement, location);
  LLVMDisposeBuilder(b);
  LLVMInstructionEraseFromParent(call);
  LLVMInstructionEraseFromParent(marker);
  if (end)
    LLVMInstructionEraseFromParent(end);
  return true;
}

bool ckpt_rewrite_launches(LLVMModuleRef module) {
  ckpt_list_t markers = {0}, owners = {0};
  for (LLVMValueRef fn = LLVMGetFirstFunction(module); fn; fn = LLVMGetNextFunction(fn))
    for (LLVMBasicBlockRef block = LLVMGetFirstBasicBlock(fn); block;
         block = LLVMGetNextBasicBlock(block))
      for (LLVMValueRef inst = LLVMGetFirstInstruction(block); inst;
           inst = LLVMGetNextInstruction(inst))
        if (ckpt_marker_of(inst) == CKPT_MARKER_LAUNCH_NEXT) {
          ckpt_list_push(&markers, inst);
          ckpt_list_push(&owners, fn);
        }
  bool ok = true;
  for (size_t i = 0; i < markers.size; ++i)
    ok &= rewrite(module, owners.items[i], markers.items[i]);
  ckpt_list_free(&markers);
  ckpt_list_free(&owners);
  return ok;
}
