// The benchmark's task kernel, written to the ABI MLIR's GPU-to-SPIR-V conversion gives a
// task of a compiled graph kernel: descriptor set 0, one storage buffer per operand in
// order (the gating state, the work buffer, then each scalar as a one-member block), and
// the checkpoint gate as its prologue.
#version 450

layout(local_size_x = 64) in;

layout(set = 0, binding = 0) buffer State {
  int resume_cp;
  int yielded;
  int yield_cp;
  int reserved;
} state;

layout(set = 0, binding = 1) buffer Work {
  uint words[];
} work;

layout(set = 0, binding = 2) buffer Gate {
  int value;
} gate;

layout(set = 0, binding = 3) buffer Task {
  int value;
} task;

void main() {
  if (state.yielded != 0 || (state.resume_cp >= 0 && state.resume_cp != gate.value))
    return;
  uint lane = uint(task.value) * gl_WorkGroupSize.x + gl_LocalInvocationID.x;
  uint value = work.words[lane];
  for (int i = 0; i < 16; ++i)
    value = value * 1664525u + 1013904223u + uint(task.value);
  work.words[lane] = value;
}
