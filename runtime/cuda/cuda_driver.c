#include "cuda/cuda_driver.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#define CKPT_CUDA_DEFAULT_LIBRARY "libcuda.so.1"

/* dlsym returns an object pointer; POSIX guarantees it converts to a function pointer. */
static void *ckpt_cuda_symbol(void *library, const char *name) { return dlsym(library, name); }

static ckpt_cuda_load_result_t ckpt_cuda_load_fail(ckpt_cuda_driver_t *driver,
                                                   ckpt_cuda_load_result_t result) {
  if (driver->library) dlclose(driver->library);
  memset(driver, 0, sizeof(*driver));
  return result;
}

ckpt_cuda_load_result_t ckpt_cuda_driver_load(const char *library_name,
                                              ckpt_cuda_driver_t *out_driver, char *message,
                                              size_t message_size) {
  const char *name = library_name ? library_name : CKPT_CUDA_DEFAULT_LIBRARY;
  memset(out_driver, 0, sizeof(*out_driver));
  message[0] = '\0';
  out_driver->library = dlopen(name, RTLD_NOW | RTLD_LOCAL);
  if (!out_driver->library) {
    const char *why = dlerror();
    snprintf(message, message_size,
             "no CUDA driver (%s) found: %s; install the NVIDIA driver on this machine, or "
             "use another target",
             name, why ? why : "dlopen failed");
    return ckpt_cuda_load_fail(out_driver, CKPT_CUDA_NO_DRIVER);
  }

  /* cuGetProcAddress_v2 (CUDA 12.0) hands out every other entry point by ABI version. */
  PFN_cuGetProcAddress_v12000 get_proc_address = NULL;
  void *symbol = ckpt_cuda_symbol(out_driver->library, "cuGetProcAddress_v2");
  memcpy(&get_proc_address, &symbol, sizeof(symbol));
  if (!get_proc_address) {
    snprintf(message, message_size,
             "the CUDA driver %s has no cuGetProcAddress_v2: it is older than CUDA 12.0; the "
             "CUDA target needs a driver for CUDA 12.4 or newer",
             name);
    return ckpt_cuda_load_fail(out_driver, CKPT_CUDA_NO_DRIVER);
  }

  /* Resolved first, by their plain names, so that later failures can be named. */
  void *name_symbol = ckpt_cuda_symbol(out_driver->library, "cuGetErrorName");
  void *text_symbol = ckpt_cuda_symbol(out_driver->library, "cuGetErrorString");
  memcpy(&out_driver->cuGetErrorName, &name_symbol, sizeof(name_symbol));
  memcpy(&out_driver->cuGetErrorString, &text_symbol, sizeof(text_symbol));

#define CKPT_CUDA_RESOLVE(entry, abi_version)                                                 \
  {                                                                                           \
    void *pointer = NULL;                                                                     \
    CUdriverProcAddressQueryResult found = CU_GET_PROC_ADDRESS_SYMBOL_NOT_FOUND;              \
    CUresult result =                                                                         \
        get_proc_address(#entry, &pointer, abi_version, CU_GET_PROC_ADDRESS_DEFAULT, &found); \
    if (result == CUDA_ERROR_STUB_LIBRARY) {                                                  \
      snprintf(message, message_size,                                                         \
               "no CUDA driver: %s is the CUDA toolkit's stub library, not the NVIDIA "       \
               "driver; install the driver, or use another target",                           \
               name);                                                                         \
      return ckpt_cuda_load_fail(out_driver, CKPT_CUDA_NO_DRIVER);                            \
    }                                                                                         \
    if (result != CUDA_SUCCESS || found != CU_GET_PROC_ADDRESS_SUCCESS || !pointer) {         \
      char cause[256];                                                                        \
      ckpt_cuda_describe_error(out_driver, result, "cuGetProcAddress", cause, sizeof(cause)); \
      snprintf(message, message_size,                                                         \
               "the CUDA driver %s lacks %s (ABI %d)%s%s: the CUDA target needs a driver "    \
               "for CUDA 12.4 or newer",                                                      \
               name, #entry, abi_version, result != CUDA_SUCCESS ? "; " : "",                 \
               result != CUDA_SUCCESS ? cause : "");                                          \
      return ckpt_cuda_load_fail(out_driver, CKPT_CUDA_NO_DRIVER);                            \
    }                                                                                         \
    memcpy(&out_driver->entry, &pointer, sizeof(pointer));                                    \
  }
  CKPT_CUDA_DRIVER_ENTRIES(CKPT_CUDA_RESOLVE)
#undef CKPT_CUDA_RESOLVE

  CUresult result = out_driver->cuInit(0);
  if (result != CUDA_SUCCESS) {
    char cause[256];
    ckpt_cuda_describe_error(out_driver, result, "cuInit", cause, sizeof(cause));
    snprintf(message, message_size, "the CUDA driver (%s) cannot start: %s%s", name, cause,
             result == CUDA_ERROR_NO_DEVICE ? "; this machine has no CUDA device" : "");
    return ckpt_cuda_load_fail(out_driver, CKPT_CUDA_DRIVER_FAILED);
  }
  result = out_driver->cuDriverGetVersion(&out_driver->version);
  if (result != CUDA_SUCCESS || out_driver->version < CKPT_CUDA_MIN_DRIVER_VERSION) {
    snprintf(message, message_size,
             "the CUDA driver supports CUDA %d.%d; conditional graph nodes set from device "
             "code need %d.%d or newer: update the NVIDIA driver",
             out_driver->version / 1000, out_driver->version % 1000 / 10,
             CKPT_CUDA_MIN_DRIVER_VERSION / 1000, CKPT_CUDA_MIN_DRIVER_VERSION % 1000 / 10);
    return ckpt_cuda_load_fail(out_driver, CKPT_CUDA_DRIVER_TOO_OLD);
  }
  return CKPT_CUDA_LOADED;
}

void ckpt_cuda_driver_unload(ckpt_cuda_driver_t *driver) {
  if (driver->library) dlclose(driver->library);
  memset(driver, 0, sizeof(*driver));
}

void ckpt_cuda_describe_error(const ckpt_cuda_driver_t *driver, CUresult result, const char *call,
                              char *message, size_t message_size) {
  const char *error_name = NULL, *error_text = NULL;
  if (driver->cuGetErrorName) driver->cuGetErrorName(result, &error_name);
  if (driver->cuGetErrorString) driver->cuGetErrorString(result, &error_text);
  if (error_name) {
    snprintf(message, message_size, "%s failed: %s (%s)", call, error_name,
             error_text ? error_text : "no description");
  } else {
    snprintf(message, message_size, "%s failed: CUresult %d", call, (int)result);
  }
}
