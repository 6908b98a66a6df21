/* Tracing (runtime/core/trace.c): the lines CKPT_TRACE=1 prints on stderr for launches,
 * resumes, yields and completions, and their absence when tracing is off. */
#include <stdlib.h>

#include "ckpt/ckpt.h"
#include "sample_plans.h"
#include "test_util.h"

typedef struct trace_fixture_t {
  plan_builder_t builder;
  ckpt_context_t *context;
  ckpt_kernel_t *kernel;
  sample_args_t sample;
} trace_fixture_t;

static void fixture_begin(trace_fixture_t *fixture) {
  sample_args_init(&fixture->sample);
  fixture->context = test_cpu_context();
  fixture->kernel = test_create_kernel(fixture->context, sample_straight(&fixture->builder));
}

/* A yield at "SIM", a failed resume, a resume that yields at label 1, and one that
 * completes; returns what was printed (free() it). */
static char *run_conversation(trace_fixture_t *fixture) {
  sample_args_t *sample = &fixture->sample;
  ckpt_outcome_t outcome;
  stream_capture_t capture;
  capture_begin(&capture, stderr);
  *sample_flag(sample, SAMPLE_FLAG_A) = 1;
  ckpt_status_code_t launched = ckpt_kernel_launch(fixture->kernel, sample->args, &outcome);
  *sample_flag(sample, SAMPLE_FLAG_A) = 0;
  *sample_flag(sample, SAMPLE_FLAG_B) = 1;
  ckpt_status_code_t unknown = ckpt_kernel_resume(fixture->kernel, 5, sample->args, &outcome);
  ckpt_status_code_t resumed = ckpt_kernel_resume(fixture->kernel, 0, sample->args, &outcome);
  *sample_flag(sample, SAMPLE_FLAG_B) = 0;
  ckpt_status_code_t finished = ckpt_kernel_resume(fixture->kernel, 1, sample->args, &outcome);
  char *text = capture_end(&capture);
  CHECK_STATUS(launched, CKPT_OK);
  CHECK_STATUS(unknown, CKPT_ERROR_UNKNOWN_LABEL);
  CHECK_STATUS(resumed, CKPT_OK);
  CHECK_STATUS(finished, CKPT_OK);
  return text;
}

static const char conversation[] =
    "ckpt: launch step\n"
    "ckpt: step yielded at label 0 \"SIM\" (cp 1)\n"
    "ckpt: resume step from label 0 (cp 1)\n"
    "ckpt: step yielded at label 1 (cp 3)\n"
    "ckpt: resume step from label 1 (cp 3)\n"
    "ckpt: step completed\n";

static void test_trace_lines(void) {
  trace_fixture_t fixture;
  fixture_begin(&fixture);
  ckpt_context_set_trace(fixture.context, true);
  char *text = run_conversation(&fixture);
  CHECK_STR(text, conversation);
  free(text);

  ckpt_context_set_trace(fixture.context, false);
  text = run_conversation(&fixture);
  CHECK_STR(text, "");
  free(text);
  ckpt_context_destroy(fixture.context);
}

/* The environment sets a new context's initial state. */
static void expect_trace_from_environment(const char *value, bool traced) {
  if (value) {
    setenv("CKPT_TRACE", value, 1);
  } else {
    unsetenv("CKPT_TRACE");
  }
  trace_fixture_t fixture;
  fixture_begin(&fixture);
  char *text = run_conversation(&fixture);
  CHECK_STR(text, traced ? conversation : "");
  free(text);
  ckpt_context_destroy(fixture.context);
}

static void test_trace_from_environment(void) {
  expect_trace_from_environment("1", true);
  expect_trace_from_environment("0", false);
  expect_trace_from_environment("", false);
  expect_trace_from_environment(NULL, false);
}

int main(void) {
  TEST_RUN(test_trace_lines);
  TEST_RUN(test_trace_from_environment);
  return test_report();
}
