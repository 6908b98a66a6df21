/* The HIP backend's graphs (runtime/hip/hip_graph.c), computed from plans without a
 * device: each graph description cut at its do-whiles into straight segments (one
 * hipGraph each), do-whiles as host loops over their bodies. */
#include <stdlib.h>

#include "core/context.h"
#include "core/graph_desc.h"
#include "core/plan.h"
#include "hip/hip_backend.h"
#include "sample_plans.h"
#include "test_util.h"

/* The segments of `build_plan`'s plan from top-level node `entry`, as one line; free() it.
 * `folded` lists explicit checkpoint nodes to mark yield_folded (-1 ends it). */
static char *segments_of(const ckpt_plan_t *(*build_plan)(plan_builder_t *), int64_t entry,
                         const int64_t *folded, int64_t *out_segment_count) {
  plan_builder_t builder;
  ckpt_context_t *context = test_cpu_context();
  build_plan(&builder);
  for (; folded && *folded >= 0; ++folded)
    PLAN_NODE(&builder, *folded, CKPT_NODE_FLAGS) =
        CKPT_NODE_FLAG_EXPLICIT | CKPT_NODE_FLAG_YIELD_FOLDED;
  ckpt_plan_view_t view;
  CHECK_STATUS(ckpt_plan_view_create(context, &builder.plan, &view), CKPT_OK);
  ckpt_graph_desc_t desc;
  CHECK(ckpt_graph_desc_build(&view, CKPT_GRAPH_GATING_PROLOGUE, entry, &desc));
  ckpt_hip_segments_t segments;
  CHECK(ckpt_hip_segments_build(&desc, &segments));
  char *text = ckpt_hip_segments_format(&desc, &segments);
  *out_segment_count = segments.segment_count;
  ckpt_hip_segments_release(&segments);
  ckpt_graph_desc_release(&desc);
  ckpt_plan_view_release(&view);
  ckpt_context_destroy(context);
  return text;
}

#define CHECK_SEGMENTS(plan, entry, folded, expected, count)                  \
  do {                                                                        \
    int64_t count_ = -1;                                                      \
    char *text_ = segments_of((plan), (entry), (folded), &count_);            \
    CHECK_STR(text_, expected);                                               \
    CHECK_EQ(count_, (count));                                                \
    free(text_);                                                              \
  } while (0)

/* Without a do-while the whole launch is one graph: one launch, one readback. */
static void test_segments_straight(void) {
  CHECK_SEGMENTS(sample_straight, 0, NULL,
                 "[task n0; task n2; task n4; task n5; yield cp1 p1; task n6; task n8; "
                 "task n10; yield cp3 p2; task n11]",
                 1);
}

/* Folded checks leave no yield check node; the graph ends with the report that writes a
 * yield they recorded into the outcome word, the launch's one readback. */
static void test_segments_folded_checks_end_with_report(void) {
  CHECK_SEGMENTS(sample_straight, 0, ((const int64_t[]){3, 9, -1}),
                 "[task n0; task n2; task n4; task n5; task n6; task n8; task n10; task n11; "
                 "report]",
                 1);
}

/* A do-while splits its body off: the tasks before and after it are graphs of their own,
 * and the body's graph ends with the loop condition the host reads back. */
static void test_segments_loop(void) {
  CHECK_SEGMENTS(sample_loop, 0, NULL,
                 "[task n0] while(n1) { [task n2; task n4; task n6; yield cp1 p1; task n7; "
                 "task n9; loop p3] } [task n11; yield cp3 p2; task n12]",
                 3);
  /* A resume inside the loop starts at the loop; after it, at its checkpoint. */
  CHECK_SEGMENTS(sample_loop, 1, NULL,
                 "while(n1) { [task n2; task n4; task n6; yield cp1 p1; task n7; task n9; "
                 "loop p3] } [task n11; yield cp3 p2; task n12]",
                 2);
  CHECK_SEGMENTS(sample_loop, 10, NULL, "[task n11; yield cp3 p2; task n12]", 1);
}

/* do-while p3 { [t1]; do-while p4 { [t2] }; do-while p3 { do-while p4 { [t3] }; [t4] } }; [t5] */
static const ckpt_plan_t *nested_loops(plan_builder_t *b) {
  sample_params(b);
  plan_builder_do_while(b, SAMPLE_LOOP);
  plan_builder_wrapped_task(b, 1);
  plan_builder_do_while(b, SAMPLE_FLAG_B);
  plan_builder_wrapped_task(b, 2);
  plan_builder_close(b);
  plan_builder_do_while(b, SAMPLE_LOOP);
  plan_builder_do_while(b, SAMPLE_FLAG_B);
  plan_builder_wrapped_task(b, 3);
  plan_builder_close(b);
  plan_builder_checkpoint(b, 4, "deep", SAMPLE_FLAG_A);
  plan_builder_task(b, 4);
  plan_builder_close(b);
  plan_builder_close(b);
  plan_builder_close(b);
  plan_builder_wrapped_task(b, 5);
  return plan_builder_finish(b);
}

/* Nested do-whiles are nested host loops; a body that ends with a loop gets a segment of
 * its own for its condition. Nothing is re-armed: each host loop starts afresh. */
static void test_segments_nested_loops(void) {
  CHECK_SEGMENTS(nested_loops, 0, NULL,
                 "while(n0) { [task n2] while(n3) { [task n5; loop p2] } "
                 "while(n6) { while(n7) { [task n9; loop p2] } [task n11; yield cp3 p1; loop p3] } "
                 "[loop p3] } [task n13]",
                 6);
}

int main(void) {
  TEST_RUN(test_segments_straight);
  TEST_RUN(test_segments_folded_checks_end_with_report);
  TEST_RUN(test_segments_loop);
  TEST_RUN(test_segments_nested_loops);
  return test_report();
}
