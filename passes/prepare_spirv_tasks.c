/* --ckpt-prepare-spirv-tasks: reshapes the gpu.launch bodies that --ckpt-convert-tasks-to-gpu
 * made, before gpu-kernel-outlining, into what MLIR's SPIR-V conversion accepts, without
 * changing what they compute. A SPIR-V storage buffer is a bare array: it carries no
 * sizes and no strides, so what a kernel would read from a memref descriptor is computed
 * on the host and passed in as a scalar operand instead.
 *
 *  - func.call to a function with a single-block body is inlined (repeatedly, so calls
 *    inside callees go too): the rewrites below then see the callee's memory accesses.
 *  - scf.execute_region of one block is replaced by its block; scf.index_switch becomes a
 *    chain of scf.if; scf.while tests a carried flag first and runs its before region
 *    in the body (lavapipe mishandled divergent exits of MLIR's form).
 *  - vector.transfer_read / transfer_write of one dimension along a memref's last one
 *    become a scalar memref.load or memref.store per lane (MLIR's SPIR-V conversion has
 *    no pattern for transfers), bounds-checked unless marked in bounds; in gpu.funcs
 *    (kernels tasks launch) too.
 *  - memref.alloca scratch in a task (or a gpu.func) moves to the Function storage class,
 *    the invocation's own memory, where MLIR's conversion makes it a variable; the
 *    default memory space would make it a storage buffer, which a shader cannot create.
 *  - math ops MLIR's SPIR-V conversion has no pattern for: math.trunc rewritten, and
 *    MLIR's own f32 approximations of math.erf, math.erfc, math.cbrt and math.atan2 and
 *    expansions of math.exp2 and math.fpowi (expand_math.c).
 *  - index dialect ops, and arith ops the conversion rejects or gets wrong for the
 *    Vulkan target's integer types (spirv_integers.c).
 *  - workgroup memory (attributions of a gpu.launch or gpu.func, memref.alloc in the
 *    workgroup address space) becomes allocs of SPIR-V's Workgroup storage class.
 *  - constants defined outside the launch get a copy inside it.
 *  - memref.dim of a memref defined outside the launch moves before it.
 *  - scf.parallel inside the launch (the task's outermost loop is the grid already) becomes
 *    scf.for loops run by the thread, its reductions carried through iter_args: SPIR-V
 *    has no parallel loop, and MLIR converts scf.for but not scf.parallel to it.
 *
 * Memrefs whose strides SPIR-V cannot know are --ckpt-spirv-views' (spirv_views.c). */
#include <stdlib.h>

#include "ckpt/passes.h"
#include "expand_math.h"
#include "inline_calls.h"
#include "ir.h"
#include "loops.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"
#include "spirv_integers.h"
#include "spirv_vectors.h"
#include "spirv_views.h"
#include "vector_memory.h"

static bool defined_outside(MlirValue value, MlirOperation launch) {
  return !ckpt_op_is_inside(ckpt_value_scope_op(value), launch);
}

/* Whether `type` is an integer, index or float, or a vector of them. */
static bool is_number(MlirType type) {
  MlirType element = ckpt_element_type(type);
  return mlirTypeIsAFloat(element) || mlirTypeIsAInteger(element) || mlirTypeIsAIndex(element);
}

/* A zero of `type`, or null where it is not a number. */
static MlirValue zero_of(ckpt_insert_t at, MlirType type) {
  if (!is_number(type))
    return (MlirValue){NULL};
  MlirType element = ckpt_element_type(type);
  MlirAttribute zero = mlirTypeIsAFloat(element)
                           ? mlirFloatAttrDoubleGet(mlirTypeGetContext(type), element, 0.0)
                           : mlirIntegerAttrGet(element, 0);
  return ckpt_build_constant(at, type, zero);
}

/* Ops MLIR's SPIR-V conversion does not take and a shader does without: an alignment
 * hint (memref.assume_alignment; its result is its operand) goes, and ub.poison, which
 * may be any value, becomes a zero of its type. */
