"""The laid-out document as the writers receive it: its pages, its document information and
its 公文 elements by name. A writer needs nothing else (and imports nothing before this stage)."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..compose import BodyBlock, Document, Panel, TextBlock
from .figures import Figure
from .items import PagePlan
from .table import TableFigure


@dataclass(frozen=True)
class Info:
    """The document information every format carries (PDF Info, OFD DocInfo, DOCX core)."""

    title: str
    author: str = ""
    subject: str = ""
    keywords: str = ""
    created: tuple[int, int] | None = None  # (seconds since the epoch, UTC offset in seconds)
    producer: str = "briefing (ReportLab)"  # (a signed PDF/A names pyHanko, which rewrites it: see sign)


@dataclass(frozen=True)
class PlacedFigure:
    """A piece of a figure as the Book places it: the content block it shows, the figure laid
    out from it (TableFigure, ChartFigure, CardRowFigure, PanelFigure or ImageFigure), the page
    and the figure's lines `first` to `end` there; `opens_page` when it is the first thing of
    that page's text. An editable writer rebuilds the figure from these, never lays it out again."""

    source: BodyBlock | Panel
    figure: Figure | TableFigure
    page: int
    first: int
    end: int
    opens_page: bool


@dataclass(frozen=True)
class Book:
    """The laid-out document: its pages, the PDF information and the 公文's elements."""

    pages: list[PagePlan]
    info: Info
    fields: tuple[tuple[str, str], ...]  # the 公文 elements as (name, text), in the standard's order
    figures: tuple[PlacedFigure, ...] = field(default=())  # in the order of the flow


def bind(document: Document, pages: list[PagePlan], figures: tuple[PlacedFigure, ...] = ()) -> Book:
    return Book(pages, document_info(document), document_fields(document), figures)


def document_info(document: Document) -> Info:
    title = document.title.text
    return Info(title, document.closing.issuers[0].text, document.attachments[0].title if document.attachments else title,
                document.keywords, document.created)


def document_fields(document: Document) -> tuple[tuple[str, str], ...]:
    """The 公文 elements as (name, text) (OFD's CustomDatas), in the standard's order; absent
    elements left out."""
    head, ending, furniture = document.masthead, document.closing, document.furniture
    marks = {mark.element: mark.text for mark in head.marks}
    body = "\n".join("".join(run.text for run in block.runs) for block in document.body if isinstance(block, TextBlock))
    note = ending.note.text.removeprefix("（").removesuffix("）") if ending.note is not None else ""
    fields = (("份号", marks.get("份号", "")), ("密级和保密期限", marks.get("密级和保密期限", "")),
              ("紧急程度", marks.get("紧急程度", "")), ("发文机关标志", head.mark.text),
              ("发文字号", head.number.text), ("签发人", "、".join(s.text for s in head.signers)),
              ("标题", document.title.text), ("主送机关", furniture.recipients.removesuffix("：")),
              ("正文", body), ("附件说明", "\n".join(document.attachment_note)),
              ("发文机关署名", "、".join(organ.text for organ in ending.issuers)), ("成文日期", ending.date.text),
              ("附注", note), ("附件", "\n".join(a.title for a in document.attachments)),
              ("抄送机关", (furniture.cc or "").removesuffix("。")), ("印发机关", furniture.printer.text),
              ("印发日期", furniture.printed.text.removesuffix("印发")))
    return tuple((name, value) for name, value in fields if value)
