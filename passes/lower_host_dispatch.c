/* --ckpt-lower-host-dispatch: graph kernels become host-gated dispatch tables.
 *
 * For each graph kernel @K:
 *   - every task, and every run of consecutive bare statements, is outlined into a
 *     private function @K__fn<i> that takes all of @K's parameters (pure values it uses
 *     are re-materialised inside);
 *   - one llvm.func @K__ckpt_dispatch(fn, args) unpacks the parameters and calls @K__fn<fn>;
 *   - the plan (runtime/include/ckpt/plan.h) is emitted as constant globals;
 *   - @K's body becomes a call of the runtime, so `func.call @K` is a fresh launch.
 * Then every ckpt.launch becomes a runtime call filling a status struct, and the status
 * ops become loads from it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ckpt-c/Dialect.h"
#include "ckpt/ckpt.h"
#include "ckpt/passes.h"
#include "ckpt/plan.h"
#include "device_launches.h"
#include "graph.h"
#include "hip_chips.h"
#include "host_abi.h"
#include "lower_launch.h"
#include "outline.h"
#include "split_task.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Dialect/LLVM.h"

#define SYMBOL_MAX 512

typedef struct kernel_t {
  MlirOperation module;
  MlirOperation func;
  MlirContext ctx;
  char name[SYMBOL_MAX];
  intptr_t param_count;
  bool device;         /* tasks record launches (the extra argument is their recorder) */
  bool bundles;        /* target hip: each device image is a bundle of per-chip images */
  int64_t gating;      /* ckpt_gating_t */
  ckpt_i64vec_t nodes;
  ckpt_sbuf_t strings; /* NUL-separated; the kernel's name first */
  ckpt_vec_t fns;      /* outlined func.func ops, indexed by fn */
  bool failed;
} kernel_t;

/* Outlines one task or bare run into @K__fn<i>; returns i. Every @K__fn<i> takes one
 * !llvm.ptr after the kernel's parameters: on device targets the recorder of its
 * launches, on the CPU the share of a split task (unused by the others). On the CPU,
 * *out_split says whether the task was made to run in blocks (split_task.h). */
static int64_t outline_unit(kernel_t *kernel, ckpt_node_kind_t kind, const ckpt_vec_t *ops,
                            bool *out_split) {
  int64_t index = (int64_t)kernel->fns.size;
  char symbol[SYMBOL_MAX + 32];
  snprintf(symbol, sizeof symbol, "%s__fn%lld", kernel->name, (long long)index);
  MlirType extra = ckpt_llvm_ptr_type(kernel->ctx);
  MlirOperation fn = ckpt_outline_unit(kernel->module, kernel->func, symbol, ops, 1, &extra,
                                       &kernel->failed);
  *out_split = false;
  /* The dispatch function calls each @K__fn<i> once; inlined, a kernel of thousands of
   * tasks became one function that LLVM's optimiser took minutes over (quadratic), for a
   * call a task saves. */
  if (!mlirOperationIsNull(fn)) {
    MlirAttribute noinline = mlirStringAttrGet(kernel->ctx, ckpt_str("noinline"));
    mlirOperationSetDiscardableAttributeByName(fn, ckpt_str("passthrough"),
                                               mlirArrayAttrGet(kernel->ctx, 1, &noinline));
  }
  if (kernel->device && !kernel->failed)
    ckpt_device_lower_task_fn(kernel->module, fn, &kernel->failed);
  else if (!kernel->failed && kind == CKPT_NODE_TASK)
    *out_split = ckpt_split_task(fn);
  ckpt_vec_push(&kernel->fns, fn.ptr);
  return index;
}

/*--- plan -------------------------------------------------------------------*/

