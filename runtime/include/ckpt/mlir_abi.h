/* The entry points that code lowered from `ckpt.launch` calls.
 *
 * Each compiled module owns two kinds of slots, zero-initialised globals that the
 * lowering emits: one context slot per module and one kernel slot per graph kernel. The
 * runtime fills them on first use, so the library itself holds no global state, and a
 * module's kernels are prepared (validated, graphs built) once, not per launch. */
#ifndef CKPT_MLIR_ABI_H
#define CKPT_MLIR_ABI_H

#include <stdint.h>

#include "ckpt/plan.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The value of a `!ckpt.status` in lowered code. Every field is 8 bytes wide so the
 * compiler can address it as a plain LLVM struct. */
typedef struct ckpt_mlir_status_t {
  int64_t ok;        /* 1 if the launch ran (yielded or not); 0 if it failed */
  int64_t yielded;   /* 1 if it yielded */
  int64_t label;     /* the yielding checkpoint's label; -1 if none */
  const char *name;  /* its name, or NULL */
  int64_t cp_id;     /* its cp_id; -1 if none */
} ckpt_mlir_status_t;

/* Launches the kernel described by `plan` (creating the module's context for `target`
 * and the kernel on first use). `has_resume` != 0 resumes from `resume_label`.
 * `out_status` may be NULL (a plain call of the graph kernel). Never aborts: a failure
 * sets ok = 0 and prints the runtime's message to stderr. Several threads may call it
 * with the same slots at once, first use included: the slots are filled once, and the
 * launches of one module run one at a time (docs/runtime-api.md, "Threads"). */
void ckpt_mlir_launch(void **context_slot, void **kernel_slot, const ckpt_plan_t *plan,
                      int64_t target, void **args, int64_t has_resume, int64_t resume_label,
                      ckpt_mlir_status_t *out_status);

/* Prints `status` as one line on stdout, for `ckpt.status_print`:
 * `ckpt.status ok=1 yielded=1 label=0 name="SIM"`, without ` name=...` when the
 * checkpoint has no name. Flushes stdout, so the line keeps its place among the
 * program's other output. */
void ckpt_mlir_status_print(const ckpt_mlir_status_t *status);

/* Destroys the module's context (and its kernels) and clears the slot. No launch of the
 * module may be running. */
void ckpt_mlir_release(void **context_slot);

/*--- device targets ---------------------------------------------------------
 * A device plan's dispatch function does not run a task: its host code computes the
 * launch configuration of the task's kernel and records it. The runtime calls dispatch
 * for every task when it (re)builds its graph or command buffer and compares the records
 * on later launches, so only what changed is updated. */

/* Records one kernel launch of the task being dispatched: kernel `kernel` (a
 * NUL-terminated name) of plan image `image`, grid and block sizes, dynamic shared
 * memory, and `operand_count` operands. operands[i] points at operand i's storage as
 * for kernel parameters (a memref descriptor or a scalar) and
 * operand_fields[i * CKPT_PARAM_FIELDS ...] describes it like a plan parameter. Memref
 * operands that point into host memory the runtime mirrors on the device are passed as
 * the device copy. Errors are kept by the recorder and reported by the launch. */
void ckpt_mlir_record_launch(void *recorder, int64_t image, const char *kernel, int64_t grid_x,
                             int64_t grid_y, int64_t grid_z, int64_t block_x, int64_t block_y,
                             int64_t block_z, int64_t shared_bytes, int64_t operand_count,
                             void **operands, const int64_t *operand_fields);

/* Writes the memref<4xi32> descriptor of the launch's device gating state
 * ([resume_cp, yielded, yield_cp, loop_budget]; resume_cp -1 when not resuming) into
 * *out_descriptor. Task kernels read it in their prologue. */
void ckpt_mlir_device_state(void *recorder, void *out_descriptor);

#ifdef __cplusplus
}
#endif

#endif /* CKPT_MLIR_ABI_H */
