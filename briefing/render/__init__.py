"""Render a composed document: lay it out as page plans, then draw them as PDF or OFD, or write
the document as DOCX placed where the plans put it."""
from __future__ import annotations

import dataclasses
import io
from pathlib import Path
from typing import BinaryIO

from ..compose import Document
from ..fonts import FontSet
from ..metrics import FontMetrics
from ..pageplan import Book, Info, PagePlan, lay_out
from .pdf import stamp_content, write_pdf
from ..sign import Signing

FORMATS = {"pdf": ".pdf", "ofd": ".ofd", "docx": ".docx"}  # output formats and their file suffixes


def render_pdf(document: Document, fonts: FontSet, target: Path | BinaryIO, copy_slot: bool = False,
               signing: Signing | None = None, archival: bool = False) -> int:
    """Write the PDF to `target` (a file or file-like object); returns the page count.
    `copy_slot` leaves line 1 of page 1 free for the 份号 of distributed copies; `signing`
    signs it, the seal becoming the signature's appearance (see sign); `archival` writes the
    PDF/A-2b edition (see pdfa)."""
    book = lay_out(document, FontMetrics.of(fonts), copy_slot)
    if signing is None:
        write_pdf(book, fonts, target, archival=archival)
        return len(book.pages)
    from ..sign import seal_place, sign_pdf, signed_producer
    pages, place = seal_place(book.pages, document.closing.seal)
    info = book.info
    if archival:  # pyHanko names itself the producer in the XMP it updates: the information must agree
        info = dataclasses.replace(info, producer=signed_producer())
    unsigned = io.BytesIO()
    write_pdf(dataclasses.replace(book, pages=pages, info=info), fonts, unsigned, archival=archival)
    data = sign_pdf(unsigned.getvalue(), place, signing)
    if isinstance(target, Path):
        target.write_bytes(data)
    else:
        target.write(data)
    return len(pages)


def render_ofd(document: Document, fonts: FontSet, target: Path | BinaryIO, copy_slot: bool = False) -> int:
    """Write the OFD package to `target`; returns the page count."""
    from .ofd import write_ofd  # (its font subsetting imports are for OFD and DOCX only)
    book = lay_out(document, FontMetrics.of(fonts), copy_slot)
    write_ofd(book, fonts, target)
    return len(book.pages)


def render_docx(document: Document, fonts: FontSet, target: Path | BinaryIO, copy_slot: bool = False) -> int:
    """Write the DOCX package to `target`; returns the pages of the plan it follows (the
    reader's word processor paginates the file itself; page 1's closer pitch, if any, is its
    paragraphs' exact line height)."""
    from .docx import write_docx
    book = lay_out(document, FontMetrics.of(fonts), copy_slot)
    write_docx(document, book, fonts, target)
    return len(book.pages)


RENDERERS = {"pdf": render_pdf, "ofd": render_ofd, "docx": render_docx}

__all__ = ["render_docx", "render_ofd", "RENDERERS", "FORMATS", "render_pdf", "lay_out", "Book", "PagePlan", "write_pdf", "stamp_content", "Info"]
