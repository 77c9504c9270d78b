"""The editable DOCX (issue 15), read back by programs that are not ours: python-docx and
fontTools here, LibreOffice (when installed) converting it to a PDF that `check --pdf` measures."""
import io
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from fontTools.ttLib import TTFont
from lxml import etree

from briefing import api
from briefing.conformance import measure, reading, text_lines
from briefing.errors import ContentError
from briefing.render.docx import LINE, TOP_MARGIN
from briefing.render.ooxml import obfuscate
from samples import paragraph, write_content
from test_pdf import assert_seed_in_order
from test_tables import task_table

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


@pytest.fixture(scope="session")
def default_docx(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("docx") / "edition.docx"
    api.build(CONTENT, target)  # the format from the suffix
    return target


def own_content(folder: Path) -> Path:
    """An education bureau's sealed, urgent notice with 签发人, 附注, a grouped task table and
    two attachments with headings: nothing like the seed."""
    from PIL import Image, ImageDraw
    write_content(folder, seal="seal.png", secrecy="秘密★1年", urgency="特急", signers=["李明", "王强"],
                  body=[paragraph(3), {"lead": "加强统筹协调。", "text": paragraph(4)}, paragraph(2)],
                  note="联系人：张华，电话：0591-87654321", attachments=["a1.yaml", "a2.yaml"])
    first = {"title": "2024年秋季学期开学工作检查要点", "body": [paragraph(2)],
             "sections": [{"heading": "校舍安全", "body": [paragraph(5), {"lead": "消防设施。", "text": paragraph(3)}]},
                          {"heading": "食品卫生", "sections": [{"heading": "食堂管理", "body": [paragraph(4)]},
                                                           {"heading": "饮用水", "body": [paragraph(2), task_table(12)]}]}]}
    (folder / "a1.yaml").write_text(yaml.safe_dump(first, allow_unicode=True), encoding="utf-8")
    (folder / "a2.yaml").write_text(yaml.safe_dump({"title": "各校联系人名单", "body": [paragraph(2)]},
                                                   allow_unicode=True), encoding="utf-8")
    seal = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    ImageDraw.Draw(seal).ellipse((8, 8, 392, 392), outline=(220, 0, 0, 255), width=14)
    seal.save(folder / "seal.png")
    return folder


@pytest.fixture(scope="session")
def own_docx(tmp_path_factory) -> Path:
    folder = own_content(tmp_path_factory.mktemp("own") / "c")
    target = folder.parent / "own.docx"
    api.build(folder, target)
    return target


def part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def all_text(path: Path) -> str:
    """Every w:t of the document in order, text boxes and tables included."""
    return "".join(node.text or "" for node in part(path, "word/document.xml").iter(f"{W}t"))


def test_every_seed_sentence_in_order(default_docx):
    assert_seed_in_order(re.sub(r"\s+", "", all_text(default_docx)).replace("“", "").replace("”", ""))


def test_python_docx_reads_the_headings_as_word_headings(default_docx):
    document = docx.Document(str(default_docx))
    headings = [(p.style.name.lower(), p.text) for p in document.paragraphs if p.style.name.lower().startswith("heading")]
    checked = api.check(CONTENT)
    expected = []

    def walk(blocks):
        for block in blocks:
            if getattr(block, "outline", None):
                expected.append((f"heading {block.level}", block.outline))
    for attachment in checked.document.attachments:
        walk(attachment.blocks)
    assert headings == expected and len(headings) > 10
    styles = part(default_docx, "word/styles.xml")
    for level in range(1, 5):  # the navigation pane lists paragraphs with an outline level
        style = styles.find(f"{W}style[@{W}styleId='Heading{level}']")
        assert style.find(f"{W}pPr/{W}outlineLvl").get(f"{W}val") == str(level - 1)


def test_page_setup_a4_margins_and_line_grid(default_docx):
    section = part(default_docx, "word/document.xml").find(f"{W}body/{W}sectPr")
    size, margins, grid = section.find(f"{W}pgSz"), section.find(f"{W}pgMar"), section.find(f"{W}docGrid")
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838")
    twips = {side: int(margins.get(f"{W}{side}")) for side in ("top", "bottom", "left", "right")}
    assert twips["left"] + twips["right"] + 8844 == pytest.approx(11906, abs=12)  # a 156 mm line, ±0.2 mm
    assert twips["top"] + twips["bottom"] + 22 * 579 == 16838  # exactly 22 lines of 28.95 pt
    assert (grid.get(f"{W}type"), grid.get(f"{W}linePitch")) == ("lines", "579")
    # every line's baseline 0.8 of its height down: the top margin puts line 1's on the grid
    assert TOP_MARGIN / 20 + 0.8 * LINE / 20 == pytest.approx(37 * 72 / 25.4 + 0.88 * 16, abs=0.05)


def test_page_numbers_are_page_fields_right_on_odd_left_on_even(default_docx):
    settings = part(default_docx, "word/settings.xml")
    assert settings.find(f"{W}evenAndOddHeaders") is not None
    rels = part(default_docx, "word/_rels/document.xml.rels")
    targets = {r.get("Id"): r.get("Target") for r in rels}
    section = part(default_docx, "word/document.xml").find(f"{W}body/{W}sectPr")
    footers = {ref.get(f"{W}type"): targets[ref.get("{http://schemas.openxmlformats.org/officeDocument/2006/"
                                                    "relationships}id")]
               for ref in section.findall(f"{W}footerReference")}
    for kind, side in (("default", "right"), ("even", "left")):
        footer = part(default_docx, f"word/{footers[kind]}")
        assert footer.find(f".//{W}fldSimple").get(f"{W}instr").strip() == "PAGE"
        assert footer.find(f".//{W}jc").get(f"{W}val") == side
        assert "".join(t.text for t in footer.iter(f"{W}t")) == "— 1 —"  # the field's cached value


def test_the_red_mark_and_rule_are_red_and_fixed_on_page_one(default_docx):
    body = part(default_docx, "word/document.xml")
    shapes = body.findall(".//{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}anchor")
    colours = {node.get("val") for node in body.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}srgbClr")}
    assert "FF3333" in colours  # the rule
    mark = [r for r in body.iter(f"{W}r") if "".join(t.text or "" for t in r.findall(f"{W}t")) == "福州市科学技术局文件"]
    assert mark and mark[0].find(f"{W}rPr/{W}color").get(f"{W}val") == "FF3333"
    assert len(shapes) >= 3  # the mark's and 发文字号's boxes and the rule, at least


def test_the_bundled_faces_are_embedded_under_office_names(default_docx):
    embedded = embedded_faces(default_docx)
    assert {"仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体", "宋体", "Times New Roman"} <= set(embedded)
    fang = embedded["仿宋_GB2312"]
    assert fang["name"].getDebugName(1).startswith("Fandol")
    text = all_text(default_docx)
    missing = {c for c in text if "\u4e00" <= c <= "\u9fff"} - {chr(c) for c in fang.getBestCmap()}
    assert len(missing) < 40  # the subset holds the body's characters (headings and titles use other faces)


def embedded_faces(path: Path) -> dict[str, TTFont]:
    """The embedded regular fonts, de-obfuscated, by their office names (no run asks for bold)."""
    table = part(path, "word/fontTable.xml")
    rels = {r.get("Id"): r.get("Target") for r in part(path, "word/_rels/fontTable.xml.rels")}
    embedded = {}
    with zipfile.ZipFile(path) as archive:
        for font in table.findall(f"{W}font"):
            for embed in font:
                if embed.tag == f"{W}embedRegular":
                    rid = embed.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
                    data = obfuscate(archive.read(f"word/{rels[rid]}"), embed.get(f"{W}fontKey"))  # (its own inverse)
                    embedded[font.get(f"{W}name")] = TTFont(io.BytesIO(data))
    return embedded


def test_every_chinese_face_holds_the_digits_and_marks_printed(tmp_path):
    """A word processor sets %, +, - or . between Chinese characters in the Chinese face
    (LibreOffice does): each embedded Chinese face has every such character the text prints."""
    body, title = "全年技术合同成交额增长54.31%，较上年+3.2个百分点，能耗下降-1.5%（约0.8万吨）。", "2024年指标完成情况（+12.5%）"
    folder = write_content(tmp_path / "c", body=[body], attachments=["a.yaml"])
    (folder / "a.yaml").write_text(yaml.safe_dump({"title": title, "body": [paragraph(1)]}, allow_unicode=True),
                                   encoding="utf-8")
    path = api.build(folder, tmp_path / "marks.docx").path
    marks = {c for c in body + title if c.isascii() and not c.isalpha()}
    for name in ("仿宋_GB2312", "方正小标宋简体", "黑体"):
        cmap = {chr(c) for c in embedded_faces(path)[name].getBestCmap()}
        assert marks <= cmap, (name, sorted(marks - cmap))


def test_the_same_document_gives_the_same_bytes(default_docx, tmp_path):
    again = tmp_path / "again.docx"
    api.build(CONTENT, again)
    assert again.read_bytes() == default_docx.read_bytes()
    with zipfile.ZipFile(again) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_a_failed_build_leaves_the_last_docx(content, tmp_path):
    target = tmp_path / "out.docx"
    api.build(content, target)
    before = target.read_bytes()
    (content / "edition.yaml").write_text((content / "edition.yaml").read_text(encoding="utf-8")
                                          .replace("title:", "title: [", 1), encoding="utf-8")
    with pytest.raises(ContentError):
        api.build(content, target)
    assert target.read_bytes() == before


def test_own_briefing_tables_seal_attachments(own_docx):
    body = part(own_docx, "word/document.xml")
    text = all_text(own_docx)
    for words in ("秘密★1年", "特急", "签发人：", "李明", "王强", "滨教〔2024〕17号", "2024年重点任务分解表",
                  "（联系人：张华，电话：0591-87654321）", "抄送：区委办公室，区政府办公室。", "2024年8月21日印发"):
        assert words in text
    header_rows = [row for row in body.iter(f"{W}tr") if row.find(f"{W}trPr/{W}tblHeader") is not None]
    assert [("".join(t.text for t in row.iter(f"{W}t"))) for row in header_rows] == ["领域任务牵头单位经费（万元）"]
    assert body.findall(f".//{W}vMerge[@{W}val='restart']")  # the grouped first column
    labels = [p for p in body.iter(f"{W}p") if p.find(f"{W}pPr/{W}pageBreakBefore") is not None]
    # each attachment starts a page; so does what the Book puts at the top of a page (test_docx_parity)
    assert [words for p in labels if (words := "".join(t.text for t in p.iter(f"{W}t"))).startswith("附件")] == [
        "附件1", "附件2"]
    pictures = body.findall(".//{http://schemas.openxmlformats.org/drawingml/2006/picture}pic")
    assert len(pictures) == 1  # the seal, anchored to the date's paragraph
    headings = [p.text for p in docx.Document(str(own_docx)).paragraphs if p.style.name.lower().startswith("heading")]
    assert headings == ["一、校舍安全", "二、食品卫生", "（一）食堂管理", "（二）饮用水"]


# --- LibreOffice, when installed: the converted PDF measured by our own checker ---------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_libreoffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
# What LibreOffice 7.4 does differently from Word, measured (see README): it reads w:overflowPunct
# the wrong way round (0, no hanging, makes it hang a closing full stop or comma past the right
# margin; its import maps the value to "hanging punctuation" = (value == 0)), breaks lines by its own
# rules (so a full line may hold 27 characters and its pages may differ from the PDF's). The 版记
# starts a section on an even page, so it lands on one whatever the reader's pages; but when the
# reader's text ends on a page the plan does not have, the blank page it adds before that section
# has no number while the 版记's page keeps the plan's.
# What LibreOffice does its own way: it compresses no punctuation, so its lines hold other
# characters (满行字数, 右边缘对齐, a mark past the edge) and a page may end a line short (满页行数).
READER_OWN = {"版心外的字", "满行字数", "右边缘对齐", "无页码的页", "版记末条线位置", "满页行数"}


# Every page LibreOffice lays out, the blank page it adds before a section that starts on an even
# page included (its PDF export leaves those out unless told).
EVERY_PAGE = 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}'


