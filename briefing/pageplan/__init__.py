"""Lay the composed document out as page plans: typeset, paginate and position everything
each page shows (pure: no ReportLab; the renderers draw the plans).

Page 1 holds the 版头 and the title, then the notice flows on the 22-line grid; each
attachment starts on a new page with its label and title; the 版记 goes at the foot of
an even page, after blank pages if need be.
"""
from __future__ import annotations

import dataclasses
import hashlib
from typing import Sequence

from .. import geometry
from ..compose import Document
from ..errors import ContentError, Where
from ..metrics import FontMetrics
from ..paginate import Imprint, Position, fill, paginate
from ..roles import Printed
from ..typeset import MAX_TITLE_LINES, Line, Run, Style, TitleTooLong, balance_lines, shift_line, typeset
from .book import Book, Info, PlacedFigure, bind
from ..words import list_items
from .closing import closing, imprint, letter_imprint
from .flow import FlowItem, flow_items, kept_figure, piece_items, with_closing
from .head import draft_line, folio_line, lay_out_head
from .items import Bookmark, Box, GlyphRun, Item, PagePlan, Picture, Rule, TextLine, Turned
from .table import TableFigure
from .lines import BODY, inside_type_area, placed, placed_lines, single_line
from ..paginate import Block as PageBlock

TITLE = Style(geometry.TITLE_SIZE, geometry.TITLE_SIZE)
TITLE_MAX_WIDTH = geometry.WIDTH  # 20 characters of 二号 fit the 版心's 156 mm

__all__ = ["lay_out", "Book", "Info", "title_lines", "TITLE", "TITLE_MAX_WIDTH", "BODY", "placed", "single_line",
           "PagePlan", "TextLine", "GlyphRun", "Rule", "Box", "Picture", "Bookmark"]


class _Book:
    """Pages being filled, and where the next line goes on the last one."""

    def __init__(self) -> None:
        self.pages: list[PagePlan] = []
        self.y = self.top = geometry.TOP  # top of the next line, and of the page's text
        self.grid = geometry.GRID  # of this page's flow
        self.figures: list[PlacedFigure] = []  # where each figure's pieces went

    @property
    def page(self) -> PagePlan:
        return self.pages[-1]

    def new_page(self, top: float = geometry.TOP) -> PagePlan:
        self.pages.append(PagePlan(len(self.pages) + 1))
        self.y = self.top = top
        self.grid = geometry.GRID
        return self.page

    def room(self) -> int:
        """Whole lines left on the page."""
        return self.grid.lines_below(self.y)

    def foot(self) -> int:
        """Whole lines of the page grid left below the last line: room for the 版记, set on the
        page grid at the foot (the page's own lines may be closer)."""
        return geometry.GRID.lines_below(self.y)

    def adjust(self, pitch: float, lines: int) -> None:
        """Set the rest of the page at `pitch`, `lines` lines of it."""
        self.grid = self.grid.closer(pitch, lines, self.y)

    def add(self, items: Sequence[Item]) -> None:
        self.page.items += items

    def mark(self, title: str, level: int, key: str) -> None:
        self.page.bookmarks.append(Bookmark(title, level, self.y, key))

    def lines(self, lines: list[Line], size: float, metrics: FontMetrics, role: str) -> None:
        """Lines on the grid, one grid line each, from the current position."""
        self.add(placed_lines(lines, geometry.LEFT, self.y - self.grid.drop(size), size, metrics, role))
        self.y -= len(lines) * self.grid.pitch


def lay_out(document: Document, metrics: FontMetrics, copy_slot: bool = False) -> Book:
    """The official edition laid out: its pages, with its information for the writers.
    `copy_slot` leaves line 1 of page 1 free for the 份号 of distributed copies. Page 1 is set
    closer when that keeps the notice on it (the DOCX gives its paragraphs there that pitch as
    their exact line height). When the 主送 is so long that page 1 would show no text, it goes
    to the 版记 (GB/T 9704 §7.3.2)."""
    book = _lay_out(document, metrics, copy_slot, recipients_in_imprint=False)
    if document.furniture.recipient_names and not any(line.role == "正文" for line in book.pages[0].texts()):
        book = _lay_out(document, metrics, copy_slot, recipients_in_imprint=True)
    return bind(document, book.pages, tuple(book.figures))


