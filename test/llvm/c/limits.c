// Limits that are not limits: kernel names of any length (two that share their first 300
// characters stay two kernels), more than 256 parameters, a checkpoint named "" and 70
// nested do-whiles.
// REQUIRES: clang
// RUN: %ckpt_cc -O0 %s -o %t.O0.o && %ckpt_link %t.O0.o -o %t.O0 && %t.O0 | FileCheck %s --match-full-lines
// RUN: %ckpt_cc -O2 %s -o %t.O2.o && %ckpt_link %t.O2.o -o %t.O2 && %t.O2 | FileCheck %s --match-full-lines
#include "ckpt/graph.h"

#include <stdio.h>

#define LONG_A                                                                                     \
  kernel_abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij_a
#define LONG_B                                                                                     \
  kernel_abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij_b
CKPT_GRAPH_KERNEL void LONG_A(int32_t *x) { CKPT_TASK(x[0] += 1;); }
CKPT_GRAPH_KERNEL void LONG_B(int32_t *x) { CKPT_TASK(x[0] += 100;); }

// 300 parameters: p0 .. p299, the kernel stores their sum.
#define P10(d)                                                                                     \
  int64_t p##d##0, int64_t p##d##1, int64_t p##d##2, int64_t p##d##3, int64_t p##d##4,             \
      int64_t p##d##5, int64_t p##d##6, int64_t p##d##7, int64_t p##d##8, int64_t p##d##9
#define S10(d)                                                                                     \
  p##d##0 + p##d##1 + p##d##2 + p##d##3 + p##d##4 + p##d##5 + p##d##6 + p##d##7 + p##d##8 + p##d##9
#define A10(v) v, v, v, v, v, v, v, v, v, v

CKPT_GRAPH_KERNEL void wide(int64_t *out, int32_t *flag, P10(0), P10(1), P10(2), P10(3), P10(4),
                            P10(5), P10(6), P10(7), P10(8), P10(9), P10(10), P10(11), P10(12),
                            P10(13), P10(14), P10(15), P10(16), P10(17), P10(18), P10(19), P10(20),
                            P10(21), P10(22), P10(23), P10(24), P10(25), P10(26), P10(27), P10(28),
                            P10(29)) {
  CKPT_CHECKPOINT(0, "", flag, CKPT_TASK(*flag = out[1] != 0;));
  CKPT_TASK(*out = S10(0) + S10(1) + S10(2) + S10(3) + S10(4) + S10(5) + S10(6) + S10(7) + S10(8) +
                   S10(9) + S10(10) + S10(11) + S10(12) + S10(13) + S10(14) + S10(15) + S10(16) +
                   S10(17) + S10(18) + S10(19) + S10(20) + S10(21) + S10(22) + S10(23) + S10(24) +
                   S10(25) + S10(26) + S10(27) + S10(28) + S10(29););
}

// 70 nested do-whiles around one task, each running its body once.
CKPT_GRAPH_KERNEL void deep(int32_t *x, int32_t *never) {
  CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_DO_WHILE(never, CKPT_TASK(x[0] += 1;)))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))));
}

int main(void) {
  int32_t x = 0, flag = 0, never = 0;
  ckpt_launch_status_t status;
  CKPT_LAUNCH(&status, LONG_A(&x));
  CKPT_LAUNCH(&status, LONG_B(&x));
  printf("long names: %d\n", x);
  // CHECK: long names: 101
  int64_t out[2] = {0, 1};
  int64_t i = 2;
  CKPT_LAUNCH(&status, wide(out, &flag, A10(i), A10(i), A10(i), A10(i), A10(i), A10(i), A10(i),
                            A10(i), A10(i), A10(i), A10(i), A10(i), A10(i), A10(i), A10(i), A10(i),
                            A10(i), A10(i), A10(i), A10(i), A10(i), A10(i), A10(i), A10(i), A10(i),
                            A10(i), A10(i), A10(i), A10(i), A10(i)));
  ckpt_mlir_status_print(&status);
  // CHECK-NEXT: ckpt.status ok=1 yielded=1 label=0 name=""
  out[1] = 0;
  flag = 0;
  i = 3;
  CKPT_RESUME(&status, 0,
              wide(out, &flag, A10(i), A10(i), A10(i), A10(i), A10(i), A10(i), A10(i), A10(i),
                   A10(i), A10(i), A10(i), A10(i), A10(i), A10(i), A10(i), A10(i), A10(i), A10(i),
                   A10(i), A10(i), A10(i), A10(i), A10(i), A10(i), A10(i), A10(i), A10(i), A10(i),
                   A10(i), A10(i)));
  printf("300 parameters: %lld yielded=%lld\n", (long long)out[0], (long long)status.yielded);
  // CHECK-NEXT: 300 parameters: 900 yielded=0
  x = 0;
  CKPT_LAUNCH(&status, deep(&x, &never));
  printf("nested: %d ok=%lld\n", x, (long long)status.ok);
  // CHECK-NEXT: nested: 1 ok=1
  return 0;
}
