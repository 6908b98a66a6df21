#!/usr/bin/env bash
# Every GPU check of the project in one call of the GPU machine, the most needed first:
#
#   scripts/gpu-check.sh --prepare [DIR]    here, with the compiler built in build/
#   scripts/gpu-check.sh [DIR]              on the GPU machine, at the checkout's root
#
# DIR defaults to .dev/gpu in the main checkout (ignored by git; name it in the device
# tool's `carry`, next to .gl, the Vulkan loader's packages). --prepare precompiles there
#   cuda-e2e/   the end-to-end suite for target=cuda            (scripts/build-e2e.sh)
#   random/     generated programs for target=cuda, with the oracle's expected output;
#               seeds GPU_RANDOM_SEEDS (default 0-200, the last excluded: about 31 MiB)
#   hip-e2e/    the end-to-end suite for target=hip chips=sm_90
#   vkbundle/   what scripts/vulkan-check.sh needs, the suite for target=vulkan included
# and says how big it is: a call carries at most 64 MiB, the checkout included.
#
# On the GPU machine each step runs with a time limit (GPU_STEP_SECONDS, default 240; the
# random programs get half) and writes its log to $OUT (the device tool's folder) or to
# gpu-check-logs/:
#   1. scripts/cuda-check.sh --quick --no-bench on cuda-e2e/ (unit tests, memcheck, e2e);
#   2. the random programs, linked with that runtime and run 14 at a time;
#   3. scripts/vulkan-check.sh --quick in vkbundle/ (NVIDIA's Vulkan driver; the loader
#      must be installed first: `for f in .gl/*.deb; do dpkg -x $f /; done; ldconfig` and
#      VK_DRIVER_FILES, as the device tool's README says);
#   4. scripts/hip-check.sh --quick on hip-e2e/ (runtime/hip over the HIP-on-CUDA shim);
#   5. the CUDA benchmark (bench/cuda).
# Ends with one line per step and exits non-zero if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."

main_checkout=$(git worktree list --porcelain 2> /dev/null | awk '/^worktree /{print $2; exit}')
default_dir=${main_checkout:-$PWD}/.dev/gpu

if [[ ${1:-} == --prepare ]]; then
  set -e
  dir=$(realpath -m "${2:-$default_dir}")
  rm -rf "$dir"
  mkdir -p "$dir"
  scripts/build-e2e.sh cuda "$dir/cuda-e2e"
  seeds=${GPU_RANDOM_SEEDS:-0-200}
  sources=$(mktemp -d)
  python3 test/random/gen.py "$seeds" "$sources" > /dev/null
  scripts/build-e2e.sh cuda "$dir/random" "$sources"
  rm -rf "$sources"
  scripts/build-e2e.sh hip "$dir/hip-e2e"
  scripts/vulkan-check.sh --prepare "$dir/vkbundle"
  size=$(du -sm "$dir" | cut -f1)
  echo "gpu-check: prepared $dir ($size MiB; a call carries 64 MiB with the checkout)"
  ((size < 58)) || echo "gpu-check: too big to carry: prepare fewer seeds (GPU_RANDOM_SEEDS)"
  exit 0
fi

dir=${1:-.dev/gpu}
[[ -d $dir ]] || { echo "gpu-check: no $dir: run scripts/gpu-check.sh --prepare here first"; exit 1; }
dir=$(realpath "$dir")
logs=${OUT:-$PWD/gpu-check-logs}
mkdir -p "$logs"
limit=${GPU_STEP_SECONDS:-240}
results=()
status=0

# Runs one step: name, seconds, command...; its output goes to $logs/name.log.
step() {
  local name=$1 seconds=$2
  shift 2
  local start=$SECONDS
  timeout "$seconds" "$@" > "$logs/$name.log" 2>&1
  local code=$?
  local line="$name: exit $code after $((SECONDS - start)) s"
  ((code == 124)) && line+=" (time limit)"
  ((code == 0)) || status=1
  results+=("$line")
  echo "$line"
  grep -A12 '^=== summary' "$logs/$name.log" | sed 's/^/    /'
}

# Links every NAME.o of $1 with the runtime in $2 and runs it, 14 at a time, comparing
# stdout and stderr with NAME.expected and NAME.expected-stderr.
run_programs() {
  local programs=$1 runtime=$2 work
  work=$(mktemp -d)
  cc -O1 -c "$programs/e2e_shim.c" -o "$work/shim.o" || return 1
  export programs runtime work
  find "$programs" -name '*.o' -print0 | xargs -0 -P 14 -I{} sh -c '
    name=$(basename "$1" .o)
    exe=$work/$name
    if ! cc "$1" "$work/shim.o" -L"$runtime" -lckpt_runtime -lm -Wl,-rpath,"$runtime" \
         -o "$exe"; then echo "FAIL $name: link"; exit 0; fi
    CKPT_TRACE=0 timeout 60 "$exe" > "$exe.out" 2> "$exe.err"
    code=$?
    if [ $code = 0 ] && cmp -s "$exe.out" "$programs/$name.expected" &&
       cmp -s "$exe.err" "$programs/$name.expected-stderr"; then echo "PASS $name"
    else echo "FAIL $name (exit $code)"; fi' _ {} | sort > "$work/results"
  cat "$work/results"
  local passed failed
  passed=$(grep -c '^PASS' "$work/results")
  failed=$(grep -c '^FAIL' "$work/results")
  echo "=== summary"
  echo "random programs on the GPU: $passed passed, $failed failed"
  ((failed == 0 && passed > 0))
}

nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2> /dev/null |
  tee "$logs/device.txt"

step cuda "$limit" env E2E_DIR="$dir/cuda-e2e" scripts/cuda-check.sh --quick --no-bench
if [[ -d build-cuda-check/runtime ]]; then
  step random $((limit / 2)) bash -c "$(declare -f run_programs)
    run_programs '$dir/random' '$PWD/build-cuda-check/runtime'"
fi
if [[ -d $dir/vkbundle ]]; then
  step vulkan "$limit" bash -c "cd '$dir/vkbundle' && scripts/vulkan-check.sh --quick"
fi
if [[ -d $dir/hip-e2e ]]; then
  rm -rf build-hip-e2e
  ln -s "$dir/hip-e2e" build-hip-e2e
  step hip "$limit" scripts/hip-check.sh --quick
fi
if [[ -x build-cuda-check/bin/ckpt-bench-cuda ]]; then
  step bench-cuda "$limit" env CKPT_TRACE=0 build-cuda-check/bin/ckpt-bench-cuda --reps=100
  tail -30 "$logs/bench-cuda.log"
fi

echo
echo "=== gpu-check"
printf '%s\n' "${results[@]}"
exit $status
