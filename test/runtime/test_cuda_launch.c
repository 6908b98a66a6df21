/* The CUDA backend on a GPU, checked against the CPU target: the same plans, with the same
 * scripted world (test_cuda_world.h) run by host tasks on the CPU and by a PTX kernel
 * (test_cuda_kernels.cu) on the GPU, must give the same runs, flags, conditions and
 * outcomes launch after launch, in every gating mode. Hand-written plans cover the
 * sample shapes and nested loops; seeded random plans cover the rest. Then graph reuse
 * (one instantiation for many launches, node updates only for argument swaps), the launch
 * phase profile with its device time (events around the graph launch), where task
 * edges are programmatic, whether a kernel started through a programmatic edge reads the
 * final state before its wait, device-resident arguments and error reporting.
 *
 * Without a CUDA driver or device it prints why and exits 77, which ctest reports as
 * skipped. Arguments: --random=N (random plans, each in every mode; default 60);
 * --no-failures leaves out the test whose driver calls fail on purpose (compute-sanitizer
 * reports those); --no-races the one that needs kernels to overlap, which a tool that
 * serialises them (compute-sanitizer) defeats. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ckpt/ckpt.h"
#include "ckpt/mlir_abi.h"
#include "ckpt/profile.h"
#include "core/context.h"
#include "core/kernel.h"
#include "core/string_builder.h"
#include "cuda/cuda_backend.h"
#include "cuda_modes.h"
#include "launch_scenarios.h"
#include "memref_descriptors.h"
#include "plan_builder.h"
#include "test_cuda_world.h"
#include "test_util.h"

/*--- modes -------------------------------------------------------------------*/

/* The first is the default (on sm_90, early programmatic edges into the yield checks). */
static const cuda_mode_t cuda_modes[] = {
    {"prologue", "prologue", ""},
    {"if", "if", ""},
    {"host", "host", ""},
    {"prologue, ordinary edges", "prologue", "0"},
    {"prologue, pdl in", "prologue", "in"},
    {"prologue, pdl both", "prologue", "both"},
    {"prologue, pdl early-both", "prologue", "early-both"},
    {"if, ordinary edges", "if", "0"},
};
enum { CUDA_MODES = sizeof(cuda_modes) / sizeof(cuda_modes[0]) };

static ckpt_context_t *cuda_context(const cuda_mode_t *mode) {
  ckpt_context_t *context = NULL;
  if (cuda_mode_context_create(mode, &context) != CKPT_OK) {
    fprintf(stderr, "cannot create a CUDA context (%s): %s\n", mode->name,
            ckpt_context_last_error(context));
    exit(1);
  }
  return context;
}

/* Runs `s` on the CPU and in every CUDA mode; checks the transcripts agree. */
static void check_scenario(scenario_t *s, const char *what) {
  ckpt_context_t *cpu = test_cpu_context();
  char *expected = run_scenario(cpu, s, 6);
  ckpt_context_destroy(cpu);
  for (int m = 0; m < CUDA_MODES; ++m) {
    ckpt_context_t *context = cuda_context(&cuda_modes[m]);
    char *actual = run_scenario(context, s, 6);
    ++test_checks;
    if (!actual || !expected || strcmp(actual, expected) != 0) {
      test_fail_at(__FILE__, __LINE__);
      fprintf(stderr, "%s, %s gating differs from the CPU:\n--- cpu\n%s--- cuda %s\n%s", what,
              cuda_modes[m].name, expected ? expected : "(null)\n", cuda_modes[m].name,
              actual ? actual : "(null)\n");
    }
    free(actual);
    ckpt_context_destroy(context);
  }
  free(expected);
}


/*--- against the CPU ----------------------------------------------------------*/

static void test_cuda_matches_cpu_on_a_straight_plan(void) {
  scenario_t s;
  build_straight(&s);
  check_scenario(&s, "straight");
}

static void test_cuda_matches_cpu_on_nested_loops(void) {
  scenario_t s;
  build_nested(&s);
  for (uint64_t seed = 1; seed <= 4; ++seed) {
    s.seed = seed;
    check_scenario(&s, "nested");
  }
}


