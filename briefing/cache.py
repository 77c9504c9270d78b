"""Where briefing keeps what it can make again (converted fonts, parsed faces, font subsets,
title segmentations), written whole and, where entries pile up, kept to a size."""
from __future__ import annotations

import hashlib
import marshal
import os
from pathlib import Path
from typing import BinaryIO, Callable, TypeVar

SUBSETS_KEPT = 64 << 20  # bytes of font subsets (PDF, OFD, DOCX) kept in the cache; the oldest go first
T = TypeVar("T", bound=tuple)  # (what marshal keeps: our entries are tuples of numbers and bytes)


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


def keep(target: Path, data: bytes, limit: int) -> None:
    """Write a cache entry whole, then remove the least recently written entries of its kind
    (files with its suffix, beside it) beyond `limit` bytes on disk."""
    write_whole(target, data)
    try:
        entries = [entry for entry in os.scandir(target.parent) if entry.name.endswith(target.suffix)]
        entries.sort(key=lambda entry: entry.stat().st_mtime_ns, reverse=True)
        total = 0
        for entry in entries:
            total += entry.stat().st_blocks * 512
            if total > limit:
                os.unlink(entry.path)
    except OSError:
        pass  # another run pruning at the same time, or a read-only cache


def remembered(kind: str, key: str | None, make: Callable[[], T], valid: Callable[[object], bool],
               limit: int) -> T:
    """`make()`, kept in the cache folder `kind` by the SHA-256 of `key` (marshal) and read
    from there next time; an entry that is unreadable or not `valid` is made again. No key (a
    face whose file's digest is not known): made, not kept."""
    if key is None:
        return make()
    store = cache_dir(kind) / f"{short_digest(key.encode())}.marshal"
    try:
        value = marshal.loads(store.read_bytes())
        if valid(value):
            return value
    except (OSError, EOFError, ValueError, TypeError):
        pass  # not kept yet, or unreadable: make it
    value = make()
    keep(store, marshal.dumps(value), limit)
    return value


def file_digest(path: Path) -> tuple[str, bool]:
    """The SHA-256 (32 hex digits) of the file's bytes, remembered for the file as it is now (its
    path, size, modification time and inode, as git's index does), and whether it was computed
    now from the file (not remembered)."""
    remembered = remembered_digest(path)
    if remembered is not None:
        return remembered, False
    with path.open("rb") as handle:
        return remember_digest(path, hashed(handle)), True


def remembered_digest(path: Path) -> str | None:
    """The digest remembered for the file as it is now (see file_digest), if one is."""
    try:
        return (cache_dir("digests") / _stat_key(path)).read_text(encoding="ascii")
    except (OSError, ValueError):
        return None


def remember_digest(path: Path, digest: str) -> str:
    """Remember the file's digest as it is now (see file_digest); returns it."""
    write_whole(cache_dir("digests") / _stat_key(path), digest.encode("ascii"))
    return digest


def _stat_key(path: Path) -> str:
    stat = path.stat()
    where = f"{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ino}\0{stat.st_dev}"
    return short_digest(where.encode("utf-8"))


def short_digest(data: bytes) -> str:
    """The first 32 hex digits of the SHA-256 of `data`."""
    return hashlib.sha256(data).hexdigest()[:32]


def hashed(handle: BinaryIO) -> str:
    """short_digest of an open file's bytes, read a megabyte at a time (a 21 MB collection is never
    in memory whole)."""
    digest = hashlib.sha256()
    for block in iter(lambda: handle.read(1 << 20), b""):
        digest.update(block)
    return digest.hexdigest()[:32]  # (as short_digest's)
