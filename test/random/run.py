#!/usr/bin/env python3
"""Runs generated programs on targets through ckpt-run and compares with the oracle.

  run.py [--targets cpu,vulkan] [--ckpt-run PATH] [--timeout S] [--keep DIR] [--jobs N]
         [--opt -O0|-O1|-O2|-O3] SEEDS...           SEEDS: numbers or ranges A-B (B excluded), or "fresh:N"
                            for N seeds drawn from the clock (printed, for replay)

Prints one line per failing seed and target (`FAIL seed target: why`) and a summary;
exits 1 if any failed. A run fails when ckpt-run exits non-zero, times out, prints
anything on stderr, or prints other than what the oracle expects.
A failing program is kept in --keep (default random-failures/) as SEED.mlir,
SEED.expected, SEED.json, SEED.TARGET.out and SEED.TARGET.err, for gen.py / reduce.py.
"""

import argparse
import concurrent.futures
import os
import random
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_RUNNER = os.path.join(HERE, "..", "..", "build", "bin", "ckpt-run")


def run_program(runner, mlir, target, timeout, opt="-O0"):
    """(ok, why, stdout, stderr) of one program on one target."""
    env = dict(os.environ, CKPT_TRACE="0")
    try:
        done = subprocess.run([runner, mlir, "--target=" + target, opt], capture_output=True,
                              text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired as timed_out:
        # The partial output comes as bytes even with text=True.
        partial = timed_out.stdout or b""
        if isinstance(partial, bytes):
            partial = partial.decode("utf-8", "replace")
        return False, "timed out after %ss" % timeout, partial, ""
    except OSError as error:
        return False, "cannot run %s: %s" % (runner, error), "", ""
    if done.returncode != 0:
        return False, "exit status %d" % done.returncode, done.stdout, done.stderr
    if done.stderr.strip():
        return False, "stderr: " + done.stderr.strip().splitlines()[0], done.stdout, done.stderr
    return True, "", done.stdout, done.stderr


def first_difference(expected, actual):
    want, got = expected.splitlines(), actual.splitlines()
    for line, (a, b) in enumerate(zip(want, got), 1):
        if a != b:
            return "line %d: expected '%s', got '%s'" % (line, a, b)
    return "expected %d lines, got %d" % (len(want), len(got))


def check_seed(seed, targets, runner, timeout, keep, opt="-O0"):
    """[(target, why)] for every target the program of seed fails on."""
    tree, expected = gen.program_for_seed(seed)
    failures = []
    with tempfile.TemporaryDirectory(prefix="ckpt-random-") as work:
        base = gen.write(tree, expected, work, str(seed))
        outputs = {}
        for target in targets:
            ok, why, out, err = run_program(runner, base + ".mlir", target, timeout, opt)
            if ok and out != expected:
                ok, why = False, "output differs: " + first_difference(expected, out)
            if not ok:
                failures.append((target, why))
                outputs[target] = (out, err)
        if failures and keep:
            kept = gen.write(tree, expected, keep, str(seed))
            for target, (out, err) in outputs.items():
                with open("%s.%s.out" % (kept, target), "w") as f:
                    f.write(out)
                with open("%s.%s.err" % (kept, target), "w") as f:
                    f.write(err)
    return failures


def parse_seeds(words):
    seeds = []
    for word in words:
        if word.startswith("fresh:"):
            rng = random.Random(time.time_ns())
            fresh = [rng.randrange(10**6, 10**9) for _ in range(int(word[6:]))]
            print("fresh seeds: %s" % " ".join(map(str, fresh)), flush=True)
            seeds += fresh
        elif "-" in word[1:]:
            low, high = word.split("-", 1)
            seeds += range(int(low), int(high))
        else:
            seeds.append(int(word))
    return seeds


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--targets", default="cpu")
    parser.add_argument("--ckpt-run", default=DEFAULT_RUNNER)
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--keep", default="random-failures")
    parser.add_argument("--jobs", type=int, default=1)
    # The JIT's LLVM optimisation level; -O0 halves the time per program, and what the
    # generator tests is the ckpt lowering, which is the same at every level.
    parser.add_argument("--opt", default="-O0", choices=["-O0", "-O1", "-O2", "-O3"])
    parser.add_argument("seeds", nargs="+")
    args = parser.parse_args()
    targets = args.targets.split(",")
    seeds = parse_seeds(args.seeds)
    failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results = pool.map(lambda seed: (seed, check_seed(seed, targets, args.ckpt_run,
                                                          args.timeout, args.keep, args.opt)),
                           seeds)
        for seed, failures in results:
            for target, why in failures:
                print("FAIL %d %s: %s" % (seed, target, why), flush=True)
            failed += bool(failures)
    print("random: %d programs on %s, %d failed" % (len(seeds), ",".join(targets), failed))
    if failed:
        print("replay one: test/random/run.py --targets %s SEED; shrink it: "
              "test/random/reduce.py random-failures/SEED.json --target TARGET" % args.targets)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
