/* The glue between MLIR's GPU and SPIR-V paths for the Vulkan target.
 *
 * --ckpt-attach-spirv-abi prepares outlined kernels for convert-gpu-to-spirv.
 * SPIR-V compute shaders fix their workgroup size in the module (the LocalSize execution
 * mode), so every kernel gets `spirv.entry_point_abi = #spirv.entry_point_abi<
 * workgroup_size = [x, y, z]>` from the `known_block_size` that gpu-kernel-outlining
 * recorded from the launch's constant block sizes, or for a kernel written by hand from
 * the constant block sizes of its gpu.launch_func ops. A kernel launched with a block
 * size computed at run time cannot become a shader. Kernel arguments SPIR-V cannot
 * index (memrefs with dynamic strides) are reported here, by name. Run after
 * spirv-attach-target, it also gives each gpu.module its target's `spirv.target_env`
 * attribute, which conversions run inside the module (convert-math-to-spirv) read.
 *
 * With the workgroup size known, gpu.all_reduce becomes a reduction through workgroup
 * memory (spirv_all_reduce.c).
 *
 * SPIR-V has no memref.dim: a dynamic size is not stored anywhere the shader can read it.
 * Static sizes fold to constants here; a dynamic one is an error that names the fix.
 *
 * --ckpt-nest-spirv-modules moves what convert-gpu-to-spirv made of each gpu.module
 * (with Shader capabilities it puts the spirv.module `__spv__<name>` beside the gpu.module)
 * into that gpu.module, where gpu-module-to-binary's SPIR-V target serializes it from. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ckpt/passes.h"
#include "ir.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "spirv_all_reduce.h"
#include "spirv_vectors.h"

/* Folds memref.dim of a static size; reports a dynamic one. */
static bool fold_dim(MlirOperation dim) {
  MlirValue source = mlirOperationGetOperand(dim, 0);
  MlirType type = mlirValueGetType(source);
  int64_t index = 0;
  if (mlirTypeIsAMemRef(type) && ckpt_constant_index(mlirOperationGetOperand(dim, 1), &index) &&
      index >= 0 && index < mlirShapedTypeGetRank(type) &&
      !mlirShapedTypeIsDynamicDim(type, (intptr_t)index)) {
    ckpt_insert_t at = {mlirOperationGetBlock(dim), dim, mlirOperationGetLocation(dim)};
    MlirValue size = ckpt_arith_constant_index(at, mlirShapedTypeGetDimSize(type, (intptr_t)index));
    mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(dim, 0), size);
    mlirOperationDestroy(dim);
    return true;
  }
  ckpt_emit_error(dim, "memref.dim of a dynamic size inside a task cannot be compiled for "
                       "Vulkan (SPIR-V buffers carry no sizes): take the size with memref.dim "
                       "in the graph kernel, outside the task, and use that value inside");
  return false;
}

/* gpu.launch_func operand segments: async dependencies, grid, block, ..., kernel
 * operands. */
enum { SEG_ASYNC = 0, SEG_GRID = 1, SEG_BLOCK = 4, SEG_KERNEL_OPERANDS = 11 };

/* The position of `launch`'s first operand of segment `segment`. */
static intptr_t segment_start(MlirOperation launch, intptr_t segment) {
  MlirAttribute segments = mlirOperationGetAttributeByName(launch, ckpt_str("operandSegmentSizes"));
  intptr_t first = 0;
  for (intptr_t s = 0; s < segment; ++s)
    first += mlirDenseI32ArrayGetElement(segments, s);
  return first;
}

/* The block size of a kernel written by hand (no known_block_size): the constant block
 * sizes of its launches, which must agree. */
static bool launch_block_size(MlirOperation kernel, const ckpt_vec_t *launch_funcs,
                              int64_t out_size[3]) {
  char name[256];
  ckpt_symbol_name(kernel, name, sizeof name);
  bool found = false;
  for (size_t i = 0; i < launch_funcs->size; ++i) {
    MlirOperation launch = CKPT_VEC_OP(launch_funcs, i);
    if (!ckpt_launch_func_targets(launch, kernel))
      continue;
    intptr_t first = segment_start(launch, SEG_BLOCK);
    int64_t size[3];
    for (int d = 0; d < 3; ++d) {
      if (!ckpt_constant_index(mlirOperationGetOperand(launch, first + d), &size[d])) {
        ckpt_emit_error(launch, "kernel '%s' is launched with a block size computed at run "
                                "time; a Vulkan compute shader fixes its workgroup size, so "
                                "give the launch arith.constant block sizes",
                        name);
        return false;
      }
    }
    if (found && (size[0] != out_size[0] || size[1] != out_size[1] || size[2] != out_size[2])) {
      ckpt_emit_error(launch, "kernel '%s' is launched with block sizes %lldx%lldx%lld and "
                              "%lldx%lldx%lld; a Vulkan compute shader has one workgroup size, "
                              "so use one block size for every launch of a kernel",
                      name, (long long)size[0], (long long)size[1], (long long)size[2],
                      (long long)out_size[0], (long long)out_size[1], (long long)out_size[2]);
      return false;
    }
    memcpy(out_size, size, sizeof(size));
    found = true;
  }
  if (!found)
    ckpt_emit_error(kernel, "kernel '%s' has no constant block size (known_block_size) and no "
                            "launch to take one from; a Vulkan compute shader fixes its "
                            "workgroup size",
                    name);
  return found;
}