static void drop_hints(MlirOperation kernel) {
  ckpt_vec_t ops = {0};
  ckpt_collect_named(kernel, "memref.assume_alignment", false, &ops);
  for (size_t i = 0; i < ops.size; ++i) {
    MlirOperation op = CKPT_VEC_OP(&ops, i);
    if (mlirOperationGetNumResults(op) == 1)
      mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(op, 0), mlirOperationGetOperand(op, 0));
    mlirOperationDestroy(op);
  }
  ops.size = 0;
  ckpt_collect_named(kernel, "ub.poison", false, &ops);
  for (size_t i = 0; i < ops.size; ++i) {
    MlirOperation op = CKPT_VEC_OP(&ops, i);
    ckpt_insert_t at = {mlirOperationGetBlock(op), op, mlirOperationGetLocation(op)};
    MlirValue zero = zero_of(at, mlirValueGetType(mlirOperationGetResult(op, 0)));
    if (mlirValueIsNull(zero))
      continue;
    mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(op, 0), zero);
    mlirOperationDestroy(op);
  }
  ckpt_vec_free(&ops);
}

/* scf.execute_region of one block, which MLIR's SPIR-V conversion does not take, is
 * replaced by its block: its results become what the block yields. Regions of several
 * blocks are ckpt-check-target's to report. */
static void inline_execute_regions(MlirOperation kernel) {
  ckpt_vec_t regions = {0};
  ckpt_collect_named(kernel, "scf.execute_region", false, &regions);
  for (size_t i = 0; i < regions.size; ++i) {
    MlirOperation region = CKPT_VEC_OP(&regions, i);
    MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(region, 0));
    if (mlirBlockIsNull(body) || !mlirBlockIsNull(mlirBlockGetNextInRegion(body)))
      continue;
    ckpt_replace_by_block(region, body);
  }
  ckpt_vec_free(&regions);
}

/* Moves every op of `from` (the terminator included) to the end of `to`. */
static void move_block_ops(MlirBlock from, MlirBlock to) {
  ckpt_vec_t ops = {0};
  ckpt_block_ops(from, &ops);
  for (size_t i = 0; i < ops.size; ++i) {
    mlirOperationRemoveFromParent(CKPT_VEC_OP(&ops, i));
    mlirBlockAppendOwnedOperation(to, CKPT_VEC_OP(&ops, i));
  }
  ckpt_vec_free(&ops);
}

/* scf.index_switch, which MLIR's SPIR-V conversion does not take, becomes a chain of
 * scf.if, one per case in order, the default in the last else. Its regions are the
 * default first, then the cases. */
static void switch_to_ifs(MlirOperation op) {
  MlirValue selector = mlirOperationGetOperand(op, 0);
  MlirAttribute cases = mlirOperationGetAttributeByName(op, ckpt_str("cases"));
  intptr_t n_cases = mlirDenseArrayGetNumElements(cases);
  MlirBlock default_block = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
  if (n_cases == 0) {
    ckpt_replace_by_block(op, default_block);
    return;
  }
  intptr_t n_results = mlirOperationGetNumResults(op);
  MlirType *types = calloc((size_t)n_results + 1, sizeof *types);
  for (intptr_t r = 0; r < n_results; ++r)
    types[r] = mlirValueGetType(mlirOperationGetResult(op, r));
  ckpt_insert_t at = {mlirOperationGetBlock(op), op, mlirOperationGetLocation(op)};
  MlirOperation outer = {NULL};
  for (intptr_t k = 0; k < n_cases; ++k) {
    MlirValue value = ckpt_arith_constant_index(at, mlirDenseI64ArrayGetElement(cases, k));
    MlirValue cond = ckpt_build_cmpi(at, CKPT_CMPI_EQ, selector, value);
    MlirBlock then_block, else_block;
    MlirOperation branch = ckpt_build_scf_if(at, cond, n_results, types, &then_block, &else_block);
    move_block_ops(mlirRegionGetFirstBlock(mlirOperationGetRegion(op, k + 1)), then_block);
    if (mlirOperationIsNull(outer))
      outer = branch;
    else {
      /* The else block being filled yields what this if gives. */
      MlirValue *results = calloc((size_t)n_results + 1, sizeof *results);
      for (intptr_t r = 0; r < n_results; ++r)
        results[r] = mlirOperationGetResult(branch, r);
      ckpt_build0(at, "scf.yield", n_results, results, 0, NULL);
      free(results);
    }
    at = (ckpt_insert_t){else_block, (MlirOperation){NULL}, at.loc};
  }
  move_block_ops(default_block, at.block);
  for (intptr_t r = 0; r < n_results; ++r)
    mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(op, r), mlirOperationGetResult(outer, r));
  mlirOperationDestroy(op);
  free(types);
}

