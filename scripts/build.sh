#!/usr/bin/env bash
# Configures (once) and builds ckpt with Ninja.
#
#   scripts/build.sh [BUILD_DIR [CMAKE_ARGS...]]     default: build
#
# Configures only when BUILD_DIR has no build.ninja yet or CMAKE_ARGS differ from the
# ones it was configured with; otherwise it is an incremental `ninja` (which re-runs
# CMake by itself when a CMakeLists.txt changed).
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${1:-build}
shift || true
cmake_args=(-G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@")
stamp="$build_dir/.ckpt-configure-args"

if [[ ! -f "$build_dir/build.ninja" || ! -f "$stamp" ||
      "$(cat "$stamp")" != "${cmake_args[*]}" ]]; then
  echo "build: configuring $build_dir (${cmake_args[*]})"
  cmake -S . -B "$build_dir" "${cmake_args[@]}"
  printf '%s' "${cmake_args[*]}" > "$stamp"
fi
echo "build: ninja -C $build_dir"
ninja -C "$build_dir"
