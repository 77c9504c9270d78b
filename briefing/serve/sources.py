"""Where a printed line came from, and where it sits on its page.

The page plans keep each line's text and element but not its source, so a line is matched by
its text to what the composed document prints (Document.runs, each with the Where of its YAML
node): a line of a paragraph is a piece of that paragraph's text. Matching walks forward in
print order from the previous match, so a repeated short text (a date, a name) goes to the
occurrence that follows; a line that matches nothing (the layout's own words) has no source.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby

from ..compose import Document
from ..errors import Where
from ..pageplan import Book, PagePlan, TextLine

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Placed:
    """A printed line: its text, element, box on the page (fractions of the page's width and
    height from the top-left corner) and source."""

    text: str
    role: str
    box: tuple[float, float, float, float]  # left, top, width, height
    where: Where | None


def _squeezed(text: str) -> str:
    return _SPACE.sub("", text)


def printed_sources(document: Document) -> list[tuple[str, Where]]:
    """The document's printed text, one entry per source node, in print order."""
    runs = [run for run in document.runs() if run.where is not None]
    return [(  "".join(_squeezed(run.text) for run in group), where)
            for where, group in ((w, list(g)) for w, g in groupby(runs, key=lambda run: run.where))]


def _box(line: TextLine, width: float, height: float) -> tuple[float, float, float, float]:
    left = min(run.x for run in line.runs)
    right = max(run.x + sum(run.advances) for run in line.runs)
    size = max(run.size for run in line.runs)
    top = max(run.y for run in line.runs) + 0.88 * size  # ascent and descent of a Han face
    return (left / width, 1 - top / height, (right - left) / width, 1.1 * size / height)


def place_lines(book: Book, document: Document, width: float, height: float) -> list[list[Placed]]:
    """Every page's upright text lines with their boxes and sources."""
    sources = printed_sources(document)
    cursor = 0
    pages = []
    for page in book.pages:
        placed = []
        for line in _lines(page):
            text = _squeezed(line.text)
            found = _find(sources, text, cursor)
            if found is not None:
                cursor = found
            placed.append(Placed(line.text, line.role, _box(line, width, height),
                                 sources[found][1] if found is not None else None))
        pages.append(placed)
    return pages


def _lines(page: PagePlan) -> list[TextLine]:
    return [line for line in page.texts() if line.runs and line.text.strip()]


def _find(sources: list[tuple[str, Where]], text: str, cursor: int) -> int | None:
    """The first source at or after `cursor` printing `text`, else the first before it."""
    order = [*range(cursor, len(sources)), *range(0, cursor)]
    return next((index for index in order if text in sources[index][0]), None)
