// A kernel defined in one translation unit and launched from another: the host's module
// declares the kernel's launch function, which the kernel's module defines.
// REQUIRES: clang
// RUN: %ckpt_cc -O2 %s -o %t.host.o
// RUN: %ckpt_cc -O0 %S/Inputs/two-files-kernel.c -o %t.kernel.o
// RUN: %ckpt_link %t.host.o %t.kernel.o -o %t && %t | FileCheck %s --match-full-lines
#include "ckpt/graph.h"

#include <stdio.h>

void step(int32_t *x, int32_t limit, int32_t *flag); // CKPT_GRAPH_KERNEL in Inputs/two-files-kernel.c

int main(void) {
  int32_t x = 1, flag = 0;
  ckpt_launch_status_t status;
  CKPT_LAUNCH(&status, step(&x, 100, &flag));
  ckpt_mlir_status_print(&status);
  // CHECK: ckpt.status ok=1 yielded=1 label=2 name="half"
  printf("x: %d\n", x);
  // CHECK-NEXT: x: 11
  flag = 0;
  CKPT_RESUME(&status, 2, step(&x, 0, &flag));
  ckpt_mlir_status_print(&status);
  // CHECK-NEXT: ckpt.status ok=1 yielded=0 label=-1
  printf("x: %d\n", x);
  // CHECK-NEXT: x: 110
  step(&x, 0, &flag); // a plain call: a fresh launch
  printf("x: %d\n", x);
  // CHECK-NEXT: x: 11010
  return 0;
}