/* Appends a node with every field -1 but kind; returns its index. */
static size_t push_node(kernel_t *kernel, ckpt_node_kind_t kind) {
  size_t index = kernel->nodes.size / CKPT_NODE_FIELDS;
  for (int i = 0; i < CKPT_NODE_FIELDS; ++i)
    ckpt_i64vec_push(&kernel->nodes, -1);
  kernel->nodes.items[index * CKPT_NODE_FIELDS + CKPT_NODE_KIND] = kind;
  kernel->nodes.items[index * CKPT_NODE_FIELDS + CKPT_NODE_END] = (int64_t)index + 1;
  return index;
}

static void set_field(kernel_t *kernel, size_t node, int field, int64_t value) {
  kernel->nodes.items[node * CKPT_NODE_FIELDS + field] = value;
}

static void close_node(kernel_t *kernel, size_t node) {
  set_field(kernel, node, CKPT_NODE_END, (int64_t)(kernel->nodes.size / CKPT_NODE_FIELDS));
}

static void emit_unit(kernel_t *kernel, ckpt_node_kind_t kind, ckpt_vec_t *ops) {
  if (ops->size == 0)
    return;
  size_t node = push_node(kernel, kind);
  bool split = false;
  set_field(kernel, node, CKPT_NODE_FN, outline_unit(kernel, kind, ops, &split));
  if (split)
    set_field(kernel, node, CKPT_NODE_FLAGS, CKPT_NODE_FLAG_SPLIT);
  /* --ckpt-convert-tasks-to-gpu{programmatic-launch} built every kernel of the graph
   * kernel ready for a programmatic edge. */
  if (!mlirAttributeIsNull(mlirOperationGetDiscardableAttributeByName(
          kernel->func, ckpt_str("ckpt.programmatic_wait"))))
    set_field(kernel, node, CKPT_NODE_FLAGS, CKPT_NODE_FLAG_PROGRAMMATIC_WAIT);
  ops->size = 0;
}

static int64_t add_string(kernel_t *kernel, MlirStringRef text) {
  int64_t offset = (int64_t)kernel->strings.size;
  ckpt_sbuf_append(&kernel->strings, text.data, text.length);
  ckpt_sbuf_append(&kernel->strings, "", 1);
  return offset;
}

static void plan_checkpoint(kernel_t *kernel, MlirOperation checkpoint) {
  size_t node = push_node(kernel, CKPT_NODE_CHECKPOINT);
  set_field(kernel, node, CKPT_NODE_CP_ID, mlirCkptCheckpointOpGetCpId(checkpoint));
  set_field(kernel, node, CKPT_NODE_FLAGS, 0);
  if (!mlirCkptCheckpointOpIsImplicit(checkpoint)) {
    bool folded = !mlirAttributeIsNull(
        mlirOperationGetDiscardableAttributeByName(checkpoint, ckpt_str("ckpt.yield_folded")));
    set_field(kernel, node, CKPT_NODE_FLAGS,
              CKPT_NODE_FLAG_EXPLICIT | (folded ? CKPT_NODE_FLAG_YIELD_FOLDED : 0));
    set_field(kernel, node, CKPT_NODE_LABEL, mlirCkptCheckpointOpGetLabel(checkpoint));
    set_field(kernel, node, CKPT_NODE_PARAM,
              ckpt_param_index(kernel->func, mlirCkptCheckpointOpGetYieldOn(checkpoint)));
    MlirStringRef name = mlirCkptCheckpointOpGetName(checkpoint);
    if (name.data)
      set_field(kernel, node, CKPT_NODE_NAME, add_string(kernel, name));
  }
  ckpt_vec_t unit = {0};
  MlirBlock body = mlirCkptCheckpointOpGetBody(checkpoint);
  for (MlirOperation op = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op)) {
    if (ckpt_classify(op) != CKPT_CLASS_TASK)
      continue;
    ckpt_vec_push(&unit, op.ptr);
    emit_unit(kernel, CKPT_NODE_TASK, &unit);
  }
  ckpt_vec_free(&unit);
  close_node(kernel, node);
}

static void plan_block(kernel_t *kernel, MlirBlock block);

