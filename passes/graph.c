#include "graph.h"

#include <string.h>

#include "ckpt-c/Dialect.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

ckpt_op_class_t ckpt_classify(MlirOperation op) {
  if (mlirCkptOpIsCheckpoint(op))
    return CKPT_CLASS_CHECKPOINT;
  if (mlirCkptOpIsDoWhile(op))
    return CKPT_CLASS_DO_WHILE;
  if (mlirCkptOpIsTask(op))
    return CKPT_CLASS_TASK;
  if (ckpt_op_is(op, "func.return"))
    return CKPT_CLASS_TERMINATOR;
  if (mlirCkptOpIsMemoryEffectFree(op))
    return CKPT_CLASS_PURE;
  return CKPT_CLASS_BARE;
}

bool ckpt_at_task_position(MlirOperation op) {
  MlirOperation parent = mlirOperationGetParentOperation(op);
  if (mlirOperationIsNull(parent))
    return false;
  if (mlirCkptOpIsCheckpoint(parent) || mlirCkptOpIsDoWhile(parent))
    return true;
  return ckpt_op_is(parent, "func.func") && mlirCkptFuncIsGraph(parent);
}

bool ckpt_in_graph_kernel(MlirOperation op) {
  MlirOperation func = ckpt_enclosing_func(op);
  return !mlirOperationIsNull(func) && mlirCkptFuncIsGraph(func);
}

static void flush_bare_run(const ckpt_unit_visitor_t *visitor, void *user, ckpt_vec_t *run) {
  if (run->size > 0)
    visitor->bare_run(user, run);
  run->size = 0;
}

void ckpt_visit_units(MlirBlock block, const ckpt_unit_visitor_t *visitor, void *user) {
  ckpt_vec_t ops = {0}, run = {0};
  ckpt_block_ops(block, &ops);
  for (size_t i = 0; i < ops.size; ++i) {
    MlirOperation op = CKPT_VEC_OP(&ops, i);
    ckpt_op_class_t kind = ckpt_classify(op);
    if (kind == CKPT_CLASS_PURE && run.size > 0)
      ckpt_vec_push(&run, op.ptr);
    if (kind == CKPT_CLASS_PURE || kind == CKPT_CLASS_TERMINATOR)
      continue;
    if (kind == CKPT_CLASS_BARE) {
      ckpt_vec_push(&run, op.ptr);
      continue;
    }
    flush_bare_run(visitor, user, &run);
    if (kind == CKPT_CLASS_TASK)
      visitor->task(user, op);
    else if (kind == CKPT_CLASS_CHECKPOINT)
      visitor->checkpoint(user, op);
    else
      visitor->do_while(user, op);
  }
  flush_bare_run(visitor, user, &run);
  ckpt_vec_free(&run);
  ckpt_vec_free(&ops);
}

static MlirWalkResult collect_func(MlirOperation op, void *user_data) {
  if (ckpt_op_is(op, "func.func"))
    ckpt_vec_push((ckpt_vec_t *)user_data, op.ptr);
  return MlirWalkResultAdvance;
}

void ckpt_collect_functions(MlirOperation module, ckpt_vec_t *out) {
  mlirOperationWalk(module, collect_func, out, MlirWalkPreOrder);
}

MlirBlock ckpt_func_entry(MlirOperation func) {
  return mlirRegionGetFirstBlock(mlirOperationGetRegion(func, 0));
}

MlirOperation ckpt_enclosing_func(MlirOperation op) {
  for (op = mlirOperationGetParentOperation(op); !mlirOperationIsNull(op);
       op = mlirOperationGetParentOperation(op))
    if (ckpt_op_is(op, "func.func"))
      return op;
  return (MlirOperation){NULL};
}

MlirOperation ckpt_enclosing_module(MlirOperation op) {
  for (op = mlirOperationGetParentOperation(op); !mlirOperationIsNull(op);
       op = mlirOperationGetParentOperation(op))
    if (ckpt_op_is(op, "builtin.module"))
      return op;
  return (MlirOperation){NULL};
}

MlirOperation ckpt_lookup_symbol(MlirOperation from, MlirStringRef name) {
  MlirOperation module = ckpt_enclosing_module(from);
  if (mlirOperationIsNull(module))
    return module;
  MlirSymbolTable symbols = mlirSymbolTableCreate(module);
  MlirOperation found = mlirSymbolTableLookup(symbols, name);
  mlirSymbolTableDestroy(symbols);
  return found;
}

