"""Measure a PDF against GB/T 9704-2012 (tolerances of gbt9704.md §11): one briefing built, or
any other 公文 PDF.

Reads only the PDF, through `reading` (in a process bounded in memory and time): text positions,
fonts and rules from one pass over the drawing operators (`content`), the red mark's ink from a
raster of page 1 (pypdfium2). Each check reports what it measured, the nominal value and whether it
passes, or that there was nothing to measure (未测) and why.
"""
from __future__ import annotations

import math
import re
import statistics
import unicodedata
from collections import Counter
from operator import attrgetter
from dataclasses import dataclass, field
from pathlib import Path

# The standard's figures, the nominal pitch lines are found on among them, come from `standard`,
# never from the typesetter's layout (正文行距 checks the pitch measured against the standard's
# range).
from .. import standard as std
from ..errors import ContentError
from .content import Shape
from .reading import RASTER_DPI, Font, bounded, read

# The checker's own tables, written from GB/T 15834-2011 §5.1 (and the ASCII marks of the
# OOXML zh-CN list), not imported from the typesetter it checks.
NO_START = frozenset("。，、；：？！．）〕】》〉」』〗］｝”’·～…—%‰℃,.;:?!)]}/-–")
NO_END = frozenset("（〔【《〈「『〖［｛“‘([{")
HALF_BLANK = frozenset("。，、；：？！）〕】》〉」』〗］｝”’（〔【《〈「『〖［｛“‘")

MM = std.MM
HAN = range(0x3400, 0xA000)


@dataclass(frozen=True)
class Check:
    """One measurement: `ok` is None when nothing could be measured (`measured` says why)."""
    name: str
    clause: str
    measured: str
    nominal: str
    ok: bool | None

    @property
    def failed(self) -> bool:
        return self.ok is False


@dataclass
class TextLine:
    page: int
    baseline: float
    size: float
    chars: list = field(repr=False)
    blanks: list = field(default_factory=list, repr=False)  # spaces (U+0020, U+3000): not in `chars`

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars)

    @property
    def x0(self) -> float:
        return self.chars[0].x0

    @property
    def x1(self) -> float:
        return self.chars[-1].x1

    @property
    def font(self) -> str:
        return self.chars[0].fontname.split("+")[-1]


def measure(pdf_path: Path) -> list[Check]:
    """Every check of the PDF; within the bounds of `reading` (a file beyond them is refused)."""
    return bounded(pdf_path, _measure)


def _measure(pdf_path: Path) -> list[Check]:
    document = read(pdf_path)
    pages = document.pages
    lines, body, form = _text(pages, pdf_path)
    checks = [page_size(pages)]
    body_font = _body_font(body)
    if form == LETTER:
        checks += letter_checks(pages[0], lines[1])
    elif form == ORDER:
        checks += order_checks(pages, lines)
    else:
        checks += head_checks(pages[0], lines[1])
    if form == MINUTES:
        checks.append(attendance_check(lines, body_font))
    frames = {page.number: _frames(page) for page in pages}
    figures = {number: figure_lines(found) for number, found in frames.items()}
    tops = {number: frame_tops(found) for number, found in frames.items()}
    pitches = page_pitches(body)
    checks += grid_checks(body, body_font, lines, figures, pitches, tops)
    checks.append(line_rule_check(pages, lines))
    checks.append(body_size_check(lines, body_font, body, pitches))
    checks += folio_checks(lines, first_numbered=form != LETTER)
    imprint = find_imprint(pages[-1], lines[len(pages)])
    if form == LETTER:
        checks.append(letter_imprint_check(imprint))
    else:
        checks += imprint_checks(imprint, len(pages))
    checks.append(outside_check(lines))
    turned = turned_check(pages)
    if turned is not None:
        checks.append(turned)
    checks += red_ink_checks(document.raster, form)
    checks.append(fonts_check(document.fonts))
    return checks


def _text(pages: list, pdf_path: Path) -> tuple[dict[int, list[TextLine]], dict[int, list[TextLine]], str]:
    """Every page's text lines, the body's lines (16 pt, inside the 版心, below the 版头 on
    page 1) and the document's format; a file with none of them is refused."""
    lines = {page.number: text_lines(page, page.number) for page in pages}
    body = {i: [line for line in page_lines if line.size == std.BODY_SIZE and inside(line)]
            for i, page_lines in lines.items()}
    if not any(page.chars for page in pages):
        raise ContentError.one(None, f"“{pdf_path}”中没有可读取的文字（可能是扫描件或图片），无法测量版式。",
                               "检查的应当是排版软件生成的公文 PDF，而不是扫描件。")
    if not any(body.values()):
        raise ContentError.one(None, f"“{pdf_path}”中没有三号（16 pt）正文，看不出是公文，无法检查。",
                               "检查的应当是 GB/T 9704 公文的 PDF（正文用三号字）。")
    form = document_format(pages[0])
    head_end = _head_end(form, pages[0], lines[1])
    body[1] = [line for line in body[1] if head_end is not None and line.baseline < head_end]  # below the 版头
    if not any(body.values()):
        raise ContentError.one(None, f"“{pdf_path}”的标题下没有三号（16 pt）正文，无法检查。",
                               "检查的应当是 GB/T 9704 公文的 PDF（正文用三号字）。")
    return lines, body, form


def _body_font(body: dict[int, list[TextLine]]) -> str:
    """The face most of the body's Chinese characters are set in (not the face lines start in: a
    short 纪要's leads and attendance labels, in 黑体, can start more lines than its 仿宋 text)."""
    names = Counter(c.fontname for ls in body.values() for line in ls for c in line.chars if not c.text.isascii())
    faces: Counter[str] = Counter()
    for name, count in names.items():  # (a few names: split once each, in the order they came)
        faces[name.split("+")[-1]] += count
    return (faces or Counter(line.font for ls in body.values() for line in ls)).most_common(1)[0][0]


def spacing(pdf_path: Path) -> tuple[Check, list[str]]:
    """The 字间距 item alone, as `measure` finds it, and the text of each loose line it fails:
    what the test suite runs on every PDF it builds (the rest of `measure`, a raster of page 1
    among it, costs five times as much)."""
    return bounded(pdf_path, _spacing)


def _spacing(pdf_path: Path) -> tuple[Check, list[str]]:
    _, body, _ = _text(read(pdf_path, raster=False).pages, pdf_path)
    sequence = [line for page in sorted(body) for line in body[page]]
    loose = _loose_lines(sequence, _body_font(body), page_pitches(body))
    return spacing_check(loose), [line.text for line, _ in loose[1]]


def _head_end(form: str, page, first: list[TextLine]) -> float | None:
    """The lowest baseline of the title (for an order, the 令号's): the 版头 and the title lie
    above it, the body below; None when page 1 shows neither."""
    if form == LETTER:
        title = [line.baseline for line in first if line.size == std.TITLE_SIZE]
    elif form == ORDER:  # no title: the text begins under the 令号
        title = [line.baseline for line in first if line.size == std.BODY_SIZE][:1]
    else:
        rule = red_rule(page)
        title = [line.baseline for line in title_lines(first, rule)] if rule is not None else []
    return min(title, default=None)


X0 = attrgetter("x0")  # (a sort key: a lambda's call per character was a tenth of text_lines)


