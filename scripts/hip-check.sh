#!/usr/bin/env bash
# The HIP backend on an NVIDIA GPU, in one run, through the HIP-on-CUDA shim
# (tools/hip-on-cuda: the HIP runtime entry points runtime/hip calls, on the CUDA driver):
#
#   scripts/hip-check.sh [--quick]
#
# For a machine with the CUDA toolkit (nvcc), the NVIDIA driver, cmake, ninja and a C
# compiler, but no LLVM/MLIR, at the root of a checkout. It
#   1. builds the runtime with the HIP and CUDA backends and the shim (-DCKPT_BUILD_COMPILER=OFF)
#      in build-hip-check/; the HIP backend's own kernels are PTX for sm_90 from nvcc;
#   2. runs the HIP unit tests, test_hip_launch among them (runtime/hip against the CPU
#      target on hand-built and random plans, readbacks and graph counts) and
#      test_hip_async (launches queued with launch_async, gated on the device);
#   3. runs compute-sanitizer (memcheck) on test_hip_launch, test_hip_async and the
#      benchmark's smoke run;
#   4. runs the end-to-end suite precompiled by scripts/build-hip-e2e.sh (build-hip-e2e/,
#      target=hip chips=sm_90): each program linked with the runtime, run with
#      CKPT_HIP_LIBRARY naming the shim, its stdout and stderr compared with the CPU
#      target's, and run once more under memcheck;
#   5. runs the benchmark (bench/hip) and prints its table last.
# Exits non-zero if any step failed; the summary before the table says which.
set -uo pipefail
cd "$(dirname "$0")/.."

quick=0
[[ ${1:-} == --quick ]] && quick=1
build=build-hip-check
e2e=build-hip-e2e
export PATH="$PATH:/usr/local/cuda/bin"
summary=()
status=0
note() { summary+=("$*"); }
fail() { summary+=("FAILED: $*"); status=1; }
section() { printf '\n=== %s\n' "$*"; }

section "device"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2> /dev/null ||
  echo "nvidia-smi not found"

section "build (runtime, HIP and CUDA backends, shim)"
mkdir -p "$build"
if ! cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCKPT_BUILD_COMPILER=OFF \
       -DCKPT_ENABLE_VULKAN=OFF -DCKPT_ENABLE_HIP=ON -DCKPT_ENABLE_CUDA=ON \
       > "$build/configure.log" 2>&1; then
  tail -20 "$build/configure.log"
  echo "hip-check: configure failed"
  exit 1
fi
grep -E "ckpt:" "$build/configure.log"
if ! ninja -C "$build" > "$build/build.log" 2>&1; then
  tail -30 "$build/build.log"
  echo "hip-check: build failed"
  exit 1
fi
runtime_dir=$(pwd)/$build/runtime
shim=$(pwd)/$build/lib/libckpt_hip_on_cuda.so
[[ -f $shim ]] || { echo "hip-check: no $shim"; exit 1; }
export CKPT_HIP_LIBRARY=$shim
echo "built; runtime in $runtime_dir; CKPT_HIP_LIBRARY=$shim"

section "HIP unit tests"
if CKPT_TRACE=0 ctest --test-dir "$build" -R "hip" --output-on-failure; then
  note "HIP unit tests: all passed (test_hip_launch: 60 random plans against the CPU)"
else
  fail "HIP unit tests (ctest -R hip, see above)"
fi
CKPT_TRACE=0 "$build/test/runtime/test_hip_launch" --random=0 > "$build/hip-launch.log" 2>&1
grep -q "^PASS test_hip_one_readback_per_launch" "$build/hip-launch.log" ||
  fail "test_hip_launch did not run (skipped?): $(tail -1 "$build/hip-launch.log")"

bench=$build/bin/ckpt-bench-hip
[[ -x $bench ]] || bench=

section "compute-sanitizer"
sanitizer=$(command -v compute-sanitizer || true)
sanitize() { # name, command...
  local name=$1
  shift
  if CKPT_TRACE=0 "$sanitizer" --tool memcheck --error-exitcode 99 --print-limit 20 "$@" \
       > "$build/sanitizer-$name.log" 2>&1; then
    echo "memcheck clean: $name"
    return 0
  fi
  tail -40 "$build/sanitizer-$name.log"
  return 1
}
if [[ -z $sanitizer ]]; then
  fail "compute-sanitizer not found (PATH, /usr/local/cuda/bin)"
