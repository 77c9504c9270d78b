"""The conformance checker as a witness (issue 10 §3): each check fails on a PDF broken in
exactly its rule, by editing the built PDF's drawing operators (or, where the rule is one of
layout, by building with that rule of the typesetter switched off), and the others pass."""
import re

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, RectangleObject

from briefing import api, pageplan, paginate, typeset
from briefing import conformance
from briefing.conformance import measure
from briefing.conformance.content import Char

from samples import write_content

MM = 72 / 25.4


def failing(path) -> set[str]:
    return {c.name for c in measure(path) if c.failed}


def edited(source, target, page: int, pattern: str, replacement: str, count: int = 1):
    """A copy of the PDF with one page's drawing operators rewritten (count=0: every match)."""
    writer = PdfWriter(clone_from=PdfReader(str(source)))
    contents = writer.pages[page].get_contents()
    data, found = re.subn(pattern, replacement, contents.get_data().decode("latin-1"), count=count,
                          flags=re.M | re.S)
    assert found, pattern
    contents.set_data(data.encode("latin-1"))
    writer.pages[page].replace_contents(contents)
    writer.write(str(target))
    return target


def test_the_default_edition_passes(built):
    assert failing(built) == set()


# (check, page, pattern, replacement): what each edit breaks, in the default edition's operators.
EDITS = [
    ("红色分隔线长度", 0, r"521\.57 (520\.77) l", r"490 \1 l"),  # the red rule 11 mm short
    ("分隔线距发文字号", 0, r"534\.03 Tm", "542.5 Tm"),  # the 发文字号 3 mm higher
    ("标题字号", 0, r"(/BF\d+) 22 Tf", r"\1 21 Tf"),  # the title one point smaller
    ("标题距分隔线", 0, r"(1 0 0 1 [\d.]+ )(443\.51|414\.56)( Tm)",  # the title a line lower
     lambda m: f"{m[1]}{float(m[2]) - 28.95:.2f}{m[3]}"),
    ("发文机关标志上边缘", 0, r"120\.47 610\.33 Tm", "120.47 600 Tm"),  # the red mark 3.6 mm lower
    ("正文行距", 3, r"1 0 0 1 79\.37 693\.98 Tm", "1 0 0 1 79.37 688.3 Tm"),  # one line 2 mm off the grid
    ("右边缘对齐", 3, r"([\d.]+)( 0 Td <[0-9A-F]*> Tj\n(?:[^\n]* T[cf]\n|EMC\n)*1 0 0 1 79\.37 693\.98 Tm)",
     lambda m: f"{float(m[1]) - 3.5:.2f}{m[2]}"),  # a justified line's last run (the first line's): 3.5 pt short
    ("页码位置与字号", 1, r"1 0 0 1 93\.37 75\.17 Tm", "1 0 0 1 463.25 75.17 Tm"),  # even page, right
    ("无页码的页", 2, r"1 0 0 1 [\d.]+ 75\.17 Tm <[0-9A-F]*> Tj", ""),  # page 3 without its number
    ("版心外的字", 1, r"\A(.*?)1 0 0 1 [\d.]+ 771\.02 Tm", r"\g<1>1 0 0 1 530 771.02 Tm"),  # the draft mark
    # past the right edge
    ("版记末条线位置", -1, r"99\.21 m 521\.57 99\.21 l", "105 m 521.57 105 l"),  # 2 mm up
    ("版记分隔线粗细", -1, r"\.708661 w", ".3 w"),  # the inner rule 0.1 mm
    ("版记文字", -1, r"93\.37 108\.37 Tm", "100 108.37 Tm"),  # 印发机关 2.3 mm further in
    ("字间距", 0, r"\A(.*?)^\d*\.\d+ Tc$", r"\g<1>3.5 Tc"),  # a justified line's first widened run, 3.5 pt apart
]


@pytest.mark.parametrize("name, page, pattern, replacement", EDITS, ids=[e[0] for e in EDITS])
def test_each_check_fails_on_its_own_fault(built, tmp_path, name, page, pattern, replacement):
    broken = edited(built, tmp_path / "broken.pdf", page, pattern, replacement, count=0)
    assert failing(broken) == {name}


def test_body_size_is_measured_not_assumed(built, tmp_path):
    broken = edited(built, tmp_path / "broken.pdf", 1, r"/BF1 16 Tf", "/BF1 15 Tf", count=1)  # (BF1: 仿宋)
    # a smaller glyph also ends its justified line a point early: the right edge is off too
    assert "正文字号" in failing(broken) <= {"正文字号", "右边缘对齐"}


