/* --ckpt-check-target{target=...}: what one target cannot run, reported at the op before
 * the target's lowering turns it into a conversion failure, a crash or wrong results.
 * Device code is every op of a graph kernel's body (tasks and bare statements alike run
 * in kernels on device targets), every function those ops call, and every gpu.func they
 * launch. */
#include <stdio.h>
#include <string.h>

#include <ckpt/ckpt.h>

#include "ckpt-c/Dialect.h"
#include "ckpt/passes.h"
#include "graph.h"
#include "host_abi.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "spirv_views.h"

/* The most threads a block may have: CUDA on every architecture, and HIP on AMD chips for
 * the kernels target=hip builds (ckpt-prepare-rocdl-kernels lets hand-written ones have
 * as many). */
#define MAX_BLOCK_THREADS 1024

typedef struct check_t {
  int64_t target;     /* ckpt_target_t */
  MlirStringRef name; /* the target as the user spelled it */
  ckpt_vec_t visited; /* functions already scanned */
  ckpt_vec_t stack;   /* functions being scanned, outermost first */
  bool ok;
} check_t;

static bool contains(const ckpt_vec_t *vec, const void *item) {
  for (size_t i = 0; i < vec->size; ++i)
    if (vec->items[i] == item)
      return true;
  return false;
}

static const char kOver64Bits[] =
    "SPIR-V integers have at most 64 bits: split the value into i64 parts";

/* Why a value of this type (a scalar kernel parameter, or the elements of a memref) cannot
 * cross into a Vulkan kernel; NULL if it can. */
static const char *vulkan_type_problem(MlirType type, bool memref_element) {
  if (mlirTypeIsAMemRef(type))
    return vulkan_type_problem(mlirShapedTypeGetElementType(type), true);
  if (memref_element && mlirTypeIsAIndex(type))
    return "index elements are 64-bit on the host but 32-bit in Vulkan shaders: use i32 or i64 "
           "elements";
  if (mlirTypeIsABF16(type))
    return "bf16 has no SPIR-V type a Vulkan shader may use: use f32 or f16";
  if (mlirTypeIsAInteger(type) && mlirIntegerTypeGetWidth(type) > 64)
    return kOver64Bits;
  if (mlirTypeIsAInteger(type)) {
    unsigned width = mlirIntegerTypeGetWidth(type);
    if (width != 1 && width != 8 && width != 16 && width != 32 && width != 64)
      return memref_element ? "SPIR-V buffers hold integers of 8, 16, 32 or 64 bits: use "
                              "elements of one of those widths"
                            : "kernel parameters are integers of 8, 16, 32 or 64 bits: "
                              "extend the value to one of those widths on the host";
  }
  if (mlirTypeIsAFloat(type) && !mlirTypeIsAF16(type) && !mlirTypeIsAF32(type) &&
      !mlirTypeIsAF64(type))
    return "Vulkan shaders here compute with f16, f32 and f64 only: convert to f32 on the host";
  return NULL;
}

/* Math ops whose only Vulkan forms (GLSL.std.450 instructions, or MLIR's f32 polynomial
 * approximations, expand_math.c) take 16- and 32-bit floats. */
static const char *const kF32OnlyMath[] = {
    "math.acos", "math.acosh", "math.asin", "math.asinh", "math.atan", "math.atan2",
    "math.atanh", "math.cbrt",  "math.cos",  "math.cosh",  "math.erf",  "math.erfc",
    "math.exp",  "math.exp2",  "math.expm1", "math.log",  "math.log10", "math.log1p",
    "math.log2", "math.powf",  "math.sin",  "math.sinh",  "math.tan",  "math.tanh"};

static bool f64_math_on_vulkan(MlirOperation op) {
  if (mlirOperationGetNumResults(op) != 1)
    return false;
  if (!mlirTypeIsAF64(ckpt_element_type(mlirValueGetType(mlirOperationGetResult(op, 0)))))
    return false;
  for (size_t i = 0; i < sizeof kF32OnlyMath / sizeof kF32OnlyMath[0]; ++i)
    if (ckpt_op_is(op, kF32OnlyMath[i]))
      return true;
  return false;
}

