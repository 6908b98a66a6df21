#!/usr/bin/env bash
# Prints the benchmark's module: contact.mlir followed by @step_plain, which is @step
# without its checkpoint (the lines marked ckpt-only dropped) and without ckpt.checkpoints,
# so the variants that do without checkpoints run exactly the same tasks.
#
#   bench/contact/assemble.sh [contact.mlir] > module.mlir
set -euo pipefail
source=${1:-$(dirname "$0")/contact.mlir}
cat "$source"
echo
echo "// @step without its checkpoint, made by bench/contact/assemble.sh."
awk '/^func\.func @step\(/ { inside = 1 } inside { print } inside && /^}/ { exit }' "$source" |
  sed -e '/ckpt-only/d' \
      -e 's/^func\.func @step(/func.func @step_plain(/' \
      -e 's/{ckpt\.graph, ckpt\.checkpoints}/{ckpt.graph}/'
