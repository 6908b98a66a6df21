/* HIP on CUDA: the HIP runtime entry points runtime/hip calls (hip/hip_api.h, exactly
 * those), each implemented on the CUDA driver API, so that the HIP backend's own host code
 * runs on an NVIDIA GPU. Loaded like the real runtime, through CKPT_HIP_LIBRARY, with
 * target=hip kernels compiled for an sm_XY chip (PTX).
 *
 * HIP's error numbers are CUDA's where both have the error, so a CUresult passes through
 * as the hipError_t of the same number; hipGetErrorName gives the HIP name. The device's
 * architecture is "sm_<major><minor>". One primary context per device, made current by
 * hipSetDevice, as the HIP runtime does. */
#include <cuda.h>
#include <stdio.h>
#include <string.h>

#include "hip/hip_api.h"

#define CKPT_HIP_EXPORT __attribute__((visibility("default")))

static const struct {
  int code;
  const char *name;
} ckpt_hip_error_names[] = {
    {0, "hipSuccess"},
    {1, "hipErrorInvalidValue"},
    {2, "hipErrorOutOfMemory"},
    {3, "hipErrorNotInitialized"},
    {4, "hipErrorDeinitialized"},
    {100, "hipErrorNoDevice"},
    {101, "hipErrorInvalidDevice"},
    {200, "hipErrorInvalidImage"},
    {201, "hipErrorInvalidContext"},
    {209, "hipErrorNoBinaryForGpu"},
    {218, "hipErrorInvalidKernelFile"},
    {300, "hipErrorInvalidSource"},
    {301, "hipErrorFileNotFound"},
    {400, "hipErrorInvalidHandle"},
    {500, "hipErrorNotFound"},
    {600, "hipErrorNotReady"},
    {700, "hipErrorIllegalAddress"},
    {701, "hipErrorLaunchOutOfResources"},
    {702, "hipErrorLaunchTimeOut"},
    {719, "hipErrorLaunchFailure"},
    {801, "hipErrorNotSupported"},
    {999, "hipErrorUnknown"},
};

CKPT_HIP_EXPORT const char *hipGetErrorName(hipError_t error) {
  for (size_t i = 0; i < sizeof(ckpt_hip_error_names) / sizeof(ckpt_hip_error_names[0]); ++i)
    if (ckpt_hip_error_names[i].code == error) return ckpt_hip_error_names[i].name;
  return "hipErrorUnknown";
}

CKPT_HIP_EXPORT const char *hipGetErrorString(hipError_t error) {
  const char *text = NULL;
  if (cuGetErrorString((CUresult)error, &text) != CUDA_SUCCESS || !text)
    return "unknown error (HIP on CUDA)";
  return text;
}

CKPT_HIP_EXPORT hipError_t hipInit(unsigned int flags) { return (hipError_t)cuInit(flags); }

CKPT_HIP_EXPORT hipError_t hipDriverGetVersion(int *version) {
  return (hipError_t)cuDriverGetVersion(version);
}

CKPT_HIP_EXPORT hipError_t hipGetDeviceCount(int *count) {
  return (hipError_t)cuDeviceGetCount(count);
}

CKPT_HIP_EXPORT hipError_t hipSetDevice(int ordinal) {
  static CUcontext contexts[64];
  if (ordinal < 0 || ordinal >= 64) return 101; /* hipErrorInvalidDevice */
  if (!contexts[ordinal]) {
    CUdevice device;
    CUresult result = cuDeviceGet(&device, ordinal);
    if (result == CUDA_SUCCESS) result = cuDevicePrimaryCtxRetain(&contexts[ordinal], device);
    if (result != CUDA_SUCCESS) return (hipError_t)result;
  }
  return (hipError_t)cuCtxSetCurrent(contexts[ordinal]);
}

CKPT_HIP_EXPORT hipError_t hipGetDeviceProperties(void *properties, int ordinal) {
  CUdevice device;
  int major = 0, minor = 0;
  CUresult result = cuDeviceGet(&device, ordinal);
  if (result == CUDA_SUCCESS)
    result = cuDeviceGetName((char *)properties + CKPT_HIP_DEVICE_PROP_NAME_OFFSET, 256, device);
  if (result == CUDA_SUCCESS)
    result = cuDeviceGetAttribute(&major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device);
  if (result == CUDA_SUCCESS)
    result = cuDeviceGetAttribute(&minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device);
  if (result == CUDA_SUCCESS)
    snprintf((char *)properties + CKPT_HIP_DEVICE_PROP_ARCH_OFFSET, 256, "sm_%d%d", major, minor);
  return (hipError_t)result;
}

