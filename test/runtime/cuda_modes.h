/* The CUDA backend's launch modes as the environment selects them (CKPT_CUDA_GATING,
 * CKPT_CUDA_PDL), for the CUDA launch test and the CUDA benchmark, which each list the
 * modes they run. It includes nothing from the tests, so the benchmark can use it. */
#ifndef CKPT_TEST_CUDA_MODES_H
#define CKPT_TEST_CUDA_MODES_H

#include <stdlib.h>

#include "ckpt/ckpt.h"

typedef struct cuda_mode_t {
  const char *name;
  const char *gating;
  const char *pdl;
} cuda_mode_t;

/* Sets the environment for `mode` and creates a CUDA context in `*out_context`, which the
 * caller destroys. Returns ckpt_context_create's status; on failure the message is
 * ckpt_context_last_error(*out_context). */
static inline ckpt_status_code_t cuda_mode_context_create(const cuda_mode_t *mode,
                                                          ckpt_context_t **out_context) {
  setenv("CKPT_CUDA_GATING", mode->gating, 1);
  setenv("CKPT_CUDA_PDL", mode->pdl, 1);
  return ckpt_context_create(CKPT_TARGET_CUDA, out_context);
}

#endif /* CKPT_TEST_CUDA_MODES_H */
