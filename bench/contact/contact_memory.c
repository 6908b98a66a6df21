/* Buffers for the contact benchmark: host memory, or CUDA managed memory through the
 * driver API loaded at run time (the benchmark links no CUDA library). The allocations
 * are made in the device's primary context, the one the runtime's CUDA target uses. */
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "contact.h"

typedef int cu_result_t;
typedef int cu_device_t;
typedef void *cu_context_t;
typedef uint64_t cu_pointer_t;
enum { CU_MEM_ATTACH_GLOBAL = 1 };

static struct {
  contact_memory_kind_t kind;
  cu_result_t (*init)(unsigned int);
  cu_result_t (*device_get)(cu_device_t *, int);
  cu_result_t (*primary_retain)(cu_context_t *, cu_device_t);
  cu_result_t (*push_current)(cu_context_t);
  cu_result_t (*alloc_managed)(cu_pointer_t *, size_t, unsigned int);
  cu_result_t (*memset)(cu_pointer_t, unsigned char, size_t);
  cu_result_t (*synchronize)(void);
  cu_result_t (*free)(cu_pointer_t);
} memory;

/* Every live allocation, so that the exit path frees what the benchmark still holds. */
static struct {
  void **pointers;
  size_t count, capacity;
} live;

static bool live_add(void *pointer) {
  if (live.count == live.capacity) {
    size_t capacity = live.capacity ? 2 * live.capacity : 32;
    void **grown = realloc(live.pointers, capacity * sizeof(*grown));
    if (!grown) return false;
    live.pointers = grown;
    live.capacity = capacity;
  }
  live.pointers[live.count++] = pointer;
  return true;
}

static void live_remove(void *pointer) {
  for (size_t i = 0; i < live.count; ++i)
    if (live.pointers[i] == pointer) {
      live.pointers[i] = live.pointers[--live.count];
      return;
    }
}

static bool load_cuda(void) {
  void *library = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    fprintf(stderr, "contact: cannot load libcuda.so.1 for --memory=cuda-managed: %s\n",
            dlerror());
    return false;
  }
  struct {
    const char *name;
    void **slot;
  } symbols[] = {
      {"cuInit", (void **)&memory.init},
      {"cuDeviceGet", (void **)&memory.device_get},
      {"cuDevicePrimaryCtxRetain", (void **)&memory.primary_retain},
      {"cuCtxPushCurrent_v2", (void **)&memory.push_current},
      {"cuMemAllocManaged", (void **)&memory.alloc_managed},
      {"cuMemsetD8_v2", (void **)&memory.memset},
      {"cuCtxSynchronize", (void **)&memory.synchronize},
      {"cuMemFree_v2", (void **)&memory.free},
  };
  for (size_t i = 0; i < sizeof symbols / sizeof symbols[0]; ++i) {
    *symbols[i].slot = dlsym(library, symbols[i].name);
    if (!*symbols[i].slot) {
      fprintf(stderr, "contact: libcuda.so.1 has no %s\n", symbols[i].name);
      return false;
    }
  }
  cu_device_t device = 0;
  cu_context_t context = NULL;
  cu_result_t result = memory.init(0);
  if (result == 0) result = memory.device_get(&device, 0);
  if (result == 0) result = memory.primary_retain(&context, device);
  if (result == 0) result = memory.push_current(context);
  if (result != 0) {
    fprintf(stderr, "contact: setting up CUDA device 0 failed (CUresult %d)\n", result);
    return false;
  }
  return true;
}

bool contact_memory_init(contact_memory_kind_t kind) {
  memory.kind = kind;
  return kind == CONTACT_MEMORY_HOST || load_cuda();
}

static void *memory_alloc(size_t bytes) {
  if (bytes == 0) bytes = 1;
  if (memory.kind == CONTACT_MEMORY_HOST) {
    /* Written now, so that the first touch of fresh pages counts where the buffer is
     * made, not in whichever task writes it first. Through a volatile pointer: compilers
     * turn malloc + memset(0) into calloc, which leaves the pages untouched. */
    static void *(*volatile fill)(void *, int, size_t) = memset;
    void *pointer = malloc(bytes);
    if (!pointer) fprintf(stderr, "contact: out of memory allocating %zu bytes\n", bytes);
    else fill(pointer, 0, bytes);
    return pointer;
  }
  cu_pointer_t pointer = 0;
  cu_result_t result = memory.alloc_managed(&pointer, bytes, CU_MEM_ATTACH_GLOBAL);
  if (result == 0) result = memory.memset(pointer, 0, bytes);
  if (result == 0) result = memory.synchronize();
  if (result != 0) {
    fprintf(stderr, "contact: cuMemAllocManaged of %zu bytes failed (CUresult %d)\n", bytes,
            result);
    return NULL;
  }
  return (void *)(uintptr_t)pointer;
}

static void memory_free(void *pointer) {
  if (memory.kind == CONTACT_MEMORY_HOST)
    free(pointer);
  else
    memory.free((cu_pointer_t)(uintptr_t)pointer);
}

void *contact_memory_alloc(size_t bytes) {
  void *pointer = memory_alloc(bytes);
  if (pointer && !live_add(pointer)) {
    fprintf(stderr, "contact: out of memory tracking an allocation\n");
    memory_free(pointer);
    return NULL;
  }
  return pointer;
}

void contact_memory_free(void *pointer) {
  if (!pointer) return;
  live_remove(pointer);
  memory_free(pointer);
}

void contact_memory_release_all(void) {
  for (size_t i = 0; i < live.count; ++i) memory_free(live.pointers[i]);
  free(live.pointers);
  live.pointers = NULL;
  live.count = live.capacity = 0;
}
