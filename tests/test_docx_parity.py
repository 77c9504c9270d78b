"""DOCX parity with the PDF (issue 24 §6): the 版记 in a section that starts on an even page,
page 1 set as close as the plan sets it, and, where LibreOffice is installed, its pages the
PDF's. Documents of a county agriculture bureau, nothing like the seed."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
import yaml
from lxml import etree

from briefing import api, geometry
from pagefill import plans_of
from briefing.metrics import FontMetrics
from briefing.pageplan import lay_out

from test_docx import converted, embedded_faces, needs_libreoffice

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ROOT = Path(__file__).resolve().parent.parent
BUREAU = {
    "issuer": "青溪县农业农村局", "mark": "青溪县农业农村局文件", "number": "青农〔2025〕31号",
    "recipients": ["县人民政府"], "date": "2025年6月12日", "cc": ["县发展改革局", "县财政局"],
    "printer": "青溪县农业农村局办公室", "print_date": "2025年6月13日", "status": "final",
}
SENTENCES = ["今年以来，我局按照县委、县政府部署，坚持建管并重，统筹推进高标准农田建设，全县新建高标准农田2.6万亩，"
             "完成年度任务的87.4%。",
             "各乡镇严格落实耕地保护责任，项目区灌排设施、田间道路和农田防护林网同步建设，亩均投入达到3150元。",
             "下一步，我们将加快推进剩余项目建设进度，强化工程质量监管，确保10月底前全面完成建设任务并组织验收。",
             "在资金管理方面，严格执行专账核算、专款专用，县级配套资金已足额拨付到位，未发现挤占挪用问题。"]


def text(sentences: int, start: int = 0) -> str:
    return "".join(SENTENCES[(start + n) % len(SENTENCES)] for n in range(sentences))


def write(folder: Path, **fields) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "edition.yaml").write_text(yaml.safe_dump({**BUREAU, **fields}, allow_unicode=True, sort_keys=False),
                                         encoding="utf-8")
    return folder


def close_fit(folder: Path) -> Path:
    """A notice a line too long for page 1 at the grid's pitch: the plan sets page 1 closer."""
    return write(folder, title="青溪县农业农村局关于开展2025年农田灌溉设施汛前检查的通知", recipients=["各乡镇人民政府"],
                 body=[text(1) + "项目区群众满意度调查" * 3, "特此通知。"], note="联系人：吴晓峰，电话：0596-7321456")


def long_note(folder: Path) -> Path:
    """Page 1 set closer with a 附注 of two lines."""
    return write(folder, title="青溪县农业农村局关于开展2025年农田灌溉设施汛前检查的通知", recipients=["各乡镇人民政府"],
                 body=[text(1), "特此通知。"],
                 note="联系人：吴晓峰，电话：0596-7321456；请各乡镇于6月20日前将检查情况报送县农业农村局农田建设管理股")


def after_blank(folder: Path) -> Path:
    """A notice whose text ends at the foot of page 2: a blank page 3, the 版记 on page 4."""
    return write(folder, title="青溪县农业农村局关于做好2025年夏季农业防灾减灾工作的通知",
                 recipients=["各乡镇人民政府", "县直有关单位"], body=[text(11), text(2, 3), "特此通知。"])


def odd_end(folder: Path) -> Path:
    """A report whose text ends on page 3 (odd): the 版记 alone on page 4."""
    return write(folder, title="青溪县农业农村局关于2025年上半年农业执法工作情况的报告",
                 body=[text(11), text(4, 2), "特此报告。"])  # (3 sentences: page 2 is set closer to take it all)


def shared(folder: Path) -> Path:
    """A report whose text ends at the top of page 2, the 版记 at its foot."""
    return write(folder, title="青溪县农业农村局关于2025年春耕生产情况的报告", body=[text(7), "特此报告。"])


def report(folder: Path) -> Path:
    """A 报告 with a progress table and its total row."""
    rows = [("城关镇", 3200, 2980), ("青石镇", 4100, 3650), ("柳溪乡", 2800, 2210), ("白沙镇", 3600, 3390),
            ("龙潭乡", 2500, 1870), ("云峰镇", 3900, 3620), ("石门乡", 2100, 1650), ("桃源镇", 3400, 3010),
            ("合计", 25600, 22380)]
    table = {"table": "2025年各乡镇高标准农田建设进度表", "header": ["乡镇", "任务（亩）", "已完成（亩）", "完成率（%）"],
             "rows": [[town, str(goal), str(done), f"{100 * done / goal:.1f}"] for town, goal, done in rows]}
    return write(folder, title="青溪县农业农村局关于2025年高标准农田建设进展情况的报告",
                 body=[text(2), {"lead": "一是资金保障有力。", "text": text(3, 1)}, table, text(3, 2),
                       {"lead": "二是质量监管到位。", "text": text(4, 3)}, text(2, 1), "特此报告。"])


