#include "hip/hip_bundle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ckpt/hip_bundle.h"

static uint64_t ckpt_hip_read_u64(const void *data, uint64_t offset) {
  const unsigned char *bytes = (const unsigned char *)data + offset;
  uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = value << 8 | bytes[i];
  return value;
}

bool ckpt_hip_bundle_check(const void *data, uint64_t size, uint64_t *out_count, char *why,
                           size_t why_size) {
  *out_count = 0;
  if (!data || size < sizeof(ckpt_hip_bundle_header_t)) {
    snprintf(why, why_size, "it is %llu bytes, shorter than a bundle header",
             (unsigned long long)size);
    return false;
  }
  if (ckpt_hip_read_u64(data, 0) != CKPT_HIP_BUNDLE_MAGIC) {
    snprintf(why, why_size, "it has no CKPTHIPB magic");
    return false;
  }
  uint64_t version = ckpt_hip_read_u64(data, 8);
  if (version != CKPT_HIP_BUNDLE_VERSION) {
    snprintf(why, why_size, "its bundle version is %llu; this runtime reads version %u",
             (unsigned long long)version, CKPT_HIP_BUNDLE_VERSION);
    return false;
  }
  uint64_t count = ckpt_hip_read_u64(data, 16);
  uint64_t total = ckpt_hip_read_u64(data, 24);
  if (total > size || total < sizeof(ckpt_hip_bundle_header_t)) {
    snprintf(why, why_size, "its total_size %llu does not fit its %llu bytes",
             (unsigned long long)total, (unsigned long long)size);
    return false;
  }
  if (count == 0 || count > (total - sizeof(ckpt_hip_bundle_header_t)) / sizeof(ckpt_hip_bundle_entry_t)) {
    snprintf(why, why_size, "its entry_count %llu does not fit its %llu bytes",
             (unsigned long long)count, (unsigned long long)total);
    return false;
  }
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t at = sizeof(ckpt_hip_bundle_header_t) + i * sizeof(ckpt_hip_bundle_entry_t);
    uint64_t format = ckpt_hip_read_u64(data, at);
    uint64_t chip = ckpt_hip_read_u64(data, at + 8);
    uint64_t image = ckpt_hip_read_u64(data, at + 16);
    uint64_t image_size = ckpt_hip_read_u64(data, at + 24);
    if (format != CKPT_HIP_IMAGE_CODE_OBJECT && format != CKPT_HIP_IMAGE_PTX) {
      snprintf(why, why_size, "entry %llu has unknown format %llu", (unsigned long long)i,
               (unsigned long long)format);
      return false;
    }
    if (chip >= total || !memchr((const char *)data + chip, '\0', (size_t)(total - chip))) {
      snprintf(why, why_size, "entry %llu's chip name lies outside the bundle",
               (unsigned long long)i);
      return false;
    }
    uint64_t needed = format == CKPT_HIP_IMAGE_PTX ? image_size + 1 : image_size;
    if (image > total || needed > total - image || image_size == 0 ||
        image % CKPT_HIP_BUNDLE_IMAGE_ALIGN != 0) {
      snprintf(why, why_size, "entry %llu's image (offset %llu, %llu bytes) lies outside the "
               "bundle or is misaligned", (unsigned long long)i, (unsigned long long)image,
               (unsigned long long)image_size);
      return false;
    }
    if (format == CKPT_HIP_IMAGE_PTX && ((const char *)data)[image + image_size] != '\0') {
      snprintf(why, why_size, "entry %llu's PTX is not NUL-terminated", (unsigned long long)i);
      return false;
    }
  }
  *out_count = count;
  return true;
}

ckpt_hip_image_t ckpt_hip_bundle_image(const void *data, uint64_t index) {
  uint64_t at = sizeof(ckpt_hip_bundle_header_t) + index * sizeof(ckpt_hip_bundle_entry_t);
  const char *bytes = data;
  return (ckpt_hip_image_t){
      .format = ckpt_hip_read_u64(data, at),
      .chip = bytes + ckpt_hip_read_u64(data, at + 8),
      .image = bytes + ckpt_hip_read_u64(data, at + 16),
      .image_size = ckpt_hip_read_u64(data, at + 24),
  };
}

void ckpt_hip_chip_of_arch(const char *arch, char *out_chip, size_t out_size) {
  size_t length = strcspn(arch, ":");
  if (length >= out_size) length = out_size - 1;
  memcpy(out_chip, arch, length);
  out_chip[length] = '\0';
}

/* The XY of "sm_XY" (90 for sm_90, 100 for sm_100), or -1. */
static long ckpt_hip_sm_number(const char *chip) {
  if (strncmp(chip, "sm_", 3) != 0 || chip[3] < '0' || chip[3] > '9') return -1;
  char *end = NULL;
  long number = strtol(chip + 3, &end, 10);
  return *end == '\0' || ((*end == 'a' || *end == 'f') && end[1] == '\0') ? number : -1;
}

ckpt_hip_image_t *ckpt_hip_bundle_entries(const void *data, uint64_t count) {
  ckpt_hip_image_t *entries = calloc((size_t)count + 1, sizeof(*entries));
  for (uint64_t i = 0; entries && i < count; ++i) entries[i] = ckpt_hip_bundle_image(data, i);
  return entries;
}

int64_t ckpt_hip_bundle_pick(const ckpt_hip_image_t *entries, uint64_t count,
                             const char *device_chip) {
  for (uint64_t i = 0; i < count; ++i)
    if (strcmp(entries[i].chip, device_chip) == 0) return (int64_t)i;
  long device_sm = ckpt_hip_sm_number(device_chip);
  if (device_sm < 0) return -1;
  int64_t best = -1;
  long best_sm = -1;
  for (uint64_t i = 0; i < count; ++i) {
    ckpt_hip_image_t entry = entries[i];
    long sm = ckpt_hip_sm_number(entry.chip);
    /* Only plain sm_XY PTX runs on later chips; sm_90a's does not. */
    if (entry.format != CKPT_HIP_IMAGE_PTX || sm < 0 || sm > device_sm ||
        strchr(entry.chip + 3, 'a') || strchr(entry.chip + 3, 'f'))
      continue;
    if (sm > best_sm) {
      best_sm = sm;
      best = (int64_t)i;
    }
  }
  return best;
}

void ckpt_hip_bundle_append_chips(const ckpt_hip_image_t *entries, uint64_t count,
                                  ckpt_string_builder_t *out) {
  for (uint64_t i = 0; i < count; ++i)
    ckpt_string_builder_append_format(out, "%s%s", i ? ", " : "", entries[i].chip);
}