static void plan_bare_run(void *user, ckpt_vec_t *ops) {
  emit_unit(user, CKPT_NODE_BARE, ops);
}

static void plan_task(void *user, MlirOperation task) {
  ckpt_vec_t unit = {0};
  ckpt_vec_push(&unit, task.ptr);
  emit_unit(user, CKPT_NODE_TASK, &unit);
  ckpt_vec_free(&unit);
}

static void plan_checkpoint_unit(void *user, MlirOperation checkpoint) {
  plan_checkpoint(user, checkpoint);
}

static void plan_do_while(void *user, MlirOperation loop) {
  kernel_t *kernel = user;
  size_t node = push_node(kernel, CKPT_NODE_DO_WHILE);
  set_field(kernel, node, CKPT_NODE_PARAM,
            ckpt_param_index(kernel->func, mlirCkptDoWhileOpGetCond(loop)));
  plan_block(kernel, mlirCkptDoWhileOpGetBody(loop));
  close_node(kernel, node);
}

static void plan_block(kernel_t *kernel, MlirBlock block) {
  static const ckpt_unit_visitor_t kPlanUnits = {
      .bare_run = plan_bare_run,
      .task = plan_task,
      .checkpoint = plan_checkpoint_unit,
      .do_while = plan_do_while,
  };
  ckpt_visit_units(block, &kPlanUnits, kernel);
}

/*--- dispatch function ------------------------------------------------------*/

/* Loads parameter i of the kernel from the packed argument array. */
static MlirValue unpack_param(ckpt_insert_t at, MlirValue args, intptr_t i, MlirType type) {
  MlirContext ctx = mlirLocationGetContext(at.loc);
  MlirType ptr = ckpt_llvm_ptr_type(ctx);
  int32_t index = (int32_t)i;
  MlirNamedAttribute gep_attrs[2] = {
      ckpt_named(ctx, "elem_type", mlirTypeAttrGet(ptr)),
      ckpt_named(ctx, "rawConstantIndices", mlirDenseI32ArrayGet(ctx, 1, &index)),
  };
  MlirValue slot = ckpt_build1(at, "llvm.getelementptr", 1, &args, ptr, 2, gep_attrs);
  MlirValue storage_ptr = ckpt_build1(at, "llvm.load", 1, &slot, ptr, 0, NULL);
  const char *why = NULL;
  MlirType storage = ckpt_abi_storage_type(type, &why);
  MlirValue stored = ckpt_build1(at, "llvm.load", 1, &storage_ptr, storage, 0, NULL);
  if (mlirTypeIsAMemRef(type))
    return ckpt_build1(at, "builtin.unrealized_conversion_cast", 1, &stored, type, 0, NULL);
  if (mlirTypeIsAIndex(type))
    return ckpt_build1(at, "arith.index_cast", 1, &stored, type, 0, NULL);
  return stored;
}

static void add_yield_block(MlirRegion region, MlirLocation loc) {
  MlirBlock block = mlirBlockCreate(0, NULL, NULL);
  mlirRegionAppendOwnedBlock(region, block);
  ckpt_build0((ckpt_insert_t){block, {NULL}, loc}, "scf.yield", 0, NULL, 0, NULL);
}

