/* A graph kernel's structure, read from its markers.
 *
 * The macros of ckpt/graph.h hold no control flow of their own, so in a well-formed
 * kernel every marker call lies on one path from the entry to the return, and the code
 * between two consecutive markers is a single-entry, single-exit *segment*. After each
 * marker is split into a block of its own, the kernel is walked segment by segment; the
 * begin and end markers nest into a tree of tasks, checkpoints and do-whiles, and each
 * segment becomes the body of its task, a bare run (it has side effects), or nothing
 * (pure code, recomputed where a task uses it). Rules: docs/semantics.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "glue.h"
#include "kernel.h"

static size_t push_unit(ckpt_kernel_t *kernel, ckpt_node_kind_t kind, LLVMValueRef marker) {
  if (kernel->unit_count == kernel->unit_capacity) {
    kernel->unit_capacity = kernel->unit_capacity ? 2 * kernel->unit_capacity : 16;
    kernel->units = realloc(kernel->units, kernel->unit_capacity * sizeof *kernel->units);
  }
  size_t index = kernel->unit_count++;
  kernel->units[index] = (ckpt_unit_t){
      .kind = kind, .end = index + 1, .marker = marker, .fn = -1, .cp_id = -1, .param = -1};
  return index;
}

static void close_unit(ckpt_kernel_t *kernel, size_t index) {
  kernel->units[index].end = kernel->unit_count;
}

/*--- pure branches ---------------------------------------------------------------*/

/* clang gives `m = n < cap ? n : cap;` at the kernel's top level a branch and a phi (the
 * plugin runs before any optimisation), which would count as control flow between the
 * markers, and `m` as a value no task could recompute. Branches whose arms compute only
 * what may run unconditionally become selects, as SimplifyCFG would make them later. */

/* Arms longer than this stay branches: inside a task, both arms of a fold would run on
 * every pass of a loop (SimplifyCFG bounds its speculation alike). */
enum { MAX_ARM_INSTRUCTIONS = 8 };

/* The block `arm` jumps to when it only computes speculatable values and is entered from
 * `from` alone; NULL otherwise. */
static LLVMBasicBlockRef pure_arm_target(LLVMBasicBlockRef from, LLVMBasicBlockRef arm) {
  LLVMValueRef terminator = LLVMGetBasicBlockTerminator(arm);
  if (!terminator || !LLVMIsABranchInst(terminator) || LLVMIsConditional(terminator) ||
      ckpt_llvm_predecessor_count(arm) != 1 || arm == from)
    return NULL;
  unsigned count = 0;
  for (LLVMValueRef inst = LLVMGetFirstInstruction(arm); inst != terminator;
       inst = LLVMGetNextInstruction(inst))
    if (LLVMIsAPHINode(inst) || !ckpt_llvm_is_speculatable(inst) || ++count > MAX_ARM_INSTRUCTIONS)
      return NULL;
  return LLVMGetSuccessor(terminator, 0);
}

/* The value `phi` takes when control comes from `block`. */
static LLVMValueRef incoming_from(LLVMValueRef phi, LLVMBasicBlockRef block) {
  for (unsigned i = 0; i < LLVMCountIncoming(phi); ++i)
    if (LLVMGetIncomingBlock(phi, i) == block)
      return LLVMGetIncomingValue(phi, i);
  return NULL;
}

/* Moves `arm`'s computations before `at`. */
static void hoist_arm(LLVMBuilderRef b, LLVMBasicBlockRef arm) {
  LLVMValueRef terminator = LLVMGetBasicBlockTerminator(arm);
  LLVMValueRef inst = LLVMGetFirstInstruction(arm);
  while (inst != terminator) {
    LLVMValueRef next = LLVMGetNextInstruction(inst);
    LLVMInstructionRemoveFromParent(inst);
    LLVMInsertIntoBuilder(b, inst);
    inst = next;
  }
}

/* Folds the branch ending `block` when it is an if-then or if-then-else of pure arms
 * joining right after; returns whether it did. */
