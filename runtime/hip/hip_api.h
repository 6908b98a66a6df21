/* The part of the HIP runtime API the HIP backend calls, loaded at run time.
 *
 * The runtime never links libamdhip64: a machine without ROCm must still load
 * libckpt_runtime.so. ckpt_hip_api_load dlopens the library (CKPT_HIP_LIBRARY overrides
 * the name) and resolves every entry point below by name. The types are declared here
 * rather than taken from hip_runtime_api.h so that the backend builds without ROCm; they
 * are the HIP runtime's own (ROCm 5 and 6; test_hip_api checks them against the real
 * header where one is installed). The HIP-on-CUDA shim (tools/hip-on-cuda) exports exactly
 * these entry points. */
#ifndef CKPT_HIP_API_H
#define CKPT_HIP_API_H

#include <stddef.h>
#include <stdint.h>

typedef int hipError_t; /* hipSuccess = 0; the library names every value */
#define CKPT_HIP_SUCCESS 0
#define CKPT_HIP_ERROR_NO_DEVICE 100       /* hipErrorNoDevice */
#define CKPT_HIP_ERROR_INVALID_DEVICE 101  /* hipErrorInvalidDevice */
#define CKPT_HIP_ERROR_INVALID_IMAGE 200   /* hipErrorInvalidImage */
#define CKPT_HIP_ERROR_NO_BINARY_FOR_GPU 209 /* hipErrorNoBinaryForGpu */
#define CKPT_HIP_ERROR_NOT_READY 600       /* hipErrorNotReady */

typedef struct ihipStream_t *hipStream_t;
typedef struct ihipModule_t *hipModule_t;
typedef struct ihipModuleSymbol_t *hipFunction_t;
typedef struct ihipGraph *hipGraph_t;
typedef struct hipGraphNode *hipGraphNode_t;
typedef struct hipGraphExec *hipGraphExec_t;
typedef struct ihipEvent_t *hipEvent_t;

typedef struct ckpt_hip_dim3_t {
  uint32_t x, y, z;
} ckpt_hip_dim3_t;

/* hipKernelNodeParams. `func` may be a hipFunction_t from hipModuleGetFunction. */
typedef struct hipKernelNodeParams {
  ckpt_hip_dim3_t blockDim;
  void **extra;
  void *func;
  ckpt_hip_dim3_t gridDim;
  void **kernelParams;
  unsigned int sharedMemBytes;
} hipKernelNodeParams;

/* hipEventCreateWithFlags flag: an event only waited for, never timed. */
#define CKPT_HIP_EVENT_DISABLE_TIMING 0x2

/* hipHostMalloc flag: host memory kernels can address (hipHostGetDevicePointer). */
#define CKPT_HIP_HOST_MALLOC_MAPPED 0x2

/* hipMemcpyKind values used. */
#define CKPT_HIP_MEMCPY_HOST_TO_DEVICE 1
#define CKPT_HIP_MEMCPY_DEVICE_TO_HOST 2

/* hipPointerGetAttribute(HIP_POINTER_ATTRIBUTE_MEMORY_TYPE) and its hipMemoryType
 * answers that mean "a kernel may use this pointer" (device, unified). */
#define CKPT_HIP_POINTER_ATTRIBUTE_MEMORY_TYPE 2
#define CKPT_HIP_MEMORY_TYPE_DEVICE 1
#define CKPT_HIP_MEMORY_TYPE_UNIFIED 3

/* hipGetDeviceProperties fills the ROCm 5 hipDeviceProp_t (ROCm 6 keeps that symbol for
 * it); only its name and architecture are read, at these offsets. The buffer handed over
 * is larger than the struct, so a library with a longer one cannot write past it. */
#define CKPT_HIP_DEVICE_PROP_NAME_OFFSET 0
#define CKPT_HIP_DEVICE_PROP_ARCH_OFFSET 396 /* gcnArchName[256] */
#define CKPT_HIP_DEVICE_PROP_BYTES 4096

