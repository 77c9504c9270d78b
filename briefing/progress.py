"""A one-line progress for long work (distributing hundreds of copies, converting a CFF font):
shown on a terminal, rewritten in place; nothing at all when stderr is a pipe or a file, so
logs and scripts stay clean."""
from __future__ import annotations

import sys
import threading
from contextlib import contextmanager
from typing import Callable, Iterator

_listener = threading.local()  # a callback for the work of this thread (briefing serve's output jobs)


@contextmanager
def listening(callback: Callable[[str], None]) -> Iterator[None]:
    """Also tell `callback` each step and note of the work this thread does inside the block."""
    _listener.callback = callback
    try:
        yield
    finally:
        _listener.callback = None


def _tell(message: str) -> None:
    callback = getattr(_listener, "callback", None)
    if callback is not None:
        callback(message)


def shown() -> bool:
    return sys.stderr.isatty()


def step(label: str, done: int, total: int) -> None:
    """“label 37/120”, rewritten in place; a newline after the last."""
    _tell(f"{label} {done}/{total}")
    if shown():
        sys.stderr.write(f"\r{label} {done}/{total}" + ("\n" if done >= total else ""))
        sys.stderr.flush()


def note(message: str) -> None:
    """A line saying what takes a while now (on a terminal only)."""
    _tell(message)
    if shown():
        sys.stderr.write(message + "\n")
        sys.stderr.flush()
