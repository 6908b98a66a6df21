/* For the HIP tests on an NVIDIA GPU (test_hip_launch, test_hip_async): the CUDA tests'
 * PTX kernels (test_cuda_kernels_ptx.h) as a one-entry HIP image bundle for sm_90, which
 * runtime/hip loads through the HIP-on-CUDA shim. */
#ifndef CKPT_TEST_HIP_IMAGES_H
#define CKPT_TEST_HIP_IMAGES_H

#include <string.h>

#include "ckpt/hip_bundle.h"
#include "launch_scenarios.h"

/* test_cuda_kernels_ptx as a one-entry bundle for sm_90 (the PTX's target). */
static _Alignas(16) unsigned char hip_bundle[sizeof(test_cuda_kernels_ptx) + 256];
static const void *hip_images[] = {hip_bundle};
static int64_t hip_image_sizes[1];

static void build_hip_bundle(void) {
  const uint64_t image_at = 80, size = test_cuda_kernels_ptx_size;
  uint64_t words[8] = {CKPT_HIP_BUNDLE_MAGIC, CKPT_HIP_BUNDLE_VERSION, 1, image_at + size + 1,
                       CKPT_HIP_IMAGE_PTX,    64,                       image_at, size};
  memcpy(hip_bundle, words, sizeof(words)); /* little-endian host */
  memcpy(hip_bundle + 64, "sm_90", 6);
  memcpy(hip_bundle + image_at, test_cuda_kernels_ptx, size + 1);
  hip_image_sizes[0] = (int64_t)(image_at + size + 1);
}

static void use_hip_images(scenario_t *s) {
  s->builder.plan.device_images = hip_images;
  s->builder.plan.device_image_sizes = hip_image_sizes;
}

#endif /* CKPT_TEST_HIP_IMAGES_H */
