"""Page furniture of the official edition: the 版头 of page 1, page numbers and the draft mark
(GB/T 9704 §7.2, §7.5)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .. import geometry
from ..compose import JOINT_MARK_WORD, SIGNER_LABEL, Document, Masthead, folio
from ..errors import ContentError
from ..metrics import FontMetrics
from ..roles import FontRole, Printed
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
    head = document.masthead
    if head.format == "信函":
        return letter_head(head, metrics, copy_slot)
    if head.format == "命令":
        return order_head(head, metrics)
    items: list[Item] = []
    first = 2 if copy_slot else 1
    for number, mark in enumerate(head.marks, first):
        items.append(placed(single_line(mark.text, mark.font, BODY, metrics), geometry.LEFT,
                            geometry.GRID.baseline(number), geometry.BODY_SIZE, metrics, mark.element))
    if head.mark_organs:
        mark_items, mark_bottom = joint_mark(head.mark_organs, metrics)
    else:
        mark_items, mark_bottom = single_mark(head.mark, metrics)
    items += mark_items
    # 发文字号 two blank lines below the mark's em box; centred, or left with 签发人 on the right.
    number_baseline = mark_bottom - 2 * geometry.GRID.pitch - geometry.GRID.drop()
    number_line = single_line(head.number.text, head.number.font, BODY, metrics)
    rows = signer_rows(head.signers, metrics) if head.signers else []
    room = geometry.WIDTH - (geometry.CELL + rows[-1][0].width + 2 * geometry.CELL if rows else 0)
    if number_line.width > room:
        raise ContentError.one(head.number.where, "发文字号太长，在版头排不下。",
                               "发文字号只写“机关代字〔年份〕序号”，如“榕科〔2023〕1号”。")
    if rows:
        for row, (line, x) in enumerate(rows):
            items.append(placed(line, x, number_baseline - row * geometry.GRID.pitch, geometry.BODY_SIZE, metrics, "签发人"))
        number_baseline -= (len(rows) - 1) * geometry.GRID.pitch  # level with the last row of names
        x = geometry.LEFT + geometry.CELL
    else:
        x = geometry.LEFT + (geometry.WIDTH - number_line.width) / 2
    items.append(placed(number_line, x, number_baseline, geometry.BODY_SIZE, metrics, "发文字号"))
    rule_y = number_baseline - (1 - geometry.GRID.ascent) * geometry.BODY_SIZE - geometry.RULE_GAP
    items.append(Rule(geometry.LEFT, rule_y, geometry.RIGHT, rule_y, geometry.RULE_WIDTH, RED))
    return Head(tuple(items), rule_y - 2 * geometry.GRID.pitch)


def letter_head(head: Masthead, metrics: FontMetrics, copy_slot: bool = False) -> Head:
    """信函格式 (GB/T 9704 §10.1): the mark 30 mm from the paper's top; a red double line (thick
    over thin) 4 mm below it; under it the 份号, 密级 and 紧急程度 flush left and the 发文字号
    flush right, 7/8 of a 三号 character from the line; the title two lines below them; a red
    double line (thin over thick) 20 mm above the paper's bottom."""
    items, thick, thin = _letter_mark(head, metrics)
    low_thin = geometry.LETTER_FOOT + geometry.LETTER_THICK + geometry.LETTER_LINE_GAP + geometry.LETTER_THIN / 2
    for y, width in ((thick, geometry.LETTER_THICK), (thin, geometry.LETTER_THIN),
                     (low_thin, geometry.LETTER_THIN), (geometry.LETTER_FOOT + geometry.LETTER_THICK / 2,
                                                        geometry.LETTER_THICK)):
        items.append(Rule(geometry.LETTER_LINE_LEFT, y, geometry.LETTER_LINE_RIGHT, y, width, RED))
    first = _under(thin)
    marks = head.marks
    for row, mark in enumerate(marks, 1 if copy_slot else 0):
        items.append(placed(single_line(mark.text, mark.font, BODY, metrics), geometry.LEFT,
                            first - row * geometry.GRID.pitch, geometry.BODY_SIZE, metrics, mark.element))
    number = single_line(head.number.text, head.number.font, BODY, metrics)
    items.append(placed(number, geometry.RIGHT - number.width, first, geometry.BODY_SIZE, metrics, "发文字号"))
    last = first - (max(row, 0) if marks or copy_slot else 0) * geometry.GRID.pitch
    return Head(tuple(items), last - (1 - geometry.GRID.ascent) * geometry.BODY_SIZE - 2 * geometry.GRID.pitch)


def order_head(head: Masthead, metrics: FontMetrics) -> Head:
    """命令（令）格式 (GB/T 9704 §10.2): the mark (organ + 命令 or 令) 20 mm below the 版心 top, the
    令号 centred two lines below it, the text two lines below that (no rule, no title)."""
    items, mark_bottom, _ = _mark_at(head.mark, metrics, geometry.ORDER_MARK_INK_TOP)
    baseline = mark_bottom - 2 * geometry.GRID.pitch - geometry.GRID.drop()
    number = single_line(head.number.text, head.number.font, BODY, metrics)
    items.append(placed(number, geometry.LEFT + (geometry.WIDTH - number.width) / 2, baseline, geometry.BODY_SIZE,
                        metrics, "发文字号"))
    return Head(tuple(items), baseline - (1 - geometry.GRID.ascent) * geometry.BODY_SIZE - 2 * geometry.GRID.pitch)


