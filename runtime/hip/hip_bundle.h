/* Reading a HIP image bundle (ckpt/hip_bundle.h) and picking the image for a device's
 * chip, from a plan's bundle or the runtime's own kernels (hip_kernels.h). Pure functions over bytes: unit-tested without a device (test_hip_bundle). */
#ifndef CKPT_HIP_BUNDLE_READ_H
#define CKPT_HIP_BUNDLE_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/string_builder.h"

typedef struct ckpt_hip_image_t {
  uint64_t format;      /* CKPT_HIP_IMAGE_* */
  const char *chip;     /* NUL-terminated, inside the bundle */
  const void *image;    /* inside the bundle */
  uint64_t image_size;  /* without a PTX image's NUL */
} ckpt_hip_image_t;

/* Checks the header and every entry of the `size` bytes at `data` (size may be larger
 * than the bundle's total_size only if the caller does not know it: pass total_size when
 * known). Sets *out_count. On a defect returns false and writes why into `why`. */
bool ckpt_hip_bundle_check(const void *data, uint64_t size, uint64_t *out_count, char *why,
                           size_t why_size);

/* Entry `index` of a bundle ckpt_hip_bundle_check accepted. */
ckpt_hip_image_t ckpt_hip_bundle_image(const void *data, uint64_t index);

/* The entries of a checked bundle in a new array of `count` (NULL when memory runs out). */
ckpt_hip_image_t *ckpt_hip_bundle_entries(const void *data, uint64_t count);

/* The device's chip from its architecture string: "gfx90a:sramecc+:xnack-" -> "gfx90a". */
void ckpt_hip_chip_of_arch(const char *arch, char *out_chip, size_t out_size);

/* The entry to load on a device of chip `device_chip`: the one whose chip is equal; for an
 * NVIDIA chip (sm_XY) without one, the PTX entry of the highest sm_XY not above the
 * device's, which the driver compiles forward. -1 when none fits. */
int64_t ckpt_hip_bundle_pick(const ckpt_hip_image_t *entries, uint64_t count,
                             const char *device_chip);

/* Appends the bundle's chips, "gfx90a, gfx942, gfx1100". */
void ckpt_hip_bundle_append_chips(const ckpt_hip_image_t *entries, uint64_t count,
                                  ckpt_string_builder_t *out);

#endif /* CKPT_HIP_BUNDLE_READ_H */
