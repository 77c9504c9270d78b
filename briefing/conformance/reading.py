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
# 3.5 s of CPU; the ceilings leave room for files far heavier than that on a slow machine.
MEMORY = 1024 << 20  # bytes of data (heap) the measuring process may add to what it inherits
CPU_SECONDS = 120
WALL_SECONDS = 300  # a process that waits without using CPU (it should not) is stopped too
STREAM_LIMIT = 75_000_000  # bytes a page's drawing may inflate to (pypdf's bound, checked first)
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
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError

    with open(pdf_path, "rb") as handle:
        if not handle.read(1024).lstrip().startswith(b"%PDF-"):
            raise refusal(pdf_path, "不是 PDF 文件")
    try:
        reader = PdfReader(str(pdf_path))
        if reader.is_encrypted:
            raise refusal(pdf_path, "已加密", "请先用原软件去掉密码保护，再检查。")
        if not reader.pages:
            raise refusal(pdf_path, "没有页面")
        for page in reader.pages:  # each page's drawing inflated within pypdf's bounds (75 MB)
            contents = page.get_contents()
            if contents is not None:
                contents.get_data()
        fonts = _fonts(reader)
        with open(pdf_path, "rb") as stream:
            document = PDFDocument(PDFParser(stream), password="")
            resources, shared = PDFResourceManager(), Shared()  # (each font read once, for all pages)
            pages = [draw(page, number, resources, shared)
                     for number, page in enumerate(PDFPage.create_pages(document), 1)]
        page_one = None
        if raster:
            document = pypdfium2.PdfDocument(str(pdf_path))
            try:
                page_one = document[0].render(scale=RASTER_DPI / 72).to_pil().convert("RGB")
            finally:
                document.close()
    except (ContentError, MemoryError):
        raise
    except LimitReachedError:
        raise refusal(pdf_path, f"有页面的内容展开后超过 {STREAM_LIMIT // 10**6} MB（可能是压缩炸弹）",
                      BEYOND) from None
    except Exception as exc:  # the readers raise many kinds on a damaged file
        if _out_of_memory(exc):
            raise MemoryError from None  # (a reader that catches it raises its own)
        raise refusal(pdf_path, "已损坏（读取时出错）") from None
    return Document(pages, page_one, fonts)


def _out_of_memory(exc: BaseException | None) -> bool:
    while exc is not None:
        if isinstance(exc, MemoryError):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _fonts(reader) -> list[Font]:
    """Every font the pages use, and whether its program is embedded as a subset."""
    from pypdf.generic import DictionaryObject

    def resolved(value):
        return value.get_object() if value is not None else None

    found: dict[str, bool] = {}
    for page in reader.pages:
        resources = resolved(page.get("/Resources"))
        fonts = resolved(resources.get("/Font")) if isinstance(resources, DictionaryObject) else None
        for font in (fonts.values() if isinstance(fonts, DictionaryObject) else ()):
            font = resolved(font)
            if not isinstance(font, DictionaryObject):
                continue
            name = str(font.get("/BaseFont"))
            program: Any = font
            if font.get("/Subtype") == "/Type0":  # a CID-keyed font: the program is its descendant's
                descendants = resolved(font.get("/DescendantFonts"))
                program = resolved(descendants[0]) if descendants else None
            descriptor = resolved(program.get("/FontDescriptor")) if isinstance(program, DictionaryObject) else None
            embedded = isinstance(descriptor, DictionaryObject) and any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
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
    logging.disable(logging.CRITICAL)  # pdfminer and pypdf log every oddity of a foreign file
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
