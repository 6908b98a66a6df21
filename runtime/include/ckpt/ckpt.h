/* ckpt runtime: launch graph kernels with checkpoints, read the outcome, resume by label.
 *
 * A context owns one target (CPU, CUDA, HIP, Vulkan) and every kernel created in it. A
 * kernel is a validated plan (ckpt/plan.h) plus whatever its target built for it. The
 * runtime keeps no global state: everything lives in a context. Nothing here is
 * thread-safe; use one context per thread or serialise calls yourself. (A context's own
 * worker thread, which runs asynchronous launches, is internal: the runtime locks what
 * it shares with it.)
 *
 * Every fallible call returns a ckpt_status_code_t; on failure the context's
 * ckpt_context_last_error() says what went wrong and how to fix it. */
#ifndef CKPT_CKPT_H
#define CKPT_CKPT_H

#include <stdbool.h>
#include <stdint.h>

#include "ckpt/plan.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum ckpt_status_code_t {
  CKPT_OK = 0,
  CKPT_ERROR_INVALID_ARGUMENT = 1, /* a NULL handle, a bad pointer or count */
  CKPT_ERROR_INVALID_PLAN = 2,     /* the compiler's table is malformed */
  CKPT_ERROR_UNKNOWN_LABEL = 3,    /* resume from a label the kernel does not have */
  CKPT_ERROR_NO_CHECKPOINTS = 4,   /* resume of a kernel with no explicit checkpoint */
  CKPT_ERROR_UNAVAILABLE = 5,      /* no driver or device, or the context is unusable */
  CKPT_ERROR_BACKEND = 6,          /* a driver call failed; the message names it */
  CKPT_ERROR_OUT_OF_MEMORY = 7,
  /* A synchronous launch or resume queued behind an asynchronous launch that yielded,
   * before the host waited for that one: it did not run (docs/runtime-api.md, "Async"). */
  CKPT_ERROR_SKIPPED = 8,
} ckpt_status_code_t;

typedef enum ckpt_target_t {
  CKPT_TARGET_CPU = 0,
  CKPT_TARGET_CUDA = 1,
  CKPT_TARGET_HIP = 2,
  CKPT_TARGET_VULKAN = 3,
} ckpt_target_t;

typedef struct ckpt_context_t ckpt_context_t;
typedef struct ckpt_kernel_t ckpt_kernel_t;

/* What one launch did. `label` and `name` are meaningful only when `yielded`; `name` is
 * NULL for an unnamed checkpoint and points into the kernel's plan (valid as long as the
 * plan's storage is). */
typedef struct ckpt_outcome_t {
  bool yielded;
  int64_t label;
  const char *name;
  int64_t cp_id;
} ckpt_outcome_t;

/* Name of a status code ("CKPT_ERROR_UNKNOWN_LABEL"); never NULL. */
const char *ckpt_status_name(ckpt_status_code_t code);

/* Name of a target ("cpu", "cuda", ...); never NULL. */
const char *ckpt_target_name(ckpt_target_t target);

/* Parses "cpu", "cuda", "hip", "vulkan". Returns false for anything else. */
bool ckpt_target_parse(const char *text, ckpt_target_t *out_target);

/* Whether this build of the runtime has a backend for `target`. A built backend may
 * still find no driver or device: only ckpt_context_create can tell. */
bool ckpt_target_built(ckpt_target_t target);

/* Creates a context for `target`. On success the caller owns *out_context and frees it
 * with ckpt_context_destroy. On failure *out_context is still set to a context that only
 * carries the error (read it with ckpt_context_last_error, then destroy it), unless
 * memory ran out, where it is NULL. CKPT_ERROR_UNAVAILABLE: the target was not built in,
 * or its driver or device is missing. Reads CKPT_TRACE from the environment. */
ckpt_status_code_t ckpt_context_create(ckpt_target_t target, ckpt_context_t **out_context);

