// Built without the plugin, a program that uses ckpt/graph.h does not link, and the
// undefined symbols name the plugin.
// REQUIRES: clang
// RUN: not %clang -I%ckpt_include %s -o %t 2>&1 | FileCheck %s
// CHECK: undefined reference to `__ckpt_libCkptLLVMPlugin_{{task_begin|launch_next}}'
#include "ckpt/graph.h"

CKPT_GRAPH_KERNEL void step(int32_t *x) {
  CKPT_TASK(x[0] += 1;);
}

int main(void) {
  int32_t x = 0;
  ckpt_launch_status_t status;
  CKPT_LAUNCH(&status, step(&x));
  return x;
}
