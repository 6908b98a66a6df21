/* libFuzzer target: launch and resume sequences against one valid plan on the CPU target.
 * The input is a list of steps: launches, resumes from chosen or arbitrary labels, flag
 * writes by the host, task scripts (which flag a task writes, with what value, on which
 * visit), and damaged arguments for the next call (NULL array or pointer, NULL or
 * misaligned aligned pointer, non-zero offsets, zero or garbage sizes and strides, the
 * C ABI entry point ckpt_mlir_launch). Each call is checked against a reference walk of
 * the same plan written from docs/semantics.md, run first on a copy of the memory: the
 * tasks run, the outcome and the memory afterwards must be the same.
 *
 *   bare 0; L10 "first" {1} (flag a)
 *   do-while outer { bare 2; [3]; L20 "grow" {4 5} (flag a);
 *                    do-while inner { L30 {6} (flag b); bare 7 }; [8] }
 *   L40 "last" {9} (flag b); bare 10 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../runtime/plan_builder.h"
#include "ckpt/ckpt.h"
#include "ckpt/mlir_abi.h"
#include "fuzz_input.h"

enum { PARAM_WORLD, PARAM_FLAG_A, PARAM_FLAG_B, PARAM_OUTER, PARAM_INNER, PARAM_SCALAR, PARAMS };
enum { FN_COUNT = 11, CELL_BYTES = 24, MAX_LOG = 256, MAX_STEPS = 64 };
/* After this many tasks in one launch the loop conditions are forced to 0 and no task may
 * set them again, so every launch ends. */
#define LOOP_BUDGET 96

static const int64_t labels[] = {10, 20, 30, 40};