CKPT_HIP_EXPORT hipError_t hipStreamCreate(hipStream_t *stream) {
  return (hipError_t)cuStreamCreate((CUstream *)stream, CU_STREAM_DEFAULT);
}

CKPT_HIP_EXPORT hipError_t hipStreamDestroy(hipStream_t stream) {
  return (hipError_t)cuStreamDestroy((CUstream)stream);
}

CKPT_HIP_EXPORT hipError_t hipStreamSynchronize(hipStream_t stream) {
  return (hipError_t)cuStreamSynchronize((CUstream)stream);
}

CKPT_HIP_EXPORT hipError_t hipMalloc(void **pointer, size_t bytes) {
  CUdeviceptr address = 0;
  CUresult result = cuMemAlloc(&address, bytes);
  *pointer = (void *)(uintptr_t)address;
  return (hipError_t)result;
}

CKPT_HIP_EXPORT hipError_t hipFree(void *pointer) {
  return (hipError_t)cuMemFree((CUdeviceptr)(uintptr_t)pointer);
}

CKPT_HIP_EXPORT hipError_t hipHostMalloc(void **pointer, size_t bytes, unsigned int flags) {
  return (hipError_t)cuMemHostAlloc(
      pointer, bytes, (flags & CKPT_HIP_HOST_MALLOC_MAPPED) ? CU_MEMHOSTALLOC_DEVICEMAP : 0);
}

CKPT_HIP_EXPORT hipError_t hipHostFree(void *pointer) { return (hipError_t)cuMemFreeHost(pointer); }

CKPT_HIP_EXPORT hipError_t hipHostGetDevicePointer(void **device, void *host, unsigned int flags) {
  CUdeviceptr address = 0;
  CUresult result = cuMemHostGetDevicePointer(&address, host, flags);
  *device = (void *)(uintptr_t)address;
  return (hipError_t)result;
}

CKPT_HIP_EXPORT hipError_t hipMemcpyAsync(void *destination, const void *source, size_t bytes,
                                          int kind, hipStream_t stream) {
  if (kind == CKPT_HIP_MEMCPY_HOST_TO_DEVICE)
    return (hipError_t)cuMemcpyHtoDAsync((CUdeviceptr)(uintptr_t)destination, source, bytes,
                                         (CUstream)stream);
  if (kind == CKPT_HIP_MEMCPY_DEVICE_TO_HOST)
    return (hipError_t)cuMemcpyDtoHAsync(destination, (CUdeviceptr)(uintptr_t)source, bytes,
                                         (CUstream)stream);
  return 1; /* hipErrorInvalidValue: the backend copies host<->device only */
}

CKPT_HIP_EXPORT hipError_t hipMemsetD32Async(void *destination, int value, size_t count,
                                             hipStream_t stream) {
  return (hipError_t)cuMemsetD32Async((CUdeviceptr)(uintptr_t)destination, (unsigned int)value,
                                      count, (CUstream)stream);
}

CKPT_HIP_EXPORT hipError_t hipEventCreateWithFlags(hipEvent_t *event, unsigned int flags) {
  return (hipError_t)cuEventCreate(
      (CUevent *)event, (flags & CKPT_HIP_EVENT_DISABLE_TIMING) ? CU_EVENT_DISABLE_TIMING : 0);
}

CKPT_HIP_EXPORT hipError_t hipEventDestroy(hipEvent_t event) {
  return (hipError_t)cuEventDestroy((CUevent)event);
}

CKPT_HIP_EXPORT hipError_t hipEventRecord(hipEvent_t event, hipStream_t stream) {
  return (hipError_t)cuEventRecord((CUevent)event, (CUstream)stream);
}

/* CUDA_ERROR_NOT_READY is 600, as hipErrorNotReady. */
CKPT_HIP_EXPORT hipError_t hipEventQuery(hipEvent_t event) {
  return (hipError_t)cuEventQuery((CUevent)event);
}

CKPT_HIP_EXPORT hipError_t hipEventSynchronize(hipEvent_t event) {
  return (hipError_t)cuEventSynchronize((CUevent)event);
}

/* The plural query answers for memory the driver does not know (type 0) where the
 * singular one fails; HIP reports such memory as host memory. */
CKPT_HIP_EXPORT hipError_t hipPointerGetAttribute(void *data, int attribute, void *pointer) {
  if (attribute != CKPT_HIP_POINTER_ATTRIBUTE_MEMORY_TYPE) return 1;
  unsigned int type = 0;
  CUpointer_attribute query = CU_POINTER_ATTRIBUTE_MEMORY_TYPE;
  void *values[] = {&type};
  CUresult result = cuPointerGetAttributes(1, &query, values, (CUdeviceptr)(uintptr_t)pointer);
  if (result != CUDA_SUCCESS) return (hipError_t)result;
  *(int *)data = type == CU_MEMORYTYPE_DEVICE    ? CKPT_HIP_MEMORY_TYPE_DEVICE
                 : type == CU_MEMORYTYPE_UNIFIED ? CKPT_HIP_MEMORY_TYPE_UNIFIED
                                                 : 0; /* hipMemoryTypeHost */
  return 0;
}

