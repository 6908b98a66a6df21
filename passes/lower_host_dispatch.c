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
#include "ckpt/passes.h"
#include "ckpt/plan.h"
#include "graph.h"
#include "host_abi.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Dialect/LLVM.h"

#define SYMBOL_MAX 512

typedef struct int64_vec_t {
  int64_t *items;
  size_t size, capacity;
} int64_vec_t;

static void int64_push(int64_vec_t *vec, int64_t value) {
  if (vec->size == vec->capacity) {
    vec->capacity = vec->capacity ? vec->capacity * 2 : 64;
    int64_t *grown = realloc(vec->items, vec->capacity * sizeof(int64_t));
    if (!grown) {
      fputs("ckpt: out of memory\n", stderr);
      exit(1);
    }
    vec->items = grown;
  }
  vec->items[vec->size++] = value;
}

/* A map from values of the kernel to values of one outlined function. */
typedef struct value_map_t {
  ckpt_vec_t from, to;
} value_map_t;

static MlirValue map_lookup(const value_map_t *map, MlirValue value) {
  for (size_t i = 0; i < map->from.size; ++i)
    if (map->from.items[i] == value.ptr)
      return (MlirValue){map->to.items[i]};
  return (MlirValue){NULL};
}

static void map_add(value_map_t *map, MlirValue from, MlirValue to) {
  ckpt_vec_push(&map->from, (void *)from.ptr);
  ckpt_vec_push(&map->to, (void *)to.ptr);
}

static void map_free(value_map_t *map) {
  ckpt_vec_free(&map->from);
  ckpt_vec_free(&map->to);
}

typedef struct kernel_t {
  MlirOperation module;
  MlirOperation func;
  MlirContext ctx;
  char name[SYMBOL_MAX];
  intptr_t param_count;
  int64_vec_t nodes;
  ckpt_sbuf_t strings; /* NUL-separated; the kernel's name first */
  ckpt_vec_t fns;      /* outlined func.func ops, indexed by fn */
  bool failed;
} kernel_t;

/*--- outlining --------------------------------------------------------------*/

typedef struct outline_t {
  kernel_t *kernel;
  MlirOperation fn;
  MlirBlock block;
  MlirOperation first_clone; /* re-materialised pure ops go before it */
  value_map_t map;
} outline_t;

static MlirValue remap(outline_t *outline, MlirValue value, MlirOperation user);

/* Clones the pure op defining `value` into the outlined function (its operands first). */
static MlirValue materialize(outline_t *outline, MlirValue value, MlirOperation user) {
  MlirOperation def = mlirOpResultGetOwner(value);
  if (ckpt_classify(def) != CKPT_CLASS_PURE) {
    char name[128];
    ckpt_emit_error(user,
                    "uses a value produced by '%s', which is not pure and lies outside this "
                    "task; tasks of a graph kernel communicate through memory: move the op "
                    "into the task",
                    ckpt_op_name(def, name, sizeof name));
    outline->kernel->failed = true;
    return value;
  }
  MlirOperation clone = mlirOperationClone(def);
  mlirBlockInsertOwnedOperationBefore(outline->block, outline->first_clone, clone);
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(clone); ++i)
    mlirOperationSetOperand(clone, i, remap(outline, mlirOperationGetOperand(clone, i), clone));
  for (intptr_t i = 0; i < mlirOperationGetNumResults(def); ++i)
    map_add(&outline->map, mlirOperationGetResult(def, i), mlirOperationGetResult(clone, i));
  return mlirOperationGetResult(clone, mlirOpResultGetResultNumber(value));
}

/* The value of the outlined function standing for `value` of the kernel. */
static MlirValue remap(outline_t *outline, MlirValue value, MlirOperation user) {
  if (ckpt_op_is_inside(ckpt_value_scope_op(value), outline->fn))
    return value;
  MlirValue mapped = map_lookup(&outline->map, value);
  if (!mlirValueIsNull(mapped))
    return mapped;
  if (!mlirValueIsAOpResult(value)) {
    ckpt_emit_error(user, "uses a block argument that is not a parameter of the graph kernel");
    outline->kernel->failed = true;
    return value;
  }
  return materialize(outline, value, user);
}

