"""Compose the edition: number the headings, assign font roles, resolve the attachment note.

Produces the sequence of blocks the renderer lays out; no ReportLab here.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Iterator

from .errors import Where
from .figures import share
from .model import Chart, Edition, Figure, FigureRow, Image, PageBreak, Paragraph, Section, Table
from . import revision
from .revision import DRAFT_MARK
from .roles import Element, FontRole, Printed
from .text import Text
from .typeset import Run
from .words import MAX_NAME

HEADING_ROLES: dict[int, FontRole] = {1: "heiti", 2: "kaiti", 3: "fangsong", 4: "fangsong"}
BODY_ROLE: FontRole = "fangsong"
DIGITS = "〇一二三四五六七八九"


@dataclass(frozen=True)
class TextBlock:
    """A paragraph or heading on the body grid."""

    runs: tuple[Run, ...]
    where: Where
    level: int = 0  # 0 = paragraph, 1–4 = heading level
    outline: str | None = None  # bookmark title for headings

    @property
    def is_heading(self) -> bool:
        return self.level > 0


@dataclass(frozen=True)
class Progress:
    """How far an actual has come towards its target."""

    goal: str  # 2023年目标4000家
    share: Decimal  # per cent of the target reached (may exceed 100)


@dataclass(frozen=True)
class Card:
    """A callout box (指标卡): one figure, every string resolved."""

    label: str
    year: str  # 2021年
    value: str
    unit: str
    note: str  # change, rank and remark: 比增14.2%，居全省第一
    progress: Progress | None
    figure: Figure | None = None  # the registry's entry (where its texts were typed)

    def texts(self):
        yield from ((self.label, "heiti"), (self.year, "heiti"), (self.value, "heiti"), (self.unit, "heiti"))
        if self.note:
            yield self.note, "fangsong"
        if self.progress:
            yield self.progress.goal, "fangsong"
            yield f"{self.progress.share}%", "heiti"


@dataclass(frozen=True)
class CardRow:
    """A row of cards, each a key figure with its label and progress."""

    cards: tuple[Card, ...]
    where: Where

    def texts(self):
        for card in self.cards:
            yield from card.texts()


@dataclass(frozen=True)
class Panel:
    """Key figures at a glance: a title over rows of cards."""

    title: str
    rows: tuple[CardRow, ...]
    where: Where

    def texts(self):
        yield self.title, "heiti"
        for row in self.rows:
            yield from row.texts()


@dataclass(frozen=True)
class Bar:
    """One actual against its target in the chart."""

    label: str
    actual: str  # 3759家（2022年）
    goal: str  # 4000家（2023年目标）
    share: Decimal
    figure: Figure | None = None  # the actual's registry entry (where its texts were typed)


@dataclass(frozen=True)
class ChartBlock:
    """A bar chart of figures against their targets, with its caption."""

    caption: str
    bars: tuple[Bar, ...]
    where: Where

    LEGEND = (("实际", "heiti"), ("目标", "heiti"), ("以目标为100%", "fangsong"))

    def texts(self):
        yield self.caption, "heiti"
        yield from self.LEGEND
        for bar in self.bars:
            yield from ((bar.label, "heiti"), (bar.actual, "fangsong"), (bar.goal, "fangsong"),
                        (f"{bar.share}%", "heiti"))


@dataclass(frozen=True)
class TableBlock:
    """A table with every cell's text resolved; header and caption in 黑体, cells in 仿宋."""

    caption: str
    header: tuple[tuple[str, ...], ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] | None  # None: fitted to the content
    align: tuple[str, ...]
    merge_first: bool
    where: Where
    landscape: bool | None = None  # None: across the page if it fits better so
    total: bool = False  # the last row is the computed 合计 row

    def texts(self):
        yield self.caption, "heiti"
        for row in self.header:
            yield from ((cell, "heiti") for cell in row)
        for row in self.rows:
            yield from ((cell, BODY_ROLE) for cell in row)


