/* ckpt for C: graph kernels, tasks, checkpoints and do-whiles written in C, compiled by
 * clang with the ckpt LLVM pass plugin (libCkptLLVMPlugin.so), run by the ckpt runtime.
 *
 *   clang-22 -O2 -fpass-plugin=libCkptLLVMPlugin.so prog.c -lckpt_runtime
 *
 * A graph kernel is a function marked CKPT_GRAPH_KERNEL whose body is a sequence of
 * CKPT_TASK, CKPT_PARALLEL_FOR, CKPT_CHECKPOINT and CKPT_DO_WHILE statements (plus plain C
 * between them: pure computations, and bare statements such as `*p = 0;`). The macros
 * expand to calls of marker functions that the plugin recognises and removes; the rules
 * they must follow are those of docs/semantics.md, and docs/c-users.md shows them by
 * example.
 *
 * Without the plugin nothing is rewritten, and the link fails on an undefined symbol
 * whose name says what is missing: `__ckpt_libCkptLLVMPlugin_task_begin` and friends are
 * defined nowhere, so a program built without the plugin never runs.
 *
 * Parameters of a graph kernel: pointers (the memory its tasks read and write; a yield
 * flag or do-while condition is an `int32_t *`) and integer or floating-point scalars.
 * A graph kernel returns void. Calling it directly is a fresh launch on the CPU target;
 * CKPT_LAUNCH and CKPT_RESUME give the launch's status and resume from a label. */
#ifndef CKPT_GRAPH_H
#define CKPT_GRAPH_H

#include <stddef.h> /* NULL, for an unnamed checkpoint */
#include <stdint.h>

#include "ckpt/mlir_abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The status of one launch: ok, yielded, label (-1 if none), name (NULL if none), cp_id.
 * ckpt_mlir_status_print() prints it as one line. */
typedef ckpt_mlir_status_t ckpt_launch_status_t;

/* The markers. Declared here, defined nowhere: the plugin replaces every call. They never
 * throw, so C++ calls them with plain calls (no invoke) wherever objects are alive. */
#define CKPT_GRAPH_MARKER_ __attribute__((nothrow))
CKPT_GRAPH_MARKER_ void __ckpt_libCkptLLVMPlugin_task_begin(void);
CKPT_GRAPH_MARKER_ void __ckpt_libCkptLLVMPlugin_task_end(void);
CKPT_GRAPH_MARKER_ void __ckpt_libCkptLLVMPlugin_checkpoint_begin(int64_t label, const char *name,
                                                                  int32_t *yield_on);
CKPT_GRAPH_MARKER_ void __ckpt_libCkptLLVMPlugin_checkpoint_end(void);
CKPT_GRAPH_MARKER_ void __ckpt_libCkptLLVMPlugin_do_while_begin(int32_t *cond);
CKPT_GRAPH_MARKER_ void __ckpt_libCkptLLVMPlugin_do_while_end(void);
CKPT_GRAPH_MARKER_ int64_t __ckpt_libCkptLLVMPlugin_share_begin(int64_t count);
CKPT_GRAPH_MARKER_ int64_t __ckpt_libCkptLLVMPlugin_share_end(int64_t count);
CKPT_GRAPH_MARKER_ void __ckpt_libCkptLLVMPlugin_launch_next(ckpt_launch_status_t *status,
                                                             int64_t has_resume,
                                                             int64_t resume_label);
CKPT_GRAPH_MARKER_ void __ckpt_libCkptLLVMPlugin_launch_end(void);

#ifdef __cplusplus
}
#endif

/* Marks a function definition as a graph kernel that may hold checkpoints. noinline: the
 * kernel must reach the plugin as a function of its own. */
#define CKPT_GRAPH_KERNEL \
  __attribute__((annotate("ckpt.graph"), annotate("ckpt.checkpoints"), noinline))

/* One task: the statements run as one unit of work (one CPU task). They may use the
 * kernel's parameters and values computed before the task from parameters and constants;
 * they talk to other tasks through memory only. */
#define CKPT_TASK(...)                     \
  do {                                     \
    __ckpt_libCkptLLVMPlugin_task_begin(); \
    {__VA_ARGS__;}                         \
    __ckpt_libCkptLLVMPlugin_task_end();   \
  } while (0)

/* A parallel task: runs the statements for every `index` in [0, count), an int64_t
 * declared by the macro. The iterations may run concurrently, on several threads (the
 * runtime cuts the range into contiguous shares), so they must not depend on each other:
 * each writes memory no other iteration reads or writes. */
#define CKPT_PARALLEL_FOR(index, count, ...)                                                 \
  CKPT_TASK(const int64_t ckpt_count_ = (count);                                           \
            for (int64_t index = __ckpt_libCkptLLVMPlugin_share_begin(ckpt_count_),        \
                         ckpt_end_ = __ckpt_libCkptLLVMPlugin_share_end(ckpt_count_);      \
                 index < ckpt_end_; ++index) {__VA_ARGS__;})

/* An explicit checkpoint: `label` an integer constant unique in the kernel, `name` a
 * string literal or NULL, `yield_on` an `int32_t *` parameter of the kernel. The body
 * holds CKPT_TASKs (and pure computations) only. After its last task the flag is read;
 * non-zero makes the launch yield here. */
#define CKPT_CHECKPOINT(label, name, yield_on, ...)                         \
  do {                                                                      \
    __ckpt_libCkptLLVMPlugin_checkpoint_begin((label), (name), (yield_on)); \
    {__VA_ARGS__;}                                                          \
    __ckpt_libCkptLLVMPlugin_checkpoint_end();                              \
  } while (0)

/* A device-side do-while: runs the body, then again while *cond (an `int32_t *`
 * parameter of the kernel) is non-zero. The C code itself holds no loop: the runtime
 * repeats the body. */
#define CKPT_DO_WHILE(cond, ...)                        \
  do {                                                  \
    __ckpt_libCkptLLVMPlugin_do_while_begin((cond));    \
    {__VA_ARGS__;}                                      \
    __ckpt_libCkptLLVMPlugin_do_while_end();            \
  } while (0)

/* Host side: `kernel_call` is a call of a graph kernel, e.g. `step(x, flag)`; its
 * arguments may be any expressions (calls included). CKPT_LAUNCH makes it a fresh launch
 * that writes its status to *status; CKPT_RESUME resumes at the checkpoint labelled
 * `label`. The markers around the call tell the plugin which call is launched: the last
 * one before launch_end. */
#define CKPT_LAUNCH(status, kernel_call)                                                           \
  (__ckpt_libCkptLLVMPlugin_launch_next((status), 0, 0), (void)(kernel_call),                      \
   __ckpt_libCkptLLVMPlugin_launch_end())
#define CKPT_RESUME(status, label, kernel_call)                                                    \
  (__ckpt_libCkptLLVMPlugin_launch_next((status), 1, (label)), (void)(kernel_call),                \
   __ckpt_libCkptLLVMPlugin_launch_end())

#endif /* CKPT_GRAPH_H */
