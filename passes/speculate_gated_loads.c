/* --ckpt-speculate-gated-loads: a task kernel starts with its checkpoint gate, a load of
 * the gating state followed by `scf.if %run {body}` (marked `ckpt.gate`), so the body's
 * first loads wait for the state load: one more memory round trip on the critical path
 * of every small kernel. This pass issues the body's leading loads at the start of the
 * block holding the gate, before the state loads, so their latencies overlap.
 *
 * Inputs: every scf.if carrying `ckpt.gate` directly in a gpu.launch or gpu.func body.
 * The then-block is scanned in order, passing over pure ops of an allow-list and loads,
 * and descending into a nested scf.if whose condition can be computed at the hoist point
 * (then stopping after it); any other op ends the scan. Each load on the way whose memref
 * is a kernel input and whose indices can be computed at the hoist point (from the
 * block's arguments, values from outside the kernel, and what was already hoisted) moves
 * there with the pure ops computing its indices. A load of rank >= 1 is guarded:
 *
 *   %ok = and over d of (%idx_d ult memref.dim %m, d)
 *   %v = scf.if %ok -> (T) { memref.load ... } else { 0 }
 *
 * Why this is correct: the hoisted loads run before any side effect of the task body in
 * program order, and the ops before the gate write nothing but the runtime's gating
 * state, which no kernel input aliases (a gate after any other write is left alone). So each
 * hoisted load reads what the original load would read, except for values written
 * concurrently by other threads without synchronization, which the original program could
 * not rely on either. When the task is gated off, or the load sat under a condition that
 * is false, its indices may be garbage: the bounds check keeps it from ever touching an
 * address outside its memref (kernel inputs are valid memrefs), and its value is then
 * unused. Only the default, global and workgroup memory spaces are speculated.
 *
 * A kernel built for programmatic launch waits for its predecessors
 * (`nvvm.griddepcontrol wait`) after loading the state: nothing may read kernel inputs
 * before that, so the hoist point is right after the wait, and only the ops from there to
 * the gate are checked.
 *
 * At most MAX_SPECULATED_LOADS loads per gate, counting those an earlier run issued before
 * it, which keeps the pass idempotent. Without `ckpt.gate` nothing changes; it never fails. */
#include "ckpt/passes.h"
#include "ir.h"
#include "mlir-c/AffineExpr.h"
#include "mlir-c/AffineMap.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

enum { MAX_SPECULATED_LOADS = 16 };

/* One gate being rewritten. Phase one (the scan) only reads the IR and fills `scanned`
 * and `selected`; phase two moves the selected ops, in scan order, before `anchor`. */
typedef struct gate_t {
  MlirContext ctx;
  MlirOperation gate;   /* the scf.if marked ckpt.gate */
  MlirBlock block;      /* the kernel body holding it */
  MlirOperation kernel; /* the gpu.launch or gpu.func owning `block` */
  MlirOperation anchor; /* hoisted ops go before it: the first op of `block`, or the first
                           after its griddepcontrol wait */
  ckpt_vec_t scanned;   /* pure ops and loads of the body passed over, in order */
  ckpt_vec_t selected;  /* those to hoist */
  int budget;           /* loads that may still be hoisted */
} gate_t;

static bool vec_contains(const ckpt_vec_t *vec, MlirOperation op) {
  for (size_t i = 0; i < vec->size; ++i)
    if (vec->items[i] == op.ptr)
      return true;
  return false;
}

static bool name_has_prefix(MlirStringRef name, const char *prefix) {
  MlirStringRef p = ckpt_str(prefix);
  return name.length > p.length && mlirStringRefEqual(mlirStringRefCreate(name.data, p.length), p);
}

/* An affine expression that never divides by zero: floordiv, ceildiv and mod only by
 * non-zero constants. */
static bool affine_expr_cannot_trap(MlirAffineExpr expr) {
  if (!mlirAffineExprIsABinary(expr))
    return true;
  MlirAffineExpr rhs = mlirAffineBinaryOpExprGetRHS(expr);
  bool divides = mlirAffineExprIsAFloorDiv(expr) || mlirAffineExprIsACeilDiv(expr) ||
                 mlirAffineExprIsAMod(expr);
  if (divides && !(mlirAffineExprIsAConstant(rhs) && mlirAffineConstantExprGetValue(rhs) != 0))
    return false;
  return affine_expr_cannot_trap(mlirAffineBinaryOpExprGetLHS(expr)) &&
         affine_expr_cannot_trap(rhs);
}

