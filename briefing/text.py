"""Content text: joining YAML lines, full-width punctuation, draft placeholders, figure references.

Text is data: nothing here produces or interprets markup.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from . import memo
from .errors import Where

# Han ideographs, CJK punctuation and full-width forms: text in which a
# half-width space or ASCII punctuation is never right.
CJK = r"\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff" \
      r"\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f\u2014\u2026\u201c\u201d\u2018\u2019"
# Matches (empty) before a CJK character. Compiling the class takes 0.9 ms (its 29,000 BMP code
# points are set one by one), so it is compiled once: the three patterns that looked for it
# around marks and spaces took 7.5 ms at every start. (As a lookahead, not `[…]`: a pattern
# that begins with a class compiles it twice, for its prefix scan.)
_BEFORE_CJK = re.compile(f"(?=[{CJK}])")
_SPACES = re.compile(r"[ \t\r\n]+")
_FULL_WIDTH = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"}
_ASCII_MARK = re.compile(r"[,;:()!?]")

# A draft placeholder: {待定：text shown in the draft}. Full- or half-width colon.
PLACEHOLDER = re.compile(r"\{待定[:：]\s*([^{}]*)\}")

# A reference to a registered figure: {{id}} prints value and unit (257.4亿元);
# {{id.value}}, {{id.unit}}, {{id.label}}, {{id.change}}, {{id.rank}}, {{id.remark}} one part.
FIGURE_REF = re.compile(r"\{\{\s*([^{}.\s]+)(?:\.([^{}\s]*))?\s*\}\}")
# A number marked as deliberately not a registry figure: {{=512家}} prints 512家 and the
# figure check passes it by (a batch, a part, another quantity with the same name).
NOT_A_FIGURE = re.compile(r"\{\{=([^{}]*)\}\}")
# A span no line may break inside: {不断行：中共江州市委员会} prints 中共江州市委员会 on one
# line (a name, a number with its unit). Full- or half-width colon.
UNBROKEN = re.compile(r"\{不断行[:：]\s*([^{}]*)\}")
# Stands in for a figure reference (or a marked number) in `Text.literal`, so checks see
# only numbers typed in plainly.
REF_MARK = "\ufffc"

Resolver = Callable[[str, str | None], str | None]  # (id, part) -> text, None if unknown


@dataclass(frozen=True)
class Text:
    """A run of content text, cleaned, with where it was written and its placeholders."""

    value: str
    where: Where
    placeholders: tuple[str, ...] = ()
    refs: tuple[tuple[str, str | None], ...] = ()  # figure references (id, part), in order
    literal: str = ""  # the text with every figure reference replaced by REF_MARK
    unbroken: tuple[str, ...] = ()  # the spans written as {不断行：…}

    def __str__(self) -> str:
        return self.value


def clean(raw: str) -> str:
    """Join YAML lines the way Chinese text needs and normalise ASCII marks.

    Whitespace next to a CJK character disappears (a line break inside Chinese
    text is not a space); other whitespace runs become one space, so Latin
    words keep theirs. A deliberate gap between Chinese words is written as the
    ideographic space U+3000, which is kept.
    """
    text = _ASCII_MARK.sub(lambda m: _FULL_WIDTH[m.group()] if next_to_cjk(m) else m.group(), raw.strip())
    return _SPACES.sub(lambda m: "" if next_to_cjk(m) else " ", text)


def next_to_cjk(match: re.Match) -> bool:
    """Whether the character before the match or the one after it is CJK."""
    return cjk_at(match.string, match.start() - 1) or cjk_at(match.string, match.end())


def cjk_at(text: str, index: int) -> bool:
    """Whether text[index] is a CJK character (False outside the text)."""
    return index >= 0 and _BEFORE_CJK.match(text, index) is not None


def make_text(raw: str, where: Where, resolve: Resolver = lambda name, part: None) -> Text:
    """Clean the text, show placeholders' wording and replace figure references by their
    text; an unresolved reference stays as typed, for validation to report."""
    shown, referring, placeholders, refs, literal = _parsed(raw)

    def substitute(match: re.Match) -> str:
        text = resolve(match.group(1), match.group(2))
        return match.group() if text is None else text

    value = FIGURE_REF.sub(substitute, shown) if referring else shown
    unbroken = tuple(UNBROKEN.findall(value))  # (after references: {{id}} inside)
    return Text(UNBROKEN.sub(_unwrapped, value) if unbroken else value, where, placeholders, refs, literal, unbroken)


def _unwrapped(match: re.Match) -> str:
    """What a {不断行：…} span prints. (A function, not r"\\1": a template costs 1.7 µs a call, found
    or not, a function 0.16 µs when there is nothing to replace.)"""
    return match.group(1)


@memo.kept("parsed texts")
def _parsed(raw: str) -> tuple[str, bool, tuple[str, ...], tuple[tuple[str, str | None], ...], str]:
    """What make_text reads from the text alone (a rebuild meets the same texts again): the text
    shown before figures are resolved, whether it has references to resolve, its placeholders,
    its references and its literal form (no {不断行：…} marks)."""
    cleaned = clean(raw)
    shown = PLACEHOLDER.sub(lambda m: m.group(1), cleaned)
    refs = tuple((m.group(1), m.group(2)) for m in FIGURE_REF.finditer(NOT_A_FIGURE.sub("", shown)))
    unresolved = NOT_A_FIGURE.sub(lambda m: m.group(1), shown)
    return (unresolved, FIGURE_REF.search(unresolved) is not None,
            tuple(m.group(1) for m in PLACEHOLDER.finditer(cleaned)), refs,
            UNBROKEN.sub(_unwrapped, FIGURE_REF.sub(REF_MARK, NOT_A_FIGURE.sub(REF_MARK, shown))))
