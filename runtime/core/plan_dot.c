#include "core/plan_dot.h"

#include <stdio.h>

/* Every DOT node of kernel `k` is named k<k>n<node><suffix>: suffix "" for a task or bare
 * run, "g" for a checkpoint's gate, "y" for its yield check, "c" for a do-while's
 * condition. */
typedef struct ckpt_dot_writer_t {
  const ckpt_plan_view_t *view;
  int k;
  ckpt_string_builder_t *out;
} ckpt_dot_writer_t;

typedef struct ckpt_dot_name_t {
  char text[64];
} ckpt_dot_name_t;

static ckpt_dot_name_t ckpt_dot_name(const ckpt_dot_writer_t *writer, int64_t node,
                                     const char *suffix) {
  ckpt_dot_name_t name;
  snprintf(name.text, sizeof(name.text), "k%dn%lld%s", writer->k, (long long)node, suffix);
  return name;
}

void ckpt_dot_append_escaped(ckpt_string_builder_t *out, const char *text) {
  for (const unsigned char *c = (const unsigned char *)text; c && *c; ++c) {
    if (*c == '"' || *c == '\\') {
      ckpt_string_builder_append_format(out, "\\%c", *c);
    } else if (*c >= 0x20 && *c != 0x7f) {
      ckpt_string_builder_append_format(out, "%c", *c);
    }
  }
}

static bool ckpt_dot_has_children(const ckpt_plan_view_t *view, int64_t node) {
  return view->nodes[node].end > node + 1;
}

/* The last child of a structured node that has children. */
static int64_t ckpt_dot_last_child(const ckpt_plan_view_t *view, int64_t node) {
  int64_t last = node + 1;
  for (int64_t child = node + 1; child < view->nodes[node].end; child = view->nodes[child].end) {
    last = child;
  }
  return last;
}

/* Where control enters (`entry`) or leaves (!`entry`) the picture of `node`. */
static ckpt_dot_name_t ckpt_dot_anchor(const ckpt_dot_writer_t *writer, int64_t node,
                                       bool entry) {
  const ckpt_plan_view_t *view = writer->view;
  const ckpt_plan_node_t *n = &view->nodes[node];
  switch (n->kind) {
  case CKPT_NODE_CHECKPOINT:
    if (entry) return ckpt_dot_name(writer, node, "g");
    if (n->is_explicit) return ckpt_dot_name(writer, node, "y");
    if (ckpt_dot_has_children(view, node)) {
      return ckpt_dot_anchor(writer, ckpt_dot_last_child(view, node), false);
    }
    return ckpt_dot_name(writer, node, "g");
  case CKPT_NODE_DO_WHILE:
    if (entry && ckpt_dot_has_children(view, node)) {
      return ckpt_dot_anchor(writer, node + 1, true);
    }
    return ckpt_dot_name(writer, node, "c");
  default:
    return ckpt_dot_name(writer, node, "");
  }
}

static void ckpt_dot_edge(const ckpt_dot_writer_t *writer, ckpt_dot_name_t from,
                          ckpt_dot_name_t to, const char *attributes) {
  ckpt_string_builder_append_format(writer->out, "    %s -> %s%s%s%s;\n", from.text, to.text,
                                    attributes ? " [" : "", attributes ? attributes : "",
                                    attributes ? "]" : "");
}

static void ckpt_dot_node(const ckpt_dot_writer_t *writer, int64_t node);

/* The children of `parent` (or the top level for -1), chained in source order. */
static void ckpt_dot_sequence(const ckpt_dot_writer_t *writer, int64_t first, int64_t end) {
  int64_t previous = -1;
  for (int64_t child = first; child < end; child = writer->view->nodes[child].end) {
    ckpt_dot_node(writer, child);
    if (previous >= 0) {
      ckpt_dot_edge(writer, ckpt_dot_anchor(writer, previous, false),
                    ckpt_dot_anchor(writer, child, true), NULL);
    }
    previous = child;
  }
}

static void ckpt_dot_leaf(const ckpt_dot_writer_t *writer, int64_t node) {
  const ckpt_plan_view_t *view = writer->view;
  const ckpt_plan_node_t *n = &view->nodes[node];
  ckpt_string_builder_t *out = writer->out;
  bool bare = n->kind == CKPT_NODE_BARE;
  ckpt_string_builder_append_format(out, "    %s [shape=%s, label=\"%s fn %lld",
                                    ckpt_dot_name(writer, node, "").text,
                                    bare ? "note" : "box", bare ? "bare run" : "task",
                                    (long long)n->fn);
  if (bare) ckpt_string_builder_append_format(out, "\\nruns unless skipping or yielded");
  if (n->folded_check >= 0) {
    ckpt_string_builder_append_format(out, "\\nfirst checks cp %lld's flag",
                                      (long long)view->nodes[n->folded_check].cp_id);
  }
  if (n->programmatic_wait) ckpt_string_builder_append_format(out, "\\nprogrammatic wait");
  ckpt_string_builder_append_format(out, "\"];\n");
}

