// The task kernel of test_vulkan_async.c, written to the ABI MLIR's GPU-to-SPIR-V
// conversion gives a compiled task: descriptor set 0, one storage buffer per operand (the
// gating state, the counters, the first checkpoint's yield flag, then each scalar as a
// one-member block) and the checkpoint gate as its prologue. Task `task` counts one run
// in counters[task]; the first task raises the flag when its count reaches `threshold`,
// so that exactly one launch of many queued with the same arguments yields. A negative
// threshold instead has task 1 report, on its run -threshold, that its loops spent
// lavapipe's budget, as compiled kernels do (passes/spirv_loop_budget.c).
#version 450

layout(local_size_x = 1) in;

layout(set = 0, binding = 0) buffer State {
  int resume_cp;
  int yielded;
  int yield_cp;
  int loop_budget;
} state;

layout(set = 0, binding = 1) buffer Counters {
  int counts[];
} counters;

layout(set = 0, binding = 2) buffer Flag {
  int value;
} flag;

layout(set = 0, binding = 3) buffer Gate {
  int value;
} gate;

layout(set = 0, binding = 4) buffer Task {
  int value;
} task;

layout(set = 0, binding = 5) buffer Threshold {
  int value;
} threshold;

void main() {
  if (state.yielded != 0 || (state.resume_cp >= 0 && state.resume_cp != gate.value))
    return;
  int count = counters.counts[task.value] + 1;
  counters.counts[task.value] = count;
  if (task.value == 0 && count == threshold.value)
    flag.value = 1;
  if (task.value == 1 && count == -threshold.value)
    state.loop_budget = 1;
}
