"""Draw page plans into a PDF: the pages' operators are written here; ReportLab's canvas and
document objects make the file (pages, fonts, outline, information)."""
from __future__ import annotations

import codecs
import hashlib
import io
import re
import time
import zlib
from itertools import groupby
from pathlib import Path
from typing import BinaryIO, Iterable, Sequence, cast

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import TimeStamp
from reportlab.pdfgen.canvas import Canvas

from .. import memo
from .. import geometry
from .cidfont import CidFonts
from .pack import pack, versioned
from ..fonts import FontSet
from ..pageplan.book import Book
from ..pageplan.items import Box, Colour, GlyphRun, Item, PagePlan, Picture, Rule, TextLine, Turned

rl_config.useA85 = 0  # binary streams: ~12 % smaller files and no ASCII85 encoding time
CREATOR = "briefing"


def write_pdf(book: Book, fonts: FontSet, target: Path | BinaryIO,
              reserve: Sequence[PagePlan] = (), packed: bool = True, archival: bool = False) -> CidFonts:
    """`target`: a path or a binary file object. Byte-identical for the same book and fonts.
    The fonts also hold the characters of `reserve`, pages not drawn (the 份号 stamps that
    copies add later, drawn with the fonts returned: see stamp). `packed`: objects in object
    streams (see pack); a master that copies are appended to keeps ReportLab's plain table.
    `archival`: the PDF/A-2b edition (see pdfa)."""
    plans, info = book.pages, book.info
    buffer = io.BytesIO()
    canv = Canvas(buffer, pagesize=(geometry.PAGE_WIDTH, geometry.PAGE_HEIGHT), invariant=1, pageCompression=1,
                  initialFontName=fonts.face("fangsong").name, lang="zh-CN")
    canv.setTitle(info.title)
    canv.setAuthor(info.author)
    canv.setSubject(info.subject)
    canv.setKeywords(info.keywords)
    canv.setCreator(CREATOR)
    canv.setProducer(info.producer)
    if info.created is not None:  # else invariant=1 fixes it to 2000-01-01
        canv._doc._timeStamp = _timestamp(*info.created)
    if archival:
        from .pdfa import in_rgb, mark_archival
        mark_archival(canv._doc, info)
    if any(plan.bookmarks for plan in plans):
        canv.showOutline()  # open with the bookmarks panel
    faces = CidFonts([*plans, *reserve])
    canv._doc.delayedFonts.append(faces)  # its font objects are written when the document is
    shared = canv._doc.Reference(pdfdoc.PDFDictionary({"Font": pdfdoc.PDFObjectReference(pdfdoc.BasicFonts)}),
                                 "briefing:resources")
    cached = (faces.signature, archival)
    known = dict(_PAGES.pop(cached, ()))  # (hashing pages' items only when there are some)
    written: list[tuple[tuple[Item, ...], bytes]] = []
    level = -1  # an outline goes down one level at a time (an order prints no title over its parts)
    for plan in plans:
        for mark in plan.bookmarks:
            level = min(mark.level, level + 1)
            canv.bookmarkPage(mark.key)
            canv.addOutlineEntry(_raw_string(mark.title), mark.key, level)
        items = tuple(plan.items)
        pictured = any(isinstance(item, Picture) for item in items)
        content = known.get(items) if known and not pictured else None
        if content is None:
            draw_items(canv, items, faces)
        canv.showPage()
        page = canv._doc.Pages.pages[-1]
        if content is None:
            content = zlib.compress((in_rgb(page.stream) if archival else page.stream).encode("utf-8"))
        if not pictured:
            written.append((items, content))
        _trim(canv._doc, page, _Contents(content), shared)
    _PAGES[cached] = written
    while len(_PAGES) > SIGNATURES_KEPT:
        del _PAGES[next(iter(_PAGES))]
    canv.save()
    data = pack(buffer.getvalue()) if packed else versioned(buffer.getvalue())
    if isinstance(target, Path):
        target.write_bytes(data)
    else:
        target.write(data)
    return faces


# The compressed content streams of the pages written lately (watch mode), by the glyph codes
# they were written with: a page that shows the same items with the same codes is the same
# stream, taken from here instead of drawn and compressed again. Pages with pictures are drawn
# every time (ReportLab registers an image with the document as it draws it). Kept for the
# latest few sets of codes, so that other PDFs written meanwhile (a chart's picture, a
# distribution's master) do not push a document's pages out.
SIGNATURES_KEPT = 8
_PAGES: dict[tuple, list[tuple[tuple[Item, ...], bytes]]] = memo.table("PDF page streams", SIGNATURES_KEPT)


