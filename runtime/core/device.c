#include "core/device.h"

#include <stdlib.h>
#include <string.h>

#include "ckpt/mlir_abi.h"
#include "core/args.h"
#include "core/context.h"
#include "core/plan.h"

struct ckpt_device_mirror_t {
  unsigned char *host; /* first byte of the mirrored host region */
  size_t bytes;
  void *buffer;
  uint64_t address;
  bool used; /* by the arguments of the launch being prepared */
  ckpt_device_mirror_t *next;
};

size_t ckpt_memref_extent_bytes(const void *descriptor, int64_t rank, int64_t elem_bits) {
  const int64_t *words = (const int64_t *)((const char *)descriptor + 2 * sizeof(void *));
  const int64_t *sizes = words + 1, *strides = words + 1 + rank;
  int64_t last = 0;
  for (int64_t d = 0; d < rank; ++d) {
    if (sizes[d] <= 0)
      return 0;
    last += (sizes[d] - 1) * (strides[d] < 0 ? -strides[d] : strides[d]);
  }
  return (size_t)(last + 1) * (size_t)((elem_bits + 7) / 8);
}

/* The host address of a memref's first element. */
static unsigned char *memref_first_element(const void *descriptor, int64_t elem_bits) {
  const ckpt_memref_header_t *header = descriptor;
  return (unsigned char *)header->aligned + header->offset * ((elem_bits + 7) / 8);
}

/* The host bytes a memref's elements occupy: from its lowest-addressed element (which is
 * not the first one when a stride is negative), *out_bytes long; 0 when it is empty. */
static unsigned char *memref_region(const void *descriptor, int64_t rank, int64_t elem_bits,
                                    size_t *out_bytes) {
  const ckpt_memref_header_t *header = descriptor;
  const int64_t *words = (const int64_t *)((const char *)descriptor + 2 * sizeof(void *));
  const int64_t *sizes = words + 1, *strides = words + 1 + rank;
  int64_t element_bytes = (elem_bits + 7) / 8;
  int64_t low = header->offset, high = header->offset;
  *out_bytes = 0;
  for (int64_t d = 0; d < rank; ++d) {
    if (sizes[d] <= 0) return memref_first_element(descriptor, elem_bits);
    int64_t span = (sizes[d] - 1) * strides[d];
    if (span < 0) {
      low += span;
    } else {
      high += span;
    }
  }
  *out_bytes = (size_t)(high - low + 1) * (size_t)element_bytes;
  return (unsigned char *)header->aligned + low * element_bytes;
}

static ckpt_device_mirror_t *find_mirror(ckpt_device_kernel_t *kernel, const void *pointer,
                                         size_t bytes) {
  const unsigned char *p = pointer;
  for (ckpt_device_mirror_t *m = kernel->mirrors; m; m = m->next)
    if (p >= m->host && p + bytes <= m->host + m->bytes)
      return m;
  return NULL;
}

static ckpt_status_code_t add_mirror(ckpt_device_kernel_t *kernel, void *host, size_t bytes,
                                     ckpt_device_mirror_t **out_mirror) {
  ckpt_device_mirror_t *mirror = calloc(1, sizeof(*mirror));
  if (!mirror)
    return ckpt_context_fail(kernel->context, CKPT_ERROR_OUT_OF_MEMORY,
                             "out of memory mirroring a %zu-byte argument", bytes);
  ckpt_status_code_t code =
      kernel->memory.allocate(kernel->memory.user, bytes, &mirror->buffer, &mirror->address);
  if (code != CKPT_OK) {
    free(mirror);
    return code;
  }
  mirror->host = host;
  mirror->bytes = bytes;
  mirror->used = true;
  /* Appended: the state's mirror stays first. */
  ckpt_device_mirror_t **tail = &kernel->mirrors;
  while (*tail)
    tail = &(*tail)->next;
  *tail = mirror;
  *out_mirror = mirror;
  return CKPT_OK;
}

static void free_mirror(ckpt_device_kernel_t *kernel, ckpt_device_mirror_t *mirror) {
  kernel->memory.release(kernel->memory.user, mirror->buffer);
  free(mirror);
}

static void free_launch(ckpt_device_launch_t *launch) {
  if (!launch)
    return;
  for (int64_t i = 0; i < launch->operand_count; ++i) {
    free(launch->operands[i].sizes);
    free(launch->operands[i].strides);
  }
  free(launch->operands);
  free(launch->kernel);
  free(launch->param_offsets);
  free(launch->param_sizes);
  free(launch->param_bytes);
  free(launch);
}

