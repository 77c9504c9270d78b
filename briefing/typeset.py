"""Chinese line breaking and justification, as pure functions.

Text is cut into tokens (one Han character or mark each; Latin words, numbers,
`——` and `……` whole), broken into lines by the GB/T 15834 / clreq rules and
justified so every line but a paragraph's last is flush with both edges.
Nothing here knows ReportLab: fonts come in through the `Metrics` protocol,
and the result is a list of positioned text segments for a renderer to draw.
"""
from __future__ import annotations

import bisect
import dataclasses
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Protocol, Sequence
from . import memo
from .roles import FontRole

from .words import inside, word_ends

# GB/T 15834-2011 §5.1 via clreq, plus the OOXML zh-CN list for ASCII marks.
NO_START = frozenset("。，、；：？！．‼⁇）〕】》〉」』〗］｝”’·～–-/…—%‰℃,.;:?!)]}")
NO_END = frozenset("（〔【《〈「『〖［｛“‘([{")
# Full-width marks whose glyph fills only half of its em box: the blank half
# is what punctuation compression may remove (left half for openers).
OPENERS = frozenset("（〔【《〈「『〖［｛“‘")
HALF_BLANK = frozenset("。，、；：？！）〕】》〉」』〗］｝”’") | OPENERS

LATIN_WORD = r"[A-Za-z0-9](?:[A-Za-z0-9]|[.,&'+_:/@-](?=[A-Za-z0-9]))*%?"  # (an e-mail address is one word)
_TOKEN = re.compile(rf"{LATIN_WORD}|——|……|—+|…+| +|.", re.S)
_EPS = 1e-6


class Metrics(Protocol):
    """Font selection and measurement, supplied by the renderer."""

    def latin_font(self, role: str, text: str) -> str: ...

    def cjk_font(self, role: str, char: str) -> str: ...

    def width(self, text: str, font: str, size: float) -> float: ...

    def __hash__(self) -> int: ...  # tokens are cached per metrics


@dataclass(frozen=True)
class Run:
    """A piece of a paragraph's text set in one font role (e.g. a run-in lead, then body)."""

    text: str
    role: FontRole
    unbroken: tuple[str, ...] = ()  # spans of the text no line breaks inside ({不断行：…})


@dataclass(frozen=True)
class Style:
    """A paragraph's type: font size and grid pitch."""

    size: float  # font size, pt
    cell: float  # advance of a Han character or full-width mark, pt (the grid pitch)


@dataclass(frozen=True)
class Token:
    """A piece of a paragraph's text, measured: a Han character or mark, a Latin word or number, a space
    or the glue between Han and Latin."""

    text: str
    font: str
    width: float  # natural advance, pt
    kind: str  # "cjk", "latin" or "space" (a space, or the glue between Han and Latin, text "")
    draw_width: float  # the font's own advance at this size
    shrink: float = 0.0  # how much punctuation compression may take away
    joined: bool = False  # goes on the word before it (a part of a web address): no gap between

    @property
    def no_start(self) -> bool:
        return self.text[:1] in NO_START and bool(self.text)

    @property
    def no_end(self) -> bool:
        return self.text[-1:] in NO_END and bool(self.text)

    # What the line breaker asks of every token, and where the Han–Latin glue goes (cached:
    # tokens are shared across a whole briefing).
    @cached_property
    def blank(self) -> bool:
        """A space, the Han–Latin glue or an ideographic space U+3000: nothing a reader sees."""
        return self.kind == "space" or self.text.isspace()

    @cached_property
    def han(self) -> bool:
        return self.kind == "cjk" and unicodedata.category(self.text[0]).startswith("L")

    @cached_property
    def latin_head(self) -> bool:
        return self.kind == "latin" and self.text[0].isalnum()

    @cached_property
    def latin_tail(self) -> bool:
        return self.kind == "latin" and (self.text[-1].isalnum() or self.text[-1] == "%")


@dataclass(frozen=True)
class Segment:
    """Text drawn at x (from the line's left edge) with extra space after every character."""

    x: float
    text: str
    font: str
    char_space: float


@dataclass(frozen=True)
class Line:
    """A line as set: its segments positioned from its left edge."""

    segments: tuple[Segment, ...]
    width: float  # where the line ends, from its left edge
    text: str
    stretch: float = 0.0  # what justification added at each joint, pt


