"""Every character the PDF prints must have a glyph: checked before rendering."""
from __future__ import annotations

from .compose import Document
from .errors import Report, locate
from .fonts import ROLE_NAMES, FontSet


def check_glyphs(document: Document, fonts: FontSet, report: Report) -> None:
    latin = fonts.face("latin")
    missing: dict[tuple[str, str], list] = {}
    covered: set[tuple[str, str]] = set()  # (character, role) found already: a briefing repeats them
    for text, role, where in document.runs():
        for char in set(text):
            if char.isspace() or (char, role) in covered:
                continue
            if fonts.face_for(role, char) is not None:
                covered.add((char, role))
                continue
            if char.isascii() and latin.has(char):
                continue
            missing.setdefault((char, role), []).append(where)
    for (char, role), places in sorted(missing.items(), key=lambda item: (str(item[1][0]), item[0])):
        tried = "、".join(face.label for face in fonts.chain(role))
        for where in places:
            report.error(locate(where, char), f"字符“{char}”（U+{ord(char):04X}）在{ROLE_NAMES[role]}角色的字体中都没有字形，"
                                f"已尝试：{tried}。",
                         "换用常用字或同义写法；或在 edition.yaml 的 fonts 中为该角色或 fallback 指定包含此字的字体。")
