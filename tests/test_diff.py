"""briefing diff: what changed between two revisions, in reading order, marked phrase by phrase."""
import shutil
import subprocess
import sys

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