/* The allow-list: ops without side effects and without undefined behaviour on any
 * operands (so no integer division or remainder), which may run where they were not
 * meant to. */
static bool is_speculatable(MlirOperation op) {
  static const char *const kTrapping[] = {
      "arith.divsi", "arith.divui", "arith.ceildivsi", "arith.ceildivui", "arith.floordivsi",
      "arith.remsi", "arith.remui", "arith.remf",
      "index.divs", "index.divu", "index.ceildivs", "index.ceildivu", "index.floordivs",
      "index.rems", "index.remu", NULL};
  static const char *const kPure[] = {
      "memref.subview", "memref.cast", "memref.reinterpret_cast",
      "memref.extract_strided_metadata", "memref.collapse_shape", "memref.expand_shape",
      "gpu.thread_id", "gpu.block_id", "gpu.block_dim", "gpu.grid_dim", "gpu.lane_id", NULL};
  MlirStringRef name = mlirIdentifierStr(mlirOperationGetName(op));
  if (name_has_prefix(name, "arith.") || name_has_prefix(name, "index."))
    return !ckpt_op_is_one_of(op, kTrapping);
  /* An out-of-range dimension is undefined: only constant ones. */
  if (mlirStringRefEqual(name, ckpt_str("memref.dim"))) {
    MlirValue dim = mlirOperationGetOperand(op, 1);
    return mlirValueIsAOpResult(dim) && ckpt_op_is(mlirOpResultGetOwner(dim), "arith.constant");
  }
  if (mlirStringRefEqual(name, ckpt_str("affine.apply"))) {
    MlirAffineMap map =
        mlirAffineMapAttrGetValue(mlirOperationGetAttributeByName(op, ckpt_str("map")));
    for (intptr_t i = 0; i < mlirAffineMapGetNumResults(map); ++i)
      if (!affine_expr_cannot_trap(mlirAffineMapGetResult(map, i)))
        return false;
    return true;
  }
  return ckpt_op_is_one_of(op, kPure);
}

/* The runtime's gating state: ckpt.device_state, or the state argument a gated gpu.func
 * got from --ckpt-convert-tasks-to-gpu. No kernel input aliases it. */
static bool is_gating_state(MlirValue value) {
  if (mlirValueIsAOpResult(value))
    return ckpt_op_is(mlirOpResultGetOwner(value), "ckpt.device_state");
  MlirBlock block = mlirBlockArgumentGetOwner(value);
  MlirOperation func = mlirBlockGetParentOperation(block);
  return mlirBlockArgumentGetArgNumber(value) == 0 && ckpt_op_is(func, "gpu.func") &&
         mlirBlockEqual(block, mlirRegionGetFirstBlock(mlirOperationGetRegion(func, 0))) &&
         !mlirAttributeIsNull(
             mlirOperationGetDiscardableAttributeByName(func, ckpt_str("ckpt.gated")));
}

/* Whether `op` is nvvm.griddepcontrol of `kind`: wait, or launch_dependents, which only
 * lets the next kernel start and touches no memory. */
static bool is_grid_dependency_control(MlirOperation op, const char *kind) {
  if (!ckpt_op_is(op, "nvvm.griddepcontrol"))
    return false;
  return mlirAttributeEqual(mlirOperationGetAttributeByName(op, ckpt_str("kind")),
                            ckpt_grid_dep_action(mlirOperationGetContext(op), kind));
}

/* An op before the gate that loads may move above: it writes no memory but the gating
 * state (and so not what a hoisted load reads); a fence orders only this thread's own
 * accesses, and the state's store it follows aliases no hoisted load. */
static bool may_precede_loads(MlirOperation op) {
  if (is_speculatable(op) || ckpt_op_is(op, "memref.load") || ckpt_op_is(op, "gpu.barrier") ||
      ckpt_op_is(op, "nvvm.memory.barrier") || ckpt_op_is(op, "scf.yield") ||
      is_grid_dependency_control(op, "launch_dependents"))
    return true;
  if (ckpt_op_is(op, "memref.store"))
    return is_gating_state(mlirOperationGetOperand(op, 1));
  if (!ckpt_op_is(op, "scf.if"))
    return false;
  for (intptr_t r = 0; r < mlirOperationGetNumRegions(op); ++r)
    for (MlirBlock b = mlirRegionGetFirstBlock(mlirOperationGetRegion(op, r)); !mlirBlockIsNull(b);
         b = mlirBlockGetNextInRegion(b))
      for (MlirOperation inner = mlirBlockGetFirstOperation(b); !mlirOperationIsNull(inner);
           inner = mlirOperationGetNextInBlock(inner))
        if (!may_precede_loads(inner))
          return false;
  return true;
}

