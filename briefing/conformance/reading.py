"""Read any PDF for the checker, within bounds.

The measuring runs in a forked process with a ceiling on its memory and CPU time, so that a
decompression bomb, a page of millions of operators or a reader crashing on a damaged file ends
in a clear message (exit 2), never in a hang, an exhausted machine or an internal error. What the
checks need is drawn page by page (`content`) into plain, validated values: a damaged file fails
while it is read (“已损坏”), and the checks never meet a NaN, a colour that is a pattern name or
a glyph without text.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import resource
import signal
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, TypeVar

from ..errors import ContentError
from .content import Page, Shared, draw

# The bounds of one `check --pdf` (README, 限制). The ~450-page edition needs about 0.2 GB and
# 3 s of CPU; the ceilings leave room for files far heavier than that on a slow machine.
MEMORY = 1024 << 20  # bytes of data (heap) the measuring process may add to what it inherits
CPU_SECONDS = 120
WALL_SECONDS = 300  # a process that waits without using CPU (it should not) is stopped too
STREAM_LIMIT = 75_000_000  # bytes a stream of a page's drawing may inflate to (checked first)
RASTER_DPI = 200  # page 1 is rasterised to find the red mark's ink

BEYOND = "请检查文件来源；briefing build 生成的 PDF 远在此限以内。"

T = TypeVar("T")


@dataclass(frozen=True)
class Font:
    name: str
    embedded: bool


@dataclass(frozen=True)
class Document:
    pages: list[Page]
    raster: Any  # page 1 as an RGB PIL image at RASTER_DPI
    fonts: list[Font]


def refusal(pdf_path: Path, why: str, hint: str = "检查的应当是 briefing build 生成的 PDF 文件。") -> ContentError:
    return ContentError.one(None, f"“{pdf_path}”{why}，无法检查。", hint)


def read(pdf_path: Path, raster: bool = True) -> Document:
    """The document's pages, fonts and page 1's raster (None without `raster`); a file that is
    not a PDF, is encrypted, has no page or cannot be read is refused."""
    import pypdfium2
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError
    from pdfminer.pdfinterp import PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    with open(pdf_path, "rb") as handle:
        if not handle.read(1024).lstrip().startswith(b"%PDF-"):
            raise refusal(pdf_path, "不是 PDF 文件")
    locked = refusal(pdf_path, "已加密", "请先用原软件去掉密码保护，再检查。")
    try:
        with open(pdf_path, "rb") as stream:
            try:
                document = PDFDocument(PDFParser(stream), password="")
            except PDFEncryptionError:  # (a password it does not have, or an encryption it does not know)
                raise locked from None
            if document.encryption is not None:
                raise locked
            found = list(PDFPage.create_pages(document))
            if not found:
                raise refusal(pdf_path, "没有页面")
            if not all(_within_bound(page.contents) for page in found):
                raise refusal(pdf_path, f"有页面的内容展开后超过 {STREAM_LIMIT // 10**6} MB（可能是压缩炸弹）", BEYOND)
            fonts = _fonts(found)
            resources, shared = PDFResourceManager(), Shared()  # (each font read once, for all pages)
            pages = [draw(page, number, resources, shared) for number, page in enumerate(found, 1)]
        page_one = None
        if raster:
            pdfium = pypdfium2.PdfDocument(str(pdf_path))
            try:
                page_one = pdfium[0].render(scale=RASTER_DPI / 72).to_pil().convert("RGB")
            finally:
                pdfium.close()
    except (ContentError, MemoryError):
        raise
    except Exception as exc:  # the readers raise many kinds on a damaged file
        if _out_of_memory(exc):
            raise MemoryError from None  # (a reader that catches it raises its own)
        raise refusal(pdf_path, "已损坏（读取时出错）") from None
    return Document(pages, page_one, fonts)


def _within_bound(contents: list) -> bool:
    """Does each of a page's drawing streams inflate to STREAM_LIMIT at most? (Asked before
    anything inflates them whole: a decompression bomb is refused, not unpacked.)"""
    import zlib

    from pdfminer.pdftypes import LITERALS_FLATE_DECODE, stream_value

    for stream in map(stream_value, contents):
        filters = stream.get_filters()
        if filters and filters[0][0] in LITERALS_FLATE_DECODE and stream.rawdata is not None:
            try:
                if len(zlib.decompressobj().decompress(stream.rawdata, STREAM_LIMIT + 1)) > STREAM_LIMIT:
                    return False
            except zlib.error:
                pass  # (pdfminer reads what it can of a damaged stream)
    return True


def _out_of_memory(exc: BaseException | None) -> bool:
    while exc is not None:
        if isinstance(exc, MemoryError):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _fonts(pages: list) -> list[Font]:
    """Every font the pages use (their names as the file writes them), and whether its program
    is embedded as a subset."""
    from pdfminer.psparser import PSLiteral
    from pdfminer.pdftypes import resolve1

    def named(value) -> str:  # (as pypdf wrote them: "/AAAAAA+Face")
        if not isinstance(value, PSLiteral):
            return str(value)
        return "/" + (value.name.decode("latin-1") if isinstance(value.name, bytes) else value.name)

    found: dict[str, bool] = {}
    for page in pages:
        fonts = resolve1(page.resources.get("Font")) if isinstance(page.resources, dict) else None
        for font in (fonts.values() if isinstance(fonts, dict) else ()):
            font = resolve1(font)
            if not isinstance(font, dict):
                continue
            name = named(resolve1(font.get("BaseFont")))
            program: Any = font
            if named(resolve1(font.get("Subtype"))) == "/Type0":  # a CID-keyed font: the program is its descendant's
                descendants = resolve1(font.get("DescendantFonts"))
                program = resolve1(descendants[0]) if descendants else None
            descriptor = resolve1(program.get("FontDescriptor")) if isinstance(program, dict) else None
            embedded = isinstance(descriptor, dict) and any(
                key in descriptor for key in ("FontFile", "FontFile2", "FontFile3"))
            found[name] = found.get(name, True) and embedded and "+" in name
    return [Font(name, ok) for name, ok in found.items()]


def bounded(pdf_path: Path, work: Callable[[Path], T]) -> T:
    """`work(pdf_path)` in a child process within MEMORY and CPU_SECONDS; a file that needs more,
    or that crashes the reader, is refused with a ContentError."""
    try:
        context = multiprocessing.get_context("fork")
    except ValueError:  # no fork (Windows): unbounded, in this process
        return work(pdf_path)
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sending, work, pdf_path), daemon=True)
    child.start()
    sending.close()
    outcome, stopped = None, True  # stopped: until the child answers or ends by itself
    try:
        if receiving.poll(WALL_SECONDS):
            stopped = False
            outcome = receiving.recv()
    except EOFError:
        pass  # the child ended before it could answer: its exit code says how
    finally:
        if stopped:  # (also on Ctrl+C)
            child.kill()
        child.join()
        receiving.close()
    if outcome is None:
        if stopped:
            raise refusal(pdf_path, f"测量 {WALL_SECONDS} 秒仍未结束（可能是构造异常的文件）", BEYOND)
        if child.exitcode == -signal.SIGXCPU:
            raise refusal(pdf_path, f"测量超过 {CPU_SECONDS} 秒（可能是构造异常的文件）", BEYOND)
        raise refusal(pdf_path, "已损坏（读取程序异常退出）")
    kind, value = outcome
    if kind == "done":
        return value
    if kind == "refused":
        raise ContentError(value)
    if kind == "memory":
        raise refusal(pdf_path, f"展开后超过 {MEMORY >> 20} MiB 内存（可能是压缩炸弹）", BEYOND)
    raise RuntimeError(value)  # a fault of the checker itself: reported as an internal error


def _child(sending, work: Callable[[Path], Any], pdf_path: Path) -> None:
    _limit(resource.RLIMIT_DATA, _data_in_use() + MEMORY)
    _limit(resource.RLIMIT_CPU, CPU_SECONDS)  # (a forked process starts at no CPU time)
    logging.disable(logging.CRITICAL)  # pdfminer logs every oddity of a foreign file
    warnings.simplefilter("ignore")
    try:
        sending.send(("done", work(pdf_path)))
    except ContentError as exc:
        sending.send(("refused", exc.problems))
    except MemoryError:
        sending.send(("memory", None))
    except BaseException as exc:
        sending.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        sending.close()


def _limit(kind: int, value: int) -> None:
    soft, hard = resource.getrlimit(kind)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    resource.setrlimit(kind, (value, hard))


def _data_in_use() -> int:
    """The process's data segment (what RLIMIT_DATA counts), inherited from the parent."""
    try:
        with open(f"/proc/{os.getpid()}/status") as status:
            for line in status:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0
