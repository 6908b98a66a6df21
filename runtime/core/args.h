/* The packed argument array a launch receives: one pointer per plan parameter. */
#ifndef CKPT_CORE_ARGS_H
#define CKPT_CORE_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ckpt/ckpt.h"

typedef struct ckpt_plan_view_t ckpt_plan_view_t;

/* The common prefix of every MLIR memref descriptor, whatever its rank. */
typedef struct ckpt_memref_header_t {
  void *allocated;
  void *aligned;
  int64_t offset;
} ckpt_memref_header_t;

/* Bytes of parameter storage that identify one launch's arguments: each memref's
 * descriptor and each scalar's value, back to back. */
typedef struct ckpt_args_snapshot_t {
  size_t size;
  unsigned char *bytes; /* owned; NULL until the first launch */
  bool valid;
} ckpt_args_snapshot_t;

/* Bytes one parameter occupies at args[i]: a memref's descriptor, or a scalar's value. */
size_t ckpt_param_storage_size(ckpt_param_kind_t kind, int64_t rank, int64_t elem_bits);

/* Checks that `args` can be read as `view`'s parameters: non-NULL pointers, and a
 * non-NULL aligned pointer in every memref the runtime reads as a yield flag or loop
 * condition. Reports CKPT_ERROR_INVALID_ARGUMENT on `context`. */
ckpt_status_code_t ckpt_args_check(ckpt_context_t *context, const ckpt_plan_view_t *view,
                                   void **args);

/* Reads the i32 a rank-0 memref<i32> descriptor points at. */
int32_t ckpt_memref_read_i32(const void *descriptor);

/* Compares `args` with the previous launch's and records them. Returns true on the first
 * launch, when an argument changed, and when the snapshot could not be allocated (a
 * backend then refreshes everything, which is always safe). */
bool ckpt_args_snapshot_update(ckpt_args_snapshot_t *snapshot, const ckpt_plan_view_t *view,
                               void **args);

void ckpt_args_snapshot_release(ckpt_args_snapshot_t *snapshot);

#endif /* CKPT_CORE_ARGS_H */
