"""TrueType subsets of the faces a book prints, with their cmap and names, for the formats that
embed whole font files (OFD, DOCX); the PDF embeds its own CID programs (cidfont)."""
from __future__ import annotations

import functools
import io
from pathlib import Path
from typing import Iterable

import fontTools
from fontTools.ttLib import TTFont

from ..cache import SUBSETS_KEPT, remembered
from ..fonts import FontSet
from ..pageplan.items import PagePlan, characters_by_font


def subset_fonts(plans: Iterable[PagePlan], fonts: FontSet, shared: frozenset[str] = frozenset()) -> dict[str, bytes]:
    """One TrueType subset per face the plans use, with its cmap (readers map characters to
    glyphs through it) and names; deterministic for the same characters. `shared`: characters
    every face's subset holds too (those it has). Kept in the user's cache by the font file's
    digest and the characters (fontTools' subsetter takes a second or more for the CJK faces:
    the OFD and DOCX of a text built before take none of it)."""
    used = characters_by_font(plans)
    result = {}
    for name in sorted(used):
        face = fonts.by_name(name)
        unicodes = tuple(sorted({ord(c) for c in used[name] | {c for c in shared if face.has(c)} if not c.isspace()}
                                | {0x20}))
        digest = getattr(face.font.face, "briefing_digest", None)
        key = f"ofd-{SUBSET_FORMAT}:ft{fontTools.version}:{digest}:{face.index}:{unicodes}" if digest else None
        result[name] = remembered("subsets", key, functools.partial(_subset_file, face.truetype, face.index, unicodes),
                                  _one_file, SUBSETS_KEPT)[0]
    return result


SUBSET_FORMAT = 2  # what _subset_file makes; a subset kept in another format is not used


def _subset_file(path: Path, index: int, unicodes: tuple[int, ...]) -> tuple[bytes]:
    from fontTools import subset  # (0.1 s to import: on a cache miss only)

    font = TTFont(str(path), fontNumber=index, lazy=True,  # only the glyphs kept are parsed
                  # boxes as the font has them: each glyph is copied (its instructions cut), not
                  # decompiled to measure it again, and the font's box stays the whole face's, which
                  # bounds the subset's too (as in the PDF's programs). An empty-cache DOCX of the
                  # default edition: 1.41-1.57 -> 0.84-0.93 s CPU, its OFD 1.29-1.40 -> 0.67-1.11 s.
                  recalcBBoxes=False,
                  recalcTimestamp=False)  # the same bytes every build
    options = subset.Options()
    options.hinting = False  # hints serve screens at small sizes; readers rasterise without them
    options.layout_features = []
    options.notdef_outline = True
    options.name_IDs = ["*"]
    options.recalc_timestamp = False
    options.drop_tables += ["FFTM"]  # FontForge's timestamps: nothing a reader needs
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=set(unicodes))
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return (buffer.getvalue(),)


def _one_file(value: object) -> bool:
    return isinstance(value, tuple) and len(value) == 1 and isinstance(value[0], bytes)
