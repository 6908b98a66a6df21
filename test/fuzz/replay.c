/* Runs a libFuzzer target over files without libFuzzer: each argument is a file or a
 * directory of files (not recursive), passed to LLVMFuzzerTestOneInput one at a time. The
 * normal build links the targets with this driver so ctest replays the committed corpus
 * and regressions; a target reports a failure by aborting, so this exits non-zero. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static int replay_file(const char *path) {
  FILE *file = fopen(path, "rb");
  if (!file) {
    fprintf(stderr, "replay: cannot open %s\n", path);
    return 1;
  }
  size_t capacity = 4096, size = 0;
  uint8_t *data = malloc(capacity);
  size_t got;
  while (data && (got = fread(data + size, 1, capacity - size, file)) > 0) {
    size += got;
    if (size == capacity) {
      capacity *= 2;
      uint8_t *grown = realloc(data, capacity);
      if (!grown) free(data);
      data = grown;
    }
  }
  fclose(file);
  if (!data) {
    fprintf(stderr, "replay: out of memory reading %s\n", path);
    return 1;
  }
  /* An exact-size copy, so a read past the input's end is caught under ASan. */
  uint8_t *exact = malloc(size ? size : 1);
  if (!exact) {
    free(data);
    return 1;
  }
  memcpy(exact, data, size);
  free(data);
  fprintf(stderr, "replay: %s (%zu bytes)\n", path, size);
  LLVMFuzzerTestOneInput(exact, size);
  free(exact);
  return 0;
}

static int compare_names(const void *left, const void *right) {
  return strcmp(*(char *const *)left, *(char *const *)right);
}

static int replay_directory(const char *path, int *count) {
  DIR *directory = opendir(path);
  if (!directory) {
    fprintf(stderr, "replay: cannot open directory %s\n", path);
    return 1;
  }
  char **names = NULL;
  size_t name_count = 0;
  struct dirent *entry;
  while ((entry = readdir(directory))) {
    if (entry->d_name[0] == '.') continue;
    char **grown = realloc(names, (name_count + 1) * sizeof(*names));
    if (!grown) break;
    names = grown;
    names[name_count] = malloc(strlen(path) + strlen(entry->d_name) + 2);
    if (!names[name_count]) break;
    sprintf(names[name_count++], "%s/%s", path, entry->d_name);
  }
  closedir(directory);
  /* A fixed order, so a failure replays the same way on every machine. */
  if (name_count > 1) qsort(names, name_count, sizeof(*names), compare_names);
  int failures = 0;
  for (size_t i = 0; i < name_count; ++i) {
    failures += replay_file(names[i]);
    ++*count;
    free(names[i]);
  }
  free(names);
  return failures;
}

int main(int argc, char **argv) {
  if (LLVMFuzzerInitialize) LLVMFuzzerInitialize(&argc, &argv);
  int failures = 0, count = 0;
  for (int i = 1; i < argc; ++i) {
    struct stat info;
    if (stat(argv[i], &info) != 0) {
      fprintf(stderr, "replay: %s does not exist\n", argv[i]);
      ++failures;
    } else if (S_ISDIR(info.st_mode)) {
      failures += replay_directory(argv[i], &count);
    } else {
      failures += replay_file(argv[i]);
      ++count;
    }
  }
  printf("replay: %d inputs, %d unreadable\n", count, failures);
  return failures != 0;
}
