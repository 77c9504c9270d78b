"""Tables in the body: on the 22-line grid, split between rows, the header repeated.

Every text line of a cell takes one grid line, so a table is a whole number of lines
tall on every page and the text after it stays on the grid. The caption (黑体 三号) opens
the table; the header (黑体 四号) comes again at the top of each following page; cells are
仿宋 四号. A grouped first column shows a group's label once, in a cell spanning its rows,
and again at the top of a page that continues the group.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .. import geometry
from ..compose import TableBlock
from ..errors import ContentError
from ..metrics import FontMetrics
from ..typeset import Line, Run, Style, TitleTooLong, balance_lines, shift_line, typeset
from ..words import list_items
from .items import Box, Item, Rule
from .lines import BLACK, BODY, kept_items, placed, single_line

CELL_TEXT = Style(14, 14)  # 四号
PAD = 5.0  # pt, between a cell's rules and its text
RULE = 0.75  # pt: the cell rules
FRAME = 1.0  # pt: the outer frame and the rule under the header
ROLE = "表格"
_NUMBER = re.compile(r"[-+]?[\d,]*\d(?P<point>\.\d+)?")


@dataclass(frozen=True)
class _Cell:
    lines: tuple[Line, ...]  # positioned from the cell's left rule
    span: int = 1  # rows covered (a merged first cell)


class TableFigure:
    """A table laid out once: its rows' heights in grid lines, the lines where a page may end
    (`cuts`) and the header's height (`repeat`), for the paginator."""

    def __init__(self, table: TableBlock, metrics: FontMetrics, width: float = geometry.WIDTH,
                 page_lines: int = geometry.LINES_PER_PAGE):
        self.table, self.metrics, self.width = table, metrics, width
        self.columns = _column_widths(table.widths, width)
        self.edges = [sum(self.columns[:i]) for i in range(len(self.columns) + 1)]
        self.caption = _caption_lines(table.caption, metrics, width)
        self.header = [[self._cell(text, i, "heiti", "center") for i, text in enumerate(row)] for row in table.header]
        self.header_heights = [max(len(c.lines) for c in row) for row in self.header]
        self.groups = _groups(table) if table.merge_first else list(range(len(table.rows)))
        self.rows = [[self._cell(text, i, "fangsong", table.align[i]) for i, text in enumerate(row)]
                     for row in table.rows]
        self.heights = [max([1] + [len(c.lines) for i, c in enumerate(row) if i or not table.merge_first])
                        for row in self.rows]
        if table.merge_first:
            self._fit_groups()
        self.repeat = sum(self.header_heights)
        self.head = len(self.caption) + self.repeat
        self.starts = [self.head + sum(self.heights[:i]) for i in range(len(self.rows) + 1)]
        self.line_count = self.starts[-1] + 1  # a blank line after the table, before the text
        cut_rows = [row for row in range(1, len(self.rows)) if self._may_cut(row)]
        self.cuts = tuple(self.starts[row] for row in cut_rows)
        # The rows between two places a page may end must fit one page under the header (and
        # the caption, on the table's first page).
        first, end, needed = max(((start, stop, (self.head if start == 0 else self.repeat) + self.starts[stop]
                                   - self.starts[start]) for start, stop in zip([0, *cut_rows], [*cut_rows, len(self.rows)])),
                                 key=lambda part: part[2])
        above = "表题和表头" if first == 0 else "表头"
        if needed > page_lines and end - first == 1:
            raise ContentError.one(table.where, f"表格的一行（连同{above}）要占 {needed} 行，一页排不下。",
                                   "把这一格的文字分成几行写在几行表格中，或缩短它。")
        if needed > page_lines:
            raise ContentError.one(table.where, f"表格第一列合并的“{table.rows[first][0]}”一组（{end - first} 行）连同{above}"
                                                f"要占 {needed} 行，一页排不下；组内只能在分页后两部分都放得下这个名称处分页。",
                                   "加宽第一列或文字多的列（widths），缩短较长的单元格，或把这一组分成两组（第一列写不同的名称）。")

    def _cell(self, text: str, column: int, role: str, align: str) -> _Cell:
        width = self.columns[column] - 2 * PAD
        if not text:
            return _Cell(())
        if align == "decimal":
            line = self._decimal(text, column, role)
            if line is not None:
                return _Cell((line,))
            align = "right"
        if align == "center":  # a label: broken between words into even lines, like a title
            try:
                lines = balance_lines([Run(text, role)], CELL_TEXT, self.metrics, width, max_lines=6,
                                      names=list_items(text), centre=False)
            except TitleTooLong:
                lines = typeset([Run(text, role)], CELL_TEXT, self.metrics, width, align="left")
        else:  # several lines of text are justified, as Chinese text is
            lines = typeset([Run(text, role)], CELL_TEXT, self.metrics, width,
                            align="justify" if align == "left" else "left", words=list_items(text))
        placed_lines = []
        for line in lines:
            offset = {"left": 0.0, "center": (width - line.width) / 2, "right": width - line.width}[align]
            placed_lines.append(shift_line(line, PAD + offset))
        return _Cell(tuple(placed_lines))

    def _decimal(self, text: str, column: int, role: str) -> Line | None:
        """A number set with its decimal point (or its last digit) on the column's point: the
        point sits as far left of the right rule as the widest part after a point needs."""
        after = [after_point(row[column], self.metrics, role) for row in self.table.rows]
        widths = [w for w in after if w is not None]
        mine = after_point(text, self.metrics, role)
        line = single_line(text, role, CELL_TEXT, self.metrics)
        if mine is None or not widths:
            return None
        x = self.columns[column] - PAD - max(widths) - (line.width - mine)
        return shift_line(line, x) if x >= PAD else None

    def _may_cut(self, row: int) -> bool:
        """May a page end before `row`? Inside a group only where the label, shown again on the
        next page, fits the group's rows on both pages."""
        if not self.table.merge_first or self.groups[row] == row:
            return True
        start = self.groups[row]
        end = dict(_spans(self.groups))[start]
        label = len(self.rows[start][0].lines)
        return sum(self.heights[start:row]) >= label and sum(self.heights[row:end]) >= label

    def _fit_groups(self) -> None:
        """A merged label taller than its rows makes the group's last row taller."""
        for start, end in _spans(self.groups):
            label = self.rows[start][0]
            short = len(label.lines) - sum(self.heights[start:end])
            if short > 0:
                self.heights[end - 1] += short

    # Drawing

    @kept_items
    def items(self, left: float, top: float, first: int, end: int) -> list[Item]:
        """The part of the table from line `first` to `end` (line offsets in the table), its top
        at `top`; a part that does not start the table opens with the header again."""
        result: list[Item] = []
        rows = [i for i in range(len(self.rows)) if first <= self.starts[i] and self.starts[i + 1] <= end]
        if not rows:  # (the blank line after the table, alone: the paginator never leaves it so)
            return result
        y = top
        if first == 0:
            for number, line in enumerate(self.caption):
                result.append(placed(line, left, y - geometry.ASCENT * geometry.BODY_SIZE - number * geometry.PITCH,
                                     geometry.BODY_SIZE, self.metrics, ROLE))
            y -= len(self.caption) * geometry.PITCH
        frame_top = y
        for row, height in zip(self.header, self.header_heights):
            result += self._row(row, left, y, height, [True] * len(row))
            y -= height * geometry.PITCH
        header_bottom = y
        spans = dict(_spans(self.groups)) if self.table.merge_first else {}
        for index in rows:
            height = self.heights[index]
            drawn = [True] * len(self.rows[index])
            if self.table.merge_first:
                group_start = max(s for s in spans if s <= index)
                opens = index == group_start or index == rows[0]
                drawn[0] = opens
                if opens:  # the merged cell: from here to the group's end or the page's
                    last = min(spans[group_start], rows[-1] + 1)
                    merged = sum(self.heights[index:last])
                    result += self._text(self.rows[group_start][0], left, y, merged)
                    result += self._rules_around(left, y, merged, 0)
                    drawn[0] = False
            result += self._row(self.rows[index], left, y, height, drawn)
            y -= height * geometry.PITCH
        bottom = y
        result.append(Box(left, bottom, self.width, frame_top - bottom, stroke=BLACK, line_width=FRAME))
        result.append(Rule(left, header_bottom, left + self.width, header_bottom, FRAME, BLACK))
        return result

    def _row(self, cells: list[_Cell], left: float, top: float, height: int, drawn: list[bool]) -> list[Item]:
        result: list[Item] = []
        for column, (cell, shown) in enumerate(zip(cells, drawn)):
            if shown:
                result += self._text(cell, left + self.edges[column], top, height)
                result += self._rules_around(left, top, height, column)
        return result

    def _text(self, cell: _Cell, x: float, top: float, height: int) -> list[Item]:
        start = top - (height - len(cell.lines)) * geometry.PITCH / 2  # centred in its rows
        size = CELL_TEXT.size
        drop = (geometry.PITCH - size) / 2 + geometry.ASCENT * size  # each text line centred on its grid line
        return [placed(line, x, start - drop - n * geometry.PITCH, size, self.metrics, ROLE)
                for n, line in enumerate(cell.lines) if line.segments]

    def _rules_around(self, left: float, top: float, height: int, column: int) -> list[Item]:
        """The rule under a cell and the one at its right (the frame draws the outer edges)."""
        x0, x1 = left + self.edges[column], left + self.edges[column + 1]
        bottom = top - height * geometry.PITCH
        rules: list[Item] = [Rule(x0, bottom, x1, bottom, RULE, BLACK)]
        if column + 1 < len(self.columns):
            rules.append(Rule(x1, top, x1, bottom, RULE, BLACK))
        return rules