def _lay_out(document: Document, metrics: FontMetrics, copy_slot: bool, recipients_in_imprint: bool) -> _Book:
    book = _Book()
    head = lay_out_head(document, metrics, copy_slot)
    book.new_page(head.body_top)
    book.add(list(head.items))
    names = document.names
    notice = []
    if document.masthead.format == "命令":  # no title, no 主送: the text two lines below the 令号, on the grid
        title_bottom = book.y + book.grid.pitch
        book.y = book.grid.snap(book.y)
    else:
        _title(book, title_lines(document.title.text, document.title.where, metrics, names, document.title_lines),
               document.title.text, metrics)
        title_bottom = book.y
        # The text goes on at the first grid line at least one line below the title.
        book.y = book.grid.snap(book.y - book.grid.pitch)
        if not recipients_in_imprint:
            recipients = document.furniture.recipients
            recipient_lines = tuple(typeset([Run(recipients, "fangsong")], BODY, metrics, geometry.WIDTH,
                                            words=list_items(recipients)))
            notice.append(FlowItem(PageBlock(len(recipient_lines)), recipient_lines, role="主送机关"))
    notice += flow_items(document.body, metrics, document.people)
    closing_lines, roles, together, seal = closing(document, metrics)
    notice += with_closing(notice.pop(), tuple(closing_lines), roles, together, seal)
    _fit_first_page(book, notice, title_bottom)
    letter = document.masthead.format == "信函"
    rows, imprint_items = (letter_imprint if letter else imprint)(document, metrics, recipients_in_imprint)
    last = Imprint(rows, True, letter)  # (odd_start: set where the last flow starts)
    _flow(book, notice, "notice", metrics, None if document.attachments else last)
    for number, attachment in enumerate(document.attachments, 1):
        book.new_page()
        book.lines([single_line(attachment.label, "heiti", BODY, metrics)], geometry.BODY_SIZE, metrics, "附件")
        book.y -= book.grid.pitch
        _title(book, title_lines(attachment.title, attachment.where, metrics, names, attachment.title_lines),
               attachment.title, metrics, "附件")
        book.y -= book.grid.pitch
        items = flow_items(attachment.blocks, metrics, document.people)
        if attachment.panel:
            panel = kept_figure(attachment.panel, metrics)
            items.insert(0, FlowItem(PageBlock(panel.line_count, figure=True), figure=panel, source=attachment.panel))
        _flow(book, items, f"attachment{number}", metrics, last if number == len(document.attachments) else None)
    _imprint(book, letter, rows, imprint_items)
    draft = document.furniture.draft_mark
    for page in book.pages:
        if not page.blank and _numbered(page.number, document.masthead.format):
            page.items.append(folio_line(page.number, metrics))
        if draft is not None:
            page.items.append(draft_line(draft, metrics))
        inside_type_area(page.texts())
    return book


MORE_LINES = 2  # the most lines a page's pitch is adjusted to take in (24 lines at 26.4 pt on a whole page)


def _fit_first_page(book: _Book, notice: list[FlowItem], title_bottom: float) -> None:
    """A notice that misses page 1 by a line or two is set closer there, all of it on the page
    (GB/T 9704 §7.3.5.5 fits the closing by adjusting line spacing; the blank lines the
    standard prescribes stay): one blank line below the title at the new pitch, the last
    line no lower than the grid's last, the pitch no closer than TIGHTEST_PITCH."""
    blocks = [item.block for item in notice]
    room = book.room()
    if fill(blocks, Position(), room, geometry.GRID.lines).done or any(item.figure for item in notice):
        return
    # From one line below the title to the last grid line's baseline: `lines` lines at `pitch`.
    grid = geometry.GRID
    span = title_bottom - grid.drop() - grid.baseline(grid.lines)
    for lines in range(room + 1, room + MORE_LINES + 1):
        if span / lines < geometry.TIGHTEST_PITCH - 1e-6:
            return
        page = fill(blocks, Position(), lines, geometry.GRID.lines)
        if page.done:
            pitch = min(grid.pitch, span / page.used)
            book.y = title_bottom - pitch
            book.adjust(pitch, page.used)
            return


def _title(book: _Book, lines: list[Line], title: str, metrics: FontMetrics, role: str = "标题") -> None:
    book.mark(title, 0, "title-" + hashlib.sha256(title.encode("utf-8")).hexdigest()[:12])
    book.lines(lines, geometry.TITLE_SIZE, metrics, role)


def _flow(book: _Book, items: list[FlowItem], name: str, metrics: FontMetrics,
          last: Imprint | None = None) -> None:
    """Fill pages with a flow from the current position; a landscape table takes pages of its
    own, the flow going on after it on a new page. `last`: the 版记 after it, which the
    pages of its last part are chosen to leave room for."""
    start = 0
    for index, item in enumerate(items):
        if item.landscape:
            if index > start:
                _flow_part(book, items[start:index], f"{name}-{start}" if start else name, metrics)
            if book.y < book.top:  # (the page has something on it)
                book.new_page()
            _landscape(book, item, metrics)
            start = index + 1
            if start < len(items):
                book.new_page()
    if start < len(items):
        _flow_part(book, items[start:], f"{name}-{start}" if start else name, metrics, last)


