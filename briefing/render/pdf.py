"""Draw page plans into a PDF with ReportLab's canvas (and nothing else of ReportLab's)."""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Sequence

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfdoc import TimeStamp
from reportlab.pdfgen.canvas import Canvas

from .. import geometry, revision
from .cidfont import CidFonts
from ..compose import Document
from ..fonts import FontSet
from ..pageplan.items import Box, Colour, Item, PagePlan, Picture, Rule, TextLine, Turned

rl_config.useA85 = 0  # binary streams: ~12 % smaller files and no ASCII85 encoding time


@dataclass(frozen=True)
class Info:
    """The PDF's document information."""

    title: str
    author: str = ""
    subject: str = ""
    keywords: str = ""
    created: tuple[int, int] | None = None  # (seconds since the epoch, UTC offset in seconds)


def document_info(document: Document) -> Info:
    edition = document.edition
    return Info(edition.title.value, edition.issuer.value,
                document.attachments[0].title if document.attachments else edition.title.value,
                revision.keywords(edition), revision.creation_time(edition))


def write_pdf(plans: Sequence[PagePlan], info: Info, fonts: FontSet, target: Path | BinaryIO) -> None:
    """`target`: a path or a binary file object. Byte-identical for the same plans and fonts."""
    canv = Canvas(target if not isinstance(target, Path) else str(target),
                  pagesize=(geometry.PAGE_WIDTH, geometry.PAGE_HEIGHT), invariant=1, pageCompression=1,
                  initialFontName=fonts.face("fangsong").name, lang="zh-CN")
    canv.setTitle(info.title)
    canv.setAuthor(info.author)
    canv.setSubject(info.subject)
    canv.setKeywords(info.keywords)
    canv.setCreator("briefing")
    canv.setProducer("briefing (ReportLab)")
    if info.created is not None:  # else invariant=1 fixes it to 2000-01-01
        canv._doc._timeStamp = _timestamp(*info.created)
    if any(plan.bookmarks for plan in plans):
        canv.showOutline()  # open with the bookmarks panel
    faces = CidFonts(plans)
    canv._doc.delayedFonts.append(faces)  # its font objects are written when the document is
    drawn: dict[tuple, list[str]] = {}
    for plan in plans:
        for mark in plan.bookmarks:
            canv.bookmarkPage(mark.key)
            canv.addOutlineEntry(mark.title, mark.key, mark.level)
        _draw_page(canv, plan.items, faces, drawn)
        canv.showPage()
    for key, operators in drawn.items():  # the most recent last: the oldest go first
        _PAGES.pop(key, None)
        _PAGES[key] = operators
    while len(_PAGES) > PAGES_KEPT:
        del _PAGES[next(iter(_PAGES))]
    canv.save()


# The drawing operators of the pages written lately (watch mode): a page that shows the same
# items with the same glyph codes is the same operators, taken from here. Pages with pictures are
# drawn every time (ReportLab registers an image with the document as it draws it). Other PDFs
# written meanwhile (a chart's picture, the 份号 stamps) do not push a document's pages out.
_PAGES: dict[tuple, list[str]] = {}
PAGES_KEPT = 2000


def _draw_page(canv: Canvas, items: list[Item], faces: CidFonts, drawn: dict[tuple, list[str]]) -> None:
    key = None if any(isinstance(item, Picture) for item in items) else (faces.signature, tuple(items))
    known = _PAGES.get(key) if key is not None else None
    start = len(canv._code)
    if known is not None:
        canv._code.extend(known)
    else:
        draw_items(canv, items, faces)
    if key is not None:
        drawn[key] = canv._code[start:]


def _timestamp(seconds: int, offset: int) -> TimeStamp:
    """ReportLab's document date, set from the content instead of the clock."""
    stamp = TimeStamp(invariant=1)
    stamp.t, stamp.lt = seconds, time.gmtime(seconds + offset)
    stamp.YMDhms, stamp.dhh, stamp.dmm = tuple(stamp.lt)[:6], offset // 3600, offset % 3600 // 60
    return stamp


def draw_items(canv: Canvas, items: Sequence[Item], faces: CidFonts) -> None:
    """Consecutive text lines go into one text object; shapes and pictures between them."""
    texts: list[TextLine] = []
    for item in items:
        if isinstance(item, TextLine):
            texts.append(item)
            continue
        if texts:
            _draw_texts(canv, texts, faces)
            texts = []
        canv.saveState()
        if isinstance(item, Turned):  # (u, v) -> (RIGHT - v, BOTTOM + u): a quarter turn counter-clockwise
            canv.translate(geometry.RIGHT, geometry.BOTTOM)
            canv.rotate(90)
            draw_items(canv, item.items, faces)
        elif isinstance(item, Rule):
            canv.setStrokeColorCMYK(*item.colour)
            canv.setLineWidth(item.width)
            if item.dash:
                canv.setDash(list(item.dash))
            canv.line(item.x1, item.y1, item.x2, item.y2)
        elif isinstance(item, Box):
            if item.fill is not None:
                canv.setFillColorCMYK(*item.fill)
            if item.stroke is not None:
                canv.setStrokeColorCMYK(*item.stroke)
                canv.setLineWidth(item.line_width)
            canv.rect(item.x, item.y, item.width, item.height, stroke=int(item.stroke is not None),
                      fill=int(item.fill is not None))
        elif isinstance(item, Picture):
            canv.drawImage(str(item.path), item.x, item.y, item.width, item.height, mask="auto")
        canv.restoreState()
    if texts:
        _draw_texts(canv, texts, faces)


def _draw_texts(canv: Canvas, lines: Sequence[TextLine], faces: CidFonts) -> None:
    """Write the PDF text operators directly, in one text object, each font run at an explicit
    origin (some readers, pdfminer, drop the character spacing after the last glyph of a string,
    so a run is placed, not left to follow the previous one), one string per run (see cidfont).
    Lines whose runs leave out the glue between Han and Latin carry their text as /ActualText,
    so copy and search give it as written."""
    ops = ["BT"]
    font_now: tuple[str, float] | None = None
    space_now: float | None = None
    colour_now: Colour | None = None
    for line in lines:
        spelled = _has_glue(line.text)
        if spelled:
            ops.append(f"/Span <</ActualText <FEFF{line.text.encode('utf-16-be').hex().upper()}>>> BDC")
        for run in line.runs:
            if run.colour != colour_now:
                colour_now = run.colour
                ops.append(f"{' '.join(fp_str(c) for c in run.colour)} k")
            if run.char_space != space_now:
                space_now = run.char_space
                ops.append(f"{fp_str(space_now)} Tc")
            if (run.font, run.size) != font_now:
                font_now = (run.font, run.size)
                ops.append(f"/{faces.resources[run.font]} {fp_str(run.size)} Tf")
            ops.append(f"1 0 0 1 {fp_str(run.x)} {fp_str(run.y)} Tm <{faces.encode(run.font, run.text)}> Tj")
        if spelled:
            ops.append("EMC")
    ops.append("ET")
    canv._code.append("\n".join(ops))


def _has_glue(text: str) -> bool:
    """Does the line set Latin letters or digits among Han text (with the quarter-em glue,
    which readers would copy as a space)?"""
    return any(c >= "\u2e80" for c in text) and any(c.isascii() and c.isalnum() for c in text)
