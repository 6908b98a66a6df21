/* For the HIP tests on an NVIDIA GPU (test_hip_launch, test_hip_async): the CUDA tests'
 * PTX kernels (test_cuda_kernels_ptx.h) as a one-entry HIP image bundle for sm_90, which
 * runtime/hip loads through the HIP-on-CUDA shim. */
#ifndef CKPT_TEST_HIP_IMAGES_H
#define CKPT_TEST_HIP_IMAGES_H

#include "launch_scenarios.h"
#include "ptx_bundle.h"

/* test_cuda_kernels_ptx as a one-entry bundle for sm_90 (the PTX's target). */
static _Alignas(16) unsigned char
    hip_bundle[CKPT_PTX_BUNDLE_BYTES(sizeof(test_cuda_kernels_ptx))];
static const void *hip_images[] = {hip_bundle};
static int64_t hip_image_sizes[1];

static void build_hip_bundle(void) {
  hip_image_sizes[0] =
      ckpt_write_ptx_bundle(hip_bundle, test_cuda_kernels_ptx, test_cuda_kernels_ptx_size);
}

static void use_hip_images(scenario_t *s) {
  s->builder.plan.device_images = hip_images;
  s->builder.plan.device_image_sizes = hip_image_sizes;
}

#endif /* CKPT_TEST_HIP_IMAGES_H */
