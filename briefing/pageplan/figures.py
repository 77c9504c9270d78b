"""Figures on the page: callout boxes (指标卡), the key-figures panel and the chart.

Each is unsplittable and a whole number of grid lines tall, so the text after it stays
on the 22-line grid. Colours keep to the official edition's palette (black, the 红头
red, greys) and fonts to its roles. The chart is drawn as plain rectangles, rules and
text from the same data as the prose.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence


from .. import geometry
from ..compose import Bar, Card, CardRow, ChartBlock, ImageBlock, Panel
from ..errors import ContentError, Where, locate
from ..model import Figure as Registered
from ..images import pixel_size
from ..metrics import FontMetrics
from ..typeset import Line, Run, Style, TitleTooLong, balance_lines, typeset
from .items import Box, Colour, Item, Picture, Rule
from .lines import BLACK, BODY, RED, caption_lines, kept_items, placed, single_line

GREY: Colour = (0, 0, 0, 0.55)  # secondary text
RULE_GREY: Colour = (0, 0, 0, 0.35)  # box borders, axis
TRACK: Colour = (0, 0, 0, 0.15)  # the unfilled part of a bar; the target bars

# Sizes avoid 16, 22 and 14 pt, which the conformance check reads as body, title and 版记 text.
LABEL, YEAR, VALUE, UNIT, NOTE, SMALL = (Style(s, s) for s in (11, 9, 26, 12, 10.5, 9))
CHART_TEXT = Style(10.5, 10.5)  # 五号: the smallest size a chart's labels are read at
NOTE_LEADING = 13.5
PAD = 8  # inside a box
INSET = 5  # a box's distance from the grid lines it occupies, so text never touches it
GAP = geometry.CELL  # between boxes in a row
BAR = 3  # progress bar thickness
ROLE = "图表"


def whole_lines(height: float) -> int:
    return geometry.GRID.lines_for(height)


# A figure's texts that a card or the chart prints, named as the registry's keys.
FIELD_NAMES = {"label": "指标名称（label）", "value": "数值（value）", "unit": "单位（unit）", "year": "年份（year）",
               "change": "增减（change）", "rank": "排名（rank）", "remark": "备注（remark）"}
_TOLERANCE = 0.5  # pt


def typed_at(figure: Registered | None, field: str | None, typed: str, fallback: Where) -> Where:
    """Where a figure's `field` was typed (its line in figures.yaml); `fallback` without a figure."""
    if figure is None:
        return fallback
    if field is None:
        return figure.where
    at = locate(figure.where, typed)
    return Where(at.file, at.line, at.column, figure.where.child(field))


def _card_field(card: Card, text: str) -> str | None:
    """Which of the figure's typed texts a printed piece of a card comes from."""
    typed = {"label": card.label, "value": card.value, "unit": card.unit, "year": card.year}
    if card.figure is not None:
        typed.update({name: getattr(card.figure, name) or "" for name in ("change", "rank", "remark")})
    return next((name for name, value in typed.items() if text and text in value), None)


def _within_card(card: Card, laid: list[CardText | CardBar], width: float, count: int, where: Where) -> None:
    """Refuse, where it was typed, a text that would leave its card (a long unit, a word that
    cannot be broken): the card's width is fixed by the row."""
    for part in laid:
        if isinstance(part, CardText) and (part.x < -_TOLERANCE or part.x + part.line.width > width - PAD + _TOLERANCE):
            field = _card_field(card, part.line.text)
            named = FIELD_NAMES[field] if field else "文字"
            typed = getattr(card.figure, field) if card.figure is not None and field else ""
            raise ContentError.one(
                typed_at(card.figure, field, str(typed), where),
                f"指标卡“{card.label[:20]}”中的“{part.line.text[:30]}”太宽，超出了指标卡：一行 {count} 张时每张宽 "
                f"{width / geometry.MM:.0f} 毫米。", f"缩短{named}；或让这一行少放几张指标卡（figures 中少列几个）。")


