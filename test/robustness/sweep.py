#!/usr/bin/env python3
"""The compiler never crashes: runs ckpt-opt over the test corpus and fails on any signal.

Every .mlir file under test/ and examples/ is split at `// -----` (as -split-input-file
does) into cases. Each case goes through the --ckpt-lower-to-llvm pipeline of every target,
and through each ckpt pass alone; then every variant of the case with one op deleted goes
through the pipelines again. Errors are expected (most variants are invalid); a run that
dies of a signal (exit status >= 128 or negative), prints an LLVM crash report ("Stack
dump", "PLEASE submit") or outlives --timeout is a failure, and is written out for replay.

  test/robustness/sweep.py --build build                 # the full sweep (long)
  test/robustness/sweep.py --build build --stride 10     # every 10th deletion only
  ctest --test-dir build -R compiler-no-crash            # CI: pipelines, every 40th deletion

Prints what it ran (cases, variants, runs per target) and every failure with the command
that reproduces it. Exit status: 0 if no run crashed or hung, 1 otherwise.
"""

import argparse
import concurrent.futures
import os
import re
import subprocess
import sys
import time

TARGETS = ["cpu", "vulkan", "cuda"]

# Each ckpt pass alone, as a user might run it on any input.
SINGLE_PASSES = [
    "ckpt-auto-wrap",
    "ckpt-number",
    "ckpt-check-target{target=vulkan}",
    "ckpt-convert-tasks-to-gpu{fold-yield-checks=true programmatic-launch=true}",
    "ckpt-speculate-gated-loads",
    "ckpt-convert-gpu-to-host",
    "ckpt-prepare-spirv-tasks",
    "ckpt-spirv-views",
    "ckpt-attach-spirv-abi",
    "ckpt-nest-spirv-modules",
    "ckpt-expand-math",
    "ckpt-workgroup-attributions",
    "ckpt-fold-bitcasts",
    "ckpt-lower-host-dispatch{target=cpu}",
    "ckpt-lower-host-dispatch{target=cuda}",
]

CRASH_MARKERS = ("Stack dump", "PLEASE submit a bug report")

# The start of an op: optional results, then a dialect-qualified name or a quoted one.
OP_START = re.compile(r'^\s*(%[\w#:, %]+=\s*)?("[\w.]+"|[a-z_][\w]*\.[\w.]+)\b')


def split_cases(text):
    return [case for case in re.split(r"^// -----\s*$", text, flags=re.M) if case.strip()]


def op_spans(lines):
    """(first, last) line index of every op that starts on a line of its own. An op whose
    line opens more braces than it closes ends at the line that closes them."""
    spans = []
    for i, line in enumerate(lines):
        code = line.split("//", 1)[0]
        if not OP_START.match(code) or code.strip().startswith("}"):
            continue
        depth, end = 0, i
        for j in range(i, len(lines)):
            stripped = lines[j].split("//", 1)[0]
            depth += stripped.count("{") + stripped.count("(") + stripped.count("[")
            depth -= stripped.count("}") + stripped.count(")") + stripped.count("]")
            end = j
            if depth <= 0:
                break
        spans.append((i, end))
    return spans


def deletions(case):
    lines = case.split("\n")
    for first, last in op_spans(lines):
        yield first + 1, "\n".join(lines[:first] + lines[last + 1:])


