"""A flow of paragraphs, headings and figures laid on the grid, page by page.

The pages are cut by `briefing.paginate`; this module only hands it the blocks'
heights and draws what it puts on each page.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from reportlab.platypus import Flowable

from .. import layout
from ..paginate import Block, Page, Piece, Position, fill, height
from ..typeset import Line
from .flowables import draw_lines

_FUZZ = 1e-6
_EVERYTHING = 10 ** 6  # a capacity no flow reaches


@dataclass(frozen=True)
class FlowItem:
    """One block of a flow with what the renderer draws for it."""

    block: Block
    lines: tuple[Line, ...] = ()
    tight: Callable[[], Sequence[Line]] | None = None  # the same paragraph one line shorter, set on demand
    outline: tuple[str, int] | None = None  # (title, level) for the PDF bookmarks
    figure: Flowable | None = None  # drawn whole instead of lines
    underlay: Callable[[object, float], None] | None = None  # under its last lines, e.g. a seal


class GridStory(Flowable):
    """A flow from `position` on: splits where `paginate.fill` says a page ends."""

    def __init__(self, items: list[FlowItem], name: str, position: Position = Position()):
        super().__init__()
        self.items = items
        self.name = name  # makes bookmark keys unique and stable
        self.position = position
        self.blocks = [item.block for item in items]
        self.below = [0] * (len(self.blocks) + 1)  # lines of the blocks from each index on
        for index in range(len(self.blocks) - 1, -1, -1):
            self.below[index] = self.below[index + 1] + self.blocks[index].lines

    def _page(self, capacity: int) -> Page:
        return fill(self.blocks, self.position, capacity, layout.LINES_PER_PAGE)

    def _rest(self, position: Position) -> "GridStory":
        rest = GridStory.__new__(GridStory)  # shares the items and blocks: a long flow splits often
        Flowable.__init__(rest)
        rest.items, rest.name, rest.blocks, rest.below = self.items, self.name, self.blocks, self.below
        rest.position = position
        return rest

    def wrap(self, avail_width, avail_height):
        """The height of the rest of the flow if nothing were moved: enough to tell whether it
        all fits here (when it does not, split() decides)."""
        start = self.position
        lines = self.below[start.index] - start.offset + sum(self.blocks[i].lines for i in start.waiting)
        lines -= sum(self.blocks[i].lines - height(self.blocks[i], True) for i in start.tight if i >= start.index)
        self.width, self.height = avail_width, lines * layout.PITCH
        return self.width, self.height

    def split(self, avail_width, avail_height):
        page = self._page(int(avail_height / layout.PITCH + _FUZZ))
        if not page.pieces:
            return []
        part = PagePart(self, page.pieces, page.next.tight)
        return [part] if page.done else [part, self._rest(page.next)]

    def draw(self):
        page = self._page(_EVERYTHING)
        part = PagePart(self, page.pieces, page.next.tight)
        part.wrap(self.width, self.height)
        part.drawOn(self.canv, 0, 0)


class PagePart(Flowable):
    """The pieces of a flow that go on one page."""

    def __init__(self, story: GridStory, pieces: tuple[Piece, ...], tight: frozenset[int]):
        super().__init__()
        self.story = story
        self.pieces = pieces
        self.tight = tight

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        self.height = sum(p.end - p.first for p in self.pieces) * layout.PITCH
        return self.width, self.height

    def draw(self):
        canv = self.canv
        top = self.height
        for piece in self.pieces:
            item = self.story.items[piece.block]
            height = (piece.end - piece.first) * layout.PITCH
            if item.outline and piece.first == 0:
                key = f"{self.story.name}-{piece.block}"
                canv.bookmarkPage(key)
                canv.addOutlineEntry(item.outline[0], key, item.outline[1])
            if item.figure is not None:
                item.figure.wrap(layout.WIDTH, height)
                item.figure.drawOn(canv, 0, top - height)
            else:
                lines = item.tight() if piece.block in self.tight and item.tight else item.lines
                if item.underlay and piece.end == len(lines):
                    canv.saveState()
                    canv.translate(0, top - height)
                    item.underlay(canv, height)
                    canv.restoreState()
                draw_lines(canv, lines[piece.first:piece.end], 0,
                           top - layout.ASCENT * layout.BODY_SIZE, layout.BODY_SIZE)
            top -= height
