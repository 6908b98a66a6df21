/* core/device.c, the part every device target shares, against a fake device whose
 * "device memory" is malloc'd host memory: mirrors of host arguments and where operands
 * land in them, device-resident pass-through, the kernel parameter layout of MLIR's memref
 * convention, re-recording only when arguments change, the gating state's round trip (by
 * copy, and through an outcome word as CUDA and HIP do), and the errors a malformed record
 * gives. The plan's dispatch function records launches the
 * way lowered code does (ckpt_mlir_device_state, ckpt_mlir_record_launch). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ckpt/mlir_abi.h"
#include "core/context.h"
#include "core/device.h"
#include "core/plan.h"
#include "memref_descriptors.h"
#include "plan_builder.h"
#include "test_util.h"

/*--- the fake device ---------------------------------------------------------*/

typedef struct fake_buffer_t {
  unsigned char *bytes;
  size_t size;
} fake_buffer_t;

typedef struct fake_device_t {
  int allocations, releases, uploads, downloads, live, waits;
  /* Host memory the fake calls device memory, as cudaMalloc'd buffers would be. */
  const unsigned char *resident[4];
  size_t resident_size[4];
  int resident_count;
} fake_device_t;

static bool fake_is_device_pointer(void *user, const void *pointer) {
  fake_device_t *device = user;
  const unsigned char *p = pointer;
  for (int i = 0; i < device->resident_count; ++i)
    if (p >= device->resident[i] && p < device->resident[i] + device->resident_size[i]) return true;
  return false;
}

static ckpt_status_code_t fake_allocate(void *user, size_t bytes, void **out_buffer,
                                        uint64_t *out_address) {
  fake_device_t *device = user;
  fake_buffer_t *buffer = calloc(1, sizeof(*buffer));
  buffer->bytes = calloc(1, bytes);
  buffer->size = bytes;
  device->allocations++;
  device->live++;
  *out_buffer = buffer;
  *out_address = (uint64_t)(uintptr_t)buffer->bytes;
  return CKPT_OK;
}

static void fake_release(void *user, void *pointer) {
  fake_device_t *device = user;
  fake_buffer_t *buffer = pointer;
  device->releases++;
  device->live--;
  free(buffer->bytes);
  free(buffer);
}

static ckpt_status_code_t fake_upload(void *user, void *pointer, const void *host, size_t bytes) {
  fake_device_t *device = user;
  fake_buffer_t *buffer = pointer;
  CHECK(bytes <= buffer->size);
  memcpy(buffer->bytes, host, bytes);
  device->uploads++;
  return CKPT_OK;
}

static ckpt_status_code_t fake_wait(void *user) {
  fake_device_t *device = user;
  device->waits++;
  return CKPT_OK;
}

static ckpt_status_code_t fake_download(void *user, void *pointer, void *host, size_t bytes) {
  fake_device_t *device = user;
  fake_buffer_t *buffer = pointer;
  CHECK(bytes <= buffer->size);
  memcpy(host, buffer->bytes, bytes);
  device->downloads++;
  return CKPT_OK;
}

/*--- a device plan -------------------------------------------------------------*/

enum { P_DATA = 0, P_FLAG = 1, P_COUNT = 2, P_GRID = 3, P_OTHER = 4, PARAMS = 5 };

typedef struct memref2_t {
  void *allocated, *aligned;
  int64_t offset, sizes[2], strides[2];
} memref2_t;

/* How the dispatch function misbehaves, for the error tests. */
typedef enum dispatch_mode_t {
  DISPATCH_GOOD,
  DISPATCH_NO_LAUNCH,
  DISPATCH_TWO_LAUNCHES,
  DISPATCH_FOREIGN_POINTER,
  DISPATCH_BAD_IMAGE,
  DISPATCH_EMPTY_BLOCK,
  DISPATCH_EMPTY_FOREIGN_MEMREF,
  DISPATCH_OVERRUNNING_VIEW,
} dispatch_mode_t;

static dispatch_mode_t dispatch_mode;
static int dispatch_calls;
static float foreign_memory[4];

static const int64_t memref_f32_1d[] = {CKPT_PARAM_MEMREF, 1, 32, CKPT_ELEM_FLOAT};
static const int64_t memref_i32_0d[] = {CKPT_PARAM_MEMREF, 0, 32, CKPT_ELEM_INT};
static const int64_t memref_i32_1d[] = {CKPT_PARAM_MEMREF, 1, 32, CKPT_ELEM_INT};
static const int64_t memref_i32_2d[] = {CKPT_PARAM_MEMREF, 2, 32, CKPT_ELEM_INT};
static const int64_t scalar_i64[] = {CKPT_PARAM_SCALAR, 0, 64, CKPT_ELEM_INDEX};
static const int64_t scalar_i32[] = {CKPT_PARAM_SCALAR, 0, 32, CKPT_ELEM_INT};

