#!/usr/bin/env python3
"""Compiles MLIR programs for target=hip and checks the device images of every chip.

For each program: `ckpt-run --target=hip --compile-only --emit-device-images=DIR`, then
for every image (one gpu.module) and chip:
  - there is exactly one file per chip asked for, and no other;
  - AMD chips: llvm-readelf says an AMDGPU HSA ELF, code object v4 (ABI version 2), for
    that chip (flags and amdhsa.target); each kernel of its metadata is a FUNC symbol with
    a `.kd` descriptor, and llvm-objdump disassembles it to code ending in s_endpgm;
  - NVIDIA chips: PTX text for `.target sm_XY` with one `.entry` per kernel;
  - every chip's image holds the same kernels;
and every kernel a task launches (kernels.txt: image and kernel name) is in that image for
every chip. A program whose RUN lines expect ckpt-run to fail on every target (an unguarded
`not %ckpt_run_target`, and no run expected to succeed) must instead be rejected: exit
status 1 with an `error:` message.
Exits non-zero on the first program that fails, printing why; else prints the totals.
"""
import argparse
import concurrent.futures
import os
import re
import subprocess
import sys


def run(command):
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise Failure("`%s` exited with %d:\n%s%s" % (" ".join(command), result.returncode,
                                                      result.stdout, result.stderr))
    return result.stdout


class Failure(Exception):
    pass


def amd_kernels(path, chip, tools):
    header = run([tools.readelf, "-h", path])
    if "EM_AMDGPU" not in header or "AMDGPU - HSA" not in header:
        raise Failure("%s is not an AMDGPU HSA code object:\n%s" % (path, header))
    if not re.search(r"ABI Version:\s+2\b", header):
        raise Failure("%s is not code object v4 (ABI version 2):\n%s" % (path, header))
    flags = re.search(r"Flags:\s+(.*)", header)
    if not flags or not re.search(r"\b%s\b" % chip, flags.group(1)):
        raise Failure("%s: the ELF flags do not name %s: %s" % (path, chip, flags and flags.group(1)))
    notes = run([tools.readelf, "--notes", path])
    if not re.search(r"amdhsa\.target:\s+'?amdgcn-amd-amdhsa--%s\b" % chip, notes):
        raise Failure("%s: amdhsa.target is not %s" % (path, chip))
    kernels = set(re.findall(r"^\s+\.name:\s+(\S+)\s*$", notes, re.M))
    if not kernels:
        raise Failure("%s: the metadata lists no kernel" % path)
    symbols = run([tools.readelf, "-s", "-W", path])
    for kernel in kernels:
        if not re.search(r"\bFUNC\s+GLOBAL\s+\S+\s+\S+\s+%s$" % re.escape(kernel), symbols, re.M):
            raise Failure("%s: kernel %s is not a FUNC symbol" % (path, kernel))
        if not re.search(r"\bOBJECT\s+GLOBAL\s+\S+\s+\S+\s+%s\.kd$" % re.escape(kernel), symbols, re.M):
            raise Failure("%s: kernel %s has no kernel descriptor %s.kd" % (path, kernel, kernel))
    code = run([tools.objdump, "-d", path])
    for kernel in kernels:
        body = re.search(r"<%s>:\n(.*?)(?:\n\n|\Z)" % re.escape(kernel), code, re.S)
        if not body or "s_endpgm" not in body.group(1):
            raise Failure("%s: llvm-objdump shows no code ending in s_endpgm for %s" % (path, kernel))
    return kernels


def ptx_kernels(path, chip):
    with open(path) as f:
        text = f.read()
    if not re.search(r"^\.target\s+%s\b" % chip, text, re.M):
        raise Failure("%s: PTX is not for .target %s" % (path, chip))
    kernels = set(re.findall(r"^\.visible \.entry (\w+)\(", text, re.M))
    if not kernels:
        raise Failure("%s: PTX has no .entry" % path)
    return kernels


def rejected_everywhere(program):
    """Whether the program's RUN lines expect ckpt-run to fail for every target: some run
    is an unguarded `not %ckpt_run_target`, and none runs it expecting success."""
    with open(program) as f:
        runs = [line for line in f if line.startswith("// RUN:") and "%ckpt_run_target" in line]
    fails = any("not %ckpt_run_target" in line and "%if" not in line for line in runs)
    succeeds = any("not %ckpt_run_target" not in line for line in runs)
    return fails and not succeeds


