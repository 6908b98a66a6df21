/* --ckpt-convert-tasks-to-gpu: on device targets every task and every run of bare
 * statements of a graph kernel becomes one gpu.launch, whose body starts with the
 * checkpoint gate (the prologue gating of docs/semantics.md, "Targets"):
 *
 *   run = !state[1] && (state[0] < 0 || state[0] == gate)
 *
 * state = ckpt.device_state ([resume_cp, yielded, ...], kept by the runtime) and gate =
 * the cp_id of the enclosing checkpoint, or -2 outside any checkpoint (such work runs
 * only when the launch is not skipping towards a resume point).
 *
 * scf.parallel maps to a grid (one thread per iteration, bounds computed on the host);
 * scf.for, func.call and bare runs run on one thread; a gpu.launch keeps its shape and
 * gets the gate. upstream gpu-kernel-outlining then makes kernels of them. The gate's
 * scf.if is marked `ckpt.gate`.
 *
 * With fold-yield-checks, the first kernel after an explicit checkpoint P (its next unit
 * in the same block, when that is a kernel this pass builds) also does P's yield check,
 * which the runtime then leaves out of the graph. With r, y the state's resume_cp and
 * yielded, p P's cp_id and f its flag:
 *
 *   ran = !y && (r < 0 || r == p)        P's tasks and check were not skipped
 *   r'  = ran && r == p ? -1 : r         reaching P ends a resume at P
 *   y'  = y || (ran && f != 0)           P asked for the host
 *   run = !y' && (r' < 0 || r' == gate)
 *
 * and thread 0 of block 0 stores r' and, on a yield, y' and yield_cp = p. The other
 * threads may read the state before or after that store: (r, y) and (r', y') give the
 * same r', y', so every thread of the kernel agrees on the state, and later kernels see
 * the stored state. They must also agree on f, so nothing folds into a kernel that may
 * write P's flag (one flag may serve several checkpoints): its blocks would read the
 * flag before or after other blocks raise it again.
 *
 * With programmatic-launch (sm_90), CUDA may start a kernel while the one before it
 * still runs (a programmatic edge). Such a kernel may read only the gating state before
 * `nvvm.griddepcontrol wait`, which waits for its predecessors to finish: the state is
 * loaded first, then the kernel waits, then the folded check reads the flag. The state
 * it reads early is final: the kernels before it that store the state (folded checks)
 * do so before they let it start. A successor may start once every block of the kernel
 * has run `launch_dependents` (the first thread to run it speaks for its block) or
 * exited. A kernel without a folded check runs it at entry: it stores nothing the
 * successor reads early. With a folded check, every block but the first runs it at
 * entry, and in the first block only the recording thread, after its stores and a
 * device-wide fence. */
#include <stdlib.h>

#include "ckpt-c/Dialect.h"
#include "ckpt/passes.h"
#include "graph.h"
#include "loops.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

enum { GATE_OUTSIDE_CHECKPOINTS = -2 };

typedef struct convert_t {
  MlirContext ctx;
  MlirValue state; /* ckpt.device_state of the kernel being converted */
  bool fold_yield_checks;
  /* The explicit checkpoint whose yield check the next kernel built should do, or null. */
  MlirOperation fold_from;
  bool programmatic_launch;
  bool failed;
} convert_t;

/* nvvm.griddepcontrol `kind` (wait | launch_dependents). */
static void grid_dependency_control(ckpt_insert_t at, const char *kind) {
  MlirContext ctx = mlirLocationGetContext(at.loc);
  MlirNamedAttribute attr = ckpt_named(ctx, "kind", ckpt_grid_dep_action(ctx, kind));
  ckpt_build0(at, "nvvm.griddepcontrol", 0, NULL, 1, &attr);
}

static MlirType index_type(MlirContext ctx) { return mlirIndexTypeGet(ctx); }
static MlirType i32_type(MlirContext ctx) { return mlirIntegerTypeGet(ctx, 32); }

static MlirValue constant(ckpt_insert_t at, MlirType type, int64_t value) {
  MlirContext ctx = mlirLocationGetContext(at.loc);
  MlirNamedAttribute attr = ckpt_named(ctx, "value", mlirIntegerAttrGet(type, value));
  return ckpt_build1(at, "arith.constant", 0, NULL, type, 1, &attr);
}

static MlirValue binary(ckpt_insert_t at, const char *name, MlirValue lhs, MlirValue rhs) {
  MlirValue operands[2] = {lhs, rhs};
  return ckpt_build1(at, name, 2, operands, mlirValueGetType(lhs), 0, NULL);
}

/* scf.if %cond { scf.yield } with an empty else; returns the then-block's terminator, before
 * which the guarded ops go. */
static MlirOperation build_if(ckpt_insert_t at, MlirValue cond) {
  MlirBlock then_block;
  ckpt_build_scf_if(at, cond, 0, NULL, &then_block, NULL);
  return ckpt_build(then_block, (MlirOperation){NULL}, at.loc, "scf.yield", 0, NULL, 0, NULL, 0,
                    NULL);
}

