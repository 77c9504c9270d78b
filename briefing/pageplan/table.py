"""Tables in the body: on the 22-line grid, split between rows, the header repeated.

Every text line of a cell takes one grid line, so a table is a whole number of lines
tall on every page and the text after it stays on the grid. The caption (黑体 三号) opens
the table; the header (黑体 四号) comes again at the top of each following page; cells are
仿宋 四号. A grouped first column shows a group's label once, in a cell spanning its rows,
and again at the top of a page that continues the group.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Callable

from .. import geometry, memo
from ..compose import TableBlock
from ..errors import ContentError, Report
from ..metrics import FontMetrics
from ..roles import FontRole
from ..typeset import Line, Style, shift_line
from .cells import LONE, CellText, cell_text
from .items import Box, Item, Rule
from .lines import BLACK, caption_lines, kept_items, placed, single_line

CELL_TEXT = Style(14, 14)  # 四号
PAD = 5.0  # pt, between a cell's rules and its text
RULE = 0.75  # pt: the cell rules
FRAME = 1.0  # pt: the outer frame and the rule under the header
ROLE = "表格"
_NUMBER = re.compile(r"[-+]?[\d,]*\d(?P<point>\.\d+)?")


@dataclass(frozen=True)
class _Cell:
    """A table cell's lines as set."""

    lines: tuple[Line, ...]  # positioned from the cell's left rule
    span: int = 1  # rows covered (a merged first cell)