/* memref.atomic_rmw kinds MLIR's SPIR-V conversion takes (arith::AtomicRMWKind values). */
static bool spirv_atomic_kind(MlirOperation op) {
  MlirAttribute kind = mlirOperationGetAttributeByName(op, ckpt_str("kind"));
  if (mlirAttributeIsNull(kind) || !mlirAttributeIsAInteger(kind))
    return false;
  enum { ADDI = 1, ANDI = 2, MAXS = 6, MAXU = 7, MINS = 10, MINU = 11, ORI = 14 };
  switch (mlirIntegerAttrGetValueInt(kind)) {
  case ADDI:
  case ANDI:
  case MAXS:
  case MAXU:
  case MINS:
  case MINU:
  case ORI:
    return true;
  default:
    return false;
  }
}

/* An atomic on elements wider than 32 bits. */
static bool wide_atomic(MlirOperation op) {
  MlirType element = mlirValueGetType(mlirOperationGetResult(op, 0));
  return mlirTypeIsAInteger(element) && mlirIntegerTypeGetWidth(element) > 32;
}

/* convert-gpu-to-nvvm shuffles 32-bit values, and 64-bit ones in two halves; nothing
 * narrower (nvvm.shfl.sync takes i32 and f32). */
static bool shuffle_width_ok(MlirOperation op) {
  MlirType type = mlirValueGetType(mlirOperationGetOperand(op, 0));
  if (mlirTypeIsAInteger(type))
    return mlirIntegerTypeGetWidth(type) >= 32;
  return mlirTypeIsAF32(type) || mlirTypeIsAF64(type);
}

static const char *target_title(ckpt_target_t target) {
  return target == CKPT_TARGET_VULKAN ? "Vulkan"
         : target == CKPT_TARGET_HIP  ? "HIP"
         : target == CKPT_TARGET_CUDA ? "CUDA"
                                      : "CPU";
}

static void report_type(check_t *check, MlirOperation op, MlirType type, const char *what) {
  const char *problem = vulkan_type_problem(type, false);
  if (!problem)
    return;
  ckpt_sbuf_t text = {0};
  mlirTypePrint(type, ckpt_sbuf_callback, &text);
  ckpt_emit_error(op, "%s of type '%s' cannot be used on the Vulkan target: %s", what, text.data,
                  problem);
  ckpt_sbuf_free(&text);
  check->ok = false;
}

/* The first Vulkan-unfit memref type among an op's operands and results. Scalars inside a
 * kernel are left to the SPIR-V conversion, which reports what it cannot convert. */
static const char *vulkan_memref_problem(MlirType type) {
  return mlirTypeIsAMemRef(type) ? vulkan_type_problem(type, false) : NULL;
}

/* bf16 in a Vulkan kernel is emulated in f32 for arith and math ops (pipeline.c); any
 * other op that makes a bf16 value (a loop carrying one, an scf.if yielding one) cannot
 * be converted. */
static bool check_bf16_carrier(check_t *check, MlirOperation op) {
  char name[64];
  ckpt_op_name(op, name, sizeof name);
  if (strncmp(name, "arith.", 6) == 0 || strncmp(name, "math.", 5) == 0)
    return true;
  for (intptr_t i = 0; i < mlirOperationGetNumResults(op); ++i) {
    if (!mlirTypeIsABF16(ckpt_element_type(mlirValueGetType(mlirOperationGetResult(op, i)))))
      continue;
    ckpt_emit_error(op, "'%s' makes a bf16 value in a Vulkan kernel, where bf16 (no SPIR-V "
                        "type) is emulated in f32 for arith and math ops only: carry the value "
                        "as f32 (arith.extf it before, arith.truncf it after)",
                    name);
    check->ok = false;
    return false;
  }
  return true;
}

/* SPIR-V has integers of 8, 16, 32 and 64 bits; MLIR's conversion (with ckpt's rewrites,
 * spirv_integers.c) computes narrower widths in i32, but has no form for those between 32
 * and 64 bits ("failed to legalize" at the first op making one). */