@dataclass(frozen=True)
class ImageBlock:
    """A picture of the body, `width` mm wide, with its caption if any."""

    path: Path
    caption: str | None
    width: float  # mm
    where: Where

    def texts(self):
        if self.caption:
            yield self.caption, BODY_ROLE


@dataclass(frozen=True)
class PageBreakBlock:
    """What follows starts a new page (the writer's choice)."""

    where: Where

    def texts(self):
        yield from ()


BodyBlock = TextBlock | CardRow | ChartBlock | TableBlock | ImageBlock | PageBreakBlock


@dataclass(frozen=True)
class ComposedAttachment:
    """An attachment as printed: its label, title and blocks."""

    label: str  # 附件 or 附件1, 附件2 …
    title: str
    where: Where
    blocks: tuple[BodyBlock, ...]
    panel: Panel | None = None
    title_lines: tuple[Printed, ...] = ()  # as the writer broke them


SIGNER_LABEL = "签发人："
ATTACHMENT_LABEL = "附件："
CC_LABEL = "抄送："
RECIPIENTS_LABEL = "主送："  # in the 版记, when the 主送 would leave page 1 without text (GB/T 9704 §7.3.2)


def folio(page: int) -> str:
    """The page number as printed (GB/T 9704 §7.5: a dash each side)."""
    return f"— {page} —"


@dataclass(frozen=True)
class Masthead:
    """The 版头 as printed (GB/T 9704 §7.2), with the format that places it (§10)."""

    format: str  # 文件, 信函, 命令 or 纪要
    marks: tuple[Printed, ...]  # 份号, 密级和保密期限 and 紧急程度 the edition has, in this order
    mark: Printed  # 发文机关标志 (a joint letter shows the lead organ's: mark_organs[0])
    mark_organs: tuple[Printed, ...]  # a joint mark: the names stacked, JOINT_MARK_WORD at their right
    number: Printed  # 发文字号
    signers: tuple[Printed, ...]  # 签发人 names, after SIGNER_LABEL


JOINT_MARK_WORD = "文件"


@dataclass(frozen=True)
class Signed:
    """An order's signature (§7.3.5.3): the signer's title, and the name the stamp shows (printed
    in its place when there is no stamp image)."""

    title: Printed
    name: Printed
    stamp: Path | None


@dataclass(frozen=True)
class Closing:
    """What ends the notice after the 附件说明 (§7.3.5, §7.3.6, §10.3), as printed."""

    attendance: tuple[tuple[Printed, tuple[Printed, ...]], ...]  # 纪要: the label with its colon, the names
    issuers: tuple[Printed, ...]  # 发文机关署名, the lead first
    date: Printed  # 成文日期
    seals: tuple[Path, ...]  # one per issuer, in order, when the edition is sealed
    signature: Signed | None  # 命令
    note: Printed | None  # 附注, in parentheses

    @property
    def seal(self) -> Path | None:
        """The lead organ's seal (the one a signature shows)."""
        return self.seals[0] if self.seals else None


@dataclass(frozen=True)
class Furniture:
    """The words the standard adds around the content, composed once: the layout prints
    these and invents none of its own."""

    recipients: str  # 主送机关, with the colon
    recipients_listed: str  # the same names with a full stop, for the 版记 (after RECIPIENTS_LABEL)
    cc: str | None  # 抄送机关, with the full stop (after CC_LABEL)
    recipient_names: tuple[Printed, ...]  # the organs of `recipients`, where each was typed
    cc_names: tuple[Printed, ...]  # the organs of `cc`
    printer: Printed  # 印发机关
    printed: Printed  # 印发日期 + 印发
    draft_mark: Printed | None  # 征求意见稿（第N稿）, on every page of a draft


