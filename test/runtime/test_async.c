/* Asynchronous launches (runtime/core/launch_queue.c) on the CPU target and, where the
 * build has Vulkan and the machine a device (lavapipe here), on Vulkan: N launches
 * queued at once where the k-th yields; the ones before it ran, the k-th ran to its
 * yield, the ones after it report skipped behind it and memory shows none of them ran;
 * then the host acts and a resume continues. Also queue order across two kernels,
 * synchronous launches behind an unseen yield, query, ids and releasing early. */
#include "ckpt/ckpt.h"
#include "embed_world.h"
#include "test_util.h"
#ifdef CKPT_TEST_EMBED_SPIRV
#include "embed_task.spv.h"
#endif

enum { LAUNCHES = 6, YIELDING = 3 /* 1-based: the third launch yields */ };

/* One launch's arguments: its own flags, the shared buffer. */
typedef struct launch_args_t {
  int32_t flags[2];
  memref0_t flag_memrefs[2];
  void *args[EMBED_PARAMS];
} launch_args_t;

static void launch_args_init(launch_args_t *l, memref1_t *buffer) {
  memset(l, 0, sizeof(*l));
  for (int f = 0; f < 2; ++f) {
    l->flag_memrefs[f] = (memref0_t){&l->flags[f], &l->flags[f], 0};
    l->args[f] = &l->flag_memrefs[f];
  }
  l->args[EMBED_BUFFER] = buffer;
}

typedef struct target_run_t {
  ckpt_context_t *context;
  ckpt_kernel_t *kernel;
  plan_builder_t builder;
} target_run_t;

/* false when the target cannot start here (no device). */
static bool target_start(target_run_t *t, ckpt_target_t target) {
  memset(t, 0, sizeof(*t));
  if (ckpt_context_create(target, &t->context) != CKPT_OK) {
    printf("  %s: skipped (%s)\n", ckpt_target_name(target), ckpt_context_last_error(t->context));
    ckpt_context_destroy(t->context);
    return false;
  }
  const void *spirv = NULL;
  int64_t spirv_bytes = 0;
#ifdef CKPT_TEST_EMBED_SPIRV
  spirv = embed_task_spirv;
  spirv_bytes = sizeof(embed_task_spirv);
#endif
  CHECK_STATUS(ckpt_kernel_create(t->context, embed_plan(&t->builder, spirv, spirv_bytes),
                                  &t->kernel),
               CKPT_OK);
  return t->kernel != NULL;
}

static void check_yield_stops_the_queue(ckpt_target_t target) {
  target_run_t t;
  if (!target_start(&t, target)) return;
  uint32_t words[EMBED_WORDS];
  for (int i = 0; i < EMBED_WORDS; ++i) words[i] = (uint32_t)i;
  memref1_t buffer = {words, words, 0, EMBED_WORDS, 1};
  launch_args_t l[LAUNCHES];
  ckpt_launch_t *launches[LAUNCHES];
  for (int i = 0; i < LAUNCHES; ++i) {
    launch_args_init(&l[i], &buffer);
    if (i + 1 == YIELDING) l[i].flags[0] = 1; /* yields at label 10, after its first task */
    CHECK_STATUS(ckpt_kernel_launch_async(t.kernel, l[i].args, &launches[i]), CKPT_OK);
    CHECK_EQ(ckpt_launch_id(launches[i]), i + 1);
  }
  /* Waited for last first: skipped, naming the third. This also shows the host the yield. */
  ckpt_launch_outcome_t outcome;
  CHECK_STATUS(ckpt_launch_wait(launches[LAUNCHES - 1], &outcome), CKPT_OK);
  CHECK(!outcome.ran);
  CHECK_EQ(outcome.yielded_launch, YIELDING);
  CHECK_EQ(outcome.yielded_label, 10);
  for (int i = 0; i < LAUNCHES; ++i) {
    bool done = false;
    CHECK_STATUS(ckpt_launch_query(launches[i], &done, &outcome), CKPT_OK);
    CHECK(done); /* every launch before the last is done once the last is */
    if (i + 1 < YIELDING) {
      CHECK(outcome.ran);
      CHECK(!outcome.outcome.yielded);
    } else if (i + 1 == YIELDING) {
      CHECK(outcome.ran);
      CHECK(outcome.outcome.yielded);
      CHECK_EQ(outcome.outcome.label, 10);
      CHECK_STR(outcome.outcome.name, "first");
    } else {
      CHECK(!outcome.ran);
      CHECK_EQ(outcome.yielded_launch, YIELDING);
    }
    ckpt_launch_release(launches[i]);
  }
  /* Two whole launches (1 + 10 each), then the yielding one's first task: none after it. */
  CHECK(embed_words_are(words, 2 * 11 + 1));
  /* The host acts on the yield, then resumes; a fresh launch queued behind it runs too. */
  l[YIELDING - 1].flags[0] = 0;
  ckpt_launch_t *resume = NULL, *after = NULL;
  CHECK_STATUS(ckpt_kernel_resume_async(t.kernel, 10, l[YIELDING - 1].args, &resume), CKPT_OK);
  CHECK_STATUS(ckpt_kernel_launch_async(t.kernel, l[0].args, &after), CKPT_OK);
  CHECK_EQ(ckpt_launch_id(resume), LAUNCHES + 1);
  CHECK_STATUS(ckpt_launch_wait(after, &outcome), CKPT_OK);
  CHECK(outcome.ran && !outcome.outcome.yielded);
  CHECK_STATUS(ckpt_launch_wait(resume, &outcome), CKPT_OK);
  CHECK(outcome.ran && !outcome.outcome.yielded);
  CHECK(embed_words_are(words, 2 * 11 + 1 + 11 + 11));
  ckpt_launch_release(resume);
  ckpt_launch_release(after);
  ckpt_context_destroy(t.context);
}

