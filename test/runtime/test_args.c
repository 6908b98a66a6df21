/* The argument array (runtime/core/args.c): how many bytes each parameter occupies,
 * reading a flag through its descriptor, and the snapshot that tells a backend whether
 * a launch's arguments differ from the previous one. */
#include "core/args.h"
#include "core/plan.h"
#include "plan_builder.h"
#include "test_util.h"

static void test_args_storage_sizes(void) {
  CHECK_EQ(ckpt_param_storage_size(CKPT_PARAM_MEMREF, 0, 32), 24);
  CHECK_EQ(ckpt_param_storage_size(CKPT_PARAM_MEMREF, 1, 8), 40);
  CHECK_EQ(ckpt_param_storage_size(CKPT_PARAM_MEMREF, 3, 64), 72);
  CHECK_EQ(ckpt_param_storage_size(CKPT_PARAM_SCALAR, 0, 1), 1);
  CHECK_EQ(ckpt_param_storage_size(CKPT_PARAM_SCALAR, 0, 16), 2);
  CHECK_EQ(ckpt_param_storage_size(CKPT_PARAM_SCALAR, 0, 64), 8);
  CHECK_EQ(ckpt_param_storage_size(CKPT_PARAM_SCALAR, 0, 33), 5);
}

static void test_args_read_i32_honours_offset(void) {
  int32_t storage[4] = {10, 20, -30, 40};
  ckpt_memref_header_t memref = {storage, storage, 2};
  CHECK_EQ(ckpt_memref_read_i32(&memref), -30);
  memref.offset = 0;
  CHECK_EQ(ckpt_memref_read_i32(&memref), 10);
}

/* A kernel of a memref<?xf32> and an i64 scalar: both kinds are compared. */
static void test_args_snapshot_compares_descriptors_and_scalars(void) {
  plan_builder_t b;
  plan_builder_init(&b, "k", plan_builder_noop_dispatch);
  plan_builder_param(&b, CKPT_PARAM_MEMREF, 1, 32, CKPT_ELEM_FLOAT);
  plan_builder_param(&b, CKPT_PARAM_SCALAR, 0, 64, CKPT_ELEM_INT);
  ckpt_context_t *context = NULL;
  ckpt_plan_view_t view;
  CHECK_STATUS(ckpt_context_create(CKPT_TARGET_CPU, &context), CKPT_OK);
  CHECK_STATUS(ckpt_plan_view_create(context, plan_builder_finish(&b), &view), CKPT_OK);

  float data[8];
  struct {
    float *allocated, *aligned;
    int64_t offset, sizes[1], strides[1];
  } buffer = {data, data, 0, {8}, {1}};
  int64_t count = 8;
  void *args[] = {&buffer, &count};
  ckpt_args_snapshot_t snapshot = {0};
  CHECK(ckpt_args_snapshot_update(&snapshot, &view, args));
  CHECK_EQ(snapshot.size, 40 + 8);
  CHECK(!ckpt_args_snapshot_update(&snapshot, &view, args));
  data[3] = 1.0f; /* the data is not an argument */
  CHECK(!ckpt_args_snapshot_update(&snapshot, &view, args));
  count = 4;
  CHECK(ckpt_args_snapshot_update(&snapshot, &view, args));
  CHECK(!ckpt_args_snapshot_update(&snapshot, &view, args));
  buffer.sizes[0] = 4;
  CHECK(ckpt_args_snapshot_update(&snapshot, &view, args));
  CHECK(!ckpt_args_snapshot_update(&snapshot, &view, args));

  ckpt_args_snapshot_release(&snapshot);
  ckpt_plan_view_release(&view);
  ckpt_context_destroy(context);
}

int main(void) {
  TEST_RUN(test_args_storage_sizes);
  TEST_RUN(test_args_read_i32_honours_offset);
  TEST_RUN(test_args_snapshot_compares_descriptors_and_scalars);
  return test_report();
}
