/* --ckpt-convert-gpu-to-host: on the CPU target, gpu.launch and gpu.launch_func tasks of
 * graph kernels run as scf.parallel loops over (blocks x threads), so one MLIR file runs
 * on every target. A kernel body that synchronises threads (gpu.barrier) or uses
 * workgroup memory cannot run this way and is reported. */
#include <stdlib.h>

#include "ckpt-c/Dialect.h"
#include "ckpt/passes.h"
#include "graph.h"
#include "inline_calls.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/BuiltinTypes.h"

/* Launch body argument / id op kinds, in gpu.launch's block argument order. */
enum { ID_BLOCK = 0, ID_THREAD = 3, ID_GRID = 6, ID_BLOCK_DIM = 9, ID_COUNT = 12 };

typedef struct convert_t {
  bool failed;
} convert_t;

static MlirValue index_constant(ckpt_insert_t at, int64_t value) {
  return ckpt_arith_constant_index(at, value);
}

/* The 12 id values (block ids, thread ids, grid sizes, block sizes) of one iteration. */
typedef struct ids_t {
  MlirValue values[ID_COUNT];
} ids_t;

/* scf.parallel over (grid x block) with `sizes` = grid then block sizes; fills `ids` with
 * its induction variables and the sizes, and returns the loop body's terminator
 * (scf.reduce), before which the kernel body goes. */
static MlirOperation build_loop_nest(ckpt_insert_t at, const MlirValue sizes[6], ids_t *ids) {
  MlirContext ctx = mlirLocationGetContext(at.loc);
  MlirValue zero = index_constant(at, 0), one = index_constant(at, 1);
  MlirValue operands[18];
  for (int i = 0; i < 6; ++i) {
    operands[i] = zero;
    operands[6 + i] = sizes[i];
    operands[12 + i] = one;
  }
  MlirOperationState state = mlirOperationStateGet(ckpt_str("scf.parallel"), at.loc);
  mlirOperationStateAddOperands(&state, 18, operands);
  int32_t segments[4] = {6, 6, 6, 0};
  MlirNamedAttribute attr =
      ckpt_named(ctx, "operandSegmentSizes", mlirDenseI32ArrayGet(ctx, 4, segments));
  mlirOperationStateAddAttributes(&state, 1, &attr);
  MlirRegion region = mlirRegionCreate();
  MlirBlock body = ckpt_block_create_uniform(6, mlirIndexTypeGet(ctx), at.loc);
  mlirRegionAppendOwnedBlock(region, body);
  mlirOperationStateAddOwnedRegions(&state, 1, &region);
  MlirOperation loop = mlirOperationCreate(&state);
  mlirBlockInsertOwnedOperationBefore(at.block, at.before, loop);
  for (int i = 0; i < 6; ++i) {
    ids->values[i] = mlirBlockGetArgument(body, i);
    ids->values[6 + i] = sizes[i];
  }
  return ckpt_build(body, (MlirOperation){NULL}, at.loc, "scf.reduce", 0, NULL, 0, NULL, 0, NULL);
}

static int dimension_of(MlirOperation op) {
  MlirAttribute dim = mlirOperationGetAttributeByName(op, ckpt_str("dimension"));
  /* #gpu<dim x|y|z> is an enum attribute; its printed form ends in the letter. */
  ckpt_sbuf_t text = {0};
  mlirAttributePrint(dim, ckpt_sbuf_callback, &text);
  int result = text.size >= 2 ? text.data[text.size - 2] - 'x' : 0;
  ckpt_sbuf_free(&text);
  return result >= 0 && result < 3 ? result : 0;
}

typedef struct replace_ids_t {
  const ids_t *ids;
  ckpt_vec_t doomed;
  convert_t *conv;
} replace_ids_t;

