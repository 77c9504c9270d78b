"""Render a composed document: lay it out as page plans, then draw them as PDF."""
from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from ..compose import Document
from ..fonts import FontSet
from ..metrics import FontMetrics
from ..pageplan import PagePlan, lay_out
from .pdf import Info, document_info, write_pdf


def render_pdf(document: Document, fonts: FontSet, target: Path | BinaryIO, copy_slot: bool = False) -> int:
    """Write the PDF to `target` (a file or file-like object); returns the page count.
    `copy_slot` leaves line 1 of page 1 free for the 份号 of distributed copies."""
    plans = lay_out(document, FontMetrics(fonts), copy_slot)
    write_pdf(plans, document_info(document), fonts, target)
    return len(plans)


__all__ = ["render_pdf", "lay_out", "PagePlan", "write_pdf", "Info", "document_info"]
