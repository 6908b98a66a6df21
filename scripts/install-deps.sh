#!/usr/bin/env bash
# Installs what ckpt needs on Debian bookworm: the toolchain, LLVM/MLIR 22, and the SDKs
# of the device targets that apt provides (Vulkan with the lavapipe software driver, HIP
# for compiling only). The CUDA toolkit is not in Debian: the build finds it in
# /usr/local/cuda when it is there.
#
# Idempotent: when every package is already installed it touches nothing (no apt-get
# update). Runs apt-get as is when root, through sudo otherwise.
set -euo pipefail

# Needed to build and test the compiler and the CPU target.
required=(
  cmake ninja-build gcc g++ pkg-config python3 graphviz
  llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools
  # ckpt/dlpack.h: DLPack tensors as kernel arguments
  libdlpack-dev
)
# Device targets, and clang (libFuzzer for scripts/libfuzzer.sh; the C programs and
# examples built with the LLVM pass plugin, test/llvm and examples/*.c): installed when the
# archive has them, skipped with a warning otherwise.
optional=(
  libvulkan-dev mesa-vulkan-drivers vulkan-validationlayers glslang-tools spirv-tools
  libamdhip64-dev hipcc
  clang-22 libclang-rt-22-dev
  # target=hip's code objects: MLIR's ROCDL serializer links with ld.lld and reads ocml/ockl
  lld-22 rocm-device-libs
)

log() { printf 'install-deps: %s\n' "$*"; }

is_installed() {
  [[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" == installed ]]
}

missing() {
  local package
  for package in "$@"; do
    is_installed "$package" || printf '%s\n' "$package"
  done
}

mapfile -t missing_required < <(missing "${required[@]}")
mapfile -t missing_optional < <(missing "${optional[@]}")
if ((${#missing_required[@]} == 0 && ${#missing_optional[@]} == 0)); then
  log "all ${#required[@]} required and ${#optional[@]} optional packages are installed"
  exit 0
fi

if ! command -v apt-get >/dev/null; then
  log "apt-get not found: this script is for Debian bookworm; install by hand:" \
      "${missing_required[*]} ${missing_optional[*]}"
  exit 1
fi
sudo=()
if ((EUID != 0)); then
  if ! command -v sudo >/dev/null; then
    log "not root and no sudo: run as root, or install: ${missing_required[*]} ${missing_optional[*]}"
    exit 1
  fi
  sudo=(sudo)
fi
apt_get() { "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "$@"; }

log "apt-get update"
apt_get update -q

has_candidate() {
  local candidate
  candidate=$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2}')
  [[ -n "$candidate" && "$candidate" != "(none)" ]]
}

to_install=()
for package in "${missing_required[@]}"; do
  if ! has_candidate "$package"; then
    log "package '$package' is not in the configured apt sources."
    case "$package" in
      *-22*) log "LLVM/MLIR 22 come from Debian's bookworm-security suite, or from" \
                 "apt.llvm.org (deb http://apt.llvm.org/bookworm/ llvm-toolchain-bookworm-22 main)" ;;
    esac
    exit 1
  fi
  to_install+=("$package")
done
for package in "${missing_optional[@]}"; do
  if has_candidate "$package"; then
    to_install+=("$package")
  else
    log "warning: optional package '$package' is not available; its target will be left out"
  fi
done

log "apt-get install ${to_install[*]}"
apt_get install -y -q --no-install-recommends "${to_install[@]}"
log "done"