static void lower_switches(MlirOperation kernel) {
  ckpt_vec_t switches = {0};
  ckpt_collect_named(kernel, "scf.index_switch", true, &switches);
  for (size_t i = 0; i < switches.size; ++i)
    switch_to_ifs(CKPT_VEC_OP(&switches, i));
  ckpt_vec_free(&switches);
}

static MlirWalkResult find_atomic(MlirOperation op, void *user_data) {
  if (ckpt_op_is(op, "memref.atomic_rmw") || ckpt_op_is(op, "memref.generic_atomic_rmw")) {
    *(bool *)user_data = true;
    return MlirWalkResultInterrupt;
  }
  return MlirWalkResultAdvance;
}

/* scf.while with its test first, on a carried flag:
 *
 *   while (args) { before(args) -> c, vals; condition(c) vals } do { after(vals) -> next }
 *
 * becomes
 *
 *   while (args, done = false, res = 0) { condition(!done) args, done, res }
 *   do { before(args) -> c, vals; next = c ? after(vals) : args; yield next, !c, vals }
 *
 * with the loop's results in `res`. The two compute the same, the before region as many
 * times. Lavapipe (Mesa 22.3) mishandles the first form where threads leave the loop
 * after different numbers of iterations and the exit condition is not the very value
 * the results are selected on: the threads that leave first came out with a later
 * iteration's values (test/e2e/divergent-while.mlir). Loops whose results are not
 * numbers stay as they are, and so do loops with atomics: lavapipe also mishandles
 * acquire-release atomics in a divergent loop's conditional code (what follows them is
 * skipped from the second iteration on; docs/robustness.md), which the rotated body puts
 * them in, while MLIR's form of such a loop ran correctly. */