MlirOperation ckpt_callee_of(MlirOperation call) {
  MlirAttribute ref = mlirOperationGetAttributeByName(call, ckpt_str("callee"));
  if (mlirAttributeIsNull(ref))
    return (MlirOperation){NULL};
  MlirOperation callee = ckpt_lookup_symbol(call, mlirSymbolRefAttrGetRootReference(ref));
  return !mlirOperationIsNull(callee) && ckpt_op_is(callee, "func.func") ? callee
                                                                         : (MlirOperation){NULL};
}

intptr_t ckpt_param_index(MlirOperation func, MlirValue value) {
  if (!mlirValueIsABlockArgument(value))
    return -1;
  MlirBlock entry = ckpt_func_entry(func);
  if (mlirBlockIsNull(entry) || !mlirBlockEqual(mlirBlockArgumentGetOwner(value), entry))
    return -1;
  return mlirBlockArgumentGetArgNumber(value);
}

MlirOperation ckpt_launched_gpu_func(MlirOperation launch, bool *out_is_binary) {
  *out_is_binary = false;
  MlirAttribute ref = mlirOperationGetAttributeByName(launch, ckpt_str("kernel"));
  if (mlirAttributeIsNull(ref))
    return (MlirOperation){NULL};
  MlirOperation gpu_module = ckpt_lookup_symbol(launch, mlirSymbolRefAttrGetRootReference(ref));
  if (mlirOperationIsNull(gpu_module) || !ckpt_op_is(gpu_module, "gpu.module")) {
    *out_is_binary = !mlirOperationIsNull(gpu_module) && ckpt_op_is(gpu_module, "gpu.binary");
    return (MlirOperation){NULL};
  }
  MlirSymbolTable kernels = mlirSymbolTableCreate(gpu_module);
  MlirOperation kernel = mlirSymbolTableLookup(kernels, mlirSymbolRefAttrGetLeafReference(ref));
  mlirSymbolTableDestroy(kernels);
  return kernel;
}

/*--- rule checks -----------------------------------------------------------*/

static bool is_flag_type(MlirType type) {
  return mlirTypeIsAMemRef(type) && mlirShapedTypeGetRank(type) == 0 &&
         mlirTypeIsAInteger(mlirShapedTypeGetElementType(type)) &&
         mlirIntegerTypeGetWidth(mlirShapedTypeGetElementType(type)) == 32;
}

/* "%arg1, %arg2" for the parameters of func that could serve as a flag, or a sentence
 * saying there are none. */
static void describe_flag_params(ckpt_sbuf_t *buf, MlirOperation func) {
  MlirBlock entry = ckpt_func_entry(func);
  intptr_t count = 0;
  for (intptr_t i = 0; i < mlirBlockGetNumArguments(entry); ++i) {
    if (!is_flag_type(mlirValueGetType(mlirBlockGetArgument(entry, i))))
      continue;
    ckpt_sbuf_printf(buf, "%s%%arg%ld", count ? ", " : "parameters that would do: ", (long)i);
    ++count;
  }
  if (count == 0)
    ckpt_sbuf_printf(buf, "it has none: add a `memref<i32>` parameter");
}

typedef struct check_state_t {
  bool ok;
  ckpt_vec_t labelled; /* explicit checkpoints seen so far, for duplicate labels */
  ckpt_vec_t tensor_kernels; /* graph kernels whose tensors were reported */
} check_state_t;

static void check_func_attrs(check_state_t *state, MlirOperation func) {
  char name[256];
  if (mlirCkptFuncHasCheckpoints(func) && !mlirCkptFuncIsGraph(func)) {
    ckpt_emit_error(func,
                    "`ckpt.checkpoints` is only valid on a graph kernel: add the `ckpt.graph` "
                    "attribute to @%s",
                    ckpt_symbol_name(func, name, sizeof name));
    state->ok = false;
  }
  if (!mlirCkptFuncIsGraph(func))
    return;
  MlirRegion body = mlirOperationGetRegion(func, 0);
  MlirBlock entry = mlirRegionGetFirstBlock(body);
  if (mlirBlockIsNull(entry)) {
    /* A kernel's plan is compiled from its body, so it cannot come from elsewhere. */
    ckpt_emit_error(func,
                    "graph kernel @%s is declared without a body: ckpt compiles a kernel from "
                    "its body, so define it in the module that launches it (or drop "
                    "`ckpt.graph` from the declaration)",
                    ckpt_symbol_name(func, name, sizeof name));
    state->ok = false;
    return;
  }
  if (!mlirBlockIsNull(mlirBlockGetNextInRegion(entry))) {
    ckpt_emit_error(func,
                    "graph kernel @%s must have a single-block body (a sequence of tasks, "
                    "checkpoints and do-whiles); move control flow into tasks",
                    ckpt_symbol_name(func, name, sizeof name));
    state->ok = false;
  }
  MlirOperation terminator = mlirBlockGetTerminator(entry);
  if (!mlirOperationIsNull(terminator) && mlirOperationGetNumOperands(terminator) > 0) {
    ckpt_emit_error(terminator,
                    "graph kernel @%s returns values; a graph kernel returns nothing: write "
                    "results to a memref parameter",
                    ckpt_symbol_name(func, name, sizeof name));
    state->ok = false;
  }
}

