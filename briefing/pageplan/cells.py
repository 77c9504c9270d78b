"""A table cell's text broken into lines between words (issue 24 §4).

What a break costs at each place, in lines (break_lines' scale), by how surely it falls
between words: between two of jieba's words of two characters or more, or at the edge of a
name, nothing (WHOLE); next to a word of one character (至 / 龙潭) a little (WORDS); between
two one-character words, which jieba leaves of a place name it does not know (岫 / 峰), more
(SPLIT); inside a name the cell lists (an organ's name between 、，；, a person's name or title
alone in a cell, a short aside in brackets) or between an organ's one-character prefix or
suffix and its word (县 / 人力资源, 生态环境 / 局) more still (NAMED); a character alone on a
cell's first or last line more (LONE); inside a person's name or a short title (邹 / 明远)
most (KEPT); inside one of jieba's words or a date (12月10 / 日) INSIDE. A column's minimum
is the widest run of a cell no break up to LONE cuts (`least`), so a width that holds it
keeps names, titles, dates and words whole.

A cell is set ragged (flush left, centred or right) and justified only where justifying
adds at most LOOSE em between characters: a short line is never letter-spaced.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cached_property

from .. import memo
from ..metrics import FontMetrics
from ..roles import FontRole
from ..typeset import LOOSE, Line, Run, Style, Token, break_cost, break_lines, set_line, shift_line, tokenize
from ..words import MAX_NAME, inside, list_parts
from ..wordfreq import word_ends

WHOLE, WORDS, SPLIT, NAMED, LONE = 0.0, 0.3, 1.5, 3.0, 6.0  # a break's cost (break_lines: a line costs 1)
KEPT = 2 * LONE  # inside a person's name or a title (邹 / 明远, 副 / 支队长): past every column's minimum
INSIDE = 1e5  # inside a word or a date: dearer than break_lines' lone last character (1e4), so never for that
SHORT_NAME = 4  # characters: a cell (or list item) this short is a name or title kept whole (邹明远, 副支队长)
_ASIDE = re.compile(r"（[^（）]{1,4}）")  # a short aside in brackets, kept with them: （市、区）, （万元）
_DATE = re.compile(r"\d{4}年|\d{1,2}月(?:\d{1,2}日|[上中下]旬|底)?[前后]?")  # kept whole: 12月10日前, 6月底前


@dataclass(frozen=True)
class CellText:
    """A cell's tokens and what a line break costs at each of its character offsets."""

    tokens: tuple[Token, ...]
    ends: dict[int, float]  # (break_levels)
    size: float  # of the text, pt
    _set: dict[float, tuple[tuple[int, int], ...]] = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def _costs(self) -> tuple[float, ...]:
        """What a break before each token costs (inf before a blank, where no line starts)."""
        costs, offset = [math.inf], len(self.tokens[0].text) if self.tokens else 0
        for at in range(1, len(self.tokens)):
            blank = self.tokens[at].kind == "space"
            costs.append(math.inf if blank else break_cost(self.tokens, at, offset, self.ends))
            offset += len(self.tokens[at].text)
        return tuple(costs)

    @cached_property
    def width(self) -> float:
        """On one line."""
        return sum(t.width for t in self.tokens)

    def least(self, level: float) -> float:
        """The widest run of tokens no break costing at most `level` cuts: the narrowest line
        that keeps the words of that level whole."""
        cuts = [0, *(i for i, cost in enumerate(self._costs) if cost <= level), len(self.tokens)]
        return max(self._line_width(start, end) for start, end in zip(cuts, cuts[1:]))

    def breaks(self, width: float) -> tuple[tuple[int, int], ...]:
        """Token ranges of the lines in a column `width` wide (ragged: the fewest broken words,
        then the fewest lines; no lone last character where a break between words avoids it)."""
        if width not in self._set:  # (the widths tried are many, the cells' texts often the same)
            self._set[width] = _breaks(self, width)
        return self._set[width]

    def measure(self, width: float) -> tuple[int, float]:
        """In a column `width` wide: the lines and what their breaks cost (the levels above)."""
        breaks = self.breaks(width)
        return len(breaks), self._cost_of(breaks)

    def lines(self, width: float, align: str) -> list[Line]:
        """The lines set flush left ("left" justifies a cell whose lines all fill closely),
        centred as even lines, or flush right, positioned from the text's left edge."""
        breaks = self.breaks(width)
        if align == "center" and len(breaks) > 1:
            breaks = self._even(breaks, width)
        parts = [self.tokens[a:b] for a, b in breaks]
        lines = [set_line(part, width, False) for part in parts]
        if align == "left" and len(parts) > 1:
            justified = [set_line(part, width, True) for part in parts[:-1]]
            if all(line.stretch <= LOOSE * self.size + 1e-6 for line in justified):
                lines[:-1] = justified
        offset = {"left": lambda line: 0.0, "center": lambda line: (width - line.width) / 2,
                  "right": lambda line: width - line.width}[align]
        return [shift_line(line, offset(line)) for line in lines]

    def _even(self, breaks: tuple[tuple[int, int], ...], width: float) -> tuple[tuple[int, int], ...]:
        """A centred label's lines made even: the breaks of the narrowest width (down half a
        character at a time) that keeps as many lines, breaking no more dearly."""
        cost = self._cost_of(breaks)
        narrower = width - self.size / 2
        while narrower > 0:
            tried = self.breaks(narrower)
            if len(tried) != len(breaks) or self._cost_of(tried) > cost + 1e-9 \
                    or max(self._line_width(a, b) for a, b in tried) > narrower + 1e-6:
                break
            breaks, narrower = tried, narrower - self.size / 2
        return breaks

    def _cost_of(self, breaks: tuple[tuple[int, int], ...]) -> float:
        return sum(self._costs[b] for _, b in breaks[:-1])

    def _line_width(self, start: int, end: int) -> float:
        while end > start and self.tokens[end - 1].kind == "space":
            end -= 1
        return sum(t.width for t in self.tokens[start:end])