def _fits_a_page(lines: int, where: Where, what: str, hint: str) -> None:
    """A figure is never split: one taller than a page would run off it."""
    if lines > geometry.LINES_PER_PAGE:
        raise ContentError.one(where, f"{what}太高：要占 {lines} 行，一页只有 {geometry.LINES_PER_PAGE} 行。", hint)


@dataclass(frozen=True)
class CardText:
    """A line of a card's text, placed in the card's box."""

    line: Line
    x: float
    baseline: float  # from the box top, downwards
    size: float
    colour: Colour


@dataclass(frozen=True)
class CardBar:
    """A card's progress bar, placed in the card's box."""

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


def plan_row(cards: Sequence[Card], width: float, metrics: FontMetrics) -> RowPlan:
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
                 plan: RowPlan) -> tuple[list[CardText | CardBar], float]:
    """What a box shows, positioned from its top-left corner, and the box height it needs;
    laid out to its row's `plan`."""
    inner = width - 2 * PAD
    items: list[CardText | CardBar] = []
    year = single_line(card.year, "heiti", YEAR, metrics)
    value = single_line(card.value, "heiti", VALUE, metrics)
    unit = single_line(card.unit, "heiti", UNIT, metrics)
    # The year goes at the right of the value when every card of the row has room, else beside the label.
    y: float = PAD + 2  # below the red stripe
    for line in label:
        y += LABEL.size
        items.append(CardText(line, PAD, y - (1 - geometry.GRID.ascent) * LABEL.size, LABEL.size, BLACK))
        y += 3
    y = PAD + 2 + plan.label_rows * (LABEL.size + 3)  # the row's values on one baseline
    y += VALUE.size * 0.95
    items += [CardText(value, PAD, y, VALUE.size, BLACK), CardText(unit, PAD + value.width + 2, y, UNIT.size, BLACK),
              CardText(year, width - PAD - year.width, y if plan.year_by_value else PAD + 2 + YEAR.size, YEAR.size,
                       GREY)]
    y += 3
    if card.note:
        for line in typeset([Run(card.note, "fangsong")], NOTE, metrics, inner, align="left"):
            y += NOTE_LEADING
            items.append(CardText(line, PAD, y, NOTE.size, GREY))
    if card.progress:
        share = float(card.progress.share)
        percent = single_line(f"{card.progress.share}%", "heiti", SMALL, metrics)
        track = inner - percent.width - 4
        # The bar spans the larger of actual and target: a target already passed is shown as
        # a full bar with the target's tick inside it, never as a bar running past 100%.
        scale = max(share, 100.0)
        y += 8
        items.append(CardBar(PAD, y, track, track * share / scale, track * 100 / scale))
        items.append(CardText(percent, width - PAD - percent.width, y + BAR / 2 + 0.35 * SMALL.size, SMALL.size,
                              RED if share < 100 else BLACK))
        y += BAR + SMALL.size + 3
        items.append(CardText(single_line(card.progress.goal, "fangsong", SMALL, metrics), PAD, y, SMALL.size, GREY))
    return items, y + PAD


def card_items(laid: list[CardText | CardBar], x: float, top: float, width: float, height: float,
               metrics: FontMetrics) -> list[Item]:
    """A laid-out box with its top-left corner at (x, top)."""
    items: list[Item] = [Box(x, top - height, width, height, stroke=RULE_GREY, line_width=0.6),
                         Box(x, top - 2, width, 2, fill=RED)]  # the red stripe along the top
    for part in laid:
        if isinstance(part, CardText):
            items.append(placed(part.line, x + part.x, top - part.baseline, part.size, metrics, ROLE, part.colour))
        else:
            bar_y = top - part.top - BAR
            tick = x + part.x + part.tick
            items += [Box(x + part.x, bar_y, part.width, BAR, fill=TRACK),
                      Box(x + part.x, bar_y, part.fill, BAR, fill=RED),
                      Rule(tick, bar_y - 1.5, tick, bar_y + BAR + 1.5, 0.8, BLACK)]
    return items


