"""The Python API behind the command line: check and build an edition.

`Build(folder)` is a content folder's builds in this process: what watch mode (and a server)
keeps between rebuilds. The functions `check`, `verify` and `build` are one-off builds.

Concurrency: builds in one process run one at a time. Every entry point takes one process-wide
lock, because the caches builds share (briefing.memo) and the paused cycle collector are the
process's; threads that build at once wait for each other and get what they would alone
(tests/test_stages.py). Separate processes share only the user's disk cache, written whole.
"""
from __future__ import annotations

import gc
import io
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .compose import Document, compose
from . import memo
from .errors import ContentError, Problem, Report
from .fonts import FONTS_DIR, FontError, FontSet
from .glyphs import check_glyphs
from .metrics import FontMetrics
from .pageplan import Book, lay_out
from .pageplan.flow import check_tables
from .render import FORMATS, RENDERERS, render_pdf, write_pdf
from .sign import Signing
from .spacing import check_spacing
from .validate import load_edition
from .write import atomic_target, guard_output


@dataclass(frozen=True)
class Checked:
    """A content checked and composed, with its fonts and the warnings found."""

    document: Document
    fonts: FontSet
    warnings: list[Problem]


@dataclass(frozen=True)
class Built:
    """An output written: where, its pages, how long it took, and the warnings."""

    path: Path
    pages: int
    seconds: float
    warnings: list[Problem]


@dataclass(frozen=True)
class Laid:
    """A check and its pages laid out and drawn as PDF in memory (what a live preview shows)."""

    checked: Checked
    book: Book
    pdf: bytes


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a build runs: as the pages' items pile up it walks
    them again and again (15 % of a 442-page build's CPU, measured: 2.60 s → 2.22 s, medians of
    7), while a build makes few reference cycles; what it makes is collected after."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


_ONE_AT_A_TIME = threading.RLock()


def check(folder: Path) -> Checked:
    """Everything a build checks, without writing: raises ContentError listing all errors."""
    with _ONE_AT_A_TIME, collector_paused():
        return _check(folder)


def _check(folder: Path) -> Checked:
    edition, report = load_edition(folder)
    fonts = FontSet(edition.fonts)
    try:  # the user's own fonts are tried now, to report a bad one against its line
        for role in edition.fonts:
            fonts.face(role)
    except FontError as exc:
        choice = edition.fonts.get(role)
        raise ContentError.one(choice.where if choice else None, str(exc)) from None
    document = compose(edition)
    check_glyphs(document, fonts, report)
    report.raise_if_errors()
    metrics = FontMetrics.of(fonts)  # (the layout's own: what the checks measure, it reuses)
    check_tables(document, metrics, report)  # (once the rest is sound: it may refuse a table)
    check_spacing(document, metrics, report)
    return Checked(document, fonts, report.warnings)


def verify(folder: Path) -> Checked:
    """What `briefing check` runs: every check of a build, laying the pages out too (into
    memory, nothing written), so a content that check passes builds."""
    return lay_out_pdf(folder).checked


def lay_out_pdf(folder: Path) -> Laid:
    """Check the content and lay out its pages, keeping the page plans (the server maps a
    printed line back to its source with them) and the PDF bytes; nothing is written."""
    with _ONE_AT_A_TIME, collector_paused():
        checked = _check(folder)
        book = lay_out(checked.document, FontMetrics.of(checked.fonts))
        pdf = io.BytesIO()
        write_pdf(book, checked.fonts, pdf)
    return Laid(checked, book, pdf.getvalue())


def default_output(folder: Path, document: Document, form: str = "pdf") -> Path:
    return folder.resolve().parent / "dist" / f"{document.edition.output}{FORMATS[form]}"


def output_format(output: Path | None, form: str | None) -> str:
    """The format asked for, or the one the output's name ends in (PDF otherwise)."""
    if form is not None:
        return form
    suffix = output.suffix.lower() if output is not None else ""
    return next((name for name, ending in FORMATS.items() if ending == suffix), "pdf")


def guard(folder: Path, checked: Checked, target: Path, suffix: str, force: bool = False) -> None:
    """Refuse an output that would overwrite what the build reads (see write.guard_output)."""
    edition = checked.document.edition
    inputs = [path for path, _ in edition.sources] + [choice.path for choice in edition.fonts.values()]
    guard_output(target, inputs, (folder, FONTS_DIR, folder.resolve().parent / "assets"), suffix, force)


def refuse_unless_pdf(form: str, signing: Signing | None, archival: bool = False) -> None:
    """A signature and the PDF/A edition are made for PDF only (an OFD is signed under GB/T 38540 with
    an SES seal (SM2 certificate) this tool does not make)."""
    if form != "pdf" and (signing is not None or archival):
        raise ContentError.one(None, f"签名和 PDF/A 只用于 PDF，不能用于 {form.upper()}。",
                               "去掉 --sign、--pdfa，或改为生成 PDF（--format pdf）。")


def build(folder: Path, output: Path | None = None, force: bool = False, form: str | None = None,
          signing: Signing | None = None, archival: bool = False) -> Built:
    """Check the content and write the PDF (or, with `form` "ofd" or an output ending in .ofd,
    the OFD) atomically; the previous output survives any failure. `force` allows an output
    name that does not end in the format's suffix. A PDF may be signed (`signing`) and written
    as the PDF/A-2b edition (`archival`)."""
    started = time.perf_counter()
    with _ONE_AT_A_TIME, collector_paused():
        checked = check(folder)
        form = output_format(output, form)
        refuse_unless_pdf(form, signing, archival)
        target = output or default_output(folder, checked.document, form)
        guard(folder, checked, target, FORMATS[form], force)
        with atomic_target(target) as temporary:
            if form == "pdf":
                pages = render_pdf(checked.document, checked.fonts, temporary, signing=signing, archival=archival)
            else:
                pages = RENDERERS[form](checked.document, checked.fonts, temporary)
    return Built(target, pages, time.perf_counter() - started, checked.warnings)


class Build:
    """A content folder's builds in this process (what watch mode and the server keep), one at a
    time; the caches they share can be dropped."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def check(self) -> Checked:
        return check(self.folder)

    def verify(self) -> Checked:
        return verify(self.folder)

    def lay_out(self) -> Laid:
        return lay_out_pdf(self.folder)

    def build(self, output: Path | None = None, force: bool = False, form: str | None = None) -> Built:
        return build(self.folder, output, force, form)

    @staticmethod
    def forget() -> None:
        """Drop every in-process cache (memo); the next build starts cold and gives the same bytes."""
        with _ONE_AT_A_TIME:
            memo.forget()


__all__ = ["check", "verify", "build", "Build", "Checked", "Built", "Laid", "lay_out_pdf", "ContentError", "Report"]