static void rotate_while(MlirOperation loop) {
  bool atomics = false;
  mlirOperationWalk(loop, find_atomic, &atomics, MlirWalkPreOrder);
  if (atomics)
    return;
  MlirContext ctx = mlirOperationGetContext(loop);
  MlirLocation loc = mlirOperationGetLocation(loop);
  MlirBlock before = mlirRegionGetFirstBlock(mlirOperationGetRegion(loop, 0));
  MlirBlock after = mlirRegionGetFirstBlock(mlirOperationGetRegion(loop, 1));
  if (mlirBlockIsNull(before) || mlirBlockIsNull(after) ||
      !mlirBlockIsNull(mlirBlockGetNextInRegion(before)) ||
      !mlirBlockIsNull(mlirBlockGetNextInRegion(after)))
    return;
  intptr_t n_args = mlirOperationGetNumOperands(loop);
  intptr_t n_res = mlirOperationGetNumResults(loop);
  for (intptr_t r = 0; r < n_res; ++r)
    if (!is_number(mlirValueGetType(mlirOperationGetResult(loop, r))))
      return;
  intptr_t n = n_args + 1 + n_res;
  ckpt_insert_t at = {mlirOperationGetBlock(loop), loop, loc};
  MlirType *types = calloc((size_t)n, sizeof *types);
  MlirValue *inits = calloc((size_t)n, sizeof *inits);
  MlirLocation *locs = calloc((size_t)n, sizeof *locs);
  MlirType i1 = mlirIntegerTypeGet(ctx, 1);
  for (intptr_t i = 0; i < n_args; ++i) {
    inits[i] = mlirOperationGetOperand(loop, i);
    types[i] = mlirValueGetType(inits[i]);
  }
  types[n_args] = i1;
  for (intptr_t r = 0; r < n_res; ++r) {
    types[n_args + 1 + r] = mlirValueGetType(mlirOperationGetResult(loop, r));
    inits[n_args + 1 + r] = zero_of(at, types[n_args + 1 + r]);
  }
  inits[n_args] = ckpt_build_constant(at, i1, mlirIntegerAttrGet(i1, 0));
  for (intptr_t i = 0; i < n; ++i)
    locs[i] = loc;

  MlirRegion regions[2] = {mlirRegionCreate(), mlirRegionCreate()};
  MlirBlock test = mlirBlockCreate(n, types, locs), body = mlirBlockCreate(n, types, locs);
  mlirRegionAppendOwnedBlock(regions[0], test);
  mlirRegionAppendOwnedBlock(regions[1], body);
  MlirOperationState state = mlirOperationStateGet(ckpt_str("scf.while"), loc);
  mlirOperationStateAddOperands(&state, n, inits);
  mlirOperationStateAddResults(&state, n, types);
  mlirOperationStateAddOwnedRegions(&state, 2, regions);
  MlirOperation rotated = mlirOperationCreate(&state);
  mlirBlockInsertOwnedOperationBefore(at.block, loop, rotated);

  /* The test: go on while not done, carrying everything. */
  ckpt_insert_t in_test = {test, (MlirOperation){NULL}, loc};
  MlirValue one = ckpt_build_constant(in_test, i1, mlirIntegerAttrGet(i1, 1));
  MlirValue done[2] = {mlirBlockGetArgument(test, n_args), one};
  MlirValue *forwarded = calloc((size_t)n + 1, sizeof *forwarded);
  forwarded[0] = ckpt_build1(in_test, "arith.xori", 2, done, i1, 0, NULL);
  for (intptr_t i = 0; i < n; ++i)
    forwarded[i + 1] = mlirBlockGetArgument(test, i);
  ckpt_build0(in_test, "scf.condition", n + 1, forwarded, 0, NULL);

  /* The body: the old before region, then the old after region where it goes on. */
  for (intptr_t i = 0; i < n_args; ++i)
    mlirValueReplaceAllUsesOfWith(mlirBlockGetArgument(before, i), mlirBlockGetArgument(body, i));
  move_block_ops(before, body);
  MlirOperation condition = mlirBlockGetTerminator(body);
  MlirValue go = mlirOperationGetOperand(condition, 0);
  for (intptr_t r = 0; r < n_res; ++r)
    mlirValueReplaceAllUsesOfWith(mlirBlockGetArgument(after, r),
                                  mlirOperationGetOperand(condition, r + 1));
  MlirValue *yielded = calloc((size_t)n + 1, sizeof *yielded);
  for (intptr_t r = 0; r < n_res; ++r)
    yielded[n_args + 1 + r] = mlirOperationGetOperand(condition, r + 1);
  ckpt_insert_t in_body = {body, condition, loc};
  MlirBlock on, off;
  MlirOperation step = ckpt_build_scf_if(in_body, go, n_args, types, &on, &off);
  move_block_ops(after, on);
  MlirValue *same = calloc((size_t)n_args + 1, sizeof *same);
  for (intptr_t i = 0; i < n_args; ++i)
    same[i] = mlirBlockGetArgument(body, i);
  ckpt_build0((ckpt_insert_t){off, (MlirOperation){NULL}, loc}, "scf.yield", n_args, same, 0, NULL);
  for (intptr_t i = 0; i < n_args; ++i)
    yielded[i] = mlirOperationGetResult(step, i);
  MlirValue stop[2] = {go, ckpt_build_constant(in_body, i1, mlirIntegerAttrGet(i1, 1))};
  yielded[n_args] = ckpt_build1(in_body, "arith.xori", 2, stop, i1, 0, NULL);
  mlirOperationDestroy(condition);
  ckpt_build0((ckpt_insert_t){body, (MlirOperation){NULL}, loc}, "scf.yield", n, yielded, 0, NULL);

  for (intptr_t r = 0; r < n_res; ++r)
    mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(loop, r),
                                  mlirOperationGetResult(rotated, n_args + 1 + r));
  mlirOperationDestroy(loop);
  free(types), free(inits), free(locs), free(forwarded), free(yielded), free(same);
}

