/* What --ckpt-spirv-views shares between its two halves: views in gpu.launch bodies
 * (spirv_views.c) and view parameters of kernels written by hand (spirv_view_kernels.c). */
#ifndef CKPT_PASSES_SPIRV_VIEWS_H
#define CKPT_PASSES_SPIRV_VIEWS_H

#include <stdbool.h>

#include "ir.h"

enum { CKPT_MAX_VIEW_RANK = 16 };

/* A memref a task uses, as the flat buffer of its allocation (rank 1, identity layout,
 * starting at the allocation's aligned pointer) and index values valid where the task
 * uses it: the view's element at [i, j] is flat[offset + i * strides[0] + j * strides[1]]. */
typedef struct ckpt_view_t {
  MlirValue value;
  bool from_outside; /* `value` is defined outside the task, so it exists there as is */
  MlirValue flat;
  intptr_t rank;
  MlirValue offset;
  MlirValue sizes[CKPT_MAX_VIEW_RANK];
  MlirValue strides[CKPT_MAX_VIEW_RANK];
} ckpt_view_t;

typedef struct ckpt_views_t {
  ckpt_view_t *items;
  size_t size;
  size_t capacity;
} ckpt_views_t;

/* A new zeroed entry at the end of `views` (which owns `items`; free it). */
ckpt_view_t *ckpt_views_add(ckpt_views_t *views);

/* Whether MLIR's SPIR-V conversion indexes memrefs of `type` itself: static strides and
 * offset. */
bool ckpt_spirv_indexable(MlirType type);

/* Whether a memref memory space is the GPU's workgroup memory (#gpu.address_space<workgroup>
 * or 3, as the NVVM and ROCDL conversions number it). */
bool ckpt_is_workgroup_space(MlirAttribute space);

/* Why memref.alloca `alloca`, inside a task, cannot become a SPIR-V variable of the
 * Function storage class (the invocation's own memory), or NULL when it can: a static
 * shape of 32- or 64-bit numbers, the default layout and memory space, and only loads
 * and stores using it (views of it would need --ckpt-spirv-views' flat indexing, which
 * works on kernel parameters). An alloca that has a memory space already is MLIR's to
 * convert: NULL, and ckpt_spirv_scratch_type leaves it. */
const char *ckpt_spirv_scratch_problem(MlirOperation alloca);

/* The type `alloca` (a memref.alloca ckpt_spirv_scratch_problem accepts) gets in a Vulkan
 * task: its own, in the Function storage class; the null type if it keeps its own. */
MlirType ckpt_spirv_scratch_type(MlirOperation alloca);

/* Why `memory`, a memref of GPU workgroup memory (a workgroup attribution or a
 * memref.alloc in the workgroup address space) in a task or gpu.func, cannot become
 * SPIR-V Workgroup-storage memory, or NULL when it can (or is not workgroup memory): a
 * static shape, used only by loads, stores, atomics and deallocations. */
const char *ckpt_spirv_workgroup_problem(MlirValue memory);

/* The type workgroup memory ckpt_spirv_workgroup_problem accepts gets on Vulkan: its own,
 * in the Workgroup storage class; the null type for anything else. */
MlirType ckpt_spirv_workgroup_type(MlirValue memory);

/* Whether `op` makes a view of its first operand that ckpt_views_rewrite follows
 * (memref.subview, memref.cast, memref.reinterpret_cast, memref.collapse_shape,
 * memref.expand_shape, memref.transpose). */
bool ckpt_is_view_op(MlirOperation op);

/* Takes `memref` apart at `at` (memref.extract_strided_metadata, a flat
 * memref.reinterpret_cast of its base); static parts of its type are constants. False
 * for a layout that is not strided or a rank above CKPT_MAX_VIEW_RANK. */
bool ckpt_view_make_root(ckpt_insert_t at, MlirValue memref, ckpt_view_t *out);

/* Rewrites the ops nested in `scope` (a gpu.launch or a gpu.func) to go through views:
 * those in `views` already, and those of memrefs defined outside `scope` that need one.
 * Reports what cannot be rewritten at the op; returns false then. */
bool ckpt_views_rewrite(MlirOperation scope, ckpt_views_t *views);

/* The view parameters of hand-written gpu.func kernels and their gpu.launch_func ops. */
bool ckpt_spirv_view_kernels(MlirOperation module);

#endif /* CKPT_PASSES_SPIRV_VIEWS_H */
