#!/usr/bin/env bash
# Every GPU check of the project in one call of the GPU machine, the most needed first:
#
#   scripts/gpu-check.sh --prepare [DIR]    here, with the compiler built in build/
#   scripts/gpu-check.sh [DIR]              on the GPU machine, at the checkout's root
#
# DIR defaults to .dev/gpu in the main checkout (ignored by git; name it in the device
# tool's `carry`, next to .gl, the Vulkan loader's packages). --prepare precompiles there
#   cuda-e2e/   the end-to-end suite for target=cuda            (scripts/build-e2e.sh)
#   random.tar.xz  generated programs for target=cuda, with the oracle's expected output;
#               seeds GPU_RANDOM_SEEDS (default 0-500, the last excluded), compressed
#               (objects compress about 8x, so 500 fit in a call)
#   hip-e2e/    the end-to-end suite for target=hip chips=sm_90
#   vkbundle/   what scripts/vulkan-check.sh needs, the suite for target=vulkan included
#   contact/    the contact benchmark's kernels for cuda and vulkan (bench/contact/prepare-gpu.sh)
#   include/    DLPack's header (libdlpack-dev), which the GPU machine lacks
# and says how big it is: a call carries at most 64 MiB, the checkout included.
#
# On the GPU machine each step runs with a time limit (GPU_STEP_SECONDS, default 240; the
# random programs GPU_RANDOM_SECONDS, default half that) and writes its log to $OUT (the
# device tool's folder) or to gpu-check-logs/:
#   1. scripts/cuda-check.sh --quick --no-bench on cuda-e2e/ (unit tests, memcheck, e2e);
#   2. the random programs, linked with that runtime and run 14 at a time;
#   3. scripts/vulkan-check.sh --quick in vkbundle/ (NVIDIA's Vulkan driver; the loader
#      must be installed first: `for f in .gl/*.deb; do dpkg -x $f /; done; ldconfig` and
#      VK_DRIVER_FILES, as the device tool's README says);
#   4. scripts/hip-check.sh --quick on hip-e2e/ (runtime/hip over the HIP-on-CUDA shim);
#   5. the CUDA benchmark (bench/cuda);
#   6. the contact benchmark on CUDA and Vulkan (bench/contact/run-gpu.sh, from vkbundle/,
#      whose Vulkan headers and shader stand-in it needs);
#   7. the CPU target's threads on the machine's cores, and its dispatch overhead
#      (bench/bench_cpu_threads.c, bench/bench_cpu.c).
# GPU_VULKAN_ARGS (default --quick; empty for the whole Vulkan check) are the Vulkan step's.
# GPU_STEPS (default all: cuda random vulkan hip bench-cuda contact cpu-threads) picks steps; random
# needs cuda's runtime. Ends with one line per step and exits non-zero if any failed.
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
  seeds=${GPU_RANDOM_SEEDS:-0-500}
  sources=$(mktemp -d)
  python3 test/random/gen.py "$seeds" "$sources" > /dev/null
  scripts/build-e2e.sh cuda "$sources/random" "$sources"
  tar -C "$sources" -cJf "$dir/random.tar.xz" random
  rm -rf "$sources"
  scripts/build-e2e.sh hip "$dir/hip-e2e"
  scripts/vulkan-check.sh --prepare "$dir/vkbundle"
  bench/contact/prepare-gpu.sh "$dir/contact"
  mkdir -p "$dir/include"
  cp -r /usr/include/dlpack "$dir/include/"
  size=$(du -sm "$dir" | cut -f1)
  echo "gpu-check: prepared $dir ($size MiB; a call carries 64 MiB with the checkout)"
  ((size < 58)) || echo "gpu-check: too big to carry: prepare fewer seeds (GPU_RANDOM_SEEDS)"
  exit 0
fi

dir=${1:-.dev/gpu}
[[ -d $dir ]] || { echo "gpu-check: no $dir: run scripts/gpu-check.sh --prepare here first"; exit 1; }
dir=$(realpath "$dir")
# DLPack's header, for the runtime's DLPack helper and its test (CMake's find_path and gcc).
export CMAKE_INCLUDE_PATH=$dir/include${CMAKE_INCLUDE_PATH:+:$CMAKE_INCLUDE_PATH}
export CPATH=$dir/include${CPATH:+:$CPATH}
logs=${OUT:-$PWD/gpu-check-logs}
mkdir -p "$logs"
limit=${GPU_STEP_SECONDS:-240}
random_limit=${GPU_RANDOM_SECONDS:-$((limit / 2))}
steps=" ${GPU_STEPS:-cuda random vulkan hip bench-cuda contact cpu-threads} "
wanted() { [[ $steps == *" $1 "* ]]; }
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

wanted cuda && step cuda "$limit" env E2E_DIR="$dir/cuda-e2e" scripts/cuda-check.sh --quick --no-bench
if wanted random && [[ -d build-cuda-check/runtime ]]; then
  random=$dir/random
  [[ -d $random ]] || { mkdir -p "$dir" && tar -C "$dir" -xJf "$dir/random.tar.xz"; }
  step random "$random_limit" bash -c "$(declare -f run_programs)
    run_programs '$random' '$PWD/build-cuda-check/runtime'"
fi
if wanted vulkan && [[ -d $dir/vkbundle ]]; then
  step vulkan "$limit" bash -c "cd '$dir/vkbundle' && scripts/vulkan-check.sh ${GPU_VULKAN_ARGS---quick}"
fi
if wanted hip && [[ -d $dir/hip-e2e ]]; then
  rm -rf build-hip-e2e
  ln -s "$dir/hip-e2e" build-hip-e2e
  step hip "$limit" scripts/hip-check.sh --quick
fi
if wanted bench-cuda && [[ -x build-cuda-check/bin/ckpt-bench-cuda ]]; then
  step bench-cuda "$limit" env CKPT_TRACE=0 build-cuda-check/bin/ckpt-bench-cuda --reps=100
  tail -30 "$logs/bench-cuda.log"
fi
if wanted contact && [[ -d $dir/contact && -d $dir/vkbundle ]]; then
  step contact "$limit" bash -c "cd '$dir/vkbundle' && bench/contact/run-gpu.sh '$dir/contact'"
  grep -v '^\[' "$logs/contact.log" | tail -40
fi
if wanted cpu-threads && [[ -x build-cuda-check/bin/ckpt-bench-cpu-threads ]]; then
  step cpu-threads "$limit" env CKPT_TRACE=0 bash -c \
    "build-cuda-check/bin/ckpt-bench-cpu-threads --reps=31 && build-cuda-check/bin/ckpt-bench-cpu"
  tail -30 "$logs/cpu-threads.log"
fi

echo
echo "=== gpu-check"
printf '%s\n' "${results[@]}"
exit $status
