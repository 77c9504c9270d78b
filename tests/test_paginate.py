"""Page filling on the grid, as pure functions: the keep rules, tightening and floating charts."""
import random

from briefing.paginate import Block, Piece, Position, _fill, _Trail, fill
from briefing.paginate import paginate as paginate_document

PAGE = 22


def paginate(blocks, first=PAGE, capacity=PAGE):
    pages, position, room = [], Position(), first
    while True:
        page = fill(blocks, position, room, PAGE)
        pages.append(page)
        if page.done:
            return pages
        assert page.pieces or room < capacity, "a fresh page must take something"
        position, room = page.next, capacity


def para(lines, tight=None, keep_last=2):
    return Block(lines, tight, splittable=True, keep_last=keep_last)


def test_heading_is_never_stranded_at_a_page_foot():
    pages = paginate([para(20), Block(1, heading=True), para(5)])
    assert [p.used for p in pages] == [20, 6]  # the heading and its paragraph go on together
    assert pages[1].pieces[0].block == 1


def test_a_tighter_paragraph_fills_the_page_instead():
    pages = paginate([para(20, tight=19), Block(1, heading=True), para(5)])
    assert pages[0].used == 22 and pages[0].next.tight == {0}
    assert [(p.block, p.first, p.end) for p in pages[0].pieces] == [(0, 0, 19), (1, 0, 1), (2, 0, 2)]


def test_paragraphs_split_leaving_two_lines_on_each_page():
    (first, second) = paginate([para(23)])
    assert first.used == 21 and second.used == 2
    (first, second) = paginate([para(10), para(13)])
    assert first.used == 21  # 10 + 11, so that 2 lines go over, not 1
    assert paginate([para(20), para(3)])[0].used == 20  # 2 + 1 would leave one line alone


def test_closing_keeps_its_lines_together():
    (first, second) = paginate([Block(1), para(10, keep_last=8)], first=7)
    assert first.used == 3 and second.used == 8  # 主送 + 2 body lines; 2 lines + the closing


def test_chart_floats_below_the_text_that_follows():
    blocks = [para(10), Block(14, floats=True), para(10), para(6)]
    first, second = paginate(blocks)
    assert [p.block for p in first.pieces] == [0, 2, 3]  # the text moves up past the chart
    # The paragraph split at the foot ends first: the chart never stands inside a sentence.
    assert [(p.block, p.first, p.end) for p in second.pieces] == [(3, 2, 6), (1, 0, 14)]
    assert first.used == 22 and second.used == 18


def test_a_chart_never_lands_inside_a_paragraph_whose_rest_would_not_share_its_page():
    # Paragraph 2's rest (18 lines) and the 14-line chart do not fit one page: it is not split.
    blocks = [para(10), Block(14, floats=True), para(30)]
    first, second = paginate(blocks)[:2]
    assert [(p.block, p.first, p.end) for p in first.pieces] == [(0, 0, 10)]
    assert [(p.block, p.first) for p in second.pieces] == [(1, 0), (2, 0)]


def test_unsplittable_blocks_move_whole():
    first, second = paginate([para(18), Block(6), para(3)])
    assert first.used == 18 and [p.block for p in second.pieces] == [1, 2]


def test_random_flows_keep_every_rule():
    rng = random.Random(9704)
    for _ in range(400):
        blocks = []
        for _ in range(rng.randint(3, 30)):
            kind = rng.random()
            if kind < 0.2:
                blocks.append(Block(rng.choice((1, 1, 2)), heading=True))
            elif kind < 0.3:
                blocks.append(Block(rng.randint(3, 9), floats=rng.random() < 0.5))
            else:
                lines = rng.randint(1, 15)
                blocks.append(para(lines, lines - 1 if lines > 2 and rng.random() < 0.3 else None))
        pages = paginate(blocks, first=rng.randint(5, PAGE))
        placed = {}
        for page in pages:
            assert page.used == sum(p.end - p.first for p in page.pieces) <= PAGE
            for index, piece in enumerate(page.pieces):
                block = blocks[piece.block]
                placed.setdefault(piece.block, []).append((piece.first, piece.end))
                if block.splittable and (piece.first or piece.end < _height(block, page)):
                    assert piece.end - piece.first >= 2 or block.lines > PAGE  # no widow, no orphan
                if block.heading and index == len(page.pieces) - 1:
                    assert piece.block == len(blocks) - 1  # nothing follows it on its page
        for index, block in enumerate(blocks):  # every line exactly once, in order
            spans = placed[index]
            assert spans[0][0] == 0 and all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
            assert spans[-1][1] in (block.lines, block.tight_lines)