CKPT_HIP_EXPORT hipError_t hipModuleLoadData(hipModule_t *module, const void *image) {
  return (hipError_t)cuModuleLoadData((CUmodule *)module, image);
}

CKPT_HIP_EXPORT hipError_t hipModuleUnload(hipModule_t module) {
  return (hipError_t)cuModuleUnload((CUmodule)module);
}

CKPT_HIP_EXPORT hipError_t hipModuleGetFunction(hipFunction_t *function, hipModule_t module,
                                                const char *name) {
  return (hipError_t)cuModuleGetFunction((CUfunction *)function, (CUmodule)module, name);
}

CKPT_HIP_EXPORT hipError_t hipModuleLaunchKernel(hipFunction_t function, unsigned int grid_x,
                                                 unsigned int grid_y, unsigned int grid_z,
                                                 unsigned int block_x, unsigned int block_y,
                                                 unsigned int block_z, unsigned int shared_bytes,
                                                 hipStream_t stream, void **parameters,
                                                 void **extra) {
  return (hipError_t)cuLaunchKernel((CUfunction)function, grid_x, grid_y, grid_z, block_x,
                                    block_y, block_z, shared_bytes, (CUstream)stream, parameters,
                                    extra);
}

CKPT_HIP_EXPORT hipError_t hipGraphCreate(hipGraph_t *graph, unsigned int flags) {
  return (hipError_t)cuGraphCreate((CUgraph *)graph, flags);
}

CKPT_HIP_EXPORT hipError_t hipGraphDestroy(hipGraph_t graph) {
  return (hipError_t)cuGraphDestroy((CUgraph)graph);
}

static CUDA_KERNEL_NODE_PARAMS ckpt_hip_to_cuda(const hipKernelNodeParams *from) {
  CUDA_KERNEL_NODE_PARAMS to;
  memset(&to, 0, sizeof(to));
  to.func = (CUfunction)from->func;
  to.gridDimX = from->gridDim.x;
  to.gridDimY = from->gridDim.y;
  to.gridDimZ = from->gridDim.z;
  to.blockDimX = from->blockDim.x;
  to.blockDimY = from->blockDim.y;
  to.blockDimZ = from->blockDim.z;
  to.sharedMemBytes = from->sharedMemBytes;
  to.kernelParams = from->kernelParams;
  to.extra = from->extra;
  return to;
}

CKPT_HIP_EXPORT hipError_t hipGraphAddKernelNode(hipGraphNode_t *node, hipGraph_t graph,
                                                 const hipGraphNode_t *dependencies,
                                                 size_t dependency_count,
                                                 const hipKernelNodeParams *parameters) {
  CUDA_KERNEL_NODE_PARAMS converted = ckpt_hip_to_cuda(parameters);
  return (hipError_t)cuGraphAddKernelNode((CUgraphNode *)node, (CUgraph)graph,
                                          (const CUgraphNode *)dependencies, dependency_count,
                                          &converted);
}

CKPT_HIP_EXPORT hipError_t hipGraphInstantiate(hipGraphExec_t *exec, hipGraph_t graph,
                                               hipGraphNode_t *error_node, char *log,
                                               size_t log_size) {
  (void)error_node;
  if (log && log_size) log[0] = '\0';
  return (hipError_t)cuGraphInstantiate((CUgraphExec *)exec, (CUgraph)graph, 0);
}

CKPT_HIP_EXPORT hipError_t hipGraphExecDestroy(hipGraphExec_t exec) {
  return (hipError_t)cuGraphExecDestroy((CUgraphExec)exec);
}

CKPT_HIP_EXPORT hipError_t hipGraphLaunch(hipGraphExec_t exec, hipStream_t stream) {
  return (hipError_t)cuGraphLaunch((CUgraphExec)exec, (CUstream)stream);
}

CKPT_HIP_EXPORT hipError_t hipGraphExecKernelNodeSetParams(hipGraphExec_t exec,
                                                           hipGraphNode_t node,
                                                           const hipKernelNodeParams *parameters) {
  CUDA_KERNEL_NODE_PARAMS converted = ckpt_hip_to_cuda(parameters);
  return (hipError_t)cuGraphExecKernelNodeSetParams((CUgraphExec)exec, (CUgraphNode)node,
                                                    &converted);
}
