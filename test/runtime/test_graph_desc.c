/* The device graph's topology (runtime/core/graph_desc.c), computed from plans without a
 * device: which nodes each gating mode makes, in which body, how do-whiles nest and reset
 * each other's handles, and where resumes enter. */
#include "core/context.h"
#include "core/plan.h"
#include "core/graph_desc.h"
#include "sample_plans.h"
#include "test_util.h"

/* A plan, its view, and the graph description of one gating mode when a test asks. */
typedef struct desc_fixture_t {
  plan_builder_t builder;
  ckpt_context_t *context;
  ckpt_plan_view_t view;
  ckpt_graph_desc_t desc;
  bool has_desc;
} desc_fixture_t;

static void fixture_begin(desc_fixture_t *fixture,
                          const ckpt_plan_t *(*build_plan)(plan_builder_t *builder)) {
  fixture->context = test_cpu_context();
  fixture->has_desc = false;
  if (ckpt_plan_view_create(fixture->context, build_plan(&fixture->builder), &fixture->view) !=
      CKPT_OK) {
    fprintf(stderr, "test plan rejected: %s\n", ckpt_context_last_error(fixture->context));
    exit(2);
  }
}

/* The description of the whole plan in `gating`, once per fixture; fixture_end releases it. */
static const ckpt_graph_desc_t *fixture_desc(desc_fixture_t *fixture,
                                                  ckpt_graph_gating_t gating) {
  CHECK(ckpt_graph_desc_build(&fixture->view, gating, 0, &fixture->desc));
  fixture->has_desc = true;
  return &fixture->desc;
}

static void fixture_end(desc_fixture_t *fixture) {
  if (fixture->has_desc) ckpt_graph_desc_release(&fixture->desc);
  ckpt_plan_view_release(&fixture->view);
  ckpt_context_destroy(fixture->context);
}

/* The formatted description of `view` in `gating` from `entry_node`; free() it. */
static char *describe(const ckpt_plan_view_t *view, ckpt_graph_gating_t gating, int64_t entry_node) {
  ckpt_graph_desc_t desc;
  CHECK(ckpt_graph_desc_build(view, gating, entry_node, &desc));
  char *text = ckpt_graph_desc_format(&desc);
  ckpt_graph_desc_release(&desc);
  return text;
}

#define CHECK_DESC(view, gating, entry, expected)      \
  do {                                                 \
    char *text_ = describe((view), (gating), (entry)); \
    CHECK_STR(text_, expected);                        \
    free(text_);                                       \
  } while (0)

static void test_desc_straight_prologue(void) {
  desc_fixture_t fixture;
  fixture_begin(&fixture, sample_straight);
  /* Nodes: 0 bare, 1 [2], 3 L0 {4 5} (flag 1), 6 bare, 7 [8], 9 L1 {10} (flag 2), 11 bare.
   * Implicit checkpoints add nothing; explicit ones add their yield check. */
  CHECK_DESC(&fixture.view, CKPT_GRAPH_GATING_PROLOGUE, 0,
             "task n0; task n2; task n4; task n5; yield cp1 p1; task n6; task n8; task n10; "
             "yield cp3 p2; task n11");
  fixture_end(&fixture);
}

static void test_desc_straight_if(void) {
  desc_fixture_t fixture;
  fixture_begin(&fixture, sample_straight);
  CHECK_DESC(&fixture.view, CKPT_GRAPH_GATING_IF, 0,
             "task n0; gate h0 cp0; if h0 { task n2 }; gate h1 cp1; if h1 { task n4; task n5; "
             "yield cp1 p1 }; task n6; gate h2 cp2; if h2 { task n8 }; gate h3 cp3; "
             "if h3 { task n10; yield cp3 p2 }; task n11");
  const ckpt_graph_desc_t *desc = fixture_desc(&fixture, CKPT_GRAPH_GATING_IF);
  CHECK_EQ(desc->step_count, 18);
  CHECK_EQ(desc->body_count, 5);
  CHECK_EQ(desc->handle_count, 4);
  for (int64_t h = 0; h < desc->handle_count; ++h) CHECK(!desc->handles[h].is_loop);
  fixture_end(&fixture);
}