def _height(block, page):
    return block.tight_lines if block.tight_lines is not None and page.next.tight else block.lines


def _any_block(rng):
    """A block of any kind, some taller than a page (a table's rows too)."""
    kind = rng.random()
    if kind < 0.15:
        return Block(rng.choice((1, 1, 2, 21)), heading=True)
    if kind < 0.25:
        return Block(rng.choice((rng.randint(2, 18), rng.randint(15, 26))), floats=rng.random() < 0.6,
                     figure=rng.random() < 0.5)
    if kind < 0.33:
        rows, row, head = rng.randint(1, 20), rng.choice((1, 2, 3, 8, 24)), rng.randint(1, 4)
        return Block(head + row * rows, cuts=tuple(head + row * r for r in range(1, rows)), repeat=rng.choice((0, 2)))
    if kind < 0.36:
        return Block(rng.choice((rng.randint(1, 8), 23)), follows=True)
    if kind < 0.38:
        return Block(0, breaks=True)
    if kind < 0.40:
        return Block(rng.randint(1, 30))
    if kind < 0.43:
        listed = rng.randint(0, 10)
        lines = rng.randint(1, 8) + listed + 3
        return Block(lines, lines - 1 if rng.random() < 0.3 else None, splittable=True, closing=True,
                     keep_last=rng.choice((3, 5, listed + 5, 24)), listed=listed)
    lines = rng.choice((rng.randint(1, 8), rng.randint(1, 30)))
    return para(lines, lines - rng.choice((1, 2)) if lines > 2 and rng.random() < 0.4 else None)


def test_a_page_is_the_same_for_every_capacity_its_filling_names():
    """`_fill` names the capacities that fill the same page from the same start, so that pagination
    fills it once: each of them does, from each start that pagination reaches."""
    rng = random.Random(28)
    for _ in range(100):
        blocks = [_any_block(rng) for _ in range(rng.randint(1, 40))]
        pages = paginate_document(blocks, rng.randint(1, PAGE), PAGE, 2)
        for start in [Position()] + [page.next for page in pages[:-1]]:
            trail = _Trail(start)  # (the capacities in any order, each filling going on from the others)
            for capacity in rng.sample(range(1, PAGE + 3), PAGE + 2):
                page, least, most = _fill(blocks, trail, capacity, PAGE)
                assert least <= capacity <= most
                for other in range(max(least, 1), min(most, PAGE + 2) + 1):
                    assert _fill(blocks, _Trail(start), other, PAGE)[0] == page, (blocks, start, capacity, other)


def test_a_page_full_with_one_paragraph_tight_is_not_named_for_more_room():
    # With a line more, two paragraphs set tight let the 3-line block follow: the page a tight
    # paragraph fills does not hold for that capacity, though each page tried to make it does.
    blocks = [para(8, 6), para(8, 6), Block(6), Block(3), para(10)]
    page, _, most = _fill(blocks, _Trail(Position()), 20, PAGE)
    assert page.used == 20 and page.next.tight == {0} and most == 20
    assert fill(blocks, Position(), 21, PAGE).next.tight == {0, 1}