static bool fold_pure_branch(LLVMValueRef function, LLVMBasicBlockRef block) {
  LLVMValueRef branch = LLVMGetBasicBlockTerminator(block);
  if (!branch || !LLVMIsABranchInst(branch) || !LLVMIsConditional(branch))
    return false;
  LLVMBasicBlockRef yes = LLVMGetSuccessor(branch, 0), no = LLVMGetSuccessor(branch, 1);
  if (yes == no)
    return false;
  LLVMBasicBlockRef yes_to = pure_arm_target(block, yes);
  LLVMBasicBlockRef no_to = pure_arm_target(block, no);
  /* Where the arms join, and the blocks control reaches it from for either condition. */
  LLVMBasicBlockRef join, from_yes, from_no;
  if (yes_to && yes_to == no_to) {
    join = yes_to, from_yes = yes, from_no = no;
  } else if (yes_to == no) {
    join = no, from_yes = yes, from_no = block;
  } else if (no_to == yes) {
    join = yes, from_yes = block, from_no = no;
  } else {
    return false;
  }
  if (join == block || ckpt_llvm_predecessor_count(join) != 2)
    return false;
  LLVMBuilderRef b =
      LLVMCreateBuilderInContext(LLVMGetModuleContext(LLVMGetGlobalParent(function)));
  LLVMPositionBuilderBefore(b, branch);
  if (from_yes != block)
    hoist_arm(b, from_yes);
  if (from_no != block)
    hoist_arm(b, from_no);
  LLVMValueRef condition = LLVMGetCondition(branch);
  LLVMValueRef phi = LLVMGetFirstInstruction(join);
  while (phi && LLVMIsAPHINode(phi)) {
    LLVMValueRef next = LLVMGetNextInstruction(phi);
    LLVMValueRef select = LLVMBuildSelect(b, condition, incoming_from(phi, from_yes),
                                          incoming_from(phi, from_no), "");
    LLVMReplaceAllUsesWith(phi, select);
    LLVMInstructionEraseFromParent(phi);
    phi = next;
  }
  LLVMInstructionEraseFromParent(branch);
  LLVMPositionBuilderAtEnd(b, block);
  LLVMBuildBr(b, join);
  LLVMDisposeBuilder(b);
  if (from_yes != block)
    LLVMDeleteBasicBlock(from_yes);
  if (from_no != block)
    LLVMDeleteBasicBlock(from_no);
  /* An enclosing ?: sees this arm as one block again. */
  ckpt_llvm_merge_into_predecessor(join);
  return true;
}

/* Nested ?: fold from the inside out: a block is tried again after a fold made its arm
 * pure. */
static void fold_pure_branches(LLVMValueRef function) {
  bool changed = true;
  while (changed) {
    changed = false;
    for (LLVMBasicBlockRef block = LLVMGetFirstBasicBlock(function); block;
         block = LLVMGetNextBasicBlock(block))
      while (fold_pure_branch(function, block))
        changed = true;
  }
}

/* Every marker call starts a block of its own and ends it. */
static void split_at_markers(ckpt_kernel_t *kernel) {
  ckpt_list_t markers = {0};
  for (LLVMBasicBlockRef block = LLVMGetFirstBasicBlock(kernel->function); block;
       block = LLVMGetNextBasicBlock(block))
    for (LLVMValueRef inst = LLVMGetFirstInstruction(block); inst;
         inst = LLVMGetNextInstruction(inst))
      if (ckpt_marker_of(inst) != CKPT_MARKER_NONE)
        ckpt_list_push(&markers, inst);
  for (size_t i = 0; i < markers.size; ++i)
    if (!ckpt_marker_call_ok(markers.items[i])) {
      LLVMValueRef callee = LLVMGetCalledValue(markers.items[i]);
      size_t length = 0;
      const char *name = LLVMGetValueName2(callee, &length);
      ckpt_kernel_error(kernel, markers.items[i],
                        "this call of @%.*s does not match its declaration in ckpt/graph.h "
                        "(docs/llvm-ir.md lists the markers' signatures)",
                        (int)length, name);
    }
  if (kernel->failed) {
    ckpt_list_free(&markers);
    return;
  }
  for (size_t i = 0; i < markers.size; ++i) {
    LLVMValueRef marker = markers.items[i];
    ckpt_marker_t kind = ckpt_marker_of(marker);
    if (kind == CKPT_MARKER_SHARE_BEGIN || kind == CKPT_MARKER_SHARE_END)
      continue; /* values inside a task, not structure */
    ckpt_llvm_split_before(marker);
    ckpt_llvm_split_before(LLVMGetNextInstruction(marker));
  }
  ckpt_list_free(&markers);
}

