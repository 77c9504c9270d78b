"""Headings in the main text (一、（一）1.（1）), as a 请示 or a long 通知 has them: `sections`
in edition.yaml, written like an attachment's."""
import pdfplumber
import pytest
from pypdf import PdfReader

from briefing import api
from briefing.conformance import measure
from briefing.diff import compare
from briefing.errors import ContentError
from briefing.validate import load_edition

from samples import write_content
from test_pdf import outline_titles

REQUEST = {
    "issuer": "江州市滨河区卫生健康局",
    "mark": "江州市滨河区卫生健康局文件",
    "number": "滨卫〔2024〕17号",
    "signers": ["周建平"],
    "title": "江州市滨河区卫生健康局关于申请安排2024年基层医疗卫生机构标准化建设补助资金的请示",
    "recipients": ["区人民政府"],
    "body": ["为加快补齐我区基层医疗卫生机构设施设备短板，我局对全区12家社区卫生服务中心、47家村卫生室的"
             "建设情况进行了全面摸底。现将有关情况和资金需求请示如下。"],
    "sections": [
        {"heading": "基本情况",
         "body": ["截至2024年3月底，全区基层医疗卫生机构共有床位{{beds}}，卫生技术人员1326人。"]},
        {"heading": "资金需求",
         "body": ["按照市级补助标准，2024年需安排标准化建设补助资金1000万元。"],
         "sections": [
             {"heading": "资金来源", "body": ["以上资金拟由区级财政统筹安排，并接受审计部门的监督检查。"]},
             {"heading": "进度安排",
              "body": [{"lead": "招标采购。", "text": "5月底前由区卫生健康局统一组织。"},
                       "妥否，请批示。"]}]}],
    "date": "2024年4月8日",
    "cc": ["区财政局", "区审计局"],
    "printer": "江州市滨河区卫生健康局办公室",
    "print_date": "2024年4月8日",
}
BEDS = [{"id": "beds", "label": "基层医疗卫生机构床位", "value": 856, "unit": "张", "year": 2024, "kind": "actual"}]


@pytest.fixture
def request_pdf(tmp_path):
    folder = write_content(tmp_path / "content", figures=BEDS, **REQUEST)
    return api.build(folder, tmp_path / "request.pdf").path


def _lines(path) -> list[tuple[str, str]]:
    """(text, font of its first character) of every line of 16-pt text, in reading order."""
    result = []
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            body = page.filter(lambda obj: obj.get("object_type") != "char" or round(obj["size"]) == 16)
            for line in body.extract_text_lines(return_chars=True):
                result.append((line["text"].replace(" ", ""), line["chars"][0]["fontname"]))
    return result


def test_headings_are_numbered_in_order_in_their_faces(request_pdf):
    lines = _lines(request_pdf)
    texts = [text for text, _ in lines]
    expected = ["一、基本情况", "二、资金需求", "（一）资金来源", "（二）进度安排"]
    positions = [texts.index(heading) for heading in expected]
    assert positions == sorted(positions)
    assert "".join(texts).index("请示如下。") < "".join(texts).index("一、基本情况")  # the opening paragraph first
    fonts = dict(lines)
    assert "FandolHei" in fonts["一、基本情况"] and "FandolHei" in fonts["二、资金需求"]  # 黑体
    assert "FandolKai" in fonts["（一）资金来源"]  # 楷体
    lead = next(text for text in texts if text.startswith("1.招标采购。"))
    assert texts.index(lead) > positions[3]  # a lead under a second-level heading: the third level, 1.
    assert texts.index("妥否，请批示。") > texts.index(lead)
    assert any(text == "江州市滨河区卫生健康局" for text in texts[texts.index("妥否，请批示。"):])  # then the signature
    assert "床位856张" in "".join(texts)  # a registered figure resolved inside a section


def test_headings_are_bookmarked_and_every_check_passes(request_pdf):
    titles = outline_titles(PdfReader(str(request_pdf)))
    assert {"一、基本情况", "二、资金需求", "（一）资金来源"} <= set(titles)
    failed = [f"{c.name}：{c.measured}" for c in measure(request_pdf) if c.failed]
    assert failed == []


def test_a_figure_typed_wrong_in_a_main_section_is_an_error_with_its_line(tmp_path):
    sections = [{"heading": "基本情况", "body": ["全区基层医疗卫生机构床位达900张，卫生技术人员1326人。"]}]
    folder = write_content(tmp_path / "content", figures=BEDS, **{**REQUEST, "sections": sections})
    with pytest.raises(ContentError) as raised:
        api.check(folder)
    problems = [p for p in raised.value.problems if "900" in p.message]
    assert problems and problems[0].where.file.name == "edition.yaml" and problems[0].where.path.startswith("sections[0]")


