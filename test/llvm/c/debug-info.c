// Outlined tasks keep their source lines (a debugger, a sanitizer report): each gets a
// subprogram of its own, and the module still verifies.
// REQUIRES: clang
// RUN: %clang -g -O0 -I%ckpt_include -fpass-plugin=%plugin -S -emit-llvm %s -o %t.O0.ll
// RUN: %opt -passes=verify -disable-output %t.O0.ll
// RUN: FileCheck %s < %t.O0.ll
// RUN: %clang -g -O2 -I%ckpt_include -fpass-plugin=%plugin -S -emit-llvm %s -o %t.O2.ll
// RUN: %opt -passes=verify -disable-output %t.O2.ll
#include "ckpt/graph.h"

CKPT_GRAPH_KERNEL void step(int32_t *x, int32_t *flag) {
  CKPT_TASK(for (int i = 0; i < 4; ++i) x[i] += 1;);
  CKPT_CHECKPOINT(1, "one", flag, CKPT_TASK(if (x[0] > 3) *flag = 1;));
}

// CHECK: define internal void @step__fn0({{.*}}!dbg ![[TASK0:[0-9]+]]
// CHECK: store i32 {{.*}}, !dbg ![[STORE:[0-9]+]]
// CHECK: ![[TASK0]] = distinct !DISubprogram(name: "step__fn0"
// CHECK: ![[STORE]] = !DILocation(line: 12,
