/* The plugin's model of one graph kernel: its parameters and the tree of units the
 * markers delimit, in the pre-order of the plan (runtime/include/ckpt/plan.h). */
#ifndef CKPT_LLVM_KERNEL_H
#define CKPT_LLVM_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ckpt/plan.h"
#include "llvm-c/Core.h"

/* The marker functions of ckpt/graph.h. */
typedef enum ckpt_marker_t {
  CKPT_MARKER_NONE = 0,
  CKPT_MARKER_TASK_BEGIN,
  CKPT_MARKER_TASK_END,
  CKPT_MARKER_CHECKPOINT_BEGIN,
  CKPT_MARKER_CHECKPOINT_END,
  CKPT_MARKER_DO_WHILE_BEGIN,
  CKPT_MARKER_DO_WHILE_END,
  CKPT_MARKER_LAUNCH_NEXT,
  CKPT_MARKER_LAUNCH_END,  /* after the launched call: CKPT_LAUNCH's closing marker */
  CKPT_MARKER_SHARE_BEGIN, /* inside a task: the bounds of a parallel loop's share */
  CKPT_MARKER_SHARE_END,
} ckpt_marker_t;

/* Whether `marker` delimits the kernel's structure (tasks, checkpoints, do-whiles). */
bool ckpt_marker_is_structural(ckpt_marker_t marker);

/* Which marker `instruction` calls, CKPT_MARKER_NONE if it is no marker call. */
ckpt_marker_t ckpt_marker_of(LLVMValueRef instruction);

/* Whether `function` has the string function attribute `key` ("ckpt.graph",
 * "ckpt.lowered", ...). */
bool ckpt_has_string_attr(LLVMValueRef function, const char *key);

/* Whether `instruction` calls a function: a call or an invoke. */
bool ckpt_is_call(LLVMValueRef instruction);

/* Whether a marker call passes what ckpt/graph.h declares (an IR producer may get it
 * wrong); every other check assumes it does. */
bool ckpt_marker_call_ok(LLVMValueRef call);

/* A growable array of pointers. */
typedef struct ckpt_list_t {
  void **items;
  size_t size, capacity;
} ckpt_list_t;

void ckpt_list_push(ckpt_list_t *list, void *item);
bool ckpt_list_contains(const ckpt_list_t *list, const void *item);
void ckpt_list_free(ckpt_list_t *list);

/* One plan node. Tasks and bare runs own the blocks they are outlined from. */
typedef struct ckpt_unit_t {
  ckpt_node_kind_t kind;
  size_t end;          /* index one past this node's subtree */
  LLVMValueRef marker; /* the begin marker (task, checkpoint, do-while), the first
                          statement (bare run); NULL for an implicit checkpoint */
  ckpt_list_t blocks;  /* task, bare run: the blocks, entry first */
  int64_t fn;          /* task, bare run: index of its outlined function */
  int64_t cp_id;       /* checkpoint */
  bool split;          /* task: it computes its loop bounds from a share (CKPT_NODE_FLAG_SPLIT) */
  bool is_explicit;
  int64_t label;
  const char *name; /* NULL if none; points into the module's constant */
  size_t name_length;
  int64_t param; /* explicit checkpoint: flag parameter; do-while: condition parameter */
} ckpt_unit_t;

typedef struct ckpt_kernel_t {
  LLVMModuleRef module;
  LLVMValueRef function;
  char *name; /* owned, NUL-terminated */
  bool has_checkpoints;
  unsigned param_count;
  bool *param_is_flag; /* used as a yield flag or do-while condition: an int32_t * */
  ckpt_unit_t *units;
  size_t unit_count, unit_capacity;
  ckpt_list_t fns; /* outlined functions, indexed by fn */
  /* Locals of the kernel's frame that hold a parameter (its address taken, a struct
   * passed by value), and the parameter's index: each unit using one gets a copy. */
  ckpt_list_t copies, copied_params;
  bool failed;
} ckpt_kernel_t;

/* Reports an error at `at` (may be NULL: the kernel) and marks the kernel failed. */
void ckpt_kernel_error(ckpt_kernel_t *kernel, LLVMValueRef at, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* Writes " at FILE:LINE:COL" for `instruction` into `out`, or "" without debug info. */
void ckpt_describe_location(LLVMValueRef instruction, char *out, size_t size);

/* structure.c: splits the kernel at its markers, checks the rules of docs/semantics.md
 * and fills kernel->units. Returns false (errors reported) on a rule broken. */
bool ckpt_build_units(ckpt_kernel_t *kernel);

/* outline.c: checks that every task and bare run can move into a function of its own
 * (what it uses from outside is a parameter, a constant or a pure computation of them),
 * then outlines each into @K__fn<i>(K's parameters, ptr share), where `share` points at
 * the ckpt_task_share_t to run (plan.h). ckpt_check_outlining reports and returns false. */
bool ckpt_check_outlining(ckpt_kernel_t *kernel);
/* Before the units are built: the kernel's frame storing parameters into locals (clang's
 * `n.addr` of a parameter whose address is taken, a struct parameter's copy) is taken out
 * and noted in kernel->copies, so that each unit using such a local gets one of its own,
 * holding the parameter. */
void ckpt_take_parameter_copies(ckpt_kernel_t *kernel);
void ckpt_outline_units(ckpt_kernel_t *kernel);

/* plan.c: emits the plan globals, the dispatch function, @K__ckpt_launch and the new
 * body of @K (a fresh launch). */
void ckpt_emit_plan(ckpt_kernel_t *kernel, int64_t target);

/* The symbol @<name><suffix> of one of the functions and globals emitted for kernel
 * @name (e.g. "__ckpt_launch"), in memory the caller frees. Names have no length limit:
 * C++ mangled names run to hundreds of characters. */
char *ckpt_symbol(const char *name, size_t length, const char *suffix);

/* launches.c: rewrites every CKPT_LAUNCH / CKPT_RESUME of the module into a call of the
 * kernel's launch function. Returns false on an error (reported). */
bool ckpt_rewrite_launches(LLVMModuleRef module);

#endif /* CKPT_LLVM_KERNEL_H */
