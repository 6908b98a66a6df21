#!/usr/bin/env bash
# Everything the Vulkan target needs checked on a GPU machine, in one run:
#
#   scripts/vulkan-check.sh --prepare [BUNDLE]   here, with the compiler built in build/
#   scripts/vulkan-check.sh [--quick] [--no-bench]   on the GPU machine, at the bundle's root
#
# --prepare collects into BUNDLE (default: .dev/vkbundle in the main checkout, which the
# GPU machine's tool carries) what a machine with a Vulkan driver, cmake, ninja and a C
# compiler but no LLVM/MLIR, Vulkan headers or glslang needs: this checkout's files, the
# end-to-end suite precompiled for target=vulkan (scripts/build-e2e.sh), the Vulkan C
# headers, the SPIR-V headers of the runtime's and the benchmark's shaders as built here
# (a stand-in for glslangValidator hands them out, keyed by their source's checksum), and
# the Khronos validation layers (Debian's vulkan-validationlayers, amd64).
#
# The check, where the Vulkan loader is installed (the GPU tool's README says how):
#   1. builds the runtime only (-DCKPT_BUILD_COMPILER=OFF) in build-vulkan-check/;
#   2. runs the runtime's unit tests and the benchmark's smoke run (ctest);
#   3. runs every precompiled end-to-end program, linked with that runtime and a printing
#      shim, once per configuration: the default (no layers), then under the validation
#      layers (CKPT_VULKAN_VALIDATION=1) in each memory mode (staged, mapped, host), with
#      control steps, and with every yield check on the device. Each run must exit 0 (no crash at exit), print no validation
#      message, and give the CPU target's stdout and stderr;
#   4. runs bench/vulkan (LP_NUM_THREADS=0: one row set each) with the defaults, then
#      with every yield check on the device (with and without overlap) and in the other
#      memory modes, with the plain command buffer and an empty submission as baseline
#      columns, each setting's table followed by its phase breakdown (CKPT_PROFILE, with
#      timestamp device time), and the queued-launch benchmark
#      (bench/vulkan/bench_vulkan_async.c), and prints the tables last.
# --quick: one validation configuration (staged) and fewer benchmark repetitions;
# --no-bench: steps 1-3 only.
# Exits non-zero if any step failed; the summary says which.
set -uo pipefail
cd "$(dirname "$0")/.."

if [[ ${1:-} == --prepare ]]; then
  set -e
  main_checkout=$(git worktree list --porcelain | awk '/^worktree /{print $2; exit}')
  bundle=${2:-$main_checkout/.dev/vkbundle}
  ninja -C "${BUILD_DIR:-build}" > /dev/null
  rm -rf "$bundle"
  mkdir -p "$bundle/.vk/include" "$bundle/.vk/shaders"
  # This checkout's files as they are now, committed or not.
  git ls-files -co --exclude-standard -z |
    while IFS= read -r -d '' file; do
      [[ -f $file ]] && cp --parents "$file" "$bundle/"
    done
  scripts/build-e2e.sh vulkan "$bundle/build-vulkan-e2e"
  cp -r /usr/include/vulkan "$bundle/.vk/include/"
  rm -f "$bundle/.vk/include/vulkan/"*.hpp
  [[ -d /usr/include/vk_video ]] && cp -r /usr/include/vk_video "$bundle/.vk/include/"
  build=${BUILD_DIR:-build}
  for pair in runtime/vulkan/shaders/control.comp:runtime/vulkan/shaders/control.spv.h \
              runtime/vulkan/shaders/yield.comp:runtime/vulkan/shaders/yield.spv.h \
              runtime/vulkan/shaders/queue.comp:runtime/vulkan/shaders/queue.spv.h \
              test/runtime/embed_task.comp:test/runtime/shaders/embed_task.spv.h \
              test/runtime/count_task.comp:test/runtime/shaders/count_task.spv.h \
              bench/vulkan/task.comp:bench/vulkan/shaders/task.spv.h; do
    source=${pair%%:*} header=$build/${pair#*:}
    cp "$header" "$bundle/.vk/shaders/$(sha256sum < "$source" | cut -c1-64).spv.h"
  done
  cat > "$bundle/.vk/glslang-standin.sh" <<'EOF'
#!/usr/bin/env bash
# Stands in for glslangValidator: copies the header built by --prepare from the same source.
set -euo pipefail
out= input=
while (($#)); do
  case $1 in
    -o) out=$2; shift ;;
    *) input=$1 ;;
  esac
  shift
done
header=$(dirname "$0")/shaders/$(sha256sum < "$input" | cut -c1-64).spv.h
[[ -f $header ]] || { echo "glslang stand-in: $input changed since --prepare" >&2; exit 1; }
cp "$header" "$out"
EOF
  chmod +x "$bundle/.vk/glslang-standin.sh"
  layers=$(ls "$main_checkout"/.dev/vkgpu/vulkan-validationlayers_*_amd64.deb 2>/dev/null | head -1 || true)
  if [[ -z $layers ]]; then
    o=(-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/amd64)
    mkdir -p /tmp/amd64/partial
    apt-get "${o[@]}" update > /dev/null
    (cd "$bundle/.vk" && apt-get "${o[@]}" download vulkan-validationlayers)
  else
    cp "$layers" "$bundle/.vk/"
  fi
  du -sh "$bundle"
  echo "vulkan-check: bundle ready in $bundle; on the GPU machine run scripts/vulkan-check.sh there"
  exit 0
fi

quick=0 bench=1
for arg in "$@"; do
  case $arg in
    --quick) quick=1 ;;
    --no-bench) bench=0 ;;
    *) echo "usage: scripts/vulkan-check.sh [--quick] [--no-bench]"; exit 2 ;;
  esac