def test_paper_size(built, tmp_path):
    writer = PdfWriter(clone_from=PdfReader(str(built)))
    for page in writer.pages:
        page.mediabox = RectangleObject([0, 0, 213 * MM, 297 * MM])
    writer.write(str(tmp_path / "wide.pdf"))
    assert failing(tmp_path / "wide.pdf") == {"纸张尺寸"}


def test_fonts_not_embedded(built, tmp_path):
    writer = PdfWriter(clone_from=PdfReader(str(built)))
    fonts = [ref.get_object() for ref in writer.pages[2]["/Resources"]["/Font"].values()]
    font = next(f for f in fonts if "FandolSong-Regular" in str(f["/BaseFont"]))  # the page numbers' font
    descriptor = (font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font)
    descriptor = descriptor.get("/FontDescriptor", descriptor).get_object()
    for key in ("/FontFile", "/FontFile2", "/FontFile3"):
        if key in descriptor:
            del descriptor[NameObject(key)]
    writer.write(str(tmp_path / "bare.pdf"))
    assert failing(tmp_path / "bare.pdf") == {"字体嵌入"}


def test_full_pages(built, tmp_path):
    """Page 3 loses its last line: a page that goes on to the next with 21 lines."""
    broken = edited(built, tmp_path / "short.pdf", 2, LINE, lambda m: blank_line(m, m[1] == "114.98"), count=0)
    assert failing(broken) == {"满页行数"}


# A text line's operators: placed with Tm, its further runs moved to with Td (see render.pdf).
LINE = r"1 0 0 1 [\d.]+ ([\d.]+) Tm .*?(?=1 0 0 1 [\d.]+ [\d.]+ Tm|^ET$)"


def blank_line(match: re.Match, blank: bool) -> str:
    """The line's strings emptied (its state operators kept, which later lines rely on)."""
    return re.sub(r"<[0-9A-F]*> Tj", "<> Tj", match[0]) if blank else match[0]


def test_line_start_rule(tmp_path, monkeypatch):
    """Built with the line-start rule switched off: a comma opens a line."""
    monkeypatch.setattr(typeset, "NO_START", frozenset())
    folder = write_content(tmp_path / "c", body=["各" * 26 + "，请各校认真落实。" + "各学校要对校舍开展全面排查。" * 3])
    assert failing(api.build(folder, tmp_path / "out.pdf").path) == {"行首行尾禁则"}


def test_imprint_on_an_odd_page(tmp_path, monkeypatch):
    """Built with the 版记 allowed on any page: it lands on page 1."""
    monkeypatch.setattr(pageplan, "_imprint_fits", lambda page, room, rows: room >= rows)
    folder = write_content(tmp_path / "c")
    built = api.build(folder, tmp_path / "out.pdf")
    assert built.pages == 1 and failing(built.path) == {"版记所在页"}


def test_page_number_dashes(tmp_path, monkeypatch):
    """Page numbers drawn with hyphens instead of the 一字线."""
    monkeypatch.setattr(pageplan.head, "folio", lambda page: f"- {page} -")
    folder = write_content(tmp_path / "c")
    assert failing(api.build(folder, tmp_path / "out.pdf").path) == {"页码字形"}


def test_heading_left_at_a_page_foot(tmp_path, monkeypatch):
    """Built with headings keeping nothing of what follows: with sections of a heading and a
    three-line paragraph (which cannot split), headings end pages."""
    monkeypatch.setattr(paginate, "_need", lambda blocks, index, tight: blocks[index].lines)
    folder = write_content(tmp_path / "c", attachments=["a.yaml"])
    paragraph = "各学校要对校舍、消防设施、食堂和饮用水开展一次全面排查，发现隐患立即整改。" * 2
    sections = "".join(f"  - heading: 第{n}项重点工作安排\n    body:\n      - {paragraph}\n" for n in range(1, 30))
    (folder / "a.yaml").write_text(f"title: 开学工作要点\nsections:\n{sections}", encoding="utf-8")
    failed = failing(api.build(folder, tmp_path / "out.pdf").path)
    assert "标题不落页脚" in failed <= {"标题不落页脚", "满页行数"}


def test_lines_one_character_short(tmp_path, monkeypatch):
    """Built with every line broken one character early, justified flush all the same."""
    cheapest = typeset._Breaks.cheapest  # (break_lines' and the paragraphs' settings')

    def short(breaks, width, *args):  # (all Han: one cell less holds one character less)
        return cheapest(breaks, width - breaks.widths[1], *args)

    monkeypatch.setattr(typeset._Breaks, "cheapest", short)
    folder = write_content(tmp_path / "c", body=["各学校要对校舍消防设施食堂和饮用水开展一次全面排查" * 6])
    assert failing(api.build(folder, tmp_path / "out.pdf").path) == {"满行字数"}


