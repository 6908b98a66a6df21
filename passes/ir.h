/* Small helpers over the MLIR C API shared by the passes: strings, op construction,
 * diagnostics. */
#ifndef CKPT_PASSES_IR_H
#define CKPT_PASSES_IR_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mlir-c/IR.h"

/* A growable, always NUL-terminated string. */
typedef struct ckpt_sbuf_t {
  char *data;
  size_t size;
  size_t capacity;
} ckpt_sbuf_t;

void ckpt_sbuf_printf(ckpt_sbuf_t *buf, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void ckpt_sbuf_append(ckpt_sbuf_t *buf, const char *data, size_t size);
void ckpt_sbuf_free(ckpt_sbuf_t *buf);
/* An MlirStringCallback that appends to the ckpt_sbuf_t in user_data. */
void ckpt_sbuf_callback(MlirStringRef text, void *user_data);

/* A growable array of pointer-sized handles (operations, values, blocks). */
typedef struct ckpt_vec_t {
  void **items;
  size_t size;
  size_t capacity;
} ckpt_vec_t;

void ckpt_vec_push(ckpt_vec_t *vec, void *item);
void ckpt_vec_free(ckpt_vec_t *vec);
#define CKPT_VEC_OP(vec, i) ((MlirOperation){(vec)->items[(i)]})

/* A growable array of int64_t. */
typedef struct ckpt_i64vec_t {
  int64_t *items;
  size_t size;
  size_t capacity;
} ckpt_i64vec_t;

void ckpt_i64vec_push(ckpt_i64vec_t *vec, int64_t value);
void ckpt_i64vec_free(ckpt_i64vec_t *vec);

static inline MlirStringRef ckpt_str(const char *s) { return mlirStringRefCreateFromCString(s); }

bool ckpt_op_is(MlirOperation op, const char *name);

/* Whether `op` is named one of `names`, a list ended by NULL. */
bool ckpt_op_is_one_of(MlirOperation op, const char *const *names);

/* GPU dialect ops some targets have no lowering for, NULL-ended: the thread block cluster
 * queries (CUDA only) and the subgroup queries. */
extern const char *const ckpt_gpu_cluster_ops[];
extern const char *const ckpt_gpu_subgroup_id_ops[];
/* The op's name as a NUL-terminated string in a caller buffer. */
const char *ckpt_op_name(MlirOperation op, char *buf, size_t size);
/* The symbol name of a function (or "?"), NUL-terminated in a caller buffer. */
const char *ckpt_symbol_name(MlirOperation op, char *buf, size_t size);
/* Appends the printed form of a location to buf. */
void ckpt_sbuf_location(ckpt_sbuf_t *buf, MlirLocation loc);

/* Emits an error at op's location with a printf-style message. */
void ckpt_emit_error(MlirOperation op, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

MlirNamedAttribute ckpt_named(MlirContext ctx, const char *name, MlirAttribute attr);

/* Appends to `out` every op named `name` nested in `root` (root included), in pre-order,
 * or with `post_order` inner ops first. */
void ckpt_collect_named(MlirOperation root, const char *name, bool post_order, ckpt_vec_t *out);
/* Whether `op` is a gpu.func marked `gpu.kernel` (one a gpu.launch_func may launch). */
bool ckpt_is_gpu_kernel(MlirOperation op);
/* Appends to `out` every gpu.func kernel nested in `root`, in pre-order. */
void ckpt_collect_gpu_kernels(MlirOperation root, ckpt_vec_t *out);
/* Collects the ops nested in `root` that `collect` pushes onto the ckpt_vec_t it is given
 * (pre-order), then calls `rewrite` on each with `user`: rewrites may erase what they
 * were given and create ops, which the walk has then already passed. */
void ckpt_rewrite_collected(MlirOperation root, MlirWalkResult (*collect)(MlirOperation, void *),
                            void (*rewrite)(MlirOperation, void *), void *user);

/* Creates `name` with the given operands, result types and attributes, and inserts it
 * before `before` (or at the end of `block` when `before` is null). */
MlirOperation ckpt_build(MlirBlock block, MlirOperation before, MlirLocation loc,
                         const char *name, intptr_t n_operands, const MlirValue *operands,
                         intptr_t n_results, const MlirType *results, intptr_t n_attrs,
                         const MlirNamedAttribute *attrs);

/* Where new ops go: before `before`, or at the end of `block` if `before` is null. */
typedef struct ckpt_insert_t {
  MlirBlock block;
  MlirOperation before;
  MlirLocation loc;
} ckpt_insert_t;

MlirValue ckpt_build1(ckpt_insert_t at, const char *name, intptr_t n_operands,
                      const MlirValue *operands, MlirType result, intptr_t n_attrs,
                      const MlirNamedAttribute *attrs);
void ckpt_build0(ckpt_insert_t at, const char *name, intptr_t n_operands,
                 const MlirValue *operands, intptr_t n_attrs, const MlirNamedAttribute *attrs);

/* scf.if %cond with `n_results` results: *out_then and *out_else are its empty blocks
 * (the else block is made whenever out_else is not null), to be ended with scf.yield. */
MlirOperation ckpt_build_scf_if(ckpt_insert_t at, MlirValue cond, intptr_t n_results,
                                const MlirType *results, MlirBlock *out_then,
                                MlirBlock *out_else);

/* A vector.transfer_read, vector.transfer_write, vector.load or vector.store that
 * --ckpt-prepare-spirv-tasks turns into one scalar load or store per lane: a vector of the
 * memref's own element type, rows of at most 64 lanes; vector.load and vector.store 1-D
 * along the last dimension; a transfer, without a mask or with one of the vector's shape,
 * of a 1-D vector along any dimension, or of an n-D vector along the last ones (a minor
 * identity map), at most 64 rows, each marked in bounds. */
bool ckpt_transfer_lowers_to_scalars(MlirOperation op);

/* A transfer's, vector.load's or vector.store's vector (the value read or stored) and
 * memref. */
MlirValue ckpt_transfer_vector(MlirOperation op);
MlirValue ckpt_transfer_memref(MlirOperation op);
/* A vector.transfer_read's or vector.transfer_write's mask; null without one. */
MlirValue ckpt_transfer_mask(MlirOperation op);

/* The memref dimension the lanes of such a transfer run along. */
intptr_t ckpt_transfer_lane_dim(MlirOperation op);

/* A transfer ckpt_transfer_lowers_to_scalars accepts, or one whose permutation map MLIR's
 * permutation-map lowering may turn into such (--ckpt-prepare-spirv-tasks tries, and
 * reports what it could not). */
bool ckpt_transfer_fits_spirv(MlirOperation op);

/* The error for a transfer neither accepts, at the op. */
void ckpt_emit_transfer_error(MlirOperation op);

/* arith.cmpi predicates, as the enum's integer values. */
enum { CKPT_CMPI_EQ = 0, CKPT_CMPI_NE = 1, CKPT_CMPI_SLT = 2, CKPT_CMPI_ULT = 6 };

/* arith.cmpi `predicate` (CKPT_CMPI_*) of lhs and rhs: an i1, or a vector of i1 of the
 * operands' shape. */
MlirValue ckpt_build_cmpi(ckpt_insert_t at, int64_t predicate, MlirValue lhs, MlirValue rhs);

/* Common constructors. */
MlirValue ckpt_llvm_constant_i64(ckpt_insert_t at, int64_t value);
MlirValue ckpt_arith_constant_index(ckpt_insert_t at, int64_t value);
/* True if `value` is an arith.constant integer (or index); its value in *out. */
bool ckpt_constant_index(MlirValue value, int64_t *out);
MlirType ckpt_llvm_ptr_type(MlirContext ctx);
MlirType ckpt_i64(MlirContext ctx);
/* The `kind` attribute of nvvm.griddepcontrol: "wait" or "launch_dependents". */
MlirAttribute ckpt_grid_dep_action(MlirContext ctx, const char *kind);

/* Whether gpu.launch_func `launch` launches the gpu.func `kernel`. */
bool ckpt_launch_func_targets(MlirOperation launch, MlirOperation kernel);

/* The ancestor of op that is a direct child of `block`'s parent op... : returns true if
 * `op` is `ancestor` or nested inside it. */
bool ckpt_op_is_inside(MlirOperation op, MlirOperation ancestor);
/* Whether every op using `value` is one of the `count` ops `names`. */
bool ckpt_only_used_by(MlirValue value, const char *const *names, size_t count);

/* Erases every memref.dealloc of `memory`. */
void ckpt_erase_deallocs(MlirValue memory);

/* `memref` (a memref type) with the same shape, element type and layout in `space`. */
MlirType ckpt_memref_type_in_space(MlirType memref, MlirAttribute space);

/* The element type of a vector type; any other type itself. */
MlirType ckpt_element_type(MlirType type);

/* `element` in the shape of `like`: a vector of its shape if it is a vector, else
 * `element` itself. */
MlirType ckpt_shaped_like(MlirType like, MlirType element);

/* arith.constant of `type` (a scalar, or a vector: splat) whose elements are `element`, an
 * attribute of the element type. */
MlirValue ckpt_build_constant(ckpt_insert_t at, MlirType type, MlirAttribute element);

/* The operation that defines value, or the parent op of its block for block args. */
MlirOperation ckpt_value_scope_op(MlirValue value);

/* A detached block with `n` arguments of one type, all at `loc`. */
MlirBlock ckpt_block_create_uniform(intptr_t n, MlirType type, MlirLocation loc);

/* Collects all ops of a block, the terminator included, in order. */
void ckpt_block_ops(MlirBlock block, ckpt_vec_t *out);

#endif /* CKPT_PASSES_IR_H */
