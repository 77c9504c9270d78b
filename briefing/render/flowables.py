"""ReportLab flowables that draw typeset lines on the GB/T 9704 line grid."""
from __future__ import annotations

import hashlib
import math
from typing import Callable, Sequence

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.platypus import Flowable

from .. import layout
from ..errors import LayoutFault, Problem
from ..typeset import Line

_FUZZ = 1e-6


def draw_lines(canv, lines: Sequence[Line], x: float, first_baseline: float, size: float,
               pitch: float = layout.PITCH) -> None:
    """Draw lines with baselines `pitch` apart, starting at `first_baseline` (absolute or local).

    Writes the PDF text operators itself, in one text object, each font run at an
    explicit origin: ReportLab splits a TrueType font into subsets of 256 glyphs,
    and some PDF readers (pdfminer) drop the character spacing after the last glyph
    of a string, so every subset's run is placed, not left to follow the previous one.
    Going through ReportLab's text object instead splits every string twice and
    cost a third of the drawing time of a long briefing.
    """
    doc = canv._doc
    _inside_type_area(canv, lines, x)
    ops = ["BT"]
    current_font, current_space = None, None
    for number, line in enumerate(lines):
        y = fp_str(first_baseline - number * pitch)
        spelled = _has_glue(line.text)
        if spelled:  # copy and search give the text as written, not a space at each glue
            ops.append(f"/Span <</ActualText <FEFF{line.text.encode('utf-16-be').hex().upper()}>>> BDC")
        for segment in line.segments:
            font = getFont(segment.font)
            if segment.char_space != current_space:
                current_space = segment.char_space
                ops.append(f"{fp_str(current_space)} Tc")
            run_x, start = x + segment.x, 0
            for subset, codes in font.splitString(segment.text, doc):
                name = font.getSubsetInternalName(subset, doc)
                if name != current_font:
                    current_font = name
                    ops.append(f"{name} {fp_str(size)} Tf")
                ops.append(f"1 0 0 1 {fp_str(run_x)} {y} Tm ({canv._escape(codes)}) Tj")
                piece = segment.text[start:start + len(codes)]
                start += len(codes)
                run_x += font.stringWidth(piece, size) + len(piece) * segment.char_space
        if spelled:
            ops.append("EMC")
    ops.append("ET")
    canv._code.append("\n".join(ops))


def _has_glue(text: str) -> bool:
    """Does the line set Latin letters or digits among Han text (with the quarter-em glue,
    which readers would copy as a space)?"""
    return not text.isascii() and any(c.isascii() and c.isalnum() for c in text)


_TOLERANCE = 0.5  # pt: justified lines end on the 版心's edge up to rounding


def _inside_type_area(canv, lines: Sequence[Line], x: float) -> None:
    """The build's own post-condition: no text the tool places leaves the 版心 sideways.
    (Coordinates may be local to a flowable: the canvas's translation makes them absolute.)"""
    origin = canv._currentMatrix[4] + x
    for line in lines:
        if not line.segments:
            continue
        left, right = origin + line.segments[0].x, origin + line.width
        if left < layout.LEFT - _TOLERANCE or right > layout.RIGHT + _TOLERANCE:
            side, by = ("左", layout.LEFT - left) if left < layout.LEFT - _TOLERANCE else ("右", right - layout.RIGHT)
            raise LayoutFault([Problem(None, f"“{line.text[:24]}”超出版心{side}边 {by / layout.MM:.1f} 毫米。",
                                        "缩短这段文字；如果是程序排版的问题，请报告并附上内容文件。")])


class GridLines(Flowable):
    """Lines kept together on the grid: a title, an attachment's label."""

    def __init__(self, lines: Sequence[Line], size: float = layout.BODY_SIZE,
                 outline: tuple[str, int] | None = None):
        super().__init__()
        self.lines = list(lines)
        self.size = size
        self.outline = outline  # (title, level) for the PDF bookmarks

    def wrap(self, avail_width, avail_height):
        self.width, self.height = avail_width, len(self.lines) * layout.PITCH
        return self.width, self.height

    def split(self, avail_width, avail_height):
        return []

    def draw(self):
        if self.outline:
            title, level = self.outline
            key = "title-" + hashlib.sha256(title.encode("utf-8")).hexdigest()[:12]  # stable across builds
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(title, key, level)
        draw_lines(self.canv, self.lines, 0, self.height - layout.ASCENT * self.size, self.size)


class BlankLines(Flowable):
    """Empty grid lines; they vanish at a page foot instead of opening the next page."""

    def __init__(self, count: int):
        super().__init__()
        self.count = count

    def wrap(self, avail_width, avail_height):
        return avail_width, self.count * layout.PITCH

    def split(self, avail_width, avail_height):
        return [BlankLines(0)]

    def draw(self):
        pass


class SnapToGrid(Flowable):
    """Space down to the next grid line, at least `lines` lines below the current position.

    Used after the off-grid 版头 and title, so the text that follows sits on the grid.
    `frame_bottom` is the absolute y of the frame's bottom, which lies on the grid.
    """

    def __init__(self, frame_bottom: float, lines: int = 1):
        super().__init__()
        self.frame_bottom = frame_bottom
        self.lines = lines

    def wrap(self, avail_width, avail_height):
        y = self.frame_bottom + avail_height - self.lines * layout.PITCH
        grid_lines_above = math.ceil((layout.TOP - y) / layout.PITCH - _FUZZ)
        target = layout.TOP - grid_lines_above * layout.PITCH
        return avail_width, min(avail_height, self.frame_bottom + avail_height - target)

    def draw(self):
        pass


class OnEvenPageFoot(Flowable):
    """The 版记: at the foot of an even page, moving on (leaving blank space or pages) until
    it reaches one with room. Tells the document which pages must go unnumbered."""

    def __init__(self, doc, height: float, paint: Callable[[object], None]):
        super().__init__()
        self.doc = doc
        self.need = height
        self.paint = paint
        self.placed = False

    def wrap(self, avail_width, avail_height):
        if self.doc.page % 2 == 0 and avail_height + _FUZZ >= self.need:
            self.placed = True
            return avail_width, avail_height
        return avail_width, avail_height + 1  # does not fit here: split() fills the page

    def split(self, avail_width, avail_height):
        if avail_height + _FUZZ >= layout.LINES_PER_PAGE * layout.PITCH:
            self.doc.blank_pages.add(self.doc.page)  # a whole page left blank
        # A fresh copy: platypus marks a flowable it had to move ("postponed") and refuses to
        # move it twice, but the 版记 may have to pass a full page and then an odd one.
        return [BlankLines(0), _PageFiller(), OnEvenPageFoot(self.doc, self.need, self.paint)]

    def drawOn(self, canvas, x, y, _sW=0):
        if self.doc.page - 1 in self.doc.blank_pages:
            self.doc.blank_pages.add(self.doc.page)  # blank page before the 版记: neither numbered
        self.paint(canvas)  # absolute coordinates: the last rule lies on the 版心 bottom


class _PageFiller(Flowable):
    def wrap(self, avail_width, avail_height):
        return avail_width, avail_height

    def split(self, avail_width, avail_height):
        return []

    def draw(self):
        pass
