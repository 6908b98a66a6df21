/* The chips of target=hip (pipeline option `chips=`, docs/design-hip.md): AMD gfx chips
 * compile through ROCDL to code objects, NVIDIA sm_ chips through NVVM to PTX. One list
 * names chips of one vendor. */
#ifndef CKPT_PASSES_HIP_CHIPS_H
#define CKPT_PASSES_HIP_CHIPS_H

#include <stddef.h>

#include "ir.h"

#define CKPT_HIP_DEFAULT_CHIPS "gfx90a,gfx942,gfx1100"

typedef enum ckpt_chip_vendor_t {
  CKPT_CHIP_VENDOR_NONE = 0, /* the list is malformed */
  CKPT_CHIP_VENDOR_AMD = 1,
  CKPT_CHIP_VENDOR_NVIDIA = 2,
} ckpt_chip_vendor_t;

/* The vendor of the single chip `chip` (gfx90a, gfx1100, sm_90, sm_90a), or NONE. */
ckpt_chip_vendor_t ckpt_chip_vendor(MlirStringRef chip);

/* Whether LLVM's backend for `vendor` knows processor `chip` (llvm_processors.cpp). */
bool ckpt_llvm_knows_chip(ckpt_chip_vendor_t vendor, MlirStringRef chip);

/* `chips`, or CKPT_HIP_DEFAULT_CHIPS when it is empty. */
MlirStringRef ckpt_hip_chips_or_default(MlirStringRef chips);

/* Checks a comma-separated chip list: non-empty, every chip well formed and known to
 * LLVM, none twice, one vendor. Returns that vendor, or NONE with the reason in `error`
 * (NUL-terminated). */
ckpt_chip_vendor_t ckpt_hip_chips_check(MlirStringRef chips, char *error, size_t error_size);

/* Calls `each` for every chip of a checked list, in order. */
void ckpt_hip_chips_for_each(MlirStringRef chips, void (*each)(MlirStringRef chip, void *user),
                             void *user);

#endif /* CKPT_PASSES_HIP_CHIPS_H */