/* A device-wide fence: this thread's stores before it are visible to a kernel it lets
 * start after it. */
static void fence_device(ckpt_insert_t at) {
  MlirContext ctx = mlirLocationGetContext(at.loc);
  MlirNamedAttribute scope =
      ckpt_named(ctx, "scope", mlirAttributeParseGet(ctx, ckpt_str("#nvvm.mem_scope<gpu>")));
  ckpt_build0(at, "nvvm.memory.barrier", 0, NULL, 1, &scope);
}

/* Lets the next kernel start (launch_dependents) where `cond` holds. */
static void release_dependents_if(ckpt_insert_t at, MlirValue cond) {
  MlirOperation release_end = build_if(at, cond);
  grid_dependency_control((ckpt_insert_t){mlirOperationGetBlock(release_end), release_end, at.loc},
                          "launch_dependents");
}

/* `ids` or-ed together: zero exactly when every one of them is. */
static MlirValue or_all(ckpt_insert_t at, MlirBlock body, intptr_t first, intptr_t count) {
  MlirValue ids = mlirBlockGetArgument(body, first);
  for (intptr_t i = first + 1; i < first + count; ++i)
    ids = binary(at, "arith.ori", ids, mlirBlockGetArgument(body, i));
  return ids;
}

static void store_state(ckpt_insert_t at, MlirValue value, MlirValue state, int64_t word) {
  MlirValue operands[3] = {value, state, constant(at, index_type(mlirValueGetContext(state)), word)};
  ckpt_build0(at, "memref.store", 3, operands, 0, NULL);
}

/* The yield check of explicit checkpoint `from`, folded into a kernel body (see the top of
 * the file): updates *resume_cp and *not_yielded to the state after the check, and has the
 * body's first thread store that state; with `programmatic`, that thread then fences what
 * it stored and lets the next kernel start. `body` is a gpu.launch body, whose first six
 * arguments are the block and thread ids; `zero` is the i32 0 of the gate. */
static void build_folded_check(MlirContext ctx, ckpt_insert_t at, MlirValue state, MlirValue zero,
                               MlirOperation from, MlirBlock body, bool programmatic,
                               MlirValue *resume_cp, MlirValue *not_yielded) {
  MlirType i32 = i32_type(ctx);
  MlirValue flag = mlirCkptCheckpointOpGetYieldOn(from);
  MlirValue raised_word = ckpt_build1(at, "memref.load", 1, &flag, i32, 0, NULL);
  MlirValue p = constant(at, i32, mlirCkptCheckpointOpGetCpId(from));
  MlirValue minus_one = constant(at, i32, -1);
  MlirValue at_p = ckpt_build_cmpi(at, CKPT_CMPI_EQ, *resume_cp, p);
  MlirValue ran =
      binary(at, "arith.andi", *not_yielded,
             binary(at, "arith.ori", ckpt_build_cmpi(at, CKPT_CMPI_SLT, *resume_cp, zero), at_p));
  MlirValue raised = ckpt_build_cmpi(at, CKPT_CMPI_NE, raised_word, zero);
  MlirValue yields = binary(at, "arith.andi", ran, raised);
  MlirValue clears = binary(at, "arith.andi", ran, at_p);
  MlirValue select[3] = {clears, minus_one, *resume_cp};
  MlirValue new_resume_cp = ckpt_build1(at, "arith.select", 3, select, i32, 0, NULL);
  MlirValue stays = binary(at, "arith.xori", yields, constant(at, mlirIntegerTypeGet(ctx, 1), 1));

  MlirValue ids = or_all(at, body, 0, 6);
  MlirValue first_thread = ckpt_build_cmpi(at, CKPT_CMPI_EQ, ids, constant(at, index_type(ctx), 0));
  MlirOperation record_end = build_if(at, binary(at, "arith.andi", first_thread, ran));
  ckpt_insert_t record = {mlirOperationGetBlock(record_end), record_end, at.loc};
  MlirOperation clear_end = build_if(record, at_p);
  ckpt_insert_t on_clear = {mlirOperationGetBlock(clear_end), clear_end, at.loc};
  store_state(on_clear, minus_one, state, 0);
  MlirOperation yield_end = build_if(record, raised);
  ckpt_insert_t on_yield = {mlirOperationGetBlock(yield_end), yield_end, at.loc};
  store_state(on_yield, p, state, 2);
  store_state(on_yield, constant(on_yield, i32, 1), state, 1);
  if (programmatic) {
    /* Fenced only where stored: a launch that neither resumes here nor yields stores
     * nothing, and releases the next kernel right after reading the flag. */
    fence_device(on_clear);
    fence_device(on_yield);
    release_dependents_if(at, first_thread);
  }

  *resume_cp = new_resume_cp;
  *not_yielded = binary(at, "arith.andi", *not_yielded, stays);
}