/* True if op sits where a checkpoint or do-while may: directly in the kernel's body or
 * directly in a do-while body. Otherwise emits the placement error. */
static bool check_placement(MlirOperation op, MlirOperation func, const char *what) {
  MlirOperation parent = mlirOperationGetParentOperation(op);
  if (mlirOperationEqual(parent, func) || mlirCkptOpIsDoWhile(parent))
    return true;
  ckpt_sbuf_t msg = {0};
  if (mlirCkptOpIsCheckpoint(parent) && mlirCkptOpIsCheckpoint(op)) {
    ckpt_sbuf_printf(&msg, "checkpoints cannot nest: this checkpoint is inside the checkpoint at ");
    ckpt_sbuf_location(&msg, mlirOperationGetLocation(parent));
    ckpt_sbuf_printf(&msg, "; move it to the kernel's top level or directly into a "
                           "`ckpt.do_while` body");
  } else {
    char parent_name[128];
    ckpt_sbuf_printf(&msg,
                     "%s cannot sit inside '%s': place it at the kernel's top level or directly "
                     "inside a `ckpt.do_while` body",
                     what, ckpt_op_name(parent, parent_name, sizeof parent_name));
  }
  ckpt_emit_error(op, "%s", msg.data);
  ckpt_sbuf_free(&msg);
  return false;
}

static bool works_on_tensors(MlirOperation op) {
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(op); ++i)
    if (mlirTypeIsATensor(mlirValueGetType(mlirOperationGetOperand(op, i))))
      return true;
  for (intptr_t i = 0; i < mlirOperationGetNumResults(op); ++i)
    if (mlirTypeIsATensor(mlirValueGetType(mlirOperationGetResult(op, i))))
      return true;
  return false;
}

static void check_checkpoint_body(check_state_t *state, MlirOperation checkpoint) {
  MlirBlock body = mlirCkptCheckpointOpGetBody(checkpoint);
  for (MlirOperation op = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op)) {
    /* Nested checkpoints and do-whiles are reported at themselves, ops on tensors by the
     * tensor check (wrapping them would not help). */
    if (ckpt_classify(op) != CKPT_CLASS_BARE || works_on_tensors(op))
      continue;
    char name[128];
    ckpt_emit_error(op,
                    "'%s' is a bare statement: a checkpoint body holds only tasks and pure "
                    "operations; wrap it in a one-iteration loop: `scf.for %%i = %%c0 to %%c1 "
                    "step %%c1 { %s ... }`",
                    ckpt_op_name(op, name, sizeof name), name);
    state->ok = false;
  }
}

static void check_label(check_state_t *state, MlirOperation checkpoint) {
  int64_t label = mlirCkptCheckpointOpGetLabel(checkpoint);
  MlirOperation func = ckpt_enclosing_func(checkpoint);
  for (size_t i = 0; i < state->labelled.size; ++i) {
    MlirOperation other = CKPT_VEC_OP(&state->labelled, i);
    if (mlirCkptCheckpointOpGetLabel(other) != label ||
        !mlirOperationEqual(ckpt_enclosing_func(other), func))
      continue;
    ckpt_sbuf_t msg = {0};
    ckpt_sbuf_printf(&msg, "checkpoint label %lld is already used by the checkpoint at ",
                     (long long)label);
    ckpt_sbuf_location(&msg, mlirOperationGetLocation(other));
    ckpt_sbuf_printf(&msg, "; labels must be unique in a kernel: pick another label");
    ckpt_emit_error(checkpoint, "%s", msg.data);
    ckpt_sbuf_free(&msg);
    state->ok = false;
    return;
  }
  ckpt_vec_push(&state->labelled, checkpoint.ptr);
}

