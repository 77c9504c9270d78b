"""Figures on the page: callout boxes (指标卡), the key-figures panel and the chart.

Each is one unsplittable flowable whose height is a whole number of grid lines,
so the text after it stays on the 22-line grid. Colours keep to the official
edition's palette (black, the 红头 red, greys) and fonts to its roles.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Drawing, Line as RuleLine, Rect, String
from reportlab.lib.colors import CMYKColor
from reportlab.platypus import Flowable

from .. import layout
from ..compose import Card, CardRow, ChartBlock, Panel
from ..typeset import Line, Run, Style, TitleTooLong, balance_lines, typeset
from .flowables import draw_lines
from .metrics import FontMetrics
from .pages import single_line

RED = CMYKColor(*layout.RED)
BLACK = CMYKColor(*layout.BLACK)
GREY = CMYKColor(0, 0, 0, 0.55)  # secondary text
RULE_GREY = CMYKColor(0, 0, 0, 0.35)  # box borders, axis
TRACK = CMYKColor(0, 0, 0, 0.15)  # the unfilled part of a bar; the target bars

# Sizes avoid 16, 22 and 14 pt, which the conformance check reads as body, title and 版记 text.
LABEL, YEAR, VALUE, UNIT, NOTE, SMALL = (Style(s, s) for s in (11, 9, 26, 12, 10.5, 9))
CHART_TEXT = Style(10.5, 10.5)  # 五号: the smallest size a chart's labels are read at
NOTE_LEADING = 13.5
PAD = 8  # inside a box
INSET = 5  # a box's distance from the grid lines it occupies, so text never touches it
GAP = layout.CELL  # between boxes in a row
BAR = 3  # progress bar thickness


def whole_lines(height: float) -> int:
    return math.ceil(height / layout.PITCH - 1e-6)


@dataclass(frozen=True)
class _Text:
    line: Line
    x: float
    baseline: float  # from the box top, downwards
    size: float
    colour: CMYKColor


@dataclass(frozen=True)
class _Bar:
    x: float
    top: float  # from the box top, downwards
    width: float
    fill: float  # filled length
    tick: float  # where the target lies


@dataclass(frozen=True)
class RowPlan:
    """What the cards of one row share, so they read as a row: the year's place (by the value
    or by the label) and the label's height, which puts every value on one baseline; with
    each card's label lines, set once for both."""

    year_by_value: bool
    label_rows: int
    labels: tuple[list[Line], ...]


def plan_row(cards, width: float, metrics: FontMetrics) -> RowPlan:
    inner = width - 2 * PAD

    def fits_by_value(card: Card) -> bool:
        return (single_line(card.value, "heiti", VALUE, metrics).width + 2
                + single_line(card.unit, "heiti", UNIT, metrics).width + 6
                + single_line(card.year, "heiti", YEAR, metrics).width) <= inner

    by_value = all(fits_by_value(card) for card in cards)
    labels = tuple(_label_lines(card, inner, by_value, metrics) for card in cards)
    return RowPlan(by_value, max(len(lines) for lines in labels), labels)


def _label_lines(card: Card, inner: float, year_by_value: bool, metrics: FontMetrics) -> list[Line]:
    year = single_line(card.year, "heiti", YEAR, metrics)
    label_width = inner if year_by_value else inner - year.width - 4
    try:  # broken between words, like a title (GB/T 9704 §7.3.1), flush left
        return balance_lines([Run(card.label, "heiti")], LABEL, metrics, label_width, max_lines=4, centre=False)
    except TitleTooLong:
        return typeset([Run(card.label, "heiti")], LABEL, metrics, label_width, align="left")


