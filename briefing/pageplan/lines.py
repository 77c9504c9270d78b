"""Typeset lines as positioned glyph runs, and the one-line texts every page part uses."""
from __future__ import annotations

from functools import wraps
from typing import Callable, Sequence

from .. import memo
from .. import geometry
from ..errors import LayoutFault, Problem
from ..metrics import FontMetrics
from ..roles import FontRole
from ..typeset import Line, Run, Style, TitleTooLong, balance_lines, set_line, shift_line, tokenize, typeset
from ..words import list_items
from .items import Colour, GlyphRun, Item, TextLine

BLACK: Colour = geometry.BLACK
RED: Colour = geometry.RED
BODY = Style(geometry.BODY_SIZE, geometry.CELL)
_TOLERANCE = 0.5  # pt: justified lines end on the 版心's edge up to rounding


def placed(line: Line, x: float, baseline: float, size: float, metrics: FontMetrics,
           role: str, colour: Colour = BLACK) -> TextLine:
    """A typeset line with its left edge at x and its baseline at `baseline`."""
    _, advances, known = _kept_for(metrics)
    key = (id(line), x, baseline, size, role, colour)
    kept = known.get(key)
    if kept is not None and kept[0] is line:
        return kept[1]
    runs = []
    for segment in line.segments:
        advances_key = (segment.text, segment.font, size, segment.char_space)
        widths = advances.get(advances_key)
        if widths is None:
            widths = advances[advances_key] = tuple(metrics.width(char, segment.font, size) + segment.char_space
                                                    for char in segment.text)
        runs.append(GlyphRun(x + segment.x, baseline, segment.text, segment.font, size, segment.char_space,
                             widths, colour))
    result = known[key] = (line, TextLine(tuple(runs), line.text, role))
    return result[1]


# For the latest fonts: each character's advance by (text, font, size, character spacing), as
# the same words recur on every page and every rebuild; and each line placed lately, by the
# typeset line (the same object a rebuild takes from the typesetter's cache when its paragraph
# did not change) and where and how it is placed. Plain dicts: their keys hash in C (an
# lru_cache keyed with the metrics too called their __eq__ for every run). The metrics they are
# for are compared by identity first: FontMetrics.of hands every build of the same fonts one
# object, and looking them up as a key (their __hash__ and __eq__ are Python calls) took a third
# of placed's time (0.064 of 0.199 s profiled, 13,709 lines of a 442-page edition).
_Kept = tuple[FontMetrics, dict[tuple[str, str, float, float], tuple[float, ...]], dict[tuple, tuple[Line, TextLine]]]
_KEPT: dict[str, _Kept] = memo.table("placed lines", 1)
_ADVANCES_KEPT = 1 << 16
_PLACED_KEPT = 1 << 14  # lines (~0.5 kB each, their advances shared): a 442-page edition's 9700 fit


def _kept_for(metrics: FontMetrics) -> _Kept:
    kept = _KEPT.get("latest")
    if (kept is None or not (kept[0] is metrics or kept[0] == metrics)
            or len(kept[1]) > _ADVANCES_KEPT or len(kept[2]) > _PLACED_KEPT):
        kept = _KEPT["latest"] = (metrics, {}, {})  # other fonts, or too many: start again
    return kept


def placed_lines(lines: Sequence[Line], x: float, first_baseline: float, size: float, metrics: FontMetrics,
                 role: str, colour: Colour = BLACK, pitch: float = geometry.GRID.pitch) -> list[TextLine]:
    return [placed(line, x, first_baseline - number * pitch, size, metrics, role, colour)
            for number, line in enumerate(lines) if line.segments]


def inside_type_area(lines: Sequence[TextLine]) -> None:
    """The build's own post-condition: no text of the flow leaves the 版心 sideways."""
    for line in lines:
        if not line.runs:
            continue
        first, last = line.runs[0], line.runs[-1]
        left, right = first.x, last.x + sum(last.advances) - last.char_space
        if left < geometry.LEFT - _TOLERANCE or right > geometry.RIGHT + _TOLERANCE:
            side, by = ("左", geometry.LEFT - left) if left < geometry.LEFT - _TOLERANCE else ("右", right - geometry.RIGHT)
            raise LayoutFault([Problem(None, f"“{line.text[:24]}”超出版心{side}边 {by / geometry.MM:.1f} 毫米。",
                                        "缩短这段文字；如果是程序排版的问题，请报告并附上内容文件。")])


@memo.kept("single lines")
def single_line(text: str, role: FontRole, style: Style, metrics: FontMetrics) -> Line:
    """One unbroken line at its natural width (cached, like paragraphs: see typeset)."""
    return set_line(tokenize([Run(text, role)], style, metrics, unbroken=True), 1e9, False)


def caption_lines(caption: str, metrics: FontMetrics, width: float = geometry.WIDTH) -> list[Line]:
    """A table's or a chart's caption (黑体 三号) centred above it, broken between words like a
    title if it is long."""
    try:
        return balance_lines([Run(caption, "heiti")], BODY, metrics, width)
    except TitleTooLong:
        return typeset([Run(caption, "heiti")], BODY, metrics, width, align="center")


def labelled_lines(label: str, text: str, role: FontRole, style: Style, metrics: FontMetrics,
                   left: float, right: float, label_role: FontRole | None = None, names: bool = False) -> list[Line]:
    """“label：text” with wrapped lines aligned under the first character after the label; a
    list of `names` (抄送, 出席) flush left, broken between names where one fits."""
    head = single_line(label, label_role or role, style, metrics)
    width = geometry.WIDTH - left - right - head.width
    lines = (typeset([Run(text, role)], style, metrics, width, align="left", words=list_items(text)) if names
             else typeset([Run(text, role)], style, metrics, width))
    moved = [shift_line(line, left + head.width) for line in lines]
    first = moved[0]
    merged = Line(shift_line(head, left).segments + first.segments, first.width, label + first.text)
    return [merged, *moved[1:]]


def kept_items(method: Callable[..., list[Item]]) -> Callable[..., list[Item]]:
    """A figure's `items(position…)` made once per position: figures are kept while their block
    and fonts are the same (flow.kept_figure) and items do not change once made."""
    @wraps(method)
    def items(self: object, *position: float) -> list[Item]:
        made = self.__dict__.setdefault("_items_at", {})
        if position not in made:
            made[position] = method(self, *position)
        return list(made[position])  # (the caller's to extend)
    return items
