"""The page plan: everything a page shows, positioned, for any fixed-layout output.

Coordinates are PDF points (1/72 inch) from the page's bottom-left corner, y upwards;
colours are CMYK fractions. A plan holds no ReportLab objects: the PDF and OFD
writers draw the same plan, so their geometry cannot differ.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, NamedTuple

Colour = tuple[float, float, float, float]  # CMYK, 0–1 each


class GlyphRun(NamedTuple):
    """Characters of one font, size and colour on one baseline. (A named tuple: a long edition
    places tens of thousands, and a tuple is made and hashed four times faster than a frozen
    dataclass.)"""

    x: float  # origin of the first glyph, on the baseline
    y: float
    text: str
    font: str  # the face's name (FontSet.by_name)
    size: float
    char_space: float  # added after every character, pt
    advances: tuple[float, ...]  # each character's advance including char_space, pt
    colour: Colour


@dataclass(frozen=True)
class TextLine:
    """A typeset line: its glyph runs and the text they stand for (what copy and search
    should give: the runs leave out the glue between Han and Latin)."""

    runs: tuple[GlyphRun, ...]
    text: str
    role: str  # the 公文 element it belongs to (roles.ELEMENTS)


@dataclass(frozen=True)
class Rule:
    """A straight line, e.g. the red separator or a 版记 rule."""

    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    colour: Colour
    dash: tuple[float, ...] = ()


@dataclass(frozen=True)
class Box:
    """A rectangle, filled and/or stroked; (x, y) is its bottom-left corner."""

    x: float
    y: float
    width: float
    height: float
    fill: Colour | None = None
    stroke: Colour | None = None
    line_width: float = 0.0


@dataclass(frozen=True)
class Picture:
    """A raster image (a seal, a picture in the body) drawn to fill the box exactly."""

    path: Path
    x: float
    y: float
    width: float
    height: float
    role: str = "印章"  # or "图片"


@dataclass(frozen=True)
class Turned:
    """Items set across the page (a landscape table, GB/T 9704 §8), in coordinates of the 版心
    turned a quarter counter-clockwise: u runs up the page from the 版心's bottom, v leftwards
    from its right edge, so the content's top faces the page's left edge. On the page a point
    (u, v) lies at x = RIGHT - v, y = BOTTOM + u (geometry)."""

    items: tuple["TextLine | Rule | Box", ...]


Item = TextLine | Rule | Box | Picture | Turned


@dataclass(frozen=True)
class Bookmark:
    """An outline entry: the title, its level and where it starts on its page."""

    title: str
    level: int
    top: float  # where the titled text starts on its page
    key: str  # stable across builds


@dataclass
class PagePlan:
    """Everything drawn on one page, in drawing order, with its outline entries."""

    number: int  # 1-based
    items: list[Item] = field(default_factory=list)
    bookmarks: list[Bookmark] = field(default_factory=list)
    blank: bool = False  # a page left empty before the 版记: no page number

    def texts(self) -> list[TextLine]:
        """The page's text lines, upright ones (a landscape table's are in `turned_texts`)."""
        return [item for item in self.items if isinstance(item, TextLine)]

    def turned_texts(self) -> list[TextLine]:
        return [part for item in self.items if isinstance(item, Turned) for part in item.items
                if isinstance(part, TextLine)]


def characters_by_font(plans: Iterable[PagePlan]) -> dict[str, set[str]]:
    """The characters each font prints on the pages (what a font embedded in them must hold)."""
    # Each font's distinct run texts first: the same words recur on many pages, and joining only
    # the distinct ones took 0.019 s where joining every run's took 0.033 s (442 pages).
    texts: dict[str, set[str]] = {}
    for plan in plans:
        for line in [*plan.texts(), *plan.turned_texts()]:
            for run in line.runs:
                texts.setdefault(run.font, set()).add(run.text)
    return {font: set("".join(parts)) for font, parts in texts.items()}
