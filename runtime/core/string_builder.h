/* A growable NUL-terminated string for composing error messages and label lists.
 *
 * Appends never fail loudly: when memory runs out the builder is marked failed and later
 * appends do nothing, so callers check once, at the end. */
#ifndef CKPT_CORE_STRING_BUILDER_H
#define CKPT_CORE_STRING_BUILDER_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct ckpt_string_builder_t {
  char *data; /* NUL-terminated once anything was appended; owned, free with _release */
  size_t length;
  size_t capacity;
  bool failed; /* an allocation failed; data holds what fitted before */
} ckpt_string_builder_t;

#define CKPT_STRING_BUILDER_INIT {NULL, 0, 0, false}

void ckpt_string_builder_append_format(ckpt_string_builder_t *builder, const char *format, ...)
    __attribute__((format(printf, 2, 3)));
void ckpt_string_builder_append_format_va(ckpt_string_builder_t *builder, const char *format,
                                          va_list arguments)
    __attribute__((format(printf, 2, 0)));

/* The text so far; "" for an empty builder. Owned by the builder. */
const char *ckpt_string_builder_view(const ckpt_string_builder_t *builder);

/* Hands the buffer to the caller (free() it), or NULL if nothing was appended or an
 * allocation failed; the builder is left empty either way. */
char *ckpt_string_builder_take(ckpt_string_builder_t *builder);

void ckpt_string_builder_release(ckpt_string_builder_t *builder);

#endif /* CKPT_CORE_STRING_BUILDER_H */