/* SPIR-V indexes a buffer with strides known when the shader is compiled. */
static bool check_arguments(MlirOperation kernel) {
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(kernel, 0));
  bool ok = true;
  /* A user kernel gated by --ckpt-convert-tasks-to-gpu has two leading arguments (state,
   * gate) of its own: number the user's arguments as the user wrote them. */
  intptr_t hidden = mlirAttributeIsNull(mlirOperationGetDiscardableAttributeByName(
                        kernel, ckpt_str("ckpt.gated")))
                        ? 0
                        : 2;
  for (intptr_t i = 0; !mlirBlockIsNull(body) && i < mlirBlockGetNumArguments(body); ++i) {
    MlirType type = mlirValueGetType(mlirBlockGetArgument(body, i));
    if (!mlirTypeIsAMemRef(type) || mlirShapedTypeGetRank(type) < 2)
      continue;
    int64_t rank = mlirShapedTypeGetRank(type), offset = 0;
    int64_t *strides = calloc((size_t)rank, sizeof(int64_t));
    bool static_strides =
        mlirLogicalResultIsSuccess(mlirMemRefTypeGetStridesAndOffset(type, strides, &offset));
    for (int64_t d = 0; d < rank && static_strides; ++d)
      static_strides = !mlirShapedTypeIsDynamicSize(strides[d]);
    free(strides);
    if (!static_strides) {
      char name[256];
      ckpt_emit_error(kernel, "argument %ld of kernel '%s' is a memref with dynamic strides, "
                              "which SPIR-V cannot index: pass a rank-1 view "
                              "(memref.collapse_shape) and its sizes instead",
                      (long)(i - hidden), ckpt_symbol_name(kernel, name, sizeof name));
      ok = false;
    }
  }
  return ok;
}

/* How arguments of a kernel change type: the new type of `arg` (null where it stays), the
 * op each launch makes the new operand with from the old, and what the kernel does with
 * the retyped argument at its entry (may be null). */
typedef struct retype_t {
  MlirType (*new_type)(MlirValue arg);
  const char *launch_op;
  void (*at_entry)(MlirOperation kernel, MlirValue arg);
} retype_t;

static void retype_arguments(MlirOperation kernel, const ckpt_vec_t *launch_funcs,
                             const retype_t *how) {
  MlirContext ctx = mlirOperationGetContext(kernel);
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(kernel, 0));
  MlirAttribute type_attr = mlirOperationGetAttributeByName(kernel, ckpt_str("function_type"));
  if (mlirBlockIsNull(body) || mlirAttributeIsNull(type_attr))
    return;
  MlirType function = mlirTypeAttrGetValue(type_attr);
  intptr_t count = mlirFunctionTypeGetNumInputs(function);
  MlirType *inputs = calloc((size_t)count + 1, sizeof(MlirType));
  bool retyped = false;
  for (intptr_t i = 0; i < count; ++i) {
    inputs[i] = mlirFunctionTypeGetInput(function, i);
    if (i >= mlirBlockGetNumArguments(body))
      continue;
    MlirValue arg = mlirBlockGetArgument(body, i);
    MlirType type = how->new_type(arg);
    if (mlirTypeIsNull(type))
      continue;
    inputs[i] = type;
    retyped = true;
    mlirValueSetType(arg, type);
    if (how->at_entry)
      how->at_entry(kernel, arg);
    for (size_t l = 0; l < launch_funcs->size; ++l) {
      MlirOperation launch = CKPT_VEC_OP(launch_funcs, l);
      if (!ckpt_launch_func_targets(launch, kernel))
        continue;
      intptr_t first = segment_start(launch, SEG_KERNEL_OPERANDS);
      MlirValue value = mlirOperationGetOperand(launch, first + i);
      ckpt_insert_t before = {mlirOperationGetBlock(launch), launch,
                              mlirOperationGetLocation(launch)};
      mlirOperationSetOperand(launch, first + i,
                              ckpt_build1(before, how->launch_op, 1, &value, type, 0, NULL));
    }
  }
  if (retyped) {
    intptr_t results = mlirFunctionTypeGetNumResults(function);
    MlirType *outputs = calloc((size_t)results + 1, sizeof(MlirType));
    for (intptr_t r = 0; r < results; ++r)
      outputs[r] = mlirFunctionTypeGetResult(function, r);
    mlirOperationSetAttributeByName(
        kernel, ckpt_str("function_type"),
        mlirTypeAttrGet(mlirFunctionTypeGet(ctx, count, inputs, results, outputs)));
    free(outputs);
  }
  free(inputs);
}

