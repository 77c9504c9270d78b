"""The typed model of an edition: what validation produces and composition reads."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .errors import Where
from .text import Text


@dataclass(frozen=True)
class Paragraph:
    text: Text
    lead: Text | None = None  # a run-in lead sentence, numbered as the next heading level


@dataclass(frozen=True)
class Section:
    heading: Text
    editorial: bool  # heading written by the editor, not in the source text
    body: tuple[Paragraph, ...]
    sections: tuple["Section", ...]


@dataclass(frozen=True)
class Attachment:
    title: Text
    body: tuple[Paragraph, ...]
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class FontChoice:
    """A user's font for one role: a TTF/TTC/OTF file and the face inside a collection."""

    path: Path
    face: int = 0
    where: Where | None = None  # where the content chose it (None for the defaults)


@dataclass(frozen=True)
class Edition:
    folder: Path
    output: str  # file name of the PDF in dist/, without .pdf
    issuer: Text  # 发文机关 (署名, PDF author)
    mark: Text  # 发文机关标志
    number: Text  # 发文字号
    title: Text
    recipients: tuple[Text, ...]  # 主送机关
    body: tuple[Paragraph, ...]
    attachments: tuple[Attachment, ...]
    date: Text  # 成文日期
    cc: tuple[Text, ...]  # 抄送机关
    printer: Text  # 印发机关
    print_date: Text  # 印发日期
    copy_number: Text | None = None  # 份号
    secrecy: Text | None = None  # 密级和保密期限
    urgency: Text | None = None  # 紧急程度
    signers: tuple[Text, ...] = ()  # 签发人 (upward documents)
    seal: Path | None = None  # 印章 image in assets/
    note: Text | None = None  # 附注
    fonts: dict[str, FontChoice] = field(default_factory=dict)

    def texts(self):
        """Every text run of the edition, in reading order (for checks such as glyph coverage)."""
        for item in (self.copy_number, self.secrecy, self.urgency, self.mark, self.number,
                     *self.signers, self.title, *self.recipients):
            if item is not None:
                yield item
        yield from _body_texts(self.body, ())
        yield self.issuer
        yield self.date
        if self.note is not None:
            yield self.note
        for attachment in self.attachments:
            yield attachment.title
            yield from _body_texts(attachment.body, attachment.sections)
        yield from self.cc
        yield self.printer
        yield self.print_date


def _body_texts(body, sections):
    for paragraph in body:
        if paragraph.lead is not None:
            yield paragraph.lead
        yield paragraph.text
    for section in sections:
        yield section.heading
        yield from _body_texts(section.body, section.sections)
