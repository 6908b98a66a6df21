#include "hip_chips.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static bool has_prefix(MlirStringRef text, const char *prefix) {
  size_t n = strlen(prefix);
  return text.length > n && strncmp(text.data, prefix, n) == 0;
}

/* gfx followed by hex digits (gfx90a, gfx942, gfx1100); sm_ followed by digits and an
 * optional `a` (sm_90a). */
ckpt_chip_vendor_t ckpt_chip_vendor(MlirStringRef chip) {
  if (has_prefix(chip, "gfx")) {
    for (size_t i = 3; i < chip.length; ++i)
      if (!isxdigit((unsigned char)chip.data[i]) || isupper((unsigned char)chip.data[i]))
        return CKPT_CHIP_VENDOR_NONE;
    return CKPT_CHIP_VENDOR_AMD;
  }
  if (has_prefix(chip, "sm_")) {
    size_t end = chip.length;
    if (chip.data[end - 1] == 'a')
      --end;
    if (end == 3)
      return CKPT_CHIP_VENDOR_NONE;
    for (size_t i = 3; i < end; ++i)
      if (!isdigit((unsigned char)chip.data[i]))
        return CKPT_CHIP_VENDOR_NONE;
    return CKPT_CHIP_VENDOR_NVIDIA;
  }
  return CKPT_CHIP_VENDOR_NONE;
}

MlirStringRef ckpt_hip_chips_or_default(MlirStringRef chips) {
  return chips.length ? chips : ckpt_str(CKPT_HIP_DEFAULT_CHIPS);
}

void ckpt_hip_chips_for_each(MlirStringRef chips, void (*each)(MlirStringRef chip, void *user),
                             void *user) {
  size_t start = 0;
  for (size_t i = 0; i <= chips.length; ++i) {
    if (i == chips.length || chips.data[i] == ',') {
      each(mlirStringRefCreate(chips.data + start, i - start), user);
      start = i + 1;
    }
  }
}

typedef struct check_t {
  MlirStringRef seen[64];
  size_t count;
  ckpt_chip_vendor_t vendor;
  char *error;
  size_t error_size;
} check_t;

static void check_chip(MlirStringRef chip, void *user) {
  check_t *check = user;
  if (check->vendor == CKPT_CHIP_VENDOR_NONE)
    return;
  ckpt_chip_vendor_t vendor = ckpt_chip_vendor(chip);
  if (vendor == CKPT_CHIP_VENDOR_NONE) {
    snprintf(check->error, check->error_size,
             "chip '%.*s' is neither an AMD chip (gfx90a, gfx942, gfx1100, ...) nor an NVIDIA "
             "one (sm_90, ...)",
             (int)chip.length, chip.data);
    check->vendor = CKPT_CHIP_VENDOR_NONE;
    return;
  }
  if (!ckpt_llvm_knows_chip(vendor, chip)) {
    snprintf(check->error, check->error_size,
             "chip '%.*s' is not a processor LLVM's %s backend knows (e.g. %s)", (int)chip.length,
             chip.data, vendor == CKPT_CHIP_VENDOR_AMD ? "AMDGPU" : "NVPTX",
             vendor == CKPT_CHIP_VENDOR_AMD ? "gfx90a, gfx942, gfx1100" : "sm_80, sm_90");
    check->vendor = CKPT_CHIP_VENDOR_NONE;
    return;
  }
  for (size_t i = 0; i < check->count; ++i) {
    if (mlirStringRefEqual(check->seen[i], chip)) {
      snprintf(check->error, check->error_size, "chip '%.*s' is listed twice",
               (int)chip.length, chip.data);
      check->vendor = CKPT_CHIP_VENDOR_NONE;
      return;
    }
  }
  if (check->count == sizeof(check->seen) / sizeof(check->seen[0])) {
    snprintf(check->error, check->error_size, "more than %zu chips",
             sizeof(check->seen) / sizeof(check->seen[0]));
    check->vendor = CKPT_CHIP_VENDOR_NONE;
    return;
  }
  if (check->count > 0 && vendor != check->vendor) {
    snprintf(check->error, check->error_size,
             "chips '%.*s' and '%.*s' are of different vendors; compile once for the AMD "
             "chips and once for the NVIDIA ones",
             (int)check->seen[0].length, check->seen[0].data, (int)chip.length, chip.data);
    check->vendor = CKPT_CHIP_VENDOR_NONE;
    return;
  }
  check->seen[check->count++] = chip;
  check->vendor = vendor;
}

ckpt_chip_vendor_t ckpt_hip_chips_check(MlirStringRef chips, char *error, size_t error_size) {
  check_t check = {.vendor = CKPT_CHIP_VENDOR_AMD, .error = error, .error_size = error_size};
  error[0] = '\0';
  if (chips.length == 0) {
    snprintf(error, error_size, "no chips: name at least one, e.g. chips=%s",
             CKPT_HIP_DEFAULT_CHIPS);
    return CKPT_CHIP_VENDOR_NONE;
  }
  ckpt_hip_chips_for_each(chips, check_chip, &check);
  return check.vendor;
}
