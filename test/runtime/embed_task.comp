// The task kernel of test_vulkan_embed.c, written to the ABI MLIR's GPU-to-SPIR-V
// conversion gives a compiled task: descriptor set 0, one storage buffer per operand (the
// gating state, the work buffer, then each scalar as a one-member block) and the
// checkpoint gate as its prologue. It adds `amount` to each word.
#version 450

layout(local_size_x = 16) in;

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

layout(set = 0, binding = 3) buffer Amount {
  uint value;
} amount;

void main() {
  if (state.yielded != 0 || (state.resume_cp >= 0 && state.resume_cp != gate.value))
    return;
  work.words[gl_LocalInvocationID.x] += amount.value;
}
