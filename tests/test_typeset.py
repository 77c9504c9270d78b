"""The line breaker and justifier, as pure functions (fake metrics: no ReportLab)."""
from pathlib import Path

import pytest

from briefing.text import clean
from briefing.typeset import NO_END, NO_START, Run, Style, balance_lines, tokenize, typeset

SEED = (Path(__file__).parent / "data" / "seed.txt").read_text(encoding="utf-8").splitlines()
MM = 72 / 25.4


class FakeMetrics:
    """Han characters 1 em, Latin and digits ½ em, like the real fonts' proportions."""

    def latin_font(self, role, text):
        return "latin"

    def cjk_font(self, role, char):
        return "cjk"

    def width(self, text, font, size):
        return size * len(text) * (1.0 if font == "cjk" else 0.5)


def lay_out(text, width, tight=False, size=16.0):
    style = Style(size, width / round(width / size))
    return typeset([Run(clean(text), "fangsong")], style, FakeMetrics(), width, indent=2 * style.cell, tight=tight)


def test_numbers_latin_words_and_dashes_are_single_tokens():
    tokens = tokenize([Run("支出257.4亿元，比增14.2%，2,437家，R&D与MINI-LED——好……", "f")], Style(16, 16), FakeMetrics())
    texts = [t.text for t in tokens]
    for whole in ("257.4", "14.2%", "2,437", "R&D", "MINI-LED", "——", "……"):
        assert whole in texts


def test_28_characters_on_every_full_han_line():
    lines = lay_out("科" * 200, 156 * MM)
    assert [len(line.text) for line in lines[1:-1]] == [28] * (len(lines) - 2)
    assert len(lines[0].text) == 26  # 2-character first-line indent


@pytest.mark.parametrize("tight", [False, True])
def test_width_sweep_keeps_every_rule(tight):
    violations, unflush, overflow, lines_seen = 0, 0, 0, 0
    for width_mm in range(120, 171, 1):
        width = width_mm * MM
        for paragraph in SEED[1:]:
            lines = lay_out(paragraph, width, tight)
            lines_seen += len(lines)
            for number, line in enumerate(lines):
                violations += line.text[0] in NO_START or line.text[-1] in NO_END
                overflow += line.width > width + 1e-6
                if number < len(lines) - 1:
                    unflush += abs(line.width - width) > 0.01
    assert lines_seen > 5000
    assert (violations, unflush, overflow) == (0, 0, 0)


SQUEEZABLE = "一，" * 13 + "二三，" + "四" * 40  # 28 cells, then a comma that may not start a line


def test_push_out_keeps_a_mark_off_the_line_start_when_no_mark_can_give_way():
    lines = typeset([Run("四" * 27 + "二三，" + "四" * 20, "f")], Style(16, 16), FakeMetrics(), 28 * 16)
    assert lines[0].text.endswith("二") and lines[1].text.startswith("三，")
    assert lines[0].width == pytest.approx(28 * 16)


def test_compression_squeezes_the_mark_back_first():
    """clreq's order: compressing the line's marks comes before pushing a character down."""
    lines = typeset([Run(SQUEEZABLE, "f")], Style(16, 16), FakeMetrics(), 28 * 16)
    assert lines[0].text.endswith("二三，") and lines[1].text.startswith("四")
    assert lines[0].width == pytest.approx(28 * 16)


def test_no_lone_last_character():
    for n in range(60, 120):
        lines = lay_out("科" * n + "。", 156 * MM)
        assert len(lines[-1].text.rstrip("。")) >= 2


def test_slack_never_goes_inside_a_number():
    lines = lay_out("全社会R&D支出257.4亿元，比增14.2%，总量和增量连续6年保持全省第一。" * 3, 156 * MM)
    for line in lines:
        for segment in line.segments:
            if segment.font == "latin":
                assert segment.char_space == 0


