"""TrueType faces parsed once, kept between runs.

ReportLab reads every glyph's metrics, the character map and the glyph locations when it
opens a font: about 60 ms for each CJK face, half of a cold build of a short edition. What it
extracts is kept under the user's cache directory with `marshal` (plain numbers, strings,
lists and dicts), keyed by the SHA-256 of the font file and ReportLab's version; the file's
bytes themselves are read again each run (subsetting needs them). An unreadable, truncated or
foreign cache file is ignored and written anew, so a stale or corrupt cache costs one parse.
"""
from __future__ import annotations

import hashlib
import marshal
import os
from fnmatch import fnmatch
from pathlib import Path
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

from .cache import cache_dir

_NAMES = ("name", "familyName", "styleName", "fullName", "uniqueFontID")  # TTFNameBytes: kept as text
_RUN_STATE = ("_ttf_data", "_pdfScale", "filename", "_pos")  # per file or not storable
FORMAT = 1  # of the stored state: bump when what is stored changes


def load_truetype(name: str, path: Path, index: int) -> TTFont:
    """ReportLab's TTFont for face `index` of `path`, registered under `name`."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()[:32]
    store = cache_dir("faces") / f"{digest}-{index}-rl{reportlab.Version}-{FORMAT}.marshal"
    try:
        return _restored(name, path, data, marshal.loads(store.read_bytes()))
    except (OSError, EOFError, ValueError, TypeError, KeyError, AttributeError):
        pass  # no cache yet, or one that cannot be used: parse and store
    font = TTFont(name, str(path), subfontIndex=index)
    _store(store, font.face)
    return font


def _store(store: Path, face: TTFontFace) -> None:
    state = {key: value for key, value in vars(face).items() if key not in _RUN_STATE}
    for key in _NAMES:
        state[key] = state[key].ustr
    try:
        store.parent.mkdir(parents=True, exist_ok=True)
        temporary = store.with_name(f"{store.name}.{os.getpid()}.tmp")
        temporary.write_bytes(marshal.dumps(state))
        temporary.replace(store)  # whole or not at all: a reader never sees half a file
    except (OSError, ValueError):
        pass  # a read-only or full cache: the next run parses again


def _restored(name: str, path: Path, data: bytes, state: dict) -> TTFont:
    face = TTFontFace.__new__(TTFontFace)
    vars(face).update(state)
    for key in _NAMES:
        setattr(face, key, TTFNameBytes(state[key].encode("utf-8")))
    face._ttf_data, face.filename, face._pos = data, str(path), 0
    scale = 1000 / state["unitsPerEm"]
    face._pdfScale = (lambda x: x) if state["unitsPerEm"] == 1000 else (lambda x: x * scale)
    # What TTFont.__init__ sets besides the face (ReportLab's version is in the cache key).
    font = TTFont.__new__(TTFont)
    font.fontName, font.face, font.encoding = name, face, TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, pattern) for pattern in rl_config.unShapedFontGlob)
    return font