def tokenize(runs: Sequence[Run], style: Style, metrics: Metrics, width: float = math.inf,
             unbroken: bool = False) -> list[Token]:
    """Tokens of the runs, with glue between Han characters and Latin words or numbers.
    A word longer than LONG_WORD em or than `width` (the narrowest line) may break inside,
    unless the tokens are `unbroken`: set as one line (a 64-digit SHA-256 in the register was
    64 tokens, one a digit)."""
    longest = min(LONG_WORD * style.size, width)
    tokens = [token for run in runs for piece in _TOKEN.findall(run.text)
              for token in ((_token(piece, run.role, style, metrics),) if unbroken else
                            _breakable(_token(piece, run.role, style, metrics), run.role, style, metrics, longest))]
    width = HAN_LATIN_GLUE * style.size
    glue = Token("", "", width, "space", 0.0, width / 2)  # compression leaves it an eighth of an em
    glued = tokens[:1]
    for before, after in zip(tokens, tokens[1:]):
        if (before.han and after.latin_head) or (before.latin_tail and after.han):
            glued.append(glue)
        glued.append(after)
    return glued


LOOSE = 0.15  # em: the most justification should add between two characters (then push-in)
LONG_WORD = 16  # em: a Latin word longer than this (a web address) may break inside
_WORD_PARTS = re.compile(r"[^/._@-]+[/._@-]*|[/._@-]+")


def _breakable(token: Token, role: str, style: Style, metrics: Metrics, longest: float) -> list[Token]:
    """A web address, an e-mail address or a word longer than `longest`, split after its
    slashes, dots, @, hyphens and underscores (and, if a part is still too long, into
    characters), the parts joined: a line may end between them, but justification adds
    no space inside the word. Other tokens as they are."""
    if token.kind != "latin" or (token.width <= longest and not _ADDRESS.search(token.text)):
        return [token]
    tokens = []
    for part in (_token(text, role, style, metrics) for text in _WORD_PARTS.findall(token.text)):
        if part.width > longest:
            tokens += [_token(char, role, style, metrics) for char in part.text]
        else:
            tokens.append(part)
    return tokens[:1] + [dataclasses.replace(part, joined=True) for part in tokens[1:]]


_ADDRESS = re.compile(r"@|://|^www\.")


# The space between Han characters and Latin letters or digits, in em: the quarter em of
# clreq §3.2.2, which Word (中文与西文、数字的间距) and Typst add by default too.
HAN_LATIN_GLUE = 0.25


def _is_glue(token: Token) -> bool:
    return token.kind == "space" and not token.text


@memo.kept("measured tokens")
def _token(piece: str, role: str, style: Style, metrics: Metrics) -> Token:
    """One token, measured. Cached: a briefing uses a few thousand distinct ones, many times."""
    if piece.isascii():  # Latin words, numbers, spaces and ASCII marks: natural width
        if piece[0] == " ":
            piece = " "  # runs of spaces count as one
        font = metrics.latin_font(role, piece)
        width = metrics.width(piece, font, style.size)
        return Token(piece, font, width, "space" if piece == " " else "latin", width)
    font = metrics.cjk_font(role, piece[0])
    drawn = metrics.width(piece, font, style.size)
    cells = len(piece)
    # Full-width characters sit on the grid; narrow ones (×, ·) keep their own width.
    advance = style.cell * cells if drawn >= 0.75 * style.size * cells else drawn
    shrink = advance / 2 if piece in HALF_BLANK else 0.0
    return Token(piece, font, advance, "cjk", drawn, shrink)


# The line breaker's costs, on one scale (issue 30). A loose line outranks every other
# preference: it is chosen only where no legal break avoids it (a word wider than the space
# left). Then, in clreq's order, compressing punctuation costs less than pushing a character
# in or out (which stretches the line), and stretching costs most.
_FORBIDDEN = 1e12  # a break the rules forbid: only where no legal break keeps the line in its width
_LOOSE_LINE = 1e9  # a justified line spaced wider than `loose` between characters (or overfull)
_LINE_TIGHT = 1e6  # each line of a tight setting: the fewest lines first
_LINE = 1.0  # each line of a normal setting
_LONE_LAST = 1e4  # a paragraph's last line of one character (with its marks)
_NUMBER_UNIT = 1e4  # a break between a number and the Han word after it: 2860 / 万元, 4 / 个
_BROKEN_WORD = 1e3  # a break inside a word, where words are kept whole (lists, table cells)
_BROKEN_ADDRESS = 1e3  # a break inside a web or e-mail address (kejiju. / bangongshi@fz.gov.cn) where it could stay whole
_BROKEN_NAME = 1e3  # a break inside one of the edition's names in body text (周国 / 强)
_SHORT_HAN = 2e3  # a full line of Han text one or more characters short (pushed out) for no rule's sake:
# a name is kept whole in body text by compressing the line's marks, never by leaving a line of Han
# short (readers, and check --pdf, count 28 characters on it), rather broken
_STRETCH = 100.0  # × (added space / loose)²: widening the character spacing
_SQUEEZE = 5.0  # × (share of the marks' blank halves taken)²: compression spreads over lines
_RAGGED = 1.0  # × (unused share of a ragged line)²: fill lines before breaking


