"""Every in-process cache of a build, in one place (issue 23 §3).

Each is a memoised pure function of its arguments (a text, the fonts' identity, a size), or a
table kept by one module for the same reason, registered here with its limit. One policy for
all: least recently used entries go first once a cache is full. `forget()` empties them all
(api.Build.forget: a server freeing memory, a test starting cold); nothing is derived from a
file's path alone (seals and pictures are read each build, fonts are keyed by size and time).
"""
from __future__ import annotations

import functools
from typing import Any, Callable, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

# The limits, by cache: entries, not bytes (the larger ones hold small values: a measured
# token, a typeset paragraph's lines, a placed line).
LIMITS = {
    "parsed YAML files": 256,
    "located files": 256,
    "parsed texts": 1 << 14,
    "measured tokens": 1 << 16,
    "typeset paragraphs": 1 << 14,
    "paragraph settings": 1 << 14,
    "balanced titles": 1 << 14,
    "single lines": 1 << 14,
    "laid-out figures": 256,
    "cell texts": 1 << 14,  # a cell's tokens and break costs (a long report repeats its tables)
    "cell words": 1 << 14,  # where the words of a cell's text end
    "table cells": 1 << 14,  # a cell's lines at its column's width and alignment
    "title word breaks": 64,
    "word list": 1,
    "font manifests": 4,
    "parsed fonts": 32,
    "ink extents": 256,
    "PDF font programs": 32,
    "PDF encodings": 32,
    "PDF widths and maps": 32,
    "OFD font families": 32,
    "PDF colour operators": 64,
    "PDF spacing operators": 4096,
    "PDF font operators": 256,
    "PDF numbers": 4096,
    "sRGB profile": 1,
}
_CLEARS: dict[str, Callable[[], None]] = {}
_SIZES: dict[str, Callable[[], int]] = {}


def kept(name: str) -> Callable[[F], F]:
    """Memoise a pure function under `name`, to the limit LIMITS sets for it."""
    def decorate(function: F) -> F:
        cached = functools.lru_cache(maxsize=LIMITS[name])(function)
        _CLEARS[name], _SIZES[name] = cached.cache_clear, lambda: cached.cache_info().currsize
        return cached  # type: ignore[return-value]
    return decorate


def table(name: str, limit: int) -> dict[Any, Any]:
    """A dictionary a module keeps entries in itself (and trims itself to `limit`)."""
    LIMITS.setdefault(name, limit)
    kept_here: dict[Any, Any] = {}
    _CLEARS[name], _SIZES[name] = kept_here.clear, kept_here.__len__
    return kept_here


def forget() -> None:
    for clear in _CLEARS.values():
        clear()


def sizes() -> dict[str, int]:
    """Entries in each cache now."""
    return {name: size() for name, size in _SIZES.items()}