def converted(source: Path, folder: Path) -> Path:
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{folder}/profile", "--convert-to", EVERY_PAGE,
                    "--outdir", str(folder), str(source)], check=True, capture_output=True, timeout=300)
    return folder / (source.stem + ".pdf")


@needs_libreoffice
@pytest.mark.parametrize("name", ["default", "letter", "minutes", "order", "own"])
def test_libreoffice_converts_it_and_the_checker_passes(name, default_docx, own_docx, tmp_path):
    if name == "default":
        source = default_docx
    elif name == "own":
        source = own_docx
    else:
        source = tmp_path / f"{name}.docx"
        api.build(ROOT / "examples" / name, source)
    checks = measure(converted(source, tmp_path))
    failed = {c.name for c in checks if c.failed}
    assert failed <= READER_OWN, [c for c in checks if c.name in failed - READER_OWN]
    passed = {c.name for c in checks if c.ok}
    assert {"纸张尺寸", "正文行距", "正文字号", "页码位置与字号", "字体嵌入", "行首行尾禁则"} <= passed
    if name in ("default", "own"):
        assert {"红色分隔线长度", "分隔线距发文字号", "标题字号", "标题距分隔线", "发文机关标志上边缘",
                "版记分隔线粗细", "版记文字", "首页显示正文"} <= passed


