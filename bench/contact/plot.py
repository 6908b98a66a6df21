#!/usr/bin/python3
"""Plots the contact benchmark's tables (the CSV files of `--csv=`) as one PNG.

    /usr/bin/python3 bench/contact/plot.py OUT.png NAME=FILE.csv [NAME=FILE.csv ...]

Each NAME=FILE is one run (a target and size, say cpu-100k=cpu.csv). Left: the median time
of an overflowing step and of a calm one, as a multiple of the floor's on the same steps;
right: the memory each variant needs. Needs Debian's python3-matplotlib.
"""
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def read(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def main(argv):
    if len(argv) < 3 or any("=" not in a for a in argv[2:]):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    runs = [(a.split("=", 1)[0], read(a.split("=", 1)[1])) for a in argv[2:]]
    variants = [row["variant"] for row in runs[0][1]]
    fig, (time_axis, memory_axis) = plt.subplots(1, 2, figsize=(13, 4.8))
    width = 0.8 / len(variants)
    for k, variant in enumerate(variants):
        positions = [r + k * width for r in range(len(runs))]
        overflow = []
        calm = []
        memory = []
        for _, rows in runs:
            floor, row = rows[0], rows[k]
            overflow.append(float(row["overflow_ms"]) / float(floor["overflow_ms"]))
            calm.append(float(row["calm_ms"]) / float(floor["calm_ms"]))
            memory.append(float(row["total_mb"]))
        bars = time_axis.bar(positions, overflow, width, label=variant)
        time_axis.scatter(positions, calm, color="black", marker="_", s=120, zorder=3,
                          label="calm step" if k == 0 else None)
        memory_axis.bar(positions, memory, width, color=bars.patches[0].get_facecolor())
    centres = [r + 0.4 - width / 2 for r in range(len(runs))]
    for axis in (time_axis, memory_axis):
        axis.set_xticks(centres, [name for name, _ in runs])
    time_axis.axhline(1.0, color="grey", linewidth=0.8)
    time_axis.set_ylabel("median step time / floor (bars: overflowing steps)")
    time_axis.set_title("time per step")
    memory_axis.set_ylabel("MB")
    memory_axis.set_title("memory (state, workspace, contact buffer, snapshot)")
    fig.legend(*time_axis.get_legend_handles_labels(), loc="lower center", ncol=6, fontsize=8)
    fig.tight_layout(rect=(0, 0.07, 1, 1))
    fig.savefig(argv[1], dpi=110)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
