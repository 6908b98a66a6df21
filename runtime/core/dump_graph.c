/* ckpt_kernel_write_dot / ckpt_context_write_dot and the CKPT_DUMP_GRAPH hook. */
#include "core/dump_graph.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/launch_queue.h"

#include "core/context.h"
#include "core/kernel.h"
#include "core/plan_dot.h"

static ckpt_status_code_t ckpt_dot_write_file(ckpt_context_t *context, const char *path,
                                              ckpt_string_builder_t *text) {
  if (text->failed) {
    return ckpt_context_fail(context, CKPT_ERROR_OUT_OF_MEMORY,
                             "out of memory composing the graph for %s", path);
  }
  FILE *file = fopen(path, "w");
  if (!file) {
    return ckpt_context_fail(context, CKPT_ERROR_INVALID_ARGUMENT,
                             "cannot write the graph to %s: %s", path, strerror(errno));
  }
  size_t length = text->length;
  bool written = fwrite(ckpt_string_builder_view(text), 1, length, file) == length;
  if (fclose(file) != 0) written = false;
  if (!written) {
    return ckpt_context_fail(context, CKPT_ERROR_INVALID_ARGUMENT,
                             "writing the graph to %s failed: %s", path, strerror(errno));
  }
  return CKPT_OK;
}

/* `path` without a trailing ".dot", then ".<kernel name>": where the target's own
 * pictures of the kernel's graphs go. Characters that would leave the directory or
 * confuse a shell are replaced. */
static char *ckpt_dot_target_prefix(const char *path, const char *kernel_name) {
  size_t stem = strlen(path);
  if (stem >= 4 && strcmp(path + stem - 4, ".dot") == 0) stem -= 4;
  ckpt_string_builder_t prefix = CKPT_STRING_BUILDER_INIT;
  ckpt_string_builder_append_format(&prefix, "%.*s.", (int)stem, path);
  for (const char *c = kernel_name; *c; ++c) {
    bool plain = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
                 (*c >= '0' && *c <= '9') || *c == '_' || *c == '-';
    ckpt_string_builder_append_format(&prefix, "%c", plain ? *c : '_');
  }
  return ckpt_string_builder_take(&prefix);
}

static ckpt_status_code_t ckpt_dot_write_target(ckpt_kernel_t *kernel, const char *path,
                                                int64_t *inout_file_count) {
  ckpt_backend_t *backend = kernel->context->backend;
  if (!backend->vtable->write_target_dot) return CKPT_OK;
  char *prefix = ckpt_dot_target_prefix(path, kernel->view.kernel_name);
  if (!prefix) {
    return ckpt_context_fail(kernel->context, CKPT_ERROR_OUT_OF_MEMORY,
                             "out of memory naming the graph files for %s", path);
  }
  ckpt_status_code_t code = backend->vtable->write_target_dot(backend, kernel->backend_state,
                                                              prefix, inout_file_count);
  free(prefix);
  return code;
}

/* Writes `count` kernels (oldest first) as one digraph, then their target pictures. */
static ckpt_status_code_t ckpt_dot_write(ckpt_context_t *context, ckpt_kernel_t **kernels,
                                         int count, const char *path,
                                         int64_t *out_target_files) {
  if (out_target_files) *out_target_files = 0;
  if (!path) {
    return ckpt_context_fail(context, CKPT_ERROR_INVALID_ARGUMENT,
                             "the path to write the graph to is NULL");
  }
  if (!context->backend) {
    return ckpt_context_fail(context, CKPT_ERROR_UNAVAILABLE,
                             "the context for target %s failed to start; it has no kernels",
                             ckpt_target_name(context->target));
  }
  ckpt_string_builder_t text = CKPT_STRING_BUILDER_INIT;
  ckpt_string_builder_append_format(&text, "digraph ckpt {\n  compound=true;\n  "
                                           "node [fontname=\"Helvetica\"];\n  "
                                           "graph [fontname=\"Helvetica\"];\n");
  for (int i = 0; i < count; ++i) {
    ckpt_plan_append_dot(&kernels[i]->view, i, ckpt_target_name(context->target), &text);
  }
  ckpt_string_builder_append_format(&text, "}\n");
  ckpt_status_code_t code = ckpt_dot_write_file(context, path, &text);
  ckpt_string_builder_release(&text);
  int64_t files = 0;
  for (int i = 0; i < count && code == CKPT_OK; ++i) {
    code = ckpt_dot_write_target(kernels[i], path, &files);
  }
  if (out_target_files) *out_target_files = files;
  return code;
}

/* The public entry points wait for queued launches first: the worker thread's launches
 * use the backend and may build the graphs written here. */
ckpt_status_code_t ckpt_kernel_write_dot(ckpt_kernel_t *kernel, const char *path,
                                         int64_t *out_target_files) {
  if (!kernel) return CKPT_ERROR_INVALID_ARGUMENT;
  ckpt_status_code_t code = ckpt_context_check_backend(kernel->context);
  if (code != CKPT_OK)
    return code;
  ckpt_launch_queue_drain(kernel->context);
  return ckpt_dot_write(kernel->context, &kernel, 1, path, out_target_files);
}

static ckpt_status_code_t ckpt_dot_write_context(ckpt_context_t *context, const char *path,
                                                 int64_t *out_target_files);

ckpt_status_code_t ckpt_context_write_dot(ckpt_context_t *context, const char *path,
                                          int64_t *out_target_files) {
  if (!context) return CKPT_ERROR_INVALID_ARGUMENT;
  ckpt_status_code_t code = ckpt_context_check_backend(context);
  if (code != CKPT_OK)
    return code;
  ckpt_launch_queue_drain(context);
  return ckpt_dot_write_context(context, path, out_target_files);
}

static ckpt_status_code_t ckpt_dot_write_context(ckpt_context_t *context, const char *path,
                                                 int64_t *out_target_files) {
  int count = 0;
  for (ckpt_kernel_t *kernel = context->kernels; kernel; kernel = kernel->next) ++count;
  ckpt_kernel_t **kernels = calloc(count ? (size_t)count : 1, sizeof(*kernels));
  if (!kernels) {
    return ckpt_context_fail(context, CKPT_ERROR_OUT_OF_MEMORY,
                             "out of memory listing the kernels to draw");
  }
  /* The list is most recent first; number kernels in creation order. */
  int i = count;
  for (ckpt_kernel_t *kernel = context->kernels; kernel; kernel = kernel->next) {
    kernels[--i] = kernel;
  }
  ckpt_status_code_t code = ckpt_dot_write(context, kernels, count, path, out_target_files);
  free(kernels);
  return code;
}

void ckpt_dump_graph_if_asked(ckpt_context_t *context) {
  const char *path = context->dump_graph_path;
  if (!path) return;
  if (ckpt_dot_write_context(context, path, NULL) != CKPT_OK) {
    /* A debugging aid must not fail the launch it observes; say why it wrote nothing. */
    char **message = ckpt_context_error_slot(context);
    fprintf(stderr, "ckpt: CKPT_DUMP_GRAPH: %s\n", *message ? *message : "");
  }
}
