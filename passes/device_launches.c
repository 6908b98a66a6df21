#include "device_launches.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ckpt/plan.h"
#include "ckpt/hip_bundle.h"
#include "graph.h"
#include "hip_bundle.h"
#include "host_abi.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "mlir-c/Dialect/GPU.h"
#include "mlir-c/Dialect/LLVM.h"

/* gpu.launch_func operand segments. */
enum {
  SEG_ASYNC = 0,
  SEG_GRID = 1,
  SEG_BLOCK = 4,
  SEG_CLUSTER = 7,
  SEG_SHARED = 10,
  SEG_OPERANDS = 11,
  SEG_ASYNC_OBJECT = 12,
  SEG_COUNT = 13
};

static void collect_binaries(MlirOperation module, ckpt_vec_t *out) {
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(module, 0));
  for (MlirOperation op = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op))
    if (ckpt_op_is(op, "gpu.binary"))
      ckpt_vec_push(out, op.ptr);
}

static bool module_has_symbol(MlirOperation module, const char *symbol) {
  MlirSymbolTable table = mlirSymbolTableCreate(module);
  bool found = !mlirOperationIsNull(mlirSymbolTableLookup(table, ckpt_str(symbol)));
  mlirSymbolTableDestroy(table);
  return found;
}

static MlirStringRef binary_object(MlirOperation binary) {
  MlirAttribute objects = mlirOperationGetAttributeByName(binary, ckpt_str("objects"));
  if (mlirAttributeIsNull(objects) || mlirArrayAttrGetNumElements(objects) == 0)
    return mlirStringRefCreate(NULL, 0);
  return mlirGPUObjectAttrGetObject(mlirArrayAttrGetElement(objects, 0));
}

static MlirValue image_address(ckpt_insert_t at, int64_t index, void *user_data) {
  (void)user_data;
  char symbol[64];
  snprintf(symbol, sizeof symbol, "__ckpt_device_image%lld", (long long)index);
  return ckpt_abi_address_of(at, symbol);
}

/* Aligns the global `symbol`, which a bundle's 16-byte image offsets rely on. */
static void align_global(MlirOperation module, const char *symbol) {
  MlirSymbolTable table = mlirSymbolTableCreate(module);
  MlirOperation global = mlirSymbolTableLookup(table, ckpt_str(symbol));
  mlirSymbolTableDestroy(table);
  MlirContext ctx = mlirOperationGetContext(module);
  mlirOperationSetAttributeByName(
      global, ckpt_str("alignment"),
      mlirIntegerAttrGet(ckpt_i64(ctx), (int64_t)CKPT_HIP_BUNDLE_IMAGE_ALIGN));
}

int64_t ckpt_device_emit_images(MlirOperation module, bool bundles) {
  ckpt_vec_t binaries = {0};
  collect_binaries(module, &binaries);
  int64_t count = (int64_t)binaries.size;
  if (count == 0 || module_has_symbol(module, CKPT_DEVICE_IMAGES_SYMBOL)) {
    ckpt_vec_free(&binaries);
    return count;
  }
  MlirContext ctx = mlirOperationGetContext(module);
  MlirType ptr = ckpt_llvm_ptr_type(ctx);
  int64_t *sizes = calloc((size_t)count, sizeof(int64_t));
  for (int64_t i = 0; i < count; ++i) {
    ckpt_sbuf_t data = {0};
    if (bundles) {
      if (!ckpt_hip_bundle_build(CKPT_VEC_OP(&binaries, i), &data)) {
        ckpt_sbuf_free(&data);
        free(sizes);
        ckpt_vec_free(&binaries);
        return -1;
      }
      sizes[i] = (int64_t)data.size;
    } else {
      /* A trailing NUL: the CUDA driver reads PTX as a C string. Sizes exclude it. */
      MlirStringRef object = binary_object(CKPT_VEC_OP(&binaries, i));
      sizes[i] = (int64_t)object.length;
      ckpt_sbuf_append(&data, object.data, object.length);
      ckpt_sbuf_append(&data, "", 1);
    }
    char symbol[64];
    snprintf(symbol, sizeof symbol, "__ckpt_device_image%lld", (long long)i);
    ckpt_abi_emit_constant_global(
        module, symbol, mlirLLVMArrayTypeGet(mlirIntegerTypeGet(ctx, 8), (unsigned)data.size),
        mlirStringAttrGet(ctx, mlirStringRefCreate(data.data, data.size)));
    if (bundles)
      align_global(module, symbol);
    ckpt_sbuf_free(&data);
  }
  ckpt_abi_emit_i64_array(module, CKPT_DEVICE_IMAGE_SIZES_SYMBOL, sizes, (size_t)count);
  free(sizes);

  ckpt_abi_emit_aggregate_global(module, CKPT_DEVICE_IMAGES_SYMBOL,
                                 mlirLLVMArrayTypeGet(ptr, (unsigned)count), true, count,
                                 image_address, NULL);
  ckpt_vec_free(&binaries);
  return count;
}

