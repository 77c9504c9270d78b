"""The end of the notice and of the document: 附件说明, 署名, 成文日期, seal, 附注 (GB/T 9704
§7.3.4–7.3.6) and the 版记 (§7.4)."""
from __future__ import annotations

from pathlib import Path

import PIL.Image
from typing import Callable

from .. import geometry
from ..compose import ATTACHMENT_LABEL, CC_LABEL, Document
from ..errors import ContentError
from ..metrics import FontMetrics
from ..typeset import Line, Run, Style, shift_line, typeset
from .items import Item, Picture, Rule
from .lines import BLACK, BODY, labelled_lines, placed, placed_lines, single_line

BLANK = Line((), 0.0, "")
SEALED_GAP = 2  # blank lines between the text and a sealed 署名: with a 42 mm seal whose top is
# a third of a line below the text, 署名 and date then lie just below its centre
SEAL_DIAMETER = 42 * geometry.MM
IMPRINT = Style(geometry.IMPRINT_SIZE, geometry.IMPRINT_SIZE)


def closing(document: Document, metrics: FontMetrics
            ) -> tuple[list[Line], tuple[str, ...], Callable[[float, float], Item] | None]:
    """The closing's lines, each one's role, and the seal to put under them (if any), as a
    function of the closing block's bottom and the page's line pitch."""
    edition = document.edition
    lines: list[Line] = []
    roles: list[str] = []
    if document.attachment_note:
        lines.append(BLANK)
        for item in document.attachment_note:
            if item.startswith(ATTACHMENT_LABEL):
                lines += labelled_lines(ATTACHMENT_LABEL, item.removeprefix(ATTACHMENT_LABEL), "fangsong", BODY,
                                        metrics, 2 * geometry.CELL, 0)
            else:  # 2. …, aligned under the first item
                indent = 2 * geometry.CELL + single_line(ATTACHMENT_LABEL, "fangsong", BODY, metrics).width
                lines += [shift_line(line, indent) for line in
                          typeset([Run(item, "fangsong")], BODY, metrics, geometry.WIDTH - indent)]
        roles += ["附件说明"] * len(lines)
    signature = single_line(edition.issuer.value, "fangsong", BODY, metrics)
    date = single_line(edition.date.value, "fangsong", BODY, metrics)
    seal = None
    if edition.seal is None:
        # Unsealed (§7.3.5.2): 署名 2 em from the right, one blank line below; the date on the
        # next line starting 2 em right of the 署名 (or 2 em from the right when it is longer).
        date_x = geometry.WIDTH - 2 * geometry.CELL - signature.width + 2 * geometry.CELL
        if date_x + date.width > geometry.WIDTH - 2 * geometry.CELL:
            date_x = geometry.WIDTH - 2 * geometry.CELL - date.width
        signature_x = date_x - 2 * geometry.CELL
        if signature_x < 0:
            raise ContentError.one(edition.issuer.where, "发文机关署名太长，在成文日期上方排不下。",
                                   "署名写发文机关的全称（一个机关）；几个机关联合行文的格式尚不支持。")
        lines += [BLANK, shift_line(signature, signature_x), shift_line(date, date_x)]
        roles += ["发文机关署名"] * 2 + ["成文日期"]
    else:
        # Sealed (§7.3.5.1): date 4 em from the right, 署名 centred on it, SEALED_GAP lines lower
        # to leave room for the seal, whose top lies within one line below the body.
        date_x = geometry.WIDTH - 4 * geometry.CELL - date.width
        if date_x + (date.width - signature.width) / 2 < 0:
            raise ContentError.one(edition.issuer.where, "发文机关署名太长，在印章下排不下。",
                                   "署名写发文机关的全称（一个机关）；几个机关联合行文的格式尚不支持。")
        lines += [BLANK] * SEALED_GAP + [shift_line(signature, date_x + (date.width - signature.width) / 2),
                                         shift_line(date, date_x)]
        roles += ["发文机关署名"] * (SEALED_GAP + 1) + ["成文日期"]
        seal = seal_under(edition.seal, geometry.LEFT + date_x + date.width / 2, 1 if edition.note else 0)
    note = document.furniture.note
    if note is not None:  # (§7.3.6: 2 em in, in parentheses; a long one wraps like the body)
        note_lines = typeset([Run(note, "fangsong")], BODY, metrics, geometry.WIDTH, indent=2 * geometry.CELL)
        lines += note_lines
        roles += ["附注"] * len(note_lines)
    return lines, tuple(roles), seal


