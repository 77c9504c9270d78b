"""GB/T 9704-2012 geometry of the official edition, in PDF points (origin bottom left).

The typesetter's page geometry, used by the page plan; the grid's nominal figures are the
standard's (`standard`), which the checker reads on its own.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

# The grid's pitch (Word's 22-line grid, 579 twips), the closest a page's lines may be set
# (§7.3.5.5) and the em box's top above the baseline: the standard's figures the checker reads.
from .standard import ASCENT, PITCH, TIGHTEST_PITCH

MM = 72 / 25.4

PAGE_WIDTH = 210 * MM
PAGE_HEIGHT = 297 * MM
LEFT = 28 * MM  # 版心 left edge (订口)
TOP = PAGE_HEIGHT - 37 * MM  # 版心 top edge (天头 37 mm)
WIDTH = 156 * MM  # 版心 width
HEIGHT = 225 * MM  # 版心 height
RIGHT = LEFT + WIDTH
BOTTOM = TOP - HEIGHT

BODY_SIZE = 16.0  # 三号
CHARS_PER_LINE = 28
LINES_PER_PAGE = 22
CELL = WIDTH / CHARS_PER_LINE  # 15.793 pt: a Han character's advance on the grid

TITLE_SIZE = 22.0  # 二号
MARK_SIZE = 36.0  # 小初, shrunk to fit the 版心 width when the organ name is long
MARK_INK_TOP = TOP - 35 * MM  # 发文机关标志: ink top 35 mm below the 版心 top
RULE_GAP = 4 * MM  # red separator 4 mm below the 发文字号
RULE_WIDTH = 1.5  # pt; the standard gives no thickness (0.75–2.25 pt in practice)
RED = (0.0, 0.8, 0.8, 0.0)  # CMYK Y80 % + M80 % (§6.2)
BLACK = (0.0, 0.0, 0.0, 1.0)  # BL100 %

IMPRINT_SIZE = 14.0  # 四号
IMPRINT_OUTER_RULE = 0.35 * MM
IMPRINT_INNER_RULE = 0.25 * MM

# 信函格式 (§10.1): the mark 30 mm from the paper's top edge; red double lines 170 mm long,
# thick over thin 4 mm under the mark, thin over thick 20 mm above the paper's bottom edge.
LETTER_MARK_INK_TOP = PAGE_HEIGHT - 30 * MM
LETTER_LINE_LEFT = (PAGE_WIDTH - 170 * MM) / 2
LETTER_LINE_RIGHT = LETTER_LINE_LEFT + 170 * MM
LETTER_THICK, LETTER_THIN, LETTER_LINE_GAP = 2.25, 0.75, 1.0  # pt (not in the standard: common practice)
LETTER_MARK_GAP = 4 * MM
LETTER_FOOT = 20 * MM
LETTER_TEXT_GAP = 7 / 8 * BODY_SIZE  # between a double line and the text next to it

ORDER_MARK_INK_TOP = TOP - 20 * MM  # 命令格式 (§10.2): the mark's top 20 mm below the 版心 top

LANDSCAPE_LINES = int(WIDTH / PITCH)  # lines of a landscape page: the 版心's width across (15)

FOLIO_SIZE = 14.0  # 四号
FOLIO_DROP = 7 * MM  # page-number dash 7 mm below the 版心
DRAFT_RISE = 12 * MM  # a draft mark's baseline above the 版心 top (in the 天头)


_FUZZ = 1e-6  # of a line: positions are sums of pitches, not exact multiples


@dataclass(frozen=True)
class Grid:
    """Lines of text `pitch` apart, the first line's em-box top at `top`, `lines` of them; a
    Han character's em box sits `ascent` em above its baseline. The page grid is GRID; a page
    set closer (§7.3.5.5) or a landscape table's turned 版心 is just another Grid."""

    pitch: float = PITCH
    lines: int = LINES_PER_PAGE
    top: float = TOP
    ascent: float = ASCENT

    @property
    def bottom(self) -> float:
        """Below the last line: where the grid ends."""
        return self.top - self.lines * self.pitch

    def line_top(self, line: int) -> float:
        """Top of grid line `line` (1-based)."""
        return self.top - (line - 1) * self.pitch

    def baseline(self, line: int, size: float = BODY_SIZE) -> float:
        """Baseline of a line of `size`-pt text whose em box top sits on grid line `line`."""
        return self.line_top(line) - self.ascent * size

    def drop(self, size: float = BODY_SIZE) -> float:
        """From a line's top down to its baseline, for `size`-pt text."""
        return self.ascent * size

    def lines_for(self, height: float) -> int:
        """Whole lines a thing `height` points tall takes."""
        return math.ceil(height / self.pitch - _FUZZ)

    def snap(self, y: float) -> float:
        """The top of the first line at or below `y`: where text goes on after a thing that
        ends off the grid (a title of another size, the 版头)."""
        return self.top - math.ceil((self.top - y) / self.pitch - _FUZZ) * self.pitch

    def lines_below(self, y: float) -> int:
        """Whole lines from `y` (a line's top) down to the grid's end."""
        return int((y - self.bottom) / self.pitch + _FUZZ)

    def closer(self, pitch: float, lines: int, top: float) -> Grid:
        """`lines` lines at `pitch` from `top`: part of a page set closer."""
        return replace(self, pitch=pitch, lines=lines, top=top)

    def taking(self, lines: int) -> Grid:
        """The whole page set closer to hold `lines` lines (§7.3.5.5): the first line where it
        was, the last no lower than the last of this grid's, the pitch no closer than TIGHTEST_PITCH."""
        pitch = (self.lines - 1) * self.pitch / (lines - 1)
        if pitch < TIGHTEST_PITCH - _FUZZ:
            raise ValueError(f"{lines} lines would set the page closer than {TIGHTEST_PITCH} pt")
        return replace(self, pitch=pitch, lines=lines)


GRID = Grid()
LANDSCAPE = Grid(lines=LANDSCAPE_LINES, top=WIDTH)  # a turned page: the 版心's width across, in its own coordinates


def line_top(line: int) -> float:
    """Top of grid line `line` (1-based) on a body page."""
    return GRID.line_top(line)


def baseline(line: int, size: float = BODY_SIZE) -> float:
    """Baseline of a line of `size`-pt text whose em box top sits on grid line `line`."""
    return GRID.baseline(line, size)
