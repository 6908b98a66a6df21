/* ckpt/dlpack.h: a DLPack tensor checked against a kernel parameter and described as the
 * memref descriptor MLIR's calling convention expects. Built with the real DLPack header
 * when the machine has it, else as a stub that says how to get it. */
#include <stdint.h>

#include "core/context.h"
#include "core/kernel.h"

#if __has_include(<dlpack/dlpack.h>)

#include <string.h>

#include "ckpt/dlpack.h"

bool ckpt_dlpack_supported(void) { return true; }

static const char *dtype_code_name(uint8_t code) {
  switch (code) {
    case kDLInt: return "int";
    case kDLUInt: return "uint";
    case kDLFloat: return "float";
    case kDLBfloat: return "bfloat";
    case kDLComplex: return "complex";
    case kDLOpaqueHandle: return "opaque handle";
    default: return "unknown";
  }
}

static const char *device_type_name(int type) {
  switch (type) {
    case kDLCPU: return "kDLCPU";
    case kDLCUDA: return "kDLCUDA";
    case kDLCUDAHost: return "kDLCUDAHost";
    case kDLCUDAManaged: return "kDLCUDAManaged";
    case kDLROCM: return "kDLROCM";
    case kDLROCMHost: return "kDLROCMHost";
    case kDLVulkan: return "kDLVulkan";
    case kDLOpenCL: return "kDLOpenCL";
    case kDLMetal: return "kDLMetal";
    default: return "another device type";
  }
}

static const char *elem_type_name(ckpt_elem_type_t type) {
  switch (type) {
    case CKPT_ELEM_INT: return "integer";
    case CKPT_ELEM_FLOAT: return "float";
    case CKPT_ELEM_INDEX: return "index";
    default: return "other";
  }
}

/* Host memory (every target takes it: device targets mirror it) or device memory the
 * context's target can use as it is. */
static bool device_fits(ckpt_target_t target, int type, bool *out_device_memory) {
  *out_device_memory = false;
  if (type == kDLCPU || type == kDLCUDAHost || type == kDLROCMHost) return true;
  *out_device_memory = true;
  switch (target) {
    case CKPT_TARGET_CUDA: return type == kDLCUDA || type == kDLCUDAManaged;
    case CKPT_TARGET_HIP: return type == kDLROCM;
    default: return false;
  }
}

static const char *devices_accepted(ckpt_target_t target) {
  switch (target) {
    case CKPT_TARGET_CUDA: return "kDLCPU, kDLCUDAHost, kDLCUDA or kDLCUDAManaged";
    case CKPT_TARGET_HIP: return "kDLCPU, kDLROCMHost or kDLROCM";
    case CKPT_TARGET_VULKAN:
      return "host memory (kDLCPU, kDLCUDAHost, kDLROCMHost), which the runtime mirrors; "
             "DLPack does not say what a kDLVulkan pointer is";
    default: return "host memory (kDLCPU, kDLCUDAHost, kDLROCMHost)";
  }
}

static bool dtype_fits(const ckpt_plan_param_t *param, DLDataType dtype) {
  if (dtype.lanes != 1 || dtype.bits != param->elem_bits) return false;
  switch (param->elem_type) {
    case CKPT_ELEM_INT:
    case CKPT_ELEM_INDEX: return dtype.code == kDLInt || dtype.code == kDLUInt;
    /* The plan does not tell f16 from bf16. */
    case CKPT_ELEM_FLOAT: return dtype.code == kDLFloat || dtype.code == kDLBfloat;
    default: return dtype.code != kDLInt && dtype.code != kDLUInt && dtype.code != kDLFloat;
  }
}