static int random_plans = 60;

static void test_cuda_matches_cpu_on_random_plans(void) {
  for (int seed = 1; seed <= random_plans; ++seed) {
    scenario_t *s = calloc(1, sizeof(*s));
    build_random(s, (uint64_t)seed);
    char what[32];
    snprintf(what, sizeof(what), "random plan %d", seed);
    int failures = test_failures;
    check_scenario(s, what);
    free(s);
    if (test_failures > failures + 3) break; /* enough to see the pattern */
  }
}

/*--- graph reuse ---------------------------------------------------------------*/

static ckpt_cuda_stats_t stats_of(ckpt_context_t *context) {
  ckpt_cuda_stats_t stats;
  memset(&stats, 0, sizeof(stats));
  CHECK(ckpt_cuda_backend_stats(context, &stats));
  return stats;
}

/* The nested plan with no rule raising a flag and both loops running once: a launch runs
 * every task to the end. */
static void build_nested_to_the_end(scenario_t *s, bool programmatic) {
  build_nested(s);
  if (programmatic) scenario_programmatic(s);
  s->rule_count = 0;
  s->initial[PARAM_LOOP_A - 1] = s->initial[PARAM_LOOP_B - 1] = 0;
}

static void test_cuda_graph_is_built_once_for_many_launches(void) {
  scenario_t s;
  build_nested_to_the_end(&s, true);
  ckpt_context_t *context = cuda_context(&cuda_modes[0]);
  use_scenario_tasks(&s);
  ckpt_kernel_t *kernel = test_create_kernel(context, &s.builder.plan);
  world_args_t *a = calloc(1, sizeof(*a));
  world_args_init(a, &s);
  ckpt_outcome_t outcome;
  for (int i = 0; i < 500; ++i) {
    a->world.run_count = 0;
    CHECK_STATUS(ckpt_kernel_launch(kernel, a->args, &outcome), CKPT_OK);
  }
  CHECK(!outcome.yielded);
  CHECK_EQ(a->world.run_count, s.next_fn - 1);
  ckpt_cuda_stats_t stats = stats_of(context);
  CHECK_EQ(stats.instantiations, 1);
  CHECK_EQ(stats.graph_builds, 1);
  CHECK_EQ(stats.node_updates, 0);
  CHECK_EQ(stats.graph_launches, 500);
  /* The device keeps the fresh state after a launch that neither yields nor resumes. */
  CHECK_EQ(stats.state_uploads, 1);
  /* Consecutive tasks of a body follow each other programmatically (sm_90 on). */
  CHECK(stats.programmatic_task_edges > 0);
  free(a);
  ckpt_context_destroy(context);
}

/* Profiling off records nothing; on, a graph launch marks every phase once or more and
 * its device time (events around cuGraphLaunch) fits inside the host's; host gating walks
 * the plan and marks only the arguments. */
static void check_profile(const cuda_mode_t *mode, bool graph) {
  enum { LAUNCHES = 20 };
  scenario_t s;
  build_nested_to_the_end(&s, true);
  ckpt_context_t *context = cuda_context(mode);
  use_scenario_tasks(&s);
  ckpt_kernel_t *kernel = test_create_kernel(context, &s.builder.plan);
  world_args_t *a = calloc(1, sizeof(*a));
  world_args_init(a, &s);
  ckpt_outcome_t outcome;
  ckpt_kernel_profile_t profile;
  CHECK_STATUS(ckpt_kernel_launch(kernel, a->args, &outcome), CKPT_OK);
  CHECK_STATUS(ckpt_kernel_profile(kernel, &profile), CKPT_OK);
  CHECK_EQ(profile.launch_count, 0);
  CHECK_EQ(profile.total_ns, 0);
  ckpt_context_set_profile(context, true);
  for (int i = 0; i < LAUNCHES; ++i) {
    a->world.run_count = 0;
    CHECK_STATUS(ckpt_kernel_launch(kernel, a->args, &outcome), CKPT_OK);
  }
  CHECK(!outcome.yielded);
  CHECK_EQ(a->world.run_count, s.next_fn - 1);
  CHECK_STATUS(ckpt_kernel_profile(kernel, &profile), CKPT_OK);
  CHECK_EQ(profile.launch_count, LAUNCHES);
  uint64_t phases = 0;
  for (int p = 0; p < CKPT_PROFILE_PHASE_COUNT; ++p) {
    phases += profile.phase_ns[p];
    if (graph || p == CKPT_PROFILE_ARGUMENTS) CHECK(profile.phase_count[p] >= LAUNCHES);
    else CHECK_EQ(profile.phase_count[p], 0);
  }
  CHECK(phases <= profile.total_ns);
  CHECK_EQ(profile.device_count, graph ? LAUNCHES : 0);
  if (graph) CHECK(profile.device_ns > 0 && profile.device_ns <= profile.total_ns);
  ckpt_kernel_profile_reset(kernel);
  CHECK_STATUS(ckpt_kernel_profile(kernel, &profile), CKPT_OK);
  CHECK_EQ(profile.launch_count + profile.device_count + profile.total_ns, 0);
  free(a);
  ckpt_context_destroy(context);
}

