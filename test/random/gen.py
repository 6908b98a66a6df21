#!/usr/bin/env python3
"""Writes the generated program of a seed and its expected output:

  gen.py SEED [OUT_DIR]      OUT_DIR/SEED.mlir, SEED.expected and SEED.json (the tree)
  gen.py A-B [OUT_DIR]       the same for every seed from A to B (B excluded)
  gen.py --tree FILE.json [OUT_DIR]   the same from a tree (a reduced one, say)

A seed whose program would overflow the log or yield too often is redrawn from derived
seeds (deterministically), so every seed gives a program.
"""

import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import emit_mlir  # noqa: E402
import oracle  # noqa: E402
import program as program_module  # noqa: E402


def program_for_seed(seed):
    for attempt in range(100):
        tree = program_module.generate(seed * 1000 + attempt if attempt else seed)
        tree["seed"] = seed
        try:
            return tree, oracle.expected(tree)
        except oracle.TooBig:
            continue
    raise SystemExit("gen.py: no usable program for seed %d" % seed)


def write(tree, expected, out_dir, stem):
    os.makedirs(out_dir, exist_ok=True)
    base = os.path.join(out_dir, stem)
    with open(base + ".mlir", "w") as f:
        f.write(emit_mlir.emit(tree))
    with open(base + ".expected", "w") as f:
        f.write(expected)
    with open(base + ".json", "w") as f:
        json.dump(tree, f, indent=1)
    return base


def main(argv):
    if len(argv) >= 3 and argv[1] == "--tree":
        with open(argv[2]) as f:
            tree = json.load(f)
        out_dir = argv[3] if len(argv) > 3 else "."
        stem = os.path.splitext(os.path.basename(argv[2]))[0]
        print(write(tree, oracle.expected(tree), out_dir, stem) + ".mlir")
        return 0
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    low, _, high = argv[1].partition("-")
    seeds = range(int(low), int(high)) if high else [int(low)]
    for seed in seeds:
        tree, expected = program_for_seed(seed)
        print(write(tree, expected, argv[2] if len(argv) > 2 else ".", str(seed)) + ".mlir")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