/* The ops of `block` that `value` is computed from (the gate's own inputs). */
static void collect_block_slice(MlirValue value, MlirBlock block, ckpt_vec_t *out) {
  if (!mlirValueIsAOpResult(value))
    return;
  MlirOperation def = mlirOpResultGetOwner(value);
  if (!mlirBlockEqual(mlirOperationGetBlock(def), block) || vec_contains(out, def))
    return;
  ckpt_vec_push(out, def.ptr);
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(def); ++i)
    collect_block_slice(mlirOperationGetOperand(def, i), block, out);
}

typedef struct issued_count_t {
  const ckpt_vec_t *gate_inputs;
  int loads;
} issued_count_t;

static MlirWalkResult count_issued_load(MlirOperation op, void *user_data) {
  issued_count_t *count = user_data;
  if (ckpt_op_is(op, "memref.load") && !vec_contains(count->gate_inputs, op))
    ++count->loads;
  return MlirWalkResultAdvance;
}

/* Checks the ops before the gate and returns how many loads among them do not feed the
 * gate's condition (those an earlier run of this pass issued), or -1 if some op there
 * may write memory a hoisted load could read. */
static int loads_issued_before(gate_t *g) {
  ckpt_vec_t gate_inputs = {0};
  collect_block_slice(mlirOperationGetOperand(g->gate, 0), g->block, &gate_inputs);
  issued_count_t count = {&gate_inputs, 0};
  for (MlirOperation op = g->anchor; !mlirOperationEqual(op, g->gate);
       op = mlirOperationGetNextInBlock(op)) {
    if (!may_precede_loads(op)) {
      count.loads = -1;
      break;
    }
    mlirOperationWalk(op, count_issued_load, &count, MlirWalkPreOrder);
  }
  ckpt_vec_free(&gate_inputs);
  return count.loads;
}

/* A kernel input: an argument of the kernel body or a value from outside the kernel. */
static bool is_kernel_input(const gate_t *g, MlirValue value) {
  if (mlirValueIsABlockArgument(value) &&
      mlirBlockEqual(mlirBlockArgumentGetOwner(value), g->block))
    return true;
  return !ckpt_op_is_inside(ckpt_value_scope_op(value), g->kernel);
}

/* Whether `op` sits in the kernel body before the hoist point (before a wait), where what
 * it defines is available to hoisted ops. */
static bool defined_before_anchor(const gate_t *g, MlirOperation op) {
  if (!mlirBlockEqual(mlirOperationGetBlock(op), g->block))
    return false;
  for (MlirOperation at = mlirBlockGetFirstOperation(g->block); !mlirOperationEqual(at, g->anchor);
       at = mlirOperationGetNextInBlock(at))
    if (mlirOperationEqual(at, op))
      return true;
  return false;
}

/* Whether `value` is available at the hoist point once `needed` (pure ops of the scanned
 * body, appended to by this call) are hoisted too. */
static bool computable(const gate_t *g, MlirValue value, ckpt_vec_t *needed) {
  if (is_kernel_input(g, value))
    return true;
  if (!mlirValueIsAOpResult(value))
    return false;
  MlirOperation def = mlirOpResultGetOwner(value);
  if (vec_contains(&g->selected, def) || vec_contains(needed, def) || defined_before_anchor(g, def))
    return true;
  if (!is_speculatable(def) || !vec_contains(&g->scanned, def))
    return false;
  for (intptr_t i = 0; i < mlirOperationGetNumOperands(def); ++i)
    if (!computable(g, mlirOperationGetOperand(def, i), needed))
      return false;
  ckpt_vec_push(needed, def.ptr);
  return true;
}