def break_lines(tokens: Sequence[Token], width: float, indent: float = 0.0, justify: bool = True,
                tight: bool = False, loose: float = math.inf, ends: dict[int, float] | None = None,
                unbroken: frozenset[int] = frozenset(), names: frozenset[int] = frozenset()
                ) -> list[tuple[int, int]]:
    """Token ranges [start, end) of each line: the cheapest breaks by the costs above, over
    every break the line-start and line-end rules allow (dynamic programming, as TeX's
    paragraph builder). A justified line may compress its inner marks' blank halves (先挤进,
    which also takes in a mark the rules keep off the next line) or stretch up to `loose` at
    each joint (后推出 leaves such a line); a ragged one (`justify` False) neither. `tight`
    sets the fewest lines compression allows: the paragraph one line shorter that pagination
    may ask for (GB/T 9704 §7.3.5.5 allows adjusting character spacing to keep text with its
    page). `ends`: what a break costs at the character offsets where words end; a break
    elsewhere costs _BROKEN_WORD. At the offsets `unbroken` a break is forbidden; at the offsets
    `names` (inside the edition's names) it costs _BROKEN_NAME, and a line of Han left short
    (see _SHORT_HAN) costs more."""
    return _Breaks(tokens, ends, unbroken, names).cheapest(width, indent, justify, tight, loose)