/* Records one launch whose operands are the state and `count` more, described by
 * `fields` (one CKPT_PARAM_FIELDS row each). */
static void record(void *recorder, const char *name, int count, void **operands,
                   const int64_t *const *fields) {
  memref1_t state;
  ckpt_mlir_device_state(recorder, &state);
  void *all[8] = {&state};
  int64_t all_fields[8 * CKPT_PARAM_FIELDS];
  memcpy(all_fields, memref_i32_1d, sizeof(memref_i32_1d));
  for (int i = 0; i < count; ++i) {
    all[1 + i] = operands[i];
    memcpy(all_fields + (1 + i) * CKPT_PARAM_FIELDS, fields[i], sizeof(memref_i32_1d));
  }
  int64_t image = dispatch_mode == DISPATCH_BAD_IMAGE ? 5 : 0;
  int64_t block_x = dispatch_mode == DISPATCH_EMPTY_BLOCK ? 0 : 32;
  ckpt_mlir_record_launch(recorder, image, name, 2, 1, 1, block_x, 1, 1, 16, 1 + count, all,
                          all_fields);
}

/* fn 0: data, the count, a constant 7.  fn 1: a strided view of data and the flag.
 * fn 2: the 2-D grid.  fn 3: the other buffer. */
static void device_dispatch(int64_t fn, void **args, void *recorder) {
  ++dispatch_calls;
  if (!recorder) return;
  if (dispatch_mode == DISPATCH_NO_LAUNCH && fn == 3) return;
  int32_t seven = 7;
  switch (fn) {
    case 0: {
      void *operands[] = {args[P_DATA], args[P_COUNT], &seven};
      const int64_t *fields[] = {memref_f32_1d, scalar_i64, scalar_i32};
      record(recorder, "fill", 3, operands, fields);
      break;
    }
    case 1: {
      memref1_t *data = args[P_DATA];
      memref1_t view = {data->allocated, data->aligned, data->offset + 2, 3, 2};
      void *operands[] = {&view, args[P_FLAG]};
      const int64_t *fields[] = {memref_f32_1d, memref_i32_0d};
      record(recorder, "raise", 2, operands, fields);
      break;
    }
    case 2: {
      void *operands[] = {args[P_GRID]};
      const int64_t *fields[] = {memref_i32_2d};
      record(recorder, "bare", 1, operands, fields);
      break;
    }
    case 3: {
      memref1_t foreign = {foreign_memory, foreign_memory, 0, 4, 1};
      memref1_t empty = {foreign_memory, foreign_memory, 0, 0, 1};
      /* Elements 1 to 8 of the 8-element argument: one past its end. */
      const memref1_t *other = args[P_OTHER];
      memref1_t overrun = {other->allocated, other->aligned, 1, other->size, 1};
      void *operands[] = {dispatch_mode == DISPATCH_FOREIGN_POINTER        ? (void *)&foreign
                          : dispatch_mode == DISPATCH_EMPTY_FOREIGN_MEMREF ? (void *)&empty
                          : dispatch_mode == DISPATCH_OVERRUNNING_VIEW     ? (void *)&overrun
                                                                           : args[P_OTHER]};
      const int64_t *fields[] = {memref_f32_1d};
      record(recorder, "other", 1, operands, fields);
      if (dispatch_mode == DISPATCH_TWO_LAUNCHES) record(recorder, "other", 1, operands, fields);
      break;
    }
  }
}

static const char device_image[] = "// not PTX; the fake device never loads it";
static const void *const device_images[] = {device_image};
static const int64_t device_image_sizes[] = {sizeof(device_image) - 1};

/* bare 2; [0] cp0; L5 {1} cp1 (flag); [3] cp2 */
static const ckpt_plan_t *device_plan(plan_builder_t *b) {
  plan_builder_init(b, "step", device_dispatch);
  plan_builder_param(b, CKPT_PARAM_MEMREF, 1, 32, CKPT_ELEM_FLOAT);
  plan_builder_flag(b);
  plan_builder_param(b, CKPT_PARAM_SCALAR, 0, 64, CKPT_ELEM_INDEX);
  plan_builder_param(b, CKPT_PARAM_MEMREF, 2, 32, CKPT_ELEM_INT);
  plan_builder_param(b, CKPT_PARAM_MEMREF, 1, 32, CKPT_ELEM_FLOAT);
  plan_builder_bare(b, 2);
  plan_builder_wrapped_task(b, 0);
  plan_builder_checkpoint(b, 5, NULL, P_FLAG);
  plan_builder_task(b, 1);
  plan_builder_close(b);
  plan_builder_wrapped_task(b, 3);
  const ckpt_plan_t *plan = plan_builder_finish(b);
  b->plan.device_image_count = 1;
  b->plan.device_images = device_images;
  b->plan.device_image_sizes = device_image_sizes;
  return plan;
}

