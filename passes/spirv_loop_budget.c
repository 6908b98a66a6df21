/* --ckpt-spirv-loop-budget: Vulkan kernels report when their loops may have been cut off
 * by lavapipe's loop limiter.
 *
 * Mesa's lavapipe gives each shader invocation one budget of 65,535 loop iterations,
 * shared by all its loops (gallivm decrements one counter at every loop's back edge and
 * leaves every loop once it reaches zero), and says nothing when it runs out: a task that
 * is one invocation's loop over more elements stops early. So each kernel with a loop
 * counts the iterations of its loops' bodies in a shader variable and, at its end, writes
 * a non-zero word 3 of the gating state (`[resume_cp, yielded, yield_cp, loop budget]`)
 * when the count reached 65,535. The runtime reads the state back after the launch and
 * fails it, on lavapipe only, with a message naming the cause; other drivers have no
 * limit and the word is ignored there. The count costs one private increment an
 * iteration.
 *
 * Counted: the bodies of scf.for and scf.while loops, which is every loop of a kernel
 * after --ckpt-prepare-spirv-tasks (affine loops are lowered before it and scf.parallel
 * inside a task becomes scf.for). Branch loops of a hand-written kernel (cf.br back
 * edges) are not counted. Kernels without a gate (`ckpt.gate`, or `ckpt.gated` on a
 * hand-written one) have no state to write and are left alone.
 *
 * Runs after gpu-kernel-outlining and before convert-gpu-to-spirv. */
#include "ckpt/passes.h"
#include "ir.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

/* gallivm's LP_MAX_TGSI_LOOP_ITERATIONS. */
static const int64_t kLavapipeLoopBudget = 65535;
static const int64_t kBudgetWord = 3;

static bool has_attr(MlirOperation op, const char *name) {
  return !mlirAttributeIsNull(mlirOperationGetDiscardableAttributeByName(op, ckpt_str(name)));
}

/* The kernel argument a `memref.load` feeding `value` reads, searching its operands'
 * definitions a few levels up (the gate is loads, comparisons and their and/or). */
static MlirValue loaded_argument(MlirValue value, MlirBlock entry, int depth) {
  if (depth == 0 || !mlirValueIsAOpResult(value))
    return (MlirValue){NULL};
  MlirOperation def = mlirOpResultGetOwner(value);
  if (ckpt_op_is(def, "memref.load")) {
    MlirValue memory = mlirOperationGetOperand(def, 0);
    if (mlirValueIsABlockArgument(memory) &&
        mlirBlockEqual(mlirBlockArgumentGetOwner(memory), entry))
      return memory;
    return (MlirValue){NULL};
  }
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(def); ++i) {
    MlirValue found = loaded_argument(mlirOperationGetOperand(def, i), entry, depth - 1);
    if (!mlirValueIsNull(found))
      return found;
  }
  return (MlirValue){NULL};
}

/* The gating state: the first argument of a gated hand-written kernel, or what the gate
 * of an outlined task reads; null when the kernel has no gate or the state is not an
 * i32 memref of at least four words. */
static MlirValue gating_state(MlirOperation kernel, MlirBlock entry) {
  MlirValue state = {NULL};
  if (has_attr(kernel, "ckpt.gated")) {
    if (mlirBlockGetNumArguments(entry) > 0)
      state = mlirBlockGetArgument(entry, 0);
  } else {
    for (MlirOperation op = mlirBlockGetFirstOperation(entry);
         !mlirOperationIsNull(op) && mlirValueIsNull(state); op = mlirOperationGetNextInBlock(op))
      if (ckpt_op_is(op, "scf.if") && has_attr(op, "ckpt.gate"))
        state = loaded_argument(mlirOperationGetOperand(op, 0), entry, 8);
  }
  if (mlirValueIsNull(state))
    return state;
  MlirType type = mlirValueGetType(state);
  bool fits = mlirTypeIsAMemRef(type) && mlirShapedTypeGetRank(type) == 1 &&
              mlirTypeIsAInteger(mlirShapedTypeGetElementType(type)) &&
              mlirIntegerTypeGetWidth(mlirShapedTypeGetElementType(type)) == 32 &&
              !mlirShapedTypeIsDynamicDim(type, 0) &&
              mlirShapedTypeGetDimSize(type, 0) > kBudgetWord;
  return fits ? state : (MlirValue){NULL};
}

