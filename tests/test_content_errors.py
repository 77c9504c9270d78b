"""Broken content: every error names file, line, column and YAML path, and says how to fix it."""
import re
import subprocess
import sys

import pytest

from briefing import api
from briefing.errors import ContentError


def errors_of(folder):
    with pytest.raises(ContentError) as caught:
        api.check(folder)
    return [p for p in caught.value.problems if not p.warning]


def replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path, needle):
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_yaml_syntax_error_points_at_the_line(content):
    edition = content / "edition.yaml"
    replace(edition, "issuer: 福州市科学技术局", "issuer: [福州市科学技术局")
    (problem,) = errors_of(content)
    assert problem.where.file.name == "edition.yaml"
    assert "YAML 语法错误" in problem.message
    assert problem.where.line >= line_of(edition, "issuer:")


def test_full_width_colon_gets_a_hint(content):
    edition = content / "edition.yaml"
    replace(edition, "title: 福州市", "title：福州市")
    (problem,) = errors_of(content)
    assert "全角冒号" in problem.message and "半角冒号" in problem.hint
    assert problem.where.line == line_of(edition, "title：")


def test_unknown_key_suggests_the_right_one(content):
    edition = content / "edition.yaml"
    replace(edition, "printer:", "priner:")
    (unknown,) = errors_of(content)  # one slip, one error: the missing printer is said in its hint
    assert "未知的键“priner”" in unknown.message and "“printer”" in unknown.hint and "必填" in unknown.hint
    assert unknown.where.line == line_of(edition, "priner:")
    assert unknown.where.path == "priner"


def test_a_missing_required_key_is_still_reported_beside_an_unrelated_unknown_key(content):
    edition = content / "edition.yaml"
    replace(edition, "printer:", "remark:")  # not like printer: no suggestion folds the missing key in
    messages = sorted(p.message for p in errors_of(content))
    assert messages == ["主文件缺少必填的键“printer”。", "未知的键“remark”。"]


def test_an_optional_key_misspelt_beside_a_present_one_is_not_called_missing(content):
    edition = content / "edition.yaml"
    replace(edition, "title:", "urgency: 加急\nurgncy: 特急\ntitle:")
    (unknown,) = errors_of(content)
    assert "“urgency”" in unknown.hint and "必填" not in unknown.hint


@pytest.mark.parametrize("value, telegram", [("急件", False), ("紧急", False), ("特提", True), ("平急", True)])
def test_urgency_is_te_ji_or_jia_ji(content, value, telegram):
    """GB/T 9704 7.2.3: 紧急程度 is 特急 or 加急; 特提 and 平急 belong to telegrams only."""
    edition = content / "edition.yaml"
    replace(edition, "title:", f"urgency: {value}\ntitle:")
    (problem,) = errors_of(content)
    assert f"紧急程度“{value}”无效" in problem.message and "特急" in problem.hint and "加急" in problem.hint
    assert ("电报" in problem.message) == telegram
    assert problem.where.line == line_of(edition, "urgency:") and problem.where.path == "urgency"


@pytest.mark.parametrize("value", ["特急", "加急", "{待定：特急或加急}"])
def test_urgency_accepts_the_two_levels_and_a_placeholder(content, value):
    replace(content / "edition.yaml", "title:", f"urgency: \"{value}\"\ntitle:")
    assert api.check(content).document.edition.urgency.value == value.replace("{待定：", "").rstrip("}")


def test_wrong_type_and_empty_text(content):
    part = content / "plan-2023.yaml"
    replace(part, "heading: 建设高能级创新平台", "heading: [建设高能级创新平台]")
    replace(part, "lead: 实施R&D稳增计划。", "lead: ''")
    problems = errors_of(content)
    assert len(problems) == 2
    wrong = next(p for p in problems if "文本" in p.message and "列表" in p.message)
    assert wrong.where.path == "sections[0].heading"
    assert wrong.where.line == line_of(part, "heading: [建设高能级创新平台]")
    empty = next(p for p in problems if "文本为空" in p.message)
    assert empty.where.file.name == "plan-2023.yaml"
    assert empty.where.path.endswith(".lead")


def test_duplicate_ids_and_keys(content):
    part = content / "summary-2022.yaml"
    replace(part, "id: summary-enterprises", "id: summary-platforms")
    replace(part, "editorial: true\nsections:", "editorial: true\neditorial: false\nsections:")
    problems = errors_of(content)
    duplicate = next(p for p in problems if "id“summary-platforms”重复" in p.message)
    assert duplicate.where.file.name == "summary-2022.yaml" and duplicate.where.path == "sections[1].id"
    dup_key = next(p for p in problems if "重复出现" in p.message)
    assert dup_key.where.line == line_of(part, "editorial: false")


