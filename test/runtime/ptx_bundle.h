/* A one-entry HIP image bundle (ckpt/hip_bundle.h, docs/design-hip.md) around PTX for
 * sm_90, the form the compiler gives target=hip chips=sm_90: how the HIP tests and the HIP
 * benchmark hand their CUDA kernels to runtime/hip over the HIP-on-CUDA shim. */
#ifndef CKPT_TEST_PTX_BUNDLE_H
#define CKPT_TEST_PTX_BUNDLE_H

#include <stdint.h>
#include <string.h>

#include "ckpt/hip_bundle.h"

/* Bytes a bundle of `ptx_size` bytes of PTX needs (the header, one entry, the chip's name,
 * the PTX and its NUL). */
#define CKPT_PTX_BUNDLE_BYTES(ptx_size) (80 + (ptx_size) + 1)

/* Writes the bundle into `out` (16-byte aligned, CKPT_PTX_BUNDLE_BYTES(ptx_size) bytes)
 * from `ptx` (ptx_size bytes and a NUL); returns its size. */
static inline int64_t ckpt_write_ptx_bundle(unsigned char *out, const unsigned char *ptx,
                                            uint64_t ptx_size) {
  const uint64_t image_at = 80;
  uint64_t words[8] = {CKPT_HIP_BUNDLE_MAGIC, CKPT_HIP_BUNDLE_VERSION, 1,
                       image_at + ptx_size + 1, CKPT_HIP_IMAGE_PTX, 64, image_at, ptx_size};
  memcpy(out, words, sizeof(words)); /* little-endian host */
  memcpy(out + 64, "sm_90", 6);
  memcpy(out + image_at, ptx, ptx_size + 1);
  return (int64_t)(image_at + ptx_size + 1);
}

#endif /* CKPT_TEST_PTX_BUNDLE_H */