/* The gate at `at` reading `state` and comparing with the i32 `gate`, after the folded
 * yield check of `fold_from` when that is not null (then `body` is the gpu.launch body
 * `at` is in); ready for programmatic launch when `programmatic` (see the top of the
 * file). Returns the terminator of the guarded block. */
static MlirOperation build_gate_with(MlirContext ctx, ckpt_insert_t at, MlirValue state,
                                     MlirValue gate, MlirOperation fold_from, MlirBlock body,
                                     bool programmatic) {
  bool folds = !mlirOperationIsNull(fold_from);
  if (programmatic && !folds)
    grid_dependency_control(at, "launch_dependents");
  MlirValue zero_index = constant(at, index_type(ctx), 0);
  if (programmatic && folds) {
    /* Every block but the first, whose recording thread releases after its check. */
    release_dependents_if(at, ckpt_build_cmpi(at, CKPT_CMPI_NE, or_all(at, body, 0, 3), zero_index));
  }
  MlirValue one_index = constant(at, index_type(ctx), 1);
  MlirValue resume_load[2] = {state, zero_index};
  MlirValue yielded_load[2] = {state, one_index};
  MlirValue resume_cp = ckpt_build1(at, "memref.load", 2, resume_load, i32_type(ctx), 0, NULL);
  MlirValue yielded = ckpt_build1(at, "memref.load", 2, yielded_load, i32_type(ctx), 0, NULL);
  if (programmatic)
    grid_dependency_control(at, "wait");
  MlirValue zero = constant(at, i32_type(ctx), 0);
  MlirValue not_yielded = ckpt_build_cmpi(at, CKPT_CMPI_EQ, yielded, zero);
  if (folds)
    build_folded_check(ctx, at, state, zero, fold_from, body, programmatic, &resume_cp,
                       &not_yielded);
  MlirValue fresh = ckpt_build_cmpi(at, CKPT_CMPI_SLT, resume_cp, zero);
  MlirValue here = ckpt_build_cmpi(at, CKPT_CMPI_EQ, resume_cp, gate);
  MlirValue run = binary(at, "arith.andi", not_yielded, binary(at, "arith.ori", fresh, here));
  MlirOperation guarded_end = build_if(at, run);
  mlirOperationSetDiscardableAttributeByName(mlirOperationGetParentOperation(guarded_end),
                                             ckpt_str("ckpt.gate"), mlirUnitAttrGet(ctx));
  return guarded_end;
}

/* Whether the work `ops` may write the yield flag of `checkpoint`: any use of the flag
 * inside them other than a load, or any use anywhere that makes another value of it (a
 * view, which the work might write through). */
static bool may_write_flag(MlirOperation checkpoint, const ckpt_vec_t *ops) {
  MlirValue flag = mlirCkptCheckpointOpGetYieldOn(checkpoint);
  for (MlirOpOperand use = mlirValueGetFirstUse(flag); !mlirOpOperandIsNull(use);
       use = mlirOpOperandGetNextUse(use)) {
    MlirOperation user = mlirOpOperandGetOwner(use);
    if (mlirCkptOpIsCheckpoint(user) || ckpt_op_is(user, "memref.load"))
      continue;
    if (mlirOperationGetNumResults(user) > 0)
      return true;
    for (size_t i = 0; i < ops->size; ++i)
      if (ckpt_op_is_inside(user, CKPT_VEC_OP(ops, i)))
        return true;
  }
  return false;
}

/* Before building the kernel of `ops`: the pending fold is dropped when they may write
 * its flag, and the checkpoint then keeps a yield check of its own. */
static void drop_fold_if_flag_written(convert_t *conv, const ckpt_vec_t *ops) {
  if (!mlirOperationIsNull(conv->fold_from) && may_write_flag(conv->fold_from, ops))
    conv->fold_from = (MlirOperation){NULL};
}

/* The checkpoint whose yield check the kernel being built takes over, if any: taken
 * once, and marked ckpt.yield_folded for the plan. */
static MlirOperation take_fold(convert_t *conv) {
  MlirOperation from = conv->fold_from;
  conv->fold_from = (MlirOperation){NULL};
  if (!mlirOperationIsNull(from))
    mlirOperationSetDiscardableAttributeByName(from, ckpt_str("ckpt.yield_folded"),
                                               mlirUnitAttrGet(conv->ctx));
  return from;
}

/* The gate of a gpu.launch body built or kept by this pass. */
static MlirOperation build_gate(convert_t *conv, MlirBlock body, ckpt_insert_t at, int64_t gate) {
  return build_gate_with(conv->ctx, at, conv->state, constant(at, i32_type(conv->ctx), gate),
                         take_fold(conv), body, conv->programmatic_launch);
}

/* gpu.launch with the given grid and block sizes; returns its body block, whose
 * arguments are block ids (0-2), thread ids (3-5), grid sizes (6-8), block sizes (9-11). */
