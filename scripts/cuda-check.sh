#!/usr/bin/env bash
# Everything the CUDA target needs checked on a GPU machine, in one run:
#
#   scripts/cuda-check.sh [--quick] [--e2e-only | --no-bench]
#
# Meant for a machine with the CUDA toolkit (nvcc), the NVIDIA driver, cmake, ninja and a
# C compiler, but no LLVM/MLIR, at the root of a checkout. It
#   1. builds the runtime only (-DCKPT_BUILD_COMPILER=OFF) in build-cuda-check/;
#   2. runs the runtime's unit tests, test_cuda_launch among them (the CUDA backend
#      against the CPU target on hand-built and random plans, every gating mode) and
#      test_cuda_async (launches queued with launch_async, gated on the device);
#   3. runs compute-sanitizer (memcheck) on test_cuda_launch, test_cuda_async and on the
#      benchmark's smoke run;
#   4. runs the end-to-end suite precompiled by scripts/build-cuda-e2e.sh (build-cuda-e2e/,
#      or $E2E_DIR, made on a machine with MLIR): links each program with the runtime built
#      in step 1 and a printing shim, runs it on the GPU and compares stdout and stderr with
#      the reference (the CPU target's, or the oracle's for generated programs); each also
#      once under compute-sanitizer unless E2E_MEMCHECK=0, and once each with
#      CKPT_CUDA_GATING=if and =host;
#   5. runs the benchmark (bench/cuda) and prints its tables last: the 8x4 default launch's
#      phase breakdown (CKPT_PROFILE, with event-timed device time), then the queued-launches
#      table (100 launch_async and one wait against 100 plain graph launches).
# --quick: fewer random plans under compute-sanitizer, fewer benchmark repetitions.
# --e2e-only: steps 1 and 4 alone (another directory of programs after a full run);
# --no-bench: everything but step 5.
# About 2.5 minutes on an H100, most of it test_cuda_launch and the sanitizer runs.
# Exits non-zero if any step failed; the summary before the table says which.
set -uo pipefail
cd "$(dirname "$0")/.."

quick=0 unit=1 bench_run=1
for arg in "$@"; do
  case $arg in
    --quick) quick=1 ;;
    --e2e-only) unit=0 bench_run=0 ;;
    --no-bench) bench_run=0 ;;
    *) echo "cuda-check: unknown argument $arg (--quick, --e2e-only, --no-bench)"; exit 2 ;;
  esac
done
build=build-cuda-check
e2e=${E2E_DIR:-build-cuda-e2e}
memcheck_programs=${E2E_MEMCHECK:-1}
export PATH="$PATH:/usr/local/cuda/bin"
summary=()
status=0
note() { summary+=("$*"); }
fail() { summary+=("FAILED: $*"); status=1; }
section() { printf '\n=== %s\n' "$*"; }

section "device"
if command -v nvidia-smi > /dev/null; then
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
else
  echo "nvidia-smi not found"
fi
nvcc --version | tail -2

section "build (runtime only)"
mkdir -p "$build"
if ! cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCKPT_BUILD_COMPILER=OFF \
       -DCKPT_ENABLE_VULKAN=OFF -DCKPT_ENABLE_HIP=OFF > "$build/configure.log" 2>&1; then
  tail -20 "$build/configure.log"
  echo "cuda-check: configure failed"
  exit 1
fi
grep -E "ckpt:" "$build/configure.log"
if ! ninja -C "$build" > "$build/build.log" 2>&1; then
  tail -30 "$build/build.log"
  echo "cuda-check: build failed"
  exit 1
fi
runtime_dir=$(pwd)/$build/runtime
launch_test=$build/test/runtime/test_cuda_launch
async_test=$build/test/runtime/test_cuda_async
echo "built; runtime in $runtime_dir"

bench=$build/bin/ckpt-bench-cuda
[[ -x $bench ]] || { fail "no $bench: was the CUDA backend built?"; bench=; }

sanitizer=$(command -v compute-sanitizer || true)

