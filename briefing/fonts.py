"""Font roles of GB/T 9704 and the files that fill them.

A role (仿宋, 黑体, …) maps to a font file: by default the one in fonts/manifest.yaml,
or the user's own from the content's `fonts:` setting. CFF-outline fonts are
converted to TrueType once and cached, because ReportLab embeds only TrueType.
Every character is checked against the role's font and the fallback before
rendering, so ReportLab's silent glyph 0 never reaches a PDF.
"""
from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Iterable

import yaml
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from . import memo
from . import progress
from .cache import cache_dir, remembered
from .fontcache import load_truetype, pieces
from .model import FontChoice

FONTS_DIR = Path(__file__).resolve().parent.parent / "fonts"
ROLE_NAMES = {"xiaobiaosong": "小标宋", "fangsong": "仿宋", "heiti": "黑体", "kaiti": "楷体",
              "songti": "宋体", "latin": "西文", "latin_bold": "西文粗体", "latin_sans": "西文无衬线体",
              "fallback": "备用字体"}
CJK_ROLES = ("xiaobiaosong", "fangsong", "heiti", "kaiti", "songti")
# The Latin face that sets letters and digits in a role's text, matching its weight and style
# (fonts/manifest.yaml says why); the other roles use "latin".
FACE_PREFIX = "briefing-"  # + role: a face's name in plans and PDFs, the same whatever the file
LATIN_FOR = {"xiaobiaosong": "latin_bold", "heiti": "latin_sans"}


def latin_role(role: str) -> str:
    return LATIN_FOR.get(role, "latin")


class FontError(Exception):
    """A font file that cannot be used; the message says how to proceed."""


@dataclass(frozen=True)
class Face:
    """One registered font: its ReportLab name and its character map."""

    role: str
    name: str  # registered ReportLab font name
    path: Path  # as the user named it
    truetype: Path  # the TrueType file drawn from (a cached conversion for CFF fonts)
    index: int
    font: TTFont

    def has(self, char: str) -> bool:
        return ord(char) in self.font.face.charToGlyph

    def lacks(self, chars: Iterable[str]) -> set[str]:
        """Those of `chars` the face has no glyph for (looked up in its character map: a set of
        its ~10,000 characters cost 1-2 ms a face a build)."""
        have = self.font.face.charToGlyph
        return {char for char in chars if ord(char) not in have}

    def width(self, text: str, size: float) -> float:
        return self.font.stringWidth(text, size)

    def ink_extent(self, text: str) -> tuple[float, float]:
        """Lowest and highest ink of `text`'s glyphs, in em (for marks measured by their ink),
        kept in the user's cache by the font file's digest and the text: the glyph headers are
        in the font file, which a build otherwise need not read (5.6 MB for the 发文机关标志's
        face, and its digest checked); and kept in the process (every page's folio asks for its
        dash's: reading the cache file each time was 0.09 s of 0.11 s in folio_line, profiled,
        442 pages)."""
        return _ink_extent(self, text)

    def _measured_ink(self, text: str) -> tuple[float, float]:
        """Read from the glyph headers in the font file."""
        parsed = self.font.face
        glyf = parsed.table["glyf"]["offset"]
        lows, highs = [], []
        with pieces(parsed) as read:
            for char in text:
                glyph = parsed.charToGlyph.get(ord(char))
                if glyph is None or parsed.glyphPos[glyph + 1] == parsed.glyphPos[glyph]:
                    continue  # not in the font, or no outline (a space)
                _, _, low, _, high = struct.unpack(">hhhhh", read(glyf + parsed.glyphPos[glyph], 10))
                lows.append(low)
                highs.append(high)
        scale = parsed._pdfScale(1) / 1000  # font units -> em
        return min(lows) * scale, max(highs) * scale

    @property
    def label(self) -> str:
        return f"{ROLE_NAMES[self.role]}（{self.path.name}）"


EXTENTS_KEPT = 1 << 20  # bytes of ink extents kept in the cache (a few per document)


