"""Render a composed document to PDF with ReportLab."""
from __future__ import annotations

from pathlib import Path

from reportlab import rl_config

from ..compose import Document
from ..errors import ContentError, Problem
from ..fonts import FontSet
from .document import EditionTemplate, build_story
from .metrics import FontMetrics
from .pages import lay_out_head

rl_config.useA85 = 0  # binary streams: ~12 % smaller files and no ASCII85 encoding time


def render_pdf(document: Document, fonts: FontSet, target: Path, copy_slot: bool = False) -> int:
    """Write the PDF to `target` (a file or file-like object); returns the page count.
    `copy_slot` leaves line 1 of page 1 free for the 份号 of distributed copies."""
    metrics = FontMetrics(fonts)
    head = lay_out_head(document.edition, fonts, metrics, copy_slot)
    doc = EditionTemplate(target, document, fonts, metrics, head)
    try:
        doc.build(build_story(document, doc))
    except Exception as exc:
        raise _refusal(exc) or exc
    return doc.page


def _refusal(exc: BaseException | None) -> ContentError | None:
    """The ContentError a drawing step raised: ReportLab re-raises exceptions from inside
    its callbacks as new ones with an annotated message, the original as their context."""
    while exc is not None:
        if isinstance(exc, ContentError) and all(isinstance(p, Problem) for p in exc.problems):
            return exc
        exc = exc.__context__
    return None
