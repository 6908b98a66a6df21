/* What every device target (CUDA, HIP, Vulkan) shares, once:
 *
 *  - mirrors: host-allocated memref arguments get a device copy that is uploaded before
 *    each launch and downloaded after it, so host memory stays coherent across launch,
 *    yield and resume; device-resident arguments pass straight through;
 *  - the gating state ([resume_cp, yielded, yield_cp, loop budget], read by every task's
 *    prologue) is one more mirrored region: written before a launch, read back once after;
 *  - records: the plan's dispatch function describes each task's kernel launch
 *    (ckpt_mlir_record_launch); operands pointing into mirrored host memory are
 *    translated to the device copy, and flattened into the kernel's parameter list the
 *    way MLIR lowers memrefs (allocated, aligned, offset, sizes[], strides[]).
 *
 * A backend supplies memory operations and builds its graph or command buffer from the
 * records; it re-records only when the arguments changed. */
#ifndef CKPT_CORE_DEVICE_H
#define CKPT_CORE_DEVICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ckpt/ckpt.h"

typedef struct ckpt_plan_view_t ckpt_plan_view_t;

/* Words of the gating state, as `ckpt.device_state` lays them out. */
enum {
  CKPT_STATE_RESUME_CP = 0, /* cp_id being resumed, or -1; cleared when it is reached */
  CKPT_STATE_YIELDED = 1,   /* non-zero once a checkpoint yielded */
  CKPT_STATE_YIELD_CP = 2,  /* the cp_id that yielded */
  /* Non-zero when a Vulkan kernel's loops ran 65,535 iterations in one invocation
   * (passes/spirv_loop_budget.c); the backend decides whether its driver cut them off. */
  CKPT_STATE_LOOP_BUDGET = 3,
  CKPT_STATE_WORDS = 4
};

/* Memory operations a device backend provides. `buffer` is the backend's handle of a
 * device allocation (a CUdeviceptr holder, a VkBuffer + memory, ...); `address` is what a
 * kernel parameter carries for its first byte (a device pointer; 0 where the API binds
 * buffers instead of passing pointers). */
typedef struct ckpt_device_memory_t {
  void *user;
  /* Mirror a memref argument from its aligned pointer, not from its first element:
   * for APIs that bind buffers (Vulkan), where a task binds the allocation a view
   * belongs to and indexes it at the view's offset. */
  bool mirror_from_aligned;
  /* True if `pointer` is device memory kernels can use as is (then it is not mirrored). */
  bool (*is_device_pointer)(void *user, const void *pointer);
  /* Optional, for APIs that bind buffers: the buffer handle (as allocate gives them) and
   * byte offset behind a device pointer, where is_device_pointer said true. */
  bool (*resolve_device_pointer)(void *user, const void *pointer, void **out_buffer,
                                 uint64_t *out_byte_offset);
  ckpt_status_code_t (*allocate)(void *user, size_t bytes, void **out_buffer,
                                 uint64_t *out_address);
  void (*release)(void *user, void *buffer);
  ckpt_status_code_t (*upload)(void *user, void *buffer, const void *host, size_t bytes);
  ckpt_status_code_t (*download)(void *user, void *buffer, void *host, size_t bytes);
  /* Optional: the outcome word, for backends whose graphs write a yield's cp_id into
   * host-visible memory (a yield check that yields, a report step at the end). With it
   * the gating state is never copied back: downloading it waits for the launch (`wait`)
   * and rebuilds it from the word, which each upload sets to -1. The state is uploaded
   * only when it differs from what the device holds, from `state_words`
   * (2 * CKPT_STATE_WORDS of host memory, pinned where the API makes copies from it
   * asynchronous): a launch that does not yield leaves the fresh state on the device, and
   * after a yield the fresh state is queued up at once, while the host handles it. */
  volatile int32_t *outcome;
  int32_t *state_words;
  ckpt_status_code_t (*wait)(void *user);
  /* Optional: where to count the gating-state uploads made (the backend's statistics). */
  int64_t *state_uploads;
} ckpt_device_memory_t;

/* Where one pointer of a kernel operand lives on the device. */
typedef struct ckpt_device_ref_t {
  void *buffer;         /* the mirror's buffer, or NULL for a device-resident pointer */
  uint64_t address;     /* device address of the pointed-at byte (0 if the API has none) */
  uint64_t byte_offset; /* offset of that byte within `buffer` */
} ckpt_device_ref_t;

/* One recorded operand of a kernel launch. */
typedef struct ckpt_device_operand_t {
  ckpt_param_kind_t kind;
  int64_t rank;      /* memref rank */
  int64_t elem_bits; /* element or scalar width */
  ckpt_elem_type_t elem_type; /* tells index from i64, whose widths differ in SPIR-V */
  /* memref: where its allocated and aligned pointers point on the device, and the
   * descriptor's offset, sizes and strides (in elements) as recorded. */
  ckpt_device_ref_t allocated, aligned;
  int64_t offset;
  int64_t *sizes;   /* rank entries, owned */
  int64_t *strides; /* rank entries, owned */
  /* scalar: its bytes (elem_bits / 8, at most 8). */
  unsigned char scalar[8];
} ckpt_device_operand_t;

