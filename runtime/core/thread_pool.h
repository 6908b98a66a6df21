/* A fixed set of threads that run one job at a time, each thread its own share of it.
 *
 * ckpt_thread_pool_run hands `job` to every thread of the pool and runs share 0 on the
 * calling thread itself; it returns once every share has returned, and everything the
 * shares wrote is then visible to the caller. The CPU target runs a parallel task's shares this way. A pool is used by one
 * thread at a time: calls of ckpt_thread_pool_run on the same pool must not overlap. */
#ifndef CKPT_CORE_THREAD_POOL_H
#define CKPT_CORE_THREAD_POOL_H

#include <stdint.h>

typedef struct ckpt_thread_pool_t ckpt_thread_pool_t;

/* One share of a job: share_index in [0, share_count). */
typedef void (*ckpt_thread_pool_job_t)(void *user, int64_t share_index, int64_t share_count);

/* Starts `thread_count` - 1 threads (the caller of ckpt_thread_pool_run is the last one);
 * thread_count >= 1. Returns 0 and *out_pool, or the pthread error number (ENOMEM for
 * memory), having started nothing. The caller owns the pool. */
int ckpt_thread_pool_create(int64_t thread_count, ckpt_thread_pool_t **out_pool);

/* Stops and joins the threads and frees the pool; NULL is a no-op. No job may be running. */
void ckpt_thread_pool_destroy(ckpt_thread_pool_t *pool);

int64_t ckpt_thread_pool_thread_count(const ckpt_thread_pool_t *pool);

/* Runs job(user, i, n) for every i in [0, n), n the pool's thread count, share 0 on the
 * calling thread, and returns when all have returned. */
void ckpt_thread_pool_run(ckpt_thread_pool_t *pool, ckpt_thread_pool_job_t job, void *user);

#endif /* CKPT_CORE_THREAD_POOL_H */