static bool check_wide_odd_integers(check_t *check, MlirOperation op) {
  for (intptr_t i = 0; i < mlirOperationGetNumResults(op); ++i) {
    MlirType type = mlirValueGetType(mlirOperationGetResult(op, i));
    MlirType element = ckpt_element_type(type);
    if (mlirTypeIsAMemRef(type) || !mlirTypeIsAInteger(element))
      continue;
    unsigned width = mlirIntegerTypeGetWidth(element);
    if (width <= 32 || width == 64)
      continue;
    char name[64];
    ckpt_op_name(op, name, sizeof name);
    if (width > 64)
      ckpt_emit_error(op, "'%s' makes an i%u value in a Vulkan kernel: %s", name, width,
                      kOver64Bits);
    else
      ckpt_emit_error(op,
                      "'%s' makes an i%u value in a Vulkan kernel: SPIR-V integers have 8, 16, "
                      "32 or 64 bits, and widths between 32 and 64 are not emulated: compute "
                      "in i64 (arith.extsi or arith.extui to i64, and arith.trunci where the "
                      "i%u is needed outside the kernel)",
                      name, width, width);
    check->ok = false;
    return false;
  }
  return true;
}

static void check_op_types(check_t *check, MlirOperation op) {
  if (!check_bf16_carrier(check, op) || !check_wide_odd_integers(check, op))
    return;
  for (intptr_t i = 0; i < mlirOperationGetNumResults(op); ++i)
    if (vulkan_memref_problem(mlirValueGetType(mlirOperationGetResult(op, i)))) {
      report_type(check, op, mlirValueGetType(mlirOperationGetResult(op, i)), "a value");
      return;
    }
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(op); ++i) {
    MlirValue operand = mlirOperationGetOperand(op, i);
    /* A kernel parameter is reported once, at the kernel. */
    if (mlirValueIsABlockArgument(operand) &&
        ckpt_op_is(ckpt_value_scope_op(operand), "func.func"))
      continue;
    if (vulkan_memref_problem(mlirValueGetType(operand))) {
      report_type(check, op, mlirValueGetType(operand), "an operand");
      return;
    }
  }
}

/* Constant block sizes of a gpu.launch or gpu.launch_func: their product, or -1 when one
 * is computed at run time. */
static int64_t constant_block_threads(MlirOperation launch, intptr_t first_block_operand) {
  int64_t product = 1;
  for (intptr_t i = 0; i < 3; ++i) {
    MlirValue size = mlirOperationGetOperand(launch, first_block_operand + i);
    if (!mlirValueIsAOpResult(size))
      return -1;
    MlirOperation def = mlirOpResultGetOwner(size);
    MlirAttribute value = mlirOperationGetAttributeByName(def, ckpt_str("value"));
    if (!ckpt_op_is(def, "arith.constant") || !mlirAttributeIsAInteger(value))
      return -1;
    product *= mlirIntegerAttrGetValueInt(value);
  }
  return product;
}

static void check_block_size(check_t *check, MlirOperation op) {
  if (!ckpt_op_is(op, "gpu.launch") && !ckpt_op_is(op, "gpu.launch_func"))
    return;
  /* Both list their async dependencies, then grid and block sizes, one operand each. */
  MlirAttribute segments = mlirOperationGetAttributeByName(op, ckpt_str("operandSegmentSizes"));
  intptr_t first = 3;
  if (!mlirAttributeIsNull(segments) && mlirAttributeIsADenseI32Array(segments) &&
      mlirDenseArrayGetNumElements(segments) > 0)
    first += mlirDenseI32ArrayGetElement(segments, 0);
  if (mlirOperationGetNumOperands(op) < first + 3)
    return;
  int64_t threads = constant_block_threads(op, first);
  if (threads <= MAX_BLOCK_THREADS)
    return;
  ckpt_emit_error(op, "this launch asks for %lld threads per block, but %s allows at most %d: "
                      "use smaller blocks and more of them",
                  (long long)threads, check->target == CKPT_TARGET_HIP ? "HIP" : "CUDA",
                  MAX_BLOCK_THREADS);
  check->ok = false;
}

static void check_function(check_t *check, MlirOperation func);

/* True if op is a unit of a graph kernel: directly in its body, a checkpoint or a do-while. */
static bool is_unit(MlirOperation op) {
  MlirOperation parent = mlirOperationGetParentOperation(op);
  return mlirCkptOpIsCheckpoint(parent) || mlirCkptOpIsDoWhile(parent) ||
         (ckpt_op_is(parent, "func.func") && mlirCkptFuncIsGraph(parent));
}