/* Where a loop's body starts: scf.for's body, scf.while's `do` region. */
static MlirBlock loop_body(MlirOperation loop) {
  intptr_t region = ckpt_op_is(loop, "scf.while") ? 1 : 0;
  return mlirRegionGetFirstBlock(mlirOperationGetRegion(loop, region));
}

static void instrument(MlirOperation kernel) {
  MlirContext ctx = mlirOperationGetContext(kernel);
  MlirBlock entry = mlirRegionGetFirstBlock(mlirOperationGetRegion(kernel, 0));
  if (mlirBlockIsNull(entry))
    return;
  ckpt_vec_t loops = {0}, returns = {0};
  ckpt_collect_named(kernel, "scf.for", false, &loops);
  ckpt_collect_named(kernel, "scf.while", false, &loops);
  MlirValue state = loops.size ? gating_state(kernel, entry) : (MlirValue){NULL};
  if (mlirValueIsNull(state)) {
    ckpt_vec_free(&loops);
    return;
  }
  MlirLocation loc = mlirOperationGetLocation(kernel);
  MlirType i32 = mlirIntegerTypeGet(ctx, 32);
  MlirAttribute function = mlirAttributeParseGet(ctx, ckpt_str("#spirv.storage_class<Function>"));
  int64_t one_shape[1] = {1};
  MlirType counter_type = mlirMemRefTypeGet(i32, 1, one_shape, mlirAttributeGetNull(), function);

  ckpt_insert_t top = {entry, mlirBlockGetFirstOperation(entry), loc};
  MlirValue counter = ckpt_build1(
      top, "memref.alloca", 0, NULL, counter_type, 1,
      (MlirNamedAttribute[]){
          ckpt_named(ctx, "operandSegmentSizes", mlirDenseI32ArrayGet(ctx, 2, (int32_t[]){0, 0}))});
  MlirValue zero_index = ckpt_arith_constant_index(top, 0);
  MlirValue zero = ckpt_build_constant(top, i32, mlirIntegerAttrGet(i32, 0));
  MlirValue one = ckpt_build_constant(top, i32, mlirIntegerAttrGet(i32, 1));
  ckpt_build0(top, "memref.store", 3, (MlirValue[]){zero, counter, zero_index}, 0, NULL);

  for (size_t i = 0; i < loops.size; ++i) {
    MlirBlock body = loop_body(CKPT_VEC_OP(&loops, i));
    if (mlirBlockIsNull(body))
      continue;
    ckpt_insert_t at = {body, mlirBlockGetFirstOperation(body), loc};
    MlirValue count =
        ckpt_build1(at, "memref.load", 2, (MlirValue[]){counter, zero_index}, i32, 0, NULL);
    MlirValue next = ckpt_build1(at, "arith.addi", 2, (MlirValue[]){count, one}, i32, 0, NULL);
    ckpt_build0(at, "memref.store", 3, (MlirValue[]){next, counter, zero_index}, 0, NULL);
  }

  ckpt_collect_named(kernel, "gpu.return", false, &returns);
  for (size_t i = 0; i < returns.size; ++i) {
    MlirOperation ret = CKPT_VEC_OP(&returns, i);
    ckpt_insert_t at = {mlirOperationGetBlock(ret), ret, loc};
    MlirValue count =
        ckpt_build1(at, "memref.load", 2, (MlirValue[]){counter, zero_index}, i32, 0, NULL);
    MlirValue last_safe =
        ckpt_build_constant(at, i32, mlirIntegerAttrGet(i32, kLavapipeLoopBudget - 1));
    MlirValue spent = ckpt_build_cmpi(at, CKPT_CMPI_ULT, last_safe, count);
    MlirBlock then_block;
    ckpt_build_scf_if(at, spent, 0, NULL, &then_block, NULL);
    ckpt_insert_t inside = {then_block, (MlirOperation){NULL}, loc};
    MlirValue word = ckpt_arith_constant_index(inside, kBudgetWord);
    ckpt_build0(inside, "memref.store", 3, (MlirValue[]){one, state, word}, 0, NULL);
    ckpt_build0(inside, "scf.yield", 0, NULL, 0, NULL);
  }
  ckpt_vec_free(&loops);
  ckpt_vec_free(&returns);
}

MlirLogicalResult ckptRunSpirvLoopBudget(MlirOperation module) {
  ckpt_vec_t kernels = {0};
  ckpt_collect_gpu_kernels(module, &kernels);
  for (size_t i = 0; i < kernels.size; ++i)
    instrument(CKPT_VEC_OP(&kernels, i));
  ckpt_vec_free(&kernels);
  return mlirLogicalResultSuccess();
}
