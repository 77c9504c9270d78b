"""The official edition as a ReportLab document: page templates and the story of flowables."""
from __future__ import annotations

import dataclasses
import functools
import time
from pathlib import Path

from reportlab.pdfbase.pdfdoc import TimeStamp
from reportlab.platypus import BaseDocTemplate, Frame, PageBreak, PageTemplate

from .. import layout, revision
from ..compose import Block, BodyBlock, CardRow, Document
from ..fonts import FontSet
from ..paginate import Block as PageBlock
from ..errors import ContentError, Where
from ..text import Text
from ..typeset import MAX_TITLE_LINES, Line, Style, Run, TitleTooLong, balance_lines, settings, shift_line, typeset
from .figures import CardRowFlowable, ChartFlowable, PanelFlowable
from .flow import FlowItem, GridStory
from .flowables import BlankLines, GridLines, OnEvenPageFoot, SnapToGrid, draw_lines
from .metrics import FontMetrics
from .pages import BODY, Head, draw_draft_mark, draw_folio, draw_head, labelled_lines, single_line

TITLE = Style(layout.TITLE_SIZE, layout.TITLE_SIZE)
TITLE_MAX_WIDTH = layout.WIDTH  # 20 characters of 二号 fit the 版心's 156 mm
IMPRINT = Style(layout.IMPRINT_SIZE, layout.IMPRINT_SIZE)
GRID_BOTTOM = layout.TOP - layout.LINES_PER_PAGE * layout.PITCH


class EditionTemplate(BaseDocTemplate):
    def __init__(self, target, document: Document, fonts: FontSet, metrics: FontMetrics, head: Head):
        edition = document.edition
        super().__init__(
            target if hasattr(target, "write") else str(target), pagesize=(layout.PAGE_WIDTH, layout.PAGE_HEIGHT),
            leftMargin=layout.LEFT, rightMargin=layout.PAGE_WIDTH - layout.RIGHT,
            topMargin=layout.PAGE_HEIGHT - layout.TOP, bottomMargin=layout.BOTTOM,
            title=edition.title.value, author=edition.issuer.value,
            subject=document.attachments[0].title if document.attachments else edition.title.value,
            keywords=revision.keywords(edition), creator="briefing", producer="briefing (ReportLab)", lang="zh-CN",
            initialFontName=fonts.face("fangsong").name, invariant=1, pageCompression=1,
        )
        self.fonts = fonts
        self.metrics = metrics
        self.edition = edition
        self.blank_pages: set[int] = set()

        def frame(top: float, name: str) -> Frame:
            return Frame(layout.LEFT, GRID_BOTTOM, layout.WIDTH, top - GRID_BOTTOM, id=name,
                         leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)

        self.addPageTemplates([
            PageTemplate("first", [frame(head.body_top, "first")], autoNextPageTemplate="body",
                         onPage=lambda canv, doc: draw_head(canv, head), onPageEnd=self.finish_page),
            PageTemplate("body", [frame(layout.TOP, "body")], onPageEnd=self.finish_page),
        ])

    def beforeDocument(self) -> None:
        self.canv.showOutline()  # open with the bookmarks panel
        when = revision.creation_time(self.edition)
        if when is not None:  # else invariant=1 fixes it to 2000-01-01
            self.canv._doc._timeStamp = _timestamp(*when)

    def finish_page(self, canv, doc) -> None:
        if self.page not in self.blank_pages:
            draw_folio(canv, self.page, self.fonts, self.metrics)
        if self.edition.status == "draft":
            draw_draft_mark(canv, self.edition, self.fonts, self.metrics)


def _timestamp(seconds: int, offset: int) -> TimeStamp:
    """ReportLab's document date, set from the content instead of the clock."""
    stamp = TimeStamp(invariant=1)
    stamp.t, stamp.lt = seconds, time.gmtime(seconds + offset)
    stamp.YMDhms, stamp.dhh, stamp.dmm = tuple(stamp.lt)[:6], offset // 3600, offset % 3600 // 60
    return stamp