/* One kernel launch, recorded for one task node. */
typedef struct ckpt_device_launch_t {
  int64_t image;
  char *kernel; /* owned copy of the name */
  uint32_t grid[3], block[3];
  uint32_t shared_bytes;
  int64_t operand_count;
  ckpt_device_operand_t *operands; /* owned */
  /* The operands flattened into 8-byte-aligned kernel parameters, MLIR's memref
   * convention: param i is param_sizes[i] bytes at param_bytes + param_offsets[i]. */
  int64_t param_count;
  size_t *param_offsets;
  size_t *param_sizes;
  unsigned char *param_bytes;
} ckpt_device_launch_t;

typedef struct ckpt_device_mirror_t ckpt_device_mirror_t;

/* The device side of one kernel: its mirrors, state and records. */
typedef struct ckpt_device_kernel_t {
  const ckpt_plan_view_t *view;
  ckpt_context_t *context;
  ckpt_device_memory_t memory;
  int32_t state[CKPT_STATE_WORDS]; /* host copy of the gating state */
  ckpt_device_mirror_t *mirrors;   /* owned list; the state's mirror is first */
  /* One record per node (NULL for nodes that are not tasks or bare runs). */
  ckpt_device_launch_t **launches;
  /* For each record, whether the last ckpt_device_kernel_sync changed it (a backend
   * updates those graph nodes or descriptors). */
  bool *launch_changed;
  /* Set while recording: the node being dispatched and the first error. */
  int64_t recording_node;
  ckpt_status_code_t record_status;
  /* The last sync failed: the next one records again whatever the arguments. */
  bool records_stale;
  /* With memory.outcome: what the device's gating state holds, when known. */
  int32_t device_state[CKPT_STATE_WORDS];
  bool device_state_known;
} ckpt_device_kernel_t;

/* Sets up the device side of `view` (allocating the state's device buffer). */
ckpt_status_code_t ckpt_device_kernel_init(ckpt_device_kernel_t *kernel, ckpt_context_t *context,
                                           const ckpt_plan_view_t *view,
                                           const ckpt_device_memory_t *memory);

/* Frees records, mirrors and the state buffer. */
void ckpt_device_kernel_release(ckpt_device_kernel_t *kernel);

/* Prepares one launch: when `args_changed` (or the last sync failed), makes sure every
 * host memref argument has a mirror of the right size and re-records every task through
 * the plan's dispatch (marking in launch_changed what differs); with the same arguments
 * as the last successful sync it does nothing. Sets *out_structure_changed when a record
 * appeared whose kernel or operand count differs (a backend rebuilds then). */
ckpt_status_code_t ckpt_device_kernel_sync(ckpt_device_kernel_t *kernel, void **args,
                                           bool args_changed, bool *out_structure_changed);

/* Uploads every mirror and the gating state for a launch resuming at resume_cp_id
 * (-1: fresh). */
ckpt_status_code_t ckpt_device_kernel_upload(ckpt_device_kernel_t *kernel, int64_t resume_cp_id);

/* Uploads every mirror but the gating state's, for a launch whose gating state the device
 * writes itself (a backend's queue gate step, backend.h submit). */
ckpt_status_code_t ckpt_device_kernel_upload_arguments(ckpt_device_kernel_t *kernel);

/* Downloads every mirror but the gating state's, after launches whose outcome the backend
 * reads otherwise (a backend's queue, backend.h finish). */
ckpt_status_code_t ckpt_device_kernel_download_arguments(ckpt_device_kernel_t *kernel);

/* Downloads every mirror and the gating state; *out_yield_cp_id is the cp_id that
 * yielded or -1. */
/* Whether the last launch's kernels reported CKPT_STATE_LOOP_BUDGET (read back by
 * ckpt_device_kernel_download). */
bool ckpt_device_kernel_loop_budget_spent(const ckpt_device_kernel_t *kernel);

ckpt_status_code_t ckpt_device_kernel_download(ckpt_device_kernel_t *kernel,
                                               int64_t *out_yield_cp_id);

/* With memory.outcome: queues the fresh state's upload (the state a launch that does not
 * yield leaves), for a backend that runs tasks itself after the resumed checkpoint's check. */
ckpt_status_code_t ckpt_device_kernel_send_fresh_state(ckpt_device_kernel_t *kernel);

/* After a failed launch: the device's gating state is no longer known, so the next launch
 * uploads it. */
void ckpt_device_kernel_forget_state(ckpt_device_kernel_t *kernel);

/* The device location of the i32 a rank-0 memref parameter (a yield flag or do-while
 * condition) points at, for the runtime's own kernels. Valid after sync. */
ckpt_status_code_t ckpt_device_kernel_param_ref(ckpt_device_kernel_t *kernel, void **args,
                                                int64_t param, ckpt_device_ref_t *out_ref);

/* The gating state's device location. */
ckpt_device_ref_t ckpt_device_kernel_state_ref(const ckpt_device_kernel_t *kernel);

/* Bytes spanned by a memref descriptor's elements (0 for an empty memref). */
size_t ckpt_memref_extent_bytes(const void *descriptor, int64_t rank, int64_t elem_bits);

#endif /* CKPT_CORE_DEVICE_H */
