"""The laid-out document as the writers receive it: its pages, its document information and
its 公文 elements by name. A writer needs nothing else (and imports nothing before this stage)."""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import revision
from ..compose import BodyBlock, Document, Panel, TextBlock
from ..text import Text
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
    pages: list[PagePlan]
    info: Info
    fields: tuple[tuple[str, str], ...]  # the 公文 elements as (name, text), in the standard's order
    figures: tuple[PlacedFigure, ...] = field(default=())  # in the order of the flow


def bind(document: Document, pages: list[PagePlan], figures: tuple[PlacedFigure, ...] = ()) -> Book:
    return Book(pages, document_info(document), document_fields(document), figures)


def document_info(document: Document) -> Info:
    edition = document.edition
    return Info(edition.title.value, edition.issuer.value,
                document.attachments[0].title if document.attachments else edition.title.value,
                revision.keywords(edition), revision.creation_time(edition))


def document_fields(document: Document) -> tuple[tuple[str, str], ...]:
    """The 公文 elements as (name, text) (OFD's CustomDatas), in the standard's order; absent
    elements left out."""
    edition, furniture = document.edition, document.furniture

    def text(value: Text | None) -> str:
        return value.value if value is not None else ""

    body = "\n".join("".join(run.text for run in block.runs) for block in document.body if isinstance(block, TextBlock))
    fields = (("份号", text(edition.copy_number)), ("密级和保密期限", text(edition.secrecy)),
              ("紧急程度", text(edition.urgency)), ("发文机关标志", edition.mark.value),
              ("发文字号", edition.number.value), ("签发人", "、".join(s.value for s in edition.signers)),
              ("标题", edition.title.value), ("主送机关", furniture.recipients.removesuffix("：")),
              ("正文", body), ("附件说明", "\n".join(document.attachment_note)),
              ("发文机关署名", "、".join(organ.value for organ in edition.issuers)), ("成文日期", edition.date.value),
              ("附注", text(edition.note)), ("附件", "\n".join(a.title for a in document.attachments)),
              ("抄送机关", (furniture.cc or "").removesuffix("。")), ("印发机关", edition.printer.value),
              ("印发日期", edition.print_date.value))
    return tuple((name, value) for name, value in fields if value)
