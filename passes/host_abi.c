#include "host_abi.h"

#include <stdio.h>

#include "ckpt/ckpt.h"
#include "ckpt/plan.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Dialect/LLVM.h"

const char *ckpt_abi_param_problem(MlirType type) {
  if (mlirTypeIsAIndex(type) || mlirTypeIsAInteger(type) || mlirTypeIsAFloat(type))
    return NULL;
  if (mlirTypeIsAUnrankedMemRef(type))
    return "unranked memrefs are not supported: give the parameter a rank";
  if (!mlirTypeIsAMemRef(type))
    return "only memrefs, integers, floats and index can be graph kernel parameters";
  MlirAttribute space = mlirMemRefTypeGetMemorySpace(type);
  if (!mlirAttributeIsNull(space) &&
      !(mlirAttributeIsAInteger(space) && mlirIntegerAttrGetValueInt(space) == 0))
    return "memrefs in a non-default memory space are not supported as parameters";
  MlirType element = mlirShapedTypeGetElementType(type);
  if (!mlirTypeIsAInteger(element) && !mlirTypeIsAFloat(element) && !mlirTypeIsAIndex(element))
    return "memref elements must be integers, floats or index";
  return NULL;
}

MlirType ckpt_abi_storage_type(MlirType type, const char **why) {
  MlirContext ctx = mlirTypeGetContext(type);
  *why = ckpt_abi_param_problem(type);
  if (*why)
    return (MlirType){NULL};
  if (mlirTypeIsAIndex(type))
    return ckpt_i64(ctx);
  if (mlirTypeIsAInteger(type) || mlirTypeIsAFloat(type))
    return type;
  MlirType ptr = ckpt_llvm_ptr_type(ctx);
  MlirType i64 = ckpt_i64(ctx);
  int64_t rank = mlirShapedTypeGetRank(type);
  if (rank == 0) {
    MlirType fields[3] = {ptr, ptr, i64};
    return mlirLLVMStructTypeLiteralGet(ctx, 3, fields, false);
  }
  MlirType shape = mlirLLVMArrayTypeGet(i64, (unsigned)rank);
  MlirType fields[5] = {ptr, ptr, i64, shape, shape};
  return mlirLLVMStructTypeLiteralGet(ctx, 5, fields, false);
}

static void scalar_fields(MlirType type, int64_t *bits, int64_t *code) {
  if (mlirTypeIsAIndex(type)) {
    *bits = 64;
    *code = CKPT_ELEM_INDEX;
  } else if (mlirTypeIsAInteger(type)) {
    *bits = mlirIntegerTypeGetWidth(type);
    *code = CKPT_ELEM_INT;
  } else if (mlirTypeIsAFloat(type)) {
    *bits = mlirFloatTypeGetWidth(type);
    *code = CKPT_ELEM_FLOAT;
  } else {
    *bits = 0;
    *code = CKPT_ELEM_OTHER;
  }
}

void ckpt_abi_param_fields(MlirType type, int64_t fields[4]) {
  if (mlirTypeIsAMemRef(type)) {
    fields[CKPT_PARAM_KIND] = CKPT_PARAM_MEMREF;
    fields[CKPT_PARAM_RANK] = mlirShapedTypeGetRank(type);
    scalar_fields(mlirShapedTypeGetElementType(type), &fields[CKPT_PARAM_ELEM_BITS],
                  &fields[CKPT_PARAM_ELEM_TYPE]);
  } else {
    fields[CKPT_PARAM_KIND] = CKPT_PARAM_SCALAR;
    fields[CKPT_PARAM_RANK] = 0;
    scalar_fields(type, &fields[CKPT_PARAM_ELEM_BITS], &fields[CKPT_PARAM_ELEM_TYPE]);
  }
}

MlirType ckpt_abi_status_type(MlirContext ctx) {
  MlirType i64 = ckpt_i64(ctx);
  MlirType fields[5] = {i64, i64, i64, ckpt_llvm_ptr_type(ctx), i64};
  return mlirLLVMStructTypeLiteralGet(ctx, 5, fields, false);
}

static MlirOperation enclosing_function(MlirOperation op) {
  for (MlirOperation parent = mlirOperationGetParentOperation(op); !mlirOperationIsNull(parent);
       op = parent, parent = mlirOperationGetParentOperation(parent))
    if (ckpt_op_is(parent, "builtin.module"))
      return op;
  return op;
}