static MlirBlock build_launch(ckpt_insert_t at, const MlirValue grid[3], const MlirValue block[3]) {
  MlirContext ctx = mlirLocationGetContext(at.loc);
  MlirOperationState state = mlirOperationStateGet(ckpt_str("gpu.launch"), at.loc);
  MlirValue sizes[6] = {grid[0], grid[1], grid[2], block[0], block[1], block[2]};
  mlirOperationStateAddOperands(&state, 6, sizes);
  int32_t segments[11] = {0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0};
  MlirNamedAttribute attrs[2] = {
      ckpt_named(ctx, "operandSegmentSizes", mlirDenseI32ArrayGet(ctx, 11, segments)),
      ckpt_named(ctx, "workgroup_attributions", mlirIntegerAttrGet(mlirIntegerTypeGet(ctx, 64), 0)),
  };
  mlirOperationStateAddAttributes(&state, 2, attrs);
  MlirRegion region = mlirRegionCreate();
  MlirBlock body = ckpt_block_create_uniform(12, index_type(ctx), at.loc);
  mlirRegionAppendOwnedBlock(region, body);
  mlirOperationStateAddOwnedRegions(&state, 1, &region);
  MlirOperation op = mlirOperationCreate(&state);
  mlirBlockInsertOwnedOperationBefore(at.block, at.before, op);
  ckpt_build(body, (MlirOperation){NULL}, at.loc, "gpu.terminator", 0, NULL, 0, NULL, 0, NULL);
  return body;
}

static void move_before(MlirOperation op, MlirOperation before) {
  mlirOperationMoveBefore(op, before);
}

/* Work that runs on one thread: a serial loop, a call, a run of bare statements. */
static void convert_single_thread(convert_t *conv, const ckpt_vec_t *ops, int64_t gate) {
  MlirOperation first = CKPT_VEC_OP(ops, 0);
  ckpt_insert_t at = {mlirOperationGetBlock(first), first, mlirOperationGetLocation(first)};
  MlirValue one = constant(at, index_type(conv->ctx), 1);
  MlirValue dims[3] = {one, one, one};
  MlirBlock body = build_launch(at, dims, dims);
  ckpt_insert_t inside = {body, mlirBlockGetFirstOperation(body), at.loc};
  MlirOperation guarded_end = build_gate(conv, body, inside, gate);
  for (size_t i = 0; i < ops->size; ++i)
    move_before(CKPT_VEC_OP(ops, i), guarded_end);
}

static const int64_t kBlockSizes[3][3] = {{256, 1, 1}, {32, 8, 1}, {8, 8, 4}};

static void convert_parallel(convert_t *conv, MlirOperation loop, int64_t gate) {
  MlirContext ctx = conv->ctx;
  MlirAttribute segments = mlirOperationGetAttributeByName(loop, ckpt_str("operandSegmentSizes"));
  if (mlirDenseI32ArrayGetElement(segments, 3) != 0) {
    ckpt_emit_error(loop, "scf.parallel with reductions (or the affine.parallel with `reduce` it "
                          "was lowered from) is not supported as a task on device targets: "
                          "reduce into memory with atomics (memref.atomic_rmw) instead, or "
                          "nest the reduction inside a task");
    conv->failed = true;
    return;
  }
  loop = ckpt_parallel_limit_to_grid(loop);
  intptr_t rank = ckpt_parallel_rank(loop);
  ckpt_insert_t at = {mlirOperationGetBlock(loop), loop, mlirOperationGetLocation(loop)};
  MlirType index = index_type(ctx);
  MlirValue one = constant(at, index, 1);
  MlirValue lower[3], step[3], trips[3], grid[3] = {one, one, one}, block[3] = {one, one, one};
  for (intptr_t d = 0; d < rank; ++d) {
    lower[d] = mlirOperationGetOperand(loop, d);
    MlirValue upper = mlirOperationGetOperand(loop, rank + d);
    step[d] = mlirOperationGetOperand(loop, 2 * rank + d);
    trips[d] = binary(at, "arith.ceildivsi", binary(at, "arith.subi", upper, lower[d]), step[d]);
    block[d] = constant(at, index, kBlockSizes[rank - 1][d]);
    /* A grid dimension of 0 is an invalid launch: run one block that does nothing. */
    grid[d] = binary(at, "arith.maxsi", binary(at, "arith.ceildivsi", trips[d], block[d]), one);
  }
  MlirBlock body = build_launch(at, grid, block);
  ckpt_insert_t inside = {body, mlirBlockGetFirstOperation(body), at.loc};
  MlirOperation guarded_end = build_gate(conv, body, inside, gate);
  ckpt_insert_t guarded = {mlirOperationGetBlock(guarded_end), guarded_end, at.loc};
  MlirValue in_range = {NULL}, ivs[3];
  for (intptr_t d = 0; d < rank; ++d) {
    MlirValue linear = binary(guarded, "arith.addi",
                              binary(guarded, "arith.muli", mlirBlockGetArgument(body, d),
                                     mlirBlockGetArgument(body, 9 + d)),
                              mlirBlockGetArgument(body, 3 + d));
    MlirValue ok = ckpt_build_cmpi(guarded, CKPT_CMPI_SLT, linear, trips[d]);
    in_range = d == 0 ? ok : binary(guarded, "arith.andi", in_range, ok);
    ivs[d] = binary(guarded, "arith.addi", lower[d], binary(guarded, "arith.muli", linear, step[d]));
  }
  MlirOperation iteration_end = build_if(guarded, in_range);
  MlirBlock loop_body = mlirRegionGetFirstBlock(mlirOperationGetRegion(loop, 0));
  for (intptr_t d = 0; d < rank; ++d)
    mlirValueReplaceAllUsesOfWith(mlirBlockGetArgument(loop_body, d), ivs[d]);
  ckpt_vec_t ops = {0};
  ckpt_block_ops(loop_body, &ops);
  for (size_t i = 0; i + 1 < ops.size; ++i) /* all but the scf.reduce terminator */
    move_before(CKPT_VEC_OP(&ops, i), iteration_end);
  ckpt_vec_free(&ops);
  mlirOperationDestroy(loop);
}

