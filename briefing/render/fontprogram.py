"""The TrueType program a CIDFontType2 embeds, cut from the font file in one pass.

Glyph 0, then the characters' glyphs in order (a glyph shared by characters once), then the
parts of composite glyphs: the numbering cidfont's codes are (CIDToGIDMap /Identity). Only what
a PDF reader draws with is written (ISO 32000-1 §9.9: glyf, loca, head, hhea, hmtx, maxp) with
the name table's Windows records (copyright, licence, family) and a version 3 post table:

- cmap and OS/2 go: codes are glyph numbers and the metrics are in the PDF.
- Hinting goes (instructions, fpgm, prep, cvt): it fits outlines to a screen's pixels at small
  sizes; the CJK faces carry none, so Latin text renders the same way as the Chinese around it.
- head's bounding box, hhea's extremes and maxp's maxima stay the whole face's (they bound the
  subset's too).

This replaced ReportLab's makeSubset followed by fontTools rewriting its output: 0.14 s of a
cold build of the default edition (most of it importing fontTools and decompiling every glyph
to recompute what the headers give).
"""
from __future__ import annotations

import struct
from typing import Callable, Sequence

from reportlab.pdfbase.ttfonts import TTFontFace

_MORE_COMPONENTS, _WORDS, _SCALE, _XY_SCALE, _TWO_BY_TWO, _INSTRUCTIONS = 0x20, 0x1, 0x8, 0x40, 0x80, 0x100
_HINTING_IN_MAXP = slice(14, 28)  # maxZones … maxSizeOfInstructions (maxp 1.0)
_PLAIN_HINTING = struct.pack(">7H", 1, 0, 0, 0, 0, 0, 0)  # one zone, no storage, no programs
_WINDOWS = 3  # platform of the name records kept
_ORDER = ("head", "hhea", "maxp", "hmtx", "loca", "glyf", "name", "post")  # of the tables in the file
_READ = ("head", "hhea", "hmtx", "maxp", "name", "post")  # the tables read whole


def glyph_order(char_to_glyph: dict[int, int], chars: Sequence[int]) -> tuple[list[int], dict[int, int]]:
    """The subset's glyphs, in order (glyph 0, then the characters' glyphs, one shared by two
    characters once), and each glyph's number in it: the PDF's codes are these numbers."""
    order, numbers = [0], {0: 0}
    for char in chars:
        glyph = char_to_glyph.get(char, 0)
        if glyph not in numbers:
            numbers[glyph] = len(order)
            order.append(glyph)
    return order, numbers


def program(face: TTFontFace, read: Callable[[int, int], bytes], chars: Sequence[int]) -> bytes:
    """The program for `chars` (character codes, in the order cidfont numbers them) of `face`;
    `read(offset, length)` gives pieces of its font file (fontcache.pieces)."""
    tables = {tag: read(entry["offset"], entry["length"]) for tag, entry in face.table.items() if tag in _READ}
    glyf, positions = face.table["glyf"]["offset"], face.glyphPos
    order, numbers = glyph_order(face.charToGlyph, chars)
    outlines = []
    at = 0
    while at < len(order):  # (order grows with the parts of composite glyphs)
        glyph = order[at]
        at += 1
        outline = read(glyf + positions[glyph], positions[glyph + 1] - positions[glyph])
        if len(outline) > 2 and struct.unpack_from(">h", outline)[0] < 0:
            outline = _composite(outline, order, numbers)
        elif outline:
            outline = _simple(outline)
        outlines.append(outline)
    return _font(tables, order, outlines)


def _simple(outline: bytes) -> bytes:
    """The glyph without its instructions."""
    contours = struct.unpack_from(">h", outline)[0]
    at = 10 + 2 * contours
    length = struct.unpack_from(">H", outline, at)[0]
    return outline[:at] + b"\0\0" + outline[at + 2 + length:] if length else outline


def _composite(outline: bytes, order: list[int], numbers: dict[int, int]) -> bytes:
    """The glyph with its parts renumbered (a part not yet in the subset joins it at the end)
    and without its instructions."""
    glyph = bytearray(outline)
    at, flags = 10, _MORE_COMPONENTS
    while flags & _MORE_COMPONENTS:
        flags, part = struct.unpack_from(">HH", glyph, at)
        if part not in numbers:
            numbers[part] = len(order)
            order.append(part)
        struct.pack_into(">HH", glyph, at, flags & ~_INSTRUCTIONS, numbers[part])
        at += 4 + (4 if flags & _WORDS else 2)
        at += 2 if flags & _SCALE else 4 if flags & _XY_SCALE else 8 if flags & _TWO_BY_TWO else 0
    return bytes(glyph[:at])


