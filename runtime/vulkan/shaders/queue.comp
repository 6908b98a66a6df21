// The runtime's queue steps (runtime/vulkan/vulkan_queue.c): one invocation before and one
// after each launch submitted asynchronously. The gate step reads the context's queue
// gate and sets up the launch's gating state, so that a launch queued behind a yield
// runs nothing; the report step writes the launch's outcome slot and, when the launch
// yielded, closes the gate with its id.
#version 450

// One workgroup: the gate step spreads the kernel's steps over its invocations (a single
// invocation walking every task's grid words waits for memory once per word); the report
// step is invocation 0's alone.
layout(local_size_x = 64) in;

layout(set = 0, binding = 0) buffer State {
  int resume_cp;
  int yielded;
  int yield_cp;
  int loop_budget; // non-zero: a kernel's loops ran 65,535 iterations (lavapipe's limit)
} state;

// The kernel's step parameters (8 words each), grids (4 words per task) and indirect
// dispatch arguments (3 words per task).
layout(set = 0, binding = 1) buffer Control {
  uint words[];
} control;

// Word 0: the queue gate, 0 while launches may run, else the id of the launch that
// yielded; word 1: how many launches reached their gate step (the host numbers its
// tickets the same way, so launch n's slot is n modulo the slot count); word 2: the word
// offset of the current launch's slot, for its report step. Then, from word 4, one slot
// of 8 words per launch in flight: [launch id, first open step,
// resume cp] written by the host, [skipped by, yielded (bit 0; bit 1: the launch's kernels
// spent lavapipe's loop budget), yield cp] by these steps, then
// [host yield step, host yield cp] by the host: the step whose yield check the host took
// (a raised flag no task writes), or -1.
layout(set = 0, binding = 2) buffer Queue {
  uint words[];
} queue;

layout(push_constant) uniform Params {
  uint mode;        // 0: gate step, 1: report step
  uint step_count;  // the kernel's steps, all in its one segment
  uint grids;       // word offset of the grid table
  uint indirect;    // word offset of the indirect arguments
  uint conditional; // 1: the tasks' sizes and the yield checks' arming are written here
} params;

const uint SLOTS = 64u;
const uint FIRST_SLOT = 4u;
const uint SLOT_WORDS = 8u;

void gate_step() {
  uint lane = gl_LocalInvocationIndex;
  // The inputs first: loads may not move past the stores below into the same buffer.
  uint gate = queue.words[0];
  uint slot = FIRST_SLOT + SLOT_WORDS * (queue.words[1] % SLOTS);
  uint first_open_word = queue.words[slot + 1u];
  uint resume_cp = queue.words[slot + 2u];
  uint host_yield_word = queue.words[slot + 6u];
  // Every invocation has read the count before invocation 0 moves it on.
  barrier();
  if (lane == 0u) {
    queue.words[1] = queue.words[1] + 1u;
    queue.words[2] = slot;
    queue.words[slot + 3u] = gate;
    queue.words[slot + 4u] = 0u;
    queue.words[slot + 5u] = 0xffffffffu;
    // A closed gate is a yield before the first task: every task's prologue, step and
    // conditional block then skips.
    state.resume_cp = params.conditional != 0u ? -1 : int(resume_cp);
    state.yielded = gate != 0u ? 1 : 0;
    state.yield_cp = -1;
    state.loop_budget = 0;
  }
  if (params.conditional == 0u)
    return;
  // What the host writes before a synchronous launch (vulkan_kernel.c, write_gates):
  // zero workgroups before the resume point's group, a yield check armed only after it.
  // Each invocation takes every 64th step; a step's words and tasks are its alone.
  int first_open = int(first_open_word);
  int host_yield_step = int(host_yield_word);
  for (uint step = lane; step < params.step_count; step += gl_WorkGroupSize.x) {
    uint at = 8u * step;
    int yield_cp = int(control.words[at]);
    uint first_task = control.words[at + 2u];
    uint task_end = first_task + control.words[at + 3u];
    bool open = gate == 0u && int(step) >= first_open &&
                (host_yield_step < 0 || int(step) < host_yield_step);
    bool armed = open && int(step) > first_open && yield_cp >= 0;
    control.words[at + 5u] = armed ? 1u : 0u;
    for (uint task = first_task; task < task_end; ++task) {
      uint grid = params.grids + 4u * task;
      uvec3 size = open ? uvec3(control.words[grid], control.words[grid + 1u],
                                control.words[grid + 2u])
                        : uvec3(0u);
      uint indirect = params.indirect + 3u * task;
      control.words[indirect] = size.x;
      control.words[indirect + 1u] = size.y;
      control.words[indirect + 2u] = size.z;
    }
  }
}

void report_step() {
  uint slot = queue.words[2];
  if (queue.words[slot + 3u] != 0u)
    return;
  if (state.loop_budget != 0)
    queue.words[slot + 4u] = 2u;
  // A yield on the device comes before the host's: checks after it were not armed.
  int yield_cp = state.yielded != 0 ? state.yield_cp : int(queue.words[slot + 7u]);
  if (yield_cp < 0)
    return;
  queue.words[slot + 4u] = queue.words[slot + 4u] | 1u;
  queue.words[slot + 5u] = uint(yield_cp);
  queue.words[0] = queue.words[slot];
}

void main() {
  if (params.mode == 0u)
    gate_step();
  else if (gl_LocalInvocationIndex == 0u)
    report_step();
}
