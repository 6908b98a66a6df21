// A resume from a label the kernel does not have fails: the status says not ok, nothing
// runs, and stderr names the label asked for and lists the labels available. A kernel
// without explicit checkpoints has no label to resume from. Both kernels stay usable.
// REQUIRES: clang
// RUN: %ckpt_cc -O0 %s -o %t.O0.o && %ckpt_link %t.O0.o -o %t.O0 && %t.O0 2> %t.O0.err | FileCheck %s --match-full-lines
// RUN: FileCheck %s --check-prefix=ERR --implicit-check-not=error < %t.O0.err
// RUN: %ckpt_cc -O2 %s -o %t.O2.o && %ckpt_link %t.O2.o -o %t.O2 && %t.O2 2> %t.O2.err | FileCheck %s --match-full-lines
// RUN: FileCheck %s --check-prefix=ERR --implicit-check-not=error < %t.O2.err
#include "ckpt/graph.h"

#include "Inputs/log.h"

CKPT_GRAPH_KERNEL void step(int32_t *log, int32_t *flag) {
  CKPT_CHECKPOINT(3, "grow", flag, CKPT_TASK(append(log, 1);));
  CKPT_CHECKPOINT(8, NULL, flag, CKPT_TASK(append(log, 2);));
}

CKPT_GRAPH_KERNEL void plain(int32_t *log) {
  CKPT_TASK(append(log, 7););
}

int main(void) {
  int32_t log[32] = {0}, flag = 0;
  ckpt_launch_status_t status;
  CKPT_RESUME(&status, 5, step(log, &flag));
  ckpt_mlir_status_print(&status);
  // CHECK: ckpt.status ok=0 yielded=0 label=-1
  // ERR: ckpt: error: {{.*}}'step'{{.*}} 5;{{.*}}labels available: 3 ("grow"), 8{{$}}
  print_log("unknown", log);
  // CHECK-NEXT: unknown:

  CKPT_RESUME(&status, 3, plain(log));
  ckpt_mlir_status_print(&status);
  // CHECK-NEXT: ckpt.status ok=0 yielded=0 label=-1
  // ERR: ckpt: error: {{.*}}'plain'{{.*}}no explicit checkpoint{{.*}}
  print_log("no checkpoints", log);
  // CHECK-NEXT: no checkpoints:

  CKPT_RESUME(&status, 8, step(log, &flag));
  ckpt_mlir_status_print(&status);
  // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
  CKPT_LAUNCH(&status, plain(log));
  print_log("after", log);
  // CHECK-NEXT: after: 2 7
  return 0;
}
