"""Fill pages of grid lines: where a page ends, as pure functions (no ReportLab).

A flow (the notice's body, an attachment's body) is a sequence of blocks whose
heights are whole grid lines. A page takes blocks until the next one does not
fit, under the rules of the official edition:

- a heading stays with at least two lines of what follows (or all of a figure);
- a paragraph splits only leaving two lines or more on each page (a block such
  as the closing, which must keep more lines together, says how many);
- headings and figures never split;
- a table splits only between rows, its header repeated at the top of the next page.

A page that these rules would leave short is filled, where possible, like a
typesetter would: one paragraph on the page is set tighter, one line shorter,
by compressing its punctuation (GB/T 9704 §7.3.5.5 allows adjusting character
spacing to keep text together), or a chart, which belongs to no sentence, floats
below the text that follows it to the top of the next page.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from itertools import combinations


@dataclass(frozen=True)
class Block:
    lines: int  # height in grid lines
    tight_lines: int | None = None  # height when set tight, if that is fewer lines
    splittable: bool = False  # a paragraph
    heading: bool = False  # keeps with what follows
    floats: bool = False  # a chart: may move below the following text
    keep_last: int = 2  # lines that must go to a next page together
    closing: bool = False  # ends with the 署名 and date: nothing floats past it
    follows: bool = False  # a row of cards: keeps the last two lines of the paragraph before it
    cuts: tuple[int, ...] = ()  # a table: the line offsets between its rows, where a page may end
    repeat: int = 0  # a table: lines of header shown again above its rows on a following page


@dataclass(frozen=True)
class Position:
    """Where the next page starts: block `index`, `offset` lines into it; the blocks set
    tight so far; charts waiting for the top of the next page."""

    index: int = 0
    offset: int = 0
    tight: frozenset[int] = frozenset()
    waiting: tuple[int, ...] = ()


@dataclass(frozen=True)
class Piece:
    block: int
    first: int  # first line of the block on this page
    end: int  # one past the last line
    repeat: int = 0  # lines shown again above them (a table's header on a following page)

    @property
    def height(self) -> int:
        return self.end - self.first + self.repeat


@dataclass(frozen=True)
class Page:
    pieces: tuple[Piece, ...]
    used: int  # grid lines filled
    next: Position
    done: bool  # the flow ends on this page


def height(block: Block, tight: bool) -> int:
    return block.tight_lines if tight and block.tight_lines is not None else block.lines


def fill(blocks: list[Block], start: Position, capacity: int, page_lines: int) -> Page:
    """The best page from `start` with `capacity` lines free (of `page_lines` on a whole
    page): by the rules, then as full as setting one or two of its paragraphs tight can
    make it (the fewest tight paragraphs among the fullest pages)."""
    fresh = capacity >= page_lines  # only a whole page must take what fits nowhere
    page = _take(blocks, start, capacity, fresh)
    if page.done or page.used >= capacity:
        return page
    candidates = _tightenable(blocks, start, page)
    for size in (1, 2):
        tried = [_take(blocks, replace(start, tight=start.tight | set(chosen)), capacity, fresh)
                 for chosen in combinations(candidates, size)]
        best = max(tried, key=lambda p: p.used, default=page)
        if best.used > page.used:
            page = best
        if page.used >= capacity:
            break
    return page


def _tightenable(blocks: list[Block], start: Position, page: Page) -> list[int]:
    """Paragraphs that begin on this page (or could) and are not tight yet."""
    last = page.pieces[-1].block if page.pieces else start.index
    window = range(start.index + (1 if start.offset else 0), min(len(blocks), last + 3))
    return [i for i in window if blocks[i].tight_lines is not None and i not in start.tight]


def _take(blocks: list[Block], start: Position, capacity: int, fresh: bool) -> Page:
    pieces: list[Piece] = []
    used = 0
    waiting = list(start.waiting)
    for index in list(waiting):  # charts deferred from the previous page come first
        lines = height(blocks[index], False)
        if used + lines > capacity and (used or not fresh):  # (the rest of a page may be short)
            break
        pieces.append(Piece(index, 0, lines))
        used += lines
        waiting.remove(index)
    index, offset = start.index, start.offset
    floated: list[int] = []
    while index < len(blocks):
        block = blocks[index]
        lines = height(block, index in start.tight)
        rest = lines - offset
        room = capacity - used
        if block.cuts:
            repeat = block.repeat if offset else 0
            if lines - offset + repeat <= room:
                pieces.append(Piece(index, offset, lines, repeat))
                used += lines - offset + repeat
                index, offset = index + 1, 0
                continue
            fitting = [cut for cut in block.cuts if cut > offset and cut - offset + repeat <= room]
            if not fitting and fresh and not used:  # a row taller than a page: it must go somewhere
                fitting = [min(cut for cut in (*block.cuts, lines) if cut > offset)]
            if fitting:
                pieces.append(Piece(index, offset, fitting[-1], repeat))
                used += fitting[-1] - offset + repeat
                offset = fitting[-1]
            break
        if rest <= room and not (block.heading and _need(blocks, index, start.tight) > room):
            pieces.append(Piece(index, offset, lines))
            used += rest
            index, offset = index + 1, 0
            continue
        if block.follows and _with_its_paragraph(blocks, pieces, index):
            last = pieces.pop()  # the paragraph's last two lines go to the next page with the row
            keep = max(0, last.end - last.first - 2)
            keep = keep if keep >= 2 else 0  # (a paragraph too short to split goes whole)
            if keep:
                pieces.append(Piece(last.block, last.first, last.first + keep))
            used -= last.end - last.first - keep
            index, offset = last.block, last.first + keep
            break
        if block.floats and not floated and used and not _closing_next(blocks, index):
            floated.append(index)  # let the text below fill this page
            index += 1
            continue
        if block.splittable and not block.heading:
            keep = min(room, rest - block.keep_last)
            if keep <= 0 and fresh and not used:  # its kept tail is taller than a page: it must go somewhere
                keep = room
            if keep >= 2 or (fresh and not used and keep > 0):
                pieces.append(Piece(index, offset, offset + keep))
                used += keep
                offset += keep
        elif fresh and not used and not pieces:  # taller than a page: it must go somewhere
            take = min(rest, capacity)
            pieces.append(Piece(index, offset, offset + take))
            used += take
            offset += take
            if offset >= lines:
                index, offset = index + 1, 0
        break
    waiting += floated
    done = index >= len(blocks) and not waiting
    return Page(tuple(pieces), used, Position(index, offset, start.tight, tuple(waiting)), done)


def _with_its_paragraph(blocks: list[Block], pieces: list[Piece], index: int) -> bool:
    """Can a row of cards that does not fit take the paragraph it follows along: is that
    paragraph the page's last piece, ending here, with something else left on the page?"""
    if not pieces or pieces[-1].block != index - 1 or not blocks[index - 1].splittable:
        return False
    last = pieces[-1]
    stays = last.end - last.first - 2
    return len(pieces) > 1 or stays >= 2


def _closing_next(blocks: list[Block], index: int) -> bool:
    """Is the block after `index` the closing, which a chart must not float past (a chart
    below the 署名 would read as outside the notice)?"""
    return index + 1 < len(blocks) and blocks[index + 1].closing


def _need(blocks: list[Block], index: int, tight: frozenset[int]) -> int:
    """Lines a heading needs on its page: itself, any headings right after it, and two
    lines of the paragraph that follows (all of it if it is too short to split, or a figure)."""
    need = 0
    for later in range(index, len(blocks)):
        block = blocks[later]
        lines = height(block, later in tight)
        if block.heading:
            need += lines
            continue
        if block.cuts:
            return need + block.cuts[0]  # a table's caption, header and first row
        can_split = block.splittable and lines - 2 >= block.keep_last
        return need + (2 if can_split else lines)
    return need
