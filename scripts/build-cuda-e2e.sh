#!/usr/bin/env bash
# Precompiles the end-to-end suite for target=cuda (scripts/build-e2e.sh says how).
#
#   scripts/build-cuda-e2e.sh [OUT_DIR [SOURCE_DIR]]     defaults: build-cuda-e2e, test/e2e
exec "$(dirname "$0")/build-e2e.sh" cuda "${1:-build-cuda-e2e}" "${2:-test/e2e}"
