#!/usr/bin/env python3
"""No input makes the LLVM pass plugin crash or emit IR that does not verify.

Every .ll test of test/llvm (the files of a split-file test taken one by one), and each of
their variants with one line deleted, goes through the stock opt with the plugin: an answer
is fine (lowered IR, a diagnostic, a parse error), a crash, an assertion or a module the
verifier rejects is not. Exits non-zero naming each failing variant.

  no_crash.py --opt OPT --plugin libCkptLLVMPlugin.so FILE.ll...
"""
import argparse
import subprocess
import sys


def pieces(path):
    """The modules of one test file: its split-file parts, or the file itself."""
    text = open(path).read()
    if "\n;--- " not in text:
        return [(path, text)]
    parts, name, lines = [], None, []
    for line in text.split("\n"):
        if line.startswith(";--- "):
            if name:
                parts.append(("%s:%s" % (path, name), "\n".join(lines)))
            name, lines = line[5:].strip(), []
        elif name:
            lines.append(line)
    if name:
        parts.append(("%s:%s" % (path, name), "\n".join(lines)))
    return parts


def failure(opt, plugin, text):
    run = subprocess.run(
        [opt, "-load-pass-plugin=" + plugin, "-passes=ckpt-graph-kernels", "-o", "/dev/null"],
        input=text.encode(), capture_output=True)
    err = run.stderr.decode(errors="replace")
    if run.returncode < 0 or run.returncode >= 128 or "PLEASE submit" in err:
        return "crashed (%d)" % run.returncode
    if "Broken module" in err or "broken debug info" in err:
        return "emitted IR that does not verify"
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--opt", required=True)
    parser.add_argument("--plugin", required=True)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    runs, failures = 0, 0
    for path in args.files:
        for name, text in pieces(path):
            lines = text.split("\n")
            variants = [("as is", text)]
            for i, line in enumerate(lines):
                if line.strip() and not line.lstrip().startswith(";"):
                    variants.append(("without line %d" % (i + 1), "\n".join(lines[:i] + lines[i + 1:])))
            for what, variant in variants:
                runs += 1
                why = failure(args.opt, args.plugin, variant)
                if why:
                    failures += 1
                    print("FAIL: %s %s: opt %s" % (name, what, why))
    print("%d inputs, %d failures" % (runs, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
