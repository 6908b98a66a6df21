// C++ with exceptions: objects with destructors alive around a launch make clang call the
// kernel with an invoke; the launch keeps the invoke's unwind edge. A kernel in a
// namespace (a mangled name) and argument expressions with member calls.
// REQUIRES: clang
// RUN: %clangxx -c -g -Wall -Werror -I%ckpt_include -fpass-plugin=%plugin -O0 %s -o %t.O0.o && %ckpt_link %t.O0.o -lstdc++ -o %t.O0 && %t.O0 | FileCheck %s --match-full-lines
// RUN: %clangxx -c -g -Wall -Werror -I%ckpt_include -fpass-plugin=%plugin -O2 %s -o %t.O2.o && %ckpt_link %t.O2.o -lstdc++ -o %t.O2 && %t.O2 | FileCheck %s --match-full-lines
#include "ckpt/graph.h"

#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

namespace physics {
CKPT_GRAPH_KERNEL void scale(double *x, int64_t n, double by, int32_t *flag) {
  CKPT_TASK(for (int64_t i = 0; i < n; ++i) x[i] *= by;);
  CKPT_CHECKPOINT(2, "check", flag, CKPT_TASK(if (x[0] > 100 && by > 1) *flag = 1;));
  CKPT_TASK(for (int64_t i = 0; i < n; ++i) x[i] += 1;);
}
} // namespace physics

int main() {
  std::vector<double> v(4, 1.0);
  std::string label = "run";
  int32_t flag = 0;
  ckpt_launch_status_t status;
  try {
    CKPT_LAUNCH(&status, physics::scale(v.data(), (int64_t)v.size(), 2.0, &flag));
    std::printf("%s: %g %g yielded=%lld\n", label.c_str(), v[0], v[3], (long long)status.yielded);
    // CHECK: run: 3 3 yielded=0
    CKPT_LAUNCH(&status, physics::scale(v.data(), (int64_t)v.size(), 50.0, &flag));
    std::printf("%s: %g yielded=%lld label=%lld\n", label.c_str(), v[0], (long long)status.yielded,
                (long long)status.label);
    // CHECK-NEXT: run: 150 yielded=1 label=2
    flag = 0;
    CKPT_RESUME(&status, status.label, physics::scale(v.data(), (int64_t)v.size(), 0.0, &flag));
    std::printf("%s: %g yielded=%lld\n", label.c_str(), v[0], (long long)status.yielded);
    // CHECK-NEXT: run: 151 yielded=0
    if (!status.ok)
      throw std::runtime_error("launch failed");
  } catch (const std::exception &e) {
    std::printf("error: %s\n", e.what());
    return 1;
  }
  return 0;
}
