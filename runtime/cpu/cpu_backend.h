/* The CPU target's thread count, for whatever configures a context after creating it.
 *
 * A CPU context runs each parallel task (a plan node flagged CKPT_NODE_FLAG_SPLIT) on its
 * threads, the launching one and a pool it starts at the first such task; every other
 * node runs on the launching thread. The count starts as CKPT_CPU_THREADS (a decimal
 * integer, 1 to CKPT_CPU_MAX_THREADS) or, unset or empty, the number of cores this
 * process may run on. */
#ifndef CKPT_CPU_BACKEND_H
#define CKPT_CPU_BACKEND_H

#include <stdint.h>

#include "core/backend.h"

#define CKPT_CPU_MAX_THREADS 1024

/* With more than one thread, a split task is cut into this many blocks per thread; thread
 * t runs block t, then the threads take the others in turn as they come free: a thread the system preempts, or a block
 * whose iterations cost more, then holds the others up by one block, not by a whole
 * thread's share. With one thread it runs as the single block {0, 1}. */
#define CKPT_CPU_BLOCKS_PER_THREAD 4

/* Sets the thread count of `backend`, the CPU backend of its context, for the launches
 * that follow (none may be running). thread_count in [1, CKPT_CPU_MAX_THREADS], or 0 for
 * the default above; anything else is CKPT_ERROR_INVALID_ARGUMENT, reported on the
 * context. A running pool of another size is stopped. */
ckpt_status_code_t ckpt_cpu_backend_set_thread_count(ckpt_backend_t *backend,
                                                     int64_t thread_count);

/* The thread count launches of `backend` use. */
int64_t ckpt_cpu_backend_thread_count(const ckpt_backend_t *backend);

#endif /* CKPT_CPU_BACKEND_H */
