"""Each face the pages use, embedded once as a CID-keyed font (Type0, Identity-H).

ReportLab embeds a TrueType face as subsets of 256 glyphs, each a font of its own with its own
copy of the face's tables, and a line's text as one string per subset: a CJK page switches fonts
about a dozen times a line. Here each face is one subset (fontprogram, given every character the
pages use) and its glyphs are addressed by two-byte codes equal to their glyph
numbers (CIDToGIDMap /Identity), so a run of text is one string. /W gives the widths the
typesetter measured with; /ToUnicode maps every code back to its character, so copy and search
give the text."""
from __future__ import annotations

import hashlib
import zlib
from typing import Iterable

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfmetrics import getFont
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, TTFontFace

from .. import memo
from ..cache import SUBSETS_KEPT, remembered
from ..fontcache import pieces
from ..pageplan.items import PagePlan, characters_by_font
from .fontprogram import glyph_order, program

RESOURCE_PREFIX = "BF"  # the fonts' names in the pages' resources: /BF1, /BF2 …


class CidFonts:
    """The faces of a set of pages: codes for their text now, the font objects at save time
    (ReportLab calls addObjects on the fonts it was told are delayed)."""

    def __init__(self, plans: Iterable[PagePlan]):
        used = characters_by_font(plans)
        self.faces = sorted(used)  # ReportLab font names, in a fixed order
        self.subsets = {name: sorted(map(ord, used[name])) for name in self.faces}
        encodings = {name: _encoding(getFont(name).face, tuple(self.subsets[name])) for name in self.faces}
        self.codes = {name: encodings[name][0] for name in self.faces}
        self.resources = {name: f"{RESOURCE_PREFIX}{n}" for n, name in enumerate(self.faces, 1)}
        # Equal when every character is encoded the same way (what the page cache keys on): the
        # codes themselves, as they depend on the characters used and on the font file.
        self.signature = tuple((name, tuple(self.codes[name].items())) for name in self.faces)
        # Each face's table for str.translate: a text's characters to the hex of their codes,
        # the string a run is shown with.
        self.hexes = {name: encodings[name][1] for name in self.faces}

    def addObjects(self, doc: pdfdoc.PDFDocument) -> None:  # noqa: N802 (ReportLab's name)
        fonts = doc.idToObject["BasicFonts"].dict
        for name in self.faces:
            face, subset, codes = getFont(name).face, self.subsets[name], self.codes[name]
            base = f"{_tag(name, subset)}+{face.name.decode('latin-1')}"
            descriptor = _descriptor(doc, face, base, tuple(subset))
            widths, unicode_map_content = _widths_and_map(face, base, tuple(codes.items()))
            cid_font = pdfdoc.PDFDictionary({
                "Type": "/Font", "Subtype": "/CIDFontType2", "BaseFont": pdfdoc.PDFName(base),
                "CIDSystemInfo": pdfdoc.PDFDictionary({"Registry": pdfdoc.PDFString("Adobe"),
                                                       "Ordering": pdfdoc.PDFString("Identity"), "Supplement": 0}),
                "FontDescriptor": descriptor, "CIDToGIDMap": "/Identity", "W": widths})
            unicode_map = pdfdoc.PDFStream(pdfdoc.PDFDictionary({"Filter": "/FlateDecode"}), unicode_map_content)
            font = pdfdoc.PDFDictionary({
                "Type": "/Font", "Subtype": "/Type0", "BaseFont": pdfdoc.PDFName(base), "Encoding": "/Identity-H",
                "DescendantFonts": pdfdoc.PDFArray([doc.Reference(cid_font, f"cidFont:{base}")]),
                "ToUnicode": doc.Reference(unicode_map, f"toUnicode:{base}")})
            resource = self.resources[name]
            fonts[resource] = doc.Reference(font, resource)


def _descriptor(doc: pdfdoc.PDFDocument, face: TTFontFace, base: str,
                subset: tuple[int, ...]) -> pdfdoc.PDFObjectReference:
    """The subset's FontDescriptor and font program (what ReportLab's addSubsetObjects writes,
    with the compressed program kept for the next build of the same characters)."""
    program, length = _font_program(face, subset)
    stream = pdfdoc.PDFStream(pdfdoc.PDFDictionary({"Length1": length, "Filter": "/FlateDecode"}), program)
    return doc.Reference(pdfdoc.PDFDictionary({
        "Type": "/FontDescriptor", "Ascent": face.ascent, "CapHeight": face.capHeight, "Descent": face.descent,
        "Flags": (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC, "FontBBox": pdfdoc.PDFArray(face.bbox),
        "FontName": pdfdoc.PDFName(base), "ItalicAngle": face.italicAngle, "StemV": face.stemV,
        "FontFile2": doc.Reference(stream, f"fontFile:{base}"), "MissingWidth": face.defaultWidth}),
        f"fontDescriptor:{base}")


@memo.kept("PDF font programs")
def _font_program(face: TTFontFace, subset: tuple[int, ...]) -> tuple[bytes, int]:
    """The program of `face` holding `subset` (see fontprogram), compressed, and its length before; kept
    in the user's cache by the font file's digest and the characters (a rebuild of the same
    text: 60 ms of subsetting and compressing saved on a short edition)."""
    digest = getattr(face, "briefing_digest", None)
    key = f"{PROGRAM_FORMAT}:{digest}:{subset}" if digest else None
    return remembered("subsets", key, lambda: _subset(face, subset), _is_program, SUBSETS_KEPT)


def _is_program(value: object) -> bool:
    return (isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], bytes)
            and isinstance(value[1], int))


