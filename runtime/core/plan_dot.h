/* A kernel's plan as a Graphviz DOT cluster: what a launch runs and how it is gated.
 *
 * One cluster per kernel, so several kernels fit in one digraph. The picture shows each
 * checkpoint with its cp_id, label and name, its gate (the resume point it needs), its
 * tasks and its yield check (the flag parameter it reads, and where a folded check is
 * done); bare runs and what gates them; do-while loops with their condition parameter;
 * and the entries a resume can take. docs/runtime-api.md shows a rendered example. */
#ifndef CKPT_CORE_PLAN_DOT_H
#define CKPT_CORE_PLAN_DOT_H

#include "core/plan.h"
#include "core/string_builder.h"

/* Appends `subgraph cluster_k<index> { ... }` for `view` to `out`. `index` keeps the
 * node names of several kernels in one digraph apart; `target` names the target in the
 * cluster's title. */
void ckpt_plan_append_dot(const ckpt_plan_view_t *view, int index, const char *target,
                          ckpt_string_builder_t *out);

/* Appends `text` to `out` as the inside of a DOT double-quoted string: quotes and
 * backslashes escaped, control bytes dropped. */
void ckpt_dot_append_escaped(ckpt_string_builder_t *out, const char *text);

#endif /* CKPT_CORE_PLAN_DOT_H */