def _trim(doc: pdfdoc.PDFDocument, page: pdfdoc.PDFPage, contents: _Contents,
          shared: pdfdoc.PDFObjectReference) -> None:
    """Give the page its contents, and leave out of its dictionary what ReportLab writes by
    default and readers do without (an empty transition, rotation 0); a page of text and lines
    uses the resources all such pages share (its fonts; /ProcSet is obsolete since PDF 1.4):
    ~110 bytes a page. Such a page is then written as a _TextPage, unless it has anything else a
    page may have (an annotation, a box, another size), which ReportLab's page writes."""
    if _text_only(page):
        name = page.__InternalName__  # (what the page tree and the bookmarks refer to it by)
        doc.idToObject[name] = doc.Pages.pages[-1] = _TextPage(name, contents, shared)
    else:
        page.Contents, page.Trans, page.Rotate = contents, None, None


def _text_only(page: pdfdoc.PDFPage) -> bool:
    """Does the page show text and lines only, on the A4 page, with nothing else a page may have?"""
    return not (page.XObjects or page.ExtGState or page._colorsUsed or page._shadingUsed or page.Annots
                or (page.pagewidth, page.pageheight) != (geometry.PAGE_WIDTH, geometry.PAGE_HEIGHT)
                or any(getattr(page, key) is not None for key in page.__NoDefault__ if key not in _TEXT_PAGE_KEYS))


# What a _TextPage writes or leaves out (an empty list of annotations is none, as ReportLab has it).
_TEXT_PAGE_KEYS = ("Contents", "Parent", "Resources", "Rotate", "Trans", "Annots")


class _TextPage(pdfdoc.PDFObject):
    """A page of text and lines (see _trim) as ReportLab's PDFPage writes it, byte for byte, its
    contents numbered when it is written (after the page tree) as PDFPage numbers them, but
    without PDFPage's general formatting of every attribute a page may have (with _Contents:
    canvas.save of the 442-page edition 46 -> 32 ms)."""

    __RefOnly__ = 1

    def __init__(self, name: str, contents: _Contents, resources: pdfdoc.PDFObjectReference):
        self.__InternalName__ = name
        self.contents, self.resources = contents, resources

    def format(self, document: pdfdoc.PDFDocument) -> bytes:
        parent = document.Reference(document.Pages).format(document)
        contents = document.Reference(self.contents).format(document)
        return b"<<\n/Contents %s /MediaBox %s /Parent %s /Resources %s /Type /Page\n>>" % (
            contents, _MEDIA_BOX, parent, self.resources.format(document))


_MEDIA_BOX = pdfdoc.PDFArray([0, 0, geometry.PAGE_WIDTH, geometry.PAGE_HEIGHT]).format(pdfdoc.DummyDoc())


class _Contents(pdfdoc.PDFObject):
    """A page's compressed operators, written as ReportLab's PDFStream writes them."""

    __RefOnly__ = 1

    def __init__(self, content: bytes):
        self.content = content

    def format(self, document: pdfdoc.PDFDocument) -> bytes:
        return b"<<\n/Filter /FlateDecode /Length %d\n>>\nstream\n%sendstream\n" % (len(self.content), self.content)


def _raw_string(text: str) -> pdfdoc.PDFString:
    """A text string as UTF-16 bytes in a literal string: ReportLab escapes every byte over 127
    as three octal digits (an outline entry's title twice as long)."""
    data = codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    for special in (b"\\", b"(", b")", b"\r"):
        data = data.replace(special, b"\\" + (b"r" if special == b"\r" else special))
    return pdfdoc.PDFString(data, escape=0, enc="raw")


def _timestamp(seconds: int, offset: int) -> TimeStamp:
    """ReportLab's document date, set from the content instead of the clock."""
    stamp = TimeStamp(invariant=1)
    stamp.t, stamp.lt = seconds, time.gmtime(seconds + offset)
    stamp.YMDhms, stamp.dhh, stamp.dmm = tuple(stamp.lt)[:6], offset // 3600, offset % 3600 // 60
    return stamp