enum { NODE_BARE = 0, NODE_FILL = 2, NODE_RAISE = 4, NODE_OTHER = 6 };

/* Arguments: 16 floats of data, a flag at storage[3], a count, a 3x4 grid, 8 other floats. */
typedef struct device_args_t {
  float data[16];
  float other[8];
  int32_t storage[4];
  int32_t grid[12];
  int64_t count;
  memref1_t data_memref, other_memref;
  memref0_t flag_memref;
  memref2_t grid_memref;
  void *args[PARAMS];
} device_args_t;

static void device_args_init(device_args_t *a) {
  memset(a, 0, sizeof(*a));
  for (int i = 0; i < 16; ++i) a->data[i] = (float)i;
  a->count = 16;
  a->data_memref = (memref1_t){a->data, a->data, 0, 16, 1};
  a->other_memref = (memref1_t){a->other, a->other, 0, 8, 1};
  a->flag_memref = (memref0_t){a->storage, a->storage, 3};
  a->grid_memref = (memref2_t){a->grid, a->grid, 0, {3, 4}, {4, 1}};
  a->args[P_DATA] = &a->data_memref;
  a->args[P_FLAG] = &a->flag_memref;
  a->args[P_COUNT] = &a->count;
  a->args[P_GRID] = &a->grid_memref;
  a->args[P_OTHER] = &a->other_memref;
}

typedef struct fixture_t {
  plan_builder_t builder;
  ckpt_context_t *context;
  ckpt_plan_view_t view;
  fake_device_t device;
  ckpt_device_kernel_t kernel;
  device_args_t args;
  /* With an outcome word (fixture_begin_with_outcome): it and the state words. */
  int32_t outcome;
  int32_t state_words[2 * CKPT_STATE_WORDS];
  int64_t state_uploads;
} fixture_t;

static void fixture_begin_memory(fixture_t *f, bool outcome_word);

static void fixture_begin(fixture_t *f) { fixture_begin_memory(f, false); }

/* The way the CUDA and HIP backends use core: the outcome in a word the "device" writes. */
static void fixture_begin_with_outcome(fixture_t *f) { fixture_begin_memory(f, true); }

static void fixture_begin_memory(fixture_t *f, bool outcome_word) {
  memset(f, 0, sizeof(*f));
  dispatch_mode = DISPATCH_GOOD;
  dispatch_calls = 0;
  f->context = test_cpu_context();
  if (ckpt_plan_view_create(f->context, device_plan(&f->builder), &f->view) != CKPT_OK) {
    fprintf(stderr, "device plan rejected: %s\n", ckpt_context_last_error(f->context));
    exit(2);
  }
  ckpt_device_memory_t memory = {
      .user = &f->device,
      .is_device_pointer = fake_is_device_pointer,
      .allocate = fake_allocate,
      .release = fake_release,
      .upload = fake_upload,
      .download = fake_download,
  };
  if (outcome_word) {
    memory.outcome = &f->outcome;
    memory.state_words = f->state_words;
    memory.wait = fake_wait;
    memory.state_uploads = &f->state_uploads;
  }
  CHECK_STATUS(ckpt_device_kernel_init(&f->kernel, f->context, &f->view, &memory), CKPT_OK);
  device_args_init(&f->args);
}

static void fixture_end(fixture_t *f) {
  ckpt_device_kernel_release(&f->kernel);
  CHECK_EQ(f->device.live, 0);
  ckpt_plan_view_release(&f->view);
  ckpt_context_destroy(f->context);
}

static ckpt_status_code_t sync_kernel(fixture_t *f, bool args_changed, bool *structure_changed) {
  bool ignored = false;
  return ckpt_device_kernel_sync(&f->kernel, f->args.args, args_changed,
                                 structure_changed ? structure_changed : &ignored);
}

/* Parameter `index` of `launch` as an unsigned 64-bit value (its first 8 or fewer bytes). */
static uint64_t param_u64(const ckpt_device_launch_t *launch, int64_t index) {
  uint64_t value = 0;
  memcpy(&value, launch->param_bytes + launch->param_offsets[index], launch->param_sizes[index]);
  return value;
}

static uint64_t address_of(const void *pointer) { return (uint64_t)(uintptr_t)pointer; }

/* The device copy of host pointer `host`, found through the mirror list. */
static unsigned char *device_copy(fixture_t *f, const void *host) {
  ckpt_device_ref_t ref;
  memref0_t probe = {(int32_t *)host, (int32_t *)host, 0};
  void *args[PARAMS] = {0};
  args[P_FLAG] = &probe;
  if (ckpt_device_kernel_param_ref(&f->kernel, args, P_FLAG, &ref) != CKPT_OK) return NULL;
  return (unsigned char *)(uintptr_t)ref.address;
}

