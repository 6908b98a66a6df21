/* The contact-solver benchmark's view of its MLIR module (contact.mlir): the memref
 * descriptors its functions take, the entry points `llvm.emit_c_interface` gives them,
 * and the two helpers around them (contact_memory.c, contact_state.c). */
#ifndef CKPT_BENCH_CONTACT_H
#define CKPT_BENCH_CONTACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* MLIR's memref descriptors: allocated, aligned, offset, sizes, strides. */
typedef struct {
  double *allocated, *aligned;
  int64_t offset, sizes[2], strides[2];
} contact_bodies_t; /* memref<?x2xf64>: one row per body */
typedef struct {
  int32_t *allocated, *aligned;
  int64_t offset, sizes[1], strides[1];
} contact_i32_1d_t;
typedef struct {
  int32_t *allocated, *aligned;
  int64_t offset, sizes[2], strides[2];
} contact_i32_2d_t;
typedef struct {
  int32_t *allocated, *aligned;
  int64_t offset, sizes[3], strides[3];
} contact_i32_3d_t;
typedef struct {
  int32_t *allocated, *aligned;
  int64_t offset;
} contact_i32_0d_t;

/* Every parameter of @step, in its order. */
typedef struct {
  contact_bodies_t x, v, x_start, x_pred, grad, hess;
  contact_i32_2d_t cell_count;
  contact_i32_3d_t cell_bodies;
  contact_i32_2d_t neighbours;
  contact_i32_1d_t neighbour_count;
  contact_i32_0d_t overflow, grid_overflow, moving, newton, iterations;
} contact_solver_t;

/* contact.mlir's host functions. They return -2 when the launch failed, -1 when it ran to
 * the end, otherwise the label it yielded at. A negative resume_label is a fresh launch. */
int64_t _mlir_ciface_launch_checkpointed(
    contact_bodies_t *x, contact_bodies_t *v, contact_bodies_t *x_start,
    contact_bodies_t *x_pred, contact_bodies_t *grad, contact_bodies_t *hess,
    contact_i32_2d_t *cell_count, contact_i32_3d_t *cell_bodies, contact_i32_2d_t *neighbours,
    contact_i32_1d_t *neighbour_count, contact_i32_0d_t *overflow,
    contact_i32_0d_t *grid_overflow, contact_i32_0d_t *moving, contact_i32_0d_t *newton,
    contact_i32_0d_t *iterations, int64_t resume_label);
int64_t _mlir_ciface_launch_plain(
    contact_bodies_t *x, contact_bodies_t *v, contact_bodies_t *x_start,
    contact_bodies_t *x_pred, contact_bodies_t *grad, contact_bodies_t *hess,
    contact_i32_2d_t *cell_count, contact_i32_3d_t *cell_bodies, contact_i32_2d_t *neighbours,
    contact_i32_1d_t *neighbour_count, contact_i32_0d_t *overflow,
    contact_i32_0d_t *grid_overflow, contact_i32_0d_t *moving, contact_i32_0d_t *newton,
    contact_i32_0d_t *iterations);
int64_t _mlir_ciface_launch_copy_state(contact_bodies_t *from_x, contact_bodies_t *from_v,
                                       contact_bodies_t *to_x, contact_bodies_t *to_v);

/* contact_memory.c: where the buffers live. `host` is malloc'd memory (the CPU target;
 * on device targets the runtime mirrors it); `cuda-managed` is CUDA managed memory, which
 * the CUDA target uses in place and the host can still read. */
typedef enum { CONTACT_MEMORY_HOST, CONTACT_MEMORY_CUDA_MANAGED } contact_memory_kind_t;

/* Selects the kind for every later allocation; false (with a message on stderr) when it
 * cannot be had. */
bool contact_memory_init(contact_memory_kind_t kind);
/* Zeroed memory of `bytes` (never NULL on success); NULL with a message on failure. */
void *contact_memory_alloc(size_t bytes);
void contact_memory_free(void *pointer);
/* Frees every allocation not freed yet: the benchmark's exit path. */
void contact_memory_release_all(void);

/* contact_state.c: the initial states and the final states' fingerprint. */

/* Lattice geometry for `bodies` discs: columns per row, and the grid (cells of 1.25, the
 * kernel's cell size) that covers the lattice with a margin. */
typedef struct {
  int64_t bodies, columns, rows, cells_x, cells_y;
} contact_layout_t;
contact_layout_t contact_layout(int64_t bodies);

/* Writes a state into x and v (rows = bodies). Calm: a square lattice of spacing 1.05 with
 * small jitter, each disc within reach of its 4 lattice neighbours. Crowded: the same, but
 * the first `crowded_fraction` of the rows packed at spacing 0.75, where each disc has 8
 * within reach. Velocities are small and random. Deterministic in `seed`. */
void contact_state_generate(const contact_layout_t *layout, bool crowded,
                            double crowded_fraction, uint64_t seed, double *x, double *v);

/* A 64-bit FNV-1a hash of the bits of `count` doubles: equal states hash equal. */
uint64_t contact_state_hash(const double *values, int64_t count, uint64_t hash);

#endif