class CardRowFigure:
    """One to three boxes side by side, all as tall as the tallest."""

    def __init__(self, row: CardRow, metrics: FontMetrics):
        count = len(row.cards)
        self.metrics = metrics
        self.card_width = (geometry.WIDTH - (count - 1) * GAP) / count
        plan = plan_row(row.cards, self.card_width, metrics)
        self.laid = [lay_out_card(card, label, self.card_width, metrics, plan)
                     for card, label in zip(row.cards, plan.labels)]
        for card, (laid, _) in zip(row.cards, self.laid):
            _within_card(card, laid, self.card_width, count, row.where)
        self.line_count = whole_lines(max(height for _, height in self.laid) + 2 * INSET)
        tallest = max(zip(row.cards, self.laid), key=lambda pair: pair[1][1])[0]
        texts = [("label", tallest.label)] + ([(name, getattr(tallest.figure, name) or "")
                                               for name in ("remark", "rank", "change")] if tallest.figure else [])
        longest, typed = max(texts, key=lambda pair: len(pair[1]))
        _fits_a_page(self.line_count, typed_at(tallest.figure, longest, typed, row.where),
                     f"指标卡“{tallest.label[:20]}”", f"缩短{FIELD_NAMES[longest]}：指标卡上的名称、增减、排名和备注"
                     "只写一两句，较长的说明写在正文中。")
        self.box_height = self.line_count * geometry.GRID.pitch - 2 * INSET  # boxes fill their lines

    @kept_items
    def items(self, left: float, top: float) -> list[Item]:
        result: list[Item] = []
        for index, (laid, _) in enumerate(self.laid):
            result += card_items(laid, left + index * (self.card_width + GAP), top - INSET, self.card_width,
                                 self.box_height, self.metrics)
        return result


def _panel_title(title: str, metrics: FontMetrics) -> list[Line]:
    """The panel's title centred on one line, or broken between words like a document's title
    when it is longer than the 版心 is wide (a long one as a flush-left paragraph)."""
    try:
        return balance_lines([Run(title, "heiti")], BODY, metrics, geometry.WIDTH)
    except TitleTooLong:
        return typeset([Run(title, "heiti")], BODY, metrics, geometry.WIDTH, align="left")


class PanelFigure:
    """Key figures at a glance: a title line, rows of boxes and a blank line, kept on one page."""

    def __init__(self, panel: Panel, metrics: FontMetrics):
        self.metrics = metrics
        self.title = _panel_title(panel.title, metrics)
        self.rows = [CardRowFigure(row, metrics) for row in panel.rows]
        self.line_count = len(self.title) + sum(row.line_count for row in self.rows) + 1  # a blank line after it
        _fits_a_page(self.line_count, panel.where, "主要指标面板",
                     "面板的指标排不进一页：少列几个指标，或缩短指标卡上的备注和面板标题。")

    @kept_items
    def items(self, left: float, top: float) -> list[Item]:
        result: list[Item] = []
        for line in self.title:  # (centred within the 版心's width already)
            result.append(placed(line, left, top - geometry.GRID.drop(), geometry.BODY_SIZE, self.metrics, ROLE))
            top -= geometry.GRID.pitch
        for row in self.rows:
            result += row.items(left, top)
            top -= row.line_count * geometry.GRID.pitch
        return result