def text_lines(page, number: int) -> list[TextLine]:
    groups: dict[tuple[float, float], list] = {}
    blanks: dict[tuple[float, float], list] = {}
    rounded: dict[tuple[float, float], tuple[float, float]] = {}  # (a line's characters share baseline and size)
    for char in page.chars:
        if not char.upright:
            continue  # a landscape table's text: measured by turned_check
        exact = (char.matrix[5], char.size)
        key = rounded.get(exact)
        if key is None:
            key = rounded[exact] = (round(exact[0], 1), round(exact[1], 2))
        (blanks if char.text.isspace() else groups).setdefault(key, []).append(char)
    result = [TextLine(number, chars[0].matrix[5], size, sorted(chars, key=X0),
                       blanks.get((y, size), []))
              for (y, size), chars in groups.items()]
    return sorted(result, key=lambda line: -line.baseline)


def inside(line: TextLine) -> bool:
    return std.BOTTOM - 1 <= line.baseline <= std.TOP + 1


def check(name, clause, measured, nominal, ok) -> Check:
    return Check(name, clause, measured, nominal, bool(ok))


def unmeasured(name: str, clause: str, why: str, nominal: str) -> Check:
    """A check with nothing to measure in this PDF: neither passed nor failed."""
    return Check(name, clause, why, nominal, None)


def page_size(pages) -> Check:
    sizes = {(round(p.width / MM, 1), round(p.height / MM, 1)) for p in pages}
    ok = all(abs(w - 210) <= 0.5 and abs(h - 297) <= 0.5 for w, h in sizes)
    return check("纸张尺寸", "§5.1", " ".join(f"{w}×{h} mm" for w, h in sizes), "210×297 mm ±0.5", ok)


def _red_rules(page) -> list:
    return [r for r in page.lines + page.rects if _is_red(r.stroking_color) or _is_red(
        r.non_stroking_color)]


def red_rule(page) -> float | None:
    """The height of the red rule under the 版头 (PDF coordinates), if there is one."""
    rules = _red_rules(page)
    return _rule_y(rules[0]) if rules else None


def head_checks(page, lines: list[TextLine]) -> list[Check]:
    rules = _red_rules(page)
    if not rules:
        return [check("版头红色分隔线", "§7.2.7", "未找到", "版心宽、红色", False)]
    rule = rules[0]
    rule_y = _rule_y(rule)
    length = (rule.x1 - rule.x0) / MM
    # The 发文字号 found by its place, the line right above the rule, whatever its size.
    number = min((l for l in lines if l.baseline > rule_y), key=lambda l: l.baseline, default=None)
    title = title_lines(lines, rule_y)
    shown = _first_page_text(lines, title[-1].baseline if title else rule_y)
    checks = [
        check("红色分隔线长度", "§7.2.7", f"{length:.2f} mm（{rule.x0 / MM:.2f}–{rule.x1 / MM:.2f}）",
              "156 mm ±1，28–184 mm", abs(length - 156) <= 1 and abs(rule.x0 / MM - 28) <= 1),
    ]
    if number is None:
        checks.append(check("分隔线距发文字号", "§7.2.7", "分隔线上方未找到发文字号", "4 mm ±1", False))
    else:
        gap = (number.baseline - (1 - std.ASCENT) * number.size - rule_y) / MM
        checks.append(check("分隔线距发文字号", "§7.2.7", f"{gap:.2f} mm（“{_number_text(number.text)}”，{number.size:g} pt）",
                            "4 mm ±1", abs(gap - 4) <= 1))
    checks.append(check("标题字号", "§7.3.1", ", ".join(sorted({f"{l.size:g} pt" for l in title})) or "未找到",
                        "22 pt", title and all(l.size == 22 for l in title)))
    if title:
        title_gap = (rule_y - (title[0].baseline + std.ASCENT * title[0].size)) / std.PITCH
        checks.append(check("标题距分隔线", "§7.3.1", f"{title_gap:.2f} 行", "2 行 ±0.5", abs(title_gap - 2) <= 0.5))
    else:
        checks.append(unmeasured("标题距分隔线", "§7.3.1", "未找到标题，无从测量", "2 行 ±0.5"))
    checks.append(check("首页显示正文", "§7.3.3", f"{len(shown)} 行" + (f"（首行“{shown[0].text[:10]}”）" if shown else ""),
                        "≥1 行", shown))
    return checks


def _number_text(text: str) -> str:
    """The 发文字号 as a report shows it: up to its 号 (the 签发人 of an upward document shares its
    line), or the line's first 12 characters. (A 发文字号 is an organ's short name, the year in 〔〕
    and a number: a 号 past the 24th character is another word's.)"""
    end = text.find("号", 0, 24)
    return text[:end + 1] if end >= 0 else text[:12]


def _first_page_text(lines: list[TextLine], above: float) -> list[TextLine]:
    """The lines of text on page 1 below `above` (the title's last line), less the 主送: the
    lines from the first one at the 版心's left edge to the one ending in a colon. Text lines
    start at the left edge or two characters in; the 署名 and date do not."""
    text = [l for l in lines if l.size == std.BODY_SIZE and inside(l) and l.baseline < above - 1
            and min(abs(l.x0 - std.LEFT), abs(l.x0 - std.LEFT - 2 * std.CELL)) <= 1]
    if text and abs(text[0].x0 - std.LEFT) <= 1:
        colon = next((n for n, l in enumerate(text[:4]) if l.text.endswith(("：", ":"))), None)
        if colon is not None:
            return text[colon + 1:]
    return text


def title_lines(lines: list[TextLine], rule_y: float) -> list[TextLine]:
    """The title, found by its place: the centred lines below the red rule, above the 主送
    (the first line that starts at the 版心's left edge) or, when the 主送 was moved to the
    版记 (§7.3.2), above the blank line before the text."""
    title: list[TextLine] = []
    pitch = (std.TOP - std.BOTTOM) / std.LINES_PER_PAGE
    for line in sorted((l for l in lines if std.BOTTOM <= l.baseline < rule_y), key=lambda l: -l.baseline):
        if line.x0 < std.LEFT + 1 or (title and title[-1].baseline - line.baseline > 1.5 * pitch):
            break
        title.append(line)
    return title


def _is_red(colour) -> bool:
    if not colour:
        return False
    if len(colour) == 4:
        return colour[1] > 0.5 and colour[2] > 0.5 and colour[3] < 0.2
    return len(colour) == 3 and colour[0] > 0.7 and colour[1] < 0.35 and colour[2] < 0.35


def _frames(page) -> list:
    """The frames of figures (callout boxes, chart frames, tables) on a page."""
    return [r for r in (*page.rects, *_ruled(page)) if r.height >= 20 and r.width >= 20 * MM
            and not _is_red(r.non_stroking_color) and std.BOTTOM - 1 <= r.y0 <= std.TOP]


