"""briefing diff: what changed between two revisions, in reading order, marked phrase by phrase."""
import shutil
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest

from briefing.diff import compare, report
from briefing.validate import load_edition

from test_content_errors import replace


@pytest.fixture
def revised(content, tmp_path):
    new = tmp_path / "new"
    shutil.copytree(content, new)
    return content, new


def changes_between(old, new):
    return compare(load_edition(old)[0], load_edition(new)[0])


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "briefing", "diff", *map(str, args)], capture_output=True,
                          text=True, cwd=cwd)


def test_identical_revisions_say_so(revised):
    old, new = revised
    assert changes_between(old, new) == []
    result = run_cli(old, new)
    assert result.returncode == 0 and "内容相同" in result.stdout


def test_changed_figure_is_listed_and_marked_in_the_prose(revised):
    old, new = revised
    replace(new / "figures.yaml", "value: 85.25", "value: 86.1")
    changes = changes_between(old, new)
    figure = changes[0]
    assert figure.kind == "指标" and "技术合同成交总额" in figure.place
    assert "〖85.25〗" in figure.old and "〖86.1〗" in figure.new  # the number whole, not digit by digit
    prose = [c for c in changes if c.kind == "修改"]
    assert len(prose) == 1 and "技术合同成交总额〖86.1〗亿元" in prose[0].new


def test_changed_sentence_is_marked_at_phrase_level(revised):
    old, new = revised
    replace(new / "plan-2023.yaml", "搭建企业和投资者的对接平台", "搭建企业、高校和投资者的对接平台")
    (change,) = changes_between(old, new)
    assert change.kind == "修改" and "（二）" in change.place
    assert change.new == "加大“双创”服务力度，持续开展榕创嘉年华活动，搭建企业〖、高校〗和投资者的对接平台。"
    assert "〖" not in change.old  # only a sentence, only the words added


def test_added_and_removed_paragraphs_in_reading_order(revised):
    old, new = revised
    part = new / "summary-2022.yaml"
    replace(part, "      - >-\n        三是深入开展科普宣传。", "      - 新增：全年举办科技活动周一次。\n      - >-\n        三是深入开展科普宣传。")
    text = (new / "plan-2023.yaml").read_text(encoding="utf-8")  # remove the 3rd task of 2023
    start = text.index("      - lead: 持续推进重大科学技术平台建设。")
    end = text.index("      - lead: 持续推进科学技术研发平台建设。")
    (new / "plan-2023.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    changes = changes_between(old, new)
    kinds = [(c.kind, c.new or c.old) for c in changes]
    assert kinds[0] == ("新增", "新增：全年举办科技活动周一次。")
    assert kinds[1][0] == "删除" and kinds[1][1].startswith("持续推进重大科学技术平台建设。有序推进")


def test_filled_placeholder_is_reported_as_filled(revised):
    old, new = revised
    replace(new / "edition.yaml", "{待定：榕科〔2023〕×号}", "榕科〔2023〕5号")
    (change,) = changes_between(old, new)
    assert (change.kind, change.place) == ("已填写", "发文字号") and change.new == "榕科〔2023〕〖5〗号"


def test_git_revisions_and_printable_pdf(tmp_path):
    from conftest import CONTENT
    repo = tmp_path / "repo"
    shutil.copytree(CONTENT, repo / "content")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "."], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "first"], cwd=repo, check=True)
    replace(repo / "content" / "figures.yaml", "value: 628", "value: 640")
    subprocess.run([*git, "commit", "-qam", "second"], cwd=repo, check=True)
    result = run_cli("HEAD~1", "HEAD", "--pdf", tmp_path / "diff.pdf", cwd=repo)
    assert result.returncode == 0, result.stderr
    assert "content@HEAD~1 → content@HEAD" in result.stdout and "〖640〗" in result.stdout
    with pdfplumber.open(str(tmp_path / "diff.pdf")) as pdf:
        text = "".join(page.extract_text() for page in pdf.pages)
    assert "修订对照" in text and "〖628〗" in text and "〖640〗" in text
    assert run_cli("HEAD", cwd=repo).stdout.strip().endswith("内容相同。")  # HEAD against the working folder
    bad = run_cli("no-such-rev", cwd=repo)
    assert bad.returncode == 2 and "no-such-rev" in bad.stderr and "Traceback" not in bad.stderr


