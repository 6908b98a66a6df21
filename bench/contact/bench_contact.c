/* ckpt-bench-contact: the contact-solver step at scale, with and without checkpoints
 * (bench/contact/README.md). Every variant runs every step from the same initial state;
 * the table gives the median time per step and the memory each needs, and the run fails
 * when two variants end a step in different states. */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "contact.h"

#ifndef CONTACT_TARGET
#define CONTACT_TARGET "cpu"
#endif

enum { CONTACTS_LABEL = 0 }; /* contact.mlir: ckpt.checkpoint 0 "contacts" */

typedef enum {
  VARIANT_FLOOR,        /* no checkpoints, a buffer that never overflows */
  VARIANT_CKPT_NO_YIELD,/* checkpoints, a buffer that never overflows */
  VARIANT_CKPT,         /* checkpoints: yield at "contacts", grow, resume */
  VARIANT_SNAPSHOT,     /* no checkpoints: snapshot, and on overflow grow, restore, relaunch */
  VARIANT_WORST_CASE,   /* no checkpoints, the largest buffer detection can fill */
  VARIANT_COUNT
} variant_t;

static const char *const kVariantNames[VARIANT_COUNT] = {
    "floor: no overflow, no checkpoints", "ckpt, no overflow",
    "ckpt: yield, grow, resume", "snapshot: restore, relaunch", "worst case up front"};

typedef struct {
  int64_t bodies, steps, capacity, slots;
  double overflow_fraction, crowded_fraction;
  uint64_t seed;
  contact_memory_kind_t memory;
  const char *csv_path;
  const char *device;
} options_t;

typedef struct {
  int64_t capacity;         /* per body, of the variant's buffer now */
  int64_t peak_capacity;
  int32_t *buffer;
  double *times_calm, *times_crowded;
  double *times;            /* per step, for differences between variants on one step */
  double phases[3];         /* ckpt, this step: launch to the yield, host, resume to the end */
  int64_t calm_count, crowded_count;
  int64_t grows;            /* yields (ckpt) or restarts (snapshot) */
  uint64_t *hashes;         /* per step */
  int32_t *iterations;      /* per step */
} variant_run_t;

static double now_seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int compare_doubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double median(double *values, int64_t count) {
  if (count == 0) return 0.0;
  qsort(values, (size_t)count, sizeof(*values), compare_doubles);
  return count % 2 ? values[count / 2] : 0.5 * (values[count / 2 - 1] + values[count / 2]);
}

static bool bodies_alloc(contact_bodies_t *m, int64_t n) {
  double *data = contact_memory_alloc((size_t)n * 2 * sizeof(double));
  *m = (contact_bodies_t){data, data, 0, {n, 2}, {2, 1}};
  return data != NULL;
}

static bool flag_alloc(contact_i32_0d_t *m) {
  int32_t *data = contact_memory_alloc(sizeof(int32_t));
  *m = (contact_i32_0d_t){data, data, 0};
  return data != NULL;
}

/* Points the solver's contact buffer at `buffer` (bodies x capacity). */
static void use_buffer(contact_solver_t *s, int32_t *buffer, int64_t capacity) {
  s->neighbours = (contact_i32_2d_t){buffer, buffer, 0, {s->x.sizes[0], capacity}, {capacity, 1}};
}

/* Replaces the variant's buffer with one of `capacity` per body. */
static bool resize_buffer(variant_run_t *run, int64_t bodies, int64_t capacity) {
  if (run->buffer && run->capacity == capacity) return true;
  contact_memory_free(run->buffer);
  run->buffer = contact_memory_alloc((size_t)(bodies * capacity) * sizeof(int32_t));
  run->capacity = capacity;
  if (capacity > run->peak_capacity) run->peak_capacity = capacity;
  return run->buffer != NULL;
}

static int64_t launch_checkpointed(contact_solver_t *s, int64_t resume_label) {
  return _mlir_ciface_launch_checkpointed(
      &s->x, &s->v, &s->x_start, &s->x_pred, &s->grad, &s->hess, &s->cell_count,
      &s->cell_bodies, &s->neighbours, &s->neighbour_count, &s->overflow, &s->grid_overflow,
      &s->moving, &s->newton, &s->iterations, resume_label);
}

