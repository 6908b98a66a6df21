/* The backend registry (runtime/core/registry.c): the generated table matches what CMake
 * registered, lookups go to the right factory, and a target without one, or outside
 * ckpt_target_t, fails with a message that lists the registered targets. */
#include <stdlib.h>

#include "built_targets.h"
#include "core/context.h"
#include "core/registry.h"
#include "test_util.h"

/* Fake factories: one that creates a backend, one whose driver is "missing". */
static ckpt_backend_t fake_backend;
static int fake_creates;

static ckpt_status_code_t fake_create(ckpt_context_t *context, ckpt_backend_t **out_backend) {
  (void)context;
  ++fake_creates;
  *out_backend = &fake_backend;
  return CKPT_OK;
}

static ckpt_status_code_t fake_create_unavailable(ckpt_context_t *context,
                                                  ckpt_backend_t **out_backend) {
  ++fake_creates;
  *out_backend = NULL;
  return ckpt_context_fail(context, CKPT_ERROR_UNAVAILABLE, "no fake driver here");
}

static const ckpt_backend_factory_t fake_cpu = {"cpu", CKPT_TARGET_CPU, fake_create};
static const ckpt_backend_factory_t fake_vulkan = {"vulkan", CKPT_TARGET_VULKAN,
                                                   fake_create_unavailable};
static const ckpt_backend_factory_t *const fake_factories[] = {&fake_cpu, &fake_vulkan};
static const ckpt_backend_registry_t fake_registry = {fake_factories, 2};
static const ckpt_backend_registry_t empty_registry = {fake_factories, 0};

/* Creates through `registry` into a bare context for `target`; returns the status and
 * copies the message into `message`. */
static ckpt_status_code_t create_through(const ckpt_backend_registry_t *registry, int target,
                                         ckpt_backend_t **out_backend, char *message,
                                         size_t message_size) {
  ckpt_context_t context = {.target = (ckpt_target_t)target};
  ckpt_status_code_t code = ckpt_registry_create_backend(registry, &context, out_backend);
  snprintf(message, message_size, "%s", ckpt_context_last_error(&context));
  free(context.last_error);
  return code;
}

static void test_registry_finds_the_target_factory(void) {
  CHECK(ckpt_registry_find(&fake_registry, CKPT_TARGET_CPU) == &fake_cpu);
  CHECK(ckpt_registry_find(&fake_registry, CKPT_TARGET_VULKAN) == &fake_vulkan);
  CHECK(ckpt_registry_find(&fake_registry, CKPT_TARGET_CUDA) == NULL);
  CHECK(ckpt_registry_find(&empty_registry, CKPT_TARGET_CPU) == NULL);

  char message[512];
  ckpt_backend_t *backend = NULL;
  fake_creates = 0;
  CHECK_STATUS(create_through(&fake_registry, CKPT_TARGET_CPU, &backend, message,
                              sizeof(message)),
               CKPT_OK);
  CHECK(backend == &fake_backend);
  CHECK_STR(message, "");
  CHECK_EQ(fake_creates, 1);

  /* A factory's own failure reaches the caller unchanged. */
  CHECK_STATUS(create_through(&fake_registry, CKPT_TARGET_VULKAN, &backend, message,
                              sizeof(message)),
               CKPT_ERROR_UNAVAILABLE);
  CHECK(backend == NULL);
  CHECK_STR(message, "no fake driver here");
  CHECK_EQ(fake_creates, 2);
}

static void test_registry_missing_target_lists_registered(void) {
  char message[512];
  ckpt_backend_t *backend = &fake_backend;
  fake_creates = 0;
  CHECK_STATUS(create_through(&fake_registry, CKPT_TARGET_HIP, &backend, message,
                              sizeof(message)),
               CKPT_ERROR_UNAVAILABLE);
  CHECK(backend == NULL);
  CHECK_STR(message,
            "the ckpt runtime was built without the hip backend (targets built into this "
            "runtime: 0 cpu, 3 vulkan); reconfigure with -DCKPT_ENABLE_HIP=ON and rebuild "
            "(README.md, Targets, says what each backend needs)");
  CHECK_STATUS(create_through(&empty_registry, CKPT_TARGET_CPU, &backend, message,
                              sizeof(message)),
               CKPT_ERROR_UNAVAILABLE);
  CHECK_STR(message,
            "the ckpt runtime was built without the cpu backend (targets built into this "
            "runtime: none); reconfigure with -DCKPT_ENABLE_CPU=ON and rebuild (README.md, "
            "Targets, says what each backend needs)");
  CHECK_EQ(fake_creates, 0);
}

static void test_registry_unknown_target_lists_registered(void) {
  char message[512];
  ckpt_backend_t *backend = &fake_backend;
  fake_creates = 0;
  CHECK_STATUS(create_through(&fake_registry, 42, &backend, message, sizeof(message)),
               CKPT_ERROR_INVALID_ARGUMENT);
  CHECK(backend == NULL);
  CHECK_STR(message,
            "target 42 is not a ckpt target; targets built into this runtime: 0 cpu, 3 vulkan");
  CHECK_STATUS(create_through(&fake_registry, -1, &backend, message, sizeof(message)),
               CKPT_ERROR_INVALID_ARGUMENT);
  CHECK_STR(message,
            "target -1 is not a ckpt target; targets built into this runtime: 0 cpu, 3 vulkan");
  CHECK_EQ(fake_creates, 0);
}

/* The generated table: exactly CMake's registrations, in order, each factory named after
 * its target, no target twice. */
static void test_registry_generated_table(void) {
  const ckpt_backend_registry_t *registry = &ckpt_backend_registry;
  ckpt_string_builder_t listed = CKPT_STRING_BUILDER_INIT;
  ckpt_registry_append_targets(registry, &listed);
  CHECK_STR(ckpt_string_builder_view(&listed), built_targets_text());
  ckpt_string_builder_release(&listed);
  for (size_t i = 0; i < registry->count; ++i) {
    const ckpt_backend_factory_t *factory = registry->factories[i];
    CHECK_STR(factory->name, ckpt_target_name(factory->target));
    CHECK(factory->try_create != NULL);
    CHECK(ckpt_registry_find(registry, factory->target) == factory);
    CHECK(ckpt_target_built(factory->target));
  }
  CHECK(ckpt_registry_find(registry, CKPT_TARGET_CPU) != NULL);
}

int main(void) {
  TEST_RUN(test_registry_finds_the_target_factory);
  TEST_RUN(test_registry_missing_target_lists_registered);
  TEST_RUN(test_registry_unknown_target_lists_registered);
  TEST_RUN(test_registry_generated_table);
  return test_report();
}
