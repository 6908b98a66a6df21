#!/usr/bin/env bash
# The contact benchmark on a GPU machine, in one run (bench/contact/README.md):
#
#   bench/contact/run-gpu.sh [OBJECT_DIR]    default: .dev/contact
#
# At the root of a checkout, on a machine with the NVIDIA driver, cmake, ninja and a C
# compiler but no LLVM/MLIR. OBJECT_DIR holds contact_cuda.o and contact_vulkan.o from
# bench/contact/prepare-gpu.sh. It builds the runtime only (build-contact/), links the
# benchmark for each target it can, and runs, each with a check of every variant's final
# state (a run that fails or disagrees fails the script):
#   CUDA, managed memory (used in place): 100,000 bodies, then 1,000,000;
#   CUDA, host memory (the runtime mirrors it): 100,000 bodies;
#   Vulkan (where a loader and Vulkan headers are found; from the bundle of
#   scripts/vulkan-check.sh --prepare they are): 100,000 bodies.
# Tables go to stdout and, as CSV for bench/contact/plot.py, to $OUT (else
# build-contact/results). $CONTACT_ARGS is added to every run (--steps=40, or --smoke to
# try the script quickly).
set -uo pipefail
cd "$(dirname "$0")/../.."
objects=${1:-.dev/contact}
results=${OUT:-build-contact/results}
build=build-contact
export PATH="$PATH:/usr/local/cuda/bin"
mkdir -p "$build" "$results"
status=0

echo "=== device"
command -v nvidia-smi > /dev/null &&
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
device=$(nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null | head -1)

echo "=== build (runtime only)"
loader=$(ldconfig -p | awk '/libvulkan\.so\.1 /{print $NF; exit}')
cmake_args=(-G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCKPT_BUILD_COMPILER=OFF
            -DCKPT_BUILD_BENCH=OFF -DCKPT_ENABLE_HIP=OFF -DBUILD_TESTING=OFF)
vulkan=0
glslang=$(command -v glslangValidator || true)
[[ -z $glslang && -x .vk/glslang-standin.sh ]] && glslang=$PWD/.vk/glslang-standin.sh
if [[ -n $loader && -n $glslang && ( -d .vk/include || -d /usr/include/vulkan ) ]]; then
  vulkan=1
  cmake_args+=(-DCKPT_ENABLE_VULKAN=ON)
  [[ -d .vk/include ]] && cmake_args+=(-DVulkan_INCLUDE_DIR="$PWD/.vk/include"
                                       -DVulkan_LIBRARY="$loader")
  cmake_args+=(-DCKPT_GLSLANG_VALIDATOR="$glslang")
else
  cmake_args+=(-DCKPT_ENABLE_VULKAN=OFF)
fi
if ! cmake -S . -B "$build" "${cmake_args[@]}" > "$build/configure.log" 2>&1 ||
   ! ninja -C "$build" > "$build/build.log" 2>&1; then
  tail -30 "$build/configure.log" "$build/build.log"
  echo "run-gpu: the runtime did not build"
  exit 1
fi
runtime_dir=$PWD/$build/runtime

# Links the benchmark for target $1 as $build/contact-$1.
link() {
  cc -std=c11 -O2 -DCONTACT_TARGET="\"$1\"" bench/contact/bench_contact.c \
    bench/contact/contact_state.c bench/contact/contact_memory.c "$objects/contact_$1.o" \
    -L"$runtime_dir" -lckpt_runtime -lm -ldl -Wl,-rpath,"$runtime_dir" -o "$build/contact-$1"
}

# Runs one configuration: a name for the CSV, then the program and its arguments.
run() {
  local name=$1
  shift
  echo
  echo "=== $name: $*"
  # shellcheck disable=SC2086 # CONTACT_ARGS is a list of options
  if ! CKPT_TRACE=0 "$@" --device="$device" --csv="$results/$name.csv" ${CONTACT_ARGS:-}; then
    echo "FAILED: $name"
    status=1
  fi
}

if link cuda; then
  run cuda-managed-100k "$build/contact-cuda" --memory=cuda-managed --bodies=100000
  run cuda-managed-1m "$build/contact-cuda" --memory=cuda-managed --bodies=1000000
  run cuda-host-100k "$build/contact-cuda" --memory=host --bodies=100000
else
  echo "FAILED: linking the CUDA benchmark"
  status=1
fi
if ((vulkan)); then
  if link vulkan; then
    run vulkan-100k "$build/contact-vulkan" --bodies=100000
  else
    echo "FAILED: linking the Vulkan benchmark"
    status=1
  fi
else
  echo "no Vulkan loader, headers or shader compiler (run from the bundle of" \
       "scripts/vulkan-check.sh --prepare): Vulkan not run"
fi
ls "$results"
exit $status
