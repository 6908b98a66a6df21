/* ckpt plan ABI: the table the compiler emits for one graph kernel.
 *
 * The `--ckpt-lower-host-dispatch` pass writes one `ckpt_plan_t` per graph kernel as
 * constant data; the runtime validates it (runtime/core/plan.c) before anything runs.
 * Every field is 8 bytes wide so the layout is the same whether the producer is C or
 * LLVM IR built by the compiler, with no padding rules to agree on.
 *
 * Nodes are stored in pre-order: a structured node (checkpoint, do-while) is followed by
 * its children, and its `end` field is the index one past its last descendant. A leaf
 * has end == index + 1. */
#ifndef CKPT_PLAN_H
#define CKPT_PLAN_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CKPT_PLAN_MAGIC 0x434b5054u /* "CKPT" */
#define CKPT_PLAN_VERSION 3u /* 3: node flags 3 (folded checks) and 4 (programmatic wait) */
#define CKPT_PLAN_ABI ((((uint64_t)CKPT_PLAN_MAGIC) << 32) | CKPT_PLAN_VERSION)

/* The kind of one plan node (field CKPT_NODE_KIND). */
typedef enum ckpt_node_kind_t {
  CKPT_NODE_TASK = 1,       /* one task: dispatch(fn, args) */
  CKPT_NODE_BARE = 2,       /* a run of bare statements: dispatch(fn, args) */
  CKPT_NODE_CHECKPOINT = 3, /* children are tasks (and nothing else) */
  CKPT_NODE_DO_WHILE = 4,   /* children: tasks, bare runs, checkpoints, do-whiles */
} ckpt_node_kind_t;

/* Field indices of a node; a node is CKPT_NODE_FIELDS consecutive int64_t. Fields that do
 * not apply to a node's kind hold -1. */
enum {
  CKPT_NODE_KIND = 0,  /* ckpt_node_kind_t */
  CKPT_NODE_END = 1,   /* index one past this node's subtree */
  CKPT_NODE_FN = 2,    /* task, bare: the index passed to dispatch */
  CKPT_NODE_CP_ID = 3, /* checkpoint: dense pre-order id, 0-based */
  CKPT_NODE_PARAM = 4, /* checkpoint: yield flag parameter (-1: implicit);
                          do-while: condition parameter */
  CKPT_NODE_LABEL = 5, /* explicit checkpoint: its label */
  CKPT_NODE_NAME = 6,  /* explicit checkpoint: offset of its name in strings, or -1 */
  CKPT_NODE_FLAGS = 7, /* checkpoint, task, bare: CKPT_NODE_FLAG_* */
  CKPT_NODE_FIELDS = 8
};

/* Checkpoints (flags 0, 1 or 3):
 * EXPLICIT: the checkpoint has a label and a yield flag.
 * YIELD_FOLDED (with EXPLICIT): its yield check is done by the first task of the node that
 * follows it among its siblings (a task, a bare run or a checkpoint with tasks), whose
 * kernel the compiler built that way (--ckpt-convert-tasks-to-gpu{fold-yield-checks}); a
 * target that gates in task prologues then runs no check of its own for it.
 * Tasks and bare runs (flags -1, 4, or 8 for tasks only):
 * PROGRAMMATIC_WAIT: the run's kernel reads nothing but the gating state before it waits
 * for the kernels it depends on (sm_90 griddepcontrol.wait), and stores the state only
 * from one thread followed by a fence and before it exits, so CUDA may start it through a
 * programmatic edge while the kernel before it still runs
 * (--ckpt-convert-tasks-to-gpu{programmatic-launch}).
 * SPLIT (CPU): the task is one parallel loop whose iterations may run concurrently; its
 * function runs only the share of the loop's outermost dimension that the
 * ckpt_task_share_t passed as dispatch's `recorder` names, so the runtime may call it for
 * every block of the loop on several threads at once. */
