/* The benchmark's baseline without ckpt: the same task dispatches in one command buffer
 * recorded once by hand, with a barrier between consecutive tasks and nothing else. */
#ifndef CKPT_BENCH_PLAIN_VULKAN_H
#define CKPT_BENCH_PLAIN_VULKAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct plain_vulkan_t plain_vulkan_t;

/* Sets up `tasks` dispatches of one workgroup of `spirv` (the benchmark's task shader),
 * task t gated on checkpoint t / tasks_per_checkpoint, on the device the runtime would
 * choose (CKPT_VULKAN_DEVICE as a name part is honoured). Returns 0, 77 when Vulkan is
 * unavailable, or 1, having printed why. */
typedef struct plain_vulkan_options_t {
  /* The gating state, the tasks' scalars and the indirect sizes live in device-local
   * memory the host cannot see, or with this in host-visible coherent memory, device-local
   * where the device has such a type: where the runtime keeps them, so that the host can
   * write them directly. */
  bool mapped_control;
  /* The device is created with VK_EXT_conditional_rendering enabled where it offers it,
   * as the runtime's is for its conditional mode (nothing here uses it). */
  bool conditional_rendering;
} plain_vulkan_options_t;

int plain_vulkan_create(plain_vulkan_t **out_plain, const uint32_t *spirv, size_t spirv_bytes,
                        int tasks, int tasks_per_checkpoint, int lanes,
                        plain_vulkan_options_t options);

/* One launch: copies `words` (tasks * lanes) in, runs every task, copies them back; with
 * `indirect` each task is an indirect dispatch, as the runtime records them. Returns 0 or
 * 1, having printed why. */
int plain_vulkan_run(plain_vulkan_t *plain, uint32_t *words, bool indirect);

enum { PLAIN_VULKAN_FENCE_RING = 64 };

/* `count` launches submitted back to back with one fence wait after the last: `words`
 * copied into the staging buffer once before and out once after; each launch copies it
 * in and back on the device, as plain_vulkan_run's does. With `fence_each`, every
 * submission signals a fence of a ring of PLAIN_VULKAN_FENCE_RING, waited for before it is
 * used again, as ckpt's queue does with its slots. `*out_submitted_us` (if not NULL): the
 * time from the call to the return of the last vkQueueSubmit. `count` >= 1. Returns 0 or
 * 1, having printed why. */
int plain_vulkan_run_queued(plain_vulkan_t *plain, uint32_t *words, bool indirect, int count,
                            bool fence_each, double *out_submitted_us);

/* `count` launches of the tasks alone, submitted back to back with one fence wait after
 * the last: the work words copied to the device by a submission before the first and back
 * by one after the last, as across the runtime's queued launches, where they stay on the
 * device in between; indirect dispatches, with a host barrier at each end or with
 * `runtime_barriers` the runtime's segment barriers. `count` >= 1. Returns 0 or 1. */
int plain_vulkan_run_resident(plain_vulkan_t *plain, uint32_t *words, int count,
                              bool runtime_barriers, double *out_submitted_us);

/* plain_vulkan_run with the device's time for it: *out_device_us is the difference of two
 * timestamps written before and after the launch's command buffer in the same
 * submission, or -1 where the queue has no timestamps. */
int plain_vulkan_run_timed(plain_vulkan_t *plain, uint32_t *words, bool indirect,
                           double *out_device_us);

/* Submits an empty command buffer and waits for it: the fixed cost of a round trip.
 * Returns 0 or 1, having printed why. */
int plain_vulkan_run_empty(plain_vulkan_t *plain);

/* The device's name, for the table. */
const char *plain_vulkan_device_name(const plain_vulkan_t *plain);

/* Whether the device was created with VK_EXT_conditional_rendering enabled. */
bool plain_vulkan_conditional_rendering(const plain_vulkan_t *plain);

/* The properties of the memory holding the indirect sizes, in words, for the table. */
void plain_vulkan_control_memory(const plain_vulkan_t *plain, char *out, size_t size);

void plain_vulkan_destroy(plain_vulkan_t *plain);

#endif /* CKPT_BENCH_PLAIN_VULKAN_H */