/* Moves a kernel body under its gate: the gate was built at the body's start, so every op
 * between the gate's scf.if and the terminator goes into the guarded block that ends at
 * `guarded_end`. */
static void guard_body(MlirOperation guarded_end) {
  MlirOperation gate_if = mlirOperationGetParentOperation(guarded_end);
  ckpt_vec_t ops = {0};
  for (MlirOperation op = mlirOperationGetNextInBlock(gate_if); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op))
    ckpt_vec_push(&ops, op.ptr);
  for (size_t i = 0; i + 1 < ops.size; ++i) /* all but the terminator */
    move_before(CKPT_VEC_OP(&ops, i), guarded_end);
  ckpt_vec_free(&ops);
}

/* The body block of `op`'s region, or a null block and an error at `error_at` naming
 * `subject` when the region has more blocks than one: the gate guards one block. */
static MlirBlock single_block_body(convert_t *conv, MlirOperation op, MlirOperation error_at,
                                   const char *subject) {
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0));
  if (mlirBlockIsNull(mlirBlockGetNextInRegion(body)))
    return body;
  ckpt_emit_error(error_at, "%s must have a single-block body on device targets, so that its "
                            "checkpoint gate can guard it: move the control flow into scf ops",
                  subject);
  conv->failed = true;
  return (MlirBlock){NULL};
}

static void convert_launch(convert_t *conv, MlirOperation launch, int64_t gate) {
  MlirBlock body = single_block_body(conv, launch, launch, "a gpu.launch task");
  if (mlirBlockIsNull(body))
    return;
  ckpt_insert_t inside = {body, mlirBlockGetFirstOperation(body), mlirOperationGetLocation(launch)};
  guard_body(build_gate(conv, body, inside, gate));
}

typedef struct outside_launch_t {
  MlirAttribute kernel;
  MlirOperation found;
} outside_launch_t;

static MlirWalkResult find_outside_launch(MlirOperation op, void *user_data) {
  outside_launch_t *search = user_data;
  if (!ckpt_op_is(op, "gpu.launch_func"))
    return MlirWalkResultAdvance;
  MlirOperation func = ckpt_enclosing_func(op);
  bool in_graph = !mlirOperationIsNull(func) && mlirCkptFuncIsGraph(func);
  if (!in_graph && mlirAttributeEqual(mlirOperationGetAttributeByName(op, ckpt_str("kernel")),
                                      search->kernel)) {
    search->found = op;
    return MlirWalkResultInterrupt;
  }
  return MlirWalkResultAdvance;
}

/* Gives a user's gpu.func two leading arguments, the gating state and the gate, and
 * guards its body with the gate; once per kernel (marked ckpt.gated). */