def test_report_lists_old_and_new():
    from briefing.diff import Change
    text = report([Change("修改", "附件／第1段", "甲〖乙〗", "甲〖丙〗")], "a", "b")
    assert "1. 修改　附件／第1段" in text and "原：甲〖乙〗" in text and "新：甲〖丙〗" in text


# --- the whole document: tables, attendance, moves (issue 25) ------------------------------------

DATA = Path(__file__).resolve().parent / "data"


def two_copies(name, tmp_path):
    """An old and a new copy of a test document, the new one to revise."""
    return tuple(Path(shutil.copytree(DATA / name, tmp_path / side)) for side in ("old", "new"))


@pytest.fixture
def farm(tmp_path):
    """A 县 agriculture bureau's report with a task table."""
    return two_copies("qingyang-farm", tmp_path)


@pytest.fixture
def minutes(tmp_path):
    """A 县 flood-control meeting's minutes with 出席, 请假 and 列席."""
    return two_copies("qingyang-minutes", tmp_path)


def revise(path, *edits):
    for old, new in edits:
        replace(path, old, new)


def as_lines(changes):
    return [(c.kind, c.place, c.old, c.new) for c in changes]


def test_a_changed_cell_is_named_by_table_row_and_column(farm):
    old, new = farm
    replace(new / "edition.yaml", "农机股, 2024年4月底]", "农机股, 2024年5月底]")
    assert as_lines(changes_between(old, new)) == [
        ("修改", "表1 第1行（早稻机插秧推广） 完成时限", "2024年〖4〗月底", "2024年〖5〗月底")]


def test_rows_removed_added_and_moved_are_named_by_their_label(farm):
    old, new = farm
    toilets = "          - [农村户厕改造, 新改建农村户厕2000户, 社会事业股, 2024年11月底]\n"
    checks = "          - [农产品质量抽检, 完成定量检测样品800批次, 质安股, 2024年12月底]\n"
    revise(new / "edition.yaml", ("          - [耕地抛荒整治, 完成抛荒耕地复耕复种, 耕保股, 2024年6月底]\n", ""),
           (toilets + checks, checks + toilets + "          - [秸秆综合利用, 秸秆综合利用率达93%, 科教股, 2024年12月底]\n"))
    assert as_lines(changes_between(old, new)) == [
        ("删除", "表1 第3行（耕地抛荒整治）", "耕地抛荒整治｜完成抛荒耕地复耕复种｜耕保股｜2024年6月底", ""),
        ("移动", "表1 第5行 → 第3行", "农产品质量抽检", ""),
        ("新增", "表1 第5行（秸秆综合利用）", "", "秸秆综合利用｜秸秆综合利用率达93%｜科教股｜2024年12月底")]


def test_caption_header_and_settings_of_a_table(farm):
    old, new = farm
    revise(new / "edition.yaml", ("表1　2024年农业重点任务安排", "表1　2024年农业农村重点任务安排"),
           ("[任务, 主要内容, 责任股室, 完成时限]", "[任务, 主要内容, 责任科室, 完成时限]"),
           ("widths: [3, 6, 2.4, 2.6]", "widths: [3, 6, 2.4, 2.6]\n        landscape: true"))
    assert as_lines(changes_between(old, new)) == [
        ("修改", "表1 表题", "表1　2024年农业重点任务安排", "表1　2024年农业〖农村〗重点任务安排"),
        ("修改", "表1 表头第3栏", "责任〖股〗室", "责任〖科〗室"),
        ("修改", "表1 横排", "〖自动〗", "〖是〗")]


def test_a_moved_section_is_one_move_not_a_deletion_and_an_addition(farm):
    old, new = farm
    text = (new / "edition.yaml").read_text(encoding="utf-8")
    i, j, k = (text.index(s) for s in ("  - heading: 下一步工作安排", "  - heading: 存在的困难", "date:"))
    (new / "edition.yaml").write_text(text[:i] + text[j:k] + text[i:j] + text[k:], encoding="utf-8")
    assert as_lines(changes_between(old, new)) == [
        ("移动", "正文／三、存在的困难 → 正文／二、存在的困难", "二、存在的困难", "")]