def _ruled(page) -> list[Shape]:
    """Tables another writer draws as separate rules, not in a frame (LibreOffice): each set of
    vertical rules that meet one another down the page, with at least two horizontal rules
    across it, is the box they enclose."""
    vertical = sorted((line for line in page.lines if abs(line.x0 - line.x1) < 0.5), key=lambda line: -line.y1)
    horizontal = [line for line in page.lines if abs(line.y0 - line.y1) < 0.5]
    groups: list[list[float]] = []  # [left, right, bottom, top] of rules that meet
    for line in vertical:  # (top down: a rule starting at or above the group's lowest end joins it)
        if groups and line.y1 >= groups[-1][2] - 2:
            group = groups[-1]
            group[0], group[1], group[2] = min(group[0], line.x0), max(group[1], line.x0), min(group[2], line.y0)
        else:
            groups.append([line.x0, line.x0, line.y0, line.y1])
    boxes = []
    for x0, x1, y0, y1 in groups:
        if x1 - x0 < 20 * MM:
            continue
        across = sum(1 for line in horizontal if line.x0 <= x0 + 1.5 and line.x1 >= x1 - 1.5 and y0 - 1 <= line.y0 <= y1 + 1)
        if across >= 2:
            boxes.append(Shape(x0, x1, page.height - y1, page.height - y0, y0, y1, x1 - x0, y1 - y0))
    return boxes


def figure_lines(frames: list) -> tuple[int, int]:
    """Grid lines of a page's figures (its `_frames`): (first, last), counted from 1 at the 版心
    top; (0, 0) when there is none."""
    if not frames:
        return 0, 0
    return (min(_frame_top(r) for r in frames),
            max(math.ceil((std.TOP - r.y0) / std.PITCH - 0.01) for r in frames))


def _frame_top(frame) -> int:
    return math.floor((std.TOP - frame.y1) / std.PITCH + 0.01) + 1


def frame_tops(frames: list) -> set[int]:
    """The grid lines on which a page's figures (its `_frames`) start: a caption right above one
    is not a stranded heading."""
    return {_frame_top(r) for r in frames}


COORDINATE_ROUNDING = 0.1  # pt: some writers (LibreOffice) round positions to a tenth of a point


def page_pitches(body: dict[int, list[TextLine]]) -> dict[int, float]:
    """Each page's line pitch: the grid's, except on a page whose body lines keep a closer pitch
    of their own (its spacing adjusted to keep the notice on page 1, or a page whole, §7.3.5.5)."""
    result = {page: std.PITCH for page in body}
    for page, page_lines in body.items():
        steps = [a.baseline - b.baseline for a, b in zip(page_lines, page_lines[1:])]
        if steps:
            own = min(steps)
            whole = all(abs(step / own - round(step / own)) < 0.01 for step in steps)
            if whole and std.PITCH - own > COORDINATE_ROUNDING:
                result[page] = own
    return result


def grid_checks(body: dict[int, list[TextLine]], body_font: str, lines, figures: dict[int, tuple[int, int]],
                page_pitch: dict[int, float], tops: dict[int, set[int]]) -> list[Check]:
    pitches, flush_errors, counts, short_pages, pushed, tight = [], [], [], [], 0, 0
    sequence = [line for page in sorted(body) for line in body[page]]
    adjusted = {page: pitch for page, pitch in page_pitch.items() if pitch != std.PITCH}
    # Page 1 is set closer to keep the notice on it, any other page to be whole: its last line
    # on the grid's last, where it would be with 22 lines (another tool's 28 pt grid is not that).
    last = std.TOP - (std.LINES_PER_PAGE - 1) * std.PITCH - std.ASCENT * std.BODY_SIZE
    adjusted_ok = all(std.TIGHTEST_PITCH - 0.01 <= pitch < std.PITCH
                      and (min(line.baseline for line in body[page]) - last >= -0.5 if page == 1 else
                           abs(min(line.baseline for line in body[page]) - last) < 0.5)
                      for page, pitch in adjusted.items())
    for a, b in zip(sequence, sequence[1:]):
        if a.page == b.page and a.page in adjusted:
            continue  # measured on its own
        if a.page == b.page:
            steps = (a.baseline - b.baseline) / std.PITCH
            if abs(steps - round(steps)) > 0.01:
                pitches.append(a.baseline - b.baseline)
            elif round(steps) == 1:
                pitches.append(a.baseline - b.baseline)
    for index, line in enumerate(sequence):
        following = sequence[index + 1] if index + 1 < len(sequence) else None
        if following and _continues(line, following, body_font, page_pitch):
            flush_errors.append(abs(line.x1 - std.RIGHT))
            han = [c for c in line.chars if ord(c.text) in HAN or not c.text.isascii()]
            if len(han) == len(line.chars) and abs(line.x0 - std.LEFT) < 1:
                final = index + 2 >= len(sequence) or not _continues(following, sequence[index + 2], body_font,
                                                                     page_pitch)
                if len(line.chars) < std.CHARS_PER_LINE and _pushed_down(line.text, following.text, final):
                    pushed += 1  # 后推出, or a number or a lone last character kept off
                elif len(line.chars) > std.CHARS_PER_LINE and _compressed(line):
                    tight += 1  # marks compressed: a paragraph set tight to keep its page, a name kept whole, a mark taken in
                else:
                    counts.append(len(line.chars))
    full_pages = _full_pages(body, body_font, lines, figures)
    stranded = _stranded_headings(body, body_font, lines, tops)
    for page, count, excuse in full_pages:
        if count != std.LINES_PER_PAGE and not excuse:
            short_pages.append(f"第{page}页 {count} 行")
    pitch = statistics.median(pitches) if pitches else 0
    off_grid = [p for p in pitches if abs(p - std.PITCH) > COORDINATE_ROUNDING]
    shown_adjusted = "".join(f"；第{page}页{'为容下落款' if page == 1 else '为保持整页'}调整为 {pitch:.2f} pt（§7.3.5.5）"
                             for page, pitch in sorted(adjusted.items()))
    flowing = len(list(_flowing_on(body, lines)))
    checks = [
        check("正文行距", "§5.2.3", f"{pitch:.2f} pt（{len(off_grid)} 处偏离网格）{shown_adjusted}",
              f"28.0–29.6 pt，同一网格；一页可调紧，不小于 {std.TIGHTEST_PITCH:g} pt、末行不低于网格末行",
              (28.0 <= pitch <= 29.6 or not pitches) and not off_grid and adjusted_ok)
        if pitches or adjusted else
        unmeasured("正文行距", "§5.2.3", "没有相邻的两行正文", "28.0–29.6 pt，同一网格"),
        check("满页行数", "§5.2.3",
              f"{sum(1 for _, c, _ in full_pages if c == 22)}/{len(full_pages)} 页 22 行"
              + (f"；不足：{'、'.join(short_pages)}" if short_pages else "")
              + (f"；{excused} 页因标题不落页脚、段落不留单行、落款带两行正文、指标卡和图表不跨页而少行"
                 if (excused := sum(1 for _, c, e in full_pages if e and c != 22)) else "")
              + (f"（少 3 行以上：{'、'.join(f'第{p}页 {c} 行，{e}' for p, c, e in full_pages if e and c <= 19)}）"
                 if any(e and c <= 19 for _, c, e in full_pages) else ""),
              "22 行", not short_pages)
        if full_pages else
        unmeasured("满页行数", "§5.2.3", "没有正文转到下一页的页（首页另计）", "22 行"),
        check("满行字数", "§5.2.3", f"{dict(Counter(counts))}（纯汉字满行 {len(counts)} 行；"
              f"另有 {pushed} 行因行首行尾禁则推出一字、均匀撑满，{tight} 行挤压标点多排一字：保持整页、人名不断开或避开禁则）",
              "28 字",
              all(c == std.CHARS_PER_LINE for c in counts))
        if counts else
        unmeasured("满行字数", "§5.2.3", f"没有纯汉字的满行（{pushed} 行推出一字，{tight} 行挤压标点）", "28 字"),
        check("标题不落页脚", "排版规则", f"{len(stranded)} 处" + (f"：{stranded[:3]}" if stranded else ""),
              "0 处（标题下至少带两行正文）", not stranded)
        if flowing else
        unmeasured("标题不落页脚", "排版规则", "正文没有转页", "0 处（标题下至少带两行正文）"),
    ]
    if not flush_errors:
        return checks + [unmeasured(name, "§5.2.3" if name == "右边缘对齐" else "排版规则",
                                    "没有两端对齐的行（没有按网格行距接排的下一行，段落都只有一行或行距不在网格上）",
                                    nominal) for name, nominal in (("右边缘对齐", "≤0.5 pt"),
                                                                   ("字间距", f"≤{LOOSE} 字"))]
    return checks + [
        check("右边缘对齐", "§5.2.3", f"{len(flush_errors)} 行，最大偏差 {max(flush_errors):.2f} pt",
              "≤0.5 pt", all(e <= 0.5 for e in flush_errors)),
        spacing_check(_loose_lines(sequence, body_font, page_pitch)),
    ]


