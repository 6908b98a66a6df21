#include "core/thread_pool.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

/* What a pool thread needs to find its pool and know its share. */
typedef struct ckpt_pool_thread_t {
  ckpt_thread_pool_t *pool;
  int64_t share_index;
  pthread_t thread;
} ckpt_pool_thread_t;

/* A job is published by bumping `generation` under `lock`; each thread runs its share
 * once per generation and counts itself off in `pending`. Everything is handed over
 * through the mutex, so ThreadSanitizer sees every happens-before edge. */
struct ckpt_thread_pool_t {
  pthread_mutex_t lock;
  pthread_cond_t job_ready;
  pthread_cond_t job_done;
  uint64_t generation;
  int64_t pending;
  bool stopping;
  ckpt_thread_pool_job_t job;
  void *user;
  int64_t thread_count; /* including the caller of ckpt_thread_pool_run */
  ckpt_pool_thread_t *threads; /* thread_count - 1 */
};

static void *ckpt_pool_thread_main(void *argument) {
  ckpt_pool_thread_t *self = argument;
  ckpt_thread_pool_t *pool = self->pool;
  uint64_t seen = 0;
  pthread_mutex_lock(&pool->lock);
  for (;;) {
    while (pool->generation == seen && !pool->stopping)
      pthread_cond_wait(&pool->job_ready, &pool->lock);
    if (pool->stopping) break;
    seen = pool->generation;
    ckpt_thread_pool_job_t job = pool->job;
    void *user = pool->user;
    pthread_mutex_unlock(&pool->lock);
    job(user, self->share_index, pool->thread_count);
    pthread_mutex_lock(&pool->lock);
    if (--pool->pending == 0) pthread_cond_signal(&pool->job_done);
  }
  pthread_mutex_unlock(&pool->lock);
  return NULL;
}

/* Stops the first `started` threads and frees the pool. */
static void ckpt_pool_stop(ckpt_thread_pool_t *pool, int64_t started) {
  pthread_mutex_lock(&pool->lock);
  pool->stopping = true;
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
  pthread_mutex_lock(&pool->lock);
  pool->job = job;
  pool->user = user;
  pool->pending = pool->thread_count - 1;
  ++pool->generation;
  pthread_cond_broadcast(&pool->job_ready);
  pthread_mutex_unlock(&pool->lock);
  job(user, 0, pool->thread_count);
  pthread_mutex_lock(&pool->lock);
  while (pool->pending > 0) pthread_cond_wait(&pool->job_done, &pool->lock);
  pthread_mutex_unlock(&pool->lock);
}
