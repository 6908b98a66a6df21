/* What the plugin's C pass logic needs from LLVM that the LLVM-C API does not offer
 * (docs/design.md, "The LLVM pass plugin"), implemented in CkptLLVMPlugin.cpp. */
#ifndef CKPT_LLVM_GLUE_H
#define CKPT_LLVM_GLUE_H

#include <stdbool.h>

#include "llvm-c/Core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Reports an error through the context's diagnostic handler, so clang prints
 * `file:line:col: error: message` (the location of `at`'s debug location, or of
 * `function` when `at` is NULL or has none) and opt fails. */
void ckpt_llvm_error(LLVMValueRef function, LLVMValueRef at, const char *message);

/* Promotes every promotable alloca of `function` to SSA values (mem2reg). */
void ckpt_llvm_promote_allocas(LLVMValueRef function);

/* Splits the block of `instruction` so that the instruction starts a new block; returns
 * it. Phi nodes in the successors are updated. */
LLVMBasicBlockRef ckpt_llvm_split_before(LLVMValueRef instruction);

/* Gives `function`, outlined from `kernel`, a debug subprogram of its own and moves its
 * instructions' locations there (their variables are dropped); without debug info in the
 * kernel, strips whatever the function holds. */
void ckpt_llvm_move_debug_info(LLVMValueRef kernel, LLVMValueRef function);

/* Whether `def` dominates `user`, both instructions of one function. */
bool ckpt_llvm_dominates(LLVMValueRef def, LLVMValueRef user);

/* How many branches lead to `block` (a block branching to it twice counts twice). */
unsigned ckpt_llvm_predecessor_count(LLVMBasicBlockRef block);

/* Merges `block` into its one predecessor when that branches only to it
 * (MergeBlockIntoPredecessor); returns whether it did. */
bool ckpt_llvm_merge_into_predecessor(LLVMBasicBlockRef block);

/* The one block that branches to `block`, or NULL if none or several do. */
LLVMBasicBlockRef ckpt_llvm_single_predecessor(LLVMBasicBlockRef block);

/* Replaces an invoke of a function that cannot throw (a marker) by a call and a branch to
 * its normal destination, updating the unwind destination's phis. */
void ckpt_llvm_invoke_to_call(LLVMValueRef invoke);

/* Whether `instruction` computes its value from its operands alone (no memory access,
 * no side effect, not a phi or alloca): it can be recomputed anywhere. */
bool ckpt_llvm_is_pure(LLVMValueRef instruction);

/* Whether `instruction` may run where it did not (isSafeToSpeculativelyExecute): pure, and
 * defined for every operand (no division by a value that may be zero). */
bool ckpt_llvm_is_speculatable(LLVMValueRef instruction);

/* Whether `instruction` is a statement: it reads or writes memory or has another side
 * effect. Lifetime markers and debug intrinsics are not. */
bool ckpt_llvm_has_effects(LLVMValueRef instruction);

/* The entry point of the pass, in C: lowers every graph kernel of `module` for `target`
 * (a ckpt_target_t). Returns true if it changed the module. */
bool ckpt_llvm_run(LLVMModuleRef module, long long target);

#ifdef __cplusplus
}
#endif

#endif /* CKPT_LLVM_GLUE_H */
