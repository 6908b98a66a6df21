/* Device targets in --ckpt-lower-host-dispatch. By then every task is a gpu.launch_func
 * of a kernel compiled into a gpu.binary (see --ckpt-convert-tasks-to-gpu). The host
 * task functions record their launches with the runtime instead of running anything:
 * the runtime turns the records into graph nodes or dispatches (runtime/core/device.c). */
#ifndef CKPT_PASSES_DEVICE_LAUNCHES_H
#define CKPT_PASSES_DEVICE_LAUNCHES_H

#include <stdbool.h>

#include "ir.h"

#define CKPT_DEVICE_IMAGES_SYMBOL "__ckpt_device_images"
#define CKPT_DEVICE_IMAGE_SIZES_SYMBOL "__ckpt_device_image_sizes"

/* Emits (once per module) the image table: one constant global per gpu.binary holding its
 * first object (PTX text, SPIR-V words), or with `bundles` (target hip) the bundle of all
 * its objects (ckpt/hip_bundle.h), an array of their addresses and an array of their
 * sizes. Returns the number of images (0 emits nothing), or -1 after an error at a
 * gpu.binary that cannot be bundled. */
int64_t ckpt_device_emit_images(MlirOperation module, bool bundles);

/* Rewrites the gpu.launch_func and ckpt.device_state ops of an outlined host task
 * function into runtime calls that use `recorder` (the function's last argument). */
void ckpt_device_lower_task_fn(MlirOperation module, MlirOperation fn, bool *failed);

/* Erases the module's gpu.binary ops once nothing refers to them. */
void ckpt_device_erase_binaries(MlirOperation module);

/* Declares the runtime entry points the rewritten task functions call. */
void ckpt_device_declare_runtime(MlirOperation module);

#endif /* CKPT_PASSES_DEVICE_LAUNCHES_H */
