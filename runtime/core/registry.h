/* The backend registry: how core finds a backend without naming one.
 *
 * Each backend folder's CMakeLists.txt registers one factory with
 * ckpt_register_backend(NAME FACTORY_SYMBOL SOURCES ...) (runtime/CMakeLists.txt); the
 * build generates core/registry_table.c, which lists every registered factory in
 * ckpt_backend_registry. Core only walks that table, so adding a backend touches its own
 * folder and one registration line, never core. */
#ifndef CKPT_CORE_REGISTRY_H
#define CKPT_CORE_REGISTRY_H

#include <stddef.h>

#include "ckpt/ckpt.h"
#include "core/backend.h"
#include "core/string_builder.h"

/* What a backend exports, as one `const` object named by its registration line. */
typedef struct ckpt_backend_factory_t {
  const char *name;     /* equals ckpt_target_name(target) */
  ckpt_target_t target; /* one factory per target */
  /* Creates the backend for `context`, or reports on it (ckpt_context_fail) and returns
   * CKPT_ERROR_UNAVAILABLE when the driver or device is missing. Creation is the probe:
   * a backend learns whether it can run by opening its driver, and says why not. */
  ckpt_status_code_t (*try_create)(ckpt_context_t *context, ckpt_backend_t **out_backend);
} ckpt_backend_factory_t;

typedef struct ckpt_backend_registry_t {
  const ckpt_backend_factory_t *const *factories;
  size_t count;
} ckpt_backend_registry_t;

/* Every backend this build registered, in registration order (cpu first). Generated. */
extern const ckpt_backend_registry_t ckpt_backend_registry;

/* The factory for `target`, or NULL when the registry has none. */
const ckpt_backend_factory_t *ckpt_registry_find(const ckpt_backend_registry_t *registry,
                                                 ckpt_target_t target);

/* Creates context->target's backend through `registry` into *out_backend. A target
 * outside ckpt_target_t is CKPT_ERROR_INVALID_ARGUMENT and one without a factory
 * CKPT_ERROR_UNAVAILABLE; both messages list the registered targets. Otherwise it returns
 * what the factory returns. */
ckpt_status_code_t ckpt_registry_create_backend(const ckpt_backend_registry_t *registry,
                                                ckpt_context_t *context,
                                                ckpt_backend_t **out_backend);

/* Appends the registered targets as "0 cpu, 3 vulkan" ("none" for an empty registry). */
void ckpt_registry_append_targets(const ckpt_backend_registry_t *registry,
                                  ckpt_string_builder_t *out);

/* Appends the message for a value outside ckpt_target_t; lowered code, whose target is an
 * int64, reports through it too. */
void ckpt_registry_append_unknown_target(const ckpt_backend_registry_t *registry,
                                         long long target, ckpt_string_builder_t *out);

#endif /* CKPT_CORE_REGISTRY_H */
