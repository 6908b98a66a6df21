/* The targets this build registered, as CMake saw them (CKPT_TEST_BUILT_BACKENDS, the
 * registration order joined by commas), for the tests that check the registry's
 * messages against something the registry did not produce. */
#ifndef CKPT_TEST_BUILT_TARGETS_H
#define CKPT_TEST_BUILT_TARGETS_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "ckpt/ckpt.h"

#ifndef CKPT_TEST_BUILT_BACKENDS
#error "the test's CMake target must define CKPT_TEST_BUILT_BACKENDS"
#endif

/* Whether CMake registered a backend named `name`. */
static inline bool built_targets_has(const char *name) {
  const char *list = CKPT_TEST_BUILT_BACKENDS;
  size_t length = strlen(name);
  for (const char *at = list; (at = strstr(at, name)) != NULL; at += length) {
    bool starts = at == list || at[-1] == ',';
    bool ends = at[length] == '\0' || at[length] == ',';
    if (starts && ends) return true;
  }
  return false;
}

/* "0 cpu, 1 cuda, 3 vulkan": the registered targets with their ckpt_target_t values. */
static inline const char *built_targets_text(void) {
  static char text[128];
  char names[128];
  snprintf(names, sizeof(names), "%s", CKPT_TEST_BUILT_BACKENDS);
  text[0] = '\0';
  for (char *name = strtok(names, ","); name; name = strtok(NULL, ",")) {
    ckpt_target_t target;
    int value = ckpt_target_parse(name, &target) ? (int)target : -1;
    size_t used = strlen(text);
    snprintf(text + used, sizeof(text) - used, "%s%d %s", used ? ", " : "", value, name);
  }
  return text;
}

#endif /* CKPT_TEST_BUILT_TARGETS_H */