/* A GPU launch inside a task would be a launch from device code (dynamic parallelism),
 * which the outlining cannot express. */
static bool check_nested_launch(check_t *check, MlirOperation op) {
  if (!ckpt_op_is(op, "gpu.launch") && !ckpt_op_is(op, "gpu.launch_func"))
    return true;
  if (is_unit(op))
    return true;
  char name[128];
  ckpt_emit_error(op,
                  "'%s' inside a task or a function a task calls would launch a kernel from "
                  "%.*s device code, which ckpt does not support: make it a task of its own, at "
                  "the kernel's top level or directly in a checkpoint or do-while body",
                  ckpt_op_name(op, name, sizeof name), (int)check->name.length,
                  check->name.data);
  check->ok = false;
  return false;
}

/* The symbol a memref.get_global names. */
static const char *global_name(MlirOperation get_global, char *buf, size_t size) {
  MlirAttribute ref = mlirOperationGetAttributeByName(get_global, ckpt_str("name"));
  MlirStringRef text =
      mlirAttributeIsNull(ref) ? ckpt_str("?") : mlirSymbolRefAttrGetRootReference(ref);
  snprintf(buf, size, "%.*s", (int)text.length, text.data);
  return buf;
}

/* Whether a memref.get_global outside any gpu.module (in a function a task calls) names a
 * global of the host's module that is not constant. Globals of a gpu.module are the
 * device's own. */
static bool names_mutable_host_global(MlirOperation get_global) {
  for (MlirOperation p = mlirOperationGetParentOperation(get_global); !mlirOperationIsNull(p);
       p = mlirOperationGetParentOperation(p))
    if (ckpt_op_is(p, "gpu.module"))
      return false;
  MlirAttribute ref = mlirOperationGetAttributeByName(get_global, ckpt_str("name"));
  if (mlirAttributeIsNull(ref))
    return false;
  MlirOperation global = ckpt_lookup_symbol(get_global, mlirSymbolRefAttrGetRootReference(ref));
  return !mlirOperationIsNull(global) && ckpt_op_is(global, "memref.global") &&
         mlirAttributeIsNull(mlirOperationGetAttributeByName(global, ckpt_str("constant")));
}

static void check_call(check_t *check, MlirOperation call) {
  MlirOperation callee = ckpt_callee_of(call);
  if (mlirOperationIsNull(callee))
    return;
  char name[256];
  ckpt_symbol_name(callee, name, sizeof name);
  if (mlirBlockIsNull(ckpt_func_entry(callee))) {
    ckpt_emit_error(call,
                    "@%s has no body, but this call runs in a %.*s kernel: device code cannot "
                    "call into the host program, so define @%s in this module (or call it "
                    "from host code)",
                    name, (int)check->name.length, check->name.data, name);
    check->ok = false;
    return;
  }
  if (check->target == CKPT_TARGET_VULKAN && contains(&check->stack, callee.ptr)) {
    ckpt_emit_error(call,
                    "this call makes @%s recursive, and it runs in a Vulkan kernel: SPIR-V has "
                    "no recursion, so rewrite the recursion as a loop",
                    name);
    check->ok = false;
    return;
  }
  check_function(check, callee);
}

/* Workgroup attributions of a gpu.launch or gpu.func that Vulkan cannot take, at the op. */
static void check_workgroup_attributions(check_t *check, MlirOperation op) {
  if (!ckpt_op_is(op, "gpu.launch") && !ckpt_op_is(op, "gpu.func"))
    return;
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
  long attribution = 0;
  for (intptr_t i = 0; !mlirBlockIsNull(body) && i < mlirBlockGetNumArguments(body); ++i) {
    MlirValue arg = mlirBlockGetArgument(body, i);
    MlirType type = mlirValueGetType(arg);
    if (!mlirTypeIsAMemRef(type) || !ckpt_is_workgroup_space(mlirMemRefTypeGetMemorySpace(type)))
      continue;
    const char *problem = ckpt_spirv_workgroup_problem(arg);
    if (problem) {
      ckpt_emit_error(op, "workgroup attribution %ld runs in a Vulkan kernel and %s",
                      attribution, problem);
      check->ok = false;
    }
    ++attribution;
  }
  /* A gpu.func's block holds its inputs, then its workgroup attributions, then its
   * private ones. */
  MlirAttribute type = mlirOperationGetAttributeByName(op, ckpt_str("function_type"));
  MlirAttribute workgroup = mlirOperationGetAttributeByName(op, ckpt_str("workgroup_attributions"));
  intptr_t inputs =
      mlirAttributeIsNull(type) ? 0 : mlirFunctionTypeGetNumInputs(mlirTypeAttrGetValue(type));
  int64_t shared = mlirAttributeIsNull(workgroup) ? 0 : mlirIntegerAttrGetValueInt(workgroup);
  bool has_private = ckpt_op_is(op, "gpu.func") && !mlirBlockIsNull(body) &&
                     mlirBlockGetNumArguments(body) > inputs + shared;
  if (has_private) {
    ckpt_emit_error(op, "a private attribution runs in a Vulkan kernel, which ckpt does not "
                        "lower: allocate the per-thread scratch with memref.alloca in the body "
                        "instead");
    check->ok = false;
  }
}