static bool gate_kernel(convert_t *conv, MlirOperation kernel, MlirOperation launch) {
  if (!mlirAttributeIsNull(mlirOperationGetDiscardableAttributeByName(kernel, ckpt_str("ckpt.gated"))))
    return true;
  MlirBlock body = single_block_body(conv, kernel, launch, "the launched kernel");
  if (mlirBlockIsNull(body))
    return false;
  MlirLocation loc = mlirOperationGetLocation(kernel);
  MlirType state_type = mlirValueGetType(conv->state);
  /* The function's inputs are its leading block arguments; workgroup and private
   * attributions follow them in the block and are not inputs. */
  MlirType old_type =
      mlirTypeAttrGetValue(mlirOperationGetAttributeByName(kernel, ckpt_str("function_type")));
  intptr_t n = mlirFunctionTypeGetNumInputs(old_type) + 2;
  MlirValue state = mlirBlockInsertArgument(body, 0, state_type, loc);
  MlirValue gate = mlirBlockInsertArgument(body, 1, i32_type(conv->ctx), loc);
  MlirType *inputs = calloc((size_t)n, sizeof(MlirType));
  for (intptr_t i = 0; i < n; ++i)
    inputs[i] = mlirValueGetType(mlirBlockGetArgument(body, i));
  mlirOperationSetAttributeByName(
      kernel, ckpt_str("function_type"),
      mlirTypeAttrGet(mlirFunctionTypeGet(conv->ctx, n, inputs, 0, NULL)));
  free(inputs);
  ckpt_insert_t inside = {body, mlirBlockGetFirstOperation(body), loc};
  guard_body(build_gate_with(conv->ctx, inside, state, gate, (MlirOperation){NULL},
                             (MlirBlock){NULL}, conv->programmatic_launch));
  mlirOperationSetDiscardableAttributeByName(kernel, ckpt_str("ckpt.gated"),
                                             mlirUnitAttrGet(conv->ctx));
  return true;
}

/* A gpu.launch_func as written: its kernel gets the gate, and the launch passes the
 * state and this task's gate first. */
static void convert_launch_func(convert_t *conv, MlirOperation launch, int64_t gate) {
  /* The kernel may be launched with other gates elsewhere: it keeps the plain gate, and
   * the checkpoint before it keeps its own yield check. */
  conv->fold_from = (MlirOperation){NULL};
  bool is_binary = false;
  MlirOperation kernel = ckpt_launched_gpu_func(launch, &is_binary);
  if (mlirOperationIsNull(kernel)) {
    ckpt_emit_error(launch, is_binary
                                ? "the launched kernel is a precompiled gpu.binary: ckpt needs its "
                                  "gpu.module to add the checkpoint gate; launch the gpu.func "
                                  "from source"
                                : "the launched gpu.func was not found in a gpu.module of this "
                                  "module");
    conv->failed = true;
    return;
  }
  /* The gate adds two arguments to the kernel, which every launch of it must pass. */
  outside_launch_t search = {mlirOperationGetAttributeByName(launch, ckpt_str("kernel")), {NULL}};
  MlirOperation module = mlirOperationGetParentOperation(mlirOperationGetParentOperation(kernel));
  mlirOperationWalk(module, find_outside_launch, &search, MlirWalkPreOrder);
  if (!mlirOperationIsNull(search.found)) {
    char name[256];
    ckpt_emit_error(launch, "kernel '%s' is also launched outside graph kernels; device targets "
                            "add the checkpoint gate to it as two leading arguments: give the "
                            "graph kernel its own copy of the gpu.func",
                    ckpt_symbol_name(kernel, name, sizeof name));
    conv->failed = true;
    return;
  }
  if (!gate_kernel(conv, kernel, launch))
    return;
  MlirAttribute segments_attr =
      mlirOperationGetAttributeByName(launch, ckpt_str("operandSegmentSizes"));
  enum { SEG_OPERANDS = 11, SEG_COUNT = 13 };
  int32_t segments[SEG_COUNT];
  intptr_t operands_start = 0;
  for (int i = 0; i < SEG_COUNT; ++i) {
    segments[i] = mlirDenseI32ArrayGetElement(segments_attr, i);
    if (i < SEG_OPERANDS)
      operands_start += segments[i];
  }
  intptr_t n = mlirOperationGetNumOperands(launch);
  MlirValue *operands = calloc((size_t)n + 2, sizeof(MlirValue));
  ckpt_insert_t at = {mlirOperationGetBlock(launch), launch, mlirOperationGetLocation(launch)};
  intptr_t k = 0;
  for (intptr_t i = 0; i < n; ++i) {
    if (i == operands_start) {
      operands[k++] = conv->state;
      operands[k++] = constant(at, i32_type(conv->ctx), gate);
    }
    operands[k++] = mlirOperationGetOperand(launch, i);
  }
  if (operands_start == n) {
    operands[k++] = conv->state;
    operands[k++] = constant(at, i32_type(conv->ctx), gate);
  }
  segments[SEG_OPERANDS] += 2;
  MlirOperationState state = mlirOperationStateGet(ckpt_str("gpu.launch_func"), at.loc);
  mlirOperationStateAddOperands(&state, k, operands);
  MlirNamedAttribute attrs[2] = {
      ckpt_named(conv->ctx, "kernel", mlirOperationGetAttributeByName(launch, ckpt_str("kernel"))),
      ckpt_named(conv->ctx, "operandSegmentSizes",
                 mlirDenseI32ArrayGet(conv->ctx, SEG_COUNT, segments)),
  };
  mlirOperationStateAddAttributes(&state, 2, attrs);
  if (mlirOperationGetNumResults(launch) > 0) {
    MlirType token = mlirValueGetType(mlirOperationGetResult(launch, 0));
    mlirOperationStateAddResults(&state, 1, &token);
  }
  MlirOperation replacement = mlirOperationCreate(&state);
  mlirBlockInsertOwnedOperationBefore(at.block, launch, replacement);
  if (mlirOperationGetNumResults(launch) > 0)
    mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(launch, 0),
                                  mlirOperationGetResult(replacement, 0));
  free(operands);
  mlirOperationDestroy(launch);
}