def build_story(document: Document, doc: EditionTemplate) -> list:
    metrics = doc.metrics
    edition = document.edition
    names = edition_names(edition)
    story: list = [GridLines(title_lines(edition.title.value, edition.title.where, metrics, names, edition.title_lines),
                             layout.TITLE_SIZE,
                             outline=(edition.title.value, 0)),
                   SnapToGrid(GRID_BOTTOM)]
    recipients = "，".join(t.value for t in edition.recipients) + "："
    # 主送机关 flush left, a longer list wrapping flush left too (§7.3.2), justified like the body.
    recipient_lines = tuple(typeset([Run(recipients, "fangsong")], BODY, metrics, layout.WIDTH))
    notice = [FlowItem(PageBlock(len(recipient_lines)), recipient_lines)]
    notice += flow_items(document.body, metrics)
    # The 附件说明, 署名 and date share a page with at least two lines of the body (§7.3.5.5):
    # they join the last paragraph as one block that keeps them and two lines together.
    closing_lines, seal = closing(document, metrics)
    notice += _with_closing(notice.pop(), tuple(closing_lines), seal)
    story.append(GridStory(notice, "notice"))
    for number, attachment in enumerate(document.attachments, 1):
        story += [PageBreak(),
                  GridLines([single_line(attachment.label, "heiti", BODY, metrics)]),
                  BlankLines(1),
                  GridLines(title_lines(attachment.title, attachment.where, metrics, names, attachment.title_lines),
                            layout.TITLE_SIZE,
                            outline=(attachment.title, 0)),
                  BlankLines(1)]
        items = flow_items(attachment.blocks, metrics)
        if attachment.panel:
            panel = PanelFlowable(attachment.panel, metrics)
            items.insert(0, FlowItem(PageBlock(panel.line_count), figure=panel))
        story.append(GridStory(items, f"attachment{number}"))
    story.append(imprint(document, doc))
    return story


def title_lines(title: str, where: Where, metrics: FontMetrics, names: tuple[str, ...],
                forced: tuple[Text, ...] = ()) -> list[Line]:
    """The title's lines: as the writer broke them (each must fit), or broken between words."""
    if forced:
        lines = [single_line(line.value, "xiaobiaosong", TITLE, metrics) for line in forced]
        for line, text in zip(lines, forced):
            if line.width > TITLE_MAX_WIDTH + 0.01:
                raise ContentError.one(text.where, "标题的这一行太长：排不进一行（2 号字每行最多 20 字）。",
                                       "把这一行分成两行，或缩短它。")
        return [shift_line(line, (TITLE_MAX_WIDTH - line.width) / 2) for line in lines]
    try:
        return balance_lines([Run(title, "xiaobiaosong")], TITLE, metrics, TITLE_MAX_WIDTH, names=names)
    except TitleTooLong:
        raise ContentError.one(where, f"标题太长：排成 {MAX_TITLE_LINES} 行也放不下（2 号字，每行最多 20 字）。",
                               "缩短标题；公文标题一般不超过 3 行。") from None


def edition_names(edition) -> tuple[str, ...]:
    """The edition's own names, which a title must not break inside: the organs and the
    figures' labels (the segmenter's dictionary does not know them)."""
    organs = (edition.issuer, edition.mark, *edition.recipients, *edition.cc, edition.printer)
    names = {text.value.removesuffix("文件") for text in organs if text is not None}
    for figure in edition.figures.values():
        names.update((figure.label, *figure.aliases))
    return tuple(sorted(name for name in names if len(name) <= 20))


def _with_closing(last: FlowItem, closing_lines: tuple[Line, ...], seal) -> list[FlowItem]:
    """The notice's last block with the closing lines joined to it; after a heading or a
    figure (nothing to keep two lines of), the closing is a block of its own."""
    if not last.block.splittable:
        return [last, FlowItem(PageBlock(len(closing_lines), closing=True), closing_lines, underlay=seal)]
    tight_body = last.tight
    block = dataclasses.replace(
        last.block, lines=len(last.lines) + len(closing_lines),
        tight_lines=last.block.tight_lines + len(closing_lines) if tight_body else None,
        keep_last=len(closing_lines) + 2, closing=True)
    return [FlowItem(block, last.lines + closing_lines,
                     (lambda: (*tight_body(), *closing_lines)) if tight_body else None, underlay=seal)]