def test_a_hand_written_number_before_a_main_heading_is_an_error(tmp_path):
    sections = [{"heading": "一、基本情况", "body": ["截至2024年3月底，全区卫生技术人员1326人。"]}]
    folder = write_content(tmp_path / "content", **{**REQUEST, "body": REQUEST["body"], "sections": sections})
    with pytest.raises(ContentError) as raised:
        api.check(folder)
    assert any("手写了编号“一、”" in p.message for p in raised.value.problems)


def test_diff_lists_a_changed_main_heading(tmp_path):
    old = write_content(tmp_path / "old", figures=BEDS, **REQUEST)
    sections = [dict(REQUEST["sections"][0], heading="基本情况和存在问题"), *REQUEST["sections"][1:]]
    new = write_content(tmp_path / "new", figures=BEDS, **{**REQUEST, "sections": sections})
    changes = compare(load_edition(old)[0], load_edition(new)[0])
    assert [(c.kind, c.place, c.old) for c in changes] == [("修改", "正文／标题", "一、基本情况")]
    assert "和存在问题" in changes[0].new


def test_a_chart_in_a_main_section_shows_its_goals(tmp_path):
    """A goal only the chart draws counts as shown: no false “登记了但没有显示” warning."""
    figures = [{**BEDS[0], "goal": "beds-2025"},
               {"id": "beds-2025", "label": "基层医疗卫生机构床位目标", "value": 1000, "unit": "张", "year": 2025,
                "kind": "target"}]
    sections = [{"heading": "基本情况", "body": ["截至2024年3月底，全区基层医疗卫生机构床位{{beds}}。",
                                                 {"chart": "图1　床位现有水平与2025年目标"}]}]
    folder = write_content(tmp_path / "content", figures=figures, **{**REQUEST, "sections": sections})
    checked = api.check(folder)
    assert not [w.message for w in checked.warnings if "没有在任何地方显示" in w.message]
    assert any(type(block).__name__ == "ChartBlock" for block in checked.document.body)


def test_a_third_level_heading_or_lead_starting_with_a_digit_is_warned(tmp_path):
    """“1.” then “5月底前” prints “1.5月底前”, read as one point five."""
    third = [{"heading": "进度安排", "body": [{"lead": "5月底前完成招标采购。", "text": "由区卫生健康局统一组织。"},
                                              {"lead": "在10月底前完成建设。", "text": "各单位按期完成。"}]}]
    sections = [{"heading": "资金需求", "body": ["2024年需安排补助资金1000万元。"],
                 "sections": [*third, {"heading": "2025年打算", "body": ["继续推进。"]}]}]
    folder = write_content(tmp_path / "content", **{**REQUEST, "sections": sections})
    warned = [w for w in api.check(folder).warnings if "读成小数" in w.message]
    assert [w.where.path for w in warned] == ["sections[0].sections[0].body[0].lead"]
    level_one = write_content(tmp_path / "other", **{**REQUEST, "sections": [{"heading": "2025年打算",
                                                                              "body": ["继续推进。"]}]})
    assert not [w for w in api.check(level_one).warnings if "读成小数" in w.message]  # “一、2025年” reads well


def test_sections_are_numbered_on_after_the_leads_of_the_same_level(tmp_path):
    """Lead paragraphs (一、 run into their text) and headed sections at one level are one
    sequence: 一、二、 then 三、, not 一、 again; diff names the heading as it is printed."""
    body = [REQUEST["body"][0], {"lead": "总体要求。", "text": "坚持问题导向。"},
            {"lead": "工作目标。", "text": "年底前全部达标。"}]
    folder = write_content(tmp_path / "old", figures=BEDS, **{**REQUEST, "body": body})
    labels = [block.runs[0].text for block in api.check(folder).document.body
              if len(block.runs[0].text) < 12 and "、" in block.runs[0].text[:3]]
    assert labels[:3] == ["一、总体要求。", "二、工作目标。", "三、基本情况"]
    assert "四、资金需求" in labels
    sections = [dict(REQUEST["sections"][0], heading="基本情况和问题"), *REQUEST["sections"][1:]]
    new = write_content(tmp_path / "new", figures=BEDS, **{**REQUEST, "body": body, "sections": sections})
    changes = compare(load_edition(folder)[0], load_edition(new)[0])
    assert [(c.place, c.old) for c in changes] == [("正文／标题", "三、基本情况")]


def test_an_order_with_parts_builds_with_its_parts_in_the_outline(tmp_path):
    """An order prints no title, so its parts' bookmarks come first: the outline starts at
    their level (ReportLab refused the jump, an internal error)."""
    import shutil
    from pathlib import Path
    folder = tmp_path / "order"
    shutil.copytree(Path(__file__).resolve().parent.parent / "examples" / "order", folder)
    with (folder / "edition.yaml").open("a", encoding="utf-8") as file:
        file.write("sections:\n  - heading: 总则\n    body:\n      - 为加强校车安全管理，制定本办法。\n"
                   "  - heading: 附则\n    body:\n      - 本办法自2024年10月1日起施行。\n")
    built = api.build(folder, tmp_path / "order.pdf")
    assert outline_titles(PdfReader(built.path)) == ["一、总则", "二、附则"]