/*--- tests -------------------------------------------------------------------*/

static void test_device_mirrors_host_arguments(void) {
  fixture_t f;
  fixture_begin(&f);
  CHECK_EQ(f.device.allocations, 1); /* the gating state */
  bool structure_changed = false;
  CHECK_STATUS(sync_kernel(&f, true, &structure_changed), CKPT_OK);
  CHECK(structure_changed);
  /* data, the flag's one element, the grid, other: four mirrors more. */
  CHECK_EQ(f.device.allocations, 5);
  CHECK_EQ(dispatch_calls, 4);
  for (int64_t node = 0; node < f.view.node_count; ++node) {
    ckpt_node_kind_t kind = f.view.nodes[node].kind;
    bool is_task = kind == CKPT_NODE_TASK || kind == CKPT_NODE_BARE;
    CHECK_EQ(f.kernel.launches[node] != NULL, is_task);
    CHECK_EQ(f.kernel.launch_changed[node], is_task);
  }
  fixture_end(&f);
}

static void test_device_flattens_operands_like_mlir(void) {
  fixture_t f;
  fixture_begin(&f);
  CHECK_STATUS(sync_kernel(&f, true, NULL), CKPT_OK);
  const ckpt_device_launch_t *fill = f.kernel.launches[NODE_FILL];
  CHECK_STR(fill->kernel, "fill");
  CHECK_EQ(fill->image, 0);
  CHECK_EQ(fill->grid[0], 2);
  CHECK_EQ(fill->block[0], 32);
  CHECK_EQ(fill->shared_bytes, 16);
  /* state (5 params), data (5), count (one i64), 7 (one i32): 8-byte aligned slots. */
  CHECK_EQ(fill->param_count, 12);
  for (int64_t i = 0; i < fill->param_count; ++i) {
    CHECK_EQ(fill->param_offsets[i], 8 * i);
    CHECK_EQ(fill->param_sizes[i], i == 11 ? 4 : 8);
  }
  uint64_t state = address_of(device_copy(&f, f.kernel.state));
  CHECK_EQ(ckpt_device_kernel_state_ref(&f.kernel).address, state);
  CHECK_EQ(param_u64(fill, 0), state); /* allocated gets the aligned pointer too */
  CHECK_EQ(param_u64(fill, 1), state);
  CHECK_EQ(param_u64(fill, 2), 0);
  CHECK_EQ(param_u64(fill, 3), CKPT_STATE_WORDS);
  CHECK_EQ(param_u64(fill, 4), 1);
  uint64_t data = address_of(device_copy(&f, f.args.data));
  CHECK(data != 0 && data != address_of(f.args.data));
  CHECK_EQ(param_u64(fill, 6), data);
  CHECK_EQ(param_u64(fill, 8), 16);
  CHECK_EQ(param_u64(fill, 10), 16);
  CHECK_EQ(param_u64(fill, 11), 7);

  /* A strided view at offset 2: the aligned pointer is rebased so that aligned + offset
   * lands on the view's first element in the mirror. */
  const ckpt_device_launch_t *raise = f.kernel.launches[NODE_RAISE];
  CHECK_EQ(raise->param_count, 5 + 5 + 3);
  CHECK_EQ(param_u64(raise, 6), data);
  CHECK_EQ(param_u64(raise, 7), 2);
  CHECK_EQ(param_u64(raise, 8), 3);
  CHECK_EQ(param_u64(raise, 9), 2);
  /* The flag views storage[3]; only that element is mirrored. */
  uint64_t flag = address_of(device_copy(&f, &f.args.storage[3]));
  CHECK_EQ(param_u64(raise, 11), flag - 3 * sizeof(int32_t));
  CHECK_EQ(param_u64(raise, 12), 3);
  CHECK_EQ(raise->operands[2].aligned.byte_offset, 0);

  /* Rank 2: offset, both sizes, then both strides. */
  const ckpt_device_launch_t *bare = f.kernel.launches[NODE_BARE];
  CHECK_EQ(bare->param_count, 5 + 7);
  CHECK_EQ(param_u64(bare, 7), 0);
  CHECK_EQ(param_u64(bare, 8), 3);
  CHECK_EQ(param_u64(bare, 9), 4);
  CHECK_EQ(param_u64(bare, 10), 4);
  CHECK_EQ(param_u64(bare, 11), 1);
  fixture_end(&f);
}

