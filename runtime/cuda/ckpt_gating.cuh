// The gating predicates of docs/design.md ("Resume semantics in one slot") as device code:
// the runtime's own kernels use them, and so do the hand-written kernels of the tests and
// the benchmark that stand for what --ckpt-convert-tasks-to-gpu compiles.
#ifndef CKPT_GRAPH_GATING_CUH
#define CKPT_GRAPH_GATING_CUH

// Whether work gated on `gate` (a cp_id, or -2 outside checkpoints) runs.
__device__ __forceinline__ bool ckpt_gate_open(int resume_cp, int yielded, int gate) {
  return yielded == 0 && (resume_cp < 0 || resume_cp == gate);
}

// The yield check of explicit checkpoint `cp_id`, done in the prologue of the task after
// it (fold-yield-checks): turns *resume_cp and *yielded, read from `state`, into the state
// after the check, which `recorder` (one thread of the kernel) stores; returns whether
// it stored anything. Threads that read the state before or after that store compute the
// same result. The shape matters for speed: a version with an early return and a
// volatile `state` made each task wait longer (0.18 us more per task on an H100).
__device__ __forceinline__ bool ckpt_folded_yield_check(int *state, int cp_id, int raised,
                                                        bool recorder, int *resume_cp,
                                                        int *yielded) {
  bool ran = ckpt_gate_open(*resume_cp, *yielded, cp_id);
  bool reached = *resume_cp == cp_id;
  if (ran && recorder) {
    if (reached) state[0] = -1;
    if (raised != 0) {
      state[2] = cp_id;
      state[1] = 1;
    }
  }
  if (ran && reached) *resume_cp = -1;
  if (ran && raised != 0) *yielded = 1;
  return ran && recorder && (reached || raised != 0);
}

// Programmatic launch (sm_90 griddepcontrol), as --ckpt-convert-tasks-to-gpu
// {programmatic-launch} compiles a task: every kernel loads the gating state, then waits
// for the kernels before it (ckpt_wait_for_prerequisites) before it touches anything
// else. The next kernel may start once every block has released it
// (ckpt_release_dependents; the first thread to run it speaks for its block) or exited.
// A kernel that does no folded check releases at entry; one that does releases at entry
// in every block but the first, where the recording thread releases after its check,
// fencing (__threadfence) what it stored first. Both are no-ops for a kernel launched
// without a programmatic edge.
__device__ __forceinline__ void ckpt_release_dependents() {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
  asm volatile("griddepcontrol.launch_dependents;" ::: "memory");
#endif
}

__device__ __forceinline__ void ckpt_wait_for_prerequisites() {
#if defined(__CUDA_ARCH__) && __CUDA_ARCH__ >= 900
  asm volatile("griddepcontrol.wait;" ::: "memory");
#endif
}

#endif  // CKPT_GRAPH_GATING_CUH
