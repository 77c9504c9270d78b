"""Where briefing keeps what it can make again (converted fonts, title segmentations)."""
from __future__ import annotations

import os
from pathlib import Path


def cache_dir(kind: str) -> Path:
    """~/.cache/briefing/<kind>, or under $XDG_CACHE_HOME."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "briefing" / kind


def write_whole(target: Path, data: bytes) -> None:
    """Whole or not at all (a reader never sees half a file); a read-only or full cache is no error."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        temporary.write_bytes(data)
        temporary.replace(target)
    except (OSError, ValueError):
        pass  # the next run does the work again