static int64_t launch_plain(contact_solver_t *s) {
  return _mlir_ciface_launch_plain(&s->x, &s->v, &s->x_start, &s->x_pred, &s->grad, &s->hess,
                                   &s->cell_count, &s->cell_bodies, &s->neighbours,
                                   &s->neighbour_count, &s->overflow, &s->grid_overflow,
                                   &s->moving, &s->newton, &s->iterations);
}

/* One step of `variant`, timed by the caller. Returns false on a failed launch or an
 * overflow the variant cannot handle. */
static bool run_step(variant_t variant, variant_run_t *run, contact_solver_t *s,
                     contact_bodies_t *snapshot_x, contact_bodies_t *snapshot_v) {
  int64_t bodies = s->x.sizes[0];
  switch (variant) {
  case VARIANT_FLOOR:
  case VARIANT_WORST_CASE:
  case VARIANT_CKPT_NO_YIELD: {
    int64_t code = variant == VARIANT_CKPT_NO_YIELD ? launch_checkpointed(s, -1) : launch_plain(s);
    if (code != -1 || *s->overflow.aligned != 0) {
      fprintf(stderr, "contact: %s: status %" PRId64 ", overflow %d with %" PRId64
                      " per body: the buffer was meant never to overflow\n",
              kVariantNames[variant], code, *s->overflow.aligned, run->capacity);
      return false;
    }
    return true;
  }
  case VARIANT_CKPT: {
    double started = now_seconds();
    int64_t code = launch_checkpointed(s, -1);
    double yielded = now_seconds(), resumed = yielded;
    while (code == CONTACTS_LABEL) {
      /* The stale neighbours need no copy: the resumed checkpoint detects them again. */
      if (!resize_buffer(run, bodies, run->capacity * 2)) return false;
      use_buffer(s, run->buffer, run->capacity);
      *s->overflow.aligned = 0;
      run->grows++;
      resumed = now_seconds();
      code = launch_checkpointed(s, CONTACTS_LABEL);
    }
    double finished = now_seconds();
    run->phases[0] = yielded - started;
    run->phases[1] = resumed - yielded;
    run->phases[2] = finished - resumed;
    if (code != -1) fprintf(stderr, "contact: ckpt: launch status %" PRId64 "\n", code);
    return code == -1;
  }
  case VARIANT_SNAPSHOT: {
    if (_mlir_ciface_launch_copy_state(&s->x, &s->v, snapshot_x, snapshot_v) != -1) return false;
    int64_t code = launch_plain(s);
    while (code == -1 && *s->overflow.aligned != 0) {
      if (!resize_buffer(run, bodies, run->capacity * 2)) return false;
      use_buffer(s, run->buffer, run->capacity);
      if (_mlir_ciface_launch_copy_state(snapshot_x, snapshot_v, &s->x, &s->v) != -1)
        return false;
      *s->overflow.aligned = 0;
      run->grows++;
      code = launch_plain(s);
    }
    if (code != -1) fprintf(stderr, "contact: snapshot: launch status %" PRId64 "\n", code);
    return code == -1;
  }
  default:
    return false;
  }
}

