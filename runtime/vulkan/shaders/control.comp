// The runtime's control step, one workgroup between groups of task dispatches (see
// runtime/vulkan/vulkan_program.h). It first does the yield check of the explicit
// checkpoint just run, then writes the indirect dispatch sizes of the next group: the
// recorded grid when its gate is open, zero workgroups when it is not. Gating this way
// needs no host round trip between checkpoints.
#version 450

// Invocation 0 does the check; the group's tasks are spread over all 64 (one invocation
// walking every task's grid words would wait for memory once per word).
layout(local_size_x = 64) in;

shared bool group_open;

// ckpt.device_state: [resume_cp, yielded, yield_cp, loop budget].
layout(set = 0, binding = 0) buffer State {
  int resume_cp;
  int yielded;
  int yield_cp;
  int loop_budget;
} state;

// Step parameters (8 words each), grids (4 words per task) and indirect dispatch
// arguments (3 words per task), at the word offsets given as push constants.
layout(set = 0, binding = 1) buffer Control {
  uint words[];
} control;

// The yield flag of the checkpoint checked by this step (the state buffer when none).
layout(set = 0, binding = 2) buffer Flag {
  int values[];
} flag;

layout(push_constant) uniform Offsets {
  uint step;     // word offset of this step's parameters
  uint grids;    // word offset of the grid table
  uint indirect; // word offset of the indirect arguments
} offsets;

void main() {
  uint lane = gl_LocalInvocationIndex;
  uint first_task = control.words[offsets.step + 2];
  uint task_count = control.words[offsets.step + 3];
  if (lane == 0u) {
    int yield_cp = int(control.words[offsets.step + 0]);
    int gate = int(control.words[offsets.step + 1]);
    uint flag_index = control.words[offsets.step + 4];
    if (yield_cp >= 0 && state.yielded == 0 &&
        (state.resume_cp < 0 || state.resume_cp == yield_cp)) {
      if (state.resume_cp == yield_cp)
        state.resume_cp = -1;
      if (flag.values[flag_index] != 0) {
        state.yielded = 1;
        state.yield_cp = yield_cp;
      }
    }
    group_open = state.yielded == 0 && (state.resume_cp < 0 || state.resume_cp == gate);
  }
  barrier();
  bool open = group_open;
  for (uint task = first_task + lane; task < first_task + task_count; task += gl_WorkGroupSize.x) {
    uint grid = offsets.grids + 4u * task;
    uvec3 size = open ? uvec3(control.words[grid], control.words[grid + 1u],
                              control.words[grid + 2u])
                      : uvec3(0u);
    uint at = offsets.indirect + 3u * task;
    control.words[at] = size.x;
    control.words[at + 1u] = size.y;
    control.words[at + 2u] = size.z;
  }
}