class ChartFigure:
    """Actuals against targets as horizontal bars, each pair scaled to its target (100%)."""

    ROW = 34  # one actual/target pair, at least
    MAX_LABELS = geometry.WIDTH / 2  # the labels' column, leaving the bars and their values half
    BAR = 10
    BOTTOM_PAD = 6  # between the last row and the frame
    OVERHEAD = 2 * INSET + 32 + BOTTOM_PAD  # the frame's insets, the legend (32 pt) and the pad under the bars

    def __init__(self, block: ChartBlock, metrics: FontMetrics):
        self.block = block
        self.metrics = metrics
        labels = [single_line(b.label, "heiti", LABEL, metrics).width for b in block.bars]
        self.label_width = max(labels) + 10
        self.plot_height = len(block.bars) * self.ROW
        self.caption = caption_lines(block.caption, metrics)  # above the frame, as a table's
        self.frame_lines = whole_lines(self.plot_height + self.OVERHEAD)
        self.line_count = len(self.caption) + self.frame_lines
        room = geometry.WIDTH - PAD - (PAD + self.label_width)
        self._refuse_what_does_not_fit(labels, room)
        # Points per per cent: as large as lets every bar's values fit after it, or after the
        # target line where they would cross it, and the target's value after the target bar.
        self.unit = min(min((room - self._values_width(b)) / float(b.share) if b.share > 0 else math.inf,
                            (room - 4 - self._values_width(b)) / 100,
                            (room - 4 - single_line(b.goal, "fangsong", CHART_TEXT, metrics).width) / 100)
                        for b in block.bars)

    def _refuse_what_does_not_fit(self, labels: list[float], room: float) -> None:
        """The chart with its caption within a page, the labels in half the width, the values
        leaving the bars a quarter of the rest: else the text typed too long is named where it
        was typed."""
        block, metrics = self.block, self.metrics
        if self.line_count > geometry.LINES_PER_PAGE:  # (found where it is typed only when it must be)
            at = locate(block.where, block.caption)
            _fits_a_page(self.line_count, Where(at.file, at.line, at.column, block.where.child("chart")),
                         f"图表“{block.caption[:20]}”", "缩短图表标题（标题在图上方，较长时回行），或减少图中的指标。")
        if self.label_width > self.MAX_LABELS:
            bar = block.bars[labels.index(max(labels))]
            raise ContentError.one(typed_at(bar.figure, "label", bar.label, block.where),
                                   f"指标名称“{bar.label[:30]}”太长，在图表中排不下：名称一栏最宽 "
                                   f"{self.MAX_LABELS / geometry.MM:.0f} 毫米（五号字约 {int(self.MAX_LABELS // 11)} 字）。",
                                   "缩短指标名称（label）；正文中的其他叫法写在 aliases 中。")
        values = [max(self._values_width(b), single_line(b.goal, "fangsong", CHART_TEXT, metrics).width)
                  for b in block.bars]
        if max(values) > room * 3 / 4:
            bar = block.bars[values.index(max(values))]
            raise ContentError.one(typed_at(bar.figure, "unit", bar.figure.unit if bar.figure else "", block.where),
                                   f"图表中“{bar.actual[:30]}”的数值和单位太长，图表的横条排不下。",
                                   "缩短单位（unit）或年份（year）；图表中每个数值后印单位和年份。")

    @kept_items
    def items(self, left: float, top: float) -> list[Item]:
        """The chart in a frame; built in its own coordinates (origin at its bottom left)."""
        block, metrics, grid = self.block, self.metrics, geometry.GRID
        result: list[Item] = [placed(line, left, top - grid.drop() - number * grid.pitch, geometry.BODY_SIZE, metrics,
                                     ROLE) for number, line in enumerate(self.caption)]
        width, height = geometry.WIDTH, self.frame_lines * grid.pitch
        x0, y0 = left, top - len(self.caption) * grid.pitch - height

        def text(line: Line, x: float, y: float, size: float) -> float:
            result.append(placed(line, x0 + x, y0 + y, size, metrics, ROLE))
            return x + line.width

        def box(x: float, y: float, w: float, h: float, fill: Colour) -> None:
            result.append(Box(x0 + x, y0 + y, w, h, fill=fill))

        frame_bottom = INSET
        result.append(Box(x0, y0 + frame_bottom, width, height - INSET - frame_bottom, stroke=RULE_GREY,
                          line_width=0.6))
        plot_left = PAD + self.label_width
        unit = self.unit
        legend_y = height - INSET - 18
        x = plot_left
        for name, colour in (("实际", RED), ("目标", TRACK)):
            box(x, legend_y, 12, 8, colour)
            x = text(single_line(name, "heiti", CHART_TEXT, metrics), x + 15, legend_y, CHART_TEXT.size) + 14
        text(single_line(ChartBlock.LEGEND[2][0], "fangsong", CHART_TEXT, metrics), x, legend_y, CHART_TEXT.size)
        plot_top = legend_y - 14
        # The rows share the frame's height, which is whole grid lines: no empty band below them.
        plot_bottom = frame_bottom + self.BOTTOM_PAD
        row = (plot_top - plot_bottom) / len(block.bars)
        result.append(Rule(x0 + plot_left, y0 + plot_top, x0 + plot_left, y0 + plot_bottom, 0.6, RULE_GREY))
        target_x = plot_left + 100 * unit
        result.append(Rule(x0 + target_x, y0 + plot_top, x0 + target_x, y0 + plot_bottom, 0.5, GREY, (2, 2)))
        for index, bar in enumerate(block.bars):
            row_top = plot_top - index * row - (row - 2 * self.BAR - 2) / 2
            actual_y, goal_y = row_top - self.BAR, row_top - 2 * self.BAR - 2
            label = single_line(bar.label, "heiti", LABEL, metrics)
            text(label, plot_left - 8 - label.width, row_top - self.BAR - 5, LABEL.size)
            share = max(float(bar.share), 0.0)  # nothing reached (or a loss) draws no bar
            box(plot_left, actual_y, share * unit, self.BAR, RED)
            box(plot_left, goal_y, 100 * unit, self.BAR, TRACK)
            start = plot_left + share * unit + 4
            if start < target_x + 4 and start + self._values_width(bar) > target_x - 2:
                start = target_x + 4  # the values would cross the target line: after it
            end = text(single_line(bar.actual, "fangsong", CHART_TEXT, metrics), start, actual_y + 1,
                       CHART_TEXT.size)
            text(single_line(f"{bar.share}%", "heiti", CHART_TEXT, metrics), end + 6, actual_y + 1, CHART_TEXT.size)
            text(single_line(bar.goal, "fangsong", CHART_TEXT, metrics), target_x + 4, goal_y + 1, CHART_TEXT.size)
        return result

    def _values_width(self, bar: Bar) -> float:
        return (4 + single_line(bar.actual, "fangsong", CHART_TEXT, self.metrics).width + 6
                + single_line(f"{bar.share}%", "heiti", CHART_TEXT, self.metrics).width)