def test_blank_pages_and_the_imprint_after_them_carry_no_number(tmp_path):
    """GB/T 9704 §7.5: a notice whose 版记 needs a blank page before it (its plan says so) ends in
    a section for the blank page and one for the 版记, whose footers hold no PAGE field."""
    target = tmp_path / "blank.docx"
    api.build(write_content(tmp_path / "c", body=[paragraph(15)]), target)
    body = part(target, "word/document.xml")
    sections = body.findall(f".//{W}pPr/{W}sectPr") + [body.find(f"{W}body/{W}sectPr")]
    assert len(sections) == 3
    rels = {r.get("Id"): r.get("Target") for r in part(target, "word/_rels/document.xml.rels")}
    rid = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    for section, numbered in zip(sections, (True, False, False)):
        for reference in section.findall(f"{W}footerReference"):
            footer = part(target, f"word/{rels[reference.get(rid)]}")
            assert (footer.find(f".//{W}fldSimple") is not None) == numbered
    if SOFFICE is not None:
        pdf = converted(target, tmp_path)
        assert "无页码的页" not in {c.name for c in measure(pdf) if c.failed}
        folios = [any(line.size == 14 and "—" in line.text for line in text_lines(page, page.number))
                  for page in reading.read(pdf, raster=False).pages]
        assert folios == [True, True, False, False]  # 2 numbered pages, a blank one, the 版记's


@pytest.mark.parametrize("which", ["default", "table on page 1", "letter"])
def test_each_rule_drawn_once(which, default_docx, tmp_path):
    """The red rule (a letter: its two double lines) on page 1 and the 版记's three rules (a
    letter's 版记 has none), once each: a table's rules are the table's borders, not shapes."""
    source = tmp_path / "out.docx"
    if which == "default":
        source = default_docx
    elif which == "letter":
        api.build(ROOT / "examples" / "letter", source)
    else:
        api.build(write_content(tmp_path / "c", body=[paragraph(1), task_table(3)]), source)
    with zipfile.ZipFile(source) as archive:
        shapes = archive.read("word/document.xml").decode("utf-8").count('<a:prstGeom prst="line">')
    assert shapes == 4


def test_the_command_says_the_reader_paginates(tmp_path):
    done = subprocess.run([sys.executable, "-m", "briefing", "build", "--format", "docx", "-o", str(tmp_path / "a.docx"),
                           str(CONTENT)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0 and "约 14 页，由打开它的软件分页" in done.stdout, done.stdout + done.stderr