else
  if sanitize test_hip_launch "$build/test/runtime/test_hip_launch" --random=$((quick ? 5 : 15)); then
    note "compute-sanitizer memcheck: test_hip_launch clean"
  else
    fail "compute-sanitizer memcheck on test_hip_launch ($build/sanitizer-test_hip_launch.log)"
  fi
  if sanitize test_hip_async "$build/test/runtime/test_hip_async"; then
    note "compute-sanitizer memcheck: test_hip_async clean"
  else
    fail "compute-sanitizer memcheck on test_hip_async ($build/sanitizer-test_hip_async.log)"
  fi
  if [[ -n $bench ]]; then
    if sanitize bench "$bench" --smoke; then
      note "compute-sanitizer memcheck: ckpt-bench-hip --smoke clean"
    else
      fail "compute-sanitizer memcheck on ckpt-bench-hip --smoke"
    fi
  fi
fi

section "end-to-end suite (precompiled for target=hip chips=sm_90)"
if [[ ! -d $e2e ]]; then
  fail "no $e2e/: run scripts/build-hip-e2e.sh on a machine with MLIR and bring the directory"
else
  passed=0 failed=0 unlowered=0 sanitized=0 dirty=0
  programs=()
  mkdir -p "$build/e2e"
  cc -O1 -c "$e2e/e2e_shim.c" -o "$build/e2e/shim.o"
  for object in "$e2e"/*.o; do
    [[ -e $object ]] || continue
    name=$(basename "$object" .o)
    program=$build/e2e/$name
    if ! cc "$object" "$build/e2e/shim.o" -L"$runtime_dir" -lckpt_runtime -lm \
           -Wl,-rpath,"$runtime_dir" -o "$program"; then
      echo "FAIL $name: link failed"
      failed=$((failed + 1))
      continue
    fi
    CKPT_TRACE=0 timeout 60 "$program" > "$program.out" 2> "$program.err"
    code=$?
    if ((code == 0)) && cmp -s "$program.out" "$e2e/$name.expected" &&
       cmp -s "$program.err" "$e2e/$name.expected-stderr"; then
      echo "PASS $name"
      passed=$((passed + 1))
    else
      echo "FAIL $name (exit $code)"
      diff "$e2e/$name.expected" "$program.out" | head -10
      diff "$e2e/$name.expected-stderr" "$program.err" | head -6
      failed=$((failed + 1))
    fi
    programs+=("$program")
  done
  if [[ -n $sanitizer ]] && ((${#programs[@]})); then
    scripts/memcheck-all.sh "${programs[@]}" > "$build/e2e/memcheck.log"
    grep -v '^memcheck: clean' "$build/e2e/memcheck.log"
    sanitized=$(sed -n 's/^memcheck: clean \([0-9]*\), errors.*/\1/p' "$build/e2e/memcheck.log")
    dirty=$(sed -n 's/^memcheck: clean [0-9]*, errors \([0-9]*\)/\1/p' "$build/e2e/memcheck.log")
  fi
  for reason in "$e2e"/*.failed; do
    [[ -e $reason ]] || continue
    echo "NOT LOWERED $(basename "$reason" .failed): $(head -1 "$reason")"
    unlowered=$((unlowered + 1))
  done
  line="end-to-end through runtime/hip on the GPU: $passed passed, $failed failed"
  line+=", $unlowered not lowered for hip; memcheck clean on $sanitized, errors on $dirty"
  if ((failed > 0 || dirty > 0 || passed == 0)); then fail "$line"; else note "$line"; fi
fi

section "summary"
printf '%s\n' "${summary[@]}"

section "benchmark"
if [[ -n $bench ]]; then
  reps=400
  ((quick)) && reps=100
  if ! CKPT_TRACE=0 "$bench" --reps=$reps; then
    echo "FAILED: the benchmark"
    status=1
  fi
else
  echo "no ckpt-bench-hip built"
fi
exit $status
