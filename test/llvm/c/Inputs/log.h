/* What the C end-to-end programs share: tasks append their id to a log (log[0] counts
 * the entries), and the host prints it. */
#ifndef CKPT_TEST_LOG_H
#define CKPT_TEST_LOG_H

#include <stdint.h>
#include <stdio.h>

static void append(int32_t *log, int32_t id) {
  log[1 + log[0]] = id;
  log[0] += 1;
}

static void print_log(const char *what, const int32_t *log) {
  printf("%s:", what);
  for (int32_t i = 0; i < log[0]; ++i)
    printf(" %d", log[1 + i]);
  printf("\n");
  fflush(stdout);
}

#endif /* CKPT_TEST_LOG_H */
