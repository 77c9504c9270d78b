"""The end of the notice and of the document: 附件说明, 署名, 成文日期, seal, 附注 (GB/T 9704
§7.3.4–7.3.6) and the 版记 (§7.4)."""
from __future__ import annotations

from pathlib import Path
from typing import Callable


from .. import geometry
from ..compose import ATTACHMENT_LABEL, BODY_ROLE, CC_LABEL, RECIPIENTS_LABEL, Closing, Document, Signed
from ..errors import ContentError, Where
from ..images import pixel_size
from ..metrics import FontMetrics
from ..roles import Printed
from ..typeset import Line, Run, Style, shift_line, typeset
from .items import Item, Picture, Rule
from .lines import BLACK, BODY, labelled_lines, placed, placed_lines, single_line

BLANK = Line((), 0.0, "")
SEALED_GAP = 2  # blank lines between the text and a sealed 署名: with a 42 mm seal whose top is
# a third of a line below the text, 署名 and date then lie just below its centre
SEAL_DIAMETER = 42 * geometry.MM
IMPRINT = Style(geometry.IMPRINT_SIZE, geometry.IMPRINT_SIZE)


def closing(document: Document, metrics: FontMetrics
            ) -> tuple[list[Line], tuple[str, ...], int, Callable[[float, float], list[Item]] | None]:
    """The closing's lines, each one's role, how many of its last lines must share one page,
    and the seal to put under them (if any), as a function of the closing block's bottom and
    the page's line pitch. The closing keeps together on one page, except a 纪要's list of
    attendees, which may run on over pages like the text (kept whole, a list of 26 left a page
    with one line of text before it), at least two of its lines on the 署名's page; after a
    附件说明 only when the closing could not share a page with two lines of text at all."""
    ending = document.closing
    lines: list[Line] = []
    roles: list[str] = []
    parts: list[tuple[str, int, Where | None]] = []  # (role, lines, where typed) of each variable part
    if document.attachment_note:
        lines.append(BLANK)
        for item, attachment in zip(document.attachment_note, document.attachments):
            if item.startswith(ATTACHMENT_LABEL):
                item_lines = labelled_lines(ATTACHMENT_LABEL, item.removeprefix(ATTACHMENT_LABEL), "fangsong", BODY,
                                            metrics, 2 * geometry.CELL, 0)
            else:  # 2. …, aligned under the first item
                indent = 2 * geometry.CELL + single_line(ATTACHMENT_LABEL, "fangsong", BODY, metrics).width
                item_lines = [shift_line(line, indent) for line in
                              typeset([Run(item, "fangsong")], BODY, metrics, geometry.WIDTH - indent)]
            lines += item_lines
            parts.append(("附件说明", len(item_lines), attachment.where))
        roles += ["附件说明"] * len(lines)
    for label, names in ending.attendance:  # 纪要 (§10.3): one blank line below the text, 2 em in
        if not any(role == "出席人员" for role in roles):
            lines.append(BLANK)
            roles.append("出席人员")
        group = labelled_lines(label.text, "，".join(name.text for name in names), BODY_ROLE, BODY, metrics,
                               2 * geometry.CELL, 0, label_role=label.font, names=True)
        lines += group
        roles += ["出席人员"] * len(group)
    start = len(lines)
    if ending.signature is not None:
        signed, signed_roles, seals = _signed(ending, ending.signature, metrics)
    elif ending.seals:
        signed, signed_roles, seals = _sealed(ending, metrics)
    else:
        signed, signed_roles, seals = _unsealed(ending, metrics)
    lines += signed
    roles += signed_roles
    note = ending.note
    if note is not None:  # (§7.3.6: 2 em in, in parentheses; a long one wraps like the body)
        note_lines = set_note(note, metrics)
        lines += note_lines
        roles += ["附注"] * len(note_lines)
        parts.append(("附注", len(note_lines), note.where))
    together = len(lines)
    if ending.attendance and (not document.attachment_note or together + 2 > geometry.GRID.lines):
        together = len(lines) - start  # (the 附件说明 stays whole with the text unless nothing else fits)
    if together > MAX_CLOSING_LINES:
        raise _closing_too_long(together, parts, ending)
    # Each seal is placed from the block's bottom: its row starts this many lines above it.
    placed_seals = [(image, centre, len(lines) - start - row) for image, centre, row in seals]
    if ending.signature is not None:
        return lines, tuple(roles), together, signature_under(ending.signature, len(lines) - start, metrics)
    return lines, tuple(roles), together, seals_under(placed_seals) if placed_seals else None


