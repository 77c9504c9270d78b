"""A one-line progress for long work (distributing hundreds of copies, converting a CFF font):
shown on a terminal, rewritten in place; nothing at all when stderr is a pipe or a file, so
logs and scripts stay clean."""
from __future__ import annotations

import sys


def shown() -> bool:
    return sys.stderr.isatty()


def step(label: str, done: int, total: int) -> None:
    """“label 37/120”, rewritten in place; a newline after the last."""
    if shown():
        sys.stderr.write(f"\r{label} {done}/{total}" + ("\n" if done >= total else ""))
        sys.stderr.flush()


def note(message: str) -> None:
    """A line saying what takes a while now (on a terminal only)."""
    if shown():
        sys.stderr.write(message + "\n")
        sys.stderr.flush()