def rare_names(folder: Path) -> Path:
    """Names with characters the bundled 仿宋, 黑体 and 小标宋 lack (喆, 堃, 昇, 珺) in the title, a
    paragraph's lead, the text, a table and the 附注."""
    table = {"table": "2025年农机购置补贴联络员名单", "header": ["乡镇", "联络员（喆）", "电话"],
             "rows": [["城关镇", "赵喆", "0596-7321001"], ["青石镇", "王堃", "0596-7321002"],
                      ["柳溪乡", "陈昇", "0596-7321003"]]}
    return write(folder, title="青溪县农业农村局关于确认赵喆等同志为农机购置补贴联络员的通知",
                 recipients=["各乡镇人民政府"],
                 body=[{"lead": "联络员（李珺）。", "text": "经研究，确认赵喆、王堃、陈昇、李珺等同志为联络员。"
                        + text(2)}, table, "特此通知。"],
                 note="联系人：李珺，电话：0596-7321456")


TOWNS = ["城关镇", "青石镇", "柳溪乡", "白沙镇", "龙潭乡", "云峰镇", "石门乡", "桃源镇", "双河镇", "金竹乡", "马鞍镇",
         "清水乡", "高坪镇", "凤凰乡", "长岭镇"]


def long_table(folder: Path) -> Path:
    """A 报告 of a water bureau whose 15-row table starts low on a page and goes on to the next."""
    rows = [[town, f"{12 + 3 * n}处", f"{(n * 37) % 90 + 40}万元", "已完工" if n % 3 else "主体完工，正在进行管网联调和水质检测"]
            for n, town in enumerate(TOWNS)]
    table = {"table": "2025年农村供水保障工程进度表", "header": ["乡镇", "工程数量", "完成投资", "进展情况"], "rows": rows}
    return write(folder, title="青溪县水利局关于2025年农村供水保障工程建设情况的报告", issuer="青溪县水利局",
                 mark="青溪县水利局文件", number="青水〔2025〕17号", printer="青溪县水利局办公室",
                 body=[text(6), {"lead": "一是工程建设加快推进。", "text": text(3, 1)}, table,
                       {"lead": "二是运行管护逐步规范。", "text": text(4, 2)}, text(2, 3), "特此报告。"])


def wide_letter(folder: Path) -> Path:
    """A 函 asking for data, with a 7-column table."""
    header = ["乡镇", "耕地面积（亩）", "高标准农田（亩）", "灌溉面积（亩）", "机耕道（公里）", "泵站（座）", "备注"]
    rows = [[town, str(21000 + 731 * n), str(12000 + 517 * n), str(9800 + 403 * n), f"{18 + n * 1.5:.1f}", str(3 + n % 4),
             "新建" if n % 2 else "改造"] for n, town in enumerate(TOWNS[:9])]
    return write(folder, format="信函", title="青溪县农业农村局关于提供2025年农田水利基础数据的函",
                 recipients=["县统计局"], mark="青溪县农业农村局", number="青农函〔2025〕9号",
                 body=[text(3), {"table": "2025年各乡镇农田水利基础数据", "header": header, "rows": rows}, text(1, 2),
                       "请予支持。"])


def summary(folder: Path) -> Path:
    """A 纪要 of a county office meeting with a long attendance list."""
    attendance = {"出席": [f"{name}（{post}）" for name, post in [
        ("周国强", "县人民政府副县长"), ("赵喆", "县农业农村局局长"), ("陈立新", "县自然资源和规划局副局长"),
        ("黄美玲", "县财政局副局长"), ("吴建平", "县水利局副局长"), ("林晓东", "县生态环境分局局长")]],
        "列席": ["各乡镇分管农业的负责同志"]}
    return write(folder, format="纪要", mark="青溪县人民政府办公室会议纪要", number="第12期", issuer="青溪县人民政府办公室",
                 title="研究2025年高标准农田建设有关问题的会议纪要", recipients=["各乡镇人民政府", "县直有关单位"],
                 body=[text(2), {"lead": "关于项目进度。", "text": text(5, 1)},
                       {"lead": "关于资金保障。", "text": text(4, 2)}, {"lead": "关于质量监管。", "text": text(6, 3)}],
                 attendance=attendance)