ckpt_insert_t ckpt_abi_entry_insert(MlirOperation at) {
  MlirOperation func = enclosing_function(at);
  MlirBlock entry = mlirRegionGetFirstBlock(mlirOperationGetRegion(func, 0));
  return (ckpt_insert_t){entry, mlirBlockGetFirstOperation(entry), mlirOperationGetLocation(at)};
}

static MlirValue llvm_alloca(ckpt_insert_t at, MlirValue count, MlirType element) {
  MlirContext ctx = mlirLocationGetContext(at.loc);
  MlirNamedAttribute attr = ckpt_named(ctx, "elem_type", mlirTypeAttrGet(element));
  return ckpt_build1(at, "llvm.alloca", 1, &count, ckpt_llvm_ptr_type(ctx), 1, &attr);
}

static void llvm_store(ckpt_insert_t at, MlirValue value, MlirValue address) {
  MlirValue operands[2] = {value, address};
  ckpt_build0(at, "llvm.store", 2, operands, 0, NULL);
}

/* &base[index] with base pointing at an array of pointers. */
static MlirValue pointer_slot(ckpt_insert_t at, MlirValue base, int32_t index) {
  MlirContext ctx = mlirLocationGetContext(at.loc);
  MlirNamedAttribute attrs[2] = {
      ckpt_named(ctx, "elem_type", mlirTypeAttrGet(ckpt_llvm_ptr_type(ctx))),
      ckpt_named(ctx, "rawConstantIndices", mlirDenseI32ArrayGet(ctx, 1, &index)),
  };
  return ckpt_build1(at, "llvm.getelementptr", 1, &base, ckpt_llvm_ptr_type(ctx), 2, attrs);
}

/* The value as stored in its argument slot. */
static MlirValue to_storage(ckpt_insert_t at, MlirValue value, MlirType storage) {
  MlirType type = mlirValueGetType(value);
  if (mlirTypeIsAMemRef(type))
    return ckpt_build1(at, "builtin.unrealized_conversion_cast", 1, &value, storage, 0, NULL);
  if (mlirTypeIsAIndex(type))
    return ckpt_build1(at, "arith.index_cast", 1, &value, storage, 0, NULL);
  return value;
}

MlirValue ckpt_abi_pack_args(ckpt_insert_t at, MlirOperation enclosing_op, intptr_t n,
                             const MlirValue *values) {
  MlirContext ctx = mlirLocationGetContext(at.loc);
  if (n == 0)
    return ckpt_build1(at, "llvm.mlir.zero", 0, NULL, ckpt_llvm_ptr_type(ctx), 0, NULL);
  ckpt_insert_t entry = ckpt_abi_entry_insert(enclosing_op);
  MlirValue one = ckpt_llvm_constant_i64(entry, 1);
  MlirValue count = ckpt_llvm_constant_i64(entry, n);
  MlirValue args = llvm_alloca(entry, count, ckpt_llvm_ptr_type(ctx));
  for (intptr_t i = 0; i < n; ++i) {
    const char *why = NULL;
    MlirType storage = ckpt_abi_storage_type(mlirValueGetType(values[i]), &why);
    MlirValue slot_storage = llvm_alloca(entry, one, storage);
    llvm_store(at, to_storage(at, values[i], storage), slot_storage);
    llvm_store(at, slot_storage, pointer_slot(at, args, (int32_t)i));
  }
  return args;
}

static MlirBlock module_body(MlirOperation module) {
  return mlirRegionGetFirstBlock(mlirOperationGetRegion(module, 0));
}

void ckpt_abi_append_to_module(MlirOperation module, MlirOperation op) {
  mlirBlockAppendOwnedOperation(module_body(module), op);
}

/* A scan of the module's top level: a SymbolTable would hash every symbol on each call,
 * and the lowering asks once per kernel and per launch (quadratic in a module of many
 * kernels). */
static bool module_has_symbol(MlirOperation module, const char *symbol) {
  MlirStringRef wanted = ckpt_str(symbol);
  for (MlirOperation op = mlirBlockGetFirstOperation(module_body(module)); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op)) {
    MlirAttribute name = mlirOperationGetAttributeByName(op, ckpt_str("sym_name"));
    if (!mlirAttributeIsNull(name) && mlirAttributeIsAString(name) &&
        mlirStringRefEqual(mlirStringAttrGetValue(name), wanted))
      return true;
  }
  return false;
}