static int64_t image_index(MlirOperation module, MlirStringRef name) {
  ckpt_vec_t binaries = {0};
  collect_binaries(module, &binaries);
  int64_t index = -1;
  for (size_t i = 0; i < binaries.size && index < 0; ++i) {
    MlirAttribute sym = mlirOperationGetAttributeByName(CKPT_VEC_OP(&binaries, i),
                                                        ckpt_str("sym_name"));
    if (mlirStringRefEqual(mlirStringAttrGetValue(sym), name))
      index = (int64_t)i;
  }
  ckpt_vec_free(&binaries);
  return index;
}

static MlirValue to_i64(ckpt_insert_t at, MlirValue value) {
  MlirContext ctx = mlirLocationGetContext(at.loc);
  MlirType type = mlirValueGetType(value);
  if (mlirTypeIsAIndex(type))
    return ckpt_build1(at, "arith.index_cast", 1, &value, ckpt_i64(ctx), 0, NULL);
  if (mlirTypeIsAInteger(type) && mlirIntegerTypeGetWidth(type) < 64)
    return ckpt_build1(at, "arith.extui", 1, &value, ckpt_i64(ctx), 0, NULL);
  return value;
}

static void call(ckpt_insert_t at, const char *callee, intptr_t n, const MlirValue *operands) {
  MlirContext ctx = mlirLocationGetContext(at.loc);
  MlirNamedAttribute attr =
      ckpt_named(ctx, "callee", mlirFlatSymbolRefAttrGet(ctx, ckpt_str(callee)));
  ckpt_build0(at, "func.call", n, operands, 1, &attr);
}

static void lower_launch_func(MlirOperation module, MlirOperation fn, MlirOperation launch,
                              MlirValue recorder, int64_t site, bool *failed) {
  MlirContext ctx = mlirOperationGetContext(launch);
  MlirAttribute segments_attr =
      mlirOperationGetAttributeByName(launch, ckpt_str("operandSegmentSizes"));
  int32_t segments[SEG_COUNT];
  int32_t starts[SEG_COUNT];
  int32_t offset = 0;
  for (int i = 0; i < SEG_COUNT; ++i) {
    segments[i] = mlirDenseI32ArrayGetElement(segments_attr, i);
    starts[i] = offset;
    offset += segments[i];
  }
  if (segments[SEG_ASYNC] || segments[SEG_CLUSTER] || segments[SEG_ASYNC_OBJECT]) {
    ckpt_emit_error(launch, "async tokens, clusters and async objects are not supported in "
                            "graph kernel tasks: the graph orders tasks itself");
    *failed = true;
    return;
  }
  MlirAttribute kernel = mlirOperationGetAttributeByName(launch, ckpt_str("kernel"));
  int64_t image = image_index(module, mlirSymbolRefAttrGetRootReference(kernel));
  if (image < 0) {
    ckpt_emit_error(launch, "the kernel's gpu.module was not compiled to a gpu.binary: run "
                            "gpu-module-to-binary before --ckpt-lower-host-dispatch");
    *failed = true;
    return;
  }
  char fn_name[512], symbol[600];
  ckpt_symbol_name(fn, fn_name, sizeof fn_name);

  MlirStringRef leaf = mlirSymbolRefAttrGetLeafReference(kernel);
  ckpt_sbuf_t name = {0};
  ckpt_sbuf_append(&name, leaf.data, leaf.length);
  ckpt_sbuf_append(&name, "", 1);
  snprintf(symbol, sizeof symbol, "%s__ckpt_kernel_name%lld", fn_name, (long long)site);
  ckpt_abi_emit_constant_global(
      module, symbol, mlirLLVMArrayTypeGet(mlirIntegerTypeGet(ctx, 8), (unsigned)name.size),
      mlirStringAttrGet(ctx, mlirStringRefCreate(name.data, name.size)));
  ckpt_sbuf_free(&name);

  intptr_t n = segments[SEG_OPERANDS];
  MlirValue *operands = calloc((size_t)n + 1, sizeof(MlirValue));
  ckpt_i64vec_t fields = {0};
  for (intptr_t i = 0; i < n; ++i) {
    operands[i] = mlirOperationGetOperand(launch, starts[SEG_OPERANDS] + i);
    int64_t f[CKPT_PARAM_FIELDS];
    ckpt_abi_param_fields(mlirValueGetType(operands[i]), f);
    for (int k = 0; k < CKPT_PARAM_FIELDS; ++k)
      ckpt_i64vec_push(&fields, f[k]);
  }
  char fields_symbol[600];
  snprintf(fields_symbol, sizeof fields_symbol, "%s__ckpt_operands%lld", fn_name,
           (long long)site);
  bool has_fields = ckpt_abi_emit_i64_array(module, fields_symbol, fields.items, fields.size);
  ckpt_i64vec_free(&fields);

  ckpt_insert_t at = {mlirOperationGetBlock(launch), launch, mlirOperationGetLocation(launch)};
  MlirValue args[13];
  args[0] = recorder;
  args[1] = ckpt_llvm_constant_i64(at, image);
  args[2] = ckpt_abi_address_of(at, symbol);
  for (int i = 0; i < 3; ++i) {
    args[3 + i] = to_i64(at, mlirOperationGetOperand(launch, starts[SEG_GRID] + i));
    args[6 + i] = to_i64(at, mlirOperationGetOperand(launch, starts[SEG_BLOCK] + i));
  }
  args[9] = segments[SEG_SHARED]
                ? to_i64(at, mlirOperationGetOperand(launch, starts[SEG_SHARED]))
                : ckpt_llvm_constant_i64(at, 0);
  args[10] = ckpt_llvm_constant_i64(at, n);
  args[11] = ckpt_abi_pack_args(at, launch, n, operands);
  args[12] = has_fields ? ckpt_abi_address_of(at, fields_symbol)
                        : ckpt_build1(at, "llvm.mlir.zero", 0, NULL, ckpt_llvm_ptr_type(ctx), 0,
                                      NULL);
  call(at, "ckpt_mlir_record_launch", 13, args);
  free(operands);
  mlirOperationDestroy(launch);
}