def test_no_body_text_on_the_first_page(built, tmp_path):
    """Page 1 with the 主送 and the body's first lines blanked out: only the 版头 and title."""
    writer = PdfWriter(clone_from=PdfReader(str(built)))
    contents = writer.pages[0].get_contents()
    data = contents.get_data().decode("latin-1")

    # text between the title (y > 400) and the page number
    blanked = re.sub(LINE, lambda m: blank_line(m, 100 < float(m[1]) < 400), data, flags=re.M | re.S)
    contents.set_data(blanked.encode("latin-1"))
    writer.pages[0].replace_contents(contents)
    writer.write(str(tmp_path / "empty.pdf"))
    assert failing(tmp_path / "empty.pdf") == {"首页显示正文"}


def _synthetic(text: str, gap: float) -> "conformance.TextLine":
    """A line as the checker reads it: Han characters 16 pt wide, Latin ones 8 pt, `gap` pt
    added after each Han character or mark."""
    chars, x = [], 100.0
    for char in text:
        width = 8.0 if char.isascii() else 16.0
        chars.append(Char(char, x, x + width, 327.0, 346.0, 16.0, (1, 0, 0, 1, x, 500.0), True, "FandolFang", None))
        x += width + (0.0 if char.isascii() else gap)
    return conformance.TextLine(1, 500.0, 16.0, chars)


def test_a_loose_line_is_excused_only_when_what_follows_could_not_come_up():
    loose = _synthetic("邮箱联系人员等：zhouxl@qingchuan-mz.", 4.0)
    # "example." (64 pt) is wider than the 28 pt of added space and the colon's blank half (8 pt)
    assert conformance._unbreakable_next(loose, _synthetic("example.gov.cn。", 0))
    # "gov." would have fitted in the space the line gave away: the line is loose for nothing
    assert not conformance._unbreakable_next(loose, _synthetic("gov.cn。", 0))
    assert conformance._unbreakable_next(loose, _synthetic("0839-3201456，", 0))  # a number is not broken
    assert not conformance._unbreakable_next(loose, _synthetic("请予审核。", 0))


def test_a_pitch_rounded_to_a_tenth_of_a_point_is_the_grid():
    """A writer that rounds positions to 0.1 pt (LibreOffice) steps 28.9, 29.0, 28.9 … down the
    grid's 28.95: that is the grid, not page 1 set closer; a real adjustment still is one."""
    from types import SimpleNamespace

    def page(steps):
        baselines = [700.0]
        for step in steps:
            baselines.append(baselines[-1] - step)
        return [SimpleNamespace(baseline=b) for b in baselines]

    rounded = {1: page([28.9, 29.0, 28.9, 29.0, 57.9]), 2: page([29.0, 28.9])}
    assert conformance.page_pitches(rounded) == {1: 28.95, 2: 28.95}
    closer = {1: page([27.59, 27.59, 55.18]), 2: page([28.95])}
    assert conformance.page_pitches(closer)[1] == pytest.approx(27.59)


def test_the_title_is_measured_when_the_recipients_went_to_the_imprint(tmp_path):
    """With the 主送 moved to the 版记 (§7.3.2) the text follows the title after a blank line:
    the title is still told apart from it, and a smaller title still fails."""
    folder = write_content(tmp_path / "c", recipients=[f"滨河区第{n}中学" for n in range(1, 61)],
                           body=["请各校按要求做好开学准备工作。" * 6])
    built = api.build(folder, tmp_path / "out.pdf").path
    assert failing(built) == set()
    broken = edited(built, tmp_path / "small.pdf", 0, r"(/BF\d+) 22 Tf", r"\1 21 Tf")
    assert failing(broken) == {"标题字号"}


def test_a_moved_recipient_line_out_of_line_in_the_imprint_fails(tmp_path):
    """The 版记's 主送 runs over lines under its first name (§7.3.2, like the 抄送): one
    continuation line 5 mm off that column fails 版记文字."""
    folder = write_content(tmp_path / "c", recipients=[f"滨河区第{n}中学" for n in range(1, 61)],
                           body=["请各校按要求做好开学准备工作。" * 6])
    built = api.build(folder, tmp_path / "out.pdf").path
    assert failing(built) == set()
    column = r"1 0 0 1 (135\.37) (\d+\.\d+) Tm"
    broken = edited(built, tmp_path / "off.pdf", -1, column, lambda m: f"1 0 0 1 149.54 {m[2]} Tm")
    assert failing(broken) == {"版记文字"}