def line_rule_check(pages, lines: dict[int, list[TextLine]]) -> Check:
    """GB/T 15834 on every line of text: the body's, the titles', the 版记's, and each line in a
    table cell or a card, found as a run of characters that no rule and no gap of an em divides.
    No line ends with an opening mark; a line that goes on from the one above it (a broken
    line: the one above starts within two characters of it, a line's pitch higher) does not
    open with a closing mark. (The first line of a block may: a mark “……会议纪要” to fill in.)"""
    violations, measured = [], 0
    for page in pages:
        rules = [r for r in page.lines + page.rects if r.width < 2 and r.height >= 4]  # vertical rules
        runs = [(line.baseline, run) for line in _rows(lines[page.number]) if not _is_folio(line)
                for run in _runs(line, rules)]  # (the page number's dashes are its own)
        for baseline, run in runs:
            text = "".join(c.text for c in run)
            if _placeholder(text):
                continue
            measured += 1
            em = run[0].size
            # (whether the run is broken asked only of a run that opens with a closing mark: asked
            # of every run, the scan of the page's runs took a third of the checks' time)
            if (text[0] in NO_START and not _signed_number(text)
                    and any(0 < above - baseline <= 1.9 * em and abs(other[0].x0 - run[0].x0) <= 2.5 * em
                            for above, other in runs)) or text[-1] in NO_END:
                violations.append(f"第{page.number}页“{text[:6]}…{text[-3:]}”" if len(text) > 9
                                  else f"第{page.number}页“{text}”")
    if not measured:
        return unmeasured("行首行尾禁则", "GB/T 15834", "没有文字行", "0 处")
    return check("行首行尾禁则", "GB/T 15834", f"{measured} 行，{len(violations)} 处"
                 + (f"：{violations[:5]}" if violations else ""), "0 处（含表格、指标卡中的每一行）", not violations)


def _rows(lines: list[TextLine]) -> list[TextLine]:
    """The text lines of a page joined by baseline whatever their sizes: a card's 22 pt value
    and its 12 pt unit (“91.9%”) are one line."""
    rows: dict[float, list[TextLine]] = {}
    for line in lines:
        rows.setdefault(round(line.baseline, 1), []).append(line)
    return [TextLine(group[0].page, group[0].baseline, max(l.size for l in group),
                     sorted((c for l in group for c in l.chars), key=X0) if len(group) > 1 else group[0].chars)
            for group in rows.values()]  # (a line alone is in order already)


def _runs(line: TextLine, rules: list) -> list[list]:
    """A text line cut where a vertical rule crosses it or the characters are an em or more
    apart (a table's cells, cards side by side)."""
    crossing = [(r.x0 + r.x1) / 2 for r in rules if r.y0 - 1 <= line.baseline <= r.y1 + 1]
    runs = [[line.chars[0]]]
    for before, after in zip(line.chars, line.chars[1:]):
        gap = after.x0 - before.x1  # (apart: an em, the smaller one's, less half a point)
        if (gap >= before.size - 0.5 or gap >= after.size - 0.5
                or crossing and any(before.x1 - 0.5 <= x <= after.x0 + 0.5 for x in crossing)):
            runs.append([])
        runs[-1].append(after)
    return runs


PLACEHOLDER = frozenset("—–-－―…·/／")


def _placeholder(text: str) -> bool:
    """A cell holding only a dash or dots (“—”, “……”): “none”, nothing broken into lines."""
    return all(c in PLACEHOLDER for c in text)


def _signed_number(text: str) -> bool:
    return text[0] in "-–" and len(text) > 1 and text[1].isdigit()


LOOSE = 0.15  # em: the most justification may add between two characters (issue 11 §2)
POSITION_STEP = 0.01  # pt: the PDF writes positions to this step, so a line set at LOOSE can measure a hair over


def spacing_check(loose: tuple[float, list[tuple[TextLine, float]], list[tuple[TextLine, float]]]) -> Check:
    """字间距 from what _loose_lines found: what justification added between characters on each
    line that the next one continues, at most LOOSE em but where the next line starts with a
    word that could not come up (the breaker reports those at build time too)."""
    widest, unexplained, by_rule = loose
    too_loose, loose_by_rule = ([f"第{line.page}页“{line.text[:8]}…”（{added:.1f} pt）" for line, added in lines]
                                for lines in (unexplained, by_rule))
    return check("字间距", "排版规则", f"两端对齐时字间最多加宽 {widest:.2f} pt"
                 + (f"；过松：{too_loose[:3]}" if too_loose else "")
                 + (f"；因下一行是不能断开的长词而松：{loose_by_rule[:3]}" if loose_by_rule else ""),
                 f"≤{LOOSE} 字（{LOOSE * std.BODY_SIZE:.1f} pt）", not too_loose)


def _gaps(line: TextLine) -> list[float]:
    """The space between each two neighbouring characters beyond their natural spacing: the
    quarter em between Han and Latin, a word space between Latin letters."""
    gaps = []
    for before, after in zip(line.chars, line.chars[1:]):
        a, b = before.text, after.text
        # (asked in this order, two Han characters, nearly every pair, take no call of _han_letter)
        if a.isascii():
            if b.isascii():
                natural = 0.3 * line.size if a.isalnum() and b.isalnum() else 0.0  # (a word space is dropped)
            elif _number_end(a) and _han_letter(b):
                natural = 0.25 * line.size  # the glue between Han and a number (its % too)
            else:
                natural = 0.0
        elif b.isascii() and b.isalnum() and _han_letter(a):
            natural = 0.25 * line.size  # the glue between Han and a Latin word
        else:
            natural = 0.0
        typed = sum(b.x1 - b.x0 for b in line.blanks if before.x1 - 0.5 <= b.x0 < after.x0) if line.blanks else 0
        gaps.append(after.x0 - before.x1 - natural - typed)
    return gaps


