#!/usr/bin/env bash
# Runs the libFuzzer targets of test/fuzz, each for SECONDS (default 60), in build-fuzz/
# (configured here with clang-22 and -DCKPT_FUZZ=ON). Each starts from the committed corpus
# test/fuzz/corpus/<target> and the regressions beside it; fuzz_compiler also from every
# test and example .mlir file, split at `// -----`, with test/fuzz/compiler.dict. Inputs
# that add coverage collect in build-fuzz/fuzz/<target>/corpus; a failing input is written
# to build-fuzz/fuzz/<target>/crash-* (or leak-*, timeout-*, oom-*), and the script exits
# non-zero naming it, with the stack and the input in base64. Runs at nice 19.
#
#   scripts/libfuzzer.sh [SECONDS] [TARGET...]      targets: plan launch compiler
#   scripts/libfuzzer.sh --merge [TARGET...]         folds build-fuzz/fuzz/<target>/corpus
#                                                    into the committed corpus, minimised
#
# Exits 77 when clang-22 or libFuzzer's runtime is missing, so callers can skip it.
set -uo pipefail
cd "$(dirname "$0")/.."

merge=0
seconds=60
if [[ "${1:-}" == --merge ]]; then
  merge=1
  shift
elif [[ "${1:-}" =~ ^[0-9]+$ ]]; then
  seconds=$1
  shift
fi
targets=("$@")
((${#targets[@]})) || targets=(plan launch compiler)

if ! command -v clang-22 >/dev/null ||
   [[ ! -f "$(clang-22 -print-file-name=libclang_rt.fuzzer-x86_64.a 2>/dev/null)" &&
      ! -f "$(clang-22 -print-resource-dir 2>/dev/null)/lib/linux/libclang_rt.fuzzer-x86_64.a" ]]; then
  echo "libfuzzer: clang-22 with libFuzzer (libclang-rt-22-dev) is not installed; skipped"
  exit 77
fi

# Configured once; only the fuzz targets and what they link are built (not the whole tree).
build=build-fuzz
if [[ ! -f $build/build.ninja ]]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 -DCKPT_FUZZ=ON \
    -DCKPT_ENABLE_CUDA=OFF -DCKPT_ENABLE_VULKAN=OFF -DCKPT_ENABLE_HIP=OFF \
    -DCKPT_BUILD_BENCH=OFF >/dev/null || { echo "libfuzzer: configuring $build failed"; exit 1; }
fi
ninja -C "$build" "${targets[@]/#/fuzz_}" >/dev/null ||
  { echo "libfuzzer: building the targets failed"; exit 1; }

# The compiler's seeds: every test and example program, one file per split-input part.
make_compiler_seeds() {
  local out=$1 file part=0
  rm -rf "$out" && mkdir -p "$out"
  while IFS= read -r file; do
    awk -v out="$out" -v base="$(echo "$file" | tr / _)" '
      /^\/\/ -----/ { part++; next }
      { print > (out "/" base "." part) }' "$file"
  done < <(find test examples -name '*.mlir' | sort)
}

# Detected leaks are bugs too; the sanitizers stop at the first report.
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export CKPT_TRACE=0

status=0
for target in "${targets[@]}"; do
  binary="$build/bin/fuzz_$target"
  work="$build/fuzz/$target"
  mkdir -p "$work/corpus"
  committed="test/fuzz/corpus/$target"
  options=()
  seeds=()
  if [[ $target == compiler ]]; then
    make_compiler_seeds "$work/seeds"
    options=(-dict=test/fuzz/compiler.dict -timeout=20 -max_len=8192)
    seeds=("$work/seeds")
  fi
  if ((merge)); then
    # The committed corpus becomes the smallest set with the coverage of both.
    rm -rf "$work/merged" && mkdir -p "$work/merged"
    nice -n 19 "$binary" -merge=1 "$work/merged" "$committed" "$work/corpus" "${seeds[@]}" \
      2>"$work/merge.log" || { echo "libfuzzer: merging $target failed"; status=1; continue; }
    rm -f "$committed"/* && cp "$work/merged"/* "$committed"/
    # Seeds are made from the test files each run: the committed corpus keeps only what
    # they lack (libFuzzer names each merged input by its SHA-1).
    if ((${#seeds[@]})); then
      for seed in "${seeds[0]}"/*; do
        rm -f "$committed/$(sha1sum "$seed" | cut -d' ' -f1)"
      done
    fi
    echo "libfuzzer: $target: $(ls "$committed" | wc -l) inputs in $committed"
    continue
  fi
  echo "libfuzzer: fuzz_$target for ${seconds}s"
  nice -n 19 "$binary" -max_total_time="$seconds" -print_final_stats=1 \
    -artifact_prefix="$work/" "${options[@]}" "$work/corpus" "$committed" \
    "test/fuzz/regressions/$target" "${seeds[@]}" \
    >"$work/log" 2>&1
  code=$?
  grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$work/log" | sed "s/^/libfuzzer: $target: /"
  grep -E '^#[0-9]+ +DONE' "$work/log" | tail -1 | sed "s/^/libfuzzer: $target: /"
  if ((code != 0)); then
    echo "libfuzzer: fuzz_$target FAILED (exit $code); log $work/log, input:"
    grep -E 'Test unit written to' "$work/log" | sed 's/^/  /'
    grep -E 'ERROR:|check failed|runtime error' "$work/log" | head -3 | sed 's/^/  /'
    # CI keeps only this output: the stack and the input itself make the failure
    # reproducible elsewhere (`base64 -d > input; build-fuzz/bin/fuzz_<target> input`).
    grep -E '^ +#[0-9]+ 0x' "$work/log" | head -16 | sed 's/^ */  /'
    artifact=$(grep -oE 'Test unit written to [^ ]+' "$work/log" | tail -1 | cut -d' ' -f5)
    if [[ -n $artifact && -f $artifact ]]; then
      echo "  input (base64):"
      base64 -w 100 "$artifact" | sed 's/^/    /'
    fi
    status=1
  fi
done
exit $status
