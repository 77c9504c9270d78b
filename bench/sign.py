#!/usr/bin/env python3
"""Benchmark: the default content sent to 50 units (51 copies with its 抄送), distributed unsigned and
signed (a fresh self-signed RSA-2048 certificate, no timestamp server), in alternating rounds in
one process; prints each round's wall and CPU time and the medians, and the signed ÷ unsigned
ratio. Not a test: run it by hand.

    python bench/sign.py [--rounds 3]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]

from build import with_recipients  # noqa: E402  (the 50-unit content bench/build.py uses)
from certificates import PASSWORD, office_certificate  # noqa: E402

from briefing.distribute import distribute  # noqa: E402
from briefing.sign import load_signing  # noqa: E402


def timed(action) -> tuple[float, float]:
    started, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - started, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        content = with_recipients(work / "units", 50)
        p12, _ = office_certificate(work)
        signing = load_signing(p12, PASSWORD.encode("utf-8"))
        copies = len(distribute(content, work / "warm", signing=signing).copies)  # imports and caches warm
        plain, signed = [], []
        for n in range(rounds):
            plain.append(timed(lambda n=n: distribute(content, work / f"plain-{n}")))
            signed.append(timed(lambda n=n: distribute(content, work / f"signed-{n}", signing=signing)))
            print(f"round {n + 1}: unsigned {plain[-1][0]:.2f} s wall / {plain[-1][1]:.2f} s CPU, "
                  f"signed {signed[-1][0]:.2f} s / {signed[-1][1]:.2f} s")
    wall = [statistics.median(t[0] for t in times) for times in (plain, signed)]
    cpu = [statistics.median(t[1] for t in times) for times in (plain, signed)]
    print(f"{copies} unsigned copies: {wall[0]:.2f} s wall, {cpu[0]:.2f} s CPU (median of {rounds})")
    print(f"{copies} signed copies:   {wall[1]:.2f} s wall, {cpu[1]:.2f} s CPU; "
          f"{(cpu[1] - cpu[0]) / copies * 1000:.0f} ms CPU a signature; signed ÷ unsigned (CPU) {cpu[1] / cpu[0]:.0f}")


if __name__ == "__main__":
    main()