def test_title_breaks_at_word_boundaries_in_a_symmetric_shape():
    title = "福州市科学技术局关于印发《福州市2022年科技工作总结及2023年工作思路》的通知"
    lines = balance_lines([Run(title, "x")], Style(22, 22), FakeMetrics(), 18 * 22)
    assert [line.text for line in lines] == ["福州市科学技术局关于印发", "《福州市2022年科技工作总结及",
                                              "2023年工作思路》的通知"]
    centres = [(line.segments[0].x + line.width) / 2 for line in lines]
    assert max(centres) - min(centres) < 1


def test_tight_setting_saves_a_line_within_the_column():
    width = 156 * MM
    style = Style(16, width / 28)
    saved = 0
    for paragraph in SEED[1:]:
        runs = [Run(clean(paragraph), "fangsong")]
        normal = typeset(runs, style, FakeMetrics(), width, indent=2 * style.cell)
        tight = typeset(runs, style, FakeMetrics(), width, indent=2 * style.cell, tight=True)
        assert len(tight) <= len(normal)
        saved += len(tight) < len(normal)
        for line in tight:
            assert line.width <= width + 1e-6  # compression never lets a line run past the column
            assert line.text[0] not in NO_START and line.text[-1] not in NO_END
            first = line.segments[0]
            assert first.x >= -1e-6  # an opening mark at the line start keeps its full box
        assert "".join(line.text for line in tight) == "".join(line.text for line in normal)
    assert saved >= 3  # a real option for pagination (4 of the seed; normal settings compress too now)


def test_quarter_em_between_han_and_latin_but_not_at_marks_or_line_edges():
    style = Style(16, 16)
    (line,) = typeset([Run("支出257.4亿元，R&D强度2.27%。", "f")], style, FakeMetrics(), 1000, align="left")
    x = {s.text: s.x for s in line.segments}
    assert x["257.4"] - (x["支出"] + 32) == pytest.approx(4)  # 支出|257.4: a quarter em
    assert x["亿元，"] - (x["257.4"] + 40) == pytest.approx(4)  # 257.4|亿元
    assert x["R&D"] == pytest.approx(x["亿元，"] + 48)  # after a mark: no glue
    assert line.text == "支出257.4亿元，R&D强度2.27%。"  # the glue is space, never text
    lines = typeset([Run("字" * 27 + "2023年", "f")], Style(16, 16), FakeMetrics(), 28 * 16)
    assert lines[1].segments[0].x == 0  # a line never starts with the glue


def test_a_web_address_longer_than_the_line_breaks_after_a_slash_not_past_the_margin():
    width = 156 * MM
    style = Style(16, width / 28)
    text = "详见https://www.fuzhou.gov.cn/zwgk/tzgg/202302/t20230206_4540011_0123456789.htm和附件。"
    lines = typeset([Run(text, "f")], style, FakeMetrics(), width, indent=2 * style.cell)
    assert all(line.width <= width + 1e-6 for line in lines)
    assert "".join(line.text for line in lines) == text
    assert lines[0].text.endswith("/") and len(lines) == 2
    assert typeset([Run("支出257.4亿元", "f")], style, FakeMetrics(), width)[0].segments[1].text == "257.4"


@pytest.mark.parametrize("title, expected", [
    ("某某县人民政府办公室关于调整县防汛抗旱指挥部成员的通知", ["某某县人民政府办公室关于调整", "县防汛抗旱指挥部成员的通知"]),
    ("某某市教育局关于做好2024年秋季学期开学工作的通知", ["某某市教育局关于做好", "2024年秋季学期开学工作的通知"]),
])
def test_titles_break_between_words_and_never_between_a_number_and_its_unit(title, expected):
    lines = balance_lines([Run(title, "f")], Style(22, 22), FakeMetrics(), 18 * 22)
    assert [line.text for line in lines] == expected


# --- property tests over generated paragraphs -------------------------------------------

from hypothesis import given, strategies as st  # noqa: E402

HAN = st.sampled_from("科技创新平台建设企业研发投入增长全市推进实施的和了在是为")
WORD = st.one_of(
    st.text(HAN, min_size=1, max_size=6),
    st.from_regex(r"[A-Za-z]{1,12}", fullmatch=True),
    st.from_regex(r"[0-9]{1,6}(\.[0-9]{1,2})?%?", fullmatch=True),
    st.from_regex(r"https?://[a-z]{3,30}\.[a-z]{2,3}/[a-z0-9/]{0,40}", fullmatch=True),
    st.from_regex(r"[a-z]{3,20}@[a-z]{3,20}\.(com|cn)", fullmatch=True),
    st.just("\u3000"),
    st.just(" "),
)
MARK = st.sampled_from(sorted(NO_START | NO_END | set("——……、")))