static void check_checkpoint(check_state_t *state, MlirOperation checkpoint) {
  char name[256];
  MlirOperation func = ckpt_enclosing_func(checkpoint);
  if (mlirOperationIsNull(func)) {
    ckpt_emit_error(checkpoint, "'ckpt.checkpoint' must be inside a graph kernel (a func.func "
                                "with `ckpt.graph` and `ckpt.checkpoints`)");
    state->ok = false;
    return;
  }
  ckpt_symbol_name(func, name, sizeof name);
  if (!mlirCkptFuncIsGraph(func) || !mlirCkptFuncHasCheckpoints(func)) {
    ckpt_emit_error(checkpoint,
                    "'ckpt.checkpoint' is only allowed in a graph kernel that opted in to "
                    "checkpoints: add the %s to @%s",
                    mlirCkptFuncIsGraph(func) ? "`ckpt.checkpoints` attribute"
                                              : "`ckpt.graph` and `ckpt.checkpoints` attributes",
                    name);
    state->ok = false;
    return;
  }
  if (!check_placement(checkpoint, func, "a checkpoint"))
    state->ok = false;
  if (!mlirCkptCheckpointOpIsImplicit(checkpoint)) {
    MlirValue flag = mlirCkptCheckpointOpGetYieldOn(checkpoint);
    if (ckpt_param_index(func, flag) < 0 || !is_flag_type(mlirValueGetType(flag))) {
      ckpt_sbuf_t msg = {0};
      ckpt_sbuf_printf(&msg, "`yield_on` must be a parameter of @%s of type memref<i32>; ", name);
      describe_flag_params(&msg, func);
      ckpt_emit_error(checkpoint, "%s", msg.data);
      ckpt_sbuf_free(&msg);
      state->ok = false;
    }
    check_label(state, checkpoint);
  }
  check_checkpoint_body(state, checkpoint);
}

static void check_do_while(check_state_t *state, MlirOperation loop) {
  char name[256];
  MlirOperation func = ckpt_enclosing_func(loop);
  if (mlirOperationIsNull(func) || !mlirCkptFuncIsGraph(func)) {
    ckpt_emit_error(loop, "'ckpt.do_while' is only allowed in a graph kernel: add the "
                          "`ckpt.graph` attribute to the enclosing function");
    state->ok = false;
    return;
  }
  ckpt_symbol_name(func, name, sizeof name);
  if (!check_placement(loop, func, "a `ckpt.do_while`"))
    state->ok = false;
  if (ckpt_param_index(func, mlirCkptDoWhileOpGetCond(loop)) < 0) {
    ckpt_sbuf_t msg = {0};
    ckpt_sbuf_printf(&msg,
                     "the condition of `ckpt.do_while` must be a parameter of @%s of type "
                     "memref<i32> (user memory that keeps its value across launches); ",
                     name);
    describe_flag_params(&msg, func);
    ckpt_emit_error(loop, "%s", msg.data);
    ckpt_sbuf_free(&msg);
    state->ok = false;
  }
}

/* Tasks talk to each other through memory only: a result used outside its task would
 * cross a checkpoint boundary (and, on a GPU, a kernel boundary). */
static void check_task_results(check_state_t *state, MlirOperation task) {
  MlirOperation parent = mlirOperationGetParentOperation(task);
  bool in_graph = mlirCkptOpIsCheckpoint(parent) || mlirCkptOpIsDoWhile(parent) ||
                  (ckpt_op_is(parent, "func.func") && mlirCkptFuncIsGraph(parent));
  if (!in_graph)
    return;
  for (intptr_t i = 0; i < mlirOperationGetNumResults(task); ++i) {
    if (mlirOpOperandIsNull(mlirValueGetFirstUse(mlirOperationGetResult(task, i))))
      continue;
    char name[128];
    ckpt_emit_error(task,
                    "the results of task '%s' are used outside it; tasks of a graph kernel "
                    "communicate through memory: store the result into a memref parameter",
                    ckpt_op_name(task, name, sizeof name));
    state->ok = false;
    return;
  }
}

static void report_tensors(check_state_t *state, MlirOperation op, MlirOperation func) {
  char name[128];
  ckpt_emit_error(op,
                  "'%s' works on tensors, but the tasks of a graph kernel read and write "
                  "memrefs: bufferize first (e.g. `mlir-opt --one-shot-bufferize="
                  "\"bufferize-function-boundaries\"`) and give ckpt the memref form",
                  ckpt_op_name(op, name, sizeof name));
  ckpt_vec_push(&state->tensor_kernels, func.ptr);
  state->ok = false;
}

/* The graph kernel around `op`, or null. */
static MlirOperation graph_of(MlirOperation op) {
  MlirOperation func = ckpt_enclosing_func(op);
  return !mlirOperationIsNull(func) && mlirCkptFuncIsGraph(func) ? func : (MlirOperation){NULL};
}

