/* Asynchronous launches that the HIP device gates (runtime/hip/hip_queue.c), against the
 * CPU target's queue: test_cuda_async's scenarios, run through runtime/hip over the
 * HIP-on-CUDA shim (CKPT_HIP_LIBRARY, default the shim this build made) with the CUDA
 * tests' kernels in a HIP image bundle. Exits 77 (skipped) without a usable GPU. */
#define CKPT_TEST_HIP 1
#include "test_cuda_async.c"
