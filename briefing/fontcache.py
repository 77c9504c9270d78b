"""TrueType faces parsed once, kept between runs.

ReportLab reads every glyph's metrics, the character map and the glyph locations when it
opens a font: about 60 ms for each CJK face, half of a cold build of a short edition. What it
extracts is kept under the user's cache directory with `marshal` (plain numbers, strings,
lists and dicts), keyed by the SHA-256 of the font file and ReportLab's version. An unreadable,
truncated or foreign cache file is ignored and written anew, so a stale or corrupt cache costs
one parse.

The bundled fonts' faces are also shipped parsed, in fonts/parsed/ (written by fonts/rebuild.py,
named the same way), so a new machine starts warm: a face missing from the user's cache is
looked for there before the file is parsed.

Hashing and reading the bundled CJK fonts (34 MB) took another 50 ms a build, so a file's
digest is remembered by its path, size, modification time and inode (as git's index does), and
the file is read only when glyphs are needed (subsetting characters not subset before, a mark's
ink), and then only their pieces (`pieces`), once the file is checked against the remembered
digest. The bundled fonts' digests are the manifest's (fonts.bundled_digest): a new machine
hashes none of them.
"""
from __future__ import annotations

import io
import marshal
from contextlib import contextmanager
from fnmatch import fnmatch
from pathlib import Path
from typing import Callable, Iterator
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

from .cache import cache_dir, file_digest, hashed, remember_digest, short_digest, write_whole
from .errors import ContentError

_NAMES = ("name", "familyName", "styleName", "fullName", "uniqueFontID")  # TTFNameBytes: kept as text
_RUN_STATE = ("_ttf_data", "_pdfScale", "filename", "_pos", "briefing_digest", "briefing_index", "briefing_checked")  # not stored
# Kept in a file of their own, read only to cut glyphs out of the font file: to subset characters
# not subset before (most builds take their font programs from the cache; see render.cidfont), to
# read a mark's ink (kept in the cache too, see fonts.Face).
_FOR_SUBSETTING = ("glyphPos",)
_SUBSETTING_PART = "-subsetting"  # in that file's name
# Not kept: only ReportLab's own subsetting and shaping ask for them, which briefing does not use
# (fontprogram cuts the glyphs itself); the file is parsed again if anything does. What a build
# reads to subset, of the eight faces but the fallback: 1.9 MB and 20 ms of marshal with them,
# 0.3 MB and 1.2 ms without (median of 15).
_NOT_KEPT = ("glyphToChar", "hmetrics")
FORMAT = 4  # of the stored state: bump when what is stored changes
SHIPPED = Path(__file__).resolve().parent.parent / "fonts" / "parsed"  # the bundled faces, parsed


def load_truetype(name: str, path: Path, index: int, known: str | None = None) -> TTFont:
    """ReportLab's TTFont for face `index` of `path`, registered under `name`; its face carries
    the file's digest as `briefing_digest`. `known`: the file's digest where the package vouches
    for it (a bundled font's, fonts.bundled_digest): the file is not read to hash it."""
    digest, checked = (known, True) if known else file_digest(path)
    for folder in (cache_dir("faces"), SHIPPED):
        try:
            font = _restored(name, path, index, digest, marshal.loads((folder / _store_name(digest, index)).read_bytes()))
            font.face.briefing_checked = checked
            return font
        except (OSError, EOFError, ValueError, TypeError, KeyError, AttributeError):
            pass  # not kept there, or not usable: the next place, then parse and store
    font = TTFont(name, str(path), subfontIndex=index)
    parsed = short_digest(font.face._ttf_data)
    if parsed != digest:  # changed since its digest was remembered
        digest = remember_digest(path, parsed)
    font.face.briefing_digest, font.face.briefing_checked = digest, True
    _store(font.face, digest, index)
    return font


def _store_name(digest: str, index: int, part: str = "") -> str:
    return f"{digest}-{index}-rl{reportlab.Version}-{FORMAT}{part}.marshal"


def _store(face: TTFontFace, digest: str, index: int, folder: Path | None = None) -> None:
    """Into the user's cache, or `folder` (fonts/rebuild.py: the shipped faces)."""
    folder = folder or cache_dir("faces")
    state = {key: value for key, value in vars(face).items() if key not in _RUN_STATE and key not in _NOT_KEPT}
    for key in _NAMES:
        state[key] = state[key].ustr
    # A character's width is the default width where the face has none (TTFontFace.getCharWidth and
    # ReportLab's stringWidth both fall back to it): a Fandol face keeps only its other widths, an
    # eighth of them. With the glyph positions moved to subsetting's part, what a build reads of
    # a Fandol face is 259 -> 118 KB; loading the default edition's eight faces took 20-26 ms, now
    # 8-14 (6 runs each, interleaved).
    state["charWidths"] = {char: width for char, width in state["charWidths"].items() if width != face.defaultWidth}
    write_whole(folder / _store_name(digest, index, _SUBSETTING_PART),
                marshal.dumps({key: state.pop(key) for key in _FOR_SUBSETTING}))
    write_whole(folder / _store_name(digest, index), marshal.dumps(state))