static MlirWalkResult check_device_op(MlirOperation op, void *user_data) {
  check_t *check = user_data;
  char name[128];
  if (check->target == CKPT_TARGET_VULKAN) {
    check_op_types(check, op);
    check_workgroup_attributions(check, op);
  }
  if (!check_nested_launch(check, op))
    return MlirWalkResultSkip;
  if (check->target == CKPT_TARGET_CUDA || check->target == CKPT_TARGET_HIP)
    check_block_size(check, op);
  if (ckpt_op_is(op, "vector.print")) {
    ckpt_emit_error(op, "'vector.print' runs in a %.*s kernel, which cannot print: store the value "
                        "into a memref parameter and print it on the host after the launch",
                    (int)check->name.length, check->name.data);
    check->ok = false;
  } else if (check->target == CKPT_TARGET_VULKAN && ckpt_op_is(op, "memref.alloc") &&
             ckpt_is_workgroup_space(
                 mlirMemRefTypeGetMemorySpace(mlirValueGetType(mlirOperationGetResult(op, 0))))) {
    const char *problem = ckpt_spirv_workgroup_problem(mlirOperationGetResult(op, 0));
    if (problem) {
      ckpt_emit_error(op, "'memref.alloc' of workgroup memory runs in a Vulkan kernel and %s",
                      problem);
      check->ok = false;
    }
  } else if ((check->target == CKPT_TARGET_CUDA || check->target == CKPT_TARGET_HIP) &&
             ckpt_op_is(op, "memref.alloc") && mlirOperationGetNumOperands(op) > 0 &&
             ckpt_is_workgroup_space(
                 mlirMemRefTypeGetMemorySpace(mlirValueGetType(mlirOperationGetResult(op, 0))))) {
    ckpt_emit_error(op, "'memref.alloc' of workgroup memory runs in a %s kernel and has a "
                        "dynamic size, and a kernel's shared memory is sized when it is "
                        "compiled: give it a static shape",
                    check->target == CKPT_TARGET_HIP ? "HIP" : "CUDA");
    check->ok = false;
  } else if (check->target == CKPT_TARGET_VULKAN &&
             (ckpt_op_is(op, "memref.alloc") || ckpt_op_is(op, "memref.realloc"))) {
    ckpt_emit_error(op, "'%s' runs in a Vulkan kernel, and shaders cannot allocate: allocate "
                        "the buffer on the host and pass it as a parameter (or use "
                        "memref.alloca for small scratch of a static size)",
                    ckpt_op_name(op, name, sizeof name));
    check->ok = false;
  } else if (check->target == CKPT_TARGET_VULKAN && f64_math_on_vulkan(op)) {
    ckpt_emit_error(op, "'%s' on f64 runs in a Vulkan kernel, and its SPIR-V form "
                        "(GLSL.std.450) takes 16- and 32-bit floats only: compute it in f32 "
                        "(arith.truncf the operands, arith.extf the result)",
                    ckpt_op_name(op, name, sizeof name));
    check->ok = false;
  } else if (check->target == CKPT_TARGET_VULKAN && ckpt_op_is(op, "scf.execute_region") &&
             !mlirBlockIsNull(mlirBlockGetNextInRegion(
                 mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0))))) {
    ckpt_emit_error(op, "'scf.execute_region' of several blocks runs in a Vulkan kernel, and "
                        "SPIR-V shaders take structured control flow only: express its "
                        "branches with scf.if or scf.while");
    check->ok = false;
  } else if (check->target == CKPT_TARGET_VULKAN && ckpt_op_is(op, "memref.alloca")) {
    const char *problem = ckpt_spirv_scratch_problem(op);
    if (problem) {
      ckpt_emit_error(op, "'memref.alloca' runs in a Vulkan kernel and %s", problem);
      check->ok = false;
    }
  } else if (check->target == CKPT_TARGET_VULKAN && ckpt_op_is(op, "memref.get_global")) {
    /* Those of the kernel itself are parameters by now (--ckpt-kernel-buffers); this one is
     * in a function a task calls. */
    ckpt_emit_error(op, "'memref.get_global' runs in a Vulkan kernel, and a shader cannot name "
                        "a host global: take the global with memref.get_global in the graph "
                        "kernel itself (ckpt passes it to the kernel) and hand the memref to "
                        "this function as an argument");
    check->ok = false;
  } else if ((check->target == CKPT_TARGET_CUDA || check->target == CKPT_TARGET_HIP) &&
             ckpt_op_is(op, "memref.get_global") && names_mutable_host_global(op)) {
    /* Outlining would copy the global into the kernel's module: a device variable of its
     * own, which starts from the initializer and which the host never sees. */
    char global[256];
    ckpt_emit_error(op,
                    "'memref.get_global' of the mutable global @%s runs in a %s kernel, "
                    "where it would name a device copy that the host never sees: take "
                    "the global with memref.get_global in the graph kernel itself (ckpt "
                    "passes it to the kernel) and hand the memref to this function as an "
                    "argument, or make the global constant",
                    global_name(op, global, sizeof global), target_title(check->target));
    check->ok = false;
  } else if (check->target == CKPT_TARGET_VULKAN &&
             (ckpt_op_is(op, "gpu.shuffle") || ckpt_op_is(op, "gpu.subgroup_reduce"))) {
    ckpt_emit_error(op,
                    "'%s' runs in a Vulkan kernel, and ckpt's Vulkan kernels are SPIR-V "
                    "1.0 shaders without subgroup operations: reduce with gpu.all_reduce "
                    "(through workgroup memory on this target), or use the cuda or hip "
                    "target",
                    ckpt_op_name(op, name, sizeof name));
    check->ok = false;
  } else if (ckpt_op_is(op, "memref.generic_atomic_rmw") && check->target == CKPT_TARGET_VULKAN) {
    ckpt_emit_error(op, "'memref.generic_atomic_rmw' runs in a Vulkan kernel, and MLIR's SPIR-V "
                        "conversion has no compare-and-swap loop for it: use memref.atomic_rmw "
                        "with an integer kind (addi, andi, ori, maxs, maxu, mins, minu)");
    check->ok = false;
  } else if (ckpt_op_is(op, "gpu.printf") && check->target != CKPT_TARGET_CUDA) {
    ckpt_emit_error(op,
                    "'gpu.printf' runs in a %s kernel, and only CUDA kernels print here: "
                    "store the values into a memref parameter and print them on the host "
                    "after the launch",
                    target_title(check->target));
    check->ok = false;
  } else if (ckpt_op_is_one_of(op, ckpt_gpu_cluster_ops) && check->target != CKPT_TARGET_CUDA) {
    ckpt_emit_error(op,
                    "'%s' asks for a thread block cluster, which only the cuda target has: "
                    "compute from gpu.block_id instead",
                    ckpt_op_name(op, name, sizeof name));
    check->ok = false;
  } else if (ckpt_op_is_one_of(op, ckpt_gpu_subgroup_id_ops) &&
             check->target == CKPT_TARGET_VULKAN) {
    ckpt_emit_error(op,
                    "'%s' runs in a Vulkan kernel, and ckpt's Vulkan kernels are SPIR-V 1.0 "
                    "shaders without subgroups: compute from gpu.thread_id instead, or use "
                    "the cuda or hip target",
                    ckpt_op_name(op, name, sizeof name));
    check->ok = false;
  } else if ((ckpt_op_is(op, "gpu.subgroup_id") || ckpt_op_is(op, "gpu.num_subgroups") ||
              (ckpt_op_is(op, "gpu.subgroup_size") && check->target == CKPT_TARGET_CUDA)) &&
             (check->target == CKPT_TARGET_CUDA || check->target == CKPT_TARGET_HIP)) {
    ckpt_emit_error(op,
                    "'%s' runs in a %s kernel, and MLIR's %s conversion has no lowering for "
                    "it: compute it from gpu.thread_id and gpu.block_dim (a subgroup is %s)",
                    ckpt_op_name(op, name, sizeof name), target_title(check->target),
                    check->target == CKPT_TARGET_HIP ? "ROCDL" : "NVVM",
                    check->target == CKPT_TARGET_HIP ? "64 lanes on gfx9 chips, 32 on gfx10 and "
                                                       "later and on NVIDIA"
                                                     : "32 lanes");
    check->ok = false;
  } else if (ckpt_op_is(op, "gpu.shuffle") && check->target == CKPT_TARGET_CUDA &&
             !shuffle_width_ok(op)) {
    ckpt_emit_error(op, "'gpu.shuffle' of a value narrower than 32 bits runs in a CUDA kernel, "
                        "and NVVM's shuffle takes 32-bit values (64-bit ones in halves): widen "
                        "it first (arith.extf, or arith.bitcast and arith.extui) and narrow the "
                        "result after");
    check->ok = false;
  } else if (ckpt_op_is(op, "gpu.dynamic_shared_memory") && check->target == CKPT_TARGET_VULKAN) {
    ckpt_emit_error(op, "'gpu.dynamic_shared_memory' runs in a Vulkan kernel, and a shader's "
                        "workgroup memory has a size fixed when it is compiled: allocate it "
                        "with a static shape (a workgroup attribution or memref.alloc in the "
                        "workgroup address space)");
    check->ok = false;
  } else if (check->target == CKPT_TARGET_VULKAN && ckpt_op_is(op, "memref.atomic_rmw") &&
             wide_atomic(op)) {
    ckpt_emit_error(op, "'memref.atomic_rmw' on 64-bit integers runs in a Vulkan kernel, and "
                        "ckpt's Vulkan kernels have 32-bit atomics only (the Int64Atomics "
                        "capability is not enabled): use i32 elements, or the cuda or hip target");
    check->ok = false;
  } else if (check->target == CKPT_TARGET_VULKAN && ckpt_op_is(op, "memref.atomic_rmw") &&
             !spirv_atomic_kind(op)) {
    ckpt_emit_error(op, "'memref.atomic_rmw' of this kind runs in a Vulkan kernel, and SPIR-V "
                        "1.0 has integer atomics only (addi, andi, ori, maxs, maxu, mins, "
                        "minu): keep the value as integer bits, or use the cuda or hip target");
    check->ok = false;
  } else if (check->target == CKPT_TARGET_VULKAN &&
             (ckpt_op_is(op, "vector.transfer_read") || ckpt_op_is(op, "vector.transfer_write")) &&
             !ckpt_transfer_fits_spirv(op)) {
    /* MLIR's SPIR-V conversion has no pattern for transfers: --ckpt-prepare-spirv-tasks
     * takes the common forms apart into scalar accesses, and nothing takes the others. */
    ckpt_emit_transfer_error(op);
    check->ok = false;
  } else if (ckpt_op_is(op, "func.call")) {
    check_call(check, op);
  } else if (ckpt_op_is(op, "gpu.launch_func")) {
    bool is_binary = false;
    MlirOperation kernel = ckpt_launched_gpu_func(op, &is_binary);
    if (!mlirOperationIsNull(kernel))
      check_function(check, kernel);
  }
  return MlirWalkResultAdvance;
}