def _loose_lines(sequence: list[TextLine], body_font: str, page_pitch: dict[int, float]
                 ) -> tuple[float, list[tuple[TextLine, float]], list[tuple[TextLine, float]]]:
    """The most justification added anywhere, and the lines spaced wider than LOOSE (with what
    was added): those nothing explains, and those before a word that could not come up."""
    widest = 0.0
    unexplained: list[tuple[TextLine, float]] = []
    by_rule: list[tuple[TextLine, float]] = []
    for line, following in zip(sequence, sequence[1:]):
        if not _continues(line, following, body_font, page_pitch):
            continue
        added = _added_space(line)
        widest = max(widest, added)
        if added > LOOSE * std.BODY_SIZE + POSITION_STEP:
            (by_rule if _unbreakable_next(line, following) else unexplained).append((line, added))
    return widest, unexplained, by_rule


def _number_end(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char == "%")


def _han_letter(char: str) -> bool:
    return not char.isascii() and unicodedata.category(char).startswith("L")


def _added_space(line: TextLine) -> float:
    """The largest space justification added between two characters."""
    return max(_gaps(line), default=0.0)


ADDRESS_BREAKS = "/.@-"  # where a web or e-mail address may break (after these)


def _unbreakable_next(line: TextLine, following: TextLine) -> bool:
    """Is the line loose because what starts the next line could not come up: a Latin word of 8
    characters or more (a telephone number), or the first part of an address wider than all
    the space the line has to give (its added space and its marks' blank halves)?"""
    word = []
    for char in following.chars:
        if not (char.text.isascii() and not char.text.isspace()):
            break
        word.append(char)
    if len(word) >= 8:
        return True
    if not word:
        return False
    part = next((i for i, c in enumerate(word) if c.text in ADDRESS_BREAKS), len(word) - 1)
    width = word[part].x1 - word[0].x0
    marks = sum(1 for c in line.chars[1:-1] if c.text in HALF_BLANK)
    room = sum(max(0.0, gap) for gap in _gaps(line)) + marks * std.CELL / 2
    return width > room


def body_size_check(lines, body_font: str, body, page_pitch: dict[int, float]) -> Check:
    """The size of the body text, measured: every line set in the body's font on the body's
    grid, whatever its size (selecting the lines by the expected size would prove nothing).
    The grid is the one the page's body lines keep (another tool's may start elsewhere)."""
    first_body = max((l.baseline for l in body.get(1, [])), default=0)  # the 主送: above it, the 版头

    def on_grid(page: int, baseline: float) -> bool:
        if page_pitch.get(page, std.PITCH) != std.PITCH:
            return True  # page 1 set closer: its lines are all the body's
        origin = body[page][0].baseline if body.get(page) else std.TOP - std.ASCENT * std.BODY_SIZE
        steps = (origin - baseline) / std.PITCH
        return abs(steps - round(steps)) * std.PITCH <= COORDINATE_ROUNDING

    sizes = Counter(round(line.size, 2) for page, page_lines in lines.items() for line in page_lines
                    if line.font == body_font and inside(line) and on_grid(page, line.baseline)
                    and not (page == 1 and line.baseline > first_body + 0.5))
    shown = "、".join(f"{size:g} pt（{count} 行）" for size, count in sorted(sizes.items())) or "未找到"
    return check("正文字号", "§5.2.2", shown, "16 pt", set(sizes) == {std.BODY_SIZE})


def _grid_steps(baseline: float) -> float:
    """How many grid lines a body baseline lies below the first (a whole number on the grid)."""
    return (std.TOP - std.ASCENT * std.BODY_SIZE - baseline) / std.PITCH


def _pushed_down(text: str, following: str, following_is_last: bool) -> bool:
    """Is a short full line explained by a rule: every longer break would start a line with
    a forbidden mark or end one with an opening mark, split a number, or leave a lone
    character (with its mark) as the paragraph's last line?"""
    if following[0].isascii():
        return True  # the number that follows does not fit whole
    pulled = std.CHARS_PER_LINE - len(text)
    if following_is_last and len(following.rstrip("".join(NO_START))) - pulled <= 1:
        return True
    joined = text + following
    for end in range(len(text) + 1, min(std.CHARS_PER_LINE, len(joined) - 1) + 1):
        if joined[end] not in NO_START and joined[end - 1] not in NO_END:
            return False
    return True


def _compressed(line: TextLine) -> bool:
    """Does the line hold punctuation set in less than its cell (a tight paragraph)?"""
    return any(c.text in HALF_BLANK and after.x0 - c.x0 < std.CELL - 0.5
               for c, after in zip(line.chars, line.chars[1:]))


def _is_heading(line: TextLine, body_font: str) -> bool:
    return line.font != body_font and not line.chars[0].text.isascii()


def _continues(line: TextLine, following: TextLine, body_font: str, page_pitch: dict[int, float]) -> bool:
    """Does `following` continue the paragraph of `line` (so `line` must be justified)?"""
    if _is_heading(following, body_font) or _is_heading(line, body_font):
        return False
    if abs(following.x0 - std.LEFT) > 1:
        return False
    if following.page == line.page:
        return abs((line.baseline - following.baseline) - page_pitch[line.page]) < 0.01
    return True


def _flowing_on(body, lines):
    """(page, next page) wherever the text of a page goes on to the next one (not where an
    attachment starts, nor after the last body text)."""
    pages = sorted(body)
    for page, following in zip(pages, pages[1:]):
        if body[page] and body[following] and not _starts_attachment(lines[following]):
            yield page, following


def _full_pages(body, body_font, lines, figures):
    """(page, lines on the grid, the rule that left it short or "") for every page that
    continues onto the next page."""
    result = []
    for page, following in _flowing_on(body, lines):
        here, there = body[page], body[following]
        if page == 1:
            continue
        count = max(_grid_line(here[-1]), figures[page][1])
        first = there[0]
        free = std.LINES_PER_PAGE - count
        first_line = _grid_line(first)
        if _is_heading(first, body_font):
            excuse = "下页标题须带两行正文"  # the heading keeps two lines of what follows
        elif figures[following][0] and figures[following][0] < first_line:
            excuse = "下页图表或表格不拆开"  # a figure that did not fit opens the next page
        elif figures[following][0] and figures[following][0] == first_line + 2 and abs(first.x0 - std.LEFT) < 1:
            excuse = "指标卡带所述段落末两行"  # a row of cards took the last two lines of its paragraph along
        else:
            run = 1
            while run < len(there) and abs(there[run].x0 - std.LEFT) < 1 and not _is_heading(there[run], body_font):
                run += 1
            continuation = abs(first.x0 - std.LEFT) < 1
            # The 附件说明, 署名 and date keep two lines of the body with them (§7.3.5.5): a
            # paragraph's last two lines and what follows them that did not fit in the free lines.
            closing = continuation and run == 2 < len(there) and abs(there[2].x0 - std.LEFT) >= 1
            kept = _grid_line(there[-1]) - first_line + 1
            excuse = ("落款带两行正文" if closing and kept > free else "段落不留单行") if (
                (continuation and run == 2 and (free == 1 or (closing and kept > free)))
                or (not continuation and (free < 2 or run - free < 2))) else ""
        result.append((page, count, excuse))
    return result


def _grid_line(line: TextLine) -> int:
    """The grid line (from 1 at the 版心 top) a body line sits on."""
    return round(_grid_steps(line.baseline)) + 1


