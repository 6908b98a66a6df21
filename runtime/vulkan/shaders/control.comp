// The runtime's control step, one invocation between groups of task dispatches (see
// runtime/vulkan/vulkan_program.h). It first does the yield check of the explicit
// checkpoint just run, then writes the indirect dispatch sizes of the next group: the
// recorded grid when its gate is open, zero workgroups when it is not. Gating this way
// needs no host round trip between checkpoints.
#version 450

layout(local_size_x = 1) in;

// ckpt.device_state: [resume_cp, yielded, yield_cp, reserved].
layout(set = 0, binding = 0) buffer State {
  int resume_cp;
  int yielded;
  int yield_cp;
  int reserved;
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
  int yield_cp = int(control.words[offsets.step + 0]);
  int gate = int(control.words[offsets.step + 1]);
  uint first_task = control.words[offsets.step + 2];
  uint task_count = control.words[offsets.step + 3];
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

  bool open = state.yielded == 0 && (state.resume_cp < 0 || state.resume_cp == gate);
  for (uint task = first_task; task < first_task + task_count; ++task) {
    for (uint d = 0u; d < 3u; ++d)
      control.words[offsets.indirect + 3u * task + d] =
          open ? control.words[offsets.grids + 4u * task + d] : 0u;
  }
}