static void test_cuda_profile(void) {
  check_profile(&cuda_modes[0], true);
  check_profile(&cuda_modes[2], false); /* host gating */
}

/* The programmatic task edges built for one launch of the nested plan with nothing
 * yielding, marked ready for programmatic launch or not, in a fresh context in `mode`. */
static int64_t nested_programmatic_task_edges(const cuda_mode_t *mode, bool programmatic) {
  scenario_t s;
  build_nested_to_the_end(&s, programmatic);
  ckpt_context_t *context = cuda_context(mode);
  use_scenario_tasks(&s);
  ckpt_kernel_t *kernel = test_create_kernel(context, &s.builder.plan);
  world_args_t *a = calloc(1, sizeof(*a));
  world_args_init(a, &s);
  ckpt_outcome_t outcome;
  CHECK_STATUS(ckpt_kernel_launch(kernel, a->args, &outcome), CKPT_OK);
  CHECK_EQ(a->world.run_count, s.next_fn - 1);
  int64_t edges = stats_of(context).programmatic_task_edges;
  ckpt_kernel_destroy(kernel);
  free(a);
  ckpt_context_destroy(context);
  return edges;
}

/* A task edge is programmatic only between tasks compiled for it, and never with
 * CKPT_CUDA_PDL=0: a task not compiled to wait on the device must not start early. */
static void test_cuda_task_edges_are_programmatic_only_where_allowed(void) {
  CHECK(nested_programmatic_task_edges(&cuda_modes[0], true) > 0); /* sm_90 on */
  CHECK_EQ(nested_programmatic_task_edges(&cuda_modes[3], true), 0);
  CHECK_EQ(nested_programmatic_task_edges(&cuda_modes[0], false), 0);
}

static void test_cuda_argument_swaps_update_nodes_without_rebuilding(void) {
  scenario_t s;
  build_straight(&s);
  for (int m = 0; m < 2; ++m) { /* prologue and IF gating */
    ckpt_context_t *context = cuda_context(&cuda_modes[m]);
    use_scenario_tasks(&s);
    ckpt_kernel_t *kernel = test_create_kernel(context, &s.builder.plan);
    world_args_t *first = calloc(1, sizeof(*first)), *second = calloc(1, sizeof(*second));
    world_args_init(first, &s);
    world_args_init(second, &s);
    first->world.rule_count = 1;  /* only the raiser's rule: the first launch yields */
    second->world.rule_count = 0; /* the second never yields */
    ckpt_outcome_t outcome;
    for (int round = 0; round < 20; ++round) {
      world_args_t *a = round % 2 ? second : first;
      *world_param(a, PARAM_FLAG_A) = 0;
      a->world.run_count = 0;
      CHECK_STATUS(ckpt_kernel_launch(kernel, a->args, &outcome), CKPT_OK);
      if (round % 2) {
        CHECK(!outcome.yielded);
        CHECK_EQ(a->world.run_count, 8);
      } else {
        /* The raiser's 1st run raises FLAG_A: only the first launch of `first` yields. */
        CHECK_EQ(outcome.yielded, round == 0);
      }
    }
    /* Resuming from label 101's top-level entry builds one more graph, once. */
    *world_param(first, PARAM_FLAG_A) = 0;
    for (int i = 0; i < 3; ++i) {
      first->world.run_count = 0;
      CHECK_STATUS(ckpt_kernel_resume(kernel, 101, first->args, &outcome), CKPT_OK);
      CHECK_EQ(first->world.run_count, 6);
    }
    ckpt_cuda_stats_t stats = stats_of(context);
    CHECK_EQ(stats.instantiations, 2);
    CHECK_EQ(stats.graph_builds, 2);
    CHECK(stats.node_updates >= 19 * 8);
    free(first);
    free(second);
    ckpt_context_destroy(context);
  }
}

