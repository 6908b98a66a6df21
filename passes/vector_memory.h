/* Vector memory accesses as one scalar load or store per element: the lane-by-lane form of
 * transfers, vector.load / vector.store, masked loads and stores, gathers and scatters,
 * for targets or element types whose own lowering of them is missing or wrong
 * (vector_memory.c). */
#ifndef CKPT_PASSES_VECTOR_MEMORY_H
#define CKPT_PASSES_VECTOR_MEMORY_H

#include <stdbool.h>

#include "mlir-c/IR.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Replaces `op`, one ckpt_transfer_lowers_to_scalars accepts, by a memref.load (gathered
 * with vector.from_elements) or vector.extract and memref.store per lane, each lane
 * checked against the memref's size unless marked in bounds and against its mask bit; an
 * n-D transfer row by row. With `spirv`, wide vectors are gathered in the pieces
 * ckpt_unroll_spirv_vectors splits them into. */
void ckpt_scalarize_transfer(MlirOperation op, bool spirv);

/* vector.maskedstore and vector.scatter, and 1-D vector.maskedload and vector.gather:
 * what ckpt_scalarize_masked_access takes. */
bool ckpt_masked_access_lowers_to_scalars(MlirOperation op);

/* Replaces such an op by one memref.load or memref.store per element under scf.if on its
 * mask bit. */
void ckpt_scalarize_masked_access(MlirOperation op, bool spirv);

/* Takes apart every transfer, vector.load, vector.store, masked load or store, gather
 * and scatter in `root` whose memref holds i1: LLVM packs a vector of i1 into bits, while
 * a memref of i1 holds one byte per element, so MLIR's lowering reads and writes the
 * wrong bytes (llvm-project issue 49286). One it cannot take apart is an error. */
bool ckpt_scalarize_i1_vector_memory(MlirOperation root);

/* Splits every vector.load and vector.store of an n-D vector in `root` into one 1-D access
 * per row: MLIR's LLVM lowering takes 1-D ones only (an n-D one reached LLVM as an
 * unrealized cast of an array of vectors), and SPIR-V has 1-D vectors only. */
void ckpt_split_nd_vector_load_store(MlirOperation root);

#ifdef __cplusplus
}
#endif

#endif /* CKPT_PASSES_VECTOR_MEMORY_H */