static bool memory_space_is_speculatable(MlirContext ctx, MlirType memref) {
  MlirAttribute space = mlirMemRefTypeGetMemorySpace(memref);
  if (mlirAttributeIsNull(space))
    return true;
  const char *const kSpaces[] = {"#gpu.address_space<global>", "#gpu.address_space<workgroup>"};
  for (size_t i = 0; i < sizeof kSpaces / sizeof kSpaces[0]; ++i)
    if (mlirAttributeEqual(space, mlirAttributeParseGet(ctx, ckpt_str(kSpaces[i]))))
      return true;
  return false;
}

static bool has_zero_constant(MlirType type) {
  return mlirTypeIsAInteger(type) || mlirTypeIsAIndex(type) || mlirTypeIsAFloat(type);
}

/* Selects `load` (and the ops computing its indices) if it can be speculated. */
static void consider_load(gate_t *g, MlirOperation load) {
  MlirValue memref = mlirOperationGetOperand(load, 0);
  MlirType type = mlirValueGetType(memref);
  if (!mlirTypeIsAMemRef(type) || !is_kernel_input(g, memref) || is_gating_state(memref) ||
      !memory_space_is_speculatable(g->ctx, type) ||
      !has_zero_constant(mlirShapedTypeGetElementType(type)))
    return;
  ckpt_vec_t needed = {0};
  bool ok = true;
  for (intptr_t i = 1; i < mlirOperationGetNumOperands(load) && ok; ++i)
    ok = computable(g, mlirOperationGetOperand(load, i), &needed);
  if (ok) {
    for (size_t i = 0; i < needed.size; ++i)
      ckpt_vec_push(&g->selected, needed.items[i]);
    ckpt_vec_push(&g->selected, load.ptr);
    --g->budget;
  }
  ckpt_vec_free(&needed);
}

/* Scans `block` (the gate's then-block or a nested one) in order; returns false once the
 * scan must stop. */
static bool scan_block(gate_t *g, MlirBlock block) {
  for (MlirOperation op = mlirBlockGetFirstOperation(block); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op)) {
    if (g->budget == 0)
      return false;
    if (ckpt_op_is(op, "scf.yield"))
      return true;
    if (ckpt_op_is(op, "memref.load")) {
      ckpt_vec_push(&g->scanned, op.ptr);
      consider_load(g, op);
    } else if (is_speculatable(op)) {
      ckpt_vec_push(&g->scanned, op.ptr);
    } else {
      if (ckpt_op_is(op, "scf.if")) {
        ckpt_vec_t needed = {0};
        if (computable(g, mlirOperationGetOperand(op, 0), &needed))
          scan_block(g, mlirRegionGetFirstBlock(mlirOperationGetRegion(op, 0)));
        ckpt_vec_free(&needed);
      }
      return false;
    }
  }
  return true;
}

static MlirValue zero_constant(ckpt_insert_t at, MlirType type) {
  MlirContext ctx = mlirTypeGetContext(type);
  MlirAttribute zero = mlirTypeIsAFloat(type) ? mlirFloatAttrDoubleGet(ctx, type, 0.0)
                                              : mlirIntegerAttrGet(type, 0);
  MlirNamedAttribute attr = ckpt_named(ctx, "value", zero);
  return ckpt_build1(at, "arith.constant", 0, NULL, type, 1, &attr);
}

/* Moves `load` to the hoist point, guarded by a bounds check unless it has no indices. */
static void speculate_load(gate_t *g, MlirOperation load) {
  intptr_t rank = mlirOperationGetNumOperands(load) - 1;
  if (rank == 0) {
    mlirOperationMoveBefore(load, g->anchor);
    return;
  }
  MlirLocation loc = mlirOperationGetLocation(load);
  ckpt_insert_t at = {g->block, g->anchor, loc};
  MlirValue memref = mlirOperationGetOperand(load, 0);
  MlirType index = mlirIndexTypeGet(g->ctx), i1 = mlirIntegerTypeGet(g->ctx, 1);
  MlirValue in_bounds = {NULL};
  for (intptr_t d = 0; d < rank; ++d) {
    MlirValue dim_operands[2] = {memref, ckpt_arith_constant_index(at, d)};
    MlirValue size = ckpt_build1(at, "memref.dim", 2, dim_operands, index, 0, NULL);
    MlirValue ok = ckpt_build_cmpi(at, CKPT_CMPI_ULT, mlirOperationGetOperand(load, 1 + d), size);
    MlirValue both[2] = {in_bounds, ok};
    in_bounds = d == 0 ? ok : ckpt_build1(at, "arith.andi", 2, both, i1, 0, NULL);
  }
  MlirValue loaded = mlirOperationGetResult(load, 0);
  MlirType type = mlirValueGetType(loaded);
  MlirBlock then_block, else_block;
  MlirOperation guard = ckpt_build_scf_if(at, in_bounds, 1, &type, &then_block, &else_block);

  MlirValue zero = zero_constant((ckpt_insert_t){else_block, {NULL}, loc}, type);
  ckpt_build(else_block, (MlirOperation){NULL}, loc, "scf.yield", 1, &zero, 0, NULL, 0, NULL);
  mlirValueReplaceAllUsesOfWith(loaded, mlirOperationGetResult(guard, 0));
  mlirOperationRemoveFromParent(load);
  mlirBlockAppendOwnedOperation(then_block, load);
  ckpt_build(then_block, (MlirOperation){NULL}, loc, "scf.yield", 1, &loaded, 0, NULL, 0, NULL);
}

