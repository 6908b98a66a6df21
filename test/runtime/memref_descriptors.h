/* The MLIR memref descriptors a lowered kernel takes its arguments as: rank 0 of i32 and
 * rank 1 of any element type. Shared by the tests that build device arguments by hand and
 * by the CUDA benchmark, so it includes nothing from the tests. test_world.h declares its
 * own memref1_t; a file includes one of the two. */
#ifndef CKPT_TEST_MEMREF_DESCRIPTORS_H
#define CKPT_TEST_MEMREF_DESCRIPTORS_H

#include <stdint.h>

typedef struct memref0_t {
  int32_t *allocated, *aligned;
  int64_t offset;
} memref0_t;

typedef struct memref1_t {
  void *allocated, *aligned;
  int64_t offset, size, stride;
} memref1_t;

#endif /* CKPT_TEST_MEMREF_DESCRIPTORS_H */
