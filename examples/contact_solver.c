/* One step of an implicit contact solver, with a contact buffer that the host grows on
 * demand: the C twin of contact_solver.mlir (which explains the physics), built with
 * clang and the ckpt LLVM plugin. The same arithmetic in the same order, so it prints
 * what the MLIR program prints.
 *
 * The graph kernel's Newton do-while detects contacts at the checkpoint labelled 0
 * "contacts"; when the pair buffer is too small the launch yields there, the host passes
 * a buffer twice as big and resumes from that label. The checkpoint starts by resetting
 * the pair count and changes no position, so running it again is safe.
 *
 *   clang-22 -O2 -fpass-plugin=build/lib/libCkptLLVMPlugin.so -Iruntime/include \
 *       examples/contact_solver.c build/runtime/libckpt_runtime.so -lm -o contact_solver */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ckpt/graph.h"

enum { DISCS = 8 };

static const double kInitialPositions[DISCS][2] = {
    {0.0, 0.0},  {0.98, 0.0}, {0.0, 0.98}, {0.98, 0.98},
    {2.26, 0.0}, {3.24, 0.0}, {2.26, 0.98}, {3.24, 0.98}};
static const double kInitialVelocities[DISCS][2] = {
    {4.0, 0.0},  {4.0, 0.0},  {4.0, 0.0},  {4.0, 0.0},
    {-4.0, 0.0}, {-4.0, 0.0}, {-4.0, 0.0}, {-4.0, 0.0}};

/* x and v (n rows of 2) are the state, updated in place; x_start, x_pred, grad and hess
 * are workspace; pairs (capacity rows of 2) and count are the contact buffer; overflow is
 * the checkpoint's flag, newton the do-while condition; iterations and residual report
 * how the solve went. */
CKPT_GRAPH_KERNEL void step(double *x, double *v, double *x_start, double *x_pred, double *grad,
                            double *hess, int32_t *pairs, int64_t capacity, int32_t *count,
                            int32_t *overflow, int32_t *newton, int32_t *iterations,
                            double *residual, int64_t n) {
  const double dt = 0.1, inertia = 100.0, stiffness = 1000.0, diameter = 1.0;
  const double reach_squared = 1.21, tolerance = 1.0e-6; /* reach: diameter + margin 0.1 */
  const int32_t max_iterations = 100;

  /* Start of the step: remember x, predict where inertia alone would take it. */
  CKPT_TASK(
    for (int64_t k = 0; k < 2 * n; ++k) {
      x_start[k] = x[k];
      x_pred[k] = x[k] + dt * v[k];
    }
    *newton = 1;
    *iterations = 0;);

  CKPT_DO_WHILE(newton,
    /* Contact detection: every pair closer than the reach, in a fixed order. */
    CKPT_CHECKPOINT(0, "contacts", overflow,
      CKPT_TASK(*count = 0;);
      CKPT_TASK(
        for (int64_t i = 0; i < n; ++i)
          for (int64_t j = i + 1; j < n; ++j) {
            double dx = x[2 * j] - x[2 * i], dy = x[2 * j + 1] - x[2 * i + 1];
            if (dx * dx + dy * dy < reach_squared) {
              int32_t slot = *count;
              if (slot < (int32_t)capacity) {
                pairs[2 * slot] = (int32_t)i;
                pairs[2 * slot + 1] = (int32_t)j;
              } else {
                *overflow = 1;
              }
              *count = slot + 1; /* every candidate: the host sees how many it needs */
            }
          }));

    /* Gradient and diagonal Hessian of the inertia term, one coordinate per iteration
     * (on as many threads as the runtime has). */
    CKPT_PARALLEL_FOR(k, 2 * n,
      grad[k] = inertia * (x[k] - x_pred[k]);
      hess[k] = inertia;);

    /* Contact terms, pair by pair: a penalty on the overlap of the discs. */
    CKPT_TASK(
      int64_t stored = *count < capacity ? *count : capacity;
      for (int64_t p = 0; p < stored; ++p) {
        int64_t i = pairs[2 * p], j = pairs[2 * p + 1];
        double dx = x[2 * j] - x[2 * i], dy = x[2 * j + 1] - x[2 * i + 1];
        double dist = sqrt(dx * dx + dy * dy);
        double gap = dist - diameter;
        if (gap < 0.0) {
          double per_length = stiffness * gap / dist;
          double fx = per_length * dx, fy = per_length * dy;
          grad[2 * i] -= fx;
          grad[2 * i + 1] -= fy;
          grad[2 * j] += fx;
          grad[2 * j + 1] += fy;
          for (int d = 0; d < 2; ++d) {
            hess[2 * i + d] += stiffness;
            hess[2 * j + d] += stiffness;
          }
        }
      });

    /* The Newton update, x -= grad / hess; the largest move is the residual. */
    CKPT_TASK(
      double largest = 0.0;
      for (int64_t k = 0; k < 2 * n; ++k) {
        double move = grad[k] / hess[k];
        x[k] -= move;
        largest = fmax(largest, fabs(move));
      }
      *residual = largest;);

    /* Another iteration while the last move was large and the budget lasts. */
    CKPT_TASK(
      int32_t done = *iterations + 1;
      *iterations = done;
      *newton = *residual > tolerance && done < max_iterations;));

  /* End of the step: the velocity that took x_start to x. */
  CKPT_PARALLEL_FOR(k, 2 * n, v[k] = (x[k] - x_start[k]) / dt;);
}