static LLVMValueRef marker_of_block(LLVMBasicBlockRef block) {
  LLVMValueRef first = LLVMGetFirstInstruction(block);
  if (!first)
    return NULL;
  ckpt_marker_t marker = ckpt_marker_of(first);
  return ckpt_marker_is_structural(marker) || marker == CKPT_MARKER_LAUNCH_NEXT ? first : NULL;
}

/* One segment: the blocks reachable from `start` without passing a marker block. */
typedef struct segment_t {
  ckpt_list_t blocks;
  ckpt_list_t next_markers; /* marker calls of the marker blocks it reaches */
  LLVMValueRef ret;         /* a return it reaches, or NULL */
  LLVMValueRef first_effect;
  LLVMValueRef first_share; /* a share marker (CKPT_PARALLEL_FOR's bounds), or NULL */
} segment_t;

static void walk_segment(LLVMBasicBlockRef start, segment_t *segment) {
  ckpt_list_push(&segment->blocks, start);
  for (size_t i = 0; i < segment->blocks.size; ++i) {
    LLVMBasicBlockRef block = segment->blocks.items[i];
    for (LLVMValueRef inst = LLVMGetFirstInstruction(block); inst;
         inst = LLVMGetNextInstruction(inst)) {
      if (!segment->first_effect && ckpt_llvm_has_effects(inst))
        segment->first_effect = inst;
      ckpt_marker_t marker = ckpt_marker_of(inst);
      if (!segment->first_share &&
          (marker == CKPT_MARKER_SHARE_BEGIN || marker == CKPT_MARKER_SHARE_END))
        segment->first_share = inst;
    }
    LLVMValueRef terminator = LLVMGetBasicBlockTerminator(block);
    if (terminator && LLVMIsAReturnInst(terminator) && !segment->ret)
      segment->ret = terminator;
    unsigned count = terminator ? LLVMGetNumSuccessors(terminator) : 0;
    for (unsigned s = 0; s < count; ++s) {
      LLVMBasicBlockRef next = LLVMGetSuccessor(terminator, s);
      LLVMValueRef marker = marker_of_block(next);
      if (marker) {
        if (!ckpt_list_contains(&segment->next_markers, marker))
          ckpt_list_push(&segment->next_markers, marker);
      } else if (!ckpt_list_contains(&segment->blocks, next)) {
        ckpt_list_push(&segment->blocks, next);
      }
    }
  }
}

/*--- the tree ------------------------------------------------------------------*/

typedef struct builder_t {
  ckpt_kernel_t *kernel;
  size_t *stack; /* open units: tasks, checkpoints, do-whiles (and implicit checkpoints) */
  size_t depth, capacity;
  int64_t next_cp_id;
  ckpt_list_t labelled; /* units of explicit checkpoints seen so far */
} builder_t;

static ckpt_unit_t *top(builder_t *b) {
  return b->depth ? &b->kernel->units[b->stack[b->depth - 1]] : NULL;
}

static bool in_task(builder_t *b) {
  return top(b) && top(b)->kind == CKPT_NODE_TASK;
}

static void open_unit(builder_t *b, size_t index) {
  if (b->depth == b->capacity) {
    b->capacity = b->capacity ? 2 * b->capacity : 16;
    b->stack = realloc(b->stack, b->capacity * sizeof *b->stack);
  }
  b->stack[b->depth++] = index;
}

/* The index of `value` among the kernel's parameters, or -1. */
static int64_t param_index(ckpt_kernel_t *kernel, LLVMValueRef value) {
  for (unsigned i = 0; i < kernel->param_count; ++i)
    if (LLVMGetParam(kernel->function, i) == value)
      return i;
  return -1;
}

