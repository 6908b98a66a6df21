#!/usr/bin/env bash
# Precompiles the end-to-end suite for a device target, for a GPU machine that has no
# LLVM/MLIR (scripts/cuda-check.sh and scripts/vulkan-check.sh run what this leaves there).
#
#   scripts/build-e2e.sh cuda|vulkan|hip [OUT_DIR [SOURCE_DIR]]
#                  defaults: build-TARGET-e2e, test/e2e
#
# hip compiles with chips=$HIP_E2E_CHIPS (default sm_90: PTX that scripts/hip-check.sh runs
# through runtime/hip over the HIP-on-CUDA shim).
#
# Runs here, on the development machine, after the compiler is built (build/, or $BUILD_DIR).
# For every SOURCE_DIR/*.mlir (any directory of programs, generated ones for instance):
#   NAME.o         ckpt-opt --ckpt-lower-to-llvm=target=TARGET | mlir-translate | llc, with
#                  @main renamed ckpt_e2e_main (the shim's main calls it); device code
#                  (PTX, SPIR-V) is embedded in it
#   NAME.expected  the reference output: SOURCE_DIR/NAME.expected where there is one (the
#                  oracle's, for programs written by test/random/gen.py; a test the CPU
#                  target refuses, test/e2e/workgroup-memory.mlir), else stdout of
#                  `ckpt-run NAME.mlir --target=cpu`
#   NAME.expected-stderr  ckpt-run's stderr (runtime errors some tests expect); empty with
#                  a given NAME.expected
#   NAME.failed    instead of NAME.o when the file does not lower for the target (why)
# plus e2e_shim.c: main() and the print functions vector.print lowers to, the subset of
# MLIR's libmlir_c_runner_utils the suite uses, printing the same text.
#
# The pipeline itself is checked here: each file is also compiled for target=cpu, linked
# with the shim and the runtime, run, and its output compared with ckpt-run's.
set -euo pipefail
cd "$(dirname "$0")/.."

target=${1:-}
if [[ $target != cuda && $target != vulkan && $target != hip ]]; then
  echo "usage: scripts/build-e2e.sh cuda|vulkan|hip [OUT_DIR [SOURCE_DIR]]" >&2
  exit 2
fi
out=${2:-build-$target-e2e}
source_dir=${3:-test/e2e}
options=$target
[[ $target == hip ]] && options="hip chips=${HIP_E2E_CHIPS:-sm_90}"
build=${BUILD_DIR:-build}
llvm_bin=${LLVM_BIN:-/usr/lib/llvm-22/bin}
ckpt_opt=$build/bin/ckpt-opt
ckpt_run=$build/bin/ckpt-run
runtime_dir=$(dirname "$(find "$build" -name 'libckpt_runtime.so' -print -quit)")
for tool in "$ckpt_opt" "$ckpt_run" "$llvm_bin/mlir-translate" "$llvm_bin/llc" \
            "$llvm_bin/llvm-objcopy"; do
  [[ -x $tool ]] || { echo "build-e2e: $tool is missing; build the compiler first" >&2; exit 1; }
done

rm -rf "$out"
mkdir -p "$out"
cat > "$out/e2e_shim.c" <<'EOF'
/* main() for a precompiled end-to-end test, and the printing entry points vector.print
 * lowers to, printing what MLIR's libmlir_c_runner_utils prints. */
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

void ckpt_e2e_main(void);