def run_one(opt, args, text, timeout):
    """Returns None if the run ended normally (success or error), else a reason."""
    try:
        proc = subprocess.run([opt, *args, "-o", os.devnull], input=text, capture_output=True,
                              text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return "no result within %d s" % timeout
    if proc.returncode < 0 or proc.returncode >= 128:
        return "exit status %d" % proc.returncode
    for marker in CRASH_MARKERS:
        if marker in proc.stderr:
            return "crash report in its output"
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", default="build", help="build directory (has bin/ckpt-opt)")
    parser.add_argument("--source", default=os.path.join(os.path.dirname(__file__), "..", ".."),
                        help="repository root")
    parser.add_argument("--targets", default=",".join(TARGETS))
    parser.add_argument("--stride", type=int, default=1,
                        help="run every N-th deletion variant of each case (1: all)")
    parser.add_argument("--budget", type=float, default=0,
                        help="stop starting runs after this many seconds (0: no limit)")
    parser.add_argument("--no-single-passes", action="store_true",
                        help="run the originals through the pipelines only")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=int, default=120, help="seconds per run")
    parser.add_argument("--failures", default="sweep-failures",
                        help="directory for the inputs of failed runs")
    parser.add_argument("files", nargs="*", help="corpus files (default: test/ and examples/)")
    options = parser.parse_args()

    opt = os.path.join(options.build, "bin", "ckpt-opt")
    if not os.access(opt, os.X_OK):
        sys.exit("sweep: no ckpt-opt at %s" % opt)
    targets = [t for t in options.targets.split(",") if t]
    files = options.files
    if not files:
        for top in ("test", "examples"):
            for root, _, names in os.walk(os.path.join(options.source, top)):
                files += [os.path.join(root, n) for n in sorted(names) if n.endswith(".mlir")]
    files.sort()

    # Jobs: (description, args, text). The originals come first, so a budget-bound run
    # always covers the whole corpus through every pipeline before any deletion.
    originals, variants = [], []
    for path in files:
        with open(path) as f:
            cases = split_cases(f.read())
        rel = os.path.relpath(path, options.source)
        for number, case in enumerate(cases):
            name = "%s#%d" % (rel, number)
            for target in targets:
                originals.append((name, target, ["--ckpt-lower-to-llvm=target=" + target], case))
            for single in [] if options.no_single_passes else SINGLE_PASSES:
                originals.append((name, single, ["--pass-pipeline=builtin.module(%s)" % single],
                                  case))
            for index, (line, variant) in enumerate(deletions(case)):
                if index % options.stride:
                    continue
                for target in targets:
                    variants.append(("%s without the op at line %d" % (name, line), target,
                                     ["--ckpt-lower-to-llvm=target=" + target], variant))
    jobs = originals + variants
    print("sweep: %d files, %d originals runs, %d deletion runs (stride %d), targets %s"
          % (len(files), len(originals), len(variants), options.stride, ", ".join(targets)))
    sys.stdout.flush()

    start = time.monotonic()
    failures, done, per_kind = [], 0, {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=options.jobs) as pool:
        pending = {}
        job_iter = iter(jobs)
        exhausted = False
        while pending or not exhausted:
            while not exhausted and len(pending) < options.jobs * 2:
                if options.budget and time.monotonic() - start > options.budget:
                    exhausted = True
                    break
                job = next(job_iter, None)
                if job is None:
                    exhausted = True
                    break
                pending[pool.submit(run_one, opt, job[2], job[3], options.timeout)] = job
            if not pending:
                break
            finished, _ = concurrent.futures.wait(
                pending, return_when=concurrent.futures.FIRST_COMPLETED)
            for future in finished:
                job = pending.pop(future)
                done += 1
                per_kind[job[1]] = per_kind.get(job[1], 0) + 1
                reason = future.result()
                if reason:
                    failures.append((job, reason))
                if done % 2000 == 0:
                    print("sweep: %d of %d runs, %.0f s, %d failures so far"
                          % (done, len(jobs), time.monotonic() - start, len(failures)))
                    sys.stdout.flush()

    elapsed = time.monotonic() - start
    print("sweep: ran %d of %d runs in %.0f s (%d originals, %d deletion variants)"
          % (done, len(jobs), elapsed, min(done, len(originals)),
             max(0, done - len(originals))))
    for kind in sorted(per_kind):
        print("  %-80s %d" % (kind, per_kind[kind]))
    if failures:
        os.makedirs(options.failures, exist_ok=True)
    for number, ((name, kind, args, text), reason) in enumerate(failures):
        path = os.path.join(options.failures, "failure-%d.mlir" % number)
        with open(path, "w") as f:
            f.write(text)
        print("sweep: FAIL %s [%s]: %s; replay: %s %s %s"
              % (name, kind, reason, opt, " ".join("'%s'" % a for a in args), path))
    print("sweep: %d failures" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