/* The compiler's gating= option, carried in the plan, wins over CKPT_CUDA_GATING. */
static void test_cuda_plan_gating_wins(void) {
  scenario_t s;
  build_nested(&s);
  ckpt_context_t *context = cuda_context(&cuda_modes[0]); /* CKPT_CUDA_GATING=prologue */
  use_scenario_tasks(&s);
  s.builder.plan.gating = CKPT_GATING_IF_NODES;
  ckpt_kernel_t *forced = test_create_kernel(context, &s.builder.plan);
  s.builder.plan.gating = CKPT_GATING_AUTO;
  ckpt_kernel_t *automatic = test_create_kernel(context, &s.builder.plan);
  CHECK_EQ(((ckpt_cuda_kernel_t *)forced->backend_state)->gating, CKPT_GRAPH_GATING_IF);
  CHECK_EQ(((ckpt_cuda_kernel_t *)automatic->backend_state)->gating, CKPT_GRAPH_GATING_PROLOGUE);
  ckpt_context_destroy(context);

  ckpt_context_t *cpu = test_cpu_context();
  char *expected = run_scenario(cpu, &s, 6);
  ckpt_context_destroy(cpu);
  s.builder.plan.gating = CKPT_GATING_IF_NODES;
  context = cuda_context(&cuda_modes[0]);
  char *actual = run_scenario(context, &s, 6);
  CHECK_STR(actual, expected ? expected : "");
  free(expected);
  free(actual);
  ckpt_context_destroy(context);
}

/*--- programmatic launch ---------------------------------------------------------*/

/* Counts a check of a driver call made with the `driver` in scope; on failure reports the
 * call and its CUresult and yields false. */
#define CUDA_OK(call) cuda_call_ok(driver, (call), #call, __FILE__, __LINE__)

static bool cuda_call_ok(const ckpt_cuda_driver_t *driver, CUresult result, const char *call,
                         const char *file, int line) {
  ++test_checks;
  if (result == CUDA_SUCCESS) return true;
  char message[512];
  ckpt_cuda_describe_error(driver, result, call, message, sizeof(message));
  test_fail_at(file, line);
  fprintf(stderr, "%s\n", message);
  return false;
}

enum { PDL_THREADS = 128, PDL_DELAY_CYCLES = 40000, PDL_LAUNCHES = 1000 };

/* Builds storer -> pdl_read_state -> pdl_read_state, each `blocks` x PDL_THREADS, joined by
 * programmatic edges as the runtime joins tasks, and launches it PDL_LAUNCHES times on
 * `stream` from a zero state. Returns the number of reader threads whose read before the
 * wait differed from the state after it, with state[0] after the last launch (one per
 * launch) in *out_final; -1 after a failed driver call, which is reported. */