@st.composite
def paragraphs(draw, isolated: bool):
    """Words with marks between them; `isolated`: a Han character on both sides of every
    mark, so every 禁则 can be kept (bare punctuation, or a mark right after a web
    address as wide as the line, leaves no legal break: the breaker then keeps the width)."""
    parts = []
    for _ in range(draw(st.integers(1, 60))):
        if isolated:  # (two Latin words in a row would make one, its marks its own)
            parts.append(draw(HAN))
        parts.append(draw(WORD))
        if draw(st.booleans()):
            if isolated:  # a Han character on each side: a legal break is always near
                parts.append(draw(HAN))
            parts.append(draw(MARK))
            if isolated:
                parts.append(draw(st.text(HAN, min_size=1, max_size=2)))
    return "".join(parts)


def _visible(text: str) -> str:
    return text.strip(" \u3000")



@given(paragraphs(isolated=True), st.integers(100, 170), st.booleans())
def test_generated_paragraphs_keep_every_rule(text, width_mm, tight):
    width = width_mm * MM
    lines = lay_out(text, width, tight)
    for number, line in enumerate(lines):
        assert line.width <= width + 1e-6, line.text
        shown = _visible(line.text)
        if not shown:
            continue
        if number > 0:
            assert shown[0] not in NO_START, (number, line.text)
        if number < len(lines) - 1:
            assert shown[-1] not in NO_END, (number, line.text)



@given(paragraphs(isolated=False), st.integers(60, 170), st.booleans())
def test_any_paragraph_is_set_inside_its_width(text, width_mm, tight):
    width = width_mm * MM
    for line in lay_out(text, width, tight):
        assert line.width <= width + 1e-6, line.text


def test_ideographic_space_before_a_closing_mark_does_not_start_a_line():
    for shift in range(30):
        text = "科" * shift + ("技术\u3000，创新" * 30)
        lines = lay_out(text, 156 * MM)
        assert all(_visible(line.text)[0] not in NO_START for line in lines[1:] if _visible(line.text))


def test_an_email_address_breaks_after_its_at_and_dots_without_inner_spaces():
    text = "请于本周内将材料发送至" + "科" * 9 + "联系邮箱anquanke-office@binhe-edu.example.gov.cn，逾期不再受理。"
    lines = lay_out(text, 156 * MM)
    assert len(lines) >= 2
    joined = [t for t in tokenize([Run(clean(text), "f")], Style(16, 16), FakeMetrics()) if t.joined]
    assert [t.text for t in joined] == ["office@", "binhe-", "edu.", "example.", "gov.", "cn"]
    for line in lines:
        parts = [s for s in line.segments if s.font == "latin"]
        for before, after in zip(parts, parts[1:]):  # parts of one address touch: no justification gap
            if after.x - before.x - len(before.text) * 8 < 1e-6:
                continue
            assert not after.text.startswith(("office", "binhe", "edu", "example", "gov", "cn")), line.text


def test_an_address_that_fits_a_line_is_kept_whole_when_the_line_before_can_take_the_slack():
    """A 附注 broke “kejiju. / bangongshi@fz.gov.cn” and “https:// / kjj.fuzhou.gov.cn/…” though
    each fits a line: a break inside an address costs as a broken name, so the lines before it
    stretch (within the loose limit) and the addresses stay whole."""
    from briefing.typeset import LOOSE, settings
    width = 156 * MM
    text = ("（联系人及电话：林建华，13905912345；电子邮箱：kejiju.bangongshi@fz.gov.cn；附件材料请同时报送电子版至"
            " https://kjj.fuzhou.gov.cn/tzgg/2023/index.html 下载。）")
    style = Style(16, width / 28)
    lines, _ = settings([Run(clean(text), "fangsong")], style, FakeMetrics(), width, indent=2 * style.cell)
    assert any("kejiju.bangongshi@fz.gov.cn" in line.text for line in lines), [line.text for line in lines]
    assert any("https://kjj.fuzhou.gov.cn/tzgg/2023/index.html" in line.text for line in lines)
    assert all(line.stretch <= LOOSE * 16 + 1e-6 for line in lines)