static void describe_pointer_params(ckpt_kernel_t *kernel, char *out, size_t size) {
  size_t used = (size_t)snprintf(out, size, "the pointer parameters of @%s are:", kernel->name);
  bool any = false;
  for (unsigned i = 0; i < kernel->param_count && used < size; ++i) {
    LLVMValueRef param = LLVMGetParam(kernel->function, i);
    if (LLVMGetTypeKind(LLVMTypeOf(param)) != LLVMPointerTypeKind)
      continue;
    size_t length = 0;
    const char *name = LLVMGetValueName2(param, &length);
    used += (size_t)snprintf(out + used, size - used, " %u%s%.*s", i, length ? " (" : "",
                             (int)length, name);
    if (length && used < size)
      used += (size_t)snprintf(out + used, size - used, ")");
    any = true;
  }
  if (!any)
    snprintf(out, size, "@%s has no pointer parameter: add an int32_t * parameter", kernel->name);
}

/* The parameter a flag or condition operand names, or -1 after reporting. */
static int64_t flag_param(builder_t *b, LLVMValueRef marker, LLVMValueRef operand,
                          const char *what) {
  int64_t index = param_index(b->kernel, operand);
  if (index >= 0 && LLVMGetTypeKind(LLVMTypeOf(operand)) == LLVMPointerTypeKind) {
    b->kernel->param_is_flag[index] = true;
    return index;
  }
  char params[512];
  describe_pointer_params(b->kernel, params, sizeof params);
  ckpt_kernel_error(b->kernel, marker,
                    "%s must be a parameter of @%s of type int32_t * (memref<i32>), passed "
                    "as is; %s",
                    what, b->kernel->name, params);
  return -1;
}

static void placement_error(builder_t *b, LLVMValueRef marker, const char *what) {
  ckpt_unit_t *parent = top(b);
  char where[256];
  ckpt_describe_location(parent->marker, where, sizeof where);
  if (parent->kind == CKPT_NODE_CHECKPOINT && strcmp(what, "a checkpoint") == 0)
    ckpt_kernel_error(b->kernel, marker,
                      "checkpoints cannot nest: this checkpoint is inside the checkpoint%s; "
                      "move it to the kernel's top level or directly into a CKPT_DO_WHILE body",
                      where);
  else
    ckpt_kernel_error(b->kernel, marker,
                      "%s cannot sit inside %s%s: place it at the kernel's top level or "
                      "directly inside a CKPT_DO_WHILE body",
                      what, parent->kind == CKPT_NODE_TASK ? "a task" : "a checkpoint", where);
}

static void begin_checkpoint(builder_t *b, LLVMValueRef marker) {
  ckpt_kernel_t *kernel = b->kernel;
  if (!kernel->has_checkpoints) {
    ckpt_kernel_error(kernel, marker,
                      "a checkpoint is only allowed in a graph kernel that opted in to "
                      "checkpoints: add the `ckpt.checkpoints` attribute to @%s "
                      "(CKPT_GRAPH_KERNEL has it)",
                      kernel->name);
    return;
  }
  if (top(b) && top(b)->kind != CKPT_NODE_DO_WHILE) {
    placement_error(b, marker, "a checkpoint");
    return;
  }
  size_t index = push_unit(kernel, CKPT_NODE_CHECKPOINT, marker);
  ckpt_unit_t *unit = &kernel->units[index];
  unit->cp_id = b->next_cp_id++;
  unit->is_explicit = true;
  LLVMValueRef label = LLVMGetOperand(marker, 0);
  if (!LLVMIsAConstantInt(label)) {
    ckpt_kernel_error(kernel, marker,
                      "the label of a checkpoint must be an integer constant (it names the "
                      "checkpoint to the host)");
  } else {
    unit->label = LLVMConstIntGetSExtValue(label);
    for (size_t i = 0; i < b->labelled.size; ++i) {
      ckpt_unit_t *other = &kernel->units[(size_t)b->labelled.items[i]];
      if (other->label != unit->label)
        continue;
      char where[256];
      ckpt_describe_location(other->marker, where, sizeof where);
      ckpt_kernel_error(kernel, marker,
                        "checkpoint label %lld is already used by the checkpoint%s; labels "
                        "must be unique in a kernel: pick another label",
                        (long long)unit->label, where[0] ? where : " before it");
      break;
    }
    ckpt_list_push(&b->labelled, (void *)index);
  }
  LLVMValueRef name = LLVMGetOperand(marker, 1);
  if (!LLVMIsNull(name)) {
    LLVMValueRef global = LLVMIsAGlobalVariable(name);
    LLVMValueRef init = global && LLVMIsGlobalConstant(global) ? LLVMGetInitializer(global) : NULL;
    if (init && LLVMIsAConstantDataSequential(init) && LLVMIsConstantString(init)) {
      unit->name = LLVMGetAsString(init, &unit->name_length);
      if (unit->name_length > 0 && unit->name[unit->name_length - 1] == 0)
        --unit->name_length;
    } else if (init && LLVMIsAConstantAggregateZero(init) &&
               LLVMGetTypeKind(LLVMTypeOf(init)) == LLVMArrayTypeKind) {
      unit->name = ""; /* "" is all zeros: clang emits it as zeroinitializer */
      unit->name_length = 0;
    } else {
      ckpt_kernel_error(kernel, marker,
                        "the name of a checkpoint must be a string literal or NULL");
    }
  }
  unit->param = flag_param(b, marker, LLVMGetOperand(marker, 2), "the `yield_on` flag");
  open_unit(b, index);
}

