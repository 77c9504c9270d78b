#!/usr/bin/env python3
"""Benchmark: `briefing check --pdf` against the build of the same PDF, at ~450 pages (the
default content with its attachment repeated, as bench/build.py makes it) and on the default
edition. Each run is a fresh process, build and check interleaved round by round (the machine's
speed drifts between rounds); CPU is user + system time of the command and every process it
waits for, peak memory the largest of those processes (what `/usr/bin/time -v` reports).

    python bench/check.py [--runs 3] [--copies 40]
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from build import ROOT, scaled_content

# Runs the command and reports its children's resources (the checker measures in a forked child).
CHILD = """
import json, resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss / 1024}))
"""


def once(*command: str) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD, sys.executable, "-m", "briefing", *command],
                          check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def compare(name: str, content: Path, pdf: Path, runs: int) -> None:
    builds, checks = [], []
    for _ in range(runs):
        builds.append(once("-q", "build", str(content), "-o", str(pdf)))
        checks.append(once("check", "--pdf", str(pdf)))
    ratios = [c["cpu"] / b["cpu"] for b, c in zip(builds, checks)]
    print(f"{name:<8} build CPU s {spread([b['cpu'] for b in builds])}, peak MiB {spread([b['rss'] for b in builds])}")
    print(f"{'':<8} check CPU s {spread([c['cpu'] for c in checks])}, peak MiB {spread([c['rss'] for c in checks])}")
    print(f"{'':<8} check ÷ build (CPU, median of the rounds' ratios): {spread(ratios)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--copies", type=int, default=40, help="repeats of the attachment (~11 pages each)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        print(f"median (min–max) of {args.runs} runs")
        compare("default", ROOT / "content", work / "default.pdf", args.runs)
        compare("scaled", scaled_content(work / "scaled", args.copies), work / "scaled.pdf", args.runs)


if __name__ == "__main__":
    main()