static bool tensors_reported(const check_state_t *state, MlirOperation func) {
  for (size_t i = 0; i < state->tensor_kernels.size; ++i)
    if (mlirOperationEqual(CKPT_VEC_OP(&state->tensor_kernels, i), func))
      return true;
  return false;
}

/* Tensors have no memory to gate, and the ckpt pipeline does not bufferize: the user's
 * compiler must, before the kernel reaches ckpt. Every linalg op on tensors in a graph
 * kernel is reported; returns true if `op` was. */
static bool check_linalg_on_tensors(check_state_t *state, MlirOperation op) {
  if (!mlirCkptOpIsLinalg(op) || !mlirCkptOpUsesTensors(op))
    return false;
  MlirOperation func = graph_of(op);
  if (mlirOperationIsNull(func))
    return false;
  report_tensors(state, op, func);
  return true;
}

/* In a graph kernel without linalg on tensors, the first op on tensors
 * (bufferization.to_tensor, tensor.empty, arith on tensors) is reported instead. */
static MlirWalkResult check_other_tensors(MlirOperation op, void *user_data) {
  check_state_t *state = user_data;
  if (!works_on_tensors(op))
    return MlirWalkResultAdvance;
  MlirOperation func = graph_of(op);
  if (!mlirOperationIsNull(func) && !tensors_reported(state, func))
    report_tensors(state, op, func);
  return MlirWalkResultAdvance;
}

static MlirWalkResult check_op(MlirOperation op, void *user_data) {
  check_state_t *state = user_data;
  if (mlirCkptOpIsTask(op) && !check_linalg_on_tensors(state, op))
    check_task_results(state, op);
  if (mlirCkptOpIsCheckpoint(op))
    check_checkpoint(state, op);
  else if (mlirCkptOpIsDoWhile(op))
    check_do_while(state, op);
  else if (ckpt_op_is(op, "func.func"))
    check_func_attrs(state, op);
  return MlirWalkResultAdvance;
}

bool ckpt_check_module(MlirOperation module) {
  check_state_t state = {.ok = true};
  mlirOperationWalk(module, check_op, &state, MlirWalkPreOrder);
  mlirOperationWalk(module, check_other_tensors, &state, MlirWalkPreOrder);
  ckpt_vec_free(&state.labelled);
  ckpt_vec_free(&state.tensor_kernels);
  return ckpt_check_calls(module) && state.ok;
}

/*--- numbering -------------------------------------------------------------*/

typedef struct number_state_t {
  int64_t next_cp_id;
  ckpt_vec_t labels; /* MlirAttribute dictionaries */
} number_state_t;

static MlirWalkResult number_op(MlirOperation op, void *user_data) {
  number_state_t *state = user_data;
  if (!mlirCkptOpIsCheckpoint(op))
    return MlirWalkResultAdvance;
  int64_t cp_id = state->next_cp_id++;
  mlirCkptCheckpointOpSetCpId(op, cp_id);
  if (!mlirCkptCheckpointOpIsImplicit(op)) {
    MlirContext ctx = mlirOperationGetContext(op);
    MlirType i64 = ckpt_i64(ctx);
    MlirNamedAttribute entries[3];
    intptr_t n = 0;
    entries[n++] = ckpt_named(ctx, "cp_id", mlirIntegerAttrGet(i64, cp_id));
    entries[n++] = ckpt_named(ctx, "label",
                              mlirIntegerAttrGet(i64, mlirCkptCheckpointOpGetLabel(op)));
    MlirStringRef name = mlirCkptCheckpointOpGetName(op);
    if (name.data)
      entries[n++] = ckpt_named(ctx, "name", mlirStringAttrGet(ctx, name));
    ckpt_vec_push(&state->labels, (void *)mlirDictionaryAttrGet(ctx, n, entries).ptr);
  }
  /* Checkpoints never nest, so nothing inside one needs a number. */
  return MlirWalkResultSkip;
}

void ckpt_number_kernel(MlirOperation func) {
  number_state_t state = {0};
  mlirOperationWalk(func, number_op, &state, MlirWalkPreOrder);
  MlirContext ctx = mlirOperationGetContext(func);
  mlirOperationSetDiscardableAttributeByName(
      func, ckpt_str(MLIR_CKPT_LABELS_ATTR),
      mlirArrayAttrGet(ctx, (intptr_t)state.labels.size, (MlirAttribute *)state.labels.items));
  mlirOperationSetDiscardableAttributeByName(
      func, ckpt_str(MLIR_CKPT_NUM_CHECKPOINTS_ATTR),
      mlirIntegerAttrGet(ckpt_i64(ctx), state.next_cp_id));
  ckpt_vec_free(&state.labels);
}
