/* What the passes share about graph kernels: classifying the ops of a kernel body as
 * docs/semantics.md does, finding kernels, and checking the compile-time rules. */
#ifndef CKPT_PASSES_GRAPH_H
#define CKPT_PASSES_GRAPH_H

#include <stdbool.h>

#include "ir.h"

typedef enum ckpt_op_class_t {
  CKPT_CLASS_TASK,
  CKPT_CLASS_CHECKPOINT,
  CKPT_CLASS_DO_WHILE,
  CKPT_CLASS_PURE,
  CKPT_CLASS_BARE,
  CKPT_CLASS_TERMINATOR,
} ckpt_op_class_t;

/* The class of an op at the top level of a kernel, do-while or checkpoint body. */
ckpt_op_class_t ckpt_classify(MlirOperation op);

/* True if op sits where a task is one unit of the graph: directly in a graph kernel's
 * body, a do-while body or a checkpoint body (rather than inside another task). */
bool ckpt_at_task_position(MlirOperation op);

/* True if op is inside a graph kernel, at any depth. */
bool ckpt_in_graph_kernel(MlirOperation op);

/* The units of a kernel, do-while or checkpoint body, in order: runs of bare statements
 * (with the pure ops between their statements: a later statement may use a value
 * computed from an earlier one), tasks, checkpoints and do-whiles. The block's ops are
 * taken before the first callback, so callbacks may rewrite what they are given.
 * Do-while and checkpoint bodies are not entered: the callbacks decide. */
typedef struct ckpt_unit_visitor_t {
  void (*bare_run)(void *user, ckpt_vec_t *ops);
  void (*task)(void *user, MlirOperation task);
  void (*checkpoint)(void *user, MlirOperation checkpoint);
  void (*do_while)(void *user, MlirOperation loop);
} ckpt_unit_visitor_t;

void ckpt_visit_units(MlirBlock block, const ckpt_unit_visitor_t *visitor, void *user);

/* Every func.func in the module, in walk order. */
void ckpt_collect_functions(MlirOperation module, ckpt_vec_t *out);

/* The entry block of a function. */
MlirBlock ckpt_func_entry(MlirOperation func);

/* The func.func enclosing op, or a null op. */
MlirOperation ckpt_enclosing_func(MlirOperation op);

/* The builtin.module nearest around op (op itself excluded), or a null op. */
MlirOperation ckpt_enclosing_module(MlirOperation op);

/* The op named `name` in the symbol table of the module around `from`; null if none. */
MlirOperation ckpt_lookup_symbol(MlirOperation from, MlirStringRef name);
/* The func.func a func.call names, looked up from the module around the call; null if
 * there is none (the verifier reports unknown callees). */
MlirOperation ckpt_callee_of(MlirOperation call);

/* If value is a parameter of func, its index; else -1. */
intptr_t ckpt_param_index(MlirOperation func, MlirValue value);

/* The gpu.func a gpu.launch_func launches, found through the module around the launch;
 * a null op if there is none. *out_is_binary is set when the symbol names a gpu.binary
 * (a precompiled kernel, whose source ckpt cannot see). */
MlirOperation ckpt_launched_gpu_func(MlirOperation launch, bool *out_is_binary);

/* Checks every rule of docs/semantics.md "Compile-time rules" (plus what the lowering
 * relies on: do-while conditions are parameters, kernels return nothing), emitting one
 * error at each offending op. Returns false if any rule was broken. */
bool ckpt_check_module(MlirOperation module);

/* The call rule (calls.c): no task of a graph kernel reaches a graph kernel through
 * func.call, no graph kernel holds a ckpt.launch, and no task calls through a function
 * value. Emits one error at each offending op of a kernel; returns false if any. */
bool ckpt_check_calls(MlirOperation module);

/* Gives every checkpoint of a checked graph kernel its cp_id and writes the kernel's
 * label table. Idempotent. */
void ckpt_number_kernel(MlirOperation func);

#endif /* CKPT_PASSES_GRAPH_H */
