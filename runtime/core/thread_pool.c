#include "core/thread_pool.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>

/* How long a thread polls before it sleeps: a graph's parallel tasks often come back to
 * back, and waking a sleeping thread costs tens of microseconds in a VM (measured in
 * bench/README.md), far more than a task of a few thousand iterations. A few thousand
 * polls take about 100 us on this project's test machine: little CPU taken from others
 * when no task comes. */
enum { CKPT_POOL_SPINS = 4096 };

static inline void ckpt_pool_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ __volatile__("yield");
#endif
}

/* What a pool thread needs to find its pool and know its share. */
typedef struct ckpt_pool_thread_t {
  ckpt_thread_pool_t *pool;
  int64_t share_index;
  pthread_t thread;
} ckpt_pool_thread_t;

/* A job is published by storing `job` and `user` and then bumping `generation` (release);
 * a thread that sees the new generation (acquire) runs its share and counts itself off in
 * `pending` (release), which the caller reads (acquire), so everything a share wrote is
 * visible after ckpt_thread_pool_run. Threads poll first and then sleep on the mutex and
 * condition variables; `generation` is bumped and `pending` emptied only after taking the
 * mutex, so no sleeper misses its wake-up. ThreadSanitizer understands all of it. */
struct ckpt_thread_pool_t {
  pthread_mutex_t lock;
  pthread_cond_t job_ready;
  pthread_cond_t job_done;
  _Atomic uint64_t generation;
  _Atomic int64_t pending;
  atomic_bool stopping;
  ckpt_thread_pool_job_t job;
  void *user;
  int64_t thread_count;        /* including the caller of ckpt_thread_pool_run */
  ckpt_pool_thread_t *threads; /* thread_count - 1 */
};

/* The generation after `seen`, or `seen` when the pool is stopping. */
static uint64_t ckpt_pool_next_job(ckpt_thread_pool_t *pool, uint64_t seen) {
  for (int spin = 0; spin < CKPT_POOL_SPINS; ++spin) {
    uint64_t generation = atomic_load_explicit(&pool->generation, memory_order_acquire);
    if (generation != seen) return generation;
    if (atomic_load_explicit(&pool->stopping, memory_order_acquire)) return seen;
    ckpt_pool_relax();
  }
  pthread_mutex_lock(&pool->lock);
  uint64_t generation;
  while ((generation = atomic_load_explicit(&pool->generation, memory_order_acquire)) == seen &&
         !atomic_load_explicit(&pool->stopping, memory_order_acquire))
    pthread_cond_wait(&pool->job_ready, &pool->lock);
  pthread_mutex_unlock(&pool->lock);
  return generation;
}

static void *ckpt_pool_thread_main(void *argument) {
  ckpt_pool_thread_t *self = argument;
  ckpt_thread_pool_t *pool = self->pool;
  uint64_t seen = 0;
  for (;;) {
    uint64_t generation = ckpt_pool_next_job(pool, seen);
    if (generation == seen) return NULL; /* stopping */
    seen = generation;
    pool->job(pool->user, self->share_index, pool->thread_count);
    if (atomic_fetch_sub_explicit(&pool->pending, 1, memory_order_acq_rel) == 1) {
      pthread_mutex_lock(&pool->lock);
      pthread_cond_signal(&pool->job_done);
      pthread_mutex_unlock(&pool->lock);
    }
  }
}

/* Stops the first `started` threads and frees the pool. */
static void ckpt_pool_stop(ckpt_thread_pool_t *pool, int64_t started) {
  pthread_mutex_lock(&pool->lock);
  atomic_store_explicit(&pool->stopping, true, memory_order_release);
  pthread_cond_broadcast(&pool->job_ready);
  pthread_mutex_unlock(&pool->lock);
  for (int64_t i = 0; i < started; ++i) pthread_join(pool->threads[i].thread, NULL);
  pthread_cond_destroy(&pool->job_done);
  pthread_cond_destroy(&pool->job_ready);
  pthread_mutex_destroy(&pool->lock);
  free(pool->threads);
  free(pool);
}

int ckpt_thread_pool_create(int64_t thread_count, ckpt_thread_pool_t **out_pool) {
  *out_pool = NULL;
  if (thread_count < 1) return EINVAL;
  ckpt_thread_pool_t *pool = calloc(1, sizeof(*pool));
  if (!pool) return ENOMEM;
  pool->thread_count = thread_count;
  pool->threads = calloc((size_t)thread_count, sizeof(*pool->threads));
  if (!pool->threads) {
    free(pool);
    return ENOMEM;
  }
  pthread_mutex_init(&pool->lock, NULL);
  pthread_cond_init(&pool->job_ready, NULL);
  pthread_cond_init(&pool->job_done, NULL);
  for (int64_t i = 0; i < thread_count - 1; ++i) {
    pool->threads[i].pool = pool;
    pool->threads[i].share_index = i + 1;
    int error = pthread_create(&pool->threads[i].thread, NULL, ckpt_pool_thread_main,
                               &pool->threads[i]);
    if (error != 0) {
      ckpt_pool_stop(pool, i);
      return error;
    }
  }
  *out_pool = pool;
  return 0;
}

void ckpt_thread_pool_destroy(ckpt_thread_pool_t *pool) {
  if (pool) ckpt_pool_stop(pool, pool->thread_count - 1);
}

int64_t ckpt_thread_pool_thread_count(const ckpt_thread_pool_t *pool) {
  return pool->thread_count;
}

void ckpt_thread_pool_run(ckpt_thread_pool_t *pool, ckpt_thread_pool_job_t job, void *user) {
  if (pool->thread_count == 1) {
    job(user, 0, 1);
    return;
  }
  pool->job = job;
  pool->user = user;
  atomic_store_explicit(&pool->pending, pool->thread_count - 1, memory_order_relaxed);
  pthread_mutex_lock(&pool->lock);
  atomic_fetch_add_explicit(&pool->generation, 1, memory_order_release);
  pthread_cond_broadcast(&pool->job_ready);
  pthread_mutex_unlock(&pool->lock);
  job(user, 0, pool->thread_count);
  for (int spin = 0; spin < CKPT_POOL_SPINS; ++spin) {
    if (atomic_load_explicit(&pool->pending, memory_order_acquire) == 0) return;
    ckpt_pool_relax();
  }
  pthread_mutex_lock(&pool->lock);
  while (atomic_load_explicit(&pool->pending, memory_order_acquire) > 0)
    pthread_cond_wait(&pool->job_done, &pool->lock);
  pthread_mutex_unlock(&pool->lock);
}