static void test_yield_stops_the_queue_cpu(void) { check_yield_stops_the_queue(CKPT_TARGET_CPU); }

static void test_yield_stops_the_queue_vulkan(void) {
#ifdef CKPT_TEST_EMBED_SPIRV
  check_yield_stops_the_queue(CKPT_TARGET_VULKAN);
#endif
}

/* A synchronous launch behind an unseen yield does not run, and says why. */
static void test_sync_launch_behind_unseen_yield(void) {
  target_run_t t;
  if (!target_start(&t, CKPT_TARGET_CPU)) return;
  embed_args_t a;
  embed_args_init(&a);
  a.flags[1] = 1; /* yields at label 20, after both tasks */
  ckpt_launch_t *first = NULL;
  CHECK_STATUS(ckpt_kernel_launch_async(t.kernel, a.args, &first), CKPT_OK);
  ckpt_outcome_t outcome;
  /* Whether launch 1 is still queued (then this one is skipped behind it) or already done
   * (then refused at once), the answer names the yield. */
  CHECK_STATUS(ckpt_kernel_launch(t.kernel, a.args, &outcome), CKPT_ERROR_SKIPPED);
  const char *message = ckpt_context_last_error(t.context);
  if (strncmp(message, "launch 2", 8) == 0)
    CHECK_STR(message, "launch 2, queued behind launch 1 which yielded at label 20 before the "
                       "host waited for it, did not run (wait for launch 1 with ckpt_launch_wait, "
                       "act on the yield, then launch again)");
  else
    CHECK_STR(message, "launch 1 yielded at label 20 and the host has not waited for it; this "
                       "launch of kernel 'embed' did not run (wait for launch 1 with "
                       "ckpt_launch_wait, act on the yield, then launch again)");
  CHECK(embed_words_are(a.words, 11));
  /* That answer showed the host the yield: the next synchronous launch runs. */
  a.flags[1] = 0;
  CHECK_STATUS(ckpt_kernel_launch(t.kernel, a.args, &outcome), CKPT_OK);
  CHECK(!outcome.yielded);
  CHECK(embed_words_are(a.words, 22));
  ckpt_launch_outcome_t result;
  CHECK_STATUS(ckpt_launch_wait(first, &result), CKPT_OK);
  CHECK(result.ran && result.outcome.yielded);
  CHECK_EQ(result.outcome.label, 20);
  ckpt_launch_release(first);
  ckpt_context_destroy(t.context);
}

/* A synchronous resume right after an asynchronous launch that yields: whether it finds
 * that launch still queued or already done, it does not run, and names the yield. */