def check_rejected(program, tools):
    result = subprocess.run([tools.ckpt_run, program, "--target=hip", "--compile-only",
                             "--chips=" + tools.chips], capture_output=True, text=True)
    if result.returncode != 1 or "error:" not in result.stderr:
        raise Failure("%s should be rejected with an error (exit status 1), got %d:\n%s"
                      % (program, result.returncode, result.stderr))
    return None


def check_program(program, chips, out_dir, tools):
    if rejected_everywhere(program):
        return check_rejected(program, tools)
    folder = os.path.join(out_dir, os.path.splitext(os.path.basename(program))[0])
    os.makedirs(folder, exist_ok=True)
    for name in os.listdir(folder):
        os.remove(os.path.join(folder, name))
    command = [tools.ckpt_run, program, "--target=hip", "--compile-only",
               "--emit-device-images=" + folder, "--chips=" + tools.chips]
    run(command)
    images = {}
    for name in os.listdir(folder):
        match = re.fullmatch(r"image(\d+)\.([\w]+)\.(hsaco|ptx)", name)
        if match:
            images.setdefault(int(match.group(1)), {})[match.group(2)] = os.path.join(folder, name)
        elif name != "kernels.txt":
            raise Failure("%s: unexpected file %s" % (program, name))
    per_image = {}
    objects = 0
    for index in sorted(images):
        if set(images[index]) != set(chips):
            raise Failure("%s: image %d has chips %s, expected %s"
                          % (program, index, sorted(images[index]), sorted(chips)))
        kernel_sets = {}
        for chip, path in images[index].items():
            if chip.startswith("gfx"):
                kernel_sets[chip] = amd_kernels(path, chip, tools)
            else:
                kernel_sets[chip] = ptx_kernels(path, chip)
            objects += 1
        if len({frozenset(k) for k in kernel_sets.values()}) != 1:
            raise Failure("%s: image %d holds different kernels per chip: %s"
                          % (program, index, kernel_sets))
        per_image[index] = kernel_sets[chips[0]]
    with open(os.path.join(folder, "kernels.txt")) as f:
        launched = [line.split() for line in f if line.strip()]
    for image, kernel in launched:
        if kernel not in per_image.get(int(image), set()):
            raise Failure("%s: a task launches %s of image %s, which has no such kernel "
                          "(it has %s)" % (program, kernel, image,
                                           sorted(per_image.get(int(image), []))))
    unused = set(per_image) - {int(image) for image, _ in launched}
    if unused:
        raise Failure("%s: no task launches a kernel of images %s" % (program, sorted(unused)))
    return len(images), objects, len(launched)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ckpt-run", dest="ckpt_run", required=True)
    parser.add_argument("--readelf", required=True)
    parser.add_argument("--objdump", required=True)
    parser.add_argument("--chips", required=True, help="passed to ckpt-run --chips")
    parser.add_argument("--out", required=True, help="folder for the images")
    parser.add_argument("programs", nargs="+")
    tools = parser.parse_args()
    chips = tools.chips.split(",")
    totals = [0, 0, 0]
    rejected = 0
    programs = sorted(tools.programs)

    def check(program):
        try:
            return check_program(program, chips, tools.out, tools)
        except Failure as failure:
            return failure

    # Each program compiles in its own ckpt-run into its own folder: as many at once as
    # there are cores, reported in order.
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        results = list(pool.map(check, programs))
    for program, counts in zip(programs, results):
        if isinstance(counts, Failure):
            print("FAIL %s\n%s" % (program, counts))
            return 1
        if counts is None:
            print("ok   %s: rejected at compile time, as its RUN lines expect" % program)
            rejected += 1
            continue
        print("ok   %s: %d images, %d objects, %d launched kernels" % ((program,) + counts))
        totals = [t + c for t, c in zip(totals, counts)]
    print("%d programs (%d rejected as expected), %d images, %d code objects for %s, "
          "%d launched kernels" % (len(tools.programs), rejected, totals[0], totals[1],
                                   ",".join(chips), totals[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