class _Breaks:
    """The tokens as break_lines weighs them: prefix sums over the tokens, the places a line may
    end and what a break costs at each. Made once for both settings of a paragraph (_settings):
    this is a third of what breaking a paragraph costs."""

    def __init__(self, tokens: Sequence[Token], ends: dict[int, float] | None, unbroken: frozenset[int],
                 names: frozenset[int]) -> None:
        n = len(tokens)
        first = 0
        while first < n and tokens[first].kind == "space":
            first += 1
        widths, shrinks, gaps, offsets, kept, latin, seen = [0.0], [0.0], [0], [0], [0], [0], [0]
        for i, (token, gap) in enumerate(zip(tokens, _gaps(tokens))):
            latin.append(latin[-1] + (token.kind == "latin"))
            widths.append(widths[-1] + token.width)
            shrinks.append(shrinks[-1] + token.shrink)
            gaps.append(gaps[-1] + gap)
            offsets.append(offsets[-1] + len(token.text))
            kept.append(i + 1 if token.kind != "space" else kept[-1])  # the line's end, trailing spaces dropped
            seen.append(seen[-1] + _seen(token))
        candidates = [b for b in range(first + 1, n) if tokens[b].kind != "space"] + [n]
        at_break = [0.0] * (n + 1)  # what a break before each candidate costs
        for b in candidates[:-1]:
            legal = _allowed(tokens, b) and offsets[b] not in unbroken
            at_break[b] = _break_cost_in(tokens, b, offsets[b], ends) if legal else _FORBIDDEN
            at_break[b] += (_BROKEN_NAME if offsets[b] in names else 0.0) + (_BROKEN_ADDRESS if tokens[b].joined else 0.0)
        self.n, self.first, self.candidates, self.at_break, self.names = n, first, candidates, at_break, bool(names)
        self.widths, self.shrinks, self.gaps, self.kept, self.latin = widths, shrinks, gaps, kept, latin
        self.lone = [seen[n] - seen[a] <= 1 for a in range(n + 1)]  # a last line from here: one character, with its marks

    def cheapest(self, width: float, indent: float, justify: bool, tight: bool, loose: float
                 ) -> list[tuple[int, int]]:
        """The breaks of break_lines."""
        n, first = self.n, self.first
        if first >= n:
            return []
        # A loose line costs more than _LOOSE_LINE and every cost is positive: when the cheapest
        # setting without loose lines costs less, it is the cheapest of all (the same breaks, found
        # without offering the loose lines); else every line is offered.
        best = self._best(width, indent, justify, tight, loose, skip_loose=True)
        if n not in best or best[n][0] >= _LOOSE_LINE:
            best = self._best(width, indent, justify, tight, loose, skip_loose=False)
        breaks = []
        b = n
        while b != first:
            a = best[b][1]
            breaks.append((a, b))
            b = a
        return breaks[::-1]

    def _best(self, width: float, indent: float, justify: bool, tight: bool, loose: float,
              skip_loose: bool) -> dict[int, tuple[float, int]]:
        """The cheapest way to each candidate: cost and the previous break."""
        n, first, candidates, at_break, names = self.n, self.first, self.candidates, self.at_break, self.names
        widths, shrinks, gaps, kept, latin, lone = self.widths, self.shrinks, self.gaps, self.kept, self.latin, self.lone
        per_line = _LINE_TIGHT if tight else _LINE
        loose_limit = loose + _EPS
        best: dict[int, tuple[float, int]] = {first: (0.0, -1)}
        # A line ending at a later candidate is longer and has as many joints or more, so it is
        # less loose: the loose lines from a break end at the first candidates after it, and a
        # line loose from one break is loose from every later one (shorter, fewer joints, and
        # only the first line indented). So the first candidate that is not loose only moves on.
        unloose = 0
        for a in [first] + candidates[:-1]:  # (the loop is written out: a paragraph tries thousands of lines)
            if a not in best:
                continue
            avail = width - (indent if a == first else 0.0)
            limit, base = avail + _EPS, best[a][0] + per_line
            start, start_shrink, start_gaps, start_latin = widths[a], shrinks[a + 1], gaps[a], latin[a]
            nearest = bisect.bisect_right(candidates, a)
            if skip_loose and justify:  # skip the loose lines (most lines tried: those far too short)
                unloose = max(unloose, nearest)
                while unloose < len(candidates) - 1:  # (the last line is never loose)
                    e = kept[candidates[unloose]]
                    natural = widths[e] - start
                    if natural > limit or _added(avail - natural, gaps[e - 1] - start_gaps) <= loose_limit:
                        break
                    unloose += 1
                nearest_fit = unloose
            else:
                nearest_fit = nearest
            for i in range(nearest_fit, len(candidates)):  # the line from a to candidates[i]
                b = candidates[i]
                e = kept[b]
                natural = widths[e] - start
                shrink = shrinks[e - 1] - start_shrink if justify and e - a > 1 else 0.0
                if natural - shrink > limit and i != nearest:
                    break  # (only the first candidate may be overfull: a word wider than the line)
                joints = gaps[e - 1] - start_gaps
                cost = base + at_break[b] + _line_cost(natural, shrink, avail, joints, b == n, justify, loose)
                if b == n and lone[a]:
                    cost += _LONE_LAST
                elif names and b < n and justify and natural < avail - _EPS and latin[e] == start_latin:
                    cost += _SHORT_HAN
                known = best.get(b)
                if known is None or cost < known[0]:
                    best[b] = (cost, a)
        return best


def _line_cost(natural: float, shrink: float, avail: float, joints: int, last: bool, justify: bool,
               loose: float) -> float:
    if natural - shrink > avail + _EPS:
        return _LOOSE_LINE  # a word wider than the line, on a line of its own
    if natural > avail + _EPS:
        return _SQUEEZE * ((natural - avail) / shrink) ** 2
    if last:
        return 0.0
    if not justify:
        return _RAGGED * (max(avail - natural, 0.0) / avail) ** 2 if avail > 0 else 0.0
    added = _added(avail - natural, joints)
    if added > loose + _EPS:
        return _LOOSE_LINE + min(added, avail)
    return _STRETCH * (added / loose) ** 2 if loose < math.inf else 0.0


def _added(slack: float, joints: int) -> float:
    """The space added at each joint of a line `slack` short of its width."""
    return slack / joints if joints > 0 else (0.0 if slack < _EPS else math.inf)


def _break_cost_in(tokens: Sequence[Token], at: int, offset: int, ends: dict[int, float] | None) -> float:
    """What a break before tokens[at] costs in body text: a number parted from its unit, a word
    broken where words are kept whole."""
    before = at - 1
    while before > 0 and _is_glue(tokens[before]):
        before -= 1
    cost = _NUMBER_UNIT if tokens[before].latin_tail and tokens[at].han else 0.0
    if ends is not None:
        cost += ends.get(offset, _BROKEN_WORD)
    return cost


def break_cost(tokens: Sequence[Token], at: int, offset: int, ends: dict[int, float] | None) -> float:
    """What break_lines charges for a break before tokens[at] (at character `offset`):
    _FORBIDDEN where the line-start and line-end rules forbid it."""
    return _break_cost_in(tokens, at, offset, ends) if _allowed(tokens, at) else _FORBIDDEN


