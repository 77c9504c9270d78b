"""break_lines first looks for the cheapest breaking without loose lines (most lines it could
try are far too short) and offers every line only when that breaking has none or costs as much as
a loose line. The breaks must be exactly those of offering every line from the start: the
breaker as it was before, kept here as the reference, on paragraphs that need a loose line (a
web address or a telephone number wider than the room left), that do not, tight and ragged,
with word ends and unbroken spans."""
import bisect
from itertools import accumulate

from hypothesis import given, strategies as st

from briefing import typeset as t
from briefing.text import clean
from briefing.typeset import LOOSE, Run, Style, break_lines, tokenize
from test_typeset import MM, FakeMetrics, figure_paragraphs, paragraphs


def lone(line):
    """Is this last line a lone character, with its marks?"""
    return sum(len(token.text) for token in line if token.kind != "space" and token.text[0] not in t.NO_START) <= 1


def reference(tokens, width, indent=0.0, justify=True, tight=False, loose=float("inf"), ends=None,
              unbroken=frozenset(), names=frozenset()):
    """Every line from every reachable break offered, each tried in turn (the breaker before it
    skipped loose lines, first one by one, then by a pointer, and summed ahead the characters a
    last line counts)."""
    n = len(tokens)
    first = next((i for i, token in enumerate(tokens) if token.kind != "space"), None)  # (spaces lead no line)
    if first is None:
        return []
    widths = list(accumulate((token.width for token in tokens), initial=0.0))
    shrinks = list(accumulate((token.shrink for token in tokens), initial=0.0))
    gaps = list(accumulate((int(gap) for gap in t._gaps(tokens)), initial=0))
    latin = list(accumulate((int(token.kind == "latin") for token in tokens), initial=0))
    offsets = list(accumulate((len(token.text) for token in tokens), initial=0))
    kept = [0]  # the line's end before each token, trailing spaces dropped
    for i, token in enumerate(tokens):
        kept.append(i + 1 if token.kind != "space" else kept[-1])
    candidates = [b for b in range(first + 1, n) if tokens[b].kind != "space"] + [n]
    at_break = [0.0] * (n + 1)
    for b in candidates[:-1]:
        legal = t._allowed(tokens, b) and offsets[b] not in unbroken
        at_break[b] = t._break_cost_in(tokens, b, offsets[b], ends) if legal else t._FORBIDDEN
        at_break[b] += (t._BROKEN_NAME if offsets[b] in names else 0.0) + (t._BROKEN_ADDRESS if tokens[b].joined else 0.0)
    per_line = t._LINE_TIGHT if tight else t._LINE
    best = {first: (0.0, -1)}
    for a in [first] + candidates[:-1]:
        if a not in best:
            continue
        avail = width - (indent if a == first else 0.0)
        nearest = bisect.bisect_right(candidates, a)
        for i in range(nearest, len(candidates)):
            b = candidates[i]
            e = kept[b]
            natural = widths[e] - widths[a]
            shrink = shrinks[e - 1] - shrinks[a + 1] if justify and e - a > 1 else 0.0
            if natural - shrink > avail + t._EPS and i != nearest:
                break
            joints = gaps[e - 1] - gaps[a]
            cost = best[a][0] + per_line + at_break[b] + t._line_cost(natural, shrink, avail, joints, b == n,
                                                                       justify, loose)
            if b == n and lone(tokens[a:b]):
                cost += t._LONE_LAST
            elif names and b < n and justify and natural < avail - t._EPS and latin[e] == latin[a]:
                cost += t._SHORT_HAN
            if b not in best or cost < best[b][0]:
                best[b] = (cost, a)
    breaks, b = [], n
    while b != first:
        a = best[b][1]
        breaks.append((a, b))
        b = a
    return breaks[::-1]


def _same_breaks(text, width_mm, unbroken_every=0):
    width = width_mm * MM
    style = Style(16, width / round(width / 16))
    indent = 2 * style.cell
    tokens = tokenize([Run(clean(text), "fangsong")], style, FakeMetrics(), width - indent)
    unbroken = frozenset(range(0, sum(len(token.text) for token in tokens), unbroken_every)) if unbroken_every else \
        frozenset()
    ends = {offset: (0.0 if offset % 3 else 250.0) for offset in range(0, len(text), 2)}  # (words of two)
    loose = LOOSE * 16
    names = frozenset(range(1, sum(len(token.text) for token in tokens), 5))  # (inside names of six)
    for options in ({"loose": loose}, {"loose": loose, "tight": True}, {"justify": False},
                    {"loose": loose, "ends": ends}, {"loose": loose, "unbroken": unbroken},
                    {"loose": loose, "names": names}):
        assert break_lines(tokens, width, indent, **options) == reference(tokens, width, indent, **options), options


def test_paragraphs_that_need_a_loose_line_and_that_do_not():
    address = "请登录https://www.linchuan.gov.cn/zwgk/zcwj/2024/tongzhi-0917.html查询，或致电0794-87654321、13907941234咨询。"
    for width_mm in (60, 75, 90, 120, 156):
        _same_breaks("临川县农业农村局" * 3 + address * 2, width_mm)
        _same_breaks("为切实做好秋粮收购工作，" * 12, width_mm, unbroken_every=7)


@given(paragraphs(isolated=False), st.integers(40, 170), st.integers(0, 9))
def test_generated_paragraphs_break_exactly_as_offering_every_line(text, width_mm, unbroken_every):
    _same_breaks(text, width_mm, unbroken_every)


@given(figure_paragraphs(), st.integers(60, 170))
def test_figure_paragraphs_break_exactly_as_offering_every_line(text, width_mm):
    _same_breaks(text, width_mm)
