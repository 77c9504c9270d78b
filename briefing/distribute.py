"""Numbered copies (份号) for each recipient, and the register (发文登记) of all of them.

The document is laid out once, with line 1 of page 1 left free and the stamps' characters
in its fonts; each copy is the master plus its stamp (its 份号 at the 版心's top left, the
recipient at the right of the same line) appended as an incremental update (briefing.stamp),
so fifty copies cost little more than one build and each copy keeps the master's bytes.
Signed (briefing.sign), each copy is stamped first and then signed, so that its signature
covers its number; the register records each signature's digest.
"""
from __future__ import annotations

import csv
import dataclasses
import fcntl
import hashlib
import io
import os
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from . import geometry, progress
from .api import Checked, check, collector_paused, guard, refuse_unless_pdf
from .sign import Signing, signature_digest
from .fonts import FontSet
from .metrics import FontMetrics
from .compose import Document, masthead
from .roles import FontRole
from .pageplan import BODY, PagePlan, Rule, lay_out, placed, single_line
from .pageplan.head import copy_stamp_baselines
from .pageplan.items import TextLine
from .render import Book, Info, stamp_content, write_pdf
from .stamp import Master
from .typeset import Run, Style, typeset
from .write import write_failed

RECIPIENT = Style(10.5, 10.5)
REGISTER_FIELDS = ("份号", "收件单位", "文件名", "页数", "SHA-256", "签名摘要")


@dataclass(frozen=True)
class Copy:
    number: str  # 000001
    recipient: str
    file: str
    pages: int
    sha256: str
    signature: str = ""  # the SHA-256 of its signature (sign.signature_digest), when signed


@dataclass(frozen=True)
class Distributed:
    folder: Path
    copies: tuple[Copy, ...]
    register_csv: Path
    register_pdf: Path
    seconds: float
    warnings: list


def default_folder(content: Path, checked: Checked) -> Path:
    return content.resolve().parent / "dist" / f"{checked.document.edition.output}-分发"


