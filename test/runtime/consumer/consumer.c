/* A user of the installed runtime: built against ckpt.pc and against find_package(ckpt)
 * by check_consumer.cmake. It references every public function, so a symbol the shared
 * library fails to export breaks the link, and runs one yield and resume. */
#include <stdio.h>
#include <string.h>

#include <ckpt/ckpt.h>
#include <ckpt/mlir_abi.h>
#include <ckpt/plan.h>

typedef struct flag_memref_t {
  int32_t *allocated, *aligned;
  int64_t offset;
} flag_memref_t;

/* fn 0 asks for the host the first time it runs. */
static void dispatch(int64_t fn, void **args, void *recorder) {
  (void)recorder;
  flag_memref_t *flag = args[0];
  static int runs;
  if (fn == 0 && runs++ == 0) flag->aligned[flag->offset] = 1;
}

static const int64_t params[] = {CKPT_PARAM_MEMREF, 0, 32, CKPT_ELEM_INT};
static const int64_t nodes[] = {
    CKPT_NODE_CHECKPOINT, 2, -1, 0, 0, 4, 5, CKPT_NODE_FLAG_EXPLICIT,
    CKPT_NODE_TASK, 2, 0, -1, -1, -1, -1, -1,
};
static const char strings[] = "main\0grow";

int main(void) {
  void (*const exported[])(void) = {
      (void (*)(void))ckpt_status_name,        (void (*)(void))ckpt_target_name,
      (void (*)(void))ckpt_target_parse,       (void (*)(void))ckpt_context_create,
      (void (*)(void))ckpt_context_destroy,    (void (*)(void))ckpt_context_last_error,
      (void (*)(void))ckpt_context_target,     (void (*)(void))ckpt_context_set_trace,
      (void (*)(void))ckpt_kernel_create,      (void (*)(void))ckpt_kernel_destroy,
      (void (*)(void))ckpt_kernel_name,        (void (*)(void))ckpt_kernel_label_count,
      (void (*)(void))ckpt_kernel_label_at,    (void (*)(void))ckpt_kernel_launch,
      (void (*)(void))ckpt_kernel_resume,      (void (*)(void))ckpt_mlir_launch,
      (void (*)(void))ckpt_mlir_release,       (void (*)(void))ckpt_mlir_status_print,
  };
  for (size_t i = 0; i < sizeof(exported) / sizeof(exported[0]); ++i) {
    if (!exported[i]) return 1;
  }

  const ckpt_plan_t plan = {CKPT_PLAN_ABI, 1, params, 2, nodes, sizeof(strings), strings,
                            dispatch, 0, NULL};
  int32_t flag = 0;
  flag_memref_t flag_memref = {&flag, &flag, 0};
  void *args[] = {&flag_memref};
  void *context_slot = NULL, *kernel_slot = NULL;
  ckpt_mlir_status_t status;
  ckpt_mlir_launch(&context_slot, &kernel_slot, &plan, CKPT_TARGET_CPU, args, 0, 0, &status);
  if (!status.ok || !status.yielded || status.label != 4 || strcmp(status.name, "grow") != 0) {
    fprintf(stderr, "consumer: expected a yield at label 4 \"grow\"\n");
    return 1;
  }
  flag = 0;
  ckpt_mlir_launch(&context_slot, &kernel_slot, &plan, CKPT_TARGET_CPU, args, 1, 4, &status);
  ckpt_mlir_release(&context_slot);
  if (!status.ok || status.yielded) {
    fprintf(stderr, "consumer: expected the resume to complete\n");
    return 1;
  }
  printf("consumer: ok\n");
  return 0;
}
