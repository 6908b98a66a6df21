/* Reading HIP image bundles (runtime/hip/hip_bundle.c, layout in docs/design-hip.md) and
 * choosing the image for a device's chip, on bundles built here byte by byte. */
#include <stdlib.h>
#include <string.h>

#include "ckpt/hip_bundle.h"
#include "hip/hip_bundle.h"
#include "test_util.h"

typedef struct fake_image_t {
  uint64_t format;
  const char *chip;
  const char *bytes; /* text; a PTX image gets its NUL from the bundle */
} fake_image_t;

/* Lays out a bundle: header, entries, chip names, then 16-byte aligned images. */
static _Alignas(16) unsigned char bundle[4096];

static void put_u64(uint64_t at, uint64_t value) {
  for (int i = 0; i < 8; ++i) bundle[at + (uint64_t)i] = (unsigned char)(value >> (8 * i));
}

static uint64_t build_bundle(const fake_image_t *images, uint64_t count) {
  memset(bundle, 0, sizeof(bundle));
  uint64_t at = 32 + 32 * count;
  for (uint64_t i = 0; i < count; ++i) {
    put_u64(32 + 32 * i, images[i].format);
    put_u64(32 + 32 * i + 8, at);
    memcpy(bundle + at, images[i].chip, strlen(images[i].chip) + 1);
    at += strlen(images[i].chip) + 1;
  }
  for (uint64_t i = 0; i < count; ++i) {
    at = (at + 15) / 16 * 16;
    uint64_t size = strlen(images[i].bytes);
    put_u64(32 + 32 * i + 16, at);
    put_u64(32 + 32 * i + 24, size);
    memcpy(bundle + at, images[i].bytes, size);
    at += size + 1;
  }
  put_u64(0, CKPT_HIP_BUNDLE_MAGIC);
  put_u64(8, CKPT_HIP_BUNDLE_VERSION);
  put_u64(16, count);
  put_u64(24, at);
  return at;
}

static const fake_image_t amd_images[] = {
    {CKPT_HIP_IMAGE_CODE_OBJECT, "gfx90a", "ELF-90a"},
    {CKPT_HIP_IMAGE_CODE_OBJECT, "gfx942", "ELF-942"},
    {CKPT_HIP_IMAGE_CODE_OBJECT, "gfx1100", "ELF-1100"},
};

static void test_bundle_reads_entries(void) {
  uint64_t size = build_bundle(amd_images, 3), count = 0;
  char why[256] = "";
  CHECK(ckpt_hip_bundle_check(bundle, size, &count, why, sizeof(why)));
  CHECK_EQ(count, 3);
  ckpt_hip_image_t second = ckpt_hip_bundle_image(bundle, 1);
  CHECK_STR(second.chip, "gfx942");
  CHECK_EQ(second.image_size, 7);
  CHECK(memcmp(second.image, "ELF-942", 7) == 0);
  CHECK_EQ((uintptr_t)second.image % 16, 0);
  ckpt_hip_image_t *entries = ckpt_hip_bundle_entries(bundle, count);
  CHECK_EQ(ckpt_hip_bundle_pick(entries, count, "gfx942"), 1);
  CHECK_EQ(ckpt_hip_bundle_pick(entries, count, "gfx1100"), 2);
  CHECK_EQ(ckpt_hip_bundle_pick(entries, count, "gfx1030"), -1);
  CHECK_EQ(ckpt_hip_bundle_pick(entries, count, "sm_90"), -1);
  ckpt_string_builder_t chips = CKPT_STRING_BUILDER_INIT;
  ckpt_hip_bundle_append_chips(entries, count, &chips);
  CHECK_STR(ckpt_string_builder_view(&chips), "gfx90a, gfx942, gfx1100");
  ckpt_string_builder_release(&chips);
  free(entries);
}