static MlirWalkResult remap_operands(MlirOperation op, void *user_data) {
  outline_t *outline = user_data;
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(op); ++i) {
    MlirValue operand = mlirOperationGetOperand(op, i);
    MlirValue mapped = remap(outline, operand, op);
    if (!mlirValueEqual(mapped, operand))
      mlirOperationSetOperand(op, i, mapped);
  }
  return MlirWalkResultAdvance;
}

/* Outlines `ops` (one task, or one run of bare statements) into @K__fn<i>; returns i. */
static int64_t outline_unit(kernel_t *kernel, const ckpt_vec_t *ops) {
  MlirContext ctx = kernel->ctx;
  int64_t index = (int64_t)kernel->fns.size;
  char symbol[SYMBOL_MAX + 32];
  snprintf(symbol, sizeof symbol, "%s__fn%lld", kernel->name, (long long)index);

  MlirBlock kernel_entry = ckpt_func_entry(kernel->func);
  MlirType *types = calloc((size_t)kernel->param_count + 1, sizeof(MlirType));
  MlirLocation *locs = calloc((size_t)kernel->param_count + 1, sizeof(MlirLocation));
  for (intptr_t i = 0; i < kernel->param_count; ++i) {
    MlirValue arg = mlirBlockGetArgument(kernel_entry, i);
    types[i] = mlirValueGetType(arg);
    locs[i] = mlirValueGetLocation(arg);
  }
  MlirLocation loc = mlirOperationGetLocation(CKPT_VEC_OP(ops, 0));
  MlirOperationState state = mlirOperationStateGet(ckpt_str("func.func"), loc);
  MlirNamedAttribute attrs[3] = {
      ckpt_named(ctx, "sym_name", mlirStringAttrGet(ctx, ckpt_str(symbol))),
      ckpt_named(ctx, "function_type",
                 mlirTypeAttrGet(mlirFunctionTypeGet(ctx, kernel->param_count, types, 0, NULL))),
      ckpt_named(ctx, "sym_visibility", mlirStringAttrGet(ctx, ckpt_str("private"))),
  };
  mlirOperationStateAddAttributes(&state, 3, attrs);
  MlirRegion region = mlirRegionCreate();
  MlirBlock block = mlirBlockCreate(kernel->param_count, types, locs);
  mlirRegionAppendOwnedBlock(region, block);
  mlirOperationStateAddOwnedRegions(&state, 1, &region);
  MlirOperation fn = mlirOperationCreate(&state);
  free(types);
  free(locs);
  ckpt_abi_append_to_module(kernel->module, fn);

  outline_t outline = {.kernel = kernel, .fn = fn, .block = block};
  for (intptr_t i = 0; i < kernel->param_count; ++i)
    map_add(&outline.map, mlirBlockGetArgument(kernel_entry, i), mlirBlockGetArgument(block, i));
  for (size_t i = 0; i < ops->size; ++i) {
    MlirOperation original = CKPT_VEC_OP(ops, i);
    MlirOperation clone = mlirOperationClone(original);
    mlirBlockAppendOwnedOperation(block, clone);
    if (i == 0)
      outline.first_clone = clone;
    for (intptr_t r = 0; r < mlirOperationGetNumResults(original); ++r)
      map_add(&outline.map, mlirOperationGetResult(original, r),
              mlirOperationGetResult(clone, r));
  }
  for (MlirOperation clone = outline.first_clone; !mlirOperationIsNull(clone);
       clone = mlirOperationGetNextInBlock(clone))
    mlirOperationWalk(clone, remap_operands, &outline, MlirWalkPreOrder);
  ckpt_build0((ckpt_insert_t){block, {NULL}, loc}, "func.return", 0, NULL, 0, NULL);
  map_free(&outline.map);
  ckpt_vec_push(&kernel->fns, fn.ptr);
  return index;
}

