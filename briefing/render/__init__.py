"""Render a composed document: lay it out as page plans, then draw them as PDF or OFD, or write
the document as DOCX placed where the plans put it."""
from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from ..compose import Document
from ..fonts import FontSet
from ..metrics import FontMetrics
from ..pageplan import Book, Info, PagePlan, lay_out
from .pdf import write_pdf

FORMATS = {"pdf": ".pdf", "ofd": ".ofd", "docx": ".docx"}  # output formats and their file suffixes


def render_pdf(document: Document, fonts: FontSet, target: Path | BinaryIO, copy_slot: bool = False) -> int:
    """Write the PDF to `target` (a file or file-like object); returns the page count.
    `copy_slot` leaves line 1 of page 1 free for the 份号 of distributed copies."""
    book = lay_out(document, FontMetrics.of(fonts), copy_slot)
    write_pdf(book, fonts, target)
    return len(book.pages)


def render_ofd(document: Document, fonts: FontSet, target: Path | BinaryIO, copy_slot: bool = False) -> int:
    """Write the OFD package to `target`; returns the page count."""
    from .ofd import write_ofd  # (its font subsetting imports are for OFD and DOCX only)
    book = lay_out(document, FontMetrics.of(fonts), copy_slot)
    write_ofd(book, fonts, target)
    return len(book.pages)


def render_docx(document: Document, fonts: FontSet, target: Path | BinaryIO, copy_slot: bool = False) -> int:
    """Write the DOCX package to `target`; returns the pages of the plan it follows (the
    reader's word processor paginates the file itself)."""
    from .docx import write_docx
    book = lay_out(document, FontMetrics.of(fonts), copy_slot, fit_first_page=False)
    write_docx(document, book, fonts, target)
    return len(book.pages)


RENDERERS = {"pdf": render_pdf, "ofd": render_ofd, "docx": render_docx}

__all__ = ["render_docx", "render_ofd", "RENDERERS", "FORMATS", "render_pdf", "lay_out", "Book", "PagePlan", "write_pdf", "Info"]