class TableFigure:
    """A table laid out once: its rows' heights in grid lines, the lines where a page may end
    (`cuts`) and the header's height (`repeat`), for the paginator."""

    def __init__(self, table: TableBlock, metrics: FontMetrics, landscape: bool = False):
        width, page_lines = (geometry.HEIGHT, geometry.LANDSCAPE_LINES) if landscape else (geometry.WIDTH,
                                                                                           geometry.LINES_PER_PAGE)
        self.table, self.metrics, self.width, self.landscape = table, metrics, width, landscape
        self.page_lines = page_lines
        if table.widths is None:
            self.columns, self.squeezed = fitted_widths(table, metrics, width)
        else:
            self.columns, self.squeezed = _column_widths(table.widths, width), False
        self.edges = [sum(self.columns[:i]) for i in range(len(self.columns) + 1)]
        self.caption = caption_lines(table.caption, metrics, width)
        # In a column on the decimal point, the widest part of a number after its point
        self.points = {column: max((after_point(row[column], metrics, "fangsong") or 0.0) for row in table.rows)
                       for column, align in enumerate(table.align) if align == "decimal"}
        self.header = [[self._cell(text, i, "heiti", "center", False) for i, text in enumerate(row)]
                       for row in table.header]
        self.header_heights = [max(len(c.lines) for c in row) for row in self.header]
        self.groups = _groups(table) if table.merge_first else list(range(len(table.rows)))
        self.rows = [[self._cell(text, i, "heiti" if table.total and index == len(table.rows) - 1 and not i
                                 else "fangsong", table.align[i]) for i, text in enumerate(row)]
                     for index, row in enumerate(table.rows)]
        self.heights = [max([1] + [len(c.lines) for i, c in enumerate(row) if i or not table.merge_first])
                        for row in self.rows]
        if table.merge_first:
            self._fit_groups()
        self.repeat = sum(self.header_heights)
        self.head = len(self.caption) + self.repeat
        self.starts = [self.head + sum(self.heights[:i]) for i in range(len(self.rows) + 1)]
        self.line_count = self.starts[-1] + 1  # a blank line after the table, before the text
        between = [row for row in range(1, len(self.rows)) if self._may_cut(row)]
        kept = [row for row in between if not self._orphaned(row)]
        # The lines between two places a page may end must fit one page under the header (and
        # the caption, on the table's first page); a lone first or last row is allowed where
        # that needs it.
        cut_rows = kept if self._largest_part(kept)[2] <= page_lines else between
        self.cuts = self._cut_lines(cut_rows)
        first, end, needed = self._largest_part(cut_rows)
        above = "表题和表头" if first == 0 else "表头"
        if needed > page_lines and end - first == 1:
            raise ContentError.one(table.where, f"表格的一行（连同{above}）要占 {needed} 行，一页排不下。",
                                   "把这一格的文字分成几行写在几行表格中，或缩短它。")
        if needed > page_lines:
            raise ContentError.one(table.where, f"表格第一列合并的“{table.rows[first][0]}”一组（{end - first} 行）连同{above}"
                                                f"要占 {needed} 行，一页排不下；组内只能在分页后两部分都放得下这个名称处分页。",
                                   "加宽第一列或文字多的列（widths），缩短较长的单元格，或把这一组分成两组（第一列写不同的名称）。")

    @property
    def pages(self) -> int:
        """Pages the table fills on its own (a header on each)."""
        over = max(0, self.line_count - self.page_lines)
        return 1 + -(-over // max(1, self.page_lines - self.repeat))

    def _cell(self, text: str, column: int, role: FontRole, align: str, people: bool = True) -> _Cell:
        width = self.columns[column] - 2 * PAD
        if not text:
            return _Cell(())
        if align == "decimal":
            line = self._decimal(text, column, role)
            if line is not None:
                return _Cell((line,))
            align = "right"
        return _Cell(_cell_lines(text, role, width, align, people, self.metrics))

    def _decimal(self, text: str, column: int, role: FontRole) -> Line | None:
        """A number set with its decimal point (or its last digit) on the column's point: the
        point sits as far left of the right rule as the widest part after a point needs."""
        mine = after_point(text, self.metrics, role)
        line = single_line(text, role, CELL_TEXT, self.metrics)
        if mine is None:
            return None
        x = self.columns[column] - PAD - self.points[column] - (line.width - mine)
        return shift_line(line, x) if x >= PAD else None

    def _orphaned(self, row: int) -> bool:
        """Would a page ending before `row` leave a row alone: the first under the caption and
        header at a page's foot, or the last on a page of its own (the 合计 row is not one of
        the rows it sums: it keeps two of them with it)?"""
        last = len(self.rows) - (2 if self.table.total else 1)
        return row == 1 or row >= last

    def _cut_lines(self, rows: list[int]) -> tuple[int, ...]:
        """Where a page may end, in lines of the table: before these rows, and inside tall rows."""
        return tuple(sorted({self.starts[row] for row in rows} | set(self._inside_rows())))

    def _largest_part(self, rows: list[int]) -> tuple[int, int, int]:
        """The part of the table between two places a page may end that needs the most lines on
        its page: (its first row, one past its last, the lines with the header or caption)."""
        edges = [self.starts[0], *self._cut_lines(rows), self.starts[-1]]
        start, stop = max(zip(edges, edges[1:]),
                          key=lambda part: part[1] - part[0] + (self.head if part[0] == edges[0] else self.repeat))
        first = bisect.bisect_right(self.starts, start) - 1
        end = bisect.bisect_right(self.starts, stop - 1)
        return first, end, stop - start + (self.head if start == edges[0] else self.repeat)

    def _may_cut(self, row: int) -> bool:
        """May a page end before `row`? Inside a group only where the label, shown again on the
        next page, fits the group's rows on both pages."""
        if not self.table.merge_first or self.groups[row] == row:
            return True
        start = self.groups[row]
        end = dict(_spans(self.groups))[start]
        label = len(self.rows[start][0].lines)
        return sum(self.heights[start:row]) >= label and sum(self.heights[row:end]) >= label

    def _inside_rows(self) -> list[int]:
        """Places inside a tall row where a page may end, leaving at least KEPT_LINES of it on
        either page (not in a table with a merged first column, whose label spans rows)."""
        if self.table.merge_first:
            return []
        return [start + line for start, height in zip(self.starts, self.heights)
                for line in range(KEPT_LINES, height - KEPT_LINES + 1)]

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
        rows = [i for i in range(len(self.rows)) if first < self.starts[i + 1] and self.starts[i] < end]
        if not rows:  # (the blank line after the table, alone: the paginator never leaves it so)
            return result
        y = top
        if first == 0:
            for number, line in enumerate(self.caption):
                result.append(placed(line, left, y - geometry.GRID.ascent * geometry.BODY_SIZE - number * geometry.GRID.pitch,
                                     geometry.BODY_SIZE, self.metrics, ROLE))
            y -= len(self.caption) * geometry.GRID.pitch
        frame_top = y
        for row, height in zip(self.header, self.header_heights):
            result += self._row(row, left, y, height, [True] * len(row))
            y -= height * geometry.GRID.pitch
        header_bottom = y
        spans = dict(_spans(self.groups)) if self.table.merge_first else {}
        for index in rows:
            start, stop = self.starts[index], self.starts[index + 1]
            if first > start or end < stop:  # a row split between pages: its part here, cells from the top
                shown = range(max(first, start) - start, min(end, stop) - start)
                result += self._part(self.rows[index], left, y, shown)
                y -= len(shown) * geometry.GRID.pitch
                continue
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
            y -= height * geometry.GRID.pitch
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

    def _part(self, cells: list[_Cell], left: float, top: float, shown: range) -> list[Item]:
        """Lines `shown` of a split row, its cells' text from the row's top."""
        result: list[Item] = []
        for column, cell in enumerate(cells):
            lines = _Cell(cell.lines[shown.start:shown.stop])
            result += self._text(lines, left + self.edges[column], top, len(lines.lines))
            result += self._rules_around(left, top, len(shown), column)
        return result

    def _text(self, cell: _Cell, x: float, top: float, height: int) -> list[Item]:
        start = top - (height - len(cell.lines)) * geometry.GRID.pitch / 2  # centred in its rows
        size = CELL_TEXT.size
        drop = (geometry.GRID.pitch - size) / 2 + geometry.GRID.ascent * size  # each text line centred on its grid line
        return [placed(line, x, start - drop - n * geometry.GRID.pitch, size, self.metrics, ROLE)
                for n, line in enumerate(cell.lines) if line.segments]

    def _rules_around(self, left: float, top: float, height: int, column: int) -> list[Item]:
        """The rule under a cell and the one at its right (the frame draws the outer edges)."""
        x0, x1 = left + self.edges[column], left + self.edges[column + 1]
        bottom = top - height * geometry.GRID.pitch
        rules: list[Item] = [Rule(x0, bottom, x1, bottom, RULE, BLACK)]
        if column + 1 < len(self.columns):
            rules.append(Rule(x1, top, x1, bottom, RULE, BLACK))
        return rules


@memo.kept("table cells")
def _cell_lines(text: str, role: FontRole, width: float, align: str, people: bool,
                metrics: FontMetrics) -> tuple[Line, ...]:
    """A cell's lines in a column `width` wide inside its padding, positioned from the cell's left
    rule. Kept: a long report repeats its tables, a table its cells (laying out the 442-page
    edition's 40 tables, each a block of its own, took 150 ms of CPU, now 15 ms)."""
    lines = cell_text(text, role, CELL_TEXT, metrics, width, people).lines(width, align)
    return tuple(shift_line(line, PAD) for line in lines)


def table_figure(table: TableBlock, metrics: FontMetrics) -> TableFigure:
    """The table upright or across the page as written; where `landscape` is not written,
    across the page if its words do not fit upright (across, fewer of them break), or if that
    saves TURN_SAVES pages or more (each landscape table starts and ends a page, which costs
    up to that)."""
    if table.landscape is not None:
        return TableFigure(table, metrics, table.landscape)
    upright = TableFigure(table, metrics)
    if upright.squeezed:
        return TableFigure(table, metrics, landscape=True)
    if upright.pages <= TURN_SAVES:  # (turning it could not save enough)
        return upright
    turned = TableFigure(table, metrics, landscape=True)
    return turned if turned.pages + TURN_SAVES <= upright.pages else upright


TURN_SAVES = 2
SPARSE_PAGES = 3  # a table longer than this, its cells mostly empty, is worth a warning
SPARSE_FILL = 0.5  # the share of its cells' lines that hold text, below which it is mostly empty


def table_warnings(figure: TableFigure, report: Report) -> None:
    """Warn of a table whose numbers or words are broken because its columns cannot all hold
    their widest, and of one that still takes more than SPARSE_PAGES pages of mostly empty
    cells (its rows as tall as one long cell, the others a line or two)."""
    if figure.squeezed:
        report.warn(figure.table.where, f"表格“{figure.table.caption}”太宽：{len(figure.columns)} 栏放不下各自最长的"
                                        f"数字或词，只好在数字或词中间回行。",
                    "减少栏数（可拆成两个表），缩短数字（如以万元为单位、少保留几位小数）或表头。")
    lines = sum(len(cell.lines) for row in figure.rows for cell in row)
    room = sum(figure.heights) * len(figure.columns)
    if figure.pages > SPARSE_PAGES and lines < SPARSE_FILL * room:
        report.warn(figure.table.where, f"表格“{figure.table.caption}”要占 {figure.pages} 页，"
                                        f"各格的文字只占表格的 {lines / room:.0%}，大部分是空白。",
                    "缩短较长的单元格，或把一格中的几项内容分成几行写；也可以写 landscape: true 横排。")


MIN_COLUMN = 2 * CELL_TEXT.size + 2 * PAD  # two characters: a narrower column could hold nothing
KEPT_LINES = 3  # a row split between pages keeps at least this many lines on each (a row of 6 splits)
STEP = CELL_TEXT.size / 4  # pt: fitted widths grow by a quarter of a character at a time
UNBROKEN = 8 * CELL_TEXT.size  # a word (number, code) up to this wide is never broken by a fitted width
SAMPLED_ROWS = 80  # rows a fitted width is tried on: a 9-column table of 2000 rows laid out in under 8 s


def fitted_widths(table: TableBlock, metrics: FontMetrics, width: float) -> tuple[list[float], bool]:
    """Column widths from the content, as HTML's automatic table layout: each column at least
    its minimum (its widest run that no break between words cuts, cells.py; a number whole, on
    its decimal point), at most its longest text on one line. Between the two, the width goes
    a quarter of a character at a time where it saves the most lines of table and broken
    names per character (_grown); what is left goes to the columns in proportion to what
    their longest texts still lack. Also whether words had to be broken (`squeezed`: the
    minimums do not fit; each column then at least its runs the line-start and line-end rules
    keep together, and where not even those fit, two characters and a share of what it needs
    beyond them)."""
    header = [[_text(text, "heiti", metrics, False) for text in row] for row in table.header]
    body = [[_text(text, "fangsong", metrics, True) for text in row] for row in table.rows]
    columns = len(table.align)
    most = [MIN_COLUMN] * columns
    for row in (*header, *body):
        for column, text in enumerate(row):
            most[column] = max(most[column], 2 * PAD + (text.width if text else 0.0) + 0.01)
    least = _least([*header, *body], LONE, table, metrics)
    squeezed = sum(least) > width + 0.01
    if squeezed:
        least = _least([*header, *body], BROKEN, table, metrics)
    if sum(least) > width + 0.01:  # what each column needs beyond two characters, in proportion
        share = (width - MIN_COLUMN * columns) / (sum(least) - MIN_COLUMN * columns)
        return [MIN_COLUMN + (w - MIN_COLUMN) * share for w in least], True
    if sum(most) <= width:
        return _spread(most, most, width), squeezed
    spans = _spans(_groups(table)) if table.merge_first else [(row, row + 1) for row in range(len(body))]
    if len(body) > SAMPLED_ROWS:
        spans = _sampled(spans, SAMPLED_ROWS)
    sample: list[list[CellText | None]] = []
    labels: list[tuple[int, int]] = []  # the sampled groups, as rows of [*header, *sample]
    for start, end in spans:
        labels.append((len(header) + len(sample), len(header) + len(sample) + end - start))
        sample += body[start:end]
    pages = len(body) * 2 / geometry.LINES_PER_PAGE  # (rows of two lines, roughly)
    weights = [max(1.0, pages)] * len(header) + [len(body) / len(sample)] * len(sample)  # the header on every page
    grown = _grown(least, most, [*header, *sample], weights, labels if table.merge_first else [], width)
    return _spread(grown, most, width), squeezed


BROKEN = 1e11  # any break the line-start and line-end rules allow, inside words too


def _text(text: str, role: FontRole, metrics: FontMetrics, people: bool) -> CellText | None:
    """A cell's text (kept: the same text in many cells is set once a width), None if empty."""
    return cell_text(text, role, CELL_TEXT, metrics, people=people) if text else None


def _least(rows: list[list[CellText | None]], level: float, table: TableBlock, metrics: FontMetrics) -> list[float]:
    """Each column's minimum width keeping the words of `level` whole (a number, a code up to
    UNBROKEN wide, whole at every level; in a decimal column, the widest whole part and the
    widest fraction on one line)."""
    least = [MIN_COLUMN] * len(table.align)
    for row in rows:
        for column, text in enumerate(row):
            if text is not None:
                widest = text.least(level) if level < BROKEN else min(UNBROKEN, text.least(level))
                least[column] = max(least[column], 2 * PAD + widest)
    for column, align in enumerate(table.align):
        if align == "decimal":
            least[column] = max(least[column], 2 * PAD + _decimal_width([row[column] for row in table.rows], metrics))
    return least


def _grown(least: list[float], most: list[float], rows: list[list[CellText | None]], weights: list[float],
           labels: list[tuple[int, int]], width: float) -> list[float]:
    """Widths grown from `least` by the move that saves the most per point of width, in lines
    of table and broken words (a break costing LINE_WORTH, cells.py's scale, counts as a line):
    a move widens the columns just enough for one row to lose a line (a row is as tall as its
    tallest cell, so its cells must shrink together), for a merged first cell (spanning the
    rows of `labels`, which it makes taller when it is taller than they are) to lose one, or
    for one cell to break between words more surely. A row weighs as many rows as it stands
    for: the header one per page, a sampled row the rows between samples."""
    counted = range(1 if labels else 0, len(least))
    cache: dict[tuple[int, int], list[tuple[int, float]]] = {}

    def setting(column: int, steps: int) -> list[tuple[int, float]]:  # (lines, cost of their breaks) of each cell
        if (column, steps) not in cache:
            avail = least[column] + steps * STEP - 2 * PAD
            cache[column, steps] = [cell.measure(avail) if (cell := row[column]) else (0, 0.0) for row in rows]
        return cache[column, steps]

    def lines(column: int, steps: int, row: int) -> int:
        return setting(column, steps)[row][0]

    heights: dict[tuple[int, ...], float] = {}

    def height(steps: list[int]) -> float:
        key = tuple(steps)
        if key not in heights:
            columns = [setting(c, n) for c, n in enumerate(steps)]
            tall = [max([1] + [columns[c][r][0] for c in counted]) for r in range(len(rows))]
            short = [(start, columns[0][start][0] - sum(tall[start:end])) for start, end in labels]
            broken = [sum(column[r][1] for column in columns) / LINE_WORTH for r in range(len(rows))]
            heights[key] = (sum(weight * (lines + words) for weight, lines, words in zip(weights, tall, broken))
                            + sum(weights[start] * lines for start, lines in short if lines > 0))
        return heights[key]

    def shorter(row: int, columns: range, steps: list[int]) -> Callable[[list[int]], bool] | None:  # a line less
        tall = max((lines(c, steps[c], row) for c in columns), default=0)
        return (lambda move: all(lines(c, move[c], row) < tall for c in columns)) if tall > 1 else None

    def mended(row: int, columns: range, steps: list[int]) -> Callable[[list[int]], bool] | None:  # breaks less dearly
        column = columns[0]
        cost = setting(column, steps[column])[row][1]
        return (lambda move: setting(column, move[column])[row][1] < cost - 1e-9) if cost > 1e-9 else None

    targets = ([(row, counted, shorter) for row in range(len(rows))] + [(start, range(1), shorter) for start, _ in labels]
               + [(row, range(c, c + 1), mended) for row in range(len(rows)) for c in range(len(least))])
    limit = [int((w - low) / STEP) + 1 for low, w in zip(least, most)]  # steps to a column's longest line

    steps = [0] * len(least)
    free = int((width - sum(least)) / STEP + 1e-9)
    now = height(steps)
    while True:
        best: tuple[float, int, list[int]] | None = None
        for row, columns, goal in targets:
            done = goal(row, columns, steps)
            if done is None:  # (nothing to gain: no widening would do it)
                continue
            move = list(steps)
            for c in columns:  # widened step by step until done, if it can be within the room
                while not done(move) and move[c] < limit[c] and sum(move) - sum(steps) < free:
                    move[c] += 1
            cost = sum(move) - sum(steps)
            if not cost or not done(move):
                continue
            saved = now - height(move)
            if saved > 1e-9 and (best is None or saved / cost > best[0] + 1e-12):
                best = (saved / cost, cost, move)
        if best is None:
            return [low + STEP * n for low, n in zip(least, _exchanged(steps, limit, height))]
        free -= best[1]
        steps = best[2]
        now = height(steps)


LINE_WORTH = 10.0  # a break's cost (cells.py's levels) that weighs as much as a line of table


def _sampled(spans: list[tuple[int, int]], budget: int) -> list[tuple[int, int]]:
    """Whole groups of rows, evenly spaced, up to `budget` rows (the last cut short)."""
    picked: list[tuple[int, int]] = []
    for start, end in dict.fromkeys(spans[n * len(spans) // budget] for n in range(min(budget, len(spans)))):
        room = budget - sum(stop - first for first, stop in picked)
        if room <= 0:
            break
        picked.append((start, min(end, start + room)))
    return picked


def _exchanged(steps: list[int], limit: list[int], height: Callable[[list[int]], float]) -> list[int]:
    """The widths after moving steps to one column wherever that shortens the table (the
    greedy moves cannot take back an early choice): up to EXCHANGED steps from another, or
    as many taken one at a time from the columns that miss them least."""
    now = height(steps)
    improved = True
    while improved:
        improved = False
        for taker in range(len(steps)):
            moves = [_moved(steps, giver, taker, more) for giver in range(len(steps)) for more in _AMOUNTS
                     if giver != taker and steps[giver] >= more and steps[taker] + more <= limit[taker]]
            tried = list(steps)
            for _ in range(min(EXCHANGED, limit[taker] - steps[taker])):
                givers = [giver for giver in range(len(steps)) if giver != taker and tried[giver] > 0]
                if not givers:
                    break
                tried = min((_moved(tried, giver, taker, 1) for giver in givers), key=height)
                moves.append(tried)
            best = min(moves, key=height, default=steps)
            if height(best) < now - 1e-9:
                steps, now, improved = best, height(best), True
    return steps


def _moved(steps: list[int], giver: int, taker: int, more: int) -> list[int]:
    moved = list(steps)
    moved[giver] -= more
    moved[taker] += more
    return moved


_AMOUNTS = (1, 2, 3, 4, 6, 8, 12, 16)  # steps moved from one column to another at once
EXCHANGED = 16  # steps: four characters


def _spread(widths: list[float], wanted: list[float], width: float) -> list[float]:
    """The 版心's width shared out: first to the columns short of their `wanted` width in
    proportion to what they lack, then (all wanted widths met) to all in proportion to them."""
    lacking = [max(0.0, w - have) for have, w in zip(widths, wanted)]
    room = width - sum(widths)
    if 0 < sum(lacking) >= room:
        return [have + room * lack / sum(lacking) for have, lack in zip(widths, lacking)]
    full = [have + lack for have, lack in zip(widths, lacking)]
    return [w * width / sum(full) for w in full]


def _decimal_width(cells: list[str], metrics: FontMetrics) -> float:
    """The widest part before a decimal point plus the widest after it."""
    parts = [(single_line(text, "fangsong", CELL_TEXT, metrics).width, after_point(text, metrics, "fangsong"))
             for text in cells if text]
    numbers = [(whole - after, after) for whole, after in parts if after is not None]
    return max((b for b, _ in numbers), default=0.0) + max((a for _, a in numbers), default=0.0)


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


def after_point(text: str, metrics: FontMetrics, role: FontRole) -> float | None:
    """The width of what follows a number's decimal point (or its last digit): None for a
    cell that does not start with a number."""
    match = _NUMBER.match(text)
    if not match:
        return None
    cut = match.start("point") if match.group("point") else match.end()
    whole = single_line(text, role, CELL_TEXT, metrics).width
    return whole - single_line(text[:cut], role, CELL_TEXT, metrics).width if cut < len(text) else 0.0