ckpt_status_code_t ckpt_dlpack_to_memref(ckpt_kernel_t *kernel, int64_t param_index,
                                         const DLManagedTensor *tensor, uint32_t flags,
                                         ckpt_dlpack_memref_t *out_memref) {
  if (!kernel) return CKPT_ERROR_INVALID_ARGUMENT;
  ckpt_context_t *context = kernel->context;
  const ckpt_plan_view_t *view = &kernel->view;
  const char *name = view->kernel_name;
  if (!tensor || !out_memref)
    return ckpt_context_fail(context, CKPT_ERROR_INVALID_ARGUMENT,
                             "ckpt_dlpack_to_memref for kernel '%s' got a NULL %s", name,
                             tensor ? "out_memref" : "tensor");
  if (param_index < 0 || param_index >= view->param_count)
    return ckpt_context_fail(context, CKPT_ERROR_INVALID_ARGUMENT,
                             "kernel '%s' has %lld parameters (0 to %lld); there is no "
                             "parameter %lld",
                             name, (long long)view->param_count,
                             (long long)view->param_count - 1, (long long)param_index);
  const ckpt_plan_param_t *param = &view->params[param_index];
  long long p = (long long)param_index;
  if (param->kind != CKPT_PARAM_MEMREF)
    return ckpt_context_fail(context, CKPT_ERROR_INVALID_ARGUMENT,
                             "parameter %lld of kernel '%s' is a scalar, not a memref; pass "
                             "its value, not a tensor",
                             p, name);
  const DLTensor *t = &tensor->dl_tensor;
  if (t->ndim != param->rank)
    return ckpt_context_fail(context, CKPT_ERROR_INVALID_ARGUMENT,
                             "parameter %lld of kernel '%s' is a memref of rank %lld but the "
                             "tensor has %d dimensions; reshape it",
                             p, name, (long long)param->rank, t->ndim);
  if (t->ndim > CKPT_DLPACK_MAX_RANK)
    return ckpt_context_fail(context, CKPT_ERROR_INVALID_ARGUMENT,
                             "the tensor for parameter %lld of kernel '%s' has %d dimensions; "
                             "ckpt_dlpack_memref_t holds at most %d",
                             p, name, t->ndim, CKPT_DLPACK_MAX_RANK);
  if (!dtype_fits(param, t->dtype))
    return ckpt_context_fail(context, CKPT_ERROR_INVALID_ARGUMENT,
                             "parameter %lld of kernel '%s' has %lld-bit %s elements but the "
                             "tensor's dtype is %s%u (lanes %u); convert the tensor",
                             p, name, (long long)param->elem_bits, elem_type_name(param->elem_type),
                             dtype_code_name(t->dtype.code), (unsigned)t->dtype.bits,
                             (unsigned)t->dtype.lanes);
  bool device_memory = false;
  if (!device_fits(context->target, (int)t->device.device_type, &device_memory))
    return ckpt_context_fail(context, CKPT_ERROR_INVALID_ARGUMENT,
                             "the tensor for parameter %lld of kernel '%s' lives on %s (device "
                             "type %d) but the context's target is %s, which takes %s",
                             p, name, device_type_name((int)t->device.device_type),
                             (int)t->device.device_type, ckpt_target_name(context->target),
                             devices_accepted(context->target));
  if (device_memory && context->options.device_index >= 0 &&
      t->device.device_id != context->options.device_index)
    return ckpt_context_fail(context, CKPT_ERROR_INVALID_ARGUMENT,
                             "the tensor for parameter %lld of kernel '%s' is on %s device %d "
                             "but the context runs on device %d (options.device_index); copy "
                             "it there",
                             p, name, device_type_name((int)t->device.device_type),
                             (int)t->device.device_id, (int)context->options.device_index);
  int64_t element_bytes = (param->elem_bits + 7) / 8;
  if (t->byte_offset % (uint64_t)element_bytes != 0)
    return ckpt_context_fail(context, CKPT_ERROR_INVALID_ARGUMENT,
                             "the tensor for parameter %lld of kernel '%s' starts %llu bytes "
                             "into its data, not a whole number of %lld-byte elements",
                             p, name, (unsigned long long)t->byte_offset, (long long)element_bytes);
  int64_t *sizes = out_memref->words, *strides = out_memref->words + t->ndim;
  int64_t compact = 1;
  for (int d = t->ndim - 1; d >= 0; --d) {
    if (t->shape[d] < 0)
      return ckpt_context_fail(context, CKPT_ERROR_INVALID_ARGUMENT,
                               "the tensor for parameter %lld of kernel '%s' has size %lld in "
                               "dimension %d",
                               p, name, (long long)t->shape[d], d);
    int64_t stride = t->strides ? t->strides[d] : compact;
    bool strided_ok = (flags & CKPT_DLPACK_ALLOW_STRIDED) && stride > 0;
    /* A dimension of size 1 is never stepped along, whatever its stride says. */
    if (stride != compact && t->shape[d] != 1 && !strided_ok)
      return ckpt_context_fail(
          context, CKPT_ERROR_INVALID_ARGUMENT,
          "the tensor for parameter %lld of kernel '%s' has stride %lld in dimension %d where "
          "a compact row-major tensor has %lld; %s",
          p, name, (long long)stride, d, (long long)compact,
          stride <= 0 ? "ckpt takes positive strides only: make the tensor contiguous"
                      : "make it contiguous, or pass CKPT_DLPACK_ALLOW_STRIDED if the kernel's "
                        "memref has a strided layout");
    sizes[d] = t->shape[d];
    strides[d] = stride;
    compact *= t->shape[d] > 0 ? t->shape[d] : 1;
  }
  out_memref->allocated = t->data;
  out_memref->aligned = t->data;
  out_memref->offset = (int64_t)(t->byte_offset / (uint64_t)element_bytes);
  return CKPT_OK;
}

#else /* no <dlpack/dlpack.h> */

struct DLManagedTensor;
typedef struct ckpt_dlpack_memref_t ckpt_dlpack_memref_t;

bool ckpt_dlpack_supported(void);
ckpt_status_code_t ckpt_dlpack_to_memref(ckpt_kernel_t *kernel, int64_t param,
                                         const struct DLManagedTensor *tensor, uint32_t flags,
                                         ckpt_dlpack_memref_t *out_memref);

bool ckpt_dlpack_supported(void) { return false; }

ckpt_status_code_t ckpt_dlpack_to_memref(ckpt_kernel_t *kernel, int64_t param,
                                         const struct DLManagedTensor *tensor, uint32_t flags,
                                         ckpt_dlpack_memref_t *out_memref) {
  (void)param;
  (void)tensor;
  (void)flags;
  (void)out_memref;
  if (!kernel) return CKPT_ERROR_INVALID_ARGUMENT;
  return ckpt_context_fail(kernel->context, CKPT_ERROR_UNAVAILABLE,
                           "this runtime was built without DLPack; install its header "
                           "(Debian: libdlpack-dev) and rebuild ckpt");
}

#endif
