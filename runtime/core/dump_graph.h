/* The CKPT_DUMP_GRAPH hook; the public calls are in ckpt/ckpt.h. */
#ifndef CKPT_CORE_DUMP_GRAPH_H
#define CKPT_CORE_DUMP_GRAPH_H

#include "ckpt/ckpt.h"

/* When CKPT_DUMP_GRAPH names a file, writes every kernel of `context` to it
 * (ckpt_context_write_dot). Failures are printed on stderr, never returned: the launch
 * being observed goes on. */
void ckpt_dump_graph_if_asked(ckpt_context_t *context);

#endif /* CKPT_CORE_DUMP_GRAPH_H */