class ImageFigure:
    """A picture centred at its width, its caption below (仿宋, 12 pt, like a chart's), padded
    to whole grid lines; kept whole on a page."""

    CAPTION = Style(12, 12)

    def __init__(self, block: ImageBlock, metrics: FontMetrics):
        self.block, self.metrics = block, metrics
        pixels_wide, pixels_high = pixel_size(block.path)
        self.width = block.width * geometry.MM
        self.height = self.width * pixels_high / pixels_wide
        page = geometry.GRID.lines * geometry.GRID.pitch - 2 * INSET - (26 if block.caption else 0)
        if self.height > page:  # a tall picture: as tall as a page allows
            self.width, self.height = self.width * page / self.height, page
        self.caption = (typeset([Run(block.caption, "fangsong")], self.CAPTION, metrics, geometry.WIDTH, align="center")
                        if block.caption else [])
        self.line_count = whole_lines(self.height + 2 * INSET + len(self.caption) * 16 + (8 if self.caption else 0))
        _fits_a_page(self.line_count, Where(block.where.file, block.where.line, block.where.column,
                                            block.where.child("caption")),
                     "图片连同图题", "缩短图题（caption），或把图片的 width 改小。")

    def items(self, left: float, top: float) -> list[Item]:
        result: list[Item] = [Picture(self.block.path, left + (geometry.WIDTH - self.width) / 2,
                                      top - INSET - self.height, self.width, self.height, "图片")]
        y = top - INSET - self.height - 8
        for line in self.caption:
            y -= self.CAPTION.size
            result.append(placed(line, left, y, self.CAPTION.size, self.metrics, ROLE))
            y -= 4
        return result


Figure = CardRowFigure | PanelFigure | ChartFigure | ImageFigure
