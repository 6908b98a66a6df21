/* ckpt_context_register_device_buffer: an address range for a device buffer that has
 * none the host can see (a VkBuffer), so that a memref descriptor can point into it and
 * core/device.c can tell it from host memory. The range is reserved, never accessible:
 * no host allocation can ever overlap it, and a stray host access faults at once. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, MAP_NORESERVE */
#include <stdlib.h>
#include <sys/mman.h>

#include "core/context.h"

struct ckpt_device_buffer_t {
  void *pointer;
  uint64_t size;
  ckpt_device_buffer_t *next;
};

ckpt_status_code_t ckpt_context_register_device_buffer(ckpt_context_t *context, uint64_t buffer,
                                                       uint64_t size, void **out_pointer) {
  if (!context) return CKPT_ERROR_INVALID_ARGUMENT;
  if (!out_pointer)
    return ckpt_context_fail(context, CKPT_ERROR_INVALID_ARGUMENT,
                             "out_pointer is NULL registering a device buffer");
  *out_pointer = NULL;
  if (!context->backend)
    return ckpt_context_fail(context, CKPT_ERROR_UNAVAILABLE,
                             "the context for target %s failed to start; destroy it and "
                             "create a new one",
                             ckpt_target_name(context->target));
  if (!context->backend->vtable->register_buffer)
    return ckpt_context_fail(context, CKPT_ERROR_INVALID_ARGUMENT,
                             "the %s target needs no device buffer registration: put the "
                             "buffer's own pointer in the memref descriptor",
                             ckpt_target_name(context->target));
  if (!buffer || !size)
    return ckpt_context_fail(context, CKPT_ERROR_INVALID_ARGUMENT,
                             "registering a device buffer needs a handle and a size (got "
                             "handle %#llx, %llu bytes)",
                             (unsigned long long)buffer, (unsigned long long)size);
  ckpt_status_code_t code = ckpt_context_check_backend(context);
  if (code != CKPT_OK)
    return code;
  ckpt_device_buffer_t *record = calloc(1, sizeof(*record));
  void *pointer = mmap(NULL, (size_t)size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                       -1, 0);
  if (!record || pointer == MAP_FAILED) {
    free(record);
    if (pointer != MAP_FAILED) munmap(pointer, (size_t)size);
    return ckpt_context_fail(context, CKPT_ERROR_OUT_OF_MEMORY,
                             "cannot reserve %llu bytes of address space for a device buffer",
                             (unsigned long long)size);
  }
  ckpt_context_lock_backend(context);
  code = context->backend->vtable->register_buffer(context->backend, buffer, size, pointer);
  if (code == CKPT_OK) {
    *record = (ckpt_device_buffer_t){pointer, size, context->device_buffers};
    context->device_buffers = record;
  }
  ckpt_context_unlock_backend(context);
  if (code != CKPT_OK) {
    free(record);
    munmap(pointer, (size_t)size);
    return code;
  }
  *out_pointer = pointer;
  return CKPT_OK;
}

ckpt_status_code_t ckpt_context_unregister_device_buffer(ckpt_context_t *context, void *pointer) {
  if (!context) return CKPT_ERROR_INVALID_ARGUMENT;
  ckpt_status_code_t code = ckpt_context_check_backend(context);
  if (code != CKPT_OK)
    return code;
  ckpt_launch_queue_drain(context);
  ckpt_context_lock_backend(context);
  ckpt_device_buffer_t **at = &context->device_buffers;
  while (*at && (*at)->pointer != pointer) at = &(*at)->next;
  ckpt_device_buffer_t *record = *at;
  if (record) {
    *at = record->next;
    context->backend->vtable->unregister_buffer(context->backend, pointer);
  }
  ckpt_context_unlock_backend(context);
  if (!record)
    return ckpt_context_fail(context, CKPT_ERROR_INVALID_ARGUMENT,
                             "%p is not a pointer ckpt_context_register_device_buffer gave "
                             "this context",
                             pointer);
  munmap(record->pointer, (size_t)record->size);
  free(record);
  return CKPT_OK;
}

void ckpt_device_buffers_release(ckpt_context_t *context) {
  while (context->device_buffers) {
    ckpt_device_buffer_t *record = context->device_buffers;
    context->device_buffers = record->next;
    if (context->backend) context->backend->vtable->unregister_buffer(context->backend, record->pointer);
    munmap(record->pointer, (size_t)record->size);
    free(record);
  }
}