MlirOperation ckpt_abi_private_func(MlirContext ctx, MlirLocation loc, const char *symbol,
                                    intptr_t n_inputs, const MlirType *inputs, MlirRegion body) {
  MlirOperationState state = mlirOperationStateGet(ckpt_str("func.func"), loc);
  MlirNamedAttribute attrs[3] = {
      ckpt_named(ctx, "sym_name", mlirStringAttrGet(ctx, ckpt_str(symbol))),
      ckpt_named(ctx, "function_type",
                 mlirTypeAttrGet(mlirFunctionTypeGet(ctx, n_inputs, inputs, 0, NULL))),
      ckpt_named(ctx, "sym_visibility", mlirStringAttrGet(ctx, ckpt_str("private"))),
  };
  mlirOperationStateAddAttributes(&state, 3, attrs);
  mlirOperationStateAddOwnedRegions(&state, 1, &body);
  return mlirOperationCreate(&state);
}

void ckpt_abi_declare_function(MlirOperation module, const char *symbol, intptr_t n_inputs,
                               const MlirType *inputs) {
  if (module_has_symbol(module, symbol))
    return;
  MlirContext ctx = mlirOperationGetContext(module);
  ckpt_abi_append_to_module(module, ckpt_abi_private_func(ctx, mlirLocationUnknownGet(ctx), symbol,
                                                          n_inputs, inputs, mlirRegionCreate()));
}

void ckpt_abi_declare_runtime(MlirOperation module) {
  MlirContext ctx = mlirOperationGetContext(module);
  MlirType ptr = ckpt_llvm_ptr_type(ctx);
  MlirType i64 = ckpt_i64(ctx);
  MlirType launch[8] = {ptr, ptr, ptr, i64, ptr, i64, i64, ptr};
  ckpt_abi_declare_function(module, "ckpt_mlir_launch", 8, launch);
  ckpt_abi_declare_function(module, "ckpt_mlir_status_print", 1, &ptr);
  ckpt_abi_declare_function(module, "ckpt_mlir_release", 1, &ptr);
}

void ckpt_abi_add_symbol_attrs(MlirContext ctx, MlirOperationState *state, const char *symbol,
                               MlirType type_attr_type, const char *type_attr_name) {
  MlirType i64 = ckpt_i64(ctx);
  MlirNamedAttribute attrs[5] = {
      ckpt_named(ctx, "sym_name", mlirStringAttrGet(ctx, ckpt_str(symbol))),
      ckpt_named(ctx, type_attr_name, mlirTypeAttrGet(type_attr_type)),
      ckpt_named(ctx, "linkage", mlirLLVMLinkageAttrGet(ctx, MlirLLVMLinkageInternal)),
      ckpt_named(ctx, "unnamed_addr", mlirIntegerAttrGet(i64, 0)),
      ckpt_named(ctx, "visibility_", mlirIntegerAttrGet(i64, 0)),
  };
  mlirOperationStateAddAttributes(state, 5, attrs);
}

static MlirOperationState global_state(MlirContext ctx, const char *symbol, MlirType type) {
  MlirOperationState state =
      mlirOperationStateGet(ckpt_str("llvm.mlir.global"), mlirLocationUnknownGet(ctx));
  ckpt_abi_add_symbol_attrs(ctx, &state, symbol, type, "global_type");
  MlirNamedAttribute space =
      ckpt_named(ctx, "addr_space", mlirIntegerAttrGet(mlirIntegerTypeGet(ctx, 32), 0));
  mlirOperationStateAddAttributes(&state, 1, &space);
  return state;
}

void ckpt_abi_emit_constant_global(MlirOperation module, const char *symbol, MlirType type,
                                   MlirAttribute data) {
  MlirContext ctx = mlirOperationGetContext(module);
  MlirOperationState state = global_state(ctx, symbol, type);
  MlirNamedAttribute attrs[2] = {ckpt_named(ctx, "constant", mlirUnitAttrGet(ctx)),
                                 ckpt_named(ctx, "value", data)};
  mlirOperationStateAddAttributes(&state, 2, attrs);
  MlirRegion init = mlirRegionCreate();
  mlirOperationStateAddOwnedRegions(&state, 1, &init);
  ckpt_abi_append_to_module(module, mlirOperationCreate(&state));
}

