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

/* The sample plans' node sequences, for tests that lay out their own parameters: each adds
 * its nodes to `b`, which already has its parameters, and leaves finishing it to the caller. */

/*   bare 1; [2] cp0; L0 "SIM" {3 4} cp1 (flag_a); bare 5; [6] cp2; L1 {7} cp3 (flag_b); bare 8 */
static inline void sample_straight_nodes(plan_builder_t *b, int64_t flag_a, int64_t flag_b) {
  plan_builder_bare(b, 1);
  plan_builder_wrapped_task(b, 2);
  plan_builder_checkpoint(b, 0, "SIM", flag_a);
  plan_builder_task(b, 3);
  plan_builder_task(b, 4);
  plan_builder_close(b);
  plan_builder_bare(b, 5);
  plan_builder_wrapped_task(b, 6);
  plan_builder_checkpoint(b, 1, NULL, flag_b);
  plan_builder_task(b, 7);
  plan_builder_close(b);
  plan_builder_bare(b, 8);
}

/*   bare 1
 *   do-while loop { bare 2; [3] cp0; L7 "grow" {4} cp1 (flag_a); bare 5; [6] cp2 }
 *   L9 {7} cp3 (flag_b); bare 8 */
static inline void sample_loop_nodes(plan_builder_t *b, int64_t loop, int64_t flag_a,
                                     int64_t flag_b) {
  plan_builder_bare(b, 1);
  plan_builder_do_while(b, loop);
  plan_builder_bare(b, 2);
  plan_builder_wrapped_task(b, 3);
  plan_builder_checkpoint(b, 7, "grow", flag_a);
  plan_builder_task(b, 4);
  plan_builder_close(b);
  plan_builder_bare(b, 5);
  plan_builder_wrapped_task(b, 6);
  plan_builder_close(b);
  plan_builder_checkpoint(b, 9, NULL, flag_b);
  plan_builder_task(b, 7);
  plan_builder_close(b);
  plan_builder_bare(b, 8);
}

/*   do-while outer { [1] cp0; do-while inner { bare 2; L1 {3} cp1 (flag_a); [4] cp2 }; bare 5 }
 *   do-while sibling { L2 {6} cp3 (flag_b) }
 *   bare 7 */
static inline void sample_nested_nodes(plan_builder_t *b, int64_t outer, int64_t inner,
                                       int64_t sibling, int64_t flag_a, int64_t flag_b) {
  plan_builder_do_while(b, outer);
  plan_builder_wrapped_task(b, 1);
  plan_builder_do_while(b, inner);
  plan_builder_bare(b, 2);
  plan_builder_checkpoint(b, 1, NULL, flag_a);
  plan_builder_task(b, 3);
  plan_builder_close(b);
  plan_builder_wrapped_task(b, 4);
  plan_builder_close(b);
  plan_builder_bare(b, 5);
  plan_builder_close(b);
  plan_builder_do_while(b, sibling);
  plan_builder_checkpoint(b, 2, NULL, flag_b);
  plan_builder_task(b, 6);
  plan_builder_close(b);
  plan_builder_close(b);
  plan_builder_bare(b, 7);
}

/* The plans over the parameters above (SAMPLE_*). */
static inline const ckpt_plan_t *sample_straight(plan_builder_t *b) {
  sample_params(b);
  sample_straight_nodes(b, SAMPLE_FLAG_A, SAMPLE_FLAG_B);
  return plan_builder_finish(b);
}

static inline const ckpt_plan_t *sample_loop(plan_builder_t *b) {
  sample_params(b);
  sample_loop_nodes(b, SAMPLE_LOOP, SAMPLE_FLAG_A, SAMPLE_FLAG_B);
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
