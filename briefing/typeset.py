"""Chinese line breaking and justification, as pure functions.

Text is cut into tokens (one Han character or mark each; Latin words, numbers,
`——` and `……` whole), broken into lines by the GB/T 15834 / clreq rules and
justified so every line but a paragraph's last is flush with both edges.
Nothing here knows ReportLab: fonts come in through the `Metrics` protocol,
and the result is a list of positioned text segments for a renderer to draw.
"""
from __future__ import annotations

import dataclasses
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Protocol, Sequence
from . import memo
from .roles import FontRole

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


@dataclass(frozen=True)
class Style:
    size: float  # font size, pt
    cell: float  # advance of a Han character or full-width mark, pt (the grid pitch)
    compress: bool = False  # compress punctuation (先挤进) before pushing characters down


@dataclass(frozen=True)
class Token:
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

    # Where the Han–Latin glue goes (cached: tokens are shared across a whole briefing).
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
    segments: tuple[Segment, ...]
    width: float  # where the line ends, from its left edge
    text: str


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
    glue = Token("", "", width, "space", 0.0, width if style.compress else 0.0)  # tight setting may close it
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
    shrink = advance / 2 if style.compress and piece in HALF_BLANK else 0.0
    return Token(piece, font, advance, "cjk", drawn, shrink)


def break_lines(tokens: Sequence[Token], width: float, indent: float = 0.0,
                compress: bool = False, tight: bool = False, loose: float = math.inf) -> list[tuple[int, int]]:
    """Token ranges [start, end) of each line, by the line-start and line-end rules.

    Greedy, then 先挤进 (squeeze a forbidden line-start mark back onto the line by
    compressing punctuation) and 后推出 (push characters down). A line never runs
    past `width`. The last line is never a lone character (with its mark).
    `tight` fills every line as far as compressing its punctuation allows: the
    paragraph one line shorter that pagination may ask for (GB/T 9704 §7.3.5.5
    allows adjusting character spacing to keep text with its page). A line whose
    justification would add more than `loose` between two characters takes the next
    word too where compressing its punctuation makes room (push-in before stretch).
    """
    breaks: list[tuple[int, int]] = []
    start, n = 0, len(tokens)
    while start < n:
        while start < n and tokens[start].kind == "space":
            start += 1
        if start >= n:
            break
        avail = width - (indent if not breaks else 0.0)
        end = _fit(tokens, start, avail, tight)
        if end < n:
            end = _legal_break(tokens, start, end, avail, compress)
            if end < n and _added_space(tokens[start:end], avail) > loose:
                end = _pushed_in(tokens, start, end, avail)
        breaks.append((start, end))
        start = end
    return _avoid_short_last_line(tokens, breaks, width)


def _added_space(line: Sequence[Token], avail: float) -> float:
    """The space justification would add at each joint of a line."""
    while line and line[-1].kind == "space":
        line = line[:-1]
    joints = _joints(line)
    return (avail - sum(t.width for t in line)) / joints if joints > 0 else math.inf


def _pushed_in(tokens: Sequence[Token], start: int, end: int, avail: float) -> int:
    """The line with the next word (and the marks that may not start a line after it) taken
    in, if compressing its punctuation makes room; else as it was."""
    taken = end + 1
    while taken < len(tokens) and not _allowed(tokens, taken):
        taken += 1
    if _natural(tokens, start, taken) - _shrinkable(tokens, start, taken) <= avail + _EPS:
        return taken
    return end


def _fit(tokens: Sequence[Token], start: int, avail: float, tight: bool = False) -> int:
    """Tokens that fit at natural width (compression is kept for the line-start rule),
    or, when tight, with every mark inside the line compressed."""
    natural = inner_shrink = 0.0  # inner_shrink: of the tokens between the first and the last
    end = start
    while end < len(tokens):
        natural += tokens[end].width
        if tight and end > start + 1:
            inner_shrink += tokens[end - 1].shrink
        if natural - inner_shrink > avail + _EPS:
            break
        end += 1
    return max(end, start + 1)  # a token wider than the line still gets a line of its own


def _blank(token: Token) -> bool:
    """A space, the Han–Latin glue or an ideographic space U+3000: nothing a reader sees."""
    return token.kind == "space" or token.text.isspace()


def _allowed(tokens: Sequence[Token], end: int) -> bool:
    """May a line end before tokens[end]? The rules look past blanks on either side: a
    line must not start with a closing mark after an ideographic space, nor end with an
    opening mark before one."""
    if end >= len(tokens):
        return True
    after = end
    while after < len(tokens) and _blank(tokens[after]):
        after += 1
    if after < len(tokens) and tokens[after].no_start:
        return False
    before = end - 1
    while before > 0 and _blank(tokens[before]):
        before -= 1
    return not tokens[before].no_end


