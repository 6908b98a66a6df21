/* Reads a fuzzer's bytes as a stream of small decisions. Past the end every read gives 0,
 * so any prefix of an input is itself a valid input and the fuzzer can shrink freely.
 *
 * Integers are one signed byte (-128..127 covers -1, 0 and small indices, the values a
 * plan is made of) except the escape byte 0x80, which is followed by 8 raw bytes, so
 * extreme values stay reachable. */
#ifndef CKPT_FUZZ_INPUT_H
#define CKPT_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef struct fuzz_input_t {
  const uint8_t *data;
  size_t size;
  size_t position;
} fuzz_input_t;

static inline uint8_t fuzz_byte(fuzz_input_t *input) {
  return input->position < input->size ? input->data[input->position++] : 0;
}

static inline int64_t fuzz_int(fuzz_input_t *input) {
  uint8_t byte = fuzz_byte(input);
  if (byte != 0x80) return (int8_t)byte;
  uint64_t raw = 0;
  for (int i = 0; i < 8; ++i) raw = (raw << 8) | fuzz_byte(input);
  int64_t value;
  memcpy(&value, &raw, sizeof(value));
  return value;
}

static inline int fuzz_exhausted(const fuzz_input_t *input) {
  return input->position >= input->size;
}

#endif /* CKPT_FUZZ_INPUT_H */