/* llvm.func internal @K__ckpt_dispatch(%fn: i64, %args: !llvm.ptr): unpack, switch, call. */
static void emit_dispatch(kernel_t *kernel, const char *symbol) {
  MlirContext ctx = kernel->ctx;
  MlirLocation loc = mlirOperationGetLocation(kernel->func);
  MlirType ptr = ckpt_llvm_ptr_type(ctx);
  /* (fn, args, recorder): on the CPU the third is a split task's share, or NULL. */
  MlirType inputs[3] = {ckpt_i64(ctx), ptr, ptr};
  MlirType fn_type = mlirLLVMFunctionTypeGet(mlirLLVMVoidTypeGet(ctx), 3, inputs, false);
  MlirOperationState state = mlirOperationStateGet(ckpt_str("llvm.func"), loc);
  ckpt_abi_add_symbol_attrs(ctx, &state, symbol, fn_type, "function_type");
  MlirNamedAttribute cconv =
      ckpt_named(ctx, "CConv", mlirLLVMCConvAttrGet(ctx, MlirLLVMCConvC));
  mlirOperationStateAddAttributes(&state, 1, &cconv);
  MlirRegion region = mlirRegionCreate();
  MlirLocation locs[3] = {loc, loc, loc};
  MlirBlock block = mlirBlockCreate(3, inputs, locs);
  mlirRegionAppendOwnedBlock(region, block);
  mlirOperationStateAddOwnedRegions(&state, 1, &region);
  ckpt_abi_append_to_module(kernel->module, mlirOperationCreate(&state));

  ckpt_insert_t at = {block, {NULL}, loc};
  if (kernel->fns.size > 0) {
    /* The outlined functions' arguments: the parameters, then the recorder or share. */
    MlirValue *params = calloc((size_t)kernel->param_count + 2, sizeof(MlirValue));
    MlirBlock kernel_entry = ckpt_func_entry(kernel->func);
    for (intptr_t i = 0; i < kernel->param_count; ++i)
      params[i] = unpack_param(at, mlirBlockGetArgument(block, 1), i,
                               mlirValueGetType(mlirBlockGetArgument(kernel_entry, i)));
    intptr_t n_call = kernel->param_count;
    params[n_call++] = mlirBlockGetArgument(block, 2);
    MlirValue fn_index = mlirBlockGetArgument(block, 0);
    MlirValue index = ckpt_build1(at, "arith.index_cast", 1, &fn_index, mlirIndexTypeGet(ctx),
                                  0, NULL);
    int64_t *cases = calloc(kernel->fns.size, sizeof(int64_t));
    for (size_t i = 0; i < kernel->fns.size; ++i)
      cases[i] = (int64_t)i;
    MlirOperationState sw = mlirOperationStateGet(ckpt_str("scf.index_switch"), loc);
    mlirOperationStateAddOperands(&sw, 1, &index);
    MlirNamedAttribute cases_attr =
        ckpt_named(ctx, "cases", mlirDenseI64ArrayGet(ctx, (intptr_t)kernel->fns.size, cases));
    mlirOperationStateAddAttributes(&sw, 1, &cases_attr);
    MlirRegion *regions = calloc(kernel->fns.size + 1, sizeof(MlirRegion));
    for (size_t i = 0; i <= kernel->fns.size; ++i)
      regions[i] = mlirRegionCreate();
    add_yield_block(regions[0], loc); /* default: an index the plan never names */
    for (size_t i = 0; i < kernel->fns.size; ++i) {
      MlirBlock case_block = mlirBlockCreate(0, NULL, NULL);
      mlirRegionAppendOwnedBlock(regions[i + 1], case_block);
      ckpt_insert_t case_at = {case_block, {NULL}, loc};
      char callee[SYMBOL_MAX + 32];
      ckpt_symbol_name(CKPT_VEC_OP(&kernel->fns, i), callee, sizeof callee);
      MlirNamedAttribute callee_attr =
          ckpt_named(ctx, "callee", mlirFlatSymbolRefAttrGet(ctx, ckpt_str(callee)));
      ckpt_build0(case_at, "func.call", n_call, params, 1, &callee_attr);
      ckpt_build0(case_at, "scf.yield", 0, NULL, 0, NULL);
    }
    mlirOperationStateAddOwnedRegions(&sw, (intptr_t)kernel->fns.size + 1, regions);
    mlirBlockAppendOwnedOperation(block, mlirOperationCreate(&sw));
    free(regions);
    free(cases);
    free(params);
  }
  ckpt_build0(at, "llvm.return", 0, NULL, 0, NULL);
}

/*--- globals ----------------------------------------------------------------*/