static void test_sync_launch_after_unseen_yield(void) {
  target_run_t t;
  if (!target_start(&t, CKPT_TARGET_CPU)) return;
  embed_args_t a;
  embed_args_init(&a);
  a.flags[0] = 1;
  ckpt_launch_t *first = NULL;
  CHECK_STATUS(ckpt_kernel_launch_async(t.kernel, a.args, &first), CKPT_OK);
  ckpt_outcome_t outcome;
  CHECK_STATUS(ckpt_kernel_resume(t.kernel, 10, a.args, &outcome), CKPT_ERROR_SKIPPED);
  CHECK_CONTAINS(ckpt_context_last_error(t.context), "launch 1");
  CHECK_CONTAINS(ckpt_context_last_error(t.context), "yielded at label 10");
  ckpt_launch_outcome_t result;
  CHECK_STATUS(ckpt_launch_wait(first, &result), CKPT_OK);
  CHECK(result.outcome.yielded);
  a.flags[0] = 0;
  CHECK_STATUS(ckpt_kernel_resume(t.kernel, 10, a.args, &outcome), CKPT_OK);
  CHECK(embed_words_are(a.words, 1 + 11));
  ckpt_launch_release(first);
  ckpt_context_destroy(t.context);
}

/* Two kernels share the context's queue: their launches run in the order queued. A
 * handle released before its launch ran still runs. */
static void test_two_kernels_in_order(void) {
  target_run_t t;
  if (!target_start(&t, CKPT_TARGET_CPU)) return;
  plan_builder_t other_builder;
  ckpt_kernel_t *other = NULL;
  CHECK_STATUS(ckpt_kernel_create(t.context, embed_plan(&other_builder, NULL, 0), &other), CKPT_OK);
  embed_args_t a;
  embed_args_init(&a);
  ckpt_launch_t *launches[8];
  for (int i = 0; i < 8; ++i)
    CHECK_STATUS(ckpt_kernel_launch_async(i % 2 ? other : t.kernel, a.args, &launches[i]), CKPT_OK);
  ckpt_launch_release(launches[0]);
  ckpt_launch_outcome_t outcome;
  CHECK_STATUS(ckpt_launch_wait(launches[7], &outcome), CKPT_OK);
  CHECK(outcome.ran);
  CHECK(embed_words_are(a.words, 8 * 11));
  for (int i = 1; i < 8; ++i) ckpt_launch_release(launches[i]);
  /* Destroying a kernel waits for the queue; the context releases the handles left. */
  ckpt_launch_t *left = NULL;
  CHECK_STATUS(ckpt_kernel_launch_async(other, a.args, &left), CKPT_OK);
  ckpt_kernel_destroy(other);
  CHECK(embed_words_are(a.words, 9 * 11));
  ckpt_context_destroy(t.context);
}

static void test_async_errors(void) {
  target_run_t t;
  if (!target_start(&t, CKPT_TARGET_CPU)) return;
  embed_args_t a;
  embed_args_init(&a);
  ckpt_launch_t *launch = NULL;
  CHECK_STATUS(ckpt_kernel_launch_async(NULL, a.args, &launch), CKPT_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(ckpt_kernel_launch_async(t.kernel, a.args, NULL), CKPT_ERROR_INVALID_ARGUMENT);
  CHECK_STR(ckpt_context_last_error(t.context), "out_launch is NULL launching kernel 'embed'");
  CHECK_STATUS(ckpt_kernel_resume_async(t.kernel, 99, a.args, &launch), CKPT_ERROR_UNKNOWN_LABEL);
  CHECK(launch == NULL);
  CHECK_STATUS(ckpt_launch_wait(NULL, NULL), CKPT_ERROR_INVALID_ARGUMENT);
  CHECK_EQ(ckpt_launch_id(NULL), 0);
  ckpt_launch_release(NULL);
  CHECK_STATUS(ckpt_kernel_launch_async(t.kernel, a.args, &launch), CKPT_OK);
  CHECK_STATUS(ckpt_launch_query(launch, NULL, NULL), CKPT_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(ckpt_launch_wait(launch, NULL), CKPT_OK);
  ckpt_launch_release(launch);
  CHECK(embed_words_are(a.words, 11));
  ckpt_context_destroy(t.context);
}

int main(void) {
  TEST_RUN(test_yield_stops_the_queue_cpu);
  TEST_RUN(test_yield_stops_the_queue_vulkan);
  TEST_RUN(test_sync_launch_behind_unseen_yield);
  TEST_RUN(test_sync_launch_after_unseen_yield);
  TEST_RUN(test_two_kernels_in_order);
  TEST_RUN(test_async_errors);
  return test_report();
}