/*--- plan -------------------------------------------------------------------*/

/* Appends a node with every field -1 but kind; returns its index. */
static size_t push_node(kernel_t *kernel, ckpt_node_kind_t kind) {
  size_t index = kernel->nodes.size / CKPT_NODE_FIELDS;
  for (int i = 0; i < CKPT_NODE_FIELDS; ++i)
    int64_push(&kernel->nodes, -1);
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
  set_field(kernel, node, CKPT_NODE_FN, outline_unit(kernel, ops));
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
    set_field(kernel, node, CKPT_NODE_FLAGS, CKPT_NODE_FLAG_EXPLICIT);
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

static void plan_block(kernel_t *kernel, MlirBlock block) {
  ckpt_vec_t bare = {0}, task = {0};
  for (MlirOperation op = mlirBlockGetFirstOperation(block); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op)) {
    ckpt_op_class_t kind = ckpt_classify(op);
    if (kind == CKPT_CLASS_PURE || kind == CKPT_CLASS_TERMINATOR)
      continue;
    if (kind == CKPT_CLASS_BARE) {
      ckpt_vec_push(&bare, op.ptr);
      continue;
    }
    emit_unit(kernel, CKPT_NODE_BARE, &bare);
    if (kind == CKPT_CLASS_TASK) {
      ckpt_vec_push(&task, op.ptr);
      emit_unit(kernel, CKPT_NODE_TASK, &task);
    } else if (kind == CKPT_CLASS_CHECKPOINT) {
      plan_checkpoint(kernel, op);
    } else {
      size_t node = push_node(kernel, CKPT_NODE_DO_WHILE);
      set_field(kernel, node, CKPT_NODE_PARAM,
                ckpt_param_index(kernel->func, mlirCkptDoWhileOpGetCond(op)));
      plan_block(kernel, mlirCkptDoWhileOpGetBody(op));
      close_node(kernel, node);
    }
  }
  emit_unit(kernel, CKPT_NODE_BARE, &bare);
  ckpt_vec_free(&bare);
  ckpt_vec_free(&task);
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
  MlirType inputs[2] = {ckpt_i64(ctx), ptr};
  MlirType fn_type = mlirLLVMFunctionTypeGet(mlirLLVMVoidTypeGet(ctx), 2, inputs, false);
  MlirOperationState state = mlirOperationStateGet(ckpt_str("llvm.func"), loc);
  ckpt_abi_add_symbol_attrs(ctx, &state, symbol, fn_type, "function_type");
  MlirNamedAttribute cconv =
      ckpt_named(ctx, "CConv", mlirLLVMCConvAttrGet(ctx, MlirLLVMCConvC));
  mlirOperationStateAddAttributes(&state, 1, &cconv);
  MlirRegion region = mlirRegionCreate();
  MlirLocation locs[2] = {loc, loc};
  MlirBlock block = mlirBlockCreate(2, inputs, locs);
  mlirRegionAppendOwnedBlock(region, block);
  mlirOperationStateAddOwnedRegions(&state, 1, &region);
  ckpt_abi_append_to_module(kernel->module, mlirOperationCreate(&state));

  ckpt_insert_t at = {block, {NULL}, loc};
  if (kernel->fns.size > 0) {
    MlirValue *params = calloc((size_t)kernel->param_count + 1, sizeof(MlirValue));
    MlirBlock kernel_entry = ckpt_func_entry(kernel->func);
    for (intptr_t i = 0; i < kernel->param_count; ++i)
      params[i] = unpack_param(at, mlirBlockGetArgument(block, 1), i,
                               mlirValueGetType(mlirBlockGetArgument(kernel_entry, i)));
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
      ckpt_build0(case_at, "func.call", kernel->param_count, params, 1, &callee_attr);
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

static MlirAttribute i64_tensor(MlirContext ctx, const int64_t *values, size_t count) {
  int64_t shape[1] = {(int64_t)count};
  MlirType type = mlirRankedTensorTypeGet(1, shape, ckpt_i64(ctx), mlirAttributeGetNull());
  return mlirDenseElementsAttrInt64Get(type, (intptr_t)count, values);
}

/* An internal constant i64 array global; returns false (and emits nothing) if empty. */
static bool emit_i64_array(kernel_t *kernel, const char *symbol, const int64_t *values,
                           size_t count) {
  if (count == 0)
    return false;
  MlirType type = mlirLLVMArrayTypeGet(ckpt_i64(kernel->ctx), (unsigned)count);
  ckpt_abi_emit_constant_global(kernel->module, symbol, type,
                                i64_tensor(kernel->ctx, values, count));
  return true;
}

/* The ckpt_plan_t global: its initializer region inserts every field in order. */
static void emit_plan(kernel_t *kernel, const char *plan_symbol, const char *prefix) {
  MlirContext ctx = kernel->ctx;
  char params_symbol[SYMBOL_MAX + 32], nodes_symbol[SYMBOL_MAX + 32],
      strings_symbol[SYMBOL_MAX + 32], dispatch_symbol[SYMBOL_MAX + 32];
  snprintf(params_symbol, sizeof params_symbol, "%s_params", prefix);
  snprintf(nodes_symbol, sizeof nodes_symbol, "%s_nodes", prefix);
  snprintf(strings_symbol, sizeof strings_symbol, "%s_strings", prefix);
  snprintf(dispatch_symbol, sizeof dispatch_symbol, "%s_dispatch", prefix);

  int64_vec_t params = {0};
  MlirBlock entry = ckpt_func_entry(kernel->func);
  for (intptr_t i = 0; i < kernel->param_count; ++i) {
    int64_t fields[CKPT_PARAM_FIELDS];
    ckpt_abi_param_fields(mlirValueGetType(mlirBlockGetArgument(entry, i)), fields);
    for (int f = 0; f < CKPT_PARAM_FIELDS; ++f)
      int64_push(&params, fields[f]);
  }
  bool has_params = emit_i64_array(kernel, params_symbol, params.items, params.size);
  bool has_nodes = emit_i64_array(kernel, nodes_symbol, kernel->nodes.items, kernel->nodes.size);
  free(params.items);
  ckpt_abi_emit_constant_global(
      kernel->module, strings_symbol,
      mlirLLVMArrayTypeGet(mlirIntegerTypeGet(ctx, 8), (unsigned)kernel->strings.size),
      mlirStringAttrGet(ctx, mlirStringRefCreate(kernel->strings.data, kernel->strings.size)));
  emit_dispatch(kernel, dispatch_symbol);

  MlirType ptr = ckpt_llvm_ptr_type(ctx);
  MlirType i64 = ckpt_i64(ctx);
  MlirType fields[10] = {i64, i64, ptr, i64, ptr, i64, ptr, ptr, i64, ptr};
  MlirType plan_type = mlirLLVMStructTypeLiteralGet(ctx, 10, fields, false);
  MlirOperationState state =
      mlirOperationStateGet(ckpt_str("llvm.mlir.global"), mlirLocationUnknownGet(ctx));
  ckpt_abi_add_symbol_attrs(ctx, &state, plan_symbol, plan_type, "global_type");
  MlirNamedAttribute extra[2] = {
      ckpt_named(ctx, "constant", mlirUnitAttrGet(ctx)),
      ckpt_named(ctx, "addr_space", mlirIntegerAttrGet(mlirIntegerTypeGet(ctx, 32), 0)),
  };
  mlirOperationStateAddAttributes(&state, 2, extra);
  MlirRegion init = mlirRegionCreate();
  MlirBlock block = mlirBlockCreate(0, NULL, NULL);
  mlirRegionAppendOwnedBlock(init, block);
  mlirOperationStateAddOwnedRegions(&state, 1, &init);
  ckpt_abi_append_to_module(kernel->module, mlirOperationCreate(&state));

  ckpt_insert_t at = {block, {NULL}, mlirLocationUnknownGet(ctx)};
  MlirValue null_ptr = ckpt_build1(at, "llvm.mlir.zero", 0, NULL, ptr, 0, NULL);
  MlirValue values[10] = {
      ckpt_llvm_constant_i64(at, (int64_t)CKPT_PLAN_ABI),
      ckpt_llvm_constant_i64(at, kernel->param_count),
      has_params ? ckpt_abi_address_of(at, params_symbol) : null_ptr,
      ckpt_llvm_constant_i64(at, (int64_t)(kernel->nodes.size / CKPT_NODE_FIELDS)),
      has_nodes ? ckpt_abi_address_of(at, nodes_symbol) : null_ptr,
      ckpt_llvm_constant_i64(at, (int64_t)kernel->strings.size),
      ckpt_abi_address_of(at, strings_symbol),
      ckpt_abi_address_of(at, dispatch_symbol),
      ckpt_llvm_constant_i64(at, 0),
      null_ptr,
  };
  MlirValue plan = ckpt_build1(at, "llvm.mlir.undef", 0, NULL, plan_type, 0, NULL);
  for (int64_t i = 0; i < 10; ++i) {
    MlirNamedAttribute position = ckpt_named(ctx, "position", mlirDenseI64ArrayGet(ctx, 1, &i));
    MlirValue operands[2] = {plan, values[i]};
    plan = ckpt_build1(at, "llvm.insertvalue", 2, operands, plan_type, 1, &position);
  }
  ckpt_build0(at, "llvm.return", 1, &plan, 0, NULL);
}

/*--- the kernel's new body and the launches ---------------------------------*/

static int64_t target_id(MlirStringRef target) {
  static const char *const kTargets[] = {"cpu", "cuda", "hip", "vulkan"};
  for (int64_t i = 0; i < 4; ++i)
    if (mlirStringRefEqual(target, ckpt_str(kTargets[i])))
      return i;
  return -1;
}

/* Emits the runtime call for one launch at `at` and returns the status pointer. */
static MlirValue emit_launch_call(ckpt_insert_t at, MlirOperation anchor, MlirOperation module,
                                  const char *kernel_name, int64_t target, intptr_t n_args,
                                  const MlirValue *args, MlirValue resume_label,
                                  bool want_status) {
  MlirContext ctx = mlirLocationGetContext(at.loc);
  char slot[SYMBOL_MAX + 32], plan[SYMBOL_MAX + 32];
  snprintf(slot, sizeof slot, "%s__ckpt_kernel", kernel_name);
  snprintf(plan, sizeof plan, "%s__ckpt_plan", kernel_name);
  MlirValue status = {NULL};
  if (want_status) {
    ckpt_insert_t entry = ckpt_abi_entry_insert(anchor);
    MlirValue one = ckpt_llvm_constant_i64(entry, 1);
    MlirNamedAttribute elem =
        ckpt_named(ctx, "elem_type", mlirTypeAttrGet(ckpt_abi_status_type(ctx)));
    status = ckpt_build1(entry, "llvm.alloca", 1, &one, ckpt_llvm_ptr_type(ctx), 1, &elem);
  } else {
    status = ckpt_build1(at, "llvm.mlir.zero", 0, NULL, ckpt_llvm_ptr_type(ctx), 0, NULL);
  }
  bool resume = !mlirValueIsNull(resume_label);
  MlirValue operands[8] = {
      ckpt_abi_address_of(at, ckpt_abi_context_slot(module)),
      ckpt_abi_address_of(at, slot),
      ckpt_abi_address_of(at, plan),
      ckpt_llvm_constant_i64(at, target),
      ckpt_abi_pack_args(at, anchor, n_args, args),
      ckpt_llvm_constant_i64(at, resume ? 1 : 0),
      resume ? resume_label : ckpt_llvm_constant_i64(at, 0),
      status,
  };
  MlirNamedAttribute callee =
      ckpt_named(ctx, "callee", mlirFlatSymbolRefAttrGet(ctx, ckpt_str("ckpt_mlir_launch")));
  ckpt_build0(at, "func.call", 8, operands, 1, &callee);
  return status;
}

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
  emit_launch_call(at, ret, kernel->module, kernel->name, target, kernel->param_count, args,
                   (MlirValue){NULL}, false);
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

static bool lower_kernel(MlirOperation module, MlirOperation func, int64_t target) {
  kernel_t kernel = {.module = module, .func = func, .ctx = mlirOperationGetContext(func)};
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
    char prefix[SYMBOL_MAX + 32], plan[SYMBOL_MAX + 32], slot[SYMBOL_MAX + 32];
    snprintf(prefix, sizeof prefix, "%s__ckpt", kernel.name);
    snprintf(plan, sizeof plan, "%s__ckpt_plan", kernel.name);
    snprintf(slot, sizeof slot, "%s__ckpt_kernel", kernel.name);
    emit_plan(&kernel, plan, prefix);
    ckpt_abi_emit_null_slot(module, slot);
    replace_kernel_body(&kernel, target);
  }
  free(kernel.nodes.items);
  ckpt_sbuf_free(&kernel.strings);
  ckpt_vec_free(&kernel.fns);
  return ok;
}

/* Reads one field of the status struct behind a !ckpt.status value. */
static MlirValue load_status_field(ckpt_insert_t at, MlirValue status, int32_t field) {
  MlirContext ctx = mlirLocationGetContext(at.loc);
  MlirType ptr = ckpt_llvm_ptr_type(ctx);
  MlirValue base = ckpt_build1(at, "builtin.unrealized_conversion_cast", 1, &status, ptr, 0, NULL);
  if (field < 0)
    return base;
  int32_t indices[2] = {0, field};
  MlirNamedAttribute attrs[2] = {
      ckpt_named(ctx, "elem_type", mlirTypeAttrGet(ckpt_abi_status_type(ctx))),
      ckpt_named(ctx, "rawConstantIndices", mlirDenseI32ArrayGet(ctx, 2, indices)),
  };
  MlirValue address = ckpt_build1(at, "llvm.getelementptr", 1, &base, ptr, 2, attrs);
  return ckpt_build1(at, "llvm.load", 1, &address, ckpt_i64(ctx), 0, NULL);
}

static void lower_status_op(MlirOperation op) {
  MlirContext ctx = mlirOperationGetContext(op);
  ckpt_insert_t at = {mlirOperationGetBlock(op), op, mlirOperationGetLocation(op)};
  MlirValue status = mlirOperationGetOperand(op, 0);
  MlirValue result = {NULL};
  if (ckpt_op_is(op, "ckpt.status_print")) {
    MlirValue base = load_status_field(at, status, -1);
    MlirNamedAttribute callee = ckpt_named(
        ctx, "callee", mlirFlatSymbolRefAttrGet(ctx, ckpt_str("ckpt_mlir_status_print")));
    ckpt_build0(at, "func.call", 1, &base, 1, &callee);
  } else if (ckpt_op_is(op, "ckpt.status_label")) {
    result = load_status_field(at, status, CKPT_ABI_STATUS_LABEL);
  } else {
    int32_t field =
        ckpt_op_is(op, "ckpt.status_ok") ? CKPT_ABI_STATUS_OK : CKPT_ABI_STATUS_YIELDED;
    MlirValue word = load_status_field(at, status, field);
    result = ckpt_build1(at, "arith.trunci", 1, &word, mlirIntegerTypeGet(ctx, 1), 0, NULL);
  }
  if (!mlirValueIsNull(result))
    mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(op, 0), result);
  mlirOperationDestroy(op);
}