def _legal_break(tokens: Sequence[Token], start: int, end: int, avail: float, compress: bool) -> int:
    if _allowed(tokens, end):
        return end
    if compress:  # 先挤进: take the forbidden marks onto this line if compression makes room
        squeezed = end
        while squeezed < len(tokens) and not _allowed(tokens, squeezed):
            squeezed += 1
            if _natural(tokens, start, squeezed) - _shrinkable(tokens, start, squeezed) > avail + _EPS:
                break
        else:
            return squeezed
    pushed = end  # 后推出: move characters down until the break is legal
    while pushed > start + 1 and not _allowed(tokens, pushed):
        pushed -= 1
    return pushed if _allowed(tokens, pushed) else end


def _avoid_short_last_line(tokens: Sequence[Token], breaks: list[tuple[int, int]],
                           width: float) -> list[tuple[int, int]]:
    """A last line of a lone character (with its marks) takes one more from the line above,
    where the rules allow and the line still fits."""
    if len(breaks) < 2:
        return breaks
    (prev_start, prev_end), (last_start, last_end) = breaks[-2], breaks[-1]
    if sum(1 for t in tokens[last_start:last_end] if t.kind != "space" and t.text[0] not in NO_START) > 1:
        return breaks
    cut = prev_end - 1
    while cut > prev_start + 1 and not _allowed(tokens, cut):
        cut -= 1
    if cut <= prev_start + 1 or not _allowed(tokens, cut) or _natural(tokens, cut, last_end) > width + _EPS:
        return breaks
    return breaks[:-2] + [(prev_start, cut), (cut, last_end)]


def _natural(tokens: Sequence[Token], start: int, end: int) -> float:
    return sum(t.width for t in tokens[start:end])


def _shrinkable(tokens: Sequence[Token], start: int, end: int) -> float:
    """What compression can take from a line: the marks inside it. The first and last
    tokens keep their full boxes, so no glyph box reaches past the 版心's edges."""
    return sum(t.shrink for t in tokens[start + 1:end - 1])


def _joints(tokens: Sequence[Token]) -> int:
    """Where justification may add space: between tokens, not at glue (a joint's own
    space already) nor inside a word."""
    return len(tokens) - 1 - sum(1 for t in tokens if _is_glue(t)) - sum(1 for t in tokens[1:] if t.joined)


def set_line(tokens: Sequence[Token], avail: float, justify: bool) -> Line:
    """Position the tokens of one line; spread slack over the gaps between tokens when justifying."""
    while tokens and tokens[-1].kind == "space":
        tokens = tokens[:-1]
    natural = sum(t.width for t in tokens)
    slack = avail - natural
    widths = [t.width for t in tokens]
    if slack < -_EPS:  # compressed punctuation: take the overflow from the marks' blank halves
        capacity = _shrinkable(tokens, 0, len(tokens))
        ratio = min(1.0, -slack / capacity) if capacity else 0.0
        widths = [t.width - (t.shrink * ratio if 0 < i < len(tokens) - 1 else 0.0) for i, t in enumerate(tokens)]
        slack = avail - sum(widths)
    joints = _joints(tokens)
    gap = slack / joints if justify and joints > 0 and slack > 0 else 0.0
    runs: list[list] = []  # [x, texts, font, spacing]: segments being built
    x = 0.0
    for token, advance in zip(tokens, widths):
        if _is_glue(token):
            x += advance  # the gap was added after the token before it
            continue
        if token.joined and runs:
            x -= gap  # no space inside a word
        # A compressed opening mark loses the blank left half of its box.
        offset = token.width - advance if token.text in OPENERS else 0.0
        single = token.kind == "cjk" and len(token.text) == 1
        if single:
            spacing = advance + gap - token.draw_width  # the gap rides on the character spacing
        else:  # words, numbers, —— and ……: drawn whole; the gap comes after them
            spacing = (advance - token.draw_width) / len(token.text) if token.kind == "cjk" else 0.0
        last = runs[-1] if runs else None
        if last and single and not offset and last[2] == token.font and abs(last[3] - spacing) < 1e-9:
            last[1].append(token.text)  # same font and spacing: one segment, one text operator
        else:
            runs.append([x - offset, [token.text], token.font, spacing])
        x += advance + gap
    segments = tuple(Segment(run_x, "".join(texts), font, spacing) for run_x, texts, font, spacing in runs)
    return Line(segments, x - gap if tokens else 0.0, "".join(t.text for t in tokens))


def typeset(runs: Sequence[Run], style: Style, metrics: Metrics, width: float,
            indent: float = 0.0, align: str = "justify", tight: bool = False) -> list[Line]:
    """Lines of a paragraph. `align` is "justify", "left", "center" or "right"; `tight`
    compresses punctuation as far as needed to set the paragraph in the fewest lines. A
    justified line that would be loose takes the next word in by compressing its marks."""
    return list(_typeset(tuple(runs), style, metrics, width, indent, align, tight))