def set_note(note: Printed, metrics: FontMetrics) -> list[Line]:
    """The 附注's lines (§7.3.6: 2 em in, wrapped like the body); the loose-line check sets it so too."""
    return typeset([Run(note.text, note.font)], BODY, metrics, geometry.WIDTH, indent=2 * geometry.CELL)


# The closing shares its page with at least two lines of the text (§7.3.5.5): a longer one
# could be placed on no page at all.
MAX_CLOSING_LINES = geometry.LINES_PER_PAGE - 2
CLOSING_HINTS = {
    "附注": "附注只写简短的说明（如联系人和电话）；较长的内容写进正文或附件。",
    "附件说明": "缩短附件标题，或把几个附件合并成一个。",
}


def _closing_too_long(total: int, parts: list[tuple[str, int, Where | None]], ending: Closing) -> ContentError:
    """The error naming the part of a closing too long for a page that takes the most lines
    (the 署名 when nothing else is long)."""
    counted: dict[str, int] = {}
    for role, count, _ in parts:
        counted[role] = counted.get(role, 0) + count
    if not counted:
        return ContentError.one(ending.issuers[0].where, f"发文机关署名太多：署名和成文日期要排 {total} 行，"
                                f"一页最多 {MAX_CLOSING_LINES} 行。", "联合行文的机关较多时，署名只写主办机关。")
    role = max(counted, key=lambda r: counted[r])
    where = max((part for part in parts if part[0] == role), key=lambda part: part[1])[2]
    return ContentError.one(where, f"{role}太长：它（{counted[role]} 行）连同署名、成文日期要排 {total} 行，"
                            f"一页最多 {MAX_CLOSING_LINES} 行。", CLOSING_HINTS[role])


STAMP_HEIGHT = 1.6 * geometry.GRID.pitch  # a signature stamp's height: over its line and into the blank ones around
STAMP_WIDTH = 50 * geometry.MM  # the most a stamp may take


def _stamp_size(stamp: Path) -> tuple[float, float]:
    """The signature stamp's size on the page. Read from the file each time (its header only,
    a few microseconds): watch mode must see a stamp replaced under the same name."""
    width, height = pixel_size(stamp)
    scale = min(STAMP_HEIGHT / height, STAMP_WIDTH / width)
    return width * scale, height * scale


def _signed(ending: Closing, signature: Signed, metrics: FontMetrics) -> tuple[list[Line], list[str], list[tuple[Path, float, int]]]:
    """An order's closing (§7.3.5.3): two blank lines under the text, the signature stamp 4 em
    from the right with the signer's title 2 em to its left on the same line (without a stamp
    image, the name in 楷体 in its place), a blank line, the date 4 em from the right."""
    title = single_line(signature.title.text, signature.title.font, BODY, metrics)
    right = geometry.WIDTH - 4 * geometry.CELL
    if title.width > right / 2:  # with the stamp or name and the 2 em between them, it would leave the line
        raise ContentError.one(signature.title.where, f"签发人职务“{signature.title.text[:20]}”太长：它和签名章排在"
                               f"同一行，最多约 {int(right / 2 // geometry.CELL)} 字。", "只写职务，如“市长”“局长”。")
    if signature.stamp is not None:
        stamp_width, _ = _stamp_size(signature.stamp)
        row = shift_line(title, right - stamp_width - 2 * geometry.CELL - title.width)
    else:
        name = single_line(signature.name.text, signature.name.font, BODY, metrics)
        title_at = shift_line(title, right - name.width - 2 * geometry.CELL - title.width)
        row = Line(title_at.segments + shift_line(name, right - name.width).segments, right,
                   title.text + name.text)
    date = single_line(ending.date.text, ending.date.font, BODY, metrics)
    lines = [BLANK, BLANK, row, BLANK, shift_line(date, right - date.width)]
    return lines, ["发文机关署名"] * 4 + ["成文日期"], []


