"""Watch mode: rebuild whenever a file under the content folder (or assets/) changes.

Runs in one process, so fonts stay parsed between builds (briefing.fonts caches
them); a content error is reported and the watch goes on, the last good PDF in place.
"""
from __future__ import annotations

import gc
import time
from pathlib import Path
from typing import Callable, TypeVar

from .errors import ContentError

T = TypeVar("T")

POLL_SECONDS = 0.2


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """(modification time, size) of every file under the content folder and ../assets."""
    state = {}
    for root in (folder, folder.resolve().parent / "assets"):
        if root.is_dir():
            for path in root.rglob("*"):
                if path.is_file() and not path.name.startswith("."):
                    stat = path.stat()
                    state[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return state


def watch(folder: Path, rebuild: Callable[[], T], on_done: Callable[[T], None],
          on_error: Callable[[ContentError], None], keep_going: Callable[[], bool] = lambda: True) -> None:
    """Run `rebuild` (a build, previews) now, then again after every change to the content,
    until `keep_going` says stop; a content error is reported and the watch goes on."""
    gc.enable()  # (a one-shot command runs without the cycle collector: __main__; this one goes on)
    seen = None
    while keep_going():
        current = snapshot(folder)
        if current != seen:
            seen = current
            try:
                on_done(rebuild())
            except ContentError as exc:
                on_error(exc)
        time.sleep(POLL_SECONDS)