typedef struct plan_field_t {
  const char *symbol; /* NULL: the constant `value`; "": a null pointer */
  int64_t value;
} plan_field_t;

static MlirValue plan_field(ckpt_insert_t at, int64_t index, void *user_data) {
  const plan_field_t *field = (const plan_field_t *)user_data + index;
  if (!field->symbol)
    return ckpt_llvm_constant_i64(at, field->value);
  if (!*field->symbol)
    return ckpt_build1(at, "llvm.mlir.zero", 0, NULL,
                       ckpt_llvm_ptr_type(mlirLocationGetContext(at.loc)), 0, NULL);
  return ckpt_abi_address_of(at, field->symbol);
}

/* The ckpt_plan_t global: its initializer region inserts every field in order. False
 * when the device images cannot be emitted. */
static bool emit_plan(kernel_t *kernel, const char *plan_symbol, const char *prefix) {
  MlirContext ctx = kernel->ctx;
  char params_symbol[SYMBOL_MAX + 32], nodes_symbol[SYMBOL_MAX + 32],
      strings_symbol[SYMBOL_MAX + 32], dispatch_symbol[SYMBOL_MAX + 32];
  snprintf(params_symbol, sizeof params_symbol, "%s_params", prefix);
  snprintf(nodes_symbol, sizeof nodes_symbol, "%s_nodes", prefix);
  snprintf(strings_symbol, sizeof strings_symbol, "%s_strings", prefix);
  snprintf(dispatch_symbol, sizeof dispatch_symbol, "%s_dispatch", prefix);

  ckpt_i64vec_t params = {0};
  MlirBlock entry = ckpt_func_entry(kernel->func);
  for (intptr_t i = 0; i < kernel->param_count; ++i) {
    int64_t fields[CKPT_PARAM_FIELDS];
    ckpt_abi_param_fields(mlirValueGetType(mlirBlockGetArgument(entry, i)), fields);
    for (int f = 0; f < CKPT_PARAM_FIELDS; ++f)
      ckpt_i64vec_push(&params, fields[f]);
  }
  bool has_params =
      ckpt_abi_emit_i64_array(kernel->module, params_symbol, params.items, params.size);
  bool has_nodes = ckpt_abi_emit_i64_array(kernel->module, nodes_symbol, kernel->nodes.items,
                                           kernel->nodes.size);
  ckpt_i64vec_free(&params);
  int64_t image_count =
      kernel->device ? ckpt_device_emit_images(kernel->module, kernel->bundles) : 0;
  if (image_count < 0)
    return false; /* a gpu.binary that cannot be bundled, reported there */
  ckpt_abi_emit_constant_global(
      kernel->module, strings_symbol,
      mlirLLVMArrayTypeGet(mlirIntegerTypeGet(ctx, 8), (unsigned)kernel->strings.size),
      mlirStringAttrGet(ctx, mlirStringRefCreate(kernel->strings.data, kernel->strings.size)));
  emit_dispatch(kernel, dispatch_symbol);

  MlirType ptr = ckpt_llvm_ptr_type(ctx);
  MlirType i64 = ckpt_i64(ctx);
  MlirType fields[12] = {i64, i64, ptr, i64, ptr, i64, ptr, ptr, i64, ptr, ptr, i64};
  MlirType plan_type = mlirLLVMStructTypeLiteralGet(ctx, 12, fields, false);
  /* Each field of ckpt_plan_t: an i64 constant, or the address of a symbol (NULL if none). */
  plan_field_t values[12] = {
      {NULL, (int64_t)CKPT_PLAN_ABI},
      {NULL, kernel->param_count},
      {has_params ? params_symbol : "", 0},
      {NULL, (int64_t)(kernel->nodes.size / CKPT_NODE_FIELDS)},
      {has_nodes ? nodes_symbol : "", 0},
      {NULL, (int64_t)kernel->strings.size},
      {strings_symbol, 0},
      {dispatch_symbol, 0},
      {NULL, image_count},
      {image_count ? CKPT_DEVICE_IMAGES_SYMBOL : "", 0},
      {image_count ? CKPT_DEVICE_IMAGE_SIZES_SYMBOL : "", 0},
      {NULL, kernel->gating},
  };
  ckpt_abi_emit_aggregate_global(kernel->module, plan_symbol, plan_type, true, 12, plan_field,
                                 values);
  return true;
}