@dataclass(frozen=True)
class Document:
    """The edition composed: everything it prints, with its roles, in the order of the page.
    The layout and the writers read this, never the model; `edition` stays for the API (the
    output's name, the distribution list, the revision record)."""

    edition: Edition
    masthead: Masthead
    title: Printed
    title_lines: tuple[Printed, ...]  # as the writer broke them, if so
    names: tuple[str, ...]  # the edition's own names, which a title's line must not break inside
    people: tuple[str, ...]  # the people and organs it names, kept whole in body text where the breaker can
    body: tuple[BodyBlock, ...]
    attachment_note: tuple[str, ...]  # 附件说明 lines: "附件：title" or "附件：1. title"
    attachments: tuple[ComposedAttachment, ...]
    closing: Closing
    furniture: Furniture
    keywords: str  # the file's Keywords: revision, status, content hash
    created: tuple[int, int] | None  # the file's creation time (seconds, UTC offset), if dated

    def runs(self) -> Iterator[Printed]:
        """Everything the document prints, with its font role and element, for the glyph check
        (tests/test_stages.py holds it to what the layout sets)."""
        head, closing, furniture = self.masthead, self.closing, self.furniture
        yield from head.marks
        yield head.mark
        yield from head.mark_organs
        if head.mark_organs:
            yield Printed(JOINT_MARK_WORD, "xiaobiaosong", "发文机关标志", head.mark_organs[0].where)
        yield head.number
        yield from head.signers
        yield self.title
        yield from self.title_lines
        yield from furniture.recipient_names
        for label, names in closing.attendance:
            yield label
            yield from names
        yield from closing.issuers
        yield closing.date
        if closing.signature is not None:  # 命令: the signer's title, and the name where no stamp prints it
            yield closing.signature.title
            yield closing.signature.name
        if closing.note is not None:
            yield closing.note
        yield from furniture.cc_names
        yield furniture.printer
        yield furniture.printed
        # The words and marks the layout adds around the content's own.
        yield Printed("，：。（）" + SIGNER_LABEL + ATTACHMENT_LABEL + CC_LABEL + RECIPIENTS_LABEL, BODY_ROLE, "正文",
                      self.title.where)
        yield Printed(folio(1234567890), "songti", "页码", self.title.where)  # every digit a page number may need
        if furniture.draft_mark is not None:
            yield furniture.draft_mark
        for block in self.body:
            yield from _block_runs(block)
        yield from (Printed(line, BODY_ROLE, "附件说明", self.title.where) for line in self.attachment_note)
        for attachment in self.attachments:
            yield Printed(attachment.label, "heiti", "附件", attachment.where)
            yield Printed(attachment.title, "xiaobiaosong", "附件", attachment.where)
            yield from attachment.title_lines
            if attachment.panel:
                yield from (Printed(text, role, "图表", attachment.panel.where) for text, role in attachment.panel.texts())
            for block in attachment.blocks:
                yield from _block_runs(block)


BLOCK_ELEMENTS: dict[type, Element] = {TextBlock: "正文", TableBlock: "表格"}  # cards, charts, pictures: 图表


