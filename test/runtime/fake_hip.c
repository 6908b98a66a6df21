/* A HIP runtime with no GPU behind it, for test_hip_errors: every entry point runtime/hip
 * calls (hip/hip_api.h), answering as the environment says:
 *   FAKE_HIP_INIT     the hipError_t hipInit returns (default 0)
 *   FAKE_HIP_DEVICES  the device count (default 1)
 *   FAKE_HIP_ARCH     the device's gcnArchName (default "gfx942:sramecc+:xnack-")
 * Device memory is host memory; modules, streams and graphs are dummies; nothing runs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hip/hip_api.h"

#define FAKE_EXPORT __attribute__((visibility("default")))

static int fake_env(const char *name, int fallback) {
  const char *value = getenv(name);
  return value && value[0] ? atoi(value) : fallback;
}

static char fake_handle; /* what every dummy handle points at */

FAKE_EXPORT hipError_t hipInit(unsigned int flags) {
  (void)flags;
  return fake_env("FAKE_HIP_INIT", 0);
}
FAKE_EXPORT hipError_t hipDriverGetVersion(int *version) {
  *version = 60000000;
  return 0;
}
FAKE_EXPORT const char *hipGetErrorName(hipError_t error) {
  return error == 100   ? "hipErrorNoDevice"
         : error == 101 ? "hipErrorInvalidDevice"
         : error == 0   ? "hipSuccess"
                        : "hipErrorUnknown";
}
FAKE_EXPORT const char *hipGetErrorString(hipError_t error) {
  return error == 100 ? "no ROCm-capable device is detected" : "fake";
}
FAKE_EXPORT hipError_t hipGetDeviceCount(int *count) {
  *count = fake_env("FAKE_HIP_DEVICES", 1);
  return 0;
}
FAKE_EXPORT hipError_t hipSetDevice(int device) { return device == 0 ? 0 : 101; }
FAKE_EXPORT hipError_t hipGetDeviceProperties(void *properties, int device) {
  (void)device;
  const char *arch = getenv("FAKE_HIP_ARCH");
  snprintf((char *)properties + CKPT_HIP_DEVICE_PROP_NAME_OFFSET, 256, "Fake GPU");
  snprintf((char *)properties + CKPT_HIP_DEVICE_PROP_ARCH_OFFSET, 256, "%s",
           arch ? arch : "gfx942:sramecc+:xnack-");
  return 0;
}
FAKE_EXPORT hipError_t hipStreamCreate(hipStream_t *stream) {
  *stream = (hipStream_t)&fake_handle;
  return 0;
}
FAKE_EXPORT hipError_t hipStreamDestroy(hipStream_t stream) {
  (void)stream;
  return 0;
}
FAKE_EXPORT hipError_t hipStreamSynchronize(hipStream_t stream) {
  (void)stream;
  return 0;
}
FAKE_EXPORT hipError_t hipMalloc(void **pointer, size_t bytes) {
  *pointer = calloc(1, bytes);
  return *pointer ? 0 : 2;
}
FAKE_EXPORT hipError_t hipFree(void *pointer) {
  free(pointer);
  return 0;
}
FAKE_EXPORT hipError_t hipHostMalloc(void **pointer, size_t bytes, unsigned int flags) {
  (void)flags;
  return hipMalloc(pointer, bytes);
}
FAKE_EXPORT hipError_t hipHostFree(void *pointer) { return hipFree(pointer); }
FAKE_EXPORT hipError_t hipHostGetDevicePointer(void **device, void *host, unsigned int flags) {
  (void)flags;
  *device = host;
  return 0;
}
FAKE_EXPORT hipError_t hipMemsetD32Async(void *destination, int value, size_t count,
                                         hipStream_t stream) {
  (void)stream;
  for (size_t i = 0; i < count; ++i) ((int32_t *)destination)[i] = value;
  return 0;
}
FAKE_EXPORT hipError_t hipEventCreateWithFlags(hipEvent_t *event, unsigned int flags) {
  (void)flags;
  *event = (hipEvent_t)&fake_handle;
  return 0;
}
FAKE_EXPORT hipError_t hipEventDestroy(hipEvent_t event) {
  (void)event;
  return 0;
}
FAKE_EXPORT hipError_t hipEventRecord(hipEvent_t event, hipStream_t stream) {
  (void)event;
  (void)stream;
  return 0;
}
FAKE_EXPORT hipError_t hipEventQuery(hipEvent_t event) {
  (void)event;
  return 0;
}
FAKE_EXPORT hipError_t hipEventSynchronize(hipEvent_t event) {
  (void)event;
  return 0;
}
FAKE_EXPORT hipError_t hipMemcpyAsync(void *destination, const void *source, size_t bytes,
                                      int kind, hipStream_t stream) {
  (void)kind;
  (void)stream;
  memcpy(destination, source, bytes);
  return 0;
}
FAKE_EXPORT hipError_t hipPointerGetAttribute(void *data, int attribute, void *pointer) {
  (void)data;
  (void)attribute;
  (void)pointer;
  return 1; /* hipErrorInvalidValue: host memory */
}
FAKE_EXPORT hipError_t hipModuleLoadData(hipModule_t *module, const void *image) {
  (void)image;
  *module = (hipModule_t)&fake_handle;
  return 0;
}
FAKE_EXPORT hipError_t hipModuleUnload(hipModule_t module) {
  (void)module;
  return 0;
}
FAKE_EXPORT hipError_t hipModuleGetFunction(hipFunction_t *function, hipModule_t module,
                                            const char *name) {
  (void)module;
  (void)name;
  *function = (hipFunction_t)&fake_handle;
  return 0;
}
FAKE_EXPORT hipError_t hipModuleLaunchKernel(hipFunction_t function, unsigned int grid_x,
                                             unsigned int grid_y, unsigned int grid_z,
                                             unsigned int block_x, unsigned int block_y,
                                             unsigned int block_z, unsigned int shared_bytes,
                                             hipStream_t stream, void **parameters, void **extra) {
  (void)function, (void)grid_x, (void)grid_y, (void)grid_z, (void)block_x, (void)block_y;
  (void)block_z, (void)shared_bytes, (void)stream, (void)parameters, (void)extra;
  return 0;
}
FAKE_EXPORT hipError_t hipGraphCreate(hipGraph_t *graph, unsigned int flags) {
  (void)flags;
  *graph = (hipGraph_t)&fake_handle;
  return 0;
}
FAKE_EXPORT hipError_t hipGraphDestroy(hipGraph_t graph) {
  (void)graph;
  return 0;
}
FAKE_EXPORT hipError_t hipGraphAddKernelNode(hipGraphNode_t *node, hipGraph_t graph,
                                             const hipGraphNode_t *dependencies, size_t count,
                                             const hipKernelNodeParams *parameters) {
  (void)graph, (void)dependencies, (void)count, (void)parameters;
  *node = (hipGraphNode_t)&fake_handle;
  return 0;
}
FAKE_EXPORT hipError_t hipGraphInstantiate(hipGraphExec_t *exec, hipGraph_t graph,
                                           hipGraphNode_t *error_node, char *log, size_t size) {
  (void)graph, (void)error_node, (void)log, (void)size;
  *exec = (hipGraphExec_t)&fake_handle;
  return 0;
}
FAKE_EXPORT hipError_t hipGraphExecDestroy(hipGraphExec_t exec) {
  (void)exec;
  return 0;
}
FAKE_EXPORT hipError_t hipGraphLaunch(hipGraphExec_t exec, hipStream_t stream) {
  (void)exec, (void)stream;
  return 0;
}
FAKE_EXPORT hipError_t hipGraphExecKernelNodeSetParams(hipGraphExec_t exec, hipGraphNode_t node,
                                                       const hipKernelNodeParams *parameters) {
  (void)exec, (void)node, (void)parameters;
  return 0;
}