static bool parse_options(int argc, char **argv, options_t *o) {
  *o = (options_t){.bodies = 100000, .steps = 20, .capacity = 6, .slots = 16,
                   .overflow_fraction = 0.25, .crowded_fraction = 0.1, .seed = 1,
                   .memory = CONTACT_MEMORY_HOST, .device = NULL};
  for (int i = 1; i < argc; ++i) {
    const char *a = argv[i];
    if (!strcmp(a, "--smoke")) {
      o->bodies = 2000;
      o->steps = 4;
    } else if (!strncmp(a, "--bodies=", 9)) {
      o->bodies = strtoll(a + 9, NULL, 10);
    } else if (!strncmp(a, "--steps=", 8)) {
      o->steps = strtoll(a + 8, NULL, 10);
    } else if (!strncmp(a, "--capacity=", 11)) {
      o->capacity = strtoll(a + 11, NULL, 10);
    } else if (!strncmp(a, "--overflow-fraction=", 20)) {
      o->overflow_fraction = strtod(a + 20, NULL);
    } else if (!strncmp(a, "--crowded-fraction=", 19)) {
      o->crowded_fraction = strtod(a + 19, NULL);
    } else if (!strncmp(a, "--seed=", 7)) {
      o->seed = strtoull(a + 7, NULL, 10);
    } else if (!strcmp(a, "--memory=cuda-managed")) {
      o->memory = CONTACT_MEMORY_CUDA_MANAGED;
    } else if (!strcmp(a, "--memory=host")) {
      o->memory = CONTACT_MEMORY_HOST;
    } else if (!strncmp(a, "--csv=", 6)) {
      o->csv_path = a + 6;
    } else if (!strncmp(a, "--device=", 9)) {
      o->device = a + 9;
    } else {
      fprintf(stderr,
              "usage: %s [--smoke] [--bodies=N] [--steps=S] [--capacity=C] "
              "[--overflow-fraction=F] [--crowded-fraction=F] [--seed=S] "
              "[--memory=host|cuda-managed] [--csv=PATH] [--device=TEXT]\n",
              argv[0]);
      return false;
    }
  }
  if (o->device && !*o->device) o->device = NULL;
  if (o->bodies < 2 || o->steps < 1 || o->capacity < 1 || o->overflow_fraction < 0 ||
      o->overflow_fraction > 1) {
    fprintf(stderr, "contact: bad option values\n");
    return false;
  }
  return true;
}

/* Step k overflows when the running count of overflowing steps, k * fraction, passes an
 * integer there: the chosen fraction, spread evenly. */
static bool step_overflows(int64_t step, double fraction) {
  return (int64_t)((double)(step + 1) * fraction) > (int64_t)((double)step * fraction);
}

static int64_t start_capacity(variant_t variant, const options_t *o) {
  switch (variant) {
  case VARIANT_CKPT:
  case VARIANT_SNAPSHOT:
    return o->capacity;
  case VARIANT_WORST_CASE:
    return 9 * o->slots; /* every slot of the 3x3 cells a body looks at */
  default:
    return 2 * o->capacity; /* what one doubling gives: enough for the crowded state */
  }
}

static bool setup_solver(contact_solver_t *s, const contact_layout_t *layout, int64_t slots) {
  int64_t n = layout->bodies, cells = layout->cells_x * layout->cells_y;
  bool ok = bodies_alloc(&s->x, n) && bodies_alloc(&s->v, n) && bodies_alloc(&s->x_start, n) &&
            bodies_alloc(&s->x_pred, n) && bodies_alloc(&s->grad, n) && bodies_alloc(&s->hess, n);
  int32_t *cell_count = contact_memory_alloc((size_t)cells * sizeof(int32_t));
  int32_t *cell_bodies = contact_memory_alloc((size_t)(cells * slots) * sizeof(int32_t));
  int32_t *neighbour_count = contact_memory_alloc((size_t)n * sizeof(int32_t));
  s->cell_count = (contact_i32_2d_t){cell_count, cell_count, 0,
                                     {layout->cells_y, layout->cells_x}, {layout->cells_x, 1}};
  s->cell_bodies = (contact_i32_3d_t){cell_bodies, cell_bodies, 0,
                                      {layout->cells_y, layout->cells_x, slots},
                                      {layout->cells_x * slots, slots, 1}};
  s->neighbour_count = (contact_i32_1d_t){neighbour_count, neighbour_count, 0, {n}, {1}};
  return ok && cell_count && cell_bodies && neighbour_count && flag_alloc(&s->overflow) &&
         flag_alloc(&s->grid_overflow) && flag_alloc(&s->moving) && flag_alloc(&s->newton) &&
         flag_alloc(&s->iterations);
}

