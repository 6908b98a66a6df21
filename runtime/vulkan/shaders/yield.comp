// The runtime's yield step in conditional mode (see runtime/vulkan/vulkan_program.h), one
// invocation after the tasks of an explicit checkpoint, recorded inside a conditional
// rendering block on the checkpoint's yield flag: it runs only when the flag is raised.
// The host arms it when the checkpoint's tasks were not skipped towards a resume point;
// the first armed step to run yields, and zero workgroups for every task after the
// checkpoint stop the rest of the launch.
#version 450

layout(local_size_x = 1) in;

// ckpt.device_state: [resume_cp, yielded, yield_cp, loop budget].
layout(set = 0, binding = 0) buffer State {
  int resume_cp;
  int yielded;
  int yield_cp;
  int loop_budget;
} state;

// Step parameters (8 words each) and indirect dispatch arguments (3 words per task), at
// the word offsets given as push constants.
layout(set = 0, binding = 1) buffer Control {
  uint words[];
} control;

layout(push_constant) uniform Offsets {
  uint step;     // word offset of this step's parameters
  uint grids;    // word offset of the grid table (unused here)
  uint indirect; // word offset of the indirect arguments
} offsets;

void main() {
  int yield_cp = int(control.words[offsets.step + 0]);
  uint first_task = control.words[offsets.step + 2];
  uint armed = control.words[offsets.step + 5];
  uint end_task = control.words[offsets.step + 6];
  if (state.yielded != 0 || armed == 0u)
    return;
  state.yielded = 1;
  state.yield_cp = yield_cp;
  for (uint word = offsets.indirect + 3u * first_task; word < offsets.indirect + 3u * end_task;
       ++word)
    control.words[word] = 0u;
}