def _seen(token: Token) -> int:
    """The characters of a token that count on a paragraph's last line (not its marks): a
    last line of one such character, with its marks, is a lone one."""
    return len(token.text) if token.kind != "space" and token.text[0] not in NO_START else 0


def _allowed(tokens: Sequence[Token], end: int) -> bool:
    """May a line end before tokens[end]? The rules look past blanks on either side: a
    line must not start with a closing mark after an ideographic space, nor end with an
    opening mark before one."""
    if end >= len(tokens):
        return True
    after = end
    while after < len(tokens) and tokens[after].blank:
        after += 1
    if after < len(tokens) and tokens[after].no_start:
        return False
    before = end - 1
    while before > 0 and tokens[before].blank:
        before -= 1
    return not tokens[before].no_end


def _shrinkable(tokens: Sequence[Token], start: int, end: int) -> float:
    """What compression can take from a line: the marks inside it. The first and last
    tokens keep their full boxes, so no glyph box reaches past the 版心's edges."""
    return sum(t.shrink for t in tokens[start + 1:end - 1])


def _gaps(tokens: Sequence[Token]) -> list[bool]:
    """After which tokens justification adds space (when another token follows on its line)?
    Not after a blank (the glue or a typed space, a joint's own space already: the space goes
    before it, so that no two characters move apart by more than one joint's share, as check
    --pdf measures them), nor inside a word."""
    joined = [token.joined for token in tokens[1:]] + [False]
    return [not token.blank and not before_joined for token, before_joined in zip(tokens, joined)]


def _joints(tokens: Sequence[Token]) -> int:
    """Where justification may add space on a line of these tokens."""
    return sum(_gaps(tokens)[:-1])


def _visible_tokens(tokens: Sequence[Token]) -> Sequence[Token]:
    """A line's tokens without its trailing spaces."""
    while tokens and tokens[-1].kind == "space":
        tokens = tokens[:-1]
    return tokens


def _needed(tokens: Sequence[Token], avail: float) -> float:
    """The share of its marks' blank halves a line must give up to fit."""
    over = sum(t.width for t in tokens) - avail
    capacity = _shrinkable(tokens, 0, len(tokens))
    return min(1.0, over / capacity) if over > _EPS and capacity else 0.0


def set_line(tokens: Sequence[Token], avail: float, justify: bool, squeeze: float | None = None) -> Line:
    """Position the tokens of one line; spread slack over the gaps between tokens when justifying.
    The marks inside the line give up `squeeze` of their blank halves (by default what the line
    needs to fit)."""
    tokens = _visible_tokens(tokens)
    ratio = _needed(tokens, avail) if squeeze is None else squeeze
    widths = [t.width - (t.shrink * ratio if 0 < i < len(tokens) - 1 else 0.0) for i, t in enumerate(tokens)]
    slack = avail - sum(widths)
    gaps = _gaps(tokens)
    joints = sum(gaps[:-1])
    gap = slack / joints if justify and joints > 0 and slack > 0 else 0.0
    runs: list[list] = []  # [x, texts, font, spacing]: segments being built
    x = after = 0.0
    for index, (token, advance) in enumerate(zip(tokens, widths)):
        after = gap if gaps[index] else 0.0
        if _is_glue(token):
            x += advance  # the gap was added after the token before it
            continue
        # A compressed opening mark loses the blank left half of its box.
        offset = token.width - advance if token.text in OPENERS else 0.0
        single = token.kind == "cjk" and len(token.text) == 1
        if single:
            spacing = advance + after - token.draw_width  # the gap rides on the character spacing
        else:  # words, numbers, —— and ……: drawn whole; the gap comes after them
            spacing = (advance - token.draw_width) / len(token.text) if token.kind == "cjk" else 0.0
        last = runs[-1] if runs else None
        if last and single and not offset and last[2] == token.font and abs(last[3] - spacing) < 1e-9:
            last[1].append(token.text)  # same font and spacing: one segment, one text operator
        else:
            runs.append([x - offset, [token.text], token.font, spacing])
        x += advance + after
    segments = tuple(Segment(run_x, "".join(texts), font, spacing) for run_x, texts, font, spacing in runs)
    return Line(segments, x - after, "".join(t.text for t in tokens), gap)