def lay_out_card(card: Card, label: list[Line], width: float, metrics: FontMetrics,
                 plan: RowPlan) -> tuple[list, float]:
    """What a box draws, positioned from its top-left corner, and the box height it needs;
    laid out to its row's `plan`."""
    inner = width - 2 * PAD
    items: list = []
    year = single_line(card.year, "heiti", YEAR, metrics)
    value = single_line(card.value, "heiti", VALUE, metrics)
    unit = single_line(card.unit, "heiti", UNIT, metrics)
    # The year goes at the right of the value when every card of the row has room, else beside the label.
    year_by_value = plan.year_by_value
    y = PAD + 2  # below the red stripe
    for line in label:
        y += LABEL.size
        items.append(_Text(line, PAD, y - (1 - layout.ASCENT) * LABEL.size, LABEL.size, BLACK))
        y += 3
    y = PAD + 2 + plan.label_rows * (LABEL.size + 3)  # the row's values on one baseline
    y += VALUE.size * 0.95
    items += [_Text(value, PAD, y, VALUE.size, BLACK), _Text(unit, PAD + value.width + 2, y, UNIT.size, BLACK),
              _Text(year, width - PAD - year.width, y if year_by_value else PAD + 2 + YEAR.size, YEAR.size, GREY)]
    y += 3
    if card.note:
        for line in typeset([Run(card.note, "fangsong")], NOTE, metrics, inner, align="left"):
            y += NOTE_LEADING
            items.append(_Text(line, PAD, y, NOTE.size, GREY))
    if card.progress:
        share = float(card.progress.share)
        percent = single_line(f"{card.progress.share}%", "heiti", SMALL, metrics)
        track = inner - percent.width - 4
        # The bar spans the larger of actual and target: a target already passed is shown as
        # a full bar with the target's tick inside it, never as a bar running past 100%.
        scale = max(share, 100.0)
        y += 8
        items.append(_Bar(PAD, y, track, track * share / scale, track * 100 / scale))
        items.append(_Text(percent, width - PAD - percent.width, y + BAR / 2 + 0.35 * SMALL.size, SMALL.size,
                           RED if share < 100 else BLACK))
        y += BAR + SMALL.size + 3
        items.append(_Text(single_line(card.progress.goal, "fangsong", SMALL, metrics), PAD, y, SMALL.size, GREY))
    return items, y + PAD


def draw_card(canv, items: list, x: float, top: float, width: float, height: float) -> None:
    """Draw a laid-out box with its top-left corner at (x, top), in the canvas' coordinates."""
    canv.saveState()
    canv.setLineWidth(0.6)
    canv.setStrokeColor(RULE_GREY)
    canv.rect(x, top - height, width, height, stroke=1, fill=0)
    canv.setFillColor(RED)
    canv.rect(x, top - 2, width, 2, stroke=0, fill=1)  # the red stripe along the top
    for item in items:
        if isinstance(item, _Text):
            canv.setFillColor(item.colour)
            draw_lines(canv, [item.line], x + item.x, top - item.baseline, item.size)
        else:
            bar_y = top - item.top - BAR
            canv.setFillColor(TRACK)
            canv.rect(x + item.x, bar_y, item.width, BAR, stroke=0, fill=1)
            canv.setFillColor(RED)
            canv.rect(x + item.x, bar_y, item.fill, BAR, stroke=0, fill=1)
            canv.setStrokeColor(BLACK)
            canv.setLineWidth(0.8)
            canv.line(x + item.x + item.tick, bar_y - 1.5, x + item.x + item.tick, bar_y + BAR + 1.5)
    canv.restoreState()


class _GridFigure(Flowable):
    """A figure a whole number of grid lines tall that moves to the next page whole."""

    line_count = 1

    def wrap(self, avail_width, avail_height):
        self.width, self.height = avail_width, self.line_count * layout.PITCH
        return self.width, self.height

    def split(self, avail_width, avail_height):
        return []


class CardRowFlowable(_GridFigure):
    """One to three boxes side by side, all as tall as the tallest."""

    def __init__(self, row: CardRow, metrics: FontMetrics):
        super().__init__()
        count = len(row.cards)
        self.card_width = (layout.WIDTH - (count - 1) * GAP) / count
        plan = plan_row(row.cards, self.card_width, metrics)
        self.laid = [lay_out_card(card, label, self.card_width, metrics, plan)
                     for card, label in zip(row.cards, plan.labels)]
        self.line_count = whole_lines(max(height for _, height in self.laid) + 2 * INSET)
        self.box_height = self.line_count * layout.PITCH - 2 * INSET  # boxes fill their lines

    def draw(self):
        top = self.height - INSET
        for index, (items, _) in enumerate(self.laid):
            draw_card(self.canv, items, index * (self.card_width + GAP), top, self.card_width, self.box_height)


class PanelFlowable(_GridFigure):
    """Key figures at a glance: a title line, rows of boxes and a blank line, kept on one page."""

    def __init__(self, panel: Panel, metrics: FontMetrics):
        super().__init__()
        self.title = single_line(panel.title, "heiti", Style(layout.BODY_SIZE, layout.CELL), metrics)
        self.rows = [CardRowFlowable(row, metrics) for row in panel.rows]
        self.line_count = 1 + sum(row.line_count for row in self.rows) + 1  # a blank line after it

    def draw(self):
        top = self.height
        draw_lines(self.canv, [self.title], (layout.WIDTH - self.title.width) / 2,
                   top - layout.ASCENT * layout.BODY_SIZE, layout.BODY_SIZE)
        top -= layout.PITCH
        for row in self.rows:
            row.wrap(layout.WIDTH, top)
            row.drawOn(self.canv, 0, top - row.height)
            top -= row.height