/* X(name, return, parameters) */
#define CKPT_HIP_API_ENTRIES(X)                                                               \
  X(hipInit, hipError_t, (unsigned int flags))                                                \
  X(hipDriverGetVersion, hipError_t, (int *version))                                          \
  X(hipGetErrorName, const char *, (hipError_t error))                                        \
  X(hipGetErrorString, const char *, (hipError_t error))                                      \
  X(hipGetDeviceCount, hipError_t, (int *count))                                              \
  X(hipSetDevice, hipError_t, (int device))                                                   \
  X(hipGetDeviceProperties, hipError_t, (void *properties, int device))                       \
  X(hipStreamCreate, hipError_t, (hipStream_t * stream))                                      \
  X(hipStreamDestroy, hipError_t, (hipStream_t stream))                                       \
  X(hipStreamSynchronize, hipError_t, (hipStream_t stream))                                   \
  X(hipMalloc, hipError_t, (void **pointer, size_t bytes))                                    \
  X(hipFree, hipError_t, (void *pointer))                                                     \
  X(hipHostMalloc, hipError_t, (void **pointer, size_t bytes, unsigned int flags))            \
  X(hipHostFree, hipError_t, (void *pointer))                                                 \
  X(hipHostGetDevicePointer, hipError_t, (void **device, void *host, unsigned int flags))     \
  X(hipMemcpyAsync, hipError_t,                                                               \
    (void *destination, const void *source, size_t bytes, int kind, hipStream_t stream))      \
  X(hipMemsetD32Async, hipError_t, (void *destination, int value, size_t count,                \
                                     hipStream_t stream))                                     \
  X(hipEventCreateWithFlags, hipError_t, (hipEvent_t * event, unsigned int flags))            \
  X(hipEventDestroy, hipError_t, (hipEvent_t event))                                          \
  X(hipEventRecord, hipError_t, (hipEvent_t event, hipStream_t stream))                       \
  X(hipEventQuery, hipError_t, (hipEvent_t event))                                            \
  X(hipEventSynchronize, hipError_t, (hipEvent_t event))                                      \
  X(hipPointerGetAttribute, hipError_t, (void *data, int attribute, void *pointer))           \
  X(hipModuleLoadData, hipError_t, (hipModule_t * module, const void *image))                 \
  X(hipModuleUnload, hipError_t, (hipModule_t module))                                        \
  X(hipModuleGetFunction, hipError_t,                                                         \
    (hipFunction_t * function, hipModule_t module, const char *name))                         \
  X(hipModuleLaunchKernel, hipError_t,                                                        \
    (hipFunction_t function, unsigned int grid_x, unsigned int grid_y, unsigned int grid_z,   \
     unsigned int block_x, unsigned int block_y, unsigned int block_z,                        \
     unsigned int shared_bytes, hipStream_t stream, void **parameters, void **extra))         \
  X(hipGraphCreate, hipError_t, (hipGraph_t * graph, unsigned int flags))                     \
  X(hipGraphDestroy, hipError_t, (hipGraph_t graph))                                          \
  X(hipGraphAddKernelNode, hipError_t,                                                        \
    (hipGraphNode_t * node, hipGraph_t graph, const hipGraphNode_t *dependencies,             \
     size_t dependency_count, const hipKernelNodeParams *parameters))                         \
  X(hipGraphInstantiate, hipError_t,                                                          \
    (hipGraphExec_t * exec, hipGraph_t graph, hipGraphNode_t * error_node, char *log,         \
     size_t log_size))                                                                        \
  X(hipGraphExecDestroy, hipError_t, (hipGraphExec_t exec))                                   \
  X(hipGraphLaunch, hipError_t, (hipGraphExec_t exec, hipStream_t stream))                    \
  X(hipGraphExecKernelNodeSetParams, hipError_t,                                              \
    (hipGraphExec_t exec, hipGraphNode_t node, const hipKernelNodeParams *parameters))

#define CKPT_HIP_API_MEMBER(name, result, parameters) result(*name) parameters;

typedef struct ckpt_hip_api_t {
  void *library; /* the dlopen handle */
  int version;   /* hipDriverGetVersion */
  CKPT_HIP_API_ENTRIES(CKPT_HIP_API_MEMBER)
} ckpt_hip_api_t;

#undef CKPT_HIP_API_MEMBER

typedef enum ckpt_hip_load_result_t {
  CKPT_HIP_LOADED = 0,
  CKPT_HIP_NO_LIBRARY, /* the library is missing or lacks an entry point */
  CKPT_HIP_INIT_FAILED, /* hipInit failed: no device, or a broken installation */
} ckpt_hip_load_result_t;

/* The library opened when CKPT_HIP_LIBRARY is unset. */
#define CKPT_HIP_DEFAULT_LIBRARY "libamdhip64.so"

/* Loads `library_name` (NULL: the default), resolves every entry point and calls
 * hipInit(0). On failure the library is closed and `message` says what is missing and
 * what to do. On success release the table with ckpt_hip_api_unload. */
ckpt_hip_load_result_t ckpt_hip_api_load(const char *library_name, ckpt_hip_api_t *out_api,
                                         char *message, size_t message_size);

void ckpt_hip_api_unload(ckpt_hip_api_t *api);

/* Writes "<call> failed: hipErrorX (its description)" into `message`. */
void ckpt_hip_describe_error(const ckpt_hip_api_t *api, hipError_t error, const char *call,
                             char *message, size_t message_size);

#endif /* CKPT_HIP_API_H */