OWN = {"long table": long_table, "wide letter": wide_letter, "summary": summary, "close fit": close_fit, "long note": long_note, "after blank": after_blank, "odd end": odd_end, "shared": shared, "report": report,
       "rare names": rare_names}





def document_xml(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def sections(path: Path) -> list[etree._Element]:
    body = document_xml(path)
    return body.findall(f".//{W}pPr/{W}sectPr") + [body.find(f"{W}body/{W}sectPr")]


def start_type(section: etree._Element) -> str | None:
    kind = section.find(f"{W}type")
    return None if kind is None else kind.get(f"{W}val")


@pytest.mark.parametrize("make, blank", [(after_blank, True), (odd_end, False)])
def test_the_imprint_alone_starts_a_section_on_an_even_page(make, blank, tmp_path):
    folder = make(tmp_path / "c")
    pages = plans_of(folder)
    assert len(pages) == 4 and pages[2].blank is blank  # what the document is for
    path = api.build(folder, tmp_path / "out.docx").path
    found = sections(path)
    assert [start_type(section) for section in found] == [None] * (len(found) - 1) + ["evenPage"]
    assert len(found) == (3 if blank else 2)  # the text's pages, the blank page, the 版记's
    ending = found[-2].getparent().getparent()  # the paragraph closing the section before the 版记's
    last = "".join(t.text or "" for p in ending.itersiblings() for t in p.iter(f"{W}t"))
    assert "印发" in last and "特此" not in last  # the last section holds the 版记 and nothing else


def test_an_imprint_sharing_the_last_page_opens_no_section(tmp_path):
    folder = shared(tmp_path / "c")
    pages = plans_of(folder)
    assert len(pages) == 2 and any(line.role == "正文" for line in pages[1].texts())
    path = api.build(folder, tmp_path / "out.docx").path
    assert [start_type(section) for section in sections(path)] == [None]


def line_heights(path: Path) -> list[tuple[str, int | None]]:
    """(text, exact line height in twips) of each body paragraph outside text boxes and tables."""
    body = document_xml(path).find(f"{W}body")
    result = []
    for p in body.findall(f"{W}p"):
        spacing = p.find(f"{W}pPr/{W}spacing")
        height = int(spacing.get(f"{W}line")) if spacing is not None and spacing.get(f"{W}line") else None
        words = "".join(t.text or "" for t in p.iter(f"{W}t") if not any(
            a.tag == f"{W}txbxContent" for a in t.iterancestors()))
        if words:
            result.append((words, height))
    return result


def test_page_one_set_closer_carries_the_plans_pitch(tmp_path):
    folder = close_fit(tmp_path / "c")
    first = plans_of(folder)[0]
    baselines = sorted({round(line.runs[0].y, 3) for line in first.texts() if line.role in ("主送机关", "正文", "成文日期")})
    pitch = min(b - a for a, b in zip(baselines, baselines[1:]))
    assert pitch < 28.9 and any(line.role == "成文日期" for line in first.texts())  # the plan fits page 1
    heights = line_heights(api.build(folder, tmp_path / "out.docx").path)
    for words in ("各乡镇人民政府：", text(1)[:10], "特此通知。", "青溪县农业农村局", "2025年6月12日"):
        height = next(h for t, h in heights if t == words or t.startswith(words) and len(words) == 10)
        assert height is not None and int(pitch * 20) - 1 <= height <= pitch * 20, (words, height, pitch)


def test_a_closing_line_wrapped_on_a_closer_page_one_stays_one_paragraph(tmp_path):
    folder = long_note(tmp_path / "c")
    first = plans_of(folder)[0]
    wrapped = [line.text for line in first.texts() if line.role == "附注"]
    assert len(wrapped) == 2  # what the document is for
    heights = line_heights(api.build(folder, tmp_path / "out.docx").path)
    note = [(words, height) for words, height in heights if "联系人" in words]
    assert [words for words, _ in note] == ["".join(wrapped)] and note[0][1] < 579


def test_a_notice_on_the_grid_keeps_the_grid_line(tmp_path):
    heights = line_heights(api.build(odd_end(tmp_path / "c"), tmp_path / "out.docx").path)
    assert all(height in (None, 579) for words, height in heights if "印发" not in words), heights


# --- LibreOffice: its pages are the PDF's, the 版记 on the last page, an even one -------------

def pdf_pages(path: Path) -> list[str]:
    import pdfplumber
    with pdfplumber.open(str(path)) as document:
        return [page.extract_text() or "" for page in document.pages]


@needs_libreoffice
@pytest.mark.parametrize("name", ["default", "long table", "wide letter", "summary", "close fit", "long note",
                                  "after blank", "odd end", "shared", "report", "rare names", "letter", "minutes", "order",
                                  "flood", "meeting", "standing", "urgent"])
def test_libreoffice_paginates_as_the_plan(name, tmp_path):
    """Also on pages the Book sets closer (flood, meeting: §7.3.5.5), whose paragraphs get that
    pitch as their exact line height: at the grid's LibreOffice made 6 and 5 pages of their 4;
    and where a 纪要's 28 attendees run on from one page to the next (standing): kept together
    with the 署名 in the file, they took a page more; and a 请示 whose paragraph runs from a page
    on the grid onto one set closer (urgent: it takes the closer pitch all along)."""
    folder = (ROOT / "content" if name == "default" else ROOT / "examples" / name
              if name in ("letter", "minutes", "order") else ROOT / "tests" / "data" / "pages" / name
              if name in ("flood", "meeting", "standing", "urgent") else OWN[name](tmp_path / "c"))
    pdf = api.build(folder, tmp_path / "plan.pdf").path
    docx = api.build(folder, tmp_path / "edition.docx").path
    # LibreOffice's PDF export leaves out the blank page it adds before an even-page section; the
    # plan's own blank page is a page of the file, so the export holds every page the plan has.
    ours, theirs = pdf_pages(pdf), pdf_pages(converted(docx, tmp_path))
    assert len(theirs) == len(ours)
    if name not in ("letter", "wide letter"):
        assert "印发" in re.sub(r"\s", "", theirs[-1]) and len(theirs) % 2 == 0
    assert ["成文日期" for page in theirs[:1] if "2025年6月12日" in re.sub(r"\s", "", page)] == (
        ["成文日期"] if name in ("close fit", "long note") else [])  # the notice's closing stays on page 1



# --- fonts: every character a run asks of a face is in that face's embedded subset -----------

def asked_characters(path: Path) -> dict[str, set[str]]:
    """The characters each run of the document and its footers asks of each face: an ASCII letter
    of its Latin face (w:ascii), any other character of its East Asian face (w:eastAsia); a run
    without rFonts takes its paragraph style's faces, else the document's defaults."""
    with zipfile.ZipFile(path) as archive:
        styles = etree.fromstring(archive.read("word/styles.xml"))
        parts = [etree.fromstring(archive.read(name)) for name in archive.namelist()
                 if re.fullmatch(r"word/(document|footer\w*|header\w*)\.xml", name)]

    def faces(rpr, inherited):
        found = rpr.find(f"{W}rFonts") if rpr is not None else None
        return inherited if found is None else (found.get(f"{W}ascii"), found.get(f"{W}eastAsia"))

    default = faces(styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr"), None)
    by_style = {style.get(f"{W}styleId"): faces(style.find(f"{W}rPr"), default) for style in styles.findall(f"{W}style")}
    asked: dict[str, set[str]] = {}
    for root in parts:
        for p in root.iter(f"{W}p"):
            style = p.find(f"{W}pPr/{W}pStyle")
            inherited = by_style[style.get(f"{W}val") if style is not None else "Normal"]
            for r in p.iter(f"{W}r"):
                if next(r.iterancestors(f"{W}p")) is not p:
                    continue  # (a text box's paragraph, met on its own)
                latin, east = faces(r.find(f"{W}rPr"), inherited)
                for c in "".join(t.text or "" for t in r.findall(f"{W}t")):
                    if not c.isspace():
                        asked.setdefault(latin if c.isascii() and c.isalpha() else east, set()).add(c)
    return asked


@pytest.mark.parametrize("source", ["rare names", "content"])
def test_every_character_a_run_asks_for_is_in_that_face(source, tmp_path):
    folder = rare_names(tmp_path / "c") if source == "rare names" else ROOT / "content"
    path = api.build(folder, tmp_path / "out.docx").path
    asked = asked_characters(path)
    if source == "rare names":
        assert {"喆", "堃", "昇", "珺"} <= asked["AR PL UMing CN"]
    faces = embedded_faces(path)
    for name, characters in asked.items():
        assert name in faces, name
        cmap = {chr(code) for code in faces[name].getBestCmap()}
        assert characters <= cmap, (name, "".join(sorted(characters - cmap)))


def test_paragraphs_split_as_the_plan_splits_them(tmp_path):
    """Widow control (two lines or more on each page, as paginate splits a paragraph) for every
    paragraph. (Not "keep with next" on the notice's last paragraph: LibreOffice then moves the
    whole of a long one to the next page, leaving page 1 without text.)"""
    path = api.build(shared(tmp_path / "c"), tmp_path / "out.docx").path
    with zipfile.ZipFile(path) as archive:
        styles = etree.fromstring(archive.read("word/styles.xml"))
    assert styles.find(f"{W}docDefaults/{W}pPrDefault/{W}pPr/{W}widowControl") is not None


@pytest.mark.parametrize("name", ["default", "long table"])
def test_a_paragraph_or_table_opening_a_page_of_the_book_starts_one(name, tmp_path):
    """The Book's page breaks are carried into the file: the paragraphs set "page break before"
    are the attachments' labels and those whose first line the Book sets at the top of a page."""
    folder = ROOT / "content" if name == "default" else OWN[name](tmp_path / "c")
    pages = plans_of(folder)
    top = geometry.GRID.baseline(1)
    opening = []
    for page in pages[1:]:
        lines = sorted((line for line in page.texts() if line.runs and line.role in ("正文", "表格", "附件")),
                       key=lambda line: -line.runs[0].y)
        if lines and abs(lines[0].runs[0].y - top) < 0.5:
            opening.append(lines[0].text)
    body = document_xml(api.build(folder, tmp_path / "out.docx").path)
    paragraphs = [("".join(t.text or "" for t in p.iter(f"{W}t")).replace("　", ""),
                   p.find(f"{W}pPr/{W}pageBreakBefore") is not None) for p in body.iter(f"{W}p")]
    # (a page the Book starts inside a paragraph or a table goes on from the page before)
    starts = [line.replace("　", "") for line in opening]
    starts = [line for line in starts if any(words.startswith(line) for words, _ in paragraphs)]
    broken = [words for words, breaks in paragraphs if breaks]
    assert len(broken) == len(starts) and (name != "default" or len(starts) >= 4)
    for words, line in zip(broken, starts):
        assert words.startswith(line), (words[:20], line)


def tall_row(folder: Path) -> Path:
    """A 报告 whose table has one row of a long remark (more than six lines in its column)."""
    rows = [[town, "已完工"] for town in TOWNS[:4]]
    rows.insert(2, ["柳溪乡", text(3)])
    table = {"table": "2025年农村供水保障工程问题清单", "header": ["乡镇", "存在问题及整改情况"], "rows": rows,
             "widths": [1, 4]}
    return write(folder, title="青溪县水利局关于农村供水保障工程问题整改情况的报告", body=[text(2), table, "特此报告。"])


def test_table_rows_split_where_the_book_may_split_them(tmp_path):
    folder = tall_row(tmp_path / "c")
    checked = api.check(folder)
    book = lay_out(checked.document, FontMetrics(checked.fonts))
    (figure,) = {id(placed.figure): placed.figure for placed in book.figures}.values()
    assert max(figure.heights) >= 6 and figure.heights.count(1) == 4  # what the document is for
    body = document_xml(api.build(folder, tmp_path / "out.docx").path)
    rows = body.findall(f".//{W}tbl/{W}tr")
    header = [row for row in rows if row.find(f"{W}trPr/{W}tblHeader") is not None]
    assert len(header) == 1 and rows[0] is header[0]  # repeated at the top of each page
    whole = [row.find(f"{W}trPr/{W}cantSplit") is not None for row in rows[1:]]
    assert whole == [height < 6 for height in figure.heights]


def test_the_docx_writer_lays_no_figure_out_again(tmp_path, monkeypatch):
    """Issue 23: the DOCX takes the figures the Book laid out (the PDF draws the same ones)."""
    from briefing.pageplan import figures, table
    from briefing.render.docx import write_docx

    checked = api.check(ROOT / "content")
    book = lay_out(checked.document, FontMetrics(checked.fonts))
    assert {type(placed.figure).__name__ for placed in book.figures} >= {"TableFigure", "ChartFigure", "PanelFigure",
                                                                          "CardRowFigure"}

    def refused(*args, **kwargs):
        raise AssertionError("laid out again")

    for cls in (table.TableFigure, figures.ChartFigure, figures.CardRowFigure, figures.PanelFigure, figures.ImageFigure):
        monkeypatch.setattr(cls, "__init__", refused)
    write_docx(checked.document, book, checked.fonts, tmp_path / "out.docx")
    assert zipfile.is_zipfile(tmp_path / "out.docx")