static void convert_task(convert_t *conv, MlirOperation task, int64_t gate) {
  if (!mlirOperationIsNull(conv->fold_from)) {
    ckpt_vec_t one = {0};
    ckpt_vec_push(&one, task.ptr);
    drop_fold_if_flag_written(conv, &one);
    ckpt_vec_free(&one);
  }
  if (ckpt_op_is(task, "scf.parallel")) {
    convert_parallel(conv, task, gate);
  } else if (ckpt_op_is(task, "gpu.launch")) {
    convert_launch(conv, task, gate);
  } else if (ckpt_op_is(task, "gpu.launch_func")) {
    convert_launch_func(conv, task, gate);
  } else if (ckpt_op_is(task, "scf.for") || ckpt_op_is(task, "func.call")) {
    ckpt_vec_t one = {0};
    ckpt_vec_push(&one, task.ptr);
    convert_single_thread(conv, &one, gate);
    ckpt_vec_free(&one);
  } else {
    char name[128];
    ckpt_emit_error(task, "'%s' must be normalised before --ckpt-convert-tasks-to-gpu (run "
                          "lower-affine and scf-forall-to-parallel first)",
                    ckpt_op_name(task, name, sizeof name));
    conv->failed = true;
  }
}

/* True if a result of an op of the run is used outside the run: such a value cannot stay
 * on the host once the run moves into a kernel. */
static bool run_result_escapes(const ckpt_vec_t *run) {
  for (size_t i = 0; i < run->size; ++i) {
    MlirOperation op = CKPT_VEC_OP(run, i);
    for (intptr_t r = 0; r < mlirOperationGetNumResults(op); ++r) {
      for (MlirOpOperand use = mlirValueGetFirstUse(mlirOperationGetResult(op, r));
           !mlirOpOperandIsNull(use); use = mlirOpOperandGetNextUse(use)) {
        MlirOperation user = mlirOpOperandGetOwner(use);
        bool inside = false;
        for (size_t j = 0; j < run->size && !inside; ++j)
          inside = ckpt_op_is_inside(user, CKPT_VEC_OP(run, j));
        if (!inside)
          return true;
      }
    }
  }
  return false;
}

/* Index in run of the op that defines v (or holds its definition), or -1. */
static intptr_t run_index_of_value(const ckpt_vec_t *run, MlirValue v) {
  if (!mlirValueIsAOpResult(v))
    return -1;
  MlirOperation owner = mlirOpResultGetOwner(v);
  for (size_t i = 0; i < run->size; ++i)
    if (ckpt_op_is_inside(owner, CKPT_VEC_OP(run, i)))
      return (intptr_t)i;
  return -1;
}

/* Whether a result of op is used by an op other than the run's ones still in it. */
static bool used_beyond(const ckpt_vec_t *run, const bool *outside, MlirOperation op) {
  for (intptr_t r = 0; r < mlirOperationGetNumResults(op); ++r)
    for (MlirOpOperand use = mlirValueGetFirstUse(mlirOperationGetResult(op, r));
         !mlirOpOperandIsNull(use); use = mlirOpOperandGetNextUse(use)) {
      MlirOperation user = mlirOpOperandGetOwner(use);
      bool in_run = false;
      for (size_t i = 0; i < run->size && !in_run; ++i)
        in_run = !outside[i] && ckpt_op_is_inside(user, CKPT_VEC_OP(run, i));
      if (!in_run)
        return true;
    }
  return false;
}

/* A pure op collected into a bare run stays on the host when it does not depend, even
 * through other pure ops, on a statement of the run, and something after the run (or a
 * pure op that stays on the host) uses it; the kernel captures it. Walking backwards
 * settles a chain of pure ops at once: users come after their operands. */
static void keep_independent_pure_ops_outside(ckpt_vec_t *run) {
  if (run->size == 0)
    return;
  bool *depends = calloc(run->size, sizeof(bool));
  bool *outside = calloc(run->size, sizeof(bool));
  for (size_t i = 0; i < run->size; ++i) {
    MlirOperation op = CKPT_VEC_OP(run, i);
    depends[i] = ckpt_classify(op) != CKPT_CLASS_PURE;
    for (intptr_t k = 0; k < mlirOperationGetNumOperands(op) && !depends[i]; ++k) {
      intptr_t from = run_index_of_value(run, mlirOperationGetOperand(op, k));
      depends[i] = from >= 0 && depends[from];
    }
  }
  for (size_t i = run->size; i-- > 0;)
    outside[i] = !depends[i] && (i + 1 == run->size ||
                                 used_beyond(run, outside, CKPT_VEC_OP(run, i)));
  size_t kept = 0;
  for (size_t i = 0; i < run->size; ++i)
    if (!outside[i])
      run->items[kept++] = run->items[i];
  run->size = kept;
  free(depends);
  free(outside);
}