def typeset(runs: Sequence[Run], style: Style, metrics: Metrics, width: float,
            indent: float = 0.0, align: str = "justify", tight: bool = False,
            words: tuple[str, ...] | None = None) -> list[Line]:
    """Lines of a paragraph. `align` is "justify", "left", "center" or "right"; `tight`
    compresses punctuation as far as needed to set the paragraph in the fewest lines. With
    `words` (the edition's own names, dictionary words beside jieba's) a line breaks inside
    a word only where no break between words fits: for lists of names and table cells."""
    return list(_typeset(tuple(runs), style, metrics, width, indent, align, tight, words))


# Paragraphs are set once per process for the same text, style, width and fonts (metrics are
# equal when their fonts are): a rebuild in watch mode sets only what changed. Lines are
# immutable, so sharing them cannot change an output.


@memo.kept("typeset paragraphs")
def _typeset(runs: tuple[Run, ...], style: Style, metrics: Metrics, width: float, indent: float, align: str,
             tight: bool, words: tuple[str, ...] | None) -> tuple[Line, ...]:
    tokens = tokenize(runs, style, metrics, width - indent)
    loose = LOOSE * style.size if align == "justify" else math.inf
    ends = _token_word_ends(tokens, words, width - indent) if words is not None else None
    breaks = break_lines(tokens, width, indent, align == "justify", tight, loose, ends, _inside_spans(runs, tokens))
    return tuple(_set(tokens, breaks, width, indent, align, loose))


def _inside_spans(runs: Sequence[Run], tokens: Sequence[Token]) -> frozenset[int]:
    """The character offsets inside the runs' unbroken spans, in the tokens' text."""
    spans = {span for run in runs for span in run.unbroken}
    return frozenset(inside(("".join(t.text for t in tokens)), spans)) if spans else frozenset()


def _token_word_ends(tokens: Sequence[Token], names: tuple[str, ...], width: float) -> dict[int, float] | None:
    """What a break costs at each word end of the tokens' text (elsewhere: _BROKEN_WORD); None
    for a text that fits one line (no need to load the segmenter)."""
    if sum(t.width for t in tokens) <= width + _EPS:
        return None
    return word_costs("".join(t.text for t in tokens), names, _BROKEN_WORD / 4)


def word_costs(text: str, names: tuple[str, ...], inside: float) -> dict[int, float]:
    """What a break costs at each word end of `text`: nothing between words (the edition's
    `names` among them, kept whole), `inside` where jieba alone ends a word inside a name
    (县自然资源和 / 规划局, 赵喆 / （副县长）). Elsewhere the caller's cost of a broken word."""
    return dict.fromkeys(word_ends(text, ()), inside) | dict.fromkeys(word_ends(text, names), 0.0)


@dataclass(frozen=True)
class Tight:
    """A paragraph's tight setting: its line count now, its lines only if pagination uses it."""

    count: int
    lines: Callable[[], list[Line]]


def settings(runs: Sequence[Run], style: Style, metrics: Metrics, width: float,
             indent: float = 0.0, names: tuple[str, ...] = ()) -> tuple[list[Line], Tight | None]:
    """A justified paragraph as set normally, and its tight setting when that takes fewer
    lines (None otherwise): the choice pagination makes. Tokenized once for both. The
    edition's `names` (people, organs) are kept whole where compressing a line's marks can."""
    text = "".join(run.text for run in runs)
    normal, tight = _settings(tuple(runs), style, metrics, width, indent,
                              tuple(name for name in names if len(name) > 1 and name in text))
    return list(normal), tight


@memo.kept("paragraph settings")
def _settings(runs: tuple[Run, ...], style: Style, metrics: Metrics, width: float,
              indent: float, names: tuple[str, ...]) -> tuple[tuple[Line, ...], Tight | None]:
    tokens = tokenize(runs, style, metrics, width - indent)
    loose = LOOSE * style.size
    unbroken = _inside_spans(runs, tokens)
    kept = frozenset(inside("".join(t.text for t in tokens), names)) - unbroken
    breaks = _Breaks(tokens, None, unbroken, kept)  # (as break_lines, weighed once for both)
    normal = tuple(_set(tokens, breaks.cheapest(width, indent, True, False, loose), width, indent, "justify", loose))
    tight_breaks = breaks.cheapest(width, indent, True, True, loose)
    if len(tight_breaks) >= len(normal):
        return normal, None
    return normal, Tight(len(tight_breaks), lambda: _set(tokens, tight_breaks, width, indent, "justify", loose))


