/* What the runtime reads from a SPIR-V module before making a pipeline of it: that the
 * entry point a launch names exists and is a compute shader, the workgroup size it was
 * compiled with, which a launch's block size must equal, and the capabilities it
 * declares, which the device must offer. */
#ifndef CKPT_VULKAN_SPIRV_H
#define CKPT_VULKAN_SPIRV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Finds GLCompute entry point `entry` in the `word_count` words of a SPIR-V module and
 * writes its LocalSize. Returns false with *out_problem (a static string) when the module
 * is malformed, lacks the entry point, or the entry point has no literal LocalSize. */
bool ckpt_vulkan_spirv_local_size(const uint32_t *words, size_t word_count, const char *entry,
                                  uint32_t out_local_size[3], const char **out_problem);

/* The capabilities (OpCapability) a SPIR-V module declares, in order, at most `max` into
 * `out`; *out_count is how many it declares. Returns false with *out_problem (a static
 * string) when the module is malformed. */
bool ckpt_vulkan_spirv_capabilities(const uint32_t *words, size_t word_count, uint32_t *out,
                                    size_t max, size_t *out_count, const char **out_problem);

#endif /* CKPT_VULKAN_SPIRV_H */