/* Creates an internal global with an initializer region; returns its block. */
static MlirBlock emit_initialized_global(MlirOperation module, const char *symbol, MlirType type,
                                         bool constant) {
  MlirContext ctx = mlirOperationGetContext(module);
  MlirOperationState state = global_state(ctx, symbol, type);
  if (constant) {
    MlirNamedAttribute attr = ckpt_named(ctx, "constant", mlirUnitAttrGet(ctx));
    mlirOperationStateAddAttributes(&state, 1, &attr);
  }
  MlirRegion init = mlirRegionCreate();
  MlirBlock block = mlirBlockCreate(0, NULL, NULL);
  mlirRegionAppendOwnedBlock(init, block);
  mlirOperationStateAddOwnedRegions(&state, 1, &init);
  ckpt_abi_append_to_module(module, mlirOperationCreate(&state));
  return block;
}

void ckpt_abi_emit_aggregate_global(MlirOperation module, const char *symbol, MlirType type,
                                    bool constant, int64_t count, ckpt_abi_element_fn_t build,
                                    void *user_data) {
  MlirContext ctx = mlirOperationGetContext(module);
  MlirBlock block = emit_initialized_global(module, symbol, type, constant);
  ckpt_insert_t at = {block, {NULL}, mlirLocationUnknownGet(ctx)};
  MlirValue aggregate = ckpt_build1(at, "llvm.mlir.undef", 0, NULL, type, 0, NULL);
  for (int64_t i = 0; i < count; ++i) {
    MlirNamedAttribute position = ckpt_named(ctx, "position", mlirDenseI64ArrayGet(ctx, 1, &i));
    MlirValue operands[2] = {aggregate, build(at, i, user_data)};
    aggregate = ckpt_build1(at, "llvm.insertvalue", 2, operands, type, 1, &position);
  }
  ckpt_build0(at, "llvm.return", 1, &aggregate, 0, NULL);
}

void ckpt_abi_emit_null_slot(MlirOperation module, const char *symbol) {
  if (module_has_symbol(module, symbol))
    return;
  MlirContext ctx = mlirOperationGetContext(module);
  MlirType ptr = ckpt_llvm_ptr_type(ctx);
  MlirBlock block = emit_initialized_global(module, symbol, ptr, false);
  ckpt_insert_t at = {block, {NULL}, mlirLocationUnknownGet(ctx)};
  MlirValue zero = ckpt_build1(at, "llvm.mlir.zero", 0, NULL, ptr, 0, NULL);
  ckpt_build0(at, "llvm.return", 1, &zero, 0, NULL);
}

static bool module_has_global_dtors(MlirOperation module) {
  for (MlirOperation op = mlirBlockGetFirstOperation(module_body(module));
       !mlirOperationIsNull(op); op = mlirOperationGetNextInBlock(op))
    if (ckpt_op_is(op, "llvm.mlir.global_dtors"))
      return true;
  return false;
}

/* llvm.func internal @__ckpt_release() { ckpt_mlir_release(&slot) }, run as a global
 * destructor so the module's context (and its device resources) is freed at unload. A
 * module that already has llvm.mlir.global_dtors keeps its own; its context then lives
 * until the process exits. */
