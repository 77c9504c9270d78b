#!/usr/bin/env python3
"""CPU of briefing commands, this tree against another (a commit checked out with `git worktree
add`), in interleaved rounds of fresh processes, with an empty cache for every run (a new
XDG_CACHE_HOME) or a warm one (filled by one run first). Prints, per command and tree, the
median CPU seconds (user + system of the child) with the spread (min–max) and the peak memory,
and the median of the per-round ratios this ÷ other.

    python bench/ab.py --other /tmp/base [--runs 5] [--copies 40] [--cache empty|warm]
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from build import scaled_content  # noqa: E402


def cpu(tree: Path, arguments: list[str], cache: Path) -> tuple[float, float]:
    """CPU seconds and peak MiB of `python -m briefing <arguments>` run from `tree`."""
    env = {**os.environ, "PYTHONPATH": str(tree), "XDG_CACHE_HOME": str(cache)}
    child = subprocess.Popen([sys.executable, "-m", "briefing", "-q", *arguments], cwd=tree, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    if status != 0:
        raise SystemExit(f"{tree}: {arguments} failed: {child.stderr.read().decode()[-2000:] if child.stderr else ''}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--other", type=Path, required=True, help="the tree to compare with")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--copies", type=int, default=40, help="repeats of the attachment's parts (~11 pages each)")
    parser.add_argument("--cache", choices=("empty", "warm"), default="empty")
    parser.add_argument("--only", nargs="*", help="commands to run, by name")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        scaled = scaled_content(work / "scaled", args.copies)
        default = ROOT / "content"
        commands = {
            "build default": ["build", str(default), "-o", str(work / "d.pdf")],
            "build scaled": ["build", str(scaled), "-o", str(work / "s.pdf")],
            "docx scaled": ["build", str(scaled), "--format", "docx", "-o", str(work / "s.docx")],
            "preview default": ["preview", str(default), "-o", str(work / "preview")],
        }
        trees = {"this": ROOT, "other": args.other.resolve()}
        warm = {name: work / f"warm-{name}" for name in trees}
        results: dict[tuple[str, str], list[tuple[float, float]]] = {}
        for command, arguments in commands.items():
            if args.only and command not in args.only:
                continue
            if args.cache == "warm":
                for name, tree in trees.items():
                    cpu(tree, arguments, warm[name])
            for n in range(args.runs):
                for name, tree in trees.items():  # interleaved: each round runs both
                    cache = warm[name] if args.cache == "warm" else work / f"cache-{name}-{command}-{n}"
                    results[command, name] = results.get((command, name), []) + [cpu(tree, arguments, cache)]
                    if args.cache == "empty":
                        shutil.rmtree(cache, ignore_errors=True)
            print(f"{command} ({args.cache} cache, {args.runs} rounds):")
            for name in trees:
                times = [t for t, _ in results[command, name]]
                memory = statistics.median(m for _, m in results[command, name])
                print(f"  {name:<6} CPU {statistics.median(times):.3f} s ({min(times):.3f}–{max(times):.3f}), "
                      f"peak {memory:.0f} MiB")
            ratios = [a[0] / b[0] for a, b in zip(results[command, "this"], results[command, "other"])]
            print(f"  this ÷ other {statistics.median(ratios):.2f} ({min(ratios):.2f}–{max(ratios):.2f})", flush=True)


if __name__ == "__main__":
    main()
