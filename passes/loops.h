/* Builders of the scf loops that the ckpt passes emit around work they make into tasks. */
#ifndef CKPT_PASSES_LOOPS_H
#define CKPT_PASSES_LOOPS_H

#include "ir.h"

/* scf.parallel (%i...) = (0, ...) to (upper...) step (1, ...), rank >= 1, with no
 * reductions, inserted at `at`. Returns the body's scf.reduce terminator, before which
 * the body goes; the body block's arguments are the induction variables. */
MlirOperation ckpt_build_parallel(ckpt_insert_t at, intptr_t rank, const MlirValue *upper);

/* scf.for %i = 0 to upper step 1, inserted at `at`. Returns the body's scf.yield
 * terminator; the body block's only argument is the induction variable. */
MlirOperation ckpt_build_for(ckpt_insert_t at, MlirValue upper);

/* The extent of dimension `dim` of a ranked memref: a constant where the type knows it,
 * else a memref.dim, built at `at`. */
MlirValue ckpt_memref_extent(ckpt_insert_t at, MlirValue memref, intptr_t dim);

/* Replaces a linalg structured op on memrefs by its loops: scf.parallel over its parallel
 * dimensions, scf.for over the others, none for an op without loops (upstream's
 * rewrite; linalg_loops.cpp). *out_outer is the outermost loop, or null without loops.
 * Returns false, changing nothing, for an op that is not a structured op on memrefs or
 * that upstream cannot lower. */
#ifdef __cplusplus
extern "C"
#endif
bool ckpt_linalg_to_parallel_loops(MlirOperation op, MlirOperation *out_outer);

/* scf.for %i = lower to upper step step, inserted at `at`; returns its scf.yield. */
MlirOperation ckpt_build_for_range(ckpt_insert_t at, MlirValue lower, MlirValue upper,
                                   MlirValue step);

/* scf.parallel over `rank` dimensions with the given bounds and steps, no reductions,
 * inserted at `at`; returns its scf.reduce. */
MlirOperation ckpt_build_parallel_range(ckpt_insert_t at, intptr_t rank, const MlirValue *lower,
                                        const MlirValue *upper, const MlirValue *step);

/* The number of parallel dimensions of an scf.parallel. */
intptr_t ckpt_parallel_rank(MlirOperation loop);

/* Replaces an scf.parallel by a nest of scf.for loops in the same order; reductions are
 * carried through the loops' iter_args and combined by their own regions, in iteration
 * order. A parallel loop nested in a task runs in the task's thread: only the task's
 * outermost loop maps to a grid, and SPIR-V has no parallel loops to nest. */
void ckpt_parallel_to_for(MlirOperation loop);

/* A GPU grid has 3 dimensions. An scf.parallel without reductions of more dimensions is
 * replaced by one of its innermost 3, whose body loops over the outer ones with scf.for
 * in each thread; returns that loop, or `loop` itself when it has 3 dimensions or fewer. */
MlirOperation ckpt_parallel_limit_to_grid(MlirOperation loop);

#endif /* CKPT_PASSES_LOOPS_H */