static MlirWalkResult replace_id_op(MlirOperation op, void *user_data) {
  replace_ids_t *replace = user_data;
  static const struct {
    const char *name;
    int base;
  } kIdOps[] = {{"gpu.block_id", ID_BLOCK},
                {"gpu.thread_id", ID_THREAD},
                {"gpu.grid_dim", ID_GRID},
                {"gpu.block_dim", ID_BLOCK_DIM}};
  for (size_t i = 0; i < sizeof(kIdOps) / sizeof(kIdOps[0]); ++i) {
    if (!ckpt_op_is(op, kIdOps[i].name))
      continue;
    MlirValue value = replace->ids->values[kIdOps[i].base + dimension_of(op)];
    mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(op, 0), value);
    ckpt_vec_push(&replace->doomed, op.ptr);
    return MlirWalkResultAdvance;
  }
  if (ckpt_op_is(op, "gpu.global_id")) {
    /* block id * block size + thread id, in the op's dimension. */
    int d = dimension_of(op);
    ckpt_insert_t at = {mlirOperationGetBlock(op), op, mlirOperationGetLocation(op)};
    MlirType index = mlirIndexTypeGet(mlirOperationGetContext(op));
    MlirValue scaled[2] = {replace->ids->values[ID_BLOCK + d],
                           replace->ids->values[ID_BLOCK_DIM + d]};
    MlirValue sum[2] = {ckpt_build1(at, "arith.muli", 2, scaled, index, 0, NULL),
                        replace->ids->values[ID_THREAD + d]};
    mlirValueReplaceAllUsesOfWith(mlirOperationGetResult(op, 0),
                                  ckpt_build1(at, "arith.addi", 2, sum, index, 0, NULL));
    ckpt_vec_push(&replace->doomed, op.ptr);
    return MlirWalkResultAdvance;
  }
  if (ckpt_op_is(op, "gpu.printf") || ckpt_op_is_one_of(op, ckpt_gpu_cluster_ops)) {
    char name[64];
    ckpt_emit_error(op, "'%s' runs in a kernel on the CPU target, which has %s: %s",
                    ckpt_op_name(op, name, sizeof name),
                    ckpt_op_is(op, "gpu.printf") ? "no device printf" : "no thread block clusters",
                    ckpt_op_is(op, "gpu.printf")
                        ? "store the values into a memref parameter and print them on the "
                          "host after the launch"
                        : "compute from gpu.block_id instead");
    replace->conv->failed = true;
    return MlirWalkResultAdvance;
  }
  if (ckpt_op_is_one_of(op, ckpt_gpu_subgroup_id_ops)) {
    char name[64];
    ckpt_emit_error(op,
                    "'%s' asks for the subgroup a thread belongs to, and the CPU target "
                    "runs the threads of a block one after another, in no subgroups: "
                    "compute from gpu.thread_id instead, or run it on a device target",
                    ckpt_op_name(op, name, sizeof name));
    replace->conv->failed = true;
    return MlirWalkResultAdvance;
  }
  if (ckpt_op_is(op, "gpu.barrier") || ckpt_op_is(op, "gpu.shuffle") ||
      ckpt_op_is(op, "gpu.subgroup_reduce") || ckpt_op_is(op, "gpu.all_reduce")) {
    char name[64];
    ckpt_emit_error(op, "'%s' synchronises the threads of a block, which the CPU target runs "
                        "one after another: restructure the task without it, or run it on a "
                        "device target",
                    ckpt_op_name(op, name, sizeof name));
    replace->conv->failed = true;
  }
  return MlirWalkResultAdvance;
}