done
build=build-vulkan-check
e2e=build-vulkan-e2e
summary=()
status=0
note() { summary+=("$*"); }
fail() { summary+=("FAILED: $*"); status=1; }
section() { printf '\n=== %s\n' "$*"; }

section "device"
command -v nvidia-smi > /dev/null &&
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
loader=$(ldconfig -p | awk '/libvulkan\.so\.1 /{print $NF; exit}')
[[ -n $loader ]] || { echo "vulkan-check: no libvulkan.so.1 (install the loader first)"; exit 1; }
echo "loader: $loader"

# The validation layers, unpacked here (never into /).
if [[ -d .vk ]] && ls .vk/vulkan-validationlayers_*.deb > /dev/null 2>&1; then
  rm -rf .vk/layers
  dpkg -x .vk/vulkan-validationlayers_*.deb .vk/layers
  export VK_LAYER_PATH=$PWD/.vk/layers/usr/share/vulkan/explicit_layer.d
  export LD_LIBRARY_PATH=$PWD/.vk/layers/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
fi

section "build (runtime only)"
cmake_args=(-G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCKPT_BUILD_COMPILER=OFF
            -DCKPT_ENABLE_CUDA=OFF -DCKPT_ENABLE_HIP=OFF -DCKPT_ENABLE_VULKAN=ON)
[[ -d .vk/include ]] && cmake_args+=(-DVulkan_INCLUDE_DIR="$PWD/.vk/include"
                                     -DVulkan_LIBRARY="$loader")
command -v glslangValidator > /dev/null ||
  cmake_args+=(-DCKPT_GLSLANG_VALIDATOR="$PWD/.vk/glslang-standin.sh")
mkdir -p "$build"
if ! cmake -S . -B "$build" "${cmake_args[@]}" > "$build/configure.log" 2>&1; then
  tail -20 "$build/configure.log"
  echo "vulkan-check: configure failed"
  exit 1
fi
grep -E "ckpt:" "$build/configure.log"
if ! ninja -C "$build" > "$build/build.log" 2>&1; then
  tail -30 "$build/build.log"
  echo "vulkan-check: build failed"
  exit 1
fi
runtime_dir=$PWD/$build/runtime

section "runtime unit tests and the benchmark's smoke run"
if CKPT_TRACE=0 ctest --test-dir "$build" -R "runtime|bench-vulkan" --output-on-failure; then
  note "runtime unit tests (test_vulkan_exit among them) and bench-vulkan-smoke: passed"
else
  fail "runtime unit tests or bench-vulkan-smoke (see above)"
fi