def test_conformance_finds_a_heading_stranded_at_a_page_foot():
    """The checker's own rule, on lines as it reads them."""
    from briefing import geometry
    from briefing.conformance import TextLine, _stranded_headings
    from briefing.conformance.content import Char

    def line(page, row, text, font, indent=0.0):
        x0 = geometry.LEFT + indent
        chars = [Char(c, x0 + i * 16, x0 + i * 16 + 16, 0.0, 0.0, 16.0, (1, 0, 0, 1, x0 + i * 16, geometry.baseline(row)),
                      True, f"AAAAAA+{font}", None) for i, c in enumerate(text)]
        return TextLine(page, geometry.baseline(row), 16, chars)

    body_font, heading_font = "FandolFang-Regular", "FandolKai-Regular"
    page_one = [line(1, n, "正文正文", body_font) for n in range(1, 22)] + [line(1, 22, "（一）标题", heading_font, 32)]
    page_two = [line(2, 1, "正文正文", body_font, 32), line(2, 2, "正文", body_font)]
    lines = {1: page_one, 2: page_two}
    no_frames: dict[int, set[int]] = {1: set(), 2: set()}
    assert _stranded_headings(lines, body_font, lines, no_frames) == ["第1页“（一）标题”"]
    # a caption right above a table or figure that starts on the next line is not stranded
    page_one[-1] = line(1, 21, "（一）标题", heading_font, 32)
    page_one[-2:] = [page_one[-1]]
    assert _stranded_headings(lines, body_font, lines, {1: {22}, 2: set()}) == []
    assert _stranded_headings(lines, body_font, lines, no_frames) == ["第1页“（一）标题”"]
    page_one[-1] = line(1, 22, "正文正文", body_font)
    assert _stranded_headings(lines, body_font, lines, no_frames) == []


def test_a_chart_never_floats_past_the_closing():
    """Text, a chart that does not fit, the last paragraph joined to the 署名: the chart opens
    the next page and the closing follows it, rather than the chart standing below the 署名."""
    blocks = [Block(12, splittable=True), Block(8, floats=True), Block(7, splittable=True, keep_last=5, closing=True)]
    first = fill(blocks, Position(), 15, 22)
    assert [piece.block for piece in first.pieces] == [0]
    second = fill(blocks, first.next, 22, 22)
    assert [piece.block for piece in second.pieces] == [1, 2]


def test_a_row_of_cards_takes_the_last_lines_of_its_paragraph_along():
    blocks = [Block(14, splittable=True), Block(6, splittable=True), Block(5, follows=True), Block(10, splittable=True)]
    first = fill(blocks, Position(), 22, 22)
    assert first.pieces[-1] == Piece(1, 0, 4) and first.used == 18
    second = fill(blocks, first.next, 22, 22)
    assert second.pieces[:2] == (Piece(1, 4, 6), Piece(2, 0, 5))


def test_a_closing_taller_than_a_page_still_ends():
    """Issue 25: a paragraph ending in 24 lines that must stay together left every page empty."""
    blocks = [Block(30, splittable=True, keep_last=24, closing=True)]
    first = fill(blocks, Position(), 22, 22)
    second = fill(blocks, first.next, 22, 22)
    third = fill(blocks, second.next, 22, 22)
    assert [first.pieces, second.pieces, third.pieces] == [(Piece(0, 0, 6),), (Piece(0, 6, 28),), (Piece(0, 28, 30),)]
    assert third.done


def test_a_row_after_a_short_paragraph_alone_on_its_page_still_terminates():
    blocks = [Block(3, splittable=True), Block(21, follows=True)]
    pages, position = [], Position()
    for _ in range(5):
        page = fill(blocks, position, 22, 22)
        pages.append(page)
        position = page.next
        if page.done:
            break
    assert pages[-1].done and len(pages) == 2


from hypothesis import given, strategies as st  # noqa: E402

BLOCKS = st.builds(
    lambda lines, kind, tight, kept: Block(
        lines, tight_lines=lines - 1 if kind == "paragraph" and tight and lines > 2 else None,
        splittable=kind in ("paragraph", "closing"), heading=kind == "heading", floats=kind == "chart",
        follows=kind == "cards", keep_last=kept if kind == "closing" else 2, closing=kind == "closing"),
    st.integers(1, 30), st.sampled_from(["paragraph", "heading", "chart", "cards", "closing"]), st.booleans(),
    st.integers(3, 30))  # a closing's kept lines: even more than a page (a long 附注 once hung here)


