#!/usr/bin/env python3
"""Benchmark: build the default edition and a ~500-page scaled one; print wall and CPU time,
peak memory, pages and PDF size (median of several runs, each in a fresh process). Then build the default
content sent to 50 units once and distribute it as 50 numbered copies, in alternating rounds,
and print the copies' CPU cost relative to that one build (the median of the rounds' ratios),
and time a warm rebuild (a second build in the same process, as watch mode does).

The same default and scaled content are also built as OFD, and the default as DOCX.

    python bench/build.py [--runs 5] [--profile]
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHILD = """
import json, resource, sys, time
started, cpu = time.perf_counter(), time.process_time()
from briefing import api
from briefing.distribute import distribute
source, target = map(__import__('pathlib').Path, sys.argv[1:3])
if target.suffix in (".pdf", ".ofd", ".docx"):
    pages = api.build(source, target).pages
elif target.suffix == ".warm":  # watch mode: rebuilds in the process that built once already
    target = target.with_suffix(".pdf")
    api.build(source, target)
    started, cpu = time.perf_counter(), time.process_time()
    pages = api.build(source, target).pages
else:
    done = distribute(source, target)
    pages = sum(c.pages for c in done.copies)
    target = target / "000001.pdf"
print(json.dumps({"wall": time.perf_counter() - started, "cpu": time.process_time() - cpu, "pages": pages,
                  "size": target.stat().st_size, "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def scaled_content(target: Path, copies: int) -> Path:
    """The default content with the attachment's parts repeated `copies` times (ids kept unique)."""
    shutil.copytree(ROOT / "content", target)
    includes = []
    for n in range(copies):
        for part in ("summary-2022.yaml", "plan-2023.yaml"):
            text = (target / part).read_text(encoding="utf-8")
            copy = f"{Path(part).stem}-{n}.yaml"
            if n:  # the first copy keeps the ids the figures registry names as sources
                text = re.sub(r"(id: \S+)", rf"\1-{n}", text)
            (target / copy).write_text(text, encoding="utf-8")
            includes.append(f"  - include: {copy}\n")
    attachment = target / "attachment.yaml"
    text = attachment.read_text(encoding="utf-8")
    attachment.write_text(text[:text.index("sections:")] + "sections:\n" + "".join(includes), encoding="utf-8")
    return target


def with_recipients(target: Path, units: int) -> Path:
    """The default content sent to `units` recipients, one copy each."""
    shutil.copytree(ROOT / "content", target)
    edition = target / "edition.yaml"
    names = "".join(f"  - 第{n}单位\n" for n in range(1, units + 1))
    text = edition.read_text(encoding="utf-8")
    edition.write_text(re.sub(r"recipients:[^\n]*\n(  - [^\n]*\n)+", f"recipients:\n{names}", text),
                       encoding="utf-8")
    return target


def measure(content: Path, runs: int, work: Path, suffix: str = ".pdf") -> dict:
    results = [once(content, work / f"out-{n}{suffix}") for n in range(runs)]
    return medians(results)


def once(content: Path, out: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD, str(content), str(out)], check=True,
                          capture_output=True, text=True, cwd=ROOT)
    return json.loads(done.stdout.strip().splitlines()[-1])


def medians(results: list[dict]) -> dict:
    return {key: statistics.median(r[key] for r in results) for key in ("wall", "cpu", "rss", "pages", "size")}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--copies", type=int, default=50, help="repeats of the attachment (~10 pages each)")
    parser.add_argument("--profile", action="store_true", help="print the top of a cProfile of the scaled build")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        scaled = scaled_content(work / "scaled", args.copies)
        print(f"{'edition':<10} {'wall s':>8} {'CPU s':>8} {'peak MiB':>9} {'pages':>6} {'file kB':>8}  (median of {args.runs})")
        walls = {}

        def row(name: str, r: dict) -> None:
            walls[name] = r["wall"]
            print(f"{name:<10} {r['wall']:>8.3f} {r['cpu']:>8.3f} {r['rss']:>9.1f} {r['pages']:>6.0f} {r['size'] / 1024:>8.0f}")

        for name, content, suffix in (("default", ROOT / "content", ".pdf"), ("warm", ROOT / "content", ".warm"),
                                      ("scaled", scaled, ".pdf")):
            row(name, measure(content, args.runs, work, suffix))
        # One build and one distribution of the same content in each round (the machine's speed
        # drifts between rounds): the ratio is the median of the rounds' ratios.
        units = with_recipients(work / "units", 50)
        built, distributed = [], []
        for n in range(args.runs):
            built.append(once(units, work / f"units-{n}.pdf"))
            distributed.append(once(units, work / f"copies-{n}"))
        row("50 units", medians(built))
        row("50 copies", medians(distributed))
        for name, content, suffix in (("OFD", ROOT / "content", ".ofd"), ("OFD scaled", scaled, ".ofd"),
                                      ("DOCX", ROOT / "content", ".docx")):
            row(name, measure(content, args.runs, work, suffix))
        ratios = [d["cpu"] / b["cpu"] for b, d in zip(built, distributed)]  # (CPU: wall swings more here)
        print(f"50 copies ÷ one build of the same content (CPU): {statistics.median(ratios):.2f} (rounds "
              f"{', '.join(f'{r:.2f}' for r in ratios)}; pages: all copies; PDF kB: one copy)")
        print(f"warm rebuild (watch mode) ÷ cold build: {walls['warm'] / walls['default']:.2f}")
        if args.profile:
            subprocess.run([sys.executable, "-m", "cProfile", "-s", "cumtime", "-m", "briefing", "build",
                            str(scaled), "-o", str(work / "p.pdf")], cwd=ROOT)


if __name__ == "__main__":
    main()
