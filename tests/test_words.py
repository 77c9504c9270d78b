"""Issue 24 §4 and §5 in the real PDF: names kept whole where readers scan them (出席/列席,
抄送, centred table cells), a number with its unit, the {不断行：…} span, and even 紧排."""
from pathlib import Path

import pdfplumber
import pytest

from briefing import api
from briefing.text import clean, make_text
from briefing.errors import Where
from briefing.typeset import HAN_LATIN_GLUE, Run, Style, settings

from samples import write_content
from test_typeset import MM, FakeMetrics

PRESENT = ["周国强（县长）", "赵喆（副县长）", "林海燕（副县长）", "黄志明（副县长）", "吴建国（县政府党组成员）",
           "郑丽（县政府办公室主任）"]
ATTENDING = ["县自然资源和规划局", "县住房和城乡建设局", "县生态环境分局", "县农业农村局", "县财政局", "县水利局",
             "县发展和改革局", "县市场监督管理局"]
CC = ["县委办公室", "县人大常委会办公室", "县政协办公室", "县纪委县监委", "县人民法院", "县人民检察院", "县人武部"]
CELLS = [["高标准农田建设", "县农业农村局、县财政局", "已完成2.1万亩"],
         ["农村生活垃圾治理", "县住房和城乡建设局、县生态环境分局", "无害化处理率96.4%"],
         ["耕地保护", "县自然资源和规划局、县农业农村局", "补贴2860万元已发放"],
         ["茶产业提升", "县农业农村局、县市场监督管理局、县文化和旅游局", "签约项目12个"]]


def _lines(pdf: Path) -> list[str]:
    with pdfplumber.open(str(pdf)) as document:
        return [line.replace(" ", "") for page in document.pages for line in (page.extract_text() or "").splitlines()]


@pytest.fixture(scope="module")
def minutes(tmp_path_factory) -> list[str]:
    folder = write_content(
        tmp_path_factory.mktemp("minutes") / "content", format="纪要", issuer="青溪县人民政府办公室",
        mark="青溪县人民政府常务会议纪要", number="第12期", title="县政府第二十七次常务会议纪要",
        recipients=["各乡镇人民政府", "县直各部门"], cc=CC, printer="青溪县人民政府办公室",
        body=["11月6日，县长周国强主持召开县政府第二十七次常务会议，研究冬春农田水利建设等事项。纪要如下。",
              {"table": "表1　议定事项分工", "header": ["事项", "责任单位", "进展"],
               "align": ["left", "center", "left"], "rows": CELLS}],
        attendance={"出席": PRESENT, "请假": ["陈明华（副县长）"], "列席": ATTENDING},
        date="2024年11月7日", print_date="2024年11月7日")
    target = folder.parent / "minutes.pdf"
    api.build(folder, target)
    return _lines(target)


@pytest.mark.parametrize("name", PRESENT + ATTENDING + CC)
def test_names_in_the_attendance_and_cc_lists_are_never_broken(minutes, name):
    assert any(name in line for line in minutes), [line for line in minutes if name[:2] in line]


@pytest.mark.parametrize("name", ["县农业农村局", "县财政局", "县生态环境分局", "县市场监督管理局", "县文化和旅游局"])
def test_a_centred_cell_keeps_a_name_whole_where_it_fits(minutes, name):
    """(县住房和城乡建设局、 is wider than its column: it breaks between its words.)"""
    assert any(name in line for line in minutes), [line for line in minutes if name[:2] in line]


def test_a_number_stays_with_its_unit_at_every_offset():
    width = 156 * MM
    style = Style(16, width / 28)
    for shift in range(40):
        text = "科" * shift + "总投资2860万元，改造渠道4个，惠及农户4.3万户，完成率105%以上。"
        lines, _ = settings([Run(text, "f")], style, FakeMetrics(), width, indent=2 * style.cell)
        for before, after in zip(lines, lines[1:]):
            assert not (before.text[-1].isdigit() and after.text[0] in "万个户以"), (shift, before.text, after.text)


def test_an_unbroken_span_is_never_broken_and_prints_without_its_marker():
    width = 156 * MM
    style = Style(16, width / 28)
    for shift in range(30):
        text = make_text("科" * shift + "由{不断行：中共青溪县委员会办公室}牵头，联系电话{不断行：0597 8321 5566}。",
                         Where(Path("edition.yaml"), 1, 1, "body[0]"))
        assert "{" not in text.value and text.unbroken == ("中共青溪县委员会办公室", "0597 8321 5566")
        lines, _ = settings([Run(text.value, "f", text.unbroken)], style, FakeMetrics(), width,
                            indent=2 * style.cell)
        assert any("中共青溪县委员会办公室" in line.text for line in lines), (shift, [l.text for l in lines])
        assert any("0597 8321 5566" in line.text for line in lines), (shift, [l.text for l in lines])


def test_an_unbroken_span_in_a_built_paragraph(tmp_path):
    lead = "各乡镇要认真落实县委县政府决策部署，及时会同县"  # the name starts 3 cells before the line end
    folder = write_content(tmp_path / "notice", body=[lead + "{不断行：住房和城乡建设局}做好冬季安全生产工作。"])
    target = tmp_path / "notice.pdf"
    built = api.build(folder, target)
    lines = _lines(target)
    assert any(line.startswith("住房和城乡建设局") for line in lines), lines
    assert not [w for w in built.warnings if "排松" in w.message]


def test_tight_paragraphs_compress_alike_and_keep_an_eighth_em_between_han_and_digits():
    """Issue 24 §5: in a paragraph set one line shorter, every inner mark gives up the same share
    of its blank half wherever the line's justification allows it, and the quarter em between
    Han and figures never drops below an eighth of an em."""
    width = 156 * MM
    style = Style(16, width / 28)
    checked = 0
    for shift in range(60):
        text = "科" * shift + ("全市新增载体面积42.6万平方米，比增18.3%；新认定企业1190家，获得奖励1.79亿元，"
                              "317家企业享受减免税12.08亿元，研发投入强度达2.27%。") * 2
        runs = [Run(clean(text), "f")]
        _, tight = settings(runs, style, FakeMetrics(), width, indent=2 * style.cell)
        if tight is None:
            continue
        checked += 1
        marks = set()
        for line in tight.lines()[:-1]:
            segments = line.segments
            for before, after in zip(segments, segments[1:]):
                gap = after.x - (before.x + sum(FakeMetrics().width(c, before.font, 16) + before.char_space
                                                for c in before.text))
                a, b = before.text[-1], after.text[0]
                if (before.font == "latin") != (after.font == "latin") and a.isalnum() and b.isalnum():
                    assert gap >= HAN_LATIN_GLUE * 16 / 2 - 1e-6, (line.text, before.text, after.text, gap)
            for number, segment in enumerate(segments):  # every mark inside the line (not its last): advance
                inner = segment.text if number < len(segments) - 1 else segment.text[:-1]
                if segment.font != "latin":
                    marks.update(round(16 + segment.char_space - line.stretch, 1) for char in inner if char in "，；、")
        assert len(marks) <= 1, marks
    assert checked >= 5