def test_a_line_before_a_long_number_is_pushed_in_rather_than_stretched():
    """22 cells and a 9-digit number do not fit a 26-cell first line at natural width, but do
    with its two commas compressed: push-in, where stretching would add 3 pt between characters."""
    from briefing.typeset import settings
    width = 156 * MM
    style = Style(16, width / 28)
    text = "各" * 10 + "，" + "各" * 10 + "，" + "123456789" + "各" * 40
    lines, _ = settings([Run(text, "f")], style, FakeMetrics(), width, indent=2 * style.cell)
    assert lines[0].text.endswith("123456789")
    assert lines[0].width == pytest.approx(width, abs=0.01)


from hypothesis import given, strategies as st  # noqa: E402

from briefing.typeset import set_line  # noqa: E402

_PIECES = st.sampled_from(["江州", "卫生健康局", "，", "。", "（", "）", "2024", "5G", "SHA-256", " ", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                           "https://gxj.jiangzhou.gov.cn/sbxt/index.html", "gyhlw2024@jiangzhou-gxj.gov.cn", "0571-88776655"])


@given(st.lists(_PIECES, min_size=1, max_size=12))
def test_a_line_set_unbroken_places_each_character_where_its_split_words_do(pieces):
    """single_line does not split long words and addresses into parts (it never breaks them):
    every character in the same font at the same place as when they are split and joined."""
    text = clean("".join(pieces)) or "江"
    style, metrics = Style(16.0, 16.0), FakeMetrics()
    split = set_line(tokenize([Run(text, "fangsong")], style, metrics), 1e9, False)
    whole = set_line(tokenize([Run(text, "fangsong")], style, metrics, unbroken=True), 1e9, False)
    assert len(whole.segments) <= len(split.segments)
    assert _placed_characters(whole, metrics) == pytest.approx(_placed_characters(split, metrics), abs=1e-9)
    assert [c for s in whole.segments for c in s.text] == [c for s in split.segments for c in s.text]
    assert whole.width == pytest.approx(split.width, abs=1e-9) and whole.text == split.text


def _placed_characters(line, metrics) -> list[float]:
    """Each character's x on the line (its segment's start plus the advances before it)."""
    places = []
    for segment in line.segments:
        x = segment.x
        for char in segment.text:
            places.append(x)
            x += metrics.width(char, segment.font, 16.0) + segment.char_space
    return places


# --- issue 30: no loose line that a legal break could avoid -----------------------------

FIGURE_RUNS = st.sampled_from([
    "823.57亿元、23003项，分别增长54.31%、117.15%。", "同比增长12.6%", "下降0.8个百分点", "2860万元",
    "4个", "2023年3月15日", "2024年12月31日前", "联系电话0591-87654321", "手机13805912345",
    "邮箱kjj-office@fuzhou.gov.cn", "R&D经费投入强度2.27%", "第3季度", "15.2亿元（含专项资金3.1亿元）",
])
FILLER = "各地区认真落实市委市政府决策部署推进科技创新平台建设企业研发投入"


@st.composite
def figure_paragraphs(draw):
    """Runs of figures the way a 工作总结 writes them, after a Han lead-in of any length (so
    each figure falls at every offset in a line), with Han text or marks between them."""
    parts = [FILLER[:draw(st.integers(0, len(FILLER)))]]
    for _ in range(draw(st.integers(1, 8))):
        parts.append(draw(FIGURE_RUNS))
        parts.append(draw(st.sampled_from(["，", "、", "；", "", "和", "，其中"])) + FILLER[:draw(st.integers(0, 12))])
    return "".join(parts) + "。"