static void flush_bare(convert_t *conv, ckpt_vec_t *run) {
  keep_independent_pure_ops_outside(run);
  if (run->size == 0)
    return;
  if (run_result_escapes(run)) {
    ckpt_emit_error(CKPT_VEC_OP(run, 0),
                    "a value produced by this bare statement is used outside its run of bare "
                    "statements; on device targets bare statements run in a kernel of their "
                    "own: pass the value through memory");
    conv->failed = true;
  } else {
    drop_fold_if_flag_written(conv, run);
    convert_single_thread(conv, run, GATE_OUTSIDE_CHECKPOINTS);
  }
  run->size = 0;
}

static void convert_block(convert_t *conv, MlirBlock block);

static void convert_bare_run(void *user, ckpt_vec_t *ops) { flush_bare(user, ops); }

static void convert_top_task(void *user, MlirOperation task) {
  convert_task(user, task, GATE_OUTSIDE_CHECKPOINTS);
}

static void convert_checkpoint(void *user, MlirOperation checkpoint) {
  convert_t *conv = user;
  ckpt_vec_t tasks = {0};
  ckpt_block_ops(mlirCkptCheckpointOpGetBody(checkpoint), &tasks);
  for (size_t t = 0; t < tasks.size; ++t)
    if (ckpt_classify(CKPT_VEC_OP(&tasks, t)) == CKPT_CLASS_TASK)
      convert_task(conv, CKPT_VEC_OP(&tasks, t), mlirCkptCheckpointOpGetCpId(checkpoint));
  ckpt_vec_free(&tasks);
  /* A checkpoint without tasks leaves the check pending: it folds into no kernel. */
  conv->fold_from = (MlirOperation){NULL};
  if (conv->fold_yield_checks && !mlirCkptCheckpointOpIsImplicit(checkpoint))
    conv->fold_from = checkpoint;
}

/* A do-while body starts a new sequence, and what follows the loop does not follow the
 * checkpoint before it: no fold across either edge. */
static void convert_do_while(void *user, MlirOperation loop) {
  convert_t *conv = user;
  conv->fold_from = (MlirOperation){NULL};
  convert_block(conv, mlirCkptDoWhileOpGetBody(loop));
  conv->fold_from = (MlirOperation){NULL};
}

static void convert_block(convert_t *conv, MlirBlock block) {
  static const ckpt_unit_visitor_t kConvertUnits = {
      .bare_run = convert_bare_run,
      .task = convert_top_task,
      .checkpoint = convert_checkpoint,
      .do_while = convert_do_while,
  };
  ckpt_visit_units(block, &kConvertUnits, conv);
  conv->fold_from = (MlirOperation){NULL};
}

MlirLogicalResult ckptRunConvertTasksToGpu(MlirOperation module, bool fold_yield_checks,
                                           bool programmatic_launch) {
  if (!ckpt_check_module(module))
    return mlirLogicalResultFailure();
  convert_t conv = {.ctx = mlirOperationGetContext(module),
                    .fold_yield_checks = fold_yield_checks,
                    .programmatic_launch = programmatic_launch};
  ckpt_vec_t funcs = {0};
  ckpt_collect_functions(module, &funcs);
  for (size_t i = 0; i < funcs.size; ++i) {
    MlirOperation func = CKPT_VEC_OP(&funcs, i);
    MlirBlock entry = ckpt_func_entry(func);
    if (!mlirCkptFuncIsGraph(func) || mlirBlockIsNull(entry))
      continue;
    if (mlirCkptFuncHasCheckpoints(func))
      ckpt_number_kernel(func);
    int64_t shape[1] = {4};
    MlirType state_type = mlirMemRefTypeContiguousGet(i32_type(conv.ctx), 1, shape,
                                                      mlirAttributeGetNull());
    ckpt_insert_t at = {entry, mlirBlockGetFirstOperation(entry), mlirOperationGetLocation(func)};
    conv.state = ckpt_build1(at, "ckpt.device_state", 0, NULL, state_type, 0, NULL);
    convert_block(&conv, entry);
    if (programmatic_launch)
      mlirOperationSetDiscardableAttributeByName(func, ckpt_str("ckpt.programmatic_wait"),
                                                 mlirUnitAttrGet(conv.ctx));
  }
  ckpt_vec_free(&funcs);
  MlirAttribute unit = mlirUnitAttrGet(conv.ctx);
  mlirOperationSetDiscardableAttributeByName(module, ckpt_str("gpu.container_module"), unit);
  return conv.failed ? mlirLogicalResultFailure() : mlirLogicalResultSuccess();
}