static void begin_task(builder_t *b, LLVMValueRef marker) {
  ckpt_kernel_t *kernel = b->kernel;
  if (in_task(b)) {
    char where[256];
    ckpt_describe_location(top(b)->marker, where, sizeof where);
    ckpt_kernel_error(kernel, marker,
                      "a task cannot sit inside another task%s: end that task first", where);
    return;
  }
  /* Auto-wrap: a task outside any checkpoint is a checkpoint of its own. */
  if (kernel->has_checkpoints && (!top(b) || top(b)->kind == CKPT_NODE_DO_WHILE)) {
    size_t implicit = push_unit(kernel, CKPT_NODE_CHECKPOINT, NULL);
    kernel->units[implicit].cp_id = b->next_cp_id++;
    open_unit(b, implicit);
  }
  open_unit(b, push_unit(kernel, CKPT_NODE_TASK, marker));
}

static void begin_do_while(builder_t *b, LLVMValueRef marker) {
  if (top(b) && top(b)->kind != CKPT_NODE_DO_WHILE) {
    placement_error(b, marker, "a do-while");
    return;
  }
  size_t index = push_unit(b->kernel, CKPT_NODE_DO_WHILE, marker);
  b->kernel->units[index].param =
      flag_param(b, marker, LLVMGetOperand(marker, 0), "the condition of a do-while");
  open_unit(b, index);
}

static void end_unit(builder_t *b, LLVMValueRef marker, ckpt_node_kind_t kind,
                     const char *what) {
  if (!top(b) || top(b)->kind != kind || (kind == CKPT_NODE_CHECKPOINT && !top(b)->marker)) {
    ckpt_kernel_error(b->kernel, marker,
                      "the end of %s has no matching begin: every begin marker needs its end "
                      "marker, properly nested",
                      what);
    return;
  }
  close_unit(b->kernel, b->stack[--b->depth]);
  /* The implicit checkpoint around a task ends with it. */
  if (kind == CKPT_NODE_TASK && top(b) && top(b)->kind == CKPT_NODE_CHECKPOINT && !top(b)->marker)
    close_unit(b->kernel, b->stack[--b->depth]);
}

static void add_marker(builder_t *b, LLVMValueRef marker) {
  switch (ckpt_marker_of(marker)) {
  case CKPT_MARKER_TASK_BEGIN: begin_task(b, marker); break;
  case CKPT_MARKER_TASK_END: end_unit(b, marker, CKPT_NODE_TASK, "a task"); break;
  case CKPT_MARKER_CHECKPOINT_BEGIN:
    if (in_task(b))
      placement_error(b, marker, "a checkpoint");
    else
      begin_checkpoint(b, marker);
    break;
  case CKPT_MARKER_CHECKPOINT_END:
    end_unit(b, marker, CKPT_NODE_CHECKPOINT, "a checkpoint");
    break;
  case CKPT_MARKER_DO_WHILE_BEGIN: begin_do_while(b, marker); break;
  case CKPT_MARKER_DO_WHILE_END:
    end_unit(b, marker, CKPT_NODE_DO_WHILE, "a do-while");
    break;
  case CKPT_MARKER_LAUNCH_NEXT:
    ckpt_kernel_error(b->kernel, marker,
                      "graph kernel @%s launches a graph kernel from inside itself; graph "
                      "kernels cannot nest: launch it from host code, before or after @%s",
                      b->kernel->name, b->kernel->name);
    break;
  default: break;
  }
}