/* A Vulkan shader cannot read a bool from a buffer (OpTypeBool is not externally
 * visible), so an i1 argument of a kernel becomes an i32 compared with 0 at the entry,
 * and its launches pass the value zero-extended. */
static MlirType widened_bool(MlirValue arg) {
  MlirContext ctx = mlirTypeGetContext(mlirValueGetType(arg));
  return mlirTypeEqual(mlirValueGetType(arg), mlirIntegerTypeGet(ctx, 1))
             ? mlirIntegerTypeGet(ctx, 32)
             : (MlirType){NULL};
}

static void compare_with_zero(MlirOperation kernel, MlirValue arg) {
  MlirBlock body = mlirBlockArgumentGetOwner(arg);
  MlirType i32 = mlirValueGetType(arg);
  ckpt_insert_t at = {body, mlirBlockGetFirstOperation(body), mlirOperationGetLocation(kernel)};
  MlirValue zero = ckpt_build_constant(at, i32, mlirIntegerAttrGet(i32, 0));
  MlirValue flag = ckpt_build_cmpi(at, CKPT_CMPI_NE, arg, zero);
  mlirValueReplaceAllUsesOfWith(arg, flag);
  /* The comparison itself reads the argument. */
  mlirOperationSetOperand(mlirOpResultGetOwner(flag), 0, arg);
}

static const retype_t kWidenBools = {widened_bool, "arith.extui", compare_with_zero};

/* SPIR-V has no arrays of length 0, so a memref argument with a static size of 0 (which
 * nothing can index) becomes one of dynamic sizes, cast so at its launches, where its
 * only uses are accesses (memref.dim of it was folded before). */
static const char *const kElementAccesses[] = {"memref.load", "memref.store", "memref.atomic_rmw"};

static MlirType dynamic_if_empty(MlirValue arg) {
  MlirType type = mlirValueGetType(arg);
  if (!mlirTypeIsAMemRef(type) || !mlirShapedTypeHasStaticShape(type) ||
      !mlirAffineMapIsIdentity(mlirMemRefTypeGetAffineMap(type)) ||
      !ckpt_only_used_by(arg, kElementAccesses,
                         sizeof kElementAccesses / sizeof kElementAccesses[0]))
    return (MlirType){NULL};
  intptr_t rank = mlirShapedTypeGetRank(type);
  bool empty = false;
  int64_t *shape = calloc((size_t)rank + 1, sizeof *shape);
  for (intptr_t d = 0; d < rank; ++d) {
    shape[d] = mlirShapedTypeGetDimSize(type, d);
    empty = empty || shape[d] == 0;
    if (shape[d] == 0)
      shape[d] = mlirShapedTypeGetDynamicSize();
  }
  MlirType dynamic =
      empty ? mlirMemRefTypeGet(mlirShapedTypeGetElementType(type), rank, shape,
                                mlirAttributeGetNull(), mlirMemRefTypeGetMemorySpace(type))
            : (MlirType){NULL};
  free(shape);
  return dynamic;
}

static const retype_t kDynamicEmpty = {dynamic_if_empty, "memref.cast", NULL};

static bool attach_abi(MlirContext ctx, MlirOperation kernel, const ckpt_vec_t *launch_funcs) {
  int64_t size[3];
  MlirAttribute block = mlirOperationGetAttributeByName(kernel, ckpt_str("known_block_size"));
  if (!mlirAttributeIsNull(block) && mlirAttributeIsADenseI32Array(block) &&
      mlirDenseArrayGetNumElements(block) == 3) {
    for (int d = 0; d < 3; ++d)
      size[d] = mlirDenseI32ArrayGetElement(block, d);
  } else if (!launch_block_size(kernel, launch_funcs, size)) {
    return false;
  }
  char text[160];
  snprintf(text, sizeof text, "#spirv.entry_point_abi<workgroup_size = [%lld, %lld, %lld]>",
           (long long)size[0], (long long)size[1], (long long)size[2]);
  MlirAttribute abi = mlirAttributeParseGet(ctx, ckpt_str(text));
  if (mlirAttributeIsNull(abi)) {
    ckpt_emit_error(kernel, "cannot build %s: is the SPIR-V dialect loaded?", text);
    return false;
  }
  mlirOperationSetDiscardableAttributeByName(kernel, ckpt_str("spirv.entry_point_abi"), abi);
  bool ok = check_arguments(kernel);
  retype_arguments(kernel, launch_funcs, &kWidenBools);
  return ckpt_lower_spirv_all_reduces(kernel, size) && ok;
}

