"""Issue 30 with the real fonts, in the real PDF: no letter-spaced line a legal break could
avoid, and the build's warning for the one no break can."""
from pathlib import Path

import pdfplumber
import yaml

from briefing import api, conformance

from samples import write_content

ISSUE_30 = "各地区各部门认真落实市委市政府决策部技术合同成交额、登记项数分别为823.57亿元、23003项，分别增长54.31%、117.15%。"


def _page_lines(pdf: Path) -> list[str]:
    with pdfplumber.open(str(pdf)) as document:
        return [line for page in document.pages for line in (page.extract_text() or "").splitlines()]


def test_the_issue_paragraph_in_the_default_edition_sets_without_a_loose_line(content, tmp_path):
    """The issue's reproduction: the first paragraph of the 2022 summary replaced. The line that
    was letter-spaced 5.5 pt keeps `54.31%、` and `117.15%。` is the last line."""
    path = content / "summary-2022.yaml"
    summary = yaml.safe_load(path.read_text(encoding="utf-8"))
    summary["sections"][0]["body"][0] = ISSUE_30
    path.write_text(yaml.safe_dump(summary, allow_unicode=True, sort_keys=False), encoding="utf-8")
    target = tmp_path / "out.pdf"
    built = api.build(content, target)
    item, _ = conformance.spacing(target)
    assert item.ok and "过松" not in item.measured and "长词" not in item.measured, item.measured
    lines = _page_lines(target)
    assert any(line.replace(" ", "").endswith("分别增长54.31%、") for line in lines), lines
    assert "117.15%。" in [line.replace(" ", "") for line in lines]
    assert not [w for w in built.warnings if "排松" in w.message]


def test_a_line_no_break_can_keep_tight_is_reported_with_file_line_and_text(tmp_path):
    """A mobile number (one word) that does not fit after `联系电话0591-87654321、`: the line
    before it is loose whatever the breaks; build names the file, the line and the text,
    and `check --pdf` passes it as explained by the word that could not come up."""
    body = ["为做好全县防汛值班工作，现将有关事项通知如下。",
            "各乡镇要认真落实，联系电话0591-87654321、13805912345，邮箱fxb-office@minqing.gov.cn。"]
    folder = write_content(tmp_path / "notice", body=body)
    target = tmp_path / "notice.pdf"
    built = api.build(folder, target)
    loose = [w for w in built.warnings if "排松" in w.message]
    assert len(loose) == 1, [str(w) for w in built.warnings]
    assert loose[0].where.file.name == "edition.yaml" and loose[0].where.line > 1
    assert "各乡镇要认真落实，联系电话0591-87654321、" in loose[0].message
    item, _ = conformance.spacing(target)
    assert item.ok and "长词" in item.measured, item.measured


def test_the_quarter_em_after_a_percentage_is_glue_not_added_space(tmp_path):
    """`12.6%和`: the typesetter puts the Han–Latin quarter em after a number's %, so the
    check must count it as natural (it measured 4.6 pt of "added" space there)."""
    body = ["全县规模以上工业增加值增长6.8%和固定资产投资增长12.6%，社会消费品零售总额增长5.1%以上，"
            "城镇居民人均可支配收入增长4.9%左右，农村居民人均可支配收入增长7.2%以上。"]
    folder = write_content(tmp_path / "notice", body=body)
    target = tmp_path / "notice.pdf"
    api.build(folder, target)
    item, _ = conformance.spacing(target)
    widest = float(item.measured.split("加宽 ")[1].split(" pt")[0])
    assert widest < 2.4 and "松" not in item.measured, item.measured


def test_a_typed_space_takes_one_joint_of_justification_not_two(tmp_path):
    # Found by the fuzz: a number, a typed space and a Latin word on a line stretched 1.7 pt a
    # joint, a joint each side of the space: the PDF showed 3.4 pt between “%” and “P”, a loose
    # line for check --pdf that the build, counting joints, did not warn of.
    para = "科科一世亼仲533444.264% PjAeAAAA 平台" + "建设持续推进，创新能力不断提升。" * 3
    target = tmp_path / "out.pdf"
    built = api.build(write_content(tmp_path / "c", body=[para]), target)
    item, loose = conformance.spacing(target)
    assert item.ok and not loose, item.measured
    assert not [w for w in built.warnings if "排松" in w.message]
    with pdfplumber.open(str(target)) as document:
        chars = document.pages[0].chars
    at = next(i for i, c in enumerate(chars) if c["text"] == "%")
    percent, space, letter = chars[at:at + 3]
    assert space["text"] == " " and letter["text"] == "P"
    assert letter["x0"] - percent["x1"] - (space["x1"] - space["x0"]) <= 0.15 * 16  # what justification added