def distribute(content: Path, folder: Path | None = None, form: str = "pdf",
               signing: Signing | None = None) -> Distributed:
    """Write one PDF (or OFD) per copy and the register into `folder`, replacing it only on
    success; PDF copies signed with `signing` when given."""
    started = time.perf_counter()
    with collector_paused():
        checked = check(content)
        refuse_unless_pdf(form, signing)
        folder = folder or default_folder(content, checked)
        guard(content, checked, folder, "")
        with _locked(folder):
            try:
                return _distribute(checked, folder, started, form, signing)
            except OSError as exc:  # (the inputs were read by the check)
                raise write_failed(folder, exc) from None


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """One distribution beside another at a time: a second run waits, then replaces its folder
    whole. The lock is held on the folder's parent itself, so no lock file is left behind (a
    lock file removed after use could be locked by two runs at once)."""
    handle = os.open(folder.parent, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # (which releases the lock)


def _distribute(checked: Checked, folder: Path, started: float, form: str, signing: Signing | None) -> Distributed:
    edition = checked.document.edition
    # The master: the content's own 份号, if any, gives way to the numbers stamped per copy.
    bare = dataclasses.replace(edition, copy_number=None)
    document = dataclasses.replace(checked.document, edition=bare, masthead=masthead(bare))
    metrics = FontMetrics.of(checked.fonts)
    recipients = [name.value for name, copies in edition.distribution for _ in range(copies)]
    numbers = [f"{index:06d}" for index in range(1, len(recipients) + 1)]
    staging = folder.with_name(folder.name + ".part")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        copies = []
        digests = _Digests()
        made = (_pdf_copies(document, checked.fonts, metrics, numbers, recipients, signing) if form == "pdf"
                else _ofd_copies(document, checked.fonts, metrics, numbers, recipients))
        for (number, recipient), (head, tail, pages) in zip(zip(numbers, recipients), made):
            name = f"{number}.{form}"
            with (staging / name).open("wb") as handle:
                handle.write(head)
                handle.write(tail)
            copies.append(Copy(number, recipient, name, pages, digests.of(head, tail),
                               (signature_digest(head + tail) or "") if signing is not None else ""))
            progress.step("正在生成分发件", len(copies), len(numbers))
        write_register_csv(staging / "发文登记.csv", copies)
        write_register_pdf(staging / "发文登记.pdf", copies, edition, checked.fonts, metrics)
        _replace_folder(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Distributed(folder, tuple(copies), folder / "发文登记.csv", folder / "发文登记.pdf",
                       time.perf_counter() - started, checked.warnings)


class _Digests:
    """The SHA-256 of files that begin with the same bytes (a master, then each copy's update):
    the shared beginning hashed once, not once a copy (50 copies: 20 MB less to hash)."""

    def __init__(self) -> None:
        self._head: bytes | None = None
        self._hashed = hashlib.sha256()

    def of(self, head: bytes, tail: bytes) -> str:
        if head is not self._head:
            self._head, self._hashed = head, hashlib.sha256(head)
        digest = self._hashed.copy()
        digest.update(tail)
        return digest.hexdigest()


def _pdf_copies(document: Document, fonts: FontSet, metrics: FontMetrics, numbers: list[str],
                recipients: list[str], signing: Signing | None) -> Iterator[tuple[bytes, bytes, int]]:
    """The master written once, with every stamp's characters in its fonts; each copy the
    master's bytes, then an incremental update drawing its stamp on page 1 (and, signed, the
    signature's update after it)."""
    book = lay_out(document, metrics, copy_slot=True)
    if signing is not None:
        from .sign import reserved_size, seal_place, sign_pdf
        pages, place = seal_place(book.pages, document.closing.seal)
        book = dataclasses.replace(book, pages=pages)
    baselines = copy_stamp_baselines(document, metrics)
    stamps = [stamp_items(number, recipient, metrics, baselines) for number, recipient in zip(numbers, recipients)]
    master = io.BytesIO()
    faces = write_pdf(book, fonts, master, [PagePlan(0, list(items)) for items in stamps], packed=False)
    stamper = Master(master.getvalue())
    reserved = None
    for items, number, recipient in zip(stamps, numbers, recipients):
        tail = stamper.update(stamp_content(items, faces), copy_fields(number, recipient))
        if signing is not None:  # (pyHanko appends to the bytes it is given: the master stays the head)
            signed = sign_pdf(stamper.data + tail, place, signing, reserved)
            tail = signed[len(stamper.data):]
            if signing.timestamp_url is None:  # (a timestamp's token and validation data vary in size)
                reserved = reserved_size(signed)
        yield stamper.data, tail, len(book.pages)


def _ofd_copies(document: Document, fonts: FontSet, metrics: FontMetrics, numbers: list[str],
                recipients: list[str]) -> Iterator[tuple[bytes, bytes, int]]:
    """The master laid out once and its fonts subset once (with the stamps' characters); each
    copy is the master's pages with its stamp on page 1."""
    from .render.ofd import write_ofd  # (fontTools: 0.15 s to import, for OFD only)
    from .render.subset import subset_fonts
    book = lay_out(document, metrics, copy_slot=True)
    plans = book.pages
    baselines = copy_stamp_baselines(document, metrics)
    stamps = [stamp_items(number, recipient, metrics, baselines) for number, recipient in zip(numbers, recipients)]
    font_files = subset_fonts([*plans, *(PagePlan(0, list(items)) for items in stamps)], fonts)
    for items, number, recipient in zip(stamps, numbers, recipients):
        first = dataclasses.replace(plans[0], items=[*plans[0].items, *items])
        buffer = io.BytesIO()
        named = copy_fields(number, recipient)  # (the 份号 first, as the standard lists it)
        fields = (*named.items(), *((name, value) for name, value in book.fields if name != "份号"))
        write_ofd(dataclasses.replace(book, pages=[first, *plans[1:]], fields=fields), fonts, buffer, font_files)
        yield b"", buffer.getvalue(), len(plans)


def copy_fields(number: str, recipient: str) -> dict[str, str]:
    """What a copy's metadata names it by (PDF document information, OFD CustomDatas)."""
    return {"份号": number, "收件单位": recipient}


def stamp_items(number: str, recipient: str, metrics: FontMetrics, baselines: tuple[float, float]) -> list[TextLine]:
    """What a copy adds: 份号 (GB/T 9704 §7.2.2: 6 Arabic digits, 3号, at the 版心's left) and its
    recipient small and grey at the right, on the baselines copy_stamp_baselines gives."""
    addressee = single_line(f"本份发：{recipient}", "fangsong", RECIPIENT, metrics)
    baseline, corner = baselines
    return [placed(single_line(number, "fangsong", BODY, metrics), geometry.LEFT, baseline,
                   geometry.BODY_SIZE, metrics, "份号"),
            placed(addressee, geometry.RIGHT - addressee.width, corner, RECIPIENT.size, metrics, "份号",
                   (0, 0, 0, 0.6))]


def write_register_csv(path: Path, copies: list[Copy]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:  # with BOM: Excel reads it as UTF-8
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow(REGISTER_FIELDS)
        for c in copies:
            writer.writerow((c.number, spreadsheet_safe(c.recipient), c.file, c.pages, c.sha256, c.signature))


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what makes a spreadsheet read a cell as a formula


def spreadsheet_safe(cell: str) -> str:
    """A text cell a spreadsheet shows as text (OWASP, CSV injection): a leading formula
    character gets an apostrophe before it, which Excel and WPS hide and do not evaluate."""
    return f"'{cell}" if cell.startswith(FORMULA_START) else cell


def read_register_csv(path: Path) -> list[dict[str, str]]:
    """The register's rows as written by write_register_csv, names as typed in the content."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        name = row["收件单位"]
        if name.startswith("'") and name[1:].startswith(FORMULA_START):
            row["收件单位"] = name[1:]
    return rows


def write_register_pdf(path: Path, copies: list[Copy], edition, fonts: FontSet, metrics: FontMetrics) -> None:
    """The register as printable A4 pages: a title, the document, then one row per copy."""
    size, small, row = 12.0, 7.0, 24.0
    style, hash_style = Style(size, size), Style(small, small)
    columns = (0, 55, 230, 295, 325)  # 份号, 收件单位, 文件名, 页数, SHA-256 (x from the left edge; 签名摘要: the CSV)
    pages: list[PagePlan] = []

    def text(value: str, role: FontRole, x: float, y: float, at: Style = style) -> None:
        pages[-1].items.append(placed(single_line(value, role, at, metrics), geometry.LEFT + x, y, at.size, metrics,
                                      "正文"))

    def rule(y: float, width: float = 1.0) -> None:
        pages[-1].items.append(Rule(geometry.LEFT, y, geometry.RIGHT, y, width, geometry.BLACK))

    def header() -> float:
        pages.append(PagePlan(len(pages) + 1))
        y = geometry.TOP - 22
        title = single_line("发文登记", "xiaobiaosong", Style(22, 22), metrics)
        pages[-1].items.append(placed(title, geometry.LEFT + (geometry.WIDTH - title.width) / 2, y, 22, metrics, "标题"))
        y -= 30
        for line in typeset([Run(f"文件：{edition.title.value}", "fangsong")], style, metrics, geometry.WIDTH,
                            align="left"):
            pages[-1].items.append(placed(line, geometry.LEFT, y, size, metrics, "正文"))
            y -= 18
        text(f"发文字号：{edition.number.value}　共 {len(copies)} 份", "fangsong", 0, y)
        y -= row
        for x, name in zip(columns, REGISTER_FIELDS):
            text(name, "heiti", x, y)
        rule(y - 6)
        return y - row

    y = header()
    for c in copies:
        if y < geometry.BOTTOM:
            y = header()
        for x, value in zip(columns[:4], (c.number, c.recipient, c.file, str(c.pages))):
            text(value, "fangsong", x, y)
        text(c.sha256[:32], "fangsong", columns[4], y + 4, hash_style)
        text(c.sha256[32:], "fangsong", columns[4], y - 4, hash_style)
        rule(y - 9, 0.3)
        y -= row
    write_pdf(Book(pages, Info(f"发文登记：{edition.title.value}"), ()), fonts, path)


def _replace_folder(new: Path, target: Path) -> None:
    """Swap the finished folder in: the previous distribution stays until this one is complete,
    and comes back if the swap fails."""
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    try:
        os.replace(new, target)
    except OSError:
        if old.exists():
            os.replace(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)
