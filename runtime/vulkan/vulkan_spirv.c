#include "vulkan/vulkan_spirv.h"

#include <string.h>

enum {
  SPIRV_MAGIC = 0x07230203u,
  SPIRV_HEADER_WORDS = 5,
  OP_ENTRY_POINT = 15,
  OP_EXECUTION_MODE = 16,
  OP_CAPABILITY = 17,
  MODEL_GL_COMPUTE = 5,
  MODE_LOCAL_SIZE = 17,
};

/* True if the literal string starting at words[0] (at most `available` words) equals
 * `name`. SPIR-V strings are NUL-terminated and padded to whole words. */
static bool literal_equals(const uint32_t *words, size_t available, const char *name) {
  size_t length = strlen(name);
  size_t bytes = available * sizeof(uint32_t);
  if (length + 1 > bytes)
    return false;
  const char *text = (const char *)words;
  return memcmp(text, name, length) == 0 && text[length] == '\0';
}

bool ckpt_vulkan_spirv_local_size(const uint32_t *words, size_t word_count, const char *entry,
                                  uint32_t out_local_size[3], const char **out_problem) {
  if (word_count < SPIRV_HEADER_WORDS || words[0] != SPIRV_MAGIC) {
    *out_problem = "the image is not a SPIR-V module (bad magic number)";
    return false;
  }
  bool found = false, sized = false;
  uint32_t entry_id = 0;
  /* Entry points precede execution modes in a valid module's layout. */
  for (size_t at = SPIRV_HEADER_WORDS; at < word_count;) {
    uint32_t count = words[at] >> 16, opcode = words[at] & 0xffffu;
    if (count == 0 || at + count > word_count) {
      *out_problem = "the SPIR-V module is truncated or malformed";
      return false;
    }
    const uint32_t *operands = words + at + 1;
    if (opcode == OP_ENTRY_POINT && count >= 4 && operands[0] == MODEL_GL_COMPUTE &&
        literal_equals(operands + 2, count - 3, entry)) {
      found = true;
      entry_id = operands[1];
    } else if (opcode == OP_EXECUTION_MODE && found && count >= 6 && operands[0] == entry_id &&
               operands[1] == MODE_LOCAL_SIZE) {
      memcpy(out_local_size, operands + 2, 3 * sizeof(uint32_t));
      sized = true;
    }
    at += count;
  }
  if (!found) {
    *out_problem = "the SPIR-V module has no GLCompute entry point of that name";
    return false;
  }
  if (!sized) {
    *out_problem = "the entry point has no literal LocalSize execution mode";
    return false;
  }
  return true;
}

bool ckpt_vulkan_spirv_capabilities(const uint32_t *words, size_t word_count, uint32_t *out,
                                    size_t max, size_t *out_count, const char **out_problem) {
  *out_count = 0;
  if (word_count < SPIRV_HEADER_WORDS || words[0] != SPIRV_MAGIC) {
    *out_problem = "the image is not a SPIR-V module (bad magic number)";
    return false;
  }
  /* Capabilities come first in a valid module's layout. */
  for (size_t at = SPIRV_HEADER_WORDS; at < word_count;) {
    uint32_t count = words[at] >> 16, opcode = words[at] & 0xffffu;
    if (count == 0 || at + count > word_count) {
      *out_problem = "the SPIR-V module is truncated or malformed";
      return false;
    }
    if (opcode != OP_CAPABILITY)
      break;
    if (count >= 2 && *out_count < max)
      out[*out_count] = words[at + 1];
    if (count >= 2)
      ++*out_count;
    at += count;
  }
  return true;
}