/* Scans a function that device code calls, or a launched gpu.func, once. */
static void check_function(check_t *check, MlirOperation func) {
  if (contains(&check->visited, func.ptr))
    return;
  ckpt_vec_push(&check->visited, func.ptr);
  ckpt_vec_push(&check->stack, func.ptr);
  mlirOperationWalk(func, check_device_op, check, MlirWalkPreOrder);
  --check->stack.size;
}

/* Names parameter `index` of a graph kernel for a message, and returns the op to report
 * it at: a trailing parameter that ckpt-kernel-buffers added (`ckpt.global_params`) is
 * the global the kernel reads, or the scratch buffer it allocates, at its definition. */
static MlirOperation describe_parameter(MlirOperation kernel, intptr_t index, char *buf,
                                        size_t size) {
  snprintf(buf, size, "parameter %ld", (long)index);
  MlirAttribute globals = mlirOperationGetAttributeByName(kernel, ckpt_str("ckpt.global_params"));
  MlirBlock entry = ckpt_func_entry(kernel);
  if (mlirAttributeIsNull(globals) || !mlirAttributeIsAArray(globals))
    return kernel;
  intptr_t first = mlirBlockGetNumArguments(entry) - mlirArrayAttrGetNumElements(globals);
  if (index < first || first < 0)
    return kernel;
  MlirAttribute ref = mlirArrayAttrGetElement(globals, index - first);
  if (!mlirAttributeIsAFlatSymbolRef(ref))
    return kernel;
  MlirStringRef name = mlirFlatSymbolRefAttrGetValue(ref);
  MlirOperation global = ckpt_lookup_symbol(kernel, name);
  if (mlirOperationIsNull(global))
    return kernel;
  static const char kScratch[] = "__ckpt_";
  if (name.length > sizeof kScratch - 1 && memcmp(name.data, kScratch, sizeof kScratch - 1) == 0)
    snprintf(buf, size,
             "the scratch buffer this graph kernel allocates (parameter %ld, which "
             "ckpt-kernel-buffers made of it)",
             (long)index);
  else
    snprintf(buf, size, "the global @%.*s this graph kernel uses (parameter %ld)", (int)name.length,
             name.data, (long)index);
  return global;
}

