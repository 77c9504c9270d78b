"""Where briefing keeps what it can make again (converted fonts, title segmentations)."""
from __future__ import annotations

import os
from pathlib import Path


def cache_dir(kind: str) -> Path:
    """~/.cache/briefing/<kind>, or under $XDG_CACHE_HOME."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "briefing" / kind
