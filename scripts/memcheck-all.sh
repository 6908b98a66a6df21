#!/usr/bin/env bash
# Runs compute-sanitizer memcheck on programs, several at once (the GPU machine has the
# cores, and one run is mostly the sanitizer's own host work):
#
#   scripts/memcheck-all.sh PROGRAM...
#
# Each program's report goes to PROGRAM.sanitizer. Prints the errors of each dirty program
# and ends with one line "memcheck: clean N, errors M"; exits non-zero if any had errors.
# MEMCHECK_JOBS (default 8) runs at once, MEMCHECK_SECONDS (default 120) bounds each.
set -uo pipefail
sanitizer=$(command -v compute-sanitizer || echo /usr/local/cuda/bin/compute-sanitizer)
export sanitizer seconds=${MEMCHECK_SECONDS:-120}
printf '%s\0' "$@" | xargs -0 -r -P "${MEMCHECK_JOBS:-8}" -I{} sh -c '
  if CKPT_TRACE=0 timeout "$seconds" "$sanitizer" --tool memcheck --error-exitcode 99 "$1" \
       > "$1.sanitizer" 2>&1; then echo "CLEAN $1"
  else echo "DIRTY $1"; fi' _ {} > "${TMPDIR:-/tmp}/memcheck-all.$$"
clean=$(grep -c '^CLEAN' "${TMPDIR:-/tmp}/memcheck-all.$$")
dirty=0
while read -r _ program; do
  echo "memcheck reports errors in $(basename "$program"):"
  grep -E "=========" "$program.sanitizer" | head -12
  dirty=$((dirty + 1))
done < <(grep '^DIRTY' "${TMPDIR:-/tmp}/memcheck-all.$$")
rm -f "${TMPDIR:-/tmp}/memcheck-all.$$"
echo "memcheck: clean $clean, errors $dirty"
((dirty == 0))