def signature_under(signature: Signed, lines_in_closing: int, metrics: FontMetrics) -> Callable[[float, float], list[Item]]:
    """The signature stamp centred on its line, 4 em from the right (placed from the closing
    block's bottom, where its line is `lines_in_closing - 2` lines up)."""
    stamp = signature.stamp
    if stamp is None:
        return lambda bottom, pitch: []
    stamp_width, stamp_height = _stamp_size(stamp)
    right = geometry.RIGHT - 4 * geometry.CELL

    def place(bottom: float, pitch: float) -> list[Item]:
        line_top = bottom + (lines_in_closing - 2) * pitch
        middle = line_top - geometry.BODY_SIZE / 2  # the em box's middle
        return [Picture(stamp, right - stamp_width, middle - stamp_height / 2, stamp_width, stamp_height,
                        "签名章")]

    return place


def _unsealed(ending: Closing, metrics: FontMetrics) -> tuple[list[Line], list[str], list[tuple[Path, float, int]]]:
    """Unsealed (§7.3.5.2): 署名 2 em from the right, one blank line below the text; the date on
    the next line starting 2 em right of the 署名 (or 2 em from the right when it is longer).
    Joint: the lead organ's 署名 first, the others under it, the date under the last."""
    signatures = [single_line(organ.text, organ.font, BODY, metrics) for organ in ending.issuers]
    date = single_line(ending.date.text, ending.date.font, BODY, metrics)
    right = geometry.WIDTH - 2 * geometry.CELL
    xs = [right - signature.width for signature in signatures]
    date_x = min(xs[-1] + 2 * geometry.CELL, right - date.width)
    if len(signatures) == 1:  # a date longer than the 署名: the 署名 moves left with it
        xs = [min(xs[0], date_x - 2 * geometry.CELL)]
    for organ, x in zip(ending.issuers, xs):
        if x < 0:
            raise ContentError.one(organ.where, "发文机关署名太长，在成文日期上方排不下。", "署名写发文机关的全称或规范化简称。")
    lines = [BLANK, *(shift_line(s, x) for s, x in zip(signatures, xs)), shift_line(date, date_x)]
    return lines, ["发文机关署名"] * (len(signatures) + 1) + ["成文日期"], []


SEALS_PER_ROW = 3
SEAL_GAP = 4 * geometry.MM  # between two seals of a row: they must not touch (§7.3.5.1)
ROW_LINES = SEALED_GAP + 3  # a row of sealed 署名 that is not the last: the seals' height and a gap