MIN_COLUMN = 2 * CELL_TEXT.size + 2 * PAD  # two characters: a narrower column could hold nothing


def _column_widths(relative: tuple[float, ...], width: float) -> list[float]:
    """Column widths across the 版心 in the given proportions, none narrower than MIN_COLUMN (the
    others give up what the narrow ones need)."""
    narrow: set[int] = set()
    while True:
        rest = width - MIN_COLUMN * len(narrow)
        total = sum(w for i, w in enumerate(relative) if i not in narrow)
        widths = [MIN_COLUMN if i in narrow else rest * w / total for i, w in enumerate(relative)]
        more = {i for i, w in enumerate(widths) if w < MIN_COLUMN - 1e-9} - narrow
        if not more:
            return widths
        narrow |= more


def _caption_lines(caption: str, metrics: FontMetrics, width: float) -> list[Line]:
    """The caption centred, broken between words like a title if it is long."""
    try:
        return balance_lines([Run(caption, "heiti")], BODY, metrics, width)
    except TitleTooLong:
        return typeset([Run(caption, "heiti")], BODY, metrics, width, align="center")


def _groups(table: TableBlock) -> list[int]:
    """For each row, the index of the row that opens its group (equal first cells in a row)."""
    starts: list[int] = []
    for index, row in enumerate(table.rows):
        same = index and row[0] in ("", table.rows[starts[-1]][0]) and table.rows[starts[-1]][0]
        starts.append(starts[-1] if same else index)
    return starts


def _spans(groups: list[int]) -> list[tuple[int, int]]:
    """(first row, one past the last) of each group."""
    spans: list[tuple[int, int]] = []
    for index, start in enumerate(groups):
        if spans and spans[-1][0] == start:
            spans[-1] = (start, index + 1)
        else:
            spans.append((start, index + 1))
    return spans


def after_point(text: str, metrics: FontMetrics, role: str) -> float | None:
    """The width of what follows a number's decimal point (or its last digit): None for a
    cell that does not start with a number."""
    match = _NUMBER.match(text)
    if not match:
        return None
    cut = match.start("point") if match.group("point") else match.end()
    whole = single_line(text, role, CELL_TEXT, metrics).width
    return whole - single_line(text[:cut], role, CELL_TEXT, metrics).width if cut < len(text) else 0.0