/* How a framework that already owns the device hands it to ckpt (docs/runtime-api.md,
 * "Embedding"). Fill one with ckpt_context_options_init, then set what you need. Handles
 * are opaque pointers so that this header needs no CUDA, HIP or Vulkan header: cast your
 * CUcontext, CUstream, hipStream_t, VkInstance, VkPhysicalDevice and VkDevice to void *.
 * Handles passed in stay the caller's: ckpt never destroys them, and they must outlive
 * the context. Fields left at their initial value keep the environment's defaults
 * (CKPT_CUDA_DEVICE, CKPT_HIP_DEVICE, CKPT_VULKAN_DEVICE, CKPT_CPU_THREADS). */
typedef struct ckpt_context_options_t {
  /* sizeof(ckpt_context_options_t) as the caller compiled it; first, so that a later,
   * longer version of this struct is told apart from this one. */
  uint32_t struct_size;
  ckpt_target_t target;
  /* The device ordinal (CUDA, HIP) or physical-device index (Vulkan); -1: the target's
   * environment variable, else its default device. Not with handles that already name
   * the device (cuda.context, vulkan.device), nor on the CPU target. */
  int32_t device_index;
  /* CPU target: threads for parallel tasks; 0: CKPT_CPU_THREADS, else every core. */
  int32_t cpu_thread_count;
  struct {
    void *context; /* CUcontext; NULL: the device's primary context */
    /* CUstream of `context` that every launch is queued on; NULL: a stream of ckpt's
     * own. With a stream given, ckpt waits only on that stream, never on the device
     * or the legacy default stream. */
    void *stream;
  } cuda;
  struct {
    /* hipStream_t created on device `device_index` (or the default device); NULL: a
     * stream of ckpt's own. ckpt then waits only on this stream. */
    void *stream;
  } hip;
  struct {
    /* All three or none: VkInstance, VkPhysicalDevice and a VkDevice created on it. */
    void *instance;
    void *physical_device;
    void *device;
    /* The queue ckpt submits to: vkGetDeviceQueue(device, queue_family_index,
     * queue_index). The family must support compute. Vulkan queues need external
     * synchronisation: do not submit to this queue from another thread while a ckpt
     * call runs. */
    uint32_t queue_family_index;
    uint32_t queue_index;
    /* Whether `device` was created with VK_EXT_conditional_rendering and its
     * conditionalRendering feature; ckpt uses it for gating then, else control steps.
     * The device must also have what MLIR's shaders need: Vulkan 1.1 (or
     * VK_KHR_storage_buffer_storage_class) and the shaderInt64/Int16/Float64/Float16 and
     * storageBuffer16BitAccess features the kernels use, enabled: ckpt takes those the
     * device supports as enabled. */
    bool conditional_rendering_enabled;
    /* PFN_vkGetInstanceProcAddr of the loader that created `instance`; NULL: the one ckpt
     * opens (libvulkan.so.1 or CKPT_VULKAN_LOADER), the same one in the usual case. */
    void *get_instance_proc_addr;
  } vulkan;
} ckpt_context_options_t;

/* Sets every field of *options to its default for `target`: struct_size, target,
 * device_index -1, everything else 0/NULL. */
void ckpt_context_options_init(ckpt_context_options_t *options, ckpt_target_t target);

/* Creates a context as ckpt_context_create does, configured by *options (borrowed for
 * the call). Ownership of *out_context as for ckpt_context_create. An options struct
 * that does not hold together (handles of another target, a stream without its CUDA
 * context, a partial set of Vulkan handles, a device index beside handles that already
 * name the device, a negative thread count, a struct_size this runtime does not know)
 * is CKPT_ERROR_INVALID_ARGUMENT, with a message naming the field and the fix. */
ckpt_status_code_t ckpt_context_create_with_options(const ckpt_context_options_t *options,
                                                    ckpt_context_t **out_context);

/* Vulkan: lets a VkBuffer of the caller's, created on the context's device with
 * VK_BUFFER_USAGE_STORAGE_BUFFER_BIT, serve as memref storage with no mirror and no copy.
 * A Vulkan buffer has no address the host can put in a memref descriptor, so the runtime
 * hands out one: *out_pointer is the buffer's first byte, a reserved range of `size`
 * bytes of address space the host must not read or write. Put it (or a pointer into it)
 * in a descriptor's allocated and aligned fields. Yield flags and do-while conditions
 * must stay host memory. The buffer stays the caller's. CKPT_ERROR_INVALID_ARGUMENT on
 * CPU, CUDA and HIP, which need no registration: pass their pointers as they are. */