def _stranded_headings(body, body_font, lines, tops: dict[int, set[int]]) -> list[str]:
    """Headings left at a page foot with fewer than two lines of what follows under them (a
    caption over the figure or table it names is not one)."""
    stranded = []
    for page, following in _flowing_on(body, lines):
        here = body[page]
        headings = [i for i, line in enumerate(here) if _pure_heading(line, body_font)  # (a writer may
                    and not {_grid_line(line), _grid_line(line) + 1} & tops[page]]  # start the table on its line)
        if not headings:
            continue
        after = len(here) - 1 - headings[-1]
        continued = abs(body[following][0].x0 - std.LEFT) < 1  # the next page goes on with a paragraph
        if after == 0 or (after == 1 and continued):
            stranded.append(f"第{page}页“{here[headings[-1]].text[:10]}”")
    return stranded


def _pure_heading(line: TextLine, body_font: str) -> bool:
    """A line all in a heading font (digits and Latin letters aside)."""
    marks = [c for c in line.chars if not c.text.isascii()]
    return bool(marks) and all(c.fontname.split("+")[-1] != body_font for c in marks)


def _starts_attachment(lines: list[TextLine]) -> bool:
    return any(line.size == std.TITLE_SIZE for line in lines)


def _is_folio(line: TextLine) -> bool:
    """The page number, found by its place (below the 版心, with digits), not by its dashes."""
    return line.baseline < std.BOTTOM - 1 and any(c.isdigit() for c in line.text)


def folio_checks(lines, first_numbered: bool = True) -> list[Check]:
    folios, wrong = {}, []
    for page, page_lines in lines.items():
        for line in page_lines:
            if _is_folio(line):
                folios[page] = line
    for page, line in folios.items():
        number = "".join(c for c in line.text if c.isdigit())
        dash_y = line.baseline + (std.ASCENT - 0.5) * line.size
        drop = (std.BOTTOM - dash_y) / MM
        if page % 2:
            edge, nominal = (std.RIGHT - line.x1) / MM, std.FOLIO_SIZE / MM
        else:
            edge, nominal = (line.x0 - std.LEFT) / MM, std.FOLIO_SIZE / MM
        if number != str(page) or abs(drop - 7) > 2 or abs(edge - nominal) > 1 or line.size != 14:
            wrong.append(f"第{page}页（{line.text}，距版心下沿 {drop:.1f} mm，距边 {edge:.1f} mm）")
    shapes = {line.text.replace(str(page), "N") for page, line in folios.items()}
    unnumbered = [p for p in lines if p not in folios]
    none_due = not first_numbered and len(lines) == 1  # a one-page letter shows no page number
    if not first_numbered:  # a letter's page 1 (§10.1): none there is right, one is wrong
        wrong += [f"第1页（信函首页不编页码：{folios[1].text}）"] if 1 in folios else []
        unnumbered = [p for p in unnumbered if p != 1]
    return [
        check("页码位置与字号", "§7.5", f"{len(folios)} 页有页码，{len(wrong)} 页有误" + (f"：{wrong[:3]}" if wrong else ""),
              "“— N —”14 pt，版心下 7 mm ±2，单页右空一字、双页左空一字 ±1 mm", (folios or none_due) and not wrong),
        check("无页码的页", "§7.5", "、".join(map(str, unnumbered)) or "无", "仅空白页及其后的版记页",
              all(p == len(lines) or p + 1 in unnumbered for p in unnumbered)),
        check("页码字形", "§7.5", "、".join(sorted(shapes)) or "无", "“—N—”，U+2014 一字线",
              shapes == {"—N—"} or (none_due and not shapes)),
    ]


def _list_continuations(texts: list[TextLine]) -> dict[int, float]:
    """Index of each line that continues a 主送 or 抄送 line (the 版记's lists: §7.3.2, §7.4.2)
    → the x where its names begin."""
    result: dict[int, float] = {}
    names_x = None
    for index, line in enumerate(texts[:-1]):  # the last line is 印发
        colon = line.text.find("：")
        if line.text.startswith(("主送", "抄送")) and 0 < colon < len(line.chars) - 1:
            names_x = line.chars[colon + 1].x0
        elif names_x is not None:
            result[index] = names_x
    return result


@dataclass(frozen=True)
class Imprint:
    """The 版记 of the last page, found by its text and the rules around it (§7.4)."""
    texts: list[TextLine]  # top down
    rules: list[Shape]  # bottom up


def _rule_y(rule: Shape) -> float:
    return std.PAPER_HEIGHT - (rule.top + rule.bottom) / 2


def _imprint_line(line: TextLine) -> bool:
    """A line of the 版记 by its words: the 抄送 (or a moved 主送) list, or 印发机关和日期."""
    return line.text.startswith(("抄送", "主送")) and line.text[2:3] in "：:" or line.text.endswith("印发")


def find_imprint(page, lines: list[TextLine]) -> Imprint | None:
    """The 版记: its 抄送/主送/印发 lines and the full-width black rules that enclose them, with
    every line between those rules; a table's rules and lines elsewhere on the page are not in
    it. None when the page has no such line."""
    anchors = [line for line in lines if _imprint_line(line)]
    if not anchors:
        return None
    rules = [r for r in page.lines + page.rects if not _is_red(r.stroking_color) and not _is_red(
        r.non_stroking_color) and r.width > 150 * MM and r.height < 1 * MM]
    top, bottom = anchors[0].baseline, anchors[-1].baseline
    reach = 1.5 * std.PITCH  # a 版记 line sits right under or over its rule
    above = [_rule_y(r) for r in rules if top < _rule_y(r) <= top + reach]
    below = [_rule_y(r) for r in rules if bottom - reach <= _rule_y(r) < bottom]
    high = min(above, default=top + 1)
    low = max(below, default=bottom - 1)
    enclosed = sorted((r for r in rules if low - 0.5 <= _rule_y(r) <= high + 0.5), key=_rule_y)
    texts = [line for line in lines if low < line.baseline < high]
    return Imprint(texts, enclosed)


def imprint_checks(imprint: Imprint | None, number: int) -> list[Check]:
    if imprint is None:
        return [check("版记", "§7.4", "末页未找到版记（抄送、印发机关和日期）", "末页版记", False)]
    rules, texts = imprint.rules, imprint.texts
    if rules:
        last_y = _rule_y(rules[0])
        widths = [round(r.linewidth / MM, 2) for r in rules]
        thick_ok = abs(widths[0] - 0.35) <= 0.05 and abs(widths[-1] - 0.35) <= 0.05 and all(
            abs(w - 0.25) <= 0.05 for w in widths[1:-1])
        ruled = [
            check("版记末条线位置", "§7.4.1", f"{(std.PAPER_HEIGHT - last_y) / MM:.2f} mm", "262 mm ±0.5",
                  abs(last_y - std.BOTTOM) <= 0.5 * MM),
            check("版记分隔线粗细", "§7.4.1", f"{widths} mm", "首末 0.35、中间 0.25 ±0.05", thick_ok and len(rules) >= 2),
        ]
    else:
        ruled = [check("版记末条线位置", "§7.4.1", "版记文字旁未找到分隔线", "262 mm ±0.5", False),
                 check("版记分隔线粗细", "§7.4.1", "版记文字旁未找到分隔线", "首末 0.35、中间 0.25 ±0.05", False)]
    indents = [round((l.x0 - std.LEFT) / MM, 2) for l in texts]
    # §7.4.2: a 抄送 (or a moved 主送) running over lines goes on under its first name.
    aligned = _list_continuations(texts)
    right = max(l.x1 for l in texts)
    sizes = sorted({f"{l.size:g}" for l in texts})
    return ruled + [
        check("版记文字", "§7.4.2", f"{len(texts)} 行 {'、'.join(sizes)} pt，左缩进 {indents} mm，"
              f"右端 {(std.RIGHT - right) / MM:.2f} mm", "14 pt，左右各空一字（4.94 mm ±0.5）",
              all(l.size == std.IMPRINT_SIZE for l in texts)
              and all(abs(i - 4.94) <= 0.5 or (n in aligned and abs(aligned[n] - l.x0) <= 0.5 * MM)
                      for n, (i, l) in enumerate(zip(indents, texts)))
              and abs((std.RIGHT - right) / MM - 4.94) <= 0.5),
        check("版记所在页", "§7.4", f"第 {number} 页", "偶数页", number % 2 == 0),
    ]