/* A pure op moved to where it may run on values the task would never have seen (it is
 * gated off, or out of range): flags that promise no overflow or an exact result would
 * turn such values into poison, which the bounds checks then branch on. */
static void drop_poison_flags(MlirOperation op) {
  MlirContext ctx = mlirOperationGetContext(op);
  if (!mlirAttributeIsNull(mlirOperationGetAttributeByName(op, ckpt_str("overflowFlags"))))
    mlirOperationSetAttributeByName(op, ckpt_str("overflowFlags"),
                                    mlirAttributeParseGet(ctx, ckpt_str("#arith.overflow<none>")));
  mlirOperationRemoveAttributeByName(op, ckpt_str("isExact"));
}

/* The first op of `block` after its last griddepcontrol wait before `gate`, or its first
 * op when there is none. */
static MlirOperation hoist_point(MlirBlock block, MlirOperation gate) {
  MlirOperation point = mlirBlockGetFirstOperation(block);
  for (MlirOperation op = point; !mlirOperationEqual(op, gate); op = mlirOperationGetNextInBlock(op))
    if (is_grid_dependency_control(op, "wait"))
      point = mlirOperationGetNextInBlock(op);
  return point;
}

static void speculate_gate(MlirOperation gate_if) {
  gate_t g = {.ctx = mlirOperationGetContext(gate_if), .gate = gate_if};
  g.block = mlirOperationGetBlock(gate_if);
  g.kernel = mlirOperationGetParentOperation(gate_if);
  if (!ckpt_op_is(g.kernel, "gpu.launch") && !ckpt_op_is(g.kernel, "gpu.func"))
    return;
  g.anchor = hoist_point(g.block, gate_if);
  int issued = loads_issued_before(&g);
  if (issued < 0 || issued >= MAX_SPECULATED_LOADS)
    return;
  g.budget = MAX_SPECULATED_LOADS - issued;
  scan_block(&g, mlirRegionGetFirstBlock(mlirOperationGetRegion(gate_if, 0)));
  for (size_t i = 0; i < g.scanned.size; ++i) {
    MlirOperation op = CKPT_VEC_OP(&g.scanned, i);
    if (!vec_contains(&g.selected, op))
      continue;
    if (ckpt_op_is(op, "memref.load")) {
      speculate_load(&g, op);
    } else {
      mlirOperationMoveBefore(op, g.anchor);
      drop_poison_flags(op);
    }
  }
  ckpt_vec_free(&g.scanned);
  ckpt_vec_free(&g.selected);
}

static MlirWalkResult collect_gates(MlirOperation op, void *user_data) {
  if (ckpt_op_is(op, "scf.if") &&
      !mlirAttributeIsNull(mlirOperationGetDiscardableAttributeByName(op, ckpt_str("ckpt.gate"))))
    ckpt_vec_push((ckpt_vec_t *)user_data, op.ptr);
  return MlirWalkResultAdvance;
}

MlirLogicalResult ckptRunSpeculateGatedLoads(MlirOperation module) {
  ckpt_vec_t gates = {0};
  mlirOperationWalk(module, collect_gates, &gates, MlirWalkPreOrder);
  for (size_t i = 0; i < gates.size; ++i)
    speculate_gate(CKPT_VEC_OP(&gates, i));
  ckpt_vec_free(&gates);
  return mlirLogicalResultSuccess();
}
