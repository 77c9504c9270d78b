"""The typed model of an edition: what validation produces and composition reads."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .errors import Where
from .text import Text


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of body text, with its run-in lead sentence if it has one."""

    text: Text
    lead: Text | None = None  # a run-in lead sentence, numbered as the next heading level


@dataclass(frozen=True)
class Figure:
    """A key figure of the registry (figures.yaml): typed once, shown everywhere from here."""

    id: str
    label: str  # 全社会R&D支出
    value: Decimal  # exact, as written
    unit: str  # 亿元, 家, %, 万平方米 …
    year: str  # the year or period the value belongs to (2021, 2022, 2023 …)
    target: bool  # a target (目标) rather than an actual (实际)
    where: Where
    aliases: tuple[str, ...] = ()  # other names prose uses for it (高新技术企业)
    goal: str | None = None  # id of the target this actual is measured against
    change: str | None = None  # 比增14.2%
    rank: str | None = None  # 居全省第一
    remark: str | None = None  # 占全省39%
    source: str | None = None  # id of the section whose prose states it
    grouped: bool = False  # typed with thousands separators (23,003): printed so too
    formula: str | None = None  # computed from other figures (figures.yaml `formula`), as typed
    precision: int | None = None  # a computed figure's decimal places

    @property
    def printed(self) -> str:
        """The value as printed: exact, as typed (18.30 stays 18.30; 23,003 keeps its comma)."""
        return f"{self.value:,}" if self.grouped else str(self.value)

    @property
    def shown(self) -> str:
        """Value and unit as prose prints them (GB/T 15835): 257.4亿元, 3759家, 14.2%."""
        return f"{self.printed}{self.unit}"


@dataclass(frozen=True)
class FigureRow:
    """A row of one to three callout boxes (指标卡), after the paragraph stating the figures."""

    figures: tuple[str, ...]
    where: Where


@dataclass(frozen=True)
class Chart:
    """The chart of actuals against targets, drawn from the registry."""

    caption: Text
    figures: tuple[str, ...]  # the actuals to show (each with a goal)
    where: Where


@dataclass(frozen=True)
class Signature:
    """An order's signature (§7.3.5.3): the signer's job title, the name on the stamp, the stamp."""

    title: Text
    name: Text
    stamp: Path | None  # the 签名章 image; without one the name is printed in 楷体 in its place


@dataclass(frozen=True)
class Table:
    """A table in the body: caption, one or two header rows, rows of cells (text, figure
    references resolved), relative column widths (None: from the content) and each column's
    alignment; a computed total row."""

    caption: Text
    header: tuple[tuple[Text, ...], ...]
    rows: tuple[tuple[Text, ...], ...]
    widths: tuple[float, ...] | None  # relative, one per column; None: fitted to the content
    align: tuple[str, ...]  # "left", "center", "right" or "decimal" (numbers on the decimal point)
    merge_first: bool  # equal first cells of consecutive rows as one merged cell (a grouped column)
    where: Where
    landscape: bool | None = None  # across the page on pages of its own (GB/T 9704 §8); None: if it fits better
    total: tuple[Text, ...] = ()  # the 合计 row: its label and the numeric columns' sums (not checked as text)

    def texts(self):
        yield self.caption
        for row in (*self.header, *self.rows):
            yield from row


@dataclass(frozen=True)
class Image:
    """A picture in the body (a photo, a map), checked like the seal, with its caption."""

    path: Path
    caption: Text | None
    width: float  # mm, at most the 版心's 156
    where: Where


@dataclass(frozen=True)
class PageBreak:
    """The writer's own page end: what follows starts a new page."""

    where: Where


BodyItem = Paragraph | FigureRow | Chart | Table | Image | PageBreak


@dataclass(frozen=True)
class Panel:
    """Key figures at a glance: a titled grid of callout boxes at the start of an attachment."""

    title: Text
    figures: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    """A headed part of the body: its own text, then its subsections."""

    heading: Text
    editorial: bool  # heading written by the editor, not in the source text
    body: tuple[BodyItem, ...]
    sections: tuple["Section", ...]
    id: str | None = None  # the name figures' `source` refers to it by