def draw_items(canv: Canvas, items: Sequence[Item], faces: CidFonts) -> None:
    """Consecutive text lines go into one text object, consecutive rules and boxes into one
    group of path operators; turned items and pictures between them."""
    for kind, group in groupby(items, key=_kind):
        if kind is TextLine:  # (the group is of that kind)
            canv._code.append(_text_object(cast(list[TextLine], list(group)), faces))
        elif kind is Rule:
            canv._code.append(_shapes(cast(Iterable[Rule | Box], group)))
        else:
            for item in group:
                canv.saveState()
                if isinstance(item, Turned):  # (u, v) -> (RIGHT - v, BOTTOM + u): a quarter turn counter-clockwise
                    canv.translate(geometry.RIGHT, geometry.BOTTOM)
                    canv.rotate(90)
                    draw_items(canv, item.items, faces)
                elif isinstance(item, Picture):
                    _draw_picture(canv, item)
                canv.restoreState()


def _draw_picture(canv: Canvas, picture: Picture) -> None:
    """Canvas.drawImage, but with the image named by its content: ReportLab names an image given
    by file name after the path, so the same content in another folder made another PDF."""
    name = hashlib.sha256(picture.path.read_bytes()).hexdigest()[:32]
    registered = canv._doc.getXObjectName(name)
    if canv._doc.idToObject.get(registered) is None:
        image = pdfdoc.PDFImageXObject(name, str(picture.path), mask="auto")
        image.name = name
        canv._setXObjects(image)
        canv._doc.Reference(image, registered)
        canv._doc.addForm(name, image)
        smask = getattr(image, "_smask", None)
        if smask is not None:  # the alpha channel, its own image
            canv._setXObjects(smask)
            image.smask = canv._doc.Reference(smask, canv._doc.getXObjectName(smask.name))
            del image._smask
    canv._currentPageHasImages = 1
    canv.saveState()
    canv.transform(picture.width, 0, 0, picture.height, picture.x, picture.y)
    canv._code.append(f"/{registered} Do")
    canv.restoreState()
    canv._formsinuse.append(name)


def _kind(item: Item) -> type:
    return Rule if isinstance(item, Box) else type(item)


def _shapes(items: Iterable[Rule | Box]) -> str:
    """Rules and boxes as path operators in one saved graphics state, each colour, width and
    dash set when it changes (ReportLab's canvas saves the state around every line)."""
    ops = ["q"]
    stroke: Colour | None = None
    fill: Colour | None = None
    width: float | None = None
    dash: tuple[float, ...] = ()
    for item in items:
        colour, line_width, line_dash = ((item.colour, item.width, item.dash) if isinstance(item, Rule)
                                         else (item.stroke, item.line_width, ()))
        if colour is not None:  # stroked: its colour, width and dash (a box's border is solid)
            if colour != stroke:
                stroke = colour
                ops.append(_colour_operator(stroke, "K"))
            if line_width != width:
                width = line_width
                ops.append(f"{fp_str(width)} w")
            if line_dash != dash:
                dash = line_dash
                ops.append(f"[{' '.join(fp_str(step) for step in dash)}] 0 d")
        if isinstance(item, Rule):
            ops.append(f"{_number(item.x1)} {_number(item.y1)} m {_number(item.x2)} {_number(item.y2)} l S")
            continue
        if item.fill is not None and item.fill != fill:
            fill = item.fill
            ops.append(_colour_operator(fill, "k"))
        paint = "B" if item.fill is not None and colour is not None else "f" if item.fill is not None else "S"
        ops.append(f"{_number(item.x)} {_number(item.y)} {_number(item.width)} {_number(item.height)} re {paint}")
    ops.append("Q")
    return "\n".join(ops)


def stamp_content(stamp: Sequence[TextLine], faces: CidFonts) -> str:
    """A copy's stamp (its 份号 and recipient) as content drawn over page 1 of a written PDF, in
    the fonts write_pdf returned for it (it reserved the stamps' characters): the stream an
    incremental update appends to the master (see stamp)."""
    return _text_object(stamp, faces)