def _letter_mark(head: Masthead, metrics: FontMetrics) -> tuple[list[Item], float, float]:
    """A letter's mark (a joint letter shows the lead organ's) and the heights of the thick and
    thin lines under it."""
    mark = head.mark_organs[0] if head.mark_organs else head.mark
    items, _, ink_bottom = _mark_at(mark, metrics, geometry.LETTER_MARK_INK_TOP)
    thick = ink_bottom - geometry.LETTER_MARK_GAP - geometry.LETTER_THICK / 2
    return items, thick, thick - geometry.LETTER_THICK / 2 - geometry.LETTER_LINE_GAP - geometry.LETTER_THIN / 2


def copy_stamp_baselines(document: Document, metrics: FontMetrics) -> tuple[float, float]:
    """Where a distributed copy's 份号 and recipient go: line 1 of the 版心 (the recipient at its
    right); in a letter, the 份号 on the first line under the double line, whose right holds the
    发文字号, and the recipient in the top margin."""
    if document.masthead.format != "信函":
        return geometry.GRID.baseline(1), geometry.GRID.baseline(1)
    _, _, thin = _letter_mark(document.masthead, metrics)
    return _under(thin), geometry.PAGE_HEIGHT - 15 * geometry.MM


def _under(thin_line: float) -> float:
    """The baseline of the first line under a letter's upper double line (7/8 of a 三号 away)."""
    return thin_line - geometry.LETTER_THIN / 2 - geometry.LETTER_TEXT_GAP - geometry.GRID.drop()


def _mark_at(typed: Printed, metrics: FontMetrics, ink_top: float) -> tuple[list[Item], float, float]:
    """A one-line mark centred with its ink top at `ink_top`, shrunk to fit the 版心's width;
    with the bottom of its em box and of its ink."""
    mark, size = typed.text, geometry.MARK_SIZE
    natural = single_line(mark, MARK, Style(size, size), metrics).width
    if natural > geometry.WIDTH:
        size *= geometry.WIDTH / natural
    _large_enough(size, typed)
    line = single_line(mark, MARK, Style(size, size), metrics)
    low, high = metrics.fonts.face(MARK).ink_extent(mark)
    baseline = ink_top - high * size
    return ([placed(line, geometry.LEFT + (geometry.WIDTH - line.width) / 2, baseline, size, metrics,
                    "发文机关标志", RED)], baseline - (1 - geometry.GRID.ascent) * size, baseline + low * size)


MARK: FontRole = "xiaobiaosong"
MIN_MARK_SIZE = geometry.TITLE_SIZE  # a mark shrunk below the title's size would no longer stand out (§7.2.4: 醒目)


def _large_enough(size: float, typed: Printed) -> None:
    if size < MIN_MARK_SIZE - 1e-6:
        raise ContentError.one(typed.where, f"发文机关标志“{typed.text[:24]}”太长：缩小到比标题还小（{size:.1f} 磅）"
                               f"才排得进版心的宽度，一行最多约 {int(geometry.WIDTH // MIN_MARK_SIZE)} 字。",
                               "写发文机关全称或规范化简称加“文件”；联合行文时写成机关名称的列表。")
JOINT_LEADING = 1.25  # the stacked names of a joint mark, in em
JOINT_HEIGHT = 60 * geometry.MM  # the most a joint mark's names may take down the page


def single_mark(mark: Printed, metrics: FontMetrics) -> tuple[list[Item], float]:
    """The 发文机关标志 centred, its ink top 35 mm below the 版心 top (§7.2.4), shrunk to fit the
    版心's width; with the bottom of its em box."""
    items, em_bottom, _ = _mark_at(mark, metrics, geometry.MARK_INK_TOP)
    return items, em_bottom


def joint_mark(organs: Sequence[Printed], metrics: FontMetrics) -> tuple[list[Item], float]:
    """A joint 发文机关标志 (§7.2.4): the organs' names stacked, the lead first, set to one width,
    and “文件” at their right, centred on them; the whole centred, its ink top 35 mm below the
    版心 top, as large as fits the 版心's width (and a height that leaves the page its text)."""
    names = [organ.text for organ in organs]
    unit = Style(1.0, 1.0)
    widest = max(single_line(name, MARK, unit, metrics).width for name in names)
    word = single_line(JOINT_MARK_WORD, MARK, unit, metrics).width
    across = geometry.WIDTH / (widest + 0.5 + word)  # (many organs stack smaller: their number is not refused)
    _large_enough(across, max(organs, key=lambda organ: single_line(organ.text, MARK, unit, metrics).width))
    size = min(geometry.MARK_SIZE, across, JOINT_HEIGHT / (JOINT_LEADING * (len(names) - 1) + 1))
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
    items.append(placed(single_line(JOINT_MARK_WORD, MARK, style, metrics), left + (widest + 0.5) * size, middle, size,
                        metrics, "发文机关标志", RED))
    return items, last - (1 - geometry.GRID.ascent) * size


def signer_rows(signers: Sequence[Printed], metrics: FontMetrics, per_row: int = 2) -> list[tuple[Line, float]]:
    """“签发人：” (仿宋) and the names (楷体), two to a row, one em apart, 1 em from the right;
    a further row starts under the first name of the row above (GB/T 9704 §7.2.6)."""
    label = single_line(SIGNER_LABEL, "fangsong", BODY, metrics)
    names = [single_line(s.text, s.font, BODY, metrics) for s in signers]
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


def draft_line(mark: Printed, metrics: FontMetrics) -> TextLine:
    """“征求意见稿（第3稿）” above the 版心's top right corner, in black: red belongs to the 红头."""
    line = single_line(mark.text, mark.font, DRAFT, metrics)
    return placed(line, geometry.RIGHT - line.width, geometry.TOP + geometry.DRAFT_RISE, DRAFT.size, metrics, "征求意见稿")
