/* The CUDA driver API, loaded at run time.
 *
 * The runtime never links libcuda: a machine without the NVIDIA driver (a CI runner) must
 * still load libckpt_runtime.so and use its other targets. ckpt_cuda_driver_load dlopens
 * libcuda.so.1 and resolves every entry point the backend uses through cuGetProcAddress,
 * each at the ABI version whose prototype cudaTypedefs.h names, so the table means the
 * same thing whichever driver answers. cuda.h is used at compile time only.
 *
 * This file knows nothing of contexts or plans, so tools (the benchmark) can share it. */
#ifndef CKPT_CUDA_DRIVER_H
#define CKPT_CUDA_DRIVER_H

#include <stdbool.h>
#include <stddef.h>

#include <cuda.h>
#include <cudaTypedefs.h>

/* Driver version (cuDriverGetVersion) below which the backend refuses to start:
 * conditional WHILE nodes set from device code need CUDA 12.4. */
#define CKPT_CUDA_MIN_DRIVER_VERSION 12040

/* X(name, version): the entry point and the ABI version its PFN_<name>_v<version>
 * typedef describes. */
#define CKPT_CUDA_DRIVER_ENTRIES(X)        \
  X(cuInit, 2000)                          \
  X(cuDriverGetVersion, 2020)              \
  X(cuGetErrorName, 6000)                  \
  X(cuGetErrorString, 6000)                \
  X(cuDeviceGetCount, 2000)                \
  X(cuDeviceGet, 2000)                     \
  X(cuDeviceGetName, 2000)                 \
  X(cuDeviceGetAttribute, 2000)            \
  X(cuDevicePrimaryCtxRetain, 7000)        \
  X(cuDevicePrimaryCtxRelease, 11000)      \
  X(cuCtxPushCurrent, 4000)                \
  X(cuCtxPopCurrent, 4000)                 \
  X(cuCtxGetDevice, 2000)                  \
  X(cuStreamCreate, 2000)                  \
  X(cuStreamDestroy, 4000)                 \
  X(cuStreamSynchronize, 2000)             \
  X(cuEventCreate, 2000)                   \
  X(cuEventDestroy, 4000)                  \
  X(cuEventRecord, 2000)                   \
  X(cuEventQuery, 2000)                    \
  X(cuEventSynchronize, 2000)              \
  X(cuEventElapsedTime, 2000)              \
  X(cuMemAlloc, 3020)                      \
  X(cuMemFree, 3020)                       \
  X(cuMemHostAlloc, 2020)                  \
  X(cuMemHostGetDevicePointer, 3020)       \
  X(cuMemFreeHost, 2000)                   \
  X(cuMemcpyHtoD, 3020)                    \
  X(cuMemcpyHtoDAsync, 3020)               \
  X(cuMemcpyDtoHAsync, 3020)               \
  X(cuMemsetD32Async, 3020)                \
  X(cuPointerGetAttributes, 7000)          \
  X(cuModuleLoadData, 2000)                \
  X(cuModuleUnload, 2000)                  \
  X(cuModuleGetFunction, 2000)             \
  X(cuLaunchKernel, 4000)                  \
  X(cuGraphCreate, 10000)                  \
  X(cuGraphDestroy, 10000)                 \
  X(cuGraphAddNode, 12030)                 \
  X(cuGraphConditionalHandleCreate, 12030) \
  X(cuGraphInstantiateWithFlags, 11040)    \
  X(cuGraphExecDestroy, 10000)             \
  X(cuGraphLaunch, 10000)                  \
  X(cuGraphExecKernelNodeSetParams, 12000) \
  X(cuGraphKernelNodeSetParams, 12000)     \
  X(cuGraphExecUpdate, 12000)               \
  X(cuGraphDebugDotPrint, 11030)

#define CKPT_CUDA_DRIVER_MEMBER(name, version) PFN_##name##_v##version name;

typedef struct ckpt_cuda_driver_t {
  void *library; /* the dlopen handle */
  int version;   /* cuDriverGetVersion: 1000 * major + 10 * minor */
  CKPT_CUDA_DRIVER_ENTRIES(CKPT_CUDA_DRIVER_MEMBER)
} ckpt_cuda_driver_t;

#undef CKPT_CUDA_DRIVER_MEMBER

typedef enum ckpt_cuda_load_result_t {
  CKPT_CUDA_LOADED = 0,
  CKPT_CUDA_NO_DRIVER,     /* the library is missing or lacks an entry point */
  CKPT_CUDA_DRIVER_FAILED, /* cuInit failed (no device, or a broken installation) */
  CKPT_CUDA_DRIVER_TOO_OLD,
} ckpt_cuda_load_result_t;

/* Loads `library_name` (NULL: "libcuda.so.1"), resolves every entry point and calls
 * cuInit(0). On failure the library is closed and `message` (of `message_size` bytes)
 * says what is missing and what to do. On success the caller releases the table with
 * ckpt_cuda_driver_unload. */
ckpt_cuda_load_result_t ckpt_cuda_driver_load(const char *library_name,
                                              ckpt_cuda_driver_t *out_driver, char *message,
                                              size_t message_size);

void ckpt_cuda_driver_unload(ckpt_cuda_driver_t *driver);

/* Writes "<call> failed: CUDA_ERROR_X (its description)" into `message`. */
void ckpt_cuda_describe_error(const ckpt_cuda_driver_t *driver, CUresult result, const char *call,
                              char *message, size_t message_size);

#endif /* CKPT_CUDA_DRIVER_H */
