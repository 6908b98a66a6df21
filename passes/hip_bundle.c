#include "hip_bundle.h"

#include <stdlib.h>
#include <string.h>

#include "ckpt/hip_bundle.h"
#include "mlir-c/BuiltinAttributes.h"
#include "mlir-c/Dialect/GPU.h"

typedef struct object_t {
  ckpt_hip_image_format_t format;
  char chip[32];
  MlirStringRef image;
} object_t;

/* The chip and image format of one #gpu.object, from its target's printed form: the C API
 * has no accessor for ROCDL and NVVM target attributes. A target printed without a chip
 * uses its default one. */
static bool read_object(MlirAttribute object, object_t *out) {
  ckpt_sbuf_t text = {0};
  mlirAttributePrint(mlirGPUObjectAttrGetTarget(object), ckpt_sbuf_callback, &text);
  const char *fallback = NULL;
  if (text.data && strncmp(text.data, "#rocdl.target", 13) == 0) {
    out->format = CKPT_HIP_IMAGE_CODE_OBJECT;
    fallback = "gfx900";
  } else if (text.data && strncmp(text.data, "#nvvm.target", 12) == 0) {
    out->format = CKPT_HIP_IMAGE_PTX;
    fallback = "sm_50";
  }
  const char *chip = text.data ? strstr(text.data, "chip = \"") : NULL;
  const char *end = chip ? strchr(chip + 8, '"') : NULL;
  if (chip && end && (size_t)(end - chip - 8) < sizeof(out->chip)) {
    memcpy(out->chip, chip + 8, (size_t)(end - chip - 8));
    out->chip[end - chip - 8] = '\0';
  } else if (fallback) {
    strcpy(out->chip, fallback);
  }
  ckpt_sbuf_free(&text);
  out->image = mlirGPUObjectAttrGetObject(object);
  return fallback != NULL;
}

static void append_u64(ckpt_sbuf_t *out, uint64_t value) {
  unsigned char bytes[8];
  for (int i = 0; i < 8; ++i)
    bytes[i] = (unsigned char)(value >> (8 * i));
  ckpt_sbuf_append(out, (const char *)bytes, 8);
}

static uint64_t align_up(uint64_t value) {
  uint64_t align = CKPT_HIP_BUNDLE_IMAGE_ALIGN;
  return (value + align - 1) / align * align;
}

bool ckpt_hip_bundle_build(MlirOperation binary, ckpt_sbuf_t *out) {
  MlirAttribute objects = mlirOperationGetAttributeByName(binary, ckpt_str("objects"));
  /* The gpu.binary verifier guarantees at least one object. */
  intptr_t count = mlirArrayAttrGetNumElements(objects);
  object_t *entries = calloc((size_t)count, sizeof(object_t));
  bool ok = true;
  for (intptr_t i = 0; i < count && ok; ++i) {
    if (!read_object(mlirArrayAttrGetElement(objects, i), &entries[i])) {
      ckpt_emit_error(binary, "object %ld of this gpu.binary is neither a ROCDL nor an NVVM "
                              "object; target hip bundles only those",
                      (long)i);
      ok = false;
    }
  }
  if (ok) {
    /* Names right after the entries, then each image at the next aligned offset. */
    uint64_t header_bytes = sizeof(ckpt_hip_bundle_header_t) +
                            (uint64_t)count * sizeof(ckpt_hip_bundle_entry_t);
    uint64_t cursor = header_bytes;
    uint64_t *chip_offsets = calloc((size_t)count, sizeof(uint64_t));
    uint64_t *image_offsets = calloc((size_t)count, sizeof(uint64_t));
    for (intptr_t i = 0; i < count; ++i) {
      chip_offsets[i] = cursor;
      cursor += strlen(entries[i].chip) + 1;
    }
    for (intptr_t i = 0; i < count; ++i) {
      image_offsets[i] = align_up(cursor);
      cursor = image_offsets[i] + entries[i].image.length +
               (entries[i].format == CKPT_HIP_IMAGE_PTX ? 1 : 0);
    }
    uint64_t total = cursor;
    size_t start = out->size;
    append_u64(out, CKPT_HIP_BUNDLE_MAGIC);
    append_u64(out, CKPT_HIP_BUNDLE_VERSION);
    append_u64(out, (uint64_t)count);
    append_u64(out, total);
    for (intptr_t i = 0; i < count; ++i) {
      append_u64(out, (uint64_t)entries[i].format);
      append_u64(out, chip_offsets[i]);
      append_u64(out, image_offsets[i]);
      append_u64(out, entries[i].image.length);
    }
    for (intptr_t i = 0; i < count; ++i)
      ckpt_sbuf_append(out, entries[i].chip, strlen(entries[i].chip) + 1);
    static const char zeros[CKPT_HIP_BUNDLE_IMAGE_ALIGN] = {0};
    for (intptr_t i = 0; i < count; ++i) {
      ckpt_sbuf_append(out, zeros, (size_t)(image_offsets[i] - (out->size - start)));
      ckpt_sbuf_append(out, entries[i].image.data, entries[i].image.length);
      if (entries[i].format == CKPT_HIP_IMAGE_PTX)
        ckpt_sbuf_append(out, "", 1);
    }
    free(chip_offsets);
    free(image_offsets);
  }
  free(entries);
  return ok;
}