ckpt_status_code_t ckpt_device_kernel_init(ckpt_device_kernel_t *kernel, ckpt_context_t *context,
                                           const ckpt_plan_view_t *view,
                                           const ckpt_device_memory_t *memory) {
  memset(kernel, 0, sizeof(*kernel));
  kernel->view = view;
  kernel->context = context;
  kernel->memory = *memory;
  kernel->recording_node = -1;
  kernel->launches = calloc((size_t)view->node_count + 1, sizeof(*kernel->launches));
  kernel->launch_changed = calloc((size_t)view->node_count + 1, sizeof(bool));
  if (!kernel->launches || !kernel->launch_changed) {
    ckpt_device_kernel_release(kernel);
    return ckpt_context_fail(context, CKPT_ERROR_OUT_OF_MEMORY,
                             "out of memory preparing kernel '%s'", view->kernel_name);
  }
  ckpt_device_mirror_t *state = NULL;
  ckpt_status_code_t code = add_mirror(kernel, kernel->state, sizeof(kernel->state), &state);
  if (code != CKPT_OK)
    ckpt_device_kernel_release(kernel);
  return code;
}

void ckpt_device_kernel_release(ckpt_device_kernel_t *kernel) {
  if (kernel->launches)
    for (int64_t i = 0; i < kernel->view->node_count; ++i)
      free_launch(kernel->launches[i]);
  free(kernel->launches);
  free(kernel->launch_changed);
  while (kernel->mirrors) {
    ckpt_device_mirror_t *next = kernel->mirrors->next;
    free_mirror(kernel, kernel->mirrors);
    kernel->mirrors = next;
  }
  kernel->launches = NULL;
  kernel->launch_changed = NULL;
}

/*--- mirrors ----------------------------------------------------------------*/

typedef struct host_region_t {
  unsigned char *first;
  size_t bytes;
} host_region_t;

static int compare_regions(const void *a, const void *b) {
  uintptr_t x = (uintptr_t)((const host_region_t *)a)->first;
  uintptr_t y = (uintptr_t)((const host_region_t *)b)->first;
  return x < y ? -1 : x > y;
}

/* Mirrors the host memory the arguments view. Overlapping views (two subviews of one
 * buffer, a view and its whole) share one mirror spanning their union: two mirrors of the
 * same bytes would be downloaded one over the other. A mirror is reused only for exactly
 * the same region: the memory around an old, larger region may have been freed. */
static ckpt_status_code_t mirror_params(ckpt_device_kernel_t *kernel, void **args) {
  const ckpt_plan_view_t *view = kernel->view;
  for (ckpt_device_mirror_t *m = kernel->mirrors; m; m = m->next)
    m->used = m == kernel->mirrors; /* the state's mirror is always in use */
  host_region_t *regions = calloc((size_t)view->param_count + 1, sizeof(*regions));
  if (!regions)
    return ckpt_context_fail(kernel->context, CKPT_ERROR_OUT_OF_MEMORY, "out of memory");
  size_t count = 0;
  for (int64_t i = 0; i < view->param_count; ++i) {
    const ckpt_plan_param_t *param = &view->params[i];
    if (param->kind != CKPT_PARAM_MEMREF) continue;
    size_t bytes = 0;
    unsigned char *first = memref_region(args[i], param->rank, param->elem_bits, &bytes);
    if (bytes == 0 || kernel->memory.is_device_pointer(kernel->memory.user, first)) continue;
    unsigned char *aligned = ((const ckpt_memref_header_t *)args[i])->aligned;
    if (kernel->memory.mirror_from_aligned && aligned < first) {
      bytes += (size_t)(first - aligned);
      first = aligned;
    }
    regions[count++] = (host_region_t){first, bytes};
  }
  qsort(regions, count, sizeof(*regions), compare_regions);
  size_t merged = 0;
  for (size_t i = 0; i < count; ++i) {
    host_region_t *last = merged ? &regions[merged - 1] : NULL;
    if (last && regions[i].first < last->first + last->bytes) {
      unsigned char *end = regions[i].first + regions[i].bytes;
      if (end > last->first + last->bytes) last->bytes = (size_t)(end - last->first);
    } else {
      regions[merged++] = regions[i];
    }
  }
  ckpt_status_code_t code = CKPT_OK;
  for (size_t i = 0; i < merged && code == CKPT_OK; ++i) {
    ckpt_device_mirror_t *mirror = kernel->mirrors->next;
    while (mirror && (mirror->host != regions[i].first || mirror->bytes != regions[i].bytes))
      mirror = mirror->next;
    if (mirror) {
      mirror->used = true;
    } else {
      code = add_mirror(kernel, regions[i].first, regions[i].bytes, &mirror);
    }
  }
  free(regions);
  /* Arguments swapped since the last launch: their old mirrors go. */
  for (ckpt_device_mirror_t **link = &kernel->mirrors; *link;) {
    ckpt_device_mirror_t *mirror = *link;
    if (mirror->used) {
      link = &mirror->next;
    } else {
      *link = mirror->next;
      free_mirror(kernel, mirror);
    }
  }
  return code;
}

