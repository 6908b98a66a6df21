/* The plan as Graphviz DOT (runtime/core/plan_dot.c, core/dump_graph.c): what the picture
 * says about checkpoints, gating, yields, do-while loops and resume entries, the files
 * written, and the errors for paths that cannot be written. */
#include <stdlib.h>
#include <sys/stat.h>

#include "ckpt/ckpt.h"
#include "sample_plans.h"
#include "test_util.h"

static char *read_text(const char *path) {
  FILE *file = fopen(path, "r");
  if (!file) return NULL;
  static char text[1 << 16];
  size_t length = fread(text, 1, sizeof(text) - 1, file);
  fclose(file);
  text[length] = '\0';
  return text;
}

static int count_of(const char *text, const char *needle) {
  int count = 0;
  for (const char *at = strstr(text, needle); at; at = strstr(at + 1, needle)) ++count;
  return count;
}

static void temp_path(char *path, size_t size, const char *name) {
  snprintf(path, size, "%s/ckpt_test_plan_dot_%d_%s", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
           (int)getpid(), name);
}

/* The loop sample: bare 1; do-while(arg 3) { bare 2; [3] cp0; L7 "grow" {4} cp1 (arg 1);
 * bare 5; [6] cp2 }; L9 {7} cp3 (arg 2); bare 8. */
static void test_plan_dot_describes_the_plan(void) {
  plan_builder_t b;
  ckpt_context_t *context = test_cpu_context();
  ckpt_kernel_t *kernel = test_create_kernel(context, sample_loop(&b));
  char path[256];
  temp_path(path, sizeof(path), "loop.dot");
  int64_t target_files = -1;
  CHECK_STATUS(ckpt_kernel_write_dot(kernel, path, &target_files), CKPT_OK);
  CHECK_EQ(target_files, 0); /* the CPU has no graph object of its own */
  const char *dot = read_text(path);
  CHECK(dot != NULL);
  if (!dot) return;
  CHECK(strncmp(dot, "digraph ckpt {", 14) == 0);
  CHECK_EQ(count_of(dot, "{"), count_of(dot, "}"));
  CHECK(strstr(dot, "label=\"kernel step (cpu): 4 checkpoints, 2 labels\"") != NULL);
  /* Explicit checkpoints with label and name, implicit ones marked so. */
  CHECK(strstr(dot, "label=\"cp 1 - label 7 \\\"grow\\\"\"") != NULL);
  CHECK(strstr(dot, "label=\"cp 3 - label 9\"") != NULL);
  CHECK_EQ(count_of(dot, "(implicit)"), 2);
  /* Every checkpoint has a gate on the resume point; explicit ones read their flag. */
  CHECK_EQ(count_of(dot, "label=\"gate\\nresume point <= "), 4);
  CHECK(strstr(dot, "yield if arg 1 != 0") != NULL);
  CHECK(strstr(dot, "yield if arg 2 != 0") != NULL);
  CHECK_EQ(count_of(dot, "shape=hexagon"), 2);
  /* Tasks and bare runs, by dispatch index. */
  for (int fn = 3; fn <= 7; ++fn) {
    char task[32];
    snprintf(task, sizeof(task), "label=\"task fn %d\"", fn);
    CHECK_EQ(count_of(dot, task), fn == 5 ? 0 : 1);
  }
  CHECK_EQ(count_of(dot, "shape=note, label=\"bare run fn"), 4);
  /* The do-while, its condition and its back edge. */
  CHECK(strstr(dot, "do_while (condition: arg 3)") != NULL);
  CHECK(strstr(dot, "repeat while\\narg 3 != 0") != NULL);
  CHECK_EQ(count_of(dot, "label=\"again\""), 1);
  /* One resume entry per label, one yield edge per explicit checkpoint. */
  CHECK(strstr(dot, "label=\"resume 7\"") != NULL);
  CHECK(strstr(dot, "label=\"resume 9\"") != NULL);
  CHECK_EQ(count_of(dot, "-> k0yield"), 2);
  /* The launch enters at the first bare run and leaves after the last one. */
  CHECK(strstr(dot, "k0start -> k0n0;") != NULL);
  CHECK(strstr(dot, "-> k0end;") != NULL);
  remove(path);
  ckpt_context_destroy(context);
}

