#!/usr/bin/env bash
# Sets up ckpt on a fresh Debian bookworm machine and runs the main job.
#
#   scripts/setup.sh        (as root, or as a user with sudo)
#
# 1. installs the dependencies (scripts/install-deps.sh: apt-get, skipped when done),
# 2. configures and builds in build/ (scripts/build.sh: incremental when done),
# 3. runs the main job: the contact-solver example on the CPU target, with the runtime's
#    trace (CKPT_TRACE=1) on stderr: one line per launch, yield and resume.
# Re-running it repeats only the fast incremental build and the example.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
scripts/build.sh build

echo
echo "main job: CKPT_TRACE=1 build/bin/ckpt-run examples/contact_solver.mlir --target=cpu"
# stderr into stdout so the trace lines show up where they happen, not in a separate stream.
CKPT_TRACE=1 stdbuf -oL build/bin/ckpt-run examples/contact_solver.mlir --target=cpu 2>&1
