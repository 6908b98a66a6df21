#include "device_images.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ckpt/hip_bundle.h"
#include "mlir-c/BuiltinAttributes.h"

#define IMAGE_PREFIX "__ckpt_device_image"

typedef struct images_t {
  const char *target;
  const char *dir;
  FILE *kernels;
  int images;
  bool ok;
} images_t;

static bool write_file(const char *path, const void *data, size_t size) {
  FILE *file = fopen(path, "wb");
  bool ok = file && fwrite(data, 1, size, file) == size;
  if (file && fclose(file) != 0)
    ok = false;
  if (!ok)
    fprintf(stderr, "ckpt-run: cannot write '%s'\n", path);
  return ok;
}

static uint64_t read_u64(const unsigned char *bytes) {
  uint64_t value = 0;
  for (int i = 7; i >= 0; --i)
    value = value << 8 | bytes[i];
  return value;
}

/* Splits bundle `index` into one file per chip, checking it against ckpt/hip_bundle.h. */
static bool write_bundle(const char *dir, long index, const unsigned char *data, size_t size) {
  const size_t header = sizeof(ckpt_hip_bundle_header_t);
  const size_t entry_size = sizeof(ckpt_hip_bundle_entry_t);
  if (size < header || read_u64(data) != CKPT_HIP_BUNDLE_MAGIC ||
      read_u64(data + 8) != CKPT_HIP_BUNDLE_VERSION || read_u64(data + 24) != size) {
    fprintf(stderr, "ckpt-run: image %ld is not a ckpt HIP bundle of %zu bytes\n", index, size);
    return false;
  }
  uint64_t count = read_u64(data + 16);
  if (count == 0 || count > (size - header) / entry_size) {
    fprintf(stderr, "ckpt-run: image %ld: bad entry count %llu\n", index,
            (unsigned long long)count);
    return false;
  }
  for (uint64_t i = 0; i < count; ++i) {
    const unsigned char *entry = data + header + i * entry_size;
    uint64_t format = read_u64(entry), chip = read_u64(entry + 8);
    uint64_t offset = read_u64(entry + 16), bytes = read_u64(entry + 24);
    const char *name = chip < size ? (const char *)data + chip : NULL;
    bool ok = name && memchr(name, '\0', size - chip) && offset % CKPT_HIP_BUNDLE_IMAGE_ALIGN == 0 &&
              offset <= size && bytes <= size - offset &&
              (format == CKPT_HIP_IMAGE_CODE_OBJECT ||
               (format == CKPT_HIP_IMAGE_PTX && bytes < size - offset && data[offset + bytes] == 0));
    if (!ok) {
      fprintf(stderr, "ckpt-run: image %ld: entry %llu lies outside the bundle or has an "
                      "unknown format\n",
              index, (unsigned long long)i);
      return false;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/image%ld.%s.%s", dir, index, name,
             format == CKPT_HIP_IMAGE_PTX ? "ptx" : "hsaco");
    if (!write_file(path, data + offset, bytes))
      return false;
  }
  return true;
}

static void handle_global(images_t *images, MlirOperation op) {
  MlirAttribute name = mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("sym_name"));
  MlirAttribute value = mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("value"));
  if (mlirAttributeIsNull(name) || mlirAttributeIsNull(value) || !mlirAttributeIsAString(value))
    return;
  MlirStringRef symbol = mlirStringAttrGetValue(name);
  MlirStringRef bytes = mlirStringAttrGetValue(value);
  char text[512];
  snprintf(text, sizeof text, "%.*s", (int)symbol.length, symbol.data);
  size_t prefix = strlen(IMAGE_PREFIX);
  if (strncmp(text, IMAGE_PREFIX, prefix) == 0 && text[prefix] >= '0' && text[prefix] <= '9') {
    long index = strtol(text + prefix, NULL, 10);
    ++images->images;
    if (strcmp(images->target, "hip") == 0) {
      images->ok &= write_bundle(images->dir, index, (const unsigned char *)bytes.data,
                                 bytes.length);
      return;
    }
    bool ptx = strcmp(images->target, "cuda") == 0;
    char path[4096];
    snprintf(path, sizeof path, "%s/image%ld.%s", images->dir, index, ptx ? "ptx" : "spv");
    /* Images are stored with a NUL after them (for the PTX JIT); the file is the image
     * alone: PTX text, or SPIR-V words. */
    size_t size = ptx && bytes.length ? bytes.length - 1 : bytes.length & ~(size_t)3;
    images->ok &= write_file(path, bytes.data, size);
  }
}