enum {
  CKPT_NODE_FLAG_EXPLICIT = 1,
  CKPT_NODE_FLAG_YIELD_FOLDED = 2,
  CKPT_NODE_FLAG_PROGRAMMATIC_WAIT = 4,
  CKPT_NODE_FLAG_SPLIT = 8
};

/* One share of a SPLIT task: the outermost dimension's N iterations are cut into `count`
 * contiguous blocks of ceil(N / count), and this call runs block `index` (0 <= index <
 * count; a block past the end is empty). {0, 1} runs the whole loop. */
typedef struct ckpt_task_share_t {
  int64_t index;
  int64_t count;
} ckpt_task_share_t;

/* How one kernel parameter is passed (field CKPT_PARAM_KIND). */
typedef enum ckpt_param_kind_t {
  CKPT_PARAM_MEMREF = 1, /* args[i] points at an MLIR memref descriptor:
                            { void *allocated, *aligned; int64_t offset, sizes[rank], strides[rank]; } */
  CKPT_PARAM_SCALAR = 2, /* args[i] points at the scalar's storage */
} ckpt_param_kind_t;

/* Element (or scalar) type codes, enough to check flags and to size device copies. */
typedef enum ckpt_elem_type_t {
  CKPT_ELEM_OTHER = 0,
  CKPT_ELEM_INT = 1,
  CKPT_ELEM_FLOAT = 2,
  CKPT_ELEM_INDEX = 3,
} ckpt_elem_type_t;

enum {
  CKPT_PARAM_KIND = 0,      /* ckpt_param_kind_t */
  CKPT_PARAM_RANK = 1,      /* memref rank; 0 for scalars */
  CKPT_PARAM_ELEM_BITS = 2, /* element width in bits */
  CKPT_PARAM_ELEM_TYPE = 3, /* ckpt_elem_type_t */
  CKPT_PARAM_FIELDS = 4
};

/* Runs task or bare run `fn` with the kernel's packed arguments: args[i] points at the
 * storage of parameter i as described by the plan's params. On the CPU the task runs;
 * `recorder` is NULL, or for a SPLIT task points at the ckpt_task_share_t to run. On
 * device targets the task's host code only describes its kernel
 * launches, handing each to ckpt_mlir_record_launch with `recorder` (ckpt/mlir_abi.h). */
typedef void (*ckpt_dispatch_fn_t)(int64_t fn, void **args, void *recorder);

/* How a device target gates checkpoints (field `gating`); the CPU ignores it. */
typedef enum ckpt_gating_t {
  CKPT_GATING_AUTO = 0,     /* the runtime picks (prologue gating, see docs/design.md) */
  CKPT_GATING_PROLOGUE = 1, /* every task kernel checks the gate in its prologue */
  CKPT_GATING_IF_NODES = 2, /* CUDA: one conditional IF node per checkpoint */
} ckpt_gating_t;

typedef struct ckpt_plan_t {
  uint64_t abi;              /* CKPT_PLAN_ABI */
  int64_t param_count;
  const int64_t *params;     /* param_count * CKPT_PARAM_FIELDS */
  int64_t node_count;
  const int64_t *nodes;      /* node_count * CKPT_NODE_FIELDS, pre-order */
  int64_t strings_size;      /* bytes, including every terminating NUL */
  const char *strings;       /* NUL-terminated names; the kernel's name at offset 0 */
  ckpt_dispatch_fn_t dispatch;
  /* Device targets: the images the tasks' kernels were compiled to (one per gpu.module:
   * NUL-terminated PTX text for CUDA, SPIR-V words for Vulkan); 0 / NULL on the CPU.
   * device_image_sizes[i] is the byte size of device_images[i] without the NUL. */
  int64_t device_image_count;
  const void *const *device_images;
  const int64_t *device_image_sizes;
  int64_t gating; /* ckpt_gating_t */
} ckpt_plan_t;

#ifdef __cplusplus
}
#endif

#endif /* CKPT_PLAN_H */