/* Copies the #spirv.target_env of a gpu.module's targets (from spirv-attach-target) into
 * its `spirv.target_env` attribute, where conversions run inside it (convert-math-to-spirv)
 * look for the capabilities they may use. */
static void expose_target_env(MlirContext ctx, MlirOperation gpu_module) {
  MlirAttribute targets = mlirOperationGetAttributeByName(gpu_module, ckpt_str("targets"));
  if (mlirAttributeIsNull(targets) || !mlirAttributeIsAArray(targets))
    return;
  for (intptr_t i = 0; i < mlirArrayAttrGetNumElements(targets); ++i) {
    MlirAttribute target = mlirArrayAttrGetElement(targets, i);
    ckpt_sbuf_t text = {0};
    mlirAttributePrint(target, ckpt_sbuf_callback, &text);
    bool spirv = text.data && strncmp(text.data, "#spirv.target_env", 17) == 0;
    ckpt_sbuf_free(&text);
    if (spirv) {
      mlirOperationSetDiscardableAttributeByName(gpu_module, ckpt_str("spirv.target_env"), target);
      return;
    }
  }
  (void)ctx;
}

static MlirType unsplit_vector(MlirOperation op) {
  for (intptr_t i = 0; i < mlirOperationGetNumResults(op); ++i)
    if (ckpt_spirv_lacks_vector(mlirValueGetType(mlirOperationGetResult(op, i))))
      return mlirValueGetType(mlirOperationGetResult(op, i));
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(op); ++i)
    if (ckpt_spirv_lacks_vector(mlirValueGetType(mlirOperationGetOperand(op, i))))
      return mlirValueGetType(mlirOperationGetOperand(op, i));
  return (MlirType){NULL};
}

/* The first op of a kernel that holds a vector SPIR-V lacks. After the splitting, the
 * program's own ops are preferred to the slices the splitting put around them (those stay
 * only because such an op uses them), and constants and poison values are never named:
 * they lack a location once copied into the kernel. */
typedef struct unsplit_t {
  bool named_only, skip_slices;
  MlirOperation found;
} unsplit_t;

static MlirWalkResult find_unsplit_vector(MlirOperation op, void *user_data) {
  unsplit_t *search = user_data;
  if ((search->named_only && (ckpt_op_is(op, "arith.constant") || ckpt_op_is(op, "ub.poison"))) ||
      (search->skip_slices && (ckpt_op_is(op, "vector.insert_strided_slice") ||
                               ckpt_op_is(op, "vector.extract_strided_slice"))) ||
      mlirTypeIsNull(unsplit_vector(op)))
    return MlirWalkResultAdvance;
  search->found = op;
  return MlirWalkResultInterrupt;
}

/* Splits the kernel's vectors into SPIR-V's, when it has any SPIR-V lacks (the rewrite
 * also folds and erases dead code, which other kernels are spared); reports one that
 * could not be split. */
static bool split_vectors(MlirOperation kernel) {
  unsplit_t any = {0};
  mlirOperationWalk(kernel, find_unsplit_vector, &any, MlirWalkPreOrder);
  if (mlirOperationIsNull(any.found))
    return true;
  if (!ckpt_unroll_spirv_vectors(kernel)) {
    ckpt_emit_error(kernel, "the vectors of this Vulkan kernel could not be split into SPIR-V "
                            "vectors of at most 4 elements");
    return false;
  }
  unsplit_t search = {.named_only = true, .skip_slices = true};
  mlirOperationWalk(kernel, find_unsplit_vector, &search, MlirWalkPreOrder);
  if (mlirOperationIsNull(search.found)) {
    search.skip_slices = false;
    mlirOperationWalk(kernel, find_unsplit_vector, &search, MlirWalkPreOrder);
  }
  MlirOperation found = search.found;
  if (mlirOperationIsNull(found))
    return true;
  ckpt_sbuf_t text = {0};
  mlirTypePrint(unsplit_vector(found), ckpt_sbuf_callback, &text);
  char op_name[64];
  ckpt_emit_error(found,
                  "'%s' works on a value of type '%s' in a Vulkan kernel, and SPIR-V vectors "
                  "have one dimension and at most 4 elements: ckpt splits others where "
                  "elementwise ops, contractions, reductions, broadcasts, shuffles, transposes, "
                  "shape casts, transfers, loops and branches use them, not here; keep the "
                  "vectors this op works on to 4 elements",
                  ckpt_op_name(found, op_name, sizeof op_name), text.data);
  ckpt_sbuf_free(&text);
  return false;
}

