"""Compose the edition: number the headings, assign font roles, resolve the attachment note.

Produces the sequence of blocks the renderer lays out; no ReportLab here.
"""
from __future__ import annotations

from dataclasses import dataclass

from .errors import Where
from .model import Attachment, Edition, Paragraph, Section
from .typeset import Run

HEADING_ROLES = {1: "heiti", 2: "kaiti", 3: "fangsong", 4: "fangsong"}
BODY_ROLE = "fangsong"
DIGITS = "〇一二三四五六七八九"


@dataclass(frozen=True)
class Block:
    """A paragraph or heading on the body grid."""

    runs: tuple[Run, ...]
    where: Where
    level: int = 0  # 0 = paragraph, 1–4 = heading level
    outline: str | None = None  # bookmark title for headings

    @property
    def is_heading(self) -> bool:
        return self.level > 0


@dataclass(frozen=True)
class ComposedAttachment:
    label: str  # 附件 or 附件1, 附件2 …
    title: str
    where: Where
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Document:
    edition: Edition
    body: tuple[Block, ...]
    attachment_note: tuple[str, ...]  # 附件说明 lines: "附件：title" or "附件：1. title"
    attachments: tuple[ComposedAttachment, ...]

    def runs(self):
        """(text, role, where) of everything the PDF prints, for the glyph check."""
        e = self.edition
        singles = [(e.mark, "xiaobiaosong"), (e.number, BODY_ROLE), (e.title, "xiaobiaosong"),
                   (e.issuer, BODY_ROLE), (e.date, BODY_ROLE), (e.printer, BODY_ROLE),
                   (e.print_date, BODY_ROLE), (e.copy_number, BODY_ROLE), (e.secrecy, "heiti"),
                   (e.urgency, "heiti"), (e.note, BODY_ROLE)]
        for text, role in singles:
            if text is not None:
                yield text.value, role, text.where
        for text in (*e.recipients, *e.cc):
            yield text.value, BODY_ROLE, text.where
        for text in e.signers:
            yield text.value, "kaiti", text.where
        for block in self.body:
            for run in block.runs:
                yield run.text, run.role, block.where
        for attachment in self.attachments:
            yield attachment.title, "xiaobiaosong", attachment.where
            for block in attachment.blocks:
                for run in block.runs:
                    yield run.text, run.role, block.where


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
    attachments = tuple(
        ComposedAttachment(f"附件{i}" if many else "附件", a.title.value, a.title.where,
                           tuple(_blocks(a.body, a.sections, 1)))
        for i, a in enumerate(edition.attachments, 1))
    if many:
        note = tuple(f"{'附件：' if i == 1 else ''}{i}. {a.title.value}"
                     for i, a in enumerate(edition.attachments, 1))
    else:
        note = tuple(f"附件：{a.title.value}" for a in edition.attachments)
    return Document(edition, tuple(_blocks(edition.body, (), 1)), note, attachments)


def _blocks(body: tuple[Paragraph, ...], sections: tuple[Section, ...], level: int):
    lead_number = 0
    for paragraph in body:
        if paragraph.lead is None:
            yield Block((Run(paragraph.text.value, BODY_ROLE),), paragraph.text.where)
            continue
        lead_number += 1
        label = heading_label(min(level, 4), lead_number)
        yield Block((Run(label + paragraph.lead.value, HEADING_ROLES[min(level, 4)]),
                     Run(paragraph.text.value, BODY_ROLE)), paragraph.lead.where)
    for n, section in enumerate(sections, 1):
        label = heading_label(min(level, 4), n)
        text = label + section.heading.value
        yield Block((Run(text, HEADING_ROLES[min(level, 4)]),), section.heading.where, level, text)
        yield from _blocks(section.body, section.sections, level + 1)
