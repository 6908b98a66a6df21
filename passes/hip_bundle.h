/* The image bundle of target=hip (runtime/include/ckpt/hip_bundle.h): one gpu.binary's
 * objects, one per chip, packed for the plan's device image table. */
#ifndef CKPT_PASSES_HIP_BUNDLE_H
#define CKPT_PASSES_HIP_BUNDLE_H

#include <stdbool.h>

#include "ir.h"

/* Appends the bundle of `binary` (a gpu.binary) to `out`: one entry per object, in the
 * binary's order, chips read from the objects' #rocdl.target / #nvvm.target. Returns
 * false, with an error at the binary, for an object of another kind of target. */
bool ckpt_hip_bundle_build(MlirOperation binary, ckpt_sbuf_t *out);

#endif /* CKPT_PASSES_HIP_BUNDLE_H */