def _sealed(ending: Closing, metrics: FontMetrics) -> tuple[list[Line], list[str], list[tuple[Path, float, int]]]:
    """Sealed (§7.3.5.1): the date 4 em from the right, the 署名 centred on it, SEALED_GAP lines
    lower to leave room for the seal, whose top lies within one line below the text. Joint:
    the 署名 in organ order, up to three to a row, each under its own seal, the rows' seals
    aligned and apart; the last seal covers the last 署名 and the date."""
    organs, seals = ending.issuers, ending.seals
    date = single_line(ending.date.text, ending.date.font, BODY, metrics)
    date_x = geometry.WIDTH - 4 * geometry.CELL - date.width
    last_centre = date_x + date.width / 2
    signatures = [single_line(organ.text, organ.font, BODY, metrics) for organ in organs]
    rows = _seal_rows([s.width for s in signatures], last_centre)
    lines: list[Line] = []
    roles: list[str] = []
    placed_seals = []
    for number, (row, centres) in enumerate(rows):
        segments: list = []
        text = ""
        for organ_index, centre in zip(row, centres):
            signature = single_line(organs[organ_index].text, organs[organ_index].font, BODY, metrics)
            x = centre - signature.width / 2
            if x < 0 or (len(row) == 1 and centre + signature.width / 2 > geometry.WIDTH):
                raise ContentError.one(organs[organ_index].where, "发文机关署名太长，在印章下排不下。",
                                       "署名写发文机关的全称或规范化简称。")
            segments += shift_line(signature, x).segments
            text += signature.text
            placed_seals.append((seals[organ_index], geometry.LEFT + centre, len(lines)))
        last = number == len(rows) - 1
        lines += [BLANK] * SEALED_GAP + [Line(tuple(segments), max(s.x for s in segments), text)]
        lines += [shift_line(date, date_x)] if last else [BLANK] * (ROW_LINES - SEALED_GAP - 1)
        roles += ["发文机关署名"] * (SEALED_GAP + 1) + (["成文日期"] if last else ["发文机关署名"] * (ROW_LINES - SEALED_GAP - 1))
    return lines, roles, placed_seals


def _seal_rows(widths: list[float], right_centre: float) -> list[tuple[list[int], list[float]]]:
    """The organs in rows, in order, up to three to a row, each row ending under `right_centre`:
    seals a diameter and a gap apart and 署名 an em apart, as many to a row as keep the first
    seal and 署名 inside the 版心. Returns (organ indexes, centres) per row."""
    def centres(row: list[int]) -> list[float]:
        result = [right_centre]
        for right, left in zip(row[::-1], row[-2::-1]):
            result.append(result[-1] - max(SEAL_DIAMETER + SEAL_GAP, (widths[right] + widths[left]) / 2 + geometry.CELL))
        return result[::-1]

    def fits(row: list[int]) -> bool:
        return centres(row)[0] - max(SEAL_DIAMETER, widths[row[0]]) / 2 >= 0

    rows: list[list[int]] = [[]]
    for index in range(len(widths)):
        if rows[-1] and (len(rows[-1]) == SEALS_PER_ROW or not fits([*rows[-1], index])):
            rows.append([])
        rows[-1].append(index)
    return [(row, centres(row)) for row in rows]


def seals_under(seals: list[tuple[Path, float, int]]) -> Callable[[float, float], list[Item]]:
    """The seals, each with its top a third of a line below the text above its row (GB/T 9704:
    within one line), covering its 署名 (and the last one the date), which lie just below its
    centre. Given as (image, centre x, lines from the row's top to the block's bottom)."""
    shapes = []
    for image, centre_x, rows_above_bottom in seals:
        width, height = pixel_size(image)
        scale = SEAL_DIAMETER / max(width, height)  # a round seal fills the 42 mm; another keeps its shape
        shapes.append((image, centre_x, rows_above_bottom, width * scale, height * scale))

    def place(bottom: float, pitch: float) -> list[Item]:
        pictures: list[Item] = []
        for image, centre_x, rows_above_bottom, drawn_width, drawn_height in shapes:
            text_bottom = bottom + (rows_above_bottom + 1) * pitch - geometry.BODY_SIZE
            centre_y = text_bottom - pitch / 3 - SEAL_DIAMETER / 2
            pictures.append(Picture(image, centre_x - drawn_width / 2, centre_y - drawn_height / 2, drawn_width,
                                    drawn_height))
        return pictures

    return place


def _listed(document: Document, metrics: FontMetrics, moved_recipients: bool) -> list[tuple[list[Line], str]]:
    """The 版记's lists, top down, with their roles: the 主送 when it was moved here (§7.3.2:
    one line above the 抄送, laid out like it, no rule between them), then the 抄送."""
    furniture, em = document.furniture, geometry.IMPRINT_SIZE
    lists = [(RECIPIENTS_LABEL, furniture.recipients_listed, "主送机关")] if moved_recipients else []
    lists += [(CC_LABEL, furniture.cc, "抄送机关")] if furniture.cc else []
    return [(labelled_lines(label, names, "fangsong", IMPRINT, metrics, em, em, names=True), role)
            for label, names, role in lists]


