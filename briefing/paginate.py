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
below the text that follows it to the top of the next page. Failing those, a whole
page of text may set its lines closer, one or two more of them in the same 版心
(§7.3.5.5 adjusts line spacing as well; §5.2.3's 22 lines are "一般", normally):
only to avoid a page 3 or more lines short, a 落款 without two body lines or a
last page of a line or three.
"""
from __future__ import annotations

import sys
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import combinations
from typing import NamedTuple


@dataclass(frozen=True)
class Block:
    """What pagination knows of a block of a flow: its height and the rules it keeps."""

    lines: int  # height in grid lines
    tight_lines: int | None = None  # height when set tight, if that is fewer lines
    splittable: bool = False  # a paragraph
    heading: bool = False  # keeps with what follows
    floats: bool = False  # a chart: may move below the following text
    keep_last: int = 2  # lines that must go to a next page together
    closing: bool = False  # ends with the 署名 and date: nothing floats past it
    listed: int = 0  # a closing's last lines that are not the body's text (attendees, 署名, date …)
    follows: bool = False  # a row of cards: keeps the last two lines of the paragraph before it
    cuts: tuple[int, ...] = ()  # a table: the line offsets between its rows, where a page may end
    repeat: int = 0  # a table: lines of header shown again above its rows on a following page
    breaks: bool = False  # the writer's page break (no lines): ends the page unless it is empty
    figure: bool = False  # drawn in whole grid lines of its own: no page set closer holds it


# Position, Piece and Page are named tuples, not frozen dataclasses: `paginate` makes tens of
# thousands of them, and hashes and compares the positions (on the 442-page edition that took a
# sixth of its instructions: 2,505 M -> 2,101 M under callgrind).
class Position(NamedTuple):
    """Where the next page starts: block number `block`, `offset` lines into it; the blocks set
    tight so far; charts waiting for the top of the next page."""

    block: int = 0
    offset: int = 0
    tight: frozenset[int] = frozenset()
    waiting: tuple[int, ...] = ()


@dataclass(frozen=True)
class Imprint:
    """What follows the flow's last page: the 版记, `rows` grid lines at the foot of a page, of
    an even page unless `any_page` (a letter's); `odd_start`: the flow's first page is odd."""

    rows: int
    odd_start: bool
    any_page: bool = False


class Piece(NamedTuple):
    """The lines of a block on one page."""

    block: int
    first: int  # first line of the block on this page
    end: int  # one past the last line
    repeat: int = 0  # lines shown again above them (a table's header on a following page)

    @property
    def height(self) -> int:
        return self.end - self.first + self.repeat


class Page(NamedTuple):
    """A page of a flow: its pieces, and where the next page starts."""

    pieces: tuple[Piece, ...]
    used: int  # grid lines filled
    next: Position
    done: bool  # the flow ends on this page
    far: int = 0  # charts deferred from the page before that wait again: two pages from their place
    early: bool = False  # ends before the fullest page the rules allow (to help the pages after it)
    crossed: int = 0  # headings set above a chart that floated below them (into the next section)
    closer: int = 0  # lines more than a whole page's: the page's lines set closer (§7.3.5.5)


def height(block: Block, tight: bool) -> int:
    return block.tight_lines if tight and block.tight_lines is not None else block.lines


def fill(blocks: list[Block], start: Position, capacity: int, page_lines: int) -> Page:
    """The best page from `start` with `capacity` lines free (of `page_lines` on a whole
    page): by the rules, then as full as setting one or two of its paragraphs tight can
    make it (the fewest tight paragraphs among the fullest pages)."""
    return _fill(blocks, _Trail(start), capacity, page_lines)[0]


# A page as filled, and the capacities from the first number to the second that fill the same page
# from the same start (see _choices).
_Filled = tuple[Page, int, int]


def _fill(blocks: list[Block], trail: _Trail, capacity: int, page_lines: int) -> _Filled:
    """`fill` from the trail's start, going on from it (see _Trail)."""
    page, least, most = _take(blocks, trail, capacity, page_lines)
    if page.done:
        return page, least, most
    # (Comparisons here and in _take's loop, not min() and max(), which cost 3% of the 442-page
    # edition's pagination: 2,077 -> 2,007 M instructions.)
    if page.used >= capacity:  # (with more room, tightening would be tried)
        return page, least, most if most < page.used else page.used
    # The same page for every capacity at which each page tried is the same and the choice among
    # them is too: none below the page's lines (where a full page stops the trying sooner, it is
    # this one, as a later one must be fuller to replace it), none above a fullness that stopped it.
    candidates = _tightenable(blocks, trail.start, page)
    for size in range(1, min(2, len(candidates)) + 1):
        for chosen in combinations(candidates, size):
            tried, at_least, at_most = _take(blocks, trail.tightened(chosen), capacity, page_lines)
            if at_least > least:
                least = at_least
            if at_most < most:
                most = at_most
            if tried.used > page.used:  # (the first of the fullest)
                page = tried
        if page.used >= capacity:
            most = min(most, page.used)
            break
    return page, max(least, page.used), most


# What a page costs the document, in units of an empty line at a page foot (which costs its square:
# two lines short cost more than two pages one line short each). A page 3 or more lines short
# costs more than all the rest together, so it is chosen only when no arrangement avoids it.
SHORT, SHORT_FROM = 1000, 3
CLOSING_ALONE = 100 * SHORT  # the 落款 without two body lines (or table rows) on its page (§7.3.5.5)
LISTED_ALONE = 2 * SHORT  # the 落款 with lines of the attendees but none of the text: worse than a page 3 lines
# short (§7.3.5.5 keeps text with the 落款), better than a page holding a line or two before a list kept whole
THIN_TABLE = 40  # a table split leaving fewer than two rows on one side: worth a line or two short
TIGHT = 0.5  # a paragraph set tight (§7.3.5.5 allows it; untouched text reads better)
FLOATED = 0.5  # a chart moved below the text that follows it
FAR = 10 * SHORT  # a chart two pages from its place (only two charts that no page holds together do that)
EARLY = 10 * SHORT  # a page ending early with running text on the next: no visible reason for it
CROSSED = 50  # a chart floated past a heading, out of its section: better than 3 lines short, not 2
SHRINK = 4  # how many lines shorter than the fullest a page may end, to help the pages after it
CLOSER = 200  # a page set closer, for each line it takes in: only against a page 3 lines short
SHEET = 300  # a page added after the flow for the 版记 (a blank page and the 版记's, when the flow ends
# on an even page without room at its foot): a page or two set closer are better
NEARLY_EMPTY, ALMOST_BLANK = 3, 300  # a flow's last page holding at most so many lines (a page set closer
# before it would have taken them in): worse than one page set closer, better than one 3 lines short


def paginate(blocks: list[Block], capacity: int, page_lines: int, closer: int = 0,
             imprint: Imprint | None = None) -> list[Page]:
    """The pages of a flow, the first with `capacity` lines free, the others whole: the breaks
    chosen for the whole flow, the cheapest sequence of pages (dynamic programming over where
    each page may end). A page may end where `fill` ends it (the fullest page the rules and
    tightening allow) or up to SHRINK lines earlier, at a place the rules allow; a page that
    ends earlier leaves lines for the next one (two lines of body with the 落款, two rows of a
    table at the top of a page). A whole page of text only may take up to `closer` lines more,
    set closer (see CLOSER). With the `imprint` that follows the flow, the pages it adds are
    costed (SHEET), so the pages before are counted odd and even."""
    def place(position: Position, room: int) -> tuple:
        """What the pages from `position` depend on."""
        # The paragraphs set tight that are still to come (those before are set): most often none,
        # while the set grows along the flow.
        tight = position.tight
        live = frozenset(i for i in tight if i >= position.block) if tight and max(tight) >= position.block else frozenset()
        return position.block, position.offset, live, position.waiting, room

    # A place is reached on odd and on even pages: its pages are filled and costed once, each
    # with the place it leads to.
    offered: dict[tuple, list[tuple[Page, float, tuple]]] = {}

    def choices(here: tuple, position: Position, room: int) -> list[tuple[Page, float, tuple]]:
        if here not in offered:
            offered[here] = [(page, cost(blocks, page, room, page_lines), place(page.next, page_lines))
                             for page in _choices(position, room)]
        return offered[here]

    def _choices(position: Position, room: int) -> list[Page]:
        pages: dict[Position, Page] = {}
        fullest = None
        trail = _Trail(position)
        filled: list[_Filled] = []

        def known(lines: int) -> bool:
            """Is the page that `lines` would fill one that a filling before named for them (see
            _Filled) and offered already? Filling it again would add nothing, nor end the loop
            below (that filling did not). Of the 442-page edition's 23,000 fills, a third were such."""
            for taken, least, most in filled:
                if least <= lines <= most and taken.next in pages:
                    return True
            return False

        for lines in range(room, max(room - SHRINK, 0), -1):
            if known(lines):
                continue
            filled.append(_fill(blocks, trail, lines, page_lines))
            taken = filled[-1][0]
            fullest = fullest or taken
            moved = taken.pieces or taken.next != position
            if moved and taken.next not in pages:
                pages[taken.next] = taken._replace(early=True) if taken.used < fullest.used else taken
            if _deep_inside(blocks, taken.next, page_lines):
                break  # (see _deep_inside)
        for more in range(1, closer + 1 if room >= page_lines and fullest and not fullest.done else 1):
            if known(room + more):
                continue
            filled.append(_fill(blocks, trail, room + more, page_lines))
            taken = filled[-1][0]
            if taken.next not in pages and not any(blocks[piece.block].figure for piece in taken.pieces):
                pages[taken.next] = taken._replace(closer=more)
        if not pages:  # (a page with no room at all: the flow starts on the next)
            pages[position] = Page((), 0, position, False, len(position.waiting))
        return list(pages.values())

    # Depth first without recursion: a long table makes hundreds of pages. The cheapest pages
    # from a place, on an odd page or not (that matters only with the imprint).
    best: dict[tuple[tuple, bool], tuple[float, Page]] = {}
    first_odd = imprint is None or imprint.odd_start
    first = place(Position(), capacity)
    stack: list[tuple[tuple, Position, int, bool]] = [(first, Position(), capacity, first_odd)]
    while stack:
        here, position, room, odd = stack[-1]
        if (here, odd and imprint is not None) in best:
            stack.pop()
            continue
        pages = choices(here, position, room)
        then = not odd and imprint is not None
        waiting = [(after, page.next, page_lines, not odd) for page, _, after in pages
                   if not page.done and (after, then) not in best]
        if waiting:
            stack += waiting
            continue
        stack.pop()
        best[here, odd and imprint is not None] = min(
            ((price + (_added_pages(page, room, page_lines, odd, imprint) * SHEET if page.done else best[after, then][0]),
              page) for page, price, after in pages), key=lambda choice: choice[0])
    result = []
    here, odd = first, first_odd
    while True:
        page = best[here, odd and imprint is not None][1]
        result.append(page)
        if page.done:
            return result
        here, odd = place(page.next, page_lines), not odd


def _added_pages(page: Page, room: int, page_lines: int, odd: bool, imprint: Imprint | None) -> int:
    """Pages the 版记 adds after the flow's last page: none where it fits at this page's foot
    (an even page's, but for a letter), one on the next page, two past a blank page."""
    if imprint is None:
        return 0
    # The lines of the page grid below the last line (of a page set closer, fewer than its own)
    free = int(room - page.used * (page_lines - 1) / (page_lines + page.closer - 1) + 1e-6) if page.closer \
        else room - page.used
    if imprint.any_page:
        return 0 if free >= imprint.rows else 1
    if odd:
        return 1
    return 0 if free >= imprint.rows else 2


def cost(blocks: list[Block], page: Page, room: int, page_lines: int) -> float:
    """What the page costs (see SHORT): its empty lines unless the flow ends on it, a 落款 without
    two body lines, tables split thin, paragraphs set tight, charts floated, lines set closer, a
    last page nearly empty."""
    total = EARLY if page.early and not _opens_with_a_reason(blocks, page.next) else 0.0
    ended_by_writer = page.next.block and blocks[page.next.block - 1].breaks and not page.next.offset
    if not page.done and not ended_by_writer:
        empty = room + page.closer - page.used
        total += empty * empty + (SHORT * (empty - SHORT_FROM + 1) if empty >= SHORT_FROM else 0)
    if page.done and room >= page_lines and 0 < page.used <= NEARLY_EMPTY:
        total += ALMOST_BLANK
    total += CLOSER * page.closer
    for piece in page.pieces:
        block = blocks[piece.block]
        if block.cuts and (piece.first or piece.end < height(block, False)) and _rows(block, piece) < 2:
            total += THIN_TABLE
        if block.closing and piece.end == height(block, piece.block in page.next.tight):
            body = sum(_rows(blocks[p.block], p) if blocks[p.block].cuts else p.height for p in page.pieces
                       if (blocks[p.block].splittable or blocks[p.block].cuts) and not blocks[p.block].heading
                       and not blocks[p.block].closing)  # (a table's rows are text of the body too)
            text = body
            if block.splittable:  # the lines joined to the closing: the body's, then the attendees'
                body += max(0, piece.end - (block.keep_last - 2) - piece.first)
                text += max(0, piece.end - block.listed - piece.first)
            total += CLOSING_ALONE if body < 2 else LISTED_ALONE if text < 2 else 0
        if piece.block in page.next.tight and piece.first == 0:
            total += TIGHT
    total += FLOATED * len(page.next.waiting) + FAR * page.far + CROSSED * page.crossed
    return total


def _deep_inside(blocks: list[Block], position: Position, page_lines: int) -> bool:
    """Is `position` inside a block with more than a page of it still to come (the middle of a
    long table)? Ending a page earlier there only shifts the breaks after it, which ending the
    page before the block's last one earlier does as well, at the same cost."""
    if not position.offset:
        return False
    block = blocks[position.block]
    return height(block, position.block in position.tight) - position.offset > page_lines


def _opens_with_a_reason(blocks: list[Block], start: Position) -> bool:
    """Does the page after one that ended early open with something that shows why (a heading,
    a figure, a table, the 落款 with the body lines it keeps): a reader, or the conformance
    check, sees no reason for a page that stops early inside running text."""
    if start.waiting or start.block >= len(blocks):
        return True
    block = blocks[start.block]
    closing_next = start.block + 1 < len(blocks) and blocks[start.block + 1].closing
    return (block.heading or block.closing or not block.splittable
            or (closing_next and height(block, start.block in start.tight) - start.offset <= 2))


def _rows(block: Block, piece: Piece) -> int:
    """Rows (between the places a table may split) a piece of a table shows."""
    ends = bisect_right(block.cuts, piece.end) - bisect_right(block.cuts, piece.first)
    return ends + (1 if piece.end == block.lines else 0)


def _tightenable(blocks: list[Block], start: Position, page: Page) -> list[int]:
    """Paragraphs that begin on this page (or could) and are not tight yet."""
    last = page.pieces[-1].block if page.pieces else start.block
    window = range(start.block + (1 if start.offset else 0), min(len(blocks), last + 3))
    return [i for i in window if blocks[i].tight_lines is not None and i not in start.tight]


@dataclass
class _Trail:
    """A start, and the blocks the pages from it took whole, one step after another, as far as
    the largest capacity asked went: each step is taken alike by every capacity from its need
    up (a smaller one stops before it), so the page for a capacity goes on from the last step
    it allows (`paginate` fills each start at up to six capacities, and the same start with
    paragraphs set tight, which took the same blocks again: on the 442-page edition the loop
    of `_take` ran 6 times a page, going on from the trail 2.2 times)."""

    start: Position
    pieces: list[Piece] = field(default_factory=list)
    steps: list[tuple[int, int, int]] = field(default_factory=list)  # after each: next block, lines used, pieces
    needs: list[int] = field(default_factory=list)  # the capacity each step needs (it and those before it)
    tight: dict[tuple[int, ...], _Trail] = field(default_factory=dict)  # by the paragraphs set tight (see tightened)

    def step(self, index: int, used: int, pieces: list[Piece], need: int) -> None:
        self.pieces += pieces[len(self.pieces):]
        self.steps.append((index, used, len(pieces)))
        self.needs.append(max(need, self.needs[-1]) if self.needs else need)

    def tightened(self, chosen: tuple[int, ...]) -> _Trail:
        """The trail from the same start with the paragraphs `chosen` set tight."""
        if chosen not in self.tight:
            start = self.start
            self.tight[chosen] = _Trail(Position(start.block, start.offset, start.tight | set(chosen), start.waiting))
        return self.tight[chosen]


def _take(blocks: list[Block], trail: _Trail, capacity: int, page_lines: int) -> _Filled:
    """The page from the trail's start by the rules, going on from the trail (and extending it),
    and the capacities that make the same page (see _Filled): at least the lines each piece taken
    needs, fewer than the first piece left off needs (or than more of a piece cut to the room),
    whole pages or not where a rule for a whole page decided."""
    start = trail.start
    fresh = capacity >= page_lines  # only a whole page must take what fits nowhere
    bare = False  # a rule for a whole page decided (whether or not this is one)
    least, most = 0, sys.maxsize
    shared = trail if not start.waiting else None  # (charts waiting: their room comes first)
    steps = bisect_right(shared.needs, capacity) if shared else 0
    pieces: list[Piece] = []
    used = 0
    waiting = list(start.waiting)
    index, offset = start.block, start.offset
    if shared and steps:
        index, used, count = shared.steps[steps - 1]
        pieces, offset = shared.pieces[:count], 0
        least = shared.needs[steps - 1]
    extends = shared if shared and steps == len(shared.steps) else None  # (this page may go past the trail)
    if offset and waiting:  # a paragraph that a chart floated past ends before the chart
        block = blocks[index]
        rest = height(block, index in start.tight) - offset
        if rest + block.repeat <= capacity:
            pieces.append(Piece(index, offset, offset + rest, block.repeat))
            used += rest + block.repeat
            least = used
            index, offset = index + 1, 0
        else:
            most = rest + block.repeat - 1
    for chart in list(waiting):  # charts deferred from the previous page come first
        lines = height(blocks[chart], False)
        if used + lines > capacity:
            bare = bare or not used
            if used or not fresh:  # (the rest of a page may be short)
                most = min(most, used + lines - 1)
                break
        else:
            least = max(least, used + lines)
        pieces.append(Piece(chart, 0, lines))
        used += lines
        waiting.remove(chart)
    floated: list[int] = []
    while index < len(blocks):
        block = blocks[index]
        if block.breaks:
            index += 1
            if pieces:
                break
            if extends:
                extends.step(index, used, pieces, used)
            continue  # (at the top of a page: nothing to end)
        lines = height(block, index in start.tight)
        rest = lines - offset
        room = capacity - used
        repeat = block.repeat if offset and block.cuts else 0
        whole = rest + repeat if block.cuts else max(rest, _need(blocks, index, start.tight)) if block.heading else rest
        if whole <= room:  # the block goes on whole (a heading with lines of what follows it)
            pieces.append(Piece(index, offset, lines, repeat))
            needed, used = used + whole, used + rest + repeat
            if needed > least:
                least = needed
            index, offset = index + 1, 0
            if extends and not floated:
                extends.step(index, used, pieces, needed)
            continue
        if used + whole - 1 < most:
            most = used + whole - 1
        if block.cuts:
            # The last place to split that fits (a table may have thousands: found by bisection);
            # past a floated chart, only where the table's rest and the chart share the next page.
            floating = sum(blocks[chart].lines for chart in floated)
            lowest = max(offset + 1, lines + block.repeat + floating - page_lines if floating else 0)
            low, high = bisect_left(block.cuts, lowest), bisect_right(block.cuts, offset + room - repeat) - 1
            cut = block.cuts[high] if high >= low else None
            if cut is not None:
                least = max(least, used + cut - offset + repeat)
            following = max(high + 1, low)  # the first place to split that does not fit
            if following < len(block.cuts):
                most = min(most, used + block.cuts[following] - offset + repeat - 1)
            if cut is None and not used:  # a row taller than a page: on a whole page, it must go somewhere
                bare = True
                if fresh:
                    after = bisect_right(block.cuts, offset)
                    cut = block.cuts[after] if after < len(block.cuts) else lines
            if cut is not None:
                pieces.append(Piece(index, offset, cut, repeat))
                used += cut - offset + repeat
                offset = cut
            break
        if block.follows and _with_its_paragraph(blocks, pieces, index):
            last = pieces.pop()  # the paragraph's last two lines go to the next page with the row
            keep = max(0, last.end - last.first - 2)
            keep = keep if keep >= 2 else 0  # (a paragraph too short to split goes whole)
            if keep:
                pieces.append(Piece(last.block, last.first, last.first + keep))
            used -= last.end - last.first - keep
            index, offset = last.block, last.first + keep
            break
        if block.floats and not floated and used and not _fence_next(blocks, index):
            floated.append(index)  # let the text below fill this page
            index += 1
            continue
        if block.splittable and not block.heading:
            keep = min(room, rest - block.keep_last)
            if room < rest - block.keep_last:  # (with more room, more lines)
                most = capacity
            bare = bare or not used
            if floated and rest - keep + sum(blocks[chart].lines for chart in floated) > page_lines:
                keep = 0  # its rest and the charts floated past it would not share the next page
            if keep <= 0 and fresh and not used:  # its kept tail is taller than a page: it must go somewhere
                keep = room
            if keep >= 2 or (fresh and not used and keep > 0):
                pieces.append(Piece(index, offset, offset + keep))
                used += keep
                least = max(least, used)
                offset += keep
        elif not used and not pieces:  # taller than a page: on a whole page, it must go somewhere
            bare = True
            if fresh:
                take = min(rest, capacity)
                if take == capacity:
                    most = capacity
                pieces.append(Piece(index, offset, offset + take))
                used += take
                least = max(least, used)
                offset += take
                if offset >= lines:
                    index, offset = index + 1, 0
        break
    if bare:
        least, most = (max(least, page_lines), most) if fresh else (least, min(most, page_lines - 1))
    ending = len(pieces)  # headings whose text a floated chart kept off the page go on with it
    while floated and index < len(blocks) and ending > 1 and blocks[pieces[ending - 1].block].heading:
        ending -= 1
    if ending < len(pieces) and not blocks[pieces[ending - 1].block].heading:
        index, offset = pieces[ending].block, 0
        used -= sum(piece.height for piece in pieces[ending:])
        del pieces[ending:]
        floated = [chart for chart in floated if chart < index]
    waiting += floated
    done = index >= len(blocks) and not waiting
    far = sum(1 for chart in waiting if chart in start.waiting) if start.waiting else 0
    crossed = sum(1 for piece in pieces if blocks[piece.block].heading and piece.block > floated[0]) if floated else 0
    page = Page(tuple(pieces), used, Position(index, offset, start.tight, tuple(waiting)), done, far, False, crossed)
    return page, least, most


def _with_its_paragraph(blocks: list[Block], pieces: list[Piece], index: int) -> bool:
    """Can a row of cards that does not fit take the paragraph it follows along: is that
    paragraph the page's last piece, ending here, with something else left on the page?"""
    if not pieces or pieces[-1].block != index - 1 or not blocks[index - 1].splittable:
        return False
    last = pieces[-1]
    stays = last.end - last.first - 2
    return len(pieces) > 1 or stays >= 2


def _fence_next(blocks: list[Block], index: int) -> bool:
    """Is the block after `index` one a chart must not float past: the closing (a chart below
    the 署名 would read as outside the notice) or the writer's page break?"""
    return index + 1 < len(blocks) and (blocks[index + 1].closing or blocks[index + 1].breaks)


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