def _font(tables: dict[str, bytes], order: list[int], outlines: list[bytes]) -> bytes:
    glyf, offsets = [], [0]
    for outline in outlines:
        padded = outline + b"\0" * (-len(outline) % 4)
        glyf.append(padded)
        offsets.append(offsets[-1] + len(padded))
    long_offsets = offsets[-1] >> 1 > 0xFFFF
    loca = struct.pack(f">{len(offsets)}L", *offsets) if long_offsets else \
        struct.pack(f">{len(offsets)}H", *(offset >> 1 for offset in offsets))

    metrics = [_metrics(tables, glyph) for glyph in order]
    count = len(metrics)  # full pairs: up to the last change of advance, then left side bearings
    while count > 1 and metrics[count - 1][0] == metrics[count - 2][0]:
        count -= 1
    hmtx = struct.pack(f">{2 * count}H", *(value & 0xFFFF for pair in metrics[:count] for value in pair)) + \
        struct.pack(f">{len(metrics) - count}h", *(lsb for _, lsb in metrics[count:]))

    head = bytearray(tables["head"])
    head[8:12] = b"\0\0\0\0"  # checkSumAdjustment, set once the file is whole
    struct.pack_into(">h", head, 50, int(long_offsets))
    hhea = bytearray(tables["hhea"])
    struct.pack_into(">H", hhea, 34, count)
    maxp = bytearray(tables["maxp"])
    struct.pack_into(">H", maxp, 4, len(order))
    if len(maxp) >= 32 and struct.unpack_from(">H", maxp, 26)[0]:  # (maxSizeOfInstructions: hinted)
        maxp[_HINTING_IN_MAXP] = _PLAIN_HINTING

    out = {"glyf": b"".join(glyf), "head": bytes(head), "hhea": bytes(hhea), "hmtx": hmtx, "loca": loca,
           "maxp": bytes(maxp), "post": b"\0\3\0\0" + tables["post"][4:16] + b"\0" * 16}
    if "name" in tables:
        out["name"] = _windows_names(tables["name"])
    return _sfnt(out)


def _metrics(tables: dict[str, bytes], glyph: int) -> tuple[int, int]:
    """A glyph's advance and left side bearing from hmtx (past the full pairs: the last
    advance, and a bearing of its own)."""
    pairs = struct.unpack_from(">H", tables["hhea"], 34)[0]
    if glyph < pairs:
        return struct.unpack_from(">Hh", tables["hmtx"], 4 * glyph)
    advance = struct.unpack_from(">H", tables["hmtx"], 4 * (pairs - 1))[0]
    return advance, struct.unpack_from(">h", tables["hmtx"], 4 * pairs + 2 * (glyph - pairs))[0]


def _windows_names(table: bytes) -> bytes:
    """The name table with its Windows records only (format 0), each string stored once."""
    count, strings = struct.unpack_from(">2H", table, 2)
    records = []
    for n in range(count):
        platform, encoding, language, name, length, offset = struct.unpack_from(">6H", table, 6 + 12 * n)
        if platform == _WINDOWS:
            records.append((platform, encoding, language, name, table[strings + offset:strings + offset + length]))
    records.sort(key=lambda record: record[:4])
    storage, where = b"", {}
    for *_, text in records:
        if text not in where:
            where[text] = len(storage)
            storage += text
    header = struct.pack(">3H", 0, len(records), 6 + 12 * len(records))
    return header + b"".join(struct.pack(">6H", *record[:4], len(record[4]), where[record[4]])
                             for record in records) + storage


def _sfnt(tables: dict[str, bytes]) -> bytes:
    """The font file: table directory (tags sorted) then the tables in the order the OpenType
    specification recommends, each padded to 4 bytes, with head's checkSumAdjustment."""
    tags = sorted(tables)
    power = 1 << (len(tags).bit_length() - 1)
    directory = [struct.pack(">I4H", 0x00010000, len(tags), 16 * power, power.bit_length() - 1,
                             16 * (len(tags) - power))]
    body, offsets, offset = [], {}, 12 + 16 * len(tags)
    for tag in sorted(tags, key=_ORDER.index):
        padded = tables[tag] + b"\0" * (-len(tables[tag]) % 4)
        body.append(padded)
        offsets[tag] = offset
        offset += len(padded)
    sums = {tag: _checksum(tables[tag]) for tag in tags}
    directory += [struct.pack(">4sIII", tag.encode("latin-1"), sums[tag], offsets[tag], len(tables[tag])) for tag in tags]
    # The file's checksum is its directory's plus its tables' (each starts on 4 bytes and is
    # padded with zeros): no second pass over the glyphs (the default edition's programs: 14 -> 10 ms).
    whole = _checksum(b"".join(directory)) + sum(sums.values())
    font = bytearray(b"".join(directory + body))
    struct.pack_into(">I", font, offsets["head"] + 8, (0xB1B0AFBA - whole) & 0xFFFFFFFF)
    return bytes(font)


def _checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF
