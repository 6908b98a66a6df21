#include "hip/hip_api.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

static ckpt_hip_load_result_t ckpt_hip_load_fail(ckpt_hip_api_t *api,
                                                 ckpt_hip_load_result_t result) {
  if (api->library) dlclose(api->library);
  memset(api, 0, sizeof(*api));
  return result;
}

ckpt_hip_load_result_t ckpt_hip_api_load(const char *library_name, ckpt_hip_api_t *out_api,
                                         char *message, size_t message_size) {
  const char *name = library_name ? library_name : CKPT_HIP_DEFAULT_LIBRARY;
  memset(out_api, 0, sizeof(*out_api));
  message[0] = '\0';
  out_api->library = dlopen(name, RTLD_NOW | RTLD_LOCAL);
  if (!out_api->library) {
    const char *why = dlerror();
    snprintf(message, message_size,
             "no HIP runtime library (%s) found: %s; install ROCm's HIP runtime "
             "(libamdhip64), set CKPT_HIP_LIBRARY to its path, or use another target",
             name, why ? why : "dlopen failed");
    return ckpt_hip_load_fail(out_api, CKPT_HIP_NO_LIBRARY);
  }
  /* dlsym returns an object pointer; POSIX guarantees it converts to a function pointer. */
#define CKPT_HIP_RESOLVE(entry, result, parameters)                                          \
  {                                                                                          \
    void *symbol = dlsym(out_api->library, #entry);                                          \
    if (!symbol) {                                                                           \
      snprintf(message, message_size,                                                        \
               "the HIP runtime library %s has no %s: it is not a HIP runtime the ckpt "    \
               "HIP backend supports (ROCm 5.2 or newer)",                                   \
               name, #entry);                                                                \
      return ckpt_hip_load_fail(out_api, CKPT_HIP_NO_LIBRARY);                               \
    }                                                                                        \
    memcpy(&out_api->entry, &symbol, sizeof(symbol));                                        \
  }
  CKPT_HIP_API_ENTRIES(CKPT_HIP_RESOLVE)
#undef CKPT_HIP_RESOLVE

  hipError_t error = out_api->hipInit(0);
  if (error != CKPT_HIP_SUCCESS) {
    char described[256];
    ckpt_hip_describe_error(out_api, error, "hipInit", described, sizeof(described));
    snprintf(message, message_size,
             "%s (%s): %s", described, name,
             /* ROCm 5 answers hipErrorInvalidDevice where it finds no GPU (/dev/kfd). */
             error == CKPT_HIP_ERROR_NO_DEVICE || error == CKPT_HIP_ERROR_INVALID_DEVICE
                 ? "this machine has no AMD GPU the HIP runtime can use"
                 : "the HIP runtime could not start; check the GPU driver (amdgpu, /dev/kfd)");
    return ckpt_hip_load_fail(out_api, CKPT_HIP_INIT_FAILED);
  }
  if (out_api->hipDriverGetVersion(&out_api->version) != CKPT_HIP_SUCCESS) out_api->version = 0;
  return CKPT_HIP_LOADED;
}

void ckpt_hip_api_unload(ckpt_hip_api_t *api) {
  if (api->library) dlclose(api->library);
  memset(api, 0, sizeof(*api));
}

void ckpt_hip_describe_error(const ckpt_hip_api_t *api, hipError_t error, const char *call,
                             char *message, size_t message_size) {
  const char *name = api->hipGetErrorName ? api->hipGetErrorName(error) : NULL;
  const char *text = api->hipGetErrorString ? api->hipGetErrorString(error) : NULL;
  if (name)
    snprintf(message, message_size, "%s failed: %s (%s)", call, name,
             text ? text : "no description");
  else
    snprintf(message, message_size, "%s failed: hipError_t %d", call, (int)error);
}