/* Where `pointer` (with `bytes` readable from it) lives on the device. */
static bool translate(ckpt_device_kernel_t *kernel, const void *pointer, size_t bytes,
                      ckpt_device_ref_t *out_ref) {
  ckpt_device_mirror_t *mirror = find_mirror(kernel, pointer, bytes);
  if (mirror) {
    uint64_t offset = (uint64_t)((const unsigned char *)pointer - mirror->host);
    *out_ref = (ckpt_device_ref_t){mirror->buffer, mirror->address ? mirror->address + offset : 0,
                                   offset};
    return true;
  }
  if (kernel->memory.is_device_pointer(kernel->memory.user, pointer)) {
    *out_ref = (ckpt_device_ref_t){NULL, (uint64_t)(uintptr_t)pointer, 0};
    if (kernel->memory.resolve_device_pointer)
      kernel->memory.resolve_device_pointer(kernel->memory.user, pointer, &out_ref->buffer,
                                            &out_ref->byte_offset);
    return true;
  }
  return false;
}

/*--- records ----------------------------------------------------------------*/

static bool push_param(ckpt_device_launch_t *launch, const void *bytes, size_t size,
                       size_t *capacity) {
  size_t offset = 0;
  if (launch->param_count > 0) {
    size_t previous = launch->param_offsets[launch->param_count - 1] +
                      launch->param_sizes[launch->param_count - 1];
    offset = (previous + 7) & ~(size_t)7;
  }
  if (offset + size > *capacity) {
    size_t grown = *capacity ? *capacity * 2 : 256;
    while (grown < offset + size)
      grown *= 2;
    unsigned char *bytes_grown = realloc(launch->param_bytes, grown);
    if (!bytes_grown)
      return false;
    launch->param_bytes = bytes_grown;
    *capacity = grown;
  }
  memcpy(launch->param_bytes + offset, bytes, size);
  launch->param_offsets[launch->param_count] = offset;
  launch->param_sizes[launch->param_count] = size;
  launch->param_count++;
  return true;
}

static int64_t flat_param_count(const ckpt_device_launch_t *launch) {
  int64_t count = 0;
  for (int64_t i = 0; i < launch->operand_count; ++i)
    count += launch->operands[i].kind == CKPT_PARAM_MEMREF ? 3 + 2 * launch->operands[i].rank : 1;
  return count;
}

static bool flatten(ckpt_device_launch_t *launch) {
  int64_t count = flat_param_count(launch);
  launch->param_offsets = calloc((size_t)count + 1, sizeof(size_t));
  launch->param_sizes = calloc((size_t)count + 1, sizeof(size_t));
  if (!launch->param_offsets || !launch->param_sizes)
    return false;
  size_t capacity = 0;
  for (int64_t i = 0; i < launch->operand_count; ++i) {
    const ckpt_device_operand_t *op = &launch->operands[i];
    if (op->kind != CKPT_PARAM_MEMREF) {
      size_t size = (size_t)((op->elem_bits + 7) / 8);
      if (!push_param(launch, op->scalar, size, &capacity))
        return false;
      continue;
    }
    /* A kernel only addresses memory through `aligned`; `allocated` gets the same. */
    uint64_t aligned = op->aligned.address;
    if (!push_param(launch, &aligned, 8, &capacity) ||
        !push_param(launch, &aligned, 8, &capacity) ||
        !push_param(launch, &op->offset, 8, &capacity))
      return false;
    for (int64_t d = 0; d < op->rank; ++d)
      if (!push_param(launch, &op->sizes[d], 8, &capacity))
        return false;
    for (int64_t d = 0; d < op->rank; ++d)
      if (!push_param(launch, &op->strides[d], 8, &capacity))
        return false;
  }
  return true;
}