def test_missing_included_file(content):
    replace(content / "attachment.yaml", "include: plan-2023.yaml", "include: plan-2024.yaml")
    (problem,) = errors_of(content)
    assert "plan-2024.yaml" in problem.message and "不存在" in problem.message
    assert problem.where.file.name == "attachment.yaml"
    assert problem.where.column > 1


def test_unsafe_yaml_tag_is_refused(content):
    replace(content / "edition.yaml", "issuer: 福州市科学技术局", "issuer: !!python/object:os.system 福州")
    (problem,) = errors_of(content)
    assert "YAML 标签" in problem.message


def test_placeholders_are_warnings(content):
    warnings = api.check(content).warnings
    shown = [w.message for w in warnings]
    assert any("榕科〔2023〕×号" in m for m in shown)
    files = [w.where.file.name for w in warnings]
    assert files.count("edition.yaml") == 6  # 发文字号, 主送, 成文日期, 抄送, 印发机关, 印发日期
    assert files.count("plan-2023.yaml") == 13  # the task table's 牵头单位, one per task
    assert len(files) == 19


def test_cli_exit_2_without_traceback_keeps_previous_pdf(content, tmp_path):
    target = tmp_path / "out.pdf"
    ok = subprocess.run([sys.executable, "-m", "briefing", "build", str(content), "-o", str(target)],
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    before = target.read_bytes()
    replace(content / "edition.yaml", "printer:", "priner:")
    bad = subprocess.run([sys.executable, "-m", "briefing", "build", str(content), "-o", str(target)],
                         capture_output=True, text=True)
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
    assert "edition.yaml:" in bad.stderr and "未知的键“priner”" in bad.stderr
    assert target.read_bytes() == before
    assert not list(tmp_path.glob("*.part"))


@pytest.mark.parametrize("field, value, expected", [
    ("date", "2023年02月06日", "月和日不补零"),
    ("date", "2023-2-6", "月和日不补零"),
    ("number", "榕科[2023]1号", "〔2023〕"),
    ("number", "榕科〔2023〕01号", "序号不编虚位"),
    ("number", "榕科〔23〕1号", "年份写全"),
])
def test_dates_and_document_numbers_follow_the_standard(content, field, value, expected):
    edition = content / "edition.yaml"
    text = re.sub(rf"(?m)^{field}: .*$", f"{field}: \"{value}\"", edition.read_text(encoding="utf-8"))
    edition.write_text(text, encoding="utf-8")
    (problem,) = errors_of(content)
    assert expected in problem.hint and problem.where.line == line_of(edition, f"{field}:")


@pytest.mark.parametrize("args, expected", [
    (["build", "--wach"], "没有选项 --wach（您是不是想写 --watch？）"),
    (["diff"], "缺少参数"),
    (["bild"], "没有命令“bild”"),
    (["check", "--pdf", "nosuch.pdf"], "“nosuch.pdf”不存在"),
])
def test_command_line_mistakes_are_explained_in_chinese(args, expected):
    result = subprocess.run([sys.executable, "-m", "briefing", *args], capture_output=True, text=True)
    assert result.returncode == 2 and expected in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("old, new, expected", [
    ("issuer: 福州市科学技术局", 'issuer: "福州市科学技术局', "引号"),
    ("mark: 福州市", "\tmark: 福州市", "Tab"),
    ("issuer: 福州市科学技术局", "issuer: 福州市: 科学技术局", "加引号"),
    ("  - attachment.yaml", " - attachment.yaml\n  x: 1", "缩进"),
])
def test_yaml_mistakes_are_explained_in_chinese(content, old, new, expected):
    replace(content / "edition.yaml", old, new)
    (problem,) = errors_of(content)
    assert expected in problem.message + problem.hint and problem.where.file.name == "edition.yaml"


@pytest.mark.parametrize("field, written", [("date", "2024年13月18日"), ("date", "2024年2月30日"),
                                            ("print_date", "2023年4月31日")])
def test_a_date_not_on_the_calendar_is_a_located_error(tmp_path, field, written):
    """Written right but no such day: an error at its line (a month of 13 ended in 内部错误)."""
    import shutil
    from pathlib import Path
    folder = tmp_path / "letter"
    shutil.copytree(Path(__file__).resolve().parent.parent / "examples" / "letter", folder)
    edition = folder / "edition.yaml"
    text = edition.read_text(encoding="utf-8")
    edition.write_text(re.sub(rf"(?m)^{field}: .*$", f"{field}: {written}", text), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "briefing", "check", str(folder)], capture_output=True, text=True)
    assert result.returncode == 2 and "不是日历上的日期" in result.stderr and "内部错误" not in result.stderr
    assert f"edition.yaml:{line_of(edition, field + ':')}:" in result.stderr
