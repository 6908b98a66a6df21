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

#endif /* CKPT_PASSES_LOOPS_H */
