"""Briefings of other offices (tests/samples.py): built and measured like the default one."""
import random
import re

import pytest

from briefing import api
from briefing.conformance import measure

from samples import write_content

SENTENCES = ["各学校要对校舍、消防设施、食堂和饮用水开展一次全面排查，发现隐患立即整改。",
             "要严格落实开学第一课制度，把安全教育、心理健康教育和法治教育纳入课程安排。",
             "区教育局将于9月上旬组织督导组，对各校开学准备情况进行专项检查，检查结果纳入年度考核。",
             "各幼儿园要做好新入园幼儿的适应性教育，合理安排一日生活，加强晨午检和因病缺勤追踪登记。"]


def plain_notice(seed: int, chars: int) -> list[str]:
    """Paragraphs of whole sentences, about `chars` characters in all, no headings."""
    chooser = random.Random(seed)
    body, paragraph, total = [], "", 0
    while total < chars:
        paragraph += chooser.choice(SENTENCES)
        if chooser.random() < 0.35:
            body.append(paragraph)
            total += len(paragraph)
            paragraph = ""
    return body + [paragraph] if paragraph else body


# (3, 850) and (5, 600): the closing takes the last two lines of the body to a new page,
# which the conformance check once called a short page.
@pytest.mark.parametrize("seed, chars", [(1, 120), (1, 460), (3, 850), (5, 600), (7, 940)])
def test_plain_notice_passes_every_check(tmp_path, seed, chars):
    folder = write_content(tmp_path / "content", body=plain_notice(seed, chars))
    built = api.build(folder, tmp_path / "notice.pdf")
    failed = [f"{c.name}：{c.measured}" for c in measure(built.path) if c.failed]
    assert failed == []


def test_copied_text_has_no_space_at_the_han_latin_glue(tmp_path):
    """Each line with the quarter-em glue carries its text as written (/ActualText): pdfium
    and poppler copy “投入367.1亿元”, not “投入 367.1 亿元”."""
    import shutil
    import subprocess
    import pypdfium2
    folder = write_content(tmp_path / "c", body=["2024年全区教育投入367.1亿元，比上年增长5.2%，新建校舍12所。"])
    built = api.build(folder, tmp_path / "out.pdf")
    document = pypdfium2.PdfDocument(str(built.path))
    try:
        text = document[0].get_textpage().get_text_range()
    finally:
        document.close()
    assert "投入367.1亿元" in text and "2024年全区" in text and "投入 367.1" not in text
    if shutil.which("pdftotext"):
        poppler = subprocess.run(["pdftotext", str(built.path), "-"], capture_output=True, text=True).stdout
        assert "投入367.1亿元" in poppler and "增长5.2%" in poppler


def test_copied_text_equals_the_paragraphs_wherever_latin_falls_on_the_line(tmp_path):
    """Figures and Latin words at the start, the end and the middle of lines, next to marks, in
    many generated paragraphs: poppler and pdfium copy each paragraph exactly as written."""
    import shutil
    import subprocess
    import pypdfium2
    chooser = random.Random(11)
    words = ["2024年", "GDP", "5.2%", "R&D", "367.1亿元", "12所", "PM2.5", "（2023—2025年）", "第3季度", "A级"]
    body = []
    for _ in range(12):
        parts = [chooser.choice(SENTENCES)[:chooser.randrange(3, 30)] + chooser.choice(words) for _ in range(5)]
        body.append("".join(parts) + "。")
    folder = write_content(tmp_path / "c", body=body)
    built = api.build(folder, tmp_path / "out.pdf")
    document = pypdfium2.PdfDocument(str(built.path))
    try:
        pdfium = "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    readers = {"pdfium": pdfium}
    if shutil.which("pdftotext"):
        readers["poppler"] = subprocess.run(["pdftotext", str(built.path), "-"], capture_output=True, text=True).stdout
    for reader, text in readers.items():
        lines = re.sub(r"— \d+ —", "", text).splitlines()  # without the page numbers
        joined = "".join(line for line in lines if "印发" not in line)  # and the 版记
        for number, paragraph in enumerate(body):
            assert paragraph in joined, (reader, number)