@given(st.lists(BLOCKS, min_size=1, max_size=25), st.integers(5, 22))
def test_pagination_ends_on_any_flow_even_with_blocks_taller_than_a_page(blocks, first_capacity):
    position, pages, limit = Position(), 0, sum(b.lines for b in blocks) + len(blocks) + 2
    capacity = first_capacity
    while True:
        page = fill(blocks, position, capacity, 22)
        pages += 1
        assert pages <= limit, "pagination does not end"
        if page.done:
            break
        if not page.pieces and capacity == 22:
            raise AssertionError(f"a whole page took nothing at {position}")
        position, capacity = page.next, 22


def document_pages(blocks, first=PAGE):
    return paginate_document(blocks, first, PAGE)


def test_the_closing_takes_two_body_lines_along_even_when_the_page_before_ends_short():
    # 20 lines of body, then “特此报告。” joined to a 6-line closing: greedily the page takes the 20
    # lines and the closing goes alone with its one body line.
    blocks = [para(20), Block(7, splittable=True, keep_last=8, closing=True)]
    greedy = paginate(blocks)
    assert [(p.block, p.first) for p in greedy[1].pieces] == [(1, 0)]
    first, second = document_pages(blocks)
    assert first.used == 18  # two lines of the paragraph go over with it
    assert [(p.block, p.first, p.end) for p in second.pieces] == [(0, 18, 20), (1, 0, 7)]


def test_a_table_is_not_split_leaving_one_row_on_a_page():
    # A table: caption and header 3 lines, then 10 rows of 2 lines, a blank line after it.
    table = Block(24, cuts=tuple(range(5, 23, 2)), repeat=2)
    blocks = [para(1), table, para(6)]
    greedy = paginate(blocks)
    assert [(p.block, p.first, p.end) for p in greedy[1].pieces][0] == (1, 21, 24)  # the last row alone
    first, second = document_pages(blocks)[:2]
    assert [(p.block, p.end) for p in first.pieces] == [(0, 1), (1, 19)]  # two rows go over together
    assert second.pieces[0] == Piece(1, 19, 24, 2)


def test_a_page_ends_early_only_where_the_next_page_shows_why():
    # Ending page 1 a line or two early inside paragraph 0 would leave page 2 fuller before the
    # 10-line block, but nothing on page 2 would show why page 1 stopped short (the conformance
    # check counts it short): page 2 ends 3 lines short instead, before the block that does not split.
    blocks = [para(30), para(11), Block(10), para(5)]
    assert [page.used for page in document_pages(blocks)] == [22, 19, 15]


def test_a_chart_floats_past_a_heading_to_keep_a_page_from_ending_three_lines_short():
    # A chart one line taller than the `gap` lines left under the text before it; then the next
    # section's heading and text.
    def page_one(gap):
        blocks = [para(22 - gap - 2), para(2), Block(gap + 1, floats=True), Block(1, heading=True), para(8)]
        return [(p.block, p.first, p.end) for p in document_pages(blocks)[0].pieces]
    assert page_one(3)[-1][0] == 4  # three lines short otherwise: the next section's text comes up


def test_the_signature_page_prefers_lines_of_the_text_to_lines_of_the_attendees():
    """A 纪要's attendees may run on over pages (two of their lines with the 署名), yet the
    署名's page had better show some of the text (§7.3.5.5): a page two or three lines short pays
    for that, a page four short does not."""
    closing = Block(2 + 9, splittable=True, keep_last=3 + 2, closing=True, listed=9)  # 2 of text, 6 listed, 3 signed
    for body in (10, 9):
        pages = paginate_document([Block(body, splittable=True), closing], 12, 22)
        assert [[(p.block, p.first, p.end) for p in page.pieces] for page in pages] == [[(0, 0, body)], [(1, 0, 11)]]
    pages = paginate_document([Block(8, splittable=True), closing], 12, 22)  # (4 short: the list goes first)
    assert [[(p.block, p.first, p.end) for p in page.pieces] for page in pages][0] == [(0, 0, 8), (1, 0, 4)]
