/* The HIP header's side of test_hip_api (hip_api_facts.h): compiled only where ROCm's
 * hip_runtime_api.h is installed (Debian: libamdhip64-dev), for the AMD platform. */
#define __HIP_PLATFORM_AMD__ 1
#include <hip/hip_runtime_api.h>
#include <stddef.h>

#include "hip_api_facts.h"

#define REAL_FACT(what, real, ours) {what, (long long)(real)},
const ckpt_hip_api_fact_t ckpt_hip_api_real_facts[] = {CKPT_HIP_API_FACTS(REAL_FACT)};
/* Bytes hipGetDeviceProperties writes, which the backend's buffer must hold. */
const long long ckpt_hip_api_real_device_prop_bytes = (long long)sizeof(hipDeviceProp_t);
