"""Rebuilds you can trust: byte-identical PDFs, the date from the content, draft and final."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pdfplumber
from pypdf import PdfReader

from briefing import api, revision
from briefing.validate import load_edition

from test_content_errors import errors_of, replace

ROOT = Path(__file__).resolve().parent.parent
FILLED = {"{待定：榕科〔2023〕×号}": "榕科〔2023〕5号", '"{待定：××××年×月×日}"       # 成文日期': "2023年2月6日  # 成文日期",
          '"{待定：××××年×月×日}" # 印发日期': "2023年2月7日", '"{待定：××××}"            # 印发机关': "福州市科学技术局办公室",
          '  - "{待定：××××}"\n\nbody': "  - 各县（市）区科技局\n\nbody", '  - "{待定：××××}"\nprinter': "  - 市政府办公厅\nprinter"}


def final(content: Path) -> Path:
    edition = content / "edition.yaml"
    for old, new in FILLED.items():
        replace(edition, old, new)
    replace(edition, "status: draft", "status: final")
    plan = content / "plan-2023.yaml"  # the task table's 牵头单位
    plan.write_text(plan.read_text(encoding="utf-8").replace('"{待定：牵头单位}"', "市科技局"), encoding="utf-8")
    return content


def info(pdf: Path):
    return PdfReader(str(pdf)).metadata


def test_byte_identical_from_two_folders_in_two_processes(tmp_path):
    """Another process, another working directory, another hash seed and time zone: same bytes."""
    outputs = []
    for n in (1, 2):
        folder = tmp_path / f"clone{n}" / "content"
        shutil.copytree(ROOT / "content", folder)
        target = tmp_path / f"{n}.pdf"
        env = {"PYTHONHASHSEED": str(n), "PATH": os.environ["PATH"], "TZ": ("UTC", "Asia/Shanghai")[n - 1]}
        subprocess.run([sys.executable, "-m", "briefing", "build", "content", "-o", str(target)], check=True,
                       cwd=folder.parent, capture_output=True, env=env)
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]


def test_creation_date_comes_from_the_content(content, tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    pdf = api.build(final(content), tmp_path / "a.pdf").path
    assert info(pdf)["/CreationDate"] == "D:20230206000000+08'00'"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    pdf = api.build(content, tmp_path / "b.pdf").path
    assert info(pdf)["/CreationDate"] == "D:20231114221320+00'00'"


def test_draft_is_marked_on_every_page_and_in_the_metadata(built):
    with pdfplumber.open(str(built)) as pdf:
        heads = [page.crop((0, 0, page.width, 37 * 72 / 25.4)).extract_text() or "" for page in pdf.pages]
    assert all("征求意见稿（第1稿）" in head for head in heads), heads
    edition, _ = load_edition(ROOT / "content")
    keywords = info(built)["/Keywords"]
    assert "第1稿" in keywords and "征求意见稿" in keywords
    assert f"content-sha256:{revision.content_hash(edition)}" in keywords


def test_final_refuses_placeholders(content):
    replace(content / "edition.yaml", "status: draft", "status: final")
    problems = errors_of(content)
    assert len(problems) == 6 + 13 and all("待定内容" in p.message for p in problems)  # edition + task table
    result = subprocess.run([sys.executable, "-m", "briefing", "build", str(content)], capture_output=True, text=True)
    assert result.returncode == 2 and "edition.yaml:" in result.stderr


def test_final_has_no_draft_mark(content, tmp_path):
    pdf = api.build(final(content), tmp_path / "final.pdf").path
    with pdfplumber.open(str(pdf)) as document:
        assert not any("征求意见稿" in (page.extract_text() or "") for page in document.pages)
    assert "定稿" in info(pdf)["/Keywords"] and "征求意见稿" not in info(pdf)["/Keywords"]


def test_content_hash_follows_every_file_but_not_the_folder(content, tmp_path):
    edition, _ = load_edition(content)
    moved = tmp_path / "elsewhere" / "content"
    shutil.copytree(content, moved)
    assert revision.content_hash(load_edition(moved)[0]) == revision.content_hash(edition)
    replace(content / "figures.yaml", "value: 628", "value: 629")
    assert revision.content_hash(load_edition(content)[0]) != revision.content_hash(edition)
    assert {p.name for p, _ in edition.sources} == {"edition.yaml", "attachment.yaml", "figures.yaml",
                                                 "summary-2022.yaml", "plan-2023.yaml"}


def test_unknown_status_is_an_error(content):
    replace(content / "edition.yaml", "status: draft", "status: 完成")
    (problem,) = errors_of(content)
    assert "status" in problem.message and "final" in problem.hint