static ckpt_status_code_t record_operand(ckpt_device_kernel_t *kernel, const char *name,
                                         int64_t index, const void *storage,
                                         const int64_t *fields, ckpt_device_operand_t *out) {
  out->kind = (ckpt_param_kind_t)fields[CKPT_PARAM_KIND];
  out->rank = fields[CKPT_PARAM_RANK];
  out->elem_bits = fields[CKPT_PARAM_ELEM_BITS];
  out->elem_type = (ckpt_elem_type_t)fields[CKPT_PARAM_ELEM_TYPE];
  if (out->elem_bits <= 0 || out->elem_bits > 64 || out->rank < 0 || out->rank > 64)
    return ckpt_context_fail(kernel->context, CKPT_ERROR_INVALID_PLAN,
                             "operand %lld of kernel '%s' has an unsupported type (rank %lld, "
                             "%lld-bit elements)",
                             (long long)index, name, (long long)out->rank,
                             (long long)out->elem_bits);
  if (out->kind != CKPT_PARAM_MEMREF) {
    memcpy(out->scalar, storage, (size_t)((out->elem_bits + 7) / 8));
    return CKPT_OK;
  }
  const ckpt_memref_header_t *header = storage;
  const int64_t *words = (const int64_t *)((const char *)storage + 2 * sizeof(void *));
  out->offset = header->offset;
  out->sizes = calloc((size_t)out->rank + 1, sizeof(int64_t));
  out->strides = calloc((size_t)out->rank + 1, sizeof(int64_t));
  if (!out->sizes || !out->strides)
    return ckpt_context_fail(kernel->context, CKPT_ERROR_OUT_OF_MEMORY, "out of memory");
  memcpy(out->sizes, words + 1, (size_t)out->rank * sizeof(int64_t));
  memcpy(out->strides, words + 1 + out->rank, (size_t)out->rank * sizeof(int64_t));
  size_t bytes = 0;
  const unsigned char *start = memref_region(storage, out->rank, out->elem_bits, &bytes);
  const unsigned char *first = memref_first_element(storage, out->elem_bits);
  ckpt_device_ref_t region;
  if (!translate(kernel, start, bytes, &region)) {
    /* A view that starts in an argument but whose extent leaves it: a wrong offset, size
     * or stride, which the CPU target would not notice. */
    const ckpt_device_mirror_t *inside = bytes != 0 ? find_mirror(kernel, first, 1) : NULL;
    if (inside)
      return ckpt_context_fail(
          kernel->context, CKPT_ERROR_INVALID_ARGUMENT,
          "operand %lld of kernel '%s' is a view that starts inside a %zu-byte argument of "
          "graph kernel '%s' (at byte %lld) but spans %zu bytes from byte %lld, past the "
          "argument's end: its offset, sizes or strides reach memory the argument does not "
          "own",
          (long long)index, name, inside->bytes, kernel->view->kernel_name,
          (long long)(first - inside->host), bytes, (long long)(start - inside->host));
    if (bytes != 0)
      return ckpt_context_fail(kernel->context, CKPT_ERROR_INVALID_ARGUMENT,
                               "operand %lld of kernel '%s' points at host memory %p that no "
                               "argument of graph kernel '%s' covers; device tasks can only use "
                               "memory passed to the graph kernel",
                               (long long)index, name, (const void *)first,
                               kernel->view->kernel_name);
    /* An empty memref: the kernel reads none of it, wherever it points. */
    region = (ckpt_device_ref_t){NULL, 0, 0};
  }
  /* The kernel adds offset (and strides) to `aligned`: rebase it onto the region's copy. */
  int64_t start_from_aligned = (int64_t)(start - (const unsigned char *)header->aligned);
  out->aligned = region;
  if (region.address) out->aligned.address = region.address - (uint64_t)start_from_aligned;
  out->aligned.byte_offset = region.byte_offset + (uint64_t)(first - start);
  out->allocated = out->aligned;
  return CKPT_OK;
}

