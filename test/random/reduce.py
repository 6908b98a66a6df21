#!/usr/bin/env python3
"""Shrinks a failing generated program while it still fails the same way.

  reduce.py TREE.json [--target cpu] [--ckpt-run PATH] [--timeout S] [--out DIR]

TREE.json is what run.py keeps for a failing seed (random-failures/SEED.json). Each step
tries one deletion or simplification of the tree: a kernel no run launches, a whole item
(task, checkpoint, bare statement, do-while), a task of a checkpoint, a checkpoint or
do-while replaced by what it holds, a run, the run launched in between, a buffer growth, a
flag the host leaves set, a flag raise, a task's data update or its kind (to scf.for). The
oracle gives the new expected output, and the edit is kept when the program still fails
with the same kind of failure (wrong output, non-zero exit, time-out, stderr). Ends with
OUT/NAME.reduced.{json,mlir,expected} (OUT defaults to the tree's directory).
"""

import argparse
import copy
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen  # noqa: E402
import oracle  # noqa: E402
import run  # noqa: E402


def item_lists(tree):
    """Every list of items in the tree (kernel bodies, do-while bodies, checkpoint tasks)."""
    lists = []

    def walk(items):
        lists.append(items)
        for item in items:
            if item["k"] == "dowhile":
                walk(item["items"])
            elif item["k"] == "cp":
                lists.append(item["tasks"])

    for kernel in tree["kernels"]:
        walk(kernel["items"])
    return lists


def all_runs(tree):
    runs = []
    for run_spec in tree["runs"]:
        while run_spec:
            runs.append(run_spec)
            run_spec = run_spec["between"]
    return runs


def candidates(tree):
    """Edited copies of tree, biggest cuts first. Each edit is made on a fresh copy and
    found again by position, so the generator is cheap to restart."""
    edits = []
    for index in range(len(tree["runs"])):
        edits.append(("run", index))
    for index in range(len(tree["kernels"])):
        edits.append(("kernel", index))
    for index in range(len(all_runs(tree))):
        edits += [("between", index), ("grow", index), ("keep", index)]
    for list_index, items in enumerate(item_lists(tree)):
        for position in range(len(items) - 1, -1, -1):
            edits += [("delete", list_index, position), ("unwrap", list_index, position),
                      ("simplify", list_index, position)]
    for edit in edits:
        edited = copy.deepcopy(tree)
        if apply(edited, edit):
            yield edit, edited


def apply(tree, edit):
    kind = edit[0]
    if kind == "run":
        if len(tree["runs"]) < 2:
            return False
        del tree["runs"][edit[1]]
        return True
    if kind == "kernel":
        if any(run_spec["kernel"] == edit[1] for run_spec in all_runs(tree)):
            return False
        del tree["kernels"][edit[1]]
        for run_spec in all_runs(tree):
            run_spec["kernel"] -= run_spec["kernel"] > edit[1]
        return True
    if kind in ("between", "grow", "keep"):
        run_spec = all_runs(tree)[edit[1]]
        if kind == "between" and run_spec["between"]:
            run_spec["between"] = None
            return True
        if kind == "grow" and run_spec["grow_every"]:
            run_spec["grow_every"] = 0
            return True
        if kind == "keep" and run_spec.get("keep_flags_every"):
            run_spec["keep_flags_every"] = 0
            return True
        return False
    items = item_lists(tree)[edit[1]]
    item = items[edit[2]]
    if kind == "delete":
        del items[edit[2]]
        return True
    if kind == "unwrap":
        if item["k"] == "dowhile":
            items[edit[2]:edit[2] + 1] = item["items"]
            return True
        if item["k"] == "cp":
            items[edit[2]:edit[2] + 1] = item["tasks"]
            return True
        return False
    if item["k"] != "task":
        return False
    changed = False
    if item["raise"]:
        item["raise"] = None
        changed = True
    elif item["data_op"]:
        item["data_op"] = 0
        changed = True
    elif item["kind"] != "scf.for":
        item["kind"] = "scf.for"
        changed = True
    return changed


def failure_kind(tree, target, runner, timeout):
    """None if the program passes on target, else the kind of its failure; "invalid"
    for a tree the oracle refuses (it would not end, or overflow the log)."""
    try:
        expected = oracle.expected(tree)
    except oracle.TooBig:
        return "invalid"
    with tempfile.TemporaryDirectory(prefix="ckpt-reduce-") as work:
        base = gen.write(tree, expected, work, "candidate")
        ok, why, out, _ = run.run_program(runner, base + ".mlir", target, timeout)
    if ok:
        return None if out == expected else "output"
    return why.split(":")[0].split(" ")[0]


def size(tree):
    return sum(len(items) for items in item_lists(tree)) + len(all_runs(tree))


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("tree")
    parser.add_argument("--target", default="cpu")
    parser.add_argument("--ckpt-run", default=run.DEFAULT_RUNNER)
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--out")
    args = parser.parse_args()
    import json
    with open(args.tree) as f:
        tree = json.load(f)
    wanted = failure_kind(tree, args.target, args.ckpt_run, args.timeout)
    if wanted in (None, "invalid"):
        print("reduce: the program does not fail on %s" % args.target)
        return 1
    print("reduce: failure kind '%s', size %d" % (wanted, size(tree)), flush=True)
    progress = True
    while progress:
        progress = False
        for edit, edited in candidates(tree):
            if failure_kind(edited, args.target, args.ckpt_run, args.timeout) == wanted:
                tree = edited
                progress = True
                print("reduce: %s -> size %d" % (" ".join(map(str, edit)), size(tree)),
                      flush=True)
                break
    out = args.out or os.path.dirname(os.path.abspath(args.tree))
    stem = os.path.splitext(os.path.basename(args.tree))[0] + ".reduced"
    base = gen.write(tree, oracle.expected(tree), out, stem)
    print("reduce: %s.mlir (size %d)" % (base, size(tree)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