def _set(tokens: list[Token], breaks: list[tuple[int, int]], width: float, indent: float,
         align: str, loose: float) -> list[Line]:
    """The lines, positioned. In a justified paragraph every line's marks are compressed
    alike (issue 24 §5), as far as the paragraph's most compressed line needs and each
    line's justification allows (adding at most `loose` at each joint)."""
    justify = align == "justify"
    lines = [_visible_tokens(tokens[start:end]) for start, end in breaks]
    avails = [width - (indent if number == 0 else 0.0) for number in range(len(lines))]
    needed = [_needed(line, avail) for line, avail in zip(lines, avails)]
    alike = max(needed, default=0.0) if justify else 0.0
    result = []
    for number, (line_tokens, avail, own) in enumerate(zip(lines, avails, needed)):
        last = number == len(lines) - 1
        squeeze = own
        capacity = _shrinkable(line_tokens, 0, len(line_tokens))
        if alike > own and capacity:
            # (the stretch after squeezing, (avail − natural + squeeze·capacity) / joints, stays ≤ loose)
            room = math.inf if last else (loose * max(_joints(line_tokens), 0)
                                          - (avail - sum(t.width for t in line_tokens))) / capacity
            squeeze = max(own, min(alike, room))
        line = set_line(line_tokens, avail, justify and not last, squeeze)
        offset = indent if number == 0 else 0.0
        if align == "center":
            offset += (avail - line.width) / 2
        elif align == "right":
            offset += avail - line.width
        result.append(shift_line(line, offset))
    return result


def shift_line(line: Line, dx: float) -> Line:
    if not dx:
        return line
    segments = tuple(Segment(s.x + dx, s.text, s.font, s.char_space) for s in line.segments)
    return Line(segments, line.width + dx, line.text, line.stretch)


# Title breaking: where a break keeps words whole (GB/T 9704 §7.3.1 asks for whole
# words and a symmetric, trapezoid or diamond shape). Word boundaries come from a
# segmenter (briefing.words); these hints rank the boundaries among themselves.
_GOOD_AFTER = ("关于", "印发", "转发", "批转", "》", "，", "、", "及", "和", "与",
               # the verb after 关于, whose object follows: 关于调整 / 县防汛抗旱指挥部成员的通知
               "调整", "做好", "加强", "推进", "开展", "实施", "公布", "表彰", "成立", "下达", "征求", "进一步")
_GOOD_BEFORE = ("《", "关于")
_INSIDE_WORD = 50.0  # when no title can be set with every word whole
_INSIDE_QUOTED = 15.0  # a name in 《》 or “” is kept whole where it fits


def _break_cost(tokens: Sequence[Token], at: int, offset: int, ends: dict[int, float] | None,
                quoted: bool, strict: bool) -> float:
    """The cost of a title break before tokens[at] (at character `offset`); `ends` what a break
    costs at the word ends (word_costs; None: every boundary between tokens is one)."""
    if not _allowed(tokens, at) or tokens[at].kind == "space":
        return math.inf  # (a break after a space or glue, not before: it ends the line, unseen)
    visible = [t for t in tokens[:at] if t.text]  # what precedes, glue aside
    if visible[-1].kind == "latin" and tokens[at].kind == "cjk":
        return math.inf if strict else 40.0  # a number with its unit or year: 2023年
    extra = _INSIDE_QUOTED if quoted else 0.0
    if ends is not None:
        broken = ends.get(offset, _INSIDE_WORD)
        if broken and strict:
            return math.inf
        extra += broken
    before = "".join(t.text for t in visible[-2:])
    after = "".join(t.text for t in tokens[at:at + 2])
    if before.endswith(_GOOD_AFTER) or after.startswith(_GOOD_BEFORE):
        return extra
    if after.startswith("的"):
        return extra + 4.0
    if tokens[at].kind == "latin" and visible[-1].kind == "cjk":
        return extra + 8.0  # a number starts a new word ("2023年…")
    return extra + 20.0


MAX_TITLE_LINES = 6  # a title that needs more is refused (README, 限制)


class TitleTooLong(ValueError):
    """A title that cannot be set in MAX_TITLE_LINES lines."""


def balance_lines(runs: Sequence[Run], style: Style, metrics: Metrics, max_width: float,
                  max_lines: int = MAX_TITLE_LINES, names: tuple[str, ...] = (),
                  split_words: bool = True, centre: bool = True) -> list[Line]:
    """See _balance_lines (cached, like paragraphs)."""
    return list(_balance_lines(tuple(runs), style, metrics, max_width, max_lines, names, split_words, centre))


