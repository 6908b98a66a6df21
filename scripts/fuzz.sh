#!/usr/bin/env bash
# Fuzzes ckpt until the time is up, on every local target, and shrinks what fails.
#
#   scripts/fuzz.sh [SECONDS]          default 600
#
# Fuzzers, run one after the other, each given its share of SECONDS:
#   generated  test/random: programs from fresh seeds (printed, so a failure can be
#              replayed with test/random/run.py --targets T SEED), run with ckpt-run on
#              cpu and, where the build has the Vulkan target, vulkan, and compared with the
#              oracle; each failing program is reduced (test/random/reduce.py).
#   libfuzzer  scripts/libfuzzer.sh: the libFuzzer targets of test/fuzz, each for a third
#              of the share (skipped where clang-22 with libFuzzer is missing).
# FUZZERS="generated" (a list) runs only those. Failures and their reductions go to
# fuzz-out/ (FUZZ_OUT). Uses the compiler in build/ (BUILD_DIR). Exits non-zero if any
# fuzzer found a failure.
#
# A new fuzzer is a function fuzz_NAME taking its seconds, returning non-zero on a failure,
# and a line in `fuzzers` below.
set -uo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-600}
build=${BUILD_DIR:-build}
out=${FUZZ_OUT:-fuzz-out}
ckpt_run=$build/bin/ckpt-run
[[ -x $ckpt_run ]] || { echo "fuzz: $ckpt_run is missing; build first (scripts/build.sh)" >&2; exit 2; }
mkdir -p "$out"

targets=cpu
grep -q '^CKPT_ENABLE_VULKAN:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null && targets=cpu,vulkan

fuzz_generated() {
  local until=$((SECONDS + $1)) programs=0 status=0 log=$out/generated.log
  : > "$log"
  while ((SECONDS < until)); do
    if ! python3 test/random/run.py --targets "$targets" --ckpt-run "$ckpt_run" \
           --keep "$out/generated" fresh:5 >> "$log" 2>&1; then
      status=1
    fi
    programs=$((programs + 5))
  done
  local failing
  failing=$(grep '^FAIL ' "$log" | sort -u -k2,3)
  if [[ -n $failing ]]; then
    echo "$failing"
    while read -r _ seed target _; do
      target=${target%:}
      python3 test/random/reduce.py "$out/generated/$seed.json" --target "$target" \
        --ckpt-run "$ckpt_run" | tail -1
    done <<< "$failing"
  fi
  echo "fuzz generated: $programs programs on $targets, $(grep -c '^FAIL ' "$log") failures" \
       "(seeds in $log)"
  return $status
}

fuzz_libfuzzer() {
  scripts/libfuzzer.sh $(($1 / 3 > 1 ? $1 / 3 : 1))
  local status=$?
  ((status == 77)) && return 0
  return $status
}

fuzzers=(${FUZZERS:-generated libfuzzer})
share=$((seconds / ${#fuzzers[@]}))
status=0
for fuzzer in "${fuzzers[@]}"; do
  "fuzz_$fuzzer" "$share" || status=1
done
exit $status