def flow_items(blocks: tuple[BodyBlock, ...], metrics: FontMetrics) -> list[FlowItem]:
    """Paragraphs (with their tight setting), headings and figures, for the paginator."""
    items = []
    for block in blocks:
        if not isinstance(block, Block):
            figure = CardRowFlowable(block, metrics) if isinstance(block, CardRow) else ChartFlowable(block, metrics)
            row = isinstance(block, CardRow)
            items.append(FlowItem(PageBlock(figure.line_count, floats=not row, follows=row), figure=figure))
            continue
        if block.is_heading:
            lines = tuple(typeset(block.runs, BODY, metrics, layout.WIDTH, indent=2 * layout.CELL))
            items.append(FlowItem(PageBlock(len(lines), heading=True), lines, outline=(block.outline, block.level)))
            continue
        lines, tight = settings(block.runs, BODY, metrics, layout.WIDTH, indent=2 * layout.CELL)
        items.append(FlowItem(PageBlock(len(lines), tight.count if tight else None, splittable=True),
                              tuple(lines), functools.cache(tight.lines) if tight else None))
    return items


BLANK = Line((), 0.0, "")
SEALED_GAP = 2  # blank lines between the text and a sealed 署名: with a 42 mm seal whose top is
# a third of a line below the text, 署名 and date then lie just below its centre


def closing(document: Document, metrics: FontMetrics):
    """Lines of the 附件说明, 署名 and 成文日期 (unsealed or sealed rule) and 附注 (GB/T 9704
    §7.3.4–7.3.6), and the seal to draw under them, if any."""
    edition = document.edition
    lines: list[Line] = []
    if document.attachment_note:
        lines.append(BLANK)
        note_lines: list[Line] = []
        for item in document.attachment_note:
            label, _, text = item.partition("：") if item.startswith("附件：") else ("", "", item)
            if label:
                note_lines += labelled_lines("附件：", text, "fangsong", BODY, metrics, 2 * layout.CELL, 0)
            else:  # 2. …, aligned under the first item
                indent = 2 * layout.CELL + single_line("附件：", "fangsong", BODY, metrics).width
                note_lines += [shift_line(line, indent) for line in
                               typeset([Run(text, "fangsong")], BODY, metrics, layout.WIDTH - indent)]
        lines += note_lines
    signature = single_line(edition.issuer.value, "fangsong", BODY, metrics)
    date = single_line(edition.date.value, "fangsong", BODY, metrics)
    seal = None
    if edition.seal is None:
        # Unsealed (§7.3.5.2): 署名 2 em from the right, one blank line below; the date on the
        # next line starting 2 em right of the 署名 (or 2 em from the right when it is longer).
        date_x = layout.WIDTH - 2 * layout.CELL - signature.width + 2 * layout.CELL
        if date_x + date.width > layout.WIDTH - 2 * layout.CELL:
            date_x = layout.WIDTH - 2 * layout.CELL - date.width
        signature_x = date_x - 2 * layout.CELL
        if signature_x < 0:
            raise ContentError.one(edition.issuer.where, "发文机关署名太长，在成文日期上方排不下。",
                                   "署名写发文机关的全称（一个机关）；几个机关联合行文的格式尚不支持。")
        lines += [BLANK, shift_line(signature, signature_x), shift_line(date, date_x)]
    else:
        # Sealed (§7.3.5.1): date 4 em from the right, 署名 centred on it, SEALED_GAP lines lower
        # to leave room for the seal, whose top lies within one line below the body.
        date_x = layout.WIDTH - 4 * layout.CELL - date.width
        if date_x + (date.width - signature.width) / 2 < 0:
            raise ContentError.one(edition.issuer.where, "发文机关署名太长，在印章下排不下。",
                                   "署名写发文机关的全称（一个机关）；几个机关联合行文的格式尚不支持。")
        lines += [BLANK] * SEALED_GAP + [shift_line(signature, date_x + (date.width - signature.width) / 2),
                                         shift_line(date, date_x)]
        seal = seal_underlay(edition.seal, date_x + date.width / 2, 1 if edition.note else 0)
    if edition.note is not None:  # (§7.3.6: 2 em in, in parentheses; a long one wraps like the body)
        lines += typeset([Run(f"（{edition.note.value}）", "fangsong")], BODY, metrics, layout.WIDTH,
                         indent=2 * layout.CELL)
    return lines, seal