@memo.kept("ink extents")
def _ink_extent(face: Face, text: str) -> tuple[float, float]:
    digest = getattr(face.font.face, "briefing_digest", None)
    low, high = remembered("extents", f"{digest}:{text}" if digest else None, lambda: face._measured_ink(text),
                           _two_numbers, EXTENTS_KEPT)
    return low, high


def _two_numbers(value: object) -> bool:
    return isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, float) for v in value)


def default_choices() -> dict[str, FontChoice]:
    return {role: choice for role, choice, _ in _bundled()}


def bundled_digest(path: Path) -> str | None:
    """The digest fonts/manifest.yaml records for `path` if it is a bundled font file of the
    recorded size (None otherwise). The bundled fonts are part of the installed package, like its
    code (tests/test_shipped.py holds the manifest to the files), so a new machine's first build
    does not read all 34 MB of them to hash them: 40 ms of an empty-cache build of the default
    edition. Any other font file is hashed (fontcache)."""
    try:
        size = path.stat().st_size
    except OSError:
        return None
    return next((digest for _, choice, (digest, recorded) in _bundled() if choice.path == path and recorded == size),
                None)


def _bundled() -> tuple[tuple[str, FontChoice, tuple[str, int]], ...]:
    manifest = FONTS_DIR / "manifest.yaml"
    return _manifest(manifest, manifest.stat().st_mtime_ns)


@memo.kept("font manifests")
def _manifest(path: Path, modified: int) -> tuple[tuple[str, FontChoice, tuple[str, int]], ...]:
    """The bundled fonts' roles, with each file's digest (as fontcache writes it) and size; read
    once per process (again if the file changes)."""
    entries = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return tuple((role, FontChoice(FONTS_DIR / entry["file"], entry.get("face", 0)),
                  (entry["sha256"][:32], entry["bytes"])) for role, entry in entries.items())


class FontSet:
    """The faces for every role, registered with ReportLab on first use."""

    def __init__(self, overrides: dict[str, FontChoice] | None = None):
        self.choices = {**default_choices(), **(overrides or {})}
        self._faces: dict[str, Face] = {}

    @cached_property
    def fingerprint(self) -> tuple:
        """The files behind the roles, as they are now: equal fingerprints, equal fonts."""
        result = []
        for role, choice in sorted(self.choices.items()):
            try:
                stat = choice.path.stat()
                result.append((role, str(choice.path), choice.face, stat.st_size, stat.st_mtime_ns))
            except OSError:
                result.append((role, str(choice.path), choice.face, -1, -1))
        return tuple(result)

    def face(self, role: str) -> Face:
        if role not in self._faces:
            self._faces[role] = register(role, self.choices[role])
        return self._faces[role]

    def by_name(self, name: str) -> Face:
        """The face registered as `name` (the name plans and typeset lines carry)."""
        return self.face(name.removeprefix(FACE_PREFIX))

    def chain(self, role: str) -> tuple[Face, ...]:
        """Faces tried in order for a character of a text in `role`."""
        return (self.face(role), self.face("fallback"))

    def face_for(self, role: str, char: str) -> Face | None:
        """The role's face if it has the character, else the fallback's (loaded only then)."""
        face = self.face(role)
        if face.has(char):
            return face
        fallback = self.face("fallback")
        return fallback if fallback.has(char) else None


def register(role: str, choice: FontChoice) -> Face:
    stat = choice.path.stat()
    face = _load(role, choice.path, choice.face, (stat.st_size, stat.st_mtime_ns))
    # ReportLab keeps the first font registered under a name, and gives a later name whose face
    # has the same PostScript name that first font. Drop what is stale (the role's old font, a
    # font of that face name read from other bytes), or a watch rebuild after a font file changed
    # would embed the old one.
    digest = face.font.face.briefing_digest
    registered = pdfmetrics._fonts.get(face.name)
    if registered is not None and getattr(registered.face, "briefing_digest", None) != digest:
        del pdfmetrics._fonts[face.name]
    same_face = pdfmetrics._dynFaceNames.get(face.font.face.name)
    if same_face is not None and getattr(same_face.face, "briefing_digest", None) != digest:
        del pdfmetrics._dynFaceNames[face.font.face.name]
    pdfmetrics.registerFont(face.font)
    return face