static long long count_stale_reads(const ckpt_cuda_driver_t *driver, CUstream stream,
                                   CUfunction storer, CUfunction reader, unsigned blocks,
                                   int32_t *out_final) {
  CUdeviceptr state = 0, stale = 0, sink = 0;
  int32_t delay = PDL_DELAY_CYCLES, stale_count = -1;
  void *storer_params[] = {&state, &delay, &sink};
  void *reader_params[] = {&state, &stale};
  CUgraph graph = NULL;
  CUgraphExec exec = NULL;
  CUgraphNode previous = NULL;
  CUgraphEdgeData edge;
  memset(&edge, 0, sizeof(edge));
  edge.type = CU_GRAPH_DEPENDENCY_TYPE_PROGRAMMATIC;
  edge.from_port = CU_GRAPH_KERNEL_NODE_PORT_PROGRAMMATIC;
  bool ok = CUDA_OK(driver->cuMemAlloc(&state, 4 * sizeof(int32_t))) &&
            CUDA_OK(driver->cuMemAlloc(&stale, sizeof(int32_t))) &&
            CUDA_OK(driver->cuMemAlloc(&sink, (size_t)blocks * PDL_THREADS * sizeof(int32_t))) &&
            CUDA_OK(driver->cuMemsetD32Async(state, 0, 4, stream)) &&
            CUDA_OK(driver->cuMemsetD32Async(stale, 0, 1, stream)) &&
            CUDA_OK(driver->cuGraphCreate(&graph, 0));
  for (int k = 0; ok && k < 3; ++k) {
    CUgraphNodeParams node;
    memset(&node, 0, sizeof(node));
    node.type = CU_GRAPH_NODE_TYPE_KERNEL;
    node.kernel.func = k == 0 ? storer : reader;
    node.kernel.gridDimX = blocks;
    node.kernel.gridDimY = node.kernel.gridDimZ = 1;
    node.kernel.blockDimX = PDL_THREADS;
    node.kernel.blockDimY = node.kernel.blockDimZ = 1;
    node.kernel.kernelParams = k == 0 ? storer_params : reader_params;
    CUgraphNode added = NULL;
    ok = CUDA_OK(driver->cuGraphAddNode(&added, graph, previous ? &previous : NULL,
                                        previous ? &edge : NULL, previous ? 1 : 0, &node));
    previous = added;
  }
  ok = ok && CUDA_OK(driver->cuGraphInstantiateWithFlags(&exec, graph, 0));
  for (int i = 0; ok && i < PDL_LAUNCHES; ++i) ok = CUDA_OK(driver->cuGraphLaunch(exec, stream));
  ok = ok &&
       CUDA_OK(driver->cuMemcpyDtoHAsync(&stale_count, stale, sizeof(stale_count), stream)) &&
       CUDA_OK(driver->cuMemcpyDtoHAsync(out_final, state, sizeof(*out_final), stream)) &&
       CUDA_OK(driver->cuStreamSynchronize(stream));
  if (exec) driver->cuGraphExecDestroy(exec);
  if (graph) driver->cuGraphDestroy(graph);
  if (sink) driver->cuMemFree(sink);
  if (stale) driver->cuMemFree(stale);
  if (state) driver->cuMemFree(state);
  return ok ? stale_count : -1;
}

/* A kernel started through a programmatic edge out of a kernel that stores the state
 * reads the state before its wait, as every task does, and so does the kernel it starts
 * early in turn: that read must already be final, because the storer releases block 0
 * only after its store and fence. The grids fill every SM twice, so the readers share SMs
 * (and their L1s) with storer blocks that cached the old value and are still running. */