static void test_device_resident_arguments_pass_through(void) {
  fixture_t f;
  fixture_begin(&f);
  f.device.resident[0] = (const unsigned char *)f.args.grid;
  f.device.resident_size[0] = sizeof(f.args.grid);
  f.device.resident_count = 1;
  CHECK_STATUS(sync_kernel(&f, true, NULL), CKPT_OK);
  CHECK_EQ(f.device.allocations, 4); /* no mirror for the grid */
  const ckpt_device_launch_t *bare = f.kernel.launches[NODE_BARE];
  CHECK_EQ(param_u64(bare, 5), address_of(f.args.grid));
  CHECK_EQ(param_u64(bare, 6), address_of(f.args.grid));
  CHECK(bare->operands[1].aligned.buffer == NULL);
  fixture_end(&f);
}

static void test_device_records_again_only_when_arguments_change(void) {
  fixture_t f;
  fixture_begin(&f);
  CHECK_STATUS(sync_kernel(&f, true, NULL), CKPT_OK);
  CHECK_EQ(dispatch_calls, 4);
  bool structure_changed = true;
  CHECK_STATUS(sync_kernel(&f, false, &structure_changed), CKPT_OK);
  CHECK(!structure_changed);
  CHECK_EQ(dispatch_calls, 4);
  for (int64_t node = 0; node < f.view.node_count; ++node) CHECK(!f.kernel.launch_changed[node]);

  /* A new count reaches only the task that takes it. */
  f.args.count = 9;
  CHECK_STATUS(sync_kernel(&f, true, &structure_changed), CKPT_OK);
  CHECK(!structure_changed);
  CHECK_EQ(dispatch_calls, 8);
  CHECK(f.kernel.launch_changed[NODE_FILL]);
  CHECK(!f.kernel.launch_changed[NODE_RAISE]);
  CHECK(!f.kernel.launch_changed[NODE_BARE]);
  CHECK(!f.kernel.launch_changed[NODE_OTHER]);
  CHECK_EQ(param_u64(f.kernel.launches[NODE_FILL], 10), 9);
  CHECK_EQ(f.device.allocations, 5);
  fixture_end(&f);
}

static void test_device_swapped_arguments_replace_their_mirrors(void) {
  fixture_t f;
  fixture_begin(&f);
  CHECK_STATUS(sync_kernel(&f, true, NULL), CKPT_OK);
  uint64_t old_data = address_of(device_copy(&f, f.args.data));
  float grown[32] = {0};
  f.args.data_memref = (memref1_t){grown, grown, 0, 32, 1};
  bool structure_changed = true;
  CHECK_STATUS(sync_kernel(&f, true, &structure_changed), CKPT_OK);
  CHECK(!structure_changed);
  CHECK_EQ(f.device.releases, 1); /* the old data mirror */
  CHECK_EQ(f.device.allocations, 6);
  CHECK(device_copy(&f, f.args.data) == NULL);
  uint64_t new_data = address_of(device_copy(&f, grown));
  CHECK(new_data != 0);
  CHECK(f.kernel.launch_changed[NODE_FILL]);
  CHECK(f.kernel.launch_changed[NODE_RAISE]);
  CHECK(!f.kernel.launch_changed[NODE_OTHER]);
  CHECK_EQ(param_u64(f.kernel.launches[NODE_FILL], 6), new_data);
  (void)old_data;
  fixture_end(&f);
}

static void test_device_state_and_mirrors_round_trip(void) {
  fixture_t f;
  fixture_begin(&f);
  CHECK_STATUS(sync_kernel(&f, true, NULL), CKPT_OK);
  CHECK_STATUS(ckpt_device_kernel_upload(&f.kernel, 3), CKPT_OK);
  int32_t *state = (int32_t *)device_copy(&f, f.kernel.state);
  CHECK_EQ(state[0], 3);
  CHECK_EQ(state[1], 0);
  CHECK_EQ(state[2], -1);
  CHECK_EQ(state[3], 0);
  float *data = (float *)device_copy(&f, f.args.data);
  CHECK(data[5] == 5.0f);

  /* The "kernels" write data and yield at cp 1. */
  data[5] = 50.0f;
  state[0] = -1;
  state[1] = 1;
  state[2] = 1;
  int64_t yield_cp = -7;
  CHECK_STATUS(ckpt_device_kernel_download(&f.kernel, &yield_cp), CKPT_OK);
  CHECK_EQ(yield_cp, 1);
  CHECK(f.args.data[5] == 50.0f);
  CHECK_EQ(f.kernel.state[CKPT_STATE_YIELDED], 1);

  CHECK_STATUS(ckpt_device_kernel_upload(&f.kernel, -1), CKPT_OK);
  CHECK_EQ(state[0], -1);
  CHECK_EQ(state[1], 0);
  CHECK_STATUS(ckpt_device_kernel_download(&f.kernel, &yield_cp), CKPT_OK);
  CHECK_EQ(yield_cp, -1);
  fixture_end(&f);
}

