/* The host side of --ckpt-lower-host-dispatch: ckpt.launch becomes a call of
 * ckpt_mlir_launch filling a status struct, and the status ops read it. */
#ifndef CKPT_PASSES_LOWER_LAUNCH_H
#define CKPT_PASSES_LOWER_LAUNCH_H

#include "ir.h"

/* Lowers every ckpt.launch and status op of the module. The launched kernels must have
 * been lowered (their plans exist). */
void ckpt_lower_host_ops(MlirOperation module, int64_t target);

#endif /* CKPT_PASSES_LOWER_LAUNCH_H */