static void test_cuda_programmatic_state_is_final_before_wait(void) {
  ckpt_context_t *context = cuda_context(&cuda_modes[0]);
  ckpt_cuda_backend_t *backend = (ckpt_cuda_backend_t *)context->backend;
  const ckpt_cuda_driver_t *driver = &backend->driver;
  int major = 0, sm_count = 0;
  CUstream stream = NULL;
  CUmodule module = NULL;
  CUfunction storer = NULL, storer_released_early = NULL, reader = NULL;
  bool pushed = CUDA_OK(driver->cuCtxPushCurrent(backend->cu_context));
  bool ok = pushed && CUDA_OK(driver->cuDeviceGetAttribute(
                          &major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, backend->device));
  if (ok && major < 9) {
    printf("test_cuda_programmatic_state_is_final_before_wait: skipped, compute capability "
           "%d.x has no programmatic launch\n",
           major);
    ok = false;
  }
  ok = ok &&
       CUDA_OK(driver->cuDeviceGetAttribute(&sm_count, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT,
                                            backend->device)) &&
       CUDA_OK(driver->cuStreamCreate(&stream, CU_STREAM_NON_BLOCKING)) &&
       CUDA_OK(driver->cuModuleLoadData(&module, test_cuda_kernels_ptx)) &&
       CUDA_OK(driver->cuModuleGetFunction(&storer, module, "pdl_store_state")) &&
       CUDA_OK(driver->cuModuleGetFunction(&storer_released_early, module,
                                           "pdl_store_state_released_early")) &&
       CUDA_OK(driver->cuModuleGetFunction(&reader, module, "pdl_read_state"));
  if (ok) {
    unsigned blocks = 2 * (unsigned)sm_count;
    int32_t final = 0, final_early = 0;
    long long stale = count_stale_reads(driver, stream, storer, reader, blocks, &final);
    long long stale_early =
        count_stale_reads(driver, stream, storer_released_early, reader, blocks, &final_early);
    printf("programmatic launch, %d launches of %u blocks x %d threads: %lld stale reads "
           "before the wait with the release after the store, %lld with the release at "
           "entry\n",
           PDL_LAUNCHES, blocks, PDL_THREADS, stale, stale_early);
    if (stale >= 0) {
      CHECK_EQ(stale, 0);
      CHECK_EQ(final, PDL_LAUNCHES);
    }
    /* The control shows the test can see a stale read: its readers start while the storer
     * spins about 20 us before its store. It could only miss every time if the dependents
     * never started early (a tool that serialises kernels), and then the check above would
     * prove nothing either. */
    if (stale_early >= 0) {
      CHECK(stale_early > 0);
      CHECK_EQ(final_early, PDL_LAUNCHES);
    }
  }
  if (module) driver->cuModuleUnload(module);
  if (stream) driver->cuStreamDestroy(stream);
  if (pushed) {
    CUcontext popped;
    driver->cuCtxPopCurrent(&popped);
  }
  ckpt_context_destroy(context);
}

/*--- device-resident arguments and errors --------------------------------------*/

static void test_cuda_device_resident_flag_passes_through(void) {
  scenario_t s;
  build_straight(&s);
  ckpt_context_t *context = cuda_context(&cuda_modes[0]);
  ckpt_cuda_backend_t *backend = (ckpt_cuda_backend_t *)context->backend;
  const ckpt_cuda_driver_t *driver = &backend->driver;
  CUdeviceptr flag = 0;
  CHECK_EQ(driver->cuCtxPushCurrent(backend->cu_context), CUDA_SUCCESS);
  CHECK_EQ(driver->cuMemAlloc(&flag, sizeof(int32_t)), CUDA_SUCCESS);
  int32_t zero = 0, value = -1;
  CHECK_EQ(driver->cuMemcpyHtoD(flag, &zero, sizeof(zero)), CUDA_SUCCESS);
  use_scenario_tasks(&s);
  ckpt_kernel_t *kernel = test_create_kernel(context, &s.builder.plan);
  world_args_t *a = calloc(1, sizeof(*a));
  world_args_init(a, &s);
  /* FLAG_A lives on the device: the raiser writes it there, the yield check reads it. */
  a->params[PARAM_FLAG_A - 1] =
      (memref0_t){(int32_t *)(uintptr_t)flag, (int32_t *)(uintptr_t)flag, 0};
  ckpt_outcome_t outcome;
  CHECK_STATUS(ckpt_kernel_launch(kernel, a->args, &outcome), CKPT_OK);
  CHECK(outcome.yielded);
  CHECK_EQ(outcome.label, 101);
  CHECK_EQ(driver->cuMemcpyDtoHAsync(&value, flag, sizeof(value), backend->stream), CUDA_SUCCESS);
  CHECK_EQ(driver->cuStreamSynchronize(backend->stream), CUDA_SUCCESS);
  CHECK_EQ(value, 1);
  CHECK_EQ(driver->cuMemcpyHtoD(flag, &zero, sizeof(zero)), CUDA_SUCCESS);
  a->world.run_count = 0;
  CHECK_STATUS(ckpt_kernel_resume(kernel, 101, a->args, &outcome), CKPT_OK);
  CHECK(!outcome.yielded);
  CHECK_EQ(a->world.run_count, 6);
  driver->cuMemFree(flag);
  CUcontext popped;
  driver->cuCtxPopCurrent(&popped);
  free(a);
  ckpt_context_destroy(context);
}