/* With an outcome word: the state goes up only when the device does not hold it, never
 * comes back (the launch is waited for and the word read), and a yield sends the fresh
 * state up at once. */
static void test_device_outcome_word(void) {
  fixture_t f;
  fixture_begin_with_outcome(&f);
  CHECK_STATUS(sync_kernel(&f, true, NULL), CKPT_OK);
  int32_t *state = (int32_t *)device_copy(&f, f.kernel.state);
  const int32_t fresh[CKPT_STATE_WORDS] = {-1, 0, -1, 0};

  /* The first launch uploads the state; the launch itself sets no word. */
  f.outcome = 7;
  CHECK_STATUS(ckpt_device_kernel_upload(&f.kernel, -1), CKPT_OK);
  CHECK_EQ(f.state_uploads, 1);
  CHECK(memcmp(state, fresh, sizeof(fresh)) == 0);
  CHECK_EQ(f.outcome, -1);
  int downloads = f.device.downloads;
  int64_t yield_cp = -7;
  CHECK_STATUS(ckpt_device_kernel_download(&f.kernel, &yield_cp), CKPT_OK);
  CHECK_EQ(yield_cp, -1);
  CHECK_EQ(f.device.waits, 1);
  CHECK_EQ(f.device.downloads - downloads, 4); /* the four mirrors, not the state */

  /* The device holds the fresh state: the next fresh launch uploads none. */
  state[3] = 99; /* a stale word the runtime must not look at */
  CHECK_STATUS(ckpt_device_kernel_upload(&f.kernel, -1), CKPT_OK);
  CHECK_EQ(f.state_uploads, 1);
  state[3] = 0;

  /* A yield at cp 1, as a yield check writes it: the state is rebuilt from the word and
   * the fresh state goes up behind the launch. */
  state[0] = -1;
  state[1] = 1;
  state[2] = 1;
  f.outcome = 1;
  CHECK_STATUS(ckpt_device_kernel_download(&f.kernel, &yield_cp), CKPT_OK);
  CHECK_EQ(yield_cp, 1);
  CHECK_EQ(f.kernel.state[CKPT_STATE_YIELDED], 1);
  CHECK_EQ(f.kernel.state[CKPT_STATE_YIELD_CP], 1);
  CHECK_EQ(f.state_uploads, 2);
  CHECK(memcmp(state, fresh, sizeof(fresh)) == 0);

  /* The resume at cp 1 differs from what the device holds: uploaded. */
  CHECK_STATUS(ckpt_device_kernel_upload(&f.kernel, 1), CKPT_OK);
  CHECK_EQ(f.state_uploads, 3);
  CHECK_EQ(state[0], 1);
  state[0] = -1; /* the resumed checkpoint is reached */
  CHECK_STATUS(ckpt_device_kernel_download(&f.kernel, &yield_cp), CKPT_OK);
  CHECK_EQ(yield_cp, -1);
  CHECK_STATUS(ckpt_device_kernel_upload(&f.kernel, -1), CKPT_OK);
  CHECK_EQ(f.state_uploads, 3);

  /* After a failure nothing is assumed: the state goes up again. */
  ckpt_device_kernel_forget_state(&f.kernel);
  CHECK_STATUS(ckpt_device_kernel_upload(&f.kernel, -1), CKPT_OK);
  CHECK_EQ(f.state_uploads, 4);
  fixture_end(&f);
}

static void test_device_param_ref_finds_the_flag(void) {
  fixture_t f;
  fixture_begin(&f);
  CHECK_STATUS(sync_kernel(&f, true, NULL), CKPT_OK);
  ckpt_device_ref_t ref;
  CHECK_STATUS(ckpt_device_kernel_param_ref(&f.kernel, f.args.args, P_FLAG, &ref), CKPT_OK);
  CHECK(ref.buffer != NULL);
  CHECK_EQ(ref.byte_offset, 0);
  f.args.storage[3] = 1;
  CHECK_STATUS(ckpt_device_kernel_upload(&f.kernel, -1), CKPT_OK);
  CHECK_EQ(*(int32_t *)(uintptr_t)ref.address, 1);

  /* A flag nobody mirrored or allocated on the device. */
  int32_t stray = 0;
  memref0_t stray_memref = {&stray, &stray, 0};
  f.args.args[P_FLAG] = &stray_memref;
  CHECK_STATUS(ckpt_device_kernel_param_ref(&f.kernel, f.args.args, P_FLAG, &ref),
               CKPT_ERROR_INVALID_ARGUMENT);
  CHECK_STR(ckpt_context_last_error(f.context),
            "parameter 1 of kernel 'step' is neither mirrored nor device memory");
  fixture_end(&f);
}