ckpt_status_code_t ckpt_context_register_device_buffer(ckpt_context_t *context, uint64_t buffer,
                                                       uint64_t size, void **out_pointer);

/* Forgets a registration, once every launch using it is done (this waits for the
 * context's queue); its pointers must not be passed again. */
ckpt_status_code_t ckpt_context_unregister_device_buffer(ckpt_context_t *context, void *pointer);

/* Destroys the context and every kernel still alive in it. NULL is a no-op. */
void ckpt_context_destroy(ckpt_context_t *context);

/* The message of the last failure in this context, or "" if none. Owned by the context,
 * valid until the next call on it. */
const char *ckpt_context_last_error(const ckpt_context_t *context);

ckpt_target_t ckpt_context_target(const ckpt_context_t *context);

/* Turns tracing (one line per launch, yield and resume on stderr) on or off; the
 * initial state comes from CKPT_TRACE=1. */
void ckpt_context_set_trace(ckpt_context_t *context, bool enabled);

/* Validates `plan` and prepares it on the context's target. The plan's storage is
 * borrowed: it must outlive the kernel. The kernel belongs to the context; the caller
 * may destroy it early with ckpt_kernel_destroy. CKPT_ERROR_INVALID_PLAN names the
 * first defect found. */
ckpt_status_code_t ckpt_kernel_create(ckpt_context_t *context, const ckpt_plan_t *plan,
                                      ckpt_kernel_t **out_kernel);

/* Destroys one kernel. NULL is a no-op. */
void ckpt_kernel_destroy(ckpt_kernel_t *kernel);

/* The kernel's name as the compiler gave it. */
const char *ckpt_kernel_name(const ckpt_kernel_t *kernel);

/* Number of explicit checkpoints, and their labels in source order. */
int64_t ckpt_kernel_label_count(const ckpt_kernel_t *kernel);
int64_t ckpt_kernel_label_at(const ckpt_kernel_t *kernel, int64_t index);

/* A fresh launch (resume_point 0). `args` has one pointer per plan parameter (see
 * CKPT_PARAM_MEMREF / CKPT_PARAM_SCALAR); the arguments may differ from launch to
 * launch. Writes *out_outcome on success. Tasks must return normally: after one leaves
 * by longjmp or an exception, every call on the context from this thread fails with
 * CKPT_ERROR_UNAVAILABLE (docs/runtime-api.md, "A task must return"). */
ckpt_status_code_t ckpt_kernel_launch(ckpt_kernel_t *kernel, void **args,
                                      ckpt_outcome_t *out_outcome);

/* A launch that resumes at the explicit checkpoint labelled `label`: everything before it
 * in source order is skipped (docs/semantics.md, "Resume").
 * CKPT_ERROR_UNKNOWN_LABEL / CKPT_ERROR_NO_CHECKPOINTS list the labels available. */
ckpt_status_code_t ckpt_kernel_resume(ckpt_kernel_t *kernel, int64_t label, void **args,
                                      ckpt_outcome_t *out_outcome);

/* Asynchronous launches (docs/runtime-api.md, "Async").
 *
 * A context keeps one queue: launches run in the order they were queued, whatever their
 * kernel. launch_async and resume_async check their arguments, copy the argument array
 * and every descriptor and scalar it points at, queue the launch and return at once; the
 * memory the memrefs point at must stay valid, and untouched by the host, until the
 * launch is done. A launch queued behind one that yielded does not run at all, and its
 * outcome says so and names the launch that yielded, until the host has seen that yield:
 * wait or query reporting it (on the yielding launch, or on a launch skipped behind it)
 * acknowledges it, and launches queued after that run again. Synchronous launches join
 * the same queue: ckpt_kernel_launch and ckpt_kernel_resume wait for every launch queued
 * before them, and return CKPT_ERROR_SKIPPED when they would run behind an unseen yield
 * (an answer that also counts as the host seeing it).
 *
 * On the CPU target launches run on a worker thread the context starts with its first
 * asynchronous launch. On HIP they are host-ordered too, on that worker thread (each
 * launch still waits for its outcome there); the host thread is free. On CUDA (graph
 * gating, the default; CKPT_CUDA_QUEUE=host turns it off) and on Vulkan (a kernel
 * without a do-while, in host or mapped memory) a launch is gated on the device: the call
 * submits it and returns, launches queued behind a yield are skipped by the device, and
 * only wait or query wait for it (launches of another kernel or with other arguments
 * first wait for those in flight); other kernels are host-ordered as on HIP. */
