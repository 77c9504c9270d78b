"""Page furniture of the official edition: the 版头 of page 1, page numbers and the draft mark
(GB/T 9704 §7.2, §7.5)."""
from __future__ import annotations

from dataclasses import dataclass

from .. import geometry
from ..compose import SIGNER_LABEL, Document, folio
from ..errors import ContentError
from ..metrics import FontMetrics
from ..typeset import Line, Style, shift_line
from .items import GlyphRun, Item, Rule, TextLine
from .lines import BLACK, BODY, RED, placed, single_line


@dataclass(frozen=True)
class Head:
    """The 版头 of page 1, laid out: what it shows and where the title starts."""

    items: tuple[Item, ...]
    body_top: float  # the title's top: 2 lines below the red separator


def lay_out_head(document: Document, metrics: FontMetrics, copy_slot: bool = False) -> Head:
    """`copy_slot` keeps line 1 free for a 份号 stamped on each copy later."""
    edition, fonts = document.edition, metrics.fonts
    items: list[Item] = []
    first = 2 if copy_slot else 1
    marks = ((edition.copy_number, "fangsong", "份号"), (edition.secrecy, "heiti", "密级和保密期限"),
             (edition.urgency, "heiti", "紧急程度"))
    for number, (text, face, element) in enumerate(((t, f, e) for t, f, e in marks if t), first):
        items.append(placed(single_line(text.value, face, BODY, metrics), geometry.LEFT, geometry.baseline(number),
                            geometry.BODY_SIZE, metrics, element))
    mark = edition.mark.value
    size = geometry.MARK_SIZE
    natural = single_line(mark, "xiaobiaosong", Style(size, size), metrics).width
    if natural > geometry.WIDTH:
        size *= geometry.WIDTH / natural
    mark_line = single_line(mark, "xiaobiaosong", Style(size, size), metrics)
    _, ink_top = fonts.face("xiaobiaosong").ink_extent(mark)
    mark_baseline = geometry.MARK_INK_TOP - ink_top * size
    items.append(placed(mark_line, geometry.LEFT + (geometry.WIDTH - mark_line.width) / 2, mark_baseline, size,
                        metrics, "发文机关标志", RED))
    # 发文字号 two blank lines below the mark's em box; centred, or left with 签发人 on the right.
    number_baseline = (mark_baseline - (1 - geometry.ASCENT) * size - 2 * geometry.PITCH
                       - geometry.ASCENT * geometry.BODY_SIZE)
    number_line = single_line(edition.number.value, "fangsong", BODY, metrics)
    rows = signer_rows(edition.signers, metrics) if edition.signers else []
    room = geometry.WIDTH - (geometry.CELL + rows[-1][0].width + 2 * geometry.CELL if rows else 0)
    if number_line.width > room:
        raise ContentError.one(edition.number.where, "发文字号太长，在版头排不下。",
                               "发文字号只写“机关代字〔年份〕序号”，如“榕科〔2023〕1号”。")
    if rows:
        for row, (line, x) in enumerate(rows):
            items.append(placed(line, x, number_baseline - row * geometry.PITCH, geometry.BODY_SIZE, metrics, "签发人"))
        number_baseline -= (len(rows) - 1) * geometry.PITCH  # level with the last row of names
        x = geometry.LEFT + geometry.CELL
    else:
        x = geometry.LEFT + (geometry.WIDTH - number_line.width) / 2
    items.append(placed(number_line, x, number_baseline, geometry.BODY_SIZE, metrics, "发文字号"))
    rule_y = number_baseline - (1 - geometry.ASCENT) * geometry.BODY_SIZE - geometry.RULE_GAP
    items.append(Rule(geometry.LEFT, rule_y, geometry.RIGHT, rule_y, geometry.RULE_WIDTH, RED))
    return Head(tuple(items), rule_y - 2 * geometry.PITCH)


def signer_rows(signers, metrics: FontMetrics, per_row: int = 2) -> list[tuple[Line, float]]:
    """“签发人：” (仿宋) and the names (楷体), two to a row, one em apart, 1 em from the right;
    a further row starts under the first name of the row above (GB/T 9704 §7.2.6)."""
    label = single_line(SIGNER_LABEL, "fangsong", BODY, metrics)
    names = [single_line(s.value, "kaiti", BODY, metrics) for s in signers]
    rows = [names[i:i + per_row] for i in range(0, len(names), per_row)]
    result = []
    for number, row in enumerate(rows):
        lead = [label] if number == 0 else []
        segments: list = []
        x = 0.0
        for part in lead + row:
            segments += shift_line(part, x).segments
            x += part.width + (geometry.CELL if part is not label else 0.0)
        result.append(Line(tuple(segments), x - geometry.CELL, "".join(p.text for p in lead + row)))
    x = geometry.RIGHT - geometry.CELL - result[0].width
    return [(line, x if number == 0 else x + label.width) for number, line in enumerate(result)]


def folio_line(page: int, metrics: FontMetrics) -> TextLine:
    """“— N —” in the 宋体 role, 7 mm below the 版心; odd pages right, even pages left, 1 em in."""
    size = geometry.FOLIO_SIZE
    text = folio(page)
    face = metrics.fonts.face("songti")
    low, high = face.ink_extent("—")
    baseline = geometry.BOTTOM - geometry.FOLIO_DROP - (low + high) / 2 * size
    width = face.width(text, size)
    x = geometry.RIGHT - size - width if page % 2 else geometry.LEFT + size
    advances = tuple(metrics.width(char, face.name, size) for char in text)
    return TextLine((GlyphRun(x, baseline, text, face.name, size, 0.0, advances, BLACK),), text, "页码")


DRAFT = Style(12, 12)


def draft_line(mark: str, metrics: FontMetrics) -> TextLine:
    """“征求意见稿（第3稿）” above the 版心's top right corner, in black: red belongs to the 红头."""
    line = single_line(mark, "heiti", DRAFT, metrics)
    return placed(line, geometry.RIGHT - line.width, geometry.TOP + geometry.DRAFT_RISE, DRAFT.size, metrics, "征求意见稿")