def _text_object(lines: Sequence[TextLine], faces: CidFonts) -> str:
    """The lines as one PDF text object, written directly: each line placed with `Tm`,
    each further run of the line moved to with `Td` (some readers, pdfminer, drop the character
    spacing after the last glyph of a string, so a run is placed, not left to follow the
    previous one), one string per run (see cidfont). Where runs leave out the glue between Han
    and Latin, the line from the last glyph before the first gap carries its text as
    /ActualText, so copy and search give it as written."""
    ops = ["BT"]
    append, hexes, resources = ops.append, faces.hexes, faces.resources
    font_now: str | None = None
    size_now: float | None = None
    space_now: float | None = None
    colour_now: Colour | None = None
    for line in lines:
        at_x, at_y = 0.0, None  # the line matrix's origin, as the reader has it
        for run in _pieces(line) if _has_glue(line.text) else line.runs:
            if isinstance(run, str):  # marked content
                append(run)
                continue
            # (the fields unpacked at once, a position's text and rounding looked up together,
            # each run's operators one string: with the cheaper glue checks, the text objects of
            # the 442-page edition took 1390M instructions, now 1010M)
            x, y, text, font, size, char_space, _, colour = run
            if colour != colour_now:
                colour_now = colour
                append(_colour_operator(colour))
            if char_space != space_now:
                space_now = char_space
                append(_spacing_operator(char_space))
            if font != font_now or size != size_now:
                font_now, size_now = font, size
                append(_font_operator(resources[font], size))
            if y != at_y:
                (across, at_x), (up, _) = _position(x), _position(y)
                at_y = y
                append(f"1 0 0 1 {across} {up} Tm <{text.translate(hexes[font])}> Tj")
            else:  # (the step's text is the rounded step's: both round the exact binary value)
                across, step = _position(x - at_x)
                at_x += step
                append(f"{across} 0 Td <{text.translate(hexes[font])}> Tj")
    append("ET")
    return "\n".join(ops)


def _pieces(line: TextLine) -> list[str | GlyphRun]:
    """The runs of a line with Han–Latin glue, and the marked-content operators around the glue
    (see _text_object); a run is split where the marked stretch begins inside it."""
    runs = line.runs
    gap = next((n for n in range(len(runs) - 1) if runs[n + 1].x - runs[n].x - sum(runs[n].advances) > _GLUE_MIN), None)
    if gap is None or line.role != "正文" or any([run.char_space > _SPACED * run.size for run in runs]) or \
            "".join([run.text for run in runs]) != line.text:  # spaced out, or spaces of its own: all of it
        return [_span(line.text), *runs, "EMC"]
    # From the glyph before the first gap (the gap inside) to the line's end: pdfium copies a
    # space after a stretch that ends within the line.
    before = sum([len(run.text) for run in runs[:gap + 1]]) - 1
    outside, inside = _split(runs[gap], len(runs[gap].text) - 1)
    marked: list[str | GlyphRun] = [*runs[:gap], outside, _span(line.text[before:]), inside, *runs[gap + 1:], "EMC"]
    return [piece for piece in marked if isinstance(piece, str) or piece.text]


def _split(run: GlyphRun, at: int) -> tuple[GlyphRun, GlyphRun]:
    """`run` as its first `at` characters and the rest (the first may be empty). (Made whole:
    _replace takes three times as long.)"""
    x, y, text, font, size, char_space, advances, colour = run
    return (GlyphRun(x, y, text[:at], font, size, char_space, advances[:at], colour),
            GlyphRun(x + sum(advances[:at]), y, text[at:], font, size, char_space, advances[at:], colour))


@memo.kept("PDF colour operators")
def _colour_operator(colour: Colour, operator: str = "k") -> str:
    """Set the fill ("k") or stroke ("K") colour, CMYK."""
    return f"{' '.join(fp_str(c) for c in colour)} {operator}"


@memo.kept("PDF spacing operators")
def _spacing_operator(space: float) -> str:
    return f"{fp_str(round(space, 4))} Tc"


@memo.kept("PDF font operators")
def _font_operator(resource: str, size: float) -> str:
    """Set the font and size (cached: a CJK line switches fonts every few runs, 21,000 times in
    the 442-page edition, and fp_str formatting each took 15 of its text objects' 130 ms)."""
    return f"/{resource} {fp_str(size)} Tf"


def _number(value: float) -> str:
    """A position to 0.01 pt (0.004 mm), without trailing zeros."""
    return _position(value)[0]


@memo.kept("PDF numbers")
def _position(value: float) -> tuple[str, float]:
    """The position as written (see _number) and as a reader has it, round(value, 2) (cached:
    baselines and margins recur, and round() to digits is slow)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return ("0" if text == "-0" else text), round(value, 2)


def _span(text: str) -> str:
    return f"/Span<</ActualText<FEFF{text.encode('utf-16-be').hex().upper()}>>>BDC"


_GLUE_MIN = 0.5  # pt: a gap between runs this wide is glue a reader would copy as a space
_SPACED = 0.05  # em: letters spaced wider than this readers may copy with spaces between them


def _has_glue(text: str) -> bool:
    """Does the line set Latin letters or digits among Han text (with the quarter-em glue,
    which readers would copy as a space)?"""
    return _LATIN.search(text) is not None and max(text) >= "\u2e80"  # (most lines have no Latin: max() unasked)


_LATIN = re.compile("[A-Za-z0-9]")