@dataclass(frozen=True)
class Attachment:
    """An attachment (附件): its title, its body and sections, and its panel of cards if any."""

    title: Text
    body: tuple[BodyItem, ...]
    sections: tuple[Section, ...]
    panel: Panel | None = None
    title_lines: tuple[Text, ...] = ()  # the title's lines as the writer broke them, if so


@dataclass(frozen=True)
class FontChoice:
    """A user's font for one role: a TTF/TTC/OTF file and the face inside a collection."""

    path: Path
    face: int = 0
    where: Where | None = None  # where the content chose it (None for the defaults)


@dataclass(frozen=True)
class Edition:
    """The whole content of an edition as validated: the 公文's elements, its body and attachments."""

    folder: Path
    output: str  # file name of the PDF in dist/, without .pdf
    issuer: Text  # 发文机关 (署名, PDF author)
    mark: Text  # 发文机关标志
    number: Text  # 发文字号
    title: Text
    recipients: tuple[Text, ...]  # 主送机关
    body: tuple[BodyItem, ...]
    attachments: tuple[Attachment, ...]
    date: Text  # 成文日期
    cc: tuple[Text, ...]  # 抄送机关
    printer: Text  # 印发机关
    print_date: Text  # 印发日期
    copy_number: Text | None = None  # 份号
    secrecy: Text | None = None  # 密级和保密期限
    urgency: Text | None = None  # 紧急程度
    signers: tuple[Text, ...] = ()  # 签发人 (upward documents)
    seal: Path | None = None  # 印章 image in assets/ (the lead organ's)
    co_issuers: tuple[Text, ...] = ()  # 联合行文: the other organs, in order after the lead
    co_seals: tuple[Path, ...] = ()  # their seals, one each, when the document is sealed
    mark_organs: tuple[Text, ...] = ()  # a joint 发文机关标志: the names stacked, “文件” at their right
    format: str = "文件"  # GB/T 9704 §10: 文件, 信函 (letter), 命令 (order) or 纪要 (minutes)
    signature: "Signature | None" = None  # 命令: the signer's title, name and signature stamp (§7.3.5.3)
    attendance: tuple[tuple[str, tuple[Text, ...]], ...] = ()  # 纪要: (出席/请假/列席, names)
    note: Text | None = None  # 附注
    fonts: dict[str, FontChoice] = field(default_factory=dict)
    figures: dict[str, Figure] = field(default_factory=dict)  # the registry, by id
    revision: Text | None = None  # 第3稿
    status: str = "draft"  # "draft" (marked on every page) or "final" (no placeholders left)
    distribution: tuple[tuple[Text, int], ...] = ()  # 主送 then 抄送 units, with copies for each
    sources: tuple[tuple[Path, str], ...] = ()  # every file the edition was read from, with its SHA-256
    title_lines: tuple[Text, ...] = ()  # the title's lines as the writer broke them, if so
    sections: tuple[Section, ...] = ()  # the text's headed parts, after its opening paragraphs

    @property
    def issuers(self) -> tuple[Text, ...]:
        """The issuing organs, the lead first."""
        return (self.issuer, *self.co_issuers)

    def texts(self):
        """Every text run of the edition, in reading order (for checks such as glyph coverage);
        a field left out by a validation error is passed over."""
        return (text for text in self._texts() if text is not None)

    def _texts(self):
        for item in (self.copy_number, self.secrecy, self.urgency, self.mark, self.number,
                     *self.signers, self.title, *self.recipients):
            if item is not None:
                yield item
        yield from _body_texts(self.body, self.sections)
        yield from (t for t in (*self.issuers, self.date, self.note) if t is not None)
        for _, names in self.attendance:
            yield from names
        for attachment in self.attachments:
            yield attachment.title
            if attachment.panel is not None:
                yield attachment.panel.title
            yield from _body_texts(attachment.body, attachment.sections)
        yield from self.cc
        yield from (t for t in (self.printer, self.print_date) if t is not None)


def _body_texts(body, sections):
    for item in body:
        if isinstance(item, Chart):
            yield item.caption
        if isinstance(item, Table):
            yield from item.texts()
        if isinstance(item, Image) and item.caption is not None:
            yield item.caption
        if not isinstance(item, Paragraph):
            continue
        if item.lead is not None:
            yield item.lead
        yield item.text
    for section in sections:
        yield section.heading
        yield from _body_texts(section.body, section.sections)