def test_latin_letters_and_digits_match_the_weight_of_their_role(tmp_path):
    import pdfplumber
    folder = write_content(tmp_path / "c", mark="江州市2024教育局文件", attachments=["a.yaml"],
                           body=["2024年秋季学期开学工作通知如下。"])
    (folder / "a.yaml").write_text("title: 2024年开学工作要点\nsections:\n  - heading: 做好2024年开学准备\n"
                                   "    body:\n      - 各校于8月30日前完成自查。\n", encoding="utf-8")
    built = api.build(folder, tmp_path / "out.pdf")
    with pdfplumber.open(str(built.path)) as pdf:
        fonts = {}
        for page in pdf.pages:
            for char in page.chars:
                if char["text"].isdigit():
                    fonts.setdefault(round(char["size"]), set()).add(char["fontname"].split("+")[-1])
    assert fonts[22] == {"LiberationSerif-Bold"}  # the title, in 小标宋
    assert "LiberationSerif-Bold" in fonts[36] or any("Bold" in f for f in fonts.get(36, ()))  # the red mark
    assert "LiberationSans" in fonts[16] and "LiberationSerif" in fonts[16]  # 黑体 heading, 仿宋 body


def test_a_character_from_the_fallback_font_is_warned(tmp_path):
    folder = write_content(tmp_path / "c", body=["联系人：王喆，电话0591-12345678。"])
    warnings = [w for w in api.check(folder).warnings if "U+5586" in w.message]
    assert warnings and "备用字体" in warnings[0].message and warnings[0].where.line >= 1


def test_card_values_of_a_row_share_a_baseline(tmp_path):
    import pdfplumber
    figures = [dict(id="a", label="新建校舍", value=12, unit="所", year="2024", kind="actual"),
               dict(id="b", label="义务教育阶段学生营养改善计划覆盖学生人数", value=4200, unit="人", year="2024",
                    kind="actual"),
               dict(id="c", label="教师培训", value="1,350", unit="人次", year="2024", kind="actual")]
    folder = write_content(tmp_path / "c", figures=figures,
                           body=["2024年新建校舍{{a}}，营养改善计划覆盖学生{{b}}，培训教师{{c}}。",
                                 {"figures": ["a", "b", "c"]}])
    built = api.build(folder, tmp_path / "out.pdf")
    with pdfplumber.open(str(built.path)) as pdf:
        values = [c for page in pdf.pages for c in page.chars if round(c["size"]) == 26]
        years = [c for page in pdf.pages for c in page.chars if round(c["size"]) == 9 and c["text"] == "年"]
    assert {"1", "2", "4", "3", "5"} <= {c["text"] for c in values}
    assert len({round(c["top"], 1) for c in values}) == 1  # one baseline for the row's values
    assert len({round(c["top"], 1) for c in years}) == 1  # the year in the same place on every card


@pytest.mark.parametrize("shares", [(85, 90, 95), (99, 100, 0), (50, 150, 400)])
def test_chart_labels_cross_no_bar_no_target_line_no_label(tmp_path, shares):
    import pdfplumber
    figures = []
    for n, share in enumerate(shares):
        figures += [dict(id=f"a{n}", label=f"第{n + 1}项指标", value=share * 20, unit="人", year="2024", kind="actual",
                         goal=f"g{n}"),
                    dict(id=f"g{n}", label=f"第{n + 1}项目标", value=2000, unit="人", year="2024", kind="target")]
    refs = "，".join(f"{{{{a{n}}}}}，目标{{{{g{n}}}}}" for n in range(len(shares)))
    folder = write_content(tmp_path / "c", figures=figures, body=[f"完成情况：{refs}。", {"chart": "完成情况"}])
    built = api.build(folder, tmp_path / "out.pdf")
    with pdfplumber.open(str(built.path)) as pdf:
        page = next(p for p in pdf.pages if any(round(c["size"], 1) == 10.5 for c in p.chars))
        labels = [c for c in page.chars if round(c["size"], 1) == 10.5]
        bars = [r for r in page.rects if r["height"] < 12 and r["width"] > 0.5 and r["top"] > min(c["top"] for c in labels) - 20]
        verticals = sorted((l for l in page.lines if abs(l["x0"] - l["x1"]) < 0.1), key=lambda l: l["x0"])
    target_x = verticals[-1]["x0"]  # the dashed target line, right of the axis
    assert all(c["size"] >= 10.5 for c in labels)

    def overlaps(a, b):
        return a["x0"] < b["x1"] - 0.3 and b["x0"] < a["x1"] - 0.3 and a["top"] < b["bottom"] - 0.3 and b["top"] < a["bottom"] - 0.3

    plot = [c for c in labels if c["top"] > verticals[-1]["top"]]
    assert not [c["text"] for c in plot for bar in bars if overlaps(c, bar)]
    assert not [c["text"] for c in plot if c["x0"] < target_x < c["x1"]]
    assert not [(a["text"], b["text"]) for i, a in enumerate(labels) for b in labels[i + 1:] if overlaps(a, b)]