/*--- the kernel's new body and the launches ---------------------------------*/

static void replace_kernel_body(kernel_t *kernel, int64_t target) {
  MlirBlock entry = ckpt_func_entry(kernel->func);
  ckpt_vec_t ops = {0};
  ckpt_block_ops(entry, &ops);
  for (size_t i = ops.size; i-- > 0;)
    mlirOperationDestroy(CKPT_VEC_OP(&ops, i));
  ckpt_vec_free(&ops);
  MlirValue *args = calloc((size_t)kernel->param_count + 1, sizeof(MlirValue));
  for (intptr_t i = 0; i < kernel->param_count; ++i)
    args[i] = mlirBlockGetArgument(entry, i);
  MlirLocation loc = mlirOperationGetLocation(kernel->func);
  /* An anchor so allocas land at the entry: the return, created first. */
  MlirOperation ret = ckpt_build(entry, (MlirOperation){NULL}, loc, "func.return", 0, NULL, 0,
                                 NULL, 0, NULL);
  ckpt_insert_t at = {entry, ret, loc};
  ckpt_abi_emit_launch_call(at, ret, kernel->module, kernel->name, target,
                            kernel->param_count, args, (MlirValue){NULL}, false);
  free(args);
  /* The kernel is an ordinary host function now; lowering it again would be wrong. */
  mlirOperationRemoveDiscardableAttributeByName(kernel->func, ckpt_str(MLIR_CKPT_GRAPH_ATTR));
  mlirOperationRemoveDiscardableAttributeByName(kernel->func,
                                                ckpt_str(MLIR_CKPT_CHECKPOINTS_ATTR));
}

static bool check_params(kernel_t *kernel) {
  MlirBlock entry = ckpt_func_entry(kernel->func);
  for (intptr_t i = 0; i < kernel->param_count; ++i) {
    const char *why = NULL;
    MlirType type = mlirValueGetType(mlirBlockGetArgument(entry, i));
    if (mlirTypeIsNull(ckpt_abi_storage_type(type, &why))) {
      ckpt_emit_error(kernel->func, "parameter %ld of graph kernel @%s: %s", (long)i,
                      kernel->name, why);
      return false;
    }
  }
  return true;
}

static bool lower_kernel(MlirOperation module, MlirOperation func, int64_t target,
                         int64_t gating) {
  kernel_t kernel = {.module = module,
                     .func = func,
                     .ctx = mlirOperationGetContext(func),
                     .device = target != CKPT_TARGET_CPU,
                     .bundles = target == CKPT_TARGET_HIP,
                     .gating = gating};
  ckpt_symbol_name(func, kernel.name, sizeof kernel.name);
  MlirBlock entry = ckpt_func_entry(func);
  kernel.param_count = mlirBlockGetNumArguments(entry);
  if (!check_params(&kernel))
    return false;
  if (mlirCkptFuncHasCheckpoints(func))
    ckpt_number_kernel(func);
  add_string(&kernel, ckpt_str(kernel.name));
  plan_block(&kernel, entry);
  bool ok = !kernel.failed;
  if (ok) {
    char prefix[SYMBOL_MAX + 32], plan[SYMBOL_MAX + 32];
    snprintf(prefix, sizeof prefix, "%s__ckpt", kernel.name);
    snprintf(plan, sizeof plan, "%s__ckpt_plan", kernel.name);
    ok = emit_plan(&kernel, plan, prefix);
  }
  if (ok) {
    char slot[SYMBOL_MAX + 32];
    snprintf(slot, sizeof slot, "%s__ckpt_kernel", kernel.name);
    ckpt_abi_emit_null_slot(module, slot);
    replace_kernel_body(&kernel, target);
  }
  ckpt_i64vec_free(&kernel.nodes);
  ckpt_sbuf_free(&kernel.strings);
  ckpt_vec_free(&kernel.fns);
  return ok;
}