/* A segment's code becomes the open task's body, a bare run, or stays (pure). */
static void add_segment(builder_t *b, segment_t *segment) {
  ckpt_kernel_t *kernel = b->kernel;
  if (in_task(b)) {
    top(b)->split = segment->first_share != NULL;
    top(b)->blocks = segment->blocks;
    segment->blocks = (ckpt_list_t){0};
    return;
  }
  if (segment->first_share) {
    ckpt_kernel_error(kernel, segment->first_share,
                      "the bounds of a parallel loop (CKPT_PARALLEL_FOR's share markers) are "
                      "only allowed inside a task");
    return;
  }
  if (!segment->first_effect)
    return;
  if (top(b) && top(b)->kind == CKPT_NODE_CHECKPOINT) {
    ckpt_kernel_error(kernel, segment->first_effect,
                      "a bare statement: a checkpoint body holds only tasks and pure "
                      "computations; wrap the statement in a task: CKPT_TASK(...);");
    return;
  }
  size_t index = push_unit(kernel, CKPT_NODE_BARE, segment->first_effect);
  kernel->units[index].blocks = segment->blocks;
  segment->blocks = (ckpt_list_t){0};
}

static void control_flow_error(ckpt_kernel_t *kernel, LLVMValueRef at) {
  ckpt_kernel_error(kernel, at,
                    "graph kernel @%s must be a sequence of tasks, checkpoints and do-whiles: "
                    "this marker is under control flow (an if, a loop, an early return, or "
                    "a break, continue, goto or return that leaves a task before its end); "
                    "move the control flow into a task, and use CKPT_DO_WHILE for loops",
                    kernel->name);
}

bool ckpt_build_units(ckpt_kernel_t *kernel) {
  fold_pure_branches(kernel->function);
  split_at_markers(kernel);
  if (kernel->failed)
    return false;
  builder_t b = {.kernel = kernel};
  ckpt_list_t visited = {0};
  LLVMBasicBlockRef start = LLVMGetEntryBasicBlock(kernel->function);
  while (start && !kernel->failed) {
    segment_t segment = {0};
    walk_segment(start, &segment);
    LLVMValueRef next = NULL;
    if (segment.next_markers.size > 1 || (segment.next_markers.size == 1 && segment.ret)) {
      control_flow_error(kernel, segment.next_markers.items[segment.next_markers.size - 1]);
    } else if (segment.next_markers.size == 1) {
      next = segment.next_markers.items[0];
      if (ckpt_list_contains(&visited, next)) {
        control_flow_error(kernel, next);
        next = NULL;
      }
    }
    if (!kernel->failed)
      add_segment(&b, &segment);
    ckpt_list_free(&segment.blocks);
    ckpt_list_free(&segment.next_markers);
    if (!next)
      break;
    ckpt_list_push(&visited, next);
    add_marker(&b, next);
    start = LLVMGetSuccessor(LLVMGetBasicBlockTerminator(LLVMGetInstructionParent(next)), 0);
  }
  /* Markers the walk never reached sit in loops or branches. */
  for (LLVMBasicBlockRef block = LLVMGetFirstBasicBlock(kernel->function);
       block && !kernel->failed; block = LLVMGetNextBasicBlock(block)) {
    LLVMValueRef marker = marker_of_block(block);
    if (marker && !ckpt_list_contains(&visited, marker))
      control_flow_error(kernel, marker);
  }
  if (!kernel->failed && b.depth > 0)
    ckpt_kernel_error(kernel, top(&b)->marker,
                      "this begin marker has no end marker before the end of @%s",
                      kernel->name);
  ckpt_list_free(&visited);
  ckpt_list_free(&b.labelled);
  free(b.stack);
  return !kernel->failed;
}