static bool same_launch(const ckpt_device_launch_t *a, const ckpt_device_launch_t *b) {
  if (!a || !b || a->image != b->image || strcmp(a->kernel, b->kernel) != 0 ||
      a->param_count != b->param_count || a->shared_bytes != b->shared_bytes ||
      a->operand_count != b->operand_count)
    return false;
  for (int i = 0; i < 3; ++i)
    if (a->grid[i] != b->grid[i] || a->block[i] != b->block[i])
      return false;
  for (int64_t i = 0; i < a->operand_count; ++i)
    if (a->operands[i].aligned.buffer != b->operands[i].aligned.buffer ||
        a->operands[i].aligned.byte_offset != b->operands[i].aligned.byte_offset)
      return false;
  for (int64_t i = 0; i < a->param_count; ++i)
    if (a->param_sizes[i] != b->param_sizes[i] ||
        memcmp(a->param_bytes + a->param_offsets[i], b->param_bytes + b->param_offsets[i],
               a->param_sizes[i]) != 0)
      return false;
  return true;
}

static bool u32_dim(int64_t value, uint32_t *out) {
  if (value < 1 || value > UINT32_MAX)
    return false;
  *out = (uint32_t)value;
  return true;
}

void ckpt_mlir_record_launch(void *recorder, int64_t image, const char *kernel_name,
                             int64_t grid_x, int64_t grid_y, int64_t grid_z, int64_t block_x,
                             int64_t block_y, int64_t block_z, int64_t shared_bytes,
                             int64_t operand_count, void **operands,
                             const int64_t *operand_fields) {
  ckpt_device_kernel_t *kernel = recorder;
  if (!kernel || kernel->record_status != CKPT_OK)
    return;
  int64_t node = kernel->recording_node;
  const ckpt_plan_view_t *view = kernel->view;
  ckpt_context_t *context = kernel->context;
  if (node < 0 || kernel->launches[node]) {
    kernel->record_status = ckpt_context_fail(
        context, CKPT_ERROR_INVALID_PLAN,
        "a task of kernel '%s' launched more than one kernel (node %lld); each task must be "
        "exactly one launch",
        view->kernel_name, (long long)node);
    return;
  }
  if (image < 0 || image >= view->plan.device_image_count || !kernel_name) {
    kernel->record_status = ckpt_context_fail(
        context, CKPT_ERROR_INVALID_PLAN, "kernel '%s' records a launch from device image %lld "
        "of %lld", view->kernel_name, (long long)image, (long long)view->plan.device_image_count);
    return;
  }
  ckpt_device_launch_t *launch = calloc(1, sizeof(*launch));
  ckpt_status_code_t code = CKPT_OK;
  if (!launch || !(launch->kernel = strdup(kernel_name)) ||
      !(launch->operands = calloc((size_t)operand_count + 1, sizeof(ckpt_device_operand_t)))) {
    code = ckpt_context_fail(context, CKPT_ERROR_OUT_OF_MEMORY, "out of memory");
  } else {
    launch->image = image;
    launch->operand_count = operand_count;
    int64_t dims[6] = {grid_x, grid_y, grid_z, block_x, block_y, block_z};
    for (int i = 0; i < 6 && code == CKPT_OK; ++i)
      if (!u32_dim(dims[i], i < 3 ? &launch->grid[i] : &launch->block[i - 3]))
        code = ckpt_context_fail(context, CKPT_ERROR_INVALID_ARGUMENT,
                                 "kernel '%s' of graph kernel '%s' launches with a %s size of "
                                 "%lld in dimension %d",
                                 kernel_name, view->kernel_name, i < 3 ? "grid" : "block",
                                 (long long)dims[i], i % 3);
    launch->shared_bytes = shared_bytes > 0 ? (uint32_t)shared_bytes : 0;
    for (int64_t i = 0; i < operand_count && code == CKPT_OK; ++i)
      code = record_operand(kernel, kernel_name, i, operands[i],
                            operand_fields + i * CKPT_PARAM_FIELDS, &launch->operands[i]);
    if (code == CKPT_OK && !flatten(launch))
      code = ckpt_context_fail(context, CKPT_ERROR_OUT_OF_MEMORY, "out of memory");
  }
  if (code != CKPT_OK) {
    free_launch(launch);
    kernel->record_status = code;
    return;
  }
  kernel->launches[node] = launch;
}

void ckpt_mlir_device_state(void *recorder, void *out_descriptor) {
  ckpt_device_kernel_t *kernel = recorder;
  struct {
    void *allocated, *aligned;
    int64_t offset, size, stride;
  } descriptor = {kernel->state, kernel->state, 0, CKPT_STATE_WORDS, 1};
  memcpy(out_descriptor, &descriptor, sizeof(descriptor));
}