MlirLogicalResult ckptRunAttachSpirvAbi(MlirOperation module) {
  MlirContext ctx = mlirOperationGetContext(module);
  ckpt_vec_t kernels = {0}, launch_funcs = {0};
  ckpt_collect_gpu_kernels(module, &kernels);
  ckpt_collect_named(module, "gpu.launch_func", false, &launch_funcs);
  bool ok = true;
  for (size_t i = 0; i < kernels.size; ++i) {
    MlirOperation kernel = CKPT_VEC_OP(&kernels, i);
    ok = attach_abi(ctx, kernel, &launch_funcs) && ok;
    ckpt_vec_t dims = {0};
    ckpt_collect_named(kernel, "memref.dim", false, &dims);
    for (size_t d = 0; d < dims.size; ++d)
      ok = fold_dim(CKPT_VEC_OP(&dims, d)) && ok;
    ckpt_vec_free(&dims);
    retype_arguments(kernel, &launch_funcs, &kDynamicEmpty);
    ok = split_vectors(kernel) && ok;
  }
  ckpt_vec_t gpu_modules = {0};
  ckpt_collect_named(module, "gpu.module", false, &gpu_modules);
  for (size_t i = 0; i < gpu_modules.size; ++i)
    expose_target_env(ctx, CKPT_VEC_OP(&gpu_modules, i));
  ckpt_vec_free(&gpu_modules);
  ckpt_vec_free(&kernels);
  ckpt_vec_free(&launch_funcs);
  return ok ? mlirLogicalResultSuccess() : mlirLogicalResultFailure();
}

static MlirWalkResult collect_spirv_modules(MlirOperation op, void *user_data) {
  if (ckpt_op_is(op, "spirv.module"))
    ckpt_vec_push((ckpt_vec_t *)user_data, op.ptr);
  return ckpt_op_is(op, "builtin.module") ? MlirWalkResultAdvance : MlirWalkResultSkip;
}

static const char kSpirvModulePrefix[] = "__spv__";

MlirLogicalResult ckptRunNestSpirvModules(MlirOperation module) {
  ckpt_vec_t spirv_modules = {0};
  mlirOperationWalk(module, collect_spirv_modules, &spirv_modules, MlirWalkPreOrder);
  MlirSymbolTable symbols = mlirSymbolTableCreate(module);
  bool ok = true;
  for (size_t i = 0; i < spirv_modules.size; ++i) {
    MlirOperation spirv_module = CKPT_VEC_OP(&spirv_modules, i);
    MlirAttribute name = mlirOperationGetAttributeByName(spirv_module, ckpt_str("sym_name"));
    MlirStringRef text = mlirAttributeIsNull(name) ? ckpt_str("") : mlirStringAttrGetValue(name);
    size_t prefix = sizeof kSpirvModulePrefix - 1;
    MlirOperation gpu_module = {NULL};
    if (text.length > prefix && memcmp(text.data, kSpirvModulePrefix, prefix) == 0)
      gpu_module = mlirSymbolTableLookup(
          symbols, mlirStringRefCreate(text.data + prefix, text.length - prefix));
    if (mlirOperationIsNull(gpu_module) || !ckpt_op_is(gpu_module, "gpu.module")) {
      ckpt_emit_error(spirv_module, "no gpu.module for this spirv.module: expected one named "
                                    "after its '%s' prefix, as convert-gpu-to-spirv names them",
                      kSpirvModulePrefix);
      ok = false;
      continue;
    }
    /* An empty gpu.module (no kernels) still gets its spirv.module. */
    MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(gpu_module, 0));
    MlirOperation first = mlirBlockGetFirstOperation(body);
    if (mlirOperationIsNull(first)) {
      mlirOperationRemoveFromParent(spirv_module);
      mlirBlockAppendOwnedOperation(body, spirv_module);
    } else {
      mlirOperationMoveBefore(spirv_module, first);
    }
  }
  mlirSymbolTableDestroy(symbols);
  ckpt_vec_free(&spirv_modules);
  return ok ? mlirLogicalResultSuccess() : mlirLogicalResultFailure();
}
