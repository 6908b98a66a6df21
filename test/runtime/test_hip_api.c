/* runtime/hip/hip_api.h declares the HIP runtime's types and constants by hand, so that
 * the backend builds without ROCm. This checks each of them against ROCm's own header
 * (hip_api_facts.h lists them; test_hip_api_real.c reads the header): error numbers,
 * enum values and flags, hipKernelNodeParams' layout, and where hipGetDeviceProperties
 * puts the name and architecture. Built only where the header is installed. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "hip/hip_api.h"
#include "hip_api_facts.h"
#include "test_util.h"

extern const ckpt_hip_api_fact_t ckpt_hip_api_real_facts[];
extern const long long ckpt_hip_api_real_device_prop_bytes;

#define OUR_FACT(what, real, ours) {what, (long long)(ours)},
static const ckpt_hip_api_fact_t our_facts[] = {CKPT_HIP_API_FACTS(OUR_FACT)};

static void test_hip_api_matches_the_hip_header(void) {
  for (size_t i = 0; i < sizeof(our_facts) / sizeof(our_facts[0]); ++i) {
    CHECK_STR(our_facts[i].what, ckpt_hip_api_real_facts[i].what);
    ++test_checks;
    if (our_facts[i].value != ckpt_hip_api_real_facts[i].value) {
      test_fail_at(__FILE__, __LINE__);
      fprintf(stderr, "%s: hip_api.h says %lld, the HIP header %lld\n", our_facts[i].what,
              our_facts[i].value, ckpt_hip_api_real_facts[i].value);
    }
  }
  /* The backend hands hipGetDeviceProperties a buffer of this size. */
  CHECK(ckpt_hip_api_real_device_prop_bytes <= CKPT_HIP_DEVICE_PROP_BYTES);
}

int main(void) {
  TEST_RUN(test_hip_api_matches_the_hip_header);
  return test_report();
}