static void test_plan_dot_escapes_names(void) {
  plan_builder_t b;
  plan_builder_init(&b, "we\"ird\\name", plan_builder_noop_dispatch);
  plan_builder_flag(&b);
  plan_builder_checkpoint(&b, 1, "say \"hi\"\n", 0);
  plan_builder_task(&b, 0);
  plan_builder_close(&b);
  ckpt_context_t *context = test_cpu_context();
  ckpt_kernel_t *kernel = test_create_kernel(context, plan_builder_finish(&b));
  char path[256];
  temp_path(path, sizeof(path), "escaped.dot");
  CHECK_STATUS(ckpt_kernel_write_dot(kernel, path, NULL), CKPT_OK);
  const char *dot = read_text(path);
  CHECK(dot && strstr(dot, "kernel we\\\"ird\\\\name (cpu)") != NULL);
  /* The newline is dropped, the quotes escaped: the string stays one DOT token. */
  CHECK(dot && strstr(dot, "label 1 \\\"say \\\"hi\\\"\\\"\"") != NULL);
  remove(path);
  ckpt_context_destroy(context);
}

static void test_plan_dot_context_holds_every_kernel(void) {
  plan_builder_t first, second;
  ckpt_context_t *context = test_cpu_context();
  test_create_kernel(context, sample_straight(&first));
  plan_builder_init(&second, "other", plan_builder_noop_dispatch);
  plan_builder_wrapped_task(&second, 0);
  test_create_kernel(context, plan_builder_finish(&second));
  char path[256];
  temp_path(path, sizeof(path), "context.dot");
  CHECK_STATUS(ckpt_context_write_dot(context, path, NULL), CKPT_OK);
  const char *dot = read_text(path);
  CHECK(dot != NULL);
  if (dot) {
    /* Creation order: the first kernel is cluster k0. */
    const char *step = strstr(dot, "subgraph cluster_k0 {\n  label=\"kernel step");
    const char *other = strstr(dot, "subgraph cluster_k1 {\n  label=\"kernel other");
    CHECK(step != NULL && other != NULL && step < other);
    CHECK_EQ(count_of(dot, "digraph"), 1);
  }
  remove(path);
  ckpt_context_destroy(context);
}

static void test_plan_dot_unwritable_path(void) {
  plan_builder_t b;
  ckpt_context_t *context = test_cpu_context();
  ckpt_kernel_t *kernel = test_create_kernel(context, sample_straight(&b));
  CHECK_STATUS(ckpt_kernel_write_dot(kernel, "/nonexistent-dir/x.dot", NULL),
               CKPT_ERROR_INVALID_ARGUMENT);
  CHECK_STR(ckpt_context_last_error(context),
            "cannot write the graph to /nonexistent-dir/x.dot: No such file or directory");
  CHECK_STATUS(ckpt_kernel_write_dot(kernel, NULL, NULL), CKPT_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(ckpt_kernel_write_dot(NULL, "/tmp/x.dot", NULL), CKPT_ERROR_INVALID_ARGUMENT);
  CHECK_STATUS(ckpt_context_write_dot(NULL, "/tmp/x.dot", NULL), CKPT_ERROR_INVALID_ARGUMENT);
  ckpt_context_destroy(context);
}

/* CKPT_DUMP_GRAPH: written at kernel creation, rewritten after launches. */
static void test_plan_dot_environment(void) {
  char path[256];
  temp_path(path, sizeof(path), "env.dot");
  remove(path);
  setenv("CKPT_DUMP_GRAPH", path, 1);
  plan_builder_t b;
  ckpt_context_t *context = test_cpu_context();
  ckpt_kernel_t *kernel = test_create_kernel(context, sample_straight(&b));
  const char *dot = read_text(path);
  CHECK(dot && strstr(dot, "kernel step (cpu)") != NULL);
  remove(path);
  sample_args_t sample;
  sample_args_init(&sample);
  ckpt_outcome_t outcome;
  CHECK_STATUS(ckpt_kernel_launch(kernel, sample.args, &outcome), CKPT_OK);
  struct stat info;
  CHECK(stat(path, &info) == 0);
  unsetenv("CKPT_DUMP_GRAPH");
  remove(path);
  ckpt_context_destroy(context);
}

int main(void) {
  TEST_RUN(test_plan_dot_describes_the_plan);
  TEST_RUN(test_plan_dot_escapes_names);
  TEST_RUN(test_plan_dot_context_holds_every_kernel);
  TEST_RUN(test_plan_dot_unwritable_path);
  TEST_RUN(test_plan_dot_environment);
  return test_report();
}
