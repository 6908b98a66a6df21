#include "core/args.h"

#include <stdlib.h>
#include <string.h>

#include "core/context.h"
#include "core/plan.h"

size_t ckpt_param_storage_size(ckpt_param_kind_t kind, int64_t rank, int64_t elem_bits) {
  if (kind == CKPT_PARAM_MEMREF) {
    return sizeof(ckpt_memref_header_t) + 2 * (size_t)rank * sizeof(int64_t);
  }
  return ((size_t)elem_bits + 7) / 8;
}

ckpt_status_code_t ckpt_args_check(ckpt_context_t *context, const ckpt_plan_view_t *view,
                                   void **args) {
  if (view->param_count == 0) return CKPT_OK;
  if (!args) {
    return ckpt_context_fail(context, CKPT_ERROR_INVALID_ARGUMENT,
                             "args is NULL but kernel '%s' takes %lld parameters",
                             view->kernel_name, (long long)view->param_count);
  }
  for (int64_t i = 0; i < view->param_count; ++i) {
    if (!args[i]) {
      return ckpt_context_fail(context, CKPT_ERROR_INVALID_ARGUMENT,
                               "argument %lld of kernel '%s' is NULL; args needs one pointer "
                               "per parameter (%lld)",
                               (long long)i, view->kernel_name, (long long)view->param_count);
    }
    const ckpt_memref_header_t *memref = args[i];
    if (view->params[i].is_flag && !memref->aligned) {
      return ckpt_context_fail(context, CKPT_ERROR_INVALID_ARGUMENT,
                               "argument %lld of kernel '%s' is a memref<i32> the runtime reads "
                               "as a yield flag or do-while condition, but its aligned "
                               "pointer is NULL",
                               (long long)i, view->kernel_name);
    }
  }
  return CKPT_OK;
}

int32_t ckpt_memref_read_i32(const void *descriptor) {
  const ckpt_memref_header_t *memref = descriptor;
  int32_t value;
  /* Addressed in bytes: an int32_t pointer would promise an alignment that a descriptor
   * built by hand need not have, and memcpy through it is then undefined. */
  const unsigned char *flag =
      (const unsigned char *)memref->aligned + memref->offset * (int64_t)sizeof(int32_t);
  memcpy(&value, flag, sizeof(value));
  return value;
}

static size_t ckpt_args_total_size(const ckpt_plan_view_t *view) {
  size_t size = 0;
  for (int64_t i = 0; i < view->param_count; ++i) {
    const ckpt_plan_param_t *param = &view->params[i];
    size += ckpt_param_storage_size(param->kind, param->rank, param->elem_bits);
  }
  return size;
}

bool ckpt_args_snapshot_update(ckpt_args_snapshot_t *snapshot, const ckpt_plan_view_t *view,
                               void **args) {
  if (!snapshot->bytes) {
    snapshot->size = ckpt_args_total_size(view);
    snapshot->bytes = malloc(snapshot->size ? snapshot->size : 1);
    snapshot->valid = false;
    if (!snapshot->bytes) return true;
  }
  bool changed = !snapshot->valid;
  size_t offset = 0;
  for (int64_t i = 0; i < view->param_count; ++i) {
    const ckpt_plan_param_t *param = &view->params[i];
    size_t size = ckpt_param_storage_size(param->kind, param->rank, param->elem_bits);
    if (changed || memcmp(snapshot->bytes + offset, args[i], size) != 0) {
      memcpy(snapshot->bytes + offset, args[i], size);
      changed = true;
    }
    offset += size;
  }
  snapshot->valid = true;
  return changed;
}

void ckpt_args_snapshot_release(ckpt_args_snapshot_t *snapshot) {
  free(snapshot->bytes);
  memset(snapshot, 0, sizeof(*snapshot));
}