static void rotate_whiles(MlirOperation kernel) {
  ckpt_vec_t loops = {0};
  ckpt_collect_named(kernel, "scf.while", true, &loops);
  for (size_t i = 0; i < loops.size; ++i)
    rotate_while(CKPT_VEC_OP(&loops, i));
  ckpt_vec_free(&loops);
}

/* Inner loops first, so that each conversion sees a body without parallel loops. */
static void serialize_parallels(MlirOperation launch) {
  ckpt_vec_t loops = {0};
  ckpt_collect_named(launch, "scf.parallel", false, &loops);
  for (size_t i = loops.size; i-- > 0;)
    ckpt_parallel_to_for(CKPT_VEC_OP(&loops, i));
  ckpt_vec_free(&loops);
}

/*--- vector transfers ---------------------------------------------------------*/

/* Transfers, vector.load and vector.store ckpt takes apart, and transfers it cannot. */
typedef struct transfers_t {
  ckpt_vec_t lowered, unlowered, masked;
} transfers_t;

static MlirWalkResult collect_transfers(MlirOperation op, void *user_data) {
  transfers_t *found = user_data;
  if (ckpt_transfer_lowers_to_scalars(op))
    ckpt_vec_push(&found->lowered, op.ptr);
  else if (ckpt_op_is(op, "vector.transfer_read") || ckpt_op_is(op, "vector.transfer_write"))
    ckpt_vec_push(&found->unlowered, op.ptr);
  else if (ckpt_masked_access_lowers_to_scalars(op))
    ckpt_vec_push(&found->masked, op.ptr);
  return MlirWalkResultAdvance;
}

/* In a gpu.launch body, or in a gpu.func a task launches. n-D gathers are unrolled into
 * 1-D ones first, and transfers with other maps get MLIR's permutation-map lowering
 * (ckpt-check-target let them through for it); one it leaves in another form is an error. */
static bool scalarize_transfers(MlirOperation kernel) {
  ckpt_unroll_gathers(kernel);
  ckpt_lower_transfer_maps(kernel);
  transfers_t found = {{0}, {0}, {0}};
  mlirOperationWalk(kernel, collect_transfers, &found, MlirWalkPreOrder);
  bool ok = found.unlowered.size == 0;
  for (size_t i = 0; i < found.unlowered.size; ++i)
    ckpt_emit_transfer_error(CKPT_VEC_OP(&found.unlowered, i));
  for (size_t i = 0; ok && i < found.lowered.size; ++i)
    ckpt_scalarize_transfer(CKPT_VEC_OP(&found.lowered, i), true);
  for (size_t i = 0; ok && i < found.masked.size; ++i)
    ckpt_scalarize_masked_access(CKPT_VEC_OP(&found.masked, i), true);
  if (ok)
    ckpt_materialize_masks(kernel);
  ckpt_vec_free(&found.lowered);
  ckpt_vec_free(&found.unlowered);
  ckpt_vec_free(&found.masked);
  return ok;
}

/*--- workgroup memory --------------------------------------------------------*/

/* Workgroup memory in the forms MLIR's SPIR-V conversion takes: the conversion makes a
 * memref.alloc of the Workgroup storage class a shader global, but turns neither the
 * workgroup attributions of a gpu.launch or gpu.func nor the GPU dialect's workgroup
 * address space into anything. So each attribution becomes such an alloc at the start of
 * the body (the attribution goes), and allocs of workgroup memory change memory space;
 * deallocations of workgroup memory go. Forms left alone fail in the conversion. */