section "end-to-end suite (precompiled for target=vulkan)"
configs=("default:" "staged+validation:CKPT_VULKAN_MEMORY=staged CKPT_VULKAN_VALIDATION=1")
if ((!quick)); then
  configs+=("mapped+validation:CKPT_VULKAN_MEMORY=mapped CKPT_VULKAN_VALIDATION=1"
            "host+validation:CKPT_VULKAN_MEMORY=host CKPT_VULKAN_VALIDATION=1"
            "control-steps+validation:CKPT_VULKAN_CONDITIONAL=0 CKPT_VULKAN_VALIDATION=1"
            "device-checks+validation:CKPT_VULKAN_STATIC_FLAGS=0 CKPT_VULKAN_VALIDATION=1")
fi
if [[ ! -d $e2e ]]; then
  fail "no $e2e/: run scripts/vulkan-check.sh --prepare on a machine with MLIR"
else
  mkdir -p "$build/e2e"
  cc -O1 -c "$e2e/e2e_shim.c" -o "$build/e2e/shim.o"
  programs=()
  for object in "$e2e"/*.o; do
    name=$(basename "$object" .o)
    if cc "$object" "$build/e2e/shim.o" -L"$runtime_dir" -lckpt_runtime -lm \
         -Wl,-rpath,"$runtime_dir" -o "$build/e2e/$name"; then
      programs+=("$name")
    else
      fail "e2e $name: link failed"
    fi
  done
  for config in "${configs[@]}"; do
    label=${config%%:*} settings=${config#*:}
    passed=0 failed=0
    for name in "${programs[@]}"; do
      program=$build/e2e/$name
      env CKPT_TRACE=0 $settings timeout 120 "$program" > "$program.out" 2> "$program.err"
      code=$?
      if ((code == 0)) && cmp -s "$program.out" "$e2e/$name.expected" &&
         cmp -s "$program.err" "$e2e/$name.expected-stderr" &&
         ! grep -q "Vulkan validation" "$program.err"; then
        passed=$((passed + 1))
      else
        echo "FAIL [$label] $name (exit $code)"
        diff "$e2e/$name.expected" "$program.out" | head -8
        diff "$e2e/$name.expected-stderr" "$program.err" | head -6
        failed=$((failed + 1))
      fi
    done
    line="e2e [$label]: $passed passed, $failed failed"
    echo "$line"
    if ((failed > 0)); then fail "$line"; else note "$line"; fi
  done
  for reason in "$e2e"/*.failed; do
    [[ -e $reason ]] || continue
    note "not lowered for vulkan: $(basename "$reason" .failed): $(head -1 "$reason")"
  done
fi

section "summary"
printf '%s\n' "${summary[@]}"
((bench)) || exit $status

section "benchmark"
bench=$build/bin/ckpt-bench-vulkan
reps=400
((quick)) && reps=100
# The defaults, then ablations: every yield check on the device (with and without
# overlap), and the other memory modes.
for setting in CKPT_TRACE=0 CKPT_VULKAN_STATIC_FLAGS=0 \
               "CKPT_VULKAN_STATIC_FLAGS=0 CKPT_VULKAN_OVERLAP=0" \
               CKPT_VULKAN_MEMORY=mapped CKPT_VULKAN_MEMORY=host; do
  echo "settings: $setting"
  if ! env CKPT_TRACE=0 LP_NUM_THREADS=0 $setting "$bench" --reps=$reps; then
    echo "FAILED: the benchmark ($setting)"
    status=1
  fi
done
# Queued launches (issue #16): 100 no-yield launches with one wait, against 100 plain
# submissions with one wait.
async_bench=$build/bin/ckpt-bench-vulkan-async
if [[ -x $async_bench ]]; then
  # Staged memory (the default on a discrete GPU) queues host-ordered; host memory shows
  # the queue gated on the device.
  for memory in default host; do
    echo "queued launches (memory: $memory):"
    setting=CKPT_TRACE=0
    [[ $memory == host ]] && setting=CKPT_VULKAN_MEMORY=host
    if ! env CKPT_TRACE=0 LP_NUM_THREADS=0 $setting "$async_bench"; then
      echo "FAILED: the queued-launch benchmark ($memory memory)"
      status=1
    fi
  done
fi
exit $status