@memo.kept("balanced titles")
def _balance_lines(runs: tuple[Run, ...], style: Style, metrics: Metrics, max_width: float,
                  max_lines: int = MAX_TITLE_LINES, names: tuple[str, ...] = (),
                  split_words: bool = True, centre: bool = True) -> tuple[Line, ...]:
    """Centred lines of a title (or flush left, for a label): every word whole (the edition's
    `names` among the words), then the fewest lines, then the most even shape. A word is split only when no title of
    at most `max_lines` lines keeps them all whole (and `split_words` allows it)."""
    tokens = tokenize(runs, style, metrics, max_width)
    n = len(tokens)
    widths = [0.0]
    for token in tokens:
        widths.append(widths[-1] + token.width)
    fewest = max(1, math.ceil(widths[-1] / max_width - _EPS))
    if fewest > max_lines:
        raise TitleTooLong(f"{fewest} > {max_lines}")
    text = "".join(t.text for t in tokens)
    ends = None if fewest == 1 else word_costs(text, names, _INSIDE_WORD / 4)  # (no segmenter for one line)
    offsets, depth, quoted = [0], 0, [False]
    for token in tokens:
        offsets.append(offsets[-1] + len(token.text))
        depth += sum(token.text.count(mark) for mark in "《“") - sum(token.text.count(mark) for mark in "》”")
        quoted.append(depth > 0)
    for strict in (True, False) if split_words else (True,):
        costs = [_break_cost(tokens, i, offsets[i], ends, quoted[i], strict) if 0 < i < n else 0.0
                 for i in range(n + 1)]
        for count in range(fewest, max_lines + 1):
            breaks = _balanced_breaks(widths, costs, count, max_width, style.cell)
            if breaks is not None:
                return tuple(shift_line(line, (max_width - line.width) / 2 if centre else 0.0)
                             for line in (set_line(tokens[a:b], max_width, False) for a, b in zip(breaks, breaks[1:])))
    raise TitleTooLong(f"> {max_lines}")


_SHAPE_FAULT = 15.0  # a line longer than the one above once the title has begun to narrow: an
# hourglass rather than a trapezoid or diamond
_LONGER_LAST = 5.0  # a last line longer than the one above: a trapezoid too, but the less usual


def _balanced_breaks(widths: list[float], costs: list[float], count: int, max_width: float,
                     cell: float) -> tuple[int, ...] | None:
    """The cheapest breaks into `count` lines, by dynamic programming over (line, its start,
    its end, narrowing yet): cost of the breaks plus each line's distance from the mean length,
    plus _SHAPE_FAULT per fault of shape. O(count · n · w²) for n tokens and w tokens a line."""
    n = len(widths) - 1
    mean = widths[n] / cell / count

    def fits(a: int, b: int) -> bool:
        return widths[b] - widths[a] <= max_width + _EPS

    def ends(line: int) -> range:  # where a line may end: the text's end for the last line
        return range(n, n + 1) if line == count - 1 else range(1, n)

    State = tuple[int, int, bool]  # (start, end, narrowing)
    layers: list[dict[State, tuple[float, State | None]]] = [{}]
    for b in ends(0):
        if fits(0, b) and costs[b] != math.inf and widths[n] - widths[b] <= (count - 1) * max_width + _EPS:
            layers[0][(0, b, False)] = (costs[b] + 2 * abs((widths[b]) / cell - mean), None)
    for line in range(1, count):
        last = line == count - 1
        layer: dict[State, tuple[float, State | None]] = {}
        for state, (cost, _) in layers[-1].items():
            a, b, narrowing = state
            previous = (widths[b] - widths[a]) / cell
            for c in ends(line):
                if c <= b or costs[c] == math.inf or widths[n] - widths[c] > (count - 1 - line) * max_width + _EPS:
                    continue
                if not fits(b, c):
                    break
                length = (widths[c] - widths[b]) / cell
                grows, shrinks = length > previous + 0.5, length < previous - 0.5
                fault = _SHAPE_FAULT * (grows and narrowing) + _LONGER_LAST * (grows and last)
                total = cost + costs[c] + 2 * abs(length - mean) + fault
                key = (b, c, narrowing or shrinks)
                if key not in layer or total < layer[key][0]:
                    layer[key] = (total, state)
        layers.append(layer)
    if not layers[-1]:
        return None
    at: State | None = min(layers[-1], key=lambda key: (layers[-1][key][0], key))
    ends_found = []
    for layer in reversed(layers):
        assert at is not None
        ends_found.append(at[1])
        at = layer[at][1]
    return (0, *reversed(ends_found))
