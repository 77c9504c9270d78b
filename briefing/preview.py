"""Page previews: the pages as PNG images and a contact sheet of all of them, rendered with
pdfium (pypdfium2) from the PDF the build would write, so a writer sees the briefing at a glance
without printing it."""
from __future__ import annotations

import re
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
from PIL import Image

from .api import Checked, guard, lay_out_pdf
from .errors import ContentError
from .pageplan.items import Box, Colour, Item, PagePlan, Rule, TextLine, Turned
from .write import atomic_target

DPI = 110  # a page 910 px wide and 1286 tall: readable on a screen
# A page on the contact sheet: its image reduced to a quarter (228 px wide), averaging each 4 x 4
# pixels; drawing it again at that size took 50 ms for the default edition's 14 pages, this 20 ms.
THUMB_REDUCTION = 4
COLUMNS = 6
GAP = 16
SHEET = "总览.png"


@dataclass(frozen=True)
class Previewed:
    folder: Path
    pages: tuple[Path, ...]
    sheet: Path
    warnings: list


def pages_wanted(spec: str | None, count: int) -> list[int]:
    """“1,3-5” → [1, 3, 4, 5] (pages of the document); None → all."""
    if spec is None:
        return list(range(1, count + 1))
    wanted: set[int] = set()
    for part in spec.replace("，", ",").split(","):
        match = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?", part)
        if not match:
            raise ContentError.one(None, f"页码范围“{spec}”写得不对。", "写成 1,3-5 这样：逗号分隔，连续的页用短横线。")
        first, last = int(match[1]), int(match[2] or match[1])
        if not 1 <= first <= last <= count:
            raise ContentError.one(None, f"页码范围“{part.strip()}”超出了文件的 {count} 页。", f"写 1 至 {count} 之间的页码。")
        wanted.update(range(first, last + 1))
    return sorted(wanted)


def default_folder(content: Path, checked: Checked) -> Path:
    return content.resolve().parent / "dist" / f"{checked.document.edition.output}-预览"


def preview(content: Path, folder: Path | None = None, spec: str | None = None) -> Previewed:
    laid = lay_out_pdf(content)
    checked = laid.checked
    folder = folder or default_folder(content, checked)
    guard(content, checked, folder, "")
    wanted = pages_wanted(spec, len(laid.book.pages))
    document = pypdfium2.PdfDocument(laid.pdf)
    folder.mkdir(parents=True, exist_ok=True)
    thumbs, files = [], []
    try:
        for number in wanted:
            image = drawn(document[number - 1])
            path = folder / f"第{number:03d}页.png"
            _save(page_png(image, laid.book.pages[number - 1]), path)
            files.append(path)
            thumbs.append(image.reduce(THUMB_REDUCTION))
    finally:
        document.close()
    sheet = folder / SHEET
    _save(png(contact_sheet(thumbs)), sheet)
    return Previewed(folder, tuple(files), sheet, checked.warnings)


def drawn(page: pypdfium2.PdfPage) -> Image.Image:
    """The page drawn at DPI, in colour: by pdfium in RGB order, so that the image is its bitmap
    as is (from pdfium's own BGR, Pillow reordered every pixel: 47 ms of the default edition's
    14 pages, against 15 ms)."""
    return page.render(scale=DPI / 72, rev_byteorder=True).to_pil()


def page_png(image: Image.Image, plan: PagePlan) -> bytes:
    """A page's image as PNG: grey where the page prints in black and greys only."""
    return png(image.convert("L" if in_black(plan) else "RGB"))


def in_black(plan: PagePlan) -> bool:
    """Whether a page prints in black and greys only (no picture, no colour with cyan, magenta
    or yellow): its image is saved in grey, the same pixels in a third of the data to compress
    (PNG encoding was half of a preview's time)."""
    def plain(colour: Colour | None) -> bool:
        return colour is None or not any(colour[:3])

    def black(item: Item | TextLine | Rule | Box) -> bool:
        if isinstance(item, TextLine):
            return all(plain(run.colour) for run in item.runs)
        if isinstance(item, Rule):
            return plain(item.colour)
        if isinstance(item, Box):
            return plain(item.fill) and plain(item.stroke)
        if isinstance(item, Turned):
            return all(map(black, item.items))
        return False  # a picture

    return all(map(black, plan.items))


def contact_sheet(thumbs: list[Image.Image]) -> Image.Image:
    """The pages' thumbnails in rows of COLUMNS, on grey like a light table."""
    width, height = max(t.width for t in thumbs), max(t.height for t in thumbs)
    columns = min(COLUMNS, len(thumbs))
    rows = -(-len(thumbs) // columns)
    sheet = Image.new("RGB", (columns * (width + GAP) + GAP, rows * (height + GAP) + GAP), (205, 205, 205))
    for index, thumb in enumerate(thumbs):
        row, column = divmod(index, columns)
        sheet.paste(thumb, (GAP + column * (width + GAP), GAP + row * (height + GAP)))
    return sheet


def _save(data: bytes, path: Path) -> None:
    with atomic_target(path) as temporary:  # a viewer never sees half an image
        temporary.write_bytes(data)


def png(image: Image.Image) -> bytes:
    """An RGB or grey image as PNG, its rows unfiltered and compressed at zlib's fastest level
    with run-length matching only. Pillow's encoder tries every filter on every row: on black
    text and white paper that took twice the time for a larger file (a page: 23 ms and 171 kB,
    against 12 ms and 135 kB); matching runs only, not strings, then took the default edition's
    14 pages from 222 to 173 ms and 1742 to 1613 kB (white paper is runs)."""
    width, height = image.size
    raw = image.tobytes()
    stride = len(raw) // height
    rows = b"".join(b"\0" + raw[at:at + stride] for at in range(0, len(raw), stride))  # (filter 0: none)
    header = struct.pack(">IIBBBBB", width, height, 8, {"L": 0, "RGB": 2}[image.mode], 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", _deflated(rows)) + _chunk(b"IEND", b"")


def _deflated(data: bytes) -> bytes:
    compressor = zlib.compressobj(1, zlib.DEFLATED, zlib.MAX_WBITS, 8, zlib.Z_RLE)
    return compressor.compress(data) + compressor.flush()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
