"""`check --pdf` on PDFs briefing did not make (issue 25 §3): other tools' 公文 with other
layouts and slips, Typst's and LibreOffice's, damaged files, bombs, encrypted files, files that
are no PDF. It never ends in an internal error (exit 1); a file it cannot read is refused in
Chinese (exit 2); a check with nothing to measure says 未测 and does not pass."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st
from PIL import Image
from pypdf import PdfReader, PdfWriter
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from briefing import api
from briefing.cli import main
from briefing.conformance import measure, reading, report
from briefing.errors import ContentError

import foreign
from foreign import Office
from samples import NOTICE, paragraph, write_content

ROOT = Path(__file__).resolve().parent.parent


def checks_of(path: Path) -> dict:
    return {c.name: c for c in measure(path)}


def failed(path: Path) -> set[str]:
    return {c.name for c in measure(path) if c.failed}


def test_a_plain_foreign_notice_is_measured(tmp_path):
    """Another tool's notice: what it does the standard's way passes; its naive lines (not
    justified: each line filled char by char, pushed-down lines short of the edge) fail."""
    checks = checks_of(foreign.write(tmp_path / "f.pdf", Office()))
    assert {n for n, c in checks.items() if c.failed} == {"右边缘对齐"}
    assert checks["满页行数"].ok is None  # one page of body after page 1's: nothing flows on


def test_a_number_set_at_15_pt_is_measured_where_it_stands(tmp_path):
    checks = checks_of(foreign.write(tmp_path / "f.pdf", Office(number_size=15)))
    number = checks["分隔线距发文字号"]
    assert number.ok and "15 pt" in number.measured and "江农发〔2025〕9号" in number.measured


def test_other_paper_and_another_pitch_fail_their_checks(tmp_path):
    letter = foreign.write(tmp_path / "letter.pdf", Office(paper=(8.5 * 72, 11 * 72)))
    assert "纸张尺寸" in failed(letter)
    tight = foreign.write(tmp_path / "tight.pdf", Office(pitch=27.5))
    assert "正文行距" in failed(tight)


def test_the_first_page_text_is_counted_in_lines(tmp_path):
    """Page 1 of the foreign notice holds 8 lines of text under its 主送 (counted by eye on
    the rendered page); a notice of one paragraph line shows 1."""
    assert checks_of(foreign.write(tmp_path / "f.pdf", Office()))["首页显示正文"].measured.startswith("8 行")
    one = Office(paragraphs=["特此通知。"])
    shown = checks_of(foreign.write(tmp_path / "one.pdf", one))["首页显示正文"]
    assert shown.ok and shown.measured.startswith("1 行")


TASKS = [["序号", "任务", "责任单位"], ["1", "完成春播面积核实和种子调运（大豆玉米）", "各乡镇"]]


def test_a_table_cell_line_opening_with_a_closing_bracket_fails(tmp_path):
    """A naive table breaks each cell's text at 11 characters: “春播面积核实（大豆玉米” / “）”
    in the last column, beside “完成春播面积核实和种子” / “调运” in the one before it. The
    line rules are measured in every cell line (the row “调运 … ）” is two cell lines)."""
    cell = "春播面积核实（大豆玉米）"
    assert cell.index("）") == 11  # the break falls right before it
    rows = [TASKS[0], ["1", "完成春播面积核实和种子调运", cell]]
    rule = checks_of(foreign.write(tmp_path / "bad.pdf", Office(table=rows)))["行首行尾禁则"]
    assert rule.failed and "“）”" in rule.measured
    fine = [TASKS[0], ["1", "完成春播面积核实和种子调运", "春播面积核实大豆玉米种植"]]
    assert checks_of(foreign.write(tmp_path / "fine.pdf", Office(table=fine)))["行首行尾禁则"].ok


def test_a_table_above_an_imprint_without_cc_is_not_the_imprint(tmp_path):
    """A 函 with a table of tasks on its last page and no 抄送: the 版记 is its 印发 line and
    the two rules round it; the table's rules and cells are not read as the 版记."""
    checks = checks_of(foreign.write(tmp_path / "f.pdf", Office(table=TASKS * 3, cc=None)))
    for name in ("版记末条线位置", "版记分隔线粗细", "版记文字"):
        assert checks[name].ok, checks[name]
    assert checks["版记文字"].measured.startswith("1 行")


def test_a_notice_without_imprint_fails_that_check(tmp_path):
    checks = checks_of(foreign.write(tmp_path / "f.pdf", Office(cc=None, printer=None)))
    assert checks["版记"].failed and "未找到" in checks["版记"].measured