def _landscape(book: _Book, item: FlowItem, metrics: FontMetrics) -> None:
    """A table across the page (GB/T 9704 §8), its head towards the page's left edge on every
    page (the binding edge of an odd page, the outer edge of an even one)."""
    assert isinstance(item.figure, TableFigure)
    position = Position()
    grid = geometry.LANDSCAPE
    while True:
        page = fill([item.block], position, grid.lines, grid.lines)
        top = grid.top
        shown: list = []
        for piece in page.pieces:
            assert item.source is not None
            book.figures.append(PlacedFigure(item.source, item.figure, book.page.number, piece.first, piece.end, True))
            shown += item.figure.items(0.0, top, piece.first, piece.end)
            top -= piece.height * grid.pitch
        book.add([Turned(tuple(shown))])
        book.y = geometry.BOTTOM  # nothing else on this page
        if page.done:
            return
        book.new_page()
        position = page.next


def _flow_part(book: _Book, items: list[FlowItem], name: str, metrics: FontMetrics,
               last: Imprint | None = None) -> None:
    """Fill pages with a flow from the current position, as `paginate.paginate` cuts it."""
    after = dataclasses.replace(last, odd_start=book.page.number % 2 == 1) if last else None
    pages = paginate([item.block for item in items], book.room(), geometry.GRID.lines, MORE_LINES, after)
    for page in pages:
        if page.closer:
            book.grid = book.grid.taking(book.grid.lines + page.closer)
        for piece in page.pieces:
            item = items[piece.block]
            if item.figure is not None and item.source is not None:
                book.figures.append(PlacedFigure(item.source, item.figure, book.page.number, piece.first, piece.end,
                                                 book.y == book.top and book.page.number > 1))
            shown, marks = piece_items(items[piece.block], piece, piece.block in page.next.tight, geometry.LEFT,
                                       book.y, name, metrics, book.grid)
            book.add(shown)
            book.page.bookmarks += marks
            book.y -= piece.height * book.grid.pitch
        if not page.done:
            book.new_page()


def _imprint(book: _Book, letter: bool, rows: int, items: list[Item]) -> None:
    """The 版记 (`rows` grid lines) at the foot of the first even page with room, leaving the
    pages before it blank (and unnumbered) when it cannot share the last text's page. A
    letter's 版记 (§10.1) is its 抄送 alone, at the foot of the last page."""
    if letter:
        if rows and book.foot() < rows:
            book.new_page()
        book.add(items)
        return
    while not _imprint_fits(book.page.number, book.foot(), rows):
        if book.foot() >= geometry.GRID.lines:
            book.page.blank = True
        book.new_page()
    if book.page.number > 1 and book.pages[-2].blank:
        book.page.blank = True  # the 版记 after a blank page: neither is numbered
    book.add(items)


def _numbered(page: int, form: str) -> bool:
    """Every page shows its number but a letter's first (§10.1) and blank pages."""
    return not (form == "信函" and page == 1)


def _imprint_fits(page: int, room: int, rows: int) -> bool:
    """The 版记 goes on an even page (the back of a sheet, GB/T 9704 §7.4) with room for it."""
    return page % 2 == 0 and room >= rows


def title_lines(title: str, where: Where, metrics: FontMetrics, names: tuple[str, ...],
                forced: tuple[Printed, ...] = ()) -> list[Line]:
    """The title's lines: as the writer broke them (each must fit), or broken between words."""
    if forced:
        lines = [single_line(line.text, line.font, TITLE, metrics) for line in forced]
        for line, text in zip(lines, forced):
            if line.width > TITLE_MAX_WIDTH + 0.01:
                raise ContentError.one(text.where, "标题的这一行太长：排不进一行（2 号字每行最多 20 字）。",
                                       "把这一行分成两行，或缩短它。")
        return [shift_line(line, (TITLE_MAX_WIDTH - line.width) / 2) for line in lines]
    try:
        return balance_lines([Run(title, "xiaobiaosong")], TITLE, metrics, TITLE_MAX_WIDTH, names=names)
    except TitleTooLong:
        raise ContentError.one(where, f"标题太长：排成 {MAX_TITLE_LINES} 行也放不下（2 号字，每行最多 20 字）。",
                               "缩短标题；公文标题一般不超过 3 行。") from None