/* The operation defining operand `index` of `op`, or a null operation. */
static MlirOperation operand_owner(MlirOperation op, intptr_t index) {
  if (index >= mlirOperationGetNumOperands(op))
    return (MlirOperation){NULL};
  MlirValue value = mlirOperationGetOperand(op, index);
  return mlirValueIsAOpResult(value) ? mlirOpResultGetOwner(value) : (MlirOperation){NULL};
}

/* A launch record: `ckpt_mlir_record_launch(recorder, image, kernel name, ...)` with the
 * image a constant and the name the address of a constant global. Writes "IMAGE KERNEL". */
static void handle_record(images_t *images, MlirOperation call) {
  MlirOperation image = operand_owner(call, 1), name = operand_owner(call, 2);
  if (mlirOperationIsNull(image) || mlirOperationIsNull(name))
    return;
  MlirAttribute index = mlirOperationGetAttributeByName(image, mlirStringRefCreateFromCString("value"));
  MlirAttribute global =
      mlirOperationGetAttributeByName(name, mlirStringRefCreateFromCString("global_name"));
  if (mlirAttributeIsNull(index) || !mlirAttributeIsAInteger(index) ||
      mlirAttributeIsNull(global) || !mlirAttributeIsAFlatSymbolRef(global))
    return;
  MlirStringRef symbol = mlirFlatSymbolRefAttrGetValue(global);
  MlirOperation scope = mlirOperationGetParentOperation(call);
  while (!mlirOperationIsNull(scope) &&
         !mlirStringRefEqual(mlirIdentifierStr(mlirOperationGetName(scope)),
                             mlirStringRefCreateFromCString("builtin.module")))
    scope = mlirOperationGetParentOperation(scope);
  if (mlirOperationIsNull(scope))
    return;
  MlirSymbolTable table = mlirSymbolTableCreate(scope);
  MlirOperation definition = mlirSymbolTableLookup(table, symbol);
  mlirSymbolTableDestroy(table);
  MlirAttribute text = mlirOperationIsNull(definition)
                           ? (MlirAttribute){NULL}
                           : mlirOperationGetAttributeByName(
                                 definition, mlirStringRefCreateFromCString("value"));
  if (mlirAttributeIsNull(text) || !mlirAttributeIsAString(text))
    return;
  MlirStringRef kernel = mlirStringAttrGetValue(text);
  /* The name's NUL terminator is part of the constant. */
  fprintf(images->kernels, "%lld %.*s\n", (long long)mlirIntegerAttrGetValueInt(index),
          (int)strnlen(kernel.data, kernel.length), kernel.data);
}

static MlirWalkResult visit(MlirOperation op, void *user_data) {
  MlirIdentifier name = mlirOperationGetName(op);
  if (mlirStringRefEqual(mlirIdentifierStr(name), mlirStringRefCreateFromCString("llvm.mlir.global")))
    handle_global(user_data, op);
  MlirAttribute callee = mlirOperationGetAttributeByName(op, mlirStringRefCreateFromCString("callee"));
  if (!mlirAttributeIsNull(callee) && mlirAttributeIsAFlatSymbolRef(callee) &&
      mlirStringRefEqual(mlirFlatSymbolRefAttrGetValue(callee),
                         mlirStringRefCreateFromCString("ckpt_mlir_record_launch")))
    handle_record(user_data, op);
  return MlirWalkResultAdvance;
}

bool ckpt_run_write_device_images(MlirModule module, const char *target, const char *dir) {
  if (strcmp(target, "cuda") != 0 && strcmp(target, "hip") != 0 &&
      strcmp(target, "vulkan") != 0) {
    fprintf(stderr, "ckpt-run: target %s has no device images to emit\n", target);
    return false;
  }
  char path[4096];
  snprintf(path, sizeof path, "%s/kernels.txt", dir);
  images_t images = {.target = target, .dir = dir, .kernels = fopen(path, "w"), .ok = true};
  if (!images.kernels) {
    fprintf(stderr, "ckpt-run: cannot write '%s' (does the folder exist?)\n", path);
    return false;
  }
  mlirOperationWalk(mlirModuleGetOperation(module), visit, &images, MlirWalkPreOrder);
  if (fclose(images.kernels) != 0)
    images.ok = false;
  return images.ok;
}