/* Moves the ops of `body` (all but its terminator) before `end`, replacing gpu id ops. */
static void move_body(convert_t *conv, MlirBlock body, MlirOperation end, const ids_t *ids) {
  ckpt_vec_t ops = {0};
  ckpt_block_ops(body, &ops);
  for (size_t i = 0; i + 1 < ops.size; ++i)
    mlirOperationMoveBefore(CKPT_VEC_OP(&ops, i), end);
  replace_ids_t replace = {.ids = ids, .conv = conv};
  for (size_t i = 0; i + 1 < ops.size; ++i)
    mlirOperationWalk(CKPT_VEC_OP(&ops, i), replace_id_op, &replace, MlirWalkPostOrder);
  for (size_t i = 0; i < replace.doomed.size; ++i)
    mlirOperationDestroy(CKPT_VEC_OP(&replace.doomed, i));
  ckpt_vec_free(&replace.doomed);
  ckpt_vec_free(&ops);
}

static bool single_block(convert_t *conv, MlirOperation op, MlirRegion region) {
  if (mlirBlockIsNull(mlirBlockGetNextInRegion(mlirRegionGetFirstBlock(region))))
    return true;
  ckpt_emit_error(op, "a kernel body with several blocks cannot run on the CPU target: use "
                      "scf control flow inside it");
  conv->failed = true;
  return false;
}

static void convert_launch(convert_t *conv, MlirOperation launch) {
  MlirAttribute segments = mlirOperationGetAttributeByName(launch, ckpt_str("operandSegmentSizes"));
  MlirRegion region = mlirOperationGetRegion(launch, 0);
  MlirBlock body = mlirRegionGetFirstBlock(region);
  if (mlirDenseI32ArrayGetElement(segments, 0) != 0 ||
      mlirBlockGetNumArguments(body) != ID_COUNT) {
    ckpt_emit_error(launch, "gpu.launch with async dependencies or workgroup memory cannot run "
                            "on the CPU target: drop the async dependencies (the graph orders "
                            "its tasks) or run it on a device target (cuda, hip, vulkan)");
    conv->failed = true;
    return;
  }
  if (!single_block(conv, launch, region))
    return;
  MlirValue sizes[6];
  for (int i = 0; i < 6; ++i)
    sizes[i] = mlirOperationGetOperand(launch, i);
  ckpt_insert_t at = {mlirOperationGetBlock(launch), launch, mlirOperationGetLocation(launch)};
  ids_t ids;
  MlirOperation end = build_loop_nest(at, sizes, &ids);
  for (int i = 0; i < ID_COUNT; ++i)
    mlirValueReplaceAllUsesOfWith(mlirBlockGetArgument(body, i), ids.values[i]);
  move_body(conv, body, end, &ids);
  mlirOperationDestroy(launch);
}

/* gpu.launch_func of a gpu.func in this module: its body is cloned into the loop nest
 * with the kernel's arguments replaced by the launch's operands. */
static void convert_launch_func(convert_t *conv, MlirOperation module, MlirOperation launch) {
  MlirAttribute segments = mlirOperationGetAttributeByName(launch, ckpt_str("operandSegmentSizes"));
  int32_t seg[13], start[13], offset = 0;
  for (int i = 0; i < 13; ++i) {
    seg[i] = mlirDenseI32ArrayGetElement(segments, i);
    start[i] = offset;
    offset += seg[i];
  }
  bool is_binary = false;
  MlirOperation kernel = ckpt_launched_gpu_func(launch, &is_binary);
  if (mlirOperationIsNull(kernel) || seg[0] || seg[7] || seg[12]) {
    ckpt_emit_error(launch, is_binary ? "the launched kernel is a precompiled gpu.binary, which "
                                        "the CPU target cannot run: launch the gpu.func from "
                                        "source"
                            : mlirOperationIsNull(kernel)
                                ? "the launched gpu.func was not found in a gpu.module of this "
                                  "module"
                                : "gpu.launch_func with async tokens or clusters cannot run on "
                                  "the CPU target: drop them (the graph orders its tasks)");
    conv->failed = true;
    return;
  }
  MlirOperation copy = mlirOperationClone(kernel);
  MlirRegion region = mlirOperationGetRegion(copy, 0);
  MlirBlock body = mlirRegionGetFirstBlock(region);
  if (!single_block(conv, launch, region) ||
      mlirBlockGetNumArguments(body) != seg[11]) {
    if (!conv->failed)
      ckpt_emit_error(launch, "the kernel's workgroup or private memory attributions cannot run "
                              "on the CPU target: run it on a device target (cuda or hip; vulkan "
                              "takes workgroup attributions)");
    conv->failed = true;
    mlirOperationDestroy(copy);
    return;
  }
  ckpt_insert_t at = {mlirOperationGetBlock(launch), launch, mlirOperationGetLocation(launch)};
  MlirValue sizes[6];
  for (int i = 0; i < 3; ++i) {
    sizes[i] = mlirOperationGetOperand(launch, start[1] + i);
    sizes[3 + i] = mlirOperationGetOperand(launch, start[4] + i);
  }
  ids_t ids;
  MlirOperation end = build_loop_nest(at, sizes, &ids);
  for (int32_t i = 0; i < seg[11]; ++i)
    mlirValueReplaceAllUsesOfWith(mlirBlockGetArgument(body, i),
                                  mlirOperationGetOperand(launch, start[11] + i));
  move_body(conv, body, end, &ids);
  mlirOperationDestroy(copy);
  mlirOperationDestroy(launch);
}