static void missing_kernel_dispatch(int64_t fn, void **args, void *recorder) {
  (void)fn;
  memref1_t state;
  ckpt_mlir_device_state(recorder, &state);
  void *operands[] = {&state, args[0]};
  static const int64_t fields[] = {CKPT_PARAM_MEMREF, 1, 32, CKPT_ELEM_INT,
                                   CKPT_PARAM_MEMREF, 1, 8,  CKPT_ELEM_OTHER};
  ckpt_mlir_record_launch(recorder, 0, "no_such_kernel", 1, 1, 1, 1, 1, 1, 0, 2, operands, fields);
}

static void test_cuda_failures_name_the_call(void) {
  scenario_t s;
  build_straight(&s);
  s.builder.plan.dispatch = missing_kernel_dispatch;
  ckpt_context_t *context = cuda_context(&cuda_modes[0]);
  ckpt_kernel_t *kernel = test_create_kernel(context, &s.builder.plan);
  world_args_t *a = calloc(1, sizeof(*a));
  world_args_init(a, &s);
  ckpt_outcome_t outcome;
  CHECK_STATUS(ckpt_kernel_launch(kernel, a->args, &outcome), CKPT_ERROR_BACKEND);
  CHECK_CONTAINS(ckpt_context_last_error(context),
                 "cuModuleGetFunction failed: CUDA_ERROR_NOT_FOUND (");
  CHECK_CONTAINS(ckpt_context_last_error(context),
                 "device image 0 of kernel 'straight' has no kernel 'no_such_kernel'");
  /* Failing again, not crashing; and the context still serves other kernels. */
  CHECK_STATUS(ckpt_kernel_launch(kernel, a->args, &outcome), CKPT_ERROR_BACKEND);
  ckpt_kernel_destroy(kernel);
  s.builder.plan.dispatch = world_dispatch;
  use_scenario_tasks(&s);
  kernel = test_create_kernel(context, &s.builder.plan);
  a->world.run_count = 0;
  CHECK_STATUS(ckpt_kernel_launch(kernel, a->args, &outcome), CKPT_OK);
  CHECK_EQ(outcome.label, 101);
  free(a);
  ckpt_context_destroy(context);
}

int main(int argc, char **argv) {
  bool failures = true, races = true;
  for (int i = 1; i < argc; ++i) {
    if (strncmp(argv[i], "--random=", 9) == 0) random_plans = atoi(argv[i] + 9);
    if (strcmp(argv[i], "--no-failures") == 0) failures = false;
    if (strcmp(argv[i], "--no-races") == 0) races = false;
  }
  ckpt_context_t *probe = NULL;
  ckpt_status_code_t code = ckpt_context_create(CKPT_TARGET_CUDA, &probe);
  if (code != CKPT_OK) {
    fprintf(stderr, "skipped: %s\n", ckpt_context_last_error(probe));
    ckpt_context_destroy(probe);
    return code == CKPT_ERROR_UNAVAILABLE ? 77 : 1;
  }
  ckpt_context_destroy(probe);
  TEST_RUN(test_cuda_matches_cpu_on_a_straight_plan);
  TEST_RUN(test_cuda_matches_cpu_on_nested_loops);
  TEST_RUN(test_cuda_matches_cpu_on_random_plans);
  TEST_RUN(test_cuda_graph_is_built_once_for_many_launches);
  TEST_RUN(test_cuda_profile);
  TEST_RUN(test_cuda_task_edges_are_programmatic_only_where_allowed);
  TEST_RUN(test_cuda_argument_swaps_update_nodes_without_rebuilding);
  TEST_RUN(test_cuda_plan_gating_wins);
  if (races) TEST_RUN(test_cuda_programmatic_state_is_final_before_wait);
  TEST_RUN(test_cuda_device_resident_flag_passes_through);
  if (failures) TEST_RUN(test_cuda_failures_name_the_call);
  return test_report();
}
