#!/usr/bin/env bash
# Precompiles the end-to-end suite for target=hip chips=sm_90 (scripts/build-e2e.sh says how),
# for scripts/hip-check.sh.
#
#   scripts/build-hip-e2e.sh [OUT_DIR]        default: build-hip-e2e
exec "$(dirname "$0")/build-e2e.sh" hip "${1:-build-hip-e2e}"
