/* A scripted world for walker and backend tests: it records which fn ran, in order, and
 * applies rules such as "the 2nd run of fn 4 writes 1 into the flag at param 1", which is
 * how tests make checkpoints yield and do-while loops stop. */
#ifndef CKPT_TEST_WORLD_H
#define CKPT_TEST_WORLD_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "test_util.h"

#define WORLD_MAX_RUNS 256
#define WORLD_MAX_FNS 64
#define WORLD_MAX_RULES 32

typedef struct world_rule_t {
  int64_t fn;
  int64_t occurrence; /* 1-based count of runs of fn, over the world's life; 0: every run */
  int64_t param;
  int32_t value;
} world_rule_t;

typedef struct world_t {
  int64_t runs[WORLD_MAX_RUNS]; /* fns in the order they ran since world_clear_runs */
  int64_t run_count;
  int64_t fn_runs[WORLD_MAX_FNS]; /* runs of each fn since world_init */
  world_rule_t rules[WORLD_MAX_RULES];
  int rule_count;
} world_t;

/* Where a rule's write to `param` lands. */
typedef int32_t *(*world_flag_fn_t)(void *user, int64_t param);

static inline void world_init(world_t *world) { memset(world, 0, sizeof(*world)); }

static inline void world_rule(world_t *world, int64_t fn, int64_t occurrence, int64_t param,
                              int32_t value) {
  if (world->rule_count == WORLD_MAX_RULES) {
    fprintf(stderr, "world: too many rules\n");
    exit(2);
  }
  world->rules[world->rule_count++] = (world_rule_t){fn, occurrence, param, value};
}

static inline void world_clear_runs(world_t *world) { world->run_count = 0; }

static inline void world_run(world_t *world, int64_t fn, world_flag_fn_t flag, void *user) {
  if (fn < 0 || fn >= WORLD_MAX_FNS || world->run_count == WORLD_MAX_RUNS) {
    fprintf(stderr, "world: fn %lld out of range or too many runs\n", (long long)fn);
    exit(2);
  }
  world->runs[world->run_count++] = fn;
  int64_t occurrence = ++world->fn_runs[fn];
  for (int i = 0; i < world->rule_count; ++i) {
    const world_rule_t *rule = &world->rules[i];
    if (rule->fn == fn && (rule->occurrence == 0 || rule->occurrence == occurrence)) {
      *flag(user, rule->param) = rule->value;
    }
  }
}

static inline void check_runs(const char *file, int line, const world_t *world,
                              const int64_t *expected, size_t expected_count) {
  ++test_checks;
  bool same = world->run_count == (int64_t)expected_count;
  for (size_t i = 0; same && i < expected_count; ++i) same = world->runs[i] == expected[i];
  if (same) return;
  test_fail_at(file, line);
  fprintf(stderr, "fns ran:");
  for (int64_t i = 0; i < world->run_count; ++i) fprintf(stderr, " %lld", (long long)world->runs[i]);
  fprintf(stderr, "\n  expected:");
  for (size_t i = 0; i < expected_count; ++i) fprintf(stderr, " %lld", (long long)expected[i]);
  fprintf(stderr, "\n");
}

/* CHECK_RUNS(&world, 1, 2, 3): exactly these fns ran, in this order. */
#define CHECK_RUNS(world, ...)                                    \
  check_runs(__FILE__, __LINE__, (world), (const int64_t[]){__VA_ARGS__}, \
             sizeof((const int64_t[]){__VA_ARGS__}) / sizeof(int64_t))
#define CHECK_NO_RUNS(world) check_runs(__FILE__, __LINE__, (world), NULL, 0)

/* MLIR memref descriptors as lowered code passes them. */
typedef struct memref0_i32_t {
  int32_t *allocated;
  int32_t *aligned;
  int64_t offset;
} memref0_i32_t;

typedef struct memref1_t {
  void *allocated;
  void *aligned;
  int64_t offset;
  int64_t sizes[1];
  int64_t strides[1];
} memref1_t;

/* A rank-0 memref<i32> whose element is storage[offset]. */
static inline memref0_i32_t flag_memref(int32_t *storage, int64_t offset) {
  return (memref0_i32_t){storage, storage, offset};
}

/* A memref<?xi8> carrying the world to a dispatch function as argument 0. */
static inline memref1_t world_memref(world_t *world) {
  return (memref1_t){world, world, 0, {sizeof(*world)}, {1}};
}

static inline int32_t *world_memref_flag(void *user, int64_t param) {
  void **args = user;
  memref0_i32_t *flag = args[param];
  return flag->aligned + flag->offset;
}

/* A plan's dispatch function for plans whose parameter 0 is world_memref(): records the
 * fn in that world and applies its rules to the memref<i32> arguments. */
static inline void world_dispatch(int64_t fn, void **args, void *recorder) {
  (void)recorder;
  memref1_t *world = args[0];
  world_run(world->aligned, fn, world_memref_flag, args);
}

#endif /* CKPT_TEST_WORLD_H */
