/* ckpt-run --emit-device-images=DIR: the device images a lowered module embeds, written
 * out as files for the tools that inspect them (llvm-readelf, llvm-objdump, spirv-val). */
#ifndef CKPT_TOOLS_DEVICE_IMAGES_H
#define CKPT_TOOLS_DEVICE_IMAGES_H

#include <stdbool.h>

#include "mlir-c/IR.h"

/* Writes, for a module lowered for `target` (cuda, hip or vulkan), every device image:
 * `DIR/imageN.ptx` (cuda), `DIR/imageN.spv` (vulkan), and for hip one file per bundle
 * entry, `DIR/imageN.CHIP.hsaco` or `DIR/imageN.CHIP.ptx`; plus `DIR/kernels.txt`, one
 * line `N KERNEL` for every kernel launch a task records (image N, kernel KERNEL). A malformed HIP bundle is an error.
 * Returns false after printing why on stderr. */
bool ckpt_run_write_device_images(MlirModule module, const char *target, const char *dir);

#endif /* CKPT_TOOLS_DEVICE_IMAGES_H */