def seal_under(image: Path, centre_x: float, lines_below_date: int) -> Callable[[float, float], Item]:
    """The seal with its top a third of a line below the text above the 署名 (GB/T 9704:
    within one line), so that it covers 署名 and date, both just below its centre."""
    # From the bottom of the block: below the text line come SEALED_GAP blank lines, the 署名,
    # the date and the lines under the date.
    text_row = lines_below_date + 2 + SEALED_GAP

    with PIL.Image.open(image) as picture:  # (checked whole at validation)
        width, height = picture.size
    scale = SEAL_DIAMETER / max(width, height)  # a round seal fills the 42 mm; another keeps its shape
    drawn_width, drawn_height = width * scale, height * scale

    def place(bottom: float, pitch: float) -> Item:
        top = bottom + (text_row + 1) * pitch - geometry.BODY_SIZE - pitch / 3
        centre_y = top - SEAL_DIAMETER / 2
        return Picture(image, centre_x - drawn_width / 2, centre_y - drawn_height / 2, drawn_width, drawn_height)

    return place


def imprint(document: Document, metrics: FontMetrics) -> tuple[int, list[Item]]:
    """版记 (§7.4): 抄送 and 印发 lines between full-width rules, the last on the 版心 bottom;
    its height in grid lines and what it shows."""
    edition, furniture = document.edition, document.furniture
    em = geometry.IMPRINT_SIZE
    cc_lines = (labelled_lines(CC_LABEL, furniture.cc, "fangsong", IMPRINT, metrics, em, em)
                if furniture.cc else [])
    printer = single_line(edition.printer.value, "fangsong", IMPRINT, metrics)
    printed = single_line(furniture.printed, "fangsong", IMPRINT, metrics)
    rows = len(cc_lines) + 1
    pitch = geometry.PITCH
    if rows > geometry.LINES_PER_PAGE:
        raise ContentError.one(edition.cc[0].where, f"抄送机关太多：版记要排 {rows} 行，一页只有 {geometry.LINES_PER_PAGE} 行。",
                               "抄送机关较多时用统称，例如“各区县（市）人民政府，市直各单位”。")
    if em + printer.width + em + printed.width + em > geometry.WIDTH:
        raise ContentError.one(edition.printer.where, "印发机关名称太长，和印发日期排不进同一行。",
                               "印发机关写发文机关的办公厅（室）或文秘部门的名称，不写其他内容。")

    def baseline(row_from_bottom: int) -> float:
        return geometry.BOTTOM + row_from_bottom * pitch + (pitch - em) / 2 + (1 - geometry.ASCENT) * em

    items: list[Item] = [
        placed(printer, geometry.LEFT + em, baseline(0), em, metrics, "印发机关"),
        placed(printed, geometry.RIGHT - em - printed.width, baseline(0), em, metrics, "印发日期")]
    if cc_lines:
        items += placed_lines(cc_lines, geometry.LEFT, baseline(rows - 1), em, metrics, "抄送机关")
        items.append(Rule(geometry.LEFT, geometry.BOTTOM + pitch, geometry.RIGHT, geometry.BOTTOM + pitch,
                          geometry.IMPRINT_INNER_RULE, BLACK))
    for y in (geometry.BOTTOM, geometry.BOTTOM + rows * pitch):
        items.append(Rule(geometry.LEFT, y, geometry.RIGHT, y, geometry.IMPRINT_OUTER_RULE, BLACK))
    return rows, items
