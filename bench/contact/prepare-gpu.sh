#!/usr/bin/env bash
# Precompiles the contact benchmark's kernel for the GPU targets, for a GPU machine that
# has no LLVM/MLIR (bench/contact/run-gpu.sh links and runs what this leaves).
#
#   bench/contact/prepare-gpu.sh [OUT_DIR]    default: .dev/contact in the main checkout
#
# Runs here, after the compiler is built (build/, or $BUILD_DIR). Writes contact_cuda.o and
# contact_vulkan.o (device code embedded), and checks the pipeline on the way: the same
# module for target=cpu, linked with this checkout's runtime, must pass a smoke run.
set -euo pipefail
cd "$(dirname "$0")/../.."
main_checkout=$(git worktree list --porcelain | awk '/^worktree /{print $2; exit}')
out=${1:-$main_checkout/.dev/contact}
build=${BUILD_DIR:-build}
llvm_bin=${LLVM_BIN:-/usr/lib/llvm-22/bin}
[[ -x $build/bin/ckpt-opt ]] || { echo "prepare-gpu: build the compiler first" >&2; exit 1; }
runtime_dir=$(cd "$(dirname "$(find "$build" -name 'libckpt_runtime.so' -print -quit)")" && pwd)

mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bench/contact/assemble.sh > "$work/contact.mlir"
for target in cpu cuda vulkan; do
  "$build/bin/ckpt-opt" "$work/contact.mlir" --ckpt-lower-to-llvm=target=$target \
    -o "$work/$target.mlir"
  "$llvm_bin/mlir-translate" --mlir-to-llvmir "$work/$target.mlir" -o "$work/$target.ll"
  "$llvm_bin/llc" -O2 -filetype=obj -relocation-model=pic "$work/$target.ll" \
    -o "$out/contact_$target.o"
done
cc -std=c11 -O2 -DCONTACT_TARGET='"cpu"' bench/contact/bench_contact.c \
  bench/contact/contact_state.c bench/contact/contact_memory.c "$out/contact_cpu.o" \
  -L"$runtime_dir" -lckpt_runtime -lm -ldl -Wl,-rpath,"$runtime_dir" -o "$work/contact-cpu"
CKPT_TRACE=0 "$work/contact-cpu" --smoke > "$work/smoke.txt"
tail -1 "$work/smoke.txt"
rm -f "$out/contact_cpu.o"
ls -l "$out"
echo "prepare-gpu: objects in $out; on the GPU machine: bench/contact/run-gpu.sh $out"
