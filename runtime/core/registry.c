#include "core/registry.h"

#include <ctype.h>

#include "core/context.h"

const ckpt_backend_factory_t *ckpt_registry_find(const ckpt_backend_registry_t *registry,
                                                 ckpt_target_t target) {
  for (size_t i = 0; i < registry->count; ++i) {
    if (registry->factories[i]->target == target) return registry->factories[i];
  }
  return NULL;
}

void ckpt_registry_append_targets(const ckpt_backend_registry_t *registry,
                                  ckpt_string_builder_t *out) {
  if (registry->count == 0) {
    ckpt_string_builder_append_format(out, "none");
    return;
  }
  for (size_t i = 0; i < registry->count; ++i) {
    const ckpt_backend_factory_t *factory = registry->factories[i];
    ckpt_string_builder_append_format(out, "%s%d %s", i ? ", " : "", (int)factory->target,
                                      factory->name);
  }
}

void ckpt_registry_append_unknown_target(const ckpt_backend_registry_t *registry,
                                         long long target, ckpt_string_builder_t *out) {
  ckpt_string_builder_append_format(out,
                                    "target %lld is not a ckpt target; targets built into "
                                    "this runtime: ",
                                    target);
  ckpt_registry_append_targets(registry, out);
}

/* Records the builder's text as the context's error; the builder is released. */
static ckpt_status_code_t ckpt_registry_fail(ckpt_context_t *context, ckpt_status_code_t code,
                                             ckpt_string_builder_t *message) {
  ckpt_status_code_t result = ckpt_context_fail(context, code, "%s",
                                                ckpt_string_builder_view(message));
  ckpt_string_builder_release(message);
  return result;
}

/* True for the values ckpt_target_t names: ckpt_target_name knows them. */
static bool ckpt_registry_is_target(ckpt_target_t target) {
  ckpt_target_t parsed;
  return ckpt_target_parse(ckpt_target_name(target), &parsed) && parsed == target;
}

ckpt_status_code_t ckpt_registry_create_backend(const ckpt_backend_registry_t *registry,
                                                ckpt_context_t *context,
                                                ckpt_backend_t **out_backend) {
  *out_backend = NULL;
  ckpt_string_builder_t message = CKPT_STRING_BUILDER_INIT;
  if (!ckpt_registry_is_target(context->target)) {
    ckpt_registry_append_unknown_target(registry, (int)context->target, &message);
    return ckpt_registry_fail(context, CKPT_ERROR_INVALID_ARGUMENT, &message);
  }
  const ckpt_backend_factory_t *factory = ckpt_registry_find(registry, context->target);
  if (!factory) {
    /* The CMake option is the target's name in capitals (CKPT_ENABLE_CUDA, ...). */
    const char *name = ckpt_target_name(context->target);
    ckpt_string_builder_append_format(&message,
                                      "the ckpt runtime was built without the %s backend "
                                      "(targets built into this runtime: ",
                                      name);
    ckpt_registry_append_targets(registry, &message);
    char option[16] = {0};
    for (size_t i = 0; name[i] && i + 1 < sizeof(option); ++i) {
      option[i] = (char)toupper((unsigned char)name[i]);
    }
    ckpt_string_builder_append_format(&message,
                                      "); reconfigure with -DCKPT_ENABLE_%s=ON and rebuild "
                                      "(README.md, Targets, says what each backend needs)",
                                      option);
    return ckpt_registry_fail(context, CKPT_ERROR_UNAVAILABLE, &message);
  }
  return factory->try_create(context, out_backend);
}

bool ckpt_target_built(ckpt_target_t target) {
  return ckpt_registry_find(&ckpt_backend_registry, target) != NULL;
}