typedef struct solve_result_t {
  int64_t capacity;
  int32_t yields, iterations;
  int ok;
} solve_result_t;

/* Runs one step from a buffer of `capacity` pairs, doubling it whenever the launch yields
 * at "contacts". */
static solve_result_t solve(double *x, double *v, int64_t capacity, int verbose) {
  double x_start[2 * DISCS], x_pred[2 * DISCS], grad[2 * DISCS], hess[2 * DISCS], residual = 0;
  int32_t count = 0, overflow = 0, newton = 0, iterations = 0;
  int32_t *pairs = calloc((size_t)capacity * 2, sizeof *pairs);
  solve_result_t result = {.capacity = capacity};
  ckpt_launch_status_t status;
  CKPT_LAUNCH(&status, step(x, v, x_start, x_pred, grad, hess, pairs, capacity, &count,
                            &overflow, &newton, &iterations, &residual, DISCS));
  while (status.ok && status.yielded && status.label == 0) {
    if (verbose)
      printf("yielded at label %lld (\"contacts\") in Newton iteration %d: %d candidate pairs, "
             "capacity %lld; growing the buffer to %lld and resuming\n",
             (long long)status.label, iterations + 1, count, (long long)capacity,
             (long long)(2 * capacity));
    /* The stale pairs need no copy: the resumed checkpoint detects them again. */
    free(pairs);
    capacity *= 2;
    pairs = calloc((size_t)capacity * 2, sizeof *pairs);
    overflow = 0; /* the framework never writes the flag */
    CKPT_RESUME(&status, status.label,
                step(x, v, x_start, x_pred, grad, hess, pairs, capacity, &count, &overflow,
                     &newton, &iterations, &residual, DISCS));
    result.yields += 1;
  }
  if (verbose)
    printf("finished after %d Newton iterations with %d contact pairs\n", iterations, count);
  if (status.yielded)
    printf("error: yielded at a label this host does not handle: %lld\n", (long long)status.label);
  free(pairs);
  result.capacity = capacity;
  result.iterations = iterations;
  result.ok = status.ok && !status.yielded;
  return result;
}

int main(void) {
  double x[2 * DISCS], v[2 * DISCS], x_ref[2 * DISCS], v_ref[2 * DISCS];
  memcpy(x, kInitialPositions, sizeof x);
  memcpy(v, kInitialVelocities, sizeof v);
  printf("contact solver step: %d discs, contact buffer of 4 pairs\n", DISCS);
  solve_result_t run = solve(x, v, 4, 1);
  for (int i = 0; i < DISCS; ++i)
    printf("  disc %d: x = (%g, %g)  v = (%g, %g)\n", i, x[2 * i], x[2 * i + 1], v[2 * i],
           v[2 * i + 1]);
  printf("grew contact buffer 4");
  for (int64_t k = 0, size = 4; k < run.yields; ++k)
    printf(" -> %lld", (long long)(size *= 2));
  printf(" (%d yields, each resumed from label 0)\n", run.yields);

  printf("reference run: contact buffer of 28 pairs from the start\n"); /* 8 * 7 / 2 */
  memcpy(x_ref, kInitialPositions, sizeof x_ref);
  memcpy(v_ref, kInitialVelocities, sizeof v_ref);
  solve_result_t reference = solve(x_ref, v_ref, 28, 0);
  printf("reference run: %d yields, %d Newton iterations\n", reference.yields,
         reference.iterations);
  int differences = 0; /* as bits would: no tolerance */
  for (int k = 0; k < 2 * DISCS; ++k)
    differences += (x[k] != x_ref[k]) + (v[k] != v_ref[k]);
  int match = differences == 0 && run.iterations == reference.iterations && run.ok && reference.ok;
  if (match)
    printf("final state matches the reference run: yes\n");
  else
    printf("final state matches the reference run: no (%d values differ)\n", differences);
  return match ? 0 : 1;
}