def seal_underlay(image: Path, centre_x: float, lines_below_date: int):
    """Draw the seal with its top a third of a line below the text above the 署名 (GB/T 9704:
    within one line), so that it covers 署名 and date, both just below its centre."""
    diameter = 42 * layout.MM
    # Local coordinates, from the bottom of the block: below the text line come SEALED_GAP blank
    # lines, the 署名, the date and the lines under the date.
    text_row = lines_below_date + 2 + SEALED_GAP
    text_bottom = (text_row + 1) * layout.PITCH - layout.BODY_SIZE

    def paint(canv, height: float) -> None:
        top = text_bottom - layout.PITCH / 3
        canv.drawImage(str(image), centre_x - diameter / 2, top - diameter, diameter, diameter,
                       mask="auto", preserveAspectRatio=True)

    return paint


def imprint(document: Document, doc: EditionTemplate) -> OnEvenPageFoot:
    """版记 (§7.4): 抄送 and 印发 lines between full-width rules, the last on the 版心 bottom."""
    edition, metrics = document.edition, doc.metrics
    em = layout.IMPRINT_SIZE
    cc_lines = (labelled_lines("抄送：", "，".join(t.value for t in edition.cc) + "。", "fangsong", IMPRINT,
                               metrics, em, em) if edition.cc else [])
    printer = single_line(edition.printer.value, "fangsong", IMPRINT, metrics)
    printed = single_line(f"{edition.print_date.value}印发", "fangsong", IMPRINT, metrics)
    rows = len(cc_lines) + 1
    pitch = layout.PITCH
    if rows > layout.LINES_PER_PAGE:
        raise ContentError.one(edition.cc[0].where, f"抄送机关太多：版记要排 {rows} 行，一页只有 {layout.LINES_PER_PAGE} 行。",
                               "抄送机关较多时用统称，例如“各区县（市）人民政府，市直各单位”。")
    if em + printer.width + em + printed.width + em > layout.WIDTH:
        raise ContentError.one(edition.printer.where, "印发机关名称太长，和印发日期排不进同一行。",
                               "印发机关写发文机关的办公厅（室）或文秘部门的名称，不写其他内容。")

    def paint(canv) -> None:
        def baseline(row_from_bottom: int) -> float:
            return layout.BOTTOM + row_from_bottom * pitch + (pitch - em) / 2 + (1 - layout.ASCENT) * em

        canv.saveState()
        canv.setFillColorCMYK(*layout.BLACK)
        canv.setStrokeColorCMYK(*layout.BLACK)
        draw_lines(canv, [shift_line(printer, em)], layout.LEFT, baseline(0), em)
        draw_lines(canv, [shift_line(printed, layout.WIDTH - em - printed.width)], layout.LEFT, baseline(0), em)
        if cc_lines:
            draw_lines(canv, cc_lines, layout.LEFT, baseline(rows - 1), em, pitch)
            canv.setLineWidth(layout.IMPRINT_INNER_RULE)
            canv.line(layout.LEFT, layout.BOTTOM + pitch, layout.RIGHT, layout.BOTTOM + pitch)
        canv.setLineWidth(layout.IMPRINT_OUTER_RULE)
        for y in (layout.BOTTOM, layout.BOTTOM + rows * pitch):
            canv.line(layout.LEFT, y, layout.RIGHT, y)
        canv.restoreState()

    return OnEvenPageFoot(doc, rows * pitch, paint)