@memo.kept("parsed fonts")
def _load(role: str, source: Path, face_index: int, version: tuple[int, int]) -> Face:
    """Parse a font once per process (watch mode rebuilds reuse it); a changed file (its size
    and time, `version`) is read again. A TrueType file is read by ReportLab alone; anything it
    refuses (CFF outlines, a damaged file, a face not in the collection, a licence that forbids
    embedding) is examined with fontTools, which names the fault or converts the outlines."""
    # The name depends on the role only, so the PDF does not change with the folder it is built in.
    name = FACE_PREFIX + role
    try:
        return Face(role, name, source, source, face_index,
                    load_truetype(name, source, face_index, bundled_digest(source)))
    except Exception:  # TTFError, or struct/index errors: find out which with fontTools
        pass
    path, index = usable_truetype(FontChoice(source, face_index))
    try:
        font = load_truetype(name, path, index)
    except Exception as exc:  # TTFError, or struct/index errors from a damaged file
        raise FontError(f"无法使用字体“{source}”：文件已损坏或不是字体（{exc}）。"
                        "请换用完整的 TrueType（.ttf/.ttc）或 OpenType（.otf）字体文件。") from None
    return Face(role, name, source, path, index, font)


def usable_truetype(choice: FontChoice) -> tuple[Path, int]:
    """A TrueType-outline file and face index for the chosen font (converted and cached if CFF)."""
    from fontTools.ttLib import TTFont as ToolsFont
    from fontTools.ttLib import TTLibError
    from .fontconvert import cff_to_truetype

    try:
        tools = ToolsFont(str(choice.path), fontNumber=choice.face, lazy=True)
    except TTLibError as exc:
        if "specify a font number" in str(exc) or "fontNumber" in str(exc) or "index" in str(exc):
            raise FontError(f"字体集合“{choice.path}”中没有第 {choice.face} 号字体（face）。"
                            "请在 fonts 设置中改用正确的 face 序号（从 0 开始）。") from None
        raise FontError(f"无法读取字体“{choice.path}”：{exc}。请确认这是 TrueType 或 OpenType 字体文件。") from None
    except (OSError, IndexError):
        raise FontError(f"字体集合“{choice.path}”中没有第 {choice.face} 号字体（face），或文件已损坏。"
                        "请检查 face 序号（从 0 开始）。") from None
    except Exception:  # a truncated or foreign file: fontTools raises struct and other errors
        raise FontError(f"无法读取字体“{choice.path}”：文件已损坏或不是字体。"
                        "请换用完整的 TrueType（.ttf/.ttc）或 OpenType（.otf）字体文件。") from None
    try:
        cff = "CFF " in tools or "CFF2" in tools
        fs_type = tools["OS/2"].fsType if "OS/2" in tools else 0
        tools["head"]
        if not all(tag in tools for tag in ("cmap", "hmtx")):  # (a damaged one fails where it is parsed)
            raise KeyError("cmap/hmtx")
    except Exception:
        raise FontError(f"无法读取字体“{choice.path}”：文件已损坏（缺少或无法读取必需的字体表）。"
                        "请换用完整的 TrueType（.ttf/.ttc）或 OpenType（.otf）字体文件。") from None
    finally:
        tools.close()
    if fs_type & 0x000F == 0x0002:
        raise FontError(f"字体“{choice.path}”的授权禁止嵌入 PDF（fsType=2）。请换用允许嵌入的字体。")
    if not cff:
        return choice.path, choice.face
    digest = hashlib.sha256(choice.path.read_bytes()).hexdigest()[:16]
    cached = cache_dir("fonts") / f"{choice.path.stem}-{digest}-{choice.face}.ttf"
    if not cached.exists():
        progress.note(f"正在把字体“{choice.path.name}”转换为 TrueType（只需一次，可能要几十秒）……")
        try:
            cff_to_truetype(choice.path, cached, choice.face)
        except Exception as exc:  # fontTools raises many types on odd fonts
            raise FontError(f"字体“{choice.path}”是 CFF（PostScript）轮廓，自动转换失败：{exc}。"
                            "请改用 TrueType（.ttf）版本的字体。") from None
    return cached, 0