void printI64(int64_t value) { printf("%" PRId64, value); }
void printU64(uint64_t value) { printf("%" PRIu64, value); }
void printF32(float value) {
  if (isnan(value) && signbit(value)) printf("-nan"); else printf("%g", value);
}
void printF64(double value) {
  if (isnan(value) && signbit(value)) printf("-nan"); else printf("%lg", value);
}
/* f16 and bf16 arrive as their bits; printed as the float they hold, like the runner. */
void printF16(uint16_t bits) {
  int exponent = (bits >> 10) & 0x1f, mantissa = bits & 0x3ff;
  float magnitude = exponent == 0    ? ldexpf((float)mantissa, -24)
                    : exponent == 31 ? (mantissa ? NAN : INFINITY)
                                     : ldexpf((float)(mantissa | 0x400), exponent - 25);
  printF32((bits & 0x8000) ? -magnitude : magnitude);
}
void printBF16(uint16_t bits) {
  uint32_t wide = (uint32_t)bits << 16;
  float value;
  memcpy(&value, &wide, sizeof(value));
  printF32(value);
}
void printString(const char *text) { fputs(text, stdout); }
void printOpen(void) { fputs("( ", stdout); }
void printClose(void) { fputs(" )", stdout); }
void printComma(void) { fputs(", ", stdout); }
void printNewline(void) { fputc('\n', stdout); }

int main(void) {
  ckpt_e2e_main();
  fflush(stdout);
  return 0;
}
EOF

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -O1 -c "$out/e2e_shim.c" -o "$work/shim.o"

# Lowers $1 for target $2 into object $3, with main renamed.
compile() {
  "$ckpt_opt" "$1" --ckpt-lower-to-llvm=target="$2" > "$work/lowered.mlir" 2> "$work/why" &&
    "$llvm_bin/mlir-translate" --mlir-to-llvmir "$work/lowered.mlir" > "$work/module.ll" 2>> "$work/why" &&
    "$llvm_bin/llc" -O2 -filetype=obj -relocation-model=pic "$work/module.ll" -o "$3" 2>> "$work/why" &&
    "$llvm_bin/llvm-objcopy" --redefine-sym main=ckpt_e2e_main "$3" 2>> "$work/why"
}

compiled=0 failed=0 shim_mismatch=0
for source in "$source_dir"/*.mlir; do
  name=$(basename "$source" .mlir)
  if [[ -f $source_dir/$name.expected ]]; then
    cp "$source_dir/$name.expected" "$out/$name.expected"
    : > "$out/$name.expected-stderr"
  else
    "$ckpt_run" "$source" --target=cpu > "$out/$name.expected" 2> "$out/$name.expected-stderr" || true
  fi
  if ! compile "$source" "$options" "$out/$name.o"; then
    cp "$work/why" "$out/$name.failed"
    rm -f "$out/$name.o"
    echo "build-e2e: $name does not lower for target=$target: $(head -1 "$work/why")"
    failed=$((failed + 1))
    continue
  fi
  compiled=$((compiled + 1))
  # A program the CPU target refuses (workgroup memory) brings its reference output along.
  if [[ -f $source_dir/$name.expected ]] && ! compile "$source" cpu "$work/cpu.o"; then
    echo "build-e2e: $name: the CPU target does not take it; $name.expected is the reference"
    continue
  fi
  # The same program for the CPU, through the shim, must print the reference output.
  if compile "$source" cpu "$work/cpu.o" &&
     cc "$work/cpu.o" "$work/shim.o" -L"$runtime_dir" -lckpt_runtime -lm \
        -Wl,-rpath,"$(cd "$runtime_dir" && pwd)" -o "$work/cpu" &&
     CKPT_TRACE=0 "$work/cpu" > "$work/cpu.out" 2> /dev/null; then
    if ! cmp -s "$work/cpu.out" "$out/$name.expected"; then
      echo "build-e2e: $name: the shim's output differs from the reference:"
      diff "$out/$name.expected" "$work/cpu.out" | head -5
      shim_mismatch=$((shim_mismatch + 1))
    fi
  else
    echo "build-e2e: $name: the target=cpu check build or run failed"
    shim_mismatch=$((shim_mismatch + 1))
  fi
done
echo "build-e2e: $compiled compiled into $out/, $failed do not lower for target=$target," \
     "$shim_mismatch pipeline mismatches on the CPU"
[[ $shim_mismatch -eq 0 ]]