static ckpt_status_code_t record_all(ckpt_device_kernel_t *kernel, void **args,
                                     bool *out_structure_changed) {
  const ckpt_plan_view_t *view = kernel->view;
  for (int64_t node = 0; node < view->node_count; ++node) {
    ckpt_node_kind_t kind = view->nodes[node].kind;
    if (kind != CKPT_NODE_TASK && kind != CKPT_NODE_BARE)
      continue;
    ckpt_device_launch_t *previous = kernel->launches[node];
    kernel->launches[node] = NULL;
    kernel->recording_node = node;
    kernel->record_status = CKPT_OK;
    view->plan.dispatch(view->nodes[node].fn, args, kernel);
    kernel->recording_node = -1;
    ckpt_status_code_t code = kernel->record_status;
    if (code == CKPT_OK && !kernel->launches[node])
      code = ckpt_context_fail(kernel->context, CKPT_ERROR_INVALID_PLAN,
                               "task node %lld of kernel '%s' recorded no kernel launch; was the "
                               "module lowered for a device target?",
                               (long long)node, view->kernel_name);
    if (code != CKPT_OK) {
      free_launch(kernel->launches[node]);
      kernel->launches[node] = previous;
      return code;
    }
    ckpt_device_launch_t *now = kernel->launches[node];
    kernel->launch_changed[node] = !same_launch(previous, now);
    if (!previous || previous->image != now->image || strcmp(previous->kernel, now->kernel) ||
        previous->param_count != now->param_count)
      *out_structure_changed = true;
    free_launch(previous);
  }
  return CKPT_OK;
}

ckpt_status_code_t ckpt_device_kernel_sync(ckpt_device_kernel_t *kernel, void **args,
                                           bool args_changed, bool *out_structure_changed) {
  *out_structure_changed = false;
  memset(kernel->launch_changed, 0, (size_t)kernel->view->node_count * sizeof(bool));
  /* After a failure the records may point at mirrors that are gone: record again even
   * if the arguments are the same as last time. Same arguments as a successful sync
   * need the same mirrors, so nothing is looked at again. */
  bool record = args_changed || kernel->records_stale;
  if (!record) return CKPT_OK;
  kernel->records_stale = true;
  ckpt_status_code_t code = mirror_params(kernel, args);
  if (code == CKPT_OK) code = record_all(kernel, args, out_structure_changed);
  if (code == CKPT_OK) kernel->records_stale = false;
  return code;
}

static const int32_t ckpt_fresh_state[CKPT_STATE_WORDS] = {-1, 0, -1, 0};

static void count_state_upload(const ckpt_device_kernel_t *kernel) {
  if (kernel->memory.state_uploads) ++*kernel->memory.state_uploads;
}

/* Uploads `words` as the device's gating state, from the backend's state words at `at`. */
static ckpt_status_code_t send_state(ckpt_device_kernel_t *kernel, const int32_t *words, int at) {
  int32_t *staging = kernel->memory.state_words + at;
  memcpy(staging, words, sizeof(kernel->state));
  memcpy(kernel->device_state, words, sizeof(kernel->state));
  kernel->device_state_known = true;
  count_state_upload(kernel);
  ckpt_status_code_t code = kernel->memory.upload(kernel->memory.user, kernel->mirrors->buffer,
                                                  staging, sizeof(kernel->state));
  if (code != CKPT_OK) kernel->device_state_known = false;
  return code;
}

static ckpt_status_code_t upload_state(ckpt_device_kernel_t *kernel) {
  const ckpt_device_memory_t *memory = &kernel->memory;
  ckpt_device_mirror_t *state = kernel->mirrors;
  if (!memory->outcome) {
    count_state_upload(kernel);
    return memory->upload(memory->user, state->buffer, state->host, state->bytes);
  }
  *memory->outcome = -1;
  if (kernel->device_state_known &&
      memcmp(kernel->device_state, kernel->state, sizeof(kernel->state)) == 0)
    return CKPT_OK;
  return send_state(kernel, kernel->state, 0);
}

ckpt_status_code_t ckpt_device_kernel_send_fresh_state(ckpt_device_kernel_t *kernel) {
  return send_state(kernel, ckpt_fresh_state, CKPT_STATE_WORDS);
}

void ckpt_device_kernel_forget_state(ckpt_device_kernel_t *kernel) {
  kernel->device_state_known = false;
}

