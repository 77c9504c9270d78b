"""Convert CFF-outline (PostScript) OpenType fonts to TrueType outlines.

ReportLab embeds only glyf-outline fonts; the Fandol fonts and most `.otf`
files carry CFF outlines. Cubic curves become quadratic ones (cu2qu) within
`max_err` font units, which is invisible at print sizes.
"""
from __future__ import annotations

from pathlib import Path

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

MAX_ERR = 1.0  # font units (1/1000 em)


def cff_to_truetype(source: Path, target: Path, face_index: int = 0) -> None:
    """Write `target`, a TrueType-outline copy of the CFF font `source`."""
    # Keep head.modified from the source, so a rebuild gives identical bytes.
    font = TTFont(str(source), fontNumber=face_index, recalcTimestamp=False)
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in glyph_order:
        tt_pen = TTGlyphPen(glyph_set)
        # CFF contours run counter-clockwise, TrueType ones clockwise.
        glyph_set[name].draw(Cu2QuPen(tt_pen, MAX_ERR, reverse_direction=True))
        glyphs[name] = tt_pen.glyph()

    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = glyphs
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    font["maxp"] = newTable("maxp")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                  "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                  "maxComponentElements"):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = glyph_order
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    font.save(str(tmp))  # recalculates maxp, loca and bounding boxes
    tmp.replace(target)