#define CHECK(condition, ...)                                                             \
  do {                                                                                    \
    if (!(condition)) {                                                                   \
      fprintf(stderr, "fuzz_launch: %s:%d: check failed: %s\n  ", __FILE__, __LINE__, \
              #condition);                                                                \
      fprintf(stderr, __VA_ARGS__);                                                       \
      fputc('\n', stderr);                                                                \
      abort();                                                                            \
    }                                                                                     \
  } while (0)

/* What one task does when it runs: on every `period`-th visit it writes `value` to the
 * flag parameter `param`. */
typedef struct task_action_t {
  int param;
  int32_t value;
  int period;
} task_action_t;

/* The memory a launch sees: each flag parameter is an i32 somewhere in its own cell, at
 * byte `misalign` plus `offset` elements from the cell's start. */
typedef struct memory_t {
  unsigned char cells[PARAMS][CELL_BYTES];
  int64_t scalar;
  int visits[FN_COUNT];
  int log[MAX_LOG];
  int log_size;
} memory_t;

/* How the next call's arguments are laid out and damaged. */
typedef struct layout_t {
  int misalign[PARAMS];
  int64_t offset[PARAMS];
  bool null_args;
  int null_pointer;      /* parameter whose args[] entry is NULL, or -1 */
  int null_aligned;      /* flag parameter whose aligned pointer is NULL, or -1 */
  int64_t sizes_value;   /* written to every size and stride */
} layout_t;

typedef struct descriptor_t {
  void *allocated, *aligned;
  int64_t offset, size, stride;
} descriptor_t;

typedef struct call_args_t {
  descriptor_t descriptors[PARAMS];
  void *pointers[PARAMS];
  void **args;
} call_args_t;

static task_action_t actions[FN_COUNT];
static memory_t *running; /* the memory the dispatched tasks write */

/* Bytes, not int32_t: a misaligned flag is read and written as memcpy does, without a
 * pointer type that promises alignment. */
static unsigned char *flag_at(const descriptor_t *descriptor) {
  return (unsigned char *)descriptor->aligned + descriptor->offset * 4;
}

static int32_t read_flag(const descriptor_t *descriptor) {
  int32_t value;
  memcpy(&value, flag_at(descriptor), sizeof(value));
  return value;
}

static void write_flag(const descriptor_t *descriptor, int32_t value) {
  memcpy(flag_at(descriptor), &value, sizeof(value));
}

static void script_dispatch(int64_t fn, void **args, void *recorder) {
  CHECK(recorder == NULL && fn >= 0 && fn < FN_COUNT, "dispatch(%lld)", (long long)fn);
  CHECK(running->log_size < MAX_LOG, "a launch ran more than %d tasks", MAX_LOG);
  running->log[running->log_size++] = (int)fn;
  int visit = ++running->visits[fn];
  const task_action_t *action = &actions[fn];
  bool loop_param = action->param == PARAM_OUTER || action->param == PARAM_INNER;
  if (action->period > 0 && visit % action->period == 0 &&
      !(loop_param && running->log_size >= LOOP_BUDGET)) {
    write_flag(args[action->param], action->value);
  }
  if (running->log_size >= LOOP_BUDGET) {
    write_flag(args[PARAM_OUTER], 0);
    write_flag(args[PARAM_INNER], 0);
  }
}

static plan_builder_t builder;

static const ckpt_plan_t *build_plan(void) {
  plan_builder_t *b = &builder;
  plan_builder_init(b, "fuzzed", script_dispatch);
  plan_builder_param(b, CKPT_PARAM_MEMREF, 1, 32, CKPT_ELEM_INT);
  for (int flag = PARAM_FLAG_A; flag <= PARAM_INNER; ++flag) plan_builder_flag(b);
  plan_builder_param(b, CKPT_PARAM_SCALAR, 0, 64, CKPT_ELEM_INT);
  plan_builder_bare(b, 0);
  plan_builder_checkpoint(b, labels[0], "first", PARAM_FLAG_A);
  plan_builder_task(b, 1);
  plan_builder_close(b);
  plan_builder_do_while(b, PARAM_OUTER);
  plan_builder_bare(b, 2);
  plan_builder_wrapped_task(b, 3);
  plan_builder_checkpoint(b, labels[1], "grow", PARAM_FLAG_A);
  plan_builder_task(b, 4);
  plan_builder_task(b, 5);
  plan_builder_close(b);
  plan_builder_do_while(b, PARAM_INNER);
  plan_builder_checkpoint(b, labels[2], NULL, PARAM_FLAG_B);
  plan_builder_task(b, 6);
  plan_builder_close(b);
  plan_builder_bare(b, 7);
  plan_builder_close(b);
  plan_builder_wrapped_task(b, 8);
  plan_builder_close(b);
  plan_builder_checkpoint(b, labels[3], "last", PARAM_FLAG_B);
  plan_builder_task(b, 9);
  plan_builder_close(b);
  plan_builder_bare(b, 10);
  return plan_builder_finish(b);
}

static void make_args(memory_t *memory, const layout_t *layout, call_args_t *out) {
  for (int i = 0; i < PARAMS; ++i) {
    descriptor_t *descriptor = &out->descriptors[i];
    unsigned char *cell = memory->cells[i] + layout->misalign[i];
    *descriptor = (descriptor_t){cell, cell, layout->offset[i], layout->sizes_value,
                                 layout->sizes_value};
    if (i == layout->null_aligned) descriptor->aligned = NULL;
    out->pointers[i] = descriptor;
  }
  out->pointers[PARAM_SCALAR] = &memory->scalar;
  if (layout->null_pointer >= 0) out->pointers[layout->null_pointer] = NULL;
  out->args = layout->null_args ? NULL : out->pointers;
}

/*--- the reference: docs/semantics.md, "Launch, yield, resume" ------------------------*/

typedef struct reference_t {
  const ckpt_plan_t *plan;
  void **args;
  int64_t resume_cp; /* -1 once nothing is skipped any more */
  int64_t yield_node;
} reference_t;

static const int64_t *row_of(const ckpt_plan_t *plan, int64_t index) {
  return plan->nodes + index * CKPT_NODE_FIELDS;
}

/* Whether cp_id `cp` lies in the subtree of node `index`. */
static bool subtree_holds(const ckpt_plan_t *plan, int64_t index, int64_t cp) {
  for (int64_t i = index; i < row_of(plan, index)[CKPT_NODE_END]; ++i) {
    if (row_of(plan, i)[CKPT_NODE_KIND] == CKPT_NODE_CHECKPOINT &&
        row_of(plan, i)[CKPT_NODE_CP_ID] == cp)
      return true;
  }
  return false;
}

/* Runs the sibling nodes in [begin, end); returns true when the launch yielded. */
static bool reference_sequence(reference_t *ref, int64_t begin, int64_t end) {
  for (int64_t index = begin; index < end; index = row_of(ref->plan, index)[CKPT_NODE_END]) {
    const int64_t *row = row_of(ref->plan, index);
    switch (row[CKPT_NODE_KIND]) {
      case CKPT_NODE_TASK:
      case CKPT_NODE_BARE:
        if (ref->resume_cp < 0) script_dispatch(row[CKPT_NODE_FN], ref->args, NULL);
        break;
      case CKPT_NODE_CHECKPOINT:
        if (ref->resume_cp >= 0 && row[CKPT_NODE_CP_ID] != ref->resume_cp) break;
        ref->resume_cp = -1;
        for (int64_t task = index + 1; task < row[CKPT_NODE_END]; ++task)
          script_dispatch(row_of(ref->plan, task)[CKPT_NODE_FN], ref->args, NULL);
        if (row[CKPT_NODE_PARAM] >= 0 && read_flag(ref->args[row[CKPT_NODE_PARAM]]) != 0) {
          ref->yield_node = index;
          return true;
        }
        break;
      case CKPT_NODE_DO_WHILE:
        if (ref->resume_cp >= 0 && !subtree_holds(ref->plan, index, ref->resume_cp)) break;
        do {
          if (reference_sequence(ref, index + 1, row[CKPT_NODE_END])) return true;
        } while (read_flag(ref->args[row[CKPT_NODE_PARAM]]) != 0);
        break;
    }
  }
  return false;
}

/*--- the steps ---------------------------------------------------------------------*/

typedef struct session_t {
  ckpt_context_t *context;
  ckpt_kernel_t *kernel;
  const ckpt_plan_t *plan;
  memory_t memory;
  layout_t layout;
  void *abi_context; /* ckpt_mlir_launch's slots */
  void *abi_kernel;
} session_t;

static void reset_layout(layout_t *layout) {
  memset(layout, 0, sizeof(*layout));
  layout->null_pointer = -1;
  layout->null_aligned = -1;
  layout->sizes_value = 1;
}

static int64_t cp_of_label(const ckpt_plan_t *plan, int64_t label) {
  for (int64_t i = 0; i < plan->node_count; ++i) {
    const int64_t *row = row_of(plan, i);
    if (row[CKPT_NODE_KIND] == CKPT_NODE_CHECKPOINT && row[CKPT_NODE_PARAM] >= 0 &&
        row[CKPT_NODE_LABEL] == label)
      return row[CKPT_NODE_CP_ID];
  }
  return -1;
}

/* One launch (resume_label < 0 with !resume) or resume, checked against the reference. */
static void step_call(session_t *session, bool resume, int64_t label, bool through_abi) {
  const layout_t *layout = &session->layout;
  bool args_valid = !layout->null_args && layout->null_pointer < 0 && layout->null_aligned < 0;
  int64_t resume_cp = resume ? cp_of_label(session->plan, label) : -1;
  bool expect_ok = args_valid && (!resume || resume_cp >= 0);

  memory_t expected = session->memory;
  expected.log_size = 0;
  call_args_t expected_args;
  make_args(&expected, layout, &expected_args);
  reference_t ref = {session->plan, expected_args.args, resume_cp, -1};
  if (expect_ok) {
    running = &expected;
    reference_sequence(&ref, 0, session->plan->node_count);
  }

  session->memory.log_size = 0;
  call_args_t actual_args;
  make_args(&session->memory, layout, &actual_args);
  running = &session->memory;
  ckpt_outcome_t outcome = {0};
  bool ok;
  const char *error = "";
  if (through_abi) {
    ckpt_mlir_status_t status;
    ckpt_mlir_launch(&session->abi_context, &session->abi_kernel, session->plan,
                     CKPT_TARGET_CPU, actual_args.args, resume, label, &status);
    ok = status.ok == 1;
    outcome = (ckpt_outcome_t){status.yielded == 1, status.label, status.name, status.cp_id};
  } else {
    ckpt_status_code_t code =
        resume ? ckpt_kernel_resume(session->kernel, label, actual_args.args, &outcome)
               : ckpt_kernel_launch(session->kernel, actual_args.args, &outcome);
    ok = code == CKPT_OK;
    error = ckpt_context_last_error(session->context);
    if (!ok) {
      ckpt_status_code_t wanted =
          !args_valid ? CKPT_ERROR_INVALID_ARGUMENT : CKPT_ERROR_UNKNOWN_LABEL;
      CHECK(code == wanted, "%s gave %s, expected %s: %s", resume ? "resume" : "launch",
            ckpt_status_name(code), ckpt_status_name(wanted), error);
    }
  }
  CHECK(ok == expect_ok, "%s%s from label %lld: ok %d, expected %d: %s",
        through_abi ? "ckpt_mlir_launch " : "", resume ? "resume" : "launch", (long long)label,
        ok, expect_ok, error);
  if (!ok) {
    CHECK(session->memory.log_size == 0, "a failed call ran %d tasks", session->memory.log_size);
    return;
  }
  const int64_t *yield_row = ref.yield_node >= 0 ? row_of(session->plan, ref.yield_node) : NULL;
  CHECK(outcome.yielded == (yield_row != NULL), "yielded %d, expected %d", outcome.yielded,
        yield_row != NULL);
  if (yield_row) {
    CHECK(
        outcome.label == yield_row[CKPT_NODE_LABEL] && outcome.cp_id == yield_row[CKPT_NODE_CP_ID],
        "yielded at label %lld (cp %lld), expected label %lld", (long long)outcome.label,
        (long long)outcome.cp_id, (long long)yield_row[CKPT_NODE_LABEL]);
    const char *name =
        yield_row[CKPT_NODE_NAME] < 0 ? NULL : builder.strings + yield_row[CKPT_NODE_NAME];
    CHECK(outcome.name == name, "yielded with name %s", outcome.name ? outcome.name : "(none)");
  }
  CHECK(session->memory.log_size == expected.log_size &&
            memcmp(session->memory.log, expected.log, sizeof(int) * (size_t)expected.log_size) == 0,
        "ran %d tasks, the reference %d (or in another order)", session->memory.log_size,
        expected.log_size);
  CHECK(memcmp(&session->memory, &expected, sizeof(expected)) == 0,
        "memory differs from the reference");
}

static int64_t pick_label(fuzz_input_t *input) {
  uint8_t choice = fuzz_byte(input);
  return choice < 224 ? labels[choice % 4] : fuzz_int(input);
}

static void step_damage(fuzz_input_t *input, layout_t *layout) {
  uint8_t what = fuzz_byte(input);
  int param = fuzz_byte(input) % PARAMS;
  switch (what % 7) {
    case 0: layout->null_args = true; break;
    case 1: layout->null_pointer = param; break;
    case 2: if (param >= PARAM_FLAG_A && param <= PARAM_INNER) layout->null_aligned = param; break;
    case 3: layout->misalign[param] = fuzz_byte(input) % 4; break;
    case 4: layout->offset[param] = fuzz_byte(input) % 4; break;
    case 5: layout->sizes_value = fuzz_int(input); break;
    case 6: reset_layout(layout); break;
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz_input_t input = {data, size, 0};
  static session_t session;
  memset(&session, 0, sizeof(session));
  memset(actions, 0, sizeof(actions));
  session.plan = build_plan();
  ckpt_status_code_t code = ckpt_context_create(CKPT_TARGET_CPU, &session.context);
  CHECK(code == CKPT_OK, "no CPU context");
  ckpt_context_set_trace(session.context, false);
  code = ckpt_kernel_create(session.context, session.plan, &session.kernel);
  CHECK(code == CKPT_OK, "the plan is rejected: %s", ckpt_context_last_error(session.context));
  reset_layout(&session.layout);

  for (int step = 0; step < MAX_STEPS && !fuzz_exhausted(&input); ++step) {
    uint8_t kind = fuzz_byte(&input);
    switch (kind % 8) {
      case 0: step_call(&session, false, -1, false); reset_layout(&session.layout); break;
      case 1:
        step_call(&session, true, pick_label(&input), false);
        reset_layout(&session.layout);
        break;
      case 2: {
        int param = PARAM_FLAG_A + fuzz_byte(&input) % 4;
        call_args_t args;
        make_args(&session.memory, &session.layout, &args);
        int32_t value = (int32_t)fuzz_int(&input);
        if (args.descriptors[param].aligned) write_flag(&args.descriptors[param], value);
        break;
      }
      case 3: step_damage(&input, &session.layout); break;
      case 4: {
        task_action_t *action = &actions[fuzz_byte(&input) % FN_COUNT];
        action->param = PARAM_FLAG_A + fuzz_byte(&input) % 4;
        action->value = (int32_t)fuzz_int(&input);
        action->period = fuzz_byte(&input) % 4;
        break;
      }
      case 5: session.memory.scalar = fuzz_int(&input); break;
      case 6: {
        bool resume = fuzz_byte(&input) % 2;
        step_call(&session, resume, resume ? pick_label(&input) : -1, true);
        reset_layout(&session.layout);
        break;
      }
      case 7:
        ckpt_kernel_destroy(session.kernel);
        code = ckpt_kernel_create(session.context, session.plan, &session.kernel);
        CHECK(code == CKPT_OK, "the plan is rejected the second time");
        break;
    }
  }
  ckpt_mlir_release(&session.abi_context);
  ckpt_context_destroy(session.context);
  return 0;
}
