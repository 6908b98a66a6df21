/* Plans shared by the tests that go through the public API, and the arguments they take:
 * parameter 0 is the world (see test_world.h), then two yield flags and a loop
 * condition, each a memref<i32> that views one element of `storage`. */
#ifndef CKPT_TEST_SAMPLE_PLANS_H
#define CKPT_TEST_SAMPLE_PLANS_H

#include "plan_builder.h"
#include "test_world.h"

enum { SAMPLE_WORLD = 0, SAMPLE_FLAG_A = 1, SAMPLE_FLAG_B = 2, SAMPLE_LOOP = 3 };

static inline void sample_params(plan_builder_t *b) {
  plan_builder_init(b, "step", world_dispatch);
  plan_builder_param(b, CKPT_PARAM_MEMREF, 1, 8, CKPT_ELEM_OTHER);
  plan_builder_flag(b);
  plan_builder_flag(b);
  plan_builder_flag(b);
}

/*   bare 1; [2] cp0; L0 "SIM" {3 4} cp1 (FLAG_A); bare 5; [6] cp2; L1 {7} cp3 (FLAG_B); bare 8 */
static inline const ckpt_plan_t *sample_straight(plan_builder_t *b) {
  sample_params(b);
  plan_builder_bare(b, 1);
  plan_builder_wrapped_task(b, 2);
  plan_builder_checkpoint(b, 0, "SIM", SAMPLE_FLAG_A);
  plan_builder_task(b, 3);
  plan_builder_task(b, 4);
  plan_builder_close(b);
  plan_builder_bare(b, 5);
  plan_builder_wrapped_task(b, 6);
  plan_builder_checkpoint(b, 1, NULL, SAMPLE_FLAG_B);
  plan_builder_task(b, 7);
  plan_builder_close(b);
  plan_builder_bare(b, 8);
  return plan_builder_finish(b);
}

/*   bare 1
 *   do-while LOOP { bare 2; [3] cp0; L7 "grow" {4} cp1 (FLAG_A); bare 5; [6] cp2 }
 *   L9 {7} cp3 (FLAG_B); bare 8 */
static inline const ckpt_plan_t *sample_loop(plan_builder_t *b) {
  sample_params(b);
  plan_builder_bare(b, 1);
  plan_builder_do_while(b, SAMPLE_LOOP);
  plan_builder_bare(b, 2);
  plan_builder_wrapped_task(b, 3);
  plan_builder_checkpoint(b, 7, "grow", SAMPLE_FLAG_A);
  plan_builder_task(b, 4);
  plan_builder_close(b);
  plan_builder_bare(b, 5);
  plan_builder_wrapped_task(b, 6);
  plan_builder_close(b);
  plan_builder_checkpoint(b, 9, NULL, SAMPLE_FLAG_B);
  plan_builder_task(b, 7);
  plan_builder_close(b);
  plan_builder_bare(b, 8);
  return plan_builder_finish(b);
}

/* One set of arguments. The flags sit at non-zero offsets into `storage` so that a
 * reader ignoring the descriptor's offset reads the wrong element. */
typedef struct sample_args_t {
  world_t world;
  int32_t storage[8];
  memref1_t world_memref;
  memref0_i32_t flags[3];
  void *args[4];
} sample_args_t;

static inline void sample_args_init(sample_args_t *sample) {
  memset(sample, 0, sizeof(*sample));
  world_init(&sample->world);
  sample->world_memref = world_memref(&sample->world);
  sample->args[SAMPLE_WORLD] = &sample->world_memref;
  for (int i = 0; i < 3; ++i) {
    sample->flags[i] = flag_memref(sample->storage, 3 + i);
    sample->args[SAMPLE_FLAG_A + i] = &sample->flags[i];
  }
}

/* The i32 that parameter `param` (FLAG_A, FLAG_B or LOOP) views. */
static inline int32_t *sample_flag(sample_args_t *sample, int param) {
  return &sample->storage[3 + param - SAMPLE_FLAG_A];
}

#endif /* CKPT_TEST_SAMPLE_PLANS_H */