def ship(path: Path, index: int, folder: Path) -> str:
    """Parse face `index` of `path` into `folder` (fonts/rebuild.py); its name there."""
    font = TTFont(f"shipped-{index}", str(path), subfontIndex=index)
    digest = short_digest(font.face._ttf_data)
    _store(font.face, digest, index, folder)
    return _store_name(digest, index)


class _RestoredFace(TTFontFace):
    """A face from the cache: its file's bytes, what only subsetting uses and what is not kept,
    read on first use (see the module's note)."""

    briefing_digest: str
    briefing_index: int
    briefing_checked: bool  # its file hashed by this process, or vouched for (see pieces)

    def __getattr__(self, name: str):  # only for what the instance does not have
        if name in _FOR_SUBSETTING:
            self.__dict__.update(self._for_subsetting())
            return self.__dict__[name]
        if name in _NOT_KEPT:
            parsed = self._parsed()
            self.__dict__.update({key: getattr(parsed, key) for key in _NOT_KEPT})
            return self.__dict__[name]
        if name != "_ttf_data":
            raise AttributeError(name)
        data = Path(self.filename).read_bytes()
        if short_digest(data) != self.briefing_digest:
            raise _rewritten(self.filename, short_digest(data))
        self._ttf_data = data
        return data

    def _for_subsetting(self) -> dict:
        name = _store_name(self.briefing_digest, self.briefing_index, _SUBSETTING_PART)
        for folder in (cache_dir("faces"), SHIPPED):
            try:
                state = marshal.loads((folder / name).read_bytes())
                if isinstance(state, dict) and all(key in state for key in _FOR_SUBSETTING):
                    return state
            except (OSError, EOFError, ValueError, TypeError):
                pass  # gone or damaged: the next place, then parse the file again (its bytes checked)
        parsed = self._parsed()
        return {key: getattr(parsed, key) for key in _FOR_SUBSETTING}

    def _parsed(self) -> TTFontFace:
        """The face parsed again from its file (its bytes checked)."""
        return TTFontFace(io.BytesIO(self._ttf_data), subfontIndex=self.briefing_index)


def _rewritten(filename: str, digest: str) -> ContentError:
    """A file rewritten keeping its size and time since its digest was remembered: the new
    digest is remembered, and this build stops."""
    remember_digest(Path(filename), digest)
    return ContentError.one(None, f"字体文件“{filename}”与本次读取时不同（内容被改动过）。",
                            "重新构建即可；构建期间不要替换字体文件。")


@contextmanager
def pieces(face: TTFontFace) -> Iterator[Callable[[int, int], bytes]]:
    """`read(offset, length)`: pieces of the face's font file (the glyphs a subset or a mark's
    ink needs, never the whole file: the bundled faces are 34 MB). The file is first checked
    against the face's digest, unless this process has hashed it already."""
    with open(face.filename, "rb") as handle:
        if not getattr(face, "briefing_checked", False):
            found = hashed(handle)
            if found != face.briefing_digest:
                raise _rewritten(face.filename, found)
            face.briefing_checked = True

        def read(offset: int, length: int) -> bytes:
            handle.seek(offset)
            return handle.read(length)

        yield read


def _restored(name: str, path: Path, index: int, digest: str, state: dict) -> TTFont:
    face = _RestoredFace.__new__(_RestoredFace)
    face.__dict__.update(state)
    for key in _NAMES:
        setattr(face, key, TTFNameBytes(state[key].encode("utf-8")))
    face.filename, face._pos, face.briefing_digest, face.briefing_index = str(path), 0, digest, index
    scale = 1000 / state["unitsPerEm"]
    face._pdfScale = (lambda x: x) if state["unitsPerEm"] == 1000 else (lambda x: x * scale)
    # What TTFont.__init__ sets besides the face (ReportLab's version is in the cache key).
    font = TTFont.__new__(TTFont)
    font.fontName, font.face, font.encoding = name, face, TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, pattern) for pattern in rl_config.unShapedFontGlob)
    return font
