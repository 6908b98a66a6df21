/* Outlining a unit of a graph kernel (one task, or one run of bare statements) into a
 * function of its own that takes every parameter of the kernel, plus optional trailing
 * extras. Pure values the unit uses are re-materialised inside; anything else defined
 * outside it is an error at the use. */
#ifndef CKPT_PASSES_OUTLINE_H
#define CKPT_PASSES_OUTLINE_H

#include "ir.h"

/* Creates `func.func private @symbol(kernel params..., extras...)` at the end of the
 * module holding clones of `ops` (in order) and returns it. Emits errors and sets
 * *failed on values it cannot bring along. The originals are left in place. */
MlirOperation ckpt_outline_unit(MlirOperation module, MlirOperation kernel, const char *symbol,
                                const ckpt_vec_t *ops, intptr_t n_extra,
                                const MlirType *extra_types, bool *failed);

#endif /* CKPT_PASSES_OUTLINE_H */
