/* The string builder behind error messages (runtime/core/string_builder.c). */
#include "core/string_builder.h"

#include "test_util.h"

static void test_string_builder_appends_and_grows(void) {
  ckpt_string_builder_t builder = CKPT_STRING_BUILDER_INIT;
  CHECK_STR(ckpt_string_builder_view(&builder), "");
  ckpt_string_builder_append_format(&builder, "kernel '%s'", "step");
  ckpt_string_builder_append_format(&builder, ": %d, %lld", 1, -2LL);
  CHECK_STR(ckpt_string_builder_view(&builder), "kernel 'step': 1, -2");
  CHECK_EQ(builder.length, 20);

  /* Past the first allocation, in one append and in many. */
  char long_text[301];
  memset(long_text, 'x', 300);
  long_text[300] = '\0';
  ckpt_string_builder_append_format(&builder, "%s", long_text);
  for (int i = 0; i < 100; ++i) ckpt_string_builder_append_format(&builder, "%d", i % 10);
  CHECK_EQ(builder.length, 420);
  CHECK_EQ(strlen(ckpt_string_builder_view(&builder)), 420);
  CHECK(!builder.failed);

  char *taken = ckpt_string_builder_take(&builder);
  CHECK(taken != NULL && strncmp(taken, "kernel 'step': 1, -2xxx", 23) == 0);
  CHECK_STR(ckpt_string_builder_view(&builder), "");
  CHECK_EQ(builder.length, 0);
  free(taken);

  ckpt_string_builder_t empty = CKPT_STRING_BUILDER_INIT;
  CHECK(ckpt_string_builder_take(&empty) == NULL);
  ckpt_string_builder_append_format(&empty, "%s", "");
  CHECK_STR(ckpt_string_builder_view(&empty), "");
  ckpt_string_builder_release(&empty);
  ckpt_string_builder_release(&empty);
}

int main(void) {
  TEST_RUN(test_string_builder_appends_and_grows);
  return test_report();
}