/* The per-step tables of every variant, and the phases of the checkpointed one. */
static bool tables_alloc(variant_run_t runs[VARIANT_COUNT], double *phases[3], int64_t steps) {
  bool ok = true;
  for (int k = 0; k < VARIANT_COUNT; ++k) {
    runs[k].times_calm = calloc((size_t)steps, sizeof(double));
    runs[k].times_crowded = calloc((size_t)steps, sizeof(double));
    runs[k].times = calloc((size_t)steps, sizeof(double));
    runs[k].hashes = calloc((size_t)steps, sizeof(uint64_t));
    runs[k].iterations = calloc((size_t)steps, sizeof(int32_t));
    ok = ok && runs[k].times_calm && runs[k].times_crowded && runs[k].times && runs[k].hashes &&
         runs[k].iterations;
  }
  for (int p = 0; p < 3; ++p) ok = (phases[p] = calloc((size_t)steps, sizeof(double))) && ok;
  if (!ok) fprintf(stderr, "contact: out of memory for the timing tables\n");
  return ok;
}

static void tables_free(variant_run_t runs[VARIANT_COUNT], double *phases[3]) {
  for (int k = 0; k < VARIANT_COUNT; ++k) {
    free(runs[k].times_calm);
    free(runs[k].times_crowded);
    free(runs[k].times);
    free(runs[k].hashes);
    free(runs[k].iterations);
  }
  for (int p = 0; p < 3; ++p) free(phases[p]);
}

/* Runs and reports the benchmark; the buffers it makes are freed by the caller through
 * contact_memory_release_all. Returns the exit status. */
