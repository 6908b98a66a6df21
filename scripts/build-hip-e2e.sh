#!/usr/bin/env bash
# Precompiles the end-to-end suite for target=hip with PTX images for sm_90, for
# scripts/hip-check.sh on an NVIDIA GPU machine (runtime/hip over the HIP-on-CUDA shim).
#
#   scripts/build-hip-e2e.sh [OUT_DIR]        default: build-hip-e2e
#
# Everything else is scripts/build-cuda-e2e.sh's: NAME.o, NAME.expected (the CPU target's
# output), NAME.failed for programs that do not lower, e2e_shim.c.
set -euo pipefail
cd "$(dirname "$0")/.."
LOWER="target=hip chips=${HIP_E2E_CHIPS:-sm_90}" exec scripts/build-cuda-e2e.sh "${1:-build-hip-e2e}"