static void move_workgroup_memory(MlirOperation kernel) {
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(kernel, 0));
  const char *count_name = "workgroup_attributions";
  MlirAttribute count = mlirOperationGetAttributeByName(kernel, ckpt_str(count_name));
  int64_t attributions = mlirAttributeIsNull(count) ? 0 : mlirIntegerAttrGetValueInt(count);
  if (attributions > 0) {
    /* The workgroup attributions come right before the private ones, which are memrefs of
     * the private address space. */
    intptr_t end = mlirBlockGetNumArguments(body);
    for (; end > 0; --end) {
      MlirType type = mlirValueGetType(mlirBlockGetArgument(body, end - 1));
      if (!mlirTypeIsAMemRef(type) || ckpt_is_workgroup_space(mlirMemRefTypeGetMemorySpace(type)))
        break;
    }
    int64_t moved = 0;
    for (intptr_t i = end - 1; i >= end - attributions && i >= 0; --i) {
      MlirValue arg = mlirBlockGetArgument(body, i);
      MlirType type = ckpt_spirv_workgroup_type(arg);
      if (mlirTypeIsNull(type))
        continue;
      ckpt_insert_t at = {body, mlirBlockGetFirstOperation(body),
                          mlirOperationGetLocation(kernel)};
      MlirValue alloc = ckpt_build1(at, "memref.alloc", 0, NULL, type, 0, NULL);
      mlirValueReplaceAllUsesOfWith(arg, alloc);
      mlirBlockEraseArgument(body, (unsigned)i);
      ++moved;
    }
    if (moved)
      mlirOperationSetAttributeByName(
          kernel, ckpt_str(count_name),
          mlirIntegerAttrGet(mlirIntegerTypeGet(mlirOperationGetContext(kernel), 64),
                             attributions - moved));
  }
  ckpt_vec_t allocs = {0};
  ckpt_collect_named(kernel, "memref.alloc", false, &allocs);
  for (size_t i = 0; i < allocs.size; ++i) {
    MlirValue result = mlirOperationGetResult(CKPT_VEC_OP(&allocs, i), 0);
    MlirType type = ckpt_spirv_workgroup_type(result);
    if (!mlirTypeIsNull(type))
      mlirValueSetType(result, type);
  }
  ckpt_vec_free(&allocs);
}

/*--- scratch -----------------------------------------------------------------*/

static void privatize_scratch(MlirOperation kernel) {
  ckpt_vec_t allocas = {0};
  ckpt_collect_named(kernel, "memref.alloca", false, &allocas);
  for (size_t i = 0; i < allocas.size; ++i) {
    MlirOperation alloca = CKPT_VEC_OP(&allocas, i);
    MlirType type = ckpt_spirv_scratch_type(alloca);
    if (!mlirTypeIsNull(type))
      mlirValueSetType(mlirOperationGetResult(alloca, 0), type);
  }
  ckpt_vec_free(&allocas);
}

/*--- constants into the launch ----------------------------------------------*/

typedef struct sink_t {
  MlirOperation launch;
  MlirBlock body;
  MlirOperation first;  /* the body's first op before any copy: copies go before it */
  ckpt_vec_t outside; /* constants defined outside the launch, in the order first met */
  ckpt_vec_t inside;  /* their clones at the start of the body */
} sink_t;

/* The constant ops front ends and MLIR's folders leave outside a launch (the C API cannot
 * ask for the ConstantLike trait). */
static bool is_constant(MlirOperation op) {
  return ckpt_op_is(op, "arith.constant") || ckpt_op_is(op, "index.constant") ||
         ckpt_op_is(op, "index.bool.constant") || ckpt_op_is(op, "ub.poison");
}

static MlirWalkResult sink_operands(MlirOperation op, void *user_data) {
  sink_t *sink = user_data;
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(op); ++i) {
    MlirValue operand = mlirOperationGetOperand(op, i);
    if (!mlirValueIsAOpResult(operand))
      continue;
    MlirOperation def = mlirOpResultGetOwner(operand);
    if (!is_constant(def) || ckpt_op_is_inside(def, sink->launch))
      continue;
    size_t k = 0;
    while (k < sink->outside.size && sink->outside.items[k] != def.ptr)
      ++k;
    if (k == sink->outside.size) {
      MlirOperation copy = mlirOperationClone(def);
      mlirBlockInsertOwnedOperationBefore(sink->body, sink->first, copy);
      ckpt_vec_push(&sink->outside, def.ptr);
      ckpt_vec_push(&sink->inside, copy.ptr);
    }
    mlirOperationSetOperand(op, i, mlirOperationGetResult(CKPT_VEC_OP(&sink->inside, k), 0));
  }
  return MlirWalkResultAdvance;
}