# Paragraphs are set once per process for the same text, style, width and fonts (metrics are
# equal when their fonts are): a rebuild in watch mode sets only what changed. Lines are
# immutable, so sharing them cannot change an output.


@memo.kept("typeset paragraphs")
def _typeset(runs: tuple[Run, ...], style: Style, metrics: Metrics, width: float, indent: float, align: str,
             tight: bool) -> tuple[Line, ...]:
    if tight and not style.compress:
        style = Style(style.size, style.cell, compress=True)
    tokens = tokenize(runs, Style(style.size, style.cell, compress=True), metrics, width - indent)
    loose = LOOSE * style.size if align == "justify" else math.inf
    return tuple(_set(tokens, break_lines(tokens, width, indent, style.compress, tight, loose), width, indent, align))


@dataclass(frozen=True)
class Tight:
    """A paragraph's tight setting: its line count now, its lines only if pagination uses it."""

    count: int
    lines: Callable[[], list[Line]]


def settings(runs: Sequence[Run], style: Style, metrics: Metrics, width: float,
             indent: float = 0.0) -> tuple[list[Line], Tight | None]:
    """A justified paragraph as set normally, and its tight setting when that takes fewer
    lines (None otherwise): the choice pagination makes. Tokenized once for both."""
    normal, tight = _settings(tuple(runs), style, metrics, width, indent)
    return list(normal), tight


@memo.kept("paragraph settings")
def _settings(runs: tuple[Run, ...], style: Style, metrics: Metrics, width: float,
              indent: float) -> tuple[tuple[Line, ...], Tight | None]:
    tokens = tokenize(runs, Style(style.size, style.cell, compress=True), metrics, width - indent)
    normal = tuple(_set(tokens, break_lines(tokens, width, indent, style.compress, loose=LOOSE * style.size),
                        width, indent, "justify"))
    tight_breaks = break_lines(tokens, width, indent, True, tight=True)
    if len(tight_breaks) >= len(normal):
        return normal, None
    return normal, Tight(len(tight_breaks), lambda: _set(tokens, tight_breaks, width, indent, "justify"))


def _set(tokens: list[Token], breaks: list[tuple[int, int]], width: float, indent: float,
         align: str) -> list[Line]:
    lines = []
    for number, (start, end) in enumerate(breaks):
        first, last = number == 0, number == len(breaks) - 1
        avail = width - (indent if first else 0.0)
        line = set_line(tokens[start:end], avail, align == "justify" and not last)
        offset = indent if first else 0.0
        if align == "center":
            offset += (avail - line.width) / 2
        elif align == "right":
            offset += avail - line.width
        lines.append(shift_line(line, offset))
    return lines


def shift_line(line: Line, dx: float) -> Line:
    if not dx:
        return line
    segments = tuple(Segment(s.x + dx, s.text, s.font, s.char_space) for s in line.segments)
    return Line(segments, line.width + dx, line.text)


# Title breaking: where a break keeps words whole (GB/T 9704 §7.3.1 asks for whole
# words and a symmetric, trapezoid or diamond shape). Word boundaries come from a
# segmenter (briefing.words); these hints rank the boundaries among themselves.
_GOOD_AFTER = ("关于", "印发", "转发", "批转", "》", "，", "、", "及", "和", "与",
               # the verb after 关于, whose object follows: 关于调整 / 县防汛抗旱指挥部成员的通知
               "调整", "做好", "加强", "推进", "开展", "实施", "公布", "表彰", "成立", "下达", "征求", "进一步")
_GOOD_BEFORE = ("《", "关于")
_INSIDE_WORD = 50.0  # when no title can be set with every word whole
_INSIDE_QUOTED = 15.0  # a name in 《》 or “” is kept whole where it fits


def _break_cost(tokens: Sequence[Token], at: int, offset: int, ends: frozenset[int] | None,
                quoted: bool, strict: bool) -> float:
    """The cost of a title break before tokens[at] (at character `offset`); `ends` are the
    word ends of the segmenter (None: every boundary between tokens is one)."""
    if not _allowed(tokens, at) or tokens[at].kind == "space":
        return math.inf  # (a break after a space or glue, not before: it ends the line, unseen)
    visible = [t for t in tokens[:at] if t.text]  # what precedes, glue aside
    if visible[-1].kind == "latin" and tokens[at].kind == "cjk":
        return math.inf if strict else 40.0  # a number with its unit or year: 2023年
    if ends is not None and offset not in ends:
        return math.inf if strict else _INSIDE_WORD
    extra = _INSIDE_QUOTED if quoted else 0.0
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
    ends = None if fewest == 1 else _word_ends(text, names)  # (no segmenter for a one-line title)
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


def _word_ends(text: str, names: tuple[str, ...]) -> frozenset[int]:
    from .words import word_ends  # the word list: read only when a title needs a break

    return word_ends(text, names)


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