static void emit_release(MlirOperation module, const char *slot) {
  static const char kRelease[] = "__ckpt_release";
  if (module_has_symbol(module, kRelease) || module_has_global_dtors(module))
    return;
  MlirContext ctx = mlirOperationGetContext(module);
  MlirLocation loc = mlirLocationUnknownGet(ctx);
  MlirType fn_type = mlirLLVMFunctionTypeGet(mlirLLVMVoidTypeGet(ctx), 0, NULL, false);
  MlirOperationState state = mlirOperationStateGet(ckpt_str("llvm.func"), loc);
  ckpt_abi_add_symbol_attrs(ctx, &state, kRelease, fn_type, "function_type");
  MlirNamedAttribute cconv = ckpt_named(ctx, "CConv", mlirLLVMCConvAttrGet(ctx, MlirLLVMCConvC));
  mlirOperationStateAddAttributes(&state, 1, &cconv);
  MlirRegion region = mlirRegionCreate();
  MlirBlock block = mlirBlockCreate(0, NULL, NULL);
  mlirRegionAppendOwnedBlock(region, block);
  mlirOperationStateAddOwnedRegions(&state, 1, &region);
  ckpt_abi_append_to_module(module, mlirOperationCreate(&state));
  ckpt_insert_t at = {block, {NULL}, loc};
  MlirValue address = ckpt_abi_address_of(at, slot);
  MlirNamedAttribute callee =
      ckpt_named(ctx, "callee", mlirFlatSymbolRefAttrGet(ctx, ckpt_str("ckpt_mlir_release")));
  ckpt_build0(at, "func.call", 1, &address, 1, &callee);
  ckpt_build0(at, "llvm.return", 0, NULL, 0, NULL);

  MlirAttribute dtor = mlirFlatSymbolRefAttrGet(ctx, ckpt_str(kRelease));
  MlirAttribute priority = mlirIntegerAttrGet(mlirIntegerTypeGet(ctx, 32), 0);
  MlirAttribute data = mlirAttributeParseGet(ctx, ckpt_str("#llvm.zero"));
  MlirNamedAttribute attrs[3] = {
      ckpt_named(ctx, "dtors", mlirArrayAttrGet(ctx, 1, &dtor)),
      ckpt_named(ctx, "priorities", mlirArrayAttrGet(ctx, 1, &priority)),
      ckpt_named(ctx, "data", mlirArrayAttrGet(ctx, 1, &data)),
  };
  MlirOperationState dtors = mlirOperationStateGet(ckpt_str("llvm.mlir.global_dtors"), loc);
  mlirOperationStateAddAttributes(&dtors, 3, attrs);
  ckpt_abi_append_to_module(module, mlirOperationCreate(&dtors));
}

const char *ckpt_abi_context_slot(MlirOperation module) {
  static const char kSlot[] = "__ckpt_context";
  if (!module_has_symbol(module, kSlot)) {
    ckpt_abi_emit_null_slot(module, kSlot);
    emit_release(module, kSlot);
  }
  return kSlot;
}

MlirValue ckpt_abi_address_of(ckpt_insert_t at, const char *symbol) {
  MlirContext ctx = mlirLocationGetContext(at.loc);
  MlirNamedAttribute attr =
      ckpt_named(ctx, "global_name", mlirFlatSymbolRefAttrGet(ctx, ckpt_str(symbol)));
  return ckpt_build1(at, "llvm.mlir.addressof", 0, NULL, ckpt_llvm_ptr_type(ctx), 1, &attr);
}

bool ckpt_abi_emit_i64_array(MlirOperation module, const char *symbol, const int64_t *values,
                             size_t count) {
  if (count == 0)
    return false;
  MlirContext ctx = mlirOperationGetContext(module);
  int64_t shape[1] = {(int64_t)count};
  MlirType tensor = mlirRankedTensorTypeGet(1, shape, ckpt_i64(ctx), mlirAttributeGetNull());
  ckpt_abi_emit_constant_global(module, symbol, mlirLLVMArrayTypeGet(ckpt_i64(ctx), (unsigned)count),
                                mlirDenseElementsAttrInt64Get(tensor, (intptr_t)count, values));
  return true;
}

int64_t ckpt_abi_target_id(MlirStringRef target) {
  static const struct {
    const char *name;
    ckpt_target_t id;
  } kTargets[] = {{"cpu", CKPT_TARGET_CPU},
                  {"cuda", CKPT_TARGET_CUDA},
                  {"hip", CKPT_TARGET_HIP},
                  {"vulkan", CKPT_TARGET_VULKAN}};
  for (size_t i = 0; i < sizeof kTargets / sizeof kTargets[0]; ++i)
    if (mlirStringRefEqual(target, ckpt_str(kTargets[i].name)))
      return kTargets[i].id;
  return -1;
}

MlirValue ckpt_abi_emit_launch_call(ckpt_insert_t at, MlirOperation anchor, MlirOperation module,
                                    const char *kernel_name, int64_t target, intptr_t n_args,
                                    const MlirValue *args, MlirValue resume_label,
                                    bool want_status) {
  MlirContext ctx = mlirLocationGetContext(at.loc);
  char slot[600], plan[600];
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