static void ckpt_dot_checkpoint(const ckpt_dot_writer_t *writer, int64_t node) {
  const ckpt_plan_view_t *view = writer->view;
  const ckpt_plan_node_t *n = &view->nodes[node];
  ckpt_string_builder_t *out = writer->out;
  ckpt_string_builder_append_format(out, "  subgraph cluster_k%dn%lld {\n    label=\"cp %lld",
                                    writer->k, (long long)node, (long long)n->cp_id);
  if (n->is_explicit) {
    ckpt_string_builder_append_format(out, " - label %lld", (long long)n->label);
    if (n->name) {
      ckpt_string_builder_append_format(out, " \\\"");
      ckpt_dot_append_escaped(out, n->name);
      ckpt_string_builder_append_format(out, "\\\"");
    }
    ckpt_string_builder_append_format(out, "\";\n    style=rounded; color=blue;\n");
  } else {
    ckpt_string_builder_append_format(out, " (implicit)\";\n    style=\"rounded,dashed\"; "
                                           "color=gray40;\n");
  }
  ckpt_dot_name_t gate = ckpt_dot_name(writer, node, "g");
  ckpt_string_builder_append_format(out,
                                    "    %s [shape=diamond, fontsize=10, label=\"gate\\nresume "
                                    "point <= %lld\\nnot yielded\"];\n",
                                    gate.text, (long long)n->cp_id);
  ckpt_dot_sequence(writer, node + 1, n->end);
  if (ckpt_dot_has_children(view, node)) {
    ckpt_dot_edge(writer, gate, ckpt_dot_anchor(writer, node + 1, true), NULL);
  }
  if (n->is_explicit) {
    ckpt_dot_name_t check = ckpt_dot_name(writer, node, "y");
    ckpt_string_builder_append_format(out,
                                      "    %s [shape=hexagon, fontsize=10, label=\"yield if "
                                      "arg %lld != 0%s\"];\n",
                                      check.text, (long long)n->param,
                                      n->yield_folded ? "\\n(checked by the next task)" : "");
    ckpt_dot_edge(writer,
                  ckpt_dot_has_children(view, node)
                      ? ckpt_dot_anchor(writer, ckpt_dot_last_child(view, node), false)
                      : gate,
                  check, NULL);
  }
  ckpt_string_builder_append_format(out, "  }\n");
}

static void ckpt_dot_do_while(const ckpt_dot_writer_t *writer, int64_t node) {
  const ckpt_plan_view_t *view = writer->view;
  const ckpt_plan_node_t *n = &view->nodes[node];
  ckpt_string_builder_t *out = writer->out;
  ckpt_dot_name_t condition = ckpt_dot_name(writer, node, "c");
  ckpt_string_builder_append_format(out,
                                    "  subgraph cluster_k%dn%lld {\n    label=\"do_while "
                                    "(condition: arg %lld)\";\n    style=bold; color=darkgreen;\n"
                                    "    %s [shape=diamond, fontsize=10, label=\"repeat while\\n"
                                    "arg %lld != 0\"];\n",
                                    writer->k, (long long)node, (long long)n->param,
                                    condition.text, (long long)n->param);
  ckpt_dot_sequence(writer, node + 1, n->end);
  if (ckpt_dot_has_children(view, node)) {
    ckpt_dot_edge(writer, ckpt_dot_anchor(writer, ckpt_dot_last_child(view, node), false),
                  condition, NULL);
    ckpt_dot_edge(writer, condition, ckpt_dot_anchor(writer, node + 1, true),
                  "label=\"again\", style=dashed, color=darkgreen, constraint=false");
  }
  ckpt_string_builder_append_format(out, "  }\n");
}

static void ckpt_dot_node(const ckpt_dot_writer_t *writer, int64_t node) {
  switch (writer->view->nodes[node].kind) {
  case CKPT_NODE_CHECKPOINT:
    ckpt_dot_checkpoint(writer, node);
    break;
  case CKPT_NODE_DO_WHILE:
    ckpt_dot_do_while(writer, node);
    break;
  default:
    ckpt_dot_leaf(writer, node);
    break;
  }
}

void ckpt_plan_append_dot(const ckpt_plan_view_t *view, int index, const char *target,
                          ckpt_string_builder_t *out) {
  ckpt_dot_writer_t writer = {.view = view, .k = index, .out = out};
  ckpt_string_builder_append_format(out, "subgraph cluster_k%d {\n  label=\"kernel ", index);
  ckpt_dot_append_escaped(out, view->kernel_name);
  ckpt_string_builder_append_format(out,
                                    " (%s): %lld checkpoints, %lld labels\";\n  labelloc=t;\n"
                                    "  k%dstart [shape=oval, label=\"launch / resume\"];\n"
                                    "  k%dend [shape=doublecircle, label=\"done\"];\n"
                                    "  k%dyield [shape=oval, style=filled, fillcolor=orange, "
                                    "label=\"yield to the host\"];\n",
                                    target, (long long)view->checkpoint_count,
                                    (long long)view->label_count, index, index, index);
  ckpt_dot_sequence(&writer, 0, view->node_count);
  char start[32], end[32], yield[32];
  snprintf(start, sizeof(start), "k%dstart", index);
  snprintf(end, sizeof(end), "k%dend", index);
  snprintf(yield, sizeof(yield), "k%dyield", index);
  if (view->node_count > 0) {
    int64_t last = 0;
    for (int64_t node = 0; node < view->node_count; node = view->nodes[node].end) last = node;
    ckpt_string_builder_append_format(out, "  %s -> %s;\n  %s -> %s;\n", start,
                                      ckpt_dot_anchor(&writer, 0, true).text,
                                      ckpt_dot_anchor(&writer, last, false).text, end);
  } else {
    ckpt_string_builder_append_format(out, "  %s -> %s;\n", start, end);
  }
  for (int64_t i = 0; i < view->label_count; ++i) {
    int64_t node = view->checkpoint_nodes[view->label_cp_ids[i]];
    ckpt_string_builder_append_format(
        out, "  %s -> %s [style=dashed, color=blue, label=\"resume %lld\"];\n", start,
        ckpt_dot_name(&writer, node, "g").text, (long long)view->nodes[node].label);
    ckpt_string_builder_append_format(out, "  %s -> %s [style=dotted, color=orange];\n",
                                      ckpt_dot_name(&writer, node, "y").text, yield);
  }
  ckpt_string_builder_append_format(out, "}\n");
}