def outside_check(lines) -> Check:
    outside = []
    for page, page_lines in lines.items():
        for line in page_lines:
            if _is_folio(line):
                continue  # the page number lives below the 版心
            for c in line.chars:
                if c.x0 < std.LEFT - 0.5 or c.x1 > std.RIGHT + 0.5 or c.matrix[5] < std.BOTTOM - 0.5:
                    outside.append(f"第{page}页“{c.text}”")
    return check("版心外的字", "§5.2.1", f"{len(outside)} 个" + (f"：{outside[:5]}" if outside else ""), "0 个（页码除外）",
                 not outside)


def red_ink_checks(image, form: str) -> list[Check]:
    """The red mark's ink top, found in a raster of page 1: 35 mm below the 版心 top (72 mm from
    the paper's top), or for a letter 30 mm from the paper's top with its double line 4 mm under
    the mark's ink."""
    dpi = RASTER_DPI
    width, height = image.size
    pixels = image.load()

    def red_row(y: int) -> bool:
        return any(_red_pixel(pixels[x, y]) for x in range(0, width, 2))

    letter = form == LETTER
    # From the 版心 top (a draft mark sits above it), or for a letter the paper's top.
    first_row = 0 if letter else round((std.PAPER_HEIGHT - std.TOP) / 72 * dpi)
    top = next((y for y in range(first_row, height) if red_row(y)), None)
    name, clause, nominal = {LETTER: ("信函标志上边缘", "§10.1", 30.0),
                             ORDER: ("命令标志上边缘", "§10.2", 37.0 + 20.0)}.get(
        form, ("发文机关标志上边缘", "§7.2.4", 72.0))
    if top is None:
        return [check(name, clause, "未找到红色", f"距纸边 {nominal:g} mm ±1.5", False)]
    top_mm = top / dpi * 25.4
    checks = [check(name, clause, f"{top_mm:.2f} mm（墨迹，红色）", f"距纸边 {nominal:g} mm ±1.5",
                    abs(top_mm - nominal) <= 1.5)]
    if letter:  # the mark's ink ends, then the double line begins
        bottom = next((y for y in range(top, height) if not red_row(y)), height)
        line = next((y for y in range(bottom, height) if red_row(y)), height)
        gap = (line - bottom) / dpi * 25.4
        checks.append(check("信函标志与双线", "§10.1", f"{gap:.2f} mm", "4 mm ±1", abs(gap - 4) <= 1))
    return checks


LETTER, MINUTES, ORDER = "信函", "纪要", "命令"


def document_format(page) -> str:
    """The format of GB/T 9704 §10 the first page shows: a letter's red double lines are 170 mm
    long; minutes have a mark that ends in 纪要."""
    if any(abs((r.x1 - r.x0) / MM - 170) <= 2 for r in _red_rules(page)):
        return LETTER
    red = "".join(c.text for c in page.chars if _is_red(c.non_stroking_color))
    if red.endswith("纪要"):
        return MINUTES
    return ORDER if red.endswith("令") and not _red_rules(page) else "文件"