static void lower_launch(MlirOperation module, MlirOperation launch, int64_t target) {
  MlirContext ctx = mlirOperationGetContext(launch);
  ckpt_insert_t at = {mlirOperationGetBlock(launch), launch, mlirOperationGetLocation(launch)};
  MlirStringRef kernel = mlirCkptLaunchOpGetKernel(launch);
  char name[SYMBOL_MAX];
  snprintf(name, sizeof name, "%.*s", (int)kernel.length, kernel.data);
  intptr_t n = mlirCkptLaunchOpGetNumArgs(launch);
  MlirValue *args = calloc((size_t)n + 1, sizeof(MlirValue));
  for (intptr_t i = 0; i < n; ++i)
    args[i] = mlirCkptLaunchOpGetArg(launch, i);
  MlirValue status = emit_launch_call(at, launch, module, name, target, n, args,
                                      mlirCkptLaunchOpGetResumeLabel(launch), true);
  free(args);
  MlirValue as_status = ckpt_build1(at, "builtin.unrealized_conversion_cast", 1, &status,
                                    mlirCkptStatusTypeGet(ctx), 0, NULL);
  mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(launch, 0), as_status);
  mlirOperationDestroy(launch);
}

typedef struct host_ops_t {
  ckpt_vec_t launches, status_ops;
} host_ops_t;