/* Two arguments viewing overlapping parts of one array share one mirror, so a write
 * through either is downloaded once, not overwritten by a stale copy. */
static void test_device_overlapping_arguments_share_a_mirror(void) {
  fixture_t f;
  fixture_begin(&f);
  f.args.data_memref = (memref1_t){f.args.data, f.args.data, 0, 10, 1};
  f.args.other_memref = (memref1_t){f.args.data, f.args.data, 6, 10, 1};
  CHECK_STATUS(sync_kernel(&f, true, NULL), CKPT_OK);
  CHECK_EQ(f.device.allocations, 4); /* state, data[0:16], flag, grid */
  uint64_t data = address_of(device_copy(&f, f.args.data));
  CHECK_EQ(param_u64(f.kernel.launches[NODE_FILL], 6), data);
  CHECK_EQ(param_u64(f.kernel.launches[NODE_OTHER], 6), data);
  CHECK_EQ(param_u64(f.kernel.launches[NODE_OTHER], 7), 6);
  CHECK_STATUS(ckpt_device_kernel_upload(&f.kernel, -1), CKPT_OK);
  float *device_data = (float *)(uintptr_t)data;
  device_data[3] = 30.0f;
  device_data[12] = 120.0f;
  int64_t yield_cp = 0;
  CHECK_STATUS(ckpt_device_kernel_download(&f.kernel, &yield_cp), CKPT_OK);
  CHECK(f.args.data[3] == 30.0f);
  CHECK(f.args.data[12] == 120.0f);
  fixture_end(&f);
}

/* A larger view appears while the smaller region mirrored last time is still an
 * argument: the old mirror goes, one mirror covers both. */
static void test_device_grown_view_does_not_keep_a_stale_mirror(void) {
  fixture_t f;
  fixture_begin(&f);
  f.args.data_memref = (memref1_t){f.args.data, f.args.data, 0, 10, 1};
  CHECK_STATUS(sync_kernel(&f, true, NULL), CKPT_OK);
  f.args.other_memref = (memref1_t){f.args.data, f.args.data, 0, 16, 1};
  CHECK_STATUS(sync_kernel(&f, true, NULL), CKPT_OK);
  CHECK_EQ(f.device.live, 4); /* state, data[0:16], flag, grid */
  CHECK_STATUS(ckpt_device_kernel_upload(&f.kernel, -1), CKPT_OK);
  float *through_data = (float *)(uintptr_t)param_u64(f.kernel.launches[NODE_FILL], 6);
  float *through_other = (float *)(uintptr_t)param_u64(f.kernel.launches[NODE_OTHER], 6);
  CHECK(through_data == through_other);
  through_data[4] = 40.0f;
  through_other[12] = 120.0f;
  int64_t yield_cp = 0;
  CHECK_STATUS(ckpt_device_kernel_download(&f.kernel, &yield_cp), CKPT_OK);
  CHECK(f.args.data[4] == 40.0f);
  CHECK(f.args.data[12] == 120.0f);
  fixture_end(&f);
}

/* A reversed view's elements lie below its first element; the mirror covers them. */
static void test_device_negative_strides(void) {
  fixture_t f;
  fixture_begin(&f);
  f.args.other_memref = (memref1_t){f.args.other, f.args.other, 7, 8, -1};
  CHECK_STATUS(sync_kernel(&f, true, NULL), CKPT_OK);
  CHECK_STATUS(ckpt_device_kernel_upload(&f.kernel, -1), CKPT_OK);
  const ckpt_device_launch_t *other = f.kernel.launches[NODE_OTHER];
  float *aligned = (float *)(uintptr_t)param_u64(other, 6);
  CHECK_EQ(param_u64(other, 7), 7);
  CHECK_EQ(param_u64(other, 9), (uint64_t)-1);
  /* Element i is aligned[7 - i]; the last one is the array's first float. */
  aligned[7 - 7] = 70.0f;
  aligned[7 - 0] = 7.5f;
  int64_t yield_cp = 0;
  CHECK_STATUS(ckpt_device_kernel_download(&f.kernel, &yield_cp), CKPT_OK);
  CHECK(f.args.other[0] == 70.0f);
  CHECK(f.args.other[7] == 7.5f);
  fixture_end(&f);
}

static void test_device_empty_memref_needs_no_memory(void) {
  fixture_t f;
  fixture_begin(&f);
  dispatch_mode = DISPATCH_EMPTY_FOREIGN_MEMREF;
  CHECK_STATUS(sync_kernel(&f, true, NULL), CKPT_OK);
  CHECK_EQ(param_u64(f.kernel.launches[NODE_OTHER], 8), 0); /* its size */
  fixture_end(&f);
}