def test_nothing_measured_is_reported_apart_and_never_passes(tmp_path):
    """Short paragraphs: no full line to count, no justified line: those checks say 未测 with
    the reason; the summary counts them apart and the exit code is not made worse by them."""
    short = Office(paragraphs=["现将有关事项通知如下。", "请遵照执行。"] * 12)  # (two pages: the 版记 on page 2)
    path = foreign.write(tmp_path / "f.pdf", short)
    checks = checks_of(path)
    for name in ("满行字数", "右边缘对齐", "字间距"):
        assert checks[name].ok is None and checks[name].measured, name
    text = report(list(checks.values()))
    assert "未测  满行字数（§5.2.3）：没有纯汉字的满行" in text
    assert f"未测 {sum(c.ok is None for c in checks.values())} 项" in text.splitlines()[-1]
    result = CliRunner().invoke(main, ["check", "--pdf", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert '"unmeasured": ' in result.output and '"ok": null' in result.output


def run_check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "briefing", "check", "--pdf", str(path)],
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def small_pdf(tmp_path_factory) -> Path:
    folder = write_content(tmp_path_factory.mktemp("small") / "c", body=[paragraph(3), paragraph(2)])
    return api.build(folder, folder.parent / "small.pdf").path


@pytest.mark.parametrize("how", ["truncated", "zeroed", "no-xref"])
def test_a_damaged_file_is_refused_or_measured_never_an_internal_error(small_pdf, tmp_path, how):
    done = run_check(foreign.damaged(small_pdf, tmp_path / "d.pdf", how))
    assert done.returncode in (0, 2) and "内部错误" not in done.stderr and "Traceback" not in done.stderr
    if done.returncode == 2 and not done.stdout:
        assert "无法检查" in done.stderr


def test_files_that_are_no_pdf_or_are_encrypted_are_refused(small_pdf, tmp_path):
    text = tmp_path / "notes.pdf"
    text.write_text("会议纪要草稿", encoding="utf-8")
    writer = PdfWriter(clone_from=PdfReader(str(small_pdf)))
    writer.encrypt("2025", algorithm="AES-128")
    locked = tmp_path / "locked.pdf"
    writer.write(str(locked))
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    scan = tmp_path / "scan.pdf"  # a scanned notice: a picture of a page, no text
    page = canvas.Canvas(str(scan))
    page.drawImage(ImageReader(Image.new("RGB", (210, 297), "white")), 0, 0, 595, 842)
    page.save()
    for path, why in ((text, "不是 PDF 文件"), (locked, "已加密"), (empty, "不是 PDF 文件"),
                      (scan, "没有可读取的文字（可能是扫描件或图片）")):
        done = run_check(path)
        assert done.returncode == 2 and why in done.stderr, done.stderr


def test_a_decompression_bomb_is_refused_quickly(tmp_path):
    """1.5 MB whose page inflates to 1.5 GB: refused by the stream bound before anything reads it."""
    bomb = foreign.bomb(tmp_path / "bomb.pdf", 1_500_000_000)
    assert bomb.stat().st_size < 3_000_000
    with pytest.raises(ContentError) as refused:
        measure(bomb)
    assert "超过 75 MB（可能是压缩炸弹）" in refused.value.problems[0].message


def test_memory_and_time_are_bounded_whatever_the_reader_does(tmp_path, monkeypatch):
    """A page within the stream bound (60 MB of drawing) that needs more memory than allowed,
    or more CPU time: the measuring process is stopped and the file refused."""
    heavy = foreign.bomb(tmp_path / "heavy.pdf", 60_000_000)
    monkeypatch.setattr(reading, "MEMORY", 40 << 20)
    with pytest.raises(ContentError) as refused:
        measure(heavy)
    assert "超过 40 MiB 内存" in refused.value.problems[0].message
    monkeypatch.setattr(reading, "MEMORY", 4 << 30)
    monkeypatch.setattr(reading, "CPU_SECONDS", 1)
    with pytest.raises(ContentError) as refused:
        measure(foreign.bomb(tmp_path / "slow.pdf", 20_000_000))
    assert "测量超过 1 秒" in refused.value.problems[0].message


def test_a_reader_that_waits_or_crashes_is_stopped(tmp_path, monkeypatch):
    """The bounds hold whatever the reading does: a process that waits without using CPU is
    stopped at the wall-clock bound, one that crashes (pdfium on a damaged file) is a refusal."""
    monkeypatch.setattr(reading, "WALL_SECONDS", 1)
    with pytest.raises(ContentError) as refused:
        reading.bounded(tmp_path / "a.pdf", lambda path: time.sleep(30))
    assert "测量 1 秒仍未结束" in refused.value.problems[0].message
    monkeypatch.setattr(reading, "WALL_SECONDS", 60)
    with pytest.raises(ContentError) as refused:
        reading.bounded(tmp_path / "a.pdf", lambda path: os.kill(os.getpid(), signal.SIGSEGV))
    assert "已损坏（读取程序异常退出）" in refused.value.problems[0].message


EXAMPLES = 12 if os.environ.get("HYPOTHESIS_PROFILE", "default") == "default" else 400


@settings(max_examples=EXAMPLES)
@given(flips=st.lists(st.tuples(st.integers(0, 2**31), st.integers(0, 7)), min_size=1, max_size=24))
def test_flipped_bits_never_end_in_an_internal_error(small_pdf, tmp_path_factory, flips):
    data = bytearray(small_pdf.read_bytes())
    for where, bit in flips:
        data[where % len(data)] ^= 1 << bit
    path = tmp_path_factory.mktemp("flipped") / "f.pdf"
    path.write_bytes(bytes(data))
    result = CliRunner().invoke(main, ["check", "--pdf", str(path)])
    assert result.exit_code in (0, 2), result.output


TYPST_NOTICE = r"""
#set page(paper: "a4", margin: (top: 37mm, bottom: 35mm, left: 28mm, right: 26mm),
  footer-descent: 7mm, footer: context {
    let n = counter(page).get().first()
    set text(font: "FandolSong", size: 14pt)
    if calc.odd(n) { align(right, [— #n —#h(14pt)]) } else { align(left, [#h(14pt)— #n —]) } })
#set text(font: ("Liberation Serif", "FandolFang"), size: 16pt, lang: "zh", top-edge: 1em, bottom-edge: "baseline",
  tracking: 156mm / 28 - 16pt)
#set par(justify: true, first-line-indent: (amount: 2 * 156mm / 28, all: true), leading: 12.95pt, spacing: 12.95pt)
#v(35mm - 1em)
#align(center, text(font: "FandolSong", weight: "bold", size: 30pt, fill: rgb("#E60000"), tracking: 0pt)[临江市市场监督管理局文件])
#v(2 * 28.95pt)
#align(center, text(size: 15pt)[临市监〔2025〕21号])
#v(4mm)
#line(length: 100%, stroke: 1pt + rgb("#E60000"))
#v(2 * 28.95pt - 1em)
#align(center, text(font: "FandolSong", weight: "bold", size: 22pt, tracking: 0pt)[关于开展食品安全专项检查的通知])
#v(28.95pt)
#par(first-line-indent: 0pt)[各县（市、区）市场监督管理局：]
#for n in range(6) [
  为切实保障节日期间食品安全，市局决定在全市范围内开展食品安全专项检查，重点检查农贸市场、大型超市和学校食堂的食品进货查验记录、索证索票和食品贮存情况，发现问题立即督促整改。

]
"""


def test_a_typst_notice_is_measured(tmp_path):
    typst = pytest.importorskip("typst", reason="Typst (pip install typst) is not installed")
    source = tmp_path / "notice.typ"
    source.write_text(TYPST_NOTICE, encoding="utf-8")
    target = tmp_path / "notice.pdf"
    typst.compile(str(source), output=str(target), font_paths=[str(ROOT / "fonts")], ignore_system_fonts=True)
    checks = checks_of(target)
    measured = {n for n, c in checks.items() if c.ok is not None}
    assert {"红色分隔线长度", "分隔线距发文字号", "标题字号", "正文行距", "行首行尾禁则", "页码字形"} <= measured
    assert checks["标题字号"].ok and checks["红色分隔线长度"].ok and "15 pt" in checks["分隔线距发文字号"].measured
    assert checks["版记"].failed  # it has none


SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def letter_with_attachment_tables(folder: Path, form: str) -> Path:
    """A 函 with two attachments that are tables, and no 抄送."""
    table = {"table": "2025年食品安全抽检任务表", "header": ["批次", "品种", "抽检单位"],
             "rows": [[f"第{n}批", "粮食加工品、食用油、肉制品", "市食品检验所"] for n in range(1, 9)]}
    edition = {key: value for key, value in NOTICE.items() if key != "cc"}
    edition.update(issuer="临江市市场监督管理局", mark="临江市市场监督管理局" + ("" if form == "信函" else "文件"),
                   number="临市监函〔2025〕3号", title="临江市市场监督管理局关于商请协助开展食品抽检的函",
                   recipients=["市农业农村局"], body=[paragraph(2), "特此函商，请予支持。"],
                   attachments=["a1.yaml", "a2.yaml"], **({"format": "信函"} if form == "信函" else {}))
    folder.mkdir(parents=True)
    (folder / "edition.yaml").write_text(yaml.safe_dump(edition, allow_unicode=True), encoding="utf-8")
    for name, title in (("a1.yaml", "第一季度抽检任务"), ("a2.yaml", "第二季度抽检任务")):
        attachment = {"title": title, "body": [table]}
        (folder / name).write_text(yaml.safe_dump(attachment, allow_unicode=True), encoding="utf-8")
    return folder


@pytest.mark.parametrize("form", ["文件", "信函"])
def test_a_letter_with_attachment_tables_and_no_cc_passes_its_imprint(tmp_path, form):
    pdf = api.build(letter_with_attachment_tables(tmp_path / "c", form), tmp_path / "letter.pdf").path
    assert failed(pdf) == set()


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed: no PDF of our DOCX to read")
@pytest.mark.parametrize("form", ["文件", "信函"])
def test_libreoffice_letter_with_attachment_tables_passes_its_imprint(tmp_path, form):
    """The same 函 as our DOCX converted by LibreOffice: the tables on the 版记's page are not
    its 版记."""
    docx = api.build(letter_with_attachment_tables(tmp_path / "c", form), tmp_path / "letter.docx").path
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(docx)], check=True, capture_output=True, timeout=300)
    checks = checks_of(tmp_path / "letter.pdf")
    names = ["版记（信函）"] if form == "信函" else ["版记文字", "版记分隔线粗细"]
    assert all(checks[name].ok for name in names), [checks[name] for name in names]