def _placed_lists(lists: list[tuple[list[Line], str]], first: float, metrics: FontMetrics) -> list[Item]:
    items: list[Item] = []
    for lines, role in lists:
        items += placed_lines(lines, geometry.LEFT, first, geometry.IMPRINT_SIZE, metrics, role)
        first -= len(lines) * geometry.GRID.pitch
    return items


def letter_imprint(document: Document, metrics: FontMetrics, moved_recipients: bool = False) -> tuple[int, list[Item]]:
    """A letter's 版记 (§10.1): the 抄送 lines only (and the 主送, when moved here), no 印发
    line and no rules, at the foot of the 版心; its height in grid lines and what it shows."""
    lists = _listed(document, metrics, moved_recipients)
    rows = sum(len(lines) for lines, _ in lists)
    if not rows:
        return 0, []
    em = geometry.IMPRINT_SIZE
    first = geometry.BOTTOM + (rows - 1) * geometry.GRID.pitch + (geometry.GRID.pitch - em) / 2 + (1 - geometry.GRID.ascent) * em
    return rows, _placed_lists(lists, first, metrics)


def imprint(document: Document, metrics: FontMetrics, moved_recipients: bool = False) -> tuple[int, list[Item]]:
    """版记 (§7.4): 抄送 (and a moved 主送) and 印发 lines between full-width rules, the last on
    the 版心 bottom; its height in grid lines and what it shows."""
    furniture = document.furniture
    em = geometry.IMPRINT_SIZE
    lists = _listed(document, metrics, moved_recipients)
    listed = sum(len(lines) for lines, _ in lists)
    printer = single_line(furniture.printer.text, furniture.printer.font, IMPRINT, metrics)
    printed = single_line(furniture.printed.text, furniture.printed.font, IMPRINT, metrics)
    rows = listed + 1
    pitch = geometry.GRID.pitch
    if rows > geometry.GRID.lines:  # named at the start of the list taking the most lines
        _, role = max(lists, key=lambda listed: len(listed[0]))
        where = (furniture.recipient_names if role == "主送机关" else furniture.cc_names)[0].where
        raise ContentError.one(where, f"主送、抄送机关太多：版记要排 {rows} 行，一页只有 {geometry.GRID.lines} 行。",
                               "机关较多时用统称，例如“各区县（市）人民政府，市直各单位”。")
    if em + printer.width + em + printed.width + em > geometry.WIDTH:
        raise ContentError.one(furniture.printer.where, "印发机关名称太长，和印发日期排不进同一行。",
                               "印发机关写发文机关的办公厅（室）或文秘部门的名称，不写其他内容。")

    def baseline(row_from_bottom: int) -> float:
        return geometry.BOTTOM + row_from_bottom * pitch + (pitch - em) / 2 + (1 - geometry.GRID.ascent) * em

    items: list[Item] = [
        placed(printer, geometry.LEFT + em, baseline(0), em, metrics, "印发机关"),
        placed(printed, geometry.RIGHT - em - printed.width, baseline(0), em, metrics, "印发日期")]
    if lists:
        items += _placed_lists(lists, baseline(rows - 1), metrics)
        items.append(Rule(geometry.LEFT, geometry.BOTTOM + pitch, geometry.RIGHT, geometry.BOTTOM + pitch,
                          geometry.IMPRINT_INNER_RULE, BLACK))
    for y in (geometry.BOTTOM, geometry.BOTTOM + rows * pitch):
        items.append(Rule(geometry.LEFT, y, geometry.RIGHT, y, geometry.IMPRINT_OUTER_RULE, BLACK))
    return rows, items