static void check_kernel(check_t *check, MlirOperation kernel) {
  MlirBlock entry = ckpt_func_entry(kernel);
  /* What --ckpt-lower-host-dispatch refuses, before the kernels' compilation fails on it
   * less clearly. */
  for (intptr_t i = 0; i < mlirBlockGetNumArguments(entry); ++i) {
    const char *why = ckpt_abi_param_problem(mlirValueGetType(mlirBlockGetArgument(entry, i)));
    if (!why)
      continue;
    char name[256];
    ckpt_symbol_name(kernel, name, sizeof name);
    ckpt_emit_error(kernel, "parameter %ld of graph kernel @%s: %s", (long)i, name, why);
    check->ok = false;
    return;
  }
  if (check->target == CKPT_TARGET_VULKAN) {
    for (intptr_t i = 0; i < mlirBlockGetNumArguments(entry); ++i) {
      char what[320];
      MlirOperation at = describe_parameter(kernel, i, what, sizeof what);
      report_type(check, at, mlirValueGetType(mlirBlockGetArgument(entry, i)), what);
    }
  }
  ckpt_vec_push(&check->visited, kernel.ptr);
  ckpt_vec_push(&check->stack, kernel.ptr);
  for (MlirOperation op = mlirBlockGetFirstOperation(entry); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op))
    mlirOperationWalk(op, check_device_op, check, MlirWalkPreOrder);
  --check->stack.size;
}

MlirLogicalResult ckptRunCheckTarget(MlirOperation module, MlirStringRef target) {
  int64_t target_id = ckpt_abi_target_id(target);
  if (target_id < 0) {
    ckpt_emit_error(module, "unknown ckpt target '%.*s'; expected one of: cpu, cuda, hip, vulkan",
                    (int)target.length, target.data);
    return mlirLogicalResultFailure();
  }
  /* The CPU runs device code as host code: nothing to refuse here. */
  if (target_id == CKPT_TARGET_CPU)
    return mlirLogicalResultSuccess();
  check_t check = {.target = target_id, .name = target, .ok = true};
  ckpt_vec_t funcs = {0};
  ckpt_collect_functions(module, &funcs);
  for (size_t i = 0; i < funcs.size; ++i) {
    MlirOperation func = CKPT_VEC_OP(&funcs, i);
    if (mlirCkptFuncIsGraph(func) && !mlirBlockIsNull(ckpt_func_entry(func)))
      check_kernel(&check, func);
  }
  ckpt_vec_free(&funcs);
  ckpt_vec_free(&check.visited);
  ckpt_vec_free(&check.stack);
  return check.ok ? mlirLogicalResultSuccess() : mlirLogicalResultFailure();
}
