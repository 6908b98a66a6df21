#!/usr/bin/env bash
# Builds ckpt if needed and runs the whole test suite, twice, then the fuzzers briefly:
#   1. build/       (RelWithDebInfo): every ctest test;
#   2. build-asan/  (-DCKPT_SANITIZE=ON: runtime, compiler and tools under ASan + UBSan):
#      the runtime unit tests, the lit suites, the end-to-end tests, the examples;
#   3. build-tsan/  (-DCKPT_SANITIZE=thread, runtime only): every runtime unit test under
#      ThreadSanitizer, test_threads (contexts on threads) and test_cpu_threads (the CPU
#      target's pool) among them;
#   4. build-fuzz/  (clang-22, libFuzzer): scripts/libfuzzer.sh, CKPT_LIBFUZZER_SECONDS
#      (default 30) per target, counted as one test; skipped without clang-22.
# Ends with one line, "N passed, N failed", over the ctest runs (a build that fails
# counts as one failed), and exits non-zero if anything failed.
#
#   scripts/test.sh        (as root, or as a user with sudo, on Debian bookworm)
#
# The dependencies are installed (scripts/install-deps.sh) only when part of the
# toolchain is missing. Extra arguments go to every ctest run (e.g. -R runtime).
#
# Under ASan: ckpt-run is built instrumented, so the runtime it loads for JIT'd code is
# checked (the JIT'd code itself is not instrumented, but LeakSanitizer does see what it
# allocates and never frees). The stock mlir-opt is not instrumented: it can load the
# instrumented CkptPlugin.so only with libasan preloaded, and preloading it into lit's
# Python makes LeakSanitizer report Python's own allocations: the lit config preloads the
# sanitizer runtimes into the stock mlir-opt and mlir-runner alone
# (config.ckpt_sanitizer_preload).
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

toolchain_ready() {
  local tool
  for tool in cmake ninja gcc g++ pkg-config /usr/lib/llvm-22/bin/FileCheck \
              /usr/lib/llvm-22/bin/lit /usr/lib/llvm-22/bin/mlir-opt \
              /usr/lib/llvm-22/bin/mlir-runner; do
    command -v "$tool" >/dev/null || return 1
  done
  [[ -f /usr/lib/llvm-22/lib/cmake/mlir/MLIRConfig.cmake ]]
}

if ! toolchain_ready; then
  scripts/install-deps.sh || { echo "test: installing the dependencies failed"; exit 1; }
fi

passed=0
failed=0
jobs=$(nproc 2>/dev/null || echo 2)

# Runs ctest in $1 with the remaining arguments and adds its counts to the totals.
run_ctest() {
  local build_dir=$1
  shift
  local log="$build_dir/ctest-summary.log"
  ctest --test-dir "$build_dir" --output-on-failure -j "$jobs" "$@" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  # "94% tests passed, 1 tests failed out of 16"
  local summary total bad
  summary=$(grep -E '[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -1)
  if [[ -n "$summary" ]]; then
    total=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$summary")
    bad=$(sed -E 's/.*passed, ([0-9]+) tests? failed.*/\1/' <<<"$summary")
    passed=$((passed + total - bad))
    failed=$((failed + bad))
  elif ((status != 0)); then
    echo "test: ctest in $build_dir failed without running tests"
    failed=$((failed + 1))
  fi
  if ((status != 0)) && [[ -n "$summary" && "$bad" == 0 ]]; then
    # ctest failed for another reason (no tests found, a configuration error).
    failed=$((failed + 1))
  fi
}

echo "=== test: build/ ==="
if scripts/build.sh build; then
  run_ctest build "$@"
else
  echo "test: building build/ failed"
  failed=$((failed + 1))
fi

echo
echo "=== test: build-asan/ (ASan + UBSan) ==="
if scripts/build.sh build-asan -DCKPT_SANITIZE=ON; then
  ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=1"
  ASAN_OPTIONS+=":check_initialization_order=1:strict_string_checks=1"
  # GCC 12's sanitizer runtime takes a dynamic TLS block at a page offset of 16 for a
  # pre-2.25 glibc header and reads a bogus range from it; LeakSanitizer's tracer then
  # dies at exit ("Tracer caught signal 11") now and then in programs that load
  # lavapipe (its LLVM uses dynamic TLS). Not intercepting __tls_get_addr avoids it.
  ASAN_OPTIONS+=":intercept_tls_get_addr=0"
  # The CUDA driver maps memory where ASan keeps its protected shadow gap.
  if grep -q '^CKPT_ENABLE_CUDA:BOOL=ON' build-asan/CMakeCache.txt; then
    ASAN_OPTIONS+=":protect_shadow_gap=0"
  fi
  export ASAN_OPTIONS
  export LSAN_OPTIONS="suppressions=$root/scripts/lsan-suppressions.txt"
  export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
  run_ctest build-asan "$@"
else
  echo "test: building build-asan/ failed"
  failed=$((failed + 1))
fi

echo
echo "=== test: build-tsan/ (ThreadSanitizer) ==="
# The runtime without the compiler: JIT'd code and MLIR's tools are not instrumented, and
# the runtime alone builds in well under a minute.
if scripts/build.sh build-tsan -DCKPT_SANITIZE=thread -DCKPT_BUILD_COMPILER=OFF \
     -DCKPT_BUILD_BENCH=OFF; then
  TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1" run_ctest build-tsan "$@"
else
  echo "test: building build-tsan/ failed"
  failed=$((failed + 1))
fi

echo
echo "=== test: libFuzzer (build-fuzz/, ${CKPT_LIBFUZZER_SECONDS:-30}s per target) ==="
# Bounded: the committed corpus is replayed by ctest above; this looks a little further.
# Skipped (exit 77) where clang-22 or libFuzzer is missing.
scripts/libfuzzer.sh "${CKPT_LIBFUZZER_SECONDS:-30}"
case $? in
  0) passed=$((passed + 1)) ;;
  77) ;;
  *) failed=$((failed + 1)) ;;
esac

echo
echo "$passed passed, $failed failed"
((failed == 0))
