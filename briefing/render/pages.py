"""Page furniture of the official edition: the 版头, page numbers and the 版记 (GB/T 9704 §7)."""
from __future__ import annotations

from dataclasses import dataclass

from .. import layout
from ..errors import ContentError
from ..revision import DRAFT_MARK
from ..typeset import Line, Run, Style, set_line, shift_line, tokenize, typeset
from .flowables import draw_lines
from .metrics import FontMetrics

BODY = Style(layout.BODY_SIZE, layout.CELL)


def single_line(text: str, role: str, style: Style, metrics: FontMetrics) -> Line:
    """One unbroken line at its natural width."""
    return set_line(tokenize([Run(text, role)], style, metrics), 1e9, False)


def labelled_lines(label: str, text: str, role: str, style: Style, metrics: FontMetrics,
                   left: float, right: float) -> list[Line]:
    """“label：text” with wrapped lines aligned under the first character after the label."""
    head = single_line(label, role, style, metrics)
    width = layout.WIDTH - left - right - head.width
    lines = typeset([Run(text, role)], style, metrics, width)
    placed = [shift_line(line, left + head.width) for line in lines]
    first = placed[0]
    merged = Line(shift_line(head, left).segments + first.segments, first.width, label + first.text)
    return [merged, *placed[1:]]


@dataclass(frozen=True)
class Head:
    """The 版头 of page 1, laid out: what to draw and where the title starts."""

    lines: tuple[tuple[Line, float, float, float, bool], ...]  # (line, x, baseline, size, red)
    rule_y: float  # the red separator
    body_top: float  # where page 1's frame starts: the title, 2 lines below the rule


def lay_out_head(edition, fonts, metrics: FontMetrics, copy_slot: bool = False) -> Head:
    """`copy_slot` keeps line 1 free for a 份号 stamped on each copy later."""
    items = []
    first = 2 if copy_slot else 1
    for number, text in enumerate((t for t in (edition.copy_number, edition.secrecy, edition.urgency) if t), first):
        role = "fangsong" if text is edition.copy_number else "heiti"
        items.append((single_line(text.value, role, BODY, metrics), layout.LEFT,
                      layout.baseline(number), layout.BODY_SIZE, False))
    mark = edition.mark.value
    size = layout.MARK_SIZE
    natural = single_line(mark, "xiaobiaosong", Style(size, size), metrics).width
    if natural > layout.WIDTH:
        size *= layout.WIDTH / natural
    mark_line = single_line(mark, "xiaobiaosong", Style(size, size), metrics)
    _, ink_top = fonts.face("xiaobiaosong").ink_extent(mark)
    mark_baseline = layout.MARK_INK_TOP - ink_top * size
    items.append((mark_line, layout.LEFT + (layout.WIDTH - mark_line.width) / 2, mark_baseline, size, True))
    # 发文字号 two blank lines below the mark's em box; centred, or left with 签发人 on the right.
    number_baseline = (mark_baseline - (1 - layout.ASCENT) * size - 2 * layout.PITCH
                       - layout.ASCENT * layout.BODY_SIZE)
    number = single_line(edition.number.value, "fangsong", BODY, metrics)
    rows = signer_rows(edition.signers, metrics) if edition.signers else []
    room = layout.WIDTH - (layout.CELL + rows[-1][0].width + 2 * layout.CELL if rows else 0)
    if number.width > room:
        raise ContentError.one(edition.number.where, "发文字号太长，在版头排不下。",
                               "发文字号只写“机关代字〔年份〕序号”，如“榕科〔2023〕1号”。")
    if rows:
        for row, (line, x) in enumerate(rows):
            items.append((line, x, number_baseline - row * layout.PITCH, layout.BODY_SIZE, False))
        number_baseline -= (len(rows) - 1) * layout.PITCH  # level with the last row of names
        items.append((number, layout.LEFT + layout.CELL, number_baseline, layout.BODY_SIZE, False))
    else:
        items.append((number, layout.LEFT + (layout.WIDTH - number.width) / 2, number_baseline, layout.BODY_SIZE, False))
    rule_y = number_baseline - (1 - layout.ASCENT) * layout.BODY_SIZE - layout.RULE_GAP
    return Head(tuple(items), rule_y, rule_y - 2 * layout.PITCH)


def signer_rows(signers, metrics: FontMetrics, per_row: int = 2) -> list[tuple[Line, float]]:
    """“签发人：” (仿宋) and the names (楷体), two to a row, one em apart, 1 em from the right;
    a further row starts under the first name of the row above (GB/T 9704 §7.2.6)."""
    label = single_line("签发人：", "fangsong", BODY, metrics)
    names = [single_line(s.value, "kaiti", BODY, metrics) for s in signers]
    rows = [names[i:i + per_row] for i in range(0, len(names), per_row)]
    result = []
    for number, row in enumerate(rows):
        lead = [label] if number == 0 else []
        segments, x = [], 0.0
        for part in lead + row:
            segments += shift_line(part, x).segments
            x += part.width + (layout.CELL if part is not label else 0.0)
        result.append(Line(tuple(segments), x - layout.CELL, "".join(p.text for p in lead + row)))
    x = layout.RIGHT - layout.CELL - result[0].width
    return [(line, x if number == 0 else x + label.width) for number, line in enumerate(result)]


def draw_head(canv, head: Head) -> None:
    canv.saveState()
    for line, x, baseline, size, red in head.lines:
        canv.setFillColorCMYK(*(layout.RED if red else layout.BLACK))
        draw_lines(canv, [line], x, baseline, size)
    canv.setStrokeColorCMYK(*layout.RED)
    canv.setLineWidth(layout.RULE_WIDTH)
    canv.line(layout.LEFT, head.rule_y, layout.RIGHT, head.rule_y)
    canv.restoreState()


def draw_folio(canv, page: int, fonts, metrics: FontMetrics) -> None:
    """“— N —” in the 宋体 role, 7 mm below the 版心; odd pages right, even pages left, 1 em in."""
    size = layout.FOLIO_SIZE
    text = f"— {page} —"
    face = fonts.face("songti")
    width = face.width(text, size)
    low, high = face.ink_extent("—")
    baseline = layout.BOTTOM - layout.FOLIO_DROP - (low + high) / 2 * size
    x = layout.RIGHT - size - width if page % 2 else layout.LEFT + size
    canv.saveState()
    canv.setFillColorCMYK(*layout.BLACK)
    canv.setFont(face.name, size)
    canv.drawString(x, baseline, text)
    canv.restoreState()


DRAFT = Style(12, 12)


def draw_draft_mark(canv, edition, fonts, metrics: FontMetrics) -> None:
    """“征求意见稿（第3稿）” above the 版心's top right corner: on every page of a draft."""
    text = DRAFT_MARK + (f"（{edition.revision.value}）" if edition.revision else "")
    line = single_line(text, "heiti", DRAFT, metrics)
    canv.saveState()
    canv.setFillColorCMYK(*layout.BLACK)  # red belongs to the 红头 alone
    draw_lines(canv, [line], layout.RIGHT - line.width, layout.TOP + layout.DRAFT_RISE, DRAFT.size)
    canv.restoreState()
