"""Which revision a PDF shows: status (draft or final), label, content hash and date.

Everything here derives from the content (and SOURCE_DATE_EPOCH), never from the
clock or the file system's paths, so a rebuild is byte-identical anywhere.
"""
from __future__ import annotations

import calendar
import hashlib
import os
import re
from pathlib import Path

from .model import Edition

DRAFT_MARK = "征求意见稿"
STATUS_NAMES = {"draft": "草稿", "final": "定稿"}
_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
CHINA_OFFSET = 8 * 3600  # 成文日期 is a date in China Standard Time


def content_hash(edition: Edition) -> str:
    """SHA-256 over the files the edition was read from (their hashes as read), by path
    relative to the content folder, so the same content hashes the same wherever it lives."""
    lines = sorted(f"{file_hash}  {relative_name(path, edition.folder)}\n" for path, file_hash in edition.sources)
    return hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()


def relative_name(path: Path, folder: Path) -> str:
    """A content file's name as the content names it: relative to the folder (or its parent, for
    assets/), else its bare name, never a machine path."""
    for base in (folder, folder.parent):  # seals may live in ../assets
        if path.is_relative_to(base):
            return path.relative_to(base).as_posix()
    return path.name


def creation_time(edition: Edition) -> tuple[int, int] | None:
    """(UTC seconds, offset seconds) of the PDF's date: SOURCE_DATE_EPOCH if set, else the
    成文日期 at midnight in China; None while the date is still a placeholder."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return int(epoch), 0
    match = _DATE.fullmatch(edition.date.value)
    if match is None or edition.date.placeholders:
        return None
    year, month, day = map(int, match.groups())
    return calendar.timegm((year, month, day, 0, 0, 0)) - CHINA_OFFSET, CHINA_OFFSET


def keywords(edition: Edition) -> str:
    """The PDF's Keywords: revision, status and content hash, readable in any PDF viewer."""
    parts = [edition.revision.value] if edition.revision else []
    parts += [DRAFT_MARK if edition.status == "draft" else STATUS_NAMES["final"],
              f"content-sha256:{content_hash(edition)}"]
    return "；".join(parts)