/* An NVIDIA device takes its own chip's PTX, else the newest PTX not above it. */
static void test_bundle_picks_ptx_forward(void) {
  static const fake_image_t images[] = {
      {CKPT_HIP_IMAGE_PTX, "sm_75", ".target sm_75"},
      {CKPT_HIP_IMAGE_PTX, "sm_80", ".target sm_80"},
      {CKPT_HIP_IMAGE_PTX, "sm_90a", ".target sm_90a"},
      {CKPT_HIP_IMAGE_PTX, "sm_100", ".target sm_100"},
  };
  uint64_t size = build_bundle(images, 4), count = 0;
  char why[256] = "";
  CHECK(ckpt_hip_bundle_check(bundle, size, &count, why, sizeof(why)));
  ckpt_hip_image_t *entries = ckpt_hip_bundle_entries(bundle, count);
  CHECK_EQ(ckpt_hip_bundle_pick(entries, count, "sm_80"), 1);
  CHECK_EQ(ckpt_hip_bundle_pick(entries, count, "sm_90a"), 2);
  CHECK_EQ(ckpt_hip_bundle_pick(entries, count, "sm_90"), 1);  /* not sm_90a's PTX */
  CHECK_EQ(ckpt_hip_bundle_pick(entries, count, "sm_89"), 1);
  CHECK_EQ(ckpt_hip_bundle_pick(entries, count, "sm_120"), 3);
  CHECK_EQ(ckpt_hip_bundle_pick(entries, count, "sm_70"), -1);
  CHECK_EQ(ckpt_hip_bundle_pick(entries, count, "gfx942"), -1);
  CHECK_STR(ckpt_hip_bundle_image(bundle, 0).image, ".target sm_75"); /* NUL-terminated */
  free(entries);
}

static void test_chip_of_arch(void) {
  char chip[16];
  ckpt_hip_chip_of_arch("gfx90a:sramecc+:xnack-", chip, sizeof(chip));
  CHECK_STR(chip, "gfx90a");
  ckpt_hip_chip_of_arch("gfx1100", chip, sizeof(chip));
  CHECK_STR(chip, "gfx1100");
  ckpt_hip_chip_of_arch("a-very-long-architecture-name", chip, sizeof(chip));
  CHECK_STR(chip, "a-very-long-arc");
}

#define CHECK_REJECTED(size, expected_why)                                     \
  do {                                                                         \
    uint64_t count_ = 9;                                                       \
    char why_[256] = "";                                                       \
    CHECK(!ckpt_hip_bundle_check(bundle, (size), &count_, why_, sizeof(why_))); \
    CHECK_EQ(count_, 0);                                                       \
    CHECK_STR(why_, expected_why);                                             \
  } while (0)

/* Whatever the bytes say, nothing is read outside them. */
static void test_bundle_rejects_malformed(void) {
  /* 32 header + 3 * 32 entries + 22 name bytes, then images at 160, 176, 192 (8 + NUL). */
  uint64_t size = build_bundle(amd_images, 3);
  CHECK_EQ(size, 201);
  CHECK_REJECTED(16, "it is 16 bytes, shorter than a bundle header");
  CHECK_REJECTED(size - 1, "its total_size 201 does not fit its 200 bytes");
  put_u64(0, 0x7f454c46);
  CHECK_REJECTED(size, "it has no CKPTHIPB magic");
  build_bundle(amd_images, 3);
  put_u64(8, 2);
  CHECK_REJECTED(size, "its bundle version is 2; this runtime reads version 1");
  build_bundle(amd_images, 3);
  put_u64(16, 1000);
  CHECK_REJECTED(size, "its entry_count 1000 does not fit its 201 bytes");
  build_bundle(amd_images, 3);
  put_u64(32 + 32 * 2, 7);
  CHECK_REJECTED(size, "entry 2 has unknown format 7");
  build_bundle(amd_images, 3);
  put_u64(32 + 8, size);
  CHECK_REJECTED(size, "entry 0's chip name lies outside the bundle");
  build_bundle(amd_images, 3);
  put_u64(32 + 32 + 16, 208);
  CHECK_REJECTED(size, "entry 1's image (offset 208, 7 bytes) lies outside the bundle or is "
                       "misaligned");
  build_bundle(amd_images, 3);
  put_u64(32 + 32 + 16, 113);
  CHECK_REJECTED(size, "entry 1's image (offset 113, 7 bytes) lies outside the bundle or is "
                       "misaligned");
  static const fake_image_t ptx[] = {{CKPT_HIP_IMAGE_PTX, "sm_90", ".version 8.8"}};
  size = build_bundle(ptx, 1);
  bundle[size - 1] = 'x';
  CHECK_REJECTED(size, "entry 0's PTX is not NUL-terminated");
}

int main(void) {
  TEST_RUN(test_bundle_reads_entries);
  TEST_RUN(test_bundle_picks_ptx_forward);
  TEST_RUN(test_chip_of_arch);
  TEST_RUN(test_bundle_rejects_malformed);
  return test_report();
}
