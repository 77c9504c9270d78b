"""Flows of paragraphs, headings and figures on the grid, cut into pages by `paginate`."""
from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from typing import Callable, Sequence

from .. import memo
from .. import geometry
from ..compose import BodyBlock, CardRow, ChartBlock, Document, ImageBlock, PageBreakBlock, Panel, TableBlock, TextBlock
from ..errors import Report
from ..metrics import FontMetrics
from ..paginate import Block as PageBlock
from ..paginate import Piece
from ..typeset import Line, Tight, settings, typeset
from .figures import CardRowFigure, ChartFigure, Figure, ImageFigure, PanelFigure
from .table import TableFigure, table_warnings, table_figure
from .items import Bookmark, Item
from .lines import BODY, placed


@dataclass(frozen=True)
class FlowItem:
    """One block of a flow with what it shows."""

    block: PageBlock
    lines: tuple[Line, ...] = ()
    tight: Callable[[], Sequence[Line]] | None = None  # the same paragraph one line shorter, set on demand
    outline: tuple[str, int] | None = None  # (title, level) for the bookmarks
    figure: Figure | TableFigure | None = None  # shown instead of lines
    role: str = "正文"
    tail_roles: tuple[str, ...] = ()  # roles of its last lines (the closing joined to a paragraph)
    underlay: Callable[[float, float], list[Item]] | None = None  # under its last lines (block bottom, pitch): seals
    landscape: bool = False  # a table set across pages of its own
    source: BodyBlock | Panel | None = None  # the block a figure shows


@memo.kept("laid-out figures")
def kept_figure(block: TableBlock | CardRow | ChartBlock | Panel,
                metrics: FontMetrics) -> TableFigure | CardRowFigure | ChartFigure | PanelFigure:
    """A table, cards, chart or panel laid out, made once for the same block and fonts (a
    rebuild meets them again; pictures are not kept: their files may change under their names).
    The figure keeps the items it places (see lines.kept_items)."""
    if isinstance(block, TableBlock):
        return table_figure(block, metrics)
    if isinstance(block, CardRow):
        return CardRowFigure(block, metrics)
    if isinstance(block, ChartBlock):
        return ChartFigure(block, metrics)
    return PanelFigure(block, metrics)


def check_tables(document: Document, metrics: FontMetrics, report: Report) -> None:
    """Lay the tables out (as the build will, kept for it) to warn of those too wide or mostly empty."""
    for block in (*document.body, *(block for attachment in document.attachments for block in attachment.blocks)):
        if isinstance(block, TableBlock):
            table = kept_figure(block, metrics)
            assert isinstance(table, TableFigure)
            table_warnings(table, report)


def text_lines(block: TextBlock, metrics: FontMetrics, names: tuple[str, ...]) -> tuple[list[Line], Tight | None]:
    """A heading's lines, or a paragraph's with its tight setting (the check of loose lines
    sets them by the same call)."""
    if block.is_heading:
        return typeset(block.runs, BODY, metrics, geometry.WIDTH, indent=2 * geometry.CELL), None
    return settings(block.runs, BODY, metrics, geometry.WIDTH, indent=2 * geometry.CELL, names=names)


def flow_items(blocks: tuple[BodyBlock, ...], metrics: FontMetrics, names: tuple[str, ...] = ()) -> list[FlowItem]:
    """Paragraphs (with their tight setting), headings and figures, for the paginator; the
    edition's `names` kept whole in paragraphs where the breaker can."""
    items = []
    for block in blocks:
        if isinstance(block, TableBlock):
            table = kept_figure(block, metrics)
            assert isinstance(table, TableFigure)
            items.append(FlowItem(PageBlock(table.line_count, cuts=table.cuts, repeat=table.repeat, figure=True),
                                  figure=table, landscape=table.landscape, source=block))
            continue
        if isinstance(block, PageBreakBlock):
            items.append(FlowItem(PageBlock(0, breaks=True)))
            continue
        if isinstance(block, ImageBlock):
            picture = ImageFigure(block, metrics)
            items.append(FlowItem(PageBlock(picture.line_count, figure=True), figure=picture, source=block))
            continue
        if isinstance(block, (CardRow, ChartBlock)):
            row = isinstance(block, CardRow)
            figure = kept_figure(block, metrics)
            items.append(FlowItem(PageBlock(figure.line_count, floats=not row, follows=row, figure=True), figure=figure,
                                  source=block))
            continue
        normal, tight = text_lines(block, metrics, names)
        if block.is_heading:
            items.append(FlowItem(PageBlock(len(normal), heading=True), tuple(normal),
                                  outline=(block.outline or "", block.level)))
            continue
        items.append(FlowItem(PageBlock(len(normal), tight.count if tight else None, splittable=True),
                              tuple(normal), functools.cache(tight.lines) if tight else None))
    return items


def with_closing(last: FlowItem, closing_lines: tuple[Line, ...], roles: tuple[str, ...], together: int,
                 seal: Callable[[float, float], list[Item]] | None) -> list[FlowItem]:
    """The notice's last block with the closing lines joined to it, so that they share a page
    with at least two lines of the body (§7.3.5.5); after a heading or a figure (nothing to
    keep two lines of), the closing is a block of its own. The last `together` closing lines
    go on one page with two lines before them: all of them, or (a 纪要's attendees running on)
    the 署名 and what follows it, with two lines of the list."""
    if not last.block.splittable:
        return [last, FlowItem(PageBlock(len(closing_lines), closing=True, splittable=together < len(closing_lines),
                                         keep_last=together + 2, listed=len(closing_lines)),
                               closing_lines, tail_roles=roles, underlay=seal)]
    tight_body = last.tight
    block = dataclasses.replace(
        last.block, lines=len(last.lines) + len(closing_lines),
        tight_lines=last.block.tight_lines + len(closing_lines) if tight_body and last.block.tight_lines else None,
        keep_last=together + 2, closing=True, listed=len(closing_lines))
    return [FlowItem(block, last.lines + closing_lines,
                     (lambda: (*tight_body(), *closing_lines)) if tight_body else None,
                     tail_roles=roles, underlay=seal)]


def piece_items(item: FlowItem, piece: Piece, tight: bool, left: float, top: float, name: str,
                metrics: FontMetrics, grid: geometry.Grid = geometry.GRID) -> tuple[list[Item], list[Bookmark]]:
    """What one piece of a block shows, its top at `top` on `grid`; its bookmark if it starts here."""
    marks = []
    if item.outline and piece.first == 0:
        marks.append(Bookmark(item.outline[0], item.outline[1], top, f"{name}-{piece.block}"))
    if isinstance(item.figure, TableFigure):
        return item.figure.items(left, top, piece.first, piece.end), marks
    if item.figure is not None:
        return item.figure.items(left, top), marks
    lines = tuple(item.tight()) if tight and item.tight else item.lines
    result: list[Item] = []
    height = piece.height * grid.pitch
    if item.underlay and piece.end == len(lines):
        result += item.underlay(top - height, grid.pitch)
    first_tail = len(lines) - len(item.tail_roles)
    for number in range(piece.first, piece.end):
        role = item.tail_roles[number - first_tail] if number >= first_tail else item.role
        if lines[number].segments:
            baseline = top - grid.drop() - (number - piece.first) * grid.pitch
            result.append(placed(lines[number], left, baseline, geometry.BODY_SIZE, metrics, role))
    return result, marks