def _breaks(text: CellText, width: float) -> tuple[tuple[int, int], ...]:
    if text.width <= width and text.tokens and text.tokens[0].kind != "space":  # one line (most cells)
        return ((0, len(text.tokens)),)
    return tuple(break_lines(text.tokens, width, justify=False, ends=text.ends))


@memo.kept("cell texts")
def cell_text(text: str, role: FontRole, style: Style, metrics: FontMetrics, width: float = math.inf,
              people: bool = True) -> CellText:
    """A cell's text, tokenized (a Latin word wider than `width` in parts), with its break
    costs; a cell of a header (`people` False) names no one: its short items are words."""
    tokens = tuple(tokenize([Run(text, role)], style, metrics, width))
    joined = "".join(t.text for t in tokens)
    return CellText(tokens, break_levels(joined, people) if len(joined) > 1 else {}, style.size)


def break_levels(text: str, people: bool = True) -> dict[int, float]:
    """What a break costs at each character offset of a cell's text: between words WHOLE to
    LONE (see the module's comment), inside a word or a date INSIDE."""
    pieces = _words(text)
    levels = {at: _level(text, before, at, after) for before, at, after in zip([0, *pieces], pieces, pieces[1:])}
    names = _names(text, people)
    within = inside(text, names)
    for name in names:  # a name's edges are between words, its inside is not
        start = text.find(name)
        while start >= 0:
            levels.update({at: WHOLE for at in (start, start + len(name)) if 0 < at < len(text) and at not in within})
            start = text.find(name, start + 1)
    levels.update({at: NAMED + levels[at] / 10 for at in within if at in levels})  # (the surer places first)
    if people:  # a person's name or a title of SHORT_NAME characters is kept whole by the column's minimum
        levels.update({at: KEPT for at in inside(text, [item for item in list_parts(text) if _personal(item)])
                       if at in levels})
    for date in _DATE.finditer(text):
        for at in range(date.start() + 1, date.end()):
            levels.pop(at, None)
    return {at: levels.get(at, INSIDE) for at in range(1, len(text))}


@memo.kept("cell words")
def _words(text: str) -> list[int]:
    """Where the words of a cell end, in order. Kept in process, not on disk as a title's are: a
    table has thousands of cells, each segmented in well under a millisecond."""
    return sorted(word_ends(text, ()))


def _level(text: str, before: int, at: int, after: int) -> float:
    """The level of a break at `at` between jieba's words text[before:at] and text[at:after]:
    an organ's one-character suffix (生态环境 / 局) or an item's one-character prefix
    (县 / 人力资源) stays with its word; a break after the suffix is between words."""
    left, right = text[before:at], text[at:after]
    if at in (1, len(text) - 1):
        return LONE  # a character alone on the first or last line
    if _single(right) and right in _SUFFIXES or _single(left) and left in _PREFIXES and \
            (before == 0 or _SEPARATORS.match(text[before - 1])):
        return NAMED
    if _single(left) and left in _SUFFIXES:
        return WHOLE
    return (WHOLE, WORDS, SPLIT)[_single(left) + _single(right)]


_SUFFIXES = frozenset("局委办厅署院队司")  # an organ's last character (县水利局; not 科 or 所, which start words too)
_PREFIXES = frozenset("省市县区各")  # an organ's first (县人力资源和社会保障局), where jieba leaves it alone
_SEPARATORS = re.compile(r"[、，,；;：:\s（(]")


def _personal(item: str) -> bool:
    """Is this item a person's name or a title: of three characters (邹明远, 副局长), or four
    with a compound surname (欧阳慧敏) or ending as a title does (副支队长)?"""
    return 1 < len(item) <= 3 or len(item) == SHORT_NAME and (item[:2] in _SURNAMES or item.endswith(_TITLE_ENDS))


_SURNAMES = frozenset("欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 令狐 夏侯 长孙 宇文 司徒 端木 南宫 西门 独孤".split())
_TITLE_ENDS = ("长", "主任", "书记", "委员", "员", "师")


def _single(word: str) -> bool:
    """A word of one Han character (not a mark, a digit or a letter)."""
    return len(word) == 1 and "\u4e00" <= word <= "\u9fff"


def _names(text: str, people: bool) -> tuple[str, ...]:
    """The names a cell lists: its items (between 、，；) that end as an organ's name does or
    carry a title in brackets (赵喆（副县长）, with the name and the title apart too), where
    cells name `people` those short enough to be a person's name or a title, and short
    asides in brackets. (A clause of a sentence is no name: it may break between its words.)"""
    names = set(_ASIDE.findall(text))
    for item in list_parts(text):
        bare = _BRACKETED.sub("", item)
        if 1 < len(item) <= MAX_NAME and (bare.endswith(_ORGAN_ENDS) or bare != item
                                           or people and len(item) <= SHORT_NAME):
            names.update({item, bare, *(inner for inner in _BRACKETED.findall(item))})
    return tuple(sorted(name for name in names if len(name) > 1))


_ORGAN_ENDS = ("局", "委", "办", "厅", "署", "院", "所", "站", "队", "处", "科", "司", "室", "部", "会", "社", "中心", "政府",
               "公司", "集团", "银行", "法院", "检察院", "学校", "大学", "医院")
_BRACKETED = re.compile(r"（([^（）]*)）")
