"""Texts too wide or too tall for the place they are printed in (a card, the chart, the
head, the closing): refused where they were typed, file, line and YAML path (issue 25:
152 fuzzed cases ended in exit 2 naming nothing; some built pages with text running off
the card or a mark too small to see)."""
import time

import pytest
import yaml

from briefing import api
from briefing.errors import ContentError

from samples import write_content

ENROL = dict(id="enrol", label="新生入学人数", value=2950, unit="人", year="2024", kind="actual", goal="enrol-goal")
GOAL = dict(id="enrol-goal", label="新生入学目标", value=3000, unit="人", year="2024", kind="target")
DORMS = dict(id="dorms", label="新建学生宿舍", value=12, unit="栋", year="2024", kind="actual")
LONG = "其中城区学校新生一千二百人，农村学校新生一千七百五十人，均已按时报到并完成入学教育和安全培训，"


def folder_with(tmp_path, enrol=None, part=None, **edition):
    """A notice with one attachment that states the figures, shows them on cards and charts them."""
    folder = write_content(tmp_path / "c", figures=[{**ENROL, **(enrol or {})}, GOAL, DORMS],
                           attachments=["a.yaml"], **edition)
    body = ["今年秋季新生入学人数{{enrol}}，目标{{enrol-goal}}，新建学生宿舍{{dorms}}。",
            {"figures": ["enrol", "enrol-goal", "dorms"]}, {"chart": "新生入学完成情况"}]
    (folder / "a.yaml").write_text(yaml.safe_dump({"title": "秋季开学工作情况", "body": body, **(part or {})},
                                                  allow_unicode=True), encoding="utf-8")
    return folder


def located(folder):
    started = time.perf_counter()
    with pytest.raises(ContentError) as caught:
        api.verify(folder)
    assert time.perf_counter() - started < 20
    (problem,) = caught.value.errors
    where = problem.where
    assert where is not None, problem.message
    return where.file.name, where.path, where.file.read_text(encoding="utf-8").split("\n")[where.line - 1], problem


CASES = {
    "unit too wide for a card": (dict(enrol={"unit": "名新入学的义务教育阶段学生"}), "figures.yaml", "figures[0].unit",
                                 "unit: 名新入学的义务教育阶段学生", "太宽"),
    "value too wide for a card": (dict(enrol={"value": "123456789012.5"}), "figures.yaml", "figures[0].value",
                                  "value: '123456789012.5'", "太宽"),
    "label too wide for the chart": (dict(enrol={"label": "全区义务教育阶段公办和民办学校秋季学期新生实际入学报到人数"}),
                                     "figures.yaml", "figures[0].label", "label: 全区义务教育阶段", "太长"),
    "remark too tall for a page": (dict(enrol={"remark": LONG * 12}), "figures.yaml", "figures[0].remark",
                                   "remark: 其中城区学校", "太高"),
    "chart caption": (dict(part={"body": ["今年秋季新生入学人数{{enrol}}，目标{{enrol-goal}}，新建学生宿舍{{dorms}}。",
                                          {"chart": "全区各中小学校" * 80}]}),  # (a caption wraps: this one
                      "a.yaml", "body[1].chart", "- chart: 全区各中小学校", "太高"),  # takes the chart past a page)
    "mark": (dict(mark="江州市滨河区教育局江州市滨河区财政局江州市滨河区人力资源和社会保障局文件"), "edition.yaml", "mark",
             "mark: 江州市滨河区教育局", "太长"),
    "note": (dict(note=LONG * 20), "edition.yaml", "note", "note: 其中城区学校", "附注太长"),
}


@pytest.mark.parametrize("case", CASES)
def test_a_text_that_does_not_fit_is_refused_where_it_was_typed(tmp_path, case):
    fields, file, path, line, message = CASES[case]
    name, where_path, typed, problem = located(folder_with(tmp_path, **fields))
    assert (name, where_path) == (file, path) and typed.lstrip().startswith(line), (typed, problem)
    assert message in problem.message


def test_the_same_figures_fit_when_short(tmp_path):
    api.verify(folder_with(tmp_path))


def test_an_order_signer_title_too_long_is_refused_at_its_line(tmp_path):
    folder = write_content(tmp_path / "c", format="命令", mark="江州市人民政府令", number="第5号",
                           signature={"title": "江州市人民政府市长兼江州市滨河新区管理委员会主任", "name": "陈建国"})
    edition = yaml.safe_load((folder / "edition.yaml").read_text(encoding="utf-8"))
    del edition["recipients"]
    (folder / "edition.yaml").write_text(yaml.safe_dump(edition, allow_unicode=True), encoding="utf-8")
    name, path, typed, problem = located(folder)
    assert (name, path) == ("edition.yaml", "signature.title") and "职务" in problem.message


def test_an_image_caption_taller_than_a_page_is_refused_at_its_line(tmp_path):
    from PIL import Image
    folder = folder_with(tmp_path, part={"body": [{"image": "校舍.png", "caption": LONG * 30}]})
    Image.new("RGB", (800, 600), "white").save(folder / "校舍.png")
    name, path, typed, problem = located(folder)
    assert (name, path) == ("a.yaml", "body[0].caption") and "太高" in problem.message


@pytest.mark.parametrize("item", [{"heading": "H", "body": ["各校按时报送。"]}, {"lead": "H", "text": "各校按时报送。"}])
def test_a_heading_or_lead_over_a_hundred_characters_is_refused(tmp_path, item):
    """A 3000-character heading was set as a paragraph running over three pages."""
    long = dict(item, **{key: LONG * 3 for key, value in item.items() if value == "H"})
    key = "sections" if "heading" in item else "body"
    name, path, typed, problem = located(folder_with(tmp_path, part={key: [long]}))
    assert name == "a.yaml" and path.startswith(f"{key}[0].") and "标题太长（" in problem.message


def test_a_heading_of_a_hundred_characters_builds(tmp_path):
    folder = folder_with(tmp_path, part={"sections": [{"heading": (LONG * 3)[:100], "body": ["各校按时报送。"]}]})
    api.verify(folder)
