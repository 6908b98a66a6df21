/* ckpt HIP image bundle: the device image of one gpu.module for target=hip, holding one
 * image per chip it was compiled for. The compiler writes it (--ckpt-lower-host-dispatch
 * with target=hip) as the plan's device_images[i]; runtime/hip picks the image matching
 * the device. docs/design-hip.md describes the layout and the choice of image.
 *
 * Every field is a little-endian uint64_t, so the compiler can emit it as plain bytes.
 * Offsets count from the bundle's first byte; the bundle is 16-byte aligned. */
#ifndef CKPT_HIP_BUNDLE_H
#define CKPT_HIP_BUNDLE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CKPT_HIP_BUNDLE_MAGIC 0x4250494854504b43ull /* "CKPTHIPB" in memory order */
#define CKPT_HIP_BUNDLE_VERSION 1u
#define CKPT_HIP_BUNDLE_IMAGE_ALIGN 16u /* image offsets are multiples of this */

/* What one entry's image is (field `format`). */
typedef enum ckpt_hip_image_format_t {
  CKPT_HIP_IMAGE_CODE_OBJECT = 1, /* an AMDGPU ELF code object (gfx chips) */
  CKPT_HIP_IMAGE_PTX = 2,         /* PTX text followed by a NUL (sm_ chips) */
} ckpt_hip_image_format_t;

typedef struct ckpt_hip_bundle_header_t {
  uint64_t magic;       /* CKPT_HIP_BUNDLE_MAGIC */
  uint64_t version;     /* CKPT_HIP_BUNDLE_VERSION */
  uint64_t entry_count; /* >= 1; the entries follow the header */
  uint64_t total_size;  /* bytes of the whole bundle */
} ckpt_hip_bundle_header_t;

typedef struct ckpt_hip_bundle_entry_t {
  uint64_t format;       /* ckpt_hip_image_format_t */
  uint64_t chip_offset;  /* the chip's NUL-terminated name: "gfx942", "sm_90" */
  uint64_t image_offset; /* a multiple of CKPT_HIP_BUNDLE_IMAGE_ALIGN */
  uint64_t image_size;   /* bytes, without the NUL after a PTX image */
} ckpt_hip_bundle_entry_t;

#ifdef __cplusplus
}
#endif

#endif /* CKPT_HIP_BUNDLE_H */