def order_checks(pages, lines) -> list[Check]:
    """§10.2: the 令号 centred two lines under the mark, the text two lines under it; §7.3.5.3:
    the signature stamp and the date 4 em from the right, a blank line between them."""
    first = lines[1]
    mark = next((l for l in first if l.size > std.TITLE_SIZE), None)
    under = [l for l in first if l.size == std.BODY_SIZE and mark is not None and l.baseline < mark.baseline]
    if mark is None or len(under) < 2:
        return [check("令号位置", "§10.2", "未找到", "标志下空二行居中", False)]
    number, text = under[0], under[1]
    gap = ((mark.baseline - (1 - std.ASCENT) * mark.size) - (number.baseline + std.ASCENT * number.size)) \
        / std.PITCH
    centred = abs((number.x0 - std.LEFT) - (std.RIGHT - number.x1)) / MM
    body_gap = ((number.baseline - (1 - std.ASCENT) * number.size) - (text.baseline + std.ASCENT * text.size)) \
        / std.PITCH
    checks = [
        check("令号位置", "§10.2", f"距标志 {gap:.2f} 行，左右相差 {centred:.2f} mm", "标志下空二行 ±0.5，居中 ±1 mm",
              abs(gap - 2) <= 0.5 and centred <= 1),
        check("正文距令号", "§10.2", f"{body_gap:.2f} 行", "空二行（落在网格上，不足三行）", 2 - 0.01 <= body_gap < 3),
    ]
    dates = [(n, l) for n, page_lines in lines.items() for l in page_lines
             if l.size == std.BODY_SIZE and re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", l.text)]
    if not dates:
        return checks + [check("签名章与成文日期", "§7.3.5.3", "未找到成文日期", "右空四字", False)]
    page, date = dates[-1]
    stamps = [i for i in pages[page - 1].images if std.PAPER_HEIGHT - i.bottom > date.baseline]
    stamp = min(stamps, key=lambda i: std.PAPER_HEIGHT - i.bottom - date.baseline, default=None)
    date_right = (std.RIGHT - date.x1) / MM
    stamp_right = (std.RIGHT - stamp.x1) / MM if stamp else 0
    blank = ((std.PAPER_HEIGHT - stamp.bottom) - (date.baseline + std.ASCENT * date.size)) / std.PITCH \
        if stamp else 0
    four = 4 * std.CELL / MM
    if stamp is None:  # no stamp image: the signer's name in its place, two lines above the date
        name = next((l for l in lines[page] if abs(l.baseline - date.baseline - 2 * std.PITCH) < 1), None)
        stamp_right = (std.RIGHT - name.x1) / MM if name else 0
        blank = 1.0 if name else 0
    measured = (f"日期右空 {date_right:.2f} mm，签名章（或签名）右空 {stamp_right:.2f} mm，其间 {blank:.2f} 行"
                if stamp_right else f"日期右空 {date_right:.2f} mm，未找到签名章或签名")
    checks.append(check("签名章与成文日期", "§7.3.5.3", measured, f"均右空四字（{four:.2f} mm ±0.5），签名章下空一行",
                        bool(stamp_right) and abs(date_right - four) <= 0.5 and abs(stamp_right - four) <= 0.5
                        and 0.5 <= blank <= 1.6))
    return checks


def letter_checks(page, lines: list[TextLine]) -> list[Check]:
    """§10.1: the red double lines, the 发文字号 under the upper one, the title two lines lower."""
    rules = sorted((r for r in _red_rules(page) if (r.x1 - r.x0) > 150 * MM), key=lambda r: r.top)
    if len(rules) != 4:
        return [check("信函红色双线", "§10.1", f"{len(rules)} 条", "上下各一组双线，共 4 条", False)]
    upper, lower = rules[:2], rules[2:]

    def width(rule) -> float:
        return rule.linewidth or rule.height

    lengths = [round((r.x1 - r.x0) / MM, 1) for r in rules]
    foot = (std.PAPER_HEIGHT - lower[1].top - width(lower[1]) / 2) / MM  # the lower line's bottom edge
    thin_bottom = std.PAPER_HEIGHT - upper[1].top - width(upper[1]) / 2
    under = sorted((l for l in lines if l.size == std.BODY_SIZE and l.baseline < thin_bottom),
                   key=lambda l: -l.baseline)
    number = next((l for l in under if abs(l.x1 - std.RIGHT) <= 1), None)
    number_gap = (thin_bottom - (number.baseline + std.ASCENT * number.size)) / MM if number else 0
    title = [l for l in lines if l.size == std.TITLE_SIZE]
    above_title = [l for l in under if title and l.baseline > title[0].baseline]
    title_gap = ((above_title[-1].baseline - (1 - std.ASCENT) * std.BODY_SIZE
                  - (title[0].baseline + std.ASCENT * std.TITLE_SIZE)) / std.PITCH
                 if title and above_title else 0)
    return [
        check("信函红色双线", "§10.1", f"长 {lengths} mm，上组粗细 {width(upper[0]):.2f}/{width(upper[1]):.2f} pt，"
              f"下组 {width(lower[0]):.2f}/{width(lower[1]):.2f} pt，下线距纸边 {foot:.2f} mm",
              "170 mm ±1 居中；上组上粗下细，下组上细下粗；下线距下纸边 20 mm ±1",
              all(abs(n - 170) <= 1 for n in lengths) and all(abs(r.x0 / MM - 20) <= 1 for r in rules)
              and width(upper[0]) > width(upper[1]) and width(lower[1]) > width(lower[0]) and abs(foot - 20) <= 1),
        check("信函发文字号", "§10.1", f"右端距版心右边 {(std.RIGHT - number.x1) / MM:.2f} mm，距双线 {number_gap:.2f} mm"
              if number else "未找到", "版心右边缘，距双线 7/8 个三号字高（4.94 mm）±1",
              number is not None and abs(number_gap - 4.94) <= 1),
        check("标题字号", "§7.3.1", ", ".join(sorted({f"{l.size:g} pt" for l in title})) or "未找到", "22 pt",
              bool(title)),
        check("标题位置", "§10.1", f"距上方要素 {title_gap:.2f} 行", "2 行 ±0.5", abs(title_gap - 2) <= 0.5),
    ]


def turned_check(pages) -> Check | None:
    """§8: a landscape table's text reads with its head towards the page's left edge (the
    binding edge of an odd page, the outer edge of an even one), inside the 版心; None when the
    document has no landscape page."""
    turned = {n: [c for c in page.chars if not c.upright] for n, page in enumerate(pages, 1)}
    turned = {n: chars for n, chars in turned.items() if chars}
    if not turned:
        return None
    wrong, outside = [], []
    for number, chars in turned.items():
        # Turned a quarter counter-clockwise, text runs up the page: the matrix is (0, s, -s, 0).
        if any(not (c.matrix[1] > 0 and c.matrix[2] < 0) for c in chars):
            wrong.append(number)
        if any(c.x0 < std.LEFT - 1 or c.x1 > std.RIGHT + 1 or std.PAPER_HEIGHT - c.bottom < std.BOTTOM - 1
               or std.PAPER_HEIGHT - c.top > std.TOP + 1 for c in chars):
            outside.append(number)
    return check("横排表格", "§8", f"第 {'、'.join(map(str, turned))} 页横排" + (f"；方向有误：{wrong}" if wrong else "")
                 + (f"；出版心：{outside}" if outside else ""), "表头朝左（单页朝订口、双页朝切口），在版心内",
                 not wrong and not outside)


def letter_imprint_check(imprint: Imprint | None) -> Check:
    """§10.1: a letter's 版记 has no 印发 line and no rules: its 抄送, if any, at the 版心's foot."""
    if imprint is None:
        return check("版记（信函）", "§10.1", "无抄送、无印发", "无分隔线、无印发机关和日期；抄送在版心最下方", True)
    printed = [l for l in imprint.texts if l.text.endswith("印发")]
    at_foot = min(l.baseline for l in imprint.texts) - std.BOTTOM < std.PITCH
    return check("版记（信函）", "§10.1", f"{len(imprint.rules)} 条分隔线，{len(printed)} 行印发，"
                 f"抄送 {len(imprint.texts) - len(printed)} 行", "无分隔线、无印发机关和日期；抄送在版心最下方",
                 not imprint.rules and not printed and at_foot)


def attendance_check(lines, body_font: str) -> Check:
    """§10.3: 出席、请假、列席 2 em in, the label in 黑体 with a full-width colon, the names in the
    body's 仿宋."""
    found = 0
    wrong: list[str] = []
    for page_lines in lines.values():
        for line in page_lines:
            if line.size != std.BODY_SIZE or line.text[:3] not in ("出席：", "请假：", "列席："):
                continue
            found += 1
            label, names = line.chars[:3], line.chars[3:]
            indented = abs(line.x0 - (std.LEFT + 2 * std.CELL)) <= 1
            faces = bool(names) and label[0].fontname != names[0].fontname and \
                names[0].fontname.split("+")[-1] == body_font
            if not (indented and faces):
                wrong.append(line.text[:6])
    return check("出席人员名单", "§10.3", f"{found} 组" + (f"，有误：{wrong}" if wrong else ""),
                 "正文下空一行左空二字，标签黑体、名单仿宋", found > 0 and not wrong)



def _red_pixel(rgb) -> bool:
    # CMYK 0/80/80/0 rasterises to about (240, 89, 62) in pdfium and (255, 51, 51) in poppler.
    return rgb[0] >= 200 and rgb[1] <= 110 and rgb[2] <= 110


def fonts_check(found: list[Font]) -> Check:
    fonts = {font.name for font in found}
    bad = {font.name for font in found if not font.embedded}
    return check("字体嵌入", "§5.2.2", f"{len(fonts)} 个字体，未嵌入或未子集化：{sorted(bad) or '无'}",
                 "全部嵌入并子集化", fonts and not bad)


VERDICTS = {True: "通过", False: "不合格", None: "未测"}


def report(checks: list[Check]) -> str:
    rows = [f"{VERDICTS[c.ok]}  {c.name}（{c.clause}）：" + (f"实测 {c.measured}" if c.ok is not None else c.measured)
            + f"；标准 {c.nominal}" for c in checks]
    count = Counter(c.ok for c in checks)
    return "\n".join(rows + [f"共 {len(checks)} 项，通过 {count[True]} 项，不合格 {count[False]} 项，"
                             f"未测 {count[None]} 项（无可测量的内容，不计为通过）。"])