def test_a_changed_base_figure_is_followed_into_the_share_printed_in_prose(farm):
    old, new = farm
    replace(new / "figures.yaml", "value: 2.3\n", "value: 2.41\n")
    figure, prose = changes_between(old, new)
    assert figure.kind == "指标" and "〖92.0%〗" in figure.old and "〖96.4%〗" in figure.new
    assert prose.place == "正文／一、主要工作进展／（二）高标准农田建设加快推进／第1段"
    assert "已完工〖2.41〗万亩，完成年度任务的〖96.4%〗" in prose.new


def test_attendance_names_removed_added_and_changed(minutes):
    old, new = minutes
    revise(new / "edition.yaml", ("    - 县防指办公室全体人员\n", ""),
           ("    - 蔡永明（县自然资源局副局长）\n", "    - 蔡永明（县自然资源局局长）\n    - 郭伟（县住建局副局长）\n"),
           ("  请假:\n    - 周立平（县气象局局长）\n", ""),
           ("    - 各乡镇分管负责同志\n", "    - 各乡镇分管负责同志\n    - 周立平（县气象局局长）\n"))
    assert as_lines(changes_between(old, new)) == [
        ("修改", "出席", "蔡永明（县自然资源局〖副〗局长）", "蔡永明（县自然资源局局长）"),
        ("新增", "出席", "", "郭伟（县住建局副局长）"),
        ("删除", "列席", "县防指办公室全体人员", ""),
        ("移动", "请假 → 列席", "周立平（县气象局局长）", "")]


def test_a_lead_paragraph_is_placed_by_its_printed_number(minutes):
    old, new = minutes
    replace(new / "edition.yaml", "不少于30人", "不少于40人")
    (change,) = changes_between(old, new)
    assert change.place == "正文／二、关于物资队伍准备。" and "〖40〗" in change.new


def test_folders_and_revisions_are_named_without_machine_paths(farm, tmp_path):
    old, new = farm
    replace(new / "figures.yaml", "value: 2.3\n", "value: 2.41\n")
    result = run_cli(old.resolve(), new.resolve(), "--pdf", tmp_path / "d.pdf", cwd=DATA)
    assert result.returncode == 0, result.stderr
    assert str(tmp_path) not in result.stdout and "修订对照：" in result.stdout
    with pdfplumber.open(str(tmp_path / "d.pdf")) as pdf:
        text = "".join(page.extract_text() for page in pdf.pages)
    assert "〖2.41〗" in text and "/old → " in text and "/tmp" not in text and str(tmp_path) not in text


def test_an_error_in_an_old_revision_is_named_by_the_revision(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(DATA / "qingyang-farm", repo / "report")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    replace(repo / "report" / "figures.yaml", "value: 2.3\n", "value: 2.3万\n")
    subprocess.run([*git, "add", "."], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "first"], cwd=repo, check=True)
    result = run_cli("HEAD", "--content", "report", cwd=repo)
    assert result.returncode == 2 and "HEAD:report/figures.yaml:" in result.stderr
    assert "briefing-rev" not in result.stderr and str(tmp_path) not in result.stderr


def test_an_added_section_is_listed_with_what_it_holds(farm):
    old, new = farm
    replace(new / "edition.yaml", "date: 2024年4月8日", "  - heading: 有关建议\n    body:\n      - 建议县财政提前拨付项目资金。\n"
                                                     "date: 2024年4月8日")
    assert as_lines(changes_between(old, new)) == [
        ("新增", "正文／标题", "", "四、有关建议"), ("新增", "正文／四、有关建议／第1段", "", "建议县财政提前拨付项目资金。")]
    assert as_lines(changes_between(new, old)) == [
        ("删除", "正文／标题", "四、有关建议", ""), ("删除", "正文／四、有关建议／第1段", "建议县财政提前拨付项目资金。", "")]


def test_a_table_moved_and_changed_is_not_taken_for_a_plain_move(farm):
    old, new = farm
    text = (new / "edition.yaml").read_text(encoding="utf-8")
    start, end = text.index("      - table: 表1"), text.index("  - heading: 存在的困难")
    table = text[start:end].replace("2024年4月底", "2024年5月底")
    text = text[:start] + text[end:]  # the table moves to the first section, a cell changed on the way
    anchor = "          - figures: [farmland]\n"
    text = text.replace(anchor, anchor + table.replace("\n  ", "\n      ").replace("      - table", "          - table", 1))
    (new / "edition.yaml").write_text(text, encoding="utf-8")
    kinds = [c.kind for c in changes_between(old, new)]
    assert kinds == ["新增", "删除"] or kinds == ["删除", "新增"], kinds