/* target hip: prologue gating only, and a chip list the pipeline could compile for. */
static bool check_hip_options(MlirOperation module, int64_t gating, MlirStringRef chips) {
  if (gating == CKPT_GATING_IF_NODES) {
    ckpt_emit_error(module, "target hip: gating=if needs conditional graph nodes, which HIP "
                            "graphs do not have; use gating=auto or gating=prologue");
    return false;
  }
  char error[256];
  if (ckpt_hip_chips_check(ckpt_hip_chips_or_default(chips), error, sizeof error) ==
      CKPT_CHIP_VENDOR_NONE) {
    ckpt_emit_error(module, "target hip: chips=%.*s: %s", (int)chips.length, chips.data,
                    error);
    return false;
  }
  return true;
}

static int64_t gating_mode(MlirStringRef gating) {
  static const char *const kModes[] = {"auto", "prologue", "if"};
  for (int64_t i = 0; i < 3; ++i)
    if (mlirStringRefEqual(gating, ckpt_str(kModes[i])))
      return i; /* CKPT_GATING_AUTO, _PROLOGUE, _IF_NODES */
  return -1;
}

MlirLogicalResult ckptRunLowerHostDispatch(MlirOperation module, MlirStringRef target,
                                           MlirStringRef gating, MlirStringRef chips) {
  int64_t target_code = ckpt_abi_target_id(target);
  if (target_code < 0) {
    ckpt_emit_error(module, "unknown ckpt target '%.*s'; expected one of: cpu, cuda, hip, vulkan",
                    (int)target.length, target.data);
    return mlirLogicalResultFailure();
  }
  int64_t gating_code = gating_mode(gating);
  if (gating_code < 0) {
    ckpt_emit_error(module, "unknown gating '%.*s'; expected one of: auto, prologue, if",
                    (int)gating.length, gating.data);
    return mlirLogicalResultFailure();
  }
  if (target_code == CKPT_TARGET_HIP && !check_hip_options(module, gating_code, chips))
    return mlirLogicalResultFailure();
  if (!ckpt_check_module(module))
    return mlirLogicalResultFailure();

  /* A kernel's globals, and the runtime declarations, go into the module around it (it
   * may be nested). */
  ckpt_vec_t funcs = {0}, homes = {0};
  ckpt_collect_functions(module, &funcs);
  bool ok = true;
  for (size_t i = 0; i < funcs.size; ++i) {
    MlirOperation func = CKPT_VEC_OP(&funcs, i);
    if (!mlirCkptFuncIsGraph(func) || mlirBlockIsNull(ckpt_func_entry(func)))
      continue;
    MlirOperation home = ckpt_enclosing_module(func);
    ok &= lower_kernel(home, func, target_code, gating_code);
    bool seen = false;
    for (size_t h = 0; h < homes.size; ++h)
      seen |= homes.items[h] == home.ptr;
    if (!seen)
      ckpt_vec_push(&homes, home.ptr);
  }
  for (size_t h = 0; ok && h < homes.size; ++h) {
    ckpt_abi_declare_runtime(CKPT_VEC_OP(&homes, h));
    if (target_code != CKPT_TARGET_CPU) {
      ckpt_device_declare_runtime(CKPT_VEC_OP(&homes, h));
      ckpt_device_erase_binaries(CKPT_VEC_OP(&homes, h));
    }
  }
  ckpt_vec_free(&homes);
  ckpt_vec_free(&funcs);
  if (!ok)
    return mlirLogicalResultFailure();
  ckpt_lower_host_ops(module, target_code);
  return mlirLogicalResultSuccess();
}
