/* How lowered code talks to the runtime (runtime/include/ckpt/mlir_abi.h and plan.h):
 * packing kernel arguments, the status struct, runtime function declarations and the
 * module's context slot. Shared by the lowerings of every target. */
#ifndef CKPT_PASSES_HOST_ABI_H
#define CKPT_PASSES_HOST_ABI_H

#include "ir.h"

/* The LLVM type a parameter's storage has in the packed argument array: the memref
 * descriptor struct, i64 for index, the type itself for integers and floats; a null type
 * if the parameter type is not supported (then *why explains). */
MlirType ckpt_abi_storage_type(MlirType type, const char **why);

/* Why a graph kernel parameter of this type is not supported, or NULL if it is. Builds no
 * type, so it needs no dialect loaded. */
const char *ckpt_abi_param_problem(MlirType type);

/* Fills the CKPT_PARAM_* fields of one parameter. */
void ckpt_abi_param_fields(MlirType type, int64_t fields[4]);

/* !llvm.struct<(i64, i64, i64, ptr, i64)>: ckpt_mlir_status_t. */
MlirType ckpt_abi_status_type(MlirContext ctx);
enum { CKPT_ABI_STATUS_OK = 0, CKPT_ABI_STATUS_YIELDED = 1, CKPT_ABI_STATUS_LABEL = 2 };

/* Inserts `op` at the start of the entry block of the function enclosing `at`, for
 * allocas that must not sit in a loop. Returns the insertion point. */
ckpt_insert_t ckpt_abi_entry_insert(MlirOperation at);

/* Packs `values` (typed as the kernel's parameters) into a `void *args[]` array:
 * storage is alloca'd at the function's entry, filled at `at`. Returns the array. */
MlirValue ckpt_abi_pack_args(ckpt_insert_t at, MlirOperation enclosing_op, intptr_t n,
                             const MlirValue *values);

/* `func.func private @symbol(inputs) -> ()` owning `body` (an empty region declares it). */
MlirOperation ckpt_abi_private_func(MlirContext ctx, MlirLocation loc, const char *symbol,
                                    intptr_t n_inputs, const MlirType *inputs, MlirRegion body);

/* Declares (once) `func.func private @symbol(inputs) -> ()`. */
void ckpt_abi_declare_function(MlirOperation module, const char *symbol, intptr_t n_inputs,
                               const MlirType *inputs);

/* Declares (once) the runtime entry points as private func.func in the module. */
void ckpt_abi_declare_runtime(MlirOperation module);

/* The module's context slot global (created once). Returns its symbol name. */
const char *ckpt_abi_context_slot(MlirOperation module);

/* llvm.mlir.addressof @symbol. */
MlirValue ckpt_abi_address_of(ckpt_insert_t at, const char *symbol);

/* An internal llvm.mlir.global of type ptr initialised to null (a slot the runtime fills). */
void ckpt_abi_emit_null_slot(MlirOperation module, const char *symbol);

/* An internal constant llvm.mlir.global holding `data` (an attribute such as a dense
 * i64 tensor or a string) of LLVM type `type`. */
void ckpt_abi_emit_constant_global(MlirOperation module, const char *symbol, MlirType type,
                                   MlirAttribute data);

/* The linkage / calling-convention attributes an llvm.func or llvm.mlir.global needs. */
void ckpt_abi_add_symbol_attrs(MlirContext ctx, MlirOperationState *state, const char *symbol,
                               MlirType type_attr_type, const char *type_attr_name);

/* An internal global of `type` whose initializer builds an aggregate (an LLVM struct or
 * array) from `values`, one llvm.insertvalue per element; `build` creates each value in
 * the initializer block (they must be constants or addresses of symbols). */
typedef MlirValue (*ckpt_abi_element_fn_t)(ckpt_insert_t at, int64_t index, void *user_data);
void ckpt_abi_emit_aggregate_global(MlirOperation module, const char *symbol, MlirType type,
                                    bool constant, int64_t count, ckpt_abi_element_fn_t build,
                                    void *user_data);

/* An internal constant `!llvm.array<N x i64>` global; emits nothing and returns false
 * when count is 0 (the plan then holds a null pointer). */
bool ckpt_abi_emit_i64_array(MlirOperation module, const char *symbol, const int64_t *values,
                             size_t count);

/* The ckpt_target_t value of a target name; -1 if unknown. */
int64_t ckpt_abi_target_id(MlirStringRef target);

/* Emits, at `at`, the call of ckpt_mlir_launch for kernel `kernel_name` with `args`
 * (typed as its parameters); allocas go to the entry of the function around `anchor`.
 * A non-null resume_label (i64) resumes. Returns the status pointer (alloca'd when
 * want_status, else a null pointer). */
MlirValue ckpt_abi_emit_launch_call(ckpt_insert_t at, MlirOperation anchor, MlirOperation module,
                                    const char *kernel_name, int64_t target, intptr_t n_args,
                                    const MlirValue *args, MlirValue resume_label,
                                    bool want_status);

/* Appends op to the end of the module body. */
void ckpt_abi_append_to_module(MlirOperation module, MlirOperation op);

#endif /* CKPT_PASSES_HOST_ABI_H */