/* With the outcome word: waits for the launch and rebuilds the state from the word. A
 * launch that did not yield reached the resumed checkpoint, if any, so the device holds
 * the fresh state again; after a yield the fresh state goes up behind the launch. */
static ckpt_status_code_t download_state(ckpt_device_kernel_t *kernel) {
  const ckpt_device_memory_t *memory = &kernel->memory;
  ckpt_device_mirror_t *state = kernel->mirrors;
  if (!memory->outcome)
    return memory->download(memory->user, state->buffer, state->host, state->bytes);
  ckpt_status_code_t code = memory->wait(memory->user);
  if (code != CKPT_OK) return code;
  int32_t yield_cp = *memory->outcome;
  int32_t outcome[CKPT_STATE_WORDS] = {-1, yield_cp >= 0, yield_cp >= 0 ? yield_cp : -1, 0};
  memcpy(kernel->state, outcome, sizeof(outcome));
  memcpy(kernel->device_state, ckpt_fresh_state, sizeof(ckpt_fresh_state));
  kernel->device_state_known = true;
  return yield_cp < 0 ? CKPT_OK : ckpt_device_kernel_send_fresh_state(kernel);
}

ckpt_status_code_t ckpt_device_kernel_upload(ckpt_device_kernel_t *kernel, int64_t resume_cp_id) {
  kernel->state[CKPT_STATE_RESUME_CP] = (int32_t)resume_cp_id;
  kernel->state[CKPT_STATE_YIELDED] = 0;
  kernel->state[CKPT_STATE_YIELD_CP] = -1;
  kernel->state[CKPT_STATE_LOOP_BUDGET] = 0;
  ckpt_status_code_t code = upload_state(kernel);
  return code == CKPT_OK ? ckpt_device_kernel_upload_arguments(kernel) : code;
}

ckpt_status_code_t ckpt_device_kernel_upload_arguments(ckpt_device_kernel_t *kernel) {
  for (ckpt_device_mirror_t *m = kernel->mirrors->next; m; m = m->next) {
    ckpt_status_code_t code = kernel->memory.upload(kernel->memory.user, m->buffer, m->host, m->bytes);
    if (code != CKPT_OK)
      return code;
  }
  return CKPT_OK;
}

ckpt_status_code_t ckpt_device_kernel_download_arguments(ckpt_device_kernel_t *kernel) {
  for (ckpt_device_mirror_t *m = kernel->mirrors->next; m; m = m->next) {
    ckpt_status_code_t code =
        kernel->memory.download(kernel->memory.user, m->buffer, m->host, m->bytes);
    if (code != CKPT_OK)
      return code;
  }
  return CKPT_OK;
}

bool ckpt_device_kernel_loop_budget_spent(const ckpt_device_kernel_t *kernel) {
  return kernel->state[CKPT_STATE_LOOP_BUDGET] != 0;
}

ckpt_status_code_t ckpt_device_kernel_download(ckpt_device_kernel_t *kernel,
                                               int64_t *out_yield_cp_id) {
  ckpt_status_code_t code = download_state(kernel);
  if (code == CKPT_OK) code = ckpt_device_kernel_download_arguments(kernel);
  if (code != CKPT_OK) return code;
  *out_yield_cp_id = kernel->state[CKPT_STATE_YIELDED] ? kernel->state[CKPT_STATE_YIELD_CP] : -1;
  return CKPT_OK;
}

ckpt_status_code_t ckpt_device_kernel_param_ref(ckpt_device_kernel_t *kernel, void **args,
                                                int64_t param, ckpt_device_ref_t *out_ref) {
  const ckpt_plan_param_t *info = &kernel->view->params[param];
  const unsigned char *first = memref_first_element(args[param], info->elem_bits);
  if (!translate(kernel, first, (size_t)((info->elem_bits + 7) / 8), out_ref))
    return ckpt_context_fail(kernel->context, CKPT_ERROR_INVALID_ARGUMENT,
                             "parameter %lld of kernel '%s' is neither mirrored nor device "
                             "memory",
                             (long long)param, kernel->view->kernel_name);
  return CKPT_OK;
}

ckpt_device_ref_t ckpt_device_kernel_state_ref(const ckpt_device_kernel_t *kernel) {
  return (ckpt_device_ref_t){kernel->mirrors->buffer, kernel->mirrors->address, 0};
}
