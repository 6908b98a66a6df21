#include "core/string_builder.h"

#include <stdio.h>
#include <stdlib.h>

static bool ckpt_string_builder_reserve(ckpt_string_builder_t *builder, size_t needed) {
  if (needed <= builder->capacity) return true;
  size_t capacity = builder->capacity ? builder->capacity : 64;
  while (capacity < needed) {
    if (capacity > ((size_t)-1) / 2) return false;
    capacity *= 2;
  }
  char *data = realloc(builder->data, capacity);
  if (!data) return false;
  builder->data = data;
  builder->capacity = capacity;
  return true;
}

void ckpt_string_builder_append_format_va(ckpt_string_builder_t *builder, const char *format,
                                          va_list arguments) {
  if (builder->failed) return;
  va_list measure;
  va_copy(measure, arguments);
  int added = vsnprintf(NULL, 0, format, measure);
  va_end(measure);
  if (added < 0 || !ckpt_string_builder_reserve(builder, builder->length + (size_t)added + 1)) {
    builder->failed = true;
    return;
  }
  vsnprintf(builder->data + builder->length, (size_t)added + 1, format, arguments);
  builder->length += (size_t)added;
}

void ckpt_string_builder_append_format(ckpt_string_builder_t *builder, const char *format, ...) {
  va_list arguments;
  va_start(arguments, format);
  ckpt_string_builder_append_format_va(builder, format, arguments);
  va_end(arguments);
}

const char *ckpt_string_builder_view(const ckpt_string_builder_t *builder) {
  return builder->data ? builder->data : "";
}

char *ckpt_string_builder_take(ckpt_string_builder_t *builder) {
  char *data = builder->failed ? NULL : builder->data;
  if (!data) free(builder->data);
  *builder = (ckpt_string_builder_t)CKPT_STRING_BUILDER_INIT;
  return data;
}

void ckpt_string_builder_release(ckpt_string_builder_t *builder) {
  free(builder->data);
  *builder = (ckpt_string_builder_t)CKPT_STRING_BUILDER_INIT;
}
