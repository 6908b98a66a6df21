/* Checks for the runtime's unit tests: each failed check prints where and why and is
 * counted; TEST_RUN runs one test function; test_report() is main's return value. */
#ifndef CKPT_TEST_UTIL_H
#define CKPT_TEST_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ckpt/ckpt.h"

static int test_checks;
static int test_failures;

static inline void test_fail_at(const char *file, int line) {
  ++test_failures;
  fprintf(stderr, "%s:%d: check failed: ", file, line);
}

#define CHECK(condition)                                        \
  do {                                                          \
    ++test_checks;                                              \
    if (!(condition)) {                                         \
      test_fail_at(__FILE__, __LINE__);                         \
      fprintf(stderr, "%s\n", #condition);                      \
    }                                                           \
  } while (0)

#define CHECK_EQ(actual, expected)                                                     \
  do {                                                                                 \
    ++test_checks;                                                                     \
    long long actual_value_ = (long long)(actual), expected_value_ = (long long)(expected); \
    if (actual_value_ != expected_value_) {                                            \
      test_fail_at(__FILE__, __LINE__);                                                \
      fprintf(stderr, "%s is %lld, expected %lld\n", #actual, actual_value_,           \
              expected_value_);                                                        \
    }                                                                                  \
  } while (0)

#define CHECK_STATUS(actual, expected)                                                 \
  do {                                                                                 \
    ++test_checks;                                                                     \
    ckpt_status_code_t actual_code_ = (actual), expected_code_ = (expected);           \
    if (actual_code_ != expected_code_) {                                              \
      test_fail_at(__FILE__, __LINE__);                                                \
      fprintf(stderr, "%s is %s, expected %s\n", #actual, ckpt_status_name(actual_code_), \
              ckpt_status_name(expected_code_));                                       \
    }                                                                                  \
  } while (0)

#define CHECK_STR(actual, expected)                                                    \
  do {                                                                                 \
    ++test_checks;                                                                     \
    const char *actual_text_ = (actual), *expected_text_ = (expected);                 \
    if (!actual_text_ || strcmp(actual_text_, expected_text_) != 0) {                  \
      test_fail_at(__FILE__, __LINE__);                                                \
      fprintf(stderr, "%s is \"%s\",\n  expected \"%s\"\n", #actual,                    \
              actual_text_ ? actual_text_ : "(null)", expected_text_);                 \
    }                                                                                  \
  } while (0)

#define CHECK_CONTAINS(actual, needle)                                                 \
  do {                                                                                 \
    ++test_checks;                                                                     \
    const char *actual_text_ = (actual), *needle_text_ = (needle);                     \
    if (!actual_text_ || !strstr(actual_text_, needle_text_)) {                        \
      test_fail_at(__FILE__, __LINE__);                                                \
      fprintf(stderr, "%s is \"%s\",\n  which lacks \"%s\"\n", #actual,                 \
              actual_text_ ? actual_text_ : "(null)", needle_text_);                   \
    }                                                                                  \
  } while (0)

#define TEST_RUN(test)                  \
  do {                                  \
    int failures_before_ = test_failures; \
    test();                             \
    fprintf(stderr, "%s %s\n", test_failures == failures_before_ ? "PASS" : "FAIL", #test); \
  } while (0)

static inline int test_report(void) {
  fprintf(stderr, "%d checks, %d failed\n", test_checks, test_failures);
  return test_failures == 0 ? 0 : 1;
}

/* A CPU context and a kernel in it, for tests whose subject is something else; any
 * failure ends the test program. */
static inline ckpt_context_t *test_cpu_context(void) {
  ckpt_context_t *context = NULL;
  if (ckpt_context_create(CKPT_TARGET_CPU, &context) != CKPT_OK) {
    fprintf(stderr, "cannot create a CPU context: %s\n", ckpt_context_last_error(context));
    exit(2);
  }
  return context;
}

static inline ckpt_kernel_t *test_create_kernel(ckpt_context_t *context, const ckpt_plan_t *plan) {
  ckpt_kernel_t *kernel = NULL;
  if (ckpt_kernel_create(context, plan, &kernel) != CKPT_OK) {
    fprintf(stderr, "test plan rejected: %s\n", ckpt_context_last_error(context));
    exit(2);
  }
  return kernel;
}

/* Redirects a stream (stdout or stderr) into a temporary file until capture_end, which
 * returns what was written (free() it). Check results only after a stderr capture ends,
 * or their messages land in the capture. */
typedef struct stream_capture_t {
  FILE *stream;
  FILE *file;
  int saved_fd;
} stream_capture_t;

static inline void capture_begin(stream_capture_t *capture, FILE *stream) {
  fflush(stream);
  capture->stream = stream;
  capture->file = tmpfile();
  capture->saved_fd = dup(fileno(stream));
  if (!capture->file || capture->saved_fd < 0 ||
      dup2(fileno(capture->file), fileno(stream)) < 0) {
    fprintf(stderr, "cannot capture a stream\n");
    exit(2);
  }
}

static inline char *capture_end(stream_capture_t *capture) {
  fflush(capture->stream);
  dup2(capture->saved_fd, fileno(capture->stream));
  close(capture->saved_fd);
  fseek(capture->file, 0, SEEK_END);
  long size = ftell(capture->file);
  char *text = calloc(1, (size_t)(size > 0 ? size : 0) + 1);
  rewind(capture->file);
  if (text && size > 0 && fread(text, 1, (size_t)size, capture->file) != (size_t)size) text[0] = 0;
  fclose(capture->file);
  return text;
}

#endif /* CKPT_TEST_UTIL_H */
