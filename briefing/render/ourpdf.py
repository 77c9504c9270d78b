"""The layout of the PDF files ReportLab writes for us, read back by the steps that rework them
(object streams: render.pack; numbered copies: stamp) instead of by a general PDF parser: a file
laid out otherwise is refused, never guessed at."""
from __future__ import annotations

import re


class ForeignLayout(ValueError):
    """The PDF is not laid out as ReportLab lays out the files this program writes."""


def found(pattern: bytes, data: bytes) -> bytes:
    """The pattern's group in `data` (the whole match when it has none)."""
    match = re.search(pattern, data)
    if match is None:
        raise ForeignLayout(f"not found in the PDF: {pattern!r}")
    return match.group(1) if match.groups() else match.group()


def last_xref(data: bytes) -> int:
    """Where the file's last cross-reference section starts."""
    return int(found(rb"startxref\s+(\d+)\s+%%EOF\s*$", data[-64:]))


def trailer_entries(trailer: bytes) -> bytes:
    """The trailer's /Root, /Info and /ID, as they are to be written again."""
    return b" ".join(b"/%s %s" % (key, found(rb"/%s\s*(\[<[0-9a-f]+><[0-9a-f]+>\]|\d+ 0 R)" % key, trailer))
                     for key in (b"Root", b"Info", b"ID"))
