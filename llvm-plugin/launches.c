/* Host launches: CKPT_LAUNCH(&status, K(args)) and CKPT_RESUME(&status, label, K(args))
 * leave a launch_next marker call right before the call of K (only the evaluation of K's
 * arguments in between). Both become one call of @K__ckpt_launch(status, has_resume,
 * label, args...), which the kernel's own module defines (plan.c); a kernel defined in
 * another module is declared here. */
#include <stdio.h>
#include <string.h>

#include "glue.h"
#include "llvm-c/DebugInfo.h"
#include "kernel.h"

static LLVMValueRef next_call(LLVMValueRef marker) {
  for (LLVMValueRef inst = LLVMGetNextInstruction(marker); inst;
       inst = LLVMGetNextInstruction(inst)) {
    if (!LLVMIsACallInst(inst) && !LLVMIsAInvokeInst(inst))
      continue;
    LLVMValueRef callee = LLVMIsAFunction(LLVMGetCalledValue(inst));
    if (callee && LLVMGetIntrinsicID(callee) != 0)
      continue; /* lifetime markers and the like */
    return inst;
  }
  return NULL;
}

static LLVMValueRef launch_function(LLVMModuleRef module, LLVMValueRef kernel) {
  size_t length = 0;
  const char *name = LLVMGetValueName2(kernel, &length);
  char symbol[320];
  ckpt_launch_symbol(name, length, symbol, sizeof symbol);
  LLVMValueRef launch = LLVMGetNamedFunction(module, symbol);
  if (launch)
    return launch;
  LLVMContextRef ctx = LLVMGetModuleContext(module);
  LLVMTypeRef type = LLVMGlobalGetValueType(kernel);
  unsigned n = LLVMCountParamTypes(type);
  LLVMTypeRef inputs[259];
  if (n > 256)
    return NULL;
  inputs[0] = LLVMPointerTypeInContext(ctx, 0);
  inputs[1] = LLVMInt64TypeInContext(ctx);
  inputs[2] = LLVMInt64TypeInContext(ctx);
  LLVMGetParamTypes(type, inputs + 3);
  return LLVMAddFunction(module, symbol,
                         LLVMFunctionType(LLVMVoidTypeInContext(ctx), inputs, n + 3, false));
}

static bool rewrite(LLVMModuleRef module, LLVMValueRef function, LLVMValueRef marker) {
  if (!ckpt_marker_call_ok(marker)) {
    ckpt_llvm_error(function, marker,
                    "this call of @__ckpt_libCkptLLVMPlugin_launch_next does not match its "
                    "declaration in ckpt/graph.h (docs/llvm-ir.md lists the markers' signatures)");
    return false;
  }
  LLVMValueRef call = next_call(marker);
  LLVMValueRef kernel = call ? LLVMIsAFunction(LLVMGetCalledValue(call)) : NULL;
  if (!kernel || !LLVMIsACallInst(call)) {
    ckpt_llvm_error(function, marker,
                    "CKPT_LAUNCH and CKPT_RESUME must wrap a direct call of a graph kernel, "
                    "e.g. CKPT_LAUNCH(&status, step(x, flag))");
    return false;
  }
  bool graph = LLVMGetStringAttributeAtIndex(kernel, LLVMAttributeFunctionIndex, "ckpt.lowered",
                                             12) != NULL;
  if (!graph && !LLVMIsDeclaration(kernel)) {
    size_t length = 0;
    const char *name = LLVMGetValueName2(kernel, &length);
    char message[512];
    snprintf(message, sizeof message,
             "CKPT_LAUNCH and CKPT_RESUME launch graph kernels, but @%.*s is not one: mark it "
             "with CKPT_GRAPH_KERNEL",
             (int)length, name);
    ckpt_llvm_error(function, call, message);
    return false;
  }
  LLVMValueRef launch = launch_function(module, kernel);
  if (!launch) {
    ckpt_llvm_error(function, call, "a graph kernel takes at most 256 parameters");
    return false;
  }
  unsigned n = (unsigned)LLVMGetNumArgOperands(call);
  LLVMValueRef args[259];
  for (unsigned i = 0; i < 3; ++i)
    args[i] = LLVMGetOperand(marker, i);
  for (unsigned i = 0; i < n && i < 256; ++i)
    args[3 + i] = LLVMGetOperand(call, i);
  LLVMBuilderRef b = LLVMCreateBuilderInContext(LLVMGetModuleContext(module));
  LLVMPositionBuilderBefore(b, call);
  LLVMValueRef replacement =
      LLVMBuildCall2(b, LLVMGlobalGetValueType(launch), launch, args, n + 3, "");
  LLVMMetadataRef location = LLVMInstructionGetDebugLoc(call);
  if (location)
    LLVMInstructionSetDebugLoc(replacement, location);
  LLVMDisposeBuilder(b);
  LLVMInstructionEraseFromParent(call);
  LLVMInstructionEraseFromParent(marker);
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