static void test_desc_loop(void) {
  desc_fixture_t fixture;
  fixture_begin(&fixture, sample_loop);
  /* 0 bare; 1 do-while (cond 3) { 2 bare; 3 [4]; 5 L7 {6} (flag 1); 7 bare; 8 [9] };
   * 10 L9 {11} (flag 2); 12 bare */
  CHECK_DESC(&fixture.view, CKPT_GRAPH_GATING_PROLOGUE, 0,
             "task n0; while h0 { task n2; task n4; task n6; yield cp1 p1; task n7; task n9; "
             "loop h0 p3 resets [] }; task n11; yield cp3 p2; task n12");
  CHECK_DESC(&fixture.view, CKPT_GRAPH_GATING_IF, 0,
             "task n0; while h0 { task n2; gate h1 cp0; if h1 { task n4 }; gate h2 cp1; "
             "if h2 { task n6; yield cp1 p1 }; task n7; gate h3 cp2; if h3 { task n9 }; "
             "loop h0 p3 resets [] }; gate h4 cp3; if h4 { task n11; yield cp3 p2 }; task n12");
  const ckpt_graph_desc_t *desc = fixture_desc(&fixture, CKPT_GRAPH_GATING_IF);
  CHECK(desc->handles[0].is_loop);
  CHECK(!desc->handles[1].is_loop);
  /* A body's owner comes before its steps, so bodies exist when their nodes are added. */
  for (int64_t s = 0; s < desc->step_count; ++s) {
    if (desc->steps[s].body == 0) continue;
    bool owner_before = false;
    for (int64_t o = 0; o < s; ++o) {
      owner_before |= desc->steps[o].child_body == desc->steps[s].body;
    }
    CHECK(owner_before);
  }
  fixture_end(&fixture);
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

static void test_desc_nested_loops_reset_their_children(void) {
  desc_fixture_t fixture;
  fixture_begin(&fixture, nested_loops);
  /* Nodes: 0 while{ 1 [2]; 3 while{ 4 [5] }; 6 while{ 7 while{ 8 [9] }; 10 L4 {11} } };
   * 12 [13]. The outer loop's condition re-arms the two loops directly in its body; the
   * third loop re-arms the one inside it. */
  CHECK_DESC(&fixture.view, CKPT_GRAPH_GATING_PROLOGUE, 0,
             "while h0 { task n2; while h1 { task n5; loop h1 p2 resets [] }; "
             "while h2 { while h3 { task n9; loop h3 p2 resets [] }; task n11; yield cp3 p1; "
             "loop h2 p3 resets [h3] }; loop h0 p3 resets [h1 h2] }; task n13");
  const ckpt_graph_desc_t *desc = fixture_desc(&fixture, CKPT_GRAPH_GATING_PROLOGUE);
  CHECK_EQ(desc->handle_count, 4);
  for (int64_t h = 0; h < desc->handle_count; ++h) CHECK(desc->handles[h].is_loop);
  CHECK_EQ(desc->reset_count, 3);
  fixture_end(&fixture);
}

static void test_desc_resume_entry_nodes(void) {
  desc_fixture_t fixture;
  fixture_begin(&fixture, sample_loop);
  const ckpt_plan_view_t *view = &fixture.view;
  CHECK_EQ(ckpt_graph_entry_node(view, -1), 0);
  CHECK_EQ(ckpt_graph_entry_node(view, 0), 1); /* inside the do-while: it enters at the loop */
  CHECK_EQ(ckpt_graph_entry_node(view, 1), 1);
  CHECK_EQ(ckpt_graph_entry_node(view, 3), 10);
  /* What precedes the entry would be gated off on a resume, so it is left out. */
  CHECK_DESC(view, CKPT_GRAPH_GATING_PROLOGUE, 10, "task n11; yield cp3 p2; task n12");
  CHECK_DESC(view, CKPT_GRAPH_GATING_PROLOGUE, 1,
             "while h0 { task n2; task n4; task n6; yield cp1 p1; task n7; task n9; "
             "loop h0 p3 resets [] }; task n11; yield cp3 p2; task n12");
  fixture_end(&fixture);

  fixture_begin(&fixture, nested_loops);
  CHECK_EQ(ckpt_graph_entry_node(&fixture.view, 3), 0); /* deep inside the first loop */
  fixture_end(&fixture);
}

static const ckpt_plan_t *folded_then_kept(plan_builder_t *b);

/* Marks the explicit checkpoints at `nodes` (-1 ends the list) as yield_folded. */
static void fold_checks(desc_fixture_t *fixture, const int64_t *nodes) {
  ckpt_plan_view_release(&fixture->view);
  for (; *nodes >= 0; ++nodes)
    PLAN_NODE(&fixture->builder, *nodes, CKPT_NODE_FLAGS) =
        CKPT_NODE_FLAG_EXPLICIT | CKPT_NODE_FLAG_YIELD_FOLDED;
  if (ckpt_plan_view_create(fixture->context, &fixture->builder.plan, &fixture->view) != CKPT_OK) {
    fprintf(stderr, "folded plan rejected: %s\n", ckpt_context_last_error(fixture->context));
    exit(2);
  }
}

static void test_desc_folded_checks(void) {
  desc_fixture_t fixture;
  fixture_begin(&fixture, sample_straight);
  fold_checks(&fixture, (const int64_t[]){3, 9, -1});
  /* Prologue gating leaves the checks to the tasks after them (n6, n11) and reports a
   * yield at the end; IF gating keeps its checks, which the folded prologues repeat
   * harmlessly. */
  CHECK_DESC(&fixture.view, CKPT_GRAPH_GATING_PROLOGUE, 0,
             "task n0; task n2; task n4; task n5; task n6; task n8; task n10; task n11; report");
  CHECK_DESC(&fixture.view, CKPT_GRAPH_GATING_IF, 0,
             "task n0; gate h0 cp0; if h0 { task n2 }; gate h1 cp1; if h1 { task n4; task n5; "
             "yield cp1 p1 }; task n6; gate h2 cp2; if h2 { task n8 }; gate h3 cp3; "
             "if h3 { task n10; yield cp3 p2 }; task n11");

  /* The tasks doing the checks are the bare runs after the checkpoints; no resume starts
   * at a task that checks the checkpoint before it. */
  CHECK_EQ(fixture.view.nodes[6].folded_check, 3);
  CHECK_EQ(fixture.view.nodes[11].folded_check, 9);
  CHECK_EQ(fixture.view.nodes[8].folded_check, -1);
  for (int64_t cp = -1; cp < fixture.view.checkpoint_count; ++cp)
    CHECK_EQ(ckpt_graph_folded_entry_task(&fixture.view, cp), -1);
  fixture_end(&fixture);

  /* A graph that ends with a check it keeps needs no report: that check reports. A resume
   * at the second checkpoint starts at its task, which checks the first (skipped) one. */
  fixture_begin(&fixture, folded_then_kept);
  fold_checks(&fixture, (const int64_t[]){0, -1});
  CHECK_DESC(&fixture.view, CKPT_GRAPH_GATING_PROLOGUE, 0, "task n1; task n3; yield cp1 p2");
  CHECK_EQ(fixture.view.nodes[3].folded_check, 0);
  CHECK_EQ(ckpt_graph_folded_entry_task(&fixture.view, 1), 3);
  CHECK_EQ(ckpt_graph_folded_entry_task(&fixture.view, 0), -1);
  CHECK_EQ(ckpt_graph_folded_entry_task(&fixture.view, -1), -1);
  fixture_end(&fixture);

  /* In a do-while body; the check before the loop's end stays (nothing follows it there). */
  fixture_begin(&fixture, sample_loop);
  fold_checks(&fixture, (const int64_t[]){5, 10, -1});
  CHECK_DESC(&fixture.view, CKPT_GRAPH_GATING_PROLOGUE, 0,
             "task n0; while h0 { task n2; task n4; task n6; task n7; task n9; "
             "loop h0 p3 resets [] }; task n11; task n12; report");
  /* A resume entering after the folded checkpoint still reports. */
  CHECK_DESC(&fixture.view, CKPT_GRAPH_GATING_PROLOGUE, 10, "task n11; task n12; report");
  /* The checkpoint after a bare run in the loop body: its task checks nothing. */
  CHECK_EQ(fixture.view.nodes[7].folded_check, 5);
  CHECK_EQ(ckpt_graph_folded_entry_task(&fixture.view, 2), -1);
  fixture_end(&fixture);
}

/* L0 {1} (flag 1), L1 {2} (flag 2): the first check can fold into the second's task. */
static const ckpt_plan_t *folded_then_kept(plan_builder_t *b) {
  sample_params(b);
  plan_builder_checkpoint(b, 0, NULL, SAMPLE_FLAG_A);
  plan_builder_task(b, 1);
  plan_builder_close(b);
  plan_builder_checkpoint(b, 1, NULL, SAMPLE_FLAG_B);
  plan_builder_task(b, 2);
  plan_builder_close(b);
  return plan_builder_finish(b);
}

static const ckpt_plan_t *empty_plan(plan_builder_t *b) {
  plan_builder_init(b, "empty", plan_builder_noop_dispatch);
  return plan_builder_finish(b);
}

static void test_desc_empty_plan(void) {
  desc_fixture_t fixture;
  fixture_begin(&fixture, empty_plan);
  CHECK_DESC(&fixture.view, CKPT_GRAPH_GATING_PROLOGUE, 0, "");
  fixture_end(&fixture);
}

static void test_gating_names(void) {
  ckpt_graph_gating_t gating = CKPT_GRAPH_GATING_HOST;
  CHECK(ckpt_graph_gating_parse("prologue", &gating));
  CHECK_EQ(gating, CKPT_GRAPH_GATING_PROLOGUE);
  CHECK(ckpt_graph_gating_parse("if", &gating));
  CHECK_EQ(gating, CKPT_GRAPH_GATING_IF);
  CHECK(ckpt_graph_gating_parse("host", &gating));
  CHECK_EQ(gating, CKPT_GRAPH_GATING_HOST);
  CHECK(!ckpt_graph_gating_parse("IF", &gating));
  CHECK(!ckpt_graph_gating_parse(NULL, &gating));
  CHECK_STR(ckpt_graph_gating_name(CKPT_GRAPH_GATING_IF), "if");
  CHECK_STR(ckpt_graph_gating_name((ckpt_graph_gating_t)9), "unknown");
}

int main(void) {
  TEST_RUN(test_desc_straight_prologue);
  TEST_RUN(test_desc_straight_if);
  TEST_RUN(test_desc_loop);
  TEST_RUN(test_desc_nested_loops_reset_their_children);
  TEST_RUN(test_desc_resume_entry_nodes);
  TEST_RUN(test_desc_empty_plan);
  TEST_RUN(test_desc_folded_checks);
  TEST_RUN(test_gating_names);
  return test_report();
}
