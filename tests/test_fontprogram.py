"""The font programs the PDF embeds (render/fontprogram) are what ReportLab's subsetter followed
by fontTools' rewriting gave (the way they were made before): byte for byte for the unhinted faces,
and glyph for glyph for the hinted Latin ones (fontTools re-encodes the outlines it strips the
hinting from); composite glyphs with their parts, a face of a collection, a glyph shared by two
characters, characters the face lacks."""
import io
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from reportlab.pdfbase.ttfonts import TTFontFace

from briefing.render.cidfont import _glyph_numbers
from briefing.render.fontprogram import program

FONTS = Path(__file__).resolve().parent.parent / "fonts"
TEXTS = {  # a county's report with names, a date, figures and a foreign delegate's name
    "FandolFang-Regular.ttf": "关于2024年第一季度汛期地质灾害隐患排查整治情况的报告（临应急〔2024〕21号）：完成率98.6%，",
    "LiberationSerif-Regular.ttf": "Åsa Öberg, Renée Müller; ½ ¼ ¾ fi (2024) 98.6% — ÀÉÎÕÜçñ",
    "uming.ttc": "韩喆、林堃、赵垚，ÀÉÎÕÜ ij 报告",
}


def _reference(face: TTFontFace, chars: list[int]) -> bytes:
    """ReportLab's makeSubset, then fontTools dropping cmap, OS/2, hinting and the Mac names."""
    font = TTFont(io.BytesIO(face.makeSubset(chars)), recalcTimestamp=False)
    for tag in ("cmap", "OS/2", "cvt ", "fpgm", "prep"):
        if tag in font:
            del font[tag]
    font["name"].names = [record for record in font["name"].names if record.platformID == 3]
    maxp = font["maxp"]
    if maxp.maxSizeOfInstructions:
        glyphs = font["glyf"]
        for name in glyphs.keys():
            glyphs[name].removeHinting()
        maxp.maxZones, maxp.maxTwilightPoints, maxp.maxStorage = 1, 0, 0
        maxp.maxFunctionDefs = maxp.maxInstructionDefs = maxp.maxStackElements = maxp.maxSizeOfInstructions = 0
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@pytest.mark.parametrize("file", sorted(TEXTS))
def test_the_program_is_the_subsetters(file):
    face = TTFontFace(str(FONTS / file))
    data = (FONTS / file).read_bytes()
    chars = sorted({ord(c) for c in TEXTS[file]} | {0x20, 0x2F8FF})  # (U+2F8FF: in no face, glyph 0)
    if "Fandol" in file:
        chars.append(0x2F00)  # ⼀ (KANGXI RADICAL ONE): the glyph of 一 in FandolFang, shared
    mine = program(face, lambda offset, length: data[offset:offset + length], chars)
    reference = _reference(face, chars)
    if "Liberation" not in file:
        assert mine == reference
    embedded, theirs = TTFont(io.BytesIO(mine)), TTFont(io.BytesIO(reference))
    assert sorted(embedded.keys()) == sorted(theirs.keys())
    numbers = _glyph_numbers(face.charToGlyph, tuple(chars))
    if "Fandol" in file:  # (no composite glyphs)
        assert numbers[0x2F00] == numbers[ord("一")] and embedded["maxp"].numGlyphs == len(set(numbers.values()))
    else:  # the parts of À, ½ …, after the characters' glyphs
        assert embedded["maxp"].numGlyphs > len(set(numbers.values()))
    assert embedded["maxp"].maxSizeOfInstructions == 0
    assert embedded["hmtx"].metrics == theirs["hmtx"].metrics
    assert _names(embedded) == _names(theirs)
    glyphs, their_glyphs = embedded["glyf"], theirs["glyf"]
    for name in embedded.getGlyphOrder():
        mine_glyph, their_glyph = glyphs[name], their_glyphs[name]
        assert not getattr(mine_glyph, "program", None) or not mine_glyph.program.getBytecode()
        assert mine_glyph.getCoordinates(glyphs)[0] == their_glyph.getCoordinates(their_glyphs)[0], name
        if mine_glyph.isComposite():
            assert [c.glyphName for c in mine_glyph.components] == [c.glyphName for c in their_glyph.components]


def _names(font: TTFont) -> list[tuple]:
    return [(r.platformID, r.platEncID, r.langID, r.nameID, r.string) for r in font["name"].names]