static void lower_device_state(MlirOperation op, MlirValue recorder) {
  MlirContext ctx = mlirOperationGetContext(op);
  MlirType type = mlirValueGetType(mlirOperationGetResult(op, 0));
  const char *why = NULL;
  MlirType storage = ckpt_abi_storage_type(type, &why);
  ckpt_insert_t entry = ckpt_abi_entry_insert(op);
  MlirValue one = ckpt_llvm_constant_i64(entry, 1);
  MlirNamedAttribute elem = ckpt_named(ctx, "elem_type", mlirTypeAttrGet(storage));
  MlirValue slot = ckpt_build1(entry, "llvm.alloca", 1, &one, ckpt_llvm_ptr_type(ctx), 1, &elem);
  ckpt_insert_t at = {mlirOperationGetBlock(op), op, mlirOperationGetLocation(op)};
  MlirValue args[2] = {recorder, slot};
  call(at, "ckpt_mlir_device_state", 2, args);
  MlirValue descriptor = ckpt_build1(at, "llvm.load", 1, &slot, storage, 0, NULL);
  MlirValue state =
      ckpt_build1(at, "builtin.unrealized_conversion_cast", 1, &descriptor, type, 0, NULL);
  mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(op, 0), state);
  mlirOperationDestroy(op);
}

static MlirWalkResult collect_device_ops(MlirOperation op, void *user_data) {
  if (ckpt_op_is(op, "gpu.launch_func") || ckpt_op_is(op, "ckpt.device_state"))
    ckpt_vec_push((ckpt_vec_t *)user_data, op.ptr);
  return MlirWalkResultAdvance;
}

void ckpt_device_lower_task_fn(MlirOperation module, MlirOperation fn, bool *failed) {
  MlirBlock entry = ckpt_func_entry(fn);
  MlirValue recorder = mlirBlockGetArgument(entry, mlirBlockGetNumArguments(entry) - 1);
  ckpt_vec_t ops = {0};
  mlirOperationWalk(fn, collect_device_ops, &ops, MlirWalkPreOrder);
  int64_t site = 0;
  for (size_t i = 0; i < ops.size; ++i) {
    MlirOperation op = CKPT_VEC_OP(&ops, i);
    if (ckpt_op_is(op, "ckpt.device_state"))
      lower_device_state(op, recorder);
    else
      lower_launch_func(module, fn, op, recorder, site++, failed);
  }
  ckpt_vec_free(&ops);
}

void ckpt_device_erase_binaries(MlirOperation module) {
  ckpt_vec_t binaries = {0};
  collect_binaries(module, &binaries);
  for (size_t i = 0; i < binaries.size; ++i)
    mlirOperationDestroy(CKPT_VEC_OP(&binaries, i));
  ckpt_vec_free(&binaries);
}

void ckpt_device_declare_runtime(MlirOperation module) {
  MlirContext ctx = mlirOperationGetContext(module);
  MlirType ptr = ckpt_llvm_ptr_type(ctx);
  MlirType i64 = ckpt_i64(ctx);
  MlirType record[13] = {ptr, i64, ptr, i64, i64, i64, i64, i64, i64, i64, i64, ptr, ptr};
  ckpt_abi_declare_function(module, "ckpt_mlir_record_launch", 13, record);
  MlirType state[2] = {ptr, ptr};
  ckpt_abi_declare_function(module, "ckpt_mlir_device_state", 2, state);
}
