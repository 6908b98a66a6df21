#include "outline.h"

#include <stdlib.h>

#include "graph.h"
#include "host_abi.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

/* A map from values of the kernel to values of the outlined function. */
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

typedef struct outline_t {
  MlirOperation fn;
  MlirBlock block;
  MlirOperation insert_point; /* re-materialised pure ops go before it */
  value_map_t map;
  bool *failed;
} outline_t;

static MlirValue remap(outline_t *outline, MlirValue value, MlirOperation user);
static MlirWalkResult remap_operands(MlirOperation op, void *user_data);

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
    *outline->failed = true;
    return value;
  }
  MlirOperation clone = mlirOperationClone(def);
  mlirBlockInsertOwnedOperationBefore(outline->block, outline->insert_point, clone);
  for (intptr_t i = 0; i < mlirOperationGetNumResults(def); ++i)
    map_add(&outline->map, mlirOperationGetResult(def, i), mlirOperationGetResult(clone, i));
  /* What the clone needs must come before it. */
  MlirOperation saved = outline->insert_point;
  outline->insert_point = clone;
  mlirOperationWalk(clone, remap_operands, outline, MlirWalkPreOrder);
  outline->insert_point = saved;
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
    *outline->failed = true;
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

static MlirOperation create_function(MlirOperation kernel, const char *symbol, MlirLocation loc,
                                     intptr_t n_extra, const MlirType *extra_types) {
  MlirContext ctx = mlirOperationGetContext(kernel);
  MlirBlock kernel_entry = ckpt_func_entry(kernel);
  intptr_t n_params = mlirBlockGetNumArguments(kernel_entry);
  intptr_t n = n_params + n_extra;
  MlirType *types = calloc((size_t)n + 1, sizeof(MlirType));
  MlirLocation *locs = calloc((size_t)n + 1, sizeof(MlirLocation));
  for (intptr_t i = 0; i < n; ++i) {
    MlirValue arg = i < n_params ? mlirBlockGetArgument(kernel_entry, i) : (MlirValue){NULL};
    types[i] = i < n_params ? mlirValueGetType(arg) : extra_types[i - n_params];
    locs[i] = i < n_params ? mlirValueGetLocation(arg) : loc;
  }
  MlirRegion region = mlirRegionCreate();
  mlirRegionAppendOwnedBlock(region, mlirBlockCreate(n, types, locs));
  MlirOperation fn = ckpt_abi_private_func(ctx, loc, symbol, n, types, region);
  free(types);
  free(locs);
  return fn;
}

MlirOperation ckpt_outline_unit(MlirOperation module, MlirOperation kernel, const char *symbol,
                                const ckpt_vec_t *ops, intptr_t n_extra,
                                const MlirType *extra_types, bool *failed) {
  MlirLocation loc = mlirOperationGetLocation(CKPT_VEC_OP(ops, 0));
  MlirOperation fn = create_function(kernel, symbol, loc, n_extra, extra_types);
  ckpt_abi_append_to_module(module, fn);
  MlirBlock block = ckpt_func_entry(fn);
  MlirBlock kernel_entry = ckpt_func_entry(kernel);

  outline_t outline = {.fn = fn, .block = block, .failed = failed};
  for (intptr_t i = 0; i < mlirBlockGetNumArguments(kernel_entry); ++i)
    map_add(&outline.map, mlirBlockGetArgument(kernel_entry, i), mlirBlockGetArgument(block, i));
  for (size_t i = 0; i < ops->size; ++i) {
    MlirOperation original = CKPT_VEC_OP(ops, i);
    MlirOperation clone = mlirOperationClone(original);
    mlirBlockAppendOwnedOperation(block, clone);
    if (i == 0)
      outline.insert_point = clone;
    for (intptr_t r = 0; r < mlirOperationGetNumResults(original); ++r)
      map_add(&outline.map, mlirOperationGetResult(original, r), mlirOperationGetResult(clone, r));
  }
  MlirOperation first_clone = outline.insert_point;
  for (MlirOperation clone = first_clone; !mlirOperationIsNull(clone);
       clone = mlirOperationGetNextInBlock(clone)) {
    outline.insert_point = first_clone;
    mlirOperationWalk(clone, remap_operands, &outline, MlirWalkPreOrder);
  }
  ckpt_build0((ckpt_insert_t){block, {NULL}, loc}, "func.return", 0, NULL, 0, NULL);
  ckpt_vec_free(&outline.map.from);
  ckpt_vec_free(&outline.map.to);
  return fn;
}