static void expect_record_error(dispatch_mode_t mode, ckpt_status_code_t code,
                                const char *message) {
  fixture_t f;
  fixture_begin(&f);
  dispatch_mode = mode;
  CHECK_STATUS(sync_kernel(&f, true, NULL), code);
  CHECK_STR(ckpt_context_last_error(f.context), message);
  /* A failed record is not trusted: the next sync records again even with the same
   * arguments, and succeeds once the dispatch behaves. */
  dispatch_mode = DISPATCH_GOOD;
  int calls = dispatch_calls;
  CHECK_STATUS(sync_kernel(&f, false, NULL), CKPT_OK);
  CHECK(dispatch_calls > calls);
  CHECK(f.kernel.launches[NODE_OTHER] != NULL);
  fixture_end(&f);
}

static void test_device_record_errors(void) {
  expect_record_error(DISPATCH_NO_LAUNCH, CKPT_ERROR_INVALID_PLAN,
                      "task node 6 of kernel 'step' recorded no kernel launch; was the module "
                      "lowered for a device target?");
  expect_record_error(DISPATCH_TWO_LAUNCHES, CKPT_ERROR_INVALID_PLAN,
                      "a task of kernel 'step' launched more than one kernel (node 6); each "
                      "task must be exactly one launch");
  expect_record_error(DISPATCH_BAD_IMAGE, CKPT_ERROR_INVALID_PLAN,
                      "kernel 'step' records a launch from device image 5 of 1");
  expect_record_error(DISPATCH_EMPTY_BLOCK, CKPT_ERROR_INVALID_ARGUMENT,
                      "kernel 'bare' of graph kernel 'step' launches with a block size of 0 in "
                      "dimension 0");

  fixture_t f;
  fixture_begin(&f);
  dispatch_mode = DISPATCH_FOREIGN_POINTER;
  CHECK_STATUS(sync_kernel(&f, true, NULL), CKPT_ERROR_INVALID_ARGUMENT);
  CHECK_CONTAINS(ckpt_context_last_error(f.context),
                 "operand 1 of kernel 'other' points at host memory ");
  CHECK_CONTAINS(ckpt_context_last_error(f.context),
                 " that no argument of graph kernel 'step' covers; device tasks can only use "
                 "memory passed to the graph kernel");
  fixture_end(&f);

  /* A view that starts in an argument and leaves it says so. */
  fixture_begin(&f);
  dispatch_mode = DISPATCH_OVERRUNNING_VIEW;
  CHECK_STATUS(sync_kernel(&f, true, NULL), CKPT_ERROR_INVALID_ARGUMENT);
  CHECK_CONTAINS(ckpt_context_last_error(f.context),
                 "of kernel 'other' is a view that starts inside a 32-byte argument of graph "
                 "kernel 'step' (at byte 4) but spans 32 bytes from byte 4, past the argument's "
                 "end: its offset, sizes or strides reach memory the argument does not own");
  fixture_end(&f);
}

static void test_memref_extent_bytes(void) {
  memref2_t grid = {NULL, NULL, 0, {3, 4}, {4, 1}};
  CHECK_EQ(ckpt_memref_extent_bytes(&grid, 2, 32), 48);
  memref2_t column = {NULL, NULL, 0, {3, 1}, {4, 1}}; /* every 4th element */
  CHECK_EQ(ckpt_memref_extent_bytes(&column, 2, 32), 36);
  memref1_t reversed = {NULL, NULL, 7, 8, -1};
  CHECK_EQ(ckpt_memref_extent_bytes(&reversed, 1, 64), 64);
  memref1_t empty = {NULL, NULL, 0, 0, 1};
  CHECK_EQ(ckpt_memref_extent_bytes(&empty, 1, 32), 0);
  memref0_t scalar = {NULL, NULL, 0};
  CHECK_EQ(ckpt_memref_extent_bytes(&scalar, 0, 1), 1);
}

int main(void) {
  TEST_RUN(test_device_mirrors_host_arguments);
  TEST_RUN(test_device_flattens_operands_like_mlir);
  TEST_RUN(test_device_resident_arguments_pass_through);
  TEST_RUN(test_device_records_again_only_when_arguments_change);
  TEST_RUN(test_device_swapped_arguments_replace_their_mirrors);
  TEST_RUN(test_device_state_and_mirrors_round_trip);
  TEST_RUN(test_device_param_ref_finds_the_flag);
  TEST_RUN(test_device_overlapping_arguments_share_a_mirror);
  TEST_RUN(test_device_grown_view_does_not_keep_a_stale_mirror);
  TEST_RUN(test_device_negative_strides);
  TEST_RUN(test_device_empty_memref_needs_no_memory);
  TEST_RUN(test_device_record_errors);
  TEST_RUN(test_device_outcome_word);
  TEST_RUN(test_memref_extent_bytes);
  return test_report();
}