static MlirWalkResult collect_host_op(MlirOperation op, void *user_data) {
  host_ops_t *ops = user_data;
  if (mlirCkptOpIsLaunch(op))
    ckpt_vec_push(&ops->launches, op.ptr);
  else if (ckpt_op_is(op, "ckpt.status_ok") || ckpt_op_is(op, "ckpt.status_yielded") ||
           ckpt_op_is(op, "ckpt.status_label") || ckpt_op_is(op, "ckpt.status_print"))
    ckpt_vec_push(&ops->status_ops, op.ptr);
  return MlirWalkResultAdvance;
}

MlirLogicalResult ckptRunLowerHostDispatch(MlirOperation module, MlirStringRef target) {
  int64_t target_code = target_id(target);
  if (target_code < 0) {
    ckpt_emit_error(module, "unknown ckpt target '%.*s'; expected one of: cpu, cuda, hip, vulkan",
                    (int)target.length, target.data);
    return mlirLogicalResultFailure();
  }
  if (!ckpt_check_module(module))
    return mlirLogicalResultFailure();

  ckpt_vec_t funcs = {0};
  ckpt_collect_functions(module, &funcs);
  bool ok = true, any = false;
  for (size_t i = 0; i < funcs.size; ++i) {
    MlirOperation func = CKPT_VEC_OP(&funcs, i);
    if (!mlirCkptFuncIsGraph(func) || mlirBlockIsNull(ckpt_func_entry(func)))
      continue;
    any = true;
    ok &= lower_kernel(module, func, target_code);
  }
  ckpt_vec_free(&funcs);

  host_ops_t host = {0};
  mlirOperationWalk(module, collect_host_op, &host, MlirWalkPreOrder);
  if (ok && (any || host.launches.size > 0))
    ckpt_abi_declare_runtime(module);
  for (size_t i = 0; ok && i < host.launches.size; ++i)
    lower_launch(module, CKPT_VEC_OP(&host.launches, i), target_code);
  for (size_t i = 0; ok && i < host.status_ops.size; ++i)
    lower_status_op(CKPT_VEC_OP(&host.status_ops, i));
  ckpt_vec_free(&host.launches);
  ckpt_vec_free(&host.status_ops);
  return ok ? mlirLogicalResultSuccess() : mlirLogicalResultFailure();
}