def _subset(face: TTFontFace, subset: tuple[int, ...]) -> tuple[bytes, int]:
    with pieces(face) as read:
        data = program(face, read, subset)
    return zlib.compress(data), len(data)


PROGRAM_FORMAT = 5  # what _subset makes; a program kept in another format is not used


@memo.kept("PDF encodings")
def _encoding(face: TTFontFace, subset: tuple[int, ...]) -> tuple[dict[int, int], dict[int, str]]:
    """Each character's code, and the code in hex as text is written with it (the same
    characters in a rebuild: the same encoding, made once)."""
    codes = _glyph_numbers(face.charToGlyph, subset)
    return codes, {char: f"{code:04X}" for char, code in codes.items()}


def _glyph_numbers(char_to_glyph: dict[int, int], subset: tuple[int, ...]) -> dict[int, int]:
    """Each character's glyph number in the subset fontprogram cuts from `subset`."""
    _, numbers = glyph_order(char_to_glyph, subset)
    return {char: numbers[char_to_glyph.get(char, 0)] for char in subset}


class _Formatted(pdfdoc.PDFObject):
    """An object written out once and kept."""

    def __init__(self, data: bytes):
        self.data = data

    def format(self, document: pdfdoc.PDFDocument) -> bytes:
        return self.data


@memo.kept("PDF widths and maps")
def _widths_and_map(face: TTFontFace, base: str, codes: tuple[tuple[int, int], ...]) -> tuple[_Formatted, bytes]:
    """The /W array and the compressed ToUnicode CMap for these codes (the same characters in a
    rebuild: the same bytes)."""
    widths = {code: face.getCharWidth(char) for char, code in codes}
    return _Formatted(_widths(widths)), zlib.compress(_to_unicode(base, dict(codes)).encode("latin-1"))


def _widths(widths: dict[int, float]) -> bytes:
    """/W: runs of consecutive codes as `first [w w …]`, written here as ReportLab writes the
    array (formatting it item by item, ReportLab took twice as long: 2.6 -> 1.4 ms for the
    default edition's fonts)."""
    runs: list[tuple[int, list[bytes]]] = []
    for code in sorted(widths):
        if not runs or code != runs[-1][0] + len(runs[-1][1]):
            runs.append((code, []))
        runs[-1][1].append(fp_str(_number(widths[code])).encode())
    return _array([item for first, run in runs for item in (b"%d" % first, _array(run))])


def _array(items: list[bytes]) -> bytes:
    """Items as ReportLab writes an array (PDFArrayCompact): ten to a line."""
    return b"[ " + b" \n  ".join([b" ".join(items[at:at + 10]) for at in range(0, len(items), 10)]) + b" ]"


def _number(width: float) -> float | int:
    return int(width) if width == int(width) else round(width, 3)


def _to_unicode(base: str, codes: dict[int, int]) -> str:
    """A ToUnicode CMap: each two-byte code to its character (the first, when characters share a glyph)."""
    pairs: dict[int, int] = {}
    for char, code in sorted(codes.items()):
        pairs.setdefault(code, char)
    lines = ["/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
             "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
             f"/CMapName /{base.replace('+', '-')}-UCS def", "/CMapType 2 def",
             "1 begincodespacerange", "<0000> <FFFF>", "endcodespacerange"]
    items = sorted(pairs.items())
    for start in range(0, len(items), 100):  # at most 100 mappings to a block
        block = items[start:start + 100]
        lines.append(f"{len(block)} beginbfchar")
        lines += [f"<{code:04X}> <{_utf16(char)}>" for code, char in block]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


def _utf16(char: int) -> str:
    """The character in UTF-16, in hex: its own number in the Basic Multilingual Plane (formatted
    at once, where encoding each character took as long as the rest of the CMap), else a
    surrogate pair."""
    return f"{char:04X}" if char < 0x10000 else chr(char).encode("utf-16-be").hex().upper()


def _tag(name: str, subset: list[int]) -> str:
    """The subset's six-letter tag, from what it holds (the same subset, the same tag)."""
    digest = hashlib.sha256(f"{name}:{subset}".encode()).digest()
    return "".join(chr(ord("A") + byte % 26) for byte in digest[:6])
