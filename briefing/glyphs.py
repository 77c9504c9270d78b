"""Every character the PDF prints must have a glyph: checked before rendering. A character
the role's own font lacks but the fallback has is printed in the fallback's face, which
looks different: a warning says so."""
from __future__ import annotations

from .compose import Document
from .errors import Report, locate
from .fonts import ROLE_NAMES, FontSet, latin_role
from .roles import FontRole


def check_glyphs(document: Document, fonts: FontSet, report: Report) -> None:
    runs = list(document.runs())
    printed: dict[FontRole, set[str]] = {}  # each role's characters: looked up once, not run by run
    for text, role, _, _ in runs:
        printed.setdefault(role, set()).update(text)
    missing: dict[tuple[str, FontRole], list] = {}
    fallen: dict[tuple[str, FontRole], list] = {}  # (character, role) set in the fallback's face
    for role, chars in printed.items():
        for char in fonts.face(role).lacks(chars):  # what the role's own face has is fine
            if char.isspace() or (char.isascii() and fonts.face(latin_role(role)).has(char)):
                continue
            face = fonts.face_for(role, char)
            if face is None:
                missing[char, role] = []
            elif face is not fonts.face(role):
                fallen[char, role] = []
    found = missing | fallen  # (the same lists: filled with where each is printed)
    if found:
        for text, role, _, where in runs:
            for char in set(text):
                if (char, role) in found:
                    found[char, role].append(where)
    for (char, role), places in sorted(missing.items(), key=lambda item: (str(item[1][0]), item[0])):
        tried = "、".join(face.label for face in fonts.chain(role))
        for where in dict.fromkeys(places):
            report.error(locate(where, char), f"字符“{char}”（U+{ord(char):04X}）在{ROLE_NAMES[role]}角色的字体中都没有字形，"
                                f"已尝试：{tried}。",
                         "换用常用字或同义写法；或在 edition.yaml 的 fonts 中为该角色或 fallback 指定包含此字的字体。")
    for (char, role), places in sorted(fallen.items(), key=lambda item: (str(item[1][0]), item[0])):
        used = fonts.face("fallback").label
        for where in dict.fromkeys(places):
            report.warn(locate(where, char), f"字符“{char}”（U+{ord(char):04X}）{ROLE_NAMES[role]}字体中没有，"
                                             f"改用{used}印出，字形会与旁边的字不同。",
                        f"在 edition.yaml 的 fonts 中为{ROLE_NAMES[role]}（{role}）指定包含此字的字体，或接受备用字形。")