def _loose_free_breaking_exists(tokens, width, indent, loose) -> bool:
    """An oracle apart from the breaker: can the tokens be cut at breaks the rules allow so
    that every line fits (its inner marks compressed at most to half) and no line but the
    last is spaced wider than `loose` at a joint?"""
    n = len(tokens)

    def legal(b):
        before = next((t for t in reversed(tokens[:b]) if t.text.strip()), None)
        return tokens[b].kind != "space" and tokens[b].text[0] not in NO_START and (
            before is None or before.text[-1] not in NO_END)

    def fits(a, b, avail, last):
        line = list(tokens[a:b])
        while line and line[-1].kind == "space":
            line.pop()
        natural = sum(t.width for t in line)
        if natural - sum(t.shrink for t in line[1:-1]) > avail + 1e-6:
            return False
        if last or natural >= avail - 1e-6:
            return True
        joints = len(line) - 1 - sum(1 for t in line if t.kind == "space" and not t.text) \
            - sum(1 for t in line[1:] if t.joined)
        return joints > 0 and (avail - natural) / joints <= loose + 1e-6

    reachable = {0}
    for b in [b for b in range(1, n) if legal(b)] + [n]:
        if any(fits(a, b, width - (indent if a == 0 else 0.0), b == n) for a in reachable if a < b):
            reachable.add(b)
    return n in reachable


@given(figure_paragraphs(), st.integers(120, 170))
def test_no_loose_line_where_a_legal_break_avoids_it(text, width_mm):
    """Issue 30: a line spaced wider than 0.15 em outranks every other preference (short last
    lines, number–unit glue): it is set only where no legal breaking of the paragraph avoids it."""
    from briefing.typeset import LOOSE, settings
    width = width_mm * MM
    style = Style(16, width / round(width / 16))
    runs = [Run(clean(text), "fangsong")]
    lines, _ = settings(runs, style, FakeMetrics(), width, indent=2 * style.cell)
    loose = [line.text for line in lines[:-1] if line.stretch > LOOSE * 16 + 1e-6]
    if loose:
        tokens = tokenize(runs, style, FakeMetrics(), width - 2 * style.cell)
        assert not _loose_free_breaking_exists(tokens, width, 2 * style.cell, LOOSE * 16), loose
    assert "".join(line.text for line in lines) == clean(text).strip()


def test_issue_30_paragraph_keeps_the_percentage_on_the_full_line():
    """The issue's paragraph at the offset that set 5.5 pt: `54.31%、` stays on the full line,
    `117.15%。` alone is an acceptable last line."""
    width = 156 * MM
    style = Style(16, width / 28)
    text = "各地区各部门认真落实市委市政府决策部技术合同成交额、登记项数分别为823.57亿元、23003项，分别增长54.31%、117.15%。"
    from briefing.typeset import LOOSE, settings
    for shift in range(0, 40):
        lines, _ = settings([Run("科" * shift + text, "f")], style, FakeMetrics(), width, indent=2 * style.cell)
        assert all(line.stretch <= LOOSE * 16 for line in lines), (shift, [(l.text, l.stretch) for l in lines])


def _with_names(text, names):
    from briefing.typeset import settings
    width = 156 * MM
    style = Style(16.0, width / 28)
    return settings([Run(clean(text), "fangsong")], style, FakeMetrics(), width, indent=2 * style.cell, names=names)[0]


def test_a_name_is_kept_whole_in_body_text_by_compressing_marks_never_by_a_short_han_line():
    # Line 2 would end on “周国”: with marks before it on the line, compressing two of them takes
    # “强” in; in a line of bare Han text nothing can give way, and the name breaks rather than
    # leave a full line of Han one character short.
    marked = "甲" * 26 + "乙，丙，" * 6 + "乙" * 2 + "周国强主持会议" + "丁" * 10
    free = _with_names(marked, ())
    assert free[1].text.endswith("周国") and free[2].text.startswith("强")
    kept = _with_names(marked, ("周国强",))
    assert kept[1].text.endswith("周国强") and len(kept) == len(free)
    bare = "甲" * 26 + "乙" * 26 + "周国强主持会议" + "丁" * 10
    lines = _with_names(bare, ("周国强",))
    assert [len(line.text) for line in lines[1:-1]] == [28] * (len(lines) - 2)
