"""Page furniture of the official edition: the 版头 of page 1, page numbers and the draft mark
(GB/T 9704 §7.2, §7.5)."""
from __future__ import annotations

from dataclasses import dataclass

from .. import geometry
from ..compose import SIGNER_LABEL, Document, folio
from ..errors import ContentError
from ..metrics import FontMetrics
from ..typeset import Line, Run, Style, set_line, shift_line, tokenize
from .items import GlyphRun, Item, Rule, TextLine
from .lines import BLACK, BODY, RED, placed, single_line


@dataclass(frozen=True)
class Head:
    """The 版头 of page 1, laid out: what it shows and where the title starts."""

    items: tuple[Item, ...]
    body_top: float  # the title's top: 2 lines below the red separator


def lay_out_head(document: Document, metrics: FontMetrics, copy_slot: bool = False) -> Head:
    """`copy_slot` keeps line 1 free for a 份号 stamped on each copy later."""
    edition = document.edition
    items: list[Item] = []
    first = 2 if copy_slot else 1
    marks = ((edition.copy_number, "fangsong", "份号"), (edition.secrecy, "heiti", "密级和保密期限"),
             (edition.urgency, "heiti", "紧急程度"))
    for number, (text, face, element) in enumerate(((t, f, e) for t, f, e in marks if t), first):
        items.append(placed(single_line(text.value, face, BODY, metrics), geometry.LEFT, geometry.baseline(number),
                            geometry.BODY_SIZE, metrics, element))
    if edition.mark_organs:
        mark_items, mark_bottom = joint_mark(edition.mark_organs, metrics)
    else:
        mark_items, mark_bottom = single_mark(edition.mark.value, metrics)
    items += mark_items
    # 发文字号 two blank lines below the mark's em box; centred, or left with 签发人 on the right.
    number_baseline = mark_bottom - 2 * geometry.PITCH - geometry.ASCENT * geometry.BODY_SIZE
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


MARK = "xiaobiaosong"
JOINT_LEADING = 1.25  # the stacked names of a joint mark, in em
JOINT_HEIGHT = 60 * geometry.MM  # the most a joint mark's names may take down the page


def single_mark(mark: str, metrics: FontMetrics) -> tuple[list[Item], float]:
    """The 发文机关标志 centred, its ink top 35 mm below the 版心 top (§7.2.4), shrunk to fit the
    版心's width; with the bottom of its em box."""
    size = geometry.MARK_SIZE
    natural = single_line(mark, MARK, Style(size, size), metrics).width
    if natural > geometry.WIDTH:
        size *= geometry.WIDTH / natural
    line = single_line(mark, MARK, Style(size, size), metrics)
    _, ink_top = metrics.fonts.face(MARK).ink_extent(mark)
    baseline = geometry.MARK_INK_TOP - ink_top * size
    return ([placed(line, geometry.LEFT + (geometry.WIDTH - line.width) / 2, baseline, size, metrics,
                    "发文机关标志", RED)], baseline - (1 - geometry.ASCENT) * size)


def joint_mark(organs, metrics: FontMetrics) -> tuple[list[Item], float]:
    """A joint 发文机关标志 (§7.2.4): the organs' names stacked, the lead first, set to one width,
    and “文件” at their right, centred on them; the whole centred, its ink top 35 mm below the
    版心 top, as large as fits the 版心's width (and a height that leaves the page its text)."""
    names = [organ.value for organ in organs]
    unit = Style(1.0, 1.0)
    widest = max(single_line(name, MARK, unit, metrics).width for name in names)
    word = single_line("文件", MARK, unit, metrics).width
    size = min(geometry.MARK_SIZE, geometry.WIDTH / (widest + 0.5 + word),
               JOINT_HEIGHT / (JOINT_LEADING * (len(names) - 1) + 1))
    style = Style(size, size)
    left = geometry.LEFT + (geometry.WIDTH - (widest + 0.5 + word) * size) / 2
    _, ink_top = metrics.fonts.face(MARK).ink_extent("".join(names))
    first = geometry.MARK_INK_TOP - ink_top * size
    items: list[Item] = []
    for number, name in enumerate(names):  # each name spread to the widest's width
        line = set_line(tokenize([Run(name, MARK)], style, metrics), widest * size, len(name) > 1)
        items.append(placed(line, left, first - number * JOINT_LEADING * size, size, metrics, "发文机关标志", RED))
    last = first - (len(names) - 1) * JOINT_LEADING * size
    middle = (first + last) / 2  # “文件” centred on the names (their baselines are evenly spaced)
    items.append(placed(single_line("文件", MARK, style, metrics), left + (widest + 0.5) * size, middle, size,
                        metrics, "发文机关标志", RED))
    return items, last - (1 - geometry.ASCENT) * size


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