typedef struct collect_t {
  ckpt_vec_t launches;
} collect_t;

static MlirWalkResult collect_launch(MlirOperation op, void *user_data) {
  if (!ckpt_op_is(op, "gpu.launch") && !ckpt_op_is(op, "gpu.launch_func"))
    return MlirWalkResultAdvance;
  MlirOperation func = ckpt_enclosing_func(op);
  if (!mlirOperationIsNull(func) && mlirCkptFuncIsGraph(func))
    ckpt_vec_push(&((collect_t *)user_data)->launches, op.ptr);
  return MlirWalkResultSkip;
}

static MlirWalkResult find_launch_func(MlirOperation op, void *user_data) {
  if (!ckpt_op_is(op, "gpu.launch_func"))
    return MlirWalkResultAdvance;
  *(bool *)user_data = true;
  return MlirWalkResultInterrupt;
}

/* Kernels whose launches all became loops would only stop the host lowering. */
static void erase_unused_gpu_modules(MlirOperation module) {
  bool launched = false;
  mlirOperationWalk(module, find_launch_func, &launched, MlirWalkPreOrder);
  if (launched)
    return;
  ckpt_vec_t doomed = {0};
  MlirBlock body = mlirRegionGetFirstBlock(mlirOperationGetRegion(module, 0));
  for (MlirOperation op = mlirBlockGetFirstOperation(body); !mlirOperationIsNull(op);
       op = mlirOperationGetNextInBlock(op))
    if (ckpt_op_is(op, "gpu.module"))
      ckpt_vec_push(&doomed, op.ptr);
  for (size_t i = 0; i < doomed.size; ++i)
    mlirOperationDestroy(CKPT_VEC_OP(&doomed, i));
  ckpt_vec_free(&doomed);
}

MlirLogicalResult ckptRunConvertGpuToHost(MlirOperation module) {
  convert_t conv = {0};
  collect_t collect = {0};
  /* A kernel's body is copied into host code, where its gpu.module's helpers are out of
   * reach. */
  ckpt_inline_kernel_helpers(module);
  mlirOperationWalk(module, collect_launch, &collect, MlirWalkPreOrder);
  for (size_t i = 0; i < collect.launches.size; ++i) {
    MlirOperation op = CKPT_VEC_OP(&collect.launches, i);
    if (ckpt_op_is(op, "gpu.launch"))
      convert_launch(&conv, op);
    else
      convert_launch_func(&conv, module, op);
  }
  ckpt_vec_free(&collect.launches);
  if (!conv.failed)
    erase_unused_gpu_modules(module);
  return conv.failed ? mlirLogicalResultFailure() : mlirLogicalResultSuccess();
}