def _block_runs(block: BodyBlock) -> Iterator[Printed]:
    element = BLOCK_ELEMENTS.get(type(block), "图表")
    if isinstance(block, TextBlock):
        yield from (Printed(run.text, run.role, element, block.where) for run in block.runs)
    else:
        yield from (Printed(text, role, element, block.where) for text, role in block.texts())


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 23 → 二十三, 105 → 一百零五, 110 → 一百一十 (up to 9999)."""
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return "十" + (DIGITS[n - 10] if n > 10 else "")
    for unit, name in ((1000, "千"), (100, "百"), (10, "十")):
        if n >= unit:
            head, rest = divmod(n, unit)
            if rest == 0:
                return DIGITS[head] + name
            tail = chinese_number(rest) if rest >= unit // 10 else "零" + chinese_number(rest)
            return DIGITS[head] + name + ("一" + tail if tail.startswith("十") else tail)
    raise ValueError(n)


def heading_label(level: int, n: int) -> str:
    """一、 （一） 1. （1）: the GB/T 9704 heading sequence."""
    return {1: f"{chinese_number(n)}、", 2: f"（{chinese_number(n)}）", 3: f"{n}.", 4: f"（{n}）"}[level]


def compose(edition: Edition) -> Document:
    many = len(edition.attachments) > 1
    figures = edition.figures

    def blocks(body, sections, level):
        for block in _blocks(body, sections, level):
            if isinstance(block, FigureRow):
                yield CardRow(tuple(card(figures, name) for name in block.figures), block.where)
            elif isinstance(block, Chart):
                yield chart(figures, block)
            elif isinstance(block, Image):
                yield ImageBlock(block.path, block.caption.value if block.caption else None, block.width, block.where)
            elif isinstance(block, PageBreak):
                yield PageBreakBlock(block.where)
            elif isinstance(block, Table):
                rows = (*block.rows, block.total) if block.total else block.rows
                yield TableBlock(block.caption.value, tuple(tuple(c.value for c in row) for row in block.header),
                                 tuple(tuple(c.value for c in row) for row in rows), block.widths,
                                 block.align, block.merge_first, block.where, block.landscape, bool(block.total))
            else:
                yield block

    attachments = tuple(
        ComposedAttachment(f"附件{i}" if many else "附件", a.title.value, a.title.where,
                           tuple(blocks(a.body, a.sections, 1)), panel(figures, a.panel),
                           tuple(_printed(line, "xiaobiaosong", "附件") for line in a.title_lines))
        for i, a in enumerate(edition.attachments, 1))
    if many:
        note = tuple(f"{'附件：' if i == 1 else ''}{i}. {a.title.value}"
                     for i, a in enumerate(edition.attachments, 1))
    else:
        note = tuple(f"附件：{a.title.value}" for a in edition.attachments)
    return Document(edition, masthead(edition), _printed(edition.title, "xiaobiaosong", "标题"),
                    tuple(_printed(line, "xiaobiaosong", "标题") for line in edition.title_lines), names(edition), people(edition),
                    tuple(blocks(edition.body, edition.sections, 1)), note, attachments, closing(edition),
                    furniture(edition), revision.keywords(edition), revision.creation_time(edition))


def people(edition: Edition) -> tuple[str, ...]:
    """The people and organs the edition names (attendance, 签发人, 署名, 主送, 抄送, 印发机关):
    kept whole in body text where the line breaker can (typeset.settings)."""
    named = [name.value.split("（")[0] for _, names in edition.attendance for name in names]
    named += [signer.value for signer in edition.signers]
    if edition.signature is not None:
        named.append(edition.signature.name.value)
    organs = (*edition.issuers, *edition.recipients, *edition.cc, edition.printer)
    return tuple(sorted({name for name in (*named, *(organ.value for organ in organs if organ is not None))
                         if 1 < len(name) <= MAX_NAME}))


def _printed(text: Text, font: FontRole, element: Element) -> Printed:
    return Printed(text.value, font, element, text.where)


def masthead(edition: Edition) -> Masthead:
    marks: tuple[tuple[Text | None, FontRole, Element], ...] = (
        (edition.copy_number, BODY_ROLE, "份号"), (edition.secrecy, "heiti", "密级和保密期限"),
        (edition.urgency, "heiti", "紧急程度"))
    return Masthead(edition.format,
                    tuple(_printed(text, font, element) for text, font, element in marks if text is not None),
                    _printed(edition.mark, "xiaobiaosong", "发文机关标志"),
                    tuple(_printed(organ, "xiaobiaosong", "发文机关标志") for organ in edition.mark_organs),
                    _printed(edition.number, BODY_ROLE, "发文字号"),
                    tuple(_printed(signer, "kaiti", "签发人") for signer in edition.signers))


def closing(edition: Edition) -> Closing:
    attendance = tuple((Printed(label + "：", "heiti", "出席人员", names[0].where if names else edition.title.where),
                        tuple(_printed(name, BODY_ROLE, "出席人员") for name in names))
                       for label, names in edition.attendance)
    signature = edition.signature
    signed = (Signed(_printed(signature.title, BODY_ROLE, "发文机关署名"), _printed(signature.name, "kaiti", "发文机关署名"),
                     signature.stamp) if signature is not None else None)
    seals = (edition.seal, *edition.co_seals) if edition.seal is not None else ()
    note = edition.note
    return Closing(attendance, tuple(_printed(organ, BODY_ROLE, "发文机关署名") for organ in edition.issuers),
                   _printed(edition.date, BODY_ROLE, "成文日期"), seals, signed,
                   Printed(f"（{note.value}）", BODY_ROLE, "附注", note.where) if note is not None else None)


def furniture(edition: Edition) -> Furniture:
    draft = None
    if edition.status == "draft":
        mark = DRAFT_MARK + (f"（{edition.revision.value}）" if edition.revision else "")
        draft = Printed(mark, "heiti", "征求意见稿", (edition.revision or edition.title).where)
    names = "，".join(t.value for t in edition.recipients)
    return Furniture(
        names + "：", names + "。",
        "，".join(t.value for t in edition.cc) + "。" if edition.cc else None,
        tuple(_printed(organ, BODY_ROLE, "主送机关") for organ in edition.recipients),
        tuple(_printed(organ, BODY_ROLE, "抄送机关") for organ in edition.cc),
        _printed(edition.printer, BODY_ROLE, "印发机关"),
        Printed(f"{edition.print_date.value}印发", BODY_ROLE, "印发日期", edition.print_date.where),
        draft)


def names(edition: Edition) -> tuple[str, ...]:
    """The edition's own names, which a title must not break inside: the organs and the
    figures' labels (the segmenter's dictionary does not know them)."""
    organs = (edition.issuer, edition.mark, *edition.recipients, *edition.cc, edition.printer)
    found = {text.value.removesuffix("文件") for text in organs if text is not None}
    for figure in edition.figures.values():
        found.update((figure.label, *figure.aliases))
    return tuple(sorted(name for name in found if len(name) <= MAX_NAME))


PANEL_COLUMNS = 3


def card(figures: dict[str, Figure], name: str) -> Card:
    figure = figures[name]
    goal = figures[figure.goal] if figure.goal else None
    progress = Progress(f"{goal.year}年目标{goal.shown}", share(figure, goal)) if goal else None
    note = "，".join(part for part in (figure.change, figure.rank, figure.remark) if part)
    return Card(figure.label, f"{figure.year}年", figure.printed, figure.unit, note, progress, figure)


def panel(figures: dict[str, Figure], chosen) -> Panel | None:
    if chosen is None:
        return None
    cards = [card(figures, name) for name in chosen.figures]
    rows = tuple(CardRow(tuple(cards[i:i + PANEL_COLUMNS]), chosen.title.where)
                 for i in range(0, len(cards), PANEL_COLUMNS))
    return Panel(chosen.title.value, rows, chosen.title.where)


def chart(figures: dict[str, Figure], chosen: Chart) -> ChartBlock:
    bars = []
    for name in chosen.figures:
        actual = figures[name]
        assert actual.goal is not None  # validate: a chart shows only actuals with a goal
        goal = figures[actual.goal]
        bars.append(Bar(actual.label, f"{actual.shown}（{actual.year}年）", f"{goal.shown}（{goal.year}年目标）",
                        share(actual, goal), actual))
    return ChartBlock(chosen.caption.value, tuple(bars), chosen.where)


def _blocks(body, sections: tuple[Section, ...], level: int):
    lead_number = 0
    for paragraph in body:
        if not isinstance(paragraph, Paragraph):
            yield paragraph  # figures: resolved by the caller
            continue
        if paragraph.lead is None:
            yield TextBlock((Run(paragraph.text.value, BODY_ROLE, paragraph.text.unbroken),), paragraph.text.where)
            continue
        lead_number += 1
        label = heading_label(min(level, 4), lead_number)
        yield TextBlock((Run(label + paragraph.lead.value, HEADING_ROLES[min(level, 4)], paragraph.lead.unbroken),
                         Run(paragraph.text.value, BODY_ROLE, paragraph.text.unbroken)), paragraph.lead.where)
    for n, section in enumerate(sections, lead_number + 1):  # (after the leads: the same level)
        label = heading_label(min(level, 4), n)
        text = label + section.heading.value
        yield TextBlock((Run(text, HEADING_ROLES[min(level, 4)], section.heading.unbroken),), section.heading.where,
                        level, text)
        yield from _blocks(section.body, section.sections, level + 1)