static int bench(options_t o, variant_run_t runs[VARIANT_COUNT], double *phases[3]) {
  contact_layout_t layout = contact_layout(o.bodies);
  int64_t n = o.bodies, cells = layout.cells_x * layout.cells_y;

  contact_solver_t solver;
  contact_bodies_t calm_x, calm_v, crowded_x, crowded_v, snapshot_x, snapshot_v;
  if (!setup_solver(&solver, &layout, o.slots) || !bodies_alloc(&calm_x, n) ||
      !bodies_alloc(&calm_v, n) || !bodies_alloc(&crowded_x, n) || !bodies_alloc(&crowded_v, n) ||
      !bodies_alloc(&snapshot_x, n) || !bodies_alloc(&snapshot_v, n))
    return 1;
  contact_state_generate(&layout, false, o.crowded_fraction, o.seed, calm_x.aligned,
                         calm_v.aligned);
  contact_state_generate(&layout, true, o.crowded_fraction, o.seed, crowded_x.aligned,
                         crowded_v.aligned);

  /* Two untimed warm-up steps (calm, then crowded), then the measured ones. The variants
   * take turns going first. */
  int64_t crowded_steps = 0;
  for (int64_t step = -2; step < o.steps; ++step) {
    bool crowded = step < 0 ? step == -1 : step_overflows(step, o.overflow_fraction);
    if (step >= 0 && crowded) crowded_steps++;
    for (int k = 0; k < VARIANT_COUNT; ++k) {
      variant_t variant = (variant_t)((k + step + 2) % VARIANT_COUNT);
      variant_run_t *run = &runs[variant];
      int64_t grows_before = run->grows;
      if (!resize_buffer(run, n, start_capacity(variant, &o))) return 1;
      use_buffer(&solver, run->buffer, run->capacity);
      if (_mlir_ciface_launch_copy_state(crowded ? &crowded_x : &calm_x,
                                         crowded ? &crowded_v : &calm_v, &solver.x,
                                         &solver.v) != -1) {
        fprintf(stderr, "contact: loading the initial state failed\n");
        return 1;
      }
      *solver.overflow.aligned = 0;
      *solver.grid_overflow.aligned = 0;
      double started = now_seconds();
      bool ok = run_step(variant, run, &solver, &snapshot_x, &snapshot_v);
      double seconds = now_seconds() - started;
      if (!ok) return 1;
      if (*solver.grid_overflow.aligned != 0) {
        fprintf(stderr, "contact: a cell held more than %" PRId64 " bodies (--slots)\n", o.slots);
        return 1;
      }
      if (step < 0) {
        run->grows = grows_before;
        continue;
      }
      if (crowded)
        run->times_crowded[run->crowded_count++] = seconds;
      else
        run->times_calm[run->calm_count++] = seconds;
      run->times[step] = seconds;
      if (variant == VARIANT_CKPT && crowded)
        for (int p = 0; p < 3; ++p) phases[p][run->crowded_count - 1] = run->phases[p];
      run->hashes[step] = contact_state_hash(solver.v.aligned, 2 * n,
                                             contact_state_hash(solver.x.aligned, 2 * n,
                                                                0xcbf29ce484222325ULL));
      run->iterations[step] = *solver.iterations.aligned;
      for (int64_t i = 0; i < 2 * n; ++i)
        if (!isfinite(solver.x.aligned[i]) || !isfinite(solver.v.aligned[i])) {
          fprintf(stderr, "contact: %s: step %" PRId64 " ends with a non-finite value\n",
                  kVariantNames[variant], step);
          return 1;
        }
    }
  }

  /* Every variant must end every step where the floor does. */
  int64_t mismatches = 0;
  for (int64_t step = 0; step < o.steps; ++step)
    for (int k = 1; k < VARIANT_COUNT; ++k)
      if (runs[k].hashes[step] != runs[0].hashes[step] ||
          runs[k].iterations[step] != runs[0].iterations[step]) {
        fprintf(stderr, "contact: step %" PRId64 ": %s ends in another state than the floor\n",
                step, kVariantNames[k]);
        mismatches++;
      }

  /* The workload as designed: each crowded step overflows exactly once, no calm step does. */
  bool as_designed = runs[VARIANT_CKPT].grows == crowded_steps &&
                     runs[VARIANT_SNAPSHOT].grows == crowded_steps;
  if (!as_designed)
    fprintf(stderr, "contact: %" PRId64 " yields and %" PRId64 " restarts for %" PRId64
                    " crowded steps: the states do not overflow once per crowded step\n",
            runs[VARIANT_CKPT].grows, runs[VARIANT_SNAPSHOT].grows, crowded_steps);

  double base_bytes = (double)n * (6 * 16 + 4) + (double)cells * 4.0 * (double)(1 + o.slots);
  double calm_ms[VARIANT_COUNT], crowded_ms[VARIANT_COUNT], mean_ms[VARIANT_COUNT];
  double buffer_mb[VARIANT_COUNT], total_mb[VARIANT_COUNT];
  for (int k = 0; k < VARIANT_COUNT; ++k) {
    variant_run_t *run = &runs[k];
    double sum = 0;
    for (int64_t i = 0; i < run->calm_count; ++i) sum += run->times_calm[i];
    for (int64_t i = 0; i < run->crowded_count; ++i) sum += run->times_crowded[i];
    mean_ms[k] = 1e3 * sum / (double)o.steps;
    calm_ms[k] = 1e3 * median(run->times_calm, run->calm_count);
    crowded_ms[k] = 1e3 * median(run->times_crowded, run->crowded_count);
    double buffer = (double)n * (double)run->peak_capacity * 4.0;
    buffer_mb[k] = buffer / 1e6;
    total_mb[k] = (base_bytes + buffer + (k == VARIANT_SNAPSHOT ? 32.0 * (double)n : 0)) / 1e6;
  }

  printf("contact step: %" PRId64 " bodies, %" PRId64 " steps of which %" PRId64
         " overflow (fraction %.2f), start capacity %" PRId64 " per body, %" PRId64
         " slots per cell; target %s%s%s\n",
         n, o.steps, crowded_steps, o.overflow_fraction, o.capacity, o.slots, CONTACT_TARGET,
         o.device ? ", " : "", o.device ? o.device : "");
  printf("medians over steps, milliseconds; x floor: ratio to the floor on the same steps\n\n");
  printf("%-36s %9s %8s %9s %8s %9s %7s %10s %9s\n", "variant", "calm ms", "x floor",
         "ovf ms", "x floor", "mean ms", "grows", "buffer MB", "total MB");
  for (int k = 0; k < VARIANT_COUNT; ++k)
    printf("%-36s %9.3f %7.3fx %9.3f %7.3fx %9.3f %7" PRId64 " %10.1f %9.1f\n", kVariantNames[k],
           calm_ms[k], calm_ms[0] > 0 ? calm_ms[k] / calm_ms[0] : 0.0, crowded_ms[k],
           crowded_ms[0] > 0 ? crowded_ms[k] / crowded_ms[0] : 0.0, mean_ms[k], runs[k].grows,
           buffer_mb[k], total_mb[k]);
  int32_t iterations_calm = 0, iterations_crowded = 0;
  for (int64_t step = 0; step < o.steps; ++step) {
    int32_t *most = step_overflows(step, o.overflow_fraction) ? &iterations_crowded : &iterations_calm;
    if (runs[0].iterations[step] > *most) *most = runs[0].iterations[step];
  }
  printf("\ngrows: yields (ckpt) or restarts (snapshot) over the measured steps; Newton"
         " iterations per step: %d calm, %d overflowing\n",
         iterations_calm, iterations_crowded);
  if (crowded_steps > 0) {
    /* Differences taken within each step, where both variants ran moments apart, then
     * their median: steadier than a difference of medians on a busy machine. */
    double *costs = calloc((size_t)crowded_steps, sizeof(double));
    if (!costs) return 1;
    int64_t count = 0;
    for (int64_t step = 0; step < o.steps; ++step)
      if (step_overflows(step, o.overflow_fraction))
        costs[count++] = runs[VARIANT_CKPT].times[step] - runs[VARIANT_CKPT_NO_YIELD].times[step];
    double cost = 1e3 * median(costs, count);
    free(costs);
    double share = 100.0 * cost / crowded_ms[VARIANT_FLOOR];
    printf("yield + grow + resume: %.3f ms over ckpt without overflow (median of per-step"
           " differences) = %.1f%% of a floor step (target < 5%%): %s\n",
           cost, share,
           cost < 0 ? "below the noise (negative)" : share < 5.0 ? "met" : "not met");
    int64_t crowded_ckpt = runs[VARIANT_CKPT].crowded_count;
    printf("ckpt on overflowing steps, medians: launch to the yield %.3f ms, host (grow the"
           " buffer) %.3f ms, resume to the end %.3f ms\n",
           1e3 * median(phases[0], crowded_ckpt), 1e3 * median(phases[1], crowded_ckpt),
           1e3 * median(phases[2], crowded_ckpt));
    printf("ckpt vs snapshot on overflowing steps: %.3f ms vs %.3f ms (%.2fx): %s\n",
           crowded_ms[VARIANT_CKPT], crowded_ms[VARIANT_SNAPSHOT],
           crowded_ms[VARIANT_SNAPSHOT] / crowded_ms[VARIANT_CKPT],
           crowded_ms[VARIANT_CKPT] < crowded_ms[VARIANT_SNAPSHOT] ? "faster" : "not faster");
  }
  printf("final states: %s; fingerprint of the last: %016" PRIx64 "\n",
         mismatches ? "MISMATCH" : "every variant equals the floor, bit for bit, on every step",
         runs[0].hashes[o.steps - 1]);

  if (o.csv_path) {
    FILE *csv = fopen(o.csv_path, "w");
    if (!csv) {
      fprintf(stderr, "contact: cannot write %s\n", o.csv_path);
      return 1;
    }
    fprintf(csv, "variant,calm_ms,overflow_ms,mean_ms,buffer_mb,total_mb\n");
    for (int k = 0; k < VARIANT_COUNT; ++k)
      fprintf(csv, "\"%s\",%.4f,%.4f,%.4f,%.2f,%.2f\n", kVariantNames[k], calm_ms[k], crowded_ms[k],
              mean_ms[k], buffer_mb[k], total_mb[k]);
    fclose(csv);
  }
  return mismatches || !as_designed ? 1 : 0;
}

int main(int argc, char **argv) {
  options_t o;
  if (!parse_options(argc, argv, &o)) return 2;
  if (!contact_memory_init(o.memory)) return 1;
  variant_run_t runs[VARIANT_COUNT];
  double *phases[3] = {NULL, NULL, NULL};
  memset(runs, 0, sizeof runs);
  int status = tables_alloc(runs, phases, o.steps) ? bench(o, runs, phases) : 1;
  tables_free(runs, phases);
  contact_memory_release_all();
  return status;
}
