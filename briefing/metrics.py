"""The typesetter's view of the fonts: which face draws a character, and how wide it is."""
from __future__ import annotations

from . import memo
from .fonts import FontSet, latin_role


class FontMetrics:
    """Implements `typeset.Metrics` over a FontSet, with widths cached per font."""

    @classmethod
    def of(cls, fonts: FontSet) -> FontMetrics:
        """The metrics of `fonts`: the previous build's own object when the font files are the
        same (watch mode), its widths measured already and the layouts cached with it found by
        identity, not by comparing fingerprints on every lookup."""
        latest = _LATEST.get("metrics")
        if latest is None or latest.fonts.fingerprint != fonts.fingerprint:
            latest = _LATEST["metrics"] = cls(fonts)
        return latest

    def __init__(self, fonts: FontSet):
        self.fonts = fonts
        self._widths: dict[tuple[str, str], float] = {}
        self._faces: dict[tuple[str, str], str] = {}  # (role, character) -> font name
        self._hash: int | None = None

    # Equal for the same font files, so what is set with one serves a later build (watch mode).
    def __eq__(self, other: object) -> bool:
        return isinstance(other, FontMetrics) and other.fonts.fingerprint == self.fonts.fingerprint

    def __hash__(self) -> int:  # (asked for on every cached lookup: computed once)
        if self._hash is None:
            self._hash = hash(self.fonts.fingerprint)
        return self._hash

    def latin_font(self, role: str, text: str) -> str:
        latin = self.fonts.face(latin_role(role))
        if all(latin.has(c) for c in text):
            return latin.name
        return self.cjk_font(role, text[0])

    def cjk_font(self, role: str, char: str) -> str:
        key = (role, char)
        if key not in self._faces:
            face = self.fonts.face_for(role, char)
            if face is None:  # the glyph check runs before rendering; this is a program error
                raise LookupError(f"no font for U+{ord(char):04X} in role {role}")
            self._faces[key] = face.name
        return self._faces[key]

    def width(self, text: str, font: str, size: float) -> float:
        key = (text, font)
        if key not in self._widths:
            self._widths[key] = self.fonts.by_name(font).width(text, 1.0)
        return self._widths[key] * size


_LATEST: dict[str, FontMetrics] = memo.table("latest font metrics", 1)  # the latest build's (FontMetrics.of)