# Steps 2 and 3.
if ((unit)); then
  section "runtime unit tests"
  if CKPT_TRACE=0 ctest --test-dir "$build" -R runtime --output-on-failure; then
    note "runtime unit tests: all passed (test_cuda_launch: 60 random plans, every gating mode; test_cuda_async)"
  else
    fail "runtime unit tests (ctest -R runtime, see above)"
  fi

  section "compute-sanitizer"
  if [[ -z $sanitizer ]]; then
    fail "compute-sanitizer not found (PATH, /usr/local/cuda/bin)"
  else
    sanitize() { # name, command...
      local name=$1
      shift
      if CKPT_TRACE=0 timeout "${SANITIZE_SECONDS:-120}" "$sanitizer" --tool memcheck --error-exitcode 99 --print-limit 20 "$@" \
           > "$build/sanitizer-$name.log" 2>&1; then
        echo "memcheck clean: $name"
        return 0
      fi
      tail -40 "$build/sanitizer-$name.log"
      return 1
    }
    if sanitize test_cuda_launch "$launch_test" --random=$((quick ? 5 : 15)) --no-failures --no-races; then
      note "compute-sanitizer memcheck: test_cuda_launch clean"
    else
      fail "compute-sanitizer memcheck on test_cuda_launch ($build/sanitizer-test_cuda_launch.log)"
    fi
    if sanitize test_cuda_async "$async_test"; then
      note "compute-sanitizer memcheck: test_cuda_async clean"
    else
      fail "compute-sanitizer memcheck on test_cuda_async ($build/sanitizer-test_cuda_async.log)"
    fi
    if [[ -n $bench ]]; then
      if sanitize bench "$bench" --smoke; then
        note "compute-sanitizer memcheck: ckpt-bench-cuda --smoke clean"
      else
        fail "compute-sanitizer memcheck on ckpt-bench-cuda --smoke"
      fi
    fi
  fi
fi

section "end-to-end suite (precompiled for target=cuda)"
if [[ ! -d $e2e ]]; then
  fail "no $e2e/: run scripts/build-cuda-e2e.sh on a machine with MLIR and bring the directory"
else
  passed=0 failed=0 unlowered=0 sanitized=0 dirty=0 gated_passed=0 gated_failed=0
  programs=()
  mkdir -p "$build/e2e"
  cc -O1 -c "$e2e/e2e_shim.c" -o "$build/e2e/shim.o"
  for object in "$e2e"/*.o; do
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
  # The same programs with the other gatings of the runtime (IF nodes, host readback):
  # the same output, without memcheck.
  for gating in if host; do
    for program in "${programs[@]}"; do
      name=$(basename "$program")
      CKPT_TRACE=0 CKPT_CUDA_GATING=$gating timeout 60 "$program" > "$program.$gating.out" \
        2> "$program.$gating.err"
      code=$?
      if ((code == 0)) && cmp -s "$program.$gating.out" "$e2e/$name.expected" &&
         cmp -s "$program.$gating.err" "$e2e/$name.expected-stderr"; then
        gated_passed=$((gated_passed + 1))
      else
        echo "FAIL $name with CKPT_CUDA_GATING=$gating (exit $code)"
        diff "$e2e/$name.expected" "$program.$gating.out" | head -10
        gated_failed=$((gated_failed + 1))
      fi
    done
  done
  if [[ -n $sanitizer && $memcheck_programs == 1 ]] && ((${#programs[@]})); then
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
  # The driver's own picture of the graph, next to the plan's (ckpt-run --dump-graph).
  if [[ -x $build/e2e/dump-graph ]]; then
    rm -f "$build/e2e/graph.dot" "$build/e2e/graph.step.cuda.0.dot"
    if CKPT_TRACE=0 CKPT_DUMP_GRAPH=$build/e2e/graph.dot "$build/e2e/dump-graph" > /dev/null &&
       head -1 "$build/e2e/graph.dot" | grep -q '^digraph ckpt' &&
       head -1 "$build/e2e/graph.step.cuda.0.dot" | grep -q '^digraph'; then
      note "CKPT_DUMP_GRAPH: plan and cuGraphDebugDotPrint pictures written"
    else
      fail "CKPT_DUMP_GRAPH did not write $build/e2e/graph.dot and graph.step.cuda.0.dot"
    fi
  fi
  line="end-to-end on the GPU: $passed passed, $failed failed, $unlowered not lowered for cuda"
  line+="; memcheck clean on $sanitized, errors on $dirty"
  line+="; with CKPT_CUDA_GATING=if and =host: $gated_passed passed, $gated_failed failed"
  if ((failed > 0 || dirty > 0 || gated_failed > 0)); then fail "$line"; else note "$line"; fi
fi

section "summary"
printf '%s\n' "${summary[@]}"

section "benchmark"
if ((bench_run)) && [[ -n $bench ]]; then
  reps=400
  ((quick)) && reps=100
  if ! CKPT_TRACE=0 "$bench" --reps=$reps; then
    echo "FAILED: the benchmark"
    status=1
  fi
fi
exit $status