/* Constants the launch's body uses from outside it get a copy at the start of the body,
 * as gpu-launch-sink-index-computations does on CUDA and HIP (whose sinking of memref.dim
 * would undo hoist_dims): otherwise each becomes a kernel operand, and on Vulkan every
 * operand takes one of the few storage buffer bindings a shader may have. */
static void sink_constants(MlirOperation launch) {
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(launch, 0));
  sink_t sink = {launch, body, mlirBlockGetFirstOperation(body), {0}, {0}};
  MlirOperation op = sink.first;
  /* Each op of the body, in order (the copies go before the first, so are not walked). */
  while (!mlirOperationIsNull(op)) {
    mlirOperationWalk(op, sink_operands, &sink, MlirWalkPreOrder);
    op = mlirOperationGetNextInBlock(op);
  }
  ckpt_vec_free(&sink.outside);
  ckpt_vec_free(&sink.inside);
}

/*--- sizes on the host ------------------------------------------------------*/

static void hoist_dims(MlirOperation launch) {
  ckpt_vec_t dims = {0};
  ckpt_collect_named(launch, "memref.dim", false, &dims);
  for (size_t i = 0; i < dims.size; ++i) {
    MlirOperation dim = CKPT_VEC_OP(&dims, i);
    if (!defined_outside(mlirOperationGetOperand(dim, 0), launch))
      continue;
    MlirValue index = mlirOperationGetOperand(dim, 1);
    if (!defined_outside(index, launch)) {
      MlirOperation def = mlirValueIsAOpResult(index) ? mlirOpResultGetOwner(index)
                                                      : (MlirOperation){NULL};
      if (mlirOperationIsNull(def) || !ckpt_op_is(def, "arith.constant"))
        continue; /* a size chosen inside the task: --ckpt-attach-spirv-abi reports it */
      MlirOperation copy = mlirOperationClone(def);
      mlirBlockInsertOwnedOperationBefore(mlirOperationGetBlock(launch), launch, copy);
      mlirOperationSetOperand(dim, 1, mlirOperationGetResult(copy, 0));
    }
    mlirOperationMoveBefore(dim, launch);
  }
  ckpt_vec_free(&dims);
}

MlirLogicalResult ckptRunPrepareSpirvTasks(MlirOperation module) {
  bool ok = true;
  ckpt_vec_t launches = {0};
  ckpt_collect_named(module, "gpu.launch", false, &launches);
  MlirSymbolTable symbols = mlirSymbolTableCreate(module);
  for (size_t i = 0; i < launches.size; ++i) {
    MlirOperation launch = CKPT_VEC_OP(&launches, i);
    ckpt_inline_calls(launch, symbols);
    drop_hints(launch);
    inline_execute_regions(launch);
    lower_switches(launch);
    rotate_whiles(launch);
    ok = scalarize_transfers(launch) && ok;
    serialize_parallels(launch);
    privatize_scratch(launch);
    move_workgroup_memory(launch);
    ckpt_expand_math(launch, true);
    sink_constants(launch);
    ckpt_spirv_legalize_integers(launch);
    hoist_dims(launch);
  }
  mlirSymbolTableDestroy(symbols);
  ckpt_vec_free(&launches);
  ckpt_vec_t funcs = {0};
  ckpt_collect_named(module, "gpu.func", false, &funcs);
  ckpt_inline_kernel_helpers(module);
  for (size_t i = 0; i < funcs.size; ++i) {
    drop_hints(CKPT_VEC_OP(&funcs, i));
    inline_execute_regions(CKPT_VEC_OP(&funcs, i));
    lower_switches(CKPT_VEC_OP(&funcs, i));
    rotate_whiles(CKPT_VEC_OP(&funcs, i));
    ok = scalarize_transfers(CKPT_VEC_OP(&funcs, i)) && ok;
    privatize_scratch(CKPT_VEC_OP(&funcs, i));
    move_workgroup_memory(CKPT_VEC_OP(&funcs, i));
    ckpt_expand_math(CKPT_VEC_OP(&funcs, i), true);
    ckpt_spirv_legalize_integers(CKPT_VEC_OP(&funcs, i));
  }
  ckpt_vec_free(&funcs);
  return ok ? mlirLogicalResultSuccess() : mlirLogicalResultFailure();
}