typedef struct ckpt_launch_t ckpt_launch_t;

/* What an asynchronous launch came to. */
typedef struct ckpt_launch_outcome_t {
  /* False when the launch was skipped; then nothing of it ran. */
  bool ran;
  ckpt_outcome_t outcome; /* when `ran`: as ckpt_kernel_launch gives it */
  /* When skipped: the launch that yielded (its ckpt_launch_id) and the label it yielded at. */
  uint64_t yielded_launch;
  int64_t yielded_label;
} ckpt_launch_outcome_t;

/* Queue a fresh launch / a resume at `label`. On success *out_launch is a handle the
 * caller releases with ckpt_launch_release (the context releases those left at its
 * destruction). Errors are those of ckpt_kernel_launch / ckpt_kernel_resume that can be
 * known before running (arguments, labels), plus CKPT_ERROR_OUT_OF_MEMORY. */
ckpt_status_code_t ckpt_kernel_launch_async(ckpt_kernel_t *kernel, void **args,
                                            ckpt_launch_t **out_launch);
ckpt_status_code_t ckpt_kernel_resume_async(ckpt_kernel_t *kernel, int64_t label, void **args,
                                            ckpt_launch_t **out_launch);

/* The launch's number in its context's queue: 1, 2, ... in the order launches were
 * queued, synchronous ones included. */
uint64_t ckpt_launch_id(const ckpt_launch_t *launch);

/* Blocks until the launch is done and writes its outcome. Returns the launch's status:
 * CKPT_OK when it ran or was skipped, or the failure of running it, whose message is then
 * the context's last error. */
ckpt_status_code_t ckpt_launch_wait(ckpt_launch_t *launch, ckpt_launch_outcome_t *out_outcome);

/* Does not block: *out_done says whether the launch is done; when it is, the same as
 * ckpt_launch_wait. */
ckpt_status_code_t ckpt_launch_query(ckpt_launch_t *launch, bool *out_done,
                                     ckpt_launch_outcome_t *out_outcome);

/* Releases the handle; a launch still queued or running goes on. NULL is a no-op.
 * Releasing does not acknowledge a yield. */
void ckpt_launch_release(ckpt_launch_t *launch);

/* Writes the plan of `kernel` as a Graphviz DOT digraph to `path`: its checkpoints (cp_id,
 * label, name), tasks, bare runs, do-while loops, what gates each of them, the yield checks
 * with the flags they read, and the entries a resume can take. On targets whose driver
 * draws its own graphs (CUDA: cuGraphDebugDotPrint), it also writes one file per graph
 * built so far next to `path`: `path` without ".dot", then ".<kernel>.<target>.<n>.dot".
 * *out_target_files (may be NULL) receives their number. An unwritable path is
 * CKPT_ERROR_INVALID_ARGUMENT naming the file and the system's reason. */
ckpt_status_code_t ckpt_kernel_write_dot(ckpt_kernel_t *kernel, const char *path,
                                         int64_t *out_target_files);

/* The same for every kernel of `context`, one cluster per kernel in one digraph. Setting
 * the environment variable CKPT_DUMP_GRAPH=PATH makes the runtime do this after every
 * kernel creation and launch (for debugging: it rewrites the files each time). */
ckpt_status_code_t ckpt_context_write_dot(ckpt_context_t *context, const char *path,
                                          int64_t *out_target_files);

#ifdef __cplusplus
}
#endif

#endif /* CKPT_CKPT_H */
