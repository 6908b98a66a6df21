/* What runtime/hip/hip_api.h declares by hand about the HIP runtime's ABI, fact by fact:
 * FACT(what, the HIP header's expression, hip_api.h's expression). test_hip_api.c
 * evaluates the third column; test_hip_api_real.c, compiled against ROCm's
 * hip_runtime_api.h where it is installed, the second; the test compares them. */
#define CKPT_HIP_API_FACTS(FACT)                                                             \
  FACT("hipSuccess", hipSuccess, CKPT_HIP_SUCCESS)                                          \
  FACT("hipErrorNoDevice", hipErrorNoDevice, CKPT_HIP_ERROR_NO_DEVICE)                       \
  FACT("hipErrorInvalidDevice", hipErrorInvalidDevice, CKPT_HIP_ERROR_INVALID_DEVICE)        \
  FACT("hipErrorInvalidImage", hipErrorInvalidImage, CKPT_HIP_ERROR_INVALID_IMAGE)           \
  FACT("hipErrorNoBinaryForGpu", hipErrorNoBinaryForGpu, CKPT_HIP_ERROR_NO_BINARY_FOR_GPU)   \
  FACT("hipErrorNotReady", hipErrorNotReady, CKPT_HIP_ERROR_NOT_READY)                       \
  FACT("sizeof(hipError_t)", sizeof(hipError_t), sizeof(hipError_t))                        \
  FACT("hipMemcpyHostToDevice", hipMemcpyHostToDevice, CKPT_HIP_MEMCPY_HOST_TO_DEVICE)       \
  FACT("hipMemcpyDeviceToHost", hipMemcpyDeviceToHost, CKPT_HIP_MEMCPY_DEVICE_TO_HOST)       \
  FACT("HIP_POINTER_ATTRIBUTE_MEMORY_TYPE", HIP_POINTER_ATTRIBUTE_MEMORY_TYPE,               \
       CKPT_HIP_POINTER_ATTRIBUTE_MEMORY_TYPE)                                               \
  FACT("hipMemoryTypeDevice", hipMemoryTypeDevice, CKPT_HIP_MEMORY_TYPE_DEVICE)              \
  FACT("hipMemoryTypeUnified", hipMemoryTypeUnified, CKPT_HIP_MEMORY_TYPE_UNIFIED)           \
  FACT("hipHostMallocMapped", hipHostMallocMapped, CKPT_HIP_HOST_MALLOC_MAPPED)              \
  FACT("hipEventDisableTiming", hipEventDisableTiming, CKPT_HIP_EVENT_DISABLE_TIMING)        \
  FACT("sizeof(dim3)", sizeof(dim3), sizeof(ckpt_hip_dim3_t))                                \
  FACT("sizeof(hipKernelNodeParams)", sizeof(hipKernelNodeParams),                           \
       sizeof(hipKernelNodeParams))                                                          \
  FACT("hipKernelNodeParams.blockDim", offsetof(hipKernelNodeParams, blockDim),              \
       offsetof(hipKernelNodeParams, blockDim))                                              \
  FACT("hipKernelNodeParams.extra", offsetof(hipKernelNodeParams, extra),                    \
       offsetof(hipKernelNodeParams, extra))                                                 \
  FACT("hipKernelNodeParams.func", offsetof(hipKernelNodeParams, func),                      \
       offsetof(hipKernelNodeParams, func))                                                  \
  FACT("hipKernelNodeParams.gridDim", offsetof(hipKernelNodeParams, gridDim),                \
       offsetof(hipKernelNodeParams, gridDim))                                               \
  FACT("hipKernelNodeParams.kernelParams", offsetof(hipKernelNodeParams, kernelParams),      \
       offsetof(hipKernelNodeParams, kernelParams))                                          \
  FACT("hipKernelNodeParams.sharedMemBytes", offsetof(hipKernelNodeParams, sharedMemBytes),  \
       offsetof(hipKernelNodeParams, sharedMemBytes))                                        \
  FACT("hipDeviceProp_t.name", offsetof(hipDeviceProp_t, name),                              \
       CKPT_HIP_DEVICE_PROP_NAME_OFFSET)                                                     \
  FACT("hipDeviceProp_t.gcnArchName", offsetof(hipDeviceProp_t, gcnArchName),                \
       CKPT_HIP_DEVICE_PROP_ARCH_OFFSET)

/* One fact's value as one side sees it. */
typedef struct ckpt_hip_api_fact_t {
  const char *what;
  long long value;
} ckpt_hip_api_fact_t;