class ChartFlowable(_GridFigure):
    """Actuals against targets as horizontal bars, each pair scaled to its target (100%)."""

    ROW = 34  # one actual/target pair
    BAR = 10

    def __init__(self, block: ChartBlock, metrics: FontMetrics):
        super().__init__()
        self.block = block
        self.metrics = metrics
        self.label_width = max(single_line(b.label, "heiti", LABEL, metrics).width for b in block.bars) + 10
        self.plot_height = len(block.bars) * self.ROW
        self.line_count = whole_lines(self.plot_height + 80)

    def drawing(self) -> Drawing:
        block, metrics = self.block, self.metrics
        width, height = layout.WIDTH, self.line_count * layout.PITCH
        d = Drawing(width, height)
        d.initialFontName = metrics.fonts.face("fangsong").name  # else the renderer selects Helvetica
        frame_bottom = INSET + 26
        d.add(Rect(0, frame_bottom, width, height - INSET - frame_bottom, strokeColor=RULE_GREY,
                   strokeWidth=0.6, fillColor=None))
        caption = single_line(block.caption, "fangsong", Style(12, 12), metrics)
        _strings(d, caption, (width - caption.width) / 2, INSET + 8, 12)
        left = PAD + self.label_width
        room = width - PAD - left
        # Points per per cent: as large as lets every bar's values fit after it, or after the
        # target line where they would cross it, and the target's value after the target bar.
        unit = min(min((room - self._values_width(b)) / float(b.share) if b.share > 0 else math.inf,
                       (room - 4 - self._values_width(b)) / 100,
                       (room - 4 - single_line(b.goal, "fangsong", CHART_TEXT, metrics).width) / 100)
                   for b in block.bars)
        legend_y = height - INSET - 18
        x = left
        for text, colour in (("实际", RED), ("目标", TRACK)):
            d.add(Rect(x, legend_y, 12, 8, fillColor=colour, strokeColor=None))
            x = _strings(d, single_line(text, "heiti", CHART_TEXT, metrics), x + 15, legend_y, CHART_TEXT.size) + 14
        note = single_line(ChartBlock.LEGEND[2][0], "fangsong", CHART_TEXT, metrics)
        _strings(d, note, x, legend_y, CHART_TEXT.size)
        top = legend_y - 14
        d.add(RuleLine(left, top, left, top - self.plot_height, strokeColor=RULE_GREY, strokeWidth=0.6))
        target_x = left + 100 * unit
        d.add(RuleLine(target_x, top, target_x, top - self.plot_height, strokeColor=GREY, strokeWidth=0.5,
                       strokeDashArray=[2, 2]))
        for index, bar in enumerate(block.bars):
            row_top = top - index * self.ROW - 4
            actual_y, goal_y = row_top - self.BAR, row_top - 2 * self.BAR - 2
            label = single_line(bar.label, "heiti", LABEL, metrics)
            _strings(d, label, left - 8 - label.width, row_top - self.BAR - 5, LABEL.size)
            share = max(float(bar.share), 0.0)  # nothing reached (or a loss) draws no bar
            d.add(Rect(left, actual_y, share * unit, self.BAR, fillColor=RED, strokeColor=None))
            d.add(Rect(left, goal_y, 100 * unit, self.BAR, fillColor=TRACK, strokeColor=None))
            start = left + share * unit + 4
            if start < target_x + 4 and start + self._values_width(bar) > target_x - 2:
                start = target_x + 4  # the values would cross the target line: after it
            end = _strings(d, single_line(bar.actual, "fangsong", CHART_TEXT, metrics), start,
                           actual_y + 1, CHART_TEXT.size)
            _strings(d, single_line(f"{bar.share}%", "heiti", CHART_TEXT, metrics), end + 6, actual_y + 1,
                     CHART_TEXT.size)
            _strings(d, single_line(bar.goal, "fangsong", CHART_TEXT, metrics), target_x + 4, goal_y + 1,
                     CHART_TEXT.size)
        return d

    def _values_width(self, bar) -> float:
        return (4 + single_line(bar.actual, "fangsong", CHART_TEXT, self.metrics).width + 6
                + single_line(f"{bar.share}%", "heiti", CHART_TEXT, self.metrics).width)

    def draw(self):
        renderPDF.draw(self.drawing(), self.canv, 0, 0)


def _strings(drawing: Drawing, line: Line, x: float, y: float, size: float) -> float:
    """Add a typeset line as Strings, one per font segment; returns where the line ends."""
    for segment in line.segments:
        drawing.add(String(x + segment.x, y, segment.text, fontName=segment.font, fontSize=size,
                           fillColor=BLACK))
    return x + line.width
